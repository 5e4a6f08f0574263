/* Decodes a still image file (PNG, JPEG, WebP, and anything else FFmpeg's
 * image decoders read) into cairo's pixel layout: premultiplied ARGB32
 * (BGRA bytes on little-endian), stride = width * 4. */
#ifndef REEL_IMAGE_DECODE_H
#define REEL_IMAGE_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef struct decoded_image {
    int width, height, stride;
    uint8_t *pixels;          /* malloc'd, owned */
} decoded_image;

/* Largest accepted image side, in pixels. */
#define IMAGE_MAX_SIDE 16384

/* Decodes the first frame of path. On failure returns a negative value and
 * writes a message naming the problem ("not an image FFmpeg can decode",
 * "image is 0x0", "truncated or corrupt image data") to err. */
int image_decode_file(const char *path, decoded_image *out, char *err, size_t errsize);

void decoded_image_free(decoded_image *img);

#endif

/* Turning a picture upright by the rotation its container declares (phones
 * record sideways and tag the file). Whole pixels only, so it is exact. */
#ifndef REEL_BGRA_ROTATE_H
#define REEL_BGRA_ROTATE_H

#include <stdint.h>

/* The size of a w x h picture turned by degrees (0, 90, 180 or 270). */
void bgra_rotated_size(int w, int h, int degrees, int *out_w, int *out_h);

/* Writes the w x h BGRA picture src turned degrees clockwise (90, 180 or 270)
 * into dst, whose size is bgra_rotated_size's. */
void bgra_rotate(const uint8_t *src, int src_stride, int w, int h, int degrees, uint8_t *dst, int dst_stride);

#endif

/* A GIF palette computed from the video: colors are collected from sample
 * frames, then split into at most 256 boxes by median cut. Deterministic:
 * the result depends only on the pixels added and their order. */
#ifndef REEL_PALETTE_H
#define REEL_PALETTE_H

#include <stdbool.h>
#include <stdint.h>

#include "media/frame_convert.h"

typedef struct palette_builder palette_builder;

palette_builder *palette_builder_new(void);
/* Adds a BGRA (premultiplied) frame's pixels to the histogram. */
void palette_builder_add(palette_builder *b, const uint8_t *bgra, int stride, int w, int h);
/* Builds the palette: up to max_colors (2..256) entries; with_transparency
 * reserves index 0 for pixels whose alpha is below 128. */
void palette_builder_build(const palette_builder *b, int max_colors, bool with_transparency, palette *out);
void palette_builder_free(palette_builder **b);

#endif

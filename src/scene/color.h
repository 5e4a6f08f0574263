/* Colors as scenes write them: "#RGB", "#RGBA", "#RRGGBB", "#RRGGBBAA",
 * "rgb(r, g, b)", "rgba(r, g, b, a)" (r, g, b as 0-255 numbers or percentages,
 * a as 0-1 or a percentage), "transparent", and the CSS basic named colors.
 * Values are sRGB, not premultiplied. */
#ifndef REEL_COLOR_H
#define REEL_COLOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rgba {
    double r, g, b, a;      /* 0..1 each */
} rgba;

/* Parses text; on failure returns false and writes a message naming what was
 * expected, e.g. "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or
 * \"rgba(255, 90, 31, 0.5)\", got \"#FF5A1\"". Case-insensitive hex and names. */
bool color_parse(const char *text, rgba *out, char *err, size_t errsize);

/* 8-bit channel value of c (0..1) rounded half up: c*255 + 0.5, clamped. */
uint8_t color_to_u8(double c);

#endif

/* Short labels for counters and charts: a family and weight from the scene's
 * font set, glyph coverage checked at load (a missing glyph is an error, as
 * for text layers), and single-line pango layouts at draw time. */
#ifndef REEL_LABEL_TEXT_H
#define REEL_LABEL_TEXT_H

#include "layers/font_choice.h"
#include <stdbool.h>

#include <pango/pangocairo.h>

#include "scene/load_ctx.h"

/* Labels are upright: italic stays false. */
typedef font_choice label_font;

/* Checks that family is in the scene's font set; on failure reports at the
 * current pointer plus `key`. */
int label_font_resolve(load_ctx *lc, const char *family, int weight, const char *key, label_font *out);

/* Reports (at the current pointer) the first character of text that the font
 * cannot draw, naming `what` ("the title", "label 3"); 0 when all are drawable. */
int label_check_glyphs(load_ctx *lc, const label_font *f, const char *text, const char *what);

/* A one-line layout of text at size pixels. tabular: figures of equal width
 * (OpenType "tnum"), so changing digits never move the others. max_width > 0
 * ends a too-long text with an ellipsis. */
PangoLayout *label_layout(PangoContext *ctx, const label_font *f, double size, const char *text,
                          bool tabular, double max_width);

/* The layout's logical width and height in pixels. */
void label_extent(PangoLayout *layout, double *w, double *h);

/* Draws layout with its logical box's point (ax, ay) (fractions: 0 left/top,
 * 0.5 center, 1 right/bottom) at (x, y), in the current source. */
void label_show(cairo_t *cr, PangoLayout *layout, double x, double y, double ax, double ay);

/* The user-space rectangle (x0, y0, x1, y1) holding the ink of that drawing. */
void label_ink_rect(PangoLayout *layout, double x, double y, double ax, double ay, double u[4]);

#endif

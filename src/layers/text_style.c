/* Text decoration that is not glyphs: the background box (around the whole
 * text or each line, with padding and rounded corners) and the box blur used
 * for soft shadows. The blur is three passes of a box filter in integer
 * arithmetic (close to a Gaussian, and bit-identical on every machine). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layers/text_internal.h"
#include "render/draw.h"

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    if (r <= 0) {
        cairo_rectangle(cr, x, y, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

void style_draw_background(const layer *l, cairo_t *cr, PangoLayout *layout, double t, double fps,
                           double w, double h, double alpha)
{
    const paint *bg = &l->values[TEXT_BACKGROUND].paint;
    if (bg->type == PAINT_NONE)
        return;
    double pad[2];
    layer_point(l, TEXT_PADDING, t, fps, pad);
    double radius = layer_number(l, TEXT_CORNER_RADIUS, t, fps);
    cairo_new_path(cr);
    if (l->values[TEXT_BOX].integer == 0) {
        rounded_rect(cr, -pad[0], -pad[1], w + 2 * pad[0], h + 2 * pad[1], radius);
    } else {
        /* One box per line that has ink; they may overlap when padding
         * exceeds the line gap, and then merge into one shape (nonzero fill). */
        PangoLayoutIter *it = pango_layout_get_iter(layout);
        do {
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
            if (line->length == 0)
                continue;
            PangoRectangle r;
            pango_layout_iter_get_line_extents(it, NULL, &r);
            if (r.width <= 0)
                continue;
            rounded_rect(cr, (double)r.x / PANGO_SCALE - pad[0], (double)r.y / PANGO_SCALE - pad[1],
                         (double)r.width / PANGO_SCALE + 2 * pad[0], (double)r.height / PANGO_SCALE + 2 * pad[1],
                         radius);
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
    }
    if (paint_set_source(cr, bg, t, fps, w, h, alpha)) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
        cairo_fill(cr);
    }
    cairo_new_path(cr);
}


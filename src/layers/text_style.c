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

/* One box pass of radius r along a line of n samples spaced by step bytes. */
static void box_line(uint8_t *p, int n, int step, int r, uint8_t *tmp)
{
    int window = 2 * r + 1;
    uint32_t sum = 0;
    for (int i = -r; i <= r; i++)
        sum += i >= 0 && i < n ? p[(size_t)i * (size_t)step] : 0;
    for (int i = 0; i < n; i++) {
        tmp[i] = (uint8_t)((sum + (uint32_t)window / 2) / (uint32_t)window);
        int out = i - r, in = i + r + 1;
        sum -= out >= 0 ? p[(size_t)out * (size_t)step] : 0;
        sum += in < n ? p[(size_t)in * (size_t)step] : 0;
    }
    for (int i = 0; i < n; i++)
        p[(size_t)i * (size_t)step] = tmp[i];
}

void style_blur_a8(cairo_surface_t *s, int radius)
{
    if (radius <= 0)
        return;
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    uint8_t *tmp = malloc((size_t)(w > h ? w : h));
    if (!data || !tmp) {
        free(tmp);
        return;
    }
    for (int pass = 0; pass < 3; pass++) {
        for (int y = 0; y < h; y++)
            box_line(data + (size_t)y * (size_t)stride, w, 1, radius, tmp);
        for (int x = 0; x < w; x++)
            box_line(data + x, h, stride, radius, tmp);
    }
    free(tmp);
    cairo_surface_mark_dirty(s);
}

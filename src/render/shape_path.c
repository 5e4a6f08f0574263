/* Paths shared by layer types that round their corners (image, video). */
#include <math.h>

#include "render/draw.h"

void path_rounded_rect(cairo_t *cr, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    if (!(r > 0)) {
        cairo_rectangle(cr, 0, 0, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, w - r, r, r, -M_PI / 2, 0);
    cairo_arc(cr, w - r, h - r, r, 0, M_PI / 2);
    cairo_arc(cr, r, h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, r, r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

/* Auto-fit (fit: "shrink"): the largest font size, at most font_size and at
 * least min_font_size, at which the text fits its box: no line wider than
 * `width` (words never break), the layout no taller than `height` and no more
 * than `max_lines` lines (each when given). Sizes are searched on a grid of
 * 1/64 px by bisection, so the result is exact and the same everywhere. When
 * even min_font_size does not fit, the caller lays the text out at
 * min_font_size with an ellipsis at the end of what fits. */
#include <math.h>

#include "layers/text_internal.h"

static bool fits(const layer *l, const text_resource *res, PangoContext *ctx, double size, double base,
                 double spacing)
{
    PangoLayout *layout = text_build_layout(l, res, ctx, size, size / base, spacing, false);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double width = track_eval1(&l->values[TEXT_WIDTH].track, 0, 1);
    double height = track_eval1(&l->values[TEXT_HEIGHT].track, 0, 1);
    double max_lines = track_eval1(&l->values[TEXT_MAX_LINES].track, 0, 1);
    bool ok = (double)logical.width / PANGO_SCALE <= width &&
              (height <= 0 || (double)logical.height / PANGO_SCALE <= height) &&
              (max_lines <= 0 || pango_layout_get_line_count(layout) <= (int)max_lines);
    g_object_unref(layout);
    return ok;
}

double fit_font_size(const layer *l, const text_resource *res, PangoContext *ctx, double size, double spacing,
                     bool *overflow)
{
    *overflow = false;
    if (fits(l, res, ctx, size, size, spacing))
        return size;
    double min = track_eval1(&l->values[TEXT_MIN_SIZE].track, 0, 1);
    long lo = (long)ceil(min * 64), hi = (long)floor(size * 64);
    if (hi <= lo || !fits(l, res, ctx, (double)lo / 64, size, spacing)) {
        *overflow = true;
        return fmin(min, size);
    }
    /* Invariant: lo fits, hi does not (or is size itself, which did not). */
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (fits(l, res, ctx, (double)mid / 64, size, spacing))
            lo = mid;
        else
            hi = mid;
    }
    return (double)lo / 64;
}

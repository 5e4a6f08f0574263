/* The legend: a color swatch and a name per series (per slice for pies).
 * Top or bottom: rows of items, left-aligned like the title, wrapping to the
 * width; right: one column, vertically centered. Names longer than 40% of the
 * chart's width end with an ellipsis. */
#include <math.h>

#include "layers/chart.h"

static bool is_pie(const chart_resource *res)
{
    return res->kind == CHART_PIE || res->kind == CHART_DONUT;
}

static chart_legend_pos position(const chart_resource *res)
{
    if (res->legend != LEGEND_AUTO)
        return res->legend;
    if (is_pie(res))
        return LEGEND_RIGHT;
    return res->data.series_count > 1 ? LEGEND_TOP : LEGEND_NONE;
}

static size_t item_count(const chart_resource *res)
{
    return is_pie(res) ? res->data.count : res->data.series_count;
}

static const char *item_name(const chart_resource *res, size_t i)
{
    return is_pie(res) ? res->data.labels[i] : res->data.series[i].name;
}

static const double *item_color(const chart_resource *res, size_t i)
{
    return is_pie(res) ? res->slice_colors[i] : res->data.series[i].color;
}

/* Lays the items out in box (x, y, available width); draws them when draw is
 * set. Returns the size used. */
static void walk(const chart_frame *f, rect_d box, bool column, bool draw, double *used_w, double *used_h)
{
    const chart_resource *res = f->res;
    double fs = res->font_size, sw = fs * 0.75, gap = fs * 0.45, spacing = fs * 1.25;
    double max_name = fmax(fs * 3, res->width * 0.4);
    double x = box.x, y = box.y, row_h = 0, widest = 0;
    *used_w = *used_h = 0;
    for (size_t i = 0; i < item_count(res); i++) {
        PangoLayout *l = chart_label(f, item_name(res, i), false, fs, max_name);
        double tw, th;
        label_extent(l, &tw, &th);
        double iw = sw + gap + tw;
        row_h = fmax(row_h, th);
        if (!column && x > box.x && x + iw > box.x + box.w) {
            x = box.x;
            y += row_h * 1.2;
        }
        if (draw) {
            cairo_new_sub_path(f->cr);
            double r = sw * 0.25, sx = x, sy = y + (th - sw) / 2;
            cairo_arc(f->cr, sx + sw - r, sy + r, r, -M_PI / 2, 0);
            cairo_arc(f->cr, sx + sw - r, sy + sw - r, r, 0, M_PI / 2);
            cairo_arc(f->cr, sx + r, sy + sw - r, r, M_PI / 2, M_PI);
            cairo_arc(f->cr, sx + r, sy + r, r, M_PI, 1.5 * M_PI);
            cairo_close_path(f->cr);
            chart_set_color(f, item_color(res, i), 1);
            chart_fill(f);
            chart_set_color(f, res->text_color, 1);
            chart_show(f, l, x + sw + gap, y, 0, 0);
        }
        g_object_unref(l);
        widest = fmax(widest, iw);
        *used_w = fmax(*used_w, x + iw - box.x);
        *used_h = y + th - box.y;
        if (column)
            y += th * 1.35;
        else
            x += iw + spacing;
    }
    if (column)
        *used_w = widest;
}

void chart_legend_place(const chart_frame *f, rect_d *area, rect_d *legend_box)
{
    chart_legend_pos pos = position(f->res);
    *legend_box = (rect_d){0};
    if (pos == LEGEND_NONE)
        return;
    double fs = f->res->font_size, w, h;
    bool column = pos == LEGEND_RIGHT;
    walk(f, *area, column, false, &w, &h);
    if (column) {
        *legend_box = (rect_d){area->x + area->w - w, area->y + (area->h - h) / 2, w, h};
        area->w -= w + fs * 1.5;
    } else if (pos == LEGEND_TOP) {
        *legend_box = (rect_d){area->x, area->y, area->w, h};
        area->y += h + fs * 1.0;
        area->h -= h + fs * 1.0;
    } else {
        *legend_box = (rect_d){area->x, area->y + area->h - h, area->w, h};
        area->h -= h + fs * 1.0;
    }
}

void chart_legend_draw(const chart_frame *f, rect_d box)
{
    double w, h;
    walk(f, box, position(f->res) == LEGEND_RIGHT, true, &w, &h);
}

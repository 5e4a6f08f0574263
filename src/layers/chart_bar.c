/* Bars: grouped (side by side per category) or stacked (positives upward,
 * negatives downward from zero), vertical or horizontal. Bars grow from the
 * zero line with the build progress; the value end has rounded corners; value
 * labels sit past the bar's end (inside the segment when stacked) and count up
 * while the bar grows. Sorted bars sit at their place (chart_frame.place),
 * fading out past the last place shown. */
#include <math.h>
#include <stdio.h>

#include "layers/chart.h"

/* A bar from value a to value b (pixels along the value axis) across [c0, c1];
 * the corners at b are rounded with radius r. */
static void bar_path(const chart_frame *f, double c0, double c1, double a, double b, double r)
{
    cairo_t *cr = f->cr;
    double len = fabs(b - a);
    r = fmin(r, fmin(fabs(c1 - c0) / 2, len));
    bool horizontal = f->res->horizontal;
    double dir = b >= a ? 1 : -1;
    if (r <= 0.01) {
        if (horizontal)
            cairo_rectangle(cr, fmin(a, b), c0, len, c1 - c0);
        else
            cairo_rectangle(cr, c0, fmin(a, b), c1 - c0, len);
        return;
    }
    /* Build the path in (along-category, along-value) coordinates. */
    cairo_save(cr);
    if (horizontal) {
        cairo_matrix_t m = {0, 1, 1, 0, 0, 0};  /* swap x and y */
        cairo_transform(cr, &m);
    }
    cairo_new_sub_path(cr);
    cairo_move_to(cr, c0, a);
    cairo_line_to(cr, c0, b - dir * r);
    if (dir < 0) {      /* value end upward in pixels (smaller y) */
        cairo_arc(cr, c0 + r, b + r, r, M_PI, 1.5 * M_PI);
        cairo_arc(cr, c1 - r, b + r, r, 1.5 * M_PI, 2 * M_PI);
    } else {
        cairo_arc_negative(cr, c0 + r, b - r, r, M_PI, 0.5 * M_PI);
        cairo_arc_negative(cr, c1 - r, b - r, r, 0.5 * M_PI, 0);
    }
    cairo_line_to(cr, c1, a);
    cairo_close_path(cr);
    cairo_restore(cr);
}

static void value_label(const chart_frame *f, double v, double shown, double c_mid, double end_pos, bool inside,
                        double alpha)
{
    const chart_resource *res = f->res;
    char text[128];
    chart_format_value(f, shown, text, sizeof text);
    PangoLayout *l = chart_label(f, text, false, res->font_size, 0);
    double gap = res->font_size * 0.35;
    static const double white[4] = {1, 1, 1, 1};
    chart_set_color(f, inside ? white : res->text_color, alpha);
    if (res->horizontal) {
        if (inside)
            chart_show(f, l, end_pos, c_mid, 0.5, 0.5);
        else
            chart_show(f, l, end_pos + (v < 0 ? -gap : gap), c_mid, v < 0 ? 1 : 0, 0.5);
    } else {
        if (inside)
            chart_show(f, l, c_mid, end_pos, 0.5, 0.5);
        else
            chart_show(f, l, c_mid, end_pos + (v < 0 ? gap : -gap), 0.5, v < 0 ? 0 : 1);
    }
    g_object_unref(l);
}

static void draw_grouped(const chart_frame *f)
{
    const chart_resource *res = f->res;
    const chart_data *d = &res->data;
    size_t S = d->series_count;
    double zero = chart_value_pos(f, f->ticks.lo > 0 ? f->ticks.lo : f->ticks.hi < 0 ? f->ticks.hi : 0);
    for (size_t i = 0; i < d->count; i++) {
        double start, band, shown = chart_place_alpha(f, i);
        if (shown <= 0)
            continue;
        chart_band(f, i, &start, &band);
        double extent = res->horizontal ? f->plot.h : f->plot.w;
        double group = fmin(band * (1 - res->bar_gap), extent * 0.25), slot = group / (double)S;
        double lead = (band - group) / 2;
        double inner = S > 1 ? fmin(slot * 0.12, 6) : 0;
        for (size_t s = 0; s < S; s++) {
            double p = chart_build_progress(&res->build, i * S + s, f->t, f->fps);
            double v = d->series[s].values[i];
            double c0 = start + lead + (double)s * slot + inner / 2, c1 = c0 + slot - inner;
            double end = chart_value_pos(f, v * p);
            if (p > 0 && v != 0) {
                bar_path(f, c0, c1, zero, end, res->bar_radius);
                chart_set_color(f, res->slice_colors ? res->slice_colors[i] : d->series[s].color, shown);
                chart_fill(f);
            }
            if (res->value_labels && p > 0)
                value_label(f, v, v * p, (c0 + c1) / 2, end, false, chart_clamp01(p) * shown);
        }
    }
}

static void draw_stacked(const chart_frame *f)
{
    const chart_resource *res = f->res;
    const chart_data *d = &res->data;
    for (size_t i = 0; i < d->count; i++) {
        double start, band;
        chart_band(f, i, &start, &band);
        double extent = res->horizontal ? f->plot.h : f->plot.w;
        double group = fmin(band * (1 - res->bar_gap), extent * 0.25);
        double c0 = start + (band - group) / 2, c1 = c0 + group;
        double p = chart_build_progress(&res->build, i, f->t, f->fps);
        /* The outermost segment on each side gets the rounded end. */
        size_t last_pos = (size_t)-1, last_neg = (size_t)-1;
        for (size_t s = 0; s < d->series_count; s++) {
            double v = d->series[s].values[i];
            if (v > 0)
                last_pos = s;
            else if (v < 0)
                last_neg = s;
        }
        double pos = 0, neg = 0;
        for (size_t s = 0; s < d->series_count; s++) {
            double v = d->series[s].values[i] * p;
            if (v == 0)
                continue;
            double *base = v > 0 ? &pos : &neg;
            double a = chart_value_pos(f, *base), b = chart_value_pos(f, *base + v);
            *base += v;
            bool outer = s == (v > 0 ? last_pos : last_neg);
            bar_path(f, c0, c1, a, b, outer ? res->bar_radius : 0);
            chart_set_color(f, d->series[s].color, 1);
            chart_fill(f);
            double lh = res->font_size * 1.3;
            if (res->value_labels && fabs(b - a) >= lh)
                value_label(f, v, d->series[s].values[i] * p, (c0 + c1) / 2, (a + b) / 2, true, chart_clamp01(p));
        }
    }
}

void chart_bar_draw(const chart_frame *f)
{
    cairo_save(f->cr);
    if (f->res->has_min || f->res->has_max) {
        cairo_rectangle(f->cr, f->plot.x, f->plot.y, f->plot.w, f->plot.h);
        cairo_clip(f->cr);
    }
    if (f->place)
        chart_clip_places(f);
    if (f->res->stacked)
        draw_stacked(f);
    else
        draw_grouped(f);
    cairo_restore(f->cr);
}

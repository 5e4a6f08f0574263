/* Lines and areas. Points sit at the centers of the category slots. Smooth
 * curves are monotone cubic (Fritsch-Carlson): they pass through every point
 * and never overshoot between two of them, so a smooth line never shows a
 * peak or dip the data does not have. Areas fill down to zero, or onto the
 * series below when stacked. The build draws each series on from left to
 * right (a clip that sweeps across the plot), staggered per series. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "layers/chart.h"

/* Tangents for a monotone cubic through (x[k], y[k]). */
static void monotone_tangents(const double *x, const double *y, size_t n, double *m)
{
    if (n < 2) {
        if (n == 1)
            m[0] = 0;
        return;
    }
    for (size_t k = 0; k < n; k++) {
        double prev = k > 0 ? (y[k] - y[k - 1]) / (x[k] - x[k - 1]) : NAN;
        double next = k + 1 < n ? (y[k + 1] - y[k]) / (x[k + 1] - x[k]) : NAN;
        if (k == 0)
            m[k] = next;
        else if (k + 1 == n)
            m[k] = prev;
        else
            m[k] = prev * next <= 0 ? 0 : (prev + next) / 2;
    }
    for (size_t k = 0; k + 1 < n; k++) {
        double d = (y[k + 1] - y[k]) / (x[k + 1] - x[k]);
        if (d == 0) {
            m[k] = m[k + 1] = 0;
            continue;
        }
        double a = m[k] / d, b = m[k + 1] / d, s = a * a + b * b;
        if (s > 9) {
            double tau = 3 / sqrt(s);
            m[k] = tau * a * d;
            m[k + 1] = tau * b * d;
        }
    }
}

/* Adds the curve through the points to the path; `connect` continues the
 * current path (line_to the first point) instead of starting a new one. */
static void trace(cairo_t *cr, const double *x, const double *y, size_t n, bool smooth, bool connect, double *m)
{
    if (connect)
        cairo_line_to(cr, x[0], y[0]);
    else
        cairo_move_to(cr, x[0], y[0]);
    if (smooth)
        monotone_tangents(x, y, n, m);
    for (size_t k = 0; k + 1 < n; k++) {
        if (!smooth) {
            cairo_line_to(cr, x[k + 1], y[k + 1]);
            continue;
        }
        double h = (x[k + 1] - x[k]) / 3;
        cairo_curve_to(cr, x[k] + h, y[k] + m[k] * h, x[k + 1] - h, y[k + 1] - m[k + 1] * h, x[k + 1], y[k + 1]);
    }
}

static void reverse(double *v, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        double t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
}

/* Sweeps the build clip across the plot for series s. */
static void clip_for(const chart_frame *f, size_t s)
{
    double p = chart_clamp01(chart_build_progress(&f->res->build, s, f->t, f->fps));
    double margin = f->res->marker_size + f->res->line_width;
    cairo_rectangle(f->cr, f->plot.x - margin, 0, margin + p * f->plot.w + (p >= 1 ? margin : 0), f->res->height);
    cairo_clip(f->cr);
}

void chart_line_draw(const chart_frame *f)
{
    const chart_resource *res = f->res;
    const chart_data *d = &res->data;
    size_t n = d->count;
    cairo_t *cr = f->cr;
    /* x, the series' y, the y below it (stack or zero), tangents, reversed
     * x and y, the stack's running sums (CHART_LINE_SCRATCH arrays). */
    double *buf = f->line_scratch;
    double *x = buf, *y = buf + n, *below = buf + 2 * n, *m = buf + 3 * n, *rx = buf + 4 * n, *ry = buf + 5 * n;
    double *stack = buf + 6 * n;
    bool stacked = res->stacked && res->fill_area;
    double zero = chart_value_pos(f, f->ticks.lo > 0 ? f->ticks.lo : f->ticks.hi < 0 ? f->ticks.hi : 0);
    for (size_t i = 0; i < n; i++) {
        double start, band;
        chart_band(f, i, &start, &band);
        x[i] = start + band / 2;
    }
    /* Pass 1: areas (under every line, so no fill covers a line). Pass 2: lines. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++)
            stack[i] = 0;
        for (size_t s = 0; s < d->series_count; s++) {
            const chart_series *se = &d->series[s];
            for (size_t i = 0; i < n; i++) {
                below[i] = stacked ? chart_value_pos(f, stack[i]) : zero;
                double v = se->values[i] + (stacked ? stack[i] : 0);
                y[i] = chart_value_pos(f, v);
                if (stacked)
                    stack[i] = v;
            }
            cairo_save(cr);
            clip_for(f, s);
            if (pass == 0 && res->fill_area && n > 1) {
                trace(cr, x, y, n, res->smooth, false, m);
                for (size_t i = 0; i < n; i++) {
                    rx[i] = x[i];
                    ry[i] = below[i];
                }
                reverse(rx, n);
                reverse(ry, n);
                trace(cr, rx, ry, n, res->smooth && stacked, true, m);
                cairo_close_path(cr);
                chart_set_color(f, se->color, res->area_opacity);
                chart_fill(f);
            }
            if (pass == 1) {
                if (n > 1 && res->line_width > 0) {
                    trace(cr, x, y, n, res->smooth, false, m);
                    cairo_set_line_width(cr, res->line_width);
                    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
                    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
                    chart_set_color(f, se->color, 1);
                    chart_stroke(f);
                }
                if (res->markers || n == 1) {
                    double r = fmax(res->marker_size, n == 1 ? res->line_width * 2 : 0) / 2;
                    chart_set_color(f, se->color, 1);
                    for (size_t i = 0; i < n; i++) {
                        cairo_new_sub_path(cr);
                        cairo_arc(cr, x[i], y[i], r, 0, 2 * M_PI);
                    }
                    chart_fill(f);
                }
                if (res->value_labels) {
                    chart_set_color(f, res->text_color, 1);
                    for (size_t i = 0; i < n; i++) {
                        char text[128];
                        chart_format_value(f, se->values[i], text, sizeof text);
                        PangoLayout *l = chart_label(f, text, false, res->font_size, 0);
                        double up = fmax(res->marker_size, res->line_width) / 2 + res->font_size * 0.3;
                        bool neg = se->values[i] < 0;
                        chart_show(f, l, x[i], y[i] + (neg ? up : -up), 0.5, neg ? 0 : 1);
                        g_object_unref(l);
                    }
                }
            }
            cairo_restore(cr);
        }
    }
}

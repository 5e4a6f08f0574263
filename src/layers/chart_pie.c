/* Pie and donut charts: one series, a slice per category, clockwise from
 * twelve o'clock. Slices are separated by a gap of constant width (the arcs
 * are inset by gap / radius, the pie's apex moved out along the bisector).
 * The build sweeps each slice open from its start angle, staggered per slice. */
#include <math.h>
#include <stdio.h>

#include "layers/chart.h"

static void slice_path(cairo_t *cr, double cx, double cy, double R, double r, double a0, double a1, double gap,
                       bool whole)
{
    if (whole) {
        cairo_new_sub_path(cr);
        cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
        if (r > 0) {
            cairo_new_sub_path(cr);
            cairo_arc_negative(cr, cx, cy, r, 2 * M_PI, 0);
        }
        return;
    }
    double g = gap / 2, sweep = a1 - a0;
    if (sweep <= 2 * g / R)
        return;                             /* thinner than the gap */
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, R, a0 + g / R, a1 - g / R);
    double mid = (a0 + a1) / 2;
    if (r > 0 && sweep > 2 * g / r) {
        cairo_arc_negative(cr, cx, cy, r, a1 - g / r, a0 + g / r);
    } else {
        /* The apex: where the two inset edges meet, on the bisector. */
        double half = sweep / 2;
        double d = half < M_PI / 2 ? fmin(g / sin(half), R / 2) : 0;
        d = fmax(d, r);
        cairo_line_to(cr, cx + d * cos(mid), cy + d * sin(mid));
    }
    cairo_close_path(cr);
}

void chart_pie_draw(const chart_frame *f)
{
    const chart_resource *res = f->res;
    const chart_data *d = &res->data;
    const double *v = d->series[0].values;
    cairo_t *cr = f->cr;
    double R = f->plot.w / 2, cx = f->plot.x + R, cy = f->plot.y + R;
    double r = res->kind == CHART_DONUT ? R * res->donut_hole : 0;
    double total = 0;
    size_t nonzero = 0;
    for (size_t i = 0; i < d->count; i++) {
        total += v[i];
        nonzero += v[i] > 0;
    }
    if (total <= 0) {
        slice_path(cr, cx, cy, R, r, 0, 0, 0, true);
        chart_set_color(f, res->grid_color, 1);
        chart_fill(f);
        return;
    }
    double a = -M_PI / 2;
    for (size_t i = 0; i < d->count; i++) {
        double sweep = 2 * M_PI * v[i] / total;
        double p = chart_clamp01(chart_build_progress(&res->build, i, f->t, f->fps));
        if (p > 0 && v[i] > 0) {
            slice_path(cr, cx, cy, R, r, a, a + sweep * p, res->slice_gap, nonzero == 1 && p >= 1);
            chart_set_color(f, res->slice_colors[i], 1);
            chart_fill(f);
        }
        if (res->value_labels && p > 0 && v[i] > 0) {
            char text[128];
            if (res->pie_percent) {
                numfmt pct;
                numfmt_default(&pct);
                pct.percent = true;
                pct.decimals = res->decimals_given ? res->fmt.decimals : 0;
                snprintf(pct.decimal_mark, sizeof pct.decimal_mark, "%s", res->fmt.decimal_mark);
                snprintf(pct.suffix, sizeof pct.suffix, "%%");
                numfmt_format(&pct, v[i] / total, text, sizeof text);
            } else {
                chart_format_value(f, v[i], text, sizeof text);
            }
            PangoLayout *l = chart_label(f, text, true, res->font_size, 0);
            double lw, lh, mid = a + sweep / 2, rl = r > 0 ? (R + r) / 2 : R * 0.62;
            label_extent(l, &lw, &lh);
            /* Only where it fits: the slice's chord at the label radius. */
            if (2 * rl * sin(fmin(sweep, M_PI) / 2) > fmax(lw, lh) * 1.1 && (r == 0 || R - r > lh * 1.1)) {
                static const double white[4] = {1, 1, 1, 1};
                chart_set_color(f, white, p);
                chart_show(f, l, cx + rl * cos(mid), cy + rl * sin(mid), 0.5, 0.5);
            }
            g_object_unref(l);
        }
        a += sweep;
    }
}

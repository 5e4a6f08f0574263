/* Cartesian axes: the value range and its nice ticks, the plot rectangle
 * after room is made for tick and category labels, gridlines, and the labels
 * themselves. Category labels too wide for their slot are truncated with an
 * ellipsis (or rotated 45 degrees with label_overflow "rotate"); when slots are
 * too narrow even for that, only every k-th label is shown. */
#include <math.h>
#include <stdio.h>

#include "layers/chart.h"

void chart_value_range(const chart_resource *res, double *lo, double *hi)
{
    const chart_data *d = &res->data;
    *lo = 0;
    *hi = 0;
    bool stack = res->stacked && res->kind != CHART_LINE;
    for (size_t i = 0; i < d->count; i++) {
        double pos = 0, neg = 0;
        for (size_t s = 0; s < d->series_count; s++) {
            double v = d->series[s].values[i];
            if (stack) {
                *(v >= 0 ? &pos : &neg) += v;
            } else {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
        if (stack) {
            *lo = fmin(*lo, neg);
            *hi = fmax(*hi, pos);
        }
    }
}

double chart_value_pos(const chart_frame *f, double v)
{
    double span = f->ticks.hi - f->ticks.lo;
    double u = (v - f->ticks.lo) / span;
    if (f->res->horizontal && f->res->kind == CHART_BAR)
        return f->plot.x + u * f->plot.w;
    return f->plot.y + f->plot.h - u * f->plot.h;
}

static bool horizontal(const chart_frame *f)
{
    return f->res->horizontal && f->res->kind == CHART_BAR;
}

void chart_band(const chart_frame *f, size_t i, double *start, double *width)
{
    size_t n = f->res->max_bars;
    double at = f->place ? f->place[i] : (double)i;
    if (horizontal(f)) {
        *width = f->plot.h / (double)n;
        *start = f->plot.y + at * *width;
    } else {
        *width = f->plot.w / (double)n;
        *start = f->plot.x + at * *width;
    }
}

void chart_clip_places(const chart_frame *f)
{
    /* Places only grow downward (rightward): only that end is clipped. The
     * other sides stay far out, within cairo's fixed-point range (about 8e6). */
    double big = 1e6;
    if (horizontal(f))
        cairo_rectangle(f->cr, -big, -big, 2 * big, f->plot.y + f->plot.h + big);
    else
        cairo_rectangle(f->cr, -big, -big, f->plot.x + f->plot.w + big, 2 * big);
    cairo_clip(f->cr);
}

double chart_place_alpha(const chart_frame *f, size_t i)
{
    if (!f->place)
        return 1;
    double left = (double)f->res->max_bars - f->place[i];
    return left >= 1 ? 1 : left <= 0 ? 0 : left;
}

void chart_format_tick(const chart_frame *f, double v, char *buf, size_t size)
{
    numfmt fmt = f->res->fmt;
    fmt.decimals = f->tick_decimals;
    numfmt_format(&fmt, v, buf, size);
}

void chart_format_value(const chart_frame *f, double v, char *buf, size_t size)
{
    numfmt fmt = f->res->fmt;
    fmt.decimals = f->res->value_decimals;
    numfmt_format(&fmt, v, buf, size);
}

/* Decimals that show every tick exactly, after percent and compact scaling. */
static int tick_decimals(const chart_frame *f)
{
    const chart_resource *res = f->res;
    if (res->decimals_given)
        return res->fmt.decimals;
    double step = f->ticks.step * (res->fmt.percent ? 100 : 1);
    if (res->fmt.compact) {
        double top = fmax(fabs(f->ticks.lo), fabs(f->ticks.hi)) * (res->fmt.percent ? 100 : 1);
        double unit = 1;
        while (unit < 1e12 && top >= unit * 1000)
            unit *= 1000;
        step /= unit;
    }
    int d = (int)-floor(log10(step) + 1e-9);
    return d < 0 ? 0 : d > NUMFMT_MAX_DECIMALS ? NUMFMT_MAX_DECIMALS : d;
}

static double line_height(const chart_frame *f)
{
    PangoLayout *l = chart_label(f, "0", false, f->res->font_size, 0);
    double w, h;
    label_extent(l, &w, &h);
    g_object_unref(l);
    return h;
}

static double widest_tick(const chart_frame *f)
{
    double widest = 0;
    for (long k = f->ticks.first; k <= f->ticks.last; k++) {
        char text[128];
        chart_format_tick(f, chart_tick_value(&f->ticks, k), text, sizeof text);
        PangoLayout *l = chart_label(f, text, false, f->res->font_size, 0);
        double w, h;
        label_extent(l, &w, &h);
        g_object_unref(l);
        widest = fmax(widest, w);
    }
    return widest;
}

static double widest_category(const chart_frame *f)
{
    double widest = 0;
    for (size_t i = 0; i < f->res->data.count; i++) {
        PangoLayout *l = chart_label(f, f->res->data.labels[i], false, f->res->font_size, 0);
        double w, h;
        label_extent(l, &w, &h);
        g_object_unref(l);
        widest = fmax(widest, w);
    }
    return widest;
}

/* Which category labels show and how wide they may be. Labels that fit are
 * shown whole; when they do not, showing every k-th label is preferred as long
 * as at least 6 remain, else labels are truncated (or rotated) to their slot. */
static void plan_categories(chart_frame *f, double band, double lh, double widest)
{
    const chart_resource *res = f->res;
    size_t n = res->data.count, k = 1;
    f->label_rotated = false;
    f->label_max_width = 0;
    if (horizontal(f)) {
        while (band * (double)k < lh * 1.1 && k < n)
            k++;
        f->label_every = k;
        f->label_max_width = f->category_room;
        return;
    }
    if (res->overflow == OVERFLOW_ROTATE && widest > band * 0.92) {
        f->label_rotated = true;
        /* Rotated labels sit band * sin(45) apart across their baselines. */
        while (band * (double)k * M_SQRT1_2 < lh * 1.05 && k < n)
            k++;
        f->label_every = k;
        f->label_max_width = fmin(widest, f->plot.h / 3 / M_SQRT1_2);
        return;
    }
    size_t fit = (size_t)ceil(widest / (band * 0.92));
    if (fit > 1 && (n + fit - 1) / fit >= 6) {
        f->label_every = fit;
        f->label_max_width = band * (double)fit * 0.92;
        return;
    }
    while (band * (double)k < res->font_size * 3 && k < n)
        k++;
    f->label_every = k;
    f->label_max_width = band * (double)k * 0.92;
}

/* Whether value labels of negative bars sit outside them, past the zero line
 * side of the plot, where they need room of their own. */
static bool outside_negative_labels(const chart_frame *f)
{
    const chart_resource *res = f->res;
    if (!res->value_labels || res->stacked || res->kind != CHART_BAR)
        return false;
    for (size_t s = 0; s < res->data.series_count; s++)
        for (size_t i = 0; i < res->data.count; i++)
            if (res->data.series[s].values[i] < 0)
                return true;
    return false;
}

static double widest_value(const chart_frame *f)
{
    double widest = 0;
    for (size_t s = 0; s < f->res->data.series_count; s++)
        for (size_t i = 0; i < f->res->data.count; i++) {
            char text[128];
            chart_format_value(f, f->res->data.series[s].values[i], text, sizeof text);
            PangoLayout *l = chart_label(f, text, false, f->res->font_size, 0);
            double w, h;
            label_extent(l, &w, &h);
            g_object_unref(l);
            widest = fmax(widest, w);
        }
    return widest + f->res->font_size * 0.35;
}

void chart_axis_ticks(const chart_resource *res, chart_ticks *out)
{
    double lo, hi;
    chart_value_range(res, &lo, &hi);
    if (res->has_min)
        lo = res->axis_min;
    if (res->has_max)
        hi = res->axis_max;
    if (res->has_min && !res->has_max && hi <= lo)
        hi = lo + 1;
    if (res->has_max && !res->has_min && lo >= hi)
        lo = hi - 1;
    chart_nice_ticks(lo, hi, res->ticks, res->has_min, res->has_max, out);
}

void chart_axes_layout(chart_frame *f, rect_d area)
{
    const chart_resource *res = f->res;
    if (f->axis_fixed)
        chart_ticks_with_step(f->axis_lo, f->axis_hi, f->axis_step, &f->ticks);
    else
        chart_axis_ticks(res, &f->ticks);
    f->tick_decimals = tick_decimals(f);
    double fs = res->font_size, lh = line_height(f), gap = fs * 0.6;
    double tick_w = widest_tick(f), cat_w = widest_category(f);
    f->plot = area;
    if (horizontal(f)) {
        f->category_room = fmin(cat_w, area.w * 0.35);
        double left = f->category_room + gap + (outside_negative_labels(f) ? widest_value(f) : 0);
        double right = tick_w / 2 + (res->value_labels ? widest_value(f) : 0);
        f->category_right = area.x + f->category_room;
        f->plot = (rect_d){area.x + left, area.y, area.w - left - right, area.h - lh - gap};
        plan_categories(f, f->plot.h / (double)res->max_bars, lh, cat_w);
        return;
    }
    double top = res->value_labels ? lh + gap * 0.5 : lh / 2;
    f->plot = (rect_d){area.x + tick_w + gap, area.y + top, area.w - tick_w - gap - fs * 0.5, 0};
    /* Labels of negative bars hang below the plot's bottom tick. */
    double below = outside_negative_labels(f) ? lh : 0;
    f->plot.h = area.h - top - lh - gap - below;
    double band = f->plot.w / (double)res->max_bars;
    plan_categories(f, band, lh, cat_w);
    if (f->label_rotated) {
        double bottom = f->label_max_width * M_SQRT1_2 + lh * M_SQRT1_2 + gap + below;
        f->plot.h = area.h - top - bottom;
        /* The first label reaches left of its slot: keep it inside the box. */
        double reach = f->label_max_width * M_SQRT1_2 + lh * 0.5 - band / 2;
        if (f->plot.x - area.x < reach) {
            f->plot.w -= reach - (f->plot.x - area.x);
            f->plot.x = area.x + reach;
        }
    }
}

static double snap(double v) { return floor(v) + 0.5; }

void chart_axes_draw_grid(const chart_frame *f)
{
    const chart_resource *res = f->res;
    cairo_t *cr = f->cr;
    cairo_set_line_width(cr, 1);
    bool h = horizontal(f);
    if (res->gridlines) {
        chart_set_color(f, res->grid_color, 1);
        for (long k = f->ticks.first; k <= f->ticks.last; k++) {
            double v = chart_tick_value(&f->ticks, k);
            if (v == 0 && f->ticks.lo <= 0 && f->ticks.hi >= 0)
                continue;               /* the zero line is drawn in the axis color */
            double p = snap(chart_value_pos(f, v));
            if (h) {
                cairo_move_to(cr, p, f->plot.y);
                cairo_line_to(cr, p, f->plot.y + f->plot.h);
            } else {
                cairo_move_to(cr, f->plot.x, p);
                cairo_line_to(cr, f->plot.x + f->plot.w, p);
            }
        }
        chart_stroke(f);
    }
}

/* The baseline: the zero line when zero is in range, else the axis start. */
static void draw_baseline(const chart_frame *f)
{
    cairo_t *cr = f->cr;
    double base = f->ticks.lo <= 0 && f->ticks.hi >= 0 ? 0 : f->ticks.lo;
    double p = snap(chart_value_pos(f, base));
    chart_set_color(f, f->res->axis_color, 1);
    cairo_set_line_width(cr, 1);
    if (horizontal(f)) {
        cairo_move_to(cr, p, f->plot.y);
        cairo_line_to(cr, p, f->plot.y + f->plot.h);
    } else {
        cairo_move_to(cr, f->plot.x, p);
        cairo_line_to(cr, f->plot.x + f->plot.w, p);
    }
    chart_stroke(f);
}

void chart_axes_draw_labels(const chart_frame *f)
{
    const chart_resource *res = f->res;
    cairo_t *cr = f->cr;
    double fs = res->font_size, gap = fs * 0.6;
    bool h = horizontal(f);
    draw_baseline(f);
    chart_set_color(f, res->text_color, 1);
    for (long k = f->ticks.first; k <= f->ticks.last; k++) {
        char text[128];
        double v = chart_tick_value(&f->ticks, k);
        chart_format_tick(f, v, text, sizeof text);
        PangoLayout *l = chart_label(f, text, false, fs, 0);
        double p = chart_value_pos(f, v);
        if (h)
            chart_show(f, l, p, f->plot.y + f->plot.h + gap * 0.5, 0.5, 0);
        else
            chart_show(f, l, f->plot.x - gap, p, 1, 0.5);
        g_object_unref(l);
    }
    size_t n = res->data.count;
    /* Sorted bars carry their labels along, every one (they change places),
     * kept within the plot's span like the bars. */
    size_t every = f->place ? 1 : f->label_every;
    cairo_save(cr);
    if (f->place)
        chart_clip_places(f);
    for (size_t i = 0; i < n; i += every) {
        double start, width, a = chart_place_alpha(f, i);
        if (a <= 0)
            continue;
        chart_band(f, i, &start, &width);
        chart_set_color(f, res->text_color, a);
        double mid = start + width / 2;
        if (h) {
            PangoLayout *l = chart_label(f, res->data.labels[i], false, fs, f->label_max_width);
            chart_show(f, l, f->category_right, mid, 1, 0.5);
            g_object_unref(l);
            continue;
        }
        PangoLayout *l = chart_label(f, res->data.labels[i], false, fs, f->label_max_width);
        double y = f->plot.y + f->plot.h + gap * 0.5;
        if (f->label_rotated) {
            cairo_save(cr);
            cairo_translate(cr, mid, y);
            cairo_rotate(cr, -M_PI / 4);
            chart_show(f, l, 0, 0, 1, 0.5);
            cairo_restore(cr);
        } else {
            chart_show(f, l, mid, y, 0.5, 0);
        }
        g_object_unref(l);
    }
    cairo_restore(cr);
}

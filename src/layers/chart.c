/* Chart layers: bar (vertical or horizontal, grouped or stacked), line
 * (straight or smooth, markers, optional area), area, pie and donut, with nice
 * ticks, gridlines, labels through the number formatter, a legend and a title,
 * and an animated build-in. This file holds the property table, the load
 * (prepare) and the frame layout; the parts draw in their own files (chart.h).
 *
 * The build-in animates without any keyframed property, so the static-span
 * cache must still see the chart change: prepare stores the build's span as a
 * 0 -> 1 keyframe track in the `build` row's value. That track is never drawn
 * from; it only tells the renderer when the chart is moving. Transitions
 * between keyframed datasets are added to that track the same way.
 *
 * Keyframed data: each frame draws from a copy of the resource whose values
 * are interpolated between the two keyframes around it; during a transition
 * the axis ends move from the first dataset's nice range to the second's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/chart.h"
#include "layers/layers.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"

enum {
    CH_KIND = COMMON_SLOT_COUNT, CH_WIDTH, CH_HEIGHT, CH_DATA, CH_ORIENTATION, CH_STACKED, CH_SMOOTH, CH_MARKERS,
    CH_FILL_AREA, CH_VALUE_LABELS, CH_PIE_LABELS, CH_TITLE, CH_TITLE_SIZE, CH_TITLE_WEIGHT, CH_FAMILY, CH_WEIGHT,
    CH_FONT_SIZE, CH_THEME, CH_TEXT_COLOR, CH_GRID_COLOR, CH_AXIS_COLOR, CH_BACKGROUND, CH_CORNER_RADIUS,
    CH_PADDING, CH_LEGEND, CH_LABEL_OVERFLOW, CH_GRIDLINES, CH_AXIS_MIN, CH_AXIS_MAX, CH_TICKS, CH_FORMAT,
    CH_BUILD, CH_COLORS, CH_LINE_WIDTH, CH_MARKER_SIZE, CH_BAR_RADIUS, CH_BAR_GAP, CH_DONUT_HOLE, CH_SLICE_GAP,
    CH_AREA_OPACITY, CH_SORT, CH_MAX_BARS
};

#define ANY -INFINITY, INFINITY

static const char *const kind_values[] = {"bar", "line", "area", "pie", "donut", NULL};
static const char *const orientation_values[] = {"vertical", "horizontal", NULL};
static const char *const pie_label_values[] = {"percent", "value", NULL};
static const char *const theme_values[] = {"light", "dark", NULL};
static const char *const legend_values[] = {"auto", "none", "top", "bottom", "right", NULL};
static const char *const overflow_values[] = {"truncate", "rotate", NULL};
static const char *const sort_values[] = {"none", "descending", "ascending", NULL};

static const prop_desc chart_props[] = {
    {"kind", PROP_ENUM, false, ANY, false, "\"bar\"", kind_values,
     "bar, line, area, pie or donut."},
    {"width", PROP_NUMBER, false, 1, 1e5, false, "800", NULL, "Width of the chart's box in pixels."},
    {"height", PROP_NUMBER, false, 1, 1e5, false, "450", NULL, "Height of the chart's box in pixels."},
    {"data", PROP_JSON, false, ANY, false, NULL, NULL,
     "{\"labels\": [...], \"series\": [{\"name\", \"values\", \"color\"}]}, {\"labels\", \"values\"}, or "
     "{\"file\": \"x.csv\" or \"x.json\", \"label_column\", \"value_columns\": [...]}, or a keyframe list "
     "[{\"time\", \"value\": dataset, \"easing\"}] of datasets with the same labels and series (see charts.md)."},
    {"orientation", PROP_ENUM, false, ANY, false, "\"vertical\"", orientation_values,
     "Bars: vertical (columns) or horizontal (categories down the left side)."},
    {"stacked", PROP_BOOL, false, ANY, false, "false", NULL,
     "Bars and areas: stack the series (positives up, negatives down) instead of grouping/overlapping them."},
    {"smooth", PROP_BOOL, false, ANY, false, "false", NULL,
     "Lines and areas: a smooth monotone curve through the points (never overshoots them)."},
    {"markers", PROP_BOOL, false, ANY, false, "false", NULL, "Lines and areas: a dot on every point."},
    {"fill_area", PROP_BOOL, false, ANY, false, "false", NULL,
     "Lines: fill under each line at area_opacity."},
    {"value_labels", PROP_BOOL, false, ANY, false, "false", NULL,
     "Show each value (bars: at the bar's end, counting up while it grows; lines: above the points; "
     "pies: in the slice)."},
    {"pie_labels", PROP_ENUM, false, ANY, false, "\"percent\"", pie_label_values,
     "Pie and donut value labels: each slice's share (percent) or its value."},
    {"title", PROP_STRING, false, ANY, false, "null", NULL, "A title above the chart, left-aligned."},
    {"title_size", PROP_NUMBER, false, 1, 1000, false, "28", NULL, "Title font size in pixels."},
    {"title_weight", PROP_WEIGHT, false, ANY, false, "600", NULL, "Title font weight."},
    {"font_family", PROP_STRING, false, ANY, false, "\"Inter\"", NULL,
     "Font family of every label, from the scene's font set."},
    {"font_weight", PROP_WEIGHT, false, ANY, false, "400", NULL, "Weight of tick, category and legend labels."},
    {"font_size", PROP_NUMBER, false, 1, 1000, false, "16", NULL, "Size of tick, category and legend labels."},
    {"theme", PROP_ENUM, false, ANY, false, "\"light\"", theme_values,
     "Default text, grid and axis colors for a light or a dark background."},
    {"text_color", PROP_COLOR, false, ANY, false, "null", NULL,
     "Labels and title; default from theme (#334155 light, #E2E8F0 dark)."},
    {"grid_color", PROP_COLOR, false, ANY, false, "null", NULL,
     "Gridlines; default from theme (#CBD5E1 light, #FFFFFF26 dark)."},
    {"axis_color", PROP_COLOR, false, ANY, false, "null", NULL,
     "The zero line and category axis; default from theme (#64748B light, #FFFFFF80 dark)."},
    {"background", PROP_PAINT, false, ANY, false, "null", NULL,
     "A card behind the chart (color or gradient over the box); none by default."},
    {"corner_radius", PROP_NUMBER, false, 0, 1e4, false, "0", NULL, "Corner radius of the background card."},
    {"padding", PROP_NUMBER, false, 0, 1e4, false, "0", NULL, "Space between the box's edge and the content."},
    {"legend", PROP_ENUM, false, ANY, false, "\"auto\"", legend_values,
     "auto (top when there are several series, and for pies), none, top, bottom or right."},
    {"label_overflow", PROP_ENUM, false, ANY, false, "\"truncate\"", overflow_values,
     "Category labels wider than their slot: truncate with an ellipsis, or rotate 45 degrees "
     "(then truncated to a third of the height)."},
    {"gridlines", PROP_BOOL, false, ANY, false, "true", NULL, "Lines across the plot at each value tick."},
    {"axis_min", PROP_NUMBER, false, -1e15, 1e15, false, "null", NULL,
     "Value axis start; default: a nice tick at or below the data and zero."},
    {"axis_max", PROP_NUMBER, false, -1e15, 1e15, false, "null", NULL,
     "Value axis end; default: a nice tick at or above the data and zero."},
    {"ticks", PROP_NUMBER, false, 1, 20, false, "5", NULL,
     "About how many intervals the value axis has (steps are 1, 2 or 5 times a power of ten)."},
    {"format", PROP_JSON, false, ANY, false, "null", NULL,
     "Number format of tick and value labels: {decimals, thousands_separator, decimal_mark, prefix, suffix, "
     "compact, percent, sign} as for counters."},
    {"build", PROP_JSON, false, ANY, false, "true", NULL,
     "Build-in animation: true (default: 1 s, stagger 0.1 s, ease-out-cubic), false for a static chart, or "
     "{\"duration\", \"stagger\", \"delay\", \"easing\"} (times; any easing or spring)."},
    {"colors", PROP_JSON, false, ANY, false, "null", NULL,
     "Colors for the series (pies: the slices) in order, repeating; default: the built-in palette."},
    {"line_width", PROP_NUMBER, false, 0, 100, false, "3", NULL, "Width of lines in pixels."},
    {"marker_size", PROP_NUMBER, false, 0, 100, false, "8", NULL, "Diameter of point markers in pixels."},
    {"bar_radius", PROP_NUMBER, false, 0, 1000, false, "4", NULL,
     "Corner radius at the value end of bars (the end away from zero)."},
    {"bar_gap", PROP_NUMBER, false, 0, 0.95, false, "0.3", NULL,
     "Fraction of each category's slot left empty between bar groups."},
    {"donut_hole", PROP_NUMBER, false, 0.05, 0.95, false, "0.6", NULL, "Donut: hole radius as a fraction of the radius."},
    {"slice_gap", PROP_NUMBER, false, 0, 100, false, "2", NULL, "Pie and donut: gap between slices in pixels."},
    {"area_opacity", PROP_NUMBER, false, 0, 1, false, "0.3", NULL, "Opacity of area fills."},
    {"sort", PROP_ENUM, false, ANY, false, "\"none\"", sort_values,
     "Bars of one series: place categories by value, largest first (descending) or smallest first; with "
     "keyframed data they move to their new places (a bar chart race)."},
    {"max_bars", PROP_NUMBER, false, 0, 10000, false, "0", NULL,
     "Sorted bars: show the first N places only (0: all); a bar leaving them fades out past the last."},
};

static double num(const layer *l, int slot) { return track_eval1(&l->values[slot].track, 0, 1); }

static void color_or(const layer *l, int slot, const char *fallback, double out[4])
{
    if (l->values[slot].given) {
        memcpy(out, l->values[slot].track.constant, 4 * sizeof(double));
        return;
    }
    unsigned long c = strtoul(fallback + 1, NULL, 16);
    bool has_alpha = strlen(fallback) == 9;
    unsigned long rgb = has_alpha ? c >> 8 : c;
    out[0] = ((rgb >> 16) & 0xFF) / 255.0;
    out[1] = ((rgb >> 8) & 0xFF) / 255.0;
    out[2] = (rgb & 0xFF) / 255.0;
    out[3] = has_alpha ? (c & 0xFF) / 255.0 : 1;
}

/* Decimals the data is written with (at most 3), for value labels; with
 * keyframed data, the most any keyframe uses. */
static int data_decimals(const chart_resource *res)
{
    const chart_data *d = &res->data;
    size_t n = d->series_count * d->count, total = (res->key_count ? res->key_count : 1) * n;
    int best = 0;
    for (size_t j = 0; j < total; j++) {
        /* Keyframe values are stored series-major, like the series in order. */
        double x = res->key_count ? res->keys[j / n].values[j % n] : d->series[j / d->count].values[j % d->count];
        for (int k = best + 1; k <= 3; k++) {
            double scaled = x * pow(10, k - 1);
            if (fabs(scaled - round(scaled)) > 1e-9 * fmax(1, fabs(scaled)))
                best = k;
        }
    }
    return best;
}

/* Points at data element `what` ("labels", "name" or "values") of series s,
 * index i, as written: inline members, or the file for file data. */
static void push_data_pointer(load_ctx *lc, const json_value *data, const char *what, size_t s, size_t i)
{
    lc_push_key(lc, "data");
    if (data->type == JSON_ARRAY) {     /* keyframed: the first keyframe's dataset */
        lc_push_index(lc, 0);
        lc_push_key(lc, "value");
        data = json_get(data->u.array.items[0], "value");
    }
    if (json_get(data, "file")) {
        lc_push_key(lc, "file");
        return;
    }
    if (strcmp(what, "labels") == 0) {
        lc_push_key(lc, "labels");
        lc_push_index(lc, i);
        return;
    }
    if (json_get(data, "values")) {
        lc_push_key(lc, "values");
        lc_push_index(lc, i);
        return;
    }
    lc_push_key(lc, "series");
    lc_push_index(lc, s);
    lc_push_key(lc, what);
    if (strcmp(what, "values") == 0)
        lc_push_index(lc, i);
}

static int check_texts(load_ctx *lc, const chart_resource *res, const layer *l)
{
    const chart_data *d = &res->data;
    const json_value *data = l->values[CH_DATA].json;
    size_t base = lc->pointer_len;
    char what[64];
    int rc;
    if (res->title) {
        lc_push_key(lc, "title");
        if ((rc = label_check_glyphs(lc, &res->title_font, res->title, "the title")))
            return rc;
        lc_pop(lc, base);
    }
    for (size_t i = 0; i < d->count; i++) {
        push_data_pointer(lc, data, "labels", 0, i);
        snprintf(what, sizeof what, "label %zu", i + 1);
        if ((rc = label_check_glyphs(lc, &res->font, d->labels[i], what)))
            return rc;
        lc_pop(lc, base);
    }
    for (size_t s = 0; s < d->series_count; s++) {
        push_data_pointer(lc, data, "name", s, 0);
        snprintf(what, sizeof what, "the name of series %zu", s + 1);
        if ((rc = label_check_glyphs(lc, &res->font, d->series[s].name, what)))
            return rc;
        lc_pop(lc, base);
    }
    /* Every character a number label can use. */
    char all[200];
    snprintf(all, sizeof all, "%s%s0123456789%s%s+-KMBT%%", res->fmt.prefix, res->fmt.suffix, res->fmt.thousands,
             res->fmt.decimal_mark);
    lc_push_key(lc, "format");
    if ((rc = label_check_glyphs(lc, &res->font, all, "the number format")))
        return rc;
    lc_pop(lc, base);
    return 0;
}

/* Marks the build's span and every data transition as changing for the
 * static-span cache (see top): the track climbs by one across each changing
 * span (merged where they overlap) and holds between them. */
static int mark_spans(layer *l, load_ctx *lc, const chart_resource *res)
{
    size_t n = 0, cap = res->key_count + 1;
    double (*span)[2] = calloc(cap, sizeof *span);
    if (!span)
        return lc_error(lc, "out of memory");
    if (res->build.enabled) {
        span[n][0] = res->build.delay;
        span[n++][1] = fmax(res->build.delay + 1, chart_build_end(&res->build, chart_build_elements(res)));
    }
    for (size_t k = 0; k + 1 < res->key_count; k++) {
        span[n][0] = res->keys[k].time;
        span[n++][1] = res->keys[k + 1].time;
    }
    /* Sort by start (few spans; the keyframe spans already are in order). */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && span[j][0] < span[j - 1][0]; j--) {
            double a = span[j][0], b = span[j][1];
            span[j][0] = span[j - 1][0], span[j][1] = span[j - 1][1];
            span[j - 1][0] = a, span[j - 1][1] = b;
        }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && span[i][0] <= span[m - 1][1])
            span[m - 1][1] = fmax(span[m - 1][1], span[i][1]);
        else
            span[m][0] = span[i][0], span[m++][1] = span[i][1];
    }
    track *tr = &l->values[CH_BUILD].track;
    if (m == 0) {
        free(span);
        return 0;
    }
    if (!(tr->keys = calloc(2 * m, sizeof *tr->keys))) {
        free(span);
        return lc_error(lc, "out of memory");
    }
    tr->components = 1;
    for (size_t i = 0; i < m; i++) {
        tr->keys[2 * i].time = span[i][0];
        tr->keys[2 * i].value[0] = (double)i;
        tr->keys[2 * i + 1].time = span[i][1];
        tr->keys[2 * i + 1].value[0] = (double)i + 1;
    }
    tr->count = 2 * m;
    free(span);
    return 0;
}

/* sort and max_bars: bars of one series, not stacked; max_bars a whole
 * number and only with sort. */
static int race_load(load_ctx *lc, const layer *l, chart_resource *res)
{
    res->sort = (chart_sort)l->values[CH_SORT].integer;
    double max_bars = num(l, CH_MAX_BARS);
    if (max_bars != floor(max_bars)) {
        lc_push_key(lc, "max_bars");
        return lc_error(lc, "max_bars must be a whole number, got %g", max_bars);
    }
    if (l->values[CH_MAX_BARS].given && res->sort == SORT_NONE) {
        lc_push_key(lc, "max_bars");
        return lc_error(lc, "max_bars applies to sorted bars: add \"sort\": \"descending\" or \"ascending\"");
    }
    res->max_bars = max_bars > 0 && max_bars < (double)res->data.count ? (size_t)max_bars : res->data.count;
    if (res->sort == SORT_NONE)
        return 0;
    const char *why = res->kind != CHART_BAR ? "sort applies to bar charts"
                    : res->data.series_count != 1 ? "sort needs one series to order the bars by"
                    : res->stacked ? "sort does not apply to stacked bars" : NULL;
    if (why) {
        lc_push_key(lc, "sort");
        return lc_error(lc, "%s", why);
    }
    return 0;
}

static int chart_prepare(layer *l, load_ctx *lc)
{
    chart_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    res->kind = (chart_kind)l->values[CH_KIND].integer;
    res->width = num(l, CH_WIDTH);
    res->height = num(l, CH_HEIGHT);
    int rc = chart_data_load(lc, l->values[CH_DATA].json, &res->data, &res->keys, &res->key_count);
    if (rc)
        return rc;
    const chart_data *d = &res->data;
    bool pie = res->kind == CHART_PIE || res->kind == CHART_DONUT;
    if (pie) {
        const json_value *data = l->values[CH_DATA].json;
        if (d->series_count != 1) {
            lc_push_key(lc, "data");
            return lc_error(lc, "a %s chart shows one series, got %zu", kind_values[res->kind], d->series_count);
        }
        for (size_t i = 0; i < d->count; i++)
            if (d->series[0].values[i] < 0) {
                push_data_pointer(lc, data, "values", 0, i);
                return lc_error(lc, "a %s chart cannot show a negative value (\"%.80s\" is %s)",
                                kind_values[res->kind], d->labels[i], "below zero");
            }
        for (size_t k = 1; k < res->key_count; k++)
            for (size_t i = 0; i < d->count; i++)
                if (res->keys[k].values[i] < 0) {
                    lc_push_key(lc, "data");
                    lc_push_index(lc, k);
                    lc_push_key(lc, "value");
                    return lc_error(lc, "a %s chart cannot show a negative value (\"%.80s\" is below zero "
                                    "in keyframe %zu)", kind_values[res->kind], d->labels[i], k);
                }
    }
    res->horizontal = l->values[CH_ORIENTATION].integer == 1;
    res->stacked = l->values[CH_STACKED].integer;
    res->smooth = l->values[CH_SMOOTH].integer;
    res->markers = l->values[CH_MARKERS].integer;
    res->fill_area = l->values[CH_FILL_AREA].integer || res->kind == CHART_AREA;
    res->value_labels = l->values[CH_VALUE_LABELS].integer;
    res->pie_percent = l->values[CH_PIE_LABELS].integer == 0;
    res->gridlines = l->values[CH_GRIDLINES].integer;
    res->legend = (chart_legend_pos)l->values[CH_LEGEND].integer;
    res->overflow = (chart_overflow)l->values[CH_LABEL_OVERFLOW].integer;
    res->font_size = num(l, CH_FONT_SIZE);
    res->title_size = num(l, CH_TITLE_SIZE);
    res->ticks = (int)lround(num(l, CH_TICKS));
    res->has_min = l->values[CH_AXIS_MIN].given;
    res->has_max = l->values[CH_AXIS_MAX].given;
    res->axis_min = num(l, CH_AXIS_MIN);
    res->axis_max = num(l, CH_AXIS_MAX);
    if (res->has_min && res->has_max && !(res->axis_max > res->axis_min)) {
        lc_push_key(lc, "axis_max");
        return lc_error(lc, "axis_max must be greater than axis_min");
    }
    res->line_width = num(l, CH_LINE_WIDTH);
    res->marker_size = num(l, CH_MARKER_SIZE);
    res->bar_radius = num(l, CH_BAR_RADIUS);
    res->bar_gap = num(l, CH_BAR_GAP);
    res->donut_hole = num(l, CH_DONUT_HOLE);
    res->slice_gap = num(l, CH_SLICE_GAP);
    res->area_opacity = num(l, CH_AREA_OPACITY);
    if ((rc = race_load(lc, l, res)))
        return rc;
    bool dark = l->values[CH_THEME].integer == 1;
    color_or(l, CH_TEXT_COLOR, dark ? "#E2E8F0" : "#334155", res->text_color);
    color_or(l, CH_GRID_COLOR, dark ? "#FFFFFF26" : "#CBD5E1", res->grid_color);
    color_or(l, CH_AXIS_COLOR, dark ? "#FFFFFF80" : "#64748B", res->axis_color);
    if (l->values[CH_TITLE].str && !(res->title = strdup(l->values[CH_TITLE].str)))
        return lc_error(lc, "out of memory");
    if ((rc = chart_format_load(lc, l->values[CH_FORMAT].json, res)) ||
        (rc = chart_build_load(lc, l->values[CH_BUILD].json, scene_fps(lc->scene), chart_build_elements(res),
                               &res->build)) ||
        (rc = chart_colors_load(lc, l->values[CH_COLORS].json, res)))
        return rc;
    res->value_decimals = res->decimals_given ? res->fmt.decimals : data_decimals(res);
    if ((rc = label_font_resolve(lc, l->values[CH_FAMILY].str, l->values[CH_WEIGHT].integer, "font_family",
                                 &res->font)) ||
        (rc = label_font_resolve(lc, l->values[CH_FAMILY].str, l->values[CH_TITLE_WEIGHT].integer, "font_family",
                                 &res->title_font)) ||
        (rc = check_texts(lc, res, l)))
        return rc;
    /* The JSON values are borrowed from the document, which is freed after loading. */
    l->values[CH_DATA].json = l->values[CH_FORMAT].json = l->values[CH_BUILD].json = NULL;
    l->values[CH_COLORS].json = NULL;
    return mark_spans(l, lc, res);
}

static void chart_release(layer *l)
{
    chart_resource *res = l->resource;
    if (!res)
        return;
    chart_data_free(&res->data);
    for (size_t k = 0; k < res->key_count; k++)
        free(res->keys[k].values);
    free(res->keys);
    free(res->slice_colors);
    free(res->title);
    free(res);
}

static void chart_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    (void)dc;
    (void)t;
    const chart_resource *res = l->resource;
    *w = res->width;
    *h = res->height;
}

static bool chart_draws_alpha(const layer *l)
{
    (void)l;
    return false;   /* many overlapping operations: composited as a group */
}

PangoLayout *chart_label(const chart_frame *f, const char *text, bool bold, double size, double max_width)
{
    const label_font *font = bold ? &f->res->title_font : &f->res->font;
    if (f->labels)
        return chart_labels_get(f->labels, f->dc->pango, font, bold, size, text, max_width);
    return label_layout(f->dc->pango, font, size, text, true, max_width);
}

/* The drawing calls report where they reach while an effect or the frame's
 * changed areas gather it (render/ink_bound.h): the path's points (a fill
 * stays within them), widened for a stroke by as far as its joins and caps
 * can reach, or a label's ink; with 2 pixels for antialiasing and hinting.
 * An empty one (no path, a blank label) draws nothing. These bounds cost
 * little: cairo's exact fill and stroke extents would build the shapes. */
static void report(const chart_frame *f, const double u[4])
{
    if (u[2] > u[0] && u[3] > u[1])
        ink_add(f->dc, ink_device_rect(f->cr, NULL, u, 2));
}

void chart_fill(const chart_frame *f)
{
    if (f->dc->ink_depth > 0) {
        double u[4];
        cairo_path_extents(f->cr, &u[0], &u[1], &u[2], &u[3]);
        report(f, u);
    }
    cairo_fill(f->cr);
}

void chart_stroke(const chart_frame *f)
{
    if (f->dc->ink_depth > 0) {
        cairo_t *cr = f->cr;
        double u[4];
        cairo_path_extents(cr, &u[0], &u[1], &u[2], &u[3]);
        /* Half the width, times the miter limit for mitered joins (a miter
         * reaches at most that far), or sqrt(2) for a square cap's corner. */
        double reach = cairo_get_line_width(cr) / 2;
        if (cairo_get_line_join(cr) == CAIRO_LINE_JOIN_MITER)
            reach *= fmax(cairo_get_miter_limit(cr), M_SQRT2);
        else if (cairo_get_line_cap(cr) == CAIRO_LINE_CAP_SQUARE)
            reach *= M_SQRT2;
        if (u[2] >= u[0] && u[3] >= u[1])
            report(f, (double[4]){u[0] - reach, u[1] - reach, u[2] + reach, u[3] + reach});
    }
    cairo_stroke(f->cr);
}

void chart_show(const chart_frame *f, PangoLayout *layout, double x, double y, double ax, double ay)
{
    if (f->dc->ink_depth > 0) {
        double u[4];
        label_ink_rect(layout, x, y, ax, ay, u);
        report(f, u);
    }
    label_show(f->cr, layout, x, y, ax, ay);
}

void chart_set_color(const chart_frame *f, const double c[4], double alpha)
{
    cairo_set_source_rgba(f->cr, c[0], c[1], c[2], c[3] * alpha * f->alpha);
}

static void rounded_box(cairo_t *cr, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    cairo_new_sub_path(cr);
    cairo_arc(cr, w - r, r, r, -M_PI / 2, 0);
    cairo_arc(cr, w - r, h - r, r, 0, M_PI / 2);
    cairo_arc(cr, r, h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, r, r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

/* Points `view` (a copy of res) at key k's values, series by series. */
static void view_key(const chart_resource *res, size_t k, chart_resource *view, chart_series *series)
{
    *view = *res;
    memcpy(series, res->data.series, res->data.series_count * sizeof *series);
    for (size_t s = 0; s < res->data.series_count; s++)
        series[s].values = res->keys[k].values + s * res->data.count;
    view->data.series = series;
}

/* Where a frame stands in keyframed data: between keys a and b (equal when
 * static) with eased progress u. */
typedef struct data_pos {
    size_t a, b;
    double u;
} data_pos;

/* Keyframed data at frame t: `view` shows the interpolated values (in buf);
 * during a transition f's axis ends blend the two keyframes' nice ranges. */
static data_pos data_at(const chart_resource *res, double t, double fps, chart_frame *f, chart_resource *view,
                        chart_series *series, double *buf)
{
    size_t n = res->data.count, last = res->key_count - 1, a = 0;
    while (a < last && res->keys[a + 1].time <= t)
        a++;
    if (a == last || t <= res->keys[0].time) {
        view_key(res, a, view, series);     /* before the first or from the last keyframe on: static */
        return (data_pos){a, a, 0};
    }
    const chart_data_key *ka = &res->keys[a], *kb = &res->keys[a + 1];
    double u = easing_apply(&ka->ease, (t - ka->time) / (kb->time - ka->time), (t - ka->time) / fps);
    chart_ticks ta, tb;
    view_key(res, a, view, series);
    chart_axis_ticks(view, &ta);
    view_key(res, a + 1, view, series);
    chart_axis_ticks(view, &tb);
    f->axis_fixed = true;
    /* A spring may overshoot the values, but the axis stays between the two
     * ranges so that it can never turn inside out. */
    double ua = chart_clamp01(u);
    f->axis_lo = ta.lo + (tb.lo - ta.lo) * ua;
    f->axis_hi = ta.hi + (tb.hi - ta.hi) * ua;
    /* The step is the nearer keyframe's, so the ticks match the static chart
     * at both ends of the transition and change once, halfway. */
    f->axis_step = ua < 0.5 ? ta.step : tb.step;
    bool pie = res->kind == CHART_PIE || res->kind == CHART_DONUT;
    for (size_t j = 0; j < n * res->data.series_count; j++) {
        buf[j] = ka->values[j] + (kb->values[j] - ka->values[j]) * u;
        if (pie && buf[j] < 0)
            buf[j] = 0;     /* a spring overshooting toward zero: no negative slice */
    }
    for (size_t s = 0; s < res->data.series_count; s++)
        series[s].values = buf + s * n;
    return (data_pos){a, a + 1, u};
}

typedef struct ranked {
    double value;
    size_t index;
} ranked;

static int by_value_down(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int by_value_up(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value < b->value ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* place[i] = category i's place in `values` (0 first), equal values in
 * category order. tmp holds n entries. */
static void rank_places(const double *values, size_t n, chart_sort sort, ranked *tmp, double *place)
{
    for (size_t i = 0; i < n; i++)
        tmp[i] = (ranked){values[i], i};
    qsort(tmp, n, sizeof *tmp, sort == SORT_DESCENDING ? by_value_down : by_value_up);
    for (size_t k = 0; k < n; k++)
        place[tmp[k].index] = (double)k;
}

/* Sorted bars' places at this frame (n each in place and to, n in tmp):
 * during a data transition each bar glides from its place in the first
 * dataset to its place in the second, with the transition's eased progress
 * (held within the two). */
static void places_at(const chart_resource *res, data_pos pos, double *place, double *to, ranked *tmp)
{
    size_t n = res->data.count;
    const double *va = res->key_count ? res->keys[pos.a].values : res->data.series[0].values;
    rank_places(va, n, res->sort, tmp, place);
    if (pos.b != pos.a) {
        rank_places(res->keys[pos.b].values, n, res->sort, tmp, to);
        double u = chart_clamp01(pos.u);
        for (size_t i = 0; i < n; i++)
            place[i] += (to[i] - place[i]) * u;
    }
}

/* What a render thread keeps for a chart from frame to frame (its cache for
 * the layer): label layouts, and scratch memory for a frame's arrays, sized
 * from the data once, so that drawing a frame allocates nothing. */
typedef struct chart_kept {
    chart_labels *labels;       /* NULL: made afresh every frame */
    double *values;             /* data in motion: count x series */
    double *places;             /* sorted bars: place, destination (n each) */
    ranked *ranks;              /* sorted bars: n */
    double *line;               /* line charts: CHART_LINE_SCRATCH x n */
} chart_kept;

static void chart_kept_free(void *p)
{
    chart_kept *k = p;
    if (!k)
        return;
    chart_labels_free(k->labels);
    free(k->values);
    free(k->places);
    free(k->ranks);
    free(k->line);
    free(k);
}

static chart_kept *chart_kept_new(const chart_resource *res)
{
    size_t n = res->data.count ? res->data.count : 1;
    chart_kept *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->labels = chart_labels_new();
    k->values = malloc(n * (res->data.series_count ? res->data.series_count : 1) * sizeof *k->values);
    k->places = malloc(2 * n * sizeof *k->places);
    k->ranks = malloc(n * sizeof *k->ranks);
    k->line = malloc(CHART_LINE_SCRATCH * n * sizeof *k->line);
    if (!k->values || !k->places || !k->ranks || !k->line) {
        chart_kept_free(k);
        return NULL;
    }
    return k;
}

static bool chart_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    const chart_resource *res = l->resource;
    if (!dc->caches[l->index] && !(dc->caches[l->index] = chart_kept_new(res))) {
        snprintf(dc->error, sizeof dc->error, "%.200s: out of memory", l->pointer);
        return true;
    }
    chart_kept *kept = dc->caches[l->index];
    chart_frame f = {.res = res, .labels = kept->labels, .dc = dc, .cr = dc->cr, .t = t, .fps = dc->fps,
                     .alpha = alpha, .line_scratch = kept->line};
    chart_resource view;
    chart_series series[CHART_MAX_SERIES];
    data_pos pos = {0, 0, 0};
    const chart_resource *own = res;
    if (res->key_count) {
        double clock = stage_clock_begin(STAGE_EVALUATE);
        pos = data_at(res, t, dc->fps, &f, &view, series, kept->values);
        stage_clock_end(STAGE_EVALUATE, clock);
        f.res = res = &view;
    }
    if (own->sort != SORT_NONE) {
        double clock = stage_clock_begin(STAGE_EVALUATE);
        places_at(own, pos, kept->places, kept->places + own->data.count, kept->ranks);
        stage_clock_end(STAGE_EVALUATE, clock);
        f.place = kept->places;
    }
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    if (paint_set_source(cr, &l->values[CH_BACKGROUND].paint, t, dc->fps, res->width, res->height, alpha)) {
        rounded_box(cr, res->width, res->height, num(l, CH_CORNER_RADIUS));
        chart_fill(&f);
    }
    double pad = num(l, CH_PADDING);
    rect_d area = {pad, pad, res->width - 2 * pad, res->height - 2 * pad};
    if (res->title) {
        PangoLayout *title = chart_label(&f, res->title, true, res->title_size, area.w);
        double tw, th;
        label_extent(title, &tw, &th);
        chart_set_color(&f, res->text_color, 1);
        chart_show(&f, title, area.x, area.y, 0, 0);
        g_object_unref(title);
        area.y += th + res->font_size * 0.75;
        area.h -= th + res->font_size * 0.75;
    }
    rect_d legend_box = {0};
    chart_legend_place(&f, &area, &legend_box);
    if (area.w > 1 && area.h > 1) {
        if (res->kind == CHART_PIE || res->kind == CHART_DONUT) {
            double side = fmin(area.w, area.h);
            f.plot = (rect_d){area.x + (area.w - side) / 2, area.y + (area.h - side) / 2, side, side};
            if (legend_box.w > 0 && legend_box.x > area.x + area.w) {
                /* A legend on the right sits beside the pie, the pair centered. */
                double gap = legend_box.x - (area.x + area.w);
                double spare = area.w - side;
                f.plot.x = area.x + spare / 2;
                legend_box.x = f.plot.x + side + gap;
            }
            chart_pie_draw(&f);
        } else {
            chart_axes_layout(&f, area);
            chart_axes_draw_grid(&f);
            if (res->kind == CHART_BAR)
                chart_bar_draw(&f);
            else
                chart_line_draw(&f);
            chart_axes_draw_labels(&f);
        }
    }
    if (legend_box.w > 0)
        chart_legend_draw(&f, legend_box);
    cairo_restore(cr);
    return true;
}

const layer_type chart_layer_type = {
    .name = "chart",
    .doc = "A bar, line, area, pie or donut chart from inline data or a CSV/JSON file, with an animated "
           "build-in (see charts.md).",
    .props = chart_props,
    .prop_count = sizeof chart_props / sizeof chart_props[0],
    .prepare = chart_prepare,
    .box = chart_box,
    .draw = chart_draw,
    .draws_alpha = chart_draws_alpha,
    .reports_ink = true,
    .release = chart_release,
    .cache_free = chart_kept_free,
};

/* The chart layer's shared model: loaded data and options (immutable after
 * load), and the frame geometry the drawing files share. One file per job:
 * chart.c (table, load, layout), chart_data.c (inline/CSV/JSON data),
 * chart_options.c (format, build, colors), chart_ticks.c (nice ticks),
 * chart_axes.c (grid, ticks, labels), chart_bar.c, chart_line.c (line and
 * area), chart_pie.c (pie and donut), chart_legend.c. */
#ifndef REEL_CHART_H
#define REEL_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "anim/easing.h"
#include "layers/chart_ticks.h"
#include "layers/label_text.h"
#include "render/draw.h"
#include "scene/load_ctx.h"
#include "util/numformat.h"

#define CHART_MAX_SERIES 64
#define CHART_MAX_POINTS 10000

typedef enum chart_kind { CHART_BAR, CHART_LINE, CHART_AREA, CHART_PIE, CHART_DONUT } chart_kind;
typedef enum chart_legend_pos { LEGEND_AUTO, LEGEND_NONE, LEGEND_TOP, LEGEND_BOTTOM, LEGEND_RIGHT } chart_legend_pos;
typedef enum chart_overflow { OVERFLOW_TRUNCATE, OVERFLOW_ROTATE } chart_overflow;

typedef struct chart_series {
    char *name;
    double *values;             /* data.count values */
    double color[4];            /* sRGB, straight alpha */
} chart_series;

typedef struct chart_data {
    char **labels;              /* count category labels */
    size_t count;
    chart_series *series;
    size_t series_count;
} chart_data;

/* One keyframe of a keyframed "data" list: the values of every series at a
 * frame (labels, names and colors are the first keyframe's, in `data`). */
typedef struct chart_data_key {
    double time;                /* frame */
    easing ease;                /* toward the next keyframe */
    double *values;             /* series_count * count, series-major */
} chart_data_key;

/* The build-in animation: element i moves from 0 to 1 over
 * [delay + i * stagger, delay + i * stagger + duration] (frames). */
typedef struct chart_build {
    bool enabled;
    double delay, duration, stagger;
    easing ease;
} chart_build;

typedef enum chart_sort { SORT_NONE, SORT_DESCENDING, SORT_ASCENDING } chart_sort;

typedef struct chart_resource {
    chart_kind kind;
    double width, height;
    chart_data data;            /* keyframed data: the first keyframe's */
    chart_data_key *keys;       /* keyframed data only, else NULL */
    size_t key_count;
    double (*slice_colors)[4];  /* pie/donut: one per category */
    bool horizontal, stacked, smooth, markers, fill_area, gridlines, value_labels, pie_percent;
    numfmt fmt;
    bool decimals_given;        /* format.decimals written: ticks use it too */
    int value_decimals;         /* value labels when not given: the data's own digits (<= 3) */
    label_font font, title_font;
    double font_size, title_size;
    char *title;
    chart_legend_pos legend;
    chart_overflow overflow;
    bool has_min, has_max;
    double axis_min, axis_max;
    int ticks;
    double text_color[4], grid_color[4], axis_color[4];
    double line_width, marker_size, bar_radius, bar_gap, group_gap, donut_hole, slice_gap, area_opacity;
    chart_build build;
    chart_sort sort;
    size_t max_bars;            /* places shown: data.count unless sorted with max_bars */
} chart_resource;

typedef struct rect_d { double x, y, w, h; } rect_d;

/* ---- chart_labels.c ---- */
/* Label layouts kept by a render thread (its cache for the layer). */
typedef struct chart_labels chart_labels;
chart_labels *chart_labels_new(void);
void chart_labels_free(void *labels);
/* label_layout's tabular layout of text in font (a new reference), kept or
 * made; bold says which of the chart's two fonts it is. */
PangoLayout *chart_labels_get(chart_labels *c, PangoContext *ctx, const label_font *font, bool bold, double size,
                              const char *text, double max_width);

/* Doubles per category a line chart draws with (chart_line.c). */
enum { CHART_LINE_SCRATCH = 7 };

/* One frame's geometry and state, shared by the drawing files. */
typedef struct chart_frame {
    const chart_resource *res;
    chart_labels *labels;       /* NULL: made afresh */
    double *line_scratch;       /* line charts: CHART_LINE_SCRATCH x data.count doubles */
    draw_ctx *dc;
    cairo_t *cr;
    double t, fps, alpha;
    rect_d plot;                /* the data area (cartesian) or the pie's square */
    chart_ticks ticks;          /* the value axis */
    int tick_decimals;
    double category_room;       /* horizontal bars: width for category labels */
    double category_right;      /* horizontal bars: where category labels end */
    size_t label_every;         /* category labels shown: 0, k, 2k, ... */
    double label_max_width;     /* along the text; longer ones end with an ellipsis */
    bool label_rotated;
    bool axis_fixed;            /* during a data transition: both axis ends given */
    double axis_lo, axis_hi, axis_step;
    const double *place;        /* sorted bars: each category's place (fractional while moving); NULL: its index */
} chart_frame;

/* ---- chart_data.c ---- */
/* Loads the "data" value (inline or from a file, or a keyframe list of
 * those: then *keys gets one entry per keyframe); reports with pointers. */
int chart_data_load(load_ctx *lc, const json_value *v, chart_data *out, chart_data_key **keys, size_t *key_count);
void chart_data_free(chart_data *d);

/* ---- chart_options.c ---- */
/* A time (seconds, "1.5s", "45f", ...) as a frame. */
int chart_time_load(load_ctx *lc, const json_value *x, double *out);
int chart_format_load(load_ctx *lc, const json_value *v, chart_resource *res);
int chart_build_load(load_ctx *lc, const json_value *v, double fps, size_t elements, chart_build *out);
int chart_colors_load(load_ctx *lc, const json_value *v, chart_resource *res);
/* The default palette, in order (documented in docs/charts.md). */
void chart_palette_color(size_t i, double out[4]);
/* Element i's build progress at local time t (0..1, may overshoot for springs). */
double chart_build_progress(const chart_build *b, size_t i, double t, double fps);
/* The frame when the last element has finished building. */
double chart_build_end(const chart_build *b, size_t elements);
/* How many staggered elements the chart's kind animates. */
size_t chart_build_elements(const chart_resource *res);

/* ---- chart_axes.c ---- */
/* The value range of the data as the chart kind shows it (stacked sums, zero included). */
void chart_value_range(const chart_resource *res, double *lo, double *hi);
/* The value axis ticks for the resource's data and axis options. */
void chart_axis_ticks(const chart_resource *res, chart_ticks *out);
/* Maps a value to a pixel along the value axis (y for vertical, x for horizontal). */
double chart_value_pos(const chart_frame *f, double v);
/* Formats a tick or value label. */
void chart_format_tick(const chart_frame *f, double v, char *buf, size_t size);
void chart_format_value(const chart_frame *f, double v, char *buf, size_t size);
/* Fills plot (within area) after measuring tick and category labels. */
void chart_axes_layout(chart_frame *f, rect_d area);
void chart_axes_draw_grid(const chart_frame *f);
void chart_axes_draw_labels(const chart_frame *f);
/* Category band i: its start and width along the category axis. */
void chart_band(const chart_frame *f, size_t i, double *start, double *width);
/* How much of category i shows: 1, except for a sorted bar moving past the
 * last place shown (fading to 0 over one place) or beyond it (0). */
double chart_place_alpha(const chart_frame *f, size_t i);
/* Sorted bars: clips f->cr at the plot's end along the category axis, so a
 * bar (and its label) leaving the last place slides out of the plot rather
 * than over the axis labels; value labels still reach past a bar's end. */
void chart_clip_places(const chart_frame *f);

/* ---- chart_bar.c, chart_line.c, chart_pie.c ---- */
void chart_bar_draw(const chart_frame *f);
void chart_line_draw(const chart_frame *f);
void chart_pie_draw(const chart_frame *f);

/* ---- chart_legend.c ---- */
/* Measures the legend for the space `area` and takes its room from it. */
void chart_legend_place(const chart_frame *f, rect_d *area, rect_d *legend_box);
void chart_legend_draw(const chart_frame *f, rect_d box);

/* Helpers shared by the drawing files. */
PangoLayout *chart_label(const chart_frame *f, const char *text, bool bold, double size, double max_width);
void chart_set_color(const chart_frame *f, const double c[4], double alpha);
/* cairo_fill, cairo_stroke and label_show that also say where they draw. */
void chart_fill(const chart_frame *f);
void chart_stroke(const chart_frame *f);
void chart_show(const chart_frame *f, PangoLayout *layout, double x, double y, double ax, double ay);
static inline double chart_clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

#endif

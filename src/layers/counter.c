/* Counter layers: a number that animates (keyframes with any easing or spring)
 * and is shown through the number formatter.
 *
 * The box never jitters while counting: figures are tabular (OpenType "tnum",
 * which Inter has), and the box is as wide as the widest text the value takes
 * over the layer's keyframes, measured once at load. Within that box the text
 * is aligned left, center or right, so with "right" the last digit stays put. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/label_text.h"
#include "layers/layers.h"
#include "render/draw.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"
#include "scene/load_ctx.h"
#include "util/numformat.h"

enum {
    CTR_VALUE = COMMON_SLOT_COUNT, CTR_DECIMALS, CTR_THOUSANDS, CTR_DECIMAL_MARK, CTR_PREFIX, CTR_SUFFIX,
    CTR_COMPACT, CTR_PERCENT, CTR_SIGN, CTR_FAMILY, CTR_WEIGHT, CTR_SIZE, CTR_COLOR, CTR_ALIGN,
    CTR_TABULAR, CTR_WIDTH
};

static const char *const thousands_values[] = {",", ".", " ", "'", "none", NULL};
static const char *const mark_values[] = {".", ",", NULL};
static const char *const sign_values[] = {"auto", "always", "never", NULL};
static const char *const align_values[] = {"left", "center", "right", NULL};

#define ANY -INFINITY, INFINITY

static const prop_desc counter_props[] = {
    {"value", PROP_NUMBER, true, -1e15, 1e15, false, "0", NULL,
     "The number shown; animate it with keyframes (any easing or spring) to count."},
    {"decimals", PROP_NUMBER, false, 0, NUMFMT_MAX_DECIMALS, false, "0", NULL,
     "Digits after the decimal mark (a whole number); rounding is half away from zero on the decimal value."},
    {"thousands_separator", PROP_ENUM, false, ANY, false, "\",\"", thousands_values,
     "Separator between groups of three digits, or \"none\"."},
    {"decimal_mark", PROP_ENUM, false, ANY, false, "\".\"", mark_values,
     "The decimal mark: \".\" or \",\"."},
    {"prefix", PROP_STRING, false, ANY, false, "\"\"", NULL,
     "Text before the number (after the sign), e.g. \"$\"."},
    {"suffix", PROP_STRING, false, ANY, false, "\"\"", NULL,
     "Text after the number (and after a compact unit), e.g. \"%\" or \" €\"."},
    {"compact", PROP_BOOL, false, ANY, false, "false", NULL,
     "Compact notation: 1.2K, 3.4M, 5.6B, 7.8T (decimals apply to the scaled number)."},
    {"percent", PROP_BOOL, false, ANY, false, "false", NULL,
     "Multiply by 100 before formatting (0.25 shows as 25); add \"%\" with suffix."},
    {"sign", PROP_ENUM, false, ANY, false, "\"auto\"", sign_values,
     "auto: \"-\" for negatives; always: \"+\" for positives too; never: no sign. Zero has no sign."},
    {"font_family", PROP_STRING, false, ANY, false, "\"Inter\"", NULL,
     "Font family from the scene's font set."},
    {"font_weight", PROP_WEIGHT, false, ANY, false, "400", NULL,
     "Weight: 100 to 900, or thin, light, regular, medium, semibold, bold, extrabold, black."},
    {"font_size", PROP_NUMBER, false, 0.5, 10000, false, "48", NULL,
     "Font size in pixels."},
    {"color", PROP_PAINT, true, ANY, false, "\"#FFFFFF\"", NULL,
     "Text paint: a color or a gradient over the counter's box."},
    {"align", PROP_ENUM, false, ANY, false, "\"left\"", align_values,
     "Alignment of the text within the box (right keeps the last digit still)."},
    {"tabular", PROP_BOOL, false, ANY, false, "true", NULL,
     "Tabular figures (all digits equally wide) so digits do not shift while counting."},
    {"width", PROP_NUMBER, false, 0, 1e6, false, "0", NULL,
     "Box width in pixels; 0: the width of the widest text the value takes."},
};

typedef struct counter_resource {
    numfmt fmt;
    label_font font;
    double box_w, box_h;
} counter_resource;

typedef struct counter_cache {
    PangoLayout *layout;
    char text[160];
} counter_cache;

static const char *str_or_empty(const char *s) { return s ? s : ""; }

static int load_format(layer *l, load_ctx *lc, counter_resource *res)
{
    numfmt *f = &res->fmt;
    numfmt_default(f);
    double decimals = track_eval1(&l->values[CTR_DECIMALS].track, 0, 1);
    if (decimals != floor(decimals)) {
        lc_push_key(lc, "decimals");
        return lc_error(lc, "expected a whole number of decimals from 0 to %d", NUMFMT_MAX_DECIMALS);
    }
    f->decimals = (int)decimals;
    const char *sep = l->values[CTR_THOUSANDS].str;
    snprintf(f->thousands, sizeof f->thousands, "%s", strcmp(sep, "none") == 0 ? "" : sep);
    snprintf(f->decimal_mark, sizeof f->decimal_mark, "%s", l->values[CTR_DECIMAL_MARK].str);
    if (strcmp(f->thousands, f->decimal_mark) == 0) {
        lc_push_key(lc, "decimal_mark");
        return lc_error(lc, "the decimal mark \"%s\" is also the thousands separator; "
                        "set thousands_separator to another one", f->decimal_mark);
    }
    const char *prefix = str_or_empty(l->values[CTR_PREFIX].str), *suffix = str_or_empty(l->values[CTR_SUFFIX].str);
    if (strlen(prefix) >= sizeof f->prefix || strlen(suffix) >= sizeof f->suffix) {
        lc_push_key(lc, strlen(prefix) >= sizeof f->prefix ? "prefix" : "suffix");
        return lc_error(lc, "expected at most %zu bytes", sizeof f->prefix - 1);
    }
    strcpy(f->prefix, prefix);
    strcpy(f->suffix, suffix);
    f->compact = l->values[CTR_COMPACT].integer;
    f->percent = l->values[CTR_PERCENT].integer;
    f->sign = (numfmt_sign)l->values[CTR_SIGN].integer;
    return 0;
}

/* The widest text over the keyframed span. With tabular figures every digit
 * is equally wide, so texts that differ only in digits need one measurement:
 * the key replaces each digit with '0'. */
static void measure_widest(const layer *l, load_ctx *lc, counter_resource *res)
{
    const track *tr = &l->values[CTR_VALUE].track;
    double fps = scene_fps(lc->scene);
    double t0 = 0, t1 = 0;
    if (tr->count > 0) {
        t0 = fmax(0, tr->keys[0].time);
        t1 = fmin((double)(l->end - l->start), tr->keys[tr->count - 1].time);
        if (t1 < t0)
            t1 = t0;
    }
    bool tabular = l->values[CTR_TABULAR].integer;
    /* Bounds the load time of very long counters (each proportional text is measured). */
    double step = fmax(1, ceil((t1 - t0) / (tabular ? 200000 : 2000)));
    double size = track_eval1(&l->values[CTR_SIZE].track, 0, 1);
    enum { SEEN = 32 };
    char seen[SEEN][160];
    int seen_count = 0;
    res->box_w = 0;
    for (double t = t0;; t += step) {
        if (t > t1)
            t = t1;
        char text[160], key[160];
        numfmt_format(&res->fmt, track_eval1(tr, t, fps), text, sizeof text);
        for (size_t i = 0; i <= strlen(text); i++)
            key[i] = tabular && text[i] >= '0' && text[i] <= '9' ? '0' : text[i];
        bool known = false;
        for (int i = 0; i < seen_count && !known; i++)
            known = strcmp(seen[i], key) == 0;
        if (!known) {
            if (seen_count < SEEN)
                strcpy(seen[seen_count++], key);
            PangoLayout *layout = label_layout(lc->font_check_context, &res->font, size, text, tabular, 0);
            double w, h;
            label_extent(layout, &w, &h);
            g_object_unref(layout);
            res->box_w = fmax(res->box_w, w);
            res->box_h = fmax(res->box_h, h);
        }
        if (t >= t1)
            break;
    }
    double given = track_eval1(&l->values[CTR_WIDTH].track, 0, 1);
    if (given > 0)
        res->box_w = given;
}

static int counter_prepare(layer *l, load_ctx *lc)
{
    counter_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    int rc = load_format(l, lc, res);
    if (rc)
        return rc;
    if ((rc = label_font_resolve(lc, l->values[CTR_FAMILY].str, l->values[CTR_WEIGHT].integer, "font_family",
                                 &res->font)))
        return rc;
    /* Every character the counter can ever show. */
    char all[200];
    snprintf(all, sizeof all, "%s%s0123456789%s%s+-KMBT", res->fmt.prefix, res->fmt.suffix, res->fmt.thousands,
             res->fmt.decimal_mark);
    size_t saved = lc_push_key(lc, l->values[CTR_PREFIX].given   ? "prefix"
                                   : l->values[CTR_SUFFIX].given ? "suffix"
                                                                 : "font_family");
    if ((rc = label_check_glyphs(lc, &res->font, all, "the counter's text")))
        return rc;
    lc_pop(lc, saved);
    measure_widest(l, lc, res);
    return 0;
}

static void counter_release(layer *l)
{
    free(l->resource);
}

static void cache_free(void *cache)
{
    counter_cache *c = cache;
    if (c->layout)
        g_object_unref(c->layout);
    free(c);
}

static void counter_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    (void)dc;
    (void)t;
    const counter_resource *res = l->resource;
    *w = res->box_w;
    *h = res->box_h;
}

static bool counter_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static bool counter_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    const counter_resource *res = l->resource;
    counter_cache *c = dc->caches[l->index];
    if (!c) {
        if (!(c = calloc(1, sizeof *c)))
            return true;
        dc->caches[l->index] = c;
    }
    double clock = stage_clock_begin(STAGE_EVALUATE);
    char text[160];
    numfmt_format(&res->fmt, layer_number(l, CTR_VALUE, t, dc->fps), text, sizeof text);
    if (!c->layout || strcmp(text, c->text) != 0) {
        if (c->layout)
            g_object_unref(c->layout);
        c->layout = label_layout(dc->pango, &res->font, track_eval1(&l->values[CTR_SIZE].track, 0, 1), text,
                                 l->values[CTR_TABULAR].integer, 0);
        strcpy(c->text, text);
    }
    stage_clock_end(STAGE_EVALUATE, clock);
    if (!paint_set_source(dc->cr, &l->values[CTR_COLOR].paint, t, dc->fps, res->box_w, res->box_h, alpha))
        return true;
    double align = l->values[CTR_ALIGN].integer * 0.5;
    label_show(dc->cr, c->layout, align * res->box_w, 0, align, 0);
    return true;
}

static bool counter_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out)
{
    (void)t, (void)h;
    const counter_cache *c = dc->caches[l->index];
    *out = (px_rect){0, 0, 0, 0};
    if (c && c->layout) {
        /* As counter_draw shows it. */
        double align = l->values[CTR_ALIGN].integer * 0.5, u[4];
        label_ink_rect(c->layout, align * w, 0, align, 0, u);
        *out = ink_device_rect(dc->cr, NULL, u, 2);
    }
    return true;
}

const layer_type counter_layer_type = {
    .name = "counter",
    .doc = "A number that counts (animate value) shown through the number formatter, in tabular figures.",
    .props = counter_props,
    .prop_count = sizeof counter_props / sizeof counter_props[0],
    .prepare = counter_prepare,
    .box = counter_box,
    .draw = counter_draw,
    .draws_alpha = counter_draws_alpha,
    .ink_bound = counter_ink_bound,
    .release = counter_release,
    .cache_free = cache_free,
};

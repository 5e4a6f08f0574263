/* Chart options given as nested objects: the number format of labels, the
 * build-in animation, and the palette. Each key is checked like a table row:
 * unknown keys are errors with the closest name suggested. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layers/chart.h"
#include "scene/color.h"

static int pick(load_ctx *lc, const json_value *v, const char *const *choices, const char *expected, int *out)
{
    if (v->type == JSON_STRING)
        for (int i = 0; choices[i]; i++)
            if (strcmp(choices[i], v->u.string.str) == 0) {
                *out = i;
                return 0;
            }
    return lc_expected(lc, expected, v);
}

int chart_format_load(load_ctx *lc, const json_value *v, chart_resource *res)
{
    static const char *const keys[] = {"decimals", "thousands_separator", "decimal_mark", "prefix", "suffix",
                                       "compact", "percent", "sign", NULL};
    static const char *const seps[] = {",", ".", " ", "'", "none", NULL};
    static const char *const marks[] = {".", ",", NULL};
    static const char *const signs[] = {"auto", "always", "never", NULL};
    numfmt *f = &res->fmt;
    numfmt_default(f);
    if (!v)
        return 0;
    size_t saved = lc_push_key(lc, "format");
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a format object such as {\"decimals\": 1, \"prefix\": \"$\"}", v);
    for (size_t i = 0; i < v->u.object.count; i++) {
        const json_member *m = &v->u.object.members[i];
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], m->key) != 0)
            k++;
        if (!keys[k])
            return lc_unknown_key(lc, m->key, keys, "format option");
        size_t s2 = lc_push_key(lc, m->key);
        const json_value *x = m->value;
        int choice = 0, rc = 0;
        switch (k) {
        case 0:
            if (x->type != JSON_NUMBER || x->u.number != floor(x->u.number) || x->u.number < 0 ||
                x->u.number > NUMFMT_MAX_DECIMALS)
                return lc_expected(lc, "a whole number from 0 to 10", x);
            f->decimals = (int)x->u.number;
            res->decimals_given = true;
            break;
        case 1:
            if ((rc = pick(lc, x, seps, "one of \",\", \".\", \" \", \"'\", \"none\"", &choice)))
                return rc;
            snprintf(f->thousands, sizeof f->thousands, "%s", choice == 4 ? "" : seps[choice]);
            break;
        case 2:
            if ((rc = pick(lc, x, marks, "\".\" or \",\"", &choice)))
                return rc;
            snprintf(f->decimal_mark, sizeof f->decimal_mark, "%s", marks[choice]);
            break;
        case 3: case 4: {
            char *dst = k == 3 ? f->prefix : f->suffix;
            if (x->type != JSON_STRING || x->u.string.len >= sizeof f->prefix)
                return lc_expected(lc, "a string of at most 63 bytes", x);
            memcpy(dst, x->u.string.str, x->u.string.len + 1);
            break;
        }
        case 5: case 6:
            if (x->type != JSON_BOOL)
                return lc_expected(lc, "true or false", x);
            *(k == 5 ? &f->compact : &f->percent) = x->u.boolean;
            break;
        case 7:
            if ((rc = pick(lc, x, signs, "\"auto\", \"always\" or \"never\"", &choice)))
                return rc;
            f->sign = (numfmt_sign)choice;
            break;
        }
        lc_pop(lc, s2);
    }
    if (strcmp(f->thousands, f->decimal_mark) == 0) {
        lc_push_key(lc, "decimal_mark");
        return lc_error(lc, "the decimal mark \"%s\" is also the thousands separator; "
                        "set thousands_separator to another one", f->decimal_mark);
    }
    lc_pop(lc, saved);
    return 0;
}

static int load_frames(load_ctx *lc, const json_value *x, bool positive, double *out)
{
    char err[300];
    int64_t frame;
    rational fps = lc->scene->fps;
    bool ok = x->type == JSON_NUMBER ? time_from_seconds(x->u.number, fps, false, &frame, err, sizeof err)
            : x->type == JSON_STRING ? time_parse(x->u.string.str, fps, false, &frame, err, sizeof err)
            : false;
    if (!ok)
        return x->type == JSON_NUMBER || x->type == JSON_STRING
                   ? lc_error(lc, "%s", err)
                   : lc_expected(lc, "a time such as 1.5, \"1.5s\" or \"45f\"", x);
    if (positive && frame < 1)
        return lc_error(lc, "the build duration must be at least one frame");
    *out = (double)frame;
    return 0;
}

int chart_time_load(load_ctx *lc, const json_value *x, double *out)
{
    return load_frames(lc, x, false, out);
}

int chart_build_load(load_ctx *lc, const json_value *v, double fps, size_t elements, chart_build *out)
{
    static const char *const keys[] = {"duration", "stagger", "delay", "easing", NULL};
    out->enabled = true;
    out->delay = 0;
    out->duration = round(fps);         /* 1 s */
    /* 0.1 s per element, but the whole cascade within 1 s so that long series
     * do not take ages to appear. */
    out->stagger = fmin(fps * 0.1, elements > 1 ? fps / (double)(elements - 1) : fps * 0.1);
    char err[64];
    easing_parse("ease-out-cubic", &out->ease, err, sizeof err);
    if (!v || (v->type == JSON_BOOL && v->u.boolean))
        return 0;
    size_t saved = lc_push_key(lc, "build");
    if (v->type == JSON_BOOL) {
        out->enabled = false;
        lc_pop(lc, saved);
        return 0;
    }
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "false, true or an object such as {\"duration\": \"1s\", \"stagger\": \"5f\", "
                           "\"easing\": \"ease-out-cubic\"}", v);
    for (size_t i = 0; i < v->u.object.count; i++) {
        const json_member *m = &v->u.object.members[i];
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], m->key) != 0)
            k++;
        if (!keys[k])
            return lc_unknown_key(lc, m->key, keys, "build option");
        size_t s2 = lc_push_key(lc, m->key);
        int rc = k == 0 ? load_frames(lc, m->value, true, &out->duration)
               : k == 1 ? load_frames(lc, m->value, false, &out->stagger)
               : k == 2 ? load_frames(lc, m->value, false, &out->delay)
               : load_easing(lc, m->value, &out->ease);
        if (rc)
            return rc;
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

/* A palette of ten distinct, colorblind-aware hues that read on dark and
 * light backgrounds alike. */
static const unsigned palette[] = {0x3B82F6, 0xF97316, 0x10B981, 0xEF4444, 0x8B5CF6,
                                   0xEAB308, 0x06B6D4, 0xEC4899, 0x84CC16, 0x64748B};

void chart_palette_color(size_t i, double out[4])
{
    unsigned c = palette[i % (sizeof palette / sizeof palette[0])];
    out[0] = ((c >> 16) & 0xFF) / 255.0;
    out[1] = ((c >> 8) & 0xFF) / 255.0;
    out[2] = (c & 0xFF) / 255.0;
    out[3] = 1;
}

int chart_colors_load(load_ctx *lc, const json_value *v, chart_resource *res)
{
    chart_data *d = &res->data;
    /* Pie slices, and sorted bars (which change places), take a color per
     * category; a sorted chart's one series color, given without `colors`,
     * paints every bar. */
    bool sorted = res->kind == CHART_BAR && res->sort != SORT_NONE;
    size_t n_pie = res->kind == CHART_PIE || res->kind == CHART_DONUT || sorted ? d->count : 0;
    if (n_pie && !(res->slice_colors = calloc(n_pie, sizeof *res->slice_colors)))
        return lc_error(lc, "out of memory");
    if (sorted && !v && d->series[0].color[3] >= 0) {
        for (size_t i = 0; i < n_pie; i++)
            memcpy(res->slice_colors[i], d->series[0].color, sizeof res->slice_colors[i]);
        return 0;
    }
    size_t n = n_pie ? n_pie : d->series_count;
    size_t saved = lc_push_key(lc, "colors");
    if (v && (v->type != JSON_ARRAY || v->u.array.count == 0))
        return lc_expected(lc, "a non-empty array of colors such as [\"#FF5A1F\", \"#0B1F3A\"]", v);
    for (size_t i = 0; i < n; i++) {
        double c[4];
        chart_palette_color(i, c);
        if (v) {
            /* The given colors repeat when there are more elements. */
            size_t j = i % v->u.array.count;
            const json_value *x = v->u.array.items[j];
            size_t s2 = lc_push_index(lc, j);
            rgba parsed;
            char err[300];
            if (x->type != JSON_STRING)
                return lc_expected(lc, "a color such as \"#FF5A1F\"", x);
            if (!color_parse(x->u.string.str, &parsed, err, sizeof err))
                return lc_error(lc, "%s", err);
            c[0] = parsed.r; c[1] = parsed.g; c[2] = parsed.b; c[3] = parsed.a;
            lc_pop(lc, s2);
        }
        if (n_pie)
            memcpy(res->slice_colors[i], c, sizeof c);
        else if (d->series[i].color[3] < 0)
            memcpy(d->series[i].color, c, sizeof c);
    }
    lc_pop(lc, saved);
    return 0;
}

size_t chart_build_elements(const chart_resource *res)
{
    const chart_data *d = &res->data;
    switch (res->kind) {
    case CHART_BAR:
        return res->stacked ? d->count : d->count * d->series_count;
    case CHART_LINE:
    case CHART_AREA:
        return d->series_count;
    default:
        return d->count;
    }
}

double chart_build_progress(const chart_build *b, size_t i, double t, double fps)
{
    if (!b->enabled)
        return 1;
    double start = b->delay + (double)i * b->stagger;
    if (t <= start)
        return 0;
    double p = (t - start) / b->duration;
    if (p >= 1)
        return 1;
    return easing_apply(&b->ease, p, (t - start) / fps);
}

double chart_build_end(const chart_build *b, size_t elements)
{
    return b->delay + (double)(elements ? elements - 1 : 0) * b->stagger + b->duration;
}

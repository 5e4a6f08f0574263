/* Chart data: inline labels and series, or a CSV/JSON file with the columns
 * named. Everything is checked at load; errors name the JSON Pointer, and for
 * file data the file, line (CSV) or row pointer (JSON) and the column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layers/chart.h"
#include "scene/color.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/numparse.h"
#include "util/suggest.h"

#define DATA_FILE_LIMIT (64u << 20)

static int alloc_data(load_ctx *lc, chart_data *d, size_t count, size_t series)
{
    d->labels = calloc(count, sizeof *d->labels);
    d->series = calloc(series, sizeof *d->series);
    if (!d->labels || !d->series)
        return lc_error(lc, "out of memory");
    d->count = count;
    d->series_count = series;
    for (size_t s = 0; s < series; s++) {
        d->series[s].color[3] = -1;     /* not given: the palette decides */
        if (!(d->series[s].values = calloc(count, sizeof(double))))
            return lc_error(lc, "out of memory");
    }
    return 0;
}

static int count_ok(load_ctx *lc, size_t n, const char *what)
{
    if (n == 0)
        return lc_error(lc, "a chart needs at least one %s", what);
    if (n > CHART_MAX_POINTS)
        return lc_error(lc, "too many %ss (%zu; the limit is %d)", what, n, CHART_MAX_POINTS);
    return 0;
}

static int load_values(load_ctx *lc, const json_value *v, size_t count, double *out)
{
    size_t saved = lc_push_key(lc, "values");
    if (v->type != JSON_ARRAY)
        return lc_expected(lc, "an array of numbers", v);
    if (v->u.array.count != count)
        return lc_error(lc, "expected %zu values (one per label), got %zu", count, v->u.array.count);
    for (size_t i = 0; i < count; i++) {
        const json_value *x = v->u.array.items[i];
        size_t s2 = lc_push_index(lc, i);
        if (x->type != JSON_NUMBER || fabs(x->u.number) > 1e15)
            return lc_expected(lc, "a number from -1e15 to 1e15", x);
        out[i] = x->u.number;
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

static int load_series(load_ctx *lc, const json_value *s, size_t index, chart_series *out, size_t count)
{
    static const char *const keys[] = {"name", "values", "color", NULL};
    if (s->type != JSON_OBJECT)
        return lc_expected(lc, "a series object such as {\"name\": \"2025\", \"values\": [1, 2]}", s);
    int rc = lc_check_keys(lc, s, keys, "series property");
    if (rc)
        return rc;
    const json_value *name = json_get(s, "name"), *values = json_get(s, "values"), *color = json_get(s, "color");
    if (name) {
        size_t saved = lc_push_key(lc, "name");
        if (name->type != JSON_STRING)
            return lc_expected(lc, "a string", name);
        lc_pop(lc, saved);
    }
    char fallback[32];
    snprintf(fallback, sizeof fallback, "Series %zu", index + 1);
    if (!(out->name = strdup(name ? name->u.string.str : fallback)))
        return lc_error(lc, "out of memory");
    if (!values)
        return lc_error(lc, "series is missing \"values\"");
    if ((rc = load_values(lc, values, count, out->values)))
        return rc;
    if (color) {
        size_t saved = lc_push_key(lc, "color");
        rgba c;
        char err[300];
        if (color->type != JSON_STRING)
            return lc_expected(lc, "a color such as \"#FF5A1F\"", color);
        if (!color_parse(color->u.string.str, &c, err, sizeof err))
            return lc_error(lc, "%s", err);
        out->color[0] = c.r; out->color[1] = c.g; out->color[2] = c.b; out->color[3] = c.a;
        lc_pop(lc, saved);
    }
    return 0;
}

static int load_labels(load_ctx *lc, const json_value *labels, chart_data *d)
{
    size_t saved = lc_push_key(lc, "labels");
    for (size_t i = 0; i < d->count; i++) {
        const json_value *x = labels->u.array.items[i];
        size_t s2 = lc_push_index(lc, i);
        if (x->type != JSON_STRING)
            return lc_expected(lc, "a label string", x);
        if (!(d->labels[i] = strdup(x->u.string.str)))
            return lc_error(lc, "out of memory");
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

static int load_inline(load_ctx *lc, const json_value *v, chart_data *d)
{
    static const char *const keys[] = {"labels", "series", "values", NULL};
    int rc = lc_check_keys(lc, v, keys, "data property");
    if (rc)
        return rc;
    const json_value *labels = json_get(v, "labels"), *series = json_get(v, "series"), *values = json_get(v, "values");
    if (!labels)
        return lc_error(lc, "data is missing \"labels\" (or \"file\")");
    size_t saved = lc_push_key(lc, "labels");
    if (labels->type != JSON_ARRAY)
        return lc_expected(lc, "an array of label strings", labels);
    if ((rc = count_ok(lc, labels->u.array.count, "label")))
        return rc;
    lc_pop(lc, saved);
    if (series && values) {
        lc_push_key(lc, "values");
        return lc_error(lc, "give either \"series\" or \"values\" (one series), not both");
    }
    if (!series && !values)
        return lc_error(lc, "data is missing \"series\" (or \"values\" for one series)");
    size_t n_series = 1;
    if (series) {
        saved = lc_push_key(lc, "series");
        if (series->type != JSON_ARRAY)
            return lc_expected(lc, "an array of series objects", series);
        if (series->u.array.count == 0)
            return lc_error(lc, "a chart needs at least one series");
        if (series->u.array.count > CHART_MAX_SERIES)
            return lc_error(lc, "too many series (%zu; the limit is %d)", series->u.array.count, CHART_MAX_SERIES);
        n_series = series->u.array.count;
        lc_pop(lc, saved);
    }
    if ((rc = alloc_data(lc, d, labels->u.array.count, n_series)) || (rc = load_labels(lc, labels, d)))
        return rc;
    if (values) {
        if (!(d->series[0].name = strdup("")))
            return lc_error(lc, "out of memory");
        return load_values(lc, values, d->count, d->series[0].values);
    }
    saved = lc_push_key(lc, "series");
    for (size_t s = 0; s < n_series; s++) {
        size_t s2 = lc_push_index(lc, s);
        if ((rc = load_series(lc, series->u.array.items[s], s, &d->series[s], d->count)))
            return rc;
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

/* label_column and value_columns of a file source. */
typedef struct file_columns {
    const char *label;
    const char *const *values;
    size_t value_count;
} file_columns;

static int load_columns(load_ctx *lc, const json_value *v, file_columns *cols, const char **names)
{
    const json_value *label = json_get(v, "label_column"), *values = json_get(v, "value_columns");
    if (!label)
        return lc_error(lc, "data is missing \"label_column\" (the column with the category labels)");
    if (!values)
        return lc_error(lc, "data is missing \"value_columns\" (the columns to plot, one series each)");
    size_t saved = lc_push_key(lc, "label_column");
    if (label->type != JSON_STRING)
        return lc_expected(lc, "a column name", label);
    cols->label = label->u.string.str;
    lc_pop(lc, saved);
    saved = lc_push_key(lc, "value_columns");
    if (values->type != JSON_ARRAY || values->u.array.count == 0)
        return lc_expected(lc, "a non-empty array of column names", values);
    if (values->u.array.count > CHART_MAX_SERIES)
        return lc_error(lc, "too many series (%zu; the limit is %d)", values->u.array.count, CHART_MAX_SERIES);
    for (size_t i = 0; i < values->u.array.count; i++) {
        const json_value *c = values->u.array.items[i];
        if (c->type != JSON_STRING) {
            lc_push_index(lc, i);
            return lc_expected(lc, "a column name", c);
        }
        names[i] = c->u.string.str;
    }
    cols->values = names;
    cols->value_count = values->u.array.count;
    lc_pop(lc, saved);
    return 0;
}

static int missing_column(load_ctx *lc, const char *file, const char *name, const char *key, size_t index,
                          const char *const *have, size_t have_count)
{
    lc_push_key(lc, key);
    if (index != (size_t)-1)
        lc_push_index(lc, index);
    const char *near = suggest_closest(name, have, have_count);
    if (near)
        return lc_error(lc, "%s has no column \"%.80s\" (did you mean \"%s\"?)", file, name, near);
    return lc_error(lc, "%s has no column \"%.80s\"", file, name);
}

static int from_csv(load_ctx *lc, const char *file, const char *text, size_t len, const file_columns *cols,
                    chart_data *d)
{
    csv_table t;
    char err[300];
    if (csv_parse(text, len, &t, err, sizeof err)) {
        lc_push_key(lc, "file");
        return lc_error(lc, "%s: %s", file, err);
    }
    int rc = 0;
    long label_col = csv_column(&t, cols->label);
    long value_cols[CHART_MAX_SERIES];
    if (label_col < 0) {
        rc = missing_column(lc, file, cols->label, "label_column", (size_t)-1, (const char *const *)t.header, t.cols);
        goto done;
    }
    for (size_t s = 0; s < cols->value_count; s++)
        if ((value_cols[s] = csv_column(&t, cols->values[s])) < 0) {
            rc = missing_column(lc, file, cols->values[s], "value_columns", s, (const char *const *)t.header, t.cols);
            goto done;
        }
    if (t.rows == 0 || t.rows > CHART_MAX_POINTS) {
        lc_push_key(lc, "file");
        rc = lc_error(lc, "%s: expected 1 to %d data rows, got %zu", file, CHART_MAX_POINTS, t.rows);
        goto done;
    }
    if ((rc = alloc_data(lc, d, t.rows, cols->value_count)))
        goto done;
    for (size_t s = 0; s < cols->value_count; s++)
        if (!(d->series[s].name = strdup(cols->values[s]))) {
            rc = lc_error(lc, "out of memory");
            goto done;
        }
    for (size_t r = 0; r < t.rows; r++) {
        if (!(d->labels[r] = strdup(csv_cell(&t, r, (size_t)label_col)))) {
            rc = lc_error(lc, "out of memory");
            goto done;
        }
        for (size_t s = 0; s < cols->value_count; s++) {
            const char *cell = csv_cell(&t, r, (size_t)value_cols[s]);
            double x;
            if (!num_parse(cell, strlen(cell), true, &x) || fabs(x) > 1e15) {
                lc_push_key(lc, "file");
                rc = lc_error(lc, "%s line %d, column \"%s\": expected a number such as 12.5, got \"%.40s\"",
                              file, t.row_lines[r], cols->values[s], cell);
                goto done;
            }
            d->series[s].values[r] = x;
        }
    }
done:
    csv_free(&t);
    return rc;
}

static int from_json(load_ctx *lc, const char *file, const char *text, size_t len, const file_columns *cols,
                     chart_data *d)
{
    json_error jerr;
    json_value *root = json_parse(text, len, &jerr);
    int rc = 0;
    size_t saved = lc_push_key(lc, "file");
    if (!root)
        return lc_error(lc, "%s:%d:%d: %s", file, jerr.line, jerr.column, jerr.message);
    if (root->type != JSON_ARRAY || root->u.array.count == 0 || root->u.array.count > CHART_MAX_POINTS) {
        rc = lc_error(lc, "%s: expected an array of 1 to %d row objects such as "
                      "[{\"month\": \"Jan\", \"2025\": 12}]", file, CHART_MAX_POINTS);
        goto done;
    }
    size_t rows = root->u.array.count;
    if ((rc = alloc_data(lc, d, rows, cols->value_count)))
        goto done;
    for (size_t s = 0; s < cols->value_count; s++)
        if (!(d->series[s].name = strdup(cols->values[s]))) {
            rc = lc_error(lc, "out of memory");
            goto done;
        }
    for (size_t r = 0; r < rows; r++) {
        const json_value *row = root->u.array.items[r];
        if (row->type != JSON_OBJECT) {
            rc = lc_error(lc, "%s: /%zu: expected a row object", file, r);
            goto done;
        }
        const json_value *label = json_get(row, cols->label);
        char text_label[64];
        if (label && label->type == JSON_NUMBER)
            num_format(text_label, sizeof text_label, label->u.number);
        if (!label || (label->type != JSON_STRING && label->type != JSON_NUMBER)) {
            rc = lc_error(lc, "%s: /%zu/%s: expected a label string", file, r, cols->label);
            goto done;
        }
        if (!(d->labels[r] = strdup(label->type == JSON_STRING ? label->u.string.str : text_label))) {
            rc = lc_error(lc, "out of memory");
            goto done;
        }
        for (size_t s = 0; s < cols->value_count; s++) {
            const json_value *x = json_get(row, cols->values[s]);
            if (!x || x->type != JSON_NUMBER || fabs(x->u.number) > 1e15) {
                char got[96] = "nothing";
                if (x)
                    json_describe(x, got, sizeof got);
                rc = lc_error(lc, "%s: /%zu/%s: expected a number, got %s", file, r, cols->values[s], got);
                goto done;
            }
            d->series[s].values[r] = x->u.number;
        }
    }
done:
    json_free(root);
    if (!rc)
        lc_pop(lc, saved);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int load_file(load_ctx *lc, const json_value *v, chart_data *d)
{
    static const char *const keys[] = {"file", "label_column", "value_columns", NULL};
    int rc = lc_check_keys(lc, v, keys, "data property");
    if (rc)
        return rc;
    const json_value *file = json_get(v, "file");
    size_t saved = lc_push_key(lc, "file");
    if (file->type != JSON_STRING || file->u.string.len == 0)
        return lc_expected(lc, "a .csv or .json file path", file);
    const char *name = file->u.string.str;
    bool csv = ends_with(name, ".csv");
    if (!csv && !ends_with(name, ".json"))
        return lc_error(lc, "\"%.80s\": expected a .csv or .json file", name);
    lc_pop(lc, saved);
    const char *names[CHART_MAX_SERIES];
    file_columns cols = {0};
    if ((rc = load_columns(lc, v, &cols, names)))
        return rc;
    saved = lc_push_key(lc, "file");
    char *path = NULL, *text = NULL, err[400];
    size_t len;
    if ((rc = lc_resolve_path(lc, name, &path)))
        return rc;
    if (file_read_all(path, DATA_FILE_LIMIT, &text, &len, err, sizeof err)) {
        free(path);
        return lc_error(lc, "%s", err);
    }
    free(path);
    lc_pop(lc, saved);
    rc = csv ? from_csv(lc, name, text, len, &cols, d) : from_json(lc, name, text, len, &cols, d);
    free(text);
    return rc;
}

/* One dataset at the current pointer. */
static int load_dataset(load_ctx *lc, const json_value *v, chart_data *out)
{
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a data object with \"labels\" and \"series\", or with \"file\"", v);
    return json_get(v, "file") ? load_file(lc, v, out) : load_inline(lc, v, out);
}

/* Keyframe k's dataset must have the first one's labels and series. */
static int same_shape(load_ctx *lc, const chart_data *first, const chart_data *d, size_t k)
{
    if (d->count != first->count)
        return lc_error(lc, "keyframe %zu has %zu labels but keyframe 0 has %zu; every keyframe needs the same "
                        "labels", k, d->count, first->count);
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->labels[i], first->labels[i]) != 0)
            return lc_error(lc, "label %zu of keyframe %zu is \"%.80s\" but keyframe 0 has \"%.80s\"; every "
                            "keyframe needs the same labels", i, k, d->labels[i], first->labels[i]);
    if (d->series_count != first->series_count)
        return lc_error(lc, "keyframe %zu has %zu series but keyframe 0 has %zu; every keyframe needs the same "
                        "series", k, d->series_count, first->series_count);
    for (size_t s = 0; s < d->series_count; s++)
        if (strcmp(d->series[s].name, first->series[s].name) != 0)
            return lc_error(lc, "series %zu of keyframe %zu is named \"%.80s\" but keyframe 0 names it "
                            "\"%.80s\"; every keyframe needs the same series", s, k, d->series[s].name,
                            first->series[s].name);
    return 0;
}

#define CHART_MAX_KEYS 1000

/* {"time", "value": dataset, "easing"} items; the first dataset becomes `out`. */
static int load_keys(load_ctx *lc, const json_value *v, chart_data *out, chart_data_key **keys, size_t *key_count)
{
    static const char *const kf_keys[] = {"time", "value", "easing", NULL};
    size_t n = v->u.array.count;
    if (n == 0 || n > CHART_MAX_KEYS)
        return lc_error(lc, "a data keyframe list needs 1 to %d keyframes, got %zu", CHART_MAX_KEYS, n);
    if (!(*keys = calloc(n, sizeof **keys)))
        return lc_error(lc, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const json_value *item = v->u.array.items[k];
        size_t saved = lc_push_index(lc, k);
        if (item->type != JSON_OBJECT)
            return lc_expected(lc, "a keyframe like {\"time\": \"1s\", \"value\": {\"labels\": [...], "
                               "\"values\": [...]}}", item);
        int rc = lc_check_keys(lc, item, kf_keys, "keyframe property");
        if (rc)
            return rc;
        const json_value *t = json_get(item, "time"), *val = json_get(item, "value"), *e = json_get(item, "easing");
        if (!t)
            return lc_error(lc, "keyframe is missing \"time\"");
        if (!val)
            return lc_error(lc, "keyframe is missing \"value\" (a dataset)");
        chart_data_key *key = &(*keys)[k];
        size_t s2 = lc_push_key(lc, "time");
        if ((rc = chart_time_load(lc, t, &key->time)))
            return rc;
        if (k > 0 && key->time <= (*keys)[k - 1].time)
            return lc_error(lc, "keyframe times must increase: this one is at frame %.0f, the previous at frame %.0f",
                            key->time, (*keys)[k - 1].time);
        lc_pop(lc, s2);
        key->ease.kind = EASING_LINEAR;
        if (e) {
            s2 = lc_push_key(lc, "easing");
            if ((rc = load_easing(lc, e, &key->ease)))
                return rc;
            lc_pop(lc, s2);
        }
        s2 = lc_push_key(lc, "value");
        chart_data d = {0};
        rc = load_dataset(lc, val, k == 0 ? out : &d);
        if (!rc && k > 0)
            rc = same_shape(lc, out, &d, k);
        const chart_data *src = k == 0 ? out : &d;
        if (!rc && !(key->values = calloc(out->count * out->series_count, sizeof(double))))
            rc = lc_error(lc, "out of memory");
        for (size_t s = 0; !rc && s < out->series_count; s++)
            memcpy(key->values + s * out->count, src->series[s].values, out->count * sizeof(double));
        chart_data_free(&d);
        *key_count = k + 1;     /* so that release frees what was loaded */
        if (rc)
            return rc;
        lc_pop(lc, s2);
        lc_pop(lc, saved);
    }
    return 0;
}

int chart_data_load(load_ctx *lc, const json_value *v, chart_data *out, chart_data_key **keys, size_t *key_count)
{
    if (!v)
        return lc_error(lc, "missing required property \"data\"");
    size_t saved = lc_push_key(lc, "data");
    /* A list is a keyframe list only when it starts with a keyframe object;
     * anything else gets the plain "expected a data object" message. */
    bool keyed = v->type == JSON_ARRAY && v->u.array.count > 0 && v->u.array.items[0]->type == JSON_OBJECT;
    if (!keyed && v->type != JSON_OBJECT)
        return lc_expected(lc, "a data object with \"labels\" and \"series\", or with \"file\" (or a keyframe "
                           "list of them)", v);
    int rc = keyed ? load_keys(lc, v, out, keys, key_count) : load_dataset(lc, v, out);
    if (rc)
        return rc;
    lc_pop(lc, saved);
    return 0;
}

void chart_data_free(chart_data *d)
{
    for (size_t i = 0; d->labels && i < d->count; i++)
        free(d->labels[i]);
    free(d->labels);
    for (size_t s = 0; d->series && s < d->series_count; s++) {
        free(d->series[s].name);
        free(d->series[s].values);
    }
    free(d->series);
    memset(d, 0, sizeof *d);
}

/* Turns one JSON value into a typed property value, following its table row:
 * constants, keyframe lists, colors, paints, times, enums. Every rejection names
 * the JSON Pointer of the value and what the row expects. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/color.h"
#include "scene/load_ctx.h"
#include "scene/load_geometry.h"
#include "scene/time_expr.h"
#include "scene/timeline.h"
#include "util/numparse.h"
#include "util/svg_path.h"
#include "util/suggest.h"

static int components_of(prop_kind k)
{
    switch (k) {
    case PROP_POINT: return 2;
    case PROP_COLOR: case PROP_PAINT: return 4;
    default: return 1;
    }
}

static void describe_range(const prop_desc *d, char *buf, size_t size)
{
    bool has_min = isfinite(d->min), has_max = isfinite(d->max);
    char lo[32], hi[32];
    num_format(lo, sizeof lo, d->min);
    num_format(hi, sizeof hi, d->max);
    if (has_min && has_max)
        snprintf(buf, size, " from %s to %s", lo, hi);
    else if (has_min)
        snprintf(buf, size, " >= %s", lo);
    else if (has_max)
        snprintf(buf, size, " <= %s", hi);
    else
        buf[0] = '\0';
}

void prop_describe_expected(const prop_desc *d, char *buf, size_t size)
{
    char range[80];
    describe_range(d, range, sizeof range);
    const char *anim = d->animatable ? " or a keyframe list" : "";
    switch (d->kind) {
    case PROP_NUMBER:
        snprintf(buf, size, "a number%s%s", range, anim);
        break;
    case PROP_POINT:
        snprintf(buf, size, "%s[x, y] of numbers%s%s", d->uniform ? "a number or " : "",
                 range, anim);
        break;
    case PROP_COLOR:
        snprintf(buf, size, "a color such as \"#FF5A1F\"%s", anim);
        break;
    case PROP_PAINT:
        snprintf(buf, size, "a color such as \"#FF5A1F\", a gradient object%s", anim);
        break;
    case PROP_STRING:
        snprintf(buf, size, "a string");
        break;
    case PROP_ENUM: {
        size_t n = (size_t)snprintf(buf, size, "one of");
        for (const char *const *e = d->enum_values; *e && n < size; e++)
            n += (size_t)snprintf(buf + n, size - n, "%s \"%s\"", e == d->enum_values ? "" : ",", *e);
        break;
    }
    case PROP_BOOL:
        snprintf(buf, size, "true or false");
        break;
    case PROP_TIME:
        snprintf(buf, size, "a time such as 1.5, \"1.5s\", \"45f\" or \"00:00:01.500\"");
        break;
    case PROP_SECONDS:
        snprintf(buf, size, "a time in seconds such as 1.5, \"1.5s\", \"250ms\" or \"00:00:01.500\"");
        break;
    case PROP_PATH:
        snprintf(buf, size, "SVG path data such as \"M0 0 L100 0 Z\"%s", anim);
        break;
    case PROP_NUMBERS:
        snprintf(buf, size, "an array of numbers%s", range);
        break;
    case PROP_POINTS:
        snprintf(buf, size, "an array of [x, y] points such as [[0, 0], [100, 50]]");
        break;
    case PROP_FILE:
        snprintf(buf, size, "a file path (relative to the scene file)");
        break;
    case PROP_LAYERS:
        snprintf(buf, size, "an array of layers");
        break;
    case PROP_JSON:
        snprintf(buf, size, "an object or value as described for this property");
        break;
    case PROP_WEIGHT:
        snprintf(buf, size, "a font weight from 100 to 900, or \"thin\", \"light\", \"regular\", "
                 "\"medium\", \"semibold\", \"bold\", \"extrabold\" or \"black\"");
        break;
    }
}

static int expected_for(load_ctx *lc, const prop_desc *d, const json_value *v)
{
    char what[400];
    prop_describe_expected(d, what, sizeof what);
    return lc_expected(lc, what, v);
}

static bool in_range(const prop_desc *d, double x)
{
    return !(x < d->min) && !(x > d->max);
}

/* One constant value of an animatable kind into out[components]. */
static int load_constant(load_ctx *lc, const prop_desc *d, const json_value *v, double *out)
{
    switch (d->kind) {
    case PROP_NUMBER:
        if (v->type != JSON_NUMBER || !in_range(d, v->u.number))
            return expected_for(lc, d, v);
        out[0] = v->u.number;
        return 0;
    case PROP_POINT:
        if (d->uniform && v->type == JSON_NUMBER && in_range(d, v->u.number)) {
            out[0] = out[1] = v->u.number;
            return 0;
        }
        if (v->type != JSON_ARRAY || v->u.array.count != 2)
            return expected_for(lc, d, v);
        for (int i = 0; i < 2; i++) {
            const json_value *c = v->u.array.items[i];
            if (c->type != JSON_NUMBER || !in_range(d, c->u.number))
                return expected_for(lc, d, v);
            out[i] = c->u.number;
        }
        return 0;
    case PROP_COLOR:
    case PROP_PAINT: {
        if (v->type != JSON_STRING)
            return expected_for(lc, d, v);
        rgba c;
        char err[300];
        if (!color_parse(v->u.string.str, &c, err, sizeof err))
            return lc_error(lc, "%s", err);
        out[0] = c.r; out[1] = c.g; out[2] = c.b; out[3] = c.a;
        return 0;
    }
    default:
        return expected_for(lc, d, v);
    }
}

static const char *const keyframe_keys[] = {"time", "value", "easing", NULL};

int load_easing(load_ctx *lc, const json_value *v, easing *out)
{
    char err[300];
    if (v->type == JSON_STRING) {
        if (!easing_parse(v->u.string.str, out, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    const json_value *spring = v->type == JSON_OBJECT && v->u.object.count == 1
                                   ? json_get(v, "spring") : NULL;
    if (!spring || spring->type != JSON_OBJECT)
        return lc_expected(lc, "an easing name such as \"ease-out-cubic\", or "
                           "{\"spring\": {\"stiffness\": 100, \"damping\": 10}}", v);
    static const char *const names[] = {"stiffness", "damping", "mass", "velocity", NULL};
    double p[4] = {SPRING_DEFAULT_STIFFNESS, SPRING_DEFAULT_DAMPING, SPRING_DEFAULT_MASS, 0};
    size_t saved = lc_push_key(lc, "spring");
    for (size_t i = 0; i < spring->u.object.count; i++) {
        const json_member *m = &spring->u.object.members[i];
        size_t k = 0;
        while (names[k] && strcmp(names[k], m->key) != 0)
            k++;
        if (!names[k])
            return lc_unknown_key(lc, m->key, names, "spring parameter");
        size_t s2 = lc_push_key(lc, m->key);
        if (m->value->type != JSON_NUMBER)
            return lc_expected(lc, "a number", m->value);
        p[k] = m->value->u.number;
        lc_pop(lc, s2);
    }
    if (!easing_spring(p[0], p[1], p[2], p[3], out, err, sizeof err))
        return lc_error(lc, "%s", err);
    lc_pop(lc, saved);
    return 0;
}

static int load_keyframes(load_ctx *lc, const prop_desc *d, const json_value *arr, track *tr)
{
    size_t n = arr->u.array.count;
    if (n == 0)
        return lc_error(lc, "a keyframe list needs at least one keyframe");
    if (n > LIMIT_KEYFRAMES)
        return lc_error(lc, "too many keyframes (%zu; the limit is %d)", n, LIMIT_KEYFRAMES);
    tr->keys = calloc(n, sizeof *tr->keys);
    if (!tr->keys)
        return lc_error(lc, "out of memory");
    const rational fps = lc->scene->fps;
    for (size_t i = 0; i < n; i++) {
        const json_value *k = arr->u.array.items[i];
        size_t saved = lc_push_index(lc, i);
        if (k->type != JSON_OBJECT)
            return lc_expected(lc, "a keyframe like {\"time\": \"1s\", \"value\": 0.5}", k);
        if (lc_check_keys(lc, k, keyframe_keys, "keyframe property"))
            return REEL_EINPUT;
        const json_value *t = json_get(k, "time"), *val = json_get(k, "value"), *e = json_get(k, "easing");
        if (!t)
            return lc_error(lc, "keyframe is missing \"time\"");
        if (!val)
            return lc_error(lc, "keyframe is missing \"value\"");
        keyframe *kf = &tr->keys[i];
        size_t s2 = lc_push_key(lc, "time");
        int64_t frame;
        char err[300];
        if (t->type == JSON_STRING && time_expr_is_expression(t->u.string.str)) {
            int rc = timeline_resolve(lc, t->u.string.str, lc->time_origin, &frame);
            if (rc)
                return rc;
        } else if (!(t->type == JSON_NUMBER ? time_from_seconds(t->u.number, fps, false, &frame, err, sizeof err)
                     : t->type == JSON_STRING ? time_parse(t->u.string.str, fps, false, &frame, err, sizeof err)
                     : false))
            return t->type == JSON_NUMBER || t->type == JSON_STRING ? lc_error(lc, "%s", err)
                   : lc_expected(lc, "a time such as 1.5, \"1.5s\", \"45f\" or \"00:00:01.500\"", t);
        if (i > 0 && (double)frame <= tr->keys[i - 1].time)
            return lc_error(lc, "keyframe times must increase: this one is at frame %lld, "
                            "the previous at frame %lld", (long long)frame, (long long)tr->keys[i - 1].time);
        kf->time = (double)frame;
        lc_pop(lc, s2);
        s2 = lc_push_key(lc, "value");
        if (val->type == JSON_ARRAY && d->kind != PROP_POINT)
            return expected_for(lc, d, val);
        int rc = load_constant(lc, d, val, kf->value);
        if (rc)
            return rc;
        lc_pop(lc, s2);
        kf->ease.kind = EASING_LINEAR;
        if (e) {
            s2 = lc_push_key(lc, "easing");
            if ((rc = load_easing(lc, e, &kf->ease)))
                return rc;
            lc_pop(lc, s2);
        }
        tr->count = i + 1;
        lc_pop(lc, saved);
    }
    memcpy(tr->constant, tr->keys[0].value, sizeof tr->constant);
    return 0;
}

static bool is_keyframe_list(const prop_desc *d, const json_value *v)
{
    if (v->type != JSON_ARRAY || !d->animatable)
        return false;
    if (d->kind == PROP_POINT)
        return v->u.array.count == 0 || v->u.array.items[0]->type == JSON_OBJECT;
    return true;
}

static int load_track(load_ctx *lc, const prop_desc *d, const json_value *v, track *tr)
{
    tr->components = components_of(d->kind);
    if (is_keyframe_list(d, v))
        return load_keyframes(lc, d, v, tr);
    return load_constant(lc, d, v, tr->constant);
}

static int load_point2(load_ctx *lc, const json_value *v, const char *what, double out[2])
{
    if (v->type != JSON_ARRAY || v->u.array.count != 2 || v->u.array.items[0]->type != JSON_NUMBER ||
        v->u.array.items[1]->type != JSON_NUMBER)
        return lc_expected(lc, what, v);
    out[0] = v->u.array.items[0]->u.number;
    out[1] = v->u.array.items[1]->u.number;
    return 0;
}

static int load_stops(load_ctx *lc, const json_value *v, paint *p)
{
    static const char *what = "an array of [offset, color] stops such as [[0, \"#0B1F3A\"], [1, \"#12305A\"]]";
    if (v->type != JSON_ARRAY || v->u.array.count < 2)
        return lc_expected(lc, what, v);
    p->stops = calloc(v->u.array.count, sizeof *p->stops);
    if (!p->stops)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < v->u.array.count; i++) {
        const json_value *s = v->u.array.items[i];
        size_t saved = lc_push_index(lc, i);
        if (s->type != JSON_ARRAY || s->u.array.count != 2 || s->u.array.items[0]->type != JSON_NUMBER ||
            s->u.array.items[1]->type != JSON_STRING)
            return lc_expected(lc, "a stop [offset, color] such as [0.5, \"#FF5A1F\"]", s);
        double off = s->u.array.items[0]->u.number;
        if (off < 0 || off > 1 || (i > 0 && off < p->stops[i - 1].offset))
            return lc_error(lc, "stop offsets must be from 0 to 1 and not decrease");
        rgba c;
        char err[300];
        if (!color_parse(s->u.array.items[1]->u.string.str, &c, err, sizeof err))
            return lc_error(lc, "%s", err);
        p->stops[i] = (gradient_stop){off, {c.r, c.g, c.b, c.a}};
        p->stop_count = i + 1;
        lc_pop(lc, saved);
    }
    return 0;
}

static int load_gradient(load_ctx *lc, const json_value *v, paint *p)
{
    static const char *const keys[] = {"type", "from", "to", "center", "radius", "stops", NULL};
    static const char *const types[] = {"linear", "radial", NULL};
    if (lc_check_keys(lc, v, keys, "gradient property"))
        return REEL_EINPUT;
    const json_value *type = json_get(v, "type");
    size_t saved = lc_push_key(lc, "type");
    if (!type || type->type != JSON_STRING || (strcmp(type->u.string.str, "linear") && strcmp(type->u.string.str, "radial"))) {
        if (!type)
            return lc_error(lc, "gradient is missing \"type\" (\"linear\" or \"radial\")");
        const char *near = type->type == JSON_STRING ? suggest_closest(type->u.string.str, types, (size_t)-1) : NULL;
        if (near)
            return lc_error(lc, "unknown gradient type \"%s\" (did you mean \"%s\"?)", type->u.string.str, near);
        return lc_expected(lc, "\"linear\" or \"radial\"", type);
    }
    lc_pop(lc, saved);
    bool linear = strcmp(type->u.string.str, "linear") == 0;
    p->type = linear ? PAINT_LINEAR : PAINT_RADIAL;
    /* Defaults: top to bottom; radial from the center to the farther side. */
    p->from[0] = 0; p->from[1] = 0; p->to[0] = 0; p->to[1] = 1;
    p->center[0] = 0.5; p->center[1] = 0.5; p->radius = 0.5;
    static const char *point_what = "[x, y] as fractions of the layer's box, such as [0, 1]";
    const struct { const char *key; double *out; bool for_linear; } pts[] = {
        {"from", p->from, true}, {"to", p->to, true}, {"center", p->center, false}};
    for (size_t i = 0; i < 3; i++) {
        const json_value *pv = json_get(v, pts[i].key);
        if (!pv)
            continue;
        saved = lc_push_key(lc, pts[i].key);
        if (pts[i].for_linear != linear)
            return lc_error(lc, "\"%s\" applies to %s gradients only", pts[i].key, pts[i].for_linear ? "linear" : "radial");
        int rc = load_point2(lc, pv, point_what, pts[i].out);
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    const json_value *r = json_get(v, "radius");
    if (r) {
        saved = lc_push_key(lc, "radius");
        if (linear)
            return lc_error(lc, "\"radius\" applies to radial gradients only");
        if (r->type != JSON_NUMBER || !(r->u.number > 0) || r->u.number > 100)
            return lc_expected(lc, "a number greater than 0 and at most 100 (a fraction of the box's larger side)", r);
        p->radius = r->u.number;
        lc_pop(lc, saved);
    }
    if (!json_get(v, "stops"))
        return lc_error(lc, "gradient is missing \"stops\"");
    saved = lc_push_key(lc, "stops");
    int rc = load_stops(lc, json_get(v, "stops"), p);
    if (rc)
        return rc;
    lc_pop(lc, saved);
    return 0;
}

static int load_paint(load_ctx *lc, const prop_desc *d, const json_value *v, paint *p)
{
    if (v->type == JSON_NULL || (v->type == JSON_STRING && strcmp(v->u.string.str, "none") == 0)) {
        p->type = PAINT_NONE;
        return 0;
    }
    if (v->type == JSON_OBJECT)
        return load_gradient(lc, v, p);
    p->type = PAINT_SOLID;
    return load_track(lc, d, v, &p->color);
}

static const struct { const char *name; int weight; } weight_names[] = {
    {"thin", 100}, {"extralight", 200}, {"light", 300}, {"regular", 400}, {"normal", 400},
    {"medium", 500}, {"semibold", 600}, {"bold", 700}, {"extrabold", 800}, {"black", 900}};

static int load_weight(load_ctx *lc, const prop_desc *d, const json_value *v, int *out)
{
    if (v->type == JSON_NUMBER && v->u.number >= 100 && v->u.number <= 900) {
        *out = (int)lround(v->u.number);
        return 0;
    }
    if (v->type == JSON_STRING) {
        const char *names[sizeof weight_names / sizeof weight_names[0] + 1];
        for (size_t i = 0; i < sizeof weight_names / sizeof weight_names[0]; i++) {
            names[i] = weight_names[i].name;
            if (strcmp(v->u.string.str, weight_names[i].name) == 0) {
                *out = weight_names[i].weight;
                return 0;
            }
        }
        names[sizeof weight_names / sizeof weight_names[0]] = NULL;
        const char *near = suggest_closest(v->u.string.str, names, (size_t)-1);
        if (near)
            return lc_error(lc, "unknown font weight \"%s\" (did you mean \"%s\"?)", v->u.string.str, near);
    }
    return expected_for(lc, d, v);
}

static int load_time_value(load_ctx *lc, const prop_desc *d, const json_value *v, int64_t *frame)
{
    char err[300];
    rational fps = lc->scene->fps;
    if (v->type == JSON_NUMBER) {
        if (!time_from_seconds(v->u.number, fps, false, frame, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    if (v->type == JSON_STRING && time_expr_is_expression(v->u.string.str)) {
        if (lc->time_is_length)
            return lc_error(lc, "a duration is a length, not a point in time; to end at \"%.80s\" write "
                            "\"end\": \"%.80s\"", v->u.string.str, v->u.string.str);
        return timeline_resolve(lc, v->u.string.str, lc->time_origin, frame);
    }
    if (v->type == JSON_STRING) {
        if (!time_parse(v->u.string.str, fps, false, frame, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    return expected_for(lc, d, v);
}

int load_prop(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out)
{
    json_value *parsed = NULL;
    out->given = v != NULL;
    if (!v) {
        if (!d->default_json)
            return lc_error(lc, "missing required property \"%s\"", d->name);
        json_error jerr;
        parsed = json_parse(d->default_json, strlen(d->default_json), &jerr);
        if (!parsed)
            return lc_error(lc, "internal error: bad default for \"%s\": %s", d->name, jerr.message);
        v = parsed;
        if (v->type == JSON_NULL && d->kind != PROP_PAINT) {
            json_free(parsed);
            return 0;
        }
    }
    int rc = 0;
    switch (d->kind) {
    case PROP_NUMBER:
    case PROP_POINT:
    case PROP_COLOR:
        rc = load_track(lc, d, v, &out->track);
        break;
    case PROP_PAINT:
        rc = load_paint(lc, d, v, &out->paint);
        break;
    case PROP_STRING:
    case PROP_FILE:
        if (v->type != JSON_STRING) {
            rc = expected_for(lc, d, v);
            break;
        }
        if (v->u.string.len > LIMIT_STRING) {
            rc = lc_error(lc, "string is too long (%zu bytes; the limit is %d)", v->u.string.len, LIMIT_STRING);
            break;
        }
        if (d->kind == PROP_FILE && v->u.string.len == 0) {
            rc = lc_error(lc, "expected a file path, got an empty string");
            break;
        }
        if (d->kind == PROP_FILE)
            rc = lc_resolve_path(lc, v->u.string.str, &out->str);
        else if (!(out->str = strdup(v->u.string.str)))
            rc = lc_error(lc, "out of memory");
        break;
    case PROP_ENUM: {
        int i = 0;
        if (v->type == JSON_STRING)
            for (; d->enum_values[i]; i++)
                if (strcmp(d->enum_values[i], v->u.string.str) == 0)
                    break;
        if (v->type != JSON_STRING || !d->enum_values[i]) {
            const char *near = v->type == JSON_STRING ? suggest_closest(v->u.string.str, d->enum_values, (size_t)-1) : NULL;
            if (near)
                rc = lc_error(lc, "unknown value \"%s\" (did you mean \"%s\"?)", v->u.string.str, near);
            else
                rc = expected_for(lc, d, v);
            break;
        }
        out->integer = i;
        out->str = strdup(d->enum_values[i]);
        break;
    }
    case PROP_BOOL:
        if (v->type != JSON_BOOL)
            rc = expected_for(lc, d, v);
        else
            out->integer = v->u.boolean;
        break;
    case PROP_TIME:
        rc = load_time_value(lc, d, v, &out->frame);
        break;
    case PROP_SECONDS: {
        /* Source times are not frames of the scene: exact microseconds. */
        rational micro = {1000000, 1};
        char err[300];
        size_t n = v->type == JSON_STRING ? v->u.string.len : 0;
        if (n > 0 && v->u.string.str[n - 1] == 'f') {
            rc = expected_for(lc, d, v);
        } else if (v->type == JSON_NUMBER) {
            if (!time_from_seconds(v->u.number, micro, false, &out->frame, err, sizeof err))
                rc = lc_error(lc, "%s", err);
        } else if (v->type == JSON_STRING) {
            if (!time_parse(v->u.string.str, micro, false, &out->frame, err, sizeof err))
                rc = expected_for(lc, d, v);
        } else {
            rc = expected_for(lc, d, v);
        }
        break;
    }
    case PROP_WEIGHT:
        rc = load_weight(lc, d, v, &out->integer);
        break;
    case PROP_LAYERS:
        /* Loaded by the layer loader, which knows the parent's duration. */
        break;
    case PROP_JSON:
        /* Checked by the layer's prepare, while the document is still alive. */
        out->json = out->given ? v : NULL;
        break;
    case PROP_PATH:
        rc = load_path_value(lc, d, v, out);
        break;
    case PROP_NUMBERS:
        rc = load_number_list(lc, d, v, out);
        break;
    case PROP_POINTS:
        rc = load_point_list(lc, d, v, out);
        break;
    }
    json_free(parsed);
    return rc;
}

void prop_value_clear(prop_value *v)
{
    track_clear(&v->track);
    track_clear(&v->paint.color);
    free(v->paint.stops);
    free(v->str);
    path_anim_free(v->path);
    free(v->list);
    memset(v, 0, sizeof *v);
}

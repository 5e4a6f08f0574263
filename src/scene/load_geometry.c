/* Path data, number lists and point lists from JSON. A keyframed path keeps
 * its parsed keyframes in prop_value.path and their times and easings in
 * prop_value.track, where keyframe k holds the value k: evaluating the track
 * gives "k + eased progress", and the static-span analysis sees a morph as
 * the animated value it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/load_geometry.h"
#include "util/svg_path.h"

static int parse_path(load_ctx *lc, const json_value *v, path_data *out)
{
    if (v->type != JSON_STRING)
        return lc_expected(lc, "SVG path data such as \"M0 0 L100 0 Z\"", v);
    char err[300];
    if (!path_data_parse(v->u.string.str, out, err, sizeof err))
        return lc_error(lc, "path data %s", err);
    return 0;
}

static int load_path_key(load_ctx *lc, const json_value *k, size_t i, path_anim *anim, track *tr)
{
    static const char *const keys[] = {"time", "value", "easing", NULL};
    if (k->type != JSON_OBJECT)
        return lc_expected(lc, "a keyframe like {\"time\": \"1s\", \"value\": \"M0 0 L10 0\"}", k);
    if (lc_check_keys(lc, k, keys, "keyframe property"))
        return REEL_EINPUT;
    const json_value *t = json_get(k, "time"), *val = json_get(k, "value"), *e = json_get(k, "easing");
    if (!t)
        return lc_error(lc, "keyframe is missing \"time\"");
    if (!val)
        return lc_error(lc, "keyframe is missing \"value\"");
    size_t saved = lc_push_key(lc, "time");
    int64_t frame;
    char err[300];
    const rational fps = lc->scene->fps;
    bool ok = t->type == JSON_NUMBER ? time_from_seconds(t->u.number, fps, false, &frame, err, sizeof err)
            : t->type == JSON_STRING ? time_parse(t->u.string.str, fps, false, &frame, err, sizeof err)
            : false;
    if (!ok)
        return t->type == JSON_NUMBER || t->type == JSON_STRING
                   ? lc_error(lc, "%s", err)
                   : lc_expected(lc, "a time such as 1.5, \"1.5s\", \"45f\" or \"00:00:01.500\"", t);
    if (i > 0 && (double)frame <= tr->keys[i - 1].time)
        return lc_error(lc, "keyframe times must increase: this one is at frame %lld, the previous at frame %lld",
                        (long long)frame, (long long)tr->keys[i - 1].time);
    lc_pop(lc, saved);
    keyframe *kf = &tr->keys[i];
    kf->time = (double)frame;
    kf->value[0] = (double)i;
    kf->ease.kind = EASING_LINEAR;
    saved = lc_push_key(lc, "value");
    int rc = parse_path(lc, val, &anim->keys[i]);
    if (rc)
        return rc;
    anim->count = i + 1;
    size_t where;
    if (i > 0 && !path_data_same_structure(&anim->keys[0], &anim->keys[i], &where)) {
        const path_data *a = &anim->keys[0], *b = &anim->keys[i];
        if (where < a->count && where < b->count)
            return lc_error(lc, "keyframes 0 and %zu cannot morph: command %zu is \"%c\" in keyframe 0 and "
                            "\"%c\" in keyframe %zu (a morph needs the same commands in the same order)",
                            i, where, a->segs[where].cmd, b->segs[where].cmd, i);
        return lc_error(lc, "keyframes 0 and %zu cannot morph: keyframe 0 has %zu commands and keyframe %zu "
                        "has %zu (a morph needs the same commands in the same order)", i, a->count, i, b->count);
    }
    lc_pop(lc, saved);
    if (e) {
        saved = lc_push_key(lc, "easing");
        if ((rc = load_easing(lc, e, &kf->ease)))
            return rc;
        lc_pop(lc, saved);
    }
    tr->count = i + 1;
    return 0;
}

int load_path_value(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out)
{
    path_anim *anim = calloc(1, sizeof *anim);
    if (!anim)
        return lc_error(lc, "out of memory");
    out->path = anim;
    out->track.components = 1;
    if (v->type != JSON_ARRAY || !d->animatable) {
        if (!(anim->keys = calloc(1, sizeof *anim->keys)))
            return lc_error(lc, "out of memory");
        int rc = parse_path(lc, v, &anim->keys[0]);
        anim->count = rc ? 0 : 1;
        return rc;
    }
    size_t n = v->u.array.count;
    if (n == 0)
        return lc_error(lc, "a keyframe list needs at least one keyframe");
    if (n > LIMIT_KEYFRAMES)
        return lc_error(lc, "too many keyframes (%zu; the limit is %d)", n, LIMIT_KEYFRAMES);
    anim->keys = calloc(n, sizeof *anim->keys);
    out->track.keys = calloc(n, sizeof *out->track.keys);
    if (!anim->keys || !out->track.keys)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t saved = lc_push_index(lc, i);
        int rc = load_path_key(lc, v->u.array.items[i], i, anim, &out->track);
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    return 0;
}

static bool number_in(const prop_desc *d, const json_value *v)
{
    return v->type == JSON_NUMBER && !(v->u.number < d->min) && !(v->u.number > d->max);
}

int load_number_list(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out)
{
    char what[200];
    prop_describe_expected(d, what, sizeof what);
    if (v->type != JSON_ARRAY)
        return lc_expected(lc, what, v);
    size_t n = v->u.array.count;
    if (n > LIMIT_KEYFRAMES)
        return lc_error(lc, "too many numbers (%zu; the limit is %d)", n, LIMIT_KEYFRAMES);
    if (n && !(out->list = calloc(n, sizeof *out->list)))
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_value *x = v->u.array.items[i];
        size_t saved = lc_push_index(lc, i);
        if (!number_in(d, x)) {
            char range[160];
            prop_describe_expected(&(prop_desc){.kind = PROP_NUMBER, .min = d->min, .max = d->max}, range,
                                   sizeof range);
            return lc_expected(lc, range, x);
        }
        out->list[i] = x->u.number;
        lc_pop(lc, saved);
    }
    out->list_len = n;
    return 0;
}

int load_point_list(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out)
{
    char what[200];
    prop_describe_expected(d, what, sizeof what);
    if (v->type != JSON_ARRAY)
        return lc_expected(lc, what, v);
    size_t n = v->u.array.count;
    if (n > LIMIT_KEYFRAMES)
        return lc_error(lc, "too many points (%zu; the limit is %d)", n, LIMIT_KEYFRAMES);
    if (n && !(out->list = calloc(2 * n, sizeof *out->list)))
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const json_value *p = v->u.array.items[i];
        size_t saved = lc_push_index(lc, i);
        if (p->type != JSON_ARRAY || p->u.array.count != 2 || !number_in(d, p->u.array.items[0]) ||
            !number_in(d, p->u.array.items[1]))
            return lc_expected(lc, "a point [x, y] of numbers from -1000000 to 1000000", p);
        out->list[2 * i] = p->u.array.items[0]->u.number;
        out->list[2 * i + 1] = p->u.array.items[1]->u.number;
        lc_pop(lc, saved);
    }
    out->list_len = 2 * n;
    return 0;
}

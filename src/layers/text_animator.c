/* Text animators: per-unit (character, word, line) animation of a text layer.
 *
 * Each animator moves every unit between a state and the unit's normal look:
 * from `from` to normal (enter) or from normal to `to` (exit), over `duration`
 * frames with an easing, unit k starting at delay + rank(k) * stagger. Ranks
 * follow `order`; "random" is a Fisher-Yates shuffle driven by splitmix64 from
 * `seed`, so it is the same on every machine. Several animators compose:
 * offsets, rotations and blurs add, scales and opacities multiply, and colors
 * combine their weights, the latest animator's color winning. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/text_internal.h"
#include "scene/color.h"
#include "scene/load_ctx.h"
#include "util/suggest.h"

static const char *const animator_keys[] = {"unit", "from", "to", "delay", "duration", "stagger",
                                            "easing", "order", "seed", NULL};
static const char *const state_keys[] = {"position", "scale", "rotation", "opacity", "color", "blur", NULL};
static const char *const unit_names[] = {"characters", "words", "lines", NULL};
static const char *const order_names[] = {"forward", "backward", "center", "edges", "random", NULL};

static int load_number(load_ctx *lc, const json_value *v, double lo, double hi, double *out)
{
    if (v->type != JSON_NUMBER || v->u.number < lo || v->u.number > hi) {
        char what[96];
        snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
        return lc_expected(lc, what, v);
    }
    *out = v->u.number;
    return 0;
}

static int load_pair(load_ctx *lc, const json_value *v, bool uniform, double lim, double out[2])
{
    if (uniform && v->type == JSON_NUMBER && fabs(v->u.number) <= lim) {
        out[0] = out[1] = v->u.number;
        return 0;
    }
    if (v->type == JSON_ARRAY && v->u.array.count == 2 && v->u.array.items[0]->type == JSON_NUMBER &&
        v->u.array.items[1]->type == JSON_NUMBER && fabs(v->u.array.items[0]->u.number) <= lim &&
        fabs(v->u.array.items[1]->u.number) <= lim) {
        out[0] = v->u.array.items[0]->u.number;
        out[1] = v->u.array.items[1]->u.number;
        return 0;
    }
    char what[96];
    snprintf(what, sizeof what, "%s[x, y] of numbers from %g to %g", uniform ? "a number or " : "", -lim, lim);
    return lc_expected(lc, what, v);
}

static int load_state(load_ctx *lc, const json_value *v, unit_state *st)
{
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a state object such as {\"opacity\": 0, \"position\": [0, 40]}", v);
    int rc = lc_check_keys(lc, v, state_keys, "animator state property");
    if (rc)
        return rc;
    if (v->u.object.count == 0)
        return lc_error(lc, "the state sets nothing (give position, scale, rotation, opacity, color or blur)");
    for (size_t i = 0; i < v->u.object.count; i++) {
        const json_member *m = &v->u.object.members[i];
        size_t saved = lc_push_key(lc, m->key);
        if (strcmp(m->key, "position") == 0) {
            rc = load_pair(lc, m->value, false, 1e6, st->position);
            st->fields |= ANIM_POSITION;
        } else if (strcmp(m->key, "scale") == 0) {
            rc = load_pair(lc, m->value, true, 1000, st->scale);
            st->fields |= ANIM_SCALE;
        } else if (strcmp(m->key, "rotation") == 0) {
            rc = load_number(lc, m->value, -1e6, 1e6, &st->rotation);
            st->fields |= ANIM_ROTATION;
        } else if (strcmp(m->key, "opacity") == 0) {
            rc = load_number(lc, m->value, 0, 1, &st->opacity);
            st->fields |= ANIM_OPACITY;
        } else if (strcmp(m->key, "blur") == 0) {
            rc = load_number(lc, m->value, 0, 500, &st->blur);
            st->fields |= ANIM_BLUR;
        } else {
            rgba c;
            char err[300];
            if (m->value->type != JSON_STRING)
                rc = lc_expected(lc, "a color such as \"#FF5A1F\"", m->value);
            else if (!color_parse(m->value->u.string.str, &c, err, sizeof err))
                rc = lc_error(lc, "%s", err);
            st->color[0] = c.r; st->color[1] = c.g; st->color[2] = c.b; st->color[3] = c.a;
            st->fields |= ANIM_COLOR;
        }
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    return 0;
}

static int load_time(load_ctx *lc, const json_value *v, double *out)
{
    int64_t frame;
    char err[300];
    bool ok = v->type == JSON_NUMBER ? time_from_seconds(v->u.number, lc->scene->fps, false, &frame, err, sizeof err)
            : v->type == JSON_STRING ? time_parse(v->u.string.str, lc->scene->fps, false, &frame, err, sizeof err)
            : false;
    if (!ok)
        return v->type == JSON_NUMBER || v->type == JSON_STRING
                   ? lc_error(lc, "%s", err)
                   : lc_expected(lc, "a time such as 0.5, \"0.5s\" or \"3f\"", v);
    *out = (double)frame;
    return 0;
}

static int load_name(load_ctx *lc, const json_value *v, const char *const *names, int *out)
{
    if (v->type == JSON_STRING)
        for (int i = 0; names[i]; i++)
            if (strcmp(names[i], v->u.string.str) == 0)
                return (*out = i), 0;
    const char *near = v->type == JSON_STRING ? suggest_closest(v->u.string.str, names, (size_t)-1) : NULL;
    if (near)
        return lc_error(lc, "unknown value \"%.60s\" (did you mean \"%s\"?)", v->u.string.str, near);
    char list[160] = "one of";
    size_t n = strlen(list);
    for (const char *const *k = names; *k && n < sizeof list; k++)
        n += (size_t)snprintf(list + n, sizeof list - n, "%s \"%s\"", k == names ? "" : ",", *k);
    return lc_expected(lc, list, v);
}

static int load_animator(load_ctx *lc, const json_value *v, text_animator *a)
{
    int rc = lc_check_keys(lc, v, animator_keys, "animator property");
    if (rc)
        return rc;
    const json_value *from = json_get(v, "from"), *to = json_get(v, "to"), *x;
    if (!json_get(v, "unit"))
        return lc_error(lc, "animator is missing \"unit\" (\"characters\", \"words\" or \"lines\")");
    if (!from == !to) {
        if (from)
            lc_push_key(lc, "to");
        return lc_error(lc, "an animator needs exactly one of \"from\" (enter) or \"to\" (exit)");
    }
    a->duration = 1;
    a->ease.kind = EASING_LINEAR;
    a->exit = to != NULL;
    size_t saved = lc_push_key(lc, "unit");
    int unit = 0, order = 0;
    if ((rc = load_name(lc, json_get(v, "unit"), unit_names, &unit)))
        return rc;
    a->unit = (unit_kind)unit;
    lc_pop(lc, saved);
    saved = lc_push_key(lc, a->exit ? "to" : "from");
    if ((rc = load_state(lc, a->exit ? to : from, &a->state)))
        return rc;
    lc_pop(lc, saved);
    const struct { const char *key; double *out; } times[] = {
        {"delay", &a->delay}, {"duration", &a->duration}, {"stagger", &a->stagger}};
    for (size_t i = 0; i < 3; i++)
        if ((x = json_get(v, times[i].key))) {
            saved = lc_push_key(lc, times[i].key);
            if ((rc = load_time(lc, x, times[i].out)))
                return rc;
            if (times[i].out == &a->duration && a->duration < 1)
                return lc_error(lc, "duration must be at least one frame");
            lc_pop(lc, saved);
        }
    if ((x = json_get(v, "easing"))) {
        saved = lc_push_key(lc, "easing");
        if ((rc = load_easing(lc, x, &a->ease)))
            return rc;
        lc_pop(lc, saved);
    }
    if ((x = json_get(v, "order"))) {
        saved = lc_push_key(lc, "order");
        if ((rc = load_name(lc, x, order_names, &order)))
            return rc;
        a->order = (unit_order)order;
        lc_pop(lc, saved);
    }
    if ((x = json_get(v, "seed"))) {
        saved = lc_push_key(lc, "seed");
        if (x->type != JSON_NUMBER || x->u.number < 0 || x->u.number > 9007199254740991.0 ||
            x->u.number != floor(x->u.number))
            return lc_expected(lc, "a whole number from 0 to 9007199254740991", x);
        if (a->order != ORDER_RANDOM)
            return lc_error(lc, "\"seed\" applies to \"order\": \"random\" only");
        a->seed = (uint64_t)x->u.number;
        lc_pop(lc, saved);
    }
    return 0;
}

int animators_load(load_ctx *lc, const json_value *list, text_animator **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (!list)
        return 0;
    if (list->type != JSON_ARRAY) {
        lc_push_key(lc, "animators");
        return lc_expected(lc, "an array of objects", list);
    }
    for (size_t i = 0; i < list->u.array.count; i++)
        if (list->u.array.items[i]->type != JSON_OBJECT) {
            lc_push_key(lc, "animators");
            lc_push_index(lc, i);
            return lc_expected(lc, "an object", list->u.array.items[i]);
        }
    if (list->u.array.count == 0)
        return 0;
    if (list->u.array.count > 64) {
        lc_push_key(lc, "animators");
        return lc_error(lc, "too many animators (%zu; the limit is 64)", list->u.array.count);
    }
    if (!(*out = calloc(list->u.array.count, sizeof **out)))
        return lc_error(lc, "out of memory");
    *count = list->u.array.count;
    size_t saved = lc_push_key(lc, "animators");
    for (size_t i = 0; i < list->u.array.count; i++) {
        size_t s2 = lc_push_index(lc, i);
        int rc = load_animator(lc, list->u.array.items[i], &(*out)[i]);
        if (rc)
            return rc;
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

/* ---- Evaluation ---- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void animator_ranks(const text_animator *a, size_t n, size_t *rank)
{
    double mid = ((double)n - 1) / 2;
    size_t far = n ? (size_t)floor(mid + 0.5) : 0;    /* the largest distance rank */
    for (size_t i = 0; i < n; i++) {
        size_t from_center = (size_t)floor(fabs((double)i - mid));
        switch (a->order) {
        case ORDER_FORWARD: rank[i] = i; break;
        case ORDER_BACKWARD: rank[i] = n - 1 - i; break;
        case ORDER_CENTER: rank[i] = from_center; break;
        case ORDER_EDGES: rank[i] = far - from_center - (n % 2 == 0 ? 1 : 0); break;
        case ORDER_RANDOM: rank[i] = i; break;
        }
    }
    if (a->order == ORDER_RANDOM) {
        /* rank[] is a permutation; shuffle it with the scene's seed. */
        uint64_t state = a->seed;
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(splitmix64(&state) % i);
            size_t tmp = rank[i - 1];
            rank[i - 1] = rank[j];
            rank[j] = tmp;
        }
    }
}

void animator_apply(const text_animator *a, size_t rank, double t, double fps, unit_pose *pose)
{
    double start = a->delay + (double)rank * a->stagger;
    double p = (t - start) / a->duration;
    double e;
    if (p <= 0)
        e = 0;
    else if (p >= 1)
        e = 1;
    else
        e = easing_apply(&a->ease, p, (t - start) / fps);
    /* w: how much of the animator's state shows (1 at the state, 0 at normal). */
    double w = a->exit ? e : 1 - e;
    if (w == 0)
        return;
    const unit_state *s = &a->state;
    if (s->fields & ANIM_POSITION) {
        pose->offset[0] += w * s->position[0];
        pose->offset[1] += w * s->position[1];
    }
    if (s->fields & ANIM_SCALE) {
        pose->scale[0] *= 1 + w * (s->scale[0] - 1);
        pose->scale[1] *= 1 + w * (s->scale[1] - 1);
    }
    if (s->fields & ANIM_ROTATION)
        pose->rotation += w * s->rotation;
    if (s->fields & ANIM_OPACITY)
        pose->opacity *= fmax(0, 1 + w * (s->opacity - 1));
    if (s->fields & ANIM_BLUR)
        pose->blur += w * s->blur;
    if (s->fields & ANIM_COLOR) {
        /* The latest animator's color wins; weights combine like coverage. */
        double wc = fmin(1, fmax(0, w));
        memcpy(pose->color, s->color, sizeof pose->color);
        pose->color_weight = 1 - (1 - pose->color_weight) * (1 - wc);
    }
}

bool animators_static_over(const text_animator *a, size_t count, const size_t unit_bound[3], double t0, double t1)
{
    for (size_t i = 0; i < count; i++) {
        size_t max_units = unit_bound[a[i].unit];
        double first = a[i].delay;
        double last = a[i].delay + (double)(max_units ? max_units - 1 : 0) * a[i].stagger + a[i].duration;
        if (t1 > first && t0 < last)
            return false;
    }
    return true;
}

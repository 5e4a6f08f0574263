/* Reads a sequence transition object ({"type": "wipe", "duration": "0.5s",
 * ...}) into a transition; see docs/compositions.md for the kinds. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scene/color.h"
#include "scene/compositions.h"
#include "util/suggest.h"

static const char *const kinds[] = {"none", "crossfade", "fade", "slide", "wipe", "zoom", NULL};
static const char *const keys[] = {"type", "duration", "easing", "color", "direction", "mode", "shape",
                                   "angle", "softness", "scale_out", "scale_in", NULL};
static const char *const directions[] = {"left", "right", "up", "down", NULL};
static const char *const modes[] = {"push", "over", NULL};
static const char *const shapes[] = {"linear", "clock", "iris", NULL};

/* Index of the string v in names, or -1 after reporting what was expected. */
static int pick(load_ctx *lc, const json_value *v, const char *const *names, const char *what)
{
    if (v->type == JSON_STRING)
        for (int i = 0; names[i]; i++)
            if (!strcmp(names[i], v->u.string.str))
                return i;
    if (v->type == JSON_STRING) {
        const char *near = suggest_closest(v->u.string.str, names, (size_t)-1);
        if (near)
            lc_error(lc, "unknown %s \"%.80s\" (did you mean \"%s\"?)", what, v->u.string.str, near);
        else {
            char list[200] = "";
            size_t len = 0;
            for (int i = 0; names[i] && len < sizeof list; i++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
            lc_error(lc, "unknown %s \"%.80s\" (expected one of %s)", what, v->u.string.str, list);
        }
    } else {
        char want[80];
        snprintf(want, sizeof want, "a %s name", what);
        lc_expected(lc, want, v);
    }
    return -1;
}

static int read_number(load_ctx *lc, const json_value *t, const char *key, double lo, double hi, double *out)
{
    const json_value *v = json_get(t, key);
    if (!v)
        return 0;
    size_t saved = lc_push_key(lc, key);
    if (v->type != JSON_NUMBER || !(v->u.number >= lo && v->u.number <= hi)) {
        char want[80];
        snprintf(want, sizeof want, "a number from %g to %g", lo, hi);
        return lc_expected(lc, want, v);
    }
    *out = v->u.number;
    lc_pop(lc, saved);
    return 0;
}

int transition_read(load_ctx *lc, const json_value *v, transition *out)
{
    *out = (transition){.kind = TR_NONE};
    out->ease.kind = EASING_LINEAR;
    if (v->type == JSON_NULL)
        return 0;
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a transition such as {\"type\": \"crossfade\", \"duration\": \"0.5s\"} or null", v);
    if (lc_check_keys(lc, v, keys, "transition key"))
        return REEL_EINPUT;
    const json_value *type = json_get(v, "type");
    if (!type)
        return lc_error(lc, "a transition needs \"type\" (none, crossfade, fade, slide, wipe or zoom)");
    size_t saved = lc_push_key(lc, "type");
    int k = pick(lc, type, kinds, "transition");
    if (k < 0)
        return REEL_EINPUT;
    out->kind = (transition_kind)k;
    lc_pop(lc, saved);
    if (out->kind == TR_NONE)
        return 0;
    const json_value *d = json_get(v, "duration");
    if (!d)
        return lc_error(lc, "a transition needs \"duration\", such as \"0.5s\" or \"15f\"");
    saved = lc_push_key(lc, "duration");
    char err[300];
    bool ok = d->type == JSON_NUMBER ? time_from_seconds(d->u.number, lc->scene->fps, false, &out->frames, err, sizeof err)
            : d->type == JSON_STRING ? time_parse(d->u.string.str, lc->scene->fps, false, &out->frames, err, sizeof err)
                                     : (snprintf(err, sizeof err, "expected a time such as \"0.5s\""), false);
    if (!ok)
        return lc_error(lc, "%s", err);
    if (out->frames < 1)
        return lc_error(lc, "a transition lasts at least one frame");
    lc_pop(lc, saved);
    const json_value *e = json_get(v, "easing");
    if (e) {
        saved = lc_push_key(lc, "easing");
        int rc = load_easing(lc, e, &out->ease);
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    /* Options that do not apply to the kind are errors, not silently ignored. */
    static const char *const owner[] = {"color", "fade", "direction", "slide or wipe", "mode", "slide",
                                        "shape", "wipe", "angle", "wipe", "softness", "wipe",
                                        "scale_out", "zoom", "scale_in", "zoom"};
    static const transition_kind owner_kind[] = {TR_FADE, TR_SLIDE, TR_SLIDE, TR_WIPE, TR_WIPE, TR_WIPE,
                                                 TR_ZOOM, TR_ZOOM};
    for (size_t i = 0; i < sizeof owner_kind / sizeof owner_kind[0]; i++) {
        bool fits = out->kind == owner_kind[i] || (i == 1 && out->kind == TR_WIPE);
        if (json_get(v, owner[2 * i]) && !fits) {
            lc_push_key(lc, owner[2 * i]);
            return lc_error(lc, "\"%s\" applies to %s transitions only", owner[2 * i], owner[2 * i + 1]);
        }
    }
    out->color[3] = 1;
    const json_value *c = json_get(v, "color");
    if (c) {
        saved = lc_push_key(lc, "color");
        rgba col;
        if (c->type != JSON_STRING)
            return lc_expected(lc, "a color such as \"#000000\"", c);
        if (!color_parse(c->u.string.str, &col, err, sizeof err))
            return lc_error(lc, "%s", err);
        out->color[0] = col.r;
        out->color[1] = col.g;
        out->color[2] = col.b;
        out->color[3] = col.a;
        lc_pop(lc, saved);
    }
    int dir = 0;
    const json_value *dv = json_get(v, "direction");
    if (dv) {
        saved = lc_push_key(lc, "direction");
        if ((dir = pick(lc, dv, directions, "direction")) < 0)
            return REEL_EINPUT;
        lc_pop(lc, saved);
    }
    /* The direction the incoming item (or a wipe's edge) travels. */
    static const double dirs[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    out->dx = dirs[dir][0];
    out->dy = dirs[dir][1];
    if (out->kind == TR_WIPE && !dv) {
        out->dx = 1;    /* a wipe runs left to right unless told */
        out->dy = 0;
    }
    double angle = NAN;
    int rc = read_number(lc, v, "angle", -360, 360, &angle);
    if (rc)
        return rc;
    if (!isnan(angle)) {
        if (dv) {
            lc_push_key(lc, "angle");
            return lc_error(lc, "give either \"direction\" or \"angle\", not both");
        }
        out->dx = cos(angle * M_PI / 180);
        out->dy = sin(angle * M_PI / 180);
    }
    out->push = true;
    const json_value *mv = json_get(v, "mode");
    if (mv) {
        saved = lc_push_key(lc, "mode");
        int m = pick(lc, mv, modes, "slide mode");
        if (m < 0)
            return REEL_EINPUT;
        out->push = m == 0;
        lc_pop(lc, saved);
    }
    const json_value *sv = json_get(v, "shape");
    if (sv) {
        saved = lc_push_key(lc, "shape");
        int s = pick(lc, sv, shapes, "wipe shape");
        if (s < 0)
            return REEL_EINPUT;
        out->shape = (wipe_shape)s;
        lc_pop(lc, saved);
    }
    /* Zoom: the outgoing item grows to scale_out, the incoming one grows from
     * scale_in to 1. The default span is written as 0.2, not 1 - 0.8, which
     * is a different double and would move the defaults' pixels. */
    out->zoom_out = 1.5;
    out->zoom_in = 0.8;
    out->zoom_in_span = 0.2;
    rc = read_number(lc, v, "scale_out", 0.1, 10, &out->zoom_out);
    if (rc == 0 && json_get(v, "scale_in")) {
        rc = read_number(lc, v, "scale_in", 0.1, 10, &out->zoom_in);
        out->zoom_in_span = 1 - out->zoom_in;
    }
    return rc ? rc : read_number(lc, v, "softness", 0, 10000, &out->softness);
}

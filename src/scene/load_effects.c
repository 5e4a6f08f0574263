/* Loads the compositing rows of a layer: the effects list (each effect an
 * object validated against its rows in render/effect_types.c), blend mode,
 * inline mask layer, matte reference and the enter/exit/emphasis presets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "render/effects.h"
#include "scene/load_effects.h"
#include "util/numparse.h"
#include "util/suggest.h"

void layer_fx_free(layer_fx *fx)
{
    if (!fx)
        return;
    for (size_t i = 0; i < fx->effect_count; i++) {
        const effect_type *et = &effect_types[fx->effects[i].kind];
        for (size_t r = 0; fx->effects[i].values && r < et->prop_count; r++)
            prop_value_clear(&fx->effects[i].values[r]);
        free(fx->effects[i].values);
    }
    free(fx->effects);
    layer_free(fx->mask);
    free(fx->matte_id);
    for (int i = 0; i < 3; i++)
        preset_clear(&fx->presets[i]);
    free(fx);
}

static int load_effect(load_ctx *lc, const json_value *v, effect *out)
{
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "an effect object such as {\"type\": \"blur\", \"radius\": 8}", v);
    const json_value *type = json_get(v, "type");
    const char *names[FX_KIND_COUNT + 1];
    for (int k = 0; k < FX_KIND_COUNT; k++)
        names[k] = effect_types[k].name;
    names[FX_KIND_COUNT] = NULL;
    if (!type)
        return lc_error(lc, "effect is missing \"type\" (one of blur, drop_shadow, glow, brightness, contrast, "
                        "saturation, hue, tint, noise)");
    size_t saved = lc_push_key(lc, "type");
    if (type->type != JSON_STRING)
        return lc_expected(lc, "an effect name such as \"blur\"", type);
    int kind = 0;
    while (kind < FX_KIND_COUNT && strcmp(names[kind], type->u.string.str) != 0)
        kind++;
    if (kind == FX_KIND_COUNT) {
        const char *near = suggest_closest(type->u.string.str, names, FX_KIND_COUNT);
        if (near)
            return lc_error(lc, "unknown effect \"%.80s\" (did you mean \"%s\"?)", type->u.string.str, near);
        return lc_error(lc, "unknown effect \"%.80s\" (expected one of blur, drop_shadow, glow, brightness, "
                        "contrast, saturation, hue, tint, noise)", type->u.string.str);
    }
    lc_pop(lc, saved);
    const effect_type *et = &effect_types[kind];
    out->kind = (fx_kind)kind;
    if (!(out->values = calloc(et->prop_count, sizeof *out->values)))
        return lc_error(lc, "out of memory");
    const char *rows[et->prop_count + 2];
    for (size_t r = 0; r < et->prop_count; r++)
        rows[r] = et->props[r].name;
    rows[et->prop_count] = "type";
    rows[et->prop_count + 1] = NULL;
    char what[64];
    snprintf(what, sizeof what, "%s parameter", et->name);
    if (lc_check_keys(lc, v, rows, what))
        return REEL_EINPUT;
    for (size_t r = 0; r < et->prop_count; r++) {
        const prop_desc *d = &et->props[r];
        saved = lc_push_key(lc, d->name);
        int rc = load_prop(lc, d, json_get(v, d->name), &out->values[r]);
        if (rc)
            return rc;
        if (kind == FX_NOISE && r == NOISE_SEED && out->values[r].track.constant[0] !=
                                                       floor(out->values[r].track.constant[0]))
            return lc_error(lc, "expected a whole number seed from 0 to 4294967295");
        lc_pop(lc, saved);
    }
    return 0;
}

static int load_effects_list(load_ctx *lc, layer_fx *fx, const json_value *v)
{
    if (v->type != JSON_ARRAY)
        return lc_expected(lc, "a list of effect objects such as [{\"type\": \"blur\", \"radius\": 8}]", v);
    if (v->u.array.count > 64)
        return lc_error(lc, "too many effects (%zu; the limit is 64)", v->u.array.count);
    fx->effects = calloc(v->u.array.count ? v->u.array.count : 1, sizeof *fx->effects);
    if (!fx->effects)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < v->u.array.count; i++) {
        size_t saved = lc_push_index(lc, i);
        fx->effect_count = i + 1;
        int rc = load_effect(lc, v->u.array.items[i], &fx->effects[i]);
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    return 0;
}

static int load_mask(load_ctx *lc, layer *l, layer_fx *fx, const json_value *v)
{
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a shape layer object such as {\"type\": \"rect\", \"width\": 200, \"height\": 100}", v);
    const json_value *type = json_get(v, "type");
    if (type && type->type == JSON_STRING && strcmp(type->u.string.str, "group") == 0) {
        lc_push_key(lc, "type");
        return lc_error(lc, "a mask is one layer (such as \"rect\" or \"ellipse\"), not a group");
    }
    if (++lc->depth > LIMIT_NESTING)
        return lc_error(lc, "masks and groups are nested deeper than %d levels", LIMIT_NESTING);
    int rc = load_layer(lc, v, l->end - l->start, &fx->mask);
    lc->depth--;
    return rc;
}

/* A time value in frames (not negative). */
static int load_frames(load_ctx *lc, const json_value *v, bool positive, double *out)
{
    char err[300];
    int64_t f;
    bool ok = v->type == JSON_NUMBER ? time_from_seconds(v->u.number, lc->scene->fps, false, &f, err, sizeof err)
            : v->type == JSON_STRING ? time_parse(v->u.string.str, lc->scene->fps, false, &f, err, sizeof err)
            : false;
    if (!ok && (v->type == JSON_NUMBER || v->type == JSON_STRING))
        return lc_error(lc, "%s", err);
    if (!ok)
        return lc_expected(lc, "a time such as 0.5, \"0.5s\" or \"15f\"", v);
    if (positive && f < 1)
        return lc_error(lc, "must be at least one frame long");
    *out = (double)f;
    return 0;
}

static int load_number(load_ctx *lc, const json_value *v, double lo, double hi, double *out)
{
    if (v->type != JSON_NUMBER || !(v->u.number >= lo) || !(v->u.number <= hi)) {
        char what[96], a[32], b[32];
        num_format(a, sizeof a, lo);
        num_format(b, sizeof b, hi);
        snprintf(what, sizeof what, "a number from %s to %s", a, b);
        return lc_expected(lc, what, v);
    }
    *out = v->u.number;
    return 0;
}

static int unknown_preset(load_ctx *lc, const char *name, bool emphasis)
{
    if (emphasis && preset_find(name))
        return lc_error(lc, "\"%.80s\" is an enter/exit preset; emphasis takes \"pulse\", \"shake\", \"float\", "
                        "\"wiggle\" or \"spin\"", name);
    if (!emphasis && emphasis_find(name))
        return lc_error(lc, "\"%.80s\" is an emphasis preset; use it as \"emphasis\"", name);
    size_t n = emphasis ? 5 : preset_count();
    const char *names[n + 1];
    for (size_t i = 0; i < n; i++)
        names[i] = emphasis ? emphasis_names()[i] : preset_name(preset_at(i));
    names[n] = NULL;
    const char *near = suggest_closest(name, names, n);
    if (near)
        return lc_error(lc, "unknown %s preset \"%.80s\" (did you mean \"%s\"?)", emphasis ? "emphasis" : "animation",
                        name, near);
    return lc_error(lc, "unknown %s preset \"%.80s\" (see docs/presets.md)", emphasis ? "emphasis" : "animation", name);
}

static int load_preset(load_ctx *lc, const layer *l, preset_role role, const json_value *v, preset_anim *out)
{
    const json_value *name = v;
    size_t at_preset = lc->pointer_len;
    bool emphasis = role == PRESET_EMPHASIS;
    if (v->type == JSON_OBJECT) {
        static const char *const keys[] = {"name", "duration", "delay", "easing", "distance", NULL};
        static const char *const emph_keys[] = {"name", "period", "amount", "delay", NULL};
        if (lc_check_keys(lc, v, emphasis ? emph_keys : keys, "preset parameter"))
            return REEL_EINPUT;
        name = json_get(v, "name");
        if (!name)
            return lc_error(lc, "preset is missing \"name\"");
        lc_push_key(lc, "name");
    }
    if (name->type != JSON_STRING)
        return lc_expected(lc, emphasis ? "an emphasis name such as \"pulse\", or {\"name\": \"pulse\", \"period\": 1}"
                                        : "a preset name such as \"fade-up\", or {\"name\": \"fade-up\", \"duration\": 0.5}",
                           name);
    const char *n = name->u.string.str;
    const preset_def *pd = emphasis ? NULL : preset_find(n);
    const emphasis_def *ed = emphasis ? emphasis_find(n) : NULL;
    if (!pd && !ed)
        return unknown_preset(lc, n, emphasis);
    if (v->type == JSON_OBJECT)
        lc_pop(lc, at_preset);
    double fps = scene_fps(lc->scene), length = (double)(l->end - l->start);
    const json_value *jv;
    size_t saved;
    int rc;
    double delay = 0;
    if (v->type == JSON_OBJECT && (jv = json_get(v, "delay"))) {
        saved = lc_push_key(lc, "delay");
        if ((rc = load_frames(lc, jv, false, &delay)))
            return rc;
        lc_pop(lc, saved);
    }
    if (emphasis) {
        double period = 0, amount = emphasis_default_amount(ed);
        char err[200];
        int64_t f;
        time_from_seconds(emphasis_default_period(ed), lc->scene->fps, false, &f, err, sizeof err);
        period = (double)(f < 1 ? 1 : f);
        if (v->type == JSON_OBJECT && (jv = json_get(v, "period"))) {
            saved = lc_push_key(lc, "period");
            if ((rc = load_frames(lc, jv, true, &period)))
                return rc;
            lc_pop(lc, saved);
        }
        if (v->type == JSON_OBJECT && (jv = json_get(v, "amount"))) {
            saved = lc_push_key(lc, "amount");
            if ((rc = load_number(lc, jv, -10000, 10000, &amount)))
                return rc;
            lc_pop(lc, saved);
        }
        emphasis_build(out, ed, period, amount, delay);
        return 0;
    }
    preset_params p = {.delay = delay, .distance = -1};
    char err[200];
    int64_t f;
    time_from_seconds(preset_default_duration(pd), lc->scene->fps, false, &f, err, sizeof err);
    p.duration = (double)(f < 1 ? 1 : f);
    easing ease;
    if (v->type == JSON_OBJECT) {
        if ((jv = json_get(v, "duration"))) {
            saved = lc_push_key(lc, "duration");
            if ((rc = load_frames(lc, jv, true, &p.duration)))
                return rc;
            lc_pop(lc, saved);
        }
        if ((jv = json_get(v, "distance"))) {
            saved = lc_push_key(lc, "distance");
            if ((rc = load_number(lc, jv, 0, 1e6, &p.distance)))
                return rc;
            lc_pop(lc, saved);
        }
        if ((jv = json_get(v, "easing"))) {
            saved = lc_push_key(lc, "easing");
            if ((rc = load_easing(lc, jv, &ease)))
                return rc;
            p.ease = &ease;
            lc_pop(lc, saved);
        }
    }
    if (p.delay + p.duration > length)
        return lc_error(lc, "the %s animation (%.0f frames with its delay) is longer than the layer (%.0f frames)",
                        role == PRESET_ENTER ? "enter" : "exit", p.delay + p.duration, length);
    if (!preset_build(out, pd, role, &p, length, fps, lc->scene->width, lc->scene->height))
        return lc_error(lc, "out of memory");
    return 0;
}

static int load_motion_blur(load_ctx *lc, layer_fx *fx, const json_value *v)
{
    static const char *const keys[] = {"samples", "shutter", NULL};
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "an object such as {\"samples\": 8, \"shutter\": 180}", v);
    if (lc_check_keys(lc, v, keys, "motion_blur parameter"))
        return REEL_EINPUT;
    double samples = 8, shutter = 180;
    const json_value *jv;
    int rc;
    if ((jv = json_get(v, "samples"))) {
        size_t saved = lc_push_key(lc, "samples");
        if ((rc = load_number(lc, jv, 1, 64, &samples)))
            return rc;
        if (samples != floor(samples))
            return lc_expected(lc, "a whole number of samples from 1 to 64", jv);
        lc_pop(lc, saved);
    }
    if ((jv = json_get(v, "shutter"))) {
        size_t saved = lc_push_key(lc, "shutter");
        if ((rc = load_number(lc, jv, 0, 720, &shutter)))
            return rc;
        lc_pop(lc, saved);
    }
    fx->motion_samples = (int)samples;
    fx->shutter = shutter;
    return 0;
}

int load_layer_fx(load_ctx *lc, layer *l, const json_value *v)
{
    static const int slots[] = {SLOT_BLEND, SLOT_EFFECTS, SLOT_MASK, SLOT_MATTE, SLOT_ENTER, SLOT_EXIT, SLOT_EMPHASIS,
                                SLOT_MOTION_BLUR};
    bool any = false;
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        any |= l->values[slots[i]].given;
    if (!any) {
        if (l->values[SLOT_MASK_INVERT].given || l->values[SLOT_MATTE_MODE].given || l->values[SLOT_MATTE_INVERT].given) {
            const char *key = l->values[SLOT_MASK_INVERT].given ? "mask_invert"
                            : l->values[SLOT_MATTE_MODE].given ? "matte_mode" : "matte_invert";
            lc_push_key(lc, key);
            return lc_error(lc, "\"%s\" needs \"%s\"", key, key[1] == 'a' && key[2] == 's' ? "mask" : "matte");
        }
        return 0;
    }
    layer_fx *fx = calloc(1, sizeof *fx);
    if (!fx)
        return lc_error(lc, "out of memory");
    l->fx = fx;
    fx->blend = l->values[SLOT_BLEND].integer;
    fx->mask_invert = l->values[SLOT_MASK_INVERT].integer;
    fx->matte_mode = l->values[SLOT_MATTE_MODE].integer;
    fx->matte_invert = l->values[SLOT_MATTE_INVERT].integer;
    int rc;
    size_t saved;
    const json_value *jv;
    if ((jv = json_get(v, "effects"))) {
        saved = lc_push_key(lc, "effects");
        if ((rc = load_effects_list(lc, fx, jv)))
            return rc;
        lc_pop(lc, saved);
    }
    if ((jv = json_get(v, "mask"))) {
        saved = lc_push_key(lc, "mask");
        if ((rc = load_mask(lc, l, fx, jv)))
            return rc;
        lc_pop(lc, saved);
    } else if (fx->mask_invert) {
        lc_push_key(lc, "mask_invert");
        return lc_error(lc, "\"mask_invert\" needs \"mask\"");
    }
    if (l->values[SLOT_MATTE].given) {
        if (!(fx->matte_id = strdup(l->values[SLOT_MATTE].str)))
            return lc_error(lc, "out of memory");
    } else if (l->values[SLOT_MATTE_MODE].given || fx->matte_invert) {
        const char *key = l->values[SLOT_MATTE_MODE].given ? "matte_mode" : "matte_invert";
        lc_push_key(lc, key);
        return lc_error(lc, "\"%s\" needs \"matte\"", key);
    }
    if ((jv = json_get(v, "motion_blur"))) {
        saved = lc_push_key(lc, "motion_blur");
        if ((rc = load_motion_blur(lc, fx, jv)))
            return rc;
        lc_pop(lc, saved);
    }
    static const struct { const char *key; preset_role role; } roles[] = {
        {"enter", PRESET_ENTER}, {"exit", PRESET_EXIT}, {"emphasis", PRESET_EMPHASIS}};
    for (int i = 0; i < 3; i++) {
        if (!(jv = json_get(v, roles[i].key)))
            continue;
        saved = lc_push_key(lc, roles[i].key);
        if ((rc = load_preset(lc, l, roles[i].role, jv, &fx->presets[i])))
            return rc;
        fx->has_presets = true;
        lc_pop(lc, saved);
    }
    return 0;
}

static layer *find_sibling(layer **layers, size_t count, const char *id)
{
    for (size_t i = 0; i < count; i++) {
        const char *other = layers[i]->values[SLOT_ID].str;
        if (other && strcmp(other, id) == 0)
            return layers[i];
    }
    return NULL;
}

int resolve_mattes(load_ctx *lc, layer **layers, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        layer_fx *fx = layers[i]->fx;
        if (!fx || !fx->matte_id)
            continue;
        size_t saved = lc_push_index(lc, i);
        lc_push_key(lc, "matte");
        layer *src = find_sibling(layers, count, fx->matte_id);
        if (!src) {
            const char *ids[count + 1];
            for (size_t k = 0; k < count; k++)
                ids[k] = k == i ? NULL : layers[k]->values[SLOT_ID].str;
            ids[count] = NULL;
            const char *near = suggest_closest(fx->matte_id, ids, count);
            if (near)
                return lc_error(lc, "no sibling layer has the id \"%.80s\" (did you mean \"%s\"?)", fx->matte_id, near);
            return lc_error(lc, "no sibling layer has the id \"%.80s\" (a matte must be a layer in the same list)",
                            fx->matte_id);
        }
        if (src == layers[i])
            return lc_error(lc, "a layer cannot be its own matte");
        /* Follow the chain of mattes: reaching this layer again is a cycle. */
        const layer *at = src;
        for (size_t steps = 0; at && at->fx && at->fx->matte_id && steps <= count; steps++) {
            at = find_sibling(layers, count, at->fx->matte_id);
            if (at == layers[i])
                return lc_error(lc, "matte \"%.80s\" leads back to this layer (mattes cannot form a cycle)",
                                fx->matte_id);
        }
        fx->matte = src;
        src->matte_source = true;
        lc_pop(lc, saved);
    }
    return 0;
}

/* The composition and sequence pass (see compositions.h and
 * docs/compositions.md). Works on the template-expanded tree; every node it
 * makes lives in the caller's tpl_mem. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/compositions.h"
#include "util/suggest.h"

#define MAX_COMP_DEPTH LIMIT_NESTING

typedef struct pass {
    load_ctx *lc;
    tpl_mem *mem;
    comp_table *table;
    const json_value **bodies;      /* per comps[i]: its JSON object */
    const char *stack[MAX_COMP_DEPTH + 1];
    int depth;
} pass;

static int expand_layer(pass *p, const json_value *v, json_value **out);

/* ---- Helpers ---- */

static int oom(pass *p) { return lc_error(p->lc, "out of memory"); }

/* A copy of object o without the members named skip and skip2 (NULL: none)
 * and room for extra more members plus one spare: the one "start" or "end"
 * that an enclosing sequence or composition may add to this very node (in
 * place, so that the node a sequence was registered under stays the one the
 * loader sees). */
static json_value *copy_object(pass *p, const json_value *o, const char *skip, const char *skip2, size_t extra)
{
    json_value *c = tpl_node(p->mem, JSON_OBJECT, o->line, o->column);
    json_member *m = c ? tpl_alloc(p->mem, (o->u.object.count + extra + 1) * sizeof *m) : NULL;
    if (!m)
        return NULL;
    for (size_t i = 0; i < o->u.object.count; i++) {
        const char *k = o->u.object.members[i].key;
        if ((!skip || strcmp(k, skip)) && (!skip2 || strcmp(k, skip2)))
            m[c->u.object.count++] = o->u.object.members[i];
    }
    c->u.object.members = m;
    return c;
}

/* Adds "key": "<frames>f" to an object made by copy_object. */
static int add_frames(pass *p, json_value *o, const char *key, int64_t frames)
{
    char text[40];
    int n = snprintf(text, sizeof text, "%lldf", (long long)frames);
    json_value *s = tpl_string(p->mem, text, (size_t)n, o->line, o->column);
    if (!s)
        return oom(p);
    o->u.object.members[o->u.object.count++] = (json_member){.key = key, .key_len = strlen(key), .value = s};
    return 0;
}

/* Removes the member key from an object made by copy_object. */
static void drop_member(json_value *o, const char *key)
{
    size_t k = 0;
    for (size_t i = 0; i < o->u.object.count; i++)
        if (strcmp(o->u.object.members[i].key, key))
            o->u.object.members[k++] = o->u.object.members[i];
    o->u.object.count = k;
}

/* A plain length (no markers: compositions have their own timeline). */
static int read_length(pass *p, const json_value *v, int64_t *frames)
{
    char err[300];
    bool ok = v->type == JSON_NUMBER ? time_from_seconds(v->u.number, p->lc->scene->fps, false, frames, err, sizeof err)
            : v->type == JSON_STRING ? time_parse(v->u.string.str, p->lc->scene->fps, false, frames, err, sizeof err)
                                     : false;
    if (!ok)
        return v->type == JSON_NUMBER || v->type == JSON_STRING ? lc_error(p->lc, "%s", err)
                                                                 : lc_expected(p->lc, "a time such as \"2s\" or \"45f\"", v);
    if (*frames < 1)
        return lc_error(p->lc, "expected a length of at least one frame");
    return 0;
}

/* ---- Definitions ---- */

static const char *const comp_keys[] = {"width", "height", "duration", "params", "layers", "description", NULL};

static int read_side(pass *p, const json_value *c, const char *key, int *out)
{
    const json_value *v = json_get(c, key);
    if (!v)
        return lc_error(p->lc, "a composition needs \"%s\"", key);
    size_t saved = lc_push_key(p->lc, key);
    if (v->type != JSON_NUMBER || v->u.number != floor(v->u.number) || v->u.number < 1 || v->u.number > LIMIT_CANVAS_SIDE)
        return lc_expected(p->lc, "a whole number of pixels from 1 to 16384", v);
    *out = (int)v->u.number;
    lc_pop(p->lc, saved);
    return 0;
}

static int read_definitions(pass *p, const json_value *comps)
{
    load_ctx *lc = p->lc;
    size_t saved = lc_push_key(lc, "compositions");
    if (comps->type != JSON_OBJECT)
        return lc_expected(lc, "an object of compositions such as {\"card\": {\"width\": 800, ...}}", comps);
    size_t n = comps->u.object.count;
    p->table->comps = calloc(n ? n : 1, sizeof *p->table->comps);
    p->bodies = tpl_alloc(p->mem, (n ? n : 1) * sizeof *p->bodies);
    if (!p->table->comps || !p->bodies)
        return oom(p);
    for (size_t i = 0; i < n; i++) {
        const json_member *m = &comps->u.object.members[i];
        size_t s2 = lc_push_key(lc, m->key);
        const json_value *c = m->value;
        if (c->type != JSON_OBJECT)
            return lc_expected(lc, "a composition such as {\"width\": 800, \"height\": 200, \"duration\": \"3s\", "
                               "\"layers\": [...]}", c);
        int rc = lc_check_keys(lc, c, comp_keys, "composition key");
        if (rc)
            return rc;
        comp_def *d = &p->table->comps[i];
        d->name = m->key;
        if ((rc = read_side(p, c, "width", &d->width)) || (rc = read_side(p, c, "height", &d->height)))
            return rc;
        const json_value *dur = json_get(c, "duration");
        if (!dur)
            return lc_error(lc, "a composition needs \"duration\"");
        size_t s3 = lc_push_key(lc, "duration");
        if ((rc = read_length(p, dur, &d->frames)))
            return rc;
        lc_pop(lc, s3);
        prop_decl *decls;
        size_t count;
        rc = decls_read_key(lc, "params", json_get(c, "params"), &decls, &count);
        free(decls);
        if (rc)
            return rc;
        const json_value *layers = json_get(c, "layers");
        if (!layers || layers->type != JSON_ARRAY) {
            lc_push_key(lc, "layers");
            return layers ? lc_expected(lc, "an array of layers", layers) : lc_error(lc, "a composition needs \"layers\"");
        }
        p->bodies[i] = c;
        p->table->comp_count = i + 1;
        lc_pop(lc, s2);
    }
    lc_pop(lc, saved);
    return 0;
}

/* ---- Instances ---- */

static int unknown_name(pass *p, const char *name)
{
    const char *names[p->table->comp_count + 1];
    for (size_t i = 0; i < p->table->comp_count; i++)
        names[i] = p->table->comps[i].name;
    const char *near = suggest_closest(name, names, p->table->comp_count);
    if (near)
        return lc_error(p->lc, "unknown composition \"%.80s\" (did you mean \"%s\"?)", name, near);
    return lc_error(p->lc, "unknown composition \"%.80s\"%s", name,
                    p->table->comp_count ? "" : " (the scene has no \"compositions\")");
}

static int cycle_error(pass *p, const char *name)
{
    char chain[400] = "";
    size_t len = 0;
    int from = 0;
    while (from < p->depth && strcmp(p->stack[from], name))
        from++;
    for (int i = from; i < p->depth; i++)
        len += (size_t)snprintf(chain + len, len < sizeof chain ? sizeof chain - len : 0, "%s -> ", p->stack[i]);
    if (len < sizeof chain)
        snprintf(chain + len, sizeof chain - len, "%s", name);
    return lc_error(p->lc, "compositions use each other in a cycle: %s", chain);
}

/* Applies an instance's "params" to the composition's declarations. */
static int apply_params(pass *p, const comp_def *d, prop_decl *decls, size_t count, const json_value *params)
{
    load_ctx *lc = p->lc;
    char err[600];
    if (params) {
        size_t saved = lc_push_key(lc, "params");
        if (params->type != JSON_OBJECT)
            return lc_expected(lc, "an object of param values such as {\"title\": \"Q3\"}", params);
        for (size_t i = 0; i < params->u.object.count; i++) {
            const json_member *m = &params->u.object.members[i];
            size_t s2 = lc_push_key(lc, m->key);
            prop_decl *pd = decls_find(decls, count, m->key, m->key_len);
            if (!pd) {
                const char *names[count + 1];
                for (size_t k = 0; k < count; k++)
                    names[k] = decls[k].name;
                const char *near = suggest_closest(m->key, names, count);
                return near ? lc_error(lc, "composition \"%s\" has no param \"%.80s\" (did you mean \"%s\"?)",
                                       d->name, m->key, near)
                            : lc_error(lc, "composition \"%s\" has no param \"%.80s\"", d->name, m->key);
            }
            if (decl_check(lc, pd, m->value, err, sizeof err) != 0)
                return lc_error(lc, "param \"%s\" of composition \"%s\": %s", pd->name, d->name, err);
            pd->value = m->value;
            lc_pop(lc, s2);
        }
        lc_pop(lc, saved);
    }
    for (size_t i = 0; i < count; i++)
        if (!decls[i].value)
            return lc_error(lc, "composition \"%s\" needs param \"%s\" (it has no default)", d->name, decls[i].name);
    return 0;
}

/* Expands a layer array in place of its JSON (pointer already at it). */
static int expand_array(pass *p, const json_value *arr, json_value **out)
{
    json_value *a = tpl_node(p->mem, JSON_ARRAY, arr->line, arr->column);
    size_t n = arr->u.array.count;
    json_value **items = a ? tpl_alloc(p->mem, (n ? n : 1) * sizeof *items) : NULL;
    if (!items)
        return oom(p);
    for (size_t i = 0; i < n; i++) {
        size_t saved = lc_push_index(p->lc, i);
        int rc = expand_layer(p, arr->u.array.items[i], &items[i]);
        if (rc)
            return rc;
        lc_pop(p->lc, saved);
    }
    a->u.array.items = items;
    a->u.array.count = n;
    *out = a;
    return 0;
}

/* The composition's layers for one instance: params substituted, nested
 * instances expanded, default ends set to the composition's length. Errors
 * inside point into /compositions/NAME/layers. */
static int expand_body(pass *p, size_t ci, prop_decl *decls, size_t count, json_value **out)
{
    load_ctx *lc = p->lc;
    char saved_ptr[sizeof lc->pointer];
    size_t saved_len = lc->pointer_len;
    memcpy(saved_ptr, lc->pointer, saved_len + 1);
    lc->pointer_len = 0;
    lc->pointer[0] = '\0';
    lc_push_key(lc, "compositions");
    lc_push_key(lc, p->table->comps[ci].name);
    lc_push_key(lc, "layers");
    json_value *subst, *arr;
    int rc = template_expand_layers(lc, decls, count, json_get(p->bodies[ci], "layers"), p->mem, &subst);
    if (!rc) {
        p->stack[p->depth++] = p->table->comps[ci].name;
        rc = expand_array(p, subst, &arr);
        p->depth--;
    }
    if (rc)
        return rc;
    for (size_t i = 0; i < arr->u.array.count; i++) {
        json_value *item = arr->u.array.items[i];   /* objects are this pass's copies */
        if (item->type == JSON_OBJECT && !json_get(item, "end") && !json_get(item, "duration") &&
            (rc = add_frames(p, item, "end", p->table->comps[ci].frames)))
            return rc;
    }
    memcpy(lc->pointer, saved_ptr, saved_len + 1);
    lc->pointer_len = saved_len;
    *out = arr;
    return 0;
}

static int expand_instance(pass *p, const json_value *v, json_value **out)
{
    load_ctx *lc = p->lc;
    const json_value *name = json_get(v, "name");
    if (!name)
        return lc_error(lc, "a composition layer needs \"name\": the composition to place");
    size_t saved = lc_push_key(lc, "name");
    if (name->type != JSON_STRING)
        return lc_expected(lc, "a composition name", name);
    size_t ci = 0;
    while (ci < p->table->comp_count && strcmp(p->table->comps[ci].name, name->u.string.str))
        ci++;
    if (ci == p->table->comp_count)
        return unknown_name(p, name->u.string.str);
    for (int i = 0; i < p->depth; i++)
        if (!strcmp(p->stack[i], name->u.string.str))
            return cycle_error(p, name->u.string.str);
    if (p->depth >= MAX_COMP_DEPTH)
        return lc_error(lc, "compositions are nested deeper than %d levels", MAX_COMP_DEPTH);
    lc_pop(lc, saved);
    if (json_get(v, "layers")) {
        lc_push_key(lc, "layers");
        return lc_error(lc, "a composition layer takes its layers from the composition; give \"params\" instead");
    }
    const comp_def *d = &p->table->comps[ci];
    double rate = 1;
    const json_value *rv = json_get(v, "rate");
    if (rv) {
        saved = lc_push_key(lc, "rate");
        if (rv->type != JSON_NUMBER || !(rv->u.number >= 0.001 && rv->u.number <= 1000))
            return lc_expected(lc, "a playback rate from 0.001 to 1000 (1 is normal speed)", rv);
        rate = rv->u.number;
        lc_pop(lc, saved);
    }
    const json_value *loop = json_get(v, "loop");
    int64_t offset = 0;
    const json_value *ov = json_get(v, "time_offset");
    if (ov && (ov->type == JSON_NUMBER || ov->type == JSON_STRING)) {
        /* Plain offsets shorten the default length; anything else is left
         * to the loader to judge. */
        char err[300];
        bool ok = ov->type == JSON_NUMBER
                      ? time_from_seconds(ov->u.number, lc->scene->fps, false, &offset, err, sizeof err)
                      : time_parse(ov->u.string.str, lc->scene->fps, false, &offset, err, sizeof err);
        if (!ok)
            offset = 0;
        else if (offset >= d->frames) {
            lc_push_key(lc, "time_offset");
            return lc_error(lc, "time_offset (frame %lld) is not inside composition \"%s\" (%lld frames)",
                            (long long)offset, d->name, (long long)d->frames);
        }
    }
    /* Declarations are read again per instance: each gets its own values. */
    size_t s2 = lc->pointer_len;
    char saved_ptr[sizeof lc->pointer];
    memcpy(saved_ptr, lc->pointer, s2 + 1);
    lc->pointer_len = 0;
    lc_push_key(lc, "compositions");
    lc_push_key(lc, d->name);
    prop_decl *decls;
    size_t count;
    int rc = decls_read_key(lc, "params", json_get(p->bodies[ci], "params"), &decls, &count);
    memcpy(lc->pointer, saved_ptr, s2 + 1);
    lc->pointer_len = s2;
    json_value *layers = NULL;
    if (!rc)
        rc = apply_params(p, d, decls, count, json_get(v, "params"));
    if (!rc)
        rc = expand_body(p, ci, decls, count, &layers);
    free(decls);
    if (rc)
        return rc;
    json_value *c = copy_object(p, v, "params", NULL, 2);
    if (!c)
        return oom(p);
    c->u.object.members[c->u.object.count++] = (json_member){.key = "layers", .key_len = 6, .value = layers};
    bool loops = loop && loop->type == JSON_BOOL && loop->u.boolean;
    if (!json_get(v, "end") && !json_get(v, "duration") && !loops) {
        int64_t frames = (int64_t)floor((double)(d->frames - offset) / rate + 0.5);
        if ((rc = add_frames(p, c, "duration", frames < 1 ? 1 : frames)))
            return rc;
    }
    *out = c;
    return 0;
}

/* ---- Sequences ---- */

static int item_length(pass *p, const json_value *item, int64_t *frames)
{
    load_ctx *lc = p->lc;
    if (item->type != JSON_OBJECT)
        return lc_expected(lc, "a layer object such as {\"type\": \"rect\", ...}", item);
    static const char *const placed[] = {"start", "end"};
    for (int k = 0; k < 2; k++)
        if (json_get(item, placed[k])) {
            lc_push_key(lc, placed[k]);
            return lc_error(lc, "a sequence places its items one after another: remove \"%s\" and give "
                            "\"duration\"", placed[k]);
        }
    const json_value *d = json_get(item, "duration");
    if (!d)
        return lc_error(lc, "a sequence item needs \"duration\" (a composition instance has its composition's; "
                        "a looping one needs it too)");
    size_t saved = lc_push_key(lc, "duration");
    int rc = read_length(p, d, frames);
    lc_pop(lc, saved);
    return rc;
}

static int seq_register(pass *p, const json_value *node, transition *cuts, size_t count)
{
    comp_table *t = p->table;
    if (t->seq_count == t->seq_cap) {
        size_t cap = t->seq_cap ? t->seq_cap * 2 : 8;
        seq_def *s = realloc(t->seqs, cap * sizeof *s);
        if (!s)
            return oom(p);
        t->seqs = s;
        t->seq_cap = cap;
    }
    t->seqs[t->seq_count++] = (seq_def){.node = node, .cuts = cuts, .count = count};
    return 0;
}

static int expand_sequence(pass *p, const json_value *v, json_value **out)
{
    load_ctx *lc = p->lc;
    const json_value *src = json_get(v, "layers");
    if (!src || src->type != JSON_ARRAY) {
        lc_push_key(lc, "layers");
        return src ? lc_expected(lc, "an array of layers", src) : lc_error(lc, "a sequence needs \"layers\"");
    }
    transition def = {.kind = TR_NONE};
    const json_value *tv = json_get(v, "transition");
    int rc;
    if (tv) {
        size_t saved = lc_push_key(lc, "transition");
        if ((rc = transition_read(lc, tv, &def)))
            return rc;
        lc_pop(lc, saved);
    }
    size_t s0 = lc_push_key(lc, "layers");
    json_value *arr;
    if ((rc = expand_array(p, src, &arr)))
        return rc;
    size_t n = arr->u.array.count;
    int64_t *len = tpl_alloc(p->mem, (n ? n : 1) * sizeof *len);
    transition *cuts = calloc(n ? n : 1, sizeof *cuts);
    if (!len || !cuts) {
        free(cuts);
        return oom(p);
    }
    /* Lengths and cuts first, then check that every overlap fits. */
    for (size_t i = 0; !rc && i < n; i++) {
        size_t saved = lc_push_index(lc, i);
        const json_value *item = arr->u.array.items[i];
        if ((rc = item_length(p, item, &len[i])))
            break;
        const json_value *own = json_get(item, "transition");
        cuts[i] = def;
        if (own) {
            lc_push_key(lc, "transition");
            if (i + 1 == n)
                rc = lc_error(lc, "the last item of a sequence has no cut after it");
            else if ((rc = transition_read(lc, own, &cuts[i])))
                break;
        }
        if (i + 1 == n)
            cuts[i] = (transition){.kind = TR_NONE};
        lc_pop(lc, saved);
    }
    for (size_t i = 0; !rc && i + 1 < n; i++) {
        int64_t before = i > 0 ? cuts[i - 1].frames : 0, x = cuts[i].frames;
        if (x <= len[i + 1] && x + before <= len[i])
            continue;
        lc_push_index(lc, i);
        if (json_get(arr->u.array.items[i], "transition")) {
            lc_push_key(lc, "transition");
        } else {
            lc_pop(lc, s0);
            lc_push_key(lc, "transition");
        }
        if (x > len[i + 1] || x > len[i])
            rc = lc_error(lc, "the transition after item %zu (%lld frames) is longer than item %zu (%lld frames)", i,
                          (long long)x, x > len[i + 1] ? i + 1 : i, (long long)len[x > len[i + 1] ? i + 1 : i]);
        else
            rc = lc_error(lc, "the transitions before and after item %zu (%lld + %lld frames) are longer than it "
                          "(%lld frames)", i, (long long)before, (long long)x, (long long)len[i]);
    }
    if (rc) {
        free(cuts);
        return rc;
    }
    int64_t at = 0;
    for (size_t i = 0; i < n; i++) {
        json_value *item = arr->u.array.items[i];   /* an object: item_length checked it */
        drop_member(item, "transition");
        if ((rc = add_frames(p, item, "start", at))) {
            free(cuts);
            return rc;
        }
        at += len[i] - cuts[i].frames;
    }
    lc_pop(lc, s0);
    json_value *c = copy_object(p, v, "layers", NULL, 2);
    if (!c) {
        free(cuts);
        return oom(p);
    }
    c->u.object.members[c->u.object.count++] = (json_member){.key = "layers", .key_len = 6, .value = arr};
    if (!json_get(v, "end") && !json_get(v, "duration") && n > 0 && (rc = add_frames(p, c, "duration", at))) {
        free(cuts);
        return rc;
    }
    if ((rc = seq_register(p, c, cuts, n))) {
        free(cuts);
        return rc;
    }
    *out = c;
    return 0;
}

/* ---- Walk ---- */

static int expand_layer(pass *p, const json_value *v, json_value **out)
{
    *out = (json_value *)v;
    if (v->type != JSON_OBJECT)
        return 0;
    const json_value *type = json_get(v, "type");
    const char *t = type && type->type == JSON_STRING ? type->u.string.str : "";
    if (!strcmp(t, "composition"))
        return expand_instance(p, v, out);
    if (!strcmp(t, "sequence"))
        return expand_sequence(p, v, out);
    /* Other layers are copied so that each instance of a composition has
     * nodes of its own (the timeline tells layers apart by node). */
    const json_value *children = json_get(v, "layers");
    json_value *c = copy_object(p, v, children && children->type == JSON_ARRAY ? "layers" : NULL, NULL, 1);
    if (!c)
        return oom(p);
    if (children && children->type == JSON_ARRAY) {
        size_t saved = lc_push_key(p->lc, "layers");
        json_value *arr;
        int rc = expand_array(p, children, &arr);
        if (rc)
            return rc;
        lc_pop(p->lc, saved);
        c->u.object.members[c->u.object.count++] = (json_member){.key = "layers", .key_len = 6, .value = arr};
    }
    *out = c;
    return 0;
}

static bool uses_feature(const json_value *v)
{
    if (v->type == JSON_ARRAY) {
        for (size_t i = 0; i < v->u.array.count; i++)
            if (uses_feature(v->u.array.items[i]))
                return true;
        return false;
    }
    if (v->type != JSON_OBJECT)
        return false;
    const json_value *type = json_get(v, "type");
    if (type && type->type == JSON_STRING &&
        (!strcmp(type->u.string.str, "composition") || !strcmp(type->u.string.str, "sequence")))
        return true;
    const json_value *layers = json_get(v, "layers");
    return layers && uses_feature(layers);
}

int compositions_expand(load_ctx *lc, const json_value **root, tpl_mem *mem, comp_table *table, bool *changed)
{
    const json_value *r = *root;
    *changed = false;
    if (r->type != JSON_OBJECT)
        return 0;
    const json_value *comps = json_get(r, "compositions"), *layers = json_get(r, "layers");
    if (!comps && !(layers && uses_feature(layers)))
        return 0;       /* nothing to do: plain scenes keep their nodes */
    pass p = {.lc = lc, .mem = mem, .table = table};
    int rc;
    if (comps && (rc = read_definitions(&p, comps)))
        return rc;
    json_value *c = copy_object(&p, r, "compositions", "layers", 1);
    if (!c)
        return oom(&p);
    if (layers && layers->type == JSON_ARRAY) {
        size_t saved = lc_push_key(lc, "layers");
        json_value *arr;
        if ((rc = expand_array(&p, layers, &arr)))
            return rc;
        lc_pop(lc, saved);
        c->u.object.members[c->u.object.count++] = (json_member){.key = "layers", .key_len = 6, .value = arr};
    } else if (layers) {
        c->u.object.members[c->u.object.count++] = (json_member){.key = "layers", .key_len = 6,
                                                                  .value = (json_value *)layers};
    }
    *root = c;
    *changed = true;
    return 0;
}

void comp_table_free(comp_table *t)
{
    for (size_t i = 0; i < t->seq_count; i++)
        free(t->seqs[i].cuts);
    free(t->seqs);
    free(t->comps);
    *t = (comp_table){0};
}

const comp_def *comp_table_find(const comp_table *t, const char *name)
{
    for (size_t i = 0; t && i < t->comp_count; i++)
        if (!strcmp(t->comps[i].name, name))
            return &t->comps[i];
    return NULL;
}

const seq_def *comp_table_sequence(const comp_table *t, const json_value *node)
{
    for (size_t i = 0; t && i < t->seq_count; i++)
        if (t->seqs[i].node == node)
            return &t->seqs[i];
    return NULL;
}

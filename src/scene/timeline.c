/* Markers, the musical grid and layer references, resolved to exact times
 * while a scene loads (see timeline.h). */
#include "scene/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/beat_detect.h"
#include "scene/time_expr.h"
#include "util/numparse.h"
#include "util/suggest.h"

#define MAX_REF_DEPTH 200           /* references through references; far beyond any real scene */
#define LABEL_MAX 96

enum { UNRESOLVED, IN_PROGRESS, DONE };
enum { EDGE_START, EDGE_END };

typedef struct marker {
    const char *name;               /* the JSON member's key (lives as long as the JSON) */
    const json_value *node;
    bool span;                      /* {"start", "end"} */
    int state;
    exact_time start, end;          /* absolute seconds; end == start for a point */
} marker;

typedef struct layer_entry {
    const json_value *node;
    int parent;                     /* entry index, -1 at the top */
    const char *id;                 /* NULL without a string "id" */
    int state[2];
    int64_t abs[2];                 /* absolute frames of start and end */
    char pointer[256];
} layer_entry;

/* Names sorted for binary search: scenes may hold 100,000 layers or markers. */
typedef struct name_ref {
    const char *name;
    int index;
} name_ref;

struct timeline {
    rational fps;
    name_ref *marker_names, *layer_ids;
    size_t layer_id_count;
    marker *markers;
    size_t marker_count;
    bool has_music, music_detected;
    exact_time beat1, period;       /* beat N is at beat1 + (N - 1) x period */
    int beats_per_bar;
    layer_entry *layers;
    size_t layer_count, layer_cap;
    int64_t scene_frames;
    bool allow_layers;              /* false while markers or the scene duration resolve */
    char chain[MAX_REF_DEPTH][LABEL_MAX];
    size_t chain_len;
};

static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The first entry named `name` in the sorted refs[0..n), or n. */
static size_t lower_bound(const name_ref *refs, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(refs[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- pointers and chains ---- */

/* Replaces lc's pointer with `pointer` + "/" + key, keeping the old one in saved. */
static void pointer_enter(load_ctx *lc, const char *pointer, const char *key, char *saved, size_t *saved_len)
{
    memcpy(saved, lc->pointer, sizeof lc->pointer);
    *saved_len = lc->pointer_len;
    snprintf(lc->pointer, sizeof lc->pointer, "%s", pointer);
    lc->pointer_len = strlen(lc->pointer);
    if (key)
        lc_push_key(lc, key);
}

static void pointer_leave(load_ctx *lc, const char *saved, size_t saved_len)
{
    memcpy(lc->pointer, saved, sizeof lc->pointer);
    lc->pointer_len = saved_len;
}

/* Pushes label on the reference chain; on a cycle or too deep a chain,
 * reports it and returns non-zero. `in_progress` says the label's value is
 * being resolved already (a cycle). */
static int chain_push(load_ctx *lc, const char *label, bool in_progress, const char *what)
{
    timeline *tl = lc->timeline;
    if (in_progress) {
        char msg[700];
        size_t n = 0, first = 0;
        for (size_t i = 0; i < tl->chain_len; i++)
            if (strcmp(tl->chain[i], label) == 0) {
                first = i;
                break;
            }
        for (size_t i = first; i < tl->chain_len && n < sizeof msg; i++)
            n += (size_t)snprintf(msg + n, sizeof msg - n, "%s -> ", tl->chain[i]);
        if (n < sizeof msg)
            snprintf(msg + n, sizeof msg - n, "%s", label);
        return lc_error(lc, "%s refer to each other in a cycle: %s", what, msg);
    }
    if (tl->chain_len >= MAX_REF_DEPTH)
        return lc_error(lc, "time references are nested deeper than %d levels", MAX_REF_DEPTH);
    snprintf(tl->chain[tl->chain_len++], LABEL_MAX, "%s", label);
    return 0;
}

static void chain_pop(timeline *tl) { tl->chain_len--; }

/* ---- layers ---- */

static int index_layers(timeline *tl, const json_value *arr, int parent, const char *prefix)
{
    if (!arr || arr->type != JSON_ARRAY)
        return 0;
    for (size_t i = 0; i < arr->u.array.count; i++) {
        const json_value *v = arr->u.array.items[i];
        if (v->type != JSON_OBJECT)
            continue;
        if (tl->layer_count == tl->layer_cap) {
            size_t cap = tl->layer_cap ? tl->layer_cap * 2 : 16;
            layer_entry *l = realloc(tl->layers, cap * sizeof *l);
            if (!l)
                return REEL_ENOMEM;
            tl->layers = l;
            tl->layer_cap = cap;
        }
        int self = (int)tl->layer_count++;
        layer_entry *e = &tl->layers[self];
        memset(e, 0, sizeof *e);
        e->node = v;
        e->parent = parent;
        const json_value *id = json_get(v, "id");
        e->id = id && id->type == JSON_STRING ? id->u.string.str : NULL;
        snprintf(e->pointer, sizeof e->pointer, "%s/%zu", prefix, i);
        char sub[300];
        snprintf(sub, sizeof sub, "%s/layers", e->pointer);
        int rc = index_layers(tl, json_get(v, "layers"), self, sub);
        if (rc)
            return rc;
        /* A mask is a layer on its host's timeline. */
        const json_value *mask = json_get(v, "mask");
        if (mask && mask->type == JSON_OBJECT) {
            json_value *one[1] = {(json_value *)mask};
            json_value wrapper = {.type = JSON_ARRAY, .u.array = {one, 1}};
            /* (e may have moved: the children's indexing can grow the array.) */
            snprintf(sub, sizeof sub, "%.240s/mask", tl->layers[self].pointer);
            size_t mask_at = tl->layer_count;
            if ((rc = index_layers(tl, &wrapper, self, sub)))
                return rc;
            /* The wrapper names the mask ".../mask/0"; it is ".../mask". */
            snprintf(tl->layers[mask_at].pointer, sizeof tl->layers[mask_at].pointer, "%.250s", sub);
        }
    }
    return 0;
}

static void edge_label(const timeline *tl, int i, int edge, char *buf, size_t size)
{
    const layer_entry *e = &tl->layers[i];
    if (e->id)
        snprintf(buf, size, "@%.60s.%s", e->id, edge ? "end" : "start");
    else
        snprintf(buf, size, "%.60s.%s", e->pointer, edge ? "end" : "start");
}

static int resolve_edge(load_ctx *lc, int i, int edge, int64_t *abs);

/* A layer's time value v (start, end or duration) on the timeline at origin. */
static int eval_value(load_ctx *lc, const json_value *v, int64_t origin, bool length, int64_t *frame)
{
    char err[300];
    timeline *tl = lc->timeline;
    if (v->type == JSON_NUMBER) {
        if (!time_from_seconds(v->u.number, tl->fps, false, frame, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    if (v->type == JSON_STRING) {
        if (time_expr_is_expression(v->u.string.str)) {
            if (length)
                return lc_error(lc, "a duration is a length, not a point in time; to end at \"%.80s\" write "
                                "\"end\": \"%.80s\"", v->u.string.str, v->u.string.str);
            return timeline_resolve(lc, v->u.string.str, origin, frame);
        }
        if (!time_parse(v->u.string.str, tl->fps, false, frame, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    return lc_expected(lc, "a time such as 1.5, \"1.5s\", \"45f\", \"drop+0.5s\" or \"beat:16\"", v);
}

static int resolve_edge(load_ctx *lc, int i, int edge, int64_t *abs)
{
    timeline *tl = lc->timeline;
    layer_entry *e = &tl->layers[i];
    if (e->state[edge] == DONE) {
        *abs = e->abs[edge];
        return 0;
    }
    char label[LABEL_MAX];
    edge_label(tl, i, edge, label, sizeof label);
    int rc = chain_push(lc, label, e->state[edge] == IN_PROGRESS, "layer times");
    if (rc)
        return rc;
    e->state[edge] = IN_PROGRESS;

    int64_t parent_start = 0, v = 0;
    if (e->parent >= 0 && (rc = resolve_edge(lc, e->parent, EDGE_START, &parent_start)))
        return rc;
    const json_value *start = json_get(e->node, "start"), *end = json_get(e->node, "end"),
                     *dur = json_get(e->node, "duration");
    char saved[sizeof lc->pointer];
    size_t saved_len;
    if (edge == EDGE_START) {
        if (start) {
            pointer_enter(lc, e->pointer, "start", saved, &saved_len);
            if ((rc = eval_value(lc, start, parent_start, false, &v)))
                return rc;
            pointer_leave(lc, saved, saved_len);
        }
        *abs = parent_start + v;
    } else if (end) {
        pointer_enter(lc, e->pointer, "end", saved, &saved_len);
        if ((rc = eval_value(lc, end, parent_start, false, &v)))
            return rc;
        pointer_leave(lc, saved, saved_len);
        *abs = parent_start + v;
    } else if (dur) {
        int64_t s;
        if ((rc = resolve_edge(lc, i, EDGE_START, &s)))
            return rc;
        pointer_enter(lc, e->pointer, "duration", saved, &saved_len);
        if ((rc = eval_value(lc, dur, 0, true, &v)))
            return rc;
        pointer_leave(lc, saved, saved_len);
        *abs = s + v;
    } else if (e->parent >= 0) {
        if ((rc = resolve_edge(lc, e->parent, EDGE_END, abs)))
            return rc;
    } else {
        *abs = tl->scene_frames;
    }
    e->abs[edge] = *abs;
    e->state[edge] = DONE;
    chain_pop(tl);
    return 0;
}

static int find_layer(load_ctx *lc, const char *id, int *out)
{
    timeline *tl = lc->timeline;
    if (!tl->layer_ids) {
        if (!(tl->layer_ids = calloc(tl->layer_count + 1, sizeof *tl->layer_ids)))
            return lc_error(lc, "out of memory");
        for (size_t i = 0; i < tl->layer_count; i++)
            if (tl->layers[i].id)
                tl->layer_ids[tl->layer_id_count++] = (name_ref){tl->layers[i].id, (int)i};
        qsort(tl->layer_ids, tl->layer_id_count, sizeof *tl->layer_ids, cmp_name_ref);
    }
    size_t at = lower_bound(tl->layer_ids, tl->layer_id_count, id);
    int found = at < tl->layer_id_count && strcmp(tl->layer_ids[at].name, id) == 0 ? tl->layer_ids[at].index : -1;
    if (found >= 0 && at + 1 < tl->layer_id_count && strcmp(tl->layer_ids[at + 1].name, id) == 0)
        return lc_error(lc, "layer id \"%s\" is used by more than one layer (%s and %s); "
                        "a referenced id must be unique in the scene", id, tl->layers[found].pointer,
                        tl->layers[tl->layer_ids[at + 1].index].pointer);
    if (found < 0) {
        const char **ids = calloc(tl->layer_count + 1, sizeof *ids);
        for (size_t i = 0; ids && i < tl->layer_count; i++)
            ids[i] = tl->layers[i].id;
        const char *near = ids ? suggest_closest(id, ids, tl->layer_count) : NULL;
        int rc = near ? lc_error(lc, "no layer has the id \"%s\" (did you mean \"@%s\"?)", id, near)
                      : lc_error(lc, "no layer has the id \"%s\"", id);
        free(ids);
        return rc;
    }
    *out = found;
    return 0;
}

/* ---- markers ---- */

static int resolve_marker(load_ctx *lc, size_t i);

static int find_marker(load_ctx *lc, const char *name, size_t *out)
{
    timeline *tl = lc->timeline;
    size_t at = lower_bound(tl->marker_names, tl->marker_count, name);
    if (at < tl->marker_count && strcmp(tl->marker_names[at].name, name) == 0) {
        *out = (size_t)tl->marker_names[at].index;
        return 0;
    }
    if (tl->marker_count == 0)
        return lc_error(lc, "unknown marker \"%s\" (the scene defines no \"markers\"; a time is written like "
                        "1.5s, 45f, beat:4 or @id.end)", name);
    const char **names = calloc(tl->marker_count + 1, sizeof *names);
    for (size_t i = 0; names && i < tl->marker_count; i++)
        names[i] = tl->markers[i].name;
    const char *near = names ? suggest_closest(name, names, tl->marker_count) : NULL;
    int rc = near ? lc_error(lc, "unknown marker \"%s\" (did you mean \"%s\"?)", name, near)
                  : lc_error(lc, "unknown marker \"%s\"", name);
    free(names);
    return rc;
}

/* The exact absolute time an expression names. */
static int resolve_abs(load_ctx *lc, const char *text, exact_time *out)
{
    timeline *tl = lc->timeline;
    time_expr x;
    char err[300];
    if (!time_expr_parse(text, tl->fps, &x, err, sizeof err))
        return lc_error(lc, "%s", err);
    exact_time t;
    int rc;
    switch (x.base) {
    case TIME_BASE_MARKER: {
        size_t m = 0;
        if ((rc = find_marker(lc, x.name, &m)) || (rc = resolve_marker(lc, m)))
            return rc;
        const marker *mk = &tl->markers[m];
        if (x.edge_given && !mk->span)
            return lc_error(lc, "marker \"%s\" is a single time; only markers with \"start\" and \"end\" have "
                            ".start and .end", x.name);
        t = x.edge_end ? mk->end : mk->start;
        break;
    }
    case TIME_BASE_BEAT:
    case TIME_BASE_BAR: {
        const char *unit = x.base == TIME_BASE_BEAT ? "beat" : "bar";
        if (!tl->has_music)
            return lc_error(lc, "\"%s\" needs the scene's \"music\": {\"bpm\": 120} or {\"detect\": \"song.wav\"}",
                            text);
        exact_time n = x.count, step = tl->period;
        n.num -= n.den;                                     /* N - 1 */
        if (x.base == TIME_BASE_BAR && !exact_time_mul(step, exact_time_from_ratio(tl->beats_per_bar, 1), &step))
            return lc_error(lc, "%s time out of range", unit);
        if (!exact_time_mul(n, step, &t) || !exact_time_add(t, tl->beat1, &t))
            return lc_error(lc, "%s time out of range", unit);
        break;
    }
    case TIME_BASE_LAYER: {
        if (!tl->allow_layers)
            return lc_error(lc, "\"%s\": markers and the scene's duration cannot refer to layers", text);
        int i = -1;
        int64_t f;
        if ((rc = find_layer(lc, x.name, &i)) || (rc = resolve_edge(lc, i, x.edge_end, &f)))
            return rc;
        t = exact_time_from_frames(f, tl->fps);
        break;
    }
    default:
        return lc_error(lc, "internal error: not a time expression: \"%s\"", text);
    }
    if (!exact_time_add(t, x.offset, out))
        return lc_error(lc, "time out of range");
    return 0;
}

/* A marker's time value: a plain time or an expression over other markers
 * and beats, at or after 0. */
static int marker_value(load_ctx *lc, const json_value *v, exact_time *out)
{
    char err[300];
    if (v->type == JSON_NUMBER) {
        if (!exact_time_from_seconds(v->u.number, false, out, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    if (v->type != JSON_STRING)
        return lc_expected(lc, "a time such as \"4.5s\", \"bar:17\" or \"intro.end+2s\", or {\"start\": ..., "
                           "\"end\": ...}", v);
    if (!time_expr_is_expression(v->u.string.str)) {
        if (!exact_time_parse(v->u.string.str, lc->timeline->fps, false, out, err, sizeof err))
            return lc_error(lc, "%s", err);
        return 0;
    }
    int rc = resolve_abs(lc, v->u.string.str, out);
    if (rc)
        return rc;
    if (out->num < 0)
        return lc_error(lc, "\"%s\" falls before the start of the scene", v->u.string.str);
    return 0;
}

static int resolve_marker(load_ctx *lc, size_t i)
{
    timeline *tl = lc->timeline;
    marker *m = &tl->markers[i];
    if (m->state == DONE)
        return 0;
    int rc = chain_push(lc, m->name, m->state == IN_PROGRESS, "markers");
    if (rc)
        return rc;
    m->state = IN_PROGRESS;
    char saved[sizeof lc->pointer];
    size_t saved_len;
    pointer_enter(lc, "/markers", m->name, saved, &saved_len);
    const json_value *v = m->node;
    if (v->type == JSON_OBJECT) {
        static const char *const keys[] = {"start", "end", NULL};
        if ((rc = lc_check_keys(lc, v, keys, "marker property")))
            return rc;
        m->span = true;
        for (int e = 0; e < 2; e++) {
            const char *key = e ? "end" : "start";
            const json_value *ev = json_get(v, key);
            if (!ev)
                return lc_error(lc, "a marker span needs \"start\" and \"end\"");
            size_t s2 = lc_push_key(lc, key);
            if ((rc = marker_value(lc, ev, e ? &m->end : &m->start)))
                return rc;
            lc_pop(lc, s2);
        }
        if (exact_time_cmp(m->end, m->start) < 0) {
            lc_push_key(lc, "end");
            return lc_error(lc, "marker \"%s\" ends before it starts", m->name);
        }
    } else {
        if ((rc = marker_value(lc, v, &m->start)))
            return rc;
        m->end = m->start;
    }
    pointer_leave(lc, saved, saved_len);
    m->state = DONE;
    chain_pop(tl);
    return 0;
}

static bool valid_marker_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    size_t n = 0;
    for (; *s; s++, n++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return n <= TIME_EXPR_NAME_MAX;
}

static int load_markers(load_ctx *lc, const json_value *v)
{
    timeline *tl = lc->timeline;
    if (!v)
        return 0;
    size_t saved = lc_push_key(lc, "markers");
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "an object of markers such as {\"drop\": \"4.5s\", \"intro\": {\"start\": 0, "
                           "\"end\": \"2s\"}}", v);
    tl->markers = calloc(v->u.object.count + 1, sizeof *tl->markers);
    tl->marker_names = calloc(v->u.object.count + 1, sizeof *tl->marker_names);
    if (!tl->markers || !tl->marker_names)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < v->u.object.count; i++) {
        const json_member *m = &v->u.object.members[i];
        if (!valid_marker_name(m->key) || strcmp(m->key, "beat") == 0 || strcmp(m->key, "bar") == 0) {
            lc_push_key(lc, m->key);
            return lc_error(lc, "marker names start with a letter or _ and hold only letters, digits and _ "
                            "(at most %d; \"beat\" and \"bar\" are reserved), got \"%.80s\"", TIME_EXPR_NAME_MAX,
                            m->key);
        }
        tl->markers[i] = (marker){.name = m->key, .node = m->value};
        tl->marker_names[i] = (name_ref){m->key, (int)i};
        tl->marker_count = i + 1;
    }
    /* (The JSON reader already refuses duplicate keys.) */
    qsort(tl->marker_names, tl->marker_count, sizeof *tl->marker_names, cmp_name_ref);
    /* Every marker is checked, used or not. */
    for (size_t i = 0; i < tl->marker_count; i++) {
        int rc = resolve_marker(lc, i);
        if (rc)
            return rc;
    }
    lc_pop(lc, saved);
    return 0;
}

/* ---- music ---- */

static int load_bpm(load_ctx *lc, const json_value *v, exact_time *period)
{
    char text[64], err[300];
    if (v->type == JSON_NUMBER)
        num_format(text, sizeof text, v->u.number);
    else if (v->type == JSON_STRING && v->u.string.len < sizeof text)
        snprintf(text, sizeof text, "%s", v->u.string.str);
    else
        return lc_expected(lc, "a tempo in beats per minute from 1 to 999, such as 128 or 127.5", v);
    exact_time bpm;
    size_t n = strlen(text);
    bool plain = n > 0 && text[n - 1] >= '0' && text[n - 1] <= '9';
    if (!plain || !exact_time_parse(text, lc->timeline->fps, false, &bpm, err, sizeof err) ||
        exact_time_cmp(bpm, exact_time_from_ratio(1, 1)) < 0 || exact_time_cmp(bpm, exact_time_from_ratio(999, 1)) > 0)
        return lc_expected(lc, "a tempo in beats per minute from 1 to 999, such as 128 or 127.5", v);
    if (!exact_time_div(exact_time_from_ratio(60, 1), bpm, period))
        return lc_error(lc, "tempo out of range");
    return 0;
}

static int load_music(load_ctx *lc, const json_value *v)
{
    timeline *tl = lc->timeline;
    if (!v)
        return 0;
    size_t saved = lc_push_key(lc, "music");
    static const char *const keys[] = {"bpm", "offset", "beats_per_bar", "detect", NULL};
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "{\"bpm\": 128, \"offset\": \"0.12s\"} or {\"detect\": \"song.wav\"}", v);
    if (lc_check_keys(lc, v, keys, "music property"))
        return REEL_EINPUT;
    const json_value *bpm = json_get(v, "bpm"), *offset = json_get(v, "offset"),
                     *bpb = json_get(v, "beats_per_bar"), *detect = json_get(v, "detect");
    if (bpm && detect) {
        lc_push_key(lc, "detect");
        return lc_error(lc, "give either \"bpm\" or \"detect\", not both");
    }
    if (!bpm && !detect)
        return lc_error(lc, "music needs a tempo: \"bpm\": 128, or \"detect\": \"song.wav\" to find it in a file");
    if (offset && detect) {
        lc_push_key(lc, "offset");
        return lc_error(lc, "\"offset\" applies to a given \"bpm\"; with \"detect\" beat 1 is the first detected beat");
    }
    tl->beats_per_bar = 4;
    if (bpb) {
        size_t s2 = lc_push_key(lc, "beats_per_bar");
        if (bpb->type != JSON_NUMBER || bpb->u.number != (double)(int)bpb->u.number || bpb->u.number < 1 ||
            bpb->u.number > 64)
            return lc_expected(lc, "a whole number of beats per bar from 1 to 64", bpb);
        tl->beats_per_bar = (int)bpb->u.number;
        lc_pop(lc, s2);
    }
    int rc;
    tl->beat1 = exact_time_from_ratio(0, 1);
    if (bpm) {
        size_t s2 = lc_push_key(lc, "bpm");
        if ((rc = load_bpm(lc, bpm, &tl->period)))
            return rc;
        lc_pop(lc, s2);
        if (offset) {
            s2 = lc_push_key(lc, "offset");
            char err[300];
            bool ok = offset->type == JSON_NUMBER ? exact_time_from_seconds(offset->u.number, false, &tl->beat1, err, sizeof err)
                    : offset->type == JSON_STRING && !time_expr_is_expression(offset->u.string.str)
                        ? exact_time_parse(offset->u.string.str, tl->fps, false, &tl->beat1, err, sizeof err)
                        : (snprintf(err, sizeof err, "expected a time such as \"0.12s\" (when beat 1 falls)"), false);
            if (!ok)
                return offset->type == JSON_NUMBER || offset->type == JSON_STRING
                           ? lc_error(lc, "%s", err) : lc_expected(lc, "a time such as \"0.12s\" (when beat 1 falls)", offset);
            lc_pop(lc, s2);
        }
    } else {
        size_t s2 = lc_push_key(lc, "detect");
        if (detect->type != JSON_STRING || detect->u.string.len == 0)
            return lc_expected(lc, "an audio file path (relative to the scene file)", detect);
        char *path;
        if ((rc = lc_resolve_path(lc, detect->u.string.str, &path)))
            return rc;
        beat_analysis a;
        char err[600];
        rc = beat_detect_file(path, &a, err, sizeof err);
        /* Name the file as the scene wrote it, not as it was resolved. */
        size_t pn = strlen(path);
        const char *what = strncmp(err, "\"", 1) == 0 && strncmp(err + 1, path, pn) == 0 ? err + pn + 4 : NULL;
        free(path);
        if (rc)
            return what ? lc_error(lc, "\"%s\": %s", detect->u.string.str, what) : lc_error(lc, "%s", err);
        tl->beat1 = exact_time_from_ratio(a.first_beat_ns, 1000000000);
        tl->period = exact_time_from_ratio(a.period_ns, 1000000000);
        tl->music_detected = true;
        beat_analysis_clear(&a);
        lc_pop(lc, s2);
    }
    tl->has_music = true;
    lc_pop(lc, saved);
    return 0;
}

/* ---- public ---- */

int timeline_load(load_ctx *lc, const json_value *root)
{
    timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return lc_error(lc, "out of memory");
    lc->timeline = tl;
    tl->fps = lc->scene->fps;
    if (index_layers(tl, json_get(root, "layers"), -1, "/layers"))
        return lc_error(lc, "out of memory");
    int rc;
    if ((rc = load_music(lc, json_get(root, "music"))) || (rc = load_markers(lc, json_get(root, "markers"))))
        return rc;
    return 0;
}

void timeline_set_scene_frames(timeline *tl, int64_t frames)
{
    tl->scene_frames = frames;
    tl->allow_layers = true;
}

void timeline_free(timeline *tl)
{
    if (!tl)
        return;
    free(tl->markers);
    free(tl->marker_names);
    free(tl->layers);
    free(tl->layer_ids);
    free(tl);
}

int timeline_resolve(load_ctx *lc, const char *text, int64_t origin, int64_t *frame)
{
    timeline *tl = lc->timeline;
    if (!tl)
        return lc_error(lc, "internal error: no timeline");
    exact_time t;
    int rc = resolve_abs(lc, text, &t);
    if (rc)
        return rc;
    int64_t abs;
    if (!exact_time_to_frame(t, tl->fps, &abs))
        return lc_error(lc, "time out of range");
    if (abs < origin)
        return lc_error(lc, "\"%s\" is frame %lld of the scene, before the start of this timeline (frame %lld)",
                        text, (long long)abs, (long long)origin);
    *frame = abs - origin;
    return 0;
}

int timeline_layer_origins(load_ctx *lc, const json_value *node, int index_hint, int64_t *parent_origin,
                           int64_t *own_origin)
{
    timeline *tl = lc->timeline;
    int i = -1;
    if (index_hint >= 0 && (size_t)index_hint < tl->layer_count && tl->layers[index_hint].node == node)
        i = index_hint;
    /* Layers load in about the order they were indexed: search onwards from
     * the hint first, so a scene of n layers costs O(n), not O(n^2). */
    size_t from = index_hint > 0 ? (size_t)index_hint : 0;
    for (size_t k = 0; i < 0 && k < tl->layer_count; k++) {
        size_t at = (from + k) % tl->layer_count;
        if (tl->layers[at].node == node)
            i = (int)at;
    }
    if (i < 0)
        return lc_error(lc, "internal error: layer not indexed");
    int64_t end;
    int rc;
    if ((rc = resolve_edge(lc, i, EDGE_START, own_origin)) || (rc = resolve_edge(lc, i, EDGE_END, &end)))
        return rc;
    *parent_origin = 0;
    if (tl->layers[i].parent >= 0)
        *parent_origin = tl->layers[tl->layers[i].parent].abs[EDGE_START];
    return 0;
}

/* Scene loading: JSON text -> validated, immutable scene. Reads the top-level
 * rows (canvas), then the layers through their type tables. The first problem
 * found stops the load and is reported with its JSON Pointer. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>

#include "layers/layers.h"
#include "render/fonts.h"
#include "render/effects.h"
#include "scene/compositions.h"
#include "scene/load_ctx.h"
#include "scene/load_effects.h"
#include "scene/scene_load.h"
#include "scene/timeline.h"
#include "scene/template.h"
#include "util/numparse.h"
#include "util/suggest.h"

/* ---- JSON Pointer and diagnostics ---- */

static size_t lc_push_raw(load_ctx *lc, const char *seg)
{
    size_t saved = lc->pointer_len;
    size_t room = sizeof lc->pointer - lc->pointer_len;
    if (room > 1) {
        lc->pointer[lc->pointer_len++] = '/';
        room--;
        /* RFC 6901 escapes: ~ as ~0, / as ~1. */
        for (const char *c = seg; *c && room > 2; c++) {
            if (*c == '~' || *c == '/') {
                lc->pointer[lc->pointer_len++] = '~';
                lc->pointer[lc->pointer_len++] = *c == '~' ? '0' : '1';
                room -= 2;
            } else {
                lc->pointer[lc->pointer_len++] = *c;
                room--;
            }
        }
        lc->pointer[lc->pointer_len] = '\0';
    }
    return saved;
}

size_t lc_push_key(load_ctx *lc, const char *key) { return lc_push_raw(lc, key); }

size_t lc_push_index(load_ctx *lc, size_t index)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%zu", index);
    return lc_push_raw(lc, buf);
}

void lc_pop(load_ctx *lc, size_t saved_len)
{
    lc->pointer_len = saved_len;
    lc->pointer[saved_len] = '\0';
}

int lc_error(load_ctx *lc, const char *fmt, ...)
{
    if (lc->diag) {
        snprintf(lc->diag->pointer, sizeof lc->diag->pointer, "%s", lc->pointer);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(lc->diag->message, sizeof lc->diag->message, fmt, ap);
        va_end(ap);
    }
    return REEL_EINPUT;
}

int lc_expected(load_ctx *lc, const char *expected, const json_value *v)
{
    char got[96];
    json_describe(v, got, sizeof got);
    return lc_error(lc, "expected %s, got %s", expected, got);
}

static bool key_allowed(const char *key, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp(*keys, key) == 0)
            return true;
    return false;
}

/* "A, B or C" into list (truncated if ever too long for it). */
static void join_keys(const char *const *keys, char *list, size_t size)
{
    size_t n = 0;
    list[0] = '\0';
    for (size_t i = 0; keys[i] && n < size; i++) {
        const char *sep = i == 0 ? "" : keys[i + 1] ? ", " : " or ";
        n += (size_t)snprintf(list + n, size - n, "%s%s", sep, keys[i]);
    }
}

int lc_unknown_key(load_ctx *lc, const char *key, const char *const *keys, const char *what)
{
    lc_push_key(lc, key);
    const char *near = suggest_closest(key, keys, (size_t)-1);
    /* %.80s: a key may be megabytes long; the message only needs to name it. */
    if (near)
        return lc_error(lc, "unknown %s \"%.80s\" (did you mean \"%s\"?)", what, key, near);
    char list[512];
    join_keys(keys, list, sizeof list);
    return lc_error(lc, "unknown %s \"%.80s\" (expected %s)", what, key, list);
}

int lc_check_keys(load_ctx *lc, const json_value *obj, const char *const *keys, const char *what)
{
    for (size_t i = 0; i < obj->u.object.count; i++)
        if (!key_allowed(obj->u.object.members[i].key, keys))
            return lc_unknown_key(lc, obj->u.object.members[i].key, keys, what);
    return 0;
}

int lc_resolve_path(load_ctx *lc, const char *path, char **out)
{
    *out = NULL;
    char *joined;
    if (path[0] == '/' || !lc->scene->base_dir || !lc->scene->base_dir[0]) {
        joined = strdup(path);
    } else {
        size_t n = strlen(lc->scene->base_dir) + strlen(path) + 2;
        if ((joined = malloc(n)))
            snprintf(joined, n, "%s/%s", lc->scene->base_dir, path);
    }
    if (!joined)
        return lc_error(lc, "out of memory");
    /* Devices, FIFOs and directories are never assets: opening a FIFO
     * would block the load forever. */
    struct stat st;
    if (stat(joined, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(joined);
        return lc_error(lc, "\"%s\": not a regular file (a directory, FIFO or device)", path);
    }
    if (!lc->asset_root) {
        *out = joined;
        return 0;
    }
    /* Sandboxed: compare real paths, so neither "..", absolute paths nor
     * symlinks can reach outside the root. */
    char root[PATH_MAX], real[PATH_MAX];
    if (!realpath(lc->asset_root, root)) {
        free(joined);
        return lc_error(lc, "asset root %s does not exist", lc->asset_root);
    }
    if (!realpath(joined, real)) {
        int e = errno;
        free(joined);
        return lc_error(lc, "cannot find asset \"%s\": %s", path, strerror(e));
    }
    free(joined);
    size_t rn = strlen(root);
    if (strncmp(real, root, rn) != 0 || (real[rn] != '/' && !(rn == 1 && root[0] == '/')))
        return lc_error(lc, "asset \"%s\" is outside the asset root %s", path, root);
    if (!(*out = strdup(real)))
        return lc_error(lc, "out of memory");
    return 0;
}

/* ---- Accessors ---- */

double scene_fps(const scene *s) { return (double)s->fps.num / (double)s->fps.den; }

double layer_number(const layer *l, int slot, double t, double fps)
{
    return track_eval1(&l->values[slot].track, t, fps);
}

void layer_point(const layer *l, int slot, double t, double fps, double out[2])
{
    track_eval(&l->values[slot].track, t, fps, out);
}

void layer_color(const layer *l, int slot, double t, double fps, double out[4])
{
    track_eval(&l->values[slot].track, t, fps, out);
}

/* ---- Layers ---- */

static const prop_desc *find_desc(const layer *l, const char *key, int *slot)
{
    for (size_t i = 0; i < l->value_count; i++)
        if (strcmp(layer_slot_desc(l->type, i)->name, key) == 0) {
            *slot = (int)i;
            return layer_slot_desc(l->type, i);
        }
    return NULL;
}

static int unknown_property(load_ctx *lc, const layer *l, const char *key)
{
    const char *names[l->value_count + 1];
    for (size_t i = 0; i < l->value_count; i++)
        names[i] = layer_slot_desc(l->type, i)->name;
    names[l->value_count] = NULL;
    const char *near = suggest_closest(key, names, l->value_count);
    const char *article = strchr("aeiou", l->type->name[0]) ? "an" : "a";
    if (near)
        return lc_error(lc, "unknown property \"%.80s\" for %s %s layer (did you mean \"%s\"?)",
                        key, article, l->type->name, near);
    return lc_error(lc, "unknown property \"%.80s\" for %s %s layer", key, article, l->type->name);
}

static int check_unique_id(load_ctx *lc, const char *id, layer **layers, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *other = layers[i]->values[SLOT_ID].str;
        if (other && strcmp(other, id) == 0)
            return lc_error(lc, "duplicate layer id \"%s\" (also used by layer %zu)", id, i);
    }
    return 0;
}

static int resolve_timing(load_ctx *lc, layer *l, int64_t parent_frames)
{
    const prop_value *end = &l->values[SLOT_END], *dur = &l->values[SLOT_DURATION];
    l->start = l->values[SLOT_START].frame;
    if (end->given && dur->given) {
        lc_push_key(lc, "duration");
        return lc_error(lc, "give either \"end\" or \"duration\", not both");
    }
    l->end = end->given ? end->frame : dur->given ? l->start + dur->frame : parent_frames;
    if (l->end <= l->start) {
        lc_push_key(lc, end->given ? "end" : dur->given ? "duration" : "start");
        return lc_error(lc, "layer would end (frame %lld) before it starts (frame %lld)",
                        (long long)l->end, (long long)l->start);
    }
    return 0;
}

int load_layer(load_ctx *lc, const json_value *v, int64_t parent_frames, layer **out)
{
    if (v->type != JSON_OBJECT)
        return lc_expected(lc, "a layer object such as {\"type\": \"rect\", ...}", v);
    const json_value *type = json_get(v, "type");
    if (!type)
        return lc_error(lc, "layer is missing \"type\" (one of %s)", layer_type_list());
    size_t saved = lc_push_key(lc, "type");
    if (type->type != JSON_STRING)
        return lc_expected(lc, "a layer type name", type);
    const layer_type *lt = layer_type_find(type->u.string.str);
    if (!lt) {
        const char *near = layer_type_suggest(type->u.string.str);
        if (near)
            return lc_error(lc, "unknown layer type \"%.80s\" (did you mean \"%s\"?)", type->u.string.str, near);
        return lc_error(lc, "unknown layer type \"%.80s\" (expected one of %s)", type->u.string.str, layer_type_list());
    }
    lc_pop(lc, saved);
    if (lc->scene->total_layers >= LIMIT_LAYERS)
        return lc_error(lc, "too many layers (the limit is %d)", LIMIT_LAYERS);

    layer *l = calloc(1, sizeof *l);
    if (!l)
        return lc_error(lc, "out of memory");
    *out = l;
    l->type = lt;
    l->index = lc->scene->total_layers++;
    snprintf(l->pointer, sizeof l->pointer, "%s", lc->pointer);
    l->value_count = layer_slot_count(lt);
    l->values = calloc(l->value_count, sizeof *l->values);
    if (!l->values)
        return lc_error(lc, "out of memory");

    for (size_t i = 0; i < v->u.object.count; i++) {
        const json_member *m = &v->u.object.members[i];
        int slot;
        if (!find_desc(l, m->key, &slot)) {
            lc_push_key(lc, m->key);
            return unknown_property(lc, l, m->key);
        }
    }
    /* Times count from the parent's start (start, end, duration) or the
     * layer's own (keyframes); markers, beats and layer references are scene
     * times, converted to that origin. Resolving here also reports cycles. */
    int64_t parent_origin, own_origin;
    int trc = timeline_layer_origins(lc, v, l->index, &parent_origin, &own_origin);
    if (trc)
        return trc;
    const json_value *children = NULL;
    for (size_t slot = 0; slot < l->value_count; slot++) {
        const prop_desc *d = layer_slot_desc(lt, slot);
        const json_value *pv = json_get(v, d->name);
        if (d->kind == PROP_LAYERS) {
            children = pv;
            continue;
        }
        saved = lc_push_key(lc, d->name);
        lc->time_origin = slot <= SLOT_DURATION ? parent_origin : own_origin;
        lc->time_is_length = slot == SLOT_DURATION;
        int rc = load_prop(lc, d, pv, &l->values[slot]);
        lc->time_is_length = false;
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    int rc = resolve_timing(lc, l, parent_frames);
    if (rc)
        return rc;
    if (children) {
        saved = lc_push_key(lc, "layers");
        if (++lc->depth > LIMIT_NESTING)
            return lc_error(lc, "groups are nested deeper than %d levels", LIMIT_NESTING);
        rc = load_layers(lc, children, l->end - l->start, &l->children, &l->child_count);
        lc->depth--;
        if (rc)
            return rc;
        lc_pop(lc, saved);
    }
    if ((rc = load_layer_fx(lc, l, v)))
        return rc;
    lc->layer_json = v;
    rc = lt->prepare ? lt->prepare(l, lc) : 0;
    lc->layer_json = NULL;
    /* JSON values are borrowed from the document, which is freed after loading. */
    for (size_t slot = 0; slot < l->value_count; slot++)
        l->values[slot].json = NULL;
    if (rc)
        return rc;
    return 0;
}

int load_layers(load_ctx *lc, const json_value *arr, int64_t parent_frames, layer ***out, size_t *count)
{
    if (arr->type != JSON_ARRAY)
        return lc_expected(lc, "an array of layers", arr);
    size_t n = arr->u.array.count;
    if (n > LIMIT_LAYERS)
        return lc_error(lc, "too many layers (%zu; the limit is %d)", n, LIMIT_LAYERS);
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t saved = lc_push_index(lc, i);
        int rc = load_layer(lc, arr->u.array.items[i], parent_frames, &(*out)[i]);
        *count = i + ((*out)[i] != NULL);
        if (rc)
            return rc;
        const char *id = (*out)[i]->values[SLOT_ID].str;
        if (id) {
            size_t s2 = lc_push_key(lc, "id");
            if ((rc = check_unique_id(lc, id, *out, i)))
                return rc;
            lc_pop(lc, s2);
        }
        lc_pop(lc, saved);
    }
    return resolve_mattes(lc, *out, n);
}

void layer_free(layer *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->child_count; i++)
        layer_free(l->children[i]);
    free(l->children);
    if (l->type && l->type->release)
        l->type->release(l);
    layer_fx_free(l->fx);
    for (size_t i = 0; l->values && i < l->value_count; i++)
        prop_value_clear(&l->values[i]);
    free(l->values);
    free(l);
}

/* ---- The scene's own rows ---- */

enum scene_slot {
    SC_SCHEMA, SC_WIDTH, SC_HEIGHT, SC_FPS, SC_ALLOW_FPS, SC_DURATION, SC_BACKGROUND, SC_FONTS, SC_MARKERS,
    SC_MUSIC, SC_LAYERS, SC_PROPS, SC_COMPOSITIONS, SC_COUNT
};

const prop_desc scene_props[] = {
    {"$schema", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Ignored by reel; lets editors find the JSON Schema."},
    {"width", PROP_NUMBER, false, 1, LIMIT_CANVAS_SIDE, false, NULL, NULL,
     "Canvas width in pixels (a whole number)."},
    {"height", PROP_NUMBER, false, 1, LIMIT_CANVAS_SIDE, false, NULL, NULL,
     "Canvas height in pixels (a whole number)."},
    {"fps", PROP_STRING, false, -INFINITY, INFINITY, false, "30", NULL,
     "Frame rate: a number (30, 29.97) or a fraction string (\"30000/1001\")."},
    {"allow_fps_override", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Whether a render may change the frame rate (reel render --fps); only for scenes timed in seconds."},
    {"duration", PROP_TIME, false, -INFINITY, INFINITY, false, NULL, NULL,
     "Length of the video; the frame count is duration x fps, rounded half up."},
    {"background", PROP_COLOR, true, -INFINITY, INFINITY, false, "\"#000000\"", NULL,
     "Canvas color behind all layers; \"transparent\" for alpha outputs."},
    {"fonts", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Extra font files (array of paths) added to the scene's font set."},
    {"markers", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Named times, {\"drop\": \"4.5s\", \"intro\": {\"start\": 0, \"end\": \"2s\"}}, usable in any time (docs/timing.md)."},
    {"music", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Beat grid for beat:N and bar:N times: {\"bpm\": 128, \"offset\": \"0.12s\", \"beats_per_bar\": 4} or {\"detect\": \"song.wav\"}."},
    {"layers", PROP_LAYERS, false, -INFINITY, INFINITY, false, "[]", NULL,
     "The layers, in paint order (first is at the back)."},
    {"props", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Template props: name -> declaration (see templates.md); the expansion pass consumes them."},
    {"compositions", PROP_STRING, false, -INFINITY, INFINITY, false, "null", NULL,
     "Reusable parts: name -> {width, height, duration, params, layers} (see compositions.md)."},
};
const size_t scene_prop_count = SC_COUNT;

static int load_fps(load_ctx *lc, const json_value *root)
{
    char err[300];
    rational fps = {30, 1};
    const json_value *v = json_get(root, "fps");
    if (v) {
        char text[64];
        lc_push_key(lc, "fps");
        if (v->type == JSON_NUMBER)
            num_format(text, sizeof text, v->u.number);
        else if (v->type == JSON_STRING && v->u.string.len < sizeof text)
            snprintf(text, sizeof text, "%s", v->u.string.str);
        else
            return lc_expected(lc, "a frame rate such as 30, 29.97 or \"30000/1001\"", v);
        if (!fps_parse(text, &fps, err, sizeof err))
            return lc_error(lc, "%s", err);
        lc_pop(lc, 0);
    }
    const json_value *allow = json_get(root, "allow_fps_override");
    if (allow && allow->type != JSON_BOOL) {
        lc_push_key(lc, "allow_fps_override");
        return lc_expected(lc, "true or false", allow);
    }
    if (lc->fps_override.num > 0) {
        if (!allow || !allow->u.boolean) {
            lc_push_key(lc, "fps");
            return lc_error(lc, "this scene does not allow a frame rate override; set \"allow_fps_override\": "
                            "true if its timing is written in seconds, not frames");
        }
        fps = lc->fps_override;
    }
    lc->scene->fps = fps;
    return 0;
}

static int load_integer_side(load_ctx *lc, const json_value *root, int slot, int *out)
{
    const prop_desc *d = &scene_props[slot];
    const json_value *v = json_get(root, d->name);
    if (!v)
        return lc_error(lc, "missing required property \"%s\"", d->name);
    lc_push_key(lc, d->name);
    if (v->type != JSON_NUMBER || v->u.number != floor(v->u.number) || v->u.number < d->min || v->u.number > d->max)
        return lc_expected(lc, "a whole number of pixels from 1 to 16384", v);
    *out = (int)v->u.number;
    lc_pop(lc, 0);
    return 0;
}

static int load_font_files(load_ctx *lc, const json_value *v)
{
    if (!v)
        return 0;
    lc_push_key(lc, "fonts");
    if (v->type != JSON_ARRAY)
        return lc_expected(lc, "an array of font file paths", v);
    for (size_t i = 0; i < v->u.array.count; i++) {
        const json_value *f = v->u.array.items[i];
        size_t saved = lc_push_index(lc, i);
        if (f->type != JSON_STRING || f->u.string.len == 0)
            return lc_expected(lc, "a font file path", f);
        char *path;
        int rc = lc_resolve_path(lc, f->u.string.str, &path);
        if (rc)
            return rc;
        char err[400];
        rc = font_set_add_file(lc->scene->fonts, path, err, sizeof err);
        free(path);
        if (rc)
            return lc_error(lc, "%s", err);
        lc_pop(lc, saved);
    }
    lc_pop(lc, 0);
    return 0;
}

static int load_root(load_ctx *lc, template_output *tout, comp_table *comps)
{
    scene *s = lc->scene;
    const json_value *root = tout->root;
    if (root->type != JSON_OBJECT)
        return lc_expected(lc, "a scene object such as {\"width\": 1920, \"height\": 1080, ...}", root);
    const char *names[SC_COUNT + 1];
    for (size_t j = 0; j < SC_COUNT; j++)
        names[j] = scene_props[j].name;
    names[SC_COUNT] = NULL;
    int rc = lc_check_keys(lc, root, names, "scene property");
    if (rc)
        return rc;
    if ((rc = load_integer_side(lc, root, SC_WIDTH, &s->width)) ||
        (rc = load_integer_side(lc, root, SC_HEIGHT, &s->height)))
        return rc;
    if ((long long)s->width * s->height > LIMIT_CANVAS_PIXELS)
        return lc_error(lc, "canvas %dx%d is larger than the limit of %lld pixels", s->width, s->height,
                        LIMIT_CANVAS_PIXELS);
    if ((rc = load_fps(lc, root)))
        return rc;
    bool changed;
    if ((rc = compositions_expand(lc, &tout->root, &tout->mem, comps, &changed)))
        return rc;
    root = tout->root;
    tout->reshaped |= changed;
    lc->compositions = comps;

    const json_value *schema = json_get(root, "$schema");
    if (schema && schema->type != JSON_STRING) {
        lc_push_key(lc, "$schema");
        return lc_expected(lc, "a string", schema);
    }
    if ((rc = timeline_load(lc, root)))
        return rc;
    prop_value v = {0};
    if (!json_get(root, "duration"))
        return lc_error(lc, "missing required property \"duration\"");
    lc_push_key(lc, "duration");
    if ((rc = load_prop(lc, &scene_props[SC_DURATION], json_get(root, "duration"), &v)))
        return rc;
    lc_pop(lc, 0);
    s->frames = v.frame;
    timeline_set_scene_frames(lc->timeline, s->frames);
    if (s->frames < 1) {
        lc_push_key(lc, "duration");
        return lc_error(lc, "duration must be at least one frame");
    }
    if (s->frames > LIMIT_FRAMES) {
        lc_push_key(lc, "duration");
        return lc_error(lc, "duration is %lld frames; the limit is %lld", (long long)s->frames, LIMIT_FRAMES);
    }
    lc_push_key(lc, "background");
    memset(&v, 0, sizeof v);
    if ((rc = load_prop(lc, &scene_props[SC_BACKGROUND], json_get(root, "background"), &v))) {
        prop_value_clear(&v);
        return rc;
    }
    s->background = v.track;
    lc_pop(lc, 0);
    s->transparent = s->background.constant[3] < 1;
    for (size_t i = 0; i < s->background.count; i++)
        s->transparent |= s->background.keys[i].value[3] < 1;

    char err[400];
    s->fonts = font_set_new(err, sizeof err);
    if (!s->fonts)
        return lc_error(lc, "%s", err);
    if ((rc = load_font_files(lc, json_get(root, "fonts"))))
        return rc;

    const json_value *layers = json_get(root, "layers");
    if (layers) {
        lc_push_key(lc, "layers");
        if ((rc = load_layers(lc, layers, s->frames, &s->layers, &s->layer_count)))
            return rc;
        lc_pop(lc, 0);
    }
    return 0;
}

void scene_free(scene *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->layer_count; i++)
        layer_free(s->layers[i]);
    free(s->layers);
    track_clear(&s->background);
    if (s->fonts)
        FcConfigDestroy(s->fonts);
    free(s->path);
    free(s->base_dir);
    free(s);
}

/* The render's identity: the scene text, and the final props when the scene
 * declares any, so renders with different props never share part files. */
static void hash_text(const char *text, size_t len, const text_buf *props, char hex[65])
{
    uint8_t digest[32] = {0};
    struct AVSHA *sha = av_sha_alloc();
    if (sha) {
        av_sha_init(sha, 256);
        av_sha_update(sha, (const uint8_t *)text, len);
        if (props->len) {
            av_sha_update(sha, (const uint8_t *)"\0props\0", 7);
            av_sha_update(sha, (const uint8_t *)props->data, props->len);
        }
        av_sha_final(sha, digest);
        av_free(sha);
    }
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

int scene_load(scene **out, const char *text, size_t len, const char *name, const char *base_dir,
               const scene_load_options *opts, reel_diag *diag)
{
    *out = NULL;
    if (diag) {
        memset(diag, 0, sizeof *diag);
        snprintf(diag->file, sizeof diag->file, "%s", name ? name : "scene");
    }
    json_error jerr;
    json_value *root = json_parse(text, len, &jerr);
    if (!root) {
        if (diag) {
            diag->line = jerr.line;
            diag->column = jerr.column;
            snprintf(diag->message, sizeof diag->message, "%s", jerr.message);
        }
        return REEL_EINPUT;
    }
    scene *s = calloc(1, sizeof *s);
    load_ctx lc = {.scene = s, .diag = diag};
    if (opts) {
        lc.fps_override = opts->fps;
        lc.asset_root = opts->asset_root;
    }
    int rc = REEL_ENOMEM;
    if (s) {
        s->path = strdup(name ? name : "scene");
        s->base_dir = strdup(base_dir ? base_dir : "");
        s->background.components = 4;
        rc = s->path && s->base_dir ? 0 : REEL_ENOMEM;
    }
    template_output tout = {0};
    comp_table comps = {0};
    if (!rc)
        rc = template_expand(&lc, root, opts ? &opts->props : NULL, &tout);
    if (!rc) {
        rc = load_root(&lc, &tout, &comps);
        if (rc == REEL_EINPUT && tout.reshaped)
            template_annotate(tout.root, diag);
    }
    json_free(root);
    comp_table_free(&comps);
    timeline_free(lc.timeline);
    if (lc.font_check_context)
        g_object_unref(lc.font_check_context);
    font_map_free(lc.font_check_map);
    if (rc) {
        template_output_free(&tout);
        scene_free(s);
        return rc;
    }
    hash_text(text, len, &tout.identity, s->source_sha256);
    template_output_free(&tout);
    *out = s;
    return 0;
}

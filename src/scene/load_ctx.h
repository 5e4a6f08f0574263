/* State of one scene load: where we are in the document (as a JSON Pointer),
 * the scene being built, and the diagnostic to fill on the first error. */
#ifndef REEL_LOAD_CTX_H
#define REEL_LOAD_CTX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reel.h"
#include "scene/scene.h"
#include "util/json.h"

/* Limits that keep hostile or mistaken scenes from exhausting memory; documented
 * in docs/format.md. */
#define LIMIT_CANVAS_SIDE 16384
#define LIMIT_CANVAS_PIXELS (16384LL * 16384LL / 4)
#define LIMIT_FRAMES (60LL * 60 * 1000)       /* 1 h at 1000 fps; 10 h at 100 fps */
#define LIMIT_LAYERS 100000
#define LIMIT_NESTING 24   /* each level is two JSON levels; JSON stops at 64 */
#define LIMIT_KEYFRAMES 100000
#define LIMIT_STRING 65536

struct load_ctx {
    scene *scene;
    reel_diag *diag;
    char pointer[sizeof(((reel_diag *)0)->pointer)];
    size_t pointer_len;
    int depth;
    rational fps_override;          /* num 0: none */
    const char *asset_root;         /* NULL: assets may be anywhere */
    struct _PangoFontMap *font_check_map;       /* lazily made by text layers, freed after loading */
    struct _PangoContext *font_check_context;
    /* Times (scene/timeline.h): markers, music and layer references, and
     * the absolute frame that the time values being loaded count from. */
    struct timeline *timeline;
    int64_t time_origin;
    bool time_is_length;            /* a layer's "duration": plain times only */
    const json_value *layer_json;   /* the layer object being prepared (sequences find their plan by it) */
    const struct comp_table *compositions;  /* scene/compositions.h; NULL when unused */
};

/* Appends a member name or array index to the current pointer; pop restores. */
size_t lc_push_key(load_ctx *lc, const char *key);
size_t lc_push_index(load_ctx *lc, size_t index);
void lc_pop(load_ctx *lc, size_t saved_len);

/* Fills the diagnostic with the current pointer and a formatted message;
 * returns REEL_EINPUT so callers can `return lc_error(...)`. */
int lc_error(load_ctx *lc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "expected EXPECTED, got DESCRIPTION-OF-V". */
int lc_expected(load_ctx *lc, const char *expected, const json_value *v);

/* Checks that every key of object obj is one of keys (NULL-terminated). On the
 * first other key: pushes it onto the pointer and reports
 *   unknown WHAT "KEY" (did you mean "NEAR"?)   when a close name exists,
 *   unknown WHAT "KEY" (expected A, B or C)      otherwise (the list is keys). */
int lc_check_keys(load_ctx *lc, const json_value *obj, const char *const *keys, const char *what);

/* The report of lc_check_keys for one key already known not to be in keys,
 * for loops that load each value as they check its key. */
int lc_unknown_key(load_ctx *lc, const char *key, const char *const *keys, const char *what);

/* Resolves a scene-relative path to one usable with open() into *out (caller
 * frees). With an asset root, the path must resolve (symlinks followed) to a
 * file inside it; otherwise returns REEL_EINPUT with the diagnostic filled. */
int lc_resolve_path(load_ctx *lc, const char *path, char **out);

/* Loads the value v of property d into out (v NULL: the default). */
int load_prop(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out);

/* Loads an easing: a name or {"spring": {...}}. */
int load_easing(load_ctx *lc, const json_value *v, easing *out);

/* Loads an array of layers (top level or a group's children). */
int load_layers(load_ctx *lc, const json_value *arr, int64_t parent_frames,
                layer ***out, size_t *count);

/* Loads one layer object (also used for inline masks). */
int load_layer(load_ctx *lc, const json_value *v, int64_t parent_frames, layer **out);

void layer_free(layer *l);

#endif

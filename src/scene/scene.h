/* The scene model: what a loaded scene is. Built once by the loader, immutable
 * afterwards, shared read-only by every render worker. */
#ifndef REEL_SCENE_H
#define REEL_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fontconfig/fontconfig.h>

#include "render/pixels.h"
#include "scene/props.h"
#include "scene/timeparse.h"

typedef struct layer layer;
typedef struct reel_scene scene;
typedef struct load_ctx load_ctx;
typedef struct draw_ctx draw_ctx;
struct audio_clip;

/* Transform and timing properties every layer has; their slots come first in
 * every layer's value array. */
enum common_slot {
    SLOT_TYPE, SLOT_ID, SLOT_START, SLOT_END, SLOT_DURATION,
    SLOT_POSITION, SLOT_ANCHOR, SLOT_SCALE, SLOT_ROTATION, SLOT_OPACITY,
    /* Compositing (render/effects.c, scene/load_effects.c): loaded into layer.fx. */
    SLOT_BLEND, SLOT_EFFECTS, SLOT_MASK, SLOT_MASK_INVERT, SLOT_MATTE, SLOT_MATTE_MODE, SLOT_MATTE_INVERT,
    SLOT_ENTER, SLOT_EXIT, SLOT_EMPHASIS, SLOT_MOTION_BLUR,
    COMMON_SLOT_COUNT
};

typedef struct layer_type {
    const char *name;
    const char *doc;
    const prop_desc *props;     /* type-specific rows; slots COMMON_SLOT_COUNT.. */
    size_t prop_count;
    /* Loads assets and checks what the table alone cannot. Returns 0 or a
     * REEL_E* code after filling the load context's diagnostic. May be NULL. */
    int (*prepare)(layer *l, load_ctx *lc);
    /* The layer's box size at local time t (anchor fractions refer to it). */
    void (*box)(const layer *l, draw_ctx *dc, double t, double *w, double *h);
    /* Draws in layer coordinates (origin = box top-left). alpha is the opacity
     * to apply; returns false when it cannot apply alpha itself and needs the
     * caller to composite it as a group (it is then called with alpha 1). */
    bool (*draw)(const layer *l, draw_ctx *dc, double t, double alpha);
    /* Whether draw can apply alpha directly, given the layer's values. */
    bool (*draws_alpha)(const layer *l);
    /* Optional, for types that draw only in and near their box: how far past
     * the box (layer units) the drawing can reach at local time t, such as
     * a stroke. Effects, masks and mattes then work only there. NULL: the
     * type may draw anywhere. */
    double (*reach)(const layer *l, double t, double fps);
    /* Optional, for other types: right after draw, at dc->cr's transform, the
     * device rectangle that the draw can have touched; false when it cannot
     * say (render/ink_bound.h). */
    bool (*ink_bound)(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out);
    /* Or: draw itself reports each thing it draws through ink_add (charts,
     * whose labels are placed by a layout only the draw makes). */
    bool reports_ink;
    /* Draws only its children, through draw_layer (groups): they say where. */
    bool draws_children;
    void (*release)(layer *l);
    /* Frees what draw cached for this layer in a worker's draw context. */
    void (*cache_free)(void *cache);
    /* true when the content changes with time even if no property is
     * animated (video): such a layer is never cached as static. */
    bool changes_over_time;
    /* Optional: false when the layer's own content (not its property tracks)
     * changes over local frames [t0, t1] (text animators). NULL: it does not. */
    bool (*content_static_over)(const layer *l, double t0, double t1);
    /* Sound: fills the clip and returns true when the layer is heard (may be
     * NULL). Layers without a picture (audio) also set no_picture, so they
     * are never drawn and never break a static span. */
    bool (*audio)(const layer *l, struct audio_clip *out);
    bool no_picture;
} layer_type;

struct layer {
    const layer_type *type;
    prop_value *values;             /* values[slot] */
    size_t value_count;
    int64_t start, end;             /* frames, [start, end) on the parent's timeline */
    layer **children;               /* groups */
    size_t child_count;
    int index;                      /* unique in the scene, for per-worker caches */
    char pointer[256];              /* JSON Pointer, for render-time messages */
    void *resource;                 /* type-specific loaded data (immutable) */
    struct layer_fx *fx;            /* effects, blend, mask, matte, presets; NULL for plain layers */
    bool matte_source;              /* used as a sibling's matte: drawn only through it */
};

struct reel_scene {
    int width, height;
    rational fps;
    int64_t frames;
    track background;               /* 4 components */
    layer **layers;
    size_t layer_count;
    int total_layers;               /* nested included; layer index range */
    char *path;                     /* scene file, for messages */
    char *base_dir;                 /* where relative assets resolve */
    FcConfig *fonts;                /* the scene's fixed font set */
    char source_sha256[65];         /* of the scene text: identifies the render in part files */
    bool transparent;               /* the background is not opaque at some time */
};

/* The table row for a slot: common rows first, then the type's own. */
const prop_desc *layer_slot_desc(const layer_type *lt, size_t slot);
static inline size_t layer_slot_count(const layer_type *lt) { return COMMON_SLOT_COUNT + lt->prop_count; }

/* Value accessors used by the layer types. */
static inline const prop_value *layer_value(const layer *l, int slot) { return &l->values[slot]; }
double layer_number(const layer *l, int slot, double t, double fps);
void layer_point(const layer *l, int slot, double t, double fps, double out[2]);
void layer_color(const layer *l, int slot, double t, double fps, double out[4]);

double scene_fps(const scene *s);

#endif

/* Compositing features of a layer: effects (blur, shadows, glow, color
 * adjustments, grain), blend modes, masks, mattes and animation presets.
 *
 * A plain layer has layer.fx == NULL and is drawn exactly as before: none of
 * this costs it anything. A layer with fx is drawn into a canvas-sized scratch
 * surface (only the region it can touch is cleared and processed), filtered
 * there in exactly specified integer arithmetic, then composited with its
 * blend mode and opacity. */
#ifndef REEL_EFFECTS_H
#define REEL_EFFECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "anim/presets.h"
#include "scene/scene.h"

typedef enum fx_kind {
    FX_BLUR, FX_DROP_SHADOW, FX_GLOW, FX_BRIGHTNESS, FX_CONTRAST, FX_SATURATION, FX_HUE, FX_TINT, FX_NOISE,
    FX_KIND_COUNT
} fx_kind;

/* One effect type: its name and its parameter rows (the same prop_desc rows
 * as layer properties, so parameters animate like any property). */
typedef struct effect_type {
    const char *name;
    const char *doc;
    const prop_desc *props;
    size_t prop_count;
} effect_type;

extern const effect_type effect_types[FX_KIND_COUNT];

/* Parameter rows of each effect, in table order. */
enum { BLUR_RADIUS };
enum { SHADOW_COLOR, SHADOW_OFFSET, SHADOW_BLUR, SHADOW_SPREAD };
enum { GLOW_COLOR, GLOW_RADIUS, GLOW_STRENGTH };
enum { ADJUST_AMOUNT };             /* brightness, contrast, saturation; hue: degrees */
enum { TINT_COLOR, TINT_AMOUNT };
enum { NOISE_AMOUNT, NOISE_SEED, NOISE_ANIMATED };

typedef struct effect {
    fx_kind kind;
    prop_value *values;             /* one per row of effect_types[kind] */
} effect;

/* In the order of cairo operators in effects.c. */
extern const char *const blend_mode_names[];
extern const char *const matte_mode_names[];

enum { MATTE_ALPHA, MATTE_LUMA };

typedef struct layer_fx {
    effect *effects;
    size_t effect_count;
    int blend;                      /* index into blend_mode_names; 0 normal */
    layer *mask;                    /* inline shape, in the layer's own coordinates */
    bool mask_invert;
    char *matte_id;
    const layer *matte;             /* a sibling, resolved after the siblings load */
    int matte_mode;
    bool matte_invert;
    preset_anim presets[3];         /* enter, exit, emphasis; kind PRESET_NONE when unused */
    bool has_presets;
    int motion_samples;             /* > 1: motion blur */
    double shutter;                 /* degrees; 360 = one frame */
} layer_fx;

void layer_fx_free(layer_fx *fx);

/* Adds the presets' motion at local time t into m (which starts as identity). */
void fx_presets_eval(const layer_fx *fx, double t, double fps, preset_motion *m);

/* Draws layer l (whose transform is already on dc->cr) through its effects.
 * parent is the matrix before the layer's own transform (mattes are siblings
 * and use it). Returns false when nothing needs a scratch surface this frame,
 * so the caller draws the layer the plain way (after fx_clip_wipe). */
bool fx_draw(draw_ctx *dc, const layer *l, double t, double parent_t, const cairo_matrix_t *parent,
             double opacity, double w, double h, const preset_motion *m);

/* Clips to the visible part of a wipe preset (no-op without one). */
void fx_clip_wipe(cairo_t *cr, const preset_motion *m, double w, double h);

/* Whether the layer's effects, mask, matte and presets cannot change over
 * local frames [t0, t1] (parent frames [f0, f1]). */
bool fx_is_static(const layer *l, double t0, double t1, double f0, double f1);

/* Draws the layer as the average of its motion-blur samples; returns false
 * when it has none or does not move during the shutter (draw it plainly). */
bool fx_motion_blur(draw_ctx *dc, const layer *l, double parent_t);

/* Per-worker scratch surfaces; created on first use. */
typedef struct fx_pool fx_pool;
void fx_pool_free(fx_pool *p);

/* For other frame-sized drawings (groups, render/frame.c): the next pool
 * surface, the target's size and transparent, to be written within `use`;
 * NULL when the pool is used up or out of memory. Surfaces are taken and
 * given back in nested order. narrow: the last one taken was written only
 * within r (so the next use clears only that). */
cairo_surface_t *fx_scratch_take(draw_ctx *dc, px_rect use);
void fx_scratch_narrow(draw_ctx *dc, px_rect r);
void fx_scratch_give_back(draw_ctx *dc);

#endif

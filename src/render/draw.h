/* Per-render-thread drawing state and the frame renderer.
 *
 * Each render thread owns one draw_ctx: its own cairo surface, pango font map
 * and caches. They share only the immutable scene, so frames render in parallel
 * without locks, and a frame's pixels depend only on the scene and its index. */
#ifndef REEL_DRAW_H
#define REEL_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "render/footage_base.h"
#include "render/pixels.h"
#include "scene/scene.h"

enum { DRAW_PLACED_MAX = 32 };

/* A transition's move of an item (render/transition.c): translated by
 * (ox, oy), then scaled by s about the center of its w x h box. */
typedef struct draw_shift {
    double ox, oy, s, w, h;
} draw_shift;

/* One step of the transform of what is being drawn: a layer's placement
 * (render/frame.c) or a shift; exactly one is set. */
typedef struct draw_step {
    const void *placement;
    const draw_shift *shift;
} draw_step;

struct draw_ctx {
    const scene *scene;
    cairo_surface_t *target;    /* ARGB32, width x height of the output */
    cairo_t *cr;
    double scale;               /* output pixels per scene pixel */
    double fps;
    PangoFontMap *font_map;
    PangoContext *pango;
    void **caches;              /* per layer index, owned by the layer type */

    /* Static-span cache (see static_span.c): the background and the first
     * static_count layers as drawn for frames [static_first, static_last]. */
    cairo_surface_t *static_picture;
    int64_t static_first, static_last;
    size_t static_count;
    size_t static_children;     /* and the first children of layer static_count (a group) */
    bool static_all;            /* background and every layer static over the run */
    uint64_t static_generation; /* counts redraws of static_picture */
    /* After render_frame_in_run drew the layers that follow the static ones:
     * target equals static_picture outside `changed` (where those layers
     * reached, render/ink_bound.h), so the next frame restores only that. */
    bool changed_known;
    px_areas changed;

    /* While set, the group `part_group` draws only children [part_from, part_to). */
    const layer *part_group;
    size_t part_from, part_to;
    int64_t last_frame;         /* frame now in target when the whole frame is static, else -1 */
    int64_t drawn;              /* frame target holds whole, drawn by render_frame_in_run, else -1 */

    struct fx_pool *fx_pool;    /* scratch surfaces for effects (render/effects.c), made on first use */
    int ink_depth;              /* effects gathering where drawing reaches (render/ink_bound.h) */
    px_rect ink;                /* the innermost one's area so far */
    bool ink_unknown;
    px_areas *ink_top;          /* while set, the outermost drawings' areas, one by one */
    bool motion_sampling;       /* drawing one sample of a motion-blurred layer */
    /* The steps (placements and shifts) of the layers being drawn,
     * outermost first, applied after the frame's own scale: what a group
     * drawn on a pool surface replays (render/group_surface.h). */
    draw_step placed[DRAW_PLACED_MAX];
    int placed_depth;
    bool whole_groups;          /* tests: cairo's own groups, composited over the whole frame */
    uint64_t groups_limited;    /* groups composited only where their layer drew (tests) */
    uint64_t groups_pooled;     /* groups drawn on a pool surface, not a new one (tests) */

    /* Memory for shadow masks and their blur (mask_a8.c, blur_a8.c), reused
     * from frame to frame rather than allocated (and faulted in) per frame. */
    uint8_t *mask_mem;
    size_t mask_cap;
    uint8_t *unit_mask_mem;     /* a blurred text unit's, drawn while a shadow mask is open */
    size_t unit_mask_cap;
    px_scratch blur_scratch;

    /* Footage covering the frame, converted only where drawn over
     * (render/footage_base.h); on when the pipeline turns it on. */
    footage_base footage;

    char error[512];            /* set by a layer that failed to draw (e.g. a decode error); the
                                   pipeline stops with it */
};

/* A w x h A8 surface, cleared, over dc's reused mask memory (one at a time:
 * destroy it before asking for the next). NULL when out of memory. */
cairo_surface_t *draw_ctx_mask(draw_ctx *dc, int w, int h);

/* The same over a second memory, for one blurred text unit at a time. */
cairo_surface_t *draw_ctx_unit_mask(draw_ctx *dc, int w, int h);

/* Sets up a context drawing into its own surface of the scene's size times
 * scale. Returns 0 or REEL_ENOMEM. */
int draw_ctx_init(draw_ctx *dc, const scene *s, double scale);
void draw_ctx_destroy(draw_ctx *dc);

/* Draws frame `frame` of the scene into dc->target (flushed on return). */
void render_frame(draw_ctx *dc, int64_t frame);

/* Draws frame `frame`, which belongs to the run of frames [first, last] that
 * the caller renders in order (a segment): layers that are static over the
 * whole run are drawn once and reused. Returns true when target already held
 * exactly this picture (the whole frame is static and unchanged), so the
 * caller may reuse what it derived from the previous frame. Otherwise, when
 * dc->changed_known, the frame differs from dc->static_picture only inside
 * dc->changed, and the caller may reuse what it derived from that picture
 * (generation dc->static_generation) elsewhere. */
bool render_frame_in_run(draw_ctx *dc, int64_t frame, int64_t first, int64_t last);

/* Static-span analysis (static_span.c). */
bool layer_is_static(const layer *l, double f0, double f1);
size_t static_prefix(const scene *s, int64_t f0, int64_t f1);
/* Leading children of group g static over frames [f0, f1] of g's parent, when
 * g itself can be drawn in two parts over that run; else 0. */
size_t static_group_prefix(const layer *g, int64_t f0, int64_t f1);

/* Applies one step to cr as the renderer applied it while drawing. */
void draw_step_apply(cairo_t *cr, const draw_step *step);
/* Draws one layer at time t on its parent's timeline (used by groups).
 * Layers serving as a sibling's matte are skipped: they show only through it. */
void draw_layer(draw_ctx *dc, const layer *l, double parent_t);
/* Draws the layer even when it is a matte source (used by its user). */
void draw_layer_unmatted(draw_ctx *dc, const layer *l, double parent_t);
/* Moves dc->cr's user space onto l's box as drawing it at parent_t would,
 * and gives the box's size; false (cr untouched) when l shows nothing then.
 * Effects and motion blur are not applied. The caller saves and restores cr. */
bool layer_place(draw_ctx *dc, const layer *l, double parent_t, double *w, double *h);

/* A rounded rectangle path of w x h with corner radius r (limited to half
 * the shorter side); a plain rectangle when r <= 0. */
void path_rounded_rect(cairo_t *cr, double w, double h, double r);

/* Sets the source to paint p over a w x h box at local time t, with alpha
 * multiplied in. Returns false for PAINT_NONE (nothing to draw). */
bool paint_set_source(cairo_t *cr, const paint *p, double t, double fps, double w, double h,
                      double alpha);

/* The reach of a layer type that draws a picture with draw_fitted: nothing
 * past its box. */
double picture_reach(const layer *l, double t, double fps);

/* How draw_fitted places a w_src x h_src picture in a w x h box: scaled by
 * (sx, sy) with its top-left corner at (tx, ty), clipped to the box or not. */
typedef struct fit_placement {
    double sx, sy, tx, ty;
    bool clip;
} fit_placement;
fit_placement fit_place(double w_src, double h_src, double w, double h, int fit);

/* How many device pixels one picture pixel covers along each of the
 * picture's axes, when draw_fitted puts it into a w x h box at cr's
 * transform. */
void picture_device_scale(cairo_t *cr, double w_src, double h_src, double w, double h, int fit, double *sx,
                          double *sy);
/* Draws a w_src x h_src picture into the w x h box with a CSS-like fit
 * (0 contain, 1 cover, 2 fill, 3 none), at opacity alpha. */
void draw_fitted(cairo_t *cr, cairo_surface_t *picture, double w_src, double h_src, double w, double h, int fit,
                 double alpha);
/* The same from a pw x ph copy of the w_src x h_src picture (a smaller one:
 * render/image_levels.h), stretched over the picture's place, with `filter`
 * (draw_fitted: the picture itself, CAIRO_FILTER_GOOD). */
void draw_fitted_from(cairo_t *cr, cairo_surface_t *copy, double pw, double ph, double w_src, double h_src, double w,
                      double h, int fit, double alpha, cairo_filter_t filter);

/* The box of a picture-like layer (image, video, SVG, Lottie) whose own size
 * is own_w x own_h, from its width/height rows: each given one is used, a
 * missing one follows the picture's aspect ratio, neither gives its own size. */
void picture_box(const layer *l, int width_slot, int height_slot, double own_w, double own_h, double t,
                 double fps, double *w, double *h);

/* Whether p is a single color (so alpha can be folded into it). */
bool paint_is_solid_or_none(const paint *p);

#endif

/* Shared by the text layer's files: its value slots, what the loader resolved
 * (fonts, markup spans, animators) and the per-worker cache (layout, glyph
 * pieces per animated unit). Not a public interface. */
#ifndef REEL_TEXT_INTERNAL_H
#define REEL_TEXT_INTERNAL_H

#include "layers/font_choice.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pango/pangocairo.h>

#include "anim/easing.h"
#include "render/pixels.h"
#include "scene/scene.h"

enum {
    TEXT_TEXT = COMMON_SLOT_COUNT, TEXT_FONT, TEXT_FAMILY, TEXT_WEIGHT, TEXT_STYLE, TEXT_SIZE,
    TEXT_COLOR, TEXT_ALIGN, TEXT_WIDTH, TEXT_LINE_HEIGHT, TEXT_LETTER_SPACING,
    TEXT_MARKUP, TEXT_ANIMATORS, TEXT_FIT, TEXT_HEIGHT, TEXT_MAX_LINES, TEXT_MIN_SIZE,
    TEXT_STROKE, TEXT_STROKE_WIDTH, TEXT_STROKE_POSITION,
    TEXT_SHADOW_COLOR, TEXT_SHADOW_OFFSET, TEXT_SHADOW_BLUR,
    TEXT_BACKGROUND, TEXT_PADDING, TEXT_CORNER_RADIUS, TEXT_BOX
};

/* ---- Markup (text_markup.c) ---- */

/* A styled range of the plain text; fields not set keep the enclosing style. */
typedef struct text_span {
    size_t start, end;          /* byte offsets into the plain text */
    int weight;                 /* 0: unchanged */
    int italic;                 /* -1 unchanged, 0 normal, 1 italic */
    bool has_color;
    double color[4];
    double size;                /* 0: unchanged; pixels at the layer's font_size */
    char *family;               /* NULL: unchanged */
    long at;                    /* character offset of the opening tag in the source */
} text_span;

typedef struct text_markup {
    char *plain;                /* the text with tags removed and entities decoded */
    text_span *spans;           /* in order of their opening tags (outer first) */
    size_t span_count;
} text_markup;

/* Parses reel's text markup. Returns 0, or -1 with a message naming the
 * character offset (0-based, in characters) and what was expected. */
int markup_parse(const char *text, text_markup *out, char *err, size_t errsize);
void markup_free(text_markup *m);

/* ---- Animators (text_animator.c) ---- */

typedef enum unit_kind { UNIT_CHARACTERS, UNIT_WORDS, UNIT_LINES } unit_kind;
typedef enum unit_order { ORDER_FORWARD, ORDER_BACKWARD, ORDER_CENTER, ORDER_EDGES, ORDER_RANDOM } unit_order;

enum { ANIM_POSITION = 1, ANIM_SCALE = 2, ANIM_ROTATION = 4, ANIM_OPACITY = 8, ANIM_COLOR = 16, ANIM_BLUR = 32 };

/* The state a unit animates from (enter) or to (exit); only `fields` are set. */
typedef struct unit_state {
    unsigned fields;
    double position[2], scale[2], rotation, opacity, color[4], blur;
} unit_state;

typedef struct text_animator {
    unit_kind unit;
    bool exit;                  /* animates toward `state` instead of from it */
    unit_state state;
    double delay, duration, stagger;    /* frames */
    easing ease;
    unit_order order;
    uint64_t seed;
} text_animator;

/* Reads the layer's "animators" list (the value of the animators row). */
int animators_load(load_ctx *lc, const struct json_value *list, text_animator **out, size_t *count);

/* A unit's accumulated transform and color at one time. */
typedef struct unit_pose {
    double offset[2], scale[2], rotation, opacity;
    double color[4], color_weight;      /* drawn color: mix(base, color, color_weight) */
    double blur;                        /* pixels, as shadow_blur */
} unit_pose;

/* Applies animator a to unit `rank` (its place in the animator's order) at
 * local frame t. */
void animator_apply(const text_animator *a, size_t rank, double t, double fps, unit_pose *pose);

/* Ranks of n units in the animator's order: rank[i] for unit i. */
void animator_ranks(const text_animator *a, size_t n, size_t *rank);

/* Whether no animator changes any unit over local frames [t0, t1]. */
bool animators_static_over(const text_animator *a, size_t count, const size_t unit_bound[3], double t0, double t1);

/* ---- Loaded resource ---- */

typedef struct text_resource {
    font_choice face;           /* the layer's own; markup spans can change it */
    const char *text;           /* plain text (markup removed) */
    text_markup markup;         /* spans when "markup" is true */
    text_animator *animators;
    size_t animator_count;
    size_t unit_bound[3];       /* most units of each kind any layout of the text can have */
} text_resource;

PangoFontDescription *text_font(const text_resource *res, double size);

/* A layout of the text at font size `size`; markup span sizes are multiplied
 * by span_scale (the fitted size over font_size). ellipsize: lines past the
 * fit box end in an ellipsis. */
PangoLayout *text_build_layout(const layer *l, const text_resource *res, PangoContext *ctx,
                               double size, double span_scale, double spacing, bool ellipsize);

/* ---- Units and pieces (text_units.c) ---- */

/* A run of glyphs of one unit, drawn with one font and one color. */
typedef struct text_piece {
    PangoFont *font;
    PangoGlyphString *glyphs;
    double x, y;                /* baseline origin in layer pixels */
    double width;               /* advance, pixels */
    int unit[3];                /* unit index per kind (-1: white space, not a unit) */
    int span;                   /* markup span giving its color, -1: the layer's color */
} text_piece;

typedef struct text_units {
    text_piece *pieces;
    size_t piece_count;
    size_t count[3];            /* units per kind */
    double *center[3];          /* per kind: 2 doubles per unit, the pivot (box center) */
} text_units;

/* Cuts the layout's glyph runs into pieces, one per unit of each kind in
 * `kinds` (a bit mask of 1 << unit_kind) and per markup color span. */
int units_build(PangoLayout *layout, const text_markup *markup, unsigned kinds, text_units *out);
void units_free(text_units *u);

/* Units of each kind in the layout, without cutting pieces. */
int units_count(PangoLayout *layout, size_t count[3]);

/* ---- Per-worker cache and piece drawing (text.c, text_draw.c) ---- */

/* Per-worker cache: the layout and the animated inputs it was built with,
 * and, for the piece path, the pieces and this frame's state of each. */
typedef struct piece_state {
    cairo_matrix_t m;
    double opacity, color[4], color_weight;
    double blur;
} piece_state;

typedef struct text_cache {
    PangoLayout *layout;
    double size, spacing;
    bool have_units;
    text_units units;
    size_t **ranks;             /* per animator, per unit of its kind */
    piece_state *states;        /* per piece */
} text_cache;

bool text_has_shadow(const layer *l);
bool text_has_stroke(const layer *l);

/* Draws the cached pieces at local time t (shadow, outline and fill) in layer
 * coordinates; the layer's box is w x h. */
void pieces_draw(const layer *l, draw_ctx *dc, text_cache *c, double t, double w, double h, double alpha);

/* The device pixels that the last pieces_draw (at t, at dc->cr's transform)
 * can have touched: every visible piece's ink, grown by the outline, its
 * blur and the shadow's offset and blur. */
px_rect pieces_ink_bound(const layer *l, draw_ctx *dc, const text_cache *c, double t);

/* ---- Fit (text_fit.c) ---- */

/* The font size at most `size` at which the text fits the layer's box (fit:
 * shrink), searched in 1/64 px steps; *overflow when even min_font_size does not. */
double fit_font_size(const layer *l, const text_resource *res, PangoContext *ctx, double size,
                     double spacing, bool *overflow);

/* ---- Decoration (text_style.c) ---- */

/* Background box (block or per line) behind the layout. */
void style_draw_background(const layer *l, cairo_t *cr, PangoLayout *layout, double t, double fps,
                           double w, double h, double alpha);


#endif

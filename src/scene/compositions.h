/* Compositions and sequences (docs/compositions.md): a pass over the scene
 * tree after template expansion and before the timeline indexes the layers.
 *
 * Each composition instance becomes a "composition" layer whose "layers" are
 * the composition's layers with its params substituted; each sequence item
 * gets its "start" and "duration" written in frames. Doing this on the tree
 * (not at render time) lets the timeline, the validator and every error
 * pointer see the scene exactly as it will render. What the tree cannot carry
 * (a composition's size and length, a sequence's transitions) is kept in a
 * side table that the two layer types read in their prepare. */
#ifndef REEL_COMPOSITIONS_H
#define REEL_COMPOSITIONS_H

#include <stdint.h>

#include "anim/easing.h"
#include "scene/template.h"

typedef enum transition_kind {
    TR_NONE, TR_CROSSFADE, TR_FADE, TR_SLIDE, TR_WIPE, TR_ZOOM
} transition_kind;

typedef enum wipe_shape { WIPE_LINEAR, WIPE_CLOCK, WIPE_IRIS } wipe_shape;

/* One cut of a sequence: how item k hands over to item k+1. */
typedef struct transition {
    transition_kind kind;
    int64_t frames;             /* the overlap; 0 for a hard cut */
    easing ease;
    double color[4];            /* TR_FADE: straight sRGB */
    double dx, dy;              /* TR_SLIDE: unit direction the incoming item moves;
                                   TR_WIPE linear: direction the edge travels */
    bool push;                  /* TR_SLIDE: the outgoing item moves too */
    wipe_shape shape;           /* TR_WIPE */
    double softness;            /* TR_WIPE linear: edge width in pixels */
    double zoom_out;            /* TR_ZOOM: the outgoing item's scale at the end */
    double zoom_in, zoom_in_span;   /* TR_ZOOM: the incoming item's first scale, and 1 - it */
} transition;

typedef struct comp_def {
    const char *name;
    int width, height;
    int64_t frames;
} comp_def;

typedef struct seq_def {
    const json_value *node;     /* the rewritten sequence object (lc->layer_json in prepare) */
    transition *cuts;           /* count - 1 cuts for count items */
    size_t count;
} seq_def;

typedef struct comp_table {
    comp_def *comps;
    size_t comp_count;
    seq_def *seqs;
    size_t seq_count, seq_cap;
} comp_table;

/* Rewrites *root (already template-expanded; lc->scene->fps known) in place
 * of itself: nodes are made in mem, the table is filled. Returns 0 or
 * REEL_EINPUT / REEL_ENOMEM with lc's diagnostic filled. */
int compositions_expand(load_ctx *lc, const json_value **root, tpl_mem *mem, comp_table *table, bool *changed);
void comp_table_free(comp_table *t);

const comp_def *comp_table_find(const comp_table *t, const char *name);
const seq_def *comp_table_sequence(const comp_table *t, const json_value *node);

/* Reads a transition object at lc's pointer. */
int transition_read(load_ctx *lc, const json_value *v, transition *out);

#endif

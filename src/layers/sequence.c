/* Sequence layers: children placed back to back (the composition pass wrote
 * each item's start), with a transition at each cut (docs/compositions.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "render/draw.h"
#include "render/transition.h"
#include "scene/compositions.h"

enum { SEQ_WIDTH = COMMON_SLOT_COUNT, SEQ_HEIGHT, SEQ_TRANSITION, SEQ_LAYERS };

static const prop_desc seq_props[] = {
    {"width", PROP_NUMBER, false, 0, 1e6, false, "null", NULL,
     "Width of the sequence's box (anchor, transitions); default: the canvas width."},
    {"height", PROP_NUMBER, false, 0, 1e6, false, "null", NULL,
     "Height of the sequence's box; default: the canvas height."},
    {"transition", PROP_JSON, false, -INFINITY, INFINITY, false, "null", NULL,
     "The transition at every cut, {\"type\": \"crossfade\", \"duration\": \"0.5s\"}; an item's own "
     "\"transition\" overrides it for the cut after that item."},
    {"layers", PROP_LAYERS, false, -INFINITY, INFINITY, false, "[]", NULL,
     "The items, played one after another; each needs a duration (a composition instance has one)."},
};

typedef struct seq_res {
    transition *cuts;           /* child_count entries; the last is TR_NONE */
} seq_res;

static int seq_prepare(layer *l, load_ctx *lc)
{
    const seq_def *d = comp_table_sequence(lc->compositions, lc->layer_json);
    if (!d || d->count != l->child_count)
        return lc_error(lc, "internal error: sequence not planned");
    seq_res *r = calloc(1, sizeof *r);
    if (!r || !(r->cuts = calloc(d->count ? d->count : 1, sizeof *r->cuts))) {
        free(r);
        return lc_error(lc, "out of memory");
    }
    if (d->count)
        memcpy(r->cuts, d->cuts, d->count * sizeof *r->cuts);
    l->resource = r;
    return 0;
}

static void seq_release(layer *l)
{
    seq_res *r = l->resource;
    if (r)
        free(r->cuts);
    free(r);
    l->resource = NULL;
}

static void seq_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    *w = l->values[SEQ_WIDTH].given ? layer_number(l, SEQ_WIDTH, t, dc->fps) : dc->scene->width;
    *h = l->values[SEQ_HEIGHT].given ? layer_number(l, SEQ_HEIGHT, t, dc->fps) : dc->scene->height;
}

static bool seq_draws_alpha(const layer *l)
{
    (void)l;
    return false;
}

/* Whether cut k (between items k and k+1) is running at time t. */
static bool in_cut(const layer *l, const transition *cut, size_t k, double t)
{
    return cut->frames > 0 && k + 1 < l->child_count && t >= (double)l->children[k + 1]->start &&
           t < (double)l->children[k]->end;
}

static bool seq_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    (void)alpha;
    const seq_res *r = l->resource;
    for (size_t i = 0; i < l->child_count; i++) {
        const transition *cut = &r->cuts[i];
        if (!in_cut(l, cut, i, t)) {
            draw_layer(dc, l->children[i], t);
            continue;
        }
        /* Progress counts whole frames from the cut's first frame, where
         * only the outgoing item shows (e = 0). */
        double since = t - (double)l->children[i + 1]->start;
        double e = easing_apply(&cut->ease, since / (double)cut->frames, since / dc->fps);
        double w, h;
        seq_box(l, dc, t, &w, &h);
        transition_draw(dc, cut, l->children[i], l->children[i + 1], t, e, w, h);
        i++;                    /* the incoming item is drawn */
    }
    return true;
}

static bool seq_content_static_over(const layer *l, double t0, double t1)
{
    const seq_res *r = l->resource;
    for (size_t k = 0; k + 1 < l->child_count; k++)
        if (r->cuts[k].frames > 0 && t1 >= (double)l->children[k + 1]->start && t0 < (double)l->children[k]->end)
            return false;
    return true;
}

const layer_type sequence_layer_type = {
    .name = "sequence",
    .doc = "Items played back to back with transitions between them (docs/compositions.md).",
    .props = seq_props,
    .prop_count = sizeof seq_props / sizeof seq_props[0],
    .prepare = seq_prepare,
    .box = seq_box,
    .draw = seq_draw,
    .draws_alpha = seq_draws_alpha,
    .release = seq_release,
    .content_static_over = seq_content_static_over,
    .draws_children = true,
};

/* Composition layers: one instance of a scene-level composition
 * (docs/compositions.md). The loader's composition pass already put the
 * composition's layers, with the instance's params substituted, into
 * "layers"; this type maps the instance's time onto the composition's
 * timeline (offset, rate, loop) and clips the content to its box. */
#include <math.h>
#include <stdlib.h>

#include "layers/layers.h"
#include "render/draw.h"
#include "scene/compositions.h"

enum { COMP_NAME = COMMON_SLOT_COUNT, COMP_PARAMS, COMP_TIME_OFFSET, COMP_RATE, COMP_LOOP, COMP_CLIP, COMP_LAYERS };

static const prop_desc comp_props[] = {
    {"name", PROP_STRING, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The composition to place (a key of the scene's \"compositions\")."},
    {"params", PROP_JSON, false, -INFINITY, INFINITY, false, "null", NULL,
     "Values for the composition's params, {\"title\": \"Q3\"}; typed and checked like props."},
    {"time_offset", PROP_TIME, false, -INFINITY, INFINITY, false, "0", NULL,
     "Where in the composition the instance starts playing."},
    {"rate", PROP_NUMBER, false, 0.001, 1000, false, "1", NULL,
     "Playback rate: 2 plays twice as fast (and lasts half as long), 0.5 half as fast."},
    {"loop", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Play the composition again from its start when it ends (the instance then lasts until its parent ends)."},
    {"clip", PROP_BOOL, false, -INFINITY, INFINITY, false, "true", NULL,
     "Clip the content to the composition's width x height."},
    {"layers", PROP_LAYERS, false, -INFINITY, INFINITY, false, "[]", NULL,
     "Filled from the composition when the scene loads; not written by hand."},
};

typedef struct comp_res {
    int width, height;
    int64_t frames;
} comp_res;

static int comp_prepare(layer *l, load_ctx *lc)
{
    const comp_def *d = comp_table_find(lc->compositions, l->values[COMP_NAME].str);
    if (!d) {
        lc_push_key(lc, "name");
        return lc_error(lc, "unknown composition \"%.80s\"", l->values[COMP_NAME].str);
    }
    comp_res *r = malloc(sizeof *r);
    if (!r)
        return lc_error(lc, "out of memory");
    *r = (comp_res){d->width, d->height, d->frames};
    l->resource = r;
    return 0;
}

static void comp_release(layer *l)
{
    free(l->resource);
    l->resource = NULL;
}

/* The composition's time at the instance's local time t: time_offset +
 * t x rate, wrapped when looping. Exact for whole rates and offsets. */
static double comp_time(const layer *l, double t, double *cycle)
{
    const comp_res *r = l->resource;
    double ct = (double)l->values[COMP_TIME_OFFSET].frame + t * layer_number(l, COMP_RATE, 0, 1);
    *cycle = 0;
    if (l->values[COMP_LOOP].integer) {
        *cycle = floor(ct / (double)r->frames);
        ct -= *cycle * (double)r->frames;
    }
    return ct;
}

static void comp_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    (void)dc;
    (void)t;
    const comp_res *r = l->resource;
    *w = r->width;
    *h = r->height;
}

static bool comp_draws_alpha(const layer *l)
{
    (void)l;
    return false;
}

static bool comp_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    (void)alpha;
    const comp_res *r = l->resource;
    double cycle, ct = comp_time(l, t, &cycle);
    if (ct < 0 || ct >= (double)r->frames)
        return true;            /* before or after the composition: nothing */
    cairo_save(dc->cr);
    if (l->values[COMP_CLIP].integer) {
        cairo_rectangle(dc->cr, 0, 0, r->width, r->height);
        cairo_clip(dc->cr);
    }
    for (size_t i = 0; i < l->child_count; i++)
        draw_layer(dc, l->children[i], ct);
    cairo_restore(dc->cr);
    return true;
}

/* The generic check looks at the children on the instance's own timeline;
 * this one looks on the composition's, so together they are exact or
 * conservative. */
static bool comp_content_static_over(const layer *l, double t0, double t1)
{
    const comp_res *r = l->resource;
    double cy0, cy1, c0 = comp_time(l, t0, &cy0), c1 = comp_time(l, t1, &cy1);
    if (cy0 != cy1)
        return false;           /* wraps around inside the run */
    bool in0 = c0 >= 0 && c0 < (double)r->frames, in1 = c1 >= 0 && c1 < (double)r->frames;
    if (in0 != in1)
        return false;
    for (size_t i = 0; in0 && i < l->child_count; i++)
        if (!layer_is_static(l->children[i], c0, c1))
            return false;
    return true;
}

const layer_type composition_layer_type = {
    .name = "composition",
    .doc = "One instance of a composition from the scene's \"compositions\" (docs/compositions.md).",
    .props = comp_props,
    .prop_count = sizeof comp_props / sizeof comp_props[0],
    .prepare = comp_prepare,
    .box = comp_box,
    .draw = comp_draw,
    .draws_alpha = comp_draws_alpha,
    .release = comp_release,
    .content_static_over = comp_content_static_over,
    .draws_children = true,
};

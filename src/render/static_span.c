/* Static spans: which layers cannot change over a run of frames.
 *
 * A layer is static over frames [f0, f1] when it is visible during the whole
 * run or invisible during the whole run, and none of its animatable values
 * (its own tracks, its paints' tracks, its children's) changes in that time.
 * The renderer draws the leading static layers of a segment once and reuses
 * that picture for every frame of the segment; because the cached picture is
 * exactly the intermediate state the full render would reach, the result is
 * pixel-identical. Effects, masks, mattes and presets count as values
 * (fx_is_static); animated grain and emphasis loops never are static. Layer types with content of their own that changes over
 * time (video) declare it with layer_type.changes_over_time.
 *
 * The cache can also reach one level into a group: when the first layer
 * after the static ones is a plain, opaque group that does not change over
 * the run, its own leading static children join the cached picture (scenes
 * made of one group per section, like W5, would otherwise redraw their
 * background every frame). */
#include "layers/layers.h"
#include "render/draw.h"
#include "render/effects.h"

static bool values_static(const layer *l, double t0, double t1)
{
    for (size_t slot = 0; slot < l->value_count; slot++) {
        const prop_value *v = &l->values[slot];
        if (!track_is_constant_over(&v->track, t0, t1) || !track_is_constant_over(&v->paint.color, t0, t1))
            return false;
    }
    return true;
}

bool layer_is_static(const layer *l, double f0, double f1)
{
    if (l->type->no_picture)
        return true;                    /* sound only: nothing to cache or redraw */
    bool visible0 = f0 >= (double)l->start && f0 < (double)l->end;
    bool visible1 = f1 >= (double)l->start && f1 < (double)l->end;
    if (!visible0 && !visible1 && (f1 < (double)l->start || f0 >= (double)l->end))
        return true;                    /* hidden the whole time */
    if (!visible0 || !visible1)
        return false;                   /* appears or disappears inside the run */
    if (l->type->changes_over_time)
        return false;
    double t0 = f0 - (double)l->start, t1 = f1 - (double)l->start;
    if (l->fx && l->fx->motion_samples > 1) {
        /* Samples reach up to a frame either side (shutter <= 720 degrees). */
        t0 -= 1;
        t1 += 1;
    }
    if (!values_static(l, t0, t1))
        return false;
    if (l->type->content_static_over && !l->type->content_static_over(l, t0, t1))
        return false;
    if (l->fx && !fx_is_static(l, t0, t1, f0, f1))
        return false;
    for (size_t i = 0; i < l->child_count; i++)
        if (!layer_is_static(l->children[i], t0, t1))
            return false;
    return true;
}

size_t static_group_prefix(const layer *g, int64_t f0, int64_t f1)
{
    /* The group's own drawing must be a plain transform around its
     * children: no effects, blend, mask, matte or presets, not a matte
     * itself, fully opaque (below 1 its children are composited as one),
     * visible and unchanged for the whole run. */
    if (g->type != &group_layer_type || g->fx || g->matte_source)
        return 0;
    if ((double)f0 < (double)g->start || (double)f1 >= (double)g->end)
        return 0;
    double t0 = (double)f0 - (double)g->start, t1 = (double)f1 - (double)g->start;
    if (!values_static(g, t0, t1) || layer_number(g, SLOT_OPACITY, t0, 1) != 1)
        return 0;
    size_t n = 0;
    while (n < g->child_count && layer_is_static(g->children[n], t0, t1))
        n++;
    return n;
}

size_t static_prefix(const scene *s, int64_t f0, int64_t f1)
{
    if (!track_is_constant_over(&s->background, (double)f0, (double)f1))
        return 0;
    size_t n = 0;
    while (n < s->layer_count && layer_is_static(s->layers[n], (double)f0, (double)f1))
        n++;
    return n;
}

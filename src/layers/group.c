/* Group layers: children that share one transform, opacity and timeline
 * (children's times are relative to the group's start). */
#include <math.h>

#include "layers/layers.h"
#include "render/draw.h"

enum { GROUP_WIDTH = COMMON_SLOT_COUNT, GROUP_HEIGHT, GROUP_LAYERS };

static const prop_desc group_props[] = {
    {"width", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Width of the group's box (for its anchor); default: the canvas width."},
    {"height", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Height of the group's box; default: the canvas height."},
    {"layers", PROP_LAYERS, false, -INFINITY, INFINITY, false, "[]", NULL,
     "The children, in paint order; their times are relative to the group's start."},
};

static void group_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    *w = l->values[GROUP_WIDTH].given ? layer_number(l, GROUP_WIDTH, t, dc->fps) : dc->scene->width;
    *h = l->values[GROUP_HEIGHT].given ? layer_number(l, GROUP_HEIGHT, t, dc->fps) : dc->scene->height;
}

static bool group_draws_alpha(const layer *l)
{
    (void)l;
    return false;
}

static bool group_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    (void)alpha;
    size_t from = 0, to = l->child_count;
    if (l == dc->part_group) {
        from = dc->part_from;
        to = dc->part_to;
    }
    for (size_t i = from; i < to; i++)
        draw_layer(dc, l->children[i], t);
    return true;
}

const layer_type group_layer_type = {
    .name = "group",
    .doc = "Children sharing one transform, opacity and timeline.",
    .props = group_props,
    .prop_count = sizeof group_props / sizeof group_props[0],
    .box = group_box,
    .draw = group_draw,
    .draws_alpha = group_draws_alpha,
    .draws_children = true,
};

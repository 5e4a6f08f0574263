/* Drawing into a group: what cairo_push_group and cairo_pop_group do, without
 * a new frame-sized surface each time.
 *
 * Opacity on a layer that cannot apply it while drawing, and every frame of a
 * sequence's transition, draw into a group and composite it. Cairo's group
 * over an unclipped frame is a new surface of the frame's size: 8 MB at
 * 1080p, a fresh mapping whose pages fault one by one, then all composited.
 * Where cairo would make such a group, a surface of the effects' scratch pool
 * stands for it, cleared only where its last use drew. Its context gets the
 * very transform cairo's group would have: the frame's scale and the steps
 * in dc->placed, replayed call by call (cairo keeps the inverse matrix it
 * built step by step; a recomputed one moves a few samples of rotated
 * images by one), and checked bit for bit against the outer context. Where
 * it differs, cairo's own group is used. The pixels are the same bytes
 * either way. */
#ifndef REEL_GROUP_SURFACE_H
#define REEL_GROUP_SURFACE_H

#include "render/draw.h"
#include "render/ink_bound.h"

typedef struct group_surface {
    cairo_t *outer;             /* the context the group is drawn for */
    cairo_surface_t *own;       /* the pool surface standing for cairo's group, or NULL */
    bool shifted;               /* a shift step was pushed on dc->placed */
    ink_saved ink;              /* the enclosing gathering, while the group draws */
    px_rect bound;              /* after group_end: where the drawing said it reached (device pixels) */
    bool known;                 /* false: it could be anywhere */
} group_surface;

/* Starts a group on dc->cr as cairo_push_group would, then moves its user
 * space by `shift` (NULL: none). Until group_end, dc->cr draws into it. */
void group_begin(draw_ctx *dc, group_surface *g, const draw_shift *shift);

/* Ends the drawing. dc->cr is the outer context again, and the group is
 * returned as cairo_pop_group returns it (the caller destroys it). Sets
 * g->bound and g->known, and records them for whoever gathers around. */
cairo_pattern_t *group_end(draw_ctx *dc, group_surface *g);

/* After the group's last use: its pool surface goes back, to be cleared where
 * the group drew. Groups go back in the reverse order of their beginning. */
void group_release(draw_ctx *dc, group_surface *g);

#endif

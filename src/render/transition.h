/* Drawing a sequence's cut: the outgoing and incoming items at once, mixed by
 * the transition at eased progress e (0: only the outgoing item, 1: only the
 * incoming). Pure cairo, a function of its arguments only. */
#ifndef REEL_TRANSITION_H
#define REEL_TRANSITION_H

#include "render/draw.h"
#include "scene/compositions.h"

/* Draws items a and b at time t of their parent's timeline into the w x h
 * box at the origin of dc->cr's current matrix. */
void transition_draw(draw_ctx *dc, const transition *tr, const layer *a, const layer *b, double t, double e,
                     double w, double h);

#endif

/* The scene's timeline while it loads: markers, the musical grid and the
 * layers' times, so that any time may be written relative to them (see
 * scene/time_expr.h for the syntax and docs/timing.md for the rules).
 *
 * Markers, beats and layer references name absolute scene times. Inside a
 * group, where plain times count from the group's start, such a time is
 * converted to the group's timeline; in keyframes, to the layer's. Layer
 * references are resolved on demand from the JSON (so a layer may refer to a
 * later one) with cycle detection; ids are looked up scene-wide and must be
 * unique where they are referenced. Built and freed by the scene loader. */
#ifndef REEL_TIMELINE_H
#define REEL_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "scene/load_ctx.h"

typedef struct timeline timeline;

/* Reads the scene's "markers" and "music" (detecting beats if asked) and
 * indexes the layers of root; stores the result in lc->timeline. */
int timeline_load(load_ctx *lc, const json_value *root);

/* The scene's frame count, once known (the default end of top-level layers). */
void timeline_set_scene_frames(timeline *tl, int64_t frames);

void timeline_free(timeline *tl);

/* Resolves the time expression text (time_expr_is_expression is true) to a
 * frame on the timeline that starts at absolute frame origin. Errors are
 * reported at lc's current pointer. */
int timeline_resolve(load_ctx *lc, const char *text, int64_t origin, int64_t *frame);

/* For the layer whose JSON object is node (preorder index hint): the absolute
 * frames where its parent's timeline and its own start. Resolves (and checks)
 * its references first. */
int timeline_layer_origins(load_ctx *lc, const json_value *node, int index_hint, int64_t *parent_origin,
                           int64_t *own_origin);

#endif

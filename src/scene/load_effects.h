/* Loading of a layer's compositing rows (effects, blend, mask, matte and
 * animation presets) into layer.fx. */
#ifndef REEL_LOAD_EFFECTS_H
#define REEL_LOAD_EFFECTS_H

#include "scene/load_ctx.h"

/* Reads the rows from the layer's JSON object v (its timing already
 * resolved); leaves l->fx NULL when the layer uses none of them. */
int load_layer_fx(load_ctx *lc, layer *l, const json_value *v);

/* Resolves "matte" ids among siblings once they are all loaded; reports a
 * missing id, a layer that is its own matte and cycles. The current pointer
 * is that of the array. */
int resolve_mattes(load_ctx *lc, layer **layers, size_t count);

#endif

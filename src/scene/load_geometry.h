/* Loaders for the geometric property kinds: SVG path data (constant or
 * keyframed for morphs), number lists and point lists. Called by load_prop. */
#ifndef REEL_LOAD_GEOMETRY_H
#define REEL_LOAD_GEOMETRY_H

#include "scene/load_ctx.h"

int load_path_value(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out);
int load_number_list(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out);
int load_point_list(load_ctx *lc, const prop_desc *d, const json_value *v, prop_value *out);

#endif

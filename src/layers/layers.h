/* The layer types reel knows, and the rows every layer shares. */
#ifndef REEL_LAYERS_H
#define REEL_LAYERS_H

#include <stddef.h>

#include "scene/scene.h"

extern const prop_desc common_props[COMMON_SLOT_COUNT];

extern const layer_type rect_layer_type;
extern const layer_type ellipse_layer_type;
extern const layer_type text_layer_type;
extern const layer_type image_layer_type;
extern const layer_type group_layer_type;
extern const layer_type composition_layer_type;
extern const layer_type sequence_layer_type;
extern const layer_type video_layer_type;
extern const layer_type captions_layer_type;
extern const layer_type counter_layer_type;
extern const layer_type chart_layer_type;
extern const layer_type path_layer_type;
extern const layer_type polygon_layer_type;
extern const layer_type star_layer_type;
extern const layer_type line_layer_type;
extern const layer_type polyline_layer_type;
extern const layer_type svg_layer_type;
extern const layer_type lottie_layer_type;
extern const layer_type audio_layer_type;

/* NULL-terminated list of every layer type, in documentation order. */
extern const layer_type *const layer_types[];

const layer_type *layer_type_find(const char *name);
/* The closest type name to a misspelt one, or NULL. */
const char *layer_type_suggest(const char *name);
/* "\"rect\", \"ellipse\", ..." for messages. */
const char *layer_type_list(void);

#endif

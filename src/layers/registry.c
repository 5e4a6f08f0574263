/* The registry of layer types and the rows every layer has (timing and
 * transform). A new layer type is one file with its table, plus a line here. */
#include <math.h>
#include <string.h>

#include "layers/layers.h"
#include "util/suggest.h"

#define ANY -INFINITY, INFINITY

const prop_desc common_props[COMMON_SLOT_COUNT] = {
    [SLOT_TYPE] = {"type", PROP_STRING, false, ANY, false, NULL, NULL,
                   "The layer type."},
    [SLOT_ID] = {"id", PROP_STRING, false, ANY, false, "null", NULL,
                 "A name for the layer, unique among its siblings."},
    [SLOT_START] = {"start", PROP_TIME, false, ANY, false, "0", NULL,
                    "When the layer appears, on its parent's timeline."},
    [SLOT_END] = {"end", PROP_TIME, false, ANY, false, "null", NULL,
                  "When the layer disappears (exclusive); default: the end of its parent."},
    [SLOT_DURATION] = {"duration", PROP_TIME, false, ANY, false, "null", NULL,
                       "Alternative to end: how long the layer shows."},
    [SLOT_POSITION] = {"position", PROP_POINT, true, -1e7, 1e7, false, "[0, 0]", NULL,
                       "Where the anchor point sits, in the parent's pixels."},
    [SLOT_ANCHOR] = {"anchor", PROP_POINT, true, -100, 100, false, "[0, 0]", NULL,
                     "The layer's own point placed at position, as fractions of its box "
                     "([0, 0] top-left, [0.5, 0.5] center); scale and rotation pivot on it."},
    [SLOT_SCALE] = {"scale", PROP_POINT, true, -1000, 1000, true, "[1, 1]", NULL,
                    "Scale factor, one number or [x, y]."},
    [SLOT_ROTATION] = {"rotation", PROP_NUMBER, true, -1e6, 1e6, false, "0", NULL,
                       "Rotation in degrees, clockwise."},
    [SLOT_OPACITY] = {"opacity", PROP_NUMBER, true, 0, 1, false, "1", NULL,
                      "Opacity from 0 (invisible) to 1."},
};

const layer_type *const layer_types[] = {
    &rect_layer_type, &ellipse_layer_type, &text_layer_type, &image_layer_type, &video_layer_type, &audio_layer_type, &group_layer_type, NULL};

const prop_desc *layer_slot_desc(const layer_type *lt, size_t slot)
{
    return slot < COMMON_SLOT_COUNT ? &common_props[slot] : &lt->props[slot - COMMON_SLOT_COUNT];
}

const layer_type *layer_type_find(const char *name)
{
    for (const layer_type *const *t = layer_types; *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}

const char *layer_type_suggest(const char *name)
{
    const char *names[sizeof layer_types / sizeof layer_types[0]];
    size_t n = 0;
    for (const layer_type *const *t = layer_types; *t; t++)
        names[n++] = (*t)->name;
    return suggest_closest(name, names, n);
}

const char *layer_type_list(void)
{
    return "\"rect\", \"ellipse\", \"text\", \"image\", \"video\", \"audio\", \"group\"";
}

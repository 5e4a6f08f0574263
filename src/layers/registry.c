/* The registry of layer types and the rows every layer has (timing and
 * transform). A new layer type is one file with its table, plus a line here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layers/layers.h"
#include "render/effects.h"
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
    [SLOT_BLEND] = {"blend", PROP_ENUM, false, ANY, false, "\"normal\"", blend_mode_names,
                    "How the layer combines with what is below it (docs/effects.md)."},
    [SLOT_EFFECTS] = {"effects", PROP_JSON, false, ANY, false, "null", NULL,
                      "A list of effect objects applied in order, e.g. [{\"type\": \"blur\", \"radius\": 8}] "
                      "(docs/effects.md)."},
    [SLOT_MASK] = {"mask", PROP_JSON, false, ANY, false, "null", NULL,
                   "A shape layer object (rect or ellipse, animatable) in the layer's own coordinates; "
                   "only the part inside it shows."},
    [SLOT_MASK_INVERT] = {"mask_invert", PROP_BOOL, false, ANY, false, "false", NULL,
                          "Show only the part outside the mask."},
    [SLOT_MATTE] = {"matte", PROP_STRING, false, ANY, false, "null", NULL,
                    "The id of a sibling layer whose alpha or luma shows this layer; that layer is not "
                    "drawn itself."},
    [SLOT_MATTE_MODE] = {"matte_mode", PROP_ENUM, false, ANY, false, "\"alpha\"", matte_mode_names,
                         "What of the matte layer shows this one: its alpha or its luma (brightness)."},
    [SLOT_MATTE_INVERT] = {"matte_invert", PROP_BOOL, false, ANY, false, "false", NULL,
                           "Show this layer where the matte is empty instead."},
    [SLOT_ENTER] = {"enter", PROP_JSON, false, ANY, false, "null", NULL,
                    "An entrance preset: a name such as \"fade-up\" or {\"name\": ..., \"duration\", "
                    "\"delay\", \"easing\", \"distance\"} (docs/presets.md)."},
    [SLOT_EXIT] = {"exit", PROP_JSON, false, ANY, false, "null", NULL,
                   "An exit preset ending at the layer's end; same forms as enter."},
    [SLOT_EMPHASIS] = {"emphasis", PROP_JSON, false, ANY, false, "null", NULL,
                       "A looping preset: \"pulse\", \"shake\", \"float\", \"wiggle\" or \"spin\", "
                       "or {\"name\": ..., \"period\", \"amount\", \"delay\"}."},
    [SLOT_MOTION_BLUR] = {"motion_blur", PROP_JSON, false, ANY, false, "null", NULL,
                          "Motion blur by sub-frame sampling: {\"samples\": 8, \"shutter\": 180} (shutter angle in "
                          "degrees, 0 to 720)."},
};

const layer_type *const layer_types[] = {
    &rect_layer_type, &ellipse_layer_type, &text_layer_type, &image_layer_type, &video_layer_type, &audio_layer_type,
    &path_layer_type, &polygon_layer_type, &star_layer_type, &line_layer_type, &polyline_layer_type,
    &svg_layer_type, &lottie_layer_type, &captions_layer_type, &counter_layer_type, &chart_layer_type,
    &group_layer_type, &composition_layer_type, &sequence_layer_type, NULL};

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
    /* Built from the table once per thread, so a new type needs no edit here. */
    static _Thread_local char list[512];
    if (!list[0]) {
        size_t used = 0;
        for (const layer_type *const *t = layer_types; *t && used < sizeof list; t++) {
            int n = snprintf(list + used, sizeof list - used, "%s\"%s\"", used ? ", " : "", (*t)->name);
            used += n > 0 ? (size_t)n : 0;
        }
    }
    return list;
}

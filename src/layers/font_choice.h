/* Which face a layer's text uses, checked when the scene loads: the text,
 * captions, counter and chart layers all name fonts the same way. */
#ifndef REEL_FONT_CHOICE_H
#define REEL_FONT_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

#include <pango/pango.h>

#include "scene/load_ctx.h"
#include "scene/scene.h"

typedef struct font_choice {
    char family[256];
    int weight;
    bool italic;
} font_choice;

/* family must be in the scene's font set; otherwise an error at `key` that
 * lists the set. can_name_file: the layer also takes a "font" file, which
 * the message then suggests. */
int font_choice_check_family(load_ctx *lc, const char *family, const char *key, bool can_name_file);

/* From the "font" file or font_family/font_weight/font_style (style 1 is
 * italic), never both: a file joins the scene's font set and its own family,
 * weight and style are used. */
int font_choice_resolve(load_ctx *lc, const prop_value *file, const prop_value *family,
                        const prop_value *weight, const prop_value *style, font_choice *out);

/* A pango description of the face at size pixels (the caller frees it). */
PangoFontDescription *font_choice_description(const font_choice *f, double size);

#endif

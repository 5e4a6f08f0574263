/* The effect table: each effect's name and parameter rows. The rows are
 * ordinary prop_desc rows, so parameters validate, default, animate and
 * appear in docs/properties.md like layer properties. */
#include <math.h>

#include "render/effects.h"

#define ANY -INFINITY, INFINITY

const char *const blend_mode_names[] = {
    "normal", "multiply", "screen", "overlay", "darken", "lighten", "add", "color-dodge", "color-burn",
    "hard-light", "soft-light", "difference", "exclusion", NULL};

const char *const matte_mode_names[] = {"alpha", "luma", NULL};

static const prop_desc blur_rows[] = {
    {"radius", PROP_NUMBER, true, 0, 500, false, "8", NULL,
     "Gaussian standard deviation in canvas pixels (as CSS blur())."},
};

static const prop_desc shadow_rows[] = {
    {"color", PROP_COLOR, true, ANY, false, "\"#00000080\"", NULL, "Shadow color (its alpha is the shadow's strength)."},
    {"offset", PROP_POINT, true, -10000, 10000, false, "[6, 6]", NULL, "Shadow offset [x, y] in canvas pixels."},
    {"blur", PROP_NUMBER, true, 0, 500, false, "10", NULL, "Softness: the gaussian standard deviation in pixels."},
    {"spread", PROP_NUMBER, true, 0, 500, false, "0", NULL, "Grows the shadow's shape by this many pixels before blurring."},
};

static const prop_desc glow_rows[] = {
    {"color", PROP_COLOR, true, ANY, false, "\"#FFFFFF\"", NULL, "Glow color."},
    {"radius", PROP_NUMBER, true, 0, 500, false, "12", NULL, "Spread of the glow (gaussian standard deviation, pixels)."},
    {"strength", PROP_NUMBER, true, 0, 10, false, "1", NULL, "Multiplies the glow's alpha (above 1: brighter and wider)."},
};

static const prop_desc brightness_rows[] = {
    {"amount", PROP_NUMBER, true, 0, 10, false, "1.2", NULL, "Multiplies every channel: 1 unchanged, 0 black (CSS brightness())."},
};

static const prop_desc contrast_rows[] = {
    {"amount", PROP_NUMBER, true, 0, 10, false, "1.2", NULL, "1 unchanged, 0 flat gray, above 1 more contrast (CSS contrast())."},
};

static const prop_desc saturation_rows[] = {
    {"amount", PROP_NUMBER, true, 0, 10, false, "0", NULL, "1 unchanged, 0 grayscale, above 1 more vivid (CSS saturate())."},
};

static const prop_desc hue_rows[] = {
    {"angle", PROP_NUMBER, true, -36000, 36000, false, "90", NULL, "Rotates hues by this many degrees (CSS hue-rotate())."},
};

static const prop_desc tint_rows[] = {
    {"color", PROP_COLOR, true, ANY, false, "\"#FF5A1F\"", NULL, "The color to tint toward."},
    {"amount", PROP_NUMBER, true, 0, 1, false, "0.5", NULL, "0 unchanged, 1 every pixel this color (alpha kept)."},
};

static const prop_desc noise_rows[] = {
    {"amount", PROP_NUMBER, true, 0, 1, false, "0.1", NULL, "Grain strength: the largest change of a channel, as a fraction of full scale."},
    {"seed", PROP_NUMBER, false, 0, 4294967295.0, false, "0", NULL, "Seed of the grain pattern (a whole number)."},
    {"animated", PROP_BOOL, false, ANY, false, "true", NULL, "New grain every frame (true) or one fixed pattern (false)."},
};

#define ROWS(r) r, sizeof r / sizeof r[0]

const effect_type effect_types[FX_KIND_COUNT] = {
    [FX_BLUR] = {"blur", "Gaussian blur.", ROWS(blur_rows)},
    [FX_DROP_SHADOW] = {"drop_shadow", "A soft shadow of the layer's shape, behind it.", ROWS(shadow_rows)},
    [FX_GLOW] = {"glow", "A colored halo around the layer's shape, behind it.", ROWS(glow_rows)},
    [FX_BRIGHTNESS] = {"brightness", "Scales brightness.", ROWS(brightness_rows)},
    [FX_CONTRAST] = {"contrast", "Scales contrast around mid-gray.", ROWS(contrast_rows)},
    [FX_SATURATION] = {"saturation", "Scales saturation.", ROWS(saturation_rows)},
    [FX_HUE] = {"hue", "Rotates hues.", ROWS(hue_rows)},
    [FX_TINT] = {"tint", "Mixes every pixel toward a color.", ROWS(tint_rows)},
    [FX_NOISE] = {"noise", "Film grain from a seeded generator: the same seed gives the same grain.", ROWS(noise_rows)},
};

/* Property descriptions: one table row per property, for every layer type and
 * for the scene itself. The same rows drive the loader (types, ranges,
 * defaults), error messages and "did you mean" suggestions, and the generated
 * property reference in docs/ (reel props --markdown). Adding a property is
 * adding a row. */
#ifndef REEL_PROPS_H
#define REEL_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anim/track.h"

typedef enum prop_kind {
    PROP_NUMBER,    /* a number; animatable ones take keyframes */
    PROP_POINT,     /* [x, y]; a single number n means [n, n] where noted */
    PROP_COLOR,     /* a color string */
    PROP_PAINT,     /* a color, or a gradient object */
    PROP_STRING,
    PROP_ENUM,      /* one of enum_values */
    PROP_BOOL,
    PROP_TIME,      /* a time, resolved to a frame */
    PROP_FILE,      /* a path, relative to the scene file */
    PROP_LAYERS,    /* an array of layers (groups) */
    PROP_WEIGHT,    /* a font weight: 100..900 or a name like "bold" */
    PROP_SECONDS,   /* a time in a media file's own timeline, kept as exact microseconds */
    PROP_JSON,      /* any JSON value, read by the layer type's prepare or by the loader of
                       common structured rows (effects, masks, presets) */
    PROP_PATH,      /* SVG path data; animatable as keyframes of paths with the same commands (morph) */
    PROP_NUMBERS,   /* an array of numbers (dash patterns) */
    PROP_POINTS,    /* an array of [x, y] points (polylines) */
} prop_kind;

typedef struct prop_desc {
    const char *name;
    prop_kind kind;
    bool animatable;
    double min, max;                    /* numbers and point components */
    bool uniform;                       /* PROP_POINT: a single number n means [n, n] */
    const char *default_json;           /* JSON text of the default, NULL: required */
    const char *const *enum_values;     /* PROP_ENUM: NULL-terminated */
    const char *doc;                    /* one line for the reference */
} prop_desc;

/* A gradient or solid paint, evaluated per frame. */
typedef enum paint_type { PAINT_NONE, PAINT_SOLID, PAINT_LINEAR, PAINT_RADIAL } paint_type;

typedef struct gradient_stop {
    double offset;
    double color[4];                    /* sRGB, straight alpha */
} gradient_stop;

typedef struct paint {
    paint_type type;
    track color;                        /* PAINT_SOLID: 4 components */
    double from[2], to[2];              /* PAINT_LINEAR: fractions of the layer box */
    double center[2], radius;           /* PAINT_RADIAL: center as fractions, radius as a
                                           fraction of the box's larger side */
    gradient_stop *stops;
    size_t stop_count;
} paint;

/* A property's loaded value. Which member is used follows the kind. */
typedef struct prop_value {
    bool given;                         /* written in the scene (not the default) */
    track track;                        /* NUMBER, POINT, COLOR */
    paint paint;                        /* PAINT */
    char *str;                          /* STRING, FILE (resolved path), ENUM (name) */
    int integer;                        /* ENUM index, BOOL, WEIGHT */
    int64_t frame;                      /* TIME; SECONDS: microseconds */
    const struct json_value *json;      /* JSON: the value as written (NULL when not given);
                                           borrowed from the document, valid only until the
                                           layer's prepare returns */
    struct path_anim *path;             /* PATH (the track holds keyframe k at value k) */
    double *list;                       /* NUMBERS; POINTS as x0, y0, x1, y1, ... */
    size_t list_len;                    /* numbers in list */
} prop_value;

void prop_value_clear(prop_value *v);

/* Writes a short description of what the kind accepts, e.g. "a number from 0 to
 * 1 or a keyframe list", for error messages and docs. */
void prop_describe_expected(const prop_desc *d, char *buf, size_t size);

#endif

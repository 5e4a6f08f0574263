/* Animation presets: named enter, exit and emphasis animations (one table in
 * presets.c). An enter or exit preset becomes keyframe tracks, the same
 * machinery as written keyframes; their values combine with the layer's own:
 * offsets add to position and rotation, factors multiply scale and opacity. */
#ifndef REEL_PRESETS_H
#define REEL_PRESETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anim/track.h"

/* What the presets add at one instant. Identity: offsets 0, factors 1, no blur,
 * visible rectangle [0,0]-[1,1] (fractions of the layer's box). */
typedef struct preset_motion {
    double dx, dy, sx, sy, opacity, rotation, blur;
    double clip[4];                 /* x0, y0, x1, y1 as fractions of the box */
} preset_motion;

void preset_motion_identity(preset_motion *m);

typedef enum preset_role { PRESET_NONE, PRESET_ENTER, PRESET_EXIT, PRESET_EMPHASIS } preset_role;

typedef struct preset_def preset_def;
typedef struct emphasis_def emphasis_def;

typedef struct preset_anim {
    preset_role role;
    const preset_def *def;          /* enter/exit */
    track offset, scale, opacity, rotation, blur, reveal;
    const emphasis_def *emphasis;   /* emphasis */
    double period, amount;          /* emphasis: frames, preset units */
    double delay;                   /* emphasis: frames */
} preset_anim;

/* Parameters of one enter or exit use; durations in frames. */
typedef struct preset_params {
    double duration, delay, distance;   /* distance < 0: the preset's default */
    const easing *ease;                 /* NULL: the preset's own */
} preset_params;

const preset_def *preset_find(const char *name);
const emphasis_def *emphasis_find(const char *name);
/* The enter/exit table in order, for suggestions and docs. */
size_t preset_count(void);
const preset_def *preset_at(size_t i);
const char *preset_name(const preset_def *d);
/* NULL-terminated emphasis names. */
const char *const *emphasis_names(void);
const char *preset_doc(const preset_def *d);
const char *emphasis_doc(const emphasis_def *d);
double preset_default_duration(const preset_def *d);   /* seconds */
double emphasis_default_period(const emphasis_def *d);  /* seconds */
double emphasis_default_amount(const emphasis_def *d);

/* Builds the tracks of an enter (or exit) preset for a layer that lasts
 * length frames on a canvas_w x canvas_h canvas. Returns false when out of
 * memory. */
bool preset_build(preset_anim *a, const preset_def *d, preset_role role, const preset_params *p,
                  double length, double fps, double canvas_w, double canvas_h);

/* Emphasis loops; period and delay in frames. */
void emphasis_build(preset_anim *a, const emphasis_def *d, double period, double amount, double delay);

/* Combines the animation's value at local time t into m. */
void preset_apply(const preset_anim *a, double t, double fps, preset_motion *m);

bool preset_is_static(const preset_anim *a, double t0, double t1);

void preset_clear(preset_anim *a);

#endif

/* Easing curves: how a keyframe segment moves from its start value to its end value.
 *
 * A curve maps progress p in [0,1] to eased progress (which may leave [0,1] for
 * back, elastic and springs). Springs are physical: they run on seconds since the
 * segment started, not on p, so a spring feels the same whatever the keyframe
 * spacing; they are evaluated in closed form (no integration, no wall clock). */
#ifndef REEL_EASING_H
#define REEL_EASING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum easing_kind {
    EASING_LINEAR,
    EASING_HOLD,          /* keeps the start value until the segment ends */
    EASING_CUBIC_BEZIER,  /* p[0..3] = x1, y1, x2, y2 (CSS semantics) */
    EASING_STEPS,         /* steps, step_position */
    EASING_SPRING,        /* stiffness, damping, mass, velocity */
    EASING_FUNCTION       /* one of the named families: fn */
} easing_kind;

typedef enum step_position {
    STEP_JUMP_END, STEP_JUMP_START, STEP_JUMP_NONE, STEP_JUMP_BOTH
} step_position;

typedef enum easing_fn {
    EASE_IN_QUAD, EASE_OUT_QUAD, EASE_IN_OUT_QUAD,
    EASE_IN_CUBIC, EASE_OUT_CUBIC, EASE_IN_OUT_CUBIC,
    EASE_IN_QUART, EASE_OUT_QUART, EASE_IN_OUT_QUART,
    EASE_IN_QUINT, EASE_OUT_QUINT, EASE_IN_OUT_QUINT,
    EASE_IN_SINE, EASE_OUT_SINE, EASE_IN_OUT_SINE,
    EASE_IN_EXPO, EASE_OUT_EXPO, EASE_IN_OUT_EXPO,
    EASE_IN_CIRC, EASE_OUT_CIRC, EASE_IN_OUT_CIRC,
    EASE_IN_BACK, EASE_OUT_BACK, EASE_IN_OUT_BACK,
    EASE_IN_ELASTIC, EASE_OUT_ELASTIC, EASE_IN_OUT_ELASTIC,
    EASE_IN_BOUNCE, EASE_OUT_BOUNCE, EASE_IN_OUT_BOUNCE
} easing_fn;

typedef struct easing {
    easing_kind kind;
    easing_fn fn;               /* EASING_FUNCTION */
    double p[4];                /* EASING_CUBIC_BEZIER */
    int steps;                  /* EASING_STEPS, >= 1 */
    step_position step_pos;     /* EASING_STEPS */
    double stiffness, damping, mass, velocity;  /* EASING_SPRING */
} easing;

/* Default spring: stiffness 100, damping 10, mass 1, velocity 0. */
#define SPRING_DEFAULT_STIFFNESS 100.0
#define SPRING_DEFAULT_DAMPING 10.0
#define SPRING_DEFAULT_MASS 1.0

/* Parses an easing written as text: "linear", "hold", "ease", "ease-in",
 * "ease-out", "ease-in-out", "ease-in-quad" ... "ease-in-out-bounce" (the
 * families quad cubic quart quint sine expo circ back elastic bounce, each with
 * in, out and in-out), "cubic-bezier(x1, y1, x2, y2)" (x1 and x2 in [0,1]),
 * "steps(n)" or "steps(n, jump-start|jump-end|jump-none|jump-both|start|end)",
 * "spring" (default parameters) and "spring(stiffness, damping[, mass[,
 * velocity]])" (mass defaults to 1, velocity to 0). Numbers inside are parsed
 * locale-independently. On failure returns false and writes a message such as
 * "unknown easing \"ease-out-cubc\" (did you mean \"ease-out-cubic\"?)" or
 * "cubic-bezier x1 must be between 0 and 1" into err. */
bool easing_parse(const char *text, easing *out, char *err, size_t errsize);

/* Builds a spring; returns false with a message when a parameter is out of range
 * (stiffness > 0, damping >= 0, mass > 0, all finite). */
bool easing_spring(double stiffness, double damping, double mass, double velocity,
                   easing *out, char *err, size_t errsize);

/* Eased progress for linear progress p in [0,1], where elapsed_seconds is the
 * time since the segment began (used by springs only). easing_apply(e, 0, 0) is
 * 0 and easing_apply(e, 1, any) is 1 for every easing (a spring snaps to 1 at
 * the segment's end). */
double easing_apply(const easing *e, double p, double elapsed_seconds);

/* The spring's position at t seconds for a unit step from 0 to 1
 * (underdamped, critically damped and overdamped cases in closed form). */
double spring_position(const easing *spring, double t);

/* NULL-terminated list of every easing name accepted by easing_parse without
 * arguments, for suggestions and docs. */
const char *const *easing_names(void);

#endif

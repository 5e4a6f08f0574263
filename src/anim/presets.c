/* The preset library: one table of enter/exit animations and one of emphasis
 * loops. An enter preset describes the state the layer comes from, an exit
 * preset the state it leaves to; both become two-keyframe tracks evaluated
 * like any keyframe list. Direction words name the direction of travel, for
 * enter and exit alike: "slide-left" enters from the right moving left and
 * exits moving left. */
#include "anim/presets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { DIST_NONE, DIST_SHORT, DIST_CANVAS };
enum { WIPE_NONE, WIPE_LEFT, WIPE_RIGHT, WIPE_UP, WIPE_DOWN };

#define SHORT_DISTANCE 60.0

struct preset_def {
    const char *name, *doc;
    double dir[2];                  /* direction of travel, scaled by the distance */
    int dist;
    double distance;                /* DIST_SHORT: default distance */
    double scale_in[2], scale_out[2];   /* scale at the start of enter / end of exit */
    double opacity_in, opacity_out;
    double rot_in, rot_out;         /* degrees */
    double blur;                    /* at the invisible end, canvas pixels */
    int wipe;
    const char *ease_in, *ease_out;
    double duration;                /* seconds */
};

#define NOMOVE {0, 0}, DIST_NONE, 0
#define ONE {1, 1}

static const preset_def presets[] = {
    {"fade", "Fades in (out).", NOMOVE, ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"fade-up", "Fades while moving up by the distance (default 60 px).", {0, -1}, DIST_SHORT, SHORT_DISTANCE,
     ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"fade-down", "Fades while moving down.", {0, 1}, DIST_SHORT, SHORT_DISTANCE,
     ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"fade-left", "Fades while moving left.", {-1, 0}, DIST_SHORT, SHORT_DISTANCE,
     ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"fade-right", "Fades while moving right.", {1, 0}, DIST_SHORT, SHORT_DISTANCE,
     ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"slide-up", "Slides up, from below the canvas (or by the distance).", {0, -1}, DIST_CANVAS, 0,
     ONE, ONE, 1, 1, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.6},
    {"slide-down", "Slides down, from above the canvas.", {0, 1}, DIST_CANVAS, 0,
     ONE, ONE, 1, 1, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.6},
    {"slide-left", "Slides left, from the right of the canvas.", {-1, 0}, DIST_CANVAS, 0,
     ONE, ONE, 1, 1, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.6},
    {"slide-right", "Slides right, from the left of the canvas.", {1, 0}, DIST_CANVAS, 0,
     ONE, ONE, 1, 1, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.6},
    {"scale-in", "Grows from nothing (exit: shrinks to nothing).", NOMOVE, {0, 0}, {0, 0}, 1, 1, 0, 0, 0,
     WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"scale-out", "Shrinks into place from 1.6x while fading in (exit: shrinks to nothing).", NOMOVE,
     {1.6, 1.6}, {0, 0}, 0, 1, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"pop", "Springs up from nothing, overshooting (exit: shrinks away with a wind-up).", NOMOVE,
     {0, 0}, {0, 0}, 1, 1, 0, 0, 0, WIPE_NONE, "spring(260, 14)", "ease-in-back", 0.6},
    {"bounce-in", "Grows from nothing with a bounce.", NOMOVE, {0, 0}, {0, 0}, 1, 1, 0, 0, 0, WIPE_NONE,
     "ease-out-bounce", "ease-in-bounce", 0.8},
    {"blur-in", "Comes into focus from a 24 px blur while fading in.", NOMOVE, ONE, ONE, 0, 0, 0, 0, 24,
     WIPE_NONE, "ease-out-quad", "ease-in-quad", 0.6},
    {"blur-out", "Comes into focus from a blurred, 1.15x larger state (exit: the reverse).", NOMOVE,
     {1.15, 1.15}, {1.15, 1.15}, 0, 0, 0, 0, 24, WIPE_NONE, "ease-out-quad", "ease-in-quad", 0.6},
    {"wipe-left", "Revealed (hidden) by an edge travelling left.", NOMOVE, ONE, ONE, 1, 1, 0, 0, 0, WIPE_LEFT,
     "ease-in-out-cubic", "ease-in-out-cubic", 0.6},
    {"wipe-right", "Revealed (hidden) by an edge travelling right.", NOMOVE, ONE, ONE, 1, 1, 0, 0, 0, WIPE_RIGHT,
     "ease-in-out-cubic", "ease-in-out-cubic", 0.6},
    {"wipe-up", "Revealed (hidden) by an edge travelling up.", NOMOVE, ONE, ONE, 1, 1, 0, 0, 0, WIPE_UP,
     "ease-in-out-cubic", "ease-in-out-cubic", 0.6},
    {"wipe-down", "Revealed (hidden) by an edge travelling down.", NOMOVE, ONE, ONE, 1, 1, 0, 0, 0, WIPE_DOWN,
     "ease-in-out-cubic", "ease-in-out-cubic", 0.6},
    {"rotate-in", "Turns a quarter clockwise into place while fading in (exit: turns on and fades).", NOMOVE,
     ONE, ONE, 0, 0, -90, 90, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.6},
    {"spin-in", "Spins a full turn clockwise while growing from nothing.", NOMOVE, {0, 0}, {0, 0}, 1, 1,
     -360, 360, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.8},
    {"flip-x", "Flips in around the vertical axis (width from 0).", NOMOVE, {0, 1}, {0, 1}, 1, 1, 0, 0, 0,
     WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"flip-y", "Flips in around the horizontal axis (height from 0).", NOMOVE, {1, 0}, {1, 0}, 1, 1, 0, 0, 0,
     WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"drop-in", "Drops from above the canvas and bounces (exit: falls below).", {0, 1}, DIST_CANVAS, 0,
     ONE, ONE, 1, 1, 0, 0, 0, WIPE_NONE, "ease-out-bounce", "ease-in-cubic", 0.9},
    {"zoom-in", "Zooms in: grows from 0.5x while fading in (exit: grows to 2x while fading).", NOMOVE,
     {0.5, 0.5}, {2, 2}, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"zoom-out", "Zooms out: shrinks from 2x while fading in (exit: shrinks to 0.5x while fading).", NOMOVE,
     {2, 2}, {0.5, 0.5}, 0, 0, 0, 0, 0, WIPE_NONE, "ease-out-cubic", "ease-in-cubic", 0.5},
    {"rise", "Springs up by the distance (default 60 px) while fading in.", {0, -1}, DIST_SHORT, SHORT_DISTANCE,
     ONE, ONE, 0, 0, 0, 0, 0, WIPE_NONE, "spring(170, 15)", "ease-in-cubic", 0.8},
    {"swing-in", "Swings 20 degrees into place on a spring while fading in.", NOMOVE, ONE, ONE, 0, 0, 20, -20, 0,
     WIPE_NONE, "spring(180, 8)", "ease-in-cubic", 0.9},
};
#define PRESET_COUNT (sizeof presets / sizeof presets[0])

enum { EMPH_SCALE, EMPH_X, EMPH_Y, EMPH_ROTATION, EMPH_TURN };

struct emphasis_def {
    const char *name, *doc;
    int channel;
    double period, amount;          /* seconds; preset units */
};

static const emphasis_def emphases[] = {
    {"pulse", "Scale swells by amount (default 0.08) and back, once per period (1 s).", EMPH_SCALE, 1.0, 0.08},
    {"shake", "Shakes sideways by amount pixels (8), period 0.4 s.", EMPH_X, 0.4, 8},
    {"float", "Bobs up and down by amount pixels (10), period 2 s.", EMPH_Y, 2.0, 10},
    {"wiggle", "Rocks by amount degrees (5), period 0.5 s.", EMPH_ROTATION, 0.5, 5},
    {"spin", "Turns amount full turns (1) clockwise per period (2 s).", EMPH_TURN, 2.0, 1},
};
#define EMPHASIS_COUNT (sizeof emphases / sizeof emphases[0])

void preset_motion_identity(preset_motion *m)
{
    *m = (preset_motion){.sx = 1, .sy = 1, .opacity = 1, .clip = {0, 0, 1, 1}};
}

const preset_def *preset_find(const char *name)
{
    for (size_t i = 0; i < PRESET_COUNT; i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

const emphasis_def *emphasis_find(const char *name)
{
    for (size_t i = 0; i < EMPHASIS_COUNT; i++)
        if (strcmp(emphases[i].name, name) == 0)
            return &emphases[i];
    return NULL;
}

size_t preset_count(void) { return PRESET_COUNT; }
const preset_def *preset_at(size_t i) { return i < PRESET_COUNT ? &presets[i] : NULL; }
const char *preset_name(const preset_def *d) { return d->name; }

const char *const *emphasis_names(void)
{
    static const char *const names[] = {"pulse", "shake", "float", "wiggle", "spin", NULL};
    return names;
}

const char *preset_doc(const preset_def *d) { return d->doc; }
const char *emphasis_doc(const emphasis_def *d) { return d->doc; }
double preset_default_duration(const preset_def *d) { return d->duration; }
double emphasis_default_period(const emphasis_def *d) { return d->period; }
double emphasis_default_amount(const emphasis_def *d) { return d->amount; }

/* A two-keyframe track from a to b over local frames [t0, t1]. */
static bool ramp(track *tr, int n, const double *a, const double *b, double t0, double t1, const easing *e)
{
    tr->components = n;
    tr->keys = calloc(2, sizeof *tr->keys);
    if (!tr->keys)
        return false;
    tr->count = 2;
    tr->keys[0].time = t0;
    tr->keys[1].time = t1;
    memcpy(tr->keys[0].value, a, sizeof(double) * (size_t)n);
    memcpy(tr->keys[1].value, b, sizeof(double) * (size_t)n);
    tr->keys[0].ease = *e;
    tr->keys[1].ease.kind = EASING_LINEAR;
    memcpy(tr->constant, b, sizeof(double) * (size_t)n);
    return true;
}

static void rest(track *tr, int n, double v)
{
    tr->components = n;
    for (int i = 0; i < n; i++)
        tr->constant[i] = v;
}

bool preset_build(preset_anim *a, const preset_def *d, preset_role role, const preset_params *p,
                  double length, double fps, double canvas_w, double canvas_h)
{
    (void)fps;
    memset(a, 0, sizeof *a);
    a->role = role;
    a->def = d;
    bool enter = role == PRESET_ENTER;
    easing own;
    if (!p->ease) {
        char err[200];
        if (!easing_parse(enter ? d->ease_in : d->ease_out, &own, err, sizeof err))
            own.kind = EASING_LINEAR;
    }
    const easing *e = p->ease ? p->ease : &own;
    /* Enter runs from the preset's state to rest; exit from rest to it. */
    double t0 = enter ? p->delay : length - p->delay - p->duration;
    double t1 = t0 + p->duration;
    double dist = p->distance >= 0 ? p->distance
                : d->dist == DIST_CANVAS ? (d->dir[0] != 0 ? canvas_w : canvas_h) : d->distance;
    const double zero[2] = {0, 0}, one[2] = {1, 1};
    bool ok = true;
#define RAMP(tr, n, state, restv) \
    (enter ? ramp(tr, n, state, restv, t0, t1, e) : ramp(tr, n, restv, state, t0, t1, e))
    rest(&a->offset, 2, 0);
    rest(&a->scale, 2, 1);
    rest(&a->opacity, 1, 1);
    rest(&a->rotation, 1, 0);
    rest(&a->blur, 1, 0);
    rest(&a->reveal, 1, 1);
    if (d->dist != DIST_NONE) {
        double sign = enter ? -1 : 1;
        double off[2] = {sign * d->dir[0] * dist, sign * d->dir[1] * dist};
        ok &= RAMP(&a->offset, 2, off, zero);
    }
    const double *sc = enter ? d->scale_in : d->scale_out;
    if (sc[0] != 1 || sc[1] != 1)
        ok &= RAMP(&a->scale, 2, sc, one);
    double op = enter ? d->opacity_in : d->opacity_out;
    if (op != 1)
        ok &= RAMP(&a->opacity, 1, &op, one);
    double rot = enter ? d->rot_in : d->rot_out;
    if (rot != 0)
        ok &= RAMP(&a->rotation, 1, &rot, zero);
    if (d->blur > 0)
        ok &= RAMP(&a->blur, 1, &d->blur, zero);
    if (d->wipe != WIPE_NONE)
        ok &= RAMP(&a->reveal, 1, zero, one);
#undef RAMP
    return ok;
}

void emphasis_build(preset_anim *a, const emphasis_def *d, double period, double amount, double delay)
{
    memset(a, 0, sizeof *a);
    a->role = PRESET_EMPHASIS;
    a->emphasis = d;
    a->period = period;
    a->amount = amount;
    a->delay = delay;
}

static void apply_wipe(const preset_anim *a, double v, preset_motion *m)
{
    bool enter = a->role == PRESET_ENTER;
    double lo = 0, hi = 1;
    switch (a->def->wipe) {
    case WIPE_RIGHT: case WIPE_DOWN:
        if (enter) hi = v; else lo = 1 - v;
        break;
    case WIPE_LEFT: case WIPE_UP:
        if (enter) lo = 1 - v; else hi = v;
        break;
    }
    int axis = a->def->wipe == WIPE_LEFT || a->def->wipe == WIPE_RIGHT ? 0 : 1;
    m->clip[axis] = fmax(m->clip[axis], lo);
    m->clip[axis + 2] = fmin(m->clip[axis + 2], hi);
}

static void apply_emphasis(const preset_anim *a, double t, preset_motion *m)
{
    if (t < a->delay || a->period <= 0)
        return;
    double phase = (t - a->delay) / a->period;
    double s = sin(2 * M_PI * phase);
    switch (a->emphasis->channel) {
    case EMPH_SCALE: {
        double f = 1 + a->amount * (0.5 - 0.5 * cos(2 * M_PI * phase));
        m->sx *= f;
        m->sy *= f;
        break;
    }
    case EMPH_X: m->dx += a->amount * s; break;
    case EMPH_Y: m->dy -= a->amount * s; break;
    case EMPH_ROTATION: m->rotation += a->amount * s; break;
    case EMPH_TURN: m->rotation += 360 * a->amount * phase; break;
    }
}

void preset_apply(const preset_anim *a, double t, double fps, preset_motion *m)
{
    if (a->role == PRESET_NONE)
        return;
    if (a->role == PRESET_EMPHASIS) {
        apply_emphasis(a, t, m);
        return;
    }
    double v[2];
    track_eval(&a->offset, t, fps, v);
    m->dx += v[0];
    m->dy += v[1];
    track_eval(&a->scale, t, fps, v);
    m->sx *= v[0];
    m->sy *= v[1];
    m->opacity *= track_eval1(&a->opacity, t, fps);
    m->rotation += track_eval1(&a->rotation, t, fps);
    m->blur += track_eval1(&a->blur, t, fps);
    if (a->def->wipe != WIPE_NONE)
        apply_wipe(a, track_eval1(&a->reveal, t, fps), m);
}

bool preset_is_static(const preset_anim *a, double t0, double t1)
{
    if (a->role == PRESET_NONE)
        return true;
    if (a->role == PRESET_EMPHASIS)
        return a->amount == 0 || t1 < a->delay;
    return track_is_constant_over(&a->offset, t0, t1) && track_is_constant_over(&a->scale, t0, t1) &&
           track_is_constant_over(&a->opacity, t0, t1) && track_is_constant_over(&a->rotation, t0, t1) &&
           track_is_constant_over(&a->blur, t0, t1) && track_is_constant_over(&a->reveal, t0, t1);
}

void preset_clear(preset_anim *a)
{
    track_clear(&a->offset);
    track_clear(&a->scale);
    track_clear(&a->opacity);
    track_clear(&a->rotation);
    track_clear(&a->blur);
    track_clear(&a->reveal);
    a->role = PRESET_NONE;
}

/* Easing curves: parsing the textual forms and evaluating them.
 *
 * The named families follow the widely used easings.net formulas, the CSS
 * keywords and cubic-bezier()/steps() follow CSS Easing Level 1, and springs are
 * the closed-form solution of a damped harmonic oscillator. Everything is plain
 * double arithmetic with no approximation tables or iteration counts that depend
 * on timing, so the same input gives the same bits on every run and thread.
 * Numbers inside the text are read in the "C" locale, never LC_NUMERIC. */
#include "anim/easing.h"

#include "util/numparse.h"
#include "util/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const k_names[] = {
    "linear", "hold", "ease", "ease-in", "ease-out", "ease-in-out",
    "ease-in-quad", "ease-out-quad", "ease-in-out-quad",
    "ease-in-cubic", "ease-out-cubic", "ease-in-out-cubic",
    "ease-in-quart", "ease-out-quart", "ease-in-out-quart",
    "ease-in-quint", "ease-out-quint", "ease-in-out-quint",
    "ease-in-sine", "ease-out-sine", "ease-in-out-sine",
    "ease-in-expo", "ease-out-expo", "ease-in-out-expo",
    "ease-in-circ", "ease-out-circ", "ease-in-out-circ",
    "ease-in-back", "ease-out-back", "ease-in-out-back",
    "ease-in-elastic", "ease-out-elastic", "ease-in-out-elastic",
    "ease-in-bounce", "ease-out-bounce", "ease-in-out-bounce",
    "spring",
    NULL
};
/* Index in k_names of the first family name; the families then follow easing_fn order. */
#define FIRST_FAMILY_NAME 6

static const char *const k_functions[] = { "cubic-bezier", "steps", "spring", NULL };

const char *const *easing_names(void)
{
    return k_names;
}

/* ---- text helpers --------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) { (*s)++; (*len)--; }
    while (*len > 0 && is_space((*s)[*len - 1])) (*len)--;
}

static bool span_eq(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

static bool fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Splits "a, b, c" into at most max trimmed arguments; returns the count, or
 * max + 1 when there are more. An empty argument list has count 0. */
typedef struct span { const char *s; size_t len; } span;

static size_t split_args(const char *s, size_t len, span *args, size_t max)
{
    size_t n = 0, start = 0;
    const char *t = s;
    size_t tl = len;
    trim(&t, &tl);
    if (tl == 0) return 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == ',') {
            if (n == max) return max + 1;
            args[n].s = s + start;
            args[n].len = i - start;
            trim(&args[n].s, &args[n].len);
            n++;
            start = i + 1;
        }
    }
    return n;
}

/* ---- constructors --------------------------------------------------------- */

static void init(easing *e, easing_kind kind)
{
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->steps = 1;
    e->stiffness = SPRING_DEFAULT_STIFFNESS;
    e->damping = SPRING_DEFAULT_DAMPING;
    e->mass = SPRING_DEFAULT_MASS;
}

static void bezier(easing *e, double x1, double y1, double x2, double y2)
{
    init(e, EASING_CUBIC_BEZIER);
    e->p[0] = x1; e->p[1] = y1; e->p[2] = x2; e->p[3] = y2;
}

bool easing_spring(double stiffness, double damping, double mass, double velocity,
                   easing *out, char *err, size_t errsize)
{
    if (!(isfinite(stiffness) && stiffness > 0))
        return fail(err, errsize, "spring stiffness must be a number greater than 0");
    if (!(isfinite(damping) && damping >= 0))
        return fail(err, errsize, "spring damping must be a number of at least 0");
    if (!(isfinite(mass) && mass > 0))
        return fail(err, errsize, "spring mass must be a number greater than 0");
    if (!isfinite(velocity))
        return fail(err, errsize, "spring velocity must be a finite number");
    /* Extreme ratios would make the derived frequency or damping ratio overflow. */
    double w0 = sqrt(stiffness / mass);
    double zeta = damping / (2.0 * sqrt(stiffness * mass));
    if (!isfinite(w0) || !isfinite(zeta) || !(w0 > 0))
        return fail(err, errsize, "spring parameters out of range");
    easing e;
    init(&e, EASING_SPRING);
    e.stiffness = stiffness;
    e.damping = damping;
    e.mass = mass;
    e.velocity = velocity;
    *out = e;
    return true;
}

/* ---- parsing -------------------------------------------------------------- */

static bool parse_bezier(const char *text, const char *a, size_t alen, easing *out,
                         char *err, size_t errsize)
{
    static const char *const arg_names[4] = { "x1", "y1", "x2", "y2" };
    span args[4];
    size_t n = split_args(a, alen, args, 4);
    if (n != 4)
        return fail(err, errsize, "cubic-bezier needs 4 numbers, as in cubic-bezier(x1, y1, x2, y2), got \"%s\"", text);
    double v[4];
    for (int i = 0; i < 4; i++) {
        if (!num_parse_css(args[i].s, args[i].len, &v[i]))
            return fail(err, errsize, "cubic-bezier %s must be a number, got \"%.*s\"",
                        arg_names[i], (int)args[i].len, args[i].s);
    }
    if (!(v[0] >= 0 && v[0] <= 1))
        return fail(err, errsize, "cubic-bezier x1 must be between 0 and 1");
    if (!(v[2] >= 0 && v[2] <= 1))
        return fail(err, errsize, "cubic-bezier x2 must be between 0 and 1");
    bezier(out, v[0], v[1], v[2], v[3]);
    return true;
}

static bool parse_steps(const char *text, const char *a, size_t alen, easing *out,
                        char *err, size_t errsize)
{
    span args[2];
    size_t n = split_args(a, alen, args, 2);
    if (n < 1 || n > 2)
        return fail(err, errsize, "steps needs a count and an optional position, as in steps(4, jump-end), got \"%s\"", text);

    long long count = 0;
    bool ok = args[0].len > 0;
    for (size_t i = 0; i < args[0].len && ok; i++) {
        char c = args[0].s[i];
        if (c < '0' || c > '9' || count > 100000000) ok = false;
        else count = count * 10 + (c - '0');
    }
    if (!ok || count < 1 || count > 100000000)
        return fail(err, errsize, "steps count must be a whole number from 1 to 100000000, got \"%.*s\"",
                    (int)args[0].len, args[0].s);

    step_position pos = STEP_JUMP_END;
    if (n == 2) {
        const char *p = args[1].s;
        size_t pl = args[1].len;
        if (span_eq(p, pl, "jump-end") || span_eq(p, pl, "end")) pos = STEP_JUMP_END;
        else if (span_eq(p, pl, "jump-start") || span_eq(p, pl, "start")) pos = STEP_JUMP_START;
        else if (span_eq(p, pl, "jump-none")) pos = STEP_JUMP_NONE;
        else if (span_eq(p, pl, "jump-both")) pos = STEP_JUMP_BOTH;
        else
            return fail(err, errsize, "steps position must be jump-start, jump-end, jump-none, jump-both, start or end, got \"%.*s\"",
                        (int)pl, p);
    }
    if (pos == STEP_JUMP_NONE && count < 2)
        return fail(err, errsize, "steps with jump-none needs at least 2 steps");

    init(out, EASING_STEPS);
    out->steps = (int)count;
    out->step_pos = pos;
    return true;
}

static bool parse_spring_args(const char *text, const char *a, size_t alen, easing *out,
                              char *err, size_t errsize)
{
    static const char *const arg_names[4] = { "stiffness", "damping", "mass", "velocity" };
    span args[4];
    size_t n = split_args(a, alen, args, 4);
    if (n < 2 || n > 4)
        return fail(err, errsize, "spring needs 2 to 4 numbers, as in spring(stiffness, damping, mass, velocity), got \"%s\"", text);
    double v[4] = { 0, 0, SPRING_DEFAULT_MASS, 0 };
    for (size_t i = 0; i < n; i++) {
        if (!num_parse_css(args[i].s, args[i].len, &v[i]))
            return fail(err, errsize, "spring %s must be a number, got \"%.*s\"",
                        arg_names[i], (int)args[i].len, args[i].s);
    }
    return easing_spring(v[0], v[1], v[2], v[3], out, err, errsize);
}

bool easing_parse(const char *text, easing *out, char *err, size_t errsize)
{
    if (!text) return fail(err, errsize, "missing easing");
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);
    if (len == 0) return fail(err, errsize, "empty easing; expected a name such as \"linear\" or \"ease-in-out\"");

    const char *paren = memchr(s, '(', len);
    if (paren) {
        size_t name_len = (size_t)(paren - s);
        if (s[len - 1] != ')')
            return fail(err, errsize, "missing \")\" at the end of easing \"%s\"", text);
        const char *a = paren + 1;
        size_t alen = (size_t)(s + len - 1 - a);
        if (memchr(a, '(', alen) || memchr(a, ')', alen))
            return fail(err, errsize, "unexpected parenthesis inside easing \"%s\"", text);
        easing e;
        bool ok;
        if (span_eq(s, name_len, "cubic-bezier")) ok = parse_bezier(text, a, alen, &e, err, errsize);
        else if (span_eq(s, name_len, "steps")) ok = parse_steps(text, a, alen, &e, err, errsize);
        else if (span_eq(s, name_len, "spring")) ok = parse_spring_args(text, a, alen, &e, err, errsize);
        else {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(name_len < 63 ? name_len : 63), s);
            const char *guess = name_len < 63 ? suggest_closest(name, k_functions, (size_t)-1) : NULL;
            if (guess)
                return fail(err, errsize, "unknown easing function \"%s\" (did you mean \"%s\"?)", name, guess);
            return fail(err, errsize, "unknown easing function \"%s\"; expected cubic-bezier, steps or spring", name);
        }
        if (ok) *out = e;
        return ok;
    }

    easing e;
    if (span_eq(s, len, "linear")) init(&e, EASING_LINEAR);
    else if (span_eq(s, len, "hold")) init(&e, EASING_HOLD);
    else if (span_eq(s, len, "ease")) bezier(&e, 0.25, 0.1, 0.25, 1.0);
    else if (span_eq(s, len, "ease-in")) bezier(&e, 0.42, 0.0, 1.0, 1.0);
    else if (span_eq(s, len, "ease-out")) bezier(&e, 0.0, 0.0, 0.58, 1.0);
    else if (span_eq(s, len, "ease-in-out")) bezier(&e, 0.42, 0.0, 0.58, 1.0);
    else if (span_eq(s, len, "spring")) init(&e, EASING_SPRING);
    else if (span_eq(s, len, "cubic-bezier"))
        return fail(err, errsize, "cubic-bezier needs 4 numbers, as in cubic-bezier(x1, y1, x2, y2), got \"%s\"", text);
    else if (span_eq(s, len, "steps"))
        return fail(err, errsize, "steps needs a count and an optional position, as in steps(4, jump-end), got \"%s\"", text);
    else {
        int found = -1;
        for (int i = FIRST_FAMILY_NAME; i <= FIRST_FAMILY_NAME + EASE_IN_OUT_BOUNCE; i++)
            if (span_eq(s, len, k_names[i])) { found = i - FIRST_FAMILY_NAME; break; }
        if (found < 0) {
            /* Suggest against the trimmed word; long garbage gets no suggestion. */
            char word[80];
            const char *guess = NULL;
            if (len < sizeof word) {
                memcpy(word, s, len);
                word[len] = '\0';
                guess = suggest_closest(word, k_names, (size_t)-1);
            }
            if (guess)
                return fail(err, errsize, "unknown easing \"%s\" (did you mean \"%s\"?)", text, guess);
            return fail(err, errsize, "unknown easing \"%s\"", text);
        }
        init(&e, EASING_FUNCTION);
        e.fn = (easing_fn)found;
    }
    *out = e;
    return true;
}

/* ---- evaluation ----------------------------------------------------------- */

static const double k_pi = 3.14159265358979323846;

static double bounce_out(double x)
{
    const double n1 = 7.5625, d1 = 2.75;
    if (x < 1.0 / d1) return n1 * x * x;
    if (x < 2.0 / d1) { x -= 1.5 / d1; return n1 * x * x + 0.75; }
    if (x < 2.5 / d1) { x -= 2.25 / d1; return n1 * x * x + 0.9375; }
    x -= 2.625 / d1;
    return n1 * x * x + 0.984375;
}

static double family(easing_fn fn, double x)
{
    const double c1 = 1.70158, c2 = c1 * 1.525, c3 = c1 + 1.0;
    const double c4 = (2.0 * k_pi) / 3.0, c5 = (2.0 * k_pi) / 4.5;
    double u = 1.0 - x, v = -2.0 * x + 2.0;
    switch (fn) {
    case EASE_IN_QUAD: return x * x;
    case EASE_OUT_QUAD: return 1.0 - u * u;
    case EASE_IN_OUT_QUAD: return x < 0.5 ? 2.0 * x * x : 1.0 - v * v / 2.0;
    case EASE_IN_CUBIC: return x * x * x;
    case EASE_OUT_CUBIC: return 1.0 - u * u * u;
    case EASE_IN_OUT_CUBIC: return x < 0.5 ? 4.0 * x * x * x : 1.0 - v * v * v / 2.0;
    case EASE_IN_QUART: return x * x * x * x;
    case EASE_OUT_QUART: return 1.0 - u * u * u * u;
    case EASE_IN_OUT_QUART: return x < 0.5 ? 8.0 * x * x * x * x : 1.0 - v * v * v * v / 2.0;
    case EASE_IN_QUINT: return x * x * x * x * x;
    case EASE_OUT_QUINT: return 1.0 - u * u * u * u * u;
    case EASE_IN_OUT_QUINT: return x < 0.5 ? 16.0 * x * x * x * x * x : 1.0 - v * v * v * v * v / 2.0;
    case EASE_IN_SINE: return 1.0 - cos(x * k_pi / 2.0);
    case EASE_OUT_SINE: return sin(x * k_pi / 2.0);
    case EASE_IN_OUT_SINE: return -(cos(k_pi * x) - 1.0) / 2.0;
    case EASE_IN_EXPO: return x == 0.0 ? 0.0 : pow(2.0, 10.0 * x - 10.0);
    case EASE_OUT_EXPO: return x == 1.0 ? 1.0 : 1.0 - pow(2.0, -10.0 * x);
    case EASE_IN_OUT_EXPO:
        if (x == 0.0) return 0.0;
        if (x == 1.0) return 1.0;
        return x < 0.5 ? pow(2.0, 20.0 * x - 10.0) / 2.0 : (2.0 - pow(2.0, -20.0 * x + 10.0)) / 2.0;
    case EASE_IN_CIRC: return 1.0 - sqrt(1.0 - x * x);
    case EASE_OUT_CIRC: return sqrt(1.0 - (x - 1.0) * (x - 1.0));
    case EASE_IN_OUT_CIRC:
        return x < 0.5 ? (1.0 - sqrt(1.0 - (2.0 * x) * (2.0 * x))) / 2.0
                       : (sqrt(1.0 - v * v) + 1.0) / 2.0;
    case EASE_IN_BACK: return c3 * x * x * x - c1 * x * x;
    case EASE_OUT_BACK: { double w = x - 1.0; return 1.0 + c3 * w * w * w + c1 * w * w; }
    case EASE_IN_OUT_BACK:
        if (x < 0.5) { double w = 2.0 * x; return (w * w * ((c2 + 1.0) * w - c2)) / 2.0; }
        else { double w = 2.0 * x - 2.0; return (w * w * ((c2 + 1.0) * w + c2) + 2.0) / 2.0; }
    case EASE_IN_ELASTIC:
        if (x == 0.0) return 0.0;
        if (x == 1.0) return 1.0;
        return -pow(2.0, 10.0 * x - 10.0) * sin((x * 10.0 - 10.75) * c4);
    case EASE_OUT_ELASTIC:
        if (x == 0.0) return 0.0;
        if (x == 1.0) return 1.0;
        return pow(2.0, -10.0 * x) * sin((x * 10.0 - 0.75) * c4) + 1.0;
    case EASE_IN_OUT_ELASTIC:
        if (x == 0.0) return 0.0;
        if (x == 1.0) return 1.0;
        return x < 0.5 ? -(pow(2.0, 20.0 * x - 10.0) * sin((20.0 * x - 11.125) * c5)) / 2.0
                       : (pow(2.0, -20.0 * x + 10.0) * sin((20.0 * x - 11.125) * c5)) / 2.0 + 1.0;
    case EASE_IN_BOUNCE: return 1.0 - bounce_out(1.0 - x);
    case EASE_OUT_BOUNCE: return bounce_out(x);
    case EASE_IN_OUT_BOUNCE:
        return x < 0.5 ? (1.0 - bounce_out(1.0 - 2.0 * x)) / 2.0
                       : (1.0 + bounce_out(2.0 * x - 1.0)) / 2.0;
    }
    return x;
}

/* CSS cubic-bezier: find t with x(t) = p, return y(t). With x1, x2 in [0,1] x(t)
 * is non-decreasing on [0,1], so a bracket always exists. Newton converges in a
 * few steps on well-behaved curves; when it stalls (flat derivative) or leaves
 * the bracket, bisection finishes the job. Fixed iteration caps keep it
 * deterministic. */
static double bezier_eval(const double q[4], double p)
{
    double cx = 3.0 * q[0], bx = 3.0 * (q[2] - q[0]) - cx, ax = 1.0 - cx - bx;
    double cy = 3.0 * q[1], by = 3.0 * (q[3] - q[1]) - cy, ay = 1.0 - cy - by;
    const double tol = 1e-12;

    double lo = 0.0, hi = 1.0, t = p;
    bool done = false;
    for (int i = 0; i < 8; i++) {
        double dx = ((ax * t + bx) * t + cx) * t - p;
        if (dx == 0.0) { done = true; break; }
        if (dx < 0) lo = t; else hi = t;
        double d = (3.0 * ax * t + 2.0 * bx) * t + cx;
        if (!(fabs(d) > 1e-9)) break;
        double nt = t - dx / d;
        /* Once within tolerance, one last step still sharpens t almost for free. */
        bool close = fabs(dx) < tol;
        if (nt > lo && nt < hi) t = nt;
        else if (!close) break;
        if (close) { done = true; break; }
    }
    if (!done) {
        /* Bisection is only the fallback, so it can afford to run to the
         * resolution of t (at most ~53 halvings) instead of stopping at tol. */
        for (int i = 0; i < 100 && hi - lo > 1e-16; i++) {
            t = 0.5 * (lo + hi);
            double dx = ((ax * t + bx) * t + cx) * t - p;
            if (dx == 0.0) break;
            if (dx < 0) lo = t; else hi = t;
        }
    }
    return ((ay * t + by) * t + cy) * t;
}

static double steps_eval(const easing *e, double p)
{
    double n = (double)e->steps;
    double jumps = n;
    if (e->step_pos == STEP_JUMP_NONE) jumps = n - 1.0;
    else if (e->step_pos == STEP_JUMP_BOTH) jumps = n + 1.0;
    double step = floor(p * n);
    if (e->step_pos == STEP_JUMP_START || e->step_pos == STEP_JUMP_BOTH) step += 1.0;
    if (step < 0.0) step = 0.0;
    if (step > jumps) step = jumps;
    return step / jumps;
}

double spring_position(const easing *s, double t)
{
    if (!(t > 0.0)) return 0.0;   /* also NaN */
    double k = s->stiffness, c = s->damping, m = s->mass, v0 = s->velocity;
    double w0 = sqrt(k / m);
    double zeta = c / (2.0 * sqrt(k * m));
    /* Solve for y = x - 1: y(0) = -1, y'(0) = v0; then x = 1 + y. */
    double y;
    if (zeta < 1.0) {
        double wd = w0 * sqrt((1.0 - zeta) * (1.0 + zeta));
        double decay = exp(-zeta * w0 * t);
        /* sin(wd t)/wd stays accurate as wd -> 0 near critical damping. */
        y = decay * (-cos(wd * t) + (v0 - zeta * w0) * (sin(wd * t) / wd));
    } else if (zeta == 1.0) {
        y = exp(-w0 * t) * (-1.0 + (v0 - w0) * t);
    } else {
        /* Hyperbolic form y = e^{-zeta w0 t} (y0 cosh(g t) + (v0 + zeta w0 y0) sinh(g t)/g),
         * written with the two decaying exponentials e^{r1 t}, e^{r2 t} so that
         * large t cannot produce 0 * inf. */
        double g = w0 * sqrt((zeta - 1.0) * (zeta + 1.0));
        double a = zeta * w0;
        double e1 = exp((g - a) * t), e2 = exp(-(g + a) * t);
        double ch = 0.5 * (e1 + e2);
        double sh_over_g = 2.0 * g * t < 1.0 ? 0.5 * e2 * expm1(2.0 * g * t) / g : 0.5 * (e1 - e2) / g;
        y = -ch + (v0 - a) * sh_over_g;
    }
    return 1.0 + y;
}

double easing_apply(const easing *e, double p, double elapsed_seconds)
{
    /* The ends are exact for every curve, whatever the formula rounds to. */
    if (!(p > 0.0)) return 0.0;
    if (p >= 1.0) return 1.0;
    switch (e->kind) {
    case EASING_LINEAR: return p;
    case EASING_HOLD: return 0.0;
    case EASING_CUBIC_BEZIER: return bezier_eval(e->p, p);
    case EASING_STEPS: return steps_eval(e, p);
    case EASING_SPRING: return spring_position(e, elapsed_seconds);
    case EASING_FUNCTION: return family(e->fn, p);
    }
    return p;
}

/* Easing curves against independently written reference formulas.
 *
 * The references below are written from the easings.net / CSS definitions in a
 * different shape from the implementation (in-out curves built from the "in"
 * curve by symmetry, powers through pow(), bezier solved by plain bisection,
 * springs integrated numerically), so a slip in one is unlikely to be repeated
 * in the other. */
#include "check.h"
#include "anim/easing.h"

#include <locale.h>
#include <stdbool.h>

#define PI 3.14159265358979323846

/* ---- reference curves ---------------------------------------------------- */

static double ref_in_pow(double x, double n) { return pow(x, n); }

static double ref_back_in(double x, double c) { return (c + 1.0) * pow(x, 3) - c * pow(x, 2); }

static double ref_bounce_out(double x)
{
    /* Four parabolas n1 (x - centre)^2 + floor, with d1 = 2.75. */
    const double n1 = 7.5625, d1 = 2.75;
    if (x < 1.0 / d1) return n1 * pow(x, 2);
    if (x < 2.0 / d1) return n1 * pow(x - 1.5 / d1, 2) + 0.75;
    if (x < 2.5 / d1) return n1 * pow(x - 2.25 / d1, 2) + 0.9375;
    return n1 * pow(x - 2.625 / d1, 2) + 0.984375;
}

static double ref_in(const char *family, double x)
{
    if (!strcmp(family, "quad")) return ref_in_pow(x, 2);
    if (!strcmp(family, "cubic")) return ref_in_pow(x, 3);
    if (!strcmp(family, "quart")) return ref_in_pow(x, 4);
    if (!strcmp(family, "quint")) return ref_in_pow(x, 5);
    if (!strcmp(family, "sine")) return 1.0 - cos(x * PI / 2.0);
    if (!strcmp(family, "expo")) return x <= 0.0 ? 0.0 : pow(2.0, 10.0 * (x - 1.0));
    if (!strcmp(family, "circ")) return 1.0 - sqrt(1.0 - x * x);
    if (!strcmp(family, "back")) return ref_back_in(x, 1.70158);
    if (!strcmp(family, "elastic")) {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        return -pow(2.0, 10.0 * (x - 1.0)) * sin((10.0 * x - 10.75) * (2.0 * PI / 3.0));
    }
    if (!strcmp(family, "bounce")) return 1.0 - ref_bounce_out(1.0 - x);
    return NAN;
}

static double ref_out(const char *family, double x)
{
    if (!strcmp(family, "bounce")) return ref_bounce_out(x);
    if (!strcmp(family, "expo")) return x >= 1.0 ? 1.0 : 1.0 - pow(2.0, -10.0 * x);
    if (!strcmp(family, "elastic")) {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        return pow(2.0, -10.0 * x) * sin((10.0 * x - 0.75) * (2.0 * PI / 3.0)) + 1.0;
    }
    return 1.0 - ref_in(family, 1.0 - x);   /* mirror image of "in" */
}

static double ref_in_out(const char *family, double x)
{
    if (!strcmp(family, "elastic")) {
        const double c5 = 2.0 * PI / 4.5;
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        if (x < 0.5) return -0.5 * pow(2.0, 10.0 * (2.0 * x - 1.0)) * sin((20.0 * x - 11.125) * c5);
        return 0.5 * pow(2.0, -10.0 * (2.0 * x - 1.0)) * sin((20.0 * x - 11.125) * c5) + 1.0;
    }
    if (!strcmp(family, "sine")) return 0.5 * (1.0 - cos(PI * x));
    if (!strcmp(family, "bounce"))
        return x < 0.5 ? 0.5 * (1.0 - ref_bounce_out(1.0 - 2.0 * x)) : 0.5 * (1.0 + ref_bounce_out(2.0 * x - 1.0));
    if (!strcmp(family, "back")) {
        const double c2 = 1.70158 * 1.525;
        return x < 0.5 ? 0.5 * ref_back_in(2.0 * x, c2) : 1.0 - 0.5 * ref_back_in(2.0 - 2.0 * x, c2);
    }
    /* First half is "in" squeezed into [0, 0.5]; second half its point reflection. */
    return x < 0.5 ? 0.5 * ref_in(family, 2.0 * x) : 1.0 - 0.5 * ref_in(family, 2.0 - 2.0 * x);
}

/* Bezier reference: bisection only, 200 rounds, on the Bernstein form. */
static double ref_bezier(double x1, double y1, double x2, double y2, double p)
{
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 200; i++) {
        double t = 0.5 * (lo + hi), s = 1.0 - t;
        double x = 3.0 * s * s * t * x1 + 3.0 * s * t * t * x2 + t * t * t;
        if (x < p) lo = t; else hi = t;
    }
    double t = 0.5 * (lo + hi), s = 1.0 - t;
    return 3.0 * s * s * t * y1 + 3.0 * s * t * t * y2 + t * t * t;
}

static easing parse_ok(const char *text)
{
    easing e;
    char err[256] = "";
    bool ok = easing_parse(text, &e, err, sizeof err);
    if (!ok) fprintf(stderr, "  parse \"%s\" failed: %s\n", text, err);
    CHECK(ok);
    return e;
}

static const char *parse_err(const char *text)
{
    static char err[256];
    easing e;
    err[0] = '\0';
    CHECK(!easing_parse(text, &e, err, sizeof err));
    return err;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_families_against_reference(void)
{
    static const char *const families[] = {
        "quad", "cubic", "quart", "quint", "sine", "expo", "circ", "back", "elastic", "bounce"
    };
    static const double ps[] = { 0.25, 0.5, 0.75, 0.1, 0.3, 0.6, 0.9 };
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
        for (int dir = 0; dir < 3; dir++) {
            char name[64];
            snprintf(name, sizeof name, "%s-%s", dir == 0 ? "ease-in" : dir == 1 ? "ease-out" : "ease-in-out",
                     families[f]);
            easing e = parse_ok(name);
            CHECK(e.kind == EASING_FUNCTION);
            CHECK(easing_apply(&e, 0.0, 0.0) == 0.0);
            CHECK(easing_apply(&e, 1.0, 0.0) == 1.0);
            for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
                double p = ps[i];
                double want = dir == 0 ? ref_in(families[f], p)
                            : dir == 1 ? ref_out(families[f], p) : ref_in_out(families[f], p);
                double got = easing_apply(&e, p, 0.0);
                if (fabs(got - want) > 1e-9) fprintf(stderr, "  %s at %g\n", name, p);
                CHECK_NEAR(got, want, 1e-9);
            }
        }
    }
}

static void test_family_spot_values(void)
{
    /* A few hand-derived values, independent of any code above. */
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_QUAD }, 0.5, 0), 0.25, 1e-15);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_OUT_CUBIC }, 0.5, 0), 0.875, 1e-15);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_OUT_QUART }, 0.25, 0), 8.0 / 256.0, 1e-15);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_EXPO }, 0.5, 0), 1.0 / 32.0, 1e-15);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_OUT_SINE }, 0.5, 0), 0.5, 1e-15);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_OUT_BOUNCE }, 0.5, 0), 0.765625, 1e-12);
    /* in-back at 0.5: 2.70158/8 - 1.70158/4 */
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_BACK }, 0.5, 0),
               2.70158 / 8.0 - 1.70158 / 4.0, 1e-15);
    /* in-out curves pass through the middle */
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_OUT_BACK }, 0.5, 0), 0.5, 1e-12);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_OUT_BOUNCE }, 0.5, 0), 0.5, 1e-12);
    CHECK_NEAR(easing_apply(&(easing){ .kind = EASING_FUNCTION, .fn = EASE_IN_OUT_ELASTIC }, 0.5, 0), 0.5, 1e-12);
}

static void test_linear_hold(void)
{
    easing l = parse_ok("linear"), h = parse_ok("hold");
    CHECK(l.kind == EASING_LINEAR);
    CHECK(h.kind == EASING_HOLD);
    static const double ps[] = { 0.0, 0.25, 0.5, 0.75, 1.0 };
    for (int i = 0; i < 5; i++) {
        CHECK(easing_apply(&l, ps[i], 0) == ps[i]);
        CHECK(easing_apply(&h, ps[i], 0) == (ps[i] >= 1.0 ? 1.0 : 0.0));
    }
    CHECK(easing_apply(&h, 0.999999, 0) == 0.0);
    /* Outside [0,1] the ends hold. */
    CHECK(easing_apply(&l, -0.5, 0) == 0.0);
    CHECK(easing_apply(&l, 1.5, 0) == 1.0);
    CHECK(easing_apply(&l, NAN, 0) == 0.0);
}

static void test_css_keywords(void)
{
    static const struct { const char *name; double q[4]; } kw[] = {
        { "ease", { 0.25, 0.1, 0.25, 1.0 } },
        { "ease-in", { 0.42, 0.0, 1.0, 1.0 } },
        { "ease-out", { 0.0, 0.0, 0.58, 1.0 } },
        { "ease-in-out", { 0.42, 0.0, 0.58, 1.0 } },
    };
    for (size_t k = 0; k < 4; k++) {
        easing e = parse_ok(kw[k].name);
        CHECK(e.kind == EASING_CUBIC_BEZIER);
        for (int i = 0; i < 4; i++) CHECK(e.p[i] == kw[k].q[i]);
        CHECK(easing_apply(&e, 0.0, 0) == 0.0);
        CHECK(easing_apply(&e, 1.0, 0) == 1.0);
        for (double p = 0.25; p < 1.0; p += 0.25)
            CHECK_NEAR(easing_apply(&e, p, 0), ref_bezier(kw[k].q[0], kw[k].q[1], kw[k].q[2], kw[k].q[3], p), 1e-9);
    }
    easing ease = parse_ok("ease");
    CHECK_NEAR(easing_apply(&ease, 0.5, 0), 0.8024033877399112, 1e-6);   /* browser value */
    CHECK_NEAR(easing_apply(&ease, 0.5, 0), 0.802403387584857, 1e-14);   /* exact-rational bisection */
    easing eio = parse_ok("ease-in-out");
    CHECK_NEAR(easing_apply(&eio, 0.5, 0), 0.5, 1e-12);
}

static void test_cubic_bezier_parse_and_solve(void)
{
    easing e = parse_ok("cubic-bezier(0.68, -0.55, 0.265, 1.55)");
    CHECK(e.kind == EASING_CUBIC_BEZIER);
    CHECK(e.p[0] == 0.68 && e.p[1] == -0.55 && e.p[2] == 0.265 && e.p[3] == 1.55);
    for (int i = 1; i < 100; i++) {
        double p = i / 100.0;
        CHECK_NEAR(easing_apply(&e, p, 0), ref_bezier(0.68, -0.55, 0.265, 1.55, p), 1e-9);
    }
    /* Whitespace, signs, leading dot and exponents are fine. */
    easing w = parse_ok("  cubic-bezier( .5 ,+0,5e-1 , 1.0E0 )  ");
    CHECK(w.p[0] == 0.5 && w.p[1] == 0.0 && w.p[2] == 0.5 && w.p[3] == 1.0);
    /* Degenerate slopes: flat at both ends, and vertical-ish steps. */
    static const double qs[][4] = {
        { 0.0, 0.0, 1.0, 1.0 }, { 1.0, 0.0, 0.0, 1.0 }, { 0.0, 1.0, 1.0, 0.0 },
        { 1.0, 0.0, 1.0, 1.0 }, { 0.0, 0.0, 0.0, 1.0 }, { 0.5, -2.0, 0.5, 3.0 },
    };
    /* (1,0,0,1) has x'(t) = 0 at t = 1/2, so y is only determined to about the
     * cube root of the rounding error there; anything within 1e-5 of 0.5 is right. */
    easing vt = { .kind = EASING_CUBIC_BEZIER, .p = { 1.0, 0.0, 0.0, 1.0 } };
    CHECK_NEAR(easing_apply(&vt, 0.5, 0), 0.5, 1e-5);
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
        easing b = { .kind = EASING_CUBIC_BEZIER, .p = { qs[k][0], qs[k][1], qs[k][2], qs[k][3] } };
        for (int i = 1; i < 200; i++) {
            double p = i / 200.0;
            if (k == 1 && i == 100) continue;   /* vertical tangent: checked below */
            CHECK_NEAR(easing_apply(&b, p, 0), ref_bezier(qs[k][0], qs[k][1], qs[k][2], qs[k][3], p), 1e-9);
        }
    }
}

static void test_cubic_bezier_monotonic(void)
{
    /* With y1, y2 in [0,1] the curve never goes back. */
    static const char *const curves[] = {
        "ease", "ease-in", "ease-out", "ease-in-out", "cubic-bezier(0.9, 0.1, 0.1, 0.9)",
        "cubic-bezier(0, 1, 1, 0)", "cubic-bezier(1, 0, 0, 1)",
    };
    for (size_t k = 0; k < sizeof curves / sizeof curves[0]; k++) {
        easing e = parse_ok(curves[k]);
        double prev = 0.0;
        bool mono = true;
        for (int i = 0; i <= 4096; i++) {
            double y = easing_apply(&e, i / 4096.0, 0);
            if (y < prev - 1e-12) mono = false;
            prev = y;
        }
        if (!mono) fprintf(stderr, "  not monotonic: %s\n", curves[k]);
        CHECK(mono);
    }
    /* Same input, same bits. */
    easing e = parse_ok("cubic-bezier(0.3, 0.7, 0.2, 0.95)");
    CHECK(easing_apply(&e, 0.123456789, 0) == easing_apply(&e, 0.123456789, 0));
}

static double steps_of(const char *text, double p)
{
    easing e = parse_ok(text);
    return easing_apply(&e, p, 0);
}

static void test_steps(void)
{
    easing e = parse_ok("steps(4)");
    CHECK(e.kind == EASING_STEPS && e.steps == 4 && e.step_pos == STEP_JUMP_END);
    CHECK(parse_ok("steps(4, end)").step_pos == STEP_JUMP_END);
    CHECK(parse_ok("steps(4, start)").step_pos == STEP_JUMP_START);
    CHECK(parse_ok("steps(4,jump-start)").step_pos == STEP_JUMP_START);
    CHECK(parse_ok("steps(4, jump-none)").step_pos == STEP_JUMP_NONE);
    CHECK(parse_ok("steps(4, jump-both)").step_pos == STEP_JUMP_BOTH);

    /* jump-end: 0, 1/4, 2/4, 3/4 */
    CHECK(steps_of("steps(4)", 0.0) == 0.0);
    CHECK(steps_of("steps(4)", 0.1) == 0.0);
    CHECK(steps_of("steps(4)", 0.25) == 0.25);
    CHECK(steps_of("steps(4)", 0.5) == 0.5);
    CHECK(steps_of("steps(4)", 0.99) == 0.75);
    CHECK(steps_of("steps(4)", 1.0) == 1.0);
    /* jump-start: 1/4 .. 1 (the exact start still holds 0) */
    CHECK(steps_of("steps(4, jump-start)", 0.0) == 0.0);
    CHECK(steps_of("steps(4, jump-start)", 0.01) == 0.25);
    CHECK(steps_of("steps(4, jump-start)", 0.25) == 0.5);
    CHECK(steps_of("steps(4, jump-start)", 0.75) == 1.0);
    CHECK(steps_of("steps(4, start)", 0.5) == 0.75);
    /* jump-none: 0, 1/3, 2/3, 1 */
    CHECK(steps_of("steps(4, jump-none)", 0.1) == 0.0);
    CHECK(steps_of("steps(4, jump-none)", 0.3) == 1.0 / 3.0);
    CHECK(steps_of("steps(4, jump-none)", 0.6) == 2.0 / 3.0);
    CHECK(steps_of("steps(4, jump-none)", 0.8) == 1.0);
    CHECK(steps_of("steps(2, jump-none)", 0.49) == 0.0);
    CHECK(steps_of("steps(2, jump-none)", 0.5) == 1.0);
    /* jump-both: 1/5 .. 4/5 */
    CHECK(steps_of("steps(4, jump-both)", 0.0) == 0.0);
    CHECK(steps_of("steps(4, jump-both)", 0.1) == 0.2);
    CHECK(steps_of("steps(4, jump-both)", 0.3) == 0.4);
    CHECK(steps_of("steps(4, jump-both)", 0.99) == 0.8);
    CHECK(steps_of("steps(4, jump-both)", 1.0) == 1.0);
    /* one step */
    CHECK(steps_of("steps(1)", 0.5) == 0.0);
    CHECK(steps_of("steps(1, start)", 0.5) == 1.0);
    CHECK(steps_of("steps(1, jump-both)", 0.5) == 0.5);
}

/* ---- springs -------------------------------------------------------------- */

/* m x'' = -k (x - 1) - c x', integrated with classic RK4. */
static double rk4_spring(double k, double c, double m, double v0, double t_end)
{
    const double dt = 1e-5;
    double x = 0.0, v = v0;
    long n = lround(t_end / dt);
    for (long i = 0; i < n; i++) {
#define ACC(X, V) ((-k * ((X) - 1.0) - c * (V)) / m)
        double k1x = v, k1v = ACC(x, v);
        double k2x = v + 0.5 * dt * k1v, k2v = ACC(x + 0.5 * dt * k1x, v + 0.5 * dt * k1v);
        double k3x = v + 0.5 * dt * k2v, k3v = ACC(x + 0.5 * dt * k2x, v + 0.5 * dt * k2v);
        double k4x = v + dt * k3v, k4v = ACC(x + dt * k3x, v + dt * k3v);
#undef ACC
        x += dt / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x);
        v += dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
    }
    return x;
}

static void check_spring_config(double k, double c, double m, double v0)
{
    easing e;
    char err[128];
    CHECK(easing_spring(k, c, m, v0, &e, err, sizeof err));
    static const double ts[] = { 0.05, 0.2, 0.5, 1.0 };
    for (int i = 0; i < 4; i++) {
        double want = rk4_spring(k, c, m, v0, ts[i]);
        double got = spring_position(&e, ts[i]);
        if (fabs(got - want) > 1e-6)
            fprintf(stderr, "  spring k=%g c=%g m=%g v=%g t=%g\n", k, c, m, v0, ts[i]);
        CHECK_NEAR(got, want, 1e-6);
    }
}

static void test_spring_closed_form_vs_rk4(void)
{
    check_spring_config(100, 10, 1, 0);        /* underdamped, zeta 0.5 (the default) */
    check_spring_config(170, 26, 1, 0);        /* underdamped */
    check_spring_config(100, 0, 1, 0);         /* undamped */
    check_spring_config(100, 20, 1, 0);        /* critical, zeta 1 */
    check_spring_config(400, 80, 4, 0);        /* critical with mass */
    check_spring_config(100, 50, 1, 0);        /* overdamped, zeta 2.5 */
    check_spring_config(100, 10, 1, 5);        /* underdamped with velocity */
    check_spring_config(100, 20, 1, -3);       /* critical with velocity */
    check_spring_config(100, 50, 2, 8);        /* overdamped with velocity */
    check_spring_config(100, 19.9999999, 1, 0); /* just under critical */
    check_spring_config(100, 20.0000001, 1, 0); /* just over critical */
}

static void test_spring_apply(void)
{
    easing s = parse_ok("spring");
    CHECK(s.kind == EASING_SPRING);
    CHECK(s.stiffness == SPRING_DEFAULT_STIFFNESS && s.damping == SPRING_DEFAULT_DAMPING);
    CHECK(s.mass == SPRING_DEFAULT_MASS && s.velocity == 0.0);
    CHECK(spring_position(&s, 0.0) == 0.0);
    CHECK(easing_apply(&s, 0.0, 0.0) == 0.0);
    CHECK(easing_apply(&s, 1.0, 0.3) == 1.0);
    CHECK(easing_apply(&s, 1.0, 1e9) == 1.0);
    CHECK(easing_apply(&s, 0.5, 0.3) == spring_position(&s, 0.3));
    /* Time, not progress, drives a spring. */
    CHECK(easing_apply(&s, 0.1, 0.3) == easing_apply(&s, 0.9, 0.3));
    /* Settles at 1, no NaN far out. */
    CHECK_NEAR(spring_position(&s, 1e6), 1.0, 1e-12);
    easing over;
    CHECK(easing_spring(100, 500, 1, 0, &over, NULL, 0));
    CHECK_NEAR(spring_position(&over, 1e7), 1.0, 1e-9);
    CHECK(isfinite(spring_position(&over, 1e300)));

    easing p = parse_ok("spring(200, 15)");
    CHECK(p.stiffness == 200 && p.damping == 15 && p.mass == 1 && p.velocity == 0);
    p = parse_ok("spring(200, 15, 2, -1.5)");
    CHECK(p.mass == 2 && p.velocity == -1.5);
}

static void test_names_list(void)
{
    const char *const *names = easing_names();
    size_t n = 0;
    for (; names[n]; n++) {
        easing e;
        char err[128];
        bool ok = easing_parse(names[n], &e, err, sizeof err);
        if (!ok) fprintf(stderr, "  listed name \"%s\" rejected: %s\n", names[n], err);
        CHECK(ok);
        CHECK(easing_apply(&e, 0.0, 0.0) == 0.0);
        CHECK(easing_apply(&e, 1.0, 0.0) == 1.0);
    }
    CHECK_EQ_INT(n, 6 + 30 + 1);
}

static void test_errors(void)
{
    CHECK_STR(parse_err("ease-out-cubc"), "unknown easing \"ease-out-cubc\" (did you mean \"ease-out-cubic\"?)");
    CHECK_STR(parse_err("ease-inout"), "unknown easing \"ease-inout\" (did you mean \"ease-in-out\"?)");
    CHECK_STR(parse_err("wobble"), "unknown easing \"wobble\"");
    CHECK_STR(parse_err(""), "empty easing; expected a name such as \"linear\" or \"ease-in-out\"");
    CHECK_STR(parse_err("cubic-bezier(1.5, 0, 0.5, 1)"), "cubic-bezier x1 must be between 0 and 1");
    CHECK_STR(parse_err("cubic-bezier(0.5, 0, -0.1, 1)"), "cubic-bezier x2 must be between 0 and 1");
    CHECK_STR(parse_err("cubic-bezier(0.1, 0.2, 0.3)"),
              "cubic-bezier needs 4 numbers, as in cubic-bezier(x1, y1, x2, y2), got \"cubic-bezier(0.1, 0.2, 0.3)\"");
    CHECK_STR(parse_err("cubic-bezier(0.1, abc, 0.3, 1)"), "cubic-bezier y1 must be a number, got \"abc\"");
    CHECK_STR(parse_err("cubic-bezier(0.1, nan, 0.3, 1)"), "cubic-bezier y1 must be a number, got \"nan\"");
    CHECK_STR(parse_err("cubic-bezier(0x1, 0, 0.3, 1)"), "cubic-bezier x1 must be a number, got \"0x1\"");
    CHECK_STR(parse_err("cubic-bezier(0.1, 0, 0.3, 1"), "missing \")\" at the end of easing \"cubic-bezier(0.1, 0, 0.3, 1\"");
    CHECK_STR(parse_err("cubic-bezir(0, 0, 1, 1)"), "unknown easing function \"cubic-bezir\" (did you mean \"cubic-bezier\"?)");
    CHECK_STR(parse_err("wiggle(3)"), "unknown easing function \"wiggle\"; expected cubic-bezier, steps or spring");
    CHECK_STR(parse_err("steps(1, jump-none)"), "steps with jump-none needs at least 2 steps");
    CHECK_STR(parse_err("steps(0)"), "steps count must be a whole number from 1 to 100000000, got \"0\"");
    CHECK_STR(parse_err("steps(2.5)"), "steps count must be a whole number from 1 to 100000000, got \"2.5\"");
    CHECK_STR(parse_err("steps(3, middle)"),
              "steps position must be jump-start, jump-end, jump-none, jump-both, start or end, got \"middle\"");
    CHECK_STR(parse_err("steps()"), "steps needs a count and an optional position, as in steps(4, jump-end), got \"steps()\"");
    CHECK_STR(parse_err("steps"), "steps needs a count and an optional position, as in steps(4, jump-end), got \"steps\"");
    CHECK_STR(parse_err("spring(0, 10)"), "spring stiffness must be a number greater than 0");
    CHECK_STR(parse_err("spring(100, -1)"), "spring damping must be a number of at least 0");
    CHECK_STR(parse_err("spring(100)"),
              "spring needs 2 to 4 numbers, as in spring(stiffness, damping, mass, velocity), got \"spring(100)\"");

    easing e;
    char err[128];
    CHECK(!easing_spring(100, 10, 0, 0, &e, err, sizeof err));
    CHECK_STR(err, "spring mass must be a number greater than 0");
    CHECK(!easing_spring(100, 10, 1, INFINITY, &e, err, sizeof err));
    CHECK_STR(err, "spring velocity must be a finite number");
    CHECK(!easing_spring(NAN, 10, 1, 0, &e, err, sizeof err));
    CHECK_STR(err, "spring stiffness must be a number greater than 0");
    /* Small buffers truncate safely; NULL is allowed. */
    char tiny[8];
    CHECK(!easing_parse("nope", &e, tiny, sizeof tiny));
    CHECK_STR(tiny, "unknown");
    CHECK(!easing_parse("nope", &e, NULL, 0));
    CHECK(!easing_parse(NULL, &e, err, sizeof err));
}

static void test_locale_independent(void)
{
    /* A comma-decimal locale must not change how numbers are read. Skipped
     * silently when no such locale is installed. */
    const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE" };
    bool set = false;
    for (size_t i = 0; i < 4 && !set; i++) set = setlocale(LC_ALL, locales[i]) != NULL;
    easing e = parse_ok("cubic-bezier(0.25, 0.1, 0.25, 1)");
    CHECK(e.p[0] == 0.25 && e.p[1] == 0.1);
    if (set) setlocale(LC_ALL, "C");
}

int main(void)
{
    RUN(test_families_against_reference);
    RUN(test_family_spot_values);
    RUN(test_linear_hold);
    RUN(test_css_keywords);
    RUN(test_cubic_bezier_parse_and_solve);
    RUN(test_cubic_bezier_monotonic);
    RUN(test_steps);
    RUN(test_spring_closed_form_vs_rk4);
    RUN(test_spring_apply);
    RUN(test_names_list);
    RUN(test_errors);
    RUN(test_locale_independent);
    return CHECK_EXIT();
}

/* SVG path data: every command (absolute and relative, implicit repeats,
 * smooth reflections, arcs) lands on the right cairo points; bad data is
 * reported with its character offset; morph structure and interpolation. */
#include <stdlib.h>

#include <cairo.h>

#include "check.h"
#include "util/svg_path.h"

/* Parses d, emits it and returns cairo's path (caller destroys). */
static cairo_path_t *emit(const char *d)
{
    path_data p;
    char err[200];
    bool ok = path_data_parse(d, &p, err, sizeof err);
    if (!ok)
        fprintf(stderr, "  %s: %s\n", d, err);
    CHECK(ok);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    path_data_emit(cr, &p);
    cairo_path_t *path = cairo_copy_path(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    path_data_free(&p);
    return path;
}

/* The k-th point element (header excluded) and its type. */
static const cairo_path_data_t *elem(const cairo_path_t *p, int index, cairo_path_data_type_t *type)
{
    int i = 0;
    for (int n = 0; i < p->num_data; i += p->data[i].header.length, n++)
        if (n == index) {
            *type = p->data[i].header.type;
            return &p->data[i];
        }
    return NULL;
}

static const char *err_of(const char *d)
{
    static char err[200];
    path_data p;
    CHECK(!path_data_parse(d, &p, err, sizeof err));
    CHECK(p.count == 0 && p.segs == NULL);
    return err;
}

static void test_lines_absolute_relative_and_repeats(void)
{
    /* m with implicit relative linetos, then H/h/V/v, then Z. */
    cairo_path_t *p = emit("m10,10 5 0 0 5 H30 h-5 V40 v-10 z");
    cairo_path_data_type_t t = CAIRO_PATH_MOVE_TO;
    const cairo_path_data_t *e = elem(p, 0, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_MOVE_TO);
    CHECK_NEAR(e[1].point.x, 10, 0);
    e = elem(p, 1, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_LINE_TO);
    CHECK_NEAR(e[1].point.x, 15, 0);
    CHECK_NEAR(e[1].point.y, 10, 0);
    e = elem(p, 2, &t);
    CHECK_NEAR(e[1].point.x, 15, 0);
    CHECK_NEAR(e[1].point.y, 15, 0);
    e = elem(p, 3, &t);
    CHECK_NEAR(e[1].point.x, 30, 0);
    e = elem(p, 4, &t);
    CHECK_NEAR(e[1].point.x, 25, 0);
    e = elem(p, 5, &t);
    CHECK_NEAR(e[1].point.y, 40, 0);
    e = elem(p, 6, &t);
    CHECK_NEAR(e[1].point.x, 25, 0);
    CHECK_NEAR(e[1].point.y, 30, 0);
    elem(p, 7, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_CLOSE_PATH);
    cairo_path_destroy(p);
}

static void test_numbers_without_separators(void)
{
    /* "1.5.5" is 1.5 then .5; "-1-2" is -1 then -2; exponents. */
    cairo_path_t *p = emit("M1.5.5L-1-2l1e1,2E-1");
    cairo_path_data_type_t t = CAIRO_PATH_MOVE_TO;
    const cairo_path_data_t *e = elem(p, 0, &t);
    CHECK_NEAR(e[1].point.x, 1.5, 1e-9);
    CHECK_NEAR(e[1].point.y, 0.5, 1e-9);
    e = elem(p, 1, &t);
    CHECK_NEAR(e[1].point.x, -1, 1e-9);
    CHECK_NEAR(e[1].point.y, -2, 1e-9);
    e = elem(p, 2, &t);
    CHECK_NEAR(e[1].point.x, 9, 1e-9);
    CHECK_NEAR(e[1].point.y, -1.8, 1.0 / 256);    /* cairo keeps 24.8 fixed point */
    cairo_path_destroy(p);
}

static void test_smooth_cubic_reflects_control_point(void)
{
    cairo_path_t *p = emit("M0 0 C10 0 20 10 20 20 s10 20 20 20");
    cairo_path_data_type_t t = CAIRO_PATH_MOVE_TO;
    const cairo_path_data_t *e = elem(p, 2, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_CURVE_TO);
    /* first control = reflection of (20,10) about (20,20) */
    CHECK_NEAR(e[1].point.x, 20, 1e-9);
    CHECK_NEAR(e[1].point.y, 30, 1e-9);
    CHECK_NEAR(e[2].point.x, 30, 1e-9);
    CHECK_NEAR(e[2].point.y, 40, 1e-9);
    CHECK_NEAR(e[3].point.x, 40, 1e-9);
    CHECK_NEAR(e[3].point.y, 40, 1e-9);
    cairo_path_destroy(p);
}

static void test_quadratic_and_smooth_quadratic(void)
{
    /* Q (0,0)-(30,0)-(30,30) as a cubic: controls at 2/3 toward (30,0). */
    cairo_path_t *p = emit("M0 0 Q30 0 30 30 T30 60");
    cairo_path_data_type_t t = CAIRO_PATH_MOVE_TO;
    const cairo_path_data_t *e = elem(p, 1, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_CURVE_TO);
    CHECK_NEAR(e[1].point.x, 20, 1e-6);
    CHECK_NEAR(e[1].point.y, 0, 1e-6);
    CHECK_NEAR(e[2].point.x, 30, 1e-6);
    CHECK_NEAR(e[2].point.y, 10, 1e-6);
    /* T reflects (30,0) about (30,30) to (30,60)... a straight segment. */
    e = elem(p, 2, &t);
    CHECK_NEAR(e[1].point.x, 30, 1e-6);
    CHECK_NEAR(e[1].point.y, 50, 1e-6);
    CHECK_NEAR(e[3].point.y, 60, 1e-6);
    cairo_path_destroy(p);
}

static void test_arc_semicircle(void)
{
    /* A half circle of radius 10 from (0,0) to (20,0), sweeping clockwise
     * (through y = -10 in SVG's y-down space): two quarter cubics. */
    cairo_path_t *p = emit("M0 0 A10 10 0 0 1 20 0");
    cairo_path_data_type_t t = CAIRO_PATH_MOVE_TO;
    CHECK_EQ_INT(p->num_data, 2 + 4 + 4);
    const cairo_path_data_t *e = elem(p, 1, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_CURVE_TO);
    CHECK_NEAR(e[3].point.x, 10, 1e-6);
    CHECK_NEAR(e[3].point.y, -10, 1e-6);
    e = elem(p, 2, &t);
    CHECK_NEAR(e[3].point.x, 20, 0);
    CHECK_NEAR(e[3].point.y, 0, 0);
    cairo_path_destroy(p);
    /* Radii too small are scaled up; the large-arc flag and sweep pick sides;
     * relative arcs with packed flags ("a5 5 0 011 10 0" style). */
    p = emit("M0 0 a1 1 0 0020 0");
    e = elem(p, 1, &t);
    CHECK_NEAR(e[3].point.y, 10, 1e-6);
    cairo_path_destroy(p);
    /* A zero radius is a straight line. */
    p = emit("M0 0 A0 5 0 0 1 7 7");
    e = elem(p, 1, &t);
    CHECK_EQ_INT(t, CAIRO_PATH_LINE_TO);
    cairo_path_destroy(p);
}

static void test_errors_name_offset_and_expectation(void)
{
    CHECK_STR(err_of(""), "at offset 0: expected a moveto command (M or m), got the end");
    CHECK_STR(err_of("L10 10"), "at offset 0: expected a moveto command (M or m), got \"L\"");
    CHECK_STR(err_of("M10 x"), "at offset 4: expected a number for the y of M, got \"x\"");
    CHECK_STR(err_of("M0 0 C1 2 3"), "at offset 11: expected a number for the y2 of C, got the end");
    CHECK_STR(err_of("M0 0 A5 5 0 2 1 9 9"), "at offset 12: expected a flag 0 or 1 for the large-arc-flag of A, got \"2\"");
    CHECK_STR(err_of("M0 0 K5"), "at offset 5: expected a command (M, L, H, V, C, S, Q, T, A or Z) or a number, got \"K\"");
    CHECK_STR(err_of("M0 0 L5 5,"), "at offset 10: expected a number after the comma, got the end");
    CHECK_STR(err_of("M0 0 Z 5"), "at offset 7: expected a command (M, L, H, V, C, S, Q, T, A or Z) or a number, got \"5\"");
}

static void test_structure_and_lerp(void)
{
    path_data a, b, c, out;
    char err[100];
    CHECK(path_data_parse("M0 0 L10 0 C1 2 3 4 5 6 Z", &a, err, sizeof err));
    CHECK(path_data_parse("M10 10 20 10 C11 12 13 14 15 16 z", &b, err, sizeof err));
    CHECK(path_data_parse("M0 0 L10 0 L1 2 Z", &c, err, sizeof err));
    size_t where = 99;
    /* "z" and "Z" are different letters: structure is literal. */
    CHECK(!path_data_same_structure(&a, &b, &where));
    CHECK_EQ_INT(where, 3);
    CHECK(!path_data_same_structure(&a, &c, &where));
    CHECK_EQ_INT(where, 2);
    path_data_free(&b);
    CHECK(path_data_parse("M10 10 20 10 C11 12 13 14 15 16 Z", &b, err, sizeof err));
    CHECK(path_data_same_structure(&a, &b, &where));
    out.segs = calloc(a.count, sizeof *out.segs);
    path_data_lerp(&a, &b, 0.25, &out);
    CHECK_EQ_INT(out.count, 4);
    CHECK_NEAR(out.segs[0].a[0], 2.5, 1e-12);
    CHECK_NEAR(out.segs[1].a[0], 12.5, 1e-12);
    CHECK_NEAR(out.segs[2].a[5], 8.5, 1e-12);
    path_data_free(&a);
    path_data_free(&b);
    path_data_free(&c);
    path_data_free(&out);
}

int main(void)
{
    RUN(test_lines_absolute_relative_and_repeats);
    RUN(test_numbers_without_separators);
    RUN(test_smooth_cubic_reflects_control_point);
    RUN(test_quadratic_and_smooth_quadratic);
    RUN(test_arc_semicircle);
    RUN(test_errors_name_offset_and_expectation);
    RUN(test_structure_and_lerp);
    return CHECK_EXIT();
}

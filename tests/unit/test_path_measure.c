/* Path lengths and trim paths: exact lengths of polygons, circles within the
 * flattening tolerance, trimmed ranges (within one sub-path, across
 * sub-paths, wrapping with an offset) measured back from the output. */
#include <math.h>

#include <cairo.h>

#include "check.h"
#include "render/path_measure.h"
#include "util/svg_path.h"

typedef struct fixture {
    cairo_surface_t *s;
    cairo_t *cr;
    flat_path fp;
} fixture;

static void setup(fixture *f, const char *d)
{
    f->s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    f->cr = cairo_create(f->s);
    f->fp = (flat_path){0};
    path_data p;
    char err[200];
    CHECK(path_data_parse(d, &p, err, sizeof err));
    path_data_emit(f->cr, &p);
    path_data_free(&p);
    CHECK(path_flatten_current(f->cr, &f->fp));
}

static void teardown(fixture *f)
{
    flat_path_free(&f->fp);
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->s);
}

/* Trims f's path into cr and measures what came out. */
static flat_path trim(fixture *f, double s, double e, double o, int *moves)
{
    cairo_new_path(f->cr);
    flat_path_trim(&f->fp, s, e, o, f->cr);
    cairo_path_t *p = cairo_copy_path(f->cr);
    *moves = 0;
    for (int i = 0; i < p->num_data; i += p->data[i].header.length)
        *moves += p->data[i].header.type == CAIRO_PATH_MOVE_TO;
    flat_path out = {0};
    CHECK(flat_path_from_cairo(&out, p));
    cairo_path_destroy(p);
    return out;
}

static void test_lengths(void)
{
    fixture f;
    setup(&f, "M0 0 H100 V50 H0 Z");
    CHECK_EQ_INT(f.fp.sub_count, 1);
    CHECK(f.fp.subs[0].closed);
    CHECK_NEAR(f.fp.length, 300, 1e-9);
    teardown(&f);
    /* Two sub-paths: an open 3-4-5 triangle edge pair and a line. */
    setup(&f, "M0 0 L30 40 L30 0 M100 100 h10");
    CHECK_EQ_INT(f.fp.sub_count, 2);
    CHECK_NEAR(f.fp.subs[0].length, 90, 1e-9);
    CHECK_NEAR(f.fp.length, 100, 1e-9);
    teardown(&f);
    /* A circle of radius 50 from two arcs: 2 pi r, within what the 0.01
     * flattening tolerance and the cubic approximation allow. */
    setup(&f, "M0 50 A50 50 0 0 1 100 50 A50 50 0 0 1 0 50 Z");
    CHECK_NEAR(f.fp.length, 2 * M_PI * 50, 0.05);
    teardown(&f);
}

static void test_trim_inside_one_subpath(void)
{
    fixture f;
    int moves;
    setup(&f, "M0 0 H100 V50 H0 Z");
    flat_path out = trim(&f, 0, 0.5, 0, &moves);
    CHECK_EQ_INT(moves, 1);
    CHECK_NEAR(out.length, 150, 1e-6);
    /* Half of the rectangle's outline ends at the bottom right corner. */
    CHECK_NEAR(out.xy[2 * out.point_count - 2], 100, 1e-6);
    CHECK_NEAR(out.xy[2 * out.point_count - 1], 50, 1e-6);
    CHECK(!out.subs[0].closed);
    flat_path_free(&out);
    /* start > end is the same range; [0.1, 0.2] starts 30 px along. */
    out = trim(&f, 0.2, 0.1, 0, &moves);
    CHECK_NEAR(out.length, 30, 1e-6);
    CHECK_NEAR(out.xy[0], 30, 1e-6);
    CHECK_NEAR(out.xy[1], 0, 1e-6);
    flat_path_free(&out);
    /* The whole range keeps the outline closed. */
    out = trim(&f, 0, 1, 0.3, &moves);
    CHECK(out.subs[0].closed);
    CHECK_NEAR(out.length, 300, 1e-6);
    flat_path_free(&out);
    /* An empty range draws nothing. */
    out = trim(&f, 0.4, 0.4, 0, &moves);
    CHECK_EQ_INT(moves, 0);
    flat_path_free(&out);
    teardown(&f);
}

static void test_trim_wraps_with_offset(void)
{
    fixture f;
    int moves;
    setup(&f, "M0 0 H100 V50 H0 Z");
    /* [0, 0.5] shifted by 0.75 covers [0.75, 1] and [0, 0.25] (225..300 and
     * 0..75 px): one line through the start corner, 150 px long, from (25, 50)
     * on the bottom edge to (75, 0) on the top edge. */
    flat_path out = trim(&f, 0, 0.5, 0.75, &moves);
    CHECK_EQ_INT(moves, 1);
    CHECK_NEAR(out.length, 150, 1e-6);
    CHECK_NEAR(out.xy[0], 25, 1e-6);
    CHECK_NEAR(out.xy[1], 50, 1e-6);
    CHECK_NEAR(out.xy[2 * out.point_count - 2], 75, 1e-6);
    CHECK_NEAR(out.xy[2 * out.point_count - 1], 0, 1e-6);
    flat_path_free(&out);
    /* Negative offsets wrap the other way: -0.25 == 0.75. */
    out = trim(&f, 0, 0.5, -0.25, &moves);
    CHECK_NEAR(out.xy[0], 25, 1e-6);
    CHECK_NEAR(out.xy[1], 50, 1e-6);
    flat_path_free(&out);
    teardown(&f);
}

static void test_trim_across_subpaths(void)
{
    fixture f;
    int moves;
    /* Two 100 px lines: [0.25, 0.75] is the second half of the first and the
     * first half of the second, as two pieces. */
    setup(&f, "M0 0 H100 M0 10 H100");
    flat_path out = trim(&f, 0.25, 0.75, 0, &moves);
    CHECK_EQ_INT(moves, 2);
    CHECK_NEAR(out.length, 100, 1e-6);
    CHECK_NEAR(out.subs[0].length, 50, 1e-6);
    CHECK_NEAR(out.xy[0], 50, 1e-6);
    flat_path_free(&out);
    /* Wrapping over open sub-paths does not join the last to the first. */
    out = trim(&f, 0, 0.2, 0.9, &moves);
    CHECK_EQ_INT(moves, 2);
    CHECK_NEAR(out.length, 40, 1e-6);
    flat_path_free(&out);
    teardown(&f);
}

int main(void)
{
    RUN(test_lengths);
    RUN(test_trim_inside_one_subpath);
    RUN(test_trim_wraps_with_offset);
    RUN(test_trim_across_subpaths);
    return CHECK_EXIT();
}

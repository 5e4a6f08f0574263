/* Rectangle arithmetic of render/pixels.h, checked pixel by pixel on a small
 * grid for every pair of rectangles in it. */
#include <stdbool.h>

#include "check.h"
#include "render/pixels.h"

enum { G = 6 };     /* coordinates 0..G: every placement of two rectangles */

static bool inside(px_rect r, int x, int y)
{
    return x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;
}

/* r minus cut: pieces inside r, none overlapping another or cut, and
 * together every pixel of r outside cut. */
static void test_subtract_covers_exactly_the_rest(void)
{
    long pairs = 0;
    for (int a = 0; a < G * G * G * G; a++) {
        px_rect r = {a % G, a / G % G, a / (G * G) % G + 1, a / (G * G * G) + 1};
        for (int b = 0; b < (G + 1) * (G + 1) * (G + 1) * (G + 1); b++) {
            int e = G + 1;
            px_rect cut = {b % e, b / e % e, b / (e * e) % e, b / (e * e * e)};
            px_rect out[4];
            int n = px_rect_subtract(r, cut, out);
            CHECK(n >= 0 && n <= 4);
            for (int k = 0; k < n; k++)
                CHECK(!px_rect_empty(out[k]));
            for (int y = -1; y <= G + 1; y++)
                for (int x = -1; x <= G + 1; x++) {
                    int covered = 0;
                    for (int k = 0; k < n; k++)
                        covered += inside(out[k], x, y);
                    int want = inside(r, x, y) && !inside(cut, x, y);
                    if (covered != want) {
                        CHECK_EQ_INT(covered, want);
                        return;
                    }
                }
            pairs++;
        }
    }
    CHECK_EQ_INT(pairs, (long)G * G * G * G * (G + 1) * (G + 1) * (G + 1) * (G + 1));
}

static void test_subtract_cases(void)
{
    px_rect out[4];
    /* Disjoint: r itself. */
    CHECK_EQ_INT(px_rect_subtract((px_rect){0, 0, 4, 4}, (px_rect){5, 0, 9, 4}, out), 1);
    CHECK(out[0].x0 == 0 && out[0].y0 == 0 && out[0].x1 == 4 && out[0].y1 == 4);
    /* Inside the cut: nothing. */
    CHECK_EQ_INT(px_rect_subtract((px_rect){2, 2, 3, 3}, (px_rect){0, 0, 9, 9}, out), 0);
    /* A hole in the middle: a band above, one below, one left, one right. */
    CHECK_EQ_INT(px_rect_subtract((px_rect){0, 0, 10, 10}, (px_rect){3, 4, 6, 8}, out), 4);
    CHECK(out[0].x0 == 0 && out[0].y0 == 0 && out[0].x1 == 10 && out[0].y1 == 4);
    CHECK(out[1].x0 == 0 && out[1].y0 == 8 && out[1].x1 == 10 && out[1].y1 == 10);
    CHECK(out[2].x0 == 0 && out[2].y0 == 4 && out[2].x1 == 3 && out[2].y1 == 8);
    CHECK(out[3].x0 == 6 && out[3].y0 == 4 && out[3].x1 == 10 && out[3].y1 == 8);
    /* An empty r has no parts. */
    CHECK_EQ_INT(px_rect_subtract((px_rect){3, 3, 3, 9}, (px_rect){0, 0, 1, 1}, out), 0);
}

/* r minus two cuts, on the same grid: the pieces cover exactly the pixels
 * of r outside both; too many pieces for the room given is -1. */
static void test_minus_areas_covers_exactly_the_rest(void)
{
    long bad = 0, checked = 0;
    for (int a = 0; a < G * G * G * G; a += 7) {
        px_rect r = {a % G, a / G % G, a / (G * G) % G + 1, a / (G * G * G) + 1};
        for (int b = 0; b < G * G * G * G; b += 5) {
            px_areas cut = {.r = {{b % G, b / G % G, b / (G * G) % G + 1, b / (G * G * G) + 1},
                                  {b / G % G, b % G, b / (G * G * G) + 2, b / (G * G) % G + 2}},
                            .count = 2};
            px_rect out[16];
            int n = px_rect_minus_areas(r, &cut, out, 16);
            CHECK(n >= 0);
            for (int y = 0; y <= G + 1; y++)
                for (int x = 0; x <= G + 1; x++) {
                    int covered = 0;
                    for (int k = 0; k < n; k++)
                        covered += inside(out[k], x, y);
                    int want = inside(r, x, y) && !inside(cut.r[0], x, y) && !inside(cut.r[1], x, y);
                    bad += covered != want;
                }
            checked++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(checked > 1000);
    /* A hole in the middle leaves four pieces: room for three is not enough. */
    px_areas hole = {.r = {{3, 3, 5, 5}}, .count = 1};
    px_rect out[4];
    CHECK_EQ_INT(px_rect_minus_areas((px_rect){0, 0, 8, 8}, &hole, out, 3), -1);
    CHECK_EQ_INT(px_rect_minus_areas((px_rect){0, 0, 8, 8}, &hole, out, 4), 4);
    CHECK_EQ_INT(px_rect_minus_areas((px_rect){3, 3, 4, 5}, &hole, out, 1), 0);
}

int main(void)
{
    RUN(test_minus_areas_covers_exactly_the_rest);
    RUN(test_subtract_covers_exactly_the_rest);
    RUN(test_subtract_cases);
    return CHECK_EXIT();
}

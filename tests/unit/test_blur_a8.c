/* The A8 blur of text and caption shadows: the same bytes as the plain
 * definition (three passes of a box of radius r along rows, then columns,
 * each output (sum + window / 2) / window with zeros outside), for masks of
 * many shapes and radii, including windows too wide for the reciprocal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render/blur_a8.h"

/* The definition, written the slow way: divisions, columns walked by stride. */
static void reference_line(uint8_t *p, int n, int step, int r)
{
    uint8_t *tmp = malloc((size_t)n);
    int window = 2 * r + 1;
    for (int i = 0; i < n; i++) {
        uint32_t sum = 0;
        for (int k = i - r; k <= i + r; k++)
            sum += k >= 0 && k < n ? p[(size_t)k * (size_t)step] : 0;
        tmp[i] = (uint8_t)((sum + (uint32_t)window / 2) / (uint32_t)window);
    }
    for (int i = 0; i < n; i++)
        p[(size_t)i * (size_t)step] = tmp[i];
    free(tmp);
}

static void reference_blur(uint8_t *data, int w, int h, int stride, int r)
{
    for (int pass = 0; pass < 3; pass++) {
        for (int y = 0; y < h; y++)
            reference_line(data + (size_t)y * (size_t)stride, w, 1, r);
        for (int x = 0; x < w; x++)
            reference_line(data + x, h, stride, r);
    }
}

static uint32_t next_random(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* A mask with hard 255 blocks, noise and empty rows: where rounding is tight.
 * seed 0: empty but for a few pixels near blob_x, blob_y (a shadow mask with
 * its wide margin); seed 1: all zero. */
static int blob_x, blob_y;

static void fill(uint8_t *data, int w, int h, int stride, uint32_t seed)
{
    if (seed <= 1) {
        for (int y = 0; y < h; y++)
            memset(data + (size_t)y * (size_t)stride, 0, (size_t)w);
        if (seed == 0)
            for (int k = 0; k < 9; k++)
                data[(size_t)(blob_y + k % 3) * (size_t)stride + (size_t)(blob_x + k * 2 % 7)] = (uint8_t)(40 + 25 * k);
        return;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t v = next_random(&seed);
            data[(size_t)y * (size_t)stride + (size_t)x] =
                (uint8_t)(y % 7 == 3 ? 0 : (x / 5 + y / 3) % 3 == 0 ? 255 : v % 4 == 0 ? v >> 8 : 0);
        }
}

/* scratch is shared by the cases, as a render thread shares it between frames. */
static void check_case(px_scratch *scratch, int w, int h, int r, uint32_t seed)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    int stride = cairo_image_surface_get_stride(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    fill(data, w, h, stride, seed);
    cairo_surface_mark_dirty(s);
    uint8_t *want = malloc((size_t)stride * (size_t)h);
    memcpy(want, data, (size_t)stride * (size_t)h);
    reference_blur(want, w, h, stride, r);
    blur_a8_surface(s, r, scratch);
    cairo_surface_flush(s);
    int wrong = 0;
    for (int y = 0; y < h; y++)
        wrong += memcmp(data + (size_t)y * (size_t)stride, want + (size_t)y * (size_t)stride, (size_t)w) != 0;
    if (wrong)
        fprintf(stderr, "  %dx%d radius %d: %d rows differ\n", w, h, r, wrong);
    CHECK_EQ_INT(wrong, 0);
    free(want);
    cairo_surface_destroy(s);
}

static void test_same_bytes_as_the_definition(void)
{
    static const int sizes[][2] = {{1, 1}, {1, 9}, {9, 1}, {17, 5}, {64, 36}, {131, 70}};
    static const int radii[] = {1, 2, 3, 6, 12, 40, 100};
    uint32_t seed = 7;
    px_scratch scratch = {0};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t k = 0; k < sizeof radii / sizeof radii[0]; k++)
            check_case(&scratch, sizes[i][0], sizes[i][1], radii[k], seed++);
    check_case(&scratch, 17, 5, 3, seed);       /* small again after large: nothing stale */
    px_scratch_free(&scratch);
}

/* Windows of 4095 pixels (the widest the reciprocal serves) and 4201 (divided). */
static void test_wide_windows(void)
{
    px_scratch scratch = {0};
    check_case(&scratch, 40, 3, 2047, 11);
    check_case(&scratch, 3, 40, 2100, 12);
    px_scratch_free(&scratch);
}

/* Ink in the middle, at the edges and at a corner of wide masks, and none. */
static void test_mostly_empty_masks(void)
{
    static const int at[][2] = {{95, 57}, {0, 60}, {190, 0}, {193, 115}, {40, 3}};
    px_scratch scratch = {0};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        blob_x = at[i][0], blob_y = at[i][1];
        check_case(&scratch, 200, 120, 12, 0);
        check_case(&scratch, 200, 120, 2, 0);
        check_case(&scratch, 200, 120, 45, 0);
    }
    check_case(&scratch, 200, 120, 12, 1);
    px_scratch_free(&scratch);
}

static void test_radius_zero_changes_nothing(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
    uint8_t *data = cairo_image_surface_get_data(s);
    data[9] = 200;
    cairo_surface_mark_dirty(s);
    px_scratch scratch = {0};
    blur_a8_surface(s, 0, &scratch);
    CHECK_EQ_INT(cairo_image_surface_get_data(s)[9], 200);
    cairo_surface_destroy(s);
}

int main(void)
{
    RUN(test_same_bytes_as_the_definition);
    RUN(test_wide_windows);
    RUN(test_mostly_empty_masks);
    RUN(test_radius_zero_changes_nothing);
    return CHECK_EXIT();
}

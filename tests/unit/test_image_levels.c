/* Pictures shown small are drawn from halved copies: each copy's pixels are
 * the rounded means of 2 x 2, the copy is the smallest at least as large as
 * the picture appears, and the renderer draws from it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "media/image_decode.h"
#include "render/draw.h"
#include "render/image_levels.h"
#include "scene_text.h"

static uint32_t pixel_at(cairo_surface_t *s, int x, int y)
{
    const uint8_t *row = cairo_image_surface_get_data(s) + (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    uint32_t p;
    memcpy(&p, row + 4 * x, 4);
    return p;
}

static void test_halving_takes_rounded_means(void)
{
    /* 5 x 3: the last column and row repeat at the odd edge. */
    static const uint32_t in[3][5] = {
        {0xFF000000, 0xFF040404, 0x80402010, 0x00000000, 0xFFFFFFFF},
        {0xFF010203, 0xFF000000, 0x80402010, 0x40201008, 0xFF0000FF},
        {0x10080402, 0x00000000, 0xFFFF0000, 0xFF00FF00, 0x01010101},
    };
    cairo_surface_t *src = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 5, 3);
    for (int y = 0; y < 3; y++)
        memcpy(cairo_image_surface_get_data(src) + y * cairo_image_surface_get_stride(src), in[y], sizeof in[y]);
    cairo_surface_mark_dirty(src);
    cairo_surface_t *half = image_halve(src);
    CHECK_EQ_INT(cairo_surface_status(half), CAIRO_STATUS_SUCCESS);
    CHECK_EQ_INT(cairo_image_surface_get_width(half), 3);
    CHECK_EQ_INT(cairo_image_surface_get_height(half), 2);
    /* Channel by channel, (a + b + c + d + 2) / 4: blue (0 + 4 + 3 + 0 + 2) / 4 = 2. */
    CHECK_EQ_INT(pixel_at(half, 0, 0), 0xFF010202);
    CHECK_EQ_INT(pixel_at(half, 1, 0), 0x5028140A);
    CHECK_EQ_INT(pixel_at(half, 2, 0), 0xFF8080FF);
    CHECK_EQ_INT(pixel_at(half, 0, 1), 0x08040201);
    CHECK_EQ_INT(pixel_at(half, 1, 1), 0xFF808000);
    CHECK_EQ_INT(pixel_at(half, 2, 1), 0x01010101);
    cairo_surface_destroy(half);
    cairo_surface_destroy(src);
}

static void test_level_and_filter_follow_the_scale(void)
{
    static const struct {
        double sx, sy;
        int level;
        cairo_filter_t filter;
    } cases[] = {
        {1, 1, 0, CAIRO_FILTER_GOOD},        {2, 0.3, 0, CAIRO_FILTER_GOOD},
        {0.75, 0.5, 0, CAIRO_FILTER_GOOD},   {0.74, 0.6, 0, CAIRO_FILTER_BILINEAR},
        {0.5, 0.5, 1, CAIRO_FILTER_BILINEAR}, {0.3, 0.1, 1, CAIRO_FILTER_BILINEAR},
        {-0.3, 0.2, 1, CAIRO_FILTER_BILINEAR}, {0.25, 0.25, 2, CAIRO_FILTER_BILINEAR},
        {0.2499, 0.1, 2, CAIRO_FILTER_BILINEAR}, {0.1, 0.1, 3, CAIRO_FILTER_BILINEAR},
        {1e-9, 1e-9, IMAGE_LEVELS_MAX - 1, CAIRO_FILTER_BILINEAR}, {0, 0, 0, CAIRO_FILTER_GOOD},
        {NAN, 0.1, 0, CAIRO_FILTER_GOOD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        image_pick p = image_level_choose(cases[i].sx, cases[i].sy);
        if (p.level != cases[i].level || p.filter != cases[i].filter)
            fprintf(stderr, "  case %zu (%g, %g)\n", i, cases[i].sx, cases[i].sy);
        CHECK_EQ_INT(p.level, cases[i].level);
        CHECK_EQ_INT(p.filter, cases[i].filter);
    }
}

static void test_levels_stop_at_one_pixel(void)
{
    cairo_surface_t *src = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 3, 1);
    image_levels lv;
    image_levels_init(&lv, src);
    int k = 5;
    cairo_surface_t *s = image_level_get(&lv, &k);
    /* 3 x 1, 2 x 1, 1 x 1. */
    CHECK_EQ_INT(k, 2);
    CHECK(s != NULL);
    CHECK_EQ_INT(cairo_image_surface_get_width(s), 1);
    CHECK_EQ_INT(lv.made, 3);
    int again = 1;
    CHECK(image_level_get(&lv, &again) == lv.level[1]);
    CHECK_EQ_INT(lv.made, 3);
    image_levels_free(&lv);
    cairo_surface_destroy(src);
}

static void test_a_small_picture_is_drawn_from_its_level(void)
{
    /* The 160 x 160 logo at 40 x 40 on whole pixels: a quarter of its size,
     * so level 2 (40 x 40) drawn one to one over the black background. */
    scene *s = scene_from_text("{\"width\": 64, \"height\": 48, \"fps\": 30, \"duration\": 1, \"background\": \"#000000\","
                               " \"layers\": [{\"type\": \"image\", \"src\": \"examples/assets/logo.png\","
                               " \"width\": 40, \"height\": 40, \"position\": [8, 4]}]}");
    CHECK(s != NULL);
    if (!s)
        return;
    draw_ctx dc;
    CHECK_EQ_INT(draw_ctx_init(&dc, s, 1.0), 0);
    render_frame(&dc, 0);
    CHECK_STR(dc.error, "");

    decoded_image img;
    char err[300];
    CHECK_EQ_INT(image_decode_file("examples/assets/logo.png", &img, err, sizeof err), 0);
    cairo_surface_t *logo = cairo_image_surface_create_for_data(img.pixels, CAIRO_FORMAT_ARGB32, img.width,
                                                                img.height, img.stride);
    cairo_surface_t *half = image_halve(logo), *quarter = image_halve(half);
    int differ = 0, translucent = 0;
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 40; x++) {
            uint32_t q = pixel_at(quarter, x, y);
            translucent += (q >> 24) != 0 && (q >> 24) != 255;
            /* Over opaque black: the premultiplied color, fully opaque. */
            differ += pixel_at(dc.target, 8 + x, 4 + y) != (q | 0xFF000000u);
        }
    CHECK_EQ_INT(differ, 0);
    CHECK(translucent > 0);     /* the logo's rounded corners: the blend counts */
    cairo_surface_destroy(quarter);
    cairo_surface_destroy(half);
    cairo_surface_destroy(logo);
    decoded_image_free(&img);
    draw_ctx_destroy(&dc);
    scene_free(s);
}

int main(void)
{
    RUN(test_halving_takes_rounded_means);
    RUN(test_level_and_filter_follow_the_scale);
    RUN(test_levels_stop_at_one_pixel);
    RUN(test_a_small_picture_is_drawn_from_its_level);
    return CHECK_EXIT();
}

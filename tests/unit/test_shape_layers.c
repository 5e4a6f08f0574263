/* Path-like layers end to end through the loader and the renderer: trim,
 * dashes and morphs read back as pixel colors; morph and dash errors; a morph
 * counts as animation for the static-span cache. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "render/draw.h"
#include "scene/scene_load.h"

#define HEAD "{\"width\": 100, \"height\": 20, \"fps\": 30, \"duration\": \"2s\", \"background\": \"#000000\", "

static scene *load(const char *json, char *msg, size_t size)
{
    scene *s = NULL;
    reel_diag d;
    if (scene_load(&s, json, strlen(json), "t.json", ".", NULL, &d) != 0)
        reel_diag_format(&d, msg, size);
    return s;
}

/* Red channel at (x, y) of frame `frame`. */
static int red_at(scene *s, int64_t frame, int x, int y)
{
    draw_ctx dc;
    if (draw_ctx_init(&dc, s, 1.0) != 0)
        return -1;
    render_frame(&dc, frame);
    const unsigned char *px = cairo_image_surface_get_data(dc.target);
    uint32_t v;
    memcpy(&v, px + y * cairo_image_surface_get_stride(dc.target) + 4 * x, 4);
    draw_ctx_destroy(&dc);
    return (int)((v >> 16) & 0xFF);
}

static void test_trim_end_half_draws_half_the_line(void)
{
    char msg[600] = "";
    scene *s = load(HEAD "\"layers\": [{\"type\": \"line\", \"from\": [0, 10], \"to\": [100, 10], "
                    "\"stroke\": \"#FF0000\", \"stroke_width\": 4, \"trim_end\": 0.5}]}", msg, sizeof msg);
    CHECK(s != NULL);
    CHECK_EQ_INT(red_at(s, 0, 40, 10), 255);
    CHECK_EQ_INT(red_at(s, 0, 60, 10), 0);
    scene_free(s);
}

static void test_dashes(void)
{
    char msg[600] = "";
    scene *s = load(HEAD "\"layers\": [{\"type\": \"polyline\", \"points\": [[0, 10], [100, 10]], "
                    "\"stroke\": \"#FF0000\", \"stroke_width\": 4, \"dash\": [10, 10], \"dash_offset\": "
                    "[{\"time\": 0, \"value\": 0}, {\"time\": \"10f\", \"value\": 10}]}]}", msg, sizeof msg);
    CHECK(s != NULL);
    CHECK_EQ_INT(red_at(s, 0, 5, 10), 255);
    CHECK_EQ_INT(red_at(s, 0, 15, 10), 0);
    /* Offset by one dash length, the pattern swaps. */
    CHECK_EQ_INT(red_at(s, 10, 5, 10), 0);
    CHECK_EQ_INT(red_at(s, 10, 15, 10), 255);
    scene_free(s);
}

static void test_morph_midway(void)
{
    char msg[600] = "";
    scene *s = load(HEAD "\"layers\": [{\"type\": \"path\", \"fill\": \"none\", \"stroke\": \"#FF0000\", "
                    "\"stroke_width\": 4, \"d\": [{\"time\": 0, \"value\": \"M0 10 H10\"}, "
                    "{\"time\": \"30f\", \"value\": \"M0 10 H50\"}]}]}", msg, sizeof msg);
    CHECK(s != NULL);
    /* Frame 15 of 30, linear: the line reaches x = 30. */
    CHECK_EQ_INT(red_at(s, 15, 28, 10), 255);
    CHECK_EQ_INT(red_at(s, 15, 32, 10), 0);
    CHECK_EQ_INT(red_at(s, 40, 48, 10), 255);
    /* Animated path data is not static; the cache must not freeze it. */
    CHECK(!layer_is_static(s->layers[0], 0, 29));
    CHECK(layer_is_static(s->layers[0], 30, 59));
    scene_free(s);
}

static void test_morph_structure_mismatch_names_both_keyframes(void)
{
    char msg[600] = "";
    scene *s = load(HEAD "\"layers\": [{\"type\": \"path\", \"d\": [{\"time\": 0, \"value\": \"M0 0 L10 0 Z\"}, "
                    "{\"time\": 1, \"value\": \"M0 0 C1 1 2 2 10 0 Z\"}]}]}", msg, sizeof msg);
    CHECK(s == NULL);
    CHECK_CONTAINS(msg, "/layers/0/d/1/value: keyframes 0 and 1 cannot morph: command 1 is \"L\" in keyframe 0 "
                   "and \"C\" in keyframe 1 (a morph needs the same commands in the same order)");
}

static void test_path_data_error_has_offset(void)
{
    char msg[600] = "";
    scene *s = load(HEAD "\"layers\": [{\"type\": \"path\", \"d\": \"M0 0 L10\"}]}", msg, sizeof msg);
    CHECK(s == NULL);
    CHECK_CONTAINS(msg, "/layers/0/d: path data at offset 8: expected a number for the y of L, got the end");
}

int main(void)
{
    RUN(test_trim_end_half_draws_half_the_line);
    RUN(test_dashes);
    RUN(test_morph_midway);
    RUN(test_morph_structure_mismatch_names_both_keyframes);
    RUN(test_path_data_error_has_offset);
    return CHECK_EXIT();
}

/* A frame whose background and layers are all static since the frame before
 * is not drawn again: render_frame_in_run says it is unchanged, and the
 * picture it keeps is the one a fresh draw of that frame gives. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "render/draw.h"
#include "scene_text.h"

/* Renders frames [0, n) as one run; kept[f] is 'x' where the renderer
 * reported frame f unchanged (kept), '.' where it drew it (kept has n + 1
 * chars). Returns the frames whose kept picture differs from a fresh draw
 * of the same frame. */
static int run(const char *json, int n, char *kept)
{
    scene *s = scene_from_text(json);
    if (!s)
        return -1;
    draw_ctx dc, fresh;
    if (draw_ctx_init(&dc, s, 1.0) != 0 || draw_ctx_init(&fresh, s, 1.0) != 0) {
        scene_free(s);
        return -1;
    }
    size_t bytes = (size_t)cairo_image_surface_get_stride(dc.target) * (size_t)cairo_image_surface_get_height(dc.target);
    int differ = 0;
    for (int f = 0; f < n; f++) {
        kept[f] = render_frame_in_run(&dc, f, 0, n - 1) ? 'x' : '.';
        render_frame(&fresh, f);
        CHECK_STR(dc.error, "");
        if (memcmp(cairo_image_surface_get_data(dc.target), cairo_image_surface_get_data(fresh.target), bytes)) {
            fprintf(stderr, "  frame %d differs from a fresh draw\n", f);
            differ++;
        }
    }
    kept[n] = 0;
    draw_ctx_destroy(&dc);
    draw_ctx_destroy(&fresh);
    scene_free(s);
    return differ;
}

#define HEAD "{\"width\": 64, \"height\": 36, \"fps\": 30, \"duration\": \"30f\", \"background\": \"#102030\", "

static void test_held_frames_are_not_drawn_again(void)
{
    /* A title fading in over frames 0-5, then holding; a slide from frame
     * 15; a bar growing over frames 20-22; a counter counting over 24-27. */
    const char *json = HEAD "\"layers\": ["
        "{\"type\": \"rect\", \"width\": 64, \"height\": 36, \"fill\": \"#FF5A1F\", \"end\": \"15f\"},"
        "{\"type\": \"rect\", \"width\": 64, \"height\": 36, \"fill\": \"#1F7AFF\", \"start\": \"15f\"},"
        "{\"type\": \"text\", \"text\": \"Hi\", \"font_family\": \"Inter\", \"font_size\": 14, \"color\": \"#FFFFFF\","
        " \"opacity\": [{\"time\": 0, \"value\": 0}, {\"time\": \"5f\", \"value\": 1}]},"
        "{\"type\": \"rect\", \"width\": 10, \"height\": [{\"time\": \"20f\", \"value\": 5},"
        " {\"time\": \"22f\", \"value\": 20}], \"fill\": \"#FFFFFF\", \"position\": [50, 10]},"
        "{\"type\": \"counter\", \"value\": [{\"time\": \"24f\", \"value\": 0}, {\"time\": \"27f\", \"value\": 90}],"
        " \"font_family\": \"Inter\", \"font_size\": 10, \"color\": \"#FFFFFF\", \"position\": [2, 22]}]}";
    char kept[31];
    CHECK_EQ_INT(run(json, 30, kept), 0);
    /* Frame 0 starts the run; 1-5 fade; 15 swaps the slides; 21-22 grow
     * the bar; 25-27 count. A frame is kept when nothing moves between it
     * and the one before. */
    CHECK_STR(kept, "......xxxxxxxxx.xxxxx..xx...xx");
}

static void test_held_keyframes_are_static_between_their_keys(void)
{
    /* A color and a position that jump at frames 4 and 9 (hold keyframes),
     * and a title that holds at 0, then fades in over 20-23. */
    const char *json = HEAD "\"layers\": ["
        "{\"type\": \"rect\", \"width\": 20, \"height\": 10, \"fill\": [{\"time\": 0, \"value\": \"#FF5A1F\","
        " \"easing\": \"hold\"}, {\"time\": \"4f\", \"value\": \"#2ECC71\", \"easing\": \"hold\"},"
        " {\"time\": \"9f\", \"value\": \"#1F7AFF\"}]},"
        "{\"type\": \"ellipse\", \"width\": 8, \"height\": 8, \"fill\": \"#FFFFFF\","
        " \"position\": [{\"time\": 0, \"value\": [30, 5], \"easing\": \"hold\"},"
        " {\"time\": \"9f\", \"value\": [40, 20]}]},"
        "{\"type\": \"text\", \"text\": \"Go\", \"font_family\": \"Inter\", \"font_size\": 14,"
        " \"color\": \"#FFFFFF\", \"position\": [2, 18], \"opacity\": [{\"time\": \"0f\", \"value\": 0.25,"
        " \"easing\": \"hold\"}, {\"time\": \"20f\", \"value\": 0.25}, {\"time\": \"23f\", \"value\": 1}]}]}";
    char kept[31];
    CHECK_EQ_INT(run(json, 30, kept), 0);
    CHECK_STR(kept, ".xxx.xxxx.xxxxxxxxxxx...xxxxxx");
}

int main(void)
{
    RUN(test_held_frames_are_not_drawn_again);
    RUN(test_held_keyframes_are_static_between_their_keys);
    return CHECK_EXIT();
}

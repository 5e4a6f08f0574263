/* Lottie layers: the exact frame mapping, and reel's frame N equal to
 * rlottie's own render of the mapped Lottie frame, byte for byte, for the
 * three hand-made test animations (transform, mask, trim path). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rlottie_capi.h>

#include "check.h"
#include "layers/lottie.h"
#include "render/draw.h"
#include "scene/scene_load.h"
#include "util/files.h"

#define DIR "tests/assets/lottie"

static void test_frame_mapping(void)
{
    rational r30 = {30, 1}, r60 = {60, 1}, ntsc = {30000, 1001}, one = {1, 1}, half = {1, 2};
    CHECK_EQ_INT(lottie_frame_for(0, r30, one, r30, 0, 30, true), 0);
    CHECK_EQ_INT(lottie_frame_for(29, r30, one, r30, 0, 30, true), 29);
    CHECK_EQ_INT(lottie_frame_for(31, r30, one, r30, 0, 30, true), 1);
    CHECK_EQ_INT(lottie_frame_for(31, r30, one, r30, 0, 30, false), 29);
    /* 60 fps video of a 30 fps Lottie: each Lottie frame shows twice (floor). */
    CHECK_EQ_INT(lottie_frame_for(3, r60, one, r30, 0, 30, true), 1);
    CHECK_EQ_INT(lottie_frame_for(4, r60, one, r30, 0, 30, true), 2);
    /* 29.97 video of a 30 fps Lottie: frame 1001 is at 1001 × 1.001 = 1002.001. */
    CHECK_EQ_INT(lottie_frame_for(1001, ntsc, one, r30, 0, 100000, true), 1002);
    CHECK_EQ_INT(lottie_frame_for(999, ntsc, one, r30, 0, 100000, true), 999);
    /* Half speed, with an offset of 5 Lottie frames. */
    CHECK_EQ_INT(lottie_frame_for(7, r30, half, r30, 5, 30, true), 8);
    /* A 29.97 fps Lottie in a 30 fps video. */
    CHECK_EQ_INT(lottie_frame_for(1000, r30, one, (rational){2997, 100}, 0, 100000, true), 999);
}

/* Renders local frame `frame` of a 100x100 scene holding only the Lottie at
 * identity, on a transparent background, and compares with rlottie's render
 * of Lottie frame `want`. */
static void compare(const char *file, const char *fps, int64_t frame, size_t want)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"width\": 100, \"height\": 100, \"fps\": %s, \"duration\": \"4s\", \"background\": \"#00000000\", "
             "\"layers\": [{\"type\": \"lottie\", \"src\": \"%s\"}]}", fps, file);
    scene *s = NULL;
    reel_diag d;
    CHECK_EQ_INT(scene_load(&s, json, strlen(json), "t.json", DIR, NULL, &d), 0);
    if (!s)
        return;
    draw_ctx dc;
    CHECK_EQ_INT(draw_ctx_init(&dc, s, 1.0), 0);
    render_frame(&dc, frame);

    char path[256], err[300], *data = NULL;
    size_t len;
    snprintf(path, sizeof path, DIR "/%s", file);
    CHECK_EQ_INT(file_read_all(path, 1 << 20, &data, &len, err, sizeof err), 0);
    Lottie_Animation *anim = lottie_animation_from_data(data, "test-direct", "");
    CHECK(anim != NULL);
    uint32_t *buf = calloc(100 * 100, 4);
    lottie_animation_render(anim, want, buf, 100, 100, 400);

    const unsigned char *px = cairo_image_surface_get_data(dc.target);
    int stride = cairo_image_surface_get_stride(dc.target);
    int differ = 0, painted = 0;
    for (int y = 0; y < 100; y++)
        for (int x = 0; x < 100; x++) {
            uint32_t a, b = buf[y * 100 + x];
            memcpy(&a, px + y * stride + 4 * x, 4);
            differ += a != b;
            painted += b != 0;
        }
    if (differ)
        fprintf(stderr, "  %s frame %lld: %d pixels differ from rlottie frame %zu\n", file, (long long)frame,
                differ, want);
    CHECK_EQ_INT(differ, 0);
    CHECK(painted > 100);       /* the comparison saw a real picture */
    free(buf);
    lottie_animation_destroy(anim);
    free(data);
    draw_ctx_destroy(&dc);
    scene_free(s);
}

static void test_transform_matches_rlottie(void)
{
    compare("transform.json", "30", 0, 0);
    compare("transform.json", "30", 17, 17);
    compare("transform.json", "30", 45, 15);     /* loops after 30 frames */
}

static void test_mask_matches_rlottie(void)
{
    compare("mask.json", "30", 0, 0);
    compare("mask.json", "30", 21, 21);
}

static void test_trim_matches_rlottie_at_60fps(void)
{
    /* Video frame 31 at 60 fps is Lottie frame 15. */
    compare("trim.json", "60", 31, 15);
    compare("trim.json", "60", 8, 4);
}

int main(void)
{
    RUN(test_frame_mapping);
    RUN(test_transform_matches_rlottie);
    RUN(test_mask_matches_rlottie);
    RUN(test_trim_matches_rlottie_at_60fps);
    return CHECK_EXIT();
}

/* Fuzz target: a tiny full render through the public API.
 *
 * The input is a scene. Scenes larger than 64x64 are skipped (they only make
 * the run slow); the others are rendered with reel_render_frame at their
 * first, middle and last frame. Rendering must succeed for every frame inside
 * the scene, refuse the frame just past the end with REEL_EINPUT, and be
 * deterministic: the same frame rendered twice gives the same bytes. Relative
 * asset paths resolve in fuzz_asset_dir() (a PNG "a.png" and a font "f.otf"). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "reel.h"

enum { MAX_SIDE = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reel_scene *scene = NULL;
    reel_diag diag;
    if (reel_scene_load_memory(&scene, (const char *)data, size, "fuzz.json", fuzz_asset_dir(), &diag) != REEL_OK)
        return 0;
    reel_scene_info info;
    reel_scene_get_info(scene, &info);
    if (info.width * info.height > MAX_SIDE * MAX_SIDE) {
        reel_scene_free(&scene);
        return 0;
    }
    int stride = info.width * 4 + 12;   /* wider than needed: rows must land at the stride */
    size_t bytes = (size_t)stride * (size_t)info.height;
    uint8_t *a = malloc(bytes), *b = malloc(bytes);
    FUZZ_CHECK(a != NULL && b != NULL);
    const int64_t frames[3] = {0, info.frames / 2, info.frames - 1};
    for (int i = 0; i < 3; i++) {
        if (i > 0 && frames[i] == frames[i - 1])
            continue;
        memset(a, 0xA5, bytes);
        memset(b, 0x5A, bytes);
        int rc = reel_render_frame(scene, frames[i], a, stride, &diag);
        if (rc != REEL_OK)
            fprintf(stderr, "frame %lld: %s\n", (long long)frames[i], diag.message);
        FUZZ_CHECK(rc == REEL_OK);
        FUZZ_CHECK(reel_render_frame(scene, frames[i], b, stride, &diag) == REEL_OK);
        for (int y = 0; y < info.height; y++)
            FUZZ_CHECK(memcmp(a + (size_t)y * (size_t)stride, b + (size_t)y * (size_t)stride,
                              (size_t)info.width * 4) == 0);
    }
    FUZZ_CHECK(reel_render_frame(scene, info.frames, a, stride, &diag) == REEL_EINPUT);
    FUZZ_CHECK(reel_render_frame(scene, -1, a, stride, &diag) == REEL_EINPUT);
    free(a);
    free(b);
    reel_scene_free(&scene);
    return 0;
}

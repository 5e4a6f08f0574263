/* Effects and presets below the CLI: which layers the static-span cache may
 * reuse, the blur's symmetry and conservation, grain determinism, and every
 * preset ending exactly at rest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anim/presets.h"
#include "check.h"
#include "reel.h"
#include "render/draw.h"
#include "render/pixels.h"
#include "scene/scene_load.h"

static scene *load_ok(const char *json)
{
    scene *s = NULL;
    reel_diag d;
    int rc = scene_load(&s, json, strlen(json), "t.json", ".", NULL, &d);
    if (rc) {
        char line[1200];
        fprintf(stderr, "  unexpected error: %s\n", reel_diag_format(&d, line, sizeof line));
    }
    CHECK_EQ_INT(rc, 0);
    return s;
}

#define HEAD "{\"width\": 64, \"height\": 32, \"fps\": 30, \"duration\": \"2s\", \"layers\": ["

static void test_static_analysis_sees_effects(void)
{
    scene *s = load_ok(HEAD
        "{\"type\": \"rect\", \"effects\": [{\"type\": \"blur\", \"radius\": 4}, {\"type\": \"drop_shadow\"}]},"
        "{\"type\": \"rect\", \"effects\": [{\"type\": \"noise\", \"animated\": false}]},"
        "{\"type\": \"rect\", \"effects\": [{\"type\": \"noise\"}]},"
        "{\"type\": \"rect\", \"enter\": {\"name\": \"fade-up\", \"duration\": \"10f\"}},"
        "{\"type\": \"rect\", \"emphasis\": \"pulse\"},"
        "{\"type\": \"rect\", \"effects\": [{\"type\": \"blur\", \"radius\": [{\"time\": 0, \"value\": 0}, {\"time\": \"5f\", \"value\": 9}]}]},"
        "{\"type\": \"rect\", \"id\": \"m\", \"opacity\": [{\"time\": 0, \"value\": 0}, {\"time\": \"5f\", \"value\": 1}]},"
        "{\"type\": \"rect\", \"matte\": \"m\"},"
        "{\"type\": \"rect\", \"mask\": {\"type\": \"ellipse\", \"position\": [{\"time\": 0, \"value\": [0, 0]}, {\"time\": \"5f\", \"value\": [9, 9]}]}}"
        "]}");
    if (!s)
        return;
    CHECK(layer_is_static(s->layers[0], 0, 59));
    CHECK(layer_is_static(s->layers[1], 0, 59));
    CHECK(!layer_is_static(s->layers[2], 0, 59));
    CHECK(!layer_is_static(s->layers[3], 0, 59));
    CHECK(layer_is_static(s->layers[3], 10, 59));   /* after its enter ends */
    CHECK(!layer_is_static(s->layers[4], 30, 59));
    CHECK(!layer_is_static(s->layers[5], 0, 59));
    CHECK(layer_is_static(s->layers[5], 5, 59));
    CHECK(!layer_is_static(s->layers[7], 0, 59));   /* its matte animates */
    CHECK(layer_is_static(s->layers[7], 5, 59));
    CHECK(!layer_is_static(s->layers[8], 0, 59));   /* its mask moves */
    CHECK(s->layers[6]->matte_source);
    CHECK_EQ_INT(static_prefix(s, 0, 59), 2);
    scene_free(s);
}

static void test_plain_layers_have_no_fx(void)
{
    scene *s = load_ok(HEAD "{\"type\": \"rect\"}, {\"type\": \"rect\", \"blend\": \"normal\", \"mask_invert\": false}]}");
    if (!s)
        return;
    CHECK(s->layers[0]->fx == NULL);
    CHECK(s->layers[1]->fx != NULL);    /* blend given: drawn through effects only if not normal */
    scene_free(s);
}

static uint32_t *dot_picture(int n)
{
    uint32_t *px = calloc((size_t)n * (size_t)n, 4);
    px[(n / 2) * n + n / 2] = 0xFFFFFFFFu;
    for (int i = -2; i <= 2; i++)
        px[(n / 2 + i) * n + n / 2] = px[(n / 2) * n + n / 2 + i] = 0xFFFFFFFFu;
    return px;
}

static void test_blur_is_symmetric_and_conserves_light(void)
{
    enum { N = 61 };
    uint32_t *px = dot_picture(N);
    px_scratch ps = {0};
    CHECK_EQ_INT(px_blur(&ps, (uint8_t *)px, N * 4, (px_rect){0, 0, N, N}, 3.0), 0);
    long total = 0;
    for (int i = 0; i < N * N; i++)
        total += px[i] >> 24;
    CHECK(labs(total - 9 * 255) <= 9 * 255 / 20);
    int c = N / 2;
    for (int d = 1; d < 12; d++) {
        CHECK_EQ_INT(px[c * N + c + d], px[c * N + c - d]);
        CHECK_EQ_INT(px[(c + d) * N + c], px[(c - d) * N + c]);
        CHECK_EQ_INT(px[c * N + c + d], px[(c + d) * N + c]);
    }
    CHECK(px[c * N + c] >> 24 > px[c * N + c + 4] >> 24);
    /* A radius far larger than the picture is still cheap and stays premultiplied. */
    CHECK_EQ_INT(px_blur(&ps, (uint8_t *)px, N * 4, (px_rect){0, 0, N, N}, 400.0), 0);
    for (int i = 0; i < N * N; i++)
        CHECK((px[i] & 0xFF) <= px[i] >> 24);
    px_scratch_free(&ps);
    free(px);
}

/* px_blur's definition written the slow way: three box widths as
 * box_widths picks them, each pass along every row, then down every column
 * walked by stride, each output rounded through the same 32-bit reciprocal,
 * zeros outside the region. */
static void reference_box(uint8_t *p, int n, size_t step, int r)
{
    uint8_t *tmp = malloc((size_t)n);
    uint32_t w = (uint32_t)(2 * r + 1);
    uint64_t inv = ((1ull << 32) + w / 2) / w;
    for (int i = 0; i < n; i++) {
        uint32_t sum = 0;
        for (int k = i - r; k <= i + r; k++)
            sum += k >= 0 && k < n ? p[(size_t)k * step] : 0;
        tmp[i] = (uint8_t)(((uint64_t)sum * inv + (1ull << 31)) >> 32);
    }
    for (int i = 0; i < n; i++)
        p[(size_t)i * step] = tmp[i];
    free(tmp);
}

static void reference_blur(uint8_t *data, int stride, px_rect r, double sigma)
{
    double ideal = sqrt(12 * sigma * sigma / 3 + 1);
    int wl = (int)floor(ideal);
    if (wl % 2 == 0)
        wl--;
    long m = lround((12 * sigma * sigma - 3.0 * wl * wl - 12.0 * wl - 9) / (-4.0 * wl - 4));
    for (int pass = 0; pass < 3; pass++) {
        int rad = ((pass < m ? wl : wl + 2) - 1) / 2;
        if (rad <= 0)
            continue;
        for (int y = r.y0; y < r.y1; y++)
            for (int c = 0; c < 4; c++)
                reference_box(data + (size_t)y * (size_t)stride + 4 * (size_t)r.x0 + (size_t)c, r.x1 - r.x0, 4, rad);
        for (int x = r.x0; x < r.x1; x++)
            for (int c = 0; c < 4; c++)
                reference_box(data + (size_t)r.y0 * (size_t)stride + 4 * (size_t)x + (size_t)c, r.y1 - r.y0,
                              (size_t)stride, rad);
    }
}

static void test_blur_matches_its_definition(void)
{
    /* Random premultiplied pixels in a wider picture; regions of many shapes
     * (a row, a column, narrower and wider than the window) and sigmas. */
    enum { W = 83, H = 47 };
    static const px_rect regions[] = {{0, 0, W, H}, {5, 7, 66, 40}, {10, 3, 11, 45}, {2, 20, 80, 21}, {30, 30, 33, 31}};
    static const double sigmas[] = {0.5, 0.9, 1.7, 3.0, 6.4, 25.0, 400.0};
    uint32_t seed = 7;
    uint32_t *a = malloc(W * H * 4), *b = malloc(W * H * 4);
    px_scratch ps = {0};
    for (size_t k = 0; k < sizeof regions / sizeof regions[0]; k++)
        for (size_t j = 0; j < sizeof sigmas / sizeof sigmas[0]; j++) {
            for (int i = 0; i < W * H; i++) {
                seed = seed * 1664525u + 1013904223u;
                uint32_t alpha = (seed >> 24) > 200 ? 255 : (seed >> 24) < 40 ? 0 : seed >> 24;
                uint32_t c = alpha ? (seed >> 8) % (alpha + 1) : 0;
                a[i] = b[i] = alpha << 24 | c << 16 | (c / 2) << 8 | (alpha - c);
            }
            CHECK_EQ_INT(px_blur(&ps, (uint8_t *)a, W * 4, regions[k], sigmas[j]), 0);
            reference_blur((uint8_t *)b, W * 4, regions[k], sigmas[j]);
            if (memcmp(a, b, W * H * 4) != 0) {
                fprintf(stderr, "  region %zu, sigma %g: differs from the definition\n", k, sigmas[j]);
                CHECK(0);
            }
        }
    px_scratch_free(&ps);
    free(a);
    free(b);
}

static void test_noise_is_a_pure_function(void)
{
    enum { N = 32 };
    uint32_t a[N * N], b[N * N], c[N * N];
    for (int i = 0; i < N * N; i++)
        a[i] = b[i] = c[i] = 0xFF808080u;
    px_rect r = {0, 0, N, N};
    px_noise((uint8_t *)a, N * 4, r, 0.2, 42, 7);
    px_noise((uint8_t *)b, N * 4, r, 0.2, 42, 7);
    px_noise((uint8_t *)c, N * 4, r, 0.2, 42, 8);
    CHECK(memcmp(a, b, sizeof a) == 0);
    CHECK(memcmp(a, c, sizeof a) != 0);
    /* A sub-rectangle gets the same grain as the whole: keyed by pixel, not by position in the region. */
    uint32_t d[N * N];
    for (int i = 0; i < N * N; i++)
        d[i] = 0xFF808080u;
    px_noise((uint8_t *)d, N * 4, (px_rect){8, 8, 20, 20}, 0.2, 42, 7);
    CHECK_EQ_INT(d[10 * N + 10], a[10 * N + 10]);
}

static void test_every_preset_ends_at_rest(void)
{
    CHECK(preset_count() >= 25);
    for (size_t i = 0; i < preset_count(); i++) {
        const preset_def *d = preset_at(i);
        for (int role = PRESET_ENTER; role <= PRESET_EXIT; role++) {
            preset_anim a;
            preset_params p = {.duration = 15, .delay = 0, .distance = -1};
            CHECK(preset_build(&a, d, (preset_role)role, &p, 60, 30, 1920, 1080));
            preset_motion m;
            preset_motion_identity(&m);
            preset_apply(&a, role == PRESET_ENTER ? 15 : 45, 30, &m);
            bool rest = m.dx == 0 && m.dy == 0 && m.sx == 1 && m.sy == 1 && m.opacity == 1 && m.rotation == 0 &&
                        m.blur == 0 && m.clip[0] == 0 && m.clip[1] == 0 && m.clip[2] == 1 && m.clip[3] == 1;
            if (!rest)
                fprintf(stderr, "  %s (%s) is not at rest\n", preset_name(d), role == PRESET_ENTER ? "enter" : "exit");
            CHECK(rest);
            /* At the far end something differs from rest: the preset does something. */
            preset_motion_identity(&m);
            preset_apply(&a, role == PRESET_ENTER ? 0 : 60, 30, &m);
            CHECK(m.dx != 0 || m.dy != 0 || m.sx != 1 || m.sy != 1 || m.opacity != 1 || m.rotation != 0 ||
                  m.blur != 0 || m.clip[2] - m.clip[0] < 1 || m.clip[3] - m.clip[1] < 1);
            preset_clear(&a);
        }
    }
}

/* The ink rectangle effects are computed over: every nonzero pixel inside r,
 * any byte counting, nothing outside r. */
static void test_ink_rect(void)
{
    enum { W = 40, H = 20 };
    uint32_t px[W * H];
    memset(px, 0, sizeof px);
    px_rect all = {0, 0, W, H}, r;
    r = px_ink_rect((const uint8_t *)px, W * 4, all, 4);
    CHECK(r.x1 <= r.x0);
    px[5 * W + 7] = 0x01000000;         /* alpha only */
    px[12 * W + 30] = 0x00000001;       /* one color byte */
    r = px_ink_rect((const uint8_t *)px, W * 4, all, 4);
    CHECK(r.x0 == 7 && r.y0 == 5 && r.x1 == 31 && r.y1 == 13);
    px[0] = 0xFF000000;                 /* corners */
    px[W * H - 1] = 0xFF000000;
    r = px_ink_rect((const uint8_t *)px, W * 4, all, 4);
    CHECK(r.x0 == 0 && r.y0 == 0 && r.x1 == W && r.y1 == H);
    r = px_ink_rect((const uint8_t *)px, W * 4, (px_rect){8, 6, 30, 12}, 4);   /* inside: none */
    CHECK(r.x1 <= r.x0);
    r = px_ink_rect((const uint8_t *)px, W * 4, (px_rect){6, 4, 31, 13}, 4);
    CHECK(r.x0 == 7 && r.y0 == 5 && r.x1 == 31 && r.y1 == 13);
    /* A8: one byte per pixel */
    uint8_t a8[W * H];
    memset(a8, 0, sizeof a8);
    a8[3 * W + 9] = 1;
    a8[17 * W + 2] = 200;
    r = px_ink_rect(a8, W, all, 1);
    CHECK(r.x0 == 2 && r.y0 == 3 && r.x1 == 10 && r.y1 == 18);
}

int main(void)
{
    RUN(test_static_analysis_sees_effects);
    RUN(test_plain_layers_have_no_fx);
    RUN(test_blur_is_symmetric_and_conserves_light);
    RUN(test_blur_matches_its_definition);
    RUN(test_noise_is_a_pure_function);
    RUN(test_every_preset_ends_at_rest);
    RUN(test_ink_rect);
    return CHECK_EXIT();
}

/* The GIF palette: exact colors when there are few enough (brand colors must
 * come out exactly), transparency, the color limit with many colors and a
 * sane error there, a dominant flat color kept exact among many others, and
 * determinism. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "media/palette.h"

static void put(uint8_t *bgra, int w, int x, int y, int r, int g, int b, int a)
{
    uint8_t *p = bgra + 4 * (y * w + x);
    p[0] = (uint8_t)b;
    p[1] = (uint8_t)g;
    p[2] = (uint8_t)r;
    p[3] = (uint8_t)a;
}

static bool has_color(const palette *p, uint32_t argb)
{
    for (int i = 0; i < p->count; i++)
        if (p->colors[i] == argb)
            return true;
    return false;
}

static palette build(const uint8_t *bgra, int w, int h, int max_colors, bool transparency)
{
    palette p;
    memset(&p, 0x5a, sizeof p);
    palette_builder *b = palette_builder_new();
    CHECK(b != NULL);
    palette_builder_add(b, bgra, w * 4, w, h);
    palette_builder_build(b, max_colors, transparency, &p);
    palette_builder_free(&b);
    CHECK(b == NULL);
    return p;
}

/* Two brand colors in, exactly those two out. */
static void test_brand_colors_exact(void)
{
    enum { W = 40, H = 30 };
    uint8_t bgra[W * H * 4];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool navy = x >= 10 && x < 25 && y >= 5 && y < 20;
            put(bgra, W, x, y, navy ? 0x0B : 0xFF, navy ? 0x1F : 0x5A, navy ? 0x3A : 0x1F, 255);
        }
    palette p = build(bgra, W, H, 256, false);
    CHECK_EQ_INT(p.count, 2);
    CHECK_EQ_INT(p.transparent_index, -1);
    CHECK(has_color(&p, 0xFFFF5A1Fu));
    CHECK(has_color(&p, 0xFF0B1F3Au));

    /* with transparency: index 0 is transparent, the two colors exact */
    for (int x = 0; x < 5; x++)
        put(bgra, W, x, 0, 0, 0, 0, 0);
    p = build(bgra, W, H, 256, true);
    CHECK_EQ_INT(p.count, 3);
    CHECK_EQ_INT(p.transparent_index, 0);
    CHECK_EQ_INT(p.colors[0], 0x00000000u);
    CHECK(has_color(&p, 0xFFFF5A1Fu));
    CHECK(has_color(&p, 0xFF0B1F3Au));
}

/* Color i of 256, all near #FF5A1F: many share a 5-bit histogram cell and
 * differ only in their low bits. */
static uint32_t near_orange(int i)
{
    return 0xFF000000u | (uint32_t)(0xFF - (i & 7)) << 16 | (uint32_t)(0x5A - (i >> 3 & 7)) << 8 |
           (uint32_t)(0x1F - (i >> 6));
}

/* Up to the limit, every distinct color comes back exactly, however close
 * the colors and however uneven their counts. */
static void test_up_to_256_colors_exact(void)
{
    enum { W = 256, H = 4 };
    uint8_t bgra[W * H * 4];
    for (int x = 0; x < W; x++)
        for (int y = 0; y < H; y++) {
            uint32_t c = near_orange(x);
            put(bgra, W, x, y, (int)(c >> 16 & 255), (int)(c >> 8 & 255), (int)(c & 255), 255);
        }
    palette big = build(bgra, W, H, 256, false);
    CHECK_EQ_INT(big.count, 256);
    for (int i = 0; i < 256; i++)
        CHECK(has_color(&big, near_orange(i)));

    /* uneven counts: color 0 fills the first 60 columns (colors 1-59 gone) */
    for (int x = 0; x < 60; x++)
        for (int y = 0; y < H; y++)
            put(bgra, W, x, y, 0xFF, 0x5A, 0x1F, 255);
    palette p = build(bgra, W, H, 256, false);
    CHECK_EQ_INT(p.count, 256 - 59);
    CHECK(has_color(&p, near_orange(0)));
    for (int i = 60; i < 256; i++)
        CHECK(has_color(&p, near_orange(i)));

    /* 255 colors and transparency: 256 entries, all exact */
    for (int x = 0; x < 60; x++)
        for (int y = 0; y < H; y++) {
            uint32_t c = near_orange(x);
            put(bgra, W, x, y, (int)(c >> 16 & 255), (int)(c >> 8 & 255), (int)(c & 255), 255);
        }
    for (int y = 0; y < H; y++)
        put(bgra, W, 255, y, 0, 0, 0, 0);
    p = build(bgra, W, H, 256, true);
    CHECK_EQ_INT(p.count, 256);
    CHECK_EQ_INT(p.transparent_index, 0);
    for (int i = 0; i < 255; i++)
        CHECK(has_color(&p, near_orange(i)));
    /* one color too many: 257 distinct colors cannot all be there */
    p = build(bgra, W, H, 255, true);
    CHECK_EQ_INT(p.count, 255);
}

/* Semi-transparent pixels count with their straight color, un-premultiplied
 * exactly as frame_convert does: (c * 255 + a / 2) / a. */
static void test_straight_colors(void)
{
    uint8_t bgra[3 * 4];
    put(bgra, 3, 0, 0, 128, 45, 16, 128);   /* straight 255, 90, 32 */
    put(bgra, 3, 1, 0, 128, 45, 16, 128);
    put(bgra, 3, 2, 0, 0, 0, 0, 0);
    palette p = build(bgra, 3, 1, 256, true);
    CHECK_EQ_INT(p.count, 2);
    CHECK_EQ_INT(p.colors[1], 0xFFFF5A20u);
    /* without transparency, the transparent pixel is black (its premultiplied color) */
    p = build(bgra, 3, 1, 256, false);
    CHECK_EQ_INT(p.count, 2);
    CHECK(has_color(&p, 0xFF000000u));
    CHECK(has_color(&p, 0xFFFF5A20u));
}

static double nearest_error(const palette *p, int r, int g, int b)
{
    double best = 1e9;
    for (int i = 0; i < p->count; i++) {
        if (i == p->transparent_index)
            continue;
        uint32_t c = p->colors[i];
        double dr = r - (int)(c >> 16 & 255), dg = g - (int)(c >> 8 & 255), db = b - (int)(c & 255);
        double d = dr * dr + dg * dg + db * db;
        if (d < best)
            best = d;
    }
    return best;
}

/* Many colors: at most max_colors distinct opaque entries and a small error.
 * 512 x 256 pixels of a smooth 3-channel gradient has 131072 colors, more
 * than are counted exactly, so this goes through the histogram. */
static void test_many_colors(void)
{
    enum { W = 512, H = 256 };
    uint8_t *bgra = malloc(W * H * 4);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            put(bgra, W, x, y, x / 2, y, (x + y) & 255, 255);
    for (int max = 256; max >= 2; max /= 4) {
        palette p = build(bgra, W, H, max, false);
        CHECK(p.count <= max && p.count > max / 2);
        for (int i = 0; i < p.count; i++) {
            CHECK_EQ_INT(p.colors[i] >> 24, 0xFF);
            if (i > 0)
                CHECK(p.colors[i] > p.colors[i - 1]);   /* ascending, each color once */
        }
        if (max == 256) {
            double se = 0;
            for (int y = 0; y < H; y += 3)
                for (int x = 0; x < W; x += 3)
                    se += nearest_error(&p, x / 2, y, (x + y) & 255);
            double rms = sqrt(se / ((H / 3 + 1) * (W / 3 + 1)) / 3);
            CHECK(rms < 8);     /* per channel; uniform 256 colors over this cube give about 10 */
        }
    }
    /* with transparency: 255 colors and the transparent entry */
    palette p = build(bgra, W, H, 256, true);
    CHECK(p.count == 256 && p.transparent_index == 0 && p.colors[0] == 0);
    free(bgra);
}

/* A flat brand color among many anti-aliasing shades stays exact. */
static void test_dominant_color_exact(void)
{
    enum { W = 400, H = 300 };
    uint8_t *bgra = malloc(W * H * 4);
    uint32_t seed = 7;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            if (x < 300) {
                put(bgra, W, x, y, 0xFF, 0x5A, 0x1F, 255);
            } else if (x < 350) {
                put(bgra, W, x, y, 0x0B, 0x1F, 0x3A, 255);
            } else {
                seed = seed * 1664525u + 1013904223u;   /* noise: thousands of colors */
                put(bgra, W, x, y, (int)(seed >> 24), (int)(seed >> 16 & 255), (int)(seed >> 8 & 255), 255);
            }
        }
    /* and shades right next to the brand color, as an anti-aliased edge makes */
    for (int y = 0; y < H; y++)
        put(bgra, W, 299, y, 0xFF - y % 6, 0x5A + y % 5, 0x1F + y % 7, 255);
    palette p = build(bgra, W, H, 256, false);
    CHECK_EQ_INT(p.count, 256);
    CHECK(has_color(&p, 0xFFFF5A1Fu));
    CHECK(has_color(&p, 0xFF0B1F3Au));
    free(bgra);
}

/* When a box must hold a brand color and a near shade, the color that holds
 * most of the box's pixels is taken as it is, not the mean of the two. */
static void test_majority_color_exact(void)
{
    enum { W = 100, H = 39 };
    uint8_t bgra[W * H * 4];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int row = y;
            if (row < 10)
                put(bgra, W, x, y, 0xFF, 0x5A, 0x1F, 255);      /* 1000 px brand orange */
            else if (row < 14)
                put(bgra, W, x, y, 0xF0, 0x5A, 0x1F, 255);      /* 400 px a near shade */
            else if (row < 19)
                put(bgra, W, x, y, 0x0B, 0x1F, 0x3A, 255);      /* 500 px navy */
            else if (row < 24)
                put(bgra, W, x, y, 255, 255, 255, 255);
            else if (row < 29)
                put(bgra, W, x, y, 0, 0, 0, 255);
            else if (row < 34)
                put(bgra, W, x, y, 0, 200, 0, 255);
            else
                put(bgra, W, x, y, 0, 0, 200, 255);
        }
    palette p = build(bgra, W, H, 6, false);     /* 7 colors into 6 entries */
    CHECK_EQ_INT(p.count, 6);
    CHECK(has_color(&p, 0xFFFF5A1Fu));
    CHECK(!has_color(&p, 0xFFF05A1Fu));
    CHECK(has_color(&p, 0xFF0B1F3Au));
}

/* The same pixels give the same palette; the builder keeps counting across frames. */
static void test_deterministic(void)
{
    enum { W = 300, H = 200 };
    uint8_t *bgra = malloc(W * H * 4);
    uint32_t seed = 1;
    for (int i = 0; i < W * H; i++) {
        seed = seed * 1664525u + 1013904223u;
        put(bgra, W, i % W, i / W, (int)(seed >> 24), (int)(seed >> 16 & 255), (int)(seed >> 8 & 255),
            (seed & 3) ? 255 : (int)(seed >> 2 & 255));
    }
    palette a = build(bgra, W, H, 256, true), b = build(bgra, W, H, 256, true);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    /* adding the frame in two halves is the same as adding it once */
    palette_builder *pb = palette_builder_new();
    palette_builder_add(pb, bgra, W * 4, W, H / 2);
    palette_builder_add(pb, bgra + (size_t)W * 4 * (H / 2), W * 4, W, H - H / 2);
    palette c;
    palette_builder_build(pb, 256, true, &c);
    palette_builder_build(pb, 256, true, &b);   /* building does not consume the counts */
    palette_builder_free(&pb);
    CHECK(memcmp(&a, &c, sizeof a) == 0);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    free(bgra);
}

static void test_edge_cases(void)
{
    palette p;
    palette_builder *b = palette_builder_new();
    palette_builder_build(b, 256, false, &p);     /* nothing added: black */
    CHECK_EQ_INT(p.count, 1);
    CHECK_EQ_INT(p.colors[0], 0xFF000000u);
    palette_builder_build(b, 256, true, &p);
    CHECK_EQ_INT(p.count, 2);
    CHECK_EQ_INT(p.transparent_index, 0);
    palette_builder_add(b, NULL, 0, 10, 10);      /* ignored */
    palette_builder_add(NULL, NULL, 0, 10, 10);
    palette_builder_free(&b);
    palette_builder_free(&b);                     /* NULL is fine */
    palette_builder_free(NULL);

    /* max_colors is clamped to 2..256 */
    uint8_t bgra[4 * 4];
    put(bgra, 4, 0, 0, 255, 0, 0, 255);
    put(bgra, 4, 1, 0, 0, 255, 0, 255);
    put(bgra, 4, 2, 0, 0, 0, 255, 255);
    put(bgra, 4, 3, 0, 9, 9, 9, 255);
    p = build(bgra, 4, 1, 1, false);
    CHECK_EQ_INT(p.count, 2);
    p = build(bgra, 4, 1, 1000, false);
    CHECK_EQ_INT(p.count, 4);
}

int main(void)
{
    RUN(test_brand_colors_exact);
    RUN(test_up_to_256_colors_exact);
    RUN(test_straight_colors);
    RUN(test_many_colors);
    RUN(test_dominant_color_exact);
    RUN(test_majority_color_exact);
    RUN(test_deterministic);
    RUN(test_edge_cases);
    return CHECK_EXIT();
}

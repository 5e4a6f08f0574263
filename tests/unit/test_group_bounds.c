/* Where layers say they draw, asked before they draw: a layer composited as
 * a group (below full opacity) gets a group no larger than that, groups
 * (faded layers, a transition's items) are drawn on pool surfaces, and an SVG
 * says where its document reaches, even past its viewport. Every pixel must
 * be the one the whole-frame group gives, and every pixel an SVG changes
 * must lie in the areas the renderer converts. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "render/draw.h"
#include "scene_text.h"

#define SVG_OVERFLOW "tests/assets/shapes/overflow.svg"
#define SVG_BADGE "tests/assets/shapes/badge.svg"
#define SVG_PLAIN "tests/assets/shapes/overflow_plain.svg"

static size_t frame_bytes(const draw_ctx *dc)
{
    return (size_t)cairo_image_surface_get_stride(dc->target) * (size_t)cairo_image_surface_get_height(dc->target);
}

/* Renders `frames` frames of the scene at `scale` twice: as the renderer
 * draws groups (on pool surfaces, composited where their layer drew) and as
 * cairo's own frame-sized groups. Returns how many frames differ; *limited
 * and *pooled: how many groups the first render limited and drew on a pool
 * surface. */
static int differing_frames(const char *json, int frames, double scale, uint64_t *limited, uint64_t *pooled)
{
    scene *s = scene_from_text(json);
    if (!s)
        return -1;
    draw_ctx part, whole;
    int differ = 0;
    if (draw_ctx_init(&part, s, scale) != 0 || draw_ctx_init(&whole, s, scale) != 0) {
        scene_free(s);
        return -1;
    }
    whole.whole_groups = true;
    for (int f = 0; f < frames; f++) {
        render_frame(&part, f);
        render_frame(&whole, f);
        CHECK_STR(part.error, "");
        CHECK_STR(whole.error, "");
        if (memcmp(cairo_image_surface_get_data(part.target), cairo_image_surface_get_data(whole.target),
                   frame_bytes(&part)) != 0)
            differ++;
    }
    *limited = part.groups_limited;
    *pooled = part.groups_pooled;
    CHECK_EQ_INT(whole.groups_limited, 0);
    CHECK_EQ_INT(whole.groups_pooled, 0);
    draw_ctx_destroy(&part);
    draw_ctx_destroy(&whole);
    scene_free(s);
    return differ;
}

#define HEAD "{\"width\": 240, \"height\": 136, \"fps\": 30, \"duration\": \"12f\", \"background\": \"#203040\", "
#define MOVE(a, b) "[{\"time\": 0, \"value\": " a "}, {\"time\": \"11f\", \"value\": " b "}]"

static void test_faded_layers_match_whole_frame_groups(void)
{
    const char *json = HEAD "\"layers\": ["
        /* An SVG reaching past its box, turning and growing. */
        "{\"type\": \"svg\", \"src\": \"" SVG_PLAIN "\", \"width\": 60, \"height\": 45, \"opacity\": 0.5,"
        " \"position\": " MOVE("[30.3, 20.7]", "[150.6, 60.2]") ", \"rotation\": " MOVE("0", "37") ","
        " \"scale\": " MOVE("[1, 1]", "[1.7, 0.8]") "},"
        "{\"type\": \"svg\", \"src\": \"" SVG_BADGE "\", \"fit\": \"cover\", \"width\": 50, \"height\": 20,"
        " \"opacity\": 0.7, \"position\": " MOVE("[200, 100]", "[10, 90]") "},"
        "{\"type\": \"svg\", \"src\": \"" SVG_OVERFLOW "\", \"fit\": \"none\", \"width\": 20, \"height\": 20,"
        " \"opacity\": 0.8, \"position\": [210.5, 10.25]},"
        /* A fading group of every kind of child that can say where it draws. */
        "{\"type\": \"group\", \"opacity\": " MOVE("0.2", "0.9") ", \"position\": " MOVE("[0, 0]", "[-20.5, 7.3]") ","
        " \"rotation\": " MOVE("0", "-8") ", \"layers\": ["
        "  {\"type\": \"rect\", \"width\": 70, \"height\": 30, \"position\": [20, 80], \"fill\": {\"type\": \"linear\","
        "   \"from\": [0, 0], \"to\": [1, 1], \"stops\": [[0, \"#FF5A1F\"], [1, \"#1F7AFF\"]]},"
        "   \"stroke\": \"#FFFFFF\", \"stroke_width\": 5, \"corner_radius\": 8},"
        "  {\"type\": \"text\", \"text\": \"Fading\", \"font_family\": \"Inter\", \"font_size\": 22,"
        "   \"color\": \"#FFFFFF\", \"position\": [26, 84]},"
        "  {\"type\": \"counter\", \"value\": " MOVE("0", "987") ", \"font_family\": \"Inter\", \"font_size\": 18,"
        "   \"color\": \"#2ECC71\", \"position\": [120, 100], \"width\": 60, \"align\": \"right\"},"
        "  {\"type\": \"image\", \"src\": \"examples/assets/logo.png\", \"width\": 30, \"height\": 30,"
        "   \"position\": [95.5, 40.5], \"rotation\": 20},"
        "  {\"type\": \"group\", \"opacity\": 0.5, \"position\": [5, 5], \"layers\": ["
        "    {\"type\": \"ellipse\", \"width\": 40, \"height\": 24, \"fill\": \"#F39C12\", \"stroke\": \"#000000\","
        "     \"stroke_width\": 6, \"position\": [150, 20]},"
        "    {\"type\": \"star\", \"points\": 5, \"outer_radius\": 16, \"inner_radius\": 5, \"fill\": \"#9B59B6\","
        "     \"stroke\": \"#FFFFFF\", \"stroke_width\": 7, \"line_join\": \"miter\", \"miter_limit\": 8,"
        "     \"position\": [60, 20]}]}]},"
        /* Text with a box, itself faded. */
        "{\"type\": \"text\", \"text\": \"Boxed\", \"font_family\": \"Inter\", \"font_size\": 16,"
        " \"color\": \"#000000\", \"background\": \"#FFFFFFCC\", \"padding\": [9, 4], \"opacity\": 0.6,"
        " \"position\": " MOVE("[100, 5]", "[120.5, 110]") "}]}";
    for (int k = 0; k < 2; k++) {
        double scale = k == 0 ? 1.0 : 0.5;
        uint64_t limited = 0, pooled = 0;
        CHECK_EQ_INT(differing_frames(json, 12, scale, &limited, &pooled), 0);
        /* Every group on a pool surface; all but the SVG with a filter limited. */
        CHECK_EQ_INT(pooled, 6 * 12);
        CHECK_EQ_INT(limited, 5 * 12);
    }
}

static void test_groups_of_pieces_and_effects_match_whole_frame_groups(void)
{
    /* Markup text is laid out in pieces by its draw, a drop shadow reaches
     * past its layer, and a moving SVG with a filter cannot say where it
     * draws (its group is composited whole). A faded group inside a layer
     * with an effect draws into the effect's clipped surface, where cairo's
     * own group stands. */
    const char *json = HEAD "\"layers\": ["
        "{\"type\": \"group\", \"opacity\": 0.5, \"layers\": [{\"type\": \"text\", \"text\": \"<b>Bold</b> move\","
        " \"markup\": true, \"font_family\": \"Inter\", \"font_size\": 20, \"color\": \"#FFFFFF\","
        " \"stroke\": \"#FF5A1F\", \"stroke_width\": 3, \"position\": " MOVE("[10, 10]", "[90, 70]") "}]},"
        "{\"type\": \"group\", \"opacity\": 0.5, \"layers\": [{\"type\": \"rect\", \"width\": 30, \"height\": 30,"
        " \"fill\": \"#FFFFFF\", \"position\": " MOVE("[100, 10]", "[20, 90]") ", \"effects\": [{\"type\":"
        " \"drop_shadow\", \"offset\": [8, 8], \"blur\": 4, \"color\": \"#000000\"}]}]},"
        "{\"type\": \"group\", \"opacity\": 0.5, \"layers\": [{\"type\": \"svg\", \"src\": \"" SVG_OVERFLOW "\","
        " \"width\": 40, \"height\": 30, \"position\": " MOVE("[150, 80]", "[160, 20]") "}]},"
        "{\"type\": \"group\", \"rotation\": 7, \"position\": [3.3, -2.1], \"effects\": [{\"type\": \"drop_shadow\","
        " \"offset\": [4, 4], \"blur\": 2, \"color\": \"#00000080\"}], \"layers\": [{\"type\": \"group\", \"opacity\": 0.7, \"rotation\": 10,"
        " \"layers\": [{\"type\": \"ellipse\", \"width\": 50, \"height\": 30, \"fill\": {\"type\": \"radial\","
        " \"stops\": [[0, \"#FFD21F\"], [1, \"#1F7AFF\"]]}, \"position\": " MOVE("[20, 60]", "[180, 100]") "}]}]}]}";
    uint64_t limited = 0, pooled = 0;
    CHECK_EQ_INT(differing_frames(json, 12, 1.0, &limited, &pooled), 0);
    CHECK_EQ_INT(pooled, 3 * 12);
    CHECK_EQ_INT(limited, 3 * 12);
}

/* One item of a sequence: a gradient card with a faded child (a group of
 * its own inside the transition's) and a turned picture, then its cut. */
#define ITEM(color, cut) \
    "{\"type\": \"group\", \"duration\": \"8f\", \"width\": 240, \"height\": 136, " cut " \"layers\": [" \
    " {\"type\": \"rect\", \"width\": 200, \"height\": 110, \"position\": [20.5, 13.25], \"corner_radius\": 12," \
    "  \"fill\": {\"type\": \"linear\", \"from\": [0, 0], \"to\": [1, 1], \"stops\": [[0, \"" color "\"]," \
    "  [1, \"#10203080\"]]}}," \
    " {\"type\": \"ellipse\", \"width\": 44, \"height\": 30, \"fill\": \"#F39C12\", \"stroke\": \"#FFFFFF\"," \
    "  \"stroke_width\": 5, \"opacity\": 0.6, \"position\": [150, 60]}," \
    " {\"type\": \"image\", \"src\": \"examples/assets/logo.png\", \"width\": 28, \"height\": 28," \
    "  \"position\": [50.5, 60.5], \"rotation\": 15}]}"

static void test_transitions_match_whole_frame_groups(void)
{
    /* Every kind of cut that draws its items into groups, in a sequence
     * covering the frame, in one that does not (where a slide's clip leaves
     * cairo's own groups), and in a faded one (whose own group holds the
     * cut's), at two scales. */
    static const char *const sequence[3] = {"", "\"position\": [10.5, 6], \"scale\": [0.9, 0.85], \"rotation\": 3,",
                                            "\"opacity\": 0.8,"};
    for (int kind = 0; kind < 3; kind++) {
        bool boxed = kind == 1, faded = kind == 2;
        char json[8192];
        snprintf(json, sizeof json,
                 "{\"width\": 240, \"height\": 136, \"fps\": 30, \"duration\": \"33f\", \"background\": \"#203040\","
                 " \"layers\": [{\"type\": \"sequence\", \"width\": 240, \"height\": 136, %s \"layers\": ["
                 ITEM("#FF5A1F", "\"transition\": {\"type\": \"crossfade\", \"duration\": \"3f\"},") ","
                 ITEM("#1FA2FF", "\"transition\": {\"type\": \"slide\", \"direction\": \"left\", \"mode\": \"push\","
                      " \"duration\": \"3f\"},") ","
                 ITEM("#2BB673", "\"transition\": {\"type\": \"zoom\", \"duration\": \"3f\"},") ","
                 ITEM("#8E44AD", "\"transition\": {\"type\": \"wipe\", \"shape\": \"iris\", \"duration\": \"3f\"},") ","
                 ITEM("#F1C40F", "\"transition\": {\"type\": \"wipe\", \"angle\": 30, \"softness\": 9,"
                      " \"duration\": \"3f\"},") ","
                 ITEM("#E74C3C", "") "]}]}",
                 sequence[kind]);
        for (int k = 0; k < 2; k++) {
            uint64_t limited = 0, pooled = 0;
            CHECK_EQ_INT(differing_frames(json, 33, k == 0 ? 1.0 : 0.5, &limited, &pooled), 0);
            /* 48 faded ellipses: one in each of the 33 frames, and the
             * second item's in each of the 15 frames of the 5 cuts. Each cut
             * frame adds its pictures: 3 for a crossfade or zoom (two items
             * and their mix), 2 for a slide, 1 for a wipe. In the boxed
             * sequence, the slide's and the zoom's clip leave cairo's own
             * groups, for their pictures and the ellipses inside. The faded
             * sequence is a group in every frame, limited outside the cuts
             * (a cut can reach anywhere). */
            CHECK_EQ_INT(limited, faded ? 48 + 33 - 15 : 48);
            CHECK_EQ_INT(pooled, boxed ? 48 - 2 * 3 * 2 + 3 * (3 + 1 + 1)
                                       : 48 + 3 * (3 + 2 + 3 + 1 + 1) + (faded ? 33 : 0));
        }
    }
}

static void test_pool_surfaces_come_back_clean(void)
{
    /* The second group takes the surface the first one drew on; a ring's
     * hollow middle over the first one's square shows anything left there.
     * Then an effect takes it too. */
    const char *json = HEAD "\"layers\": ["
        "{\"type\": \"group\", \"opacity\": 0.5, \"layers\": [{\"type\": \"rect\", \"width\": 60,"
        " \"height\": 60, \"fill\": \"#FF5A1F\", \"position\": " MOVE("[20, 20]", "[40, 30]") "}]},"
        "{\"type\": \"group\", \"opacity\": 0.6, \"layers\": [{\"type\": \"ellipse\", \"width\": 90,"
        " \"height\": 90, \"fill\": \"none\", \"stroke\": \"#FFFFFF\", \"stroke_width\": 4, \"position\": [5, 5]}]},"
        "{\"type\": \"rect\", \"width\": 100, \"height\": 100, \"fill\": \"#00000000\", \"stroke\": \"#2ECC71\","
        " \"stroke_width\": 2, \"position\": [0, 0], \"effects\": [{\"type\": \"blur\", \"radius\": 1}]}]}";
    uint64_t limited = 0, pooled = 0;
    CHECK_EQ_INT(differing_frames(json, 12, 1.0, &limited, &pooled), 0);
    CHECK_EQ_INT(pooled, 2 * 12);
}

/* Renders frames through the static-span path over a static background and
 * counts the pixels that differ from the static picture outside the areas
 * the renderer reports as changed. *largest: the largest share of the frame
 * those areas covered. */
static long pixels_outside_changed_areas(const char *json, int frames, double *largest)
{
    scene *s = scene_from_text(json);
    if (!s)
        return -1;
    draw_ctx dc;
    if (draw_ctx_init(&dc, s, 1.0) != 0) {
        scene_free(s);
        return -1;
    }
    long outside = 0, changed = 0;
    *largest = 0;
    for (int f = 0; f < frames; f++) {
        render_frame_in_run(&dc, f, 0, frames - 1);
        CHECK_STR(dc.error, "");
        CHECK(dc.changed_known);
        int w = cairo_image_surface_get_width(dc.target), h = cairo_image_surface_get_height(dc.target);
        int stride = cairo_image_surface_get_stride(dc.target);
        const uint8_t *now = cairo_image_surface_get_data(dc.target);
        const uint8_t *still = cairo_image_surface_get_data(dc.static_picture);
        long area = 0;
        for (int i = 0; i < dc.changed.count; i++)
            area += (long)(dc.changed.r[i].x1 - dc.changed.r[i].x0) * (dc.changed.r[i].y1 - dc.changed.r[i].y0);
        *largest = fmax(*largest, (double)area / ((double)w * h));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (!memcmp(now + y * stride + 4 * x, still + y * stride + 4 * x, 4))
                    continue;
                changed++;
                bool inside = false;
                for (int i = 0; i < dc.changed.count && !inside; i++) {
                    px_rect r = dc.changed.r[i];
                    inside = x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;
                }
                if (!inside && outside < 5)
                    fprintf(stderr, "  frame %d: pixel (%d, %d) changed outside the areas\n", f, x, y);
                outside += !inside;
            }
    }
    CHECK(changed > 1000);              /* the SVGs did draw */
    draw_ctx_destroy(&dc);
    scene_free(s);
    return outside;
}

#define STATIC_BACKGROUND "{\"type\": \"rect\", \"width\": 240, \"height\": 136, \"fill\": \"#102030\"},"

static void test_svg_changes_lie_in_its_areas(void)
{
    const char *json = HEAD "\"layers\": [" STATIC_BACKGROUND
        "{\"type\": \"svg\", \"src\": \"" SVG_PLAIN "\", \"width\": 40, \"height\": 30,"
        " \"position\": " MOVE("[40.4, 30.6]", "[130.2, 50.9]") ", \"rotation\": " MOVE("-20", "35") ","
        " \"scale\": " MOVE("[0.6, 0.6]", "[1.2, 1.5]") "},"
        "{\"type\": \"svg\", \"src\": \"" SVG_PLAIN "\", \"fit\": \"fill\", \"width\": 30, \"height\": 50,"
        " \"position\": " MOVE("[200, 80]", "[5, 5]") "},"
        "{\"type\": \"svg\", \"src\": \"" SVG_PLAIN "\", \"fit\": \"cover\", \"width\": 30, \"height\": 50,"
        " \"opacity\": 0.5, \"position\": " MOVE("[5, 80]", "[190, 5]") "},"
        "{\"type\": \"svg\", \"src\": \"" SVG_BADGE "\", \"fit\": \"none\", \"width\": 10, \"height\": 10,"
        " \"position\": " MOVE("[100, 100]", "[110, 90]") "}]}";
    double largest;
    CHECK_EQ_INT(pixels_outside_changed_areas(json, 12, &largest), 0);
    /* The SVGs' areas, not the frame (which an unknown reach makes 1). */
    CHECK(largest < 0.75);
}

static void test_svg_with_surfaces_of_its_own_counts_as_everywhere(void)
{
    /* Filters, masks and group opacity: librsvg's own surfaces, whose reach
     * depends on where the document lands. */
    const char *json = HEAD "\"layers\": [" STATIC_BACKGROUND
        "{\"type\": \"svg\", \"src\": \"" SVG_OVERFLOW "\", \"width\": 80, \"height\": 60,"
        " \"position\": " MOVE("[40.4, 30.6]", "[130.2, 50.9]") ", \"rotation\": " MOVE("-20", "35") "}]}";
    double largest;
    CHECK_EQ_INT(pixels_outside_changed_areas(json, 12, &largest), 0);
    CHECK_NEAR(largest, 1.0, 0);
}

int main(void)
{
    RUN(test_faded_layers_match_whole_frame_groups);
    RUN(test_groups_of_pieces_and_effects_match_whole_frame_groups);
    RUN(test_transitions_match_whole_frame_groups);
    RUN(test_pool_surfaces_come_back_clean);
    RUN(test_svg_changes_lie_in_its_areas);
    RUN(test_svg_with_surfaces_of_its_own_counts_as_everywhere);
    return CHECK_EXIT();
}

/* Scene loading: defaults, timing, keyframes, and every validator error with
 * its exact place and message. */
#include <stdlib.h>

#include "check.h"
#include "reel.h"
#include "scene/scene.h"
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

/* Loads json expecting failure; returns the formatted diagnostic. */
static const char *load_err(const char *json)
{
    static char line[1200];
    scene *s = NULL;
    reel_diag d;
    int rc = scene_load(&s, json, strlen(json), "t.json", ".", NULL, &d);
    CHECK_EQ_INT(rc, REEL_EINPUT);
    CHECK(s == NULL);
    scene_free(s);
    return reel_diag_format(&d, line, sizeof line);
}

#define HEAD "{\"width\": 64, \"height\": 32, \"fps\": 30, \"duration\": \"2s\", "

static void test_canvas_and_defaults(void)
{
    scene *s = load_ok(HEAD "\"layers\": [{\"type\": \"rect\"}]}");
    if (!s)
        return;
    CHECK_EQ_INT(s->width, 64);
    CHECK_EQ_INT(s->height, 32);
    CHECK_EQ_INT(s->fps.num, 30);
    CHECK_EQ_INT(s->fps.den, 1);
    CHECK_EQ_INT(s->frames, 60);
    CHECK_EQ_INT(s->layer_count, 1);
    const layer *l = s->layers[0];
    CHECK_EQ_INT(l->start, 0);
    CHECK_EQ_INT(l->end, 60);
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 0, 30), 1.0, 0);
    double bg[4];
    track_eval(&s->background, 0, 30, bg);
    CHECK_NEAR(bg[0] + bg[1] + bg[2], 0, 0);
    CHECK_NEAR(bg[3], 1, 0);
    scene_free(s);
}

static void test_rational_fps_and_timing(void)
{
    scene *s = load_ok("{\"width\": 64, \"height\": 32, \"fps\": \"30000/1001\", \"duration\": \"00:00:10.010\", "
                       "\"layers\": [{\"type\": \"ellipse\", \"start\": \"45f\", \"duration\": 1.5}, "
                       "{\"type\": \"rect\", \"start\": 1, \"end\": \"2s\"}]}");
    if (!s)
        return;
    CHECK_EQ_INT(s->fps.num, 30000);
    CHECK_EQ_INT(s->fps.den, 1001);
    CHECK_EQ_INT(s->frames, 300);
    CHECK_EQ_INT(s->layers[0]->start, 45);
    CHECK_EQ_INT(s->layers[0]->end, 45 + 45);
    CHECK_EQ_INT(s->layers[1]->start, 30);
    CHECK_EQ_INT(s->layers[1]->end, 60);
    scene_free(s);
}

static void test_keyframes_interpolate(void)
{
    scene *s = load_ok(HEAD "\"layers\": [{\"type\": \"rect\", \"start\": \"10f\", \"opacity\": ["
                       "{\"time\": \"0f\", \"value\": 0}, {\"time\": \"10f\", \"value\": 1, \"easing\": \"hold\"},"
                       "{\"time\": \"20f\", \"value\": 0.5}],"
                       "\"position\": [{\"time\": 0, \"value\": [0, 0], \"easing\": \"ease-in-quad\"},"
                       "{\"time\": \"10f\", \"value\": [100, -50]}],"
                       "\"fill\": [{\"time\": 0, \"value\": \"#000000\"}, {\"time\": \"10f\", \"value\": \"#FFFFFF80\"}]}]}");
    if (!s)
        return;
    const layer *l = s->layers[0];
    /* Local times: keyframes are relative to the layer's start. */
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 0, 30), 0, 0);
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 5, 30), 0.5, 1e-12);
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 10, 30), 1, 0);
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 19, 30), 1, 0);   /* hold */
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 20, 30), 0.5, 0);
    CHECK_NEAR(layer_number(l, SLOT_OPACITY, 1000, 30), 0.5, 0);
    double p[2];
    layer_point(l, SLOT_POSITION, 5, 30, p);
    CHECK_NEAR(p[0], 25, 1e-12);    /* ease-in-quad at 0.5 = 0.25 */
    CHECK_NEAR(p[1], -12.5, 1e-12);
    scene_free(s);
}

static void test_group_children_timeline(void)
{
    scene *s = load_ok(HEAD "\"layers\": [{\"type\": \"group\", \"start\": \"30f\", \"layers\": ["
                       "{\"type\": \"rect\", \"start\": \"5f\"}]}]}");
    if (!s)
        return;
    const layer *g = s->layers[0];
    CHECK_EQ_INT(g->child_count, 1);
    CHECK_EQ_INT(g->children[0]->start, 5);
    CHECK_EQ_INT(g->children[0]->end, 30);  /* the group's remaining length */
    CHECK_EQ_INT(s->total_layers, 2);
    scene_free(s);
}

static void test_syntax_error_position(void)
{
    CHECK_STR(load_err("{\n  \"width\": 64,\n  \"height\" 32\n}"),
              "t.json:3:12: expected ':' after an object key, got '3'");
}

static void test_meaning_errors(void)
{
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\"}, {\"type\": \"rect\"}, {\"type\": \"rect\"},"
                       "{\"type\": \"rect\", \"opacity\": \"high\"}]}"),
              "t.json: /layers/3/opacity: expected a number from 0 to 1 or a keyframe list, got \"high\"");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": 1.5}]}"),
              "t.json: /layers/0/opacity: expected a number from 0 to 1 or a keyframe list, got 1.5");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opactiy\": 1}]}"),
              "t.json: /layers/0/opactiy: unknown property \"opactiy\" for a rect layer (did you mean \"opacity\"?)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rectangle\"}]}"),
              "t.json: /layers/0/type: unknown layer type \"rectangle\" (did you mean \"rect\"?)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"width\": 3}]}"),
              "t.json: /layers/0: layer is missing \"type\" (one of \"rect\", \"ellipse\", \"text\", \"image\", \"video\", \"audio\", \"path\", \"polygon\", \"star\", \"line\", \"polyline\", \"svg\", \"lottie\", \"captions\", \"counter\", \"chart\", \"group\", \"composition\", \"sequence\")");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"fill\": \"#FF5A1\"}]}"),
              "t.json: /layers/0/fill: expected a color like \"#FF5A1F\", \"#FF5A1F80\" or "
              "\"rgba(255, 90, 31, 0.5)\", got \"#FF5A1\"");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"position\": [1]}]}"),
              "t.json: /layers/0/position: expected [x, y] of numbers from -10000000 to 10000000 or a keyframe list, got an array");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"text\", \"text\": \"x\", \"align\": \"centre\"}]}"),
              "t.json: /layers/0/align: unknown value \"centre\" (did you mean \"center\"?)");
    CHECK_STR(load_err(HEAD "\"backgroud\": \"#000\"}"),
              "t.json: /backgroud: unknown scene property \"backgroud\" (did you mean \"background\"?)");
    CHECK_STR(load_err("{\"width\": 64, \"height\": 32}"),
              "t.json: missing required property \"duration\"");
    CHECK_STR(load_err("{\"width\": 64.5, \"height\": 32, \"duration\": 1}"),
              "t.json: /width: expected a whole number of pixels from 1 to 16384, got 64.5");
    CHECK_STR(load_err("{\"width\": 64, \"height\": 32, \"duration\": 1, \"fps\": 0}"),
              "t.json: /fps: frame rate must be greater than 0 and at most 1000, got \"0\"");
}

static void test_keyframe_errors(void)
{
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"value\": 0}, "
                       "{\"time\": 0, \"value\": 1}]}]}"),
              "t.json: /layers/0/opacity/1/time: keyframe times must increase: this one is at frame 0, the previous at frame 0");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"valeu\": 0}]}]}"),
              "t.json: /layers/0/opacity/0/valeu: unknown keyframe property \"valeu\" (did you mean \"value\"?)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"speed\": 0}]}]}"),
              "t.json: /layers/0/opacity/0/speed: unknown keyframe property \"speed\" (expected time, value or easing)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"value\": 0, "
                       "\"easing\": \"ease-out-cubc\"}]}]}"),
              "t.json: /layers/0/opacity/0/easing: unknown easing \"ease-out-cubc\" (did you mean \"ease-out-cubic\"?)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"value\": 0, "
                       "\"easing\": {\"spring\": {\"stifness\": 3}}}]}]}"),
              "t.json: /layers/0/opacity/0/easing/spring/stifness: unknown spring parameter \"stifness\" (did you mean \"stiffness\"?)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": 0, \"value\": 0, "
                       "\"easing\": {\"spring\": {\"bounce\": 3}}}]}]}"),
              "t.json: /layers/0/opacity/0/easing/spring/bounce: unknown spring parameter \"bounce\" "
              "(expected stiffness, damping, mass or velocity)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"opacity\": [{\"time\": \"1x\", \"value\": 0}]}]}"),
              "t.json: /layers/0/opacity/0/time: expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1x\"");
}

static void test_timing_errors(void)
{
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"start\": \"1s\", \"end\": \"0.5s\"}]}"),
              "t.json: /layers/0/end: layer would end (frame 15) before it starts (frame 30)");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"end\": \"1s\", \"duration\": 1}]}"),
              "t.json: /layers/0/duration: give either \"end\" or \"duration\", not both");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"rect\", \"id\": \"a\"}, {\"type\": \"rect\", \"id\": \"a\"}]}"),
              "t.json: /layers/1/id: duplicate layer id \"a\" (also used by layer 0)");
}

static void test_font_errors(void)
{
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"text\", \"text\": \"hi\", \"font_family\": \"Comic Sans\"}]}"),
              "t.json: /layers/0/font_family: font family \"Comic Sans\" is not in the scene's font set "
              "(it has: Inter, Inter Display); add its file to \"fonts\" or name it with \"font\"");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"text\", \"text\": \"hi \xe4\xb8\xad\"}]}"),
              "t.json: /layers/0/text: the font \"Inter\" has no glyph for U+4E2D (\xe4\xb8\xad); add a font that has it");
    CHECK_STR(load_err(HEAD "\"layers\": [{\"type\": \"text\", \"text\": \"hi\", \"font_weight\": \"bolt\"}]}"),
              "t.json: /layers/0/font_weight: unknown font weight \"bolt\" (did you mean \"bold\"?)");
}

static void test_missing_image(void)
{
    const char *msg = load_err(HEAD "\"layers\": [{\"type\": \"image\", \"src\": \"no-such.png\"}]}");
    CHECK_CONTAINS(msg, "t.json: /layers/0/src: ");
    CHECK_CONTAINS(msg, "no-such.png");
}

static void test_nesting_limit(void)
{
    char json[8192];
    size_t n = (size_t)snprintf(json, sizeof json, HEAD "\"layers\": [");
    for (int i = 0; i < 26; i++)
        n += (size_t)snprintf(json + n, sizeof json - n, "{\"type\": \"group\", \"layers\": [");
    for (int i = 0; i < 26; i++)
        n += (size_t)snprintf(json + n, sizeof json - n, "]}");
    snprintf(json + n, sizeof json - n, "]}");
    CHECK_CONTAINS(load_err(json), "groups are nested deeper than 24 levels");
}

int main(void)
{
    RUN(test_canvas_and_defaults);
    RUN(test_rational_fps_and_timing);
    RUN(test_keyframes_interpolate);
    RUN(test_group_children_timeline);
    RUN(test_syntax_error_position);
    RUN(test_meaning_errors);
    RUN(test_keyframe_errors);
    RUN(test_timing_errors);
    RUN(test_font_errors);
    RUN(test_missing_image);
    RUN(test_nesting_limit);
    return CHECK_EXIT();
}

/* Fuzz target: the small text parsers scenes are made of: times and frame
 * rates (src/scene/timeparse.h), colors (src/scene/color.h) and easings
 * (src/anim/easing.h).
 *
 * Input: one selector byte, then the text (up to the first NUL).
 *   't' + fps digit + text   time_parse at the frame rate FPS[digit]
 *   'n' + fps digit + 8 bytes time_from_seconds of that double, which must agree
 *                             with time_parse of its shortest decimal text
 *   'f' + text                fps_parse
 *   'c' + text                color_parse
 *   'e' + text                easing_parse
 *   'v' + bytes               csv_parse (NUL bytes included)
 *   'x' + fps digit + text   time_expr_parse (markers, beats, layer references)
 * Any other selector is folded onto the first five. Each parser must accept or refuse
 * with a message, and what it accepts must keep its documented contract. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "anim/easing.h"
#include "fuzz.h"
#include "scene/color.h"
#include "scene/time_expr.h"
#include "scene/timeparse.h"
#include "util/csv.h"
#include "util/numparse.h"

static const rational FPS[] = {{30, 1}, {30000, 1001}, {24, 1}, {1000, 1}, {1, 1}, {2997, 100}, {1, 7}, {60, 1}};

static rational pick_fps(uint8_t b)
{
    return FPS[b % (sizeof FPS / sizeof FPS[0])];
}

static void check_message(const char *err, size_t size)
{
    FUZZ_CHECK(memchr(err, '\0', size) != NULL);
    FUZZ_CHECK(err[0] != '\0');
}

static void fuzz_time(const char *text, rational fps)
{
    char err[300];
    int64_t frame = -1, frame_neg = -1;
    bool ok = time_parse(text, fps, false, &frame, err, sizeof err);
    bool ok_neg = time_parse(text, fps, true, &frame_neg, err, sizeof err);
    if (ok) {
        FUZZ_CHECK(frame >= 0);
        /* Allowing negative times changes nothing for the others. */
        FUZZ_CHECK(ok_neg && frame_neg == frame);
    } else {
        check_message(err, sizeof err);
    }
}

static void fuzz_seconds(const uint8_t *p, size_t n, rational fps)
{
    double seconds;
    if (n < sizeof seconds)
        return;
    memcpy(&seconds, p, sizeof seconds);
    char err[300];
    int64_t frame = -1;
    bool ok = time_from_seconds(seconds, fps, true, &frame, err, sizeof err);
    if (!ok) {
        check_message(err, sizeof err);
        return;
    }
    FUZZ_CHECK(isfinite(seconds));
    /* "0.1 behaves exactly like "0.1s"": the number and its shortest text agree. */
    char text[64];
    num_format(text, sizeof text, seconds);
    int64_t from_text = -1;
    FUZZ_CHECK(time_parse(text, fps, true, &from_text, err, sizeof err));
    FUZZ_CHECK(from_text == frame);
    if (seconds >= 0) {
        int64_t frame_pos;
        FUZZ_CHECK(time_from_seconds(seconds, fps, false, &frame_pos, err, sizeof err) && frame_pos == frame);
        FUZZ_CHECK(frame >= 0);
    }
}

static void fuzz_time_expr(const char *text, rational fps)
{
    char err[300];
    time_expr x;
    if (!time_expr_parse(text, fps, &x, err, sizeof err)) {
        check_message(err, sizeof err);
        return;
    }
    FUZZ_CHECK(time_expr_is_expression(text));
    FUZZ_CHECK(x.offset.den > 0 && x.count.den >= 0);
    FUZZ_CHECK(strlen(x.name) <= TIME_EXPR_NAME_MAX);
    if (x.base == TIME_BASE_BEAT || x.base == TIME_BASE_BAR)
        FUZZ_CHECK(x.count.den > 0 && x.count.num >= x.count.den);   /* counts start at 1 */
    else
        FUZZ_CHECK(x.name[0] != '\0');
    int64_t frame;
    (void)exact_time_to_frame(x.offset, fps, &frame);   /* may refuse absurd sums, must not crash */
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static void fuzz_fps(const char *text)
{
    char err[300];
    rational r = {0, 0};
    if (!fps_parse(text, &r, err, sizeof err)) {
        check_message(err, sizeof err);
        return;
    }
    FUZZ_CHECK(r.num > 0 && r.den > 0);
    FUZZ_CHECK(gcd64(r.num, r.den) == 1);
    FUZZ_CHECK((double)r.num / (double)r.den <= 1000.0);
}

static void fuzz_color(const char *text)
{
    char err[300];
    rgba c;
    if (!color_parse(text, &c, err, sizeof err)) {
        check_message(err, sizeof err);
        return;
    }
    const double ch[4] = {c.r, c.g, c.b, c.a};
    for (int i = 0; i < 4; i++)
        FUZZ_CHECK(ch[i] >= 0 && ch[i] <= 1);
}

static void fuzz_easing(const char *text)
{
    char err[300];
    easing e;
    if (!easing_parse(text, &e, err, sizeof err)) {
        check_message(err, sizeof err);
        return;
    }
    if (e.kind == EASING_STEPS)
        FUZZ_CHECK(e.steps >= 1);
    if (e.kind == EASING_CUBIC_BEZIER)
        FUZZ_CHECK(e.p[0] >= 0 && e.p[0] <= 1 && e.p[2] >= 0 && e.p[2] <= 1);
    /* The contract of easing_apply: 0 at the start, exactly 1 at the end, finite between. */
    FUZZ_CHECK(easing_apply(&e, 0, 0) == 0);
    const double elapsed[] = {0, 0.5, 1, 30, 3600};
    for (size_t i = 0; i < sizeof elapsed / sizeof elapsed[0]; i++)
        FUZZ_CHECK(easing_apply(&e, 1, elapsed[i]) == 1);
    for (int k = 1; k < 16; k++) {
        double p = k / 16.0;
        FUZZ_CHECK(isfinite(easing_apply(&e, p, p * 2)));
    }
}

static void fuzz_csv(const uint8_t *p, size_t n)
{
    csv_table t;
    char err[300];
    if (csv_parse((const char *)p, n, &t, err, sizeof err) == 0) {
        FUZZ_CHECK(t.cols >= 1 && t.header != NULL);
        for (size_t r = 0; r < t.rows; r++) {
            FUZZ_CHECK(t.row_lines[r] >= 2);
            for (size_t c = 0; c < t.cols; c++)
                FUZZ_CHECK(strlen(csv_cell(&t, r, c)) <= n);
        }
        csv_free(&t);
    } else {
        check_message(err, sizeof err);
        FUZZ_CHECK(strncmp(err, "line ", 5) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] == 'v') {
        fuzz_csv(data + 1, size - 1);
        return 0;
    }
    if (data[0] == 'x') {
        if (size < 2)
            return 0;
        char *text = malloc(size - 1);
        FUZZ_CHECK(text != NULL);
        memcpy(text, data + 2, size - 2);
        text[size - 2] = '\0';
        fuzz_time_expr(text, pick_fps(data[1]));
        free(text);
        return 0;
    }
    static const char selectors[] = "tnfce";
    char sel = (char)data[0];
    if (!strchr(selectors, sel) || sel == '\0')
        sel = selectors[data[0] % 5];
    size_t skip = (sel == 't' || sel == 'n') ? 2 : 1;
    if (size < skip)
        return 0;
    rational fps = pick_fps(size > 1 ? data[1] : 0);
    const uint8_t *p = data + skip;
    size_t n = size - skip;
    if (sel == 'n') {
        fuzz_seconds(p, n, fps);
        return 0;
    }
    char *text = malloc(n + 1);
    FUZZ_CHECK(text != NULL);
    memcpy(text, p, n);
    text[n] = '\0';
    switch (sel) {
    case 't': fuzz_time(text, fps); break;
    case 'f': fuzz_fps(text); break;
    case 'c': fuzz_color(text); break;
    case 'e': fuzz_easing(text); break;
    }
    free(text);
    return 0;
}

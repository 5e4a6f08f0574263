/* Color parsing for scene files.
 *
 * Accepts the CSS forms scenes use most: hex (#RGB, #RGBA, #RRGGBB, #RRGGBBAA),
 * rgb()/rgba() with numbers or percentages, the 16 CSS basic names plus
 * "orange" and "transparent". Out-of-range channels are errors rather than
 * being clamped, so a typo like rgb(256, 0, 0) is caught instead of rendering a
 * slightly different red. Numbers are read in the "C" locale. */
#include "scene/color.h"

#include "util/numparse.h"
#include "util/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECTED "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\""

static const struct { const char *name; unsigned rgb; } k_named[] = {
    { "black", 0x000000 }, { "silver", 0xC0C0C0 }, { "gray", 0x808080 },
    { "white", 0xFFFFFF }, { "maroon", 0x800000 }, { "red", 0xFF0000 },
    { "purple", 0x800080 }, { "fuchsia", 0xFF00FF }, { "green", 0x008000 },
    { "lime", 0x00FF00 }, { "olive", 0x808000 }, { "yellow", 0xFFFF00 },
    { "navy", 0x000080 }, { "blue", 0x0000FF }, { "teal", 0x008080 },
    { "aqua", 0x00FFFF }, { "orange", 0xFFA500 },
};
#define N_NAMED (sizeof k_named / sizeof k_named[0])

/* ---- helpers -------------------------------------------------------------- */

static bool fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) { (*s)++; (*len)--; }
    while (*len > 0 && is_space((*s)[*len - 1])) (*len)--;
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool span_ieq(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (lower(s[i]) != word[i]) return false;
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* ---- forms ---------------------------------------------------------------- */

static bool parse_hex(const char *text, const char *h, size_t n, rgba *out, char *err, size_t errsize)
{
    if (n != 3 && n != 4 && n != 6 && n != 8)
        return fail(err, errsize, EXPECTED ", got \"%s\"", text);
    int v[8];
    for (size_t i = 0; i < n; i++) {
        v[i] = hex_value(h[i]);
        if (v[i] < 0) return fail(err, errsize, EXPECTED ", got \"%s\"", text);
    }
    int ch[4] = { 0, 0, 0, 255 };
    if (n <= 4) {
        for (size_t i = 0; i < n; i++) ch[i] = v[i] * 17;   /* #F -> 0xFF */
    } else {
        for (size_t i = 0; i < n / 2; i++) ch[i] = v[2 * i] * 16 + v[2 * i + 1];
    }
    out->r = ch[0] / 255.0;
    out->g = ch[1] / 255.0;
    out->b = ch[2] / 255.0;
    out->a = ch[3] / 255.0;
    return true;
}

/* One rgb()/rgba() argument: a number in [0, max] or a percentage in [0%, 100%],
 * scaled to 0..1. */
static bool parse_channel(const char *s, size_t len, double max, double *out)
{
    double v;
    if (len > 0 && s[len - 1] == '%') {
        if (!num_parse_css(s, len - 1, &v) || v < 0 || v > 100) return false;
        *out = v / 100.0;
        return true;
    }
    if (!num_parse_css(s, len, &v) || v < 0 || v > max) return false;
    *out = v / max;
    return true;
}

static bool parse_rgb_function(const char *text, const char *s, size_t len, bool has_alpha,
                               rgba *out, char *err, size_t errsize)
{
    static const char *const names[4] = { "red", "green", "blue", "alpha" };
    const char *fn = has_alpha ? "rgba" : "rgb";
    size_t want = has_alpha ? 4 : 3;
    size_t open = has_alpha ? 5 : 4;   /* past "rgba(" / "rgb(" */
    if (s[len - 1] != ')')
        return fail(err, errsize, "missing \")\" at the end of color \"%s\"", text);

    const char *a = s + open;
    size_t alen = len - open - 1;
    const char *parts[4];
    size_t plen[4];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= alen; i++) {
        if (i == alen || a[i] == ',') {
            if (n < 4) {
                parts[n] = a + start;
                plen[n] = i - start;
                trim(&parts[n], &plen[n]);
            }
            n++;
            start = i + 1;
        }
    }
    if (n != want) {
        if (has_alpha)
            return fail(err, errsize, "rgba() takes 4 values (red, green, blue, alpha), got \"%s\"", text);
        return fail(err, errsize, "rgb() takes 3 values (red, green, blue), got \"%s\"%s", text,
                    n == 4 ? "; use rgba() for alpha" : "");
    }
    double v[4] = { 0, 0, 0, 1 };
    for (size_t i = 0; i < want; i++) {
        bool ok = parse_channel(parts[i], plen[i], i == 3 ? 1.0 : 255.0, &v[i]);
        if (!ok) {
            if (i == 3)
                return fail(err, errsize, "%s() alpha must be a number from 0 to 1 or a percentage from 0%% to 100%%, got \"%.*s\"",
                            fn, (int)plen[i], parts[i]);
            return fail(err, errsize, "%s() %s must be a number from 0 to 255 or a percentage from 0%% to 100%%, got \"%.*s\"",
                        fn, names[i], (int)plen[i], parts[i]);
        }
    }
    out->r = v[0];
    out->g = v[1];
    out->b = v[2];
    out->a = v[3];
    return true;
}

bool color_parse(const char *text, rgba *out, char *err, size_t errsize)
{
    if (!text) return fail(err, errsize, EXPECTED ", got nothing");
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);
    if (len == 0) return fail(err, errsize, EXPECTED ", got \"%s\"", text);

    rgba c;
    if (s[0] == '#') {
        if (!parse_hex(text, s + 1, len - 1, &c, err, errsize)) return false;
        *out = c;
        return true;
    }
    if (len >= 5 && span_ieq(s, 5, "rgba(")) {
        if (!parse_rgb_function(text, s, len, true, &c, err, errsize)) return false;
        *out = c;
        return true;
    }
    if (len >= 4 && span_ieq(s, 4, "rgb(")) {
        if (!parse_rgb_function(text, s, len, false, &c, err, errsize)) return false;
        *out = c;
        return true;
    }
    if (span_ieq(s, len, "transparent")) {
        *out = (rgba){ 0.0, 0.0, 0.0, 0.0 };
        return true;
    }
    for (size_t i = 0; i < N_NAMED; i++) {
        if (span_ieq(s, len, k_named[i].name)) {
            unsigned v = k_named[i].rgb;
            out->r = ((v >> 16) & 0xFF) / 255.0;
            out->g = ((v >> 8) & 0xFF) / 255.0;
            out->b = (v & 0xFF) / 255.0;
            out->a = 1.0;
            return true;
        }
    }

    /* A word that is close to a known name is most likely a misspelling. */
    const char *cands[N_NAMED + 1];
    for (size_t i = 0; i < N_NAMED; i++) cands[i] = k_named[i].name;
    cands[N_NAMED] = "transparent";
    char word[32];
    if (len < sizeof word) {
        memcpy(word, s, len);
        word[len] = '\0';
        const char *guess = suggest_closest(word, cands, N_NAMED + 1);
        if (guess) return fail(err, errsize, "unknown color \"%s\" (did you mean \"%s\"?)", text, guess);
    }
    return fail(err, errsize, EXPECTED ", got \"%s\"", text);
}

uint8_t color_to_u8(double c)
{
    double v = c * 255.0 + 0.5;
    if (!(v >= 1.0)) return 0;     /* below the first step, and NaN */
    if (v >= 255.0) return 255;
    return (uint8_t)v;             /* truncation of a positive value is floor */
}

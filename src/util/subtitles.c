/* SRT and WebVTT readers, and word lists from JSON (see subtitles.h).
 *
 * Both text formats are read by one loop: blocks separated by blank lines,
 * each an optional identifier line, a time line "A --> B [settings]" and text
 * lines. WebVTT adds its "WEBVTT" first line, a header, and NOTE, STYLE and
 * REGION blocks, which are skipped. Lines may end in \n, \r\n or \r. */
#include "util/subtitles.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scene/timeparse.h"

__extension__ typedef __int128 i128;

#define MAX_HOURS 99999

typedef struct parser {
    const char *name;
    sub_format fmt;
    const char *p, *end;
    int line;                   /* of the line last returned */
    sub_track *out;
    size_t word_cap, cue_cap;
    char *err;
    size_t errsize;
} parser;

static int fail(parser *ps, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(parser *ps, int line, const char *fmt, ...)
{
    int n = snprintf(ps->err, ps->errsize, "%s:%d: ", ps->name, line);
    if (n >= 0 && (size_t)n < ps->errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Quotes up to 40 bytes of s[0..n) for a message, printable ASCII only. */
static void quote(const char *s, size_t n, char *buf, size_t size)
{
    size_t o = 0;
    buf[o++] = '"';
    for (size_t i = 0; i < n && o + 6 < size; i++) {
        if (i == 40) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        unsigned char c = (unsigned char)s[i];
        buf[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
    }
    buf[o++] = '"';
    buf[o] = '\0';
}

static bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return false;
        if (n - i < len) return false;
        for (size_t k = 1; k < len; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return false;
            cp = cp << 6 | (u[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len;
    }
    return true;
}

/* The next line into s[0..n) without its terminator; false at the end. */
static bool next_line(parser *ps, const char **s, size_t *n)
{
    if (ps->p >= ps->end)
        return false;
    const char *b = ps->p, *e = b;
    while (e < ps->end && *e != '\n' && *e != '\r')
        e++;
    *s = b;
    *n = (size_t)(e - b);
    if (e < ps->end && *e == '\r' && e + 1 < ps->end && e[1] == '\n')
        e++;
    ps->p = e < ps->end ? e + 1 : e;
    ps->line++;
    return true;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static bool starts_with_word(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && memcmp(s, word, k) == 0 && (n == k || s[k] == ' ' || s[k] == '\t');
}

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

static size_t digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* Reads "[H...:]MM:SS[,.]f" at s[*i..n) into microseconds. */
static bool read_time(const char *s, size_t n, size_t *i, int64_t *us)
{
    int64_t f[3];
    size_t nf = 0, k = *i;
    for (;;) {
        size_t d = digits(s + k, n - k);
        if (d == 0 || (nf > 0 && d != 2) || (nf == 0 && d > 5))
            return false;
        int64_t v = 0;
        for (size_t j = 0; j < d; j++)
            v = v * 10 + (s[k + j] - '0');
        f[nf++] = v;
        k += d;
        if (nf == 3 || k >= n || s[k] != ':')
            break;
        k++;
    }
    if (nf < 2)
        return false;
    int64_t h = nf == 3 ? f[0] : 0, m = f[nf - 2], sec = f[nf - 1];
    if (nf == 2 && f[0] > 99)
        return false;
    if (h > MAX_HOURS || m >= 60 || sec >= 60)
        return false;
    int64_t frac = 0;
    if (k < n && (s[k] == ',' || s[k] == '.')) {
        size_t d = digits(s + k + 1, n - k - 1);
        if (d == 0 || d > 6)
            return false;
        int64_t scale = 100000;
        for (size_t j = 0; j < d; j++, scale /= 10)
            frac += (s[k + 1 + j] - '0') * scale;
        k += 1 + d;
    } else if (nf == 2) {
        return false;   /* "01:30" alone is ambiguous */
    }
    *us = ((h * 60 + m) * 60 + sec) * 1000000 + frac;
    *i = k;
    return true;
}

static bool read_time_line(const char *s, size_t n, int64_t *a, int64_t *b)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (!read_time(s, n, &i, a))
        return false;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (n - i < 3 || memcmp(s + i, "-->", 3) != 0)
        return false;
    i += 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (!read_time(s, n, &i, b))
        return false;
    /* Cue settings (WebVTT "align:start", SRT "X1:..") follow a space; ignored. */
    return i == n || s[i] == ' ' || s[i] == '\t';
}

static int add_word(parser *ps, const char *text, size_t n, bool new_line)
{
    sub_track *t = ps->out;
    if (t->word_count >= SUB_MAX_WORDS)
        return fail(ps, ps->line, "too many words (the limit is %d)", SUB_MAX_WORDS);
    if (t->word_count == ps->word_cap) {
        size_t cap = ps->word_cap ? ps->word_cap * 2 : 64;
        sub_word *w = realloc(t->words, cap * sizeof *w);
        if (!w)
            return fail(ps, ps->line, "out of memory");
        t->words = w;
        ps->word_cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return fail(ps, ps->line, "out of memory");
    memcpy(copy, text, n);
    copy[n] = '\0';
    t->words[t->word_count++] = (sub_word){.text = copy, .start_us = -1, .end_us = -1, .new_line = new_line,
                                           .line = ps->line};
    return 0;
}

static const struct { const char *name; const char *utf8; } entities[] = {
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
    {"&nbsp;", "\xC2\xA0"}, {"&lrm;", ""}, {"&rlm;", ""},
};

/* Copies s[0..n) into buf without markup, decoding entities. Returns the
 * length written (never more than n: every replacement is shorter). */
static size_t strip_markup(const char *s, size_t n, char *buf)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            const char *close = memchr(s + i, '>', n - i);
            if (close) {
                i = (size_t)(close - s) + 1;
                continue;
            }
        } else if (s[i] == '{' && i + 1 < n && s[i + 1] == '\\') {
            const char *close = memchr(s + i, '}', n - i);
            if (close) {
                i = (size_t)(close - s) + 1;
                continue;
            }
        } else if (s[i] == '&') {
            size_t e = 0;
            for (; e < sizeof entities / sizeof entities[0]; e++) {
                size_t k = strlen(entities[e].name);
                if (n - i >= k && memcmp(s + i, entities[e].name, k) == 0)
                    break;
            }
            if (e < sizeof entities / sizeof entities[0]) {
                size_t k = strlen(entities[e].utf8);
                memcpy(buf + o, entities[e].utf8, k);
                o += k;
                i += strlen(entities[e].name);
                continue;
            }
        }
        buf[o++] = s[i++];
    }
    return o;
}

/* Splits one text line of a cue into words. */
static int add_text_line(parser *ps, const char *s, size_t n, bool first_line)
{
    char *clean = malloc(n + 1);
    if (!clean)
        return fail(ps, ps->line, "out of memory");
    size_t len = strip_markup(s, n, clean);
    bool new_line = !first_line;
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        while (i < len && (clean[i] == ' ' || clean[i] == '\t'))
            i++;
        size_t b = i;
        while (i < len && clean[i] != ' ' && clean[i] != '\t')
            i++;
        if (i > b) {
            rc = add_word(ps, clean + b, i - b, new_line);
            new_line = false;
        }
    }
    free(clean);
    return rc;
}

static int add_cue(parser *ps, int64_t a, int64_t b, size_t first, int line)
{
    sub_track *t = ps->out;
    if (t->cue_count == ps->cue_cap) {
        size_t cap = ps->cue_cap ? ps->cue_cap * 2 : 32;
        sub_cue *c = realloc(t->cues, cap * sizeof *c);
        if (!c)
            return fail(ps, line, "out of memory");
        t->cues = c;
        ps->cue_cap = cap;
    }
    t->cues[t->cue_count++] = (sub_cue){.start_us = a, .end_us = b, .first_word = first,
                                        .word_count = t->word_count - first, .line = line};
    return 0;
}

static const char *time_example(const parser *ps)
{
    return ps->fmt == SUB_SRT ? "00:00:01,500 --> 00:00:03,000" : "00:00:01.500 --> 00:00:03.000";
}

/* One cue whose first line (identifier or time line) is s[0..n). */
static int read_cue(parser *ps, const char *s, size_t n)
{
    char got[64];
    if (!find(s, n, "-->")) {
        /* An identifier: SRT numbers its cues; WebVTT allows any text. */
        if (ps->fmt == SUB_SRT && digits(s, n) != n) {
            quote(s, n, got, sizeof got);
            return fail(ps, ps->line, "expected a cue number or a time like %s, got %s", time_example(ps), got);
        }
        if (!next_line(ps, &s, &n) || is_blank(s, n))
            return fail(ps, ps->line, "expected a time like %s after the cue identifier", time_example(ps));
    }
    int64_t a, b;
    if (!read_time_line(s, n, &a, &b)) {
        quote(s, n, got, sizeof got);
        return fail(ps, ps->line, "expected a time like %s, got %s", time_example(ps), got);
    }
    int line = ps->line;
    if (b < a)
        return fail(ps, line, "the cue ends before it starts");
    const sub_track *t = ps->out;
    if (t->cue_count > 0 && a < t->cues[t->cue_count - 1].start_us)
        return fail(ps, line, "the cue starts before the previous cue (cues must be in time order)");
    size_t first = t->word_count;
    bool first_line = true;
    while (next_line(ps, &s, &n) && !is_blank(s, n)) {
        int64_t x, y;
        if (read_time_line(s, n, &x, &y))
            return fail(ps, ps->line, "a time line inside the previous cue's text: separate cues with a blank line");
        if (add_text_line(ps, s, n, first_line))
            return -1;
        first_line = false;
    }
    return add_cue(ps, a, b, first, line);
}

/* Skips lines up to and including the next blank line (or the end). */
static void skip_block(parser *ps)
{
    const char *s;
    size_t n;
    while (next_line(ps, &s, &n) && !is_blank(s, n)) {
    }
}

static int check_bytes(parser *ps)
{
    int line = 1;
    const char *b = ps->p;
    for (const char *q = ps->p; q <= ps->end; q++) {
        if (q == ps->end || *q == '\n' || (*q == '\r' && !(q + 1 < ps->end && q[1] == '\n'))) {
            if (memchr(b, '\0', (size_t)(q - b)))
                return fail(ps, line, "contains a NUL byte (is this a text file?)");
            if (!utf8_valid(b, (size_t)(q - b)))
                return fail(ps, line, "text is not valid UTF-8");
            line++;
            b = q + 1;
        }
    }
    return 0;
}

int subtitles_parse(const char *name, const char *data, size_t len, sub_format fmt, sub_track *out,
                    char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    parser ps = {.name = name, .fmt = fmt, .p = data, .end = data + len, .out = out, .err = err,
                 .errsize = errsize};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        ps.p += 3;
    if (len > SUB_MAX_FILE_BYTES) {
        snprintf(err, errsize, "%s: the file is larger than %u MiB", name, SUB_MAX_FILE_BYTES >> 20);
        return -1;
    }
    int rc;
    if (fmt == SUB_WORDS) {
        json_error jerr;
        json_value *root = json_parse(data, len, &jerr);
        if (!root) {
            snprintf(err, errsize, "%s:%d:%d: %s", name, jerr.line, jerr.column, jerr.message);
            return -1;
        }
        sub_error e;
        rc = subtitles_from_json(root, out, &e);
        json_free(root);
        if (rc)
            snprintf(err, errsize, "%s:%d: %s", name, e.line, e.message);
        return rc;
    }
    if ((rc = check_bytes(&ps)))
        return rc;
    const char *s;
    size_t n;
    if (fmt == SUB_VTT) {
        if (!next_line(&ps, &s, &n) || !starts_with_word(s, n, "WEBVTT"))
            return fail(&ps, 1, "expected \"WEBVTT\" on the first line of a WebVTT file");
        skip_block(&ps);   /* the rest of the header, up to a blank line */
    }
    while (rc == 0 && next_line(&ps, &s, &n)) {
        if (is_blank(s, n))
            continue;
        if (fmt == SUB_VTT && (starts_with_word(s, n, "NOTE") || starts_with_word(s, n, "STYLE") ||
                               starts_with_word(s, n, "REGION")) && !find(s, n, "-->"))
            skip_block(&ps);
        else
            rc = read_cue(&ps, s, n);
    }
    if (rc)
        sub_track_free(out);
    return rc;
}

/* ---- word lists ----------------------------------------------------------- */

static int word_fail(sub_error *e, size_t index, const char *key, const json_value *v, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int word_fail(sub_error *e, size_t index, const char *key, const json_value *v, const char *fmt, ...)
{
    e->index = index;
    e->key = key;
    e->line = v ? v->line : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return -1;
}

static int word_time(const json_value *w, size_t i, const char *key, int64_t *us, sub_error *e)
{
    const json_value *v = json_get(w, key);
    if (!v)
        return word_fail(e, i, NULL, w, "the word has no \"%s\" (seconds)", key);
    if (v->type != JSON_NUMBER || v->u.number < 0) {
        char got[64];
        json_describe(v, got, sizeof got);
        return word_fail(e, i, key, v, "expected a time in seconds (a number >= 0), got %s", got);
    }
    char err[200];
    rational micro = {1000000, 1};
    if (!time_from_seconds(v->u.number, micro, false, us, err, sizeof err) || *us > (int64_t)MAX_HOURS * 3600000000)
        return word_fail(e, i, key, v, "time out of range");
    return 0;
}

static int word_text(const json_value *w, size_t i, sub_word *out, sub_error *e)
{
    const char *key = json_get(w, "text") ? "text" : "word";
    const json_value *v = json_get(w, key);
    if (!v)
        return word_fail(e, i, NULL, w, "the word has no \"text\"");
    if (v->type != JSON_STRING)
        return word_fail(e, i, key, v, "expected a string");
    /* Speech-to-text output often has " Hello"; whitespace inside becomes a
     * plain space, so a multi-word entry stays one highlighted unit. */
    const char *s = v->u.string.str;
    size_t n = v->u.string.len;
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) { s++; n--; }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    if (n == 0)
        return word_fail(e, i, key, v, "the word's text is empty");
    if (!(out->text = malloc(n + 1)))
        return word_fail(e, i, key, v, "out of memory");
    for (size_t k = 0; k < n; k++)
        out->text[k] = s[k] == '\t' || s[k] == '\n' || s[k] == '\r' ? ' ' : s[k];
    out->text[n] = '\0';
    return 0;
}

int subtitles_from_json(const json_value *v, sub_track *out, sub_error *e)
{
    memset(out, 0, sizeof *out);
    memset(e, 0, sizeof *e);
    e->index = SIZE_MAX;
    if (v->type == JSON_OBJECT && json_get(v, "words"))
        v = json_get(v, "words");
    if (v->type != JSON_ARRAY)
        return word_fail(e, SIZE_MAX, NULL, v, "expected a list of words like "
                         "[{\"text\": \"Hello\", \"start\": 0.32, \"end\": 0.61}, ...]");
    size_t n = v->u.array.count;
    if (n > SUB_MAX_WORDS)
        return word_fail(e, SIZE_MAX, NULL, v, "too many words (%zu; the limit is %d)", n, SUB_MAX_WORDS);
    out->words = calloc(n ? n : 1, sizeof *out->words);
    if (!out->words)
        return word_fail(e, SIZE_MAX, NULL, v, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const json_value *w = v->u.array.items[i];
        sub_word *sw = &out->words[i];
        if (w->type != JSON_OBJECT) {
            rc = word_fail(e, i, NULL, w, "expected a word like {\"text\": \"Hello\", \"start\": 0.32, \"end\": 0.61}");
            break;
        }
        out->word_count = i + 1;
        sw->line = w->line;
        if ((rc = word_text(w, i, sw, e)) || (rc = word_time(w, i, "start", &sw->start_us, e)) ||
            (rc = word_time(w, i, "end", &sw->end_us, e)))
            break;
        if (sw->end_us < sw->start_us)
            rc = word_fail(e, i, "end", json_get(w, "end"), "the word ends before it starts");
        else if (i > 0 && sw->start_us < out->words[i - 1].start_us)
            rc = word_fail(e, i, "start", json_get(w, "start"),
                           "the word starts before the previous word (words must be in time order)");
    }
    if (rc)
        sub_track_free(out);
    return rc;
}

void sub_track_free(sub_track *t)
{
    for (size_t i = 0; i < t->word_count; i++)
        free(t->words[i].text);
    free(t->words);
    free(t->cues);
    memset(t, 0, sizeof *t);
}

bool subtitles_format_from_name(const char *name, sub_format *out)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    static const struct { const char *ext; sub_format fmt; } exts[] = {
        {".srt", SUB_SRT}, {".vtt", SUB_VTT}, {".json", SUB_WORDS}};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        if (strcasecmp(dot, exts[i].ext) == 0) {
            *out = exts[i].fmt;
            return true;
        }
    }
    return false;
}

int64_t subtitles_us_to_frame(int64_t us, int64_t fps_num, int64_t fps_den)
{
    /* round_half_up(us * num / (den * 1e6)) = floor((2 us num + den 1e6) / (2 den 1e6)) */
    i128 d = (i128)fps_den * 2000000;
    return (int64_t)(((i128)us * fps_num * 2 + (i128)fps_den * 1000000) / d);
}

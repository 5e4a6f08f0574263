/* Text markup: a small tag language inside one text, parsed here (user text
 * never reaches pango's own markup parser, whose language is larger and whose
 * errors name nothing useful).
 *
 *   <b>…</b>  <i>…</i>  <color #FF5A1F>…</color>
 *   <span color="…" size="64" family="Inter" weight="700" style="italic">…</span>
 *   &lt;  &gt;  &amp;   (a literal <, > or &)
 *
 * Tags nest and must close in order. Errors name the character offset. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "layers/text_internal.h"
#include "scene/color.h"
#include "util/numparse.h"

#define MAX_DEPTH 32

typedef struct parser {
    const char *text, *p;
    char *out;
    size_t out_len;
    text_markup *m;
    char *err;
    size_t errsize;
} parser;

static int fail(parser *ps, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *ps, const char *at, const char *fmt, ...)
{
    int n = snprintf(ps->err, ps->errsize, "markup at character %ld: ",
                     (long)g_utf8_pointer_to_offset(ps->text, at));
    if (n > 0 && (size_t)n < ps->errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const struct { const char *name; int weight; } weights[] = {
    {"thin", 100}, {"extralight", 200}, {"light", 300}, {"regular", 400}, {"normal", 400},
    {"medium", 500}, {"semibold", 600}, {"bold", 700}, {"extrabold", 800}, {"black", 900}};

static bool parse_weight(const char *v, int *out)
{
    for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++)
        if (strcmp(v, weights[i].name) == 0)
            return (*out = weights[i].weight), true;
    double x;
    if (!num_parse(v, strlen(v), false, &x) || x < 100 || x > 900)
        return false;
    *out = (int)(x + 0.5);
    return true;
}

static bool set_color(text_span *s, const char *v)
{
    rgba c;
    char err[200];
    if (!color_parse(v, &c, err, sizeof err))
        return false;
    s->has_color = true;
    s->color[0] = c.r; s->color[1] = c.g; s->color[2] = c.b; s->color[3] = c.a;
    return true;
}

/* One attribute of <span>: name="value". */
static int span_attribute(parser *ps, text_span *s, const char *name_at, const char *name, size_t name_len,
                          const char *value)
{
    double x;
    if (name_len == 5 && strncmp(name, "color", 5) == 0) {
        if (!set_color(s, value))
            return fail(ps, name_at, "expected a color such as color=\"#FF5A1F\", got \"%.40s\"", value);
    } else if (name_len == 4 && strncmp(name, "size", 4) == 0) {
        if (!num_parse(value, strlen(value), false, &x) || !(x >= 0.5 && x <= 10000))
            return fail(ps, name_at, "expected a size in pixels from 0.5 to 10000, got \"%.40s\"", value);
        s->size = x;
    } else if (name_len == 6 && strncmp(name, "family", 6) == 0) {
        if (!value[0])
            return fail(ps, name_at, "expected a font family name, got \"\"");
        free(s->family);
        if (!(s->family = strdup(value)))
            return fail(ps, name_at, "out of memory");
    } else if (name_len == 6 && strncmp(name, "weight", 6) == 0) {
        if (!parse_weight(value, &s->weight))
            return fail(ps, name_at, "expected a weight from 100 to 900 or a name such as \"bold\", got \"%.40s\"",
                        value);
    } else if (name_len == 5 && strncmp(name, "style", 5) == 0) {
        if (strcmp(value, "italic") && strcmp(value, "normal"))
            return fail(ps, name_at, "expected style=\"normal\" or style=\"italic\", got \"%.40s\"", value);
        s->italic = strcmp(value, "italic") == 0;
    } else {
        return fail(ps, name_at, "unknown span attribute \"%.*s\" (expected color, size, family, weight or style)",
                    (int)(name_len > 40 ? 40 : name_len), name);
    }
    return 0;
}

/* Parses the attributes of <span ...> up to and including '>'. */
static int span_attributes(parser *ps, text_span *s)
{
    for (;;) {
        while (*ps->p == ' ')
            ps->p++;
        if (*ps->p == '>') {
            ps->p++;
            return 0;
        }
        const char *name = ps->p;
        while (g_ascii_isalpha(*ps->p))
            ps->p++;
        size_t name_len = (size_t)(ps->p - name);
        if (name_len == 0)
            return fail(ps, ps->p, "expected an attribute name or '>' in <span>");
        if (ps->p[0] != '=' || ps->p[1] != '"')
            return fail(ps, ps->p, "expected =\"value\" after the span attribute \"%.*s\"", (int)name_len, name);
        ps->p += 2;
        const char *close = strchr(ps->p, '"');
        if (!close)
            return fail(ps, ps->p, "expected a closing '\"' for the span attribute \"%.*s\"", (int)name_len, name);
        char value[128];
        size_t n = (size_t)(close - ps->p);
        if (n >= sizeof value)
            return fail(ps, ps->p, "span attribute value is too long (over %zu bytes)", sizeof value - 1);
        memcpy(value, ps->p, n);
        value[n] = '\0';
        ps->p = close + 1;
        if (span_attribute(ps, s, name, name, name_len, value))
            return -1;
    }
}

static const char *const tag_names[] = {"b", "i", "color", "span"};

static int tag_of(const char *p, size_t n)
{
    for (int i = 0; i < 4; i++)
        if (strlen(tag_names[i]) == n && strncmp(p, tag_names[i], n) == 0)
            return i;
    return -1;
}

static int add_span(parser *ps, text_span *s)
{
    text_markup *m = ps->m;
    text_span *grown = realloc(m->spans, (m->span_count + 1) * sizeof *grown);
    if (!grown)
        return fail(ps, ps->p, "out of memory");
    m->spans = grown;
    m->spans[m->span_count++] = *s;
    return 0;
}

/* An opening tag at ps->p (just after '<'); pushes its span index on the stack. */
static int open_tag(parser *ps, const char *lt, size_t *stack, int *tags, int *depth)
{
    const char *name = ps->p;
    while (g_ascii_isalpha(*ps->p))
        ps->p++;
    int tag = tag_of(name, (size_t)(ps->p - name));
    if (tag < 0)
        return fail(ps, lt, "unknown tag <%.*s> (expected <b>, <i>, <color #RRGGBB> or <span ...>; "
                    "write &lt; for a literal '<')", (int)(ps->p - name > 20 ? 20 : ps->p - name), name);
    if (*depth >= MAX_DEPTH)
        return fail(ps, lt, "tags are nested deeper than %d levels", MAX_DEPTH);
    text_span s = {.start = ps->out_len, .italic = -1, .at = g_utf8_pointer_to_offset(ps->text, lt)};
    if (tag == 0 || tag == 1) {
        if (*ps->p != '>')
            return fail(ps, ps->p, "expected '>' after <%s", tag_names[tag]);
        ps->p++;
        if (tag == 0)
            s.weight = 700;
        else
            s.italic = 1;
    } else if (tag == 2) {
        if (*ps->p != ' ')
            return fail(ps, ps->p, "expected a color after <color, such as <color #FF5A1F>");
        const char *c = ++ps->p, *gt = strchr(c, '>');
        char value[64];
        if (!gt || (size_t)(gt - c) >= sizeof value)
            return fail(ps, c, "expected a color and '>', such as <color #FF5A1F>");
        memcpy(value, c, (size_t)(gt - c));
        value[gt - c] = '\0';
        if (!set_color(&s, value))
            return fail(ps, c, "expected a color such as #FF5A1F, got \"%s\"", value);
        ps->p = gt + 1;
    } else if (span_attributes(ps, &s)) {
        free(s.family);
        return -1;
    }
    if (add_span(ps, &s)) {
        free(s.family);
        return -1;
    }
    stack[*depth] = ps->m->span_count - 1;
    tags[(*depth)++] = tag;
    return 0;
}

static int close_tag(parser *ps, const char *lt, size_t *stack, int *tags, int *depth)
{
    const char *name = ps->p;
    while (g_ascii_isalpha(*ps->p))
        ps->p++;
    int tag = tag_of(name, (size_t)(ps->p - name));
    if (*ps->p != '>' || tag < 0)
        return fail(ps, lt, "expected a closing tag such as </b>, </i>, </color> or </span>");
    ps->p++;
    if (*depth == 0)
        return fail(ps, lt, "</%s> closes nothing (no tag is open)", tag_names[tag]);
    if (tags[*depth - 1] != tag)
        return fail(ps, lt, "expected </%s>, got </%s>", tag_names[tags[*depth - 1]], tag_names[tag]);
    (*depth)--;
    ps->m->spans[stack[*depth]].end = ps->out_len;
    return 0;
}

static int entity(parser *ps)
{
    static const struct { const char *name; char c; } ents[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(ents[i].name);
        if (strncmp(ps->p, ents[i].name, n) == 0) {
            ps->out[ps->out_len++] = ents[i].c;
            ps->p += n;
            return 0;
        }
    }
    return fail(ps, ps->p, "expected &lt;, &gt; or &amp; after '&'");
}

int markup_parse(const char *text, text_markup *m, char *err, size_t errsize)
{
    memset(m, 0, sizeof *m);
    parser ps = {.text = text, .p = text, .m = m, .err = err, .errsize = errsize};
    if (!(ps.out = malloc(strlen(text) + 1)))
        return snprintf(err, errsize, "out of memory"), -1;
    m->plain = ps.out;
    size_t stack[MAX_DEPTH];
    int tags[MAX_DEPTH], depth = 0;
    while (*ps.p) {
        const char *at = ps.p;
        int rc = 0;
        if (*at == '<') {
            ps.p++;
            rc = *ps.p == '/' ? (ps.p++, close_tag(&ps, at, stack, tags, &depth))
                              : open_tag(&ps, at, stack, tags, &depth);
        } else if (*at == '&') {
            rc = entity(&ps);
        } else if (*at == '>') {
            rc = fail(&ps, at, "unexpected '>' (write &gt; for a literal '>')");
        } else {
            ps.out[ps.out_len++] = *ps.p++;
        }
        if (rc) {
            markup_free(m);
            return -1;
        }
    }
    ps.out[ps.out_len] = '\0';
    if (depth > 0) {
        fail(&ps, ps.p, "expected </%s> before the end of the text", tag_names[tags[depth - 1]]);
        markup_free(m);
        return -1;
    }
    return 0;
}

void markup_free(text_markup *m)
{
    for (size_t i = 0; i < m->span_count; i++)
        free(m->spans[i].family);
    free(m->spans);
    free(m->plain);
    memset(m, 0, sizeof *m);
}

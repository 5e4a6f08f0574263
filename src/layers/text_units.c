/* Units and pieces: the text layer's glyphs, cut once per layout into pieces
 * that animators can move one by one.
 *
 * Units come from pango's own analysis of the laid-out text, so wrapping,
 * alignment and shaping stay exactly as in the plain layout: characters are
 * grapheme clusters (cursor positions), words are runs of non-space
 * characters, lines are the layout's lines. White space is no unit (it draws
 * nothing). Each piece keeps a copy of its glyphs and its baseline origin, so
 * a frame draws every piece with its own transform and no layout work. */
#include <stdlib.h>
#include <string.h>

#include "layers/text_internal.h"

/* Per byte of the text: its unit of each kind, and its color span. */
typedef struct byte_map {
    int *unit[3];
    int *span;
} byte_map;

static void map_free(byte_map *m)
{
    for (int k = 0; k < 3; k++)
        free(m->unit[k]);
    free(m->span);
}

static int map_build(PangoLayout *layout, const text_markup *markup, byte_map *m, size_t count[3])
{
    const char *text = pango_layout_get_text(layout);
    size_t len = strlen(text);
    for (int k = 0; k < 3; k++)
        if (!(m->unit[k] = malloc((len + 1) * sizeof(int))))
            return -1;
    if (!(m->span = malloc((len + 1) * sizeof(int))))
        return -1;
    int n_attrs;
    const PangoLogAttr *attrs = pango_layout_get_log_attrs_readonly(layout, &n_attrs);
    int chars = -1, words = -1;
    bool in_word = false, white = false;
    int ci = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p), ci++) {
        if (ci < n_attrs && attrs[ci].is_cursor_position) {
            white = attrs[ci].is_white;
            if (!white)
                chars++;
        }
        bool is_white = ci < n_attrs && attrs[ci].is_white;
        if (!is_white && !in_word)
            words++;
        in_word = !is_white;
        size_t b = (size_t)(p - text), e = (size_t)(g_utf8_next_char(p) - text);
        for (size_t i = b; i < e; i++) {
            m->unit[UNIT_CHARACTERS][i] = white ? -1 : chars;
            m->unit[UNIT_WORDS][i] = is_white ? -1 : words;
        }
    }
    count[UNIT_CHARACTERS] = (size_t)(chars + 1);
    count[UNIT_WORDS] = (size_t)(words + 1);
    for (size_t i = 0; i < len; i++)
        m->unit[UNIT_LINES][i] = 0;
    int line = 0;
    for (GSList *l = pango_layout_get_lines_readonly(layout); l; l = l->next, line++) {
        PangoLayoutLine *pl = l->data;
        for (int i = pl->start_index; i < pl->start_index + pl->length && (size_t)i < len; i++)
            m->unit[UNIT_LINES][i] = line;
    }
    count[UNIT_LINES] = (size_t)line;
    /* Innermost span wins: spans are stored outer first. */
    for (size_t i = 0; i < len; i++)
        m->span[i] = -1;
    for (size_t s = 0; markup && s < markup->span_count; s++)
        if (markup->spans[s].has_color)
            for (size_t i = markup->spans[s].start; i < markup->spans[s].end && i < len; i++)
                m->span[i] = (int)s;
    return 0;
}

static text_piece *add_piece(text_units *u, size_t *cap)
{
    if (u->piece_count == *cap) {
        size_t n = *cap ? *cap * 2 : 64;
        text_piece *grown = realloc(u->pieces, n * sizeof *grown);
        if (!grown)
            return NULL;
        u->pieces = grown;
        *cap = n;
    }
    text_piece *p = &u->pieces[u->piece_count++];
    memset(p, 0, sizeof *p);
    return p;
}

/* Copies glyphs [from, to) of a run into the piece. */
static int piece_glyphs(text_piece *p, PangoGlyphItem *run, int from, int to)
{
    p->glyphs = pango_glyph_string_new();
    pango_glyph_string_set_size(p->glyphs, to - from);
    memcpy(p->glyphs->glyphs, run->glyphs->glyphs + from, (size_t)(to - from) * sizeof(PangoGlyphInfo));
    memcpy(p->glyphs->log_clusters, run->glyphs->log_clusters + from, (size_t)(to - from) * sizeof(int));
    p->font = g_object_ref(run->item->analysis.font);
    return 0;
}

/* Widens unit bounds with [x0, x1] x [y0, y1]. */
static void grow(double *b, double x0, double x1, double y0, double y1)
{
    if (b[0] > x0) b[0] = x0;
    if (b[1] < x1) b[1] = x1;
    if (b[2] > y0) b[2] = y0;
    if (b[3] < y1) b[3] = y1;
}

int units_build(PangoLayout *layout, const text_markup *markup, unsigned kinds, text_units *u)
{
    memset(u, 0, sizeof *u);
    byte_map m = {0};
    if (map_build(layout, markup, &m, u->count)) {
        map_free(&m);
        return -1;
    }
    double *bounds[3] = {0};
    int rc = 0;
    for (int k = 0; k < 3 && !rc; k++) {
        size_t n = u->count[k] ? u->count[k] : 1;
        if (!(bounds[k] = malloc(n * 4 * sizeof(double))) || !(u->center[k] = calloc(n * 2, sizeof(double))))
            rc = -1;
        for (size_t i = 0; bounds[k] && i < n; i++) {
            bounds[k][i * 4] = bounds[k][i * 4 + 2] = 1e30;
            bounds[k][i * 4 + 1] = bounds[k][i * 4 + 3] = -1e30;
        }
    }
    size_t cap = 0;
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
        if (!run || rc)
            continue;
        PangoRectangle logical, line;
        pango_layout_iter_get_run_extents(it, NULL, &logical);
        pango_layout_iter_get_line_extents(it, NULL, &line);
        double y = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        double top = (double)line.y / PANGO_SCALE, bottom = (double)(line.y + line.height) / PANGO_SCALE;
        int x = logical.x, piece_x = x, first = 0;
        int key[4] = {0}, prev[4] = {0};
        for (int g = 0; g <= run->glyphs->num_glyphs; g++) {
            bool end = g == run->glyphs->num_glyphs;
            if (!end) {
                int byte = run->item->offset + run->glyphs->log_clusters[g];
                for (int k = 0; k < 3; k++)
                    key[k] = (kinds & (1u << k)) ? m.unit[k][byte] : 0;
                key[3] = m.span[byte];
            }
            if (g > 0 && (end || memcmp(key, prev, sizeof key) != 0)) {
                text_piece *p = add_piece(u, &cap);
                if (!p || piece_glyphs(p, run, first, g)) {
                    rc = -1;
                    break;
                }
                p->x = (double)piece_x / PANGO_SCALE;
                p->y = y;
                p->width = (double)(x - piece_x) / PANGO_SCALE;
                p->span = prev[3];
                for (int k = 0; k < 3; k++) {
                    p->unit[k] = prev[k];
                    if (prev[k] >= 0 && (kinds & (1u << k)))
                        grow(&bounds[k][prev[k] * 4], p->x, p->x + p->width, top, bottom);
                }
                first = g;
                piece_x = x;
            }
            if (!end)
                x += run->glyphs->glyphs[g].geometry.width;
            memcpy(prev, key, sizeof key);
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; !rc && i < u->count[k]; i++) {
            const double *b = &bounds[k][i * 4];
            u->center[k][i * 2] = b[0] <= b[1] ? (b[0] + b[1]) / 2 : 0;
            u->center[k][i * 2 + 1] = b[2] <= b[3] ? (b[2] + b[3]) / 2 : 0;
        }
        free(bounds[k]);
    }
    map_free(&m);
    return rc;
}

int units_count(PangoLayout *layout, size_t count[3])
{
    byte_map m = {0};
    int rc = map_build(layout, NULL, &m, count);
    map_free(&m);
    return rc;
}

void units_free(text_units *u)
{
    for (size_t i = 0; i < u->piece_count; i++) {
        if (u->pieces[i].glyphs)
            pango_glyph_string_free(u->pieces[i].glyphs);
        if (u->pieces[i].font)
            g_object_unref(u->pieces[i].font);
    }
    free(u->pieces);
    for (int k = 0; k < 3; k++)
        free(u->center[k]);
    memset(u, 0, sizeof *u);
}

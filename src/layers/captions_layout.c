/* Captions pagination: which words share a page, and when each page and word
 * shows, in whole frames.
 *
 * Pages fill greedily, word by word: a word starts a new page when the page
 * would exceed max_chars characters or, as laid out in the layer's font and
 * width, max_lines lines. A subtitle cue always starts a new page. In word
 * lists (which have no cues) a page also ends after a word that ends a
 * sentence (. ! ? …) and after , ; : once the page is half full, so pages
 * follow the speech.
 *
 * Times: a word list's words keep their own times; a page shows from its
 * first word's start until its last word's end plus linger, but not past the
 * next page's start. A cue's words share the cue's time equally (integer
 * microseconds); a cue split into pages shows each page from its first word's
 * share to the next page's, the last until the cue ends. Microseconds become
 * frames with the scene's rule, round_half_up(seconds x fps). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/captions.h"

static PangoFontDescription *font_of(const layer *l)
{
    const captions_resource *res = l->resource;
    return font_choice_description(&res->face, track_eval1(&l->values[CAP_SIZE].track, 0, 1));
}

PangoLayout *captions_layout_new(const layer *l, PangoContext *ctx, const char *text)
{
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *fd = font_of(l);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, text, -1);
    double pad[2];
    track_eval(&l->values[CAP_PADDING].track, 0, 1, pad);
    double width = track_eval1(&l->values[CAP_MAX_WIDTH].track, 0, 1) - 2 * pad[0];
    pango_layout_set_width(layout, (int)lround(fmax(width, 1) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    pango_layout_set_alignment(layout, aligns[l->values[CAP_ALIGN].integer]);
    double size = track_eval1(&l->values[CAP_SIZE].track, 0, 1);
    double line_height = track_eval1(&l->values[CAP_LINE_HEIGHT].track, 0, 1);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute((int)lround(line_height * size * PANGO_SCALE)));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    return layout;
}

/* A page being filled: its text and where each word sits in it. */
typedef struct page_builder {
    char *text;
    size_t len, cap;
    size_t chars;
    caption_word *words;
    size_t count, word_cap;
} page_builder;

static bool append(page_builder *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *t = realloc(b->text, cap);
        if (!t)
            return false;
        b->text = t;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
    for (size_t i = 0; i < n; i++)
        b->chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return true;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool ends_sentence(const char *w)
{
    size_t n = strlen(w);
    while (n > 0 && (w[n - 1] == '"' || w[n - 1] == '\'' || w[n - 1] == ')'))
        n--;
    if (n >= 3 && memcmp(w + n - 3, "\xE2\x80\xA6", 3) == 0)   /* … */
        return true;
    return n > 0 && (w[n - 1] == '.' || w[n - 1] == '!' || w[n - 1] == '?');
}

static bool ends_clause(const char *w)
{
    size_t n = strlen(w);
    return n > 0 && (w[n - 1] == ',' || w[n - 1] == ';' || w[n - 1] == ':');
}

typedef struct paginator {
    const layer *l;
    const caption_rules *rules;
    PangoContext *ctx;
    caption_page *pages;
    size_t count, cap;
    char *err;
    size_t errsize;
} paginator;

/* Number of lines text takes in the layer's layout. */
static int line_count(paginator *pg, const char *text)
{
    PangoLayout *layout = captions_layout_new(pg->l, pg->ctx, text);
    int n = pango_layout_get_line_count(layout);
    g_object_unref(layout);
    return n;
}

/* Whether word w (with its separator) fits on page b. */
static bool fits(paginator *pg, page_builder *b, const sub_word *w)
{
    if (b->count == 0)
        return true;
    size_t chars = b->chars + 1 + utf8_chars(w->text);
    if (pg->rules->max_chars > 0 && chars > pg->rules->max_chars)
        return false;
    size_t saved_len = b->len, saved_chars = b->chars;
    bool ok = append(b, w->new_line ? "\n" : " ", 1) && append(b, w->text, strlen(w->text)) &&
              line_count(pg, b->text) <= pg->rules->max_lines;
    b->len = saved_len;
    b->chars = saved_chars;
    if (b->text)
        b->text[b->len] = '\0';
    return ok;
}

static int oom(paginator *pg)
{
    snprintf(pg->err, pg->errsize, "out of memory");
    return -1;
}

static int add_word(paginator *pg, page_builder *b, const sub_word *w, int64_t start_us, int64_t end_us,
                    bool timed)
{
    if (b->count > 0 && !append(b, w->new_line ? "\n" : " ", 1))
        return oom(pg);
    size_t offset = b->len;
    if (!append(b, w->text, strlen(w->text)))
        return oom(pg);
    if (b->count == b->word_cap) {
        size_t cap = b->word_cap ? b->word_cap * 2 : 16;
        caption_word *nw = realloc(b->words, cap * sizeof *nw);
        if (!nw)
            return oom(pg);
        b->words = nw;
        b->word_cap = cap;
    }
    /* Times are kept in microseconds until the page closes (start_f holds
     * the start, end_f the end); -1 marks a word that is never highlighted. */
    b->words[b->count++] = (caption_word){.offset = offset, .len = strlen(w->text),
                                          .start_f = timed ? start_us : -1, .end_f = end_us};
    return 0;
}

/* Closes page b, shown over [start_us, end_us), converting its times to frames. */
static int close_page(paginator *pg, page_builder *b, int64_t start_us, int64_t end_us)
{
    if (b->count == 0)
        return 0;
    if (pg->count == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 16;
        caption_page *np = realloc(pg->pages, cap * sizeof *np);
        if (!np)
            return oom(pg);
        pg->pages = np;
        pg->cap = cap;
    }
    rational fps = pg->rules->fps;
    caption_page *p = &pg->pages[pg->count++];
    *p = (caption_page){.text = b->text, .words = b->words, .word_count = b->count,
                        .start_f = subtitles_us_to_frame(start_us, fps.num, fps.den),
                        .end_f = subtitles_us_to_frame(end_us, fps.num, fps.den)};
    for (size_t i = 0; i < p->word_count; i++) {
        caption_word *w = &p->words[i];
        if (w->start_f >= 0) {
            w->start_f = subtitles_us_to_frame(w->start_f, fps.num, fps.den);
            w->end_f = subtitles_us_to_frame(w->end_f, fps.num, fps.den);
        }
    }
    *b = (page_builder){0};
    return 0;
}

/* A run of words whose times are known (each word's own, or its share of a
 * cue). first_start/last_end: the cue's times (-1: a word list). */
static int paginate_run(paginator *pg, const sub_word *words, const int64_t (*times)[2], size_t n, bool timed,
                        int64_t first_start, int64_t last_end)
{
    page_builder b = {0};
    int64_t page_start = 0;
    for (size_t i = 0; i < n; i++) {
        if (!fits(pg, &b, &words[i])) {
            int64_t end = times[i][0];
            if (last_end < 0 && times[i - 1][1] + pg->rules->linger_us < end)
                end = times[i - 1][1] + pg->rules->linger_us;
            if (close_page(pg, &b, page_start, end))
                goto fail;
        }
        if (b.count == 0)
            page_start = i == 0 && first_start >= 0 ? first_start : times[i][0];
        if (add_word(pg, &b, &words[i], times[i][0], times[i][1], timed))
            goto fail;
        bool last = i + 1 == n;
        bool sentence = pg->rules->sentence_pages && !last &&
                        (ends_sentence(words[i].text) ||
                         (ends_clause(words[i].text) && pg->rules->max_chars > 0 &&
                          b.chars * 2 >= pg->rules->max_chars));
        if (last || sentence) {
            int64_t end = last_end >= 0 && last ? last_end : times[i][1];
            if (last_end < 0) {
                /* Word lists: linger, but never into the next page. */
                end = times[i][1] + pg->rules->linger_us;
                if (!last && end > times[i + 1][0])
                    end = times[i + 1][0];
            }
            if (close_page(pg, &b, page_start, end))
                goto fail;
        }
    }
    return 0;
fail:
    free(b.text);
    free(b.words);
    return -1;
}

int captions_paginate(const layer *l, const sub_track *track, const caption_rules *rules, PangoContext *ctx,
                      caption_page **pages, size_t *count, char *err, size_t errsize)
{
    paginator pg = {.l = l, .rules = rules, .ctx = ctx, .err = err, .errsize = errsize};
    int64_t (*times)[2] = malloc((track->word_count ? track->word_count : 1) * sizeof *times);
    if (!times)
        return oom(&pg);
    int rc = 0;
    if (track->cue_count == 0) {
        for (size_t i = 0; i < track->word_count; i++) {
            times[i][0] = track->words[i].start_us;
            times[i][1] = track->words[i].end_us;
        }
        rc = paginate_run(&pg, track->words, (const int64_t (*)[2])times, track->word_count, true, -1, -1);
    }
    for (size_t c = 0; c < track->cue_count && rc == 0; c++) {
        const sub_cue *cue = &track->cues[c];
        int64_t span = cue->end_us - cue->start_us, n = (int64_t)cue->word_count;
        for (int64_t k = 0; k < n; k++) {
            times[k][0] = cue->start_us + span * k / n;
            times[k][1] = cue->start_us + span * (k + 1) / n;
        }
        if (n > 0)
            rc = paginate_run(&pg, track->words + cue->first_word, (const int64_t (*)[2])times, (size_t)n,
                              rules->even_timing, cue->start_us, cue->end_us);
    }
    free(times);
    if (rc) {
        captions_pages_free(pg.pages, pg.count);
        return rc;
    }
    /* A page never runs into the next one; a page that rounds to no frame
     * still shows for one. */
    for (size_t i = 0; i < pg.count; i++) {
        caption_page *p = &pg.pages[i];
        if (i + 1 < pg.count && p->end_f > pg.pages[i + 1].start_f)
            p->end_f = pg.pages[i + 1].start_f;
        if (p->end_f <= p->start_f)
            p->end_f = p->start_f + 1;
    }
    *pages = pg.pages;
    *count = pg.count;
    return 0;
}

void captions_pages_free(caption_page *pages, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(pages[i].text);
        free(pages[i].words);
    }
    free(pages);
}

const caption_page *captions_page_at(const captions_resource *res, double t)
{
    /* Pages are in time order: binary search for the last that starts at or
     * before t. */
    size_t lo = 0, hi = res->page_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((double)res->pages[mid].start_f <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const caption_page *p = &res->pages[lo - 1];
    return t < (double)p->end_f ? p : NULL;
}

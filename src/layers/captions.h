/* Internals of the captions layer, shared by captions.c (the property table
 * and loading), captions_layout.c (pages and their times) and
 * captions_draw.c (drawing a page with its highlighted word). */
#ifndef REEL_CAPTIONS_H
#define REEL_CAPTIONS_H

#include "layers/font_choice.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pango/pangocairo.h>

#include "scene/scene.h"
#include "util/subtitles.h"

enum {
    CAP_SRC = COMMON_SLOT_COUNT, CAP_WORDS, CAP_FONT, CAP_FAMILY, CAP_WEIGHT, CAP_STYLE, CAP_SIZE,
    CAP_LINE_HEIGHT, CAP_COLOR, CAP_STROKE, CAP_STROKE_WIDTH, CAP_SHADOW, CAP_SHADOW_OFFSET,
    CAP_SHADOW_BLUR, CAP_BACKGROUND, CAP_PADDING, CAP_CORNER_RADIUS, CAP_MAX_WIDTH, CAP_MAX_LINES,
    CAP_MAX_CHARS, CAP_ALIGN, CAP_HIGHLIGHT, CAP_HIGHLIGHT_COLOR, CAP_HIGHLIGHT_SCALE,
    CAP_HIGHLIGHT_PADDING, CAP_HIGHLIGHT_RADIUS, CAP_HIGHLIGHT_SLIDE, CAP_WORD_TIMING, CAP_LINGER
};

enum caption_highlight { HIGHLIGHT_NONE, HIGHLIGHT_COLOR, HIGHLIGHT_SCALE, HIGHLIGHT_BOX };

typedef struct caption_word {
    size_t offset, len;         /* bytes of the page text */
    int64_t start_f, end_f;     /* layer frames; start_f -1: no time (never highlighted) */
} caption_word;

typedef struct caption_page {
    char *text;                 /* words joined by spaces, "\n" where the cue breaks a line */
    caption_word *words;
    size_t word_count;
    int64_t start_f, end_f;     /* shown on layer frames [start_f, end_f) */
} caption_page;

typedef struct captions_resource {
    font_choice face;
    caption_page *pages;
    size_t page_count;
} captions_resource;

/* What pagination needs from the layer's values. */
typedef struct caption_rules {
    size_t max_chars;           /* 0: no limit */
    int max_lines;
    bool sentence_pages;        /* break after . ! ? (and , ; : on a half-full page) */
    bool even_timing;           /* time cue words evenly; false: cue words are never highlighted */
    int64_t linger_us;          /* how long a word-list page stays after its last word */
    rational fps;
} caption_rules;

/* A pango layout of text in the layer's font, wrapped to its width. */
PangoLayout *captions_layout_new(const layer *l, PangoContext *ctx, const char *text);

/* Splits the track into pages following the rules, measuring line counts
 * with layouts made in ctx. Returns 0, or -1 with a message. */
int captions_paginate(const layer *l, const sub_track *track, const caption_rules *rules, PangoContext *ctx,
                      caption_page **pages, size_t *count, char *err, size_t errsize);

void captions_pages_free(caption_page *pages, size_t count);

/* The page shown at layer frame t, or NULL. */
const caption_page *captions_page_at(const captions_resource *res, double t);

/* The box: max_width wide, as tall as the page at t plus the padding. */
void captions_box(const layer *l, draw_ctx *dc, double t, double *w, double *h);
bool captions_draw(const layer *l, draw_ctx *dc, double t, double alpha);
/* Where captions_draw at time t can have drawn (layer_type.ink_bound). */
bool captions_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out);
void captions_cache_free(void *cache);

#endif

/* Captions layers: subtitles (SRT, WebVTT) or timed word lists, paginated to
 * a width, a number of lines and a number of characters, shown page by page
 * with the spoken word highlighted.
 *
 * Everything that depends on the text is decided once, at load: the words
 * are read, checked against the font set (a missing glyph is an error naming
 * the subtitle line), split into pages and timed in whole frames. Drawing a
 * frame only picks the page and the word, so a frame is a pure function of
 * its index. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangofc-fontmap.h>

#include "layers/captions.h"
#include "layers/layers.h"
#include "render/fonts.h"
#include "scene/load_ctx.h"
#include "util/files.h"

static const char *const style_values[] = {"normal", "italic", NULL};
static const char *const align_values[] = {"left", "center", "right", NULL};
static const char *const highlight_values[] = {"none", "color", "scale", "box", NULL};
static const char *const timing_values[] = {"even", "none", NULL};

#define ANY -INFINITY, INFINITY

static const prop_desc captions_props[] = {
    {"src", PROP_FILE, false, ANY, false, "null", NULL,
     "A subtitle file: .srt, .vtt, or .json (a word list); times are on the layer's timeline."},
    {"words", PROP_JSON, false, ANY, false, "null", NULL,
     "Instead of src: a word list [{\"text\": \"Hello\", \"start\": 0.32, \"end\": 0.61}, ...], times in seconds."},
    {"font", PROP_FILE, false, ANY, false, "null", NULL,
     "A font file (TTF/OTF) to use instead of font_family/font_weight/font_style."},
    {"font_family", PROP_STRING, false, ANY, false, "\"Inter\"", NULL,
     "Font family from the scene's font set."},
    {"font_weight", PROP_WEIGHT, false, ANY, false, "700", NULL,
     "Weight: 100 to 900, or a name such as bold."},
    {"font_style", PROP_ENUM, false, ANY, false, "\"normal\"", style_values, "normal or italic."},
    {"font_size", PROP_NUMBER, false, 1, 2000, false, "56", NULL, "Font size in pixels."},
    {"line_height", PROP_NUMBER, false, 0.5, 10, false, "1.2", NULL,
     "Distance between baselines as a multiple of font_size."},
    {"color", PROP_COLOR, true, ANY, false, "\"#FFFFFF\"", NULL, "Text color."},
    {"stroke", PROP_COLOR, true, ANY, false, "null", NULL, "Outline color around the letters; none by default."},
    {"stroke_width", PROP_NUMBER, true, 0, 200, false, "4", NULL,
     "Outline width in pixels, outside the letters."},
    {"shadow", PROP_COLOR, true, ANY, false, "null", NULL, "Drop shadow color; none by default."},
    {"shadow_offset", PROP_POINT, true, -1000, 1000, false, "[0, 4]", NULL, "Shadow offset [x, y] in pixels."},
    {"shadow_blur", PROP_NUMBER, true, 0, 200, false, "8", NULL, "Shadow blur radius in pixels."},
    {"background", PROP_COLOR, true, ANY, false, "null", NULL,
     "Color of a box behind the page, following its measured text; none by default."},
    {"padding", PROP_POINT, false, 0, 1000, true, "[24, 12]", NULL,
     "Space between the text and the background box edges, [x, y] or one number."},
    {"corner_radius", PROP_NUMBER, true, 0, 1000, false, "12", NULL, "Background box corner radius."},
    {"max_width", PROP_NUMBER, false, 10, 1e5, false, "1600", NULL,
     "Box width; lines wrap at max_width minus the horizontal padding."},
    {"max_lines", PROP_NUMBER, false, 1, 50, false, "2", NULL, "Lines per page at most (a whole number)."},
    {"max_chars", PROP_NUMBER, false, 0, 10000, false, "84", NULL,
     "Characters per page at most (a whole number; 0: no limit)."},
    {"align", PROP_ENUM, false, ANY, false, "\"center\"", align_values, "Line alignment: left, center or right."},
    {"highlight", PROP_ENUM, false, ANY, false, "\"none\"", highlight_values,
     "How the spoken word stands out: none, color (drawn in highlight_color), scale (grows by "
     "highlight_scale, in highlight_color) or box (a box in highlight_color slides behind it)."},
    {"highlight_color", PROP_COLOR, true, ANY, false, "\"#FFD400\"", NULL,
     "Color of the highlighted word (color, scale) or of the box behind it (box)."},
    {"highlight_scale", PROP_NUMBER, false, 0.1, 10, false, "1.15", NULL, "Scale of the spoken word (scale)."},
    {"highlight_padding", PROP_POINT, false, 0, 1000, true, "[6, 2]", NULL,
     "Space around the word inside the highlight box (box), [x, y] or one number."},
    {"highlight_radius", PROP_NUMBER, false, 0, 1000, false, "10", NULL, "Highlight box corner radius (box)."},
    {"highlight_slide", PROP_SECONDS, false, ANY, false, "0.1", NULL,
     "How long the highlight box takes to slide from one word to the next (box)."},
    {"word_timing", PROP_ENUM, false, ANY, false, "\"even\"", timing_values,
     "Subtitle cues have no word times: even shares each cue's time equally among its words "
     "(so they can be highlighted); none leaves cue words unhighlighted."},
    {"linger", PROP_SECONDS, false, ANY, false, "0.5", NULL,
     "Word lists: how long a page stays after its last word ends (never past the next page's start)."},
};

/* Turns a word-list error into a message at the right JSON Pointer. */
static int inline_words_error(load_ctx *lc, const sub_error *e)
{
    lc_push_key(lc, "words");
    if (e->index != SIZE_MAX)
        lc_push_index(lc, e->index);
    if (e->key)
        lc_push_key(lc, e->key);
    return lc_error(lc, "%s", e->message);
}

static int read_track(layer *l, load_ctx *lc, sub_track *track)
{
    const prop_value *src = &l->values[CAP_SRC], *words = &l->values[CAP_WORDS];
    if ((src->str != NULL) == (words->json != NULL))
        return lc_error(lc, "a captions layer needs either \"src\" (a subtitle file) or \"words\" (a word list)%s",
                        src->str ? ", not both" : "");
    if (words->json) {
        sub_error e;
        int rc = subtitles_from_json(words->json, track, &e);
        /* The JSON tree goes away when loading ends: drop the borrowed pointer. */
        l->values[CAP_WORDS].json = NULL;
        return rc ? inline_words_error(lc, &e) : 0;
    }
    size_t saved = lc_push_key(lc, "src");
    sub_format fmt;
    const char *name = strrchr(src->str, '/') ? strrchr(src->str, '/') + 1 : src->str;
    if (!subtitles_format_from_name(name, &fmt))
        return lc_error(lc, "\"%s\": expected a subtitle file ending in .srt, .vtt or .json (a word list)", name);
    char err[600], *data = NULL;
    size_t len;
    if (file_read_all(src->str, SUB_MAX_FILE_BYTES, &data, &len, err, sizeof err))
        return lc_error(lc, "%s", err);
    int rc = subtitles_parse(name, data, len, fmt, track, err, sizeof err);
    free(data);
    if (rc)
        return lc_error(lc, "%s", err);
    lc_pop(lc, saved);
    return 0;
}

static int resolve_font(layer *l, load_ctx *lc, captions_resource *res)
{
    const prop_value *v = l->values;
    return font_choice_resolve(lc, &v[CAP_FONT], &v[CAP_FAMILY], &v[CAP_WEIGHT], &v[CAP_STYLE], &res->face);
}

/* The load-wide pango context for measuring, shared with text layers. */
static PangoContext *check_context(load_ctx *lc, bool fonts_changed)
{
    if (fonts_changed && lc->font_check_map)
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(lc->font_check_map));
    if (!lc->font_check_map) {
        lc->font_check_map = font_map_new(lc->scene->fonts);
        lc->font_check_context = lc->font_check_map ? font_context_new(lc->font_check_map) : NULL;
    }
    return lc->font_check_context;
}

/* Every character of every word must be in the font; control characters
 * never are. Names the word's place: its file line, or its index. */
static int check_glyphs(layer *l, load_ctx *lc, PangoContext *ctx, const sub_track *track)
{
    const captions_resource *res = l->resource;
    PangoLayout *probe = captions_layout_new(l, ctx, "");
    PangoFont *font = pango_context_load_font(ctx, pango_layout_get_font_description(probe));
    g_object_unref(probe);
    int rc = 0;
    for (size_t i = 0; i < track->word_count && rc == 0; i++) {
        const sub_word *w = &track->words[i];
        for (const char *p = w->text; *p && rc == 0; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            if (c >= 0x20 && (g_unichar_iszerowidth(c) || (font && pango_font_has_char(font, c))))
                continue;
            char utf8[8] = {0};
            if (c >= 0x20)
                g_unichar_to_utf8(c, utf8);
            char where[300] = "";
            const char *src = l->values[CAP_SRC].str;
            if (src) {
                lc_push_key(lc, "src");
                snprintf(where, sizeof where, "%s:%d: ", strrchr(src, '/') ? strrchr(src, '/') + 1 : src, w->line);
            } else {
                lc_push_key(lc, "words");
                lc_push_index(lc, i);
                lc_push_key(lc, "text");
            }
            rc = lc_error(lc, "%sthe font \"%s\" has no glyph for U+%04X (%s); add a font that has it", where,
                          res->face.family, (unsigned)c, c < 0x20 ? "?" : utf8);
        }
    }
    if (font)
        g_object_unref(font);
    return rc;
}

static int captions_prepare(layer *l, load_ctx *lc)
{
    captions_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    int rc = resolve_font(l, lc, res);
    if (rc)
        return rc;
    for (int slot = CAP_MAX_LINES; slot <= CAP_MAX_CHARS; slot++) {
        double v = track_eval1(&l->values[slot].track, 0, 1);
        if (v != floor(v)) {
            lc_push_key(lc, layer_slot_desc(l->type, (size_t)slot)->name);
            return lc_error(lc, "expected a whole number, got %g", v);
        }
    }
    sub_track track;
    if ((rc = read_track(l, lc, &track)))
        return rc;
    PangoContext *ctx = check_context(lc, l->values[CAP_FONT].str != NULL);
    if (!ctx) {
        sub_track_free(&track);
        return lc_error(lc, "out of memory");
    }
    if ((rc = check_glyphs(l, lc, ctx, &track))) {
        sub_track_free(&track);
        return rc;
    }
    caption_rules rules = {
        .max_chars = (size_t)track_eval1(&l->values[CAP_MAX_CHARS].track, 0, 1),
        .max_lines = (int)track_eval1(&l->values[CAP_MAX_LINES].track, 0, 1),
        .sentence_pages = track.cue_count == 0,
        .even_timing = l->values[CAP_WORD_TIMING].integer == 0,
        .linger_us = l->values[CAP_LINGER].frame,
        .fps = lc->scene->fps,
    };
    char err[600];
    rc = captions_paginate(l, &track, &rules, ctx, &res->pages, &res->page_count, err, sizeof err);
    sub_track_free(&track);
    return rc ? lc_error(lc, "%s", err) : 0;
}

static void captions_release(layer *l)
{
    captions_resource *res = l->resource;
    if (res)
        captions_pages_free(res->pages, res->page_count);
    free(res);
}

static bool captions_draws_alpha(const layer *l)
{
    /* Box, shadow, outline and letters overlap: opacity composites them as one. */
    (void)l;
    return false;
}

const layer_type captions_layer_type = {
    .name = "captions",
    .doc = "Subtitles (SRT, WebVTT) or a timed word list, paginated, with the spoken word highlighted.",
    .props = captions_props,
    .prop_count = sizeof captions_props / sizeof captions_props[0],
    .prepare = captions_prepare,
    .box = captions_box,
    .draw = captions_draw,
    .draws_alpha = captions_draws_alpha,
    .ink_bound = captions_ink_bound,
    .release = captions_release,
    .cache_free = captions_cache_free,
    .changes_over_time = true,
};

/* Text layers: one paragraph laid out by pango in the scene's private font set,
 * with wrapping to a box width, alignment, line height and letter spacing;
 * optionally rich text (text_markup.c), per-unit animators (text_animator.c,
 * text_units.c), auto-fit (text_fit.c), outline, shadow and a background box
 * (text_style.c). Fonts are checked at load: an unknown family or a character
 * the font cannot draw is an error, never a silent substitute.
 *
 * Drawing: plain text without outline, shadow or animators is drawn with
 * pango_cairo_show_layout as it always was. Otherwise the layout (built once
 * per worker and cached) is cut into pieces, one glyph string per unit and
 * color span, and each frame draws every piece with its own transform. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangofc-fontmap.h>

#include "layers/layers.h"
#include "layers/text_internal.h"
#include "render/draw.h"
#include "render/fonts.h"
#include "render/ink_bound.h"
#include "scene/load_ctx.h"

static const char *const style_values[] = {"normal", "italic", NULL};
static const char *const align_values[] = {"left", "center", "right", NULL};
static const char *const fit_values[] = {"none", "shrink", NULL};
static const char *const stroke_values[] = {"outside", "center", NULL};
static const char *const box_values[] = {"block", "lines", NULL};

static const prop_desc text_props[] = {
    {"text", PROP_STRING, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The text; \"\\n\" starts a new line."},
    {"font", PROP_FILE, false, -INFINITY, INFINITY, false, "null", NULL,
     "A font file (TTF/OTF) to use instead of font_family/font_weight/font_style."},
    {"font_family", PROP_STRING, false, -INFINITY, INFINITY, false, "\"Inter\"", NULL,
     "Font family from the scene's font set (Inter by default, plus files in \"fonts\")."},
    {"font_weight", PROP_WEIGHT, false, -INFINITY, INFINITY, false, "400", NULL,
     "Weight: 100 to 900, or thin, light, regular, medium, semibold, bold, extrabold, black."},
    {"font_style", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"normal\"", style_values,
     "normal or italic."},
    {"font_size", PROP_NUMBER, true, 0.5, 10000, false, "48", NULL,
     "Font size in pixels (the em size)."},
    {"color", PROP_PAINT, true, -INFINITY, INFINITY, false, "\"#FFFFFF\"", NULL,
     "Text paint: a color or a gradient over the text box."},
    {"align", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"left\"", align_values,
     "Alignment of lines within the box: left, center or right."},
    {"width", PROP_NUMBER, false, 0, 1e6, false, "0", NULL,
     "Box width in pixels; text wraps at word boundaries to fit. 0: no wrapping, "
     "the box is as wide as the text."},
    {"line_height", PROP_NUMBER, false, 0.1, 100, false, "1.2", NULL,
     "Distance between baselines as a multiple of font_size."},
    {"letter_spacing", PROP_NUMBER, true, -1000, 1000, false, "0", NULL,
     "Extra space between letters in pixels."},
    {"markup", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Read tags in the text: <b>, <i>, <color #RRGGBB>, <span color size family weight style>; "
     "&lt; &gt; &amp; for literal characters (see docs/text.md)."},
    {"animators", PROP_JSON, false, -INFINITY, INFINITY, false, "[]", NULL,
     "Per-unit animation of characters, words or lines (see docs/text.md)."},
    {"fit", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"none\"", fit_values,
     "shrink: lower the font size (never above font_size) until the text fits width, height and "
     "max_lines; below min_font_size it ends in an ellipsis."},
    {"height", PROP_NUMBER, false, 0, 1e6, false, "0", NULL,
     "Box height in pixels for fit: shrink (0: no height limit); also the box height for anchor."},
    {"max_lines", PROP_NUMBER, false, 0, 10000, false, "0", NULL,
     "For fit: shrink, the most lines the text may take (0: no limit)."},
    {"min_font_size", PROP_NUMBER, false, 0.5, 10000, false, "8", NULL,
     "For fit: shrink, the smallest font size to try."},
    {"stroke", PROP_PAINT, true, -INFINITY, INFINITY, false, "null", NULL,
     "Outline paint (a color or a gradient over the text box); none by default."},
    {"stroke_width", PROP_NUMBER, true, 0, 1000, false, "2", NULL,
     "Outline width in pixels (the visible width, also for stroke_position outside)."},
    {"stroke_position", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"outside\"", stroke_values,
     "outside: the outline is drawn under the fill and shows outside the glyphs; center: on top, "
     "centered on the glyph edges."},
    {"shadow_color", PROP_COLOR, true, -INFINITY, INFINITY, false, "null", NULL,
     "Drop shadow color; no shadow when not given."},
    {"shadow_offset", PROP_POINT, true, -1e4, 1e4, false, "[4, 4]", NULL,
     "Shadow offset in pixels [x, y]."},
    {"shadow_blur", PROP_NUMBER, true, 0, 200, false, "0", NULL,
     "Shadow blur radius in pixels (a deterministic three-pass box blur)."},
    {"background", PROP_PAINT, true, -INFINITY, INFINITY, false, "null", NULL,
     "Paint of a box behind the text; none by default."},
    {"padding", PROP_POINT, true, 0, 1e4, true, "[0, 0]", NULL,
     "Space between the text and its background box edge, one number or [x, y]."},
    {"corner_radius", PROP_NUMBER, true, 0, 1e4, false, "0", NULL,
     "Corner radius of the background box."},
    {"box", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"block\"", box_values,
     "block: one background box around the whole text; lines: one box per line."},
};

PangoFontDescription *text_font(const text_resource *res, double size)
{
    return font_choice_description(&res->face, size);
}

static void insert_range(PangoAttrList *attrs, PangoAttribute *a, const text_span *s)
{
    a->start_index = (guint)s->start;
    a->end_index = (guint)s->end;
    pango_attr_list_insert(attrs, a);
}

/* Font attributes of the markup spans (colors are applied per piece). */
static void span_attributes(PangoAttrList *attrs, const text_markup *m, double span_scale)
{
    for (size_t i = 0; i < m->span_count; i++) {
        const text_span *s = &m->spans[i];
        if (s->weight)
            insert_range(attrs, pango_attr_weight_new((PangoWeight)s->weight), s);
        if (s->italic >= 0)
            insert_range(attrs, pango_attr_style_new(s->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL), s);
        if (s->family)
            insert_range(attrs, pango_attr_family_new(s->family), s);
        if (s->size > 0)
            insert_range(attrs, pango_attr_size_new_absolute((int)lround(s->size * span_scale * PANGO_SCALE)), s);
    }
}

PangoLayout *text_build_layout(const layer *l, const text_resource *res, PangoContext *ctx, double size,
                               double span_scale, double spacing, bool ellipsize)
{
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *fd = text_font(res, size);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, res->text, -1);
    double width = track_eval1(&l->values[TEXT_WIDTH].track, 0, 1);
    bool shrink = l->values[TEXT_FIT].integer == 1;
    if (width > 0) {
        pango_layout_set_width(layout, (int)lround(width * PANGO_SCALE));
        /* Fitting shrinks rather than breaking words. */
        pango_layout_set_wrap(layout, shrink ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
    }
    if (ellipsize) {
        double height = track_eval1(&l->values[TEXT_HEIGHT].track, 0, 1);
        double max_lines = track_eval1(&l->values[TEXT_MAX_LINES].track, 0, 1);
        pango_layout_set_height(layout, height > 0 ? (int)lround(height * PANGO_SCALE) : -(int)max_lines);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    pango_layout_set_alignment(layout, aligns[l->values[TEXT_ALIGN].integer]);
    PangoAttrList *attrs = pango_attr_list_new();
    double line_height = track_eval1(&l->values[TEXT_LINE_HEIGHT].track, 0, 1);
    pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute((int)lround(line_height * size * PANGO_SCALE)));
    if (spacing != 0)
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)lround(spacing * PANGO_SCALE)));
    span_attributes(attrs, &res->markup, span_scale);
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    return layout;
}

/* ---- Loading ---- */

/* The face a byte of the text is drawn with: the layer's, changed by every
 * span that covers it (outer spans first, so inner ones win). */
static void face_at(const text_resource *res, size_t byte, const char **family, int *weight, bool *italic)
{
    *family = res->face.family;
    *weight = res->face.weight;
    *italic = res->face.italic;
    for (size_t i = 0; i < res->markup.span_count; i++) {
        const text_span *s = &res->markup.spans[i];
        if (byte < s->start || byte >= s->end)
            continue;
        if (s->family)
            *family = s->family;
        if (s->weight)
            *weight = s->weight;
        if (s->italic >= 0)
            *italic = s->italic;
    }
}

/* Checks that every character has a glyph in the face it is drawn with.
 * Control characters render as nothing or as boxes, never as text: they
 * count as missing. Returns 0 or fills the diagnostic. */
static int check_glyphs(load_ctx *lc, const text_resource *res, PangoContext *ctx)
{
    const char *text = res->text, *cur_family = NULL;
    int cur_weight = -1;
    bool cur_italic = false;
    PangoFont *font = NULL;
    gunichar missing = 0;
    const char *missing_family = NULL;
    for (const char *p = text; *p && !missing; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\n' || c == '\t')
            continue;
        const char *family;
        int weight;
        bool italic;
        face_at(res, (size_t)(p - text), &family, &weight, &italic);
        if (c < 0x20) {
            missing = c;
            missing_family = family;
            break;
        }
        if (g_unichar_iszerowidth(c))
            continue;
        if (family != cur_family || weight != cur_weight || italic != cur_italic) {
            if (font)
                g_object_unref(font);
            font_choice face = { .weight = weight, .italic = italic };
            snprintf(face.family, sizeof face.family, "%s", family);
            PangoFontDescription *fd = font_choice_description(&face, 48);
            font = pango_context_load_font(ctx, fd);
            pango_font_description_free(fd);
            cur_family = family;
            cur_weight = weight;
            cur_italic = italic;
        }
        if (!font || !pango_font_has_char(font, c)) {
            missing = c;
            missing_family = family;
        }
    }
    if (font)
        g_object_unref(font);
    if (!missing)
        return 0;
    char utf8[8] = {0};
    g_unichar_to_utf8(missing, utf8);
    lc_push_key(lc, "text");
    return lc_error(lc, "the font \"%s\" has no glyph for U+%04X (%s); add a font that has it",
                    missing_family, (unsigned)missing, missing < 0x20 ? "?" : utf8);
}

static int resolve_font(layer *l, load_ctx *lc, text_resource *res)
{
    const prop_value *v = l->values;
    return font_choice_resolve(lc, &v[TEXT_FONT], &v[TEXT_FAMILY], &v[TEXT_WEIGHT], &v[TEXT_STYLE], &res->face);
}

static int load_markup(layer *l, load_ctx *lc, text_resource *res)
{
    if (!l->values[TEXT_MARKUP].integer) {
        res->text = l->values[TEXT_TEXT].str;
        return 0;
    }
    char err[400];
    size_t saved = lc_push_key(lc, "text");
    if (markup_parse(l->values[TEXT_TEXT].str, &res->markup, err, sizeof err))
        return lc_error(lc, "%s", err);
    res->text = res->markup.plain;
    for (size_t i = 0; i < res->markup.span_count; i++) {
        const char *family = res->markup.spans[i].family;
        if (family && !font_set_has_family(lc->scene->fonts, family)) {
            char families[400];
            font_set_families(lc->scene->fonts, families, sizeof families);
            return lc_error(lc, "markup at character %ld: font family \"%s\" is not in the scene's font set "
                            "(it has: %s)", res->markup.spans[i].at, family, families);
        }
    }
    lc_pop(lc, saved);
    return 0;
}

static int check_options(layer *l, load_ctx *lc)
{
    const prop_value *v = l->values;
    if (v[TEXT_FIT].integer == 1) {
        if (!(track_eval1(&v[TEXT_WIDTH].track, 0, 1) > 0)) {
            lc_push_key(lc, "fit");
            return lc_error(lc, "fit \"shrink\" needs a box \"width\" greater than 0");
        }
        if (!(track_eval1(&v[TEXT_HEIGHT].track, 0, 1) > 0) && !(track_eval1(&v[TEXT_MAX_LINES].track, 0, 1) > 0)) {
            lc_push_key(lc, "fit");
            return lc_error(lc, "fit \"shrink\" needs \"height\" or \"max_lines\"");
        }
    } else {
        static const int fit_only[] = {TEXT_MAX_LINES, TEXT_MIN_SIZE};
        for (size_t i = 0; i < 2; i++)
            if (v[fit_only[i]].given) {
                lc_push_key(lc, layer_slot_desc(l->type, (size_t)fit_only[i])->name);
                return lc_error(lc, "\"%s\" applies only with \"fit\": \"shrink\"",
                                layer_slot_desc(l->type, (size_t)fit_only[i])->name);
            }
    }
    double max_lines = track_eval1(&v[TEXT_MAX_LINES].track, 0, 1);
    if (max_lines != floor(max_lines)) {
        lc_push_key(lc, "max_lines");
        return lc_error(lc, "expected a whole number of lines, got %g", max_lines);
    }
    return 0;
}

/* An animated color is mixed with the fill, so the fill must be one color
 * wherever a color animator runs. */
static int check_animator_colors(layer *l, load_ctx *lc, const text_resource *res)
{
    for (size_t i = 0; i < res->animator_count; i++)
        if ((res->animators[i].state.fields & ANIM_COLOR) && !paint_is_solid_or_none(&l->values[TEXT_COLOR].paint)) {
            lc_push_key(lc, "animators");
            lc_push_index(lc, i);
            lc_push_key(lc, res->animators[i].exit ? "to" : "from");
            lc_push_key(lc, "color");
            return lc_error(lc, "a color animator needs a solid text \"color\", not a gradient");
        }
    return 0;
}

/* Characters and words do not depend on the layout's size; lines do, but a
 * line holds at least one word or ends at a newline. The bounds tell the
 * static-span analysis when the last unit has finished. */
static int bound_units(load_ctx *lc, const layer *l, const text_resource *res)
{
    PangoLayout *layout = text_build_layout(l, res, lc->font_check_context, 48, 1, 0, false);
    size_t count[3];
    int rc = units_count(layout, count);
    g_object_unref(layout);
    if (rc)
        return lc_error(lc, "out of memory");
    size_t newlines = 0;
    for (const char *p = res->text; *p; p++)
        newlines += *p == '\n';
    text_resource *w = l->resource;
    w->unit_bound[UNIT_CHARACTERS] = count[UNIT_CHARACTERS];
    w->unit_bound[UNIT_WORDS] = count[UNIT_WORDS];
    w->unit_bound[UNIT_LINES] = count[UNIT_WORDS] + newlines + 1;
    return 0;
}

static int text_prepare(layer *l, load_ctx *lc)
{
    text_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    int rc;
    if ((rc = resolve_font(l, lc, res)) || (rc = load_markup(l, lc, res)) || (rc = check_options(l, lc)) ||
        (rc = animators_load(lc, l->values[TEXT_ANIMATORS].json, &res->animators, &res->animator_count)) ||
        (rc = check_animator_colors(l, lc, res)))
        return rc;
    /* Glyph coverage is checked once, here, with one font map shared by the
     * whole load (a map per layer would start a fontconfig thread each). */
    if (l->values[TEXT_FONT].str && lc->font_check_map)
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(lc->font_check_map));
    if (!lc->font_check_map) {
        lc->font_check_map = font_map_new(lc->scene->fonts);
        lc->font_check_context = lc->font_check_map ? font_context_new(lc->font_check_map) : NULL;
    }
    if (!lc->font_check_context)
        return lc_error(lc, "out of memory");
    if ((rc = check_glyphs(lc, res, lc->font_check_context)))
        return rc;
    return res->animator_count ? bound_units(lc, l, res) : 0;
}

static void text_release(layer *l)
{
    text_resource *res = l->resource;
    if (res) {
        markup_free(&res->markup);
        free(res->animators);
    }
    free(res);
}

static bool text_content_static_over(const layer *l, double t0, double t1)
{
    const text_resource *res = l->resource;
    return animators_static_over(res->animators, res->animator_count, res->unit_bound, t0, t1);
}

/* ---- Per-worker cache ---- */

static void cache_clear_units(text_cache *c)
{
    if (c->have_units)
        units_free(&c->units);
    /* ranks has one slot more than there are animators: NULL-terminated. */
    for (size_t i = 0; c->ranks && c->ranks[i]; i++)
        free(c->ranks[i]);
    free(c->ranks);
    free(c->states);
    c->ranks = NULL;
    c->states = NULL;
    c->have_units = false;
}

static void cache_free(void *cache)
{
    text_cache *c = cache;
    cache_clear_units(c);
    if (c->layout)
        g_object_unref(c->layout);
    free(c);
}

static text_cache *cache_at(const layer *l, draw_ctx *dc, double t)
{
    const text_resource *res = l->resource;
    text_cache *c = dc->caches[l->index];
    if (!c) {
        if (!(c = calloc(1, sizeof *c)))
            return NULL;
        dc->caches[l->index] = c;
    }
    double size = layer_number(l, TEXT_SIZE, t, dc->fps);
    double spacing = layer_number(l, TEXT_LETTER_SPACING, t, dc->fps);
    if (!c->layout || c->size != size || c->spacing != spacing) {
        if (c->layout)
            g_object_unref(c->layout);
        cache_clear_units(c);
        double fitted = size;
        bool overflow = false;
        if (l->values[TEXT_FIT].integer == 1)
            fitted = fit_font_size(l, res, dc->pango, size, spacing, &overflow);
        c->layout = text_build_layout(l, res, dc->pango, fitted, fitted / size, spacing, overflow);
        c->size = size;
        c->spacing = spacing;
    }
    return c;
}

static PangoLayout *layout_at(const layer *l, draw_ctx *dc, double t)
{
    text_cache *c = cache_at(l, dc, t);
    return c ? c->layout : NULL;
}

/* Cuts the cached layout into pieces and ranks the units, once per layout. */
static bool units_ready(const text_resource *res, text_cache *c)
{
    if (c->have_units)
        return true;
    unsigned kinds = 0;
    for (size_t i = 0; i < res->animator_count; i++)
        kinds |= 1u << res->animators[i].unit;
    if (units_build(c->layout, &res->markup, kinds, &c->units)) {
        units_free(&c->units);
        return false;
    }
    c->have_units = true;
    c->ranks = calloc(res->animator_count + 1, sizeof *c->ranks);
    c->states = calloc(c->units.piece_count ? c->units.piece_count : 1, sizeof *c->states);
    if (!c->ranks || !c->states)
        return false;
    for (size_t i = 0; i < res->animator_count; i++) {
        size_t n = c->units.count[res->animators[i].unit];
        if (!(c->ranks[i] = malloc((n ? n : 1) * sizeof(size_t))))
            return false;
        animator_ranks(&res->animators[i], n, c->ranks[i]);
    }
    return true;
}

static void text_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    PangoLayout *layout = layout_at(l, dc, t);
    PangoRectangle logical = {0};
    if (layout)
        pango_layout_get_extents(layout, NULL, &logical);
    double width = track_eval1(&l->values[TEXT_WIDTH].track, 0, 1);
    double height = track_eval1(&l->values[TEXT_HEIGHT].track, 0, 1);
    *w = width > 0 ? width : (double)logical.width / PANGO_SCALE;
    *h = height > 0 ? height : (double)logical.height / PANGO_SCALE;
}

/* Whether the text needs the piece path rather than one show_layout. */
static bool draws_pieces(const layer *l)
{
    const text_resource *res = l->resource;
    return res->animator_count > 0 || l->values[TEXT_MARKUP].integer || text_has_shadow(l) || text_has_stroke(l);
}

static bool text_draws_alpha(const layer *l)
{
    /* Outline, shadow and background overlap the glyphs: with opacity they
     * must be composited as one picture. */
    return !text_has_shadow(l) && !text_has_stroke(l) && l->values[TEXT_BACKGROUND].paint.type == PAINT_NONE;
}

static bool text_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    const text_resource *res = l->resource;
    text_cache *c = cache_at(l, dc, t);
    if (!c || !c->layout)
        return true;
    double w, h, fps = dc->fps;
    text_box(l, dc, t, &w, &h);
    style_draw_background(l, dc->cr, c->layout, t, fps, w, h, alpha);
    if (!draws_pieces(l)) {
        if (!paint_set_source(dc->cr, &l->values[TEXT_COLOR].paint, t, fps, w, h, alpha))
            return true;
        cairo_move_to(dc->cr, 0, 0);
        pango_cairo_show_layout(dc->cr, c->layout);
        return true;
    }
    if (!units_ready(res, c)) {
        snprintf(dc->error, sizeof dc->error, "%s: out of memory laying out text", l->pointer);
        return true;
    }
    pieces_draw(l, dc, c, t, w, h, alpha);
    return true;
}

static bool text_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out)
{
    const text_cache *c = dc->caches[l->index];
    px_rect acc = {0, 0, 0, 0};
    if (c && c->layout) {
        PangoRectangle ink, logical;
        pango_layout_get_extents(c->layout, &ink, &logical);
        if (l->values[TEXT_BACKGROUND].paint.type != PAINT_NONE) {
            /* The box, or a box per line (within the layout), grown by the padding. */
            double pad[2];
            layer_point(l, TEXT_PADDING, t, dc->fps, pad);
            double px = fabs(pad[0]), py = fabs(pad[1]);
            double u[4] = {fmin(0, (double)logical.x / PANGO_SCALE) - px, fmin(0, (double)logical.y / PANGO_SCALE) - py,
                           fmax(w, (double)(logical.x + logical.width) / PANGO_SCALE) + px,
                           fmax(h, (double)(logical.y + logical.height) / PANGO_SCALE) + py};
            acc = ink_device_rect(dc->cr, NULL, u, 2);
        }
        if (!draws_pieces(l)) {
            double u[4];
            ink_pango_rect(&ink, 0, 0, 0, u);
            acc = ink_unite(acc, ink_device_rect(dc->cr, NULL, u, 2));
        } else if (c->have_units) {
            acc = ink_unite(acc, pieces_ink_bound(l, dc, c, t));
        }
    }
    *out = acc;
    return true;
}

const layer_type text_layer_type = {
    .name = "text",
    .doc = "A paragraph of text in a font from the scene's font set, with optional markup, "
           "per-unit animators, auto-fit, outline, shadow and background box.",
    .props = text_props,
    .prop_count = sizeof text_props / sizeof text_props[0],
    .prepare = text_prepare,
    .box = text_box,
    .draw = text_draw,
    .draws_alpha = text_draws_alpha,
    .ink_bound = text_ink_bound,
    .release = text_release,
    .cache_free = cache_free,
    .content_static_over = text_content_static_over,
};

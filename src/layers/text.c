/* Text layers: one paragraph laid out by pango in the scene's private font set,
 * with wrapping to a box width, alignment, line height and letter spacing.
 * Fonts are checked at load: an unknown family or a character the font cannot
 * draw is an error, never a silent substitute. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangofc-fontmap.h>

#include "layers/layers.h"
#include "render/draw.h"
#include "render/fonts.h"
#include "scene/load_ctx.h"

enum {
    TEXT_TEXT = COMMON_SLOT_COUNT, TEXT_FONT, TEXT_FAMILY, TEXT_WEIGHT, TEXT_STYLE, TEXT_SIZE,
    TEXT_COLOR, TEXT_ALIGN, TEXT_WIDTH, TEXT_LINE_HEIGHT, TEXT_LETTER_SPACING
};

static const char *const style_values[] = {"normal", "italic", NULL};
static const char *const align_values[] = {"left", "center", "right", NULL};

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
};

/* What the loader resolved: the exact face description to ask pango for. */
typedef struct text_resource {
    char family[256];
    int weight;
    bool italic;
} text_resource;

/* Per-worker cache: the layout and the animated inputs it was built with. */
typedef struct text_cache {
    PangoLayout *layout;
    double size, spacing;
} text_cache;

static PangoFontDescription *make_font(const text_resource *res, double size)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, res->family);
    pango_font_description_set_weight(fd, (PangoWeight)res->weight);
    pango_font_description_set_style(fd, res->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    return fd;
}

static PangoLayout *build_layout(const layer *l, const text_resource *res, PangoContext *ctx,
                                 double size, double spacing)
{
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *fd = make_font(res, size);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, l->values[TEXT_TEXT].str, -1);
    double width = track_eval1(&l->values[TEXT_WIDTH].track, 0, 1);
    if (width > 0) {
        pango_layout_set_width(layout, (int)lround(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    pango_layout_set_alignment(layout, aligns[l->values[TEXT_ALIGN].integer]);
    PangoAttrList *attrs = pango_attr_list_new();
    double line_height = track_eval1(&l->values[TEXT_LINE_HEIGHT].track, 0, 1);
    pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute((int)lround(line_height * size * PANGO_SCALE)));
    if (spacing != 0)
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new((int)lround(spacing * PANGO_SCALE)));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    return layout;
}

/* The first character the font set cannot draw, or 0. */
static gunichar first_missing_glyph(PangoLayout *layout, const char *text)
{
    /* Control characters render as nothing or as boxes, never as text: treat
     * them as missing glyphs too. */
    bool controls = false;
    for (const char *p = text; *p; p++)
        controls |= (unsigned char)*p < 0x20 && *p != '\n' && *p != '\t';
    if (pango_layout_get_unknown_glyphs_count(layout) == 0 && !controls)
        return 0;
    PangoContext *ctx = pango_layout_get_context(layout);
    PangoFont *font = pango_context_load_font(ctx, pango_layout_get_font_description(layout));
    gunichar missing = 0;
    for (const char *p = text; *p && !missing; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c != '\n' && c != '\t' && !g_unichar_iszerowidth(c) && (!font || !pango_font_has_char(font, c)))
            missing = c;
    }
    if (font)
        g_object_unref(font);
    return missing ? missing : 0xFFFD;
}

static int text_prepare(layer *l, load_ctx *lc)
{
    text_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    char err[600];
    const prop_value *font = &l->values[TEXT_FONT];
    if (font->str) {
        if (l->values[TEXT_FAMILY].given || l->values[TEXT_WEIGHT].given || l->values[TEXT_STYLE].given) {
            lc_push_key(lc, "font");
            return lc_error(lc, "give either \"font\" (a file) or font_family/font_weight/font_style, not both");
        }
        if (font_set_add_file(lc->scene->fonts, font->str, err, sizeof err) ||
            font_file_describe(font->str, res->family, sizeof res->family, &res->weight, &res->italic,
                               err, sizeof err)) {
            lc_push_key(lc, "font");
            return lc_error(lc, "%s", err);
        }
    } else {
        snprintf(res->family, sizeof res->family, "%s", l->values[TEXT_FAMILY].str);
        res->weight = l->values[TEXT_WEIGHT].integer;
        res->italic = l->values[TEXT_STYLE].integer == 1;
        if (!font_set_has_family(lc->scene->fonts, res->family)) {
            char families[400];
            font_set_families(lc->scene->fonts, families, sizeof families);
            lc_push_key(lc, "font_family");
            return lc_error(lc, "font family \"%s\" is not in the scene's font set (it has: %s); "
                            "add its file to \"fonts\" or name it with \"font\"", res->family, families);
        }
    }
    /* Glyph coverage is checked once, here, with one font map shared by the
     * whole load (a map per layer would start a fontconfig thread each). */
    if (font->str && lc->font_check_map)
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(lc->font_check_map));
    if (!lc->font_check_map) {
        lc->font_check_map = font_map_new(lc->scene->fonts);
        lc->font_check_context = lc->font_check_map ? font_context_new(lc->font_check_map) : NULL;
    }
    PangoContext *ctx = lc->font_check_context;
    if (!ctx)
        return lc_error(lc, "out of memory");
    PangoLayout *layout = build_layout(l, res, ctx, 48, 0);
    gunichar missing = first_missing_glyph(layout, l->values[TEXT_TEXT].str);
    g_object_unref(layout);
    if (missing) {
        char utf8[8] = {0};
        g_unichar_to_utf8(missing, utf8);
        lc_push_key(lc, "text");
        return lc_error(lc, "the font \"%s\" has no glyph for U+%04X (%s); add a font that has it",
                        res->family, (unsigned)missing, missing == 0xFFFD || missing < 0x20 ? "?" : utf8);
    }
    return 0;
}

static void text_release(layer *l)
{
    free(l->resource);
}

static void cache_free(void *cache)
{
    text_cache *c = cache;
    if (c->layout)
        g_object_unref(c->layout);
    free(c);
}

static PangoLayout *layout_at(const layer *l, draw_ctx *dc, double t)
{
    text_cache *c = dc->caches[l->index];
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return NULL;
        dc->caches[l->index] = c;
    }
    double size = layer_number(l, TEXT_SIZE, t, dc->fps);
    double spacing = layer_number(l, TEXT_LETTER_SPACING, t, dc->fps);
    if (!c->layout || c->size != size || c->spacing != spacing) {
        if (c->layout)
            g_object_unref(c->layout);
        c->layout = build_layout(l, l->resource, dc->pango, size, spacing);
        c->size = size;
        c->spacing = spacing;
    }
    return c->layout;
}

static void text_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    PangoLayout *layout = layout_at(l, dc, t);
    PangoRectangle logical = {0};
    if (layout)
        pango_layout_get_extents(layout, NULL, &logical);
    double width = track_eval1(&l->values[TEXT_WIDTH].track, 0, 1);
    *w = width > 0 ? width : (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

static bool text_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static bool text_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    PangoLayout *layout = layout_at(l, dc, t);
    if (!layout)
        return true;
    double w, h;
    text_box(l, dc, t, &w, &h);
    if (!paint_set_source(dc->cr, &l->values[TEXT_COLOR].paint, t, dc->fps, w, h, alpha))
        return true;
    cairo_move_to(dc->cr, 0, 0);
    pango_cairo_show_layout(dc->cr, layout);
    return true;
}

const layer_type text_layer_type = {
    .name = "text",
    .doc = "A paragraph of text in a font from the scene's font set.",
    .props = text_props,
    .prop_count = sizeof text_props / sizeof text_props[0],
    .prepare = text_prepare,
    .box = text_box,
    .draw = text_draw,
    .draws_alpha = text_draws_alpha,
    .release = text_release,
    .cache_free = cache_free,
};

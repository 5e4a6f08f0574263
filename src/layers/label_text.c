/* Labels for counters and charts (see label_text.h). The font check mirrors the
 * text layer's: one pango context shared by the whole load. */
#include "layers/label_text.h"

#include <math.h>
#include <stdio.h>

#include "render/fonts.h"
#include "render/ink_bound.h"

int label_font_resolve(load_ctx *lc, const char *family, int weight, const char *key, label_font *out)
{
    *out = (label_font){ .weight = weight };
    snprintf(out->family, sizeof out->family, "%s", family);
    return font_choice_check_family(lc, family, key, false);
}

PangoLayout *label_layout(PangoContext *ctx, const label_font *f, double size, const char *text,
                          bool tabular, double max_width)
{
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *fd = font_choice_description(f, size);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_single_paragraph_mode(layout, TRUE);
    pango_layout_set_text(layout, text, -1);
    if (tabular) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum 1"));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    if (max_width > 0) {
        pango_layout_set_width(layout, (int)lround(max_width * PANGO_SCALE));
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    return layout;
}

int label_check_glyphs(load_ctx *lc, const label_font *f, const char *text, const char *what)
{
    if (!lc->font_check_map) {
        lc->font_check_map = font_map_new(lc->scene->fonts);
        lc->font_check_context = lc->font_check_map ? font_context_new(lc->font_check_map) : NULL;
    }
    if (!lc->font_check_context)
        return lc_error(lc, "out of memory");
    gunichar missing = 0;
    for (const char *p = text; *p && !missing; p = g_utf8_next_char(p))
        if ((unsigned char)*p < 0x20)
            missing = (unsigned char)*p;
    if (!missing) {
        PangoLayout *layout = label_layout(lc->font_check_context, f, 48, text, false, 0);
        if (pango_layout_get_unknown_glyphs_count(layout) > 0) {
            PangoFont *font = pango_context_load_font(lc->font_check_context,
                                                      pango_layout_get_font_description(layout));
            for (const char *p = text; *p && !missing; p = g_utf8_next_char(p)) {
                gunichar c = g_utf8_get_char(p);
                if (!g_unichar_iszerowidth(c) && (!font || !pango_font_has_char(font, c)))
                    missing = c;
            }
            if (font)
                g_object_unref(font);
            if (!missing)
                missing = 0xFFFD;
        }
        g_object_unref(layout);
    }
    if (!missing)
        return 0;
    char utf8[8] = {0};
    g_unichar_to_utf8(missing, utf8);
    return lc_error(lc, "the font \"%s\" has no glyph for U+%04X (%s) in %s; add a font that has it",
                    f->family, (unsigned)missing, missing == 0xFFFD || missing < 0x20 ? "?" : utf8, what);
}

void label_extent(PangoLayout *layout, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

/* Where label_show puts the layout's origin. */
static void label_origin(const PangoRectangle *logical, double x, double y, double ax, double ay, double *ox,
                         double *oy)
{
    double w = (double)logical->width / PANGO_SCALE, h = (double)logical->height / PANGO_SCALE;
    *ox = x - ax * w - (double)logical->x / PANGO_SCALE;
    *oy = y - ay * h;
}

void label_show(cairo_t *cr, PangoLayout *layout, double x, double y, double ax, double ay)
{
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double ox, oy;
    label_origin(&logical, x, y, ax, ay, &ox, &oy);
    cairo_move_to(cr, ox, oy);
    pango_cairo_show_layout(cr, layout);
}

void label_ink_rect(PangoLayout *layout, double x, double y, double ax, double ay, double u[4])
{
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    double ox, oy;
    label_origin(&logical, x, y, ax, ay, &ox, &oy);
    ink_pango_rect(&ink, ox, oy, 0, u);
}

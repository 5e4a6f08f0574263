/* Font choice at load time (see font_choice.h). */
#include "layers/font_choice.h"

#include <stdio.h>

#include "render/fonts.h"

PangoFontDescription *font_choice_description(const font_choice *f, double size)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, f->family);
    pango_font_description_set_weight(fd, (PangoWeight)f->weight);
    pango_font_description_set_style(fd, f->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    return fd;
}

int font_choice_check_family(load_ctx *lc, const char *family, const char *key, bool can_name_file)
{
    if (font_set_has_family(lc->scene->fonts, family))
        return 0;
    char families[400];
    font_set_families(lc->scene->fonts, families, sizeof families);
    size_t saved = lc_push_key(lc, key);
    int rc = lc_error(lc, "font family \"%s\" is not in the scene's font set (it has: %s); "
                      "add its file to \"fonts\"%s", family, families,
                      can_name_file ? " or name it with \"font\"" : "");
    lc_pop(lc, saved);
    return rc;
}

int font_choice_resolve(load_ctx *lc, const prop_value *file, const prop_value *family,
                        const prop_value *weight, const prop_value *style, font_choice *out)
{
    if (file->str) {
        size_t saved = lc_push_key(lc, "font");
        if (family->given || weight->given || style->given)
            return lc_error(lc, "give either \"font\" (a file) or font_family/font_weight/font_style, not both");
        char err[600];
        if (font_set_add_file(lc->scene->fonts, file->str, err, sizeof err) ||
            font_file_describe(file->str, out->family, sizeof out->family, &out->weight, &out->italic,
                               err, sizeof err))
            return lc_error(lc, "%s", err);
        lc_pop(lc, saved);
        return 0;
    }
    snprintf(out->family, sizeof out->family, "%s", family->str);
    out->weight = weight->integer;
    out->italic = style->integer == 1;
    return font_choice_check_family(lc, out->family, "font_family", true);
}

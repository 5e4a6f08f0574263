/* The scene's font set: a private fontconfig configuration that holds only the
 * default fonts (Inter, from fonts-inter) and the files the scene names. Text
 * never falls back to whatever fonts the machine happens to have, so it renders
 * the same everywhere; a family outside the set is an error. */
#ifndef REEL_FONTS_H
#define REEL_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

/* A new set with the default fonts. NULL with a message on failure. */
FcConfig *font_set_new(char *err, size_t errsize);

/* Adds a font file. Returns 0, or -1 with a message (missing, unreadable, not a font). */
int font_set_add_file(FcConfig *fonts, const char *path, char *err, size_t errsize);

/* Reads a font file's family, weight (100..900) and italic flag. */
int font_file_describe(const char *path, char *family, size_t family_size, int *weight,
                       bool *italic, char *err, size_t errsize);

/* true when the set has the family (case-insensitive). */
bool font_set_has_family(FcConfig *fonts, const char *family);

/* "Inter, Inter Display" for messages. */
void font_set_families(FcConfig *fonts, char *buf, size_t size);

/* A pango font map over the set, with reel's unhinted, deterministic text
 * settings applied to contexts made by font_context_new. */
PangoFontMap *font_map_new(FcConfig *fonts);
PangoContext *font_context_new(PangoFontMap *map);

/* Releases a font map from font_map_new, with everything it cached; the
 * release itself is deferred (see fonts.c) so pango's threads can finish. */
void font_map_free(PangoFontMap *map);

#endif

/* The scene's private font set (see fonts.h for why it is private). */
#include "render/fonts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <pthread.h>
#include <unistd.h>

#include <fontconfig/fcfreetype.h>
#include <pango/pangofc-fontmap.h>

#include "reel_config.h"

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the font files of dir one by one, in name order. (FcConfigAppFontAddDir
 * would try to write a cache, which a private configuration has nowhere to put.) */
static int add_font_dir(FcConfig *fonts, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof names / sizeof names[0]) {
        const char *dot = strrchr(e->d_name, '.');
        if (dot && (strcasecmp(dot, ".otf") == 0 || strcasecmp(dot, ".ttf") == 0))
            if ((names[n] = strdup(e->d_name)))
                n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], compare_names);
    int added = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        added += FcConfigAppFontAddFile(fonts, (const FcChar8 *)path) ? 1 : 0;
        free(names[i]);
    }
    return added > 0 ? 0 : -1;
}

FcConfig *font_set_new(char *err, size_t errsize)
{
    FcConfig *fonts = FcConfigCreate();
    if (!fonts) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    if (add_font_dir(fonts, REEL_DEFAULT_FONT_DIR) != 0 || !font_set_has_family(fonts, "Inter")) {
        snprintf(err, errsize, "the default font set is missing: no Inter fonts in %s "
                 "(install Debian's fonts-inter, e.g. with scripts/deps.sh)", REEL_DEFAULT_FONT_DIR);
        FcConfigDestroy(fonts);
        return NULL;
    }
    return fonts;
}

int font_set_add_file(FcConfig *fonts, const char *path, char *err, size_t errsize)
{
    if (access(path, R_OK) != 0) {
        snprintf(err, errsize, "cannot read font file %s", path);
        return -1;
    }
    int count = 0;
    FcPattern *p = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
    if (!p) {
        snprintf(err, errsize, "%s is not a font file (expected TrueType or OpenType)", path);
        return -1;
    }
    FcPatternDestroy(p);
    if (!FcConfigAppFontAddFile(fonts, (const FcChar8 *)path)) {
        snprintf(err, errsize, "cannot add font file %s", path);
        return -1;
    }
    return 0;
}

int font_file_describe(const char *path, char *family, size_t family_size, int *weight,
                       bool *italic, char *err, size_t errsize)
{
    int count = 0;
    FcPattern *p = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
    if (!p) {
        snprintf(err, errsize, "%s is not a font file (expected TrueType or OpenType)", path);
        return -1;
    }
    FcChar8 *fam = NULL;
    int w = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
    FcPatternGetString(p, FC_FAMILY, 0, &fam);
    FcPatternGetInteger(p, FC_WEIGHT, 0, &w);
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    snprintf(family, family_size, "%s", fam ? (const char *)fam : "");
    *weight = FcWeightToOpenType(w);
    *italic = slant != FC_SLANT_ROMAN;
    FcPatternDestroy(p);
    return 0;
}

static FcFontSet *list_families(FcConfig *fonts)
{
    FcPattern *pat = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcFontSet *set = pat && os ? FcFontList(fonts, pat, os) : NULL;
    if (os)
        FcObjectSetDestroy(os);
    if (pat)
        FcPatternDestroy(pat);
    return set;
}

bool font_set_has_family(FcConfig *fonts, const char *family)
{
    FcFontSet *set = list_families(fonts);
    bool found = false;
    for (int i = 0; set && i < set->nfont && !found; i++) {
        FcChar8 *fam;
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch; k++)
            if (strcasecmp((const char *)fam, family) == 0)
                found = true;
    }
    if (set)
        FcFontSetDestroy(set);
    return found;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void font_set_families(FcConfig *fonts, char *buf, size_t size)
{
    buf[0] = '\0';
    FcFontSet *set = list_families(fonts);
    if (!set)
        return;
    /* Sorted, so the message does not depend on directory order. */
    const char *names[set->nfont > 0 ? set->nfont : 1];
    int n = 0;
    for (int i = 0; i < set->nfont; i++) {
        FcChar8 *fam;
        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch)
            names[n++] = (const char *)fam;
    }
    qsort(names, (size_t)n, sizeof names[0], compare_strings);
    size_t len = 0;
    for (int i = 0; i < n && len < size; i++) {
        if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", names[i]);
    }
    FcFontSetDestroy(set);
}

PangoFontMap *font_map_new(FcConfig *fonts)
{
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map)
        return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), fonts);
    /* Pango initializes fontconfig for a new map on a helper thread; listing
     * the families waits for it, so the map is never freed while that thread
     * still uses it (which crashed when maps were made and freed quickly). */
    PangoFontFamily **families = NULL;
    int n = 0;
    pango_font_map_list_families(map, &families, &n);
    g_free(families);
    return map;
}

PangoContext *font_context_new(PangoFontMap *map)
{
    PangoContext *ctx = pango_font_map_create_context(map);
    if (!ctx)
        return NULL;
    /* Unhinted outlines and metrics: glyph positions scale linearly, so a layout
     * is the same at any output scale and on any machine. */
    cairo_font_options_t *opts = cairo_font_options_create();
    cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(ctx, opts);
    cairo_font_options_destroy(opts);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

/* Shuts a map down now (see font_map_free). */
static void font_map_destroy(PangoFontMap *map)
{
    /* Fonts and fontsets cached by the map keep references to it; shutting it
     * down drops them, so the map (and its hold on the font set) really goes. */
    pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(map));
    g_object_unref(map);
}

/* Pango matches fonts on a pool thread, which drops its hold on the match
 * just after handing the result over; a map shut down in that instant made
 * the thread read freed tables (a SIGFPE inside glib, seen about once in a
 * few thousand renders). So a freed map is only retired: it is shut down once
 * RETIRED_MAPS newer maps have been retired after it, long after any match
 * it started. The last few stay reachable until the process ends. */
#define RETIRED_MAPS 8
static PangoFontMap *retired[RETIRED_MAPS];
static size_t retired_count;
static pthread_mutex_t retired_lock = PTHREAD_MUTEX_INITIALIZER;

void font_map_free(PangoFontMap *map)
{
    if (!map)
        return;
    PangoFontMap *oldest = NULL;
    pthread_mutex_lock(&retired_lock);
    if (retired_count == RETIRED_MAPS) {
        oldest = retired[0];
        memmove(retired, retired + 1, (RETIRED_MAPS - 1) * sizeof *retired);
        retired_count--;
    }
    retired[retired_count++] = map;
    pthread_mutex_unlock(&retired_lock);
    if (oldest)
        font_map_destroy(oldest);
}

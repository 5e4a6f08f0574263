/* SVG path data ("M10 10 h 50 a 5 5 0 0 1 5 5 z"): parsing into a list of
 * segments kept as written, interpolation between two paths with the same
 * commands (morphs), and drawing into cairo with quadratics, smooth curves and
 * arcs converted to cubic Béziers.
 *
 * Segments keep the command letter as written (relative or absolute) with
 * implicit repeats expanded, so that two paths "have the same structure" when
 * their letter sequences are equal, and interpolation works on the numbers
 * the author wrote. Numbers are read without the C locale (numparse.h). */
#ifndef REEL_SVG_PATH_H
#define REEL_SVG_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

typedef struct path_seg {
    char cmd;           /* M m L l H h V v C c S s Q q T t A a Z z */
    double a[7];        /* the command's numbers, in SVG order */
} path_seg;

typedef struct path_data {
    path_seg *segs;
    size_t count;
} path_data;

/* A path property: one path, or keyframes of paths with equal structure (the
 * keyframe times and easings live in the property's track). */
typedef struct path_anim {
    path_data *keys;
    size_t count;
} path_anim;

/* How many numbers a command letter takes (either case); -1 if it is not one. */
int svg_path_arg_count(char cmd);

/* Parses s. On error returns false and writes "at offset N: expected ..."
 * into err; *out is then empty. On success the caller frees with
 * path_data_free. */
bool path_data_parse(const char *s, path_data *out, char *err, size_t errsize);
void path_data_free(path_data *p);

/* true when a and b have the same command letters in the same order; else
 * the index of the first difference goes to *where. */
bool path_data_same_structure(const path_data *a, const path_data *b, size_t *where);

/* out = a + (b - a) * u, numbers only; arc flags come from a until u >= 1.
 * out must have a->count segments allocated; a and b the same structure. */
void path_data_lerp(const path_data *a, const path_data *b, double u, path_data *out);

/* Appends the path to cr's current path (in user coordinates). */
void path_data_emit(cairo_t *cr, const path_data *p);

void path_anim_free(struct path_anim *a);

#endif

/* Path length and trim paths ("draw-on" strokes).
 *
 * A path is flattened into polylines with a fixed tolerance in the layer's own
 * units (PATH_FLATTEN_TOLERANCE, independent of the output scale), so lengths
 * and trimmed shapes are the same at every resolution. Trimming selects a
 * range of the total length (all sub-paths in order, as one run) and emits the
 * polylines covering it; with an offset the range wraps around the end. */
#ifndef REEL_PATH_MEASURE_H
#define REEL_PATH_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#define PATH_FLATTEN_TOLERANCE 0.01

typedef struct flat_subpath {
    size_t first, count;        /* points xy[2*first ...] */
    bool closed;                /* includes the closing segment back to its first point */
    double length;
} flat_subpath;

typedef struct flat_path {
    double *xy;
    size_t point_count, point_cap;
    flat_subpath *subs;
    size_t sub_count, sub_cap;
    double length;              /* of every sub-path together */
} flat_path;

/* Flattens cr's current path as it would be in user coordinates with an
 * identity matrix: the caller builds the path with an identity matrix (see
 * path_flatten_current). Reuses fp's buffers. Returns false when out of memory. */
bool flat_path_from_cairo(flat_path *fp, const cairo_path_t *path);

/* Replaces cr's current path (built in user coordinates) by nothing and fills
 * fp with its flattened form, at PATH_FLATTEN_TOLERANCE in user units. */
bool path_flatten_current(cairo_t *cr, flat_path *fp);

/* Appends to cr's path the part of fp between fractions start and end of its
 * length (swapped if start > end), shifted by offset (wrapping around).
 * start/end are clamped to [0, 1]; the whole path when the range covers it. */
void flat_path_trim(const flat_path *fp, double start, double end, double offset, cairo_t *cr);

void flat_path_free(flat_path *fp);

#endif

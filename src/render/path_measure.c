/* Flattened path length and trimming; see path_measure.h. */
#include <math.h>
#include <stdlib.h>

#include "render/path_measure.h"

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

static bool add_point(flat_path *fp, double x, double y)
{
    if (!grow((void **)&fp->xy, &fp->point_cap, fp->point_count + 1, 2 * sizeof *fp->xy))
        return false;
    fp->xy[2 * fp->point_count] = x;
    fp->xy[2 * fp->point_count + 1] = y;
    fp->point_count++;
    fp->subs[fp->sub_count - 1].count++;
    return true;
}

static bool start_sub(flat_path *fp, double x, double y)
{
    /* cairo follows every close with a move to the same point; a move that
     * no line follows is not a sub-path, so the next move replaces it. */
    if (fp->sub_count > 0 && fp->subs[fp->sub_count - 1].count == 1) {
        fp->sub_count--;
        fp->point_count--;
    }
    if (!grow((void **)&fp->subs, &fp->sub_cap, fp->sub_count + 1, sizeof *fp->subs))
        return false;
    fp->subs[fp->sub_count++] = (flat_subpath){.first = fp->point_count};
    return add_point(fp, x, y);
}

static double seg_len(const double *a, const double *b)
{
    return hypot(b[0] - a[0], b[1] - a[1]);
}

static void measure(flat_path *fp)
{
    fp->length = 0;
    for (size_t i = 0; i < fp->sub_count; i++) {
        flat_subpath *s = &fp->subs[i];
        const double *p = fp->xy + 2 * s->first;
        double len = 0;
        for (size_t j = 1; j < s->count; j++)
            len += seg_len(p + 2 * (j - 1), p + 2 * j);
        if (s->closed && s->count > 1)
            len += seg_len(p + 2 * (s->count - 1), p);
        s->length = len;
        fp->length += len;
    }
}

bool flat_path_from_cairo(flat_path *fp, const cairo_path_t *path)
{
    fp->point_count = fp->sub_count = 0;
    fp->length = 0;
    double lx = 0, ly = 0;      /* last move_to, where a close returns */
    for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
        const cairo_path_data_t *d = &path->data[i];
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
            lx = d[1].point.x;
            ly = d[1].point.y;
            if (!start_sub(fp, lx, ly))
                return false;
            break;
        case CAIRO_PATH_LINE_TO:
            if (fp->sub_count == 0 && !start_sub(fp, lx, ly))
                return false;
            if (!add_point(fp, d[1].point.x, d[1].point.y))
                return false;
            break;
        case CAIRO_PATH_CLOSE_PATH:
            if (fp->sub_count > 0)
                fp->subs[fp->sub_count - 1].closed = true;
            break;
        case CAIRO_PATH_CURVE_TO:   /* not in a flattened path */
            break;
        }
    }
    if (fp->sub_count > 0 && fp->subs[fp->sub_count - 1].count == 1) {
        fp->sub_count--;
        fp->point_count--;
    }
    measure(fp);
    return true;
}

bool path_flatten_current(cairo_t *cr, flat_path *fp)
{
    double tolerance = cairo_get_tolerance(cr);
    cairo_set_tolerance(cr, PATH_FLATTEN_TOLERANCE);
    cairo_path_t *path = cairo_copy_path_flat(cr);
    cairo_set_tolerance(cr, tolerance);
    cairo_new_path(cr);
    bool ok = path->status == CAIRO_STATUS_SUCCESS && flat_path_from_cairo(fp, path);
    cairo_path_destroy(path);
    return ok;
}

static void emit_whole(const flat_path *fp, const flat_subpath *s, cairo_t *cr)
{
    const double *p = fp->xy + 2 * s->first;
    cairo_move_to(cr, p[0], p[1]);
    for (size_t j = 1; j < s->count; j++)
        cairo_line_to(cr, p[2 * j], p[2 * j + 1]);
    if (s->closed)
        cairo_close_path(cr);
}

/* The part of sub-path s from distance d0 to d1 along it; continues the
 * current polyline instead of starting a new one when `join`. */
static void emit_piece(const flat_path *fp, const flat_subpath *s, double d0, double d1, bool join, cairo_t *cr)
{
    if (s->closed && d0 <= 0 && d1 >= s->length && !join) {
        emit_whole(fp, s, cr);
        return;
    }
    const double *p = fp->xy + 2 * s->first;
    size_t nseg = s->count - 1 + (s->closed && s->count > 1);
    double acc = 0;
    bool started = false;
    for (size_t j = 0; j < nseg; j++) {
        const double *a = p + 2 * j, *b = p + 2 * ((j + 1) % s->count);
        double len = seg_len(a, b), end = acc + len;
        if (!started && end >= d0 && len > 0) {
            double u = (d0 - acc) / len;
            u = u < 0 ? 0 : u;
            double x = a[0] + (b[0] - a[0]) * u, y = a[1] + (b[1] - a[1]) * u;
            if (join)
                cairo_line_to(cr, x, y);
            else
                cairo_move_to(cr, x, y);
            started = true;
        }
        if (started && len > 0) {
            if (end >= d1) {
                double u = (d1 - acc) / len;
                cairo_line_to(cr, a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u);
                return;
            }
            cairo_line_to(cr, b[0], b[1]);
        }
        acc = end;
    }
}

/* Emits the range [lo, hi] of the total length; join_first continues the
 * current polyline at the first piece. */
static void emit_range(const flat_path *fp, double lo, double hi, bool join_first, cairo_t *cr)
{
    double o = 0;
    for (size_t i = 0; i < fp->sub_count; i++) {
        const flat_subpath *s = &fp->subs[i];
        double a = fmax(lo, o), b = fmin(hi, o + s->length);
        if (b > a) {
            emit_piece(fp, s, a - o, b - o, join_first, cr);
            join_first = false;
        }
        o += s->length;
    }
}

void flat_path_trim(const flat_path *fp, double start, double end, double offset, cairo_t *cr)
{
    start = fmin(fmax(start, 0), 1);
    end = fmin(fmax(end, 0), 1);
    if (start > end) {
        double t = start;
        start = end;
        end = t;
    }
    double span = end - start, L = fp->length;
    if (span <= 0 || L <= 0)
        return;
    if (span >= 1) {
        for (size_t i = 0; i < fp->sub_count; i++)
            emit_whole(fp, &fp->subs[i], cr);
        return;
    }
    double a = start + (offset - floor(offset));
    if (a >= 1)
        a -= 1;
    double b = a + span;
    if (b <= 1) {
        emit_range(fp, a * L, b * L, false, cr);
        return;
    }
    /* Wrapping past the end: a single closed contour continues through its
     * start point as one line (so joins, not caps, meet there). */
    bool one_loop = fp->sub_count == 1 && fp->subs[0].closed;
    emit_range(fp, a * L, L, false, cr);
    emit_range(fp, 0, (b - 1) * L, one_loop, cr);
}

void flat_path_free(flat_path *fp)
{
    free(fp->xy);
    free(fp->subs);
    *fp = (flat_path){0};
}

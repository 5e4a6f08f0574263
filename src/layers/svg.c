/* SVG layers: a vector image drawn through librsvg into the layer's own cairo
 * transform, so it stays sharp at any scale (it is never a bitmap scaled up).
 *
 * The file is read once at load through the scene's asset sandbox and parsed
 * from memory with no base location, so it cannot pull in other files or
 * URLs; references to anything but its own #fragments or data: URLs are a
 * load error rather than a silently missing part. An RsvgHandle is not safe
 * to use from two threads at once, so each worker parses its own from the
 * shared bytes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librsvg/rsvg.h>

#include "layers/layers.h"
#include "render/draw.h"
#include "render/ink_bound.h"
#include "scene/load_ctx.h"
#include "util/files.h"

#define SVG_SIZE_LIMIT (64u << 20)

enum { SVG_SRC = COMMON_SLOT_COUNT, SVG_WIDTH, SVG_HEIGHT, SVG_FIT };

static const char *const fit_values[] = {"contain", "cover", "fill", "none", NULL};

static const prop_desc svg_props[] = {
    {"src", PROP_FILE, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The SVG file, relative to the scene file; it may not refer to other files."},
    {"width", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box width; default: the SVG's own, or keeps its aspect ratio when only height is set."},
    {"height", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box height; default: the SVG's own, or keeps its aspect ratio when only width is set."},
    {"fit", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"contain\"", fit_values,
     "How the drawing fills its box: contain, cover (cropped), fill (stretched), none (own size, centered)."},
};

typedef struct svg_resource {
    char *bytes;
    size_t len;
    double width, height;       /* intrinsic size in pixels */
    /* Where the document draws, in its viewport's units: content may reach
     * past the viewport, which librsvg does not clip. */
    bool ink_known;
    double ink[4];              /* x0, y0, x1, y1; x0 == x1 when it draws nothing */
} svg_resource;

static RsvgHandle *handle_from(const svg_resource *r, GError **err)
{
    return rsvg_handle_new_from_data((const guint8 *)r->bytes, r->len, err);
}

/* Finds a reference to something outside the document: an href that is not
 * "#..." or "data:...", a url(...) that is not url(#...), or a CSS @import.
 * Writes the reference into out and returns true. */
static bool find_external_ref(const char *s, size_t len, char *out, size_t size)
{
    for (size_t i = 0; i < len; i++) {
        const char *p = s + i;
        size_t left = len - i;
        const char *v = NULL;
        if (left > 4 && strncmp(p, "href", 4) == 0) {
            size_t j = 4;
            while (j < left && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
                j++;
            if (j >= left || p[j] != '=')
                continue;
            j++;
            while (j < left && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r'))
                j++;
            if (j >= left || (p[j] != '"' && p[j] != '\''))
                continue;
            v = p + j + 1;
        } else if (left > 4 && strncmp(p, "url(", 4) == 0) {
            v = p + 4;
            while (v < s + len && (*v == ' ' || *v == '"' || *v == '\''))
                v++;
        } else if (left > 7 && strncmp(p, "@import", 7) == 0) {
            snprintf(out, size, "@import");
            return true;
        } else {
            continue;
        }
        size_t rest = (size_t)(s + len - v);
        if ((rest > 0 && v[0] == '#') || (rest >= 5 && strncmp(v, "data:", 5) == 0))
            continue;
        size_t n = strcspn(v, "\"')");
        snprintf(out, size, "%.*s", (int)(n > 80 ? 80 : n), v);
        return true;
    }
    return false;
}

/* Whether the document may use what librsvg draws through surfaces of its
 * own: filters, masks, group opacity, clipping, blending, text and images.
 * Their extent depends on where the document lands on the target (librsvg
 * sizes those surfaces from the target's transform), so one recording cannot
 * bound them. Any mention counts, in attributes and style sheets alike;
 * fill-, stroke- and stop-opacity only change a paint. */
static bool uses_own_surfaces(const char *s, size_t len)
{
    static const char *const words[] = {"filter", "mask", "clip", "blend", "isolation", "<text", "<image",
                                        "foreignObject", "<switch", "opacity"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = strlen(words[k]);
        bool opacity = !strcmp(words[k], "opacity");
        for (size_t i = 0; i + n <= len; i++)
            if (s[i] == words[k][0] && !memcmp(s + i, words[k], n) && !(opacity && i > 0 && s[i - 1] == '-'))
                return true;
    }
    return false;
}

/* Records one drawing of the document at its own size and keeps the extent
 * of what it drew. Without surfaces of librsvg's own (uses_own_surfaces),
 * every part is a path, a paint or a stroke drawn straight onto the target
 * under its transform, so the recorded extent holds all the ink, wherever it
 * lands. Otherwise, or when it fails to draw, the extent stays unknown, and
 * the layer counts as drawing everywhere. */
static void measure_ink(svg_resource *r, RsvgHandle *h)
{
    r->ink_known = false;
    if (uses_own_surfaces(r->bytes, r->len))
        return;
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    RsvgRectangle viewport = {0, 0, r->width, r->height};
    GError *gerr = NULL;
    bool drawn = rsvg_handle_render_document(h, cr, &viewport, &gerr);
    g_clear_error(&gerr);
    cairo_destroy(cr);
    double x, y, w, hh;
    cairo_recording_surface_ink_extents(rec, &x, &y, &w, &hh);
    r->ink_known = drawn && cairo_surface_status(rec) == CAIRO_STATUS_SUCCESS && isfinite(x) && isfinite(y) &&
                   isfinite(w) && isfinite(hh);
    r->ink[0] = x;
    r->ink[1] = y;
    r->ink[2] = x + w;
    r->ink[3] = y + hh;
    cairo_surface_destroy(rec);
}

static int svg_prepare(layer *l, load_ctx *lc)
{
    svg_resource *r = calloc(1, sizeof *r);
    if (!r)
        return lc_error(lc, "out of memory");
    l->resource = r;
    const char *path = l->values[SVG_SRC].str;
    char err[600];
    size_t saved = lc_push_key(lc, "src");
    if (file_read_all(path, SVG_SIZE_LIMIT, &r->bytes, &r->len, err, sizeof err) < 0)
        return lc_error(lc, "%s", err);
    char ref[96];
    if (find_external_ref(r->bytes, r->len, ref, sizeof ref))
        return lc_error(lc, "the SVG refers to an external resource \"%s\"; an SVG layer may only use its own "
                        "#fragments and data: URLs", ref);
    GError *gerr = NULL;
    RsvgHandle *h = handle_from(r, &gerr);
    if (!h) {
        lc_error(lc, "not a valid SVG: %s", gerr ? gerr->message : "unknown error");
        g_clear_error(&gerr);
        return REEL_EINPUT;
    }
    gdouble w = 0, hgt = 0;
    bool sized = rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt);
    if (!sized) {
        gboolean has_vb;
        RsvgRectangle vb;
        rsvg_handle_get_intrinsic_dimensions(h, NULL, NULL, NULL, NULL, &has_vb, &vb);
        if (has_vb) {
            w = vb.width;
            hgt = vb.height;
        }
    }
    if (!(w > 0) || !(hgt > 0) || !isfinite(w) || !isfinite(hgt)) {
        g_object_unref(h);
        return lc_error(lc, "the SVG has no size: give the <svg> element width and height or a viewBox");
    }
    r->width = w;
    r->height = hgt;
    measure_ink(r, h);
    g_object_unref(h);
    lc_pop(lc, saved);
    return 0;
}

static void svg_release(layer *l)
{
    svg_resource *r = l->resource;
    if (r) {
        free(r->bytes);
        free(r);
    }
}

static void svg_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    const svg_resource *r = l->resource;
    picture_box(l, SVG_WIDTH, SVG_HEIGHT, r->width, r->height, t, dc->fps, w, h);
}

static bool svg_draws_alpha(const layer *l)
{
    (void)l;
    return false;       /* the drawing has many parts: composite it as a group */
}

static void cache_free(void *cache)
{
    g_object_unref(cache);
}

/* How the document sits in a w x h box: scale, then offset (fit_t). clip:
 * whether the box cuts it (cover and none can overflow it). */
typedef struct fit_t {
    double sx, sy, tx, ty;
    bool clip;
} fit_t;

static fit_t fit_in_box(const layer *l, double w, double h)
{
    enum { FIT_CONTAIN, FIT_COVER, FIT_FILL, FIT_NONE };
    const svg_resource *r = l->resource;
    int fit = l->values[SVG_FIT].integer;
    fit_t f = {w / r->width, h / r->height, 0, 0, fit != FIT_CONTAIN && fit != FIT_FILL};
    if (fit == FIT_CONTAIN || fit == FIT_COVER)
        f.sx = f.sy = fit == FIT_CONTAIN ? fmin(f.sx, f.sy) : fmax(f.sx, f.sy);
    else if (fit == FIT_NONE)
        f.sx = f.sy = 1;
    f.tx = (w - r->width * f.sx) / 2;
    f.ty = (h - r->height * f.sy) / 2;
    return f;
}

/* The recorded extent, placed as svg_draw places the document, with a margin
 * for antialiasing at this scale. */
static bool svg_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out)
{
    (void)t;
    const svg_resource *r = l->resource;
    if (!r->ink_known)
        return false;
    if (!(r->ink[2] > r->ink[0]) || !(r->ink[3] > r->ink[1]) || w <= 0 || h <= 0) {
        *out = (px_rect){0, 0, 0, 0};
        return true;
    }
    fit_t f = fit_in_box(l, w, h);
    cairo_matrix_t m;
    cairo_matrix_init(&m, f.sx, 0, 0, f.sy, f.tx, f.ty);
    *out = ink_device_rect(dc->cr, &m, r->ink, 3);
    if (f.clip)
        *out = px_rect_intersect(*out, ink_device_rect(dc->cr, NULL, (double[4]){0, 0, w, h}, 3));
    return true;
}

static bool svg_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    (void)alpha;
    const svg_resource *r = l->resource;
    RsvgHandle *h = dc->caches[l->index];
    if (!h) {
        GError *gerr = NULL;
        h = handle_from(r, &gerr);
        g_clear_error(&gerr);
        if (!h) {
            snprintf(dc->error, sizeof dc->error, "%s: cannot parse the SVG again", l->pointer);
            return true;
        }
        dc->caches[l->index] = h;
    }
    double w, hh;
    svg_box(l, dc, t, &w, &hh);
    if (w <= 0 || hh <= 0)
        return true;
    fit_t f = fit_in_box(l, w, hh);
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    if (f.clip) {
        cairo_rectangle(cr, 0, 0, w, hh);
        cairo_clip(cr);
    }
    cairo_translate(cr, f.tx, f.ty);
    cairo_scale(cr, f.sx, f.sy);
    RsvgRectangle viewport = {0, 0, r->width, r->height};
    GError *gerr = NULL;
    if (!rsvg_handle_render_document(h, cr, &viewport, &gerr))
        snprintf(dc->error, sizeof dc->error, "%s: cannot draw the SVG: %s", l->pointer,
                 gerr ? gerr->message : "unknown error");
    g_clear_error(&gerr);
    cairo_restore(cr);
    return true;
}

const layer_type svg_layer_type = {
    .name = "svg",
    .doc = "A vector image (SVG) fitted into its box, sharp at any scale.",
    .props = svg_props,
    .prop_count = sizeof svg_props / sizeof svg_props[0],
    .prepare = svg_prepare,
    .box = svg_box,
    .draw = svg_draw,
    .draws_alpha = svg_draws_alpha,
    .ink_bound = svg_ink_bound,
    .release = svg_release,
    .cache_free = cache_free,
};

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
    g_object_unref(h);
    if (!(w > 0) || !(hgt > 0) || !isfinite(w) || !isfinite(hgt))
        return lc_error(lc, "the SVG has no size: give the <svg> element width and height or a viewBox");
    r->width = w;
    r->height = hgt;
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
    enum { FIT_CONTAIN, FIT_COVER, FIT_FILL, FIT_NONE };
    int fit = l->values[SVG_FIT].integer;
    double sx = w / r->width, sy = hh / r->height;
    bool clip = fit != FIT_CONTAIN && fit != FIT_FILL;
    if (fit == FIT_CONTAIN || fit == FIT_COVER)
        sx = sy = fit == FIT_CONTAIN ? fmin(sx, sy) : fmax(sx, sy);
    else if (fit == FIT_NONE)
        sx = sy = 1;
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    if (clip) {
        cairo_rectangle(cr, 0, 0, w, hh);
        cairo_clip(cr);
    }
    cairo_translate(cr, (w - r->width * sx) / 2, (hh - r->height * sy) / 2);
    cairo_scale(cr, sx, sy);
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
    .release = svg_release,
    .cache_free = cache_free,
};

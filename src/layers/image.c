/* Image layers: a PNG, JPEG or WebP file decoded once at load (through
 * FFmpeg's decoders), shared read-only by all workers, drawn into its box with
 * a CSS-like fit; below 3/4 of its size, bilinearly from a halved copy
 * (render/image_levels.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "layers/layers.h"
#include "media/image_decode.h"
#include "render/draw.h"
#include "render/image_levels.h"
#include "scene/load_ctx.h"

enum { IMAGE_SRC = COMMON_SLOT_COUNT, IMAGE_WIDTH, IMAGE_HEIGHT, IMAGE_FIT, IMAGE_RADIUS };

/* In draw_fitted's order. */
static const char *const fit_values[] = {"contain", "cover", "fill", "none", NULL};

static const prop_desc image_props[] = {
    {"src", PROP_FILE, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The image file (PNG, JPEG, WebP), relative to the scene file."},
    {"width", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box width; default: the image's own, or keeps its aspect ratio when only height is set."},
    {"height", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box height; default: the image's own, or keeps its aspect ratio when only width is set."},
    {"fit", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"contain\"", fit_values,
     "How the image fills its box: contain, cover (cropped), fill (stretched), none (own size, centered)."},
    {"corner_radius", PROP_NUMBER, true, 0, 1e6, false, "0", NULL,
     "Rounds the box's corners by this radius in pixels (limited to half the shorter side)."},
};

static int image_prepare(layer *l, load_ctx *lc)
{
    decoded_image *img = calloc(1, sizeof *img);
    if (!img)
        return lc_error(lc, "out of memory");
    l->resource = img;
    char err[600];
    if (image_decode_file(l->values[IMAGE_SRC].str, img, err, sizeof err) < 0) {
        lc_push_key(lc, "src");
        return lc_error(lc, "%s", err);
    }
    return 0;
}

static void image_release(layer *l)
{
    if (l->resource) {
        decoded_image_free(l->resource);
        free(l->resource);
    }
}

static void image_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    const decoded_image *img = l->resource;
    picture_box(l, IMAGE_WIDTH, IMAGE_HEIGHT, img->width, img->height, t, dc->fps, w, h);
}

static bool image_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static void cache_free(void *cache)
{
    image_levels_free(cache);
    free(cache);
}

static bool image_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    const decoded_image *img = l->resource;
    image_levels *levels = dc->caches[l->index];
    if (!levels) {
        /* Level 0 is a per-worker wrapper around the shared, read-only pixels. */
        cairo_surface_t *own = cairo_image_surface_create_for_data(img->pixels, CAIRO_FORMAT_ARGB32, img->width,
                                                                   img->height, img->stride);
        if (!(levels = malloc(sizeof *levels))) {
            cairo_surface_destroy(own);
            snprintf(dc->error, sizeof dc->error, "%.200s: out of memory", l->pointer);
            return true;
        }
        image_levels_init(levels, own);
        cairo_surface_destroy(own);
        dc->caches[l->index] = levels;
    }
    double w, h;
    image_box(l, dc, t, &w, &h);
    if (w <= 0 || h <= 0)
        return true;
    int fit = l->values[IMAGE_FIT].integer;
    double sx, sy;
    picture_device_scale(dc->cr, img->width, img->height, w, h, fit, &sx, &sy);
    image_pick pick = image_level_choose(sx, sy);
    cairo_surface_t *picture = image_level_get(levels, &pick.level);
    if (!picture) {
        snprintf(dc->error, sizeof dc->error, "%.200s: out of memory", l->pointer);
        return true;
    }
    double radius = layer_number(l, IMAGE_RADIUS, t, dc->fps);
    if (radius > 0) {
        cairo_save(dc->cr);
        path_rounded_rect(dc->cr, w, h, radius);
        cairo_clip(dc->cr);
    }
    draw_fitted_from(dc->cr, picture, cairo_image_surface_get_width(picture), cairo_image_surface_get_height(picture),
                     img->width, img->height, w, h, fit, alpha, pick.filter);
    if (radius > 0)
        cairo_restore(dc->cr);
    return true;
}

const layer_type image_layer_type = {
    .name = "image",
    .doc = "A still image file (PNG, JPEG, WebP) fitted into its box.",
    .props = image_props,
    .prop_count = sizeof image_props / sizeof image_props[0],
    .prepare = image_prepare,
    .box = image_box,
    .draw = image_draw,
    .draws_alpha = image_draws_alpha,
    .reach = picture_reach,
    .release = image_release,
    .cache_free = cache_free,
};

/* Lottie layers: a Bodymovin JSON animation played through rlottie.
 *
 * Timing is exact: the Lottie frame shown at local video frame n is
 *
 *     f = frame_offset + floor(n × rate × lottie_fps / video_fps)
 *
 * computed with integers from the decimal values as written (29.97 is
 * 2997/100), then wrapped into [0, total) when looping, or held on the last
 * frame otherwise. f counts from the Lottie's in-point (its "ip").
 *
 * Each worker owns its rlottie animation and an ARGB32 surface; frames render
 * synchronously (lottie_animation_render, never the async API) at the size the
 * layer has on the output, so the result does not depend on threads and stays
 * sharp under scale. The file is read through the asset sandbox and parsed
 * from memory; image assets must be embedded (data: URLs), never files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>
#include <rlottie_capi.h>

#include "layers/layers.h"
#include "layers/lottie.h"
#include "render/draw.h"
#include "scene/load_ctx.h"
#include "util/files.h"
#include "util/numparse.h"

#define LOTTIE_SIZE_LIMIT (64u << 20)
#define LOTTIE_RENDER_SIDE_LIMIT 8192

enum { LOT_SRC = COMMON_SLOT_COUNT, LOT_WIDTH, LOT_HEIGHT, LOT_FIT, LOT_RATE, LOT_LOOP, LOT_OFFSET };

static const char *const fit_values[] = {"contain", "cover", "fill", "none", NULL};

static const prop_desc lottie_props[] = {
    {"src", PROP_FILE, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The Lottie (Bodymovin JSON) file, relative to the scene file; images must be embedded."},
    {"width", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box width; default: the animation's own, or keeps its aspect ratio when only height is set."},
    {"height", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box height; default: the animation's own, or keeps its aspect ratio when only width is set."},
    {"fit", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"contain\"", fit_values,
     "How the animation fills its box: contain, cover (cropped), fill (stretched), none (own size, centered)."},
    {"rate", PROP_NUMBER, false, 0.001, 1000, false, "1", NULL,
     "Playback speed: 2 plays twice as fast (at most 9 significant digits)."},
    {"loop", PROP_BOOL, false, -INFINITY, INFINITY, false, "true", NULL,
     "Starts again after the last frame; false holds the last frame."},
    {"frame_offset", PROP_NUMBER, false, 0, 1e7, false, "0", NULL,
     "Lottie frames skipped at the start (an integer): the layer's first frame shows this one."},
};

typedef struct lottie_resource {
    char *bytes;                /* NUL-terminated JSON */
    size_t len;
    char key[72];               /* rlottie's model cache key: the content's SHA-256 */
    double width, height;
    int64_t total;              /* frames from ip to op */
    rational fr;                /* the Lottie's own frame rate, exact */
} lottie_resource;

typedef struct lottie_cache {
    Lottie_Animation *anim;
    cairo_surface_t *surf;
    int w, h;
} lottie_cache;

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

/* The exact value of x's shortest decimal form ("29.97" -> 2997/100), when
 * numerator and denominator fit in 9 digits after reduction. */
static bool decimal_rational(double x, rational *out)
{
    char buf[40];
    num_format(buf, sizeof buf, x);
    int64_t num = 0, den = 1;
    int digits = 0, exp10 = 0;
    const char *p = buf;
    bool frac = false;
    for (; *p && *p != 'e'; p++) {
        if (*p == '.') {
            frac = true;
            continue;
        }
        if (*p < '0' || *p > '9' || ++digits > 17)
            return false;
        num = num * 10 + (*p - '0');
        if (frac)
            exp10--;
    }
    if (*p == 'e')
        exp10 += atoi(p + 1);
    for (; exp10 > 0; exp10--) {
        if (num > INT64_MAX / 10)
            return false;
        num *= 10;
    }
    for (; exp10 < 0; exp10++) {
        if (den > INT64_MAX / 10)
            return false;
        den *= 10;
    }
    int64_t g = gcd64(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    if (num >= 1000000000 || den >= 1000000000)
        return false;
    *out = (rational){num, den};
    return true;
}

int64_t lottie_frame_for(int64_t n, rational video_fps, rational rate, rational fr, int64_t offset, int64_t total,
                         bool loop)
{
    __int128 num = (__int128)n * rate.num * fr.num * video_fps.den;
    __int128 den = (__int128)rate.den * fr.den * video_fps.num;
    __int128 q = num / den;
    if (num % den != 0 && num < 0)
        q--;
    __int128 f = q + offset;
    if (f < 0)
        f = 0;
    if (loop)
        return (int64_t)(f % total);
    return f >= total ? total - 1 : (int64_t)f;
}

static void hash_key(const char *data, size_t len, char out[72])
{
    uint8_t digest[32] = {0};
    struct AVSHA *sha = av_sha_alloc();
    if (sha) {
        av_sha_init(sha, 256);
        av_sha_update(sha, (const uint8_t *)data, len);
        av_sha_final(sha, digest);
        av_free(sha);
    }
    memcpy(out, "reel:", 5);
    for (int i = 0; i < 32; i++)
        snprintf(out + 5 + 2 * i, 3, "%02x", digest[i]);
}

static const json_value *number_member(const json_value *root, const char *name)
{
    const json_value *v = json_get(root, name);
    return v && v->type == JSON_NUMBER ? v : NULL;
}

/* Checks what reel relies on before rlottie sees the file: the header numbers,
 * and that every image asset is embedded. */
static int check_document(load_ctx *lc, const json_value *root, lottie_resource *r)
{
    if (root->type != JSON_OBJECT)
        return lc_error(lc, "not a Lottie animation: expected a JSON object");
    const json_value *fr = number_member(root, "fr"), *ip = number_member(root, "ip"),
                     *op = number_member(root, "op"), *w = number_member(root, "w"), *h = number_member(root, "h");
    if (!fr || !ip || !op || !w || !h)
        return lc_error(lc, "not a Lottie animation: expected the numbers \"fr\", \"ip\", \"op\", \"w\" "
                        "and \"h\"");
    if (!(fr->u.number > 0) || !decimal_rational(fr->u.number, &r->fr))
        return lc_error(lc, "the frame rate \"fr\" must be a positive number with at most 9 significant "
                        "digits");
    if (!(op->u.number > ip->u.number) || op->u.number - ip->u.number > 1e7)
        return lc_error(lc, "the out-point \"op\" must come after the in-point \"ip\"");
    if (!(w->u.number >= 1 && w->u.number <= 16384 && h->u.number >= 1 && h->u.number <= 16384))
        return lc_error(lc, "the size \"w\" x \"h\" must be from 1 to 16384 pixels");
    r->width = w->u.number;
    r->height = h->u.number;
    const json_value *assets = json_get(root, "assets");
    for (size_t i = 0; assets && assets->type == JSON_ARRAY && i < assets->u.array.count; i++) {
        const json_value *a = assets->u.array.items[i], *p = json_get(a, "p");
        if (!p || p->type != JSON_STRING)
            continue;
        if (strncmp(p->u.string.str, "data:", 5) != 0)
            return lc_error(lc, "image asset %zu (\"%.80s\") is a separate file; a Lottie layer needs its "
                            "images embedded as data: URLs", i, p->u.string.str);
    }
    return 0;
}

static int lottie_prepare(layer *l, load_ctx *lc)
{
    lottie_resource *r = calloc(1, sizeof *r);
    if (!r)
        return lc_error(lc, "out of memory");
    l->resource = r;
    const char *path = l->values[LOT_SRC].str;
    char err[600];
    size_t saved = lc_push_key(lc, "src");
    if (file_read_all(path, LOTTIE_SIZE_LIMIT, &r->bytes, &r->len, err, sizeof err) < 0)
        return lc_error(lc, "%s", err);
    json_error jerr;
    json_value *root = json_parse(r->bytes, r->len, &jerr);
    if (!root)
        return lc_error(lc, "not valid JSON (line %d, column %d): %s", jerr.line, jerr.column, jerr.message);
    int rc = check_document(lc, root, r);
    json_free(root);
    if (rc)
        return rc;
    hash_key(r->bytes, r->len, r->key);
    Lottie_Animation *anim = lottie_animation_from_data(r->bytes, r->key, "");
    if (!anim)
        return lc_error(lc, "not a Lottie animation rlottie can read");
    r->total = (int64_t)lottie_animation_get_totalframe(anim);
    lottie_animation_destroy(anim);
    if (r->total < 1)
        return lc_error(lc, "the Lottie animation has no frames");
    lc_pop(lc, saved);
    rational rate;
    if (!decimal_rational(l->values[LOT_RATE].track.constant[0], &rate)) {
        lc_push_key(lc, "rate");
        return lc_error(lc, "expected a rate with at most 9 significant digits");
    }
    double off = l->values[LOT_OFFSET].track.constant[0];
    if (off != floor(off)) {
        lc_push_key(lc, "frame_offset");
        return lc_error(lc, "expected a whole number of Lottie frames");
    }
    return 0;
}

static void lottie_release(layer *l)
{
    lottie_resource *r = l->resource;
    if (r) {
        free(r->bytes);
        free(r);
    }
}

static void lottie_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    const lottie_resource *r = l->resource;
    picture_box(l, LOT_WIDTH, LOT_HEIGHT, r->width, r->height, t, dc->fps, w, h);
}

static bool lottie_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static void cache_free(void *p)
{
    lottie_cache *c = p;
    if (c->anim)
        lottie_animation_destroy(c->anim);
    if (c->surf)
        cairo_surface_destroy(c->surf);
    free(c);
}

static lottie_cache *get_cache(const layer *l, draw_ctx *dc)
{
    lottie_cache *c = dc->caches[l->index];
    if (c)
        return c;
    const lottie_resource *r = l->resource;
    if (!(c = calloc(1, sizeof *c)))
        return NULL;
    c->anim = lottie_animation_from_data(r->bytes, r->key, "");
    if (!c->anim) {
        free(c);
        return NULL;
    }
    dc->caches[l->index] = c;
    return c;
}

static bool lottie_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    const lottie_resource *r = l->resource;
    lottie_cache *c = get_cache(l, dc);
    if (!c) {
        snprintf(dc->error, sizeof dc->error, "%s: cannot load the Lottie animation", l->pointer);
        return true;
    }
    double w, h;
    lottie_box(l, dc, t, &w, &h);
    if (w <= 0 || h <= 0)
        return true;
    rational rate;
    decimal_rational(l->values[LOT_RATE].track.constant[0], &rate);
    int64_t f = lottie_frame_for((int64_t)floor(t), dc->scene->fps, rate, r->fr,
                                 (int64_t)l->values[LOT_OFFSET].track.constant[0], r->total,
                                 l->values[LOT_LOOP].integer);

    enum { FIT_CONTAIN, FIT_COVER, FIT_FILL, FIT_NONE };
    int fit = l->values[LOT_FIT].integer;
    double sx = w / r->width, sy = h / r->height;
    bool clip = fit != FIT_CONTAIN && fit != FIT_FILL;
    if (fit == FIT_CONTAIN || fit == FIT_COVER)
        sx = sy = fit == FIT_CONTAIN ? fmin(sx, sy) : fmax(sx, sy);
    else if (fit == FIT_NONE)
        sx = sy = 1;
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    if (clip) {
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_clip(cr);
    }
    cairo_translate(cr, (w - r->width * sx) / 2, (h - r->height * sy) / 2);
    cairo_scale(cr, sx, sy);
    /* Render at the size the animation has on the output (same aspect ratio,
     * which rlottie keeps), then map that picture onto the intrinsic box. */
    double ax = r->width, ay = 0, bx = 0, by = r->height;
    cairo_user_to_device_distance(cr, &ax, &ay);
    cairo_user_to_device_distance(cr, &bx, &by);
    double s = fmax(hypot(ax, ay) / r->width, hypot(bx, by) / r->height);
    int rw = (int)ceil(r->width * s - 1e-6), rh = (int)ceil(r->height * s - 1e-6);
    rw = rw < 1 ? 1 : rw > LOTTIE_RENDER_SIDE_LIMIT ? LOTTIE_RENDER_SIDE_LIMIT : rw;
    rh = rh < 1 ? 1 : rh > LOTTIE_RENDER_SIDE_LIMIT ? LOTTIE_RENDER_SIDE_LIMIT : rh;
    if (!c->surf || c->w != rw || c->h != rh) {
        if (c->surf)
            cairo_surface_destroy(c->surf);
        c->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, rw, rh);
        c->w = rw;
        c->h = rh;
    }
    if (cairo_surface_status(c->surf) != CAIRO_STATUS_SUCCESS) {
        snprintf(dc->error, sizeof dc->error, "%s: out of memory for a %dx%d Lottie frame", l->pointer, rw, rh);
        cairo_restore(cr);
        return true;
    }
    cairo_surface_flush(c->surf);
    unsigned char *px = cairo_image_surface_get_data(c->surf);
    int stride = cairo_image_surface_get_stride(c->surf);
    memset(px, 0, (size_t)stride * (size_t)rh);
    lottie_animation_render(c->anim, (size_t)f, (uint32_t *)px, (size_t)rw, (size_t)rh, (size_t)stride);
    cairo_surface_mark_dirty(c->surf);
    cairo_scale(cr, r->width / rw, r->height / rh);
    cairo_set_source_surface(cr, c->surf, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, rw, rh);
    cairo_clip(cr);
    cairo_paint_with_alpha(cr, alpha);
    cairo_restore(cr);
    return true;
}

const layer_type lottie_layer_type = {
    .name = "lottie",
    .doc = "A Lottie (Bodymovin JSON) animation, fitted into its box and timed exactly to the video.",
    .props = lottie_props,
    .prop_count = sizeof lottie_props / sizeof lottie_props[0],
    .prepare = lottie_prepare,
    .box = lottie_box,
    .draw = lottie_draw,
    .draws_alpha = lottie_draws_alpha,
    .reach = picture_reach,             /* its frame is clipped to the box or to its fitted part */
    .release = lottie_release,
    .cache_free = cache_free,
    .changes_over_time = true,
};

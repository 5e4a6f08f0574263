/* The public API (include/reel.h): thin wrappers that connect the scene loader,
 * the renderer and the pipeline, and keep the promise that a failed write
 * never leaves a file under the requested name. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/pixfmt.h>

#include "media/heap_fill.h"
#include "pipeline/output.h"
#include "reel.h"
#include "reel_config.h"
#include "render/draw.h"
#include "scene/scene_load.h"
#include "util/files.h"

#define SCENE_FILE_LIMIT (64u * 1024 * 1024)

static void diag_set(reel_diag *d, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void diag_set(reel_diag *d, const char *file, const char *fmt, ...)
{
    if (!d)
        return;
    memset(d, 0, sizeof *d);
    if (file)
        snprintf(d->file, sizeof d->file, "%s", file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

REEL_API char *reel_diag_format(const reel_diag *d, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    const char *file = d->file[0] ? d->file : "reel";
    if (d->line > 0)
        snprintf(buf, size, "%s:%d:%d: %s", file, d->line, d->column, d->message);
    else if (d->pointer[0])
        snprintf(buf, size, "%s: %s: %s", file, d->pointer, d->message);
    else
        snprintf(buf, size, "%s: %s", file, d->message);
    return buf;
}

REEL_API const char *reel_version(void) { return REEL_VERSION; }

/* Growing reel_load_options must not change its size: programs built against
 * an older header pass the old struct. */
_Static_assert(sizeof(reel_load_options) == 2 * sizeof(int64_t) + sizeof(void *) + 64,
               "reel_load_options changed size");

static void load_options_convert(const reel_load_options *opts, scene_load_options *so)
{
    *so = (scene_load_options){0};
    if (!opts)
        return;
    if (opts->fps_num > 0 && opts->fps_den > 0)
        so->fps = (rational){opts->fps_num, opts->fps_den};
    so->asset_root = opts->asset_root;
    so->props = (template_inputs){.props_json = opts->props_json, .props_json_len = opts->props_json_len,
                                  .props_name = opts->props_name, .sets = opts->sets,
                                  .set_count = opts->sets ? opts->set_count : 0};
}

REEL_API int reel_scene_load_memory(reel_scene **out, const char *json, size_t len, const char *name,
                                    const char *base_dir, reel_diag *diag)
{
    return scene_load(out, json, len, name, base_dir, NULL, diag);
}

REEL_API int reel_scene_load_memory_ex(reel_scene **out, const char *json, size_t len, const char *name,
                                       const char *base_dir, const reel_load_options *opts, reel_diag *diag)
{
    scene_load_options so;
    load_options_convert(opts, &so);
    return scene_load(out, json, len, name, base_dir, &so, diag);
}

REEL_API int reel_scene_load_file(reel_scene **out, const char *path, reel_diag *diag)
{
    return reel_scene_load_file_ex(out, path, NULL, diag);
}

REEL_API int reel_scene_load_file_ex(reel_scene **out, const char *path, const reel_load_options *opts,
                                     reel_diag *diag)
{
    *out = NULL;
    char *text;
    size_t len;
    char err[600];
    if (file_read_all(path, SCENE_FILE_LIMIT, &text, &len, err, sizeof err) != 0) {
        diag_set(diag, path, "%s", err);
        return REEL_EINPUT;
    }
    char *dir = path_dirname(path);
    scene_load_options so;
    load_options_convert(opts, &so);
    int rc = dir ? scene_load(out, text, len, path, dir, &so, diag) : REEL_ENOMEM;
    free(dir);
    free(text);
    return rc;
}

REEL_API void reel_scene_free(reel_scene **s)
{
    if (s && *s) {
        scene_free(*s);
        *s = NULL;
    }
}

static int count_layers(layer *const *layers, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += 1 + count_layers(layers[i]->children, layers[i]->child_count);
    return total;
}

REEL_API void reel_scene_get_info(const reel_scene *s, reel_scene_info *info)
{
    *info = (reel_scene_info){
        .width = s->width, .height = s->height, .fps_num = s->fps.num, .fps_den = s->fps.den,
        .frames = s->frames, .layers = count_layers(s->layers, s->layer_count)};
}

REEL_API int reel_scene_time_to_frame(const reel_scene *s, const char *time, int64_t *frame,
                                      reel_diag *diag)
{
    char err[300];
    if (!time_parse(time, s->fps, false, frame, err, sizeof err)) {
        diag_set(diag, NULL, "%s", err);
        return REEL_EINPUT;
    }
    return 0;
}

static int check_frame(const reel_scene *s, int64_t frame, reel_diag *diag)
{
    if (frame < 0 || frame >= s->frames) {
        diag_set(diag, s->path, "frame %lld is outside the scene (frames 0 to %lld)", (long long)frame,
                 (long long)(s->frames - 1));
        return REEL_EINPUT;
    }
    return 0;
}

/* Renders one frame into dc; a layer that failed to draw (an asset that
 * would not decode, say) is an error, never a picture without it. Frees dc
 * on failure. */
static int render_checked(draw_ctx *dc, const reel_scene *s, int64_t frame, reel_diag *diag)
{
    render_frame(dc, frame);
    if (!dc->error[0])
        return 0;
    diag_set(diag, s->path, "frame %lld: %s", (long long)frame, dc->error);
    draw_ctx_destroy(dc);
    return REEL_EIO;
}

REEL_API int reel_render_frame(const reel_scene *s, int64_t frame, uint8_t *pixels, int stride,
                               reel_diag *diag)
{
    int rc = check_frame(s, frame, diag);
    if (rc)
        return rc;
    if (stride < s->width * 4) {
        diag_set(diag, NULL, "stride %d is smaller than width x 4", stride);
        return REEL_EINPUT;
    }
    draw_ctx dc;
    if (draw_ctx_init(&dc, s, 1.0) != 0) {
        diag_set(diag, NULL, "out of memory");
        return REEL_ENOMEM;
    }
    if ((rc = render_checked(&dc, s, frame, diag)) != 0)
        return rc;
    const uint8_t *src = cairo_image_surface_get_data(dc.target);
    int src_stride = cairo_image_surface_get_stride(dc.target);
    for (int y = 0; y < s->height; y++)
        memcpy(pixels + (size_t)y * (size_t)stride, src + (size_t)y * (size_t)src_stride, (size_t)s->width * 4);
    draw_ctx_destroy(&dc);
    return 0;
}

/* Renames tmp over path, or removes tmp. */
static int finish_output(const char *tmp, const char *path, bool ok, reel_diag *diag)
{
    if (!ok) {
        unlink(tmp);
        return 0;
    }
    if (rename(tmp, path) != 0) {
        diag_set(diag, path, "cannot move the finished file into place: %s", strerror(errno));
        unlink(tmp);
        return REEL_EIO;
    }
    return 0;
}

static cairo_status_t write_png_chunk(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

REEL_API int reel_render_still(const reel_scene *s, int64_t frame, const char *path, reel_diag *diag)
{
    int rc = check_frame(s, frame, diag);
    if (rc)
        return rc;
    char err[600];
    if (check_writable_dir(path, err, sizeof err) != 0) {
        diag_set(diag, path, "%s", err);
        return REEL_EIO;
    }
    draw_ctx dc;
    if (draw_ctx_init(&dc, s, 1.0) != 0) {
        diag_set(diag, NULL, "out of memory");
        return REEL_ENOMEM;
    }
    if ((rc = render_checked(&dc, s, frame, diag)) != 0)
        return rc;
    char *tmp = temp_path_beside(path);
    FILE *f = tmp ? fopen(tmp, "wb") : NULL;
    if (!f) {
        diag_set(diag, path, "cannot create %s: %s", tmp ? tmp : path, strerror(errno));
        free(tmp);
        draw_ctx_destroy(&dc);
        return REEL_EIO;
    }
    cairo_status_t st = cairo_surface_write_to_png_stream(dc.target, write_png_chunk, f);
    bool ok = st == CAIRO_STATUS_SUCCESS;
    if (fclose(f) != 0)
        ok = false;
    draw_ctx_destroy(&dc);
    if (!ok)
        diag_set(diag, path, "cannot write PNG: %s", cairo_status_to_string(st));
    rc = finish_output(tmp, path, ok, diag);
    free(tmp);
    return ok ? rc : REEL_EIO;
}

REEL_API void reel_render_options_default(reel_render_options *o)
{
    *o = (reel_render_options){
        .threads = 0, .crf = 18, .preset = "medium", .segment_frames = 0, .overwrite = 1, .encode = 1,
        .first_frame = 0, .last_frame = -1, .scale = 1.0, .gif_loop = 0, .gif_dither = 1};
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

REEL_API int reel_render(const reel_scene *s, const char *path, const reel_render_options *user_opts,
                         reel_diag *diag)
{
    reel_render_options o;
    if (user_opts)
        o = *user_opts;
    else
        reel_render_options_default(&o);
    if (o.threads <= 0)
        o.threads = cpu_count();
    output_plan_t plan;
    char err[768] = "";
    int rc = output_plan(s, path, &o, &plan, err, sizeof err);
    if (rc) {
        diag_set(diag, s->path, "%s", err);
        return rc;
    }
    heap_fill_prepare(plan.format ? plan.format->encoder : NULL);
    heap_fill_prepare(plan.audio_codec);
    const char *err_file = NULL;
    rc = output_render(s, path, &plan, o.overwrite != 0, o.stats, err, sizeof err, &err_file);
    if (rc)
        diag_set(diag, err_file ? err_file : (rc == REEL_EINPUT ? path : NULL), "%s", err);
    return rc;
}

REEL_API int reel_join(const char *const *parts, size_t count, const char *path, reel_diag *diag)
{
    char err[768] = "";
    const char *err_file = NULL;
    int rc = output_join(parts, count, path, err, sizeof err, &err_file);
    if (rc)
        diag_set(diag, err_file, "%s", err);
    return rc;
}

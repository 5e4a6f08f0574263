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

#include "pipeline/pipeline.h"
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

REEL_API int reel_scene_load_memory(reel_scene **out, const char *json, size_t len, const char *name,
                                    const char *base_dir, reel_diag *diag)
{
    return scene_load(out, json, len, name, base_dir, diag);
}

REEL_API int reel_scene_load_file(reel_scene **out, const char *path, reel_diag *diag)
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
    int rc = dir ? scene_load(out, text, len, path, dir, diag) : REEL_ENOMEM;
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
    render_frame(&dc, frame);
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
    render_frame(&dc, frame);
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
        .threads = 0, .crf = 18, .preset = "medium", .segment_frames = 60, .overwrite = 1, .encode = 1};
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static const char *extension_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

REEL_API int reel_render(const reel_scene *s, const char *path, const reel_render_options *user_opts,
                         reel_diag *diag)
{
    reel_render_options o;
    if (user_opts)
        o = *user_opts;
    else
        reel_render_options_default(&o);
    if (o.segment_frames <= 0)
        o.segment_frames = 60;
    if (o.crf < 0 || o.crf > 51 || !o.preset) {
        diag_set(diag, NULL, "crf must be from 0 to 51");
        return REEL_EINPUT;
    }
    pipeline_settings ps = {
        .encode_settings = {.codec = "libx264", .width = s->width, .height = s->height, .fps = s->fps,
                            .pix_fmt = AV_PIX_FMT_YUV420P, .full_range = false, .crf = o.crf,
                            .preset = o.preset},
        .scale = 1.0, .first_frame = 0, .frame_count = s->frames, .segment_frames = o.segment_frames,
        .threads = o.threads > 0 ? o.threads : cpu_count(), .encode = o.encode != 0,
        .progress = o.progress, .progress_user = o.progress_user,
    };
    if (s->width % 2 || s->height % 2) {
        diag_set(diag, s->path, "H.264 4:2:0 video needs an even width and height (the scene is %dx%d)",
                 s->width, s->height);
        return REEL_EINPUT;
    }
    char err[600] = "";
    if (!ps.encode) {
        int rc = pipeline_run(s, &ps, NULL, NULL, o.stats, err, sizeof err);
        if (rc)
            diag_set(diag, NULL, "%s", err);
        return rc;
    }
    const char *ext = extension_of(path);
    if (strcmp(ext, "mp4") != 0) {
        diag_set(diag, path, "unsupported output format \".%s\" (expected .mp4)", ext);
        return REEL_EINPUT;
    }
    if (!o.overwrite && access(path, F_OK) == 0) {
        diag_set(diag, path, "output exists (use overwrite to replace it)");
        return REEL_EINPUT;
    }
    if (check_writable_dir(path, err, sizeof err) != 0) {
        diag_set(diag, path, "%s", err);
        return REEL_EIO;
    }
    segment_encoder *reference = NULL;
    if (segment_encoder_open(&reference, &ps.encode_settings, err, sizeof err) < 0) {
        diag_set(diag, NULL, "cannot open the video encoder: %s", err);
        return REEL_EIO;
    }
    char *tmp = temp_path_beside(path);
    muxer *mx = NULL;
    int rc = REEL_ENOMEM;
    if (tmp) {
        rc = muxer_open(&mx, tmp, "mp4", segment_encoder_context(reference), s->fps, err, sizeof err) < 0
                 ? REEL_EIO : 0;
        if (rc)
            diag_set(diag, path, "cannot create the output file: %s", err);
    }
    if (rc == 0) {
        rc = pipeline_run(s, &ps, mx, segment_encoder_context(reference), o.stats, err, sizeof err);
        if (rc)
            diag_set(diag, rc == REEL_EIO ? path : NULL, "%s", err);
    }
    if (rc == 0 && muxer_finish(mx, err, sizeof err) < 0) {
        diag_set(diag, path, "cannot finish the output file: %s", err);
        rc = REEL_EIO;
    }
    muxer_free(&mx);
    segment_encoder_free(&reference);
    if (tmp) {
        int frc = finish_output(tmp, path, rc == 0, diag);
        if (rc == 0)
            rc = frc;
        free(tmp);
    }
    if (rc == 0 && o.stats) {
        FILE *f = fopen(path, "rb");
        if (f) {
            fseek(f, 0, SEEK_END);
            o.stats->bytes = ftell(f);
            fclose(f);
        }
    }
    return rc;
}

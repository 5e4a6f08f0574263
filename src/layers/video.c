/* Video layers: footage (any file FFmpeg demuxes and decodes) composited like
 * any other layer, frame-exactly.
 *
 * Output frame N of the layer shows the source frame whose presentation
 * interval contains  trim_start + (N / fps - layer start) x rate,  computed in
 * exact rational arithmetic (microsecond trims, rate to a millionth), so no
 * rounding can pick a neighbouring frame. Each worker keeps its own reader,
 * which decodes forward within a segment and seeks once per jump. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "media/audio_mix.h"
#include "media/audio_source.h"
#include "media/bgra_rotate.h"
#include "media/video_source.h"
#include "render/draw.h"
#include "render/image_levels.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"
#include "scene/load_ctx.h"

enum {
    VIDEO_SRC = COMMON_SLOT_COUNT, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FIT, VIDEO_TRIM_START, VIDEO_TRIM_END,
    VIDEO_RATE, VIDEO_LOOP, VIDEO_AFTER_END, VIDEO_RADIUS, VIDEO_VOLUME, VIDEO_MUTE
};

/* In draw_fitted's order. */
static const char *const fit_values[] = {"contain", "cover", "fill", "none", NULL};
static const char *const after_end_values[] = {"freeze", "hide", NULL};

static const prop_desc video_props[] = {
    {"src", PROP_FILE, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The video file (MP4, MOV, WebM, MKV; H.264, H.265, VP9, AV1, ProRes), relative to the scene file."},
    {"width", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box width; default: the video's own, or keeps its aspect ratio when only height is set."},
    {"height", PROP_NUMBER, true, 0, 1e6, false, "null", NULL,
     "Box height; default: the video's own, or keeps its aspect ratio when only width is set."},
    {"fit", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"contain\"", fit_values,
     "How the video fills its box: contain, cover (cropped), fill (stretched), none (own size, centered)."},
    {"trim_start", PROP_SECONDS, false, -INFINITY, INFINITY, false, "0", NULL,
     "Where in the source the layer starts, in the source's seconds."},
    {"trim_end", PROP_SECONDS, false, -INFINITY, INFINITY, false, "null", NULL,
     "Where in the source the clip ends (exclusive); default: the source's end."},
    {"rate", PROP_NUMBER, false, 0.25, 4, false, "1", NULL,
     "Playback rate: 0.5 is half speed, 2 double speed."},
    {"loop", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Play the trimmed clip again from trim_start when it ends."},
    {"after_end", PROP_ENUM, false, -INFINITY, INFINITY, false, "\"freeze\"", after_end_values,
     "Without loop, what shows after the clip ends: freeze (its last frame) or hide."},
    {"corner_radius", PROP_NUMBER, true, 0, 1e6, false, "0", NULL,
     "Rounds the box's corners by this radius in pixels (limited to half the shorter side)."},
    {"volume", PROP_NUMBER, true, 0, 4, false, "1", NULL,
     "Linear gain of the video's own audio (0 to 4); animatable."},
    {"mute", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Silence the video's own audio."},
};

typedef struct video_resource {
    video_info info;
    int64_t trim_start_us, trim_end_us;     /* the clip [start, end) in source microseconds */
    int64_t rate_micro;                     /* rate x 1e6 */
    bool has_audio;                         /* an audio stream that decodes */
    int64_t audio_end_us;
    int64_t audio_offset_us;                /* its first sample on the picture's clock */
} video_resource;

typedef struct video_cache {
    video_reader *reader;
    AVFrame *planes;            /* a reference to the decoded planes, on their way to a footage base */
    cairo_surface_t *surface;
    const uint8_t *surface_pixels;
    /* Halved copies of the frame in surface (render/image_levels.h), for
     * footage shown small; remade when the frame changes. */
    image_levels levels;
    rational levels_start;      /* the frame they were made from */
} video_cache;

/* end_time as microseconds, rounded down (the clip ends at or before it). */
static int64_t rational_to_micro(rational r)
{
    return (int64_t)((__int128)r.num * 1000000 / r.den);
}

static int video_prepare(layer *l, load_ctx *lc)
{
    video_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    char err[600];
    if (video_probe(l->values[VIDEO_SRC].str, &res->info, err, sizeof err) < 0) {
        lc_push_key(lc, "src");
        return lc_error(lc, "%s", err);
    }
    int64_t source_end = rational_to_micro(res->info.end_time);
    res->trim_start_us = l->values[VIDEO_TRIM_START].frame;
    res->trim_end_us = l->values[VIDEO_TRIM_END].given ? l->values[VIDEO_TRIM_END].frame : source_end;
    if (res->trim_end_us > source_end)
        res->trim_end_us = source_end;
    if (res->trim_start_us >= res->trim_end_us) {
        lc_push_key(lc, l->values[VIDEO_TRIM_END].given ? "trim_end" : "trim_start");
        return lc_error(lc, "the trimmed clip is empty: it starts at %.6g s and ends at %.6g s "
                        "(the source is %.6g s long)", (double)res->trim_start_us / 1e6,
                        (double)res->trim_end_us / 1e6, (double)source_end / 1e6);
    }
    res->rate_micro = llround(track_eval1(&l->values[VIDEO_RATE].track, 0, 1) * 1e6);
    if (res->info.has_audio) {
        audio_info ai;
        if (audio_probe(l->values[VIDEO_SRC].str, &ai, err, sizeof err) < 0) {
            lc_push_key(lc, "src");
            return lc_error(lc, "%s", err);
        }
        res->has_audio = true;
        res->audio_end_us = ai.end_us;
        res->audio_offset_us = ai.start_us - rational_to_micro(res->info.start_offset);
    }
    return 0;
}

/* The clip's own audio, over the same trims, rate and loop as its picture,
 * and in step with it: a track that starts after the picture (in the
 * container's timeline) starts with silence, one that starts before it is
 * trimmed. A pass lasts as long as the picture's; a shorter track is silent
 * for the rest. At a rate other than 1 it is stretched in time at the same
 * pitch. */
static bool video_audio(const layer *l, audio_clip *out)
{
    const video_resource *res = l->resource;
    if (!res->has_audio || l->values[VIDEO_MUTE].integer)
        return false;
    /* The trims on the audio's own clock (0: its first sample). */
    int64_t start = res->trim_start_us - res->audio_offset_us, end = res->trim_end_us - res->audio_offset_us;
    if (end <= 0)
        return false;
    *out = (audio_clip){
        .path = l->values[VIDEO_SRC].str,
        .lead_us = start < 0 ? -start : 0,
        .trim_start_us = start < 0 ? 0 : start,
        .trim_end_us = end,
        .source_end_us = res->audio_end_us,
        .loop = l->values[VIDEO_LOOP].integer != 0,
        .rate_micro = res->rate_micro,
        .volume = &l->values[VIDEO_VOLUME].track,
    };
    return true;
}

static void video_release(layer *l)
{
    free(l->resource);
}

static void video_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    const video_resource *res = l->resource;
    int own_w, own_h;     /* upright, as the reader hands frames over */
    bgra_rotated_size(res->info.width, res->info.height, res->info.rotation, &own_w, &own_h);
    picture_box(l, VIDEO_WIDTH, VIDEO_HEIGHT, own_w, own_h, t, dc->fps, w, h);
}

static bool video_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static void cache_free(void *p)
{
    video_cache *c = p;
    if (c->levels.made)
        image_levels_free(&c->levels);
    if (c->surface)
        cairo_surface_destroy(c->surface);
    av_frame_free(&c->planes);
    video_reader_close(c->reader);
    free(c);
}

/* The source time for local frame t, or false when nothing shows. The result
 * is microseconds as a fraction num / den (den > 0). */
static bool source_time(const layer *l, const scene *s, int64_t t, rational *out)
{
    const video_resource *res = l->resource;
    /* offset = t / fps x rate, in microseconds: t x fps.den x rate_micro / fps.num */
    __int128 num = (__int128)t * s->fps.den * res->rate_micro;
    __int128 den = s->fps.num;
    __int128 clip = (__int128)(res->trim_end_us - res->trim_start_us) * den;
    if (num >= clip) {
        if (l->values[VIDEO_LOOP].integer) {
            num %= clip;
        } else if (l->values[VIDEO_AFTER_END].integer == 1) {
            return false;
        } else {
            /* Freeze: the last instant before the clip's end. */
            num = clip - 1;
        }
    }
    num += (__int128)res->trim_start_us * den;
    /* Seconds = num / (den x 1e6). Both fit in 64 bits for any supported length. */
    *out = (rational){(int64_t)num, (int64_t)(den * 1000000)};
    return true;
}

/* Whether the footage, drawn now, would replace every pixel of the frame
 * being drawn with its own: opaque (the reader checks), at opacity 1, one
 * source pixel per frame pixel, exactly covering the frame, drawn straight
 * into it (not into a group, an effect's or a motion blur's surface), and
 * neither clipped nor rounded. Footage as the background of a video is. */
static bool covers_frame(draw_ctx *dc, int iw, int ih, double w, double h, int fit, double alpha, double radius)
{
    cairo_t *cr = dc->cr;
    if (alpha < 1 || radius > 0 || cairo_get_group_target(cr) != dc->target ||
        cairo_get_operator(cr) != CAIRO_OPERATOR_OVER)
        return false;
    int fw = cairo_image_surface_get_width(dc->target), fh = cairo_image_surface_get_height(dc->target);
    fit_placement p = fit_place(iw, ih, w, h, fit);
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || p.sx != 1 || p.sy != 1 || iw != fw || ih != fh ||
        m.x0 + p.tx != 0 || m.y0 + p.ty != 0)
        return false;
    if (p.clip && (m.x0 > 0 || m.y0 > 0 || m.x0 + w < fw || m.y0 + h < fh))
        return false;
    /* No clip set: the list is the whole frame (user space is device space
     * moved by the translation). */
    cairo_rectangle_list_t *clip = cairo_copy_clip_rectangle_list(cr);
    bool whole = clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles == 1;
    if (whole) {
        const cairo_rectangle_t *r = &clip->rectangles[0];
        whole = r->x + m.x0 <= 0 && r->y + m.y0 <= 0 && r->x + m.x0 + r->width >= fw &&
                r->y + m.y0 + r->height >= fh;
    }
    cairo_rectangle_list_destroy(clip);
    return whole;
}

/* Makes the frame at `when` the frame's footage base (render/footage_base.h)
 * when the pipeline can take its planes. 1 when it did, 0 when not, -1 on an
 * error (in dc->error). */
static int take_as_base(const layer *l, draw_ctx *dc, video_cache *c, rational when)
{
    if (!footage_base_possible(dc))
        return 0;
    if (!c->planes && !(c->planes = av_frame_alloc())) {
        snprintf(dc->error, sizeof dc->error, "%.200s: out of memory", l->pointer);
        return -1;
    }
    char err[300];
    yuv_rgb_params p;
    double clock = stage_clock_begin(STAGE_DECODE);
    int rc = video_reader_planes_at(c->reader, when, c->planes, &p, err, sizeof err);
    if (rc == 1 && !footage_base_take(dc, c->planes, &p)) {
        av_frame_unref(c->planes);
        rc = 0;
    }
    stage_clock_end(STAGE_DECODE, clock);
    if (rc < 0)
        snprintf(dc->error, sizeof dc->error, "%.200s: %.290s", l->pointer, err);
    return rc < 0 ? -1 : rc;
}

/* Draws the footage; false when it drew nothing or became the base. */
static bool draw_footage(const layer *l, draw_ctx *dc, double t, double alpha, double *box_w, double *box_h)
{
    rational when;
    if (!source_time(l, dc->scene, llround(t), &when))
        return false;
    video_cache *c = dc->caches[l->index];
    if (!c) {
        c = calloc(1, sizeof *c);
        char err[300];
        if (!c || video_reader_open(&c->reader, l->values[VIDEO_SRC].str, err, sizeof err) < 0) {
            snprintf(dc->error, sizeof dc->error, "%.200s: %.290s", l->pointer, c ? err : "out of memory");
            free(c);
            return false;
        }
        dc->caches[l->index] = c;
    }
    double w, h;
    video_box(l, dc, t, &w, &h);
    *box_w = w;
    *box_h = h;
    if (w <= 0 || h <= 0)
        return false;
    double radius = layer_number(l, VIDEO_RADIUS, t, dc->fps);
    int fit = l->values[VIDEO_FIT].integer, iw, ih;
    video_reader_size(c->reader, &iw, &ih);
    char err[300];
    if (covers_frame(dc, iw, ih, w, h, fit, alpha, radius)) {
        int based = take_as_base(l, dc, c, when);
        if (based != 0)
            return false;
        /* The same pixels as drawing it, without a pass through the
         * reader's own buffer. */
        cairo_surface_flush(dc->target);
        double clock = stage_clock_begin(STAGE_DECODE);
        int rc = video_reader_frame_into(c->reader, when, cairo_image_surface_get_data(dc->target),
                                         cairo_image_surface_get_stride(dc->target), err, sizeof err);
        stage_clock_end(STAGE_DECODE, clock);
        if (rc < 0) {
            snprintf(dc->error, sizeof dc->error, "%.200s: %.290s", l->pointer, err);
            return false;
        }
        if (rc == 1) {
            cairo_surface_mark_dirty(dc->target);
            return true;
        }
    }
    video_frame vf;
    double clock = stage_clock_begin(STAGE_DECODE);
    int rc = video_reader_frame_at(c->reader, when, &vf, err, sizeof err);
    stage_clock_end(STAGE_DECODE, clock);
    if (rc < 0) {
        snprintf(dc->error, sizeof dc->error, "%.200s: %.290s", l->pointer, err);
        return false;
    }
    bool new_surface = !c->surface || c->surface_pixels != vf.bgra;
    if (new_surface) {
        if (c->surface)
            cairo_surface_destroy(c->surface);
        c->surface = cairo_image_surface_create_for_data((unsigned char *)vf.bgra, CAIRO_FORMAT_ARGB32, vf.width,
                                                         vf.height, vf.stride);
        c->surface_pixels = vf.bgra;
    } else {
        cairo_surface_mark_dirty(c->surface);
    }
    if (new_surface || !c->levels.made || c->levels_start.num != vf.start.num ||
        c->levels_start.den != vf.start.den) {
        if (c->levels.made)
            image_levels_free(&c->levels);
        image_levels_init(&c->levels, c->surface);
        c->levels_start = vf.start;
    }
    double sx, sy;
    picture_device_scale(dc->cr, vf.width, vf.height, w, h, fit, &sx, &sy);
    image_pick pick = image_level_choose(sx, sy);
    cairo_surface_t *picture = image_level_get(&c->levels, &pick.level);
    if (!picture) {
        snprintf(dc->error, sizeof dc->error, "%.200s: out of memory", l->pointer);
        return false;
    }
    if (radius > 0) {
        cairo_save(dc->cr);
        path_rounded_rect(dc->cr, w, h, radius);
        cairo_clip(dc->cr);
    }
    draw_fitted_from(dc->cr, picture, cairo_image_surface_get_width(picture), cairo_image_surface_get_height(picture),
                     vf.width, vf.height, w, h, fit, alpha, pick.filter);
    if (radius > 0)
        cairo_restore(dc->cr);
    return true;
}

static bool video_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    /* Where it drew, unless it became the frame's base: then what is drawn
     * over it counts, not the footage itself. */
    double w, h;
    if (draw_footage(l, dc, t, alpha, &w, &h))
        ink_add(dc, ink_box_rect(dc->cr, l, t, dc->fps, w, h));
    return true;
}

const layer_type video_layer_type = {
    .name = "video",
    .doc = "Footage from a video file, frame-exact, with trims, rate, loop and fit.",
    .props = video_props,
    .prop_count = sizeof video_props / sizeof video_props[0],
    .prepare = video_prepare,
    .box = video_box,
    .draw = video_draw,
    .draws_alpha = video_draws_alpha,
    .reach = picture_reach,
    .reports_ink = true,                /* video_draw: not where it became the frame's base */
    .release = video_release,
    .cache_free = cache_free,
    .changes_over_time = true,
    .audio = video_audio,
};

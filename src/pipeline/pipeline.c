/* The render pipeline: scene -> segments -> workers -> ordered mux -> file.
 *
 * DESIGN
 * The frames to render are cut into segments of segment_frames frames. A
 * segment is the unit of work: one worker renders, converts and encodes all of
 * its frames with its own single-threaded encoder, so a segment's packets are a
 * pure function of the scene, the settings and the segment's frame range. The
 * main thread muxes segments strictly in order. Hence the output cannot depend
 * on the number of workers, the core count or timing.
 *
 * Threads and ownership:
 *  - The scene is immutable and shared by all.
 *  - Each worker owns its draw_ctx, its YUV frame and the encoder of the
 *    segment it is working on.
 *  - Results live in a ring of `window` slots; slot k % window belongs to the
 *    worker that claimed segment k until it marks the slot done, then to the
 *    main thread until it has muxed it and advanced `muxed`.
 *  - One mutex guards next_segment, muxed, the slots' done flags, failed and
 *    the error message; one condition variable signals every change. Workers
 *    claim segment k only when k < muxed + window, which bounds memory by the
 *    window (a few segments of compressed packets), never by video length.
 *  - frames_done is atomic: workers add, the main thread reads for progress.
 */
#include "pipeline/pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/frame.h>

#include "media/encoder.h"
#include "media/muxer.h"
#include "media/frame_convert.h"
#include "render/draw.h"

typedef struct slot {
    packet_list packets;
    bool done;
} slot;

typedef struct worker_times {
    double render, convert, encode;
} worker_times;

typedef struct pipeline {
    const scene *scene;
    const pipeline_settings *settings;
    int64_t first, count;           /* frames [first, first + count) */
    int64_t segment_first;          /* index of the first segment rendered */
    int64_t segments;               /* how many are rendered */
    int window;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    int64_t next_segment;           /* guarded by lock */
    int64_t muxed;                  /* guarded by lock */
    slot *slots;                    /* done flags guarded by lock */
    bool failed;                    /* guarded by lock */
    int error_code;                 /* guarded by lock */
    char error[512];                /* guarded by lock */

    const AVCodecParameters *reference; /* codec parameters every segment must match */
    atomic_llong frames_done;
    worker_times *times;            /* one per worker, written by it only */
} pipeline;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void fail(pipeline *p, int code, const char *msg)
{
    pthread_mutex_lock(&p->lock);
    if (!p->failed) {
        p->failed = true;
        p->error_code = code;
        snprintf(p->error, sizeof p->error, "%s", msg);
    }
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

static bool same_codec_parameters(const AVCodecContext *a, const AVCodecParameters *b)
{
    return a->extradata_size == b->extradata_size &&
           (a->extradata_size == 0 || memcmp(a->extradata, b->extradata, (size_t)a->extradata_size) == 0);
}

/* Renders, converts and (unless encode is off) encodes one segment into out. */
static int run_segment(pipeline *p, draw_ctx *dc, AVFrame *yuv, int64_t k, packet_list *out,
                       worker_times *tm, char *err, size_t errsize)
{
    const pipeline_settings *s = p->settings;
    int64_t begin = p->first + (p->segment_first + k) * s->segment_frames;
    int64_t end = begin + s->segment_frames;
    if (end > p->first + p->count)
        end = p->first + p->count;
    segment_encoder *enc = NULL;
    int rc = 0;
    if (s->encode) {
        if ((rc = segment_encoder_open(&enc, &s->encode_settings, err, errsize)) < 0)
            return REEL_EIO;
        if (!same_codec_parameters(segment_encoder_context(enc), p->reference)) {
            segment_encoder_free(&enc);
            snprintf(err, errsize, "encoder produced different codec parameters for segment %lld",
                     (long long)k);
            return REEL_EIO;
        }
    }
    const uint8_t *pixels = NULL;
    int stride = cairo_image_surface_get_stride(dc->target);
    for (int64_t f = begin; f < end && rc == 0; f++) {
        pthread_mutex_lock(&p->lock);
        bool stop = p->failed;
        pthread_mutex_unlock(&p->lock);
        if (stop) {
            snprintf(err, errsize, "stopped");
            rc = REEL_ECANCELED;
            break;
        }
        double t0 = now_seconds();
        bool unchanged = render_frame_in_run(dc, f, begin, end - 1) && f > begin;
        if (dc->error[0]) {
            snprintf(err, errsize, "frame %lld: %.450s", (long long)f, dc->error);
            rc = REEL_EIO;
            break;
        }
        pixels = cairo_image_surface_get_data(dc->target);
        double t1 = now_seconds();
        if (!unchanged) {
            /* An unchanged picture keeps the converted frame of the previous one. */
            if (av_frame_make_writable(yuv) < 0) {
                snprintf(err, errsize, "out of memory");
                rc = REEL_ENOMEM;
                break;
            }
            frame_convert(pixels, stride, yuv->width, yuv->height, &s->convert, yuv);
        }
        double t2 = now_seconds();
        tm->render += t1 - t0;
        tm->convert += t2 - t1;
        if (enc) {
            /* Timestamps count from the start of the rendered range, so a
             * partial range is a complete video of its own. */
            yuv->pts = f - p->first;
            if (segment_encoder_send(enc, yuv, out) < 0) {
                snprintf(err, errsize, "video encoder failed at frame %lld", (long long)f);
                rc = REEL_EIO;
            }
            tm->encode += now_seconds() - t2;
        }
        atomic_fetch_add(&p->frames_done, 1);
    }
    if (enc && rc == 0) {
        double t0 = now_seconds();
        if (segment_encoder_finish(enc, out) < 0) {
            snprintf(err, errsize, "video encoder failed finishing segment %lld", (long long)k);
            rc = REEL_EIO;
        }
        tm->encode += now_seconds() - t0;
    }
    segment_encoder_free(&enc);
    return rc;
}

typedef struct worker_arg {
    pipeline *p;
    int id;
} worker_arg;

static void *worker_main(void *arg)
{
    pipeline *p = ((worker_arg *)arg)->p;
    worker_times *tm = &p->times[((worker_arg *)arg)->id];
    draw_ctx dc;
    if (draw_ctx_init(&dc, p->scene, p->settings->scale) != 0) {
        fail(p, REEL_ENOMEM, "out of memory setting up a render worker");
        return NULL;
    }
    AVFrame *yuv = av_frame_alloc();
    if (yuv) {
        yuv->format = p->settings->encode_settings.pix_fmt;
        yuv->width = p->settings->encode_settings.width;
        yuv->height = p->settings->encode_settings.height;
    }
    if (!yuv || frame_alloc_zeroed(yuv) < 0) {
        fail(p, REEL_ENOMEM, "out of memory allocating a frame");
        av_frame_free(&yuv);
        draw_ctx_destroy(&dc);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!p->failed && p->next_segment < p->segments && p->next_segment >= p->muxed + p->window)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->failed || p->next_segment >= p->segments) {
            pthread_mutex_unlock(&p->lock);
            break;
        }
        int64_t k = p->next_segment++;
        pthread_mutex_unlock(&p->lock);

        slot *sl = &p->slots[k % p->window];
        char err[512] = "";
        int rc = run_segment(p, &dc, yuv, k, &sl->packets, tm, err, sizeof err);
        if (rc) {
            fail(p, rc, err);
            break;
        }
        pthread_mutex_lock(&p->lock);
        sl->done = true;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
    av_frame_free(&yuv);
    draw_ctx_destroy(&dc);
    return NULL;
}

static int report_progress(pipeline *p)
{
    const pipeline_settings *s = p->settings;
    if (!s->progress)
        return 0;
    int64_t total = p->segments * s->segment_frames;
    int64_t last_end = (p->segment_first + p->segments) * s->segment_frames;
    if (last_end > p->count)
        total -= last_end - p->count;
    return s->progress(s->progress_user, atomic_load(&p->frames_done), total);
}

/* Waits for segment k, muxes it, frees its slot. */
static int mux_next(pipeline *p, int64_t k, const segment_sink *sink, double *wait, double *mux_time,
                    char *err, size_t errsize)
{
    slot *sl = &p->slots[k % p->window];
    double t0 = now_seconds();
    pthread_mutex_lock(&p->lock);
    while (!sl->done && !p->failed) {
        /* Wake now and then to report progress within long segments. */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->changed, &p->lock, &until);
        if (!sl->done && !p->failed) {
            pthread_mutex_unlock(&p->lock);
            if (report_progress(p)) {
                fail(p, REEL_ECANCELED, "render canceled");
            }
            pthread_mutex_lock(&p->lock);
        }
    }
    bool failed = p->failed;
    pthread_mutex_unlock(&p->lock);
    *wait += now_seconds() - t0;
    if (failed)
        return -1;
    t0 = now_seconds();
    int rc = sink ? sink->write(sink->self, p->segment_first + k, &sl->packets, err, errsize) : 0;
    *mux_time += now_seconds() - t0;
    packet_list_clear(&sl->packets);
    pthread_mutex_lock(&p->lock);
    sl->done = false;
    p->muxed = k + 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (rc < 0) {
        fail(p, REEL_EIO, err);
        return -1;
    }
    if (report_progress(p)) {
        fail(p, REEL_ECANCELED, "render canceled");
        return -1;
    }
    return 0;
}

int64_t pipeline_segment_total(const pipeline_settings *s)
{
    return (s->frame_count + s->segment_frames - 1) / s->segment_frames;
}

int pipeline_run(const scene *sc, const pipeline_settings *s, const segment_sink *sink,
                 const AVCodecParameters *reference, reel_stats *stats, char *err, size_t errsize)
{
    double start = now_seconds();
    pipeline p = {
        .scene = sc, .settings = s, .first = s->first_frame, .count = s->frame_count,
        .segment_first = s->segment_first, .segments = s->segment_count, .reference = reference,
    };
    int threads = s->threads > 0 ? s->threads : 1;
    p.window = threads * 2;
    p.slots = calloc((size_t)p.window, sizeof *p.slots);
    p.times = calloc((size_t)threads, sizeof *p.times);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    worker_arg *args = calloc((size_t)threads, sizeof *args);
    if (!p.slots || !p.times || !tids || !args) {
        free(p.slots); free(p.times); free(tids); free(args);
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    atomic_init(&p.frames_done, 0);

    int started = 0;
    for (; started < threads; started++) {
        args[started] = (worker_arg){&p, started};
        if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0) {
            fail(&p, REEL_EIO, "cannot start a worker thread");
            break;
        }
    }
    double wait = 0, mux_time = 0;
    char mux_err[512] = "";
    for (int64_t k = 0; k < p.segments; k++)
        if (mux_next(&p, k, sink, &wait, &mux_time, mux_err, sizeof mux_err) < 0)
            break;
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);

    int rc = 0;
    if (p.failed) {
        rc = p.error_code;
        snprintf(err, errsize, "%s", p.error);
    }
    if (stats) {
        *stats = (reel_stats){.frames = atomic_load(&p.frames_done), .seconds_mux = mux_time,
                              .seconds_wait = wait};
        for (int i = 0; i < threads; i++) {
            stats->seconds_render += p.times[i].render;
            stats->seconds_convert += p.times[i].convert;
            stats->seconds_encode += p.times[i].encode;
        }
        stats->seconds_total = now_seconds() - start;
    }
    for (int i = 0; i < p.window; i++)
        packet_list_clear(&p.slots[i].packets);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.changed);
    free(p.slots);
    free(p.times);
    free(tids);
    free(args);
    return rc;
}

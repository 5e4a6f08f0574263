/* The render pipeline: scene -> segments -> lanes -> ordered mux -> file.
 *
 * DESIGN
 * The frames to render are cut into segments of segment_frames frames. A
 * segment is the unit of work: its frames are rendered in order, converted
 * and encoded by a fresh encoder whose thread count is fixed per encoder
 * library (encode_settings_threads), so a segment's packets are a pure
 * function of the scene, the settings and the segment's frame range. The main
 * thread muxes segments strictly in order. Hence the output cannot depend on
 * the number of lanes, the core count or timing.
 *
 * A lane is a render thread and an encoder thread joined by a frame_ring. The
 * render thread claims segments one after another and renders their frames
 * into the ring (ahead of the encoder, also across the end of a segment while
 * the encoder drains); the encoder thread encodes them, opening a new encoder
 * at each segment. There are as many lanes as the cores divided by the
 * encoder's own threads (at least one): on two cores one lane with a
 * three-thread x264, whose single instance needs half the memory of two
 * single-thread ones side by side.
 *
 * Threads and ownership:
 *  - The scene is immutable and shared by all.
 *  - Each render thread owns its draw_ctx; each lane owns its ring; each
 *    encoder thread owns the encoder of the segment it is encoding.
 *  - Results live in a ring of `window` slots; slot k % window belongs to the
 *    lane that claimed segment k until its encoder thread marks the slot
 *    done, then to the main thread until it has muxed it and advanced `muxed`.
 *  - One mutex guards next_segment, muxed, the slots' done flags, failed and
 *    the error message; one condition variable signals every change. Render
 *    threads claim segment k only when k < muxed + window, which bounds memory
 *    by the window (a few segments of compressed packets), never by video
 *    length. Lock order: the pipeline's lock before a ring's.
 *  - frames_done is atomic: encoder threads add, the main thread reads for
 *    progress.
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
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include <libavutil/frame.h>

#include "media/encoder.h"
#include "media/muxer.h"
#include "media/footage_planes.h"
#include "media/frame_convert.h"
#include "pipeline/frame_ring.h"
#include "render/draw.h"
#include "util/stage_clock.h"

/* Frames a render thread may be ahead of its encoder: enough to keep both
 * busy through the uneven cost of frames and an encoder's drain. */
enum { RING_FRAMES = 4 };

/* How much lower (a nice increment) render threads run beside an encoder. */
enum { RENDER_NICE = 5 };

typedef struct slot {
    packet_list packets;
    bool done;
} slot;

typedef struct lane_times {
    double render, convert, encode;
    double stages[STAGE_COUNT];     /* parts of render (stage_clock.h) */
} lane_times;

typedef struct pipeline pipeline;

typedef struct lane {
    pipeline *p;
    frame_ring ring;
    lane_times times;           /* render/convert by the render thread, encode by the encoder's */
    pthread_t render_thread, encode_thread;
    bool render_started, encode_started;
    /* The render thread's conversion of its draw_ctx's static picture, and
     * what each ring frame holds: when known, that conversion with the areas
     * of the frame last converted into it over it. */
    AVFrame *static_yuv;
    uint64_t static_yuv_generation;
    struct {
        bool known;
        uint64_t generation;
        px_areas areas;
    } contents[RING_FRAMES];
} lane;

struct pipeline {
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
    lane *lanes;
    int lane_count;
};

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
    for (int i = 0; i < p->lane_count; i++)
        frame_ring_abort(&p->lanes[i].ring);
    pthread_mutex_unlock(&p->lock);
}

static bool failed(pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    bool f = p->failed;
    pthread_mutex_unlock(&p->lock);
    return f;
}

static bool same_codec_parameters(const AVCodecContext *a, const AVCodecParameters *b)
{
    return a->extradata_size == b->extradata_size &&
           (a->extradata_size == 0 || memcmp(a->extradata, b->extradata, (size_t)a->extradata_size) == 0);
}

static void segment_range(const pipeline *p, int64_t k, int64_t *begin, int64_t *end)
{
    const pipeline_settings *s = p->settings;
    *begin = p->first + (p->segment_first + k) * s->segment_frames;
    *end = *begin + s->segment_frames;
    if (*end > p->first + p->count)
        *end = p->first + p->count;
}

/* Puts the static picture's conversion back over the `old` areas of yuv,
 * except where the `now` areas are about to be converted anyway (a title
 * growing in place, a chart redrawn in its box): conversion overwrites every
 * sample of its areas whatever was there. An area cut into more pieces than
 * are kept is copied whole, which costs time, never samples. */
static void restore_static(AVFrame *yuv, const AVFrame *static_yuv, const px_areas *old, const px_areas *now)
{
    enum { PIECES = 64 };
    px_rect pieces[PIECES];
    for (int i = 0; i < old->count; i++) {
        int n = px_rect_minus_areas(old->r[i], now, pieces, PIECES);
        if (n < 0) {
            n = 1;
            pieces[0] = old->r[i];
        }
        for (int k = 0; k < n; k++)
            frame_copy_area(yuv, static_yuv, pieces[k].x0, pieces[k].y0, pieces[k].x1, pieces[k].y1);
    }
}

/* Converts the frame in dc->target into ring frame `slot`. When the frame
 * differs from the run's static picture only in some areas
 * (render_frame_in_run), it starts from the picture's own conversion, made
 * once per run, and converts just those areas: every sample is the one a
 * whole conversion would write, at a fraction of the cost for titles and
 * lower thirds over a still background. A ring frame that already holds that
 * conversion needs only the areas of its last frame put back. */
static int convert_frame(lane *ln, draw_ctx *dc, int slot)
{
    const convert_options *o = &ln->p->settings->convert;
    AVFrame *yuv = ln->ring.frames[slot];
    int stride = cairo_image_surface_get_stride(dc->target);
    const uint8_t *picture = cairo_image_surface_get_data(dc->target);
    bool was_known = ln->contents[slot].known;
    ln->contents[slot].known = false;
    if (dc->footage.set) {
        /* The footage's own samples, and what was drawn over it converted
         * (render/footage_base.h). */
        footage_planes_copy(dc->footage.frame, &dc->footage.params, yuv);
        for (int i = 0; i < dc->changed.count; i++) {
            px_rect r = dc->changed.r[i];
            frame_convert_area(picture, stride, yuv->width, yuv->height, o, yuv, r.x0, r.y0, r.x1, r.y1);
        }
        return 0;
    }
    if (!dc->changed_known || !frame_convert_area_supported(yuv->format)) {
        frame_convert(picture, stride, yuv->width, yuv->height, o, yuv);
        return 0;
    }
    if (!ln->static_yuv && !(ln->static_yuv = frame_new_zeroed(yuv->format, yuv->width, yuv->height)))
        return REEL_ENOMEM;
    /* Generations count from 1 (render_frame_in_run), so 0 is "not converted". */
    if (ln->static_yuv_generation != dc->static_generation) {
        cairo_surface_flush(dc->static_picture);
        frame_convert(cairo_image_surface_get_data(dc->static_picture), stride, yuv->width, yuv->height, o,
                      ln->static_yuv);
        ln->static_yuv_generation = dc->static_generation;
    }
    if (was_known && ln->contents[slot].generation == dc->static_generation) {
        restore_static(yuv, ln->static_yuv, &ln->contents[slot].areas, &dc->changed);
    } else if (av_frame_copy(yuv, ln->static_yuv) < 0) {
        return REEL_ENOMEM;
    }
    for (int i = 0; i < dc->changed.count; i++) {
        px_rect r = dc->changed.r[i];
        frame_convert_area(picture, stride, yuv->width, yuv->height, o, yuv, r.x0, r.y0, r.x1, r.y1);
    }
    ln->contents[slot].known = true;
    ln->contents[slot].generation = dc->static_generation;
    ln->contents[slot].areas = dc->changed;
    return 0;
}

/* Renders and converts the frames of segment k into the lane's ring. */
static int render_segment(lane *ln, draw_ctx *dc, int64_t k, char *err, size_t errsize)
{
    pipeline *p = ln->p;
    int64_t begin, end;
    segment_range(p, k, &begin, &end);
    for (int64_t f = begin; f < end; f++) {
        if (failed(p))
            return REEL_ECANCELED;
        double t0 = now_seconds();
        bool unchanged = render_frame_in_run(dc, f, begin, end - 1) && f > begin;
        if (dc->error[0]) {
            snprintf(err, errsize, "frame %lld: %.450s", (long long)f, dc->error);
            return REEL_EIO;
        }
        double t1 = now_seconds();
        ring_entry e = { .kind = RING_REPEAT, .slot = -1, .frame = f, .segment = k };
        if (!unchanged) {
            /* An unchanged picture is sent as a repeat of the previous frame. */
            e.kind = RING_FRAME;
            if ((e.slot = frame_ring_acquire(&ln->ring)) < 0)
                return REEL_ECANCELED;
            AVFrame *yuv = ln->ring.frames[e.slot];
            if (av_frame_make_writable(yuv) < 0) {
                frame_ring_release(&ln->ring, e.slot);
                snprintf(err, errsize, "out of memory");
                return REEL_ENOMEM;
            }
            double t2 = now_seconds();      /* not counting the wait for a free frame */
            if (convert_frame(ln, dc, e.slot) != 0) {
                frame_ring_release(&ln->ring, e.slot);
                snprintf(err, errsize, "out of memory");
                return REEL_ENOMEM;
            }
            ln->times.convert += now_seconds() - t2;
        }
        ln->times.render += t1 - t0;
        stage_clock_take(ln->times.stages);
        if (frame_ring_publish(&ln->ring, e) < 0)
            return REEL_ECANCELED;
    }
    ring_entry done = { .kind = RING_SEGMENT_END, .slot = -1, .frame = end, .segment = k };
    return frame_ring_publish(&ln->ring, done) < 0 ? REEL_ECANCELED : 0;
}

/* When a lane encodes, its render thread runs at a lower priority: rendering
 * is the smaller share of the work, and it should fill the time x264's
 * threads leave idle (its lookahead is serial) rather than take cores from
 * them. A render thread the encoder waits for still runs at once, since the
 * encoder's threads then sleep. Only scheduling changes, never the bytes. */
static void lower_priority(void)
{
#ifdef __linux__
    id_t tid = (id_t)syscall(SYS_gettid);
    int nice = getpriority(PRIO_PROCESS, tid) + RENDER_NICE;
    setpriority(PRIO_PROCESS, tid, nice < 19 ? nice : 19);
#endif
}

static void *render_main(void *arg)
{
    lane *ln = arg;
    pipeline *p = ln->p;
    if (p->settings->encode)
        lower_priority();
    stage_clock_enable(p->settings->stage_times);
    draw_ctx dc;
    if (draw_ctx_init(&dc, p->scene, p->settings->scale) != 0) {
        fail(p, REEL_ENOMEM, "out of memory setting up a render worker");
        return NULL;
    }
    /* Footage covering the frame may go into its frames as it is (only
     * 4:2:0 takes it, media/footage_planes.h). */
    const encode_settings *es = &p->settings->encode_settings;
    dc.footage.enabled = es->pix_fmt == AV_PIX_FMT_YUV420P;
    dc.footage.out_format = es->pix_fmt;
    dc.footage.out_width = es->width;
    dc.footage.out_height = es->height;
    dc.footage.out_full_range = p->settings->convert.full_range;
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
        char err[512] = "";
        int rc = render_segment(ln, &dc, k, err, sizeof err);
        if (rc) {
            fail(p, rc, rc == REEL_ECANCELED ? "stopped" : err);
            break;
        }
    }
    frame_ring_close(&ln->ring);
    draw_ctx_destroy(&dc);
    av_frame_free(&ln->static_yuv);
    return NULL;
}

/* The encoder side of a lane: the segment it is encoding. */
typedef struct encode_state {
    segment_encoder *enc;
    int64_t segment;            /* -1: none open */
    int held;                   /* slot of the last frame with pixels, kept for repeats; -1: none */
} encode_state;

static int open_segment(lane *ln, encode_state *st, int64_t k, char *err, size_t errsize)
{
    pipeline *p = ln->p;
    st->segment = k;
    if (!p->settings->encode)
        return 0;
    if (segment_encoder_open(&st->enc, &p->settings->encode_settings, err, errsize) < 0)
        return REEL_EIO;
    if (!same_codec_parameters(segment_encoder_context(st->enc), p->reference)) {
        snprintf(err, errsize, "encoder produced different codec parameters for segment %lld", (long long)k);
        return REEL_EIO;
    }
    return 0;
}

/* Drains the encoder of the segment and hands the segment to the muxer. */
static int finish_segment(lane *ln, encode_state *st, char *err, size_t errsize)
{
    pipeline *p = ln->p;
    slot *sl = &p->slots[st->segment % p->window];
    if (st->enc) {
        double t0 = now_seconds();
        int rc = segment_encoder_finish(st->enc, &sl->packets);
        segment_encoder_free(&st->enc);
        ln->times.encode += now_seconds() - t0;
        if (rc < 0) {
            snprintf(err, errsize, "video encoder failed finishing segment %lld", (long long)st->segment);
            return REEL_EIO;
        }
    }
    pthread_mutex_lock(&p->lock);
    sl->done = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    st->segment = -1;
    return 0;
}

static int encode_entry(lane *ln, encode_state *st, const ring_entry *e, char *err, size_t errsize)
{
    pipeline *p = ln->p;
    int rc = 0;
    if (st->segment < 0 && (rc = open_segment(ln, st, e->segment, err, errsize)) != 0)
        return rc;
    if (e->kind == RING_SEGMENT_END)
        return finish_segment(ln, st, err, errsize);
    if (e->kind == RING_REPEAT && st->held < 0) {
        snprintf(err, errsize, "frame %lld repeats a frame that was never rendered", (long long)e->frame);
        return REEL_EIO;
    }
    if (e->kind == RING_FRAME) {
        if (st->held >= 0)
            frame_ring_release(&ln->ring, st->held);
        st->held = e->slot;
    }
    if (st->enc) {
        /* Timestamps count from the start of the rendered range, so a
         * partial range is a complete video of its own. */
        AVFrame *yuv = ln->ring.frames[st->held];
        yuv->pts = e->frame - p->first;
        double t0 = now_seconds();
        if (segment_encoder_send(st->enc, yuv, &p->slots[st->segment % p->window].packets) < 0) {
            snprintf(err, errsize, "video encoder failed at frame %lld", (long long)e->frame);
            rc = REEL_EIO;
        }
        ln->times.encode += now_seconds() - t0;
    }
    atomic_fetch_add(&p->frames_done, 1);
    return rc;
}

static void *encode_main(void *arg)
{
    lane *ln = arg;
    encode_state st = { .segment = -1, .held = -1 };
    ring_entry e;
    int popped;
    while ((popped = frame_ring_pop(&ln->ring, &e)) == 0) {
        char err[512] = "";
        int rc = encode_entry(ln, &st, &e, err, sizeof err);
        if (rc) {
            fail(ln->p, rc, err);
            break;
        }
    }
    segment_encoder_free(&st.enc);
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

/* Lanes for this run: the cores (threads) over the encoder's own threads. */
static int lane_count_for(const pipeline_settings *s)
{
    int threads = s->threads > 0 ? s->threads : 1;
    int per_lane = s->encode ? encode_settings_threads(&s->encode_settings) : 1;
    int lanes = threads / per_lane;
    return lanes > 0 ? lanes : 1;
}

static void stop_lanes(pipeline *p)
{
    for (int i = 0; i < p->lane_count; i++) {
        lane *ln = &p->lanes[i];
        if (ln->render_started)
            pthread_join(ln->render_thread, NULL);
        if (ln->encode_started)
            pthread_join(ln->encode_thread, NULL);
    }
}

static int start_lanes(pipeline *p)
{
    const encode_settings *es = &p->settings->encode_settings;
    for (int i = 0; i < p->lane_count; i++)
        if (frame_ring_init(&p->lanes[i].ring, RING_FRAMES, es->pix_fmt, es->width, es->height) < 0) {
            fail(p, REEL_ENOMEM, "out of memory allocating frames");
            return -1;
        }
    for (int i = 0; i < p->lane_count; i++) {
        lane *ln = &p->lanes[i];
        ln->p = p;
        ln->encode_started = pthread_create(&ln->encode_thread, NULL, encode_main, ln) == 0;
        ln->render_started = ln->encode_started &&
                             pthread_create(&ln->render_thread, NULL, render_main, ln) == 0;
        if (!ln->render_started) {
            fail(p, REEL_EIO, "cannot start a worker thread");
            return -1;
        }
    }
    return 0;
}

int pipeline_run(const scene *sc, const pipeline_settings *s, const segment_sink *sink,
                 const AVCodecParameters *reference, reel_stats *stats, char *err, size_t errsize)
{
    double start = now_seconds();
    pipeline p = {
        .scene = sc, .settings = s, .first = s->first_frame, .count = s->frame_count,
        .segment_first = s->segment_first, .segments = s->segment_count, .reference = reference,
        .lane_count = lane_count_for(s),
    };
    p.window = p.lane_count * 2 + 1;
    p.slots = calloc((size_t)p.window, sizeof *p.slots);
    p.lanes = calloc((size_t)p.lane_count, sizeof *p.lanes);
    if (!p.slots || !p.lanes) {
        free(p.slots);
        free(p.lanes);
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    atomic_init(&p.frames_done, 0);

    double wait = 0, mux_time = 0;
    if (start_lanes(&p) == 0) {
        char mux_err[512] = "";
        for (int64_t k = 0; k < p.segments; k++)
            if (mux_next(&p, k, sink, &wait, &mux_time, mux_err, sizeof mux_err) < 0)
                break;
    }
    stop_lanes(&p);

    int rc = 0;
    if (p.failed) {
        rc = p.error_code;
        snprintf(err, errsize, "%s", p.error);
    }
    if (stats) {
        *stats = (reel_stats){.frames = atomic_load(&p.frames_done), .seconds_mux = mux_time,
                              .seconds_wait = wait};
        for (int i = 0; i < p.lane_count; i++) {
            stats->seconds_render += p.lanes[i].times.render;
            stats->seconds_convert += p.lanes[i].times.convert;
            stats->seconds_encode += p.lanes[i].times.encode;
            stats->seconds_evaluate += p.lanes[i].times.stages[STAGE_EVALUATE];
            stats->seconds_decode += p.lanes[i].times.stages[STAGE_DECODE];
        }
        stats->seconds_total = now_seconds() - start;
    }
    for (int i = 0; i < p.window; i++)
        packet_list_clear(&p.slots[i].packets);
    for (int i = 0; i < p.lane_count; i++)
        frame_ring_destroy(&p.lanes[i].ring);
    pthread_mutex_destroy(&p.lock);
    pthread_cond_destroy(&p.changed);
    free(p.slots);
    free(p.lanes);
    return rc;
}

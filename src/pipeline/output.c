/* Rendering to files: picks the format, opens the right sink (a container
 * muxer, a part file, or a PNG sequence), runs the pipeline, and puts the
 * result in place only when everything succeeded. Also joins part files.
 *
 * Every file is written under a temporary name beside its destination and
 * renamed at the end, so a failure or an interruption never leaves a partial
 * file under the final name, and an existing file stays untouched. */
#include "pipeline/output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libavutil/sha.h>

#include "media/audio_encode.h"
#include "media/audio_mix.h"
#include "pipeline/audio_job.h"
#include "media/encoder.h"
#include "media/muxer.h"
#include "media/palette.h"
#include "media/part_file.h"
#include "pipeline/pipeline.h"
#include "render/draw.h"
#include "util/files.h"

/* ---- helpers ---- */

static int fail_input(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail_input(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    return REEL_EINPUT;
}

static const char *extension_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

/* true when pattern has exactly one %d-style conversion (%d or %0Nd). */
static bool valid_sequence_pattern(const char *pattern)
{
    int conversions = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *q = p + 1;
        if (*q == '0')
            q++;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q != 'd' || q - p > 4)
            return false;
        conversions++;
        p = q;
    }
    return conversions == 1;
}

static const output_format *find_lossless(const char *ext, char *err, size_t errsize)
{
    for (const output_format *const *f = output_formats; *f; f++)
        if ((*f)->lossless && strcmp((*f)->extension, ext) == 0)
            return *f;
    snprintf(err, errsize, "no lossless format for .%s (use .mkv for FFV1 or .mp4 for lossless RGB H.264)", ext);
    return NULL;
}

/* The extension of the first format with codec name codec ("mp4" for none). */
static const char *codec_extension(const char *codec)
{
    for (const output_format *const *f = output_formats; codec && *f; f++)
        if (strcmp((*f)->codec_name, codec) == 0)
            return (*f)->extension;
    return "mp4";
}

/* The default segment length, from the frame count alone (never from the
 * machine, so it cannot change the bytes): equal segments of about 300
 * frames. Each segment starts with an IDR frame and a fresh encoder, whose
 * memory and lookahead take time to fill (docs/determinism.md measures both);
 * one x264 instance with its three threads already keeps two cores busy, so short videos stay one
 * segment. */
static int default_segment_frames(int64_t frames)
{
    int64_t n = (frames + 150) / 300;
    if (n < 1)
        n = 1;
    return (int)((frames + n - 1) / n);
}

/* ---- settings ---- */

int output_plan(const scene *s, const char *path, const reel_render_options *o, output_plan_t *plan,
                char *err, size_t errsize)
{
    memset(plan, 0, sizeof *plan);
    double scale = o->scale > 0 ? o->scale : 1.0;
    if (!(scale >= 0.01 && scale <= 8))
        return fail_input(err, errsize, "scale must be from 0.01 to 8");
    int64_t first = o->first_frame, last = o->last_frame < 0 ? s->frames - 1 : o->last_frame;
    if (first < 0 || first > last || last >= s->frames)
        return fail_input(err, errsize, "frame range %" PRId64 "-%" PRId64 " is outside the scene (frames 0 to %" PRId64 ")",
                          first, last, s->frames - 1);
    if (o->crf < 0 || o->crf > 63)
        return fail_input(err, errsize, "crf must be from 0 to 63");
    if ((o->part_count != 0 || o->part_index != 0) &&
        (o->part_count < 1 || o->part_index < 1 || o->part_index > o->part_count))
        return fail_input(err, errsize, "segments share must be K/N with 1 <= K <= N");

    const char *ext = extension_of(path);
    const output_format *fmt = NULL;
    const char *audio_container = strcasecmp(ext, "wav") == 0 ? "wav" : strcasecmp(ext, "m4a") == 0 ? "ipod" : NULL;
    if (o->encode && audio_container && o->part_count == 0) {
        /* Audio only: the mix of the frame range, no picture. */
        if (o->no_audio)
            return fail_input(err, errsize, "--no-audio leaves nothing to write to a .%s file", ext);
        plan->audio_container = audio_container;
        plan->audio_codec = audio_codec_for_container(audio_container);
        plan->pipeline = (pipeline_settings){.first_frame = first, .frame_count = last - first + 1,
                                             .encode = true, .encode_settings = {.fps = s->fps}};
        return 0;
    }
    if (o->encode) {
        /* A part file's name says nothing of the final format ("part.3"):
         * then --codec decides, or the default, H.264 in MP4. */
        if (o->part_count > 0 && !output_format_find(ext, NULL, err, errsize))
            ext = codec_extension(o->codec);
        fmt = o->lossless && !o->codec ? find_lossless(ext, err, errsize)
                                       : output_format_find(ext, o->codec, err, errsize);
        if (!fmt)
            return REEL_EINPUT;
        if (o->lossless && !fmt->lossless)
            return fail_input(err, errsize, "codec \"%s\" is not lossless", fmt->codec_name);
        if (!fmt->container && o->part_count == 0 && !valid_sequence_pattern(path))
            return fail_input(err, errsize, "an image sequence needs a frame-number pattern in its name, "
                              "like out/frame_%%05d.png");
    }
    plan->format = fmt;
    int w = (int)lround(s->width * scale), h = (int)lround(s->height * scale);
    int pix_fmt = AV_PIX_FMT_YUV420P;
    if (fmt) {
        pix_fmt = s->transparent && fmt->alpha_pix_fmt != AV_PIX_FMT_NONE ? fmt->alpha_pix_fmt : fmt->pix_fmt;
        if (o->pix_fmt) {
            pix_fmt = av_get_pix_fmt(o->pix_fmt);
            if (pix_fmt == AV_PIX_FMT_NONE)
                return fail_input(err, errsize, "unknown pixel format \"%s\"", o->pix_fmt);
        }
        if (!frame_convert_supported(pix_fmt))
            return fail_input(err, errsize, "pixel format %s is not supported", av_get_pix_fmt_name(pix_fmt));
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(pix_fmt);
        if (scale != 1 && d) {
            /* A draft of a subsampled format drops an odd last row/column
             * rather than failing; the layout keeps the exact scale. */
            w -= d->log2_chroma_w ? w % 2 : 0;
            h -= d->log2_chroma_h ? h % 2 : 0;
        }
        if (w < 2 || h < 2)
            return fail_input(err, errsize, "scale %g leaves no picture (%dx%d)", scale, w, h);
        if (d && ((d->log2_chroma_w && w % 2) || (d->log2_chroma_h && h % 2)))
            return fail_input(err, errsize, "%s needs an even width and height (the output is %dx%d)",
                              av_get_pix_fmt_name(pix_fmt), w, h);
        if (o->full_range && !fmt->is_yuv)
            return fail_input(err, errsize, "--full-range applies to YUV formats only");
    }
    pipeline_settings *ps = &plan->pipeline;
    *ps = (pipeline_settings){
        .encode_settings = {.codec = fmt ? fmt->encoder : "libx264", .width = w, .height = h, .fps = s->fps,
                            .pix_fmt = pix_fmt, .full_range = o->full_range != 0, .crf = o->crf,
                            .preset = o->preset ? o->preset : "medium", .lossless = fmt && fmt->lossless},
        .scale = scale, .first_frame = first, .frame_count = last - first + 1,
        .segment_frames = o->segment_frames > 0 ? o->segment_frames : default_segment_frames(last - first + 1),
        .threads = o->threads, .encode = o->encode != 0, .progress = o->progress,
        .progress_user = o->progress_user, .stage_times = o->stage_times != 0,
    };
    int64_t total = pipeline_segment_total(ps);
    ps->segment_first = 0;
    ps->segment_count = total;
    if (o->part_count > 0) {
        /* Share K of N: an equal split of the segments, the remainder spread
         * over the first shares. */
        int64_t n = o->part_count, k = o->part_index - 1;
        ps->segment_first = k * total / n;
        ps->segment_count = (k + 1) * total / n - ps->segment_first;
    }
    plan->muxer_opts.gif_loop = o->gif_loop;
    plan->dither = o->gif_dither != 0;
    plan->part_index = o->part_index;
    plan->part_count = o->part_count;
    if (fmt && fmt->container && !o->no_audio && audio_mix_has_sources(s))
        plan->audio_codec = audio_codec_for_container(fmt->container);
    return 0;
}

/* ---- the settings as text, for part files ---- */

static void header_from_plan(const scene *s, const output_plan_t *plan, part_header *h)
{
    const pipeline_settings *ps = &plan->pipeline;
    const encode_settings *e = &ps->encode_settings;
    char buf[128];
#define SETF(key, ...) do { snprintf(buf, sizeof buf, __VA_ARGS__); part_set(h, key, buf); } while (0)
    part_set(h, "format", plan->format->codec_name);
    part_set(h, "extension", plan->format->extension);
    SETF("size", "%dx%d", e->width, e->height);
    SETF("fps", "%" PRId64 "/%" PRId64, e->fps.num, e->fps.den);
    part_set(h, "pix_fmt", av_get_pix_fmt_name(e->pix_fmt));
    SETF("full_range", "%d", e->full_range);
    SETF("crf", "%d", e->crf);
    part_set(h, "preset", e->preset);
    SETF("lossless", "%d", e->lossless);
    SETF("frames", "%" PRId64 "+%" PRId64, ps->first_frame, ps->frame_count);
    SETF("segment_frames", "%d", ps->segment_frames);
    SETF("segments_total", "%" PRId64, pipeline_segment_total(ps));
    SETF("segment_range", "%" PRId64 "+%" PRId64, ps->segment_first, ps->segment_count);
    SETF("share", "%d/%d", plan->part_index, plan->part_count);
    SETF("gif_loop", "%d", plan->muxer_opts.gif_loop);
    part_set(h, "audio", plan->audio_codec ? plan->audio_codec : "none");
    if (plan->pal.count > 0) {
        char hex[256 * 9 + 1];
        for (int i = 0; i < plan->pal.count; i++)
            snprintf(hex + 9 * i, 10, "%08" PRIx32 ",", plan->pal.colors[i]);
        part_set(h, "palette", hex);
    }
#undef SETF
    /* The fingerprint ties the parts to one scene text and one set of settings. */
    char text[4096] = "";
    size_t n = 0;
    for (int i = 0; i < h->field_count && n < sizeof text; i++)
        if (strcmp(h->keys[i], "segment_range") && strcmp(h->keys[i], "share"))
            n += (size_t)snprintf(text + n, sizeof text - n, "%s=%s;", h->keys[i], h->values[i]);
    uint8_t digest[32] = {0};
    struct AVSHA *sha = av_sha_alloc();
    if (sha) {
        av_sha_init(sha, 256);
        av_sha_update(sha, (const uint8_t *)s->source_sha256, 64);
        av_sha_update(sha, (const uint8_t *)text, strlen(text));
        av_sha_final(sha, digest);
        av_free(sha);
    }
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    part_set(h, "fingerprint", hex);
}

static bool parse_pair(const char *v, char sep, int64_t *a, int64_t *b)
{
    char *end;
    if (!v)
        return false;
    *a = strtoll(v, &end, 10);
    if (*end != sep)
        return false;
    *b = strtoll(end + 1, &end, 10);
    return *end == '\0';
}

/* Rebuilds the encoder and muxer settings a part file was made with. */
static int plan_from_header(const part_header *h, output_plan_t *plan, char *err, size_t errsize)
{
    memset(plan, 0, sizeof *plan);
    char e2[300];
    plan->format = output_format_find(part_get(h, "extension") ? part_get(h, "extension") : "",
                                      part_get(h, "format"), e2, sizeof e2);
    int64_t w, hgt, fn, fd, first, count, sfirst, scount;
    const char *pix = part_get(h, "pix_fmt");
    if (!plan->format || !parse_pair(part_get(h, "size"), 'x', &w, &hgt) ||
        !parse_pair(part_get(h, "fps"), '/', &fn, &fd) || !pix || !part_get(h, "preset") ||
        !parse_pair(part_get(h, "frames"), '+', &first, &count) ||
        !parse_pair(part_get(h, "segment_range"), '+', &sfirst, &scount) || !part_get(h, "fingerprint")) {
        snprintf(err, errsize, "part file header is incomplete or from another reel version");
        return REEL_EINPUT;
    }
    pipeline_settings *ps = &plan->pipeline;
    ps->encode_settings = (encode_settings){
        .codec = plan->format->encoder, .width = (int)w, .height = (int)hgt, .fps = {fn, fd},
        .pix_fmt = av_get_pix_fmt(pix), .full_range = atoi(part_get(h, "full_range") ? part_get(h, "full_range") : "0"),
        .crf = atoi(part_get(h, "crf") ? part_get(h, "crf") : "18"),
        .lossless = atoi(part_get(h, "lossless") ? part_get(h, "lossless") : "0")};
    ps->encode_settings.preset = part_get(h, "preset");   /* lives as long as h */
    ps->first_frame = first;
    ps->frame_count = count;
    ps->segment_frames = atoi(part_get(h, "segment_frames") ? part_get(h, "segment_frames") : "60");
    ps->segment_first = sfirst;
    ps->segment_count = scount;
    plan->muxer_opts.gif_loop = atoi(part_get(h, "gif_loop") ? part_get(h, "gif_loop") : "0");
    const char *audio = part_get(h, "audio");
    plan->audio_codec = audio && strcmp(audio, "none") != 0 ? audio : NULL;   /* lives as long as h */
    return 0;
}

/* ---- finished files ---- */

/* Moves the finished temporary file over path when rc is 0, else removes it;
 * frees tmp (NULL: nothing to do). Returns rc, or REEL_EIO when the move
 * fails. */
static int finish_temp(char *tmp, const char *path, int rc, char *err, size_t errsize)
{
    if (!tmp)
        return rc;
    if (rc == 0 && rename(tmp, path) != 0) {
        snprintf(err, errsize, "cannot move the finished file into place: %s", strerror(errno));
        rc = REEL_EIO;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

static int64_t file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n > 0 ? n : 0;
}

/* ---- sinks ---- */

/* The audio encodes while the first segments render; a sink that writes
 * audio takes it over before its first segment. On failure the job keeps its
 * own code and message, which output_render reports instead of the sink's. */
static int take_audio(audio_job *job, bool *taken, char *err, size_t errsize)
{
    if (*taken || !job)
        return 0;
    *taken = true;
    if (audio_job_wait(job) != 0) {
        snprintf(err, errsize, "%s", job->err);
        return -1;
    }
    return 0;
}

typedef struct mux_sink {
    muxer *mx;
    audio_job *audio;           /* NULL: no audio */
    bool audio_taken;
} mux_sink;

static int mux_sink_write(void *self, int64_t segment, const packet_list *pkts, char *err, size_t errsize)
{
    (void)segment;
    mux_sink *ms = self;
    bool first = !ms->audio_taken;
    if (take_audio(ms->audio, &ms->audio_taken, err, errsize) < 0)
        return -1;
    if (first && ms->audio)
        muxer_set_audio(ms->mx, &ms->audio->packets);
    return muxer_write(ms->mx, pkts, err, errsize);
}

typedef struct part_sink {
    FILE *f;
    audio_job *audio;           /* NULL: no audio */
    bool audio_taken;
    const pipeline_settings *ps;
} part_sink;

static int write_part_audio(FILE *f, const packet_list *audio, const pipeline_settings *ps);

static int part_sink_write(void *self, int64_t segment, const packet_list *pkts, char *err, size_t errsize)
{
    part_sink *ps = self;
    bool first = !ps->audio_taken;
    if (take_audio(ps->audio, &ps->audio_taken, err, errsize) < 0)
        return -1;
    if (first && ps->audio && write_part_audio(ps->f, &ps->audio->packets, ps->ps) < 0) {
        snprintf(err, errsize, "cannot write the part file: %s", strerror(errno));
        return -1;
    }
    if (part_write_packets(ps->f, segment, pkts) < 0) {
        snprintf(err, errsize, "cannot write the part file: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* PNG sequences: each packet is a complete PNG file, written beside its name
 * and renamed. */
typedef struct sequence_sink {
    const char *pattern;
    int64_t first_frame;
    char **written;             /* final names, to remove if the render fails */
    size_t count;
} sequence_sink;

static int sequence_sink_write(void *self, int64_t segment, const packet_list *pkts, char *err, size_t errsize)
{
    (void)segment;
    sequence_sink *ss = self;
    for (size_t i = 0; i < pkts->count; i++) {
        const AVPacket *p = pkts->items[i];
        char name[4096];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(name, sizeof name, ss->pattern, (int)(ss->first_frame + p->pts));
#pragma GCC diagnostic pop
        char *tmp = temp_path_beside(name);
        FILE *f = tmp ? fopen(tmp, "wb") : NULL;
        bool ok = f && fwrite(p->data, 1, (size_t)p->size, f) == (size_t)p->size;
        if (f && fclose(f) != 0)
            ok = false;
        if (ok && rename(tmp, name) != 0)
            ok = false;
        if (!ok) {
            snprintf(err, errsize, "cannot write %s: %s", name, strerror(errno));
            if (tmp)
                unlink(tmp);
            free(tmp);
            return -1;
        }
        free(tmp);
        char **grown = realloc(ss->written, (ss->count + 1) * sizeof *grown);
        if (grown)
            ss->written = grown;
        if (!grown || !(grown[ss->count] = strdup(name))) {
            snprintf(err, errsize, "out of memory");
            return -1;
        }
        ss->count++;
    }
    return 0;
}

static void sequence_sink_finish(sequence_sink *ss, bool ok)
{
    for (size_t i = 0; i < ss->count; i++) {
        if (!ok)
            unlink(ss->written[i]);
        free(ss->written[i]);
    }
    free(ss->written);
}

/* ---- GIF palette: computed from frames sampled across the range ---- */

static int build_palette(const scene *s, output_plan_t *plan, char *err, size_t errsize)
{
    draw_ctx dc;
    if (draw_ctx_init(&dc, s, plan->pipeline.scale) != 0) {
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    palette_builder *b = palette_builder_new();
    if (!b) {
        draw_ctx_destroy(&dc);
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    const pipeline_settings *ps = &plan->pipeline;
    int64_t samples = ps->frame_count < 32 ? ps->frame_count : 32;
    for (int64_t i = 0; i < samples; i++) {
        int64_t f = ps->first_frame + (samples > 1 ? i * (ps->frame_count - 1) / (samples - 1) : 0);
        render_frame(&dc, f);
        palette_builder_add(b, cairo_image_surface_get_data(dc.target), cairo_image_surface_get_stride(dc.target),
                            ps->encode_settings.width, ps->encode_settings.height);
    }
    palette_builder_build(b, 256, s->transparent, &plan->pal);
    palette_builder_free(&b);
    draw_ctx_destroy(&dc);
    return 0;
}

/* ---- audio ---- */

/* The segment an audio packet belongs to, for splitting it among parts: the
 * one whose frames contain the packet's start (priming before 0 goes to the
 * first, a tail past the end to the last). */
static int64_t audio_packet_segment(const AVPacket *p, const pipeline_settings *ps)
{
    int64_t pts = p->pts > 0 ? p->pts : 0;
    int64_t frame = (int64_t)((__int128)pts * ps->encode_settings.fps.num /
                              ((__int128)48000 * ps->encode_settings.fps.den));
    int64_t seg = frame / ps->segment_frames, total = pipeline_segment_total(ps);
    return seg < total ? seg : total - 1;
}

/* Writes the audio packets of the part's share of the segments. */
static int write_part_audio(FILE *f, const packet_list *audio, const pipeline_settings *ps)
{
    packet_list mine = {0};
    if (audio->count && !(mine.items = malloc(audio->count * sizeof *mine.items)))
        return AVERROR(ENOMEM);
    for (size_t i = 0; i < audio->count; i++) {
        int64_t seg = audio_packet_segment(audio->items[i], ps);
        if (seg >= ps->segment_first && seg < ps->segment_first + ps->segment_count)
            mine.items[mine.count++] = audio->items[i];
    }
    int rc = part_write_packets(f, 0, &mine);   /* a view: the packets stay audio's */
    free(mine.items);
    return rc;
}

static int mux_audio_batch(void *user, const packet_list *pkts)
{
    char err[300];
    return muxer_write_audio(user, pkts, err, sizeof err);
}

/* .wav and .m4a: the mix alone, muxed while it is encoded. */
static int render_audio_only(const scene *s, const char *path, const output_plan_t *plan, bool overwrite,
                             reel_stats *stats, char *err, size_t errsize, const char **err_file)
{
    if (!overwrite && access(path, F_OK) == 0)
        return fail_input(err, errsize, "output exists (use -y to replace it)");
    if (check_writable_dir(path, err, errsize) != 0) {
        *err_file = path;
        return REEL_EIO;
    }
    packet_list audio = {0};
    AVCodecContext *params = NULL;
    int rc = audio_encoder_open(plan->audio_codec, &params, err, errsize) < 0 ? REEL_EIO : 0;
    char *tmp = rc == 0 ? temp_path_beside(path) : NULL;
    if (rc == 0 && !tmp)
        rc = REEL_ENOMEM;
    muxer *mx = NULL;
    if (rc == 0 && muxer_open_av(&mx, tmp, plan->audio_container, NULL, s->fps, params, NULL, err, errsize) < 0)
        rc = REEL_EIO;
    const pipeline_settings *ps = &plan->pipeline;
    if (rc == 0)
        rc = audio_encode_scene_to(s, ps->first_frame, ps->frame_count, plan->audio_codec, &audio,
                                   mux_audio_batch, mx, err, errsize);
    if (rc == 0 && muxer_finish(mx, err, errsize) < 0)
        rc = REEL_EIO;
    if (rc == REEL_EIO)
        *err_file = path;
    muxer_free(&mx);
    avcodec_free_context(&params);
    packet_list_clear(&audio);
    rc = finish_temp(tmp, path, rc, err, errsize);
    if (rc == 0 && stats)
        stats->bytes = file_size(path);
    return rc;
}

/* ---- render ---- */

int output_render(const scene *s, const char *path, output_plan_t *plan, bool overwrite, reel_stats *stats,
                  char *err, size_t errsize, const char **err_file)
{
    *err_file = NULL;
    pipeline_settings *ps = &plan->pipeline;
    if (plan->audio_container)
        return render_audio_only(s, path, plan, overwrite, stats, err, errsize, err_file);
    if (!ps->encode)
        return pipeline_run(s, ps, NULL, NULL, stats, err, errsize);
    if (!overwrite && access(path, F_OK) == 0)
        return fail_input(err, errsize, "output exists (use -y to replace it)");
    if (check_writable_dir(path, err, errsize) != 0) {
        *err_file = path;
        return REEL_EIO;
    }
    int rc = 0;
    if (plan->format->encoder && strcmp(plan->format->encoder, "gif") == 0 &&
        (rc = build_palette(s, plan, err, errsize)))
        return rc;
    ps->convert.pal = plan->pal.count > 0 ? &plan->pal : NULL;
    ps->convert.dither = plan->dither;
    ps->convert.full_range = ps->encode_settings.full_range;

    /* The codec parameters every segment must reproduce. The encoder that
     * shows them is freed at once: a 1080p x264 instance holds hundreds of MB. */
    segment_encoder *probe = NULL;
    if (segment_encoder_open(&probe, &ps->encode_settings, err, errsize) < 0)
        return REEL_EINPUT;     /* the settings (codec, pixel format, size) do not go together */
    AVCodecParameters *reference = avcodec_parameters_alloc();
    int prc = reference ? avcodec_parameters_from_context(reference, segment_encoder_context(probe)) : -1;
    AVCodecContext *mux_params = prc >= 0 ? avcodec_alloc_context3(NULL) : NULL;
    if (mux_params && avcodec_parameters_to_context(mux_params, reference) < 0)
        avcodec_free_context(&mux_params);
    if (mux_params) {
        mux_params->time_base = segment_encoder_context(probe)->time_base;
        mux_params->framerate = segment_encoder_context(probe)->framerate;
    }
    segment_encoder_free(&probe);
    if (!mux_params) {
        avcodec_parameters_free(&reference);
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    /* The audio in one piece (see media/audio_encode.h), on its own thread
     * while the video renders; its codec parameters are needed at once. */
    AVCodecContext *audio_params = NULL;
    audio_job audio_storage, *audio = NULL;
    if (plan->audio_codec) {
        if (audio_encoder_open(plan->audio_codec, &audio_params, err, errsize) < 0) {
            avcodec_free_context(&mux_params);
            avcodec_parameters_free(&reference);
            return REEL_EIO;
        }
        audio = &audio_storage;
        audio_job_start(audio, s, ps->first_frame, ps->frame_count, plan->audio_codec);
    }

    bool is_part = plan->part_count > 0;
    bool is_sequence = !is_part && !plan->format->container;
    char *tmp = is_sequence ? NULL : temp_path_beside(path);
    muxer *mx = NULL;
    FILE *pf = NULL;
    part_sink part = {.audio = audio, .ps = ps};
    mux_sink msink = {.audio = audio};
    sequence_sink seq = {.pattern = path, .first_frame = ps->first_frame};
    segment_sink sink;
    if (is_sequence) {
        sink = (segment_sink){sequence_sink_write, &seq};
    } else if (!tmp) {
        rc = REEL_ENOMEM;
    } else if (is_part) {
        part_header *h = calloc(1, sizeof *h);
        pf = fopen(tmp, "wb");
        if (!h || !pf) {
            snprintf(err, errsize, "cannot create %s: %s", tmp, strerror(errno));
            rc = REEL_EIO;
        } else {
            header_from_plan(s, plan, h);
            if (part_write_header(pf, h) < 0) {
                snprintf(err, errsize, "cannot write the part file: %s", strerror(errno));
                rc = REEL_EIO;
            }
        }
        free(h);
        part.f = pf;
        sink = (segment_sink){part_sink_write, &part};
    } else {
        if (muxer_open_av(&mx, tmp, plan->format->container, mux_params, ps->encode_settings.fps,
                          audio_params, &plan->muxer_opts, err, errsize) < 0)
            rc = REEL_EIO;
        msink.mx = mx;
        sink = (segment_sink){mux_sink_write, &msink};
    }
    if (rc == 0)
        rc = pipeline_run(s, ps, &sink, reference, stats, err, errsize);
    if (audio && audio_job_wait(audio) != 0) {
        /* The audio's own failure (a source that cannot be decoded, ...). */
        rc = audio->rc;
        snprintf(err, errsize, "%s", audio->err);
    } else if (rc == REEL_EIO) {
        *err_file = path;
    }
    if (rc == 0 && mx && muxer_finish(mx, err, errsize) < 0) {
        rc = REEL_EIO;
        *err_file = path;
    }
    muxer_free(&mx);
    if (pf && fclose(pf) != 0 && rc == 0) {
        snprintf(err, errsize, "cannot write the part file: %s", strerror(errno));
        rc = REEL_EIO;
    }
    avcodec_free_context(&mux_params);
    avcodec_parameters_free(&reference);
    avcodec_free_context(&audio_params);
    if (audio)
        audio_job_free(audio);
    if (is_sequence)
        sequence_sink_finish(&seq, rc == 0);
    rc = finish_temp(tmp, path, rc, err, errsize);
    if (rc == 0 && stats && !is_sequence)
        stats->bytes = file_size(path);
    return rc;
}

/* ---- join ---- */

typedef struct part_in {
    FILE *f;
    part_header *h;
    int64_t seg_first, seg_count;
    const char *path;
} part_in;

static int compare_parts(const void *a, const void *b)
{
    const part_in *x = a, *y = b;
    return (x->seg_first > y->seg_first) - (x->seg_first < y->seg_first);
}

int output_join(const char *const *paths, size_t count, const char *path, char *err, size_t errsize,
                const char **err_file)
{
    *err_file = NULL;
    if (count == 0)
        return fail_input(err, errsize, "no part files to join");
    part_in *parts = calloc(count, sizeof *parts);
    if (!parts)
        return fail_input(err, errsize, "out of memory");
    int rc = 0;
    int64_t total = -1;
    for (size_t i = 0; i < count && rc == 0; i++) {
        part_in *p = &parts[i];
        p->path = paths[i];
        p->h = calloc(1, sizeof *p->h);
        p->f = fopen(paths[i], "rb");
        if (!p->h || !p->f) {
            rc = fail_input(err, errsize, "cannot open part %s: %s", paths[i], strerror(errno));
            *err_file = paths[i];
            break;
        }
        if (part_read_header(p->f, p->h, err, errsize) < 0 ||
            !parse_pair(part_get(p->h, "segment_range"), '+', &p->seg_first, &p->seg_count)) {
            *err_file = paths[i];
            rc = REEL_EINPUT;
            break;
        }
        const char *fp = part_get(p->h, "fingerprint"), *fp0 = part_get(parts[0].h, "fingerprint");
        if (!fp || strcmp(fp, fp0) != 0) {
            rc = fail_input(err, errsize, "%s belongs to a different render than %s (scene or settings differ)",
                            paths[i], paths[0]);
            *err_file = paths[i];
        }
        int64_t t = part_get(p->h, "segments_total") ? strtoll(part_get(p->h, "segments_total"), NULL, 10) : -1;
        total = t;
    }
    if (rc == 0) {
        qsort(parts, count, sizeof *parts, compare_parts);
        int64_t next = 0;
        for (size_t i = 0; i < count && rc == 0; i++) {
            if (parts[i].seg_first != next) {
                rc = parts[i].seg_first < next
                         ? fail_input(err, errsize, "%s overlaps another part (given twice?)", parts[i].path)
                         : fail_input(err, errsize, "a part is missing: segments %" PRId64 " to %" PRId64 " are not in any file",
                                      next, parts[i].seg_first - 1);
            }
            next = parts[i].seg_first + parts[i].seg_count;
        }
        if (rc == 0 && next != total)
            rc = fail_input(err, errsize, "a part is missing: segments %" PRId64 " to %" PRId64 " are not in any file",
                            next, total - 1);
    }
    output_plan_t plan;
    segment_encoder *reference = NULL;
    muxer *mx = NULL;
    char *tmp = NULL;
    if (rc == 0)
        rc = plan_from_header(parts[0].h, &plan, err, errsize);
    if (rc == 0) {
        if (!plan.format->container)
            rc = fail_input(err, errsize, "image sequences are written directly; they have no parts to join");
        else if (strcmp(extension_of(path), plan.format->extension) != 0)
            rc = fail_input(err, errsize, "the parts were rendered for a .%s file, not .%s", plan.format->extension,
                            extension_of(path));
    }
    if (rc == 0 && check_writable_dir(path, err, errsize) != 0) {
        rc = REEL_EIO;
        *err_file = path;
    }
    if (rc == 0 && segment_encoder_open(&reference, &plan.pipeline.encode_settings, err, errsize) < 0)
        rc = REEL_EIO;
    if (rc == 0 && !(tmp = temp_path_beside(path)))
        rc = REEL_ENOMEM;
    AVCodecContext *audio_params = NULL;
    if (rc == 0 && plan.audio_codec && audio_encoder_open(plan.audio_codec, &audio_params, err, errsize) < 0)
        rc = REEL_EIO;
    if (rc == 0 && muxer_open_av(&mx, tmp, plan.format->container, segment_encoder_context(reference),
                                 plan.pipeline.encode_settings.fps, audio_params, &plan.muxer_opts, err,
                                 errsize) < 0) {
        rc = REEL_EIO;
        *err_file = path;
    }
    /* Each part starts with its audio packets: gather all of them first, as
     * a single render has them, keeping each part's first video packet. */
    AVPacket *pkt = av_packet_alloc();
    AVPacket **pending = calloc(count, sizeof *pending);
    int64_t *pending_seg = calloc(count, sizeof *pending_seg);
    packet_list audio = {0};
    if (!pkt || !pending || !pending_seg)
        rc = rc ? rc : REEL_ENOMEM;
    for (size_t i = 0; i < count && rc == 0; i++) {
        for (;;) {
            int done;
            if (part_read_packet(parts[i].f, pkt, &pending_seg[i], &done, err, errsize) < 0) {
                rc = REEL_EINPUT;
                *err_file = parts[i].path;
                break;
            }
            if (done)
                break;
            if (pkt->stream_index == 1) {
                if (!audio_params) {
                    rc = fail_input(err, errsize, "%s: audio packets in a part without audio", parts[i].path);
                    break;
                }
                if (packet_list_push(&audio, pkt) < 0)
                    rc = REEL_ENOMEM;
                if (rc)
                    break;
                continue;
            }
            if (!(pending[i] = av_packet_alloc())) {
                rc = REEL_ENOMEM;
                break;
            }
            av_packet_move_ref(pending[i], pkt);
            break;
        }
    }
    if (rc == 0)
        muxer_set_audio(mx, &audio);
    /* Feed the muxer segment by segment, exactly as a single render does. */
    packet_list seg = {0};
    int64_t current = -1;
    for (size_t i = 0; i < count && rc == 0; i++) {
        for (;;) {
            int64_t segment;
            int done = 0;
            if (pending[i]) {
                av_packet_move_ref(pkt, pending[i]);
                av_packet_free(&pending[i]);
                segment = pending_seg[i];
            } else if (part_read_packet(parts[i].f, pkt, &segment, &done, err, errsize) < 0) {
                rc = REEL_EINPUT;
                *err_file = parts[i].path;
                break;
            }
            if (done)
                break;
            if (pkt->stream_index != 0) {
                rc = fail_input(err, errsize, "%s: damaged part file (audio after video)", parts[i].path);
                *err_file = parts[i].path;
                break;
            }
            if (segment != current && seg.count > 0) {
                if (muxer_write(mx, &seg, err, errsize) < 0) {
                    rc = REEL_EIO;
                    break;
                }
                packet_list_clear(&seg);
            }
            current = segment;
            if (packet_list_push(&seg, pkt) < 0) {
                rc = REEL_ENOMEM;
                break;
            }
        }
    }
    if (rc == 0 && seg.count > 0 && muxer_write(mx, &seg, err, errsize) < 0)
        rc = REEL_EIO;
    packet_list_clear(&seg);
    av_packet_free(&pkt);
    if (rc == 0 && muxer_finish(mx, err, errsize) < 0)
        rc = REEL_EIO;
    muxer_free(&mx);
    for (size_t i = 0; pending && i < count; i++)
        av_packet_free(&pending[i]);
    free(pending);
    free(pending_seg);
    packet_list_clear(&audio);
    avcodec_free_context(&audio_params);
    segment_encoder_free(&reference);
    rc = finish_temp(tmp, path, rc, err, errsize);
    for (size_t i = 0; i < count; i++) {
        if (parts[i].f)
            fclose(parts[i].f);
        free(parts[i].h);
    }
    free(parts);
    return rc;
}

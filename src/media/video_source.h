/* Video files as a source of frames for compositing: any container and codec
 * FFmpeg demuxes and decodes (MP4/MOV/WebM/MKV; H.264, H.265, VP9, AV1,
 * ProRes, ...), read as premultiplied BGRA (cairo ARGB32) at the source size,
 * turned upright by the rotation the container declares (as players do).
 *
 * Source time: seconds from the first frame's presentation time, so the
 * first frame always starts at t = 0 whatever the container's own start
 * offset (MPEG-TS clips start near 1.4 s, MP4s without an edit list a few
 * frames in). Frame i is shown over [pts_i, pts_i+1); the choice of frame for
 * a time is exact rational arithmetic on the stream's timestamps, never
 * floating point, so it holds for constant and variable frame rates alike.
 *
 * The reader streams: forward requests decode forward; only a request behind
 * the current frame, or one past a keyframe the decoder has not reached yet,
 * seeks. Memory is the current and next decoded frames, one BGRA buffer and
 * the decoder's own state, whatever the clip's length. */
#ifndef REEL_VIDEO_SOURCE_H
#define REEL_VIDEO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libavutil/frame.h>

#include "media/yuv_to_rgb.h"
#include "scene/timeparse.h"   /* rational */

/* Largest accepted frame side, in pixels. */
#define VIDEO_MAX_SIDE 16384

typedef struct video_info {
    int width, height;          /* of the first frame, as coded (before rotation) */
    char codec[32];             /* FFmpeg's codec name: "h264", "hevc", "vp9", "av1", "prores" */
    bool has_alpha;             /* frames decode with an alpha channel (VP9 alpha: needs libvpx) */
    bool has_audio;             /* the file also holds an audio stream */
    rational avg_fps;           /* the container's average rate; else frame_count / end_time; 0/1 unknown */
    rational sample_aspect;     /* pixel aspect ratio, 1/1 when unknown */
    int rotation;               /* clockwise degrees (0, 90, 180, 270) that display it upright;
                                   the reader applies it */
    int64_t frame_count;        /* complete frames in the stream */
    rational end_time;          /* end of the last frame's interval, in source time */
    rational start_offset;      /* first frame's time in the container's timeline (source time 0) */
    bool truncated;             /* the scan met damaged or missing data; counts cover what was readable */
} video_info;

/* Opens path, picks its best video stream (cover art does not count),
 * decodes the first frame to prove that it decodes, then demuxes every
 * packet of the stream (without decoding) for frame_count and end_time.
 * The last frame lasts its stored duration; when the container stores none,
 * the gap between the last two frames, or else one average frame period.
 * Returns 0, or a negative AVERROR with a message in err: "cannot open: ...",
 * "the file is empty", "not a video file FFmpeg can read (unrecognized
 * format, or truncated)", "no video stream", "video is WxH, larger than the
 * 16384 pixel limit per side", "the first video frame does not decode". */
int video_probe(const char *path, video_info *info, char *err, size_t errsize);

typedef struct video_reader video_reader;

typedef struct video_frame {
    const uint8_t *bgra;        /* premultiplied BGRA rows, upright; owned by the reader */
    int width, height, stride;  /* the first frame's size, turned upright; stride is a multiple of 64 */
    rational start;             /* this frame's presentation time, source time */
} video_frame;

typedef struct video_stats {
    int64_t seeks;              /* demuxer repositionings (a reopen counts as one) */
    int64_t frames_decoded;     /* frames received from the decoder */
    int64_t frames_converted;   /* frames converted to BGRA */
} video_stats;

/* Opens a reader and decodes the first frame (the same checks as
 * video_probe, without the packet scan). Returns 0 or a negative AVERROR
 * with a message in err. The reader is independent of any other: readers
 * may be used from different threads at the same time. */
int video_reader_open(video_reader **out, const char *path, char *err, size_t errsize);

/* The frame whose interval [pts_i, pts_i+1) contains source time t
 * (t.den > 0). Times before the first frame give the first frame; times at or
 * after the last frame's start give the last frame (whether to freeze, hide
 * or loop is the caller's decision). out->bgra stays valid until the next
 * call or video_reader_close. Decode errors after the first frame drop the
 * damaged frames (the one before lasts longer); a read error ends the stream
 * there, as a truncated file does. Returns 0, or a negative AVERROR with a
 * message in err. */
int video_reader_frame_at(video_reader *r, rational t, video_frame *out, char *err, size_t errsize);

/* The same frame, written straight into dst (rows `stride` bytes apart,
 * width x height of the reader) instead of the reader's own buffer, for a
 * caller that would only copy it from there: the same bytes, one pass fewer.
 * Only for opaque frames at the first frame's size, not rotated, that the
 * exact converter takes. Returns 1 when written, 0 when not possible (nothing
 * written: use video_reader_frame_at), or a negative AVERROR with a message
 * in err. */
int video_reader_frame_into(video_reader *r, rational t, uint8_t *dst, int stride, char *err, size_t errsize);

/* The same frame as its decoded planes: a new reference to them in *ref
 * (an allocated, empty frame; unreference it when done) and how the exact
 * converter reads them in *p (media/yuv_to_rgb.h), for a caller that
 * converts only parts of it, or none. The same conditions as
 * video_reader_frame_into. Returns 1, 0 when not possible (nothing
 * referenced), or a negative AVERROR with a message in err. */
int video_reader_planes_at(video_reader *r, rational t, AVFrame *ref, yuv_rgb_params *p, char *err,
                           size_t errsize);

/* Frame size (upright) and alpha, as decoded by the first frame. */
void video_reader_size(const video_reader *r, int *width, int *height);
bool video_reader_has_alpha(const video_reader *r);

/* Counters since open, for checking streaming behaviour. */
video_stats video_reader_stats(const video_reader *r);

void video_reader_close(video_reader *r);

#endif

/* One video encoder instance for one segment of the timeline.
 *
 * Segments are runs of frames encoded independently as closed GOPs, each by its
 * own encoder with a fixed thread count, so the bytes never depend on how many workers ran
 * or which segment finished first (docs/determinism.md). Every instance with the
 * same settings produces the same codec parameters (extradata), which the muxer
 * checks. */
#ifndef REEL_ENCODER_H
#define REEL_ENCODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

#include "media/packet_list.h"
#include "scene/timeparse.h"

typedef struct encode_settings {
    const char *codec;        /* libavcodec encoder name: "libx264", ... */
    int width, height;
    rational fps;
    int pix_fmt;              /* enum AVPixelFormat, e.g. AV_PIX_FMT_YUV420P */
    bool full_range;
    int crf;                  /* quality for codecs that take one */
    const char *preset;       /* x264/x265 preset, e.g. "medium" */
    bool lossless;            /* exact output: libx264/libx264rgb qp 0, libx265, libvpx-vp9 and
                                 libaom-av1 lossless mode; ffv1, png and rawvideo always are;
                                 the other encoders refuse it */
} encode_settings;

typedef struct segment_encoder segment_encoder;

/* Threads one encoder instance runs for these settings (2 for x264, else 1):
 * fixed per encoder library, so the pipeline can plan cores around it. */
int encode_settings_threads(const encode_settings *s);

/* Opens an encoder for a segment. Owns nothing of s after return. On failure
 * returns a negative AVERROR and writes a message to err. */
int segment_encoder_open(segment_encoder **out, const encode_settings *s,
                         char *err, size_t errsize);

/* The codec parameters (codec id, size, pixel format, color tags, extradata). */
const AVCodecContext *segment_encoder_context(const segment_encoder *e);

/* Allocates a frame with the encoder's format and size, buffers included,
 * for the caller to fill and pass to segment_encoder_send repeatedly. */
AVFrame *segment_encoder_alloc_frame(const segment_encoder *e);

/* Encodes one frame whose pts is its frame index in the whole video
 * (time base 1/fps); appends any finished packets to out. The frame's color
 * tags and sample aspect ratio are set to the encoder's first. */
int segment_encoder_send(segment_encoder *e, AVFrame *frame, packet_list *out);

/* Drains the encoder at the end of the segment; appends packets to out. */
int segment_encoder_finish(segment_encoder *e, packet_list *out);

/* Frees; sets *e to NULL; NULL is fine. */
void segment_encoder_free(segment_encoder **e);

#endif

/* Runs the segmented render of a frame range (see pipeline.c's DESIGN note). */
#ifndef REEL_PIPELINE_H
#define REEL_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

#include "media/encoder.h"
#include "media/frame_convert.h"
#include "media/muxer.h"
#include "reel.h"
#include "scene/scene.h"

/* Where finished segments go, in order (a muxer, a part file, an image
 * sequence). Called on the main thread only. */
typedef struct segment_sink {
    int (*write)(void *self, int64_t segment, const packet_list *pkts, char *err, size_t errsize);
    void *self;
} segment_sink;

typedef struct pipeline_settings {
    encode_settings encode_settings;    /* width/height are the output size */
    convert_options convert;            /* how rendered frames become encoder frames */
    double scale;                       /* output pixels per scene pixel */
    int64_t first_frame, frame_count;   /* the whole range the segments divide */
    int segment_frames;
    int64_t segment_first, segment_count;   /* which segments to render (all: 0, ceil(count/S)) */
    int threads;                        /* >= 1 */
    bool encode;                        /* false: render and convert only */
    bool stage_times;                   /* time evaluation and decoding apart (stage_clock.h) */
    reel_progress_fn progress;
    void *progress_user;
} pipeline_settings;

/* Number of segments the range divides into. */
int64_t pipeline_segment_total(const pipeline_settings *s);

/* Renders the chosen segments and hands them in order to sink (NULL: discard;
 * also when not encoding). reference holds the codec parameters of the settings'
 * codec parameters; every segment must match it. Returns 0 or a REEL_E* code
 * with a message in err. */
int pipeline_run(const scene *sc, const pipeline_settings *s, const segment_sink *sink,
                 const AVCodecParameters *reference, reel_stats *stats, char *err, size_t errsize);

#endif

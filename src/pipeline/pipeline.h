/* Runs the segmented render of a frame range (see pipeline.c's DESIGN note). */
#ifndef REEL_PIPELINE_H
#define REEL_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

#include "media/encoder.h"
#include "media/muxer.h"
#include "reel.h"
#include "scene/scene.h"

typedef struct pipeline_settings {
    encode_settings encode_settings;    /* width/height are the output size */
    double scale;                       /* output pixels per scene pixel */
    int64_t first_frame, frame_count;
    int segment_frames;
    int threads;                        /* >= 1 */
    bool encode;                        /* false: render and convert only */
    reel_progress_fn progress;
    void *progress_user;
} pipeline_settings;

/* Renders the range and writes segments in order to mx (NULL when not
 * encoding). reference is an encoder context with the settings' codec
 * parameters; every segment must match it. Returns 0 or a REEL_E* code with
 * a message in err. */
int pipeline_run(const scene *sc, const pipeline_settings *s, muxer *mx,
                 const AVCodecContext *reference, reel_stats *stats, char *err, size_t errsize);

#endif

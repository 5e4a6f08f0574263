/* Audio layers: a sound file placed on the timeline. They draw nothing and
 * have no box (transform rows are accepted and ignored); the mixer
 * (media/audio_mix.c) reads them through layer_type.audio. The file is
 * probed when the scene loads, so a missing, empty, truncated or soundless
 * file is a scene error naming the layer's src. */
#include <math.h>
#include <stdlib.h>

#include "layers/layers.h"
#include "media/audio_mix.h"
#include "media/audio_source.h"
#include "scene/load_ctx.h"

enum {
    AUDIO_SRC = COMMON_SLOT_COUNT, AUDIO_TRIM_START, AUDIO_TRIM_END, AUDIO_LOOP, AUDIO_VOLUME,
    AUDIO_VOLUME_DB, AUDIO_FADE_IN, AUDIO_FADE_OUT, AUDIO_MUTE
};

static const prop_desc audio_props[] = {
    {"src", PROP_FILE, false, -INFINITY, INFINITY, false, NULL, NULL,
     "The sound file (WAV, MP3, AAC/M4A, Opus, FLAC, or a video file's audio), relative to the scene file."},
    {"trim_start", PROP_SECONDS, false, -INFINITY, INFINITY, false, "0", NULL,
     "Where in the source the layer starts, in the source's seconds."},
    {"trim_end", PROP_SECONDS, false, -INFINITY, INFINITY, false, "null", NULL,
     "Where in the source the clip ends (exclusive); default: the source's end."},
    {"loop", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Play the trimmed clip again from trim_start when it ends, until the layer ends."},
    {"volume", PROP_NUMBER, true, 0, 4, false, "1", NULL,
     "Linear gain: 0 silent, 1 as recorded, up to 4; animatable, evaluated per sample."},
    {"volume_db", PROP_NUMBER, true, -100, 24, false, "0", NULL,
     "Gain in decibels, multiplied with volume (-6 is about half the amplitude); animatable."},
    {"fade_in", PROP_SECONDS, false, -INFINITY, INFINITY, false, "0", NULL,
     "Linear fade from silence over the first seconds heard."},
    {"fade_out", PROP_SECONDS, false, -INFINITY, INFINITY, false, "0", NULL,
     "Linear fade to silence over the last seconds heard."},
    {"mute", PROP_BOOL, false, -INFINITY, INFINITY, false, "false", NULL,
     "Silence the layer (it stays in the scene)."},
};

typedef struct audio_resource {
    audio_info info;
} audio_resource;

static int audio_prepare(layer *l, load_ctx *lc)
{
    audio_resource *res = calloc(1, sizeof *res);
    if (!res)
        return lc_error(lc, "out of memory");
    l->resource = res;
    char err[600];
    if (audio_probe(l->values[AUDIO_SRC].str, &res->info, err, sizeof err) < 0) {
        lc_push_key(lc, "src");
        return lc_error(lc, "%s", err);
    }
    int64_t start = l->values[AUDIO_TRIM_START].frame;
    int64_t end = l->values[AUDIO_TRIM_END].given ? l->values[AUDIO_TRIM_END].frame : res->info.end_us;
    if (end > res->info.end_us)
        end = res->info.end_us;
    if (start >= end) {
        lc_push_key(lc, l->values[AUDIO_TRIM_END].given ? "trim_end" : "trim_start");
        return lc_error(lc, "the trimmed clip is empty: it starts at %.6g s and ends at %.6g s "
                        "(the source is %.6g s long)", (double)start / 1e6, (double)end / 1e6,
                        (double)res->info.end_us / 1e6);
    }
    return 0;
}

static void audio_release(layer *l)
{
    free(l->resource);
}

static void audio_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    (void)l, (void)dc, (void)t;
    *w = *h = 0;
}

static bool audio_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    (void)l, (void)dc, (void)t, (void)alpha;
    return true;
}

static bool audio_draws_alpha(const layer *l)
{
    (void)l;
    return true;
}

static bool audio_clip_of(const layer *l, audio_clip *out)
{
    const audio_resource *res = l->resource;
    if (l->values[AUDIO_MUTE].integer)
        return false;
    *out = (audio_clip){
        .path = l->values[AUDIO_SRC].str,
        .trim_start_us = l->values[AUDIO_TRIM_START].frame,
        .trim_end_us = l->values[AUDIO_TRIM_END].given ? l->values[AUDIO_TRIM_END].frame : -1,
        .source_end_us = res->info.end_us,
        .loop = l->values[AUDIO_LOOP].integer != 0,
        .volume = &l->values[AUDIO_VOLUME].track,
        .volume_db = &l->values[AUDIO_VOLUME_DB].track,
        .fade_in_us = l->values[AUDIO_FADE_IN].frame,
        .fade_out_us = l->values[AUDIO_FADE_OUT].frame,
    };
    if (out->trim_end_us > res->info.end_us)
        out->trim_end_us = res->info.end_us;
    return true;
}

const layer_type audio_layer_type = {
    .name = "audio",
    .doc = "Sound from a file, placed sample-exactly, with trims, loop, volume and fades. Draws nothing.",
    .props = audio_props,
    .prop_count = sizeof audio_props / sizeof audio_props[0],
    .prepare = audio_prepare,
    .box = audio_box,
    .draw = audio_draw,
    .draws_alpha = audio_draws_alpha,
    .release = audio_release,
    .audio = audio_clip_of,
    .no_picture = true,
};

/* The audio mix: every sound of the scene (audio layers, the audio of video
 * layers) placed sample-exactly on one 48 kHz stereo timeline, mixed in
 * chunks as the encoder asks for them.
 *
 * Placement: a layer that starts at scene frame F starts at sample
 * round_half_up(F x 48000 x fps_den / fps_num), computed exactly in integers,
 * and a range of frames [A, B] is the samples [at(A), at(B + 1)), so the audio
 * of a render is exactly as long as its video.
 *
 * Gain per sample: volume x 10^(volume_db / 20) x fade-in x fade-out, with
 * animated volumes evaluated at every sample's own time (constant ones once).
 * Fades are linear ramps over the first and last seconds of what is heard.
 * Voices are summed in scene order (so the sum is always made the same way),
 * then a soft clip keeps the result inside [-1, 1]: samples within
 * +-AUDIO_CLIP_KNEE pass unchanged, louder ones bend smoothly towards 1
 * (knee + (1 - knee) x d / (1 + d), d the excess scaled to the headroom).
 * It is a per-sample function, so a chunk's result never depends on another
 * chunk, and it needs no math library.
 *
 * Memory: each voice streams its source (one decoder and a small buffer);
 * nothing is decoded ahead, whatever the timeline's length. */
#ifndef REEL_AUDIO_MIX_H
#define REEL_AUDIO_MIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anim/track.h"
#include "scene/scene.h"

#define AUDIO_CLIP_KNEE 0.9f

/* What a layer contributes to the mix (layer_type.audio fills it). */
typedef struct audio_clip {
    const char *path;
    int64_t lead_us;            /* silence before the source's first sample (each pass) */
    int64_t trim_start_us;      /* where the clip starts in the source */
    int64_t trim_end_us;        /* where it ends (exclusive); -1: the source's end */
    int64_t source_end_us;      /* the source's length, from audio_probe */
    bool loop;
    int64_t rate_micro;         /* playback rate x 1e6, pitch kept; 0 or 1000000: as recorded */
    const track *volume;        /* linear gain over local frames; NULL: 1 */
    const track *volume_db;     /* gain in dB over local frames; NULL: 0 dB */
    int64_t fade_in_us, fade_out_us;
} audio_clip;

typedef struct audio_mix audio_mix;

/* The first sample of frame f (any sign), exactly rounded half up. */
int64_t audio_sample_at_frame(int64_t f, rational fps);

/* true when some layer of the scene makes sound. */
bool audio_mix_has_sources(const scene *s);

/* Prepares the mix of frames [first_frame, first_frame + frame_count).
 * Returns 0, or a REEL_E* code with a message in err. */
int audio_mix_open(audio_mix **out, const scene *s, int64_t first_frame, int64_t frame_count,
                   char *err, size_t errsize);

/* Number of stereo samples the mix lasts. */
int64_t audio_mix_length(const audio_mix *m);

/* The next up to n stereo samples (2n floats) into dst; returns how many
 * (0 at the end) or a REEL_E* code with a message in err. */
int audio_mix_read(audio_mix *m, float *dst, int n, char *err, size_t errsize);

void audio_mix_free(audio_mix **m);

/* The soft clip described above. */
float audio_soft_clip(float x);

#endif

/* Encoding the mix: the whole timeline's audio in one continuous encode,
 * before the video segments are rendered.
 *
 * One encode for the whole file means no seam anywhere: segments, workers and
 * parts never cut the audio. Every share of a segmented render encodes the
 * same audio (it is cheap next to video) and keeps the packets of its own
 * time span, so joined parts carry exactly the packets of a single render.
 * The packets are held in memory until muxed: about 1.4 MB per minute at
 * AAC's 192 kb/s.
 *
 * Codecs: "aac" (FFmpeg's native encoder, 192 kb/s, MP4/MOV/M4A), "libopus"
 * (128 kb/s, WebM), "pcm_s16le" (WAV and Matroska; float samples x 32768,
 * rounded half up, clamped). Encoders run single-threaded with the bit-exact
 * flag. Packets carry stream_index 1 and time stamps in samples (1/48000 s). */
#ifndef REEL_AUDIO_ENCODE_H
#define REEL_AUDIO_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

#include "media/packet_list.h"
#include "scene/scene.h"

/* The audio codec a container carries ("mp4", "mov", "ipod": "aac";
 * "webm": "libopus"; "matroska", "wav": "pcm_s16le"), NULL for none. */
const char *audio_codec_for_container(const char *container);

/* An opened encoder showing the codec parameters the muxer needs (caller
 * frees with avcodec_free_context). Returns 0 or a negative AVERROR with a
 * message in err. */
int audio_encoder_open(const char *codec, AVCodecContext **out, char *err, size_t errsize);

/* Mixes and encodes frames [first_frame, first_frame + frame_count) of the
 * scene into out. Returns 0 or a REEL_E* code with a message in err. */
int audio_encode_scene(const scene *s, int64_t first_frame, int64_t frame_count, const char *codec,
                       packet_list *out, char *err, size_t errsize);

/* The same, handing the packets over in batches as they are made (for
 * audio-only files, which then never hold the whole encode): flush gets out
 * with up to 64 packets and returns 0 or a negative error; out is emptied
 * after each call. */
typedef int (*audio_flush_fn)(void *user, const packet_list *pkts);
int audio_encode_scene_to(const scene *s, int64_t first_frame, int64_t frame_count, const char *codec,
                          packet_list *out, audio_flush_fn flush, void *user, char *err, size_t errsize);

/* Float to 16-bit as the WAV/PCM output does it. */
int16_t audio_to_s16(float x);

#endif

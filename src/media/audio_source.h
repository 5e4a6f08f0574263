/* Audio files as a stream of samples for the mixer: anything FFmpeg demuxes
 * and decodes (WAV, MP3, AAC/M4A, Opus, FLAC, the audio track of a video
 * file), read as interleaved stereo float at 48 kHz.
 *
 * Source time 0 is the first decoded sample (decoders already drop encoder
 * priming, such as AAC's 1024 samples, where the container says so). Sample k
 * of the 48 kHz stream is source time k / 48000 s. Mono sources play at full
 * level on both channels; other layouts are downmixed by libswresample's
 * standard matrix. A 48 kHz source passes through the resampler unchanged,
 * sample for sample.
 *
 * The reader streams: memory is one decoded frame plus a small buffer,
 * whatever the source's length. It only moves forward; to start over
 * (loops), close it and open a new one, which gives the same samples again. */
#ifndef REEL_AUDIO_SOURCE_H
#define REEL_AUDIO_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#define AUDIO_RATE 48000
#define AUDIO_CHANNELS 2

typedef struct audio_info {
    char codec[32];             /* FFmpeg's codec name: "pcm_s16le", "mp3", "aac", "opus", "flac" */
    int sample_rate, channels;  /* of the source */
    int64_t end_us;             /* length of the stream in microseconds, from its packets */
    int64_t start_us;           /* the first decoded sample's time in the container's timeline */
} audio_info;

/* Opens path, picks its best audio stream, decodes the first frame to prove
 * that it decodes, and demuxes every packet for the length. Returns 0, or a
 * negative AVERROR with a message in err: "cannot open: ...", "the file is
 * empty", "not a media file FFmpeg can read (unrecognized format, or
 * truncated)", "no audio stream", "the audio does not decode",
 * "the file is truncated: ...". */
int audio_probe(const char *path, audio_info *info, char *err, size_t errsize);

typedef struct audio_reader audio_reader;

int audio_reader_open(audio_reader **out, const char *path, char *err, size_t errsize);

/* Reads up to n stereo frames (2n floats) into dst. Returns the number read,
 * 0 at the end of the stream, or a negative AVERROR with a message in err. */
int audio_reader_read(audio_reader *r, float *dst, int n, char *err, size_t errsize);

/* Drops n frames (forward only). Returns the number dropped (less at the end). */
int64_t audio_reader_skip(audio_reader *r, int64_t n, char *err, size_t errsize);

void audio_reader_close(audio_reader **r);

/* Microseconds to a 48 kHz sample index, rounded half up (us >= 0). */
static inline int64_t audio_us_to_samples(int64_t us)
{
    return (us * 12 + 125) / 250;   /* us x 48000 / 1e6 = us x 6 / 125 */
}

#endif

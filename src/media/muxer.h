/* Writes segment packets, in order, into a container file with bit-exact
 * flags (no creation time, no library version strings), so the same packets
 * always give the same bytes. */
#ifndef REEL_MUXER_H
#define REEL_MUXER_H

#include <stddef.h>

#include <libavcodec/avcodec.h>

#include "media/packet_list.h"
#include "scene/timeparse.h"

typedef struct muxer muxer;

/* Container options that are not codec parameters. */
typedef struct muxer_options {
    int gif_loop;             /* GIF: 0 loops forever, -1 plays once, N (up to 65535)
                                 repeats N times */
} muxer_options;

/* Opens path (the caller's temporary file) for writing in container format
 * format_name ("mp4", "mov", "webm", "matroska", "gif", "yuv4mpegpipe",
 * "image2" with a %d pattern in path, ...), with one video stream described
 * by enc (codec id, size, pixel format, color tags, extradata). opts may be
 * NULL: GIFs then loop forever. */
int muxer_open(muxer **out, const char *path, const char *format_name,
               const AVCodecContext *enc, rational fps, const muxer_options *opts,
               char *err, size_t errsize);

/* muxer_open with an optional audio stream (audio_enc: the audio encoder's
 * parameters; NULL: none) and an optional video stream (enc NULL: an
 * audio-only file such as .wav or .m4a). */
int muxer_open_av(muxer **out, const char *path, const char *format_name,
                  const AVCodecContext *enc, rational fps, const AVCodecContext *audio_enc,
                  const muxer_options *opts, char *err, size_t errsize);

/* Hands over every audio packet of the file (time base 1/48000, in order),
 * before the first muxer_write. The list must live until muxer_finish. Each
 * video packet is preceded by the audio packets that start at or before its
 * decode time; muxer_finish writes the rest. */
void muxer_set_audio(muxer *m, const packet_list *audio);

/* Writes audio packets at once, for files without video (the caller keeps them). */
int muxer_write_audio(muxer *m, const packet_list *pkts, char *err, size_t errsize);

/* Writes the packets of the next segment (pts/dts in 1/fps units). The
 * packets stay owned by the caller. */
int muxer_write(muxer *m, const packet_list *pkts, char *err, size_t errsize);

/* Writes the trailer and closes the file. */
int muxer_finish(muxer *m, char *err, size_t errsize);

/* Frees (closing the file if still open, normally without trailer: the
 * caller discards an unfinished file); sets *m to NULL. NULL is fine. */
void muxer_free(muxer **m);

#endif

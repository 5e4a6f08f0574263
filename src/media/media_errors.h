/* Error messages shared by the media readers (images, video): one wording for
 * every file problem, "\"PATH\": what went wrong". */
#ifndef REEL_MEDIA_ERRORS_H
#define REEL_MEDIA_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

#include <libavutil/log.h>

/* Decoder and demuxer messages go to the verbose level: reel reports file
 * problems itself, in its own words. */
enum { MEDIA_QUIET_LOG_OFFSET = AV_LOG_VERBOSE - AV_LOG_ERROR };

/* Writes "\"path\": what" to err; returns rc if negative, else AVERROR_INVALIDDATA. */
int media_fail(char *err, size_t errsize, const char *path, const char *what, int rc);

/* Checks a picture size against max per side; kind names it ("image", "video"). */
int media_check_size(const char *kind, int w, int h, int max, const char *path, char *err, size_t errsize);

struct AVFormatContext;

/* Opens path for demuxing through FFmpeg's file: protocol only, so no scene can
 * make reel read a URL or another protocol. Returns avformat_open_input's code;
 * ENOMEM when the URL cannot be built. */
int media_open_file(struct AVFormatContext **fc, const char *path);

/* Opens path (a regular, non-empty file) with media_open_file and reads the
 * stream parameters that only packets carry (MPEG-TS and the like), decoding
 * a little with one thread and quiet decoders. kind names what the caller
 * wants ("video", "media") in the message for an unreadable file. With
 * audio_only, the other streams are discarded first and not probed: a
 * reader of a film's sound does not decode its first pictures. Returns 0,
 * or a negative AVERROR with "\"path\": what" in err; *fc is then NULL or
 * for the caller to close. */
int media_open_probed(struct AVFormatContext **fc, const char *path, const char *kind, bool audio_only,
                      char *err, size_t errsize);

#endif

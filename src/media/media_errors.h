/* Error messages shared by the media readers (images, video): one wording for
 * every file problem, "\"PATH\": what went wrong". */
#ifndef REEL_MEDIA_ERRORS_H
#define REEL_MEDIA_ERRORS_H

#include <stddef.h>

/* Writes "\"path\": what" to err; returns rc if negative, else AVERROR_INVALIDDATA. */
int media_fail(char *err, size_t errsize, const char *path, const char *what, int rc);

/* Checks a picture size against max per side; kind names it ("image", "video"). */
int media_check_size(const char *kind, int w, int h, int max, const char *path, char *err, size_t errsize);

struct AVFormatContext;

/* Opens path for demuxing through FFmpeg's file: protocol only, so no scene can
 * make reel read a URL or another protocol. Returns avformat_open_input's code;
 * ENOMEM when the URL cannot be built. */
int media_open_file(struct AVFormatContext **fc, const char *path);

#endif

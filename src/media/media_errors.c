/* Shared media error messages (see media_errors.h). */
#include "media/media_errors.h"

#include <errno.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>

int media_fail(char *err, size_t errsize, const char *path, const char *what, int rc)
{
    if (err && errsize)
        snprintf(err, errsize, "\"%s\": %s", path, what);
    return rc < 0 ? rc : AVERROR_INVALIDDATA;
}

int media_check_size(const char *kind, int w, int h, int max, const char *path, char *err, size_t errsize)
{
    char what[160];
    if (w <= 0 || h <= 0) {
        snprintf(what, sizeof what, "%s is %dx%d", kind, w > 0 ? w : 0, h > 0 ? h : 0);
        return media_fail(err, errsize, path, what, AVERROR_INVALIDDATA);
    }
    if (w > max || h > max) {
        snprintf(what, sizeof what, "%s is %dx%d, larger than the %d pixel limit per side", kind, w, h, max);
        return media_fail(err, errsize, path, what, AVERROR(ERANGE));
    }
    return 0;
}

int media_open_file(AVFormatContext **fc, const char *path)
{
    size_t url_len = strlen(path) + sizeof "file:";
    char *url = malloc(url_len);
    if (!url)
        return AVERROR(ENOMEM);
    snprintf(url, url_len, "file:%s", path);
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    int rc = avformat_open_input(fc, url, NULL, &opts);
    av_dict_free(&opts);
    free(url);
    return rc;
}

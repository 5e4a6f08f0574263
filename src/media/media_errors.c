/* Shared media error messages (see media_errors.h). */
#include "media/media_errors.h"

#include <errno.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int media_open_probed(AVFormatContext **fc, const char *path, const char *kind, bool audio_only, char *err,
                      size_t errsize)
{
    char what[300], unreadable[160];
    snprintf(unreadable, sizeof unreadable, "not a %s file FFmpeg can read (unrecognized format, or truncated)",
             kind);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        snprintf(what, sizeof what, "cannot open: %s", strerror(e));
        return media_fail(err, errsize, path, what, AVERROR(e));
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0)
        return media_fail(err, errsize, path, "the file is empty", AVERROR_INVALIDDATA);
    int rc = media_open_file(fc, path);
    if (rc == AVERROR(ENOMEM))
        return media_fail(err, errsize, path, "out of memory", rc);
    /* Demuxers that reject a file's contents say either (mp3: EINVAL). */
    if (rc == AVERROR_INVALIDDATA || rc == AVERROR(EINVAL))
        return media_fail(err, errsize, path, unreadable, rc);
    if (rc < 0) {
        char buf[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(rc, buf, sizeof buf);
        snprintf(what, sizeof what, "cannot open: %s", buf);
        return media_fail(err, errsize, path, what, rc);
    }
    unsigned n = (*fc)->nb_streams;
    if (audio_only)
        for (unsigned i = 0; i < n; i++)
            if ((*fc)->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
                (*fc)->streams[i]->discard = AVDISCARD_ALL;
    AVDictionary **sopts = n ? calloc(n, sizeof *sopts) : NULL;
    if (n && !sopts)
        return media_fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    for (unsigned i = 0; i < n; i++) {
        av_dict_set_int(&sopts[i], "log_level_offset", MEDIA_QUIET_LOG_OFFSET, 0);
        av_dict_set(&sopts[i], "threads", "1", 0);
    }
    rc = avformat_find_stream_info(*fc, sopts);
    for (unsigned i = 0; i < n; i++)
        av_dict_free(&sopts[i]);
    free(sopts);
    return rc < 0 ? media_fail(err, errsize, path, unreadable, rc) : 0;
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

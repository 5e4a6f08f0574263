/* Routes FFmpeg's log messages to the application. FFmpeg's logging is one
 * process-wide callback, so this is process-wide too; reel itself never
 * prints. */
#include <stdio.h>

#include <libavutil/log.h>

#include "reel.h"

static reel_log_fn handler;
static void *handler_user;

static void forward(void *avcl, int level, const char *fmt, va_list ap)
{
    (void)avcl;
    if (!handler || level > AV_LOG_WARNING)
        return;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, ap);
    handler(handler_user, level <= AV_LOG_ERROR ? REEL_LOG_ERROR : REEL_LOG_WARNING, line);
}

REEL_API void reel_set_log_handler(reel_log_fn fn, void *user)
{
    handler = fn;
    handler_user = user;
    av_log_set_callback(fn ? forward : av_log_default_callback);
}

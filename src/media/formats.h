/* Output formats: which container, encoder and pixel format a file gets,
 * chosen by the output's extension or by an explicit codec name. One row per
 * format; the CLI help, docs/output.md and the format tests follow the rows. */
#ifndef REEL_FORMATS_H
#define REEL_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct output_format {
    const char *codec_name;     /* what users write in --codec: "h264", "h265", "vp9", "av1",
                                   "prores", "prores4444", "ffv1", "h264rgb", "gif", "png",
                                   "y4m" */
    const char *extension;      /* "mp4", "mov", "webm", "mkv", "gif", "png", "y4m" */
    const char *container;      /* libavformat muxer name ("mp4", "mov", "webm", "matroska",
                                   "gif", "yuv4mpegpipe"); NULL for image sequences */
    const char *encoder;        /* libavcodec encoder name */
    int pix_fmt;                /* enum AVPixelFormat for opaque scenes */
    int alpha_pix_fmt;          /* for transparent backgrounds; AV_PIX_FMT_NONE: no alpha */
    bool is_yuv;                /* carries a matrix/range (color tags apply) */
    bool lossless;              /* RGB-exact */
    bool default_for_extension; /* chosen when only the extension is given */
    const char *doc;            /* one line for --help and docs/output.md */
} output_format;

/* NULL-terminated table of every format, in documentation order. */
extern const output_format *const output_formats[];

/* The format for an output path's extension and an optional codec name
 * (NULL: the extension's default). On failure returns NULL and writes a message
 * such as "unsupported output format \".avi\" (expected .mp4, .mov, ...)" or
 * "codec \"vp9\" cannot be written to .mp4 (use .webm or .mkv)". */
const output_format *output_format_find(const char *extension, const char *codec_name,
                                        char *err, size_t errsize);

#endif

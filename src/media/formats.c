/* The output format table: extension + codec name -> container, encoder and
 * pixel formats.
 *
 * What: one row per (extension, codec) pair reel can write, and the lookup
 * that picks a row from an output path's extension and an optional --codec.
 * Why a table: the CLI help, docs/output.md, the lookup's error messages and
 * the format tests all follow the same rows, so adding a format is one line
 * here plus its encoder settings in encoder.c.
 *
 * Lookups compare ASCII case-insensitively (".MP4" is ".mp4") with our own
 * comparison, so the locale cannot change the answer. Error messages list the
 * valid choices, built from the rows. */
#include "media/formats.h"

#include <stdio.h>
#include <string.h>

#include <libavutil/pixfmt.h>

static const output_format f_mp4_h264 = {
    .codec_name = "h264", .extension = "mp4", .container = "mp4", .encoder = "libx264",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = true,
    .lossless = false, .default_for_extension = true,
    .doc = "H.264 (libx264), 4:2:0, plays everywhere",
};
static const output_format f_mp4_h265 = {
    .codec_name = "h265", .extension = "mp4", .container = "mp4", .encoder = "libx265",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = true,
    .lossless = false, .default_for_extension = false,
    .doc = "H.265/HEVC (libx265), 4:2:0, tagged hvc1; smaller files, slower to encode",
};
static const output_format f_mp4_h264rgb = {
    .codec_name = "h264rgb", .extension = "mp4", .container = "mp4", .encoder = "libx264rgb",
    .pix_fmt = AV_PIX_FMT_BGR0, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = false,
    .lossless = true, .default_for_extension = false,
    .doc = "lossless RGB H.264 (libx264rgb, qp 0), exact pixels; few players support it",
};
static const output_format f_mov_prores = {
    .codec_name = "prores", .extension = "mov", .container = "mov", .encoder = "prores_ks",
    .pix_fmt = AV_PIX_FMT_YUV422P10LE, .alpha_pix_fmt = AV_PIX_FMT_YUVA444P10LE, .is_yuv = true,
    .lossless = false, .default_for_extension = true,
    .doc = "ProRes 422 HQ, 10-bit; ProRes 4444 with alpha for transparent backgrounds",
};
static const output_format f_mov_prores4444 = {
    .codec_name = "prores4444", .extension = "mov", .container = "mov", .encoder = "prores_ks",
    .pix_fmt = AV_PIX_FMT_YUV444P10LE, .alpha_pix_fmt = AV_PIX_FMT_YUVA444P10LE, .is_yuv = true,
    .lossless = false, .default_for_extension = false,
    .doc = "ProRes 4444, 10-bit 4:4:4, with alpha for transparent backgrounds",
};
static const output_format f_mov_h264 = {
    .codec_name = "h264", .extension = "mov", .container = "mov", .encoder = "libx264",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = true,
    .lossless = false, .default_for_extension = false,
    .doc = "H.264 (libx264), 4:2:0, in a QuickTime file",
};
static const output_format f_webm_vp9 = {
    .codec_name = "vp9", .extension = "webm", .container = "webm", .encoder = "libvpx-vp9",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_YUVA420P, .is_yuv = true,
    .lossless = false, .default_for_extension = true,
    .doc = "VP9 (libvpx), 4:2:0, with alpha for transparent backgrounds",
};
static const output_format f_webm_av1 = {
    .codec_name = "av1", .extension = "webm", .container = "webm", .encoder = "libaom-av1",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = true,
    .lossless = false, .default_for_extension = false,
    .doc = "AV1 (libaom), 4:2:0; smallest files, slowest to encode",
};
static const output_format f_mkv_ffv1 = {
    .codec_name = "ffv1", .extension = "mkv", .container = "matroska", .encoder = "ffv1",
    .pix_fmt = AV_PIX_FMT_BGR0, .alpha_pix_fmt = AV_PIX_FMT_BGRA, .is_yuv = false,
    .lossless = true, .default_for_extension = true,
    .doc = "FFV1, lossless RGB (RGBA for transparent backgrounds), exact pixels, for archiving",
};
static const output_format f_gif = {
    .codec_name = "gif", .extension = "gif", .container = "gif", .encoder = "gif",
    .pix_fmt = AV_PIX_FMT_PAL8, .alpha_pix_fmt = AV_PIX_FMT_PAL8, .is_yuv = false,
    .lossless = false, .default_for_extension = true,
    .doc = "animated GIF, one 256-color palette for the whole video, 1-bit transparency",
};
static const output_format f_png = {
    .codec_name = "png", .extension = "png", .container = NULL, .encoder = "png",
    .pix_fmt = AV_PIX_FMT_RGB24, .alpha_pix_fmt = AV_PIX_FMT_RGBA, .is_yuv = false,
    .lossless = true, .default_for_extension = true,
    .doc = "PNG image sequence (name with a frame number pattern, like frame_%05d.png)",
};
static const output_format f_y4m = {
    .codec_name = "y4m", .extension = "y4m", .container = "yuv4mpegpipe", .encoder = "rawvideo",
    .pix_fmt = AV_PIX_FMT_YUV420P, .alpha_pix_fmt = AV_PIX_FMT_NONE, .is_yuv = true,
    .lossless = false, .default_for_extension = true,
    .doc = "uncompressed YUV 4:2:0 (YUV4MPEG2), to feed other encoders",
};

const output_format *const output_formats[] = {
    &f_mp4_h264, &f_mp4_h265, &f_mp4_h264rgb,
    &f_mov_prores, &f_mov_prores4444, &f_mov_h264,
    &f_webm_vp9, &f_webm_av1,
    &f_mkv_ffv1,
    &f_gif, &f_png, &f_y4m,
    NULL,
};

/* ASCII case-insensitive equality, independent of the locale. */
static bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

/* Appends text to buf (of size n, holding a string), truncating safely. */
static void append(char *buf, size_t n, const char *text)
{
    size_t len = strlen(buf);
    if (len + 1 < n)
        snprintf(buf + len, n - len, "%s", text);
}

/* Writes the items selected by the callback as "a, b or c", without repeats. */
typedef const char *(*pick_fn)(const output_format *f, const void *arg);

static void list_items(char *buf, size_t n, const char *prefix, pick_fn pick, const void *arg)
{
    const char *items[32];
    size_t count = 0;
    for (const output_format *const *f = output_formats; *f && count < 32; f++) {
        const char *item = pick(*f, arg);
        if (!item)
            continue;
        bool seen = false;
        for (size_t i = 0; i < count; i++)
            seen = seen || strcmp(items[i], item) == 0;
        if (!seen)
            items[count++] = item;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            append(buf, n, i + 1 == count ? " or " : ", ");
        append(buf, n, prefix);
        append(buf, n, items[i]);
    }
}

static const char *pick_extension(const output_format *f, const void *arg)
{
    (void)arg;
    return f->extension;
}

static const char *pick_codec(const output_format *f, const void *arg)
{
    (void)arg;
    return f->codec_name;
}

static const char *pick_extension_of_codec(const output_format *f, const void *arg)
{
    return same_name(f->codec_name, arg) ? f->extension : NULL;
}

static const char *pick_codec_of_extension(const output_format *f, const void *arg)
{
    return same_name(f->extension, arg) ? f->codec_name : NULL;
}

const output_format *output_format_find(const char *extension, const char *codec_name,
                                        char *err, size_t errsize)
{
    char exts[160], codecs[200], list[160];
    char dummy[1];
    if (!err || errsize == 0) {
        err = dummy;
        errsize = sizeof dummy;
    }
    err[0] = '\0';
    const char *ext = extension ? extension : "";
    if (ext[0] == '.')
        ext++;
    bool codec_given = codec_name && *codec_name;

    bool ext_known = false, codec_known = false;
    for (const output_format *const *f = output_formats; *f; f++) {
        ext_known = ext_known || same_name((*f)->extension, ext);
        codec_known = codec_known || (codec_given && same_name((*f)->codec_name, codec_name));
    }
    list_items(exts, sizeof exts, ".", pick_extension, NULL);
    if (!*ext) {
        snprintf(err, errsize, "the output name has no extension (expected %s)", exts);
        return NULL;
    }
    if (!ext_known) {
        snprintf(err, errsize, "unsupported output format \".%s\" (expected %s)", ext, exts);
        return NULL;
    }
    if (codec_given && !codec_known) {
        list_items(codecs, sizeof codecs, "", pick_codec, NULL);
        snprintf(err, errsize, "unknown codec \"%s\" (expected %s)", codec_name, codecs);
        return NULL;
    }
    for (const output_format *const *f = output_formats; *f; f++) {
        if (!same_name((*f)->extension, ext))
            continue;
        if (codec_given ? same_name((*f)->codec_name, codec_name) : (*f)->default_for_extension)
            return *f;
    }
    if (!codec_given) {     /* a table without a default for a known extension */
        snprintf(err, errsize, "no default codec for .%s", ext);
        return NULL;
    }
    list_items(exts, sizeof exts, ".", pick_extension_of_codec, codec_name);
    list_items(list, sizeof list, "", pick_codec_of_extension, ext);
    snprintf(err, errsize, "codec \"%s\" cannot be written to .%s (use %s; .%s takes %s)", codec_name, ext,
             exts, ext, list);
    return NULL;
}

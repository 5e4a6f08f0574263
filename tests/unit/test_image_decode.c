/* Image decoding: PNGs written by cairo (exact premultiplied values back),
 * a JPEG written by libavcodec's mjpeg encoder (BT.601 full range honored),
 * and the broken inputs that must come back as errors with a message. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>

#include "check.h"
#include "media/image_decode.h"

/* A fresh temporary file name with the given suffix; the file exists, empty. */
static char *temp_path(const char *suffix)
{
    char templ[64];
    snprintf(templ, sizeof templ, "/tmp/reel-test-image-XXXXXX%s", suffix);
    int fd = mkstemps(templ, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    close(fd);
    char *p = malloc(strlen(templ) + 1);
    strcpy(p, templ);
    return p;
}

static void remove_free(char *path)
{
    if (path) {
        remove(path);
        free(path);
    }
}

static bool write_bytes(const char *path, const uint8_t *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static uint8_t *read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
    *n = fread(buf, 1, (size_t)len, f);
    fclose(f);
    return buf;
}

/* Premultiplied test pixels (r, g, b, a), as cairo holds them. */
static const uint8_t png_pixels[][4] = {
    { 255, 90, 31, 255 }, { 0, 0, 0, 255 }, { 255, 255, 255, 255 }, { 0, 0, 0, 0 },
    { 128, 45, 16, 128 }, { 10, 20, 30, 40 }, { 1, 0, 1, 3 }, { 200, 100, 0, 201 },
};
enum { PNG_W = 4, PNG_H = 2 };

/* Writes png_pixels as a 4x2 ARGB32 PNG through cairo (which un-premultiplies
 * with (c * 255 + a / 2) / a when it writes). */
static bool write_test_png(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, PNG_W, PNG_H);
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int i = 0; i < PNG_W * PNG_H; i++) {
        uint8_t *p = data + (i / PNG_W) * stride + 4 * (i % PNG_W);
        p[0] = png_pixels[i][2];
        p[1] = png_pixels[i][1];
        p[2] = png_pixels[i][0];
        p[3] = png_pixels[i][3];
    }
    cairo_surface_mark_dirty(s);
    bool ok = cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

/* What a premultiplied pixel becomes after cairo's un-premultiply and our
 * premultiply, (c * a + 127) / 255. */
static int expected_channel(int c, int a)
{
    if (a == 0)
        return 0;
    int straight = (c * 255 + a / 2) / a;
    return (straight * a + 127) / 255;
}

static void check_test_png(const decoded_image *img)
{
    CHECK_EQ_INT(img->width, PNG_W);
    CHECK_EQ_INT(img->height, PNG_H);
    CHECK_EQ_INT(img->stride, PNG_W * 4);
    if (!img->pixels || img->width != PNG_W || img->height != PNG_H)
        return;
    for (int i = 0; i < PNG_W * PNG_H; i++) {
        const uint8_t *p = img->pixels + (i / PNG_W) * img->stride + 4 * (i % PNG_W);
        int a = png_pixels[i][3];
        CHECK_EQ_INT(p[3], a);
        CHECK_EQ_INT(p[2], expected_channel(png_pixels[i][0], a));
        CHECK_EQ_INT(p[1], expected_channel(png_pixels[i][1], a));
        CHECK_EQ_INT(p[0], expected_channel(png_pixels[i][2], a));
    }
}

static void test_png_exact_premultiplied(void)
{
    char *path = temp_path(".png");
    CHECK(path && write_test_png(path));
    decoded_image img;
    char err[512] = "";
    CHECK_EQ_INT(image_decode_file(path, &img, err, sizeof err), 0);
    check_test_png(&img);
    /* the round trip through straight alpha is exact for these */
    if (img.pixels) {
        CHECK_EQ_INT(img.pixels[4 * 4 + 2], 128);
        CHECK_EQ_INT(img.pixels[4 * 4 + 1], 45);
        CHECK_EQ_INT(img.pixels[4 * 4 + 0], 16);
    }
    decoded_image_free(&img);
    CHECK(img.pixels == NULL);
    decoded_image_free(&img);   /* twice is fine */
    remove_free(path);
}

/* The bytes decide, not the name: a PNG saved as .jpg still decodes. */
static void test_wrong_extension(void)
{
    char *path = temp_path(".jpg");
    CHECK(path && write_test_png(path));
    decoded_image img;
    char err[512] = "";
    CHECK_EQ_INT(image_decode_file(path, &img, err, sizeof err), 0);
    check_test_png(&img);
    decoded_image_free(&img);
    remove_free(path);
}

/* Grayscale PNGs are full range: gray 200 is (200, 200, 200). */
static void test_gray_png(void)
{
    char *path = temp_path(".png");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 3, 1);
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    data[0] = 0;
    data[1] = 200;
    data[2] = 255;
    cairo_surface_mark_dirty(s);
    CHECK(path && cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    decoded_image img;
    char err[512] = "";
    CHECK_EQ_INT(image_decode_file(path, &img, err, sizeof err), 0);
    if (img.pixels && img.width == 3) {
        static const int want[3] = { 0, 200, 255 };
        for (int i = 0; i < 3; i++) {
            CHECK_EQ_INT(img.pixels[4 * i], want[i]);
            CHECK_EQ_INT(img.pixels[4 * i + 1], want[i]);
            CHECK_EQ_INT(img.pixels[4 * i + 2], want[i]);
            CHECK_EQ_INT(img.pixels[4 * i + 3], 255);
        }
    }
    decoded_image_free(&img);
    remove_free(path);
}

/* A flat #FF5A1F JPEG made with libavcodec's mjpeg encoder: JFIF is BT.601
 * full range, and decoding must give the color back within 2. */
static bool write_test_jpeg(const char *path, int w, int h, int r, int g, int b)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!codec)
        return false;
    AVCodecContext *c = avcodec_alloc_context3(codec);
    c->width = w;
    c->height = h;
    c->pix_fmt = AV_PIX_FMT_YUVJ420P;
    c->color_range = AVCOL_RANGE_JPEG;
    c->time_base = (AVRational){ 1, 25 };
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = FF_QP2LAMBDA * 2;
    c->thread_count = 1;
    bool ok = avcodec_open2(c, codec, NULL) >= 0;
    AVFrame *f = av_frame_alloc();
    f->format = c->pix_fmt;
    f->width = w;
    f->height = h;
    ok = ok && av_frame_get_buffer(f, 0) >= 0;
    if (ok) {
        /* BT.601 full range */
        double y = 0.299 * r + 0.587 * g + 0.114 * b;
        int yv = (int)floor(y + 0.5);
        int cb = (int)floor(128 + (b - y) / 1.772 + 0.5), cr = (int)floor(128 + (r - y) / 1.402 + 0.5);
        for (int j = 0; j < h; j++)
            memset(f->data[0] + j * f->linesize[0], yv, (size_t)w);
        for (int j = 0; j < (h + 1) / 2; j++) {
            memset(f->data[1] + j * f->linesize[1], cb, (size_t)(w + 1) / 2);
            memset(f->data[2] + j * f->linesize[2], cr, (size_t)(w + 1) / 2);
        }
        f->pts = 0;
        f->quality = c->global_quality;
    }
    AVPacket *pkt = av_packet_alloc();
    ok = ok && avcodec_send_frame(c, f) >= 0 && avcodec_send_frame(c, NULL) >= 0 &&
         avcodec_receive_packet(c, pkt) >= 0;
    ok = ok && write_bytes(path, pkt->data, (size_t)pkt->size);
    av_packet_free(&pkt);
    av_frame_free(&f);
    avcodec_free_context(&c);
    return ok;
}

static void test_jpeg_colors(void)
{
    char *path = temp_path(".jpg");
    CHECK(path && write_test_jpeg(path, 24, 18, 255, 90, 31));
    decoded_image img;
    char err[512] = "";
    CHECK_EQ_INT(image_decode_file(path, &img, err, sizeof err), 0);
    CHECK_EQ_INT(img.width, 24);
    CHECK_EQ_INT(img.height, 18);
    long bad = 0;
    for (int i = 0; img.pixels && i < img.width * img.height; i++) {
        const uint8_t *p = img.pixels + 4 * i;
        bad += abs(p[2] - 255) > 2 || abs(p[1] - 90) > 2 || abs(p[0] - 31) > 2 || p[3] != 255;
        if (i == 0 && bad)
            fprintf(stderr, "  first pixel: rgb(%d, %d, %d) alpha %d\n", p[2], p[1], p[0], p[3]);
    }
    CHECK_EQ_INT(bad, 0);
    decoded_image_free(&img);
    remove_free(path);
}

static void test_empty_file(void)
{
    char *path = temp_path(".png");
    decoded_image img;
    char err[512] = "";
    CHECK(image_decode_file(path, &img, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "not an image FFmpeg can decode");
    CHECK_CONTAINS(err, path);
    CHECK(img.pixels == NULL);
    remove_free(path);
}

static void test_nonexistent_file(void)
{
    const char *path = "/tmp/reel-test-image-does-not-exist.png";
    decoded_image img;
    char err[512] = "";
    CHECK(image_decode_file(path, &img, err, sizeof err) < 0);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "No such file");
}

static void test_truncated_png(void)
{
    char *good = temp_path(".png"), *bad = temp_path(".png");
    /* big enough that half the file cuts into the image data */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64);
    cairo_t *cr = cairo_create(s);
    cairo_pattern_t *grad = cairo_pattern_create_linear(0, 0, 64, 64);
    cairo_pattern_add_color_stop_rgba(grad, 0, 1, 0.35, 0.12, 1);
    cairo_pattern_add_color_stop_rgba(grad, 1, 0.1, 0.2, 0.9, 0.5);
    cairo_set_source(cr, grad);
    cairo_paint(cr);
    cairo_pattern_destroy(grad);
    cairo_destroy(cr);
    CHECK(good && bad && cairo_surface_write_to_png(s, good) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    size_t n = 0;
    uint8_t *bytes = read_bytes(good, &n);
    CHECK(bytes && n > 200);
    decoded_image img;
    char err[512] = "";
    CHECK_EQ_INT(image_decode_file(good, &img, err, sizeof err), 0);
    decoded_image_free(&img);
    for (size_t cut = n / 2; cut <= n - 20; cut += n / 4) {
        CHECK(write_bytes(bad, bytes, cut));
        err[0] = '\0';
        CHECK(image_decode_file(bad, &img, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "truncated or corrupt image data");
        CHECK(img.pixels == NULL);
    }
    free(bytes);
    remove_free(good);
    remove_free(bad);
}

/* One flipped bit in a chunk CRC: FFmpeg's PNG decoder ignores CRCs unless
 * asked, so this checks that the decoder is asked. */
static void test_png_bad_crc(void)
{
    char *path = temp_path(".png");
    CHECK(path && write_test_png(path));
    size_t n = 0;
    uint8_t *bytes = read_bytes(path, &n);
    uint8_t *idat = bytes ? memmem(bytes, n, "IDAT", 4) : NULL;
    CHECK(idat != NULL);
    if (idat) {
        uint32_t len = (uint32_t)idat[-4] << 24 | (uint32_t)idat[-3] << 16 | (uint32_t)idat[-2] << 8 | idat[-1];
        CHECK(idat + 4 + len + 4 <= bytes + n);
        idat[4 + len + 1] ^= 0x10;   /* second byte of the CRC */
        CHECK(write_bytes(path, bytes, n));
        decoded_image img;
        char err[512] = "";
        CHECK(image_decode_file(path, &img, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "truncated or corrupt image data");
        CHECK(img.pixels == NULL);
    }
    free(bytes);
    remove_free(path);
}

static void test_not_an_image(void)
{
    char *path = temp_path(".bin");
    static const char text[] = "these bytes are not an image of any kind, just a sentence\n";
    CHECK(path && write_bytes(path, (const uint8_t *)text, sizeof text - 1));
    decoded_image img;
    char err[512] = "";
    CHECK(image_decode_file(path, &img, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "not an image FFmpeg can decode");
    remove_free(path);
}

static void test_too_large(void)
{
    char *path = temp_path(".png");
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, IMAGE_MAX_SIDE + 1, 1);
    CHECK(path && cairo_surface_write_to_png(s, path) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    decoded_image img;
    char err[512] = "";
    CHECK(image_decode_file(path, &img, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "16385x1");
    CHECK_CONTAINS(err, "16384");
    CHECK(img.pixels == NULL);
    remove_free(path);
}

int main(void)
{
    RUN(test_png_exact_premultiplied);
    RUN(test_wrong_extension);
    RUN(test_gray_png);
    RUN(test_jpeg_colors);
    RUN(test_empty_file);
    RUN(test_nonexistent_file);
    RUN(test_truncated_png);
    RUN(test_png_bad_crc);
    RUN(test_not_an_image);
    RUN(test_too_large);
    return CHECK_EXIT();
}

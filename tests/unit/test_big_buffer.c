/* Big buffers: zeroed, aligned, writable to their last byte, and (where the
 * system leaves transparent huge pages to the program's advice) advised for
 * huge pages when at least one fits. Frames and surfaces built on them:
 * zeroed too, with the layout FFmpeg and cairo give. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixfmt.h>

#include "check.h"
#include "huge_pages.h"
#include "media/frame_convert.h"
#include "render/big_surface.h"
#include "util/big_buffer.h"

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void test_zeroed_aligned_writable(void)
{
    const size_t sizes[] = { 1, 63, 4096, (2u << 20) - 64, 2u << 20, (2u << 20) + 1, 8294400, 3110400 };
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        uint8_t *p = big_buffer_alloc(sizes[i]);
        CHECK(p != NULL);
        if (!p)
            continue;
        CHECK_EQ_INT((uintptr_t)p % 64, 0);
        CHECK(all_zero(p, sizes[i]));
        memset(p, 0xA5, sizes[i]);
        CHECK_EQ_INT(p[sizes[i] - 1], 0xA5);
        big_buffer_free(p);
    }
    big_buffer_free(NULL);
}

static void test_huge_pages_advised(void)
{
#ifdef __SANITIZE_ADDRESS__
    printf("  (sanitizer build: big buffers come from the heap, where it checks them)\n");
    return;
#endif
    if (strcmp(thp_mode(), "madvise") != 0) {
        printf("  (huge pages are \"%s\" here, not left to advice: not checked)\n", thp_mode());
        return;
    }
    uint8_t *big = big_buffer_alloc(8294400);       /* a 1080p BGRA frame */
    uint8_t *small = big_buffer_alloc(1u << 20);     /* holds no huge page */
    CHECK(big && small);
    if (big && small) {
        CHECK_EQ_INT(thp_eligible(big), 1);
        CHECK_EQ_INT(thp_eligible(small), 0);
    }
    big_buffer_free(big);
    big_buffer_free(small);
}

static void test_frames_keep_ffmpeg_layout(void)
{
    const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUV422P10LE, AV_PIX_FMT_PAL8,
                         AV_PIX_FMT_RGBA };
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        AVFrame *ours = frame_new_zeroed(fmts[i], 1921, 1081);
        AVFrame *theirs = av_frame_alloc();
        CHECK(ours && theirs);
        if (!ours || !theirs)
            break;
        theirs->format = fmts[i];
        theirs->width = 1921;
        theirs->height = 1081;
        CHECK_EQ_INT(av_frame_get_buffer(theirs, 0), 0);
        CHECK_EQ_INT(ours->buf[0]->size, theirs->buf[0]->size);
        CHECK(ours->buf[1] == NULL);
        for (int p = 0; p < AV_NUM_DATA_POINTERS; p++) {
            CHECK_EQ_INT(ours->linesize[p], theirs->linesize[p]);
            CHECK_EQ_INT(ours->data[p] ? ours->data[p] - ours->buf[0]->data : -1,
                         theirs->data[p] ? theirs->data[p] - theirs->buf[0]->data : -1);
        }
        CHECK(all_zero(ours->buf[0]->data, ours->buf[0]->size));
        CHECK_EQ_INT(av_frame_make_writable(ours), 0);
        av_frame_free(&ours);
        av_frame_free(&theirs);
    }
}

static void test_surfaces(void)
{
    cairo_surface_t *s = big_surface_new(1921, 3);
    CHECK_EQ_INT(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    CHECK_EQ_INT(cairo_image_surface_get_width(s), 1921);
    CHECK_EQ_INT(cairo_image_surface_get_height(s), 3);
    CHECK_EQ_INT(cairo_image_surface_get_stride(s), cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, 1921));
    CHECK(all_zero(cairo_image_surface_get_data(s), (size_t)cairo_image_surface_get_stride(s) * 3));
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    const uint8_t *last = cairo_image_surface_get_data(s) + 2 * cairo_image_surface_get_stride(s) + 4 * 1920;
    CHECK_EQ_INT(last[0], 0);
    CHECK_EQ_INT(last[2], 255);
    CHECK_EQ_INT(last[3], 255);
    cairo_surface_destroy(s);
    cairo_surface_t *bad = big_surface_new(-1, 5);
    CHECK(cairo_surface_status(bad) != CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(bad);
}

int main(void)
{
    RUN(test_zeroed_aligned_writable);
    RUN(test_huge_pages_advised);
    RUN(test_frames_keep_ffmpeg_layout);
    RUN(test_surfaces);
    return CHECK_EXIT();
}

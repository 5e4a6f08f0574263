/* See footage_planes.h. */
#include "media/footage_planes.h"

#include <stdint.h>
#include <string.h>

#include <libavutil/pixfmt.h>

#include "media/row_kernel.h"

bool footage_planes_fit(const yuv_rgb_params *p, int out_format, bool out_full_range)
{
    /* Left (and unspecified, which means left) or center siting: both sit
     * midway between the two rows, as the encoder's frames do. */
    bool siting = p->chroma_loc == AVCHROMA_LOC_UNSPECIFIED || p->chroma_loc == AVCHROMA_LOC_LEFT ||
                  p->chroma_loc == AVCHROMA_LOC_CENTER;
    return p->format == AV_PIX_FMT_YUV420P && out_format == AV_PIX_FMT_YUV420P && p->matrix == AVCOL_SPC_BT709 &&
           p->full_range == out_full_range && siting;
}

static void copy_plane(const uint8_t *src, int src_stride, uint8_t *dst, int dst_stride, int w, int h)
{
    for (int y = 0; y < h; y++)
        memcpy(dst + (ptrdiff_t)y * dst_stride, src + (ptrdiff_t)y * src_stride, (size_t)w);
}

/* Left-sited samples to centered ones: (3 c[i] + c[i + 1] + 2) / 4, the
 * last sample's right neighbour being itself. */
ROW_KERNEL static void center_row(const uint8_t *restrict c, int n, uint8_t *restrict out)
{
    for (int i = 0; i + 1 < n; i++)
        out[i] = (uint8_t)((3u * c[i] + c[i + 1] + 2) >> 2);
    out[n - 1] = c[n - 1];
}

void footage_planes_copy(const AVFrame *src, const yuv_rgb_params *p, AVFrame *dst)
{
    int w = src->width, h = src->height, cw = (w + 1) >> 1, ch = (h + 1) >> 1;
    copy_plane(src->data[0], src->linesize[0], dst->data[0], dst->linesize[0], w, h);
    for (int plane = 1; plane <= 2; plane++) {
        if (p->chroma_loc == AVCHROMA_LOC_CENTER) {
            copy_plane(src->data[plane], src->linesize[plane], dst->data[plane], dst->linesize[plane], cw, ch);
            continue;
        }
        for (int y = 0; y < ch; y++)
            center_row(src->data[plane] + (ptrdiff_t)y * src->linesize[plane], cw,
                       dst->data[plane] + (ptrdiff_t)y * dst->linesize[plane]);
    }
}

/* Rendered frame -> encoder frame. YUV formats go through yuv.c. */
#include "media/frame_convert.h"

#include "media/yuv.h"

bool frame_convert_supported(int fmt)
{
    return yuv_format_supported(fmt);
}

void frame_convert(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst)
{
    yuv_convert(bgra, stride, w, h, o->full_range, dst);
}

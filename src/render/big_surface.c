#include "render/big_surface.h"

#include "util/big_buffer.h"

static const cairo_user_data_key_t pixels_key;

cairo_surface_t *big_surface_new(int width, int height)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
    if (stride < 0 || width <= 0 || height <= 0)
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);  /* cairo's own error */
    unsigned char *pixels = big_buffer_alloc((size_t)stride * (size_t)height);
    if (!pixels)
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1, -1);  /* an error surface */
    cairo_surface_t *s = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_ARGB32, width, height, stride);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_set_user_data(s, &pixels_key, pixels, big_buffer_free) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        big_buffer_free(pixels);
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, -1, -1);
    }
    return s;
}

/* GIF palette builder (interim: not yet implemented). */
#include "media/palette.h"

#include <stdlib.h>

struct palette_builder {
    int unused;
};

palette_builder *palette_builder_new(void) { return calloc(1, sizeof(palette_builder)); }
void palette_builder_add(palette_builder *b, const uint8_t *bgra, int stride, int w, int h)
{
    (void)b; (void)bgra; (void)stride; (void)w; (void)h;
}
void palette_builder_build(const palette_builder *b, int max_colors, bool with_transparency, palette *out)
{
    (void)b; (void)max_colors; (void)with_transparency;
    out->count = 0;
    out->transparent_index = -1;
}
void palette_builder_free(palette_builder **b)
{
    free(*b);
    *b = NULL;
}

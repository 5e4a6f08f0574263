/* A chart's labels kept from frame to frame. Its category names, legend,
 * title and most ticks are the same text every frame; laying them out again
 * (shaping, measuring) was a large part of drawing a chart. Layouts are kept
 * per render thread and chart, by everything that makes them (text, title or
 * label font, size, width), so a kept one is the layout a fresh call would
 * make. Labels that change every frame (values in motion) take the least
 * recently used entries. */
#include "layers/chart.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { KEPT = 128 };

typedef struct kept_label {
    char *text;
    bool bold;                  /* the chart's title font, else its label font */
    double size, max_width;
    PangoLayout *layout;
    uint64_t used;
} kept_label;

struct chart_labels {
    kept_label e[KEPT];
    int count;
    uint64_t clock;
};

chart_labels *chart_labels_new(void)
{
    return calloc(1, sizeof(chart_labels));
}

void chart_labels_free(void *p)
{
    chart_labels *c = p;
    if (!c)
        return;
    for (int i = 0; i < c->count; i++) {
        free(c->e[i].text);
        g_object_unref(c->e[i].layout);
    }
    free(c);
}

PangoLayout *chart_labels_get(chart_labels *c, PangoContext *ctx, const label_font *font, bool bold, double size,
                              const char *text, double max_width)
{
    c->clock++;
    for (int i = 0; i < c->count; i++) {
        kept_label *k = &c->e[i];
        if (k->bold == bold && k->size == size && k->max_width == max_width && strcmp(k->text, text) == 0) {
            k->used = c->clock;
            return g_object_ref(k->layout);
        }
    }
    PangoLayout *layout = label_layout(ctx, font, size, text, true, max_width);
    char *copy = strdup(text);
    if (!copy)
        return layout;              /* drawn all the same, just not kept */
    int slot = c->count;
    if (slot == KEPT) {
        slot = 0;
        for (int i = 1; i < KEPT; i++)
            if (c->e[i].used < c->e[slot].used)
                slot = i;
        free(c->e[slot].text);
        g_object_unref(c->e[slot].layout);
    } else {
        c->count++;
    }
    c->e[slot] = (kept_label){copy, bold, size, max_width, g_object_ref(layout), c->clock};
    return layout;
}

/* A growable array of owned AVPackets: what one segment encoder produced,
 * kept until the muxer writes it in order. */
#include "media/packet_list.h"

#include <errno.h>
#include <stdint.h>

#include <libavutil/error.h>
#include <libavutil/mem.h>

int packet_list_push(packet_list *l, AVPacket *pkt)
{
    if (l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 64;
        if (cap > SIZE_MAX / sizeof *l->items)
            return AVERROR(ENOMEM);
        AVPacket **items = av_realloc(l->items, cap * sizeof *items);
        if (!items)
            return AVERROR(ENOMEM);
        l->items = items;
        l->capacity = cap;
    }
    AVPacket *own = av_packet_alloc();
    if (!own)
        return AVERROR(ENOMEM);
    av_packet_move_ref(own, pkt);
    l->items[l->count++] = own;
    return 0;
}

void packet_list_clear(packet_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        av_packet_free(&l->items[i]);
    av_freep(&l->items);
    l->count = 0;
    l->capacity = 0;
}

size_t packet_list_bytes(const packet_list *l)
{
    size_t total = 0;
    for (size_t i = 0; i < l->count; i++)
        total += (size_t)l->items[i]->size;
    return total;
}

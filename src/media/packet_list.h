/* A growable, owned list of encoded packets (one segment's output). */
#ifndef REEL_PACKET_LIST_H
#define REEL_PACKET_LIST_H

#include <stddef.h>

#include <libavcodec/packet.h>

typedef struct packet_list {
    AVPacket **items;
    size_t count, capacity;
} packet_list;

/* Takes ownership of pkt (moves its reference into a new packet). Returns 0 or AVERROR(ENOMEM). */
int packet_list_push(packet_list *l, AVPacket *pkt);
/* Frees every packet and the array; leaves an empty list. */
void packet_list_clear(packet_list *l);
/* Total payload bytes. */
size_t packet_list_bytes(const packet_list *l);

#endif

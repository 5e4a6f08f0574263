/* A bounded queue of converted frames from one render thread to one encoder
 * thread (see pipeline.c's DESIGN note).
 *
 * The ring owns `capacity` frames. The producer takes a free frame, fills it
 * and publishes an entry; the consumer pops entries in the order they were
 * published and gives frames back when it no longer needs their pixels.
 * Entries can also carry no frame: a repeat of the last frame with pixels, or
 * the end of a segment. Free frames are handed out from a list rather than by
 * frame index, so a frame the consumer keeps for repeats never blocks the
 * producer as long as the capacity is at least 2. */
#ifndef REEL_FRAME_RING_H
#define REEL_FRAME_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

enum ring_entry_kind {
    RING_FRAME,         /* pixels in frames[slot] */
    RING_REPEAT,        /* the same pixels as the last RING_FRAME */
    RING_SEGMENT_END,   /* segment `segment` has no more frames */
};

typedef struct ring_entry {
    enum ring_entry_kind kind;
    int slot;           /* RING_FRAME only */
    int64_t frame;      /* index in the video (RING_FRAME, RING_REPEAT) */
    int64_t segment;
} ring_entry;

typedef struct frame_ring {
    AVFrame **frames;
    int capacity;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    int *free_slots;            /* guarded by lock */
    int free_count;             /* guarded by lock */
    ring_entry *queue;          /* guarded by lock: a circular FIFO */
    int queue_size, queue_head, queue_count;
    bool closed;                /* guarded by lock: nothing more will be published */
    bool aborted;               /* guarded by lock: both sides stop */
} frame_ring;

/* Allocates capacity (>= 2) zeroed frames of this format and size. Returns
 * 0 or -1 (out of memory; the ring is then empty and safe to destroy). */
int frame_ring_init(frame_ring *r, int capacity, int pix_fmt, int width, int height);
void frame_ring_destroy(frame_ring *r);

/* Producer: waits for a free frame. Returns its slot, or -1 once aborted. */
int frame_ring_acquire(frame_ring *r);
/* Producer: appends an entry, waiting while the queue is full (a long run of
 * repeats needs no frames, but the queue is bounded too). Returns 0, or -1
 * once aborted. */
int frame_ring_publish(frame_ring *r, ring_entry e);
/* Producer: no more entries. */
void frame_ring_close(frame_ring *r);

/* Consumer: waits for the next entry. Returns 0, 1 when closed and drained,
 * or -1 once aborted. */
int frame_ring_pop(frame_ring *r, ring_entry *e);
/* Consumer: gives frames[slot] back to the producer. */
void frame_ring_release(frame_ring *r, int slot);

/* Either side, or anyone: wakes and stops both sides. */
void frame_ring_abort(frame_ring *r);

#endif

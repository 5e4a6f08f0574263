/* The frame queue between a render thread and an encoder thread.
 *
 * One mutex and one condition variable: every change wakes both sides, which
 * are one thread each, so nothing is woken for nothing. Why it cannot
 * deadlock: the producer holds at most one frame it has not published, the
 * consumer keeps at most one for repeats, and every other frame is either
 * free or queued; with capacity >= 2, a producer waiting for a frame means
 * the queue is not empty, so the consumer can go on. */
#include "pipeline/frame_ring.h"

#include <stdlib.h>

#include "media/frame_convert.h"

/* Entries without frames that may wait in the queue besides the frames. */
enum { QUEUE_EXTRA = 32 };

int frame_ring_init(frame_ring *r, int capacity, int pix_fmt, int width, int height)
{
    *r = (frame_ring){ .capacity = capacity, .queue_size = capacity + QUEUE_EXTRA };
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    r->frames = calloc((size_t)capacity, sizeof *r->frames);
    r->free_slots = calloc((size_t)capacity, sizeof *r->free_slots);
    r->queue = calloc((size_t)r->queue_size, sizeof *r->queue);
    if (!r->frames || !r->free_slots || !r->queue)
        return -1;
    for (int i = 0; i < capacity; i++) {
        if (!(r->frames[i] = frame_new_zeroed(pix_fmt, width, height)))
            return -1;
        r->free_slots[r->free_count++] = i;
    }
    return 0;
}

void frame_ring_destroy(frame_ring *r)
{
    if (r->frames)
        for (int i = 0; i < r->capacity; i++)
            av_frame_free(&r->frames[i]);
    free(r->frames);
    free(r->free_slots);
    free(r->queue);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->changed);
    *r = (frame_ring){ 0 };
}

int frame_ring_acquire(frame_ring *r)
{
    pthread_mutex_lock(&r->lock);
    while (!r->aborted && r->free_count == 0)
        pthread_cond_wait(&r->changed, &r->lock);
    int slot = r->aborted ? -1 : r->free_slots[--r->free_count];
    pthread_mutex_unlock(&r->lock);
    return slot;
}

int frame_ring_publish(frame_ring *r, ring_entry e)
{
    pthread_mutex_lock(&r->lock);
    while (!r->aborted && r->queue_count == r->queue_size)
        pthread_cond_wait(&r->changed, &r->lock);
    int rc = -1;
    if (!r->aborted) {
        r->queue[(r->queue_head + r->queue_count) % r->queue_size] = e;
        r->queue_count++;
        rc = 0;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

void frame_ring_close(frame_ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->closed = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

int frame_ring_pop(frame_ring *r, ring_entry *e)
{
    pthread_mutex_lock(&r->lock);
    while (!r->aborted && r->queue_count == 0 && !r->closed)
        pthread_cond_wait(&r->changed, &r->lock);
    int rc;
    if (r->aborted) {
        rc = -1;
    } else if (r->queue_count == 0) {
        rc = 1;
    } else {
        *e = r->queue[r->queue_head];
        r->queue_head = (r->queue_head + 1) % r->queue_size;
        r->queue_count--;
        rc = 0;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

void frame_ring_release(frame_ring *r, int slot)
{
    pthread_mutex_lock(&r->lock);
    r->free_slots[r->free_count++] = slot;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

void frame_ring_abort(frame_ring *r)
{
    pthread_mutex_lock(&r->lock);
    r->aborted = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

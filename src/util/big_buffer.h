/* Large buffers (frames, frame-sized surfaces) in mappings of their own,
 * backed by transparent huge pages where the system offers them.
 *
 * Why: a render's frames are written for the first time at its start, and
 * each first touch of a 4 KiB page is a fault. On virtual machines a fault
 * costs about 12 us: the 40-60 MB a 1080p render touches first took 0.1-0.2 s
 * of CPU, most of a short render's. With huge pages it is one fault per 2 MiB.
 *
 * The memory comes straight from the kernel, so it is zeroed: no byte left
 * over from earlier use can reach an encoder or a pixel. */
#ifndef REEL_BIG_BUFFER_H
#define REEL_BIG_BUFFER_H

#include <stddef.h>

/* size zeroed bytes, 64-byte aligned; NULL when out of memory. */
void *big_buffer_alloc(size_t size);

/* Frees what big_buffer_alloc returned; NULL is ignored. */
void big_buffer_free(void *p);

#endif

/* Fresh memory for encoders.
 *
 * x264 reads a few bytes of its own buffers before writing them. Those bytes
 * steer its decisions, so the output's bytes (never its pixels) depended on
 * what an earlier allocation, such as the previous segment's encoder, left in
 * that memory: allocator bookkeeping (pointers, which move with address-space
 * randomization) or data whose order depends on thread timing. Serving every
 * block of 4 KiB or more from fresh pages (which the kernel hands out zeroed)
 * makes such reads, and so the output, the same on every run. */
#ifndef REEL_HEAP_FILL_H
#define REEL_HEAP_FILL_H

/* Sets the C library's threshold for the whole process, once (a no-op where
 * the C library has no such switch). */
void heap_fill_enable(void);

#endif

/* Deterministic contents for fresh heap memory.
 *
 * Some encoders read a few bytes of their own buffers before writing them (x264,
 * around the padding of pictures whose height is not a multiple of 16). Those
 * bytes then steer rate-control decisions, so the output's bytes (not its
 * pixels) could depend on what an earlier allocation left in that memory, which
 * varies with thread timing. Asking the C library to fill every allocation
 * with a fixed byte makes such reads, and so the output, the same on every run. */
#ifndef REEL_HEAP_FILL_H
#define REEL_HEAP_FILL_H

/* Turns the fill on for the whole process, once (a no-op where the C library
 * has no such switch). */
void heap_fill_enable(void);

#endif

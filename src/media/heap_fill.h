/* Memory that does not change an encoder's output.
 *
 * x264 allocates its buffers with memalign, and some of its vector code reads
 * bytes it has not written: a few bytes past the end of a frame buffer (at
 * 160x90, a 16-byte load 12 bytes before the end of a 157,824-byte block),
 * and with AVX-512 a few inside its blocks. Those bytes steer its decisions,
 * so the file's bytes (never its pixels) depended on what an earlier
 * allocation left there: heap bookkeeping, which moves with address-space
 * randomization, or another encoder's data, whose placement depends on thread
 * timing.
 *
 * The remedy:
 *  - this module defines memalign, for the whole process, as the C library's
 *    plus HEAP_FILL_TAIL bytes, and zeroes the block and its tail unless it
 *    comes from fresh pages (which the kernel hands out zeroed);
 *  - blocks of HEAP_FILL_LARGE bytes or more come from fresh pages (a fixed
 *    threshold, which also stops glibc from raising it after the first large
 *    free and recycling big encoder buffers);
 *  - for other encoders, whose reads nobody here has charted, or a process
 *    where another memalign came first, every block of HEAP_FILL_SMALL bytes
 *    or more comes from fresh pages. That costs a mapping, page faults and an
 *    unmapping for each such block: about 6% of W1's end-to-end time, most of
 *    it in cairo's per-fill buffers (a few KiB each, thousands per video).
 *
 * The threshold is process-wide and only ever lowered. */
#ifndef REEL_HEAP_FILL_H
#define REEL_HEAP_FILL_H

#include <stdbool.h>
#include <stddef.h>

/* Zeroed bytes after every memalign block: a full AVX-512 vector and more. */
#define HEAP_FILL_TAIL 256
#define HEAP_FILL_LARGE (64 * 1024)
#define HEAP_FILL_SMALL (4 * 1024)

/* Prepares the process for an encoder named like FFmpeg's ("libx264").
 * NULL means no encoder (nothing to do). */
void heap_fill_prepare(const char *encoder);

/* From now on, blocks an encoder asks to have aligned to a huge page (x264's
 * large buffers) are rounded up to whole huge pages and advised as such, so
 * their tails no longer fault in one small page at a time. For a process
 * that opens many short-lived encoders (reel batch): it cut a batch of
 * 3-second 720p videos' page faults from about 20,000 to 3,600 per video and
 * its time by 15-25%, and costs up to a huge page of memory per block (a
 * 1080p x264 instance about 70 MB more). Never changes a byte. */
void heap_fill_whole_huge_pages(void);

/* Whether memalign calls in this process reach the zeroing version. */
bool heap_fill_tail_active(void);

/* The smallest block size served from fresh pages; 0 before any encoder. */
size_t heap_fill_fresh_threshold(void);

#endif

/* See heap_fill.h. A fixed M_MMAP_THRESHOLD also turns off glibc's sliding
 * threshold, which would otherwise rise after the first large free and send
 * later encoders' buffers back into recycled heap memory. Filling every block
 * with a fixed byte instead (M_PERTURB) works too, but costs about 40% more
 * CPU and 30% more memory (it touches pages an encoder never uses).
 *
 * The sanitizer build keeps the C library's (the sanitizer's) memalign: its
 * allocator must see every block it frees. It fills allocations itself. */
#include "media/heap_fill.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define HAVE_TAIL 1
#include <dlfcn.h>
#include <errno.h>
#include <sys/mman.h>
#endif

#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifdef HAVE_TAIL
extern void *__libc_memalign(size_t alignment, size_t size);

/* glibc marks a block served by its own mapping (fresh pages, zero) with bit
 * 1 of the size word just before it. */
static bool freshly_mapped(const void *p)
{
    size_t head;
    memcpy(&head, (const unsigned char *)p - sizeof head, sizeof head);
    return head & 2;
}

#define HUGE_PAGE ((size_t)2 << 20)

/* Set by heap_fill_whole_huge_pages; read on every large memalign. */
static atomic_bool whole_huge_pages;

/* Blocks from recycled heap memory are zeroed whole: x264's AVX-512 code also
 * reads a few bytes inside its blocks that it has not written. Mapped blocks
 * are left alone, so pages an encoder never uses are never touched. */
static void *memalign_with_tail(size_t alignment, size_t size)
{
    if (size > SIZE_MAX - HEAP_FILL_TAIL - HUGE_PAGE) {
        errno = ENOMEM;
        return NULL;
    }
    size_t n = size + HEAP_FILL_TAIL;
    bool whole = alignment >= HUGE_PAGE && atomic_load_explicit(&whole_huge_pages, memory_order_relaxed);
    if (whole)
        n = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    unsigned char *p = __libc_memalign(alignment, n);
    if (p && !freshly_mapped(p))
        memset(p, 0, n);
    else if (p && whole)
        madvise(p, n, MADV_HUGEPAGE);   /* advice only: failing it costs speed, never bytes */
    return p;
}

/* Exported from the executable (see the link arguments in src/meson.build)
 * and from libreel, so that libraries loaded later call it. */
__attribute__((visibility("default"), alias("memalign_with_tail")))
void *memalign(size_t alignment, size_t size);
#endif

void heap_fill_whole_huge_pages(void)
{
#ifdef HAVE_TAIL
    atomic_store(&whole_huge_pages, true);
#endif
}

bool heap_fill_tail_active(void)
{
#ifdef HAVE_TAIL
    /* The symbol every library's call resolves to: ours, or one that a
     * program loaded before libreel (or a malloc replacement) defines. */
    return dlsym(RTLD_DEFAULT, "memalign") == (void *)memalign_with_tail;
#else
    return false;
#endif
}

/* The smallest block served from fresh pages so far (0: the C library's
 * default, which slides). Only ever lowered, by one thread at a time. */
static pthread_mutex_t threshold_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_size_t threshold;

static void lower_threshold(size_t bytes)
{
    pthread_mutex_lock(&threshold_lock);
    if (!atomic_load(&threshold) || bytes < atomic_load(&threshold)) {
#ifdef __GLIBC__
        mallopt(M_MMAP_THRESHOLD, (int)bytes);
#endif
        atomic_store(&threshold, bytes);
    }
    pthread_mutex_unlock(&threshold_lock);
}

size_t heap_fill_fresh_threshold(void)
{
    return atomic_load(&threshold);
}

/* Encoders for which the zeroed blocks and tails are known to suffice: x264,
 * whose reads past its blocks memcheck charted (all within a vector of the
 * end), and FFmpeg's own AAC encoder, whose output does not change with the
 * heap's contents (MALLOC_PERTURB_). */
static bool tail_suffices(const char *encoder)
{
    static const char *const known[] = { "libx264", "libx264rgb", "aac" };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(encoder, known[i]))
            return true;
    return false;
}

void heap_fill_prepare(const char *encoder)
{
    if (!encoder)
        return;
    lower_threshold(tail_suffices(encoder) && heap_fill_tail_active() ? HEAP_FILL_LARGE : HEAP_FILL_SMALL);
}

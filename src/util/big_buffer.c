/* big_buffer.h: one anonymous mapping per buffer. A 64-byte header at its
 * start keeps the mapping's length for the unmap; the mapping itself starts
 * on a huge-page boundary, so all of it but the last partial huge page can be
 * backed by huge pages. Elsewhere than Linux, and in sanitizer builds (whose
 * checks cover the heap, not mappings): zeroed aligned heap memory. */
#include "util/big_buffer.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
#define BIG_BUFFER_MAPPED 1
#include <sys/mman.h>
#include <unistd.h>
#endif

enum { HEADER = 64 };

#define HUGE_PAGE ((size_t)2 << 20)

#ifdef BIG_BUFFER_MAPPED

static size_t round_up(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

void *big_buffer_alloc(size_t size)
{
    if (size > SIZE_MAX - HEADER - 2 * HUGE_PAGE)
        return NULL;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t len = round_up(size + HEADER, page);
    bool huge = len >= HUGE_PAGE;
    /* Over-map by one huge page, then give back the parts before the first
     * boundary and after the buffer. */
    size_t span = huge ? len + HUGE_PAGE : len;
    uint8_t *map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return NULL;
    uint8_t *start = map;
    if (huge) {
        start = (uint8_t *)round_up((uintptr_t)map, HUGE_PAGE);
        if (start > map)
            munmap(map, (size_t)(start - map));
        size_t tail = span - (size_t)(start - map) - len;
        if (tail > 0)
            munmap(start + len, tail);
#ifdef MADV_HUGEPAGE
        madvise(start, len, MADV_HUGEPAGE);  /* advice only: without it, small pages */
#endif
    }
    memcpy(start, &len, sizeof len);
    return start + HEADER;
}

void big_buffer_free(void *p)
{
    if (!p)
        return;
    uint8_t *start = (uint8_t *)p - HEADER;
    size_t len;
    memcpy(&len, start, sizeof len);
    munmap(start, len);
}

#else

void *big_buffer_alloc(size_t size)
{
    if (size > SIZE_MAX - HEADER - 64)
        return NULL;
    size_t len = (size + 63) / 64 * 64;
    void *p = aligned_alloc(64, len);
    if (p)
        memset(p, 0, len);
    return p;
}

void big_buffer_free(void *p)
{
    free(p);
}

#endif

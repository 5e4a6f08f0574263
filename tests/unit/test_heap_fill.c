/* Encoders' memory (src/media/heap_fill.c): the zeroed tail after memalign
 * blocks, as a library loaded later (x264) reaches it, and which encoders
 * switch the process to fresh pages. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "huge_pages.h"
#include "media/heap_fill.h"

typedef void *(*memalign_fn)(size_t, size_t);

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

static void test_tail_reaches_other_libraries(void)
{
    CHECK(heap_fill_tail_active() == !SANITIZED);
}

/* A block reuses memory another one left dirty; the block and the bytes
 * after it must still read zero. Without the fill they are the old 0xAB. */
static void test_tail_is_zero_after_dirty_memory(void)
{
    if (SANITIZED)
        return;
    memalign_fn aligned = (memalign_fn)dlsym(RTLD_DEFAULT, "memalign");
    CHECK(aligned != NULL);
    if (!aligned)
        return;
    for (size_t size = 1000; size <= 100000; size = size * 3 + 17) {
        /* The guard keeps the dirty block from merging into the heap's top. */
        unsigned char *dirty = malloc(size + 4 * HEAP_FILL_TAIL), *guard = malloc(64);
        CHECK(dirty != NULL && guard != NULL);
        if (!dirty || !guard)
            return;
        /* Volatile: a store just before free() is otherwise optimized away. */
        volatile unsigned char *v = dirty;
        for (size_t i = 0; i < size + 4 * HEAP_FILL_TAIL; i++)
            v[i] = 0xAB;
        free(dirty);
        unsigned char *p = aligned(64, size);
        CHECK(p != NULL && (uintptr_t)p % 64 == 0);
        if (!p)
            return;
        size_t nonzero = 0;
        for (size_t i = 0; i < size + HEAP_FILL_TAIL; i++)
            nonzero += p[i] != 0;
        CHECK_EQ_INT(nonzero, 0);
        free(p);
        free(guard);
    }
}

/* x264 and FFmpeg's AAC get fresh pages from 64 KiB; any other encoder
 * lowers that to 4 KiB for good (and so does everything under the sanitizer). */
static void test_which_encoders_need_fresh_pages(void)
{
    CHECK_EQ_INT(heap_fill_fresh_threshold(), 0);
    heap_fill_prepare(NULL);
    CHECK_EQ_INT(heap_fill_fresh_threshold(), 0);
    heap_fill_prepare("libx264");
    heap_fill_prepare("aac");
    CHECK_EQ_INT(heap_fill_fresh_threshold(), SANITIZED ? HEAP_FILL_SMALL : HEAP_FILL_LARGE);
    heap_fill_prepare("libvpx-vp9");
    CHECK_EQ_INT(heap_fill_fresh_threshold(), HEAP_FILL_SMALL);
    heap_fill_prepare("libx264");
    CHECK_EQ_INT(heap_fill_fresh_threshold(), HEAP_FILL_SMALL);
}

/* x264 asks for its large buffers aligned to a huge page. Once whole huge
 * pages are on, such a block is rounded up to them and advised, tail
 * included; before, it is left as it is (the test runs with a 4 KiB
 * threshold, so the blocks come from fresh mappings). */
static void test_whole_huge_pages(void)
{
    if (SANITIZED)
        return;
    if (strcmp(thp_mode(), "madvise") != 0) {
        printf("  (huge pages are \"%s\" here, not left to advice: not checked)\n", thp_mode());
        return;
    }
    memalign_fn aligned = (memalign_fn)dlsym(RTLD_DEFAULT, "memalign");
    const size_t huge = 2u << 20, size = 3u << 20;
    unsigned char *before = aligned ? aligned(huge, size) : NULL;
    CHECK(before != NULL);
    if (!before)
        return;
    CHECK_EQ_INT(thp_eligible(before), 0);
    heap_fill_whole_huge_pages();
    unsigned char *after = aligned(huge, size);
    CHECK(after != NULL && (uintptr_t)after % huge == 0);
    if (after) {
        CHECK_EQ_INT(thp_eligible(after), 1);
        CHECK_EQ_INT(thp_eligible(after + 2 * huge - 1), 1);     /* the rounded tail */
        size_t nonzero = 0;
        for (size_t i = 0; i < 2 * huge; i++)
            nonzero += after[i] != 0;
        CHECK_EQ_INT(nonzero, 0);
        after[2 * huge - 1] = 1;                                 /* writable to the end */
    }
    unsigned char *small = aligned(64, size);                    /* not asking for huge pages */
    CHECK(small != NULL);
    if (small)
        CHECK_EQ_INT(thp_eligible(small), 0);
    free(small);
    free(after);
    free(before);
}

int main(void)
{
    RUN(test_tail_reaches_other_libraries);
    RUN(test_tail_is_zero_after_dirty_memory);
    RUN(test_which_encoders_need_fresh_pages);
    RUN(test_whole_huge_pages);
    return CHECK_EXIT();
}

/* See heap_fill.h. A fixed M_MMAP_THRESHOLD also turns off glibc's sliding
 * threshold, which would otherwise rise after the first large free and send
 * later encoders' buffers back into recycled heap memory. Filling every block
 * instead (M_PERTURB) works too, but costs about 40% more CPU and 30% more
 * memory (it touches pages an encoder never uses); the threshold costs
 * nothing measurable on the benchmarks. */
#include "media/heap_fill.h"

#include <pthread.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

static void enable_once(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 4 * 1024);
#endif
}

void heap_fill_enable(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, enable_once);
}

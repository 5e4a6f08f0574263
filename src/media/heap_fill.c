/* See heap_fill.h. glibc's M_PERTURB fills each block it hands out with the
 * complement of the given byte and each freed block with the byte itself. */
#include "media/heap_fill.h"

#include <pthread.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

static void enable_once(void)
{
#ifdef __GLIBC__
    mallopt(M_PERTURB, 0x5A);
#endif
}

void heap_fill_enable(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, enable_once);
}

/* What the kernel makes of huge-page advice, for unit tests that check it:
 * the system's transparent huge page mode and whether a mapping is eligible. */
#ifndef REEL_TEST_HUGE_PAGES_H
#define REEL_TEST_HUGE_PAGES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "madvise" when huge pages are given only to advised memory, else "". */
static inline const char *thp_mode(void)
{
    static char mode[32];
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    char line[128] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    const char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
    mode[0] = 0;
    if (open && close && (size_t)(close - open - 1) < sizeof mode) {
        memcpy(mode, open + 1, (size_t)(close - open - 1));
        mode[close - open - 1] = 0;
    }
    return mode;
}

/* The THPeligible field of the mapping holding p: 1, 0, or -1 if not found. */
static inline int thp_eligible(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    bool inside = false;
    int result = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
        else if (inside && strncmp(line, "THPeligible:", 12) == 0) {
            result = atoi(line + 12);
            break;
        }
    }
    fclose(f);
    return result;
}

#endif

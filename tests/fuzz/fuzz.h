/* Shared by reel's fuzz targets: the libFuzzer entry point every target
 * defines, a check that aborts (so libFuzzer and the replay driver both see a
 * failure), and a directory of small assets for scenes to refer to. */
#ifndef REEL_FUZZ_H
#define REEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the failed condition when cond is false. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* A private temporary directory, made on first use and removed at exit,
 * holding "a.png" (a 2x2 RGBA PNG) and "f.otf" (a link to an Inter font), so
 * fuzzed scenes can reach the image and font loaders with valid files. */
const char *fuzz_asset_dir(void);

#endif

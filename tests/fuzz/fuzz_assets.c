/* The asset directory of fuzz.h: made once per process, removed at exit. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reel_config.h"

static const unsigned char png_2x2[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x72, 0xb6, 0x0d,
    0x24, 0x00, 0x00, 0x00, 0x14, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0x1f, 0x25, 0xff,
    0x9f, 0x5b, 0xde, 0xaa, 0x81, 0x01, 0xc6, 0x00, 0x00, 0x41, 0x85, 0x06, 0xb7, 0xd9, 0xeb, 0x12,
    0xb3, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static char dir[4096];
static char png_path[4200], font_path[4200];

static void remove_assets(void)
{
    unlink(png_path);
    unlink(font_path);
    rmdir(dir);
}

const char *fuzz_asset_dir(void)
{
    if (dir[0])
        return dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/reel-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    FUZZ_CHECK(mkdtemp(dir) != NULL);
    snprintf(png_path, sizeof png_path, "%s/a.png", dir);
    snprintf(font_path, sizeof font_path, "%s/f.otf", dir);
    FILE *f = fopen(png_path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(png_2x2, 1, sizeof png_2x2, f) == sizeof png_2x2);
    FUZZ_CHECK(fclose(f) == 0);
    FUZZ_CHECK(symlink(REEL_DEFAULT_FONT_DIR "/Inter-Regular.otf", font_path) == 0);
    atexit(remove_assets);
    return dir;
}

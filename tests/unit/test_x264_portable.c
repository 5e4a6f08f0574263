/* x264 gives the same bytes whatever vector extensions the CPU has, with the
 * options reel opens it with. x264 picks its code by CPU; this test makes it
 * use only up to AVX2 (its "asm" option) and compares with what it picks
 * itself, on a noisy 160x90 clip, where the macroblock tree is sensitive to
 * float rounding. On a machine with AVX-512 it also shows the check can
 * fail: without reel's options, the two encodes differ. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>

#include "check.h"
#include "scratch_dir.h"
#include "media/encoder.h"

#define FF "timeout -k 5 120 ffmpeg -nostdin -v error -y -threads 1 "


static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 65536);
            if (!b)
                break;
            buf = b;
        }
        size_t n = fread(buf + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    fclose(f);
    return buf;
}

static bool same_files(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *da = read_file(a, &la), *db = read_file(b, &lb);
    bool same = da && db && la == lb && la > 0 && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

static bool cpu_has_avx512(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        found = strncmp(line, "flags", 5) == 0 && strstr(line, " avx512f");
    if (f)
        fclose(f);
    return found;
}

/* The x264-params reel's encoder was opened with ("" when none). */
static void reel_x264_params(char *out, size_t size)
{
    encode_settings s = { .codec = "libx264", .width = 160, .height = 90, .fps = { 30, 1 },
                          .pix_fmt = AV_PIX_FMT_YUV420P, .crf = 18, .preset = "medium" };
    char err[256] = "";
    segment_encoder *e = NULL;
    out[0] = 0;
    CHECK_EQ_INT(segment_encoder_open(&e, &s, err, sizeof err), 0);
    uint8_t *v = NULL;
    if (e && av_opt_get((void *)segment_encoder_context(e), "x264-params", AV_OPT_SEARCH_CHILDREN, &v) >= 0 && v)
        snprintf(out, size, "%s", (const char *)v);
    av_free(v);
    segment_encoder_free(&e);
}

/* Encodes the clip with x264 (reel's preset, CRF and threads) and params. */
static bool encode(const char *params, const char *out)
{
    return sh(FF "-i '%s/noise.y4m' -c:v libx264 -preset medium -crf 18 -x264-params 'threads=3:%s' "
              "-f h264 '%s/%s'", scratch_dir, params, scratch_dir, out);
}

static void test_same_bytes_with_and_without_avx512(void)
{
    char params[256];
    reel_x264_params(params, sizeof params);
    CHECK_CONTAINS(params, "cpu-independent=1");
    CHECK(sh(FF "-f lavfi -i 'testsrc2=size=160x90:rate=30,noise=alls=20:allf=t' -frames:v 90 "
             "-pix_fmt yuv420p '%s/noise.y4m'", scratch_dir));
    char avx2[300];
    snprintf(avx2, sizeof avx2, "%s:asm=AVX2", params);
    CHECK(encode(params, "native.h264"));
    CHECK(encode(avx2, "avx2.h264"));
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/native.h264", scratch_dir);
    snprintf(b, sizeof b, "%s/avx2.h264", scratch_dir);
    CHECK(same_files(a, b));
    if (cpu_has_avx512()) {
        CHECK(encode("cpu-independent=0", "native0.h264"));
        CHECK(encode("cpu-independent=0:asm=AVX2", "avx20.h264"));
        snprintf(a, sizeof a, "%s/native0.h264", scratch_dir);
        snprintf(b, sizeof b, "%s/avx20.h264", scratch_dir);
        CHECK(!same_files(a, b));
    } else {
        printf("  (no AVX-512 here: the encodes could not differ anyway)\n");
    }
}

int main(void)
{
    if (!scratch_make("x264"))
        return 1;
    RUN(test_same_bytes_with_and_without_avx512);
    scratch_remove();
    return CHECK_EXIT();
}

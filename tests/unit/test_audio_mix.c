/* The audio mixer: exact sample placement, the soft clip, 16-bit conversion,
 * and that a mix does not depend on the chunk sizes it is read in. */
#define _POSIX_C_SOURCE 200809L     /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "media/audio_encode.h"
#include "media/audio_mix.h"
#include "media/audio_source.h"
#include "scene/scene_load.h"

static char dir[64];

static void put16(FILE *f, unsigned v) { fputc((int)(v & 255), f); fputc((int)(v >> 8 & 255), f); }
static void put32(FILE *f, uint32_t v) { put16(f, v & 0xFFFF); put16(f, v >> 16); }

/* A 48 kHz stereo WAV of n frames: silence with one click of `amp` at `click`. */
static void write_click_wav(const char *path, int n, int click, int amp)
{
    FILE *f = fopen(path, "wb");
    fputs("RIFF", f);
    put32(f, 36 + (uint32_t)n * 4);
    fputs("WAVEfmt ", f);
    put32(f, 16);
    put16(f, 1);
    put16(f, 2);
    put32(f, 48000);
    put32(f, 48000 * 4);
    put16(f, 4);
    put16(f, 16);
    fputs("data", f);
    put32(f, (uint32_t)n * 4);
    for (int i = 0; i < n; i++) {
        unsigned v = i == click ? (unsigned)(uint16_t)amp : 0;
        put16(f, v);
        put16(f, v);
    }
    fclose(f);
}

static void test_sample_positions_are_exact(void)
{
    CHECK_EQ_INT(audio_sample_at_frame(0, (rational){30, 1}), 0);
    CHECK_EQ_INT(audio_sample_at_frame(1, (rational){30, 1}), 1600);
    CHECK_EQ_INT(audio_sample_at_frame(-1, (rational){30, 1}), -1600);
    /* 7 x 1601.6 = 11211.2 -> 11211; 1 x 1601.6 -> 1602 */
    CHECK_EQ_INT(audio_sample_at_frame(7, (rational){30000, 1001}), 11211);
    CHECK_EQ_INT(audio_sample_at_frame(1, (rational){30000, 1001}), 1602);
    /* 25 fps: 1920 per frame; 24000/1001: 2002 per frame exactly */
    CHECK_EQ_INT(audio_sample_at_frame(3, (rational){24000, 1001}), 6006);
    /* 108000 frames at 30000/1001 are 3603.6 s: no drift over long timelines */
    CHECK_EQ_INT(audio_sample_at_frame(108000, (rational){30000, 1001}), 172972800);
    /* microseconds to samples, half up: 10 ms = 480; 1 us = 0.048 -> 0; 11 us = 0.528 -> 1 */
    CHECK_EQ_INT(audio_us_to_samples(10000), 480);
    CHECK_EQ_INT(audio_us_to_samples(1), 0);
    CHECK_EQ_INT(audio_us_to_samples(11), 1);
}

static void test_soft_clip(void)
{
    CHECK(audio_soft_clip(0.5f) == 0.5f);
    CHECK(audio_soft_clip(-0.9f) == -0.9f);
    CHECK(audio_soft_clip(2.0f) < 1.0f && audio_soft_clip(1000.0f) < 1.0f);
    CHECK(audio_soft_clip(-3.0f) == -audio_soft_clip(3.0f));
    CHECK(audio_soft_clip(1.0f) > audio_soft_clip(0.95f) && audio_soft_clip(0.95f) > 0.9f);
    /* 0.9 + 0.1 x d / (1 + d) with d = (1.831 - 0.9) / 0.1 = 9.31 */
    CHECK_NEAR(audio_soft_clip(1.831f), 0.9 + 0.1 * 9.31 / 10.31, 1e-5);
}

static void test_s16_conversion(void)
{
    CHECK_EQ_INT(audio_to_s16(0.5f), 16384);
    CHECK_EQ_INT(audio_to_s16(-0.5f), -16384);
    CHECK_EQ_INT(audio_to_s16(1.0f), 32767);
    CHECK_EQ_INT(audio_to_s16(-1.0f), -32768);
    CHECK_EQ_INT(audio_to_s16(0.5f / 32768), 1);        /* half up */
    CHECK_EQ_INT(audio_to_s16(-0.5f / 32768), 0);
}

static int64_t first_click(const float *s, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (s[2 * i] != 0)
            return i;
    return -1;
}

/* A clip at frame 10 with a 10 ms trim, read in one piece and in odd chunks. */
static void test_mix_places_clicks_and_ignores_chunking(void)
{
    char wav[128], json[512];
    snprintf(wav, sizeof wav, "%s/click.wav", dir);
    write_click_wav(wav, 48000, 1000, 16384);
    int len = snprintf(json, sizeof json,
                       "{\"width\": 16, \"height\": 16, \"fps\": 30, \"duration\": \"1s\", \"layers\": ["
                       "{\"type\": \"group\", \"start\": \"4f\", \"layers\": ["
                       "{\"type\": \"audio\", \"src\": \"click.wav\", \"start\": \"6f\", \"trim_start\": 0.01}]}]}");
    scene *s = NULL;
    reel_diag d;
    CHECK_EQ_INT(scene_load(&s, json, (size_t)len, "t.json", dir, NULL, &d), 0);
    if (!s) {
        fprintf(stderr, "  %s\n", d.message);
        return;
    }
    CHECK(audio_mix_has_sources(s));
    float *whole = calloc(48000 * 2, sizeof *whole), *parts = calloc(48000 * 2, sizeof *parts);
    char err[300];
    audio_mix *m;
    CHECK_EQ_INT(audio_mix_open(&m, s, 0, 30, err, sizeof err), 0);
    CHECK_EQ_INT(audio_mix_length(m), 48000);
    CHECK_EQ_INT(audio_mix_read(m, whole, 48000, err, sizeof err), 48000);
    CHECK_EQ_INT(audio_mix_read(m, whole, 10, err, sizeof err), 0);
    audio_mix_free(&m);
    /* group at 4 + layer at 6 = frame 10 = sample 16000; minus the 480-sample trim */
    CHECK_EQ_INT(first_click(whole, 48000), 16000 + 1000 - 480);
    CHECK(whole[2 * (16000 + 520)] == 0.5f && whole[2 * (16000 + 520) + 1] == 0.5f);

    CHECK_EQ_INT(audio_mix_open(&m, s, 0, 30, err, sizeof err), 0);
    int64_t done = 0;
    for (int step = 1; done < 48000; step = step * 7 % 1013 + 1) {
        int n = audio_mix_read(m, parts + 2 * done, step, err, sizeof err);
        CHECK(n > 0);
        if (n <= 0)
            break;
        done += n;
    }
    audio_mix_free(&m);
    CHECK(memcmp(whole, parts, 48000 * 2 * sizeof *whole) == 0);

    /* frames 12..29 only: the mix starts at frame 12's sample, 19200 */
    CHECK_EQ_INT(audio_mix_open(&m, s, 12, 18, err, sizeof err), 0);
    CHECK_EQ_INT(audio_mix_length(m), 28800);
    CHECK_EQ_INT(audio_mix_read(m, parts, 28800, err, sizeof err), 28800);
    CHECK(memcmp(whole + 2 * 19200, parts, 28800 * 2 * sizeof *whole) == 0);
    audio_mix_free(&m);
    free(whole);
    free(parts);
    scene_free(s);
    unlink(wav);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/reel-audio-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    RUN(test_sample_positions_are_exact);
    RUN(test_soft_clip);
    RUN(test_s16_conversion);
    RUN(test_mix_places_clicks_and_ignores_chunking);
    rmdir(dir);
    return CHECK_EXIT();
}

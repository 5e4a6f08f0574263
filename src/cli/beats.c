/* reel beats AUDIO [--json]: the tempo and beat grid that "music": {"detect":
 * AUDIO} gives a scene, so a user can check detection before timing to it.
 * Times are printed from the grid's integer nanoseconds with integer
 * arithmetic, so the output never depends on the locale. */
#include "cli/beats.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "audio/beat_detect.h"

static const char *usage_beats =
    "usage: reel beats AUDIO [--json]\n"
    "\n"
    "Detects the tempo and beat grid of AUDIO (any format FFmpeg reads), as a scene's\n"
    "\"music\": {\"detect\": AUDIO} sees it: beat 1 first, one beat time per line in\n"
    "seconds with millisecond precision.\n"
    "\n"
    "  --json    {\"bpm\": ..., \"first_beat\": ..., \"period\": ..., \"beats\": [...]}\n";

/* ns as seconds with `places` decimals (3 or 9), rounded half up. */
static void print_seconds(FILE *f, int64_t ns, int places)
{
    int64_t unit = places == 3 ? 1000000 : 1;
    int64_t v = (ns + unit / 2) / unit, scale = places == 3 ? 1000 : 1000000000;
    fprintf(f, "%" PRId64 ".%0*" PRId64, v / scale, places, v % scale);
}

static void print_bpm(FILE *f, const beat_analysis *a)
{
    /* 60e9 / period, to two decimals, in integers. */
    int64_t centi = (int64_t)((6000000000000LL + a->period_ns / 2) / a->period_ns);
    fprintf(f, "%" PRId64 ".%02" PRId64, centi / 100, centi % 100);
}

int cmd_beats(int argc, char **argv)
{
    const char *path = NULL;
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_beats, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "reel: unknown option %s\n%s", argv[i], usage_beats);
            return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            fprintf(stderr, "reel: unexpected argument %s\n%s", argv[i], usage_beats);
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "reel: missing AUDIO\n%s", usage_beats);
        return 2;
    }
    beat_analysis a;
    char err[600];
    if (beat_detect_file(path, &a, err, sizeof err) != 0) {
        fprintf(stderr, "reel: %s\n", err);
        return 2;
    }
    if (json) {
        printf("{\"bpm\": ");
        print_bpm(stdout, &a);
        printf(", \"first_beat\": ");
        print_seconds(stdout, a.first_beat_ns, 9);
        printf(", \"period\": ");
        print_seconds(stdout, a.period_ns, 9);
        printf(", \"beats\": [");
    } else {
        printf("tempo: ");
        print_bpm(stdout, &a);
        printf(" bpm\n");
    }
    size_t n = 0;
    for (int64_t t = a.first_beat_ns; t < a.duration_ns; t += a.period_ns, n++) {
        if (json) {
            printf(n ? ", " : "");
            print_seconds(stdout, t, 3);
        } else {
            print_seconds(stdout, t, 3);
            putchar('\n');
        }
    }
    if (json)
        printf("]}\n");
    beat_analysis_clear(&a);
    return 0;
}

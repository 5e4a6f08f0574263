/* The reel command: parses arguments, calls libreel, prints results and
 * progress. Exit codes: 0 success, 1 render or I/O failure, 2 bad input. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch.h"
#include "cli/beats.h"
#include "cli/progress.h"
#include "cli/props_args.h"
#include "cli/scene_json.h"
#include "cli/sheet.h"
#include "reel.h"
#include "scene/timeparse.h"
#include "util/numparse.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_INPUT = 2 };

static const char *usage_main =
    "usage: reel COMMAND [options]\n"
    "\n"
    "Deterministic video as code: render JSON scenes to stills and videos.\n"
    "\n"
    "commands:\n"
    "  validate SCENE              check a scene and print its summary\n"
    "  still SCENE -o OUT.png      render one frame to a PNG\n"
    "  render SCENE -o OUT.mp4     render the video (or .mov .webm .mkv .gif, PNG sequences)\n"
    "  batch SCENE ROWS -o PATTERN render one video per row of a CSV or JSON file\n"
    "  join PART... -o OUT.mp4     join the parts of a render made with --segments K/N\n"
    "  props --markdown            print the scene format's property reference\n"
    "  beats AUDIO [--json]        print the detected tempo and beat times of an audio file\n"
    "  sheet SCENE -o OUT.png      a contact sheet of evenly spaced, labelled frames\n"
    "\n"
    "  reel COMMAND --help         options of a command\n"
    "  reel --version              print the version\n"
    "\n"
    "exit codes: 0 success, 1 render or I/O failure, 2 bad input\n";

static const char *usage_validate =
    "usage: reel validate SCENE [--quiet] [--json] [--asset-root DIR] [--props FILE] [--set KEY=VALUE]...\n"
    "\n"
    "Loads and checks SCENE (syntax, types, ranges, fonts, assets) without rendering.\n"
    "Prints a one-line summary; errors name the place (line:column or a JSON Pointer).\n"
    "  --json   print the scene's size, rate and every layer's resolved start and end frames\n";

static const char *usage_still =
    "usage: reel still SCENE (--frame N | --time T) -o OUT.png\n"
    "\n"
    "  --frame N       frame index, 0-based (default 0)\n"
    "  --time T        a time: 1.5, 1.5s, 45f, 00:00:01.500\n"
    "  -o, --output    the PNG to write (written beside it, then renamed)\n"
    "  -y, --overwrite replace an existing file (the default)\n"
    "  -n, --no-overwrite  fail if the file exists\n"
    "  --asset-root DIR  refuse assets outside DIR\n"
    "  --props FILE.json  template prop values (a JSON object); see docs/templates.md\n"
    "  --set KEY=VALUE   set one prop, typed by its declaration (repeatable)\n";

static const char *usage_render =
    "usage: reel render SCENE -o OUT [options]\n"
    "\n"
    "  -o, --output PATH      the file to write; the format follows the extension:\n"
    "                         .mp4 (H.264) .mov (ProRes) .webm (VP9) .mkv (FFV1) .gif .y4m,\n"
    "                         a PNG sequence pattern like out/frame_%05d.png, or audio only:\n"
    "                         .wav (PCM) .m4a (AAC)\n"
    "  --codec NAME           h264 h265 vp9 av1 prores prores4444 ffv1 h264rgb gif png y4m\n"
    "  --pix-fmt NAME         yuv420p (default for H.264), yuv444p, yuv420p10le, ...\n"
    "  --full-range           YUV full range 0-255 (default: limited 16-235, tagged as such)\n"
    "  --lossless             RGB-exact output (.mp4: H.264 RGB, .mkv: FFV1)\n"
    "  --crf N                quality, 0 (best) to 51 (default 18)\n"
    "  --preset NAME          x264/x265 preset, ultrafast..veryslow (default medium)\n"
    "  --frames A-B           render frames A to B only (inclusive, 0-based)\n"
    "  --scale F              draft at F times the scene size (e.g. 0.5), same layout\n"
    "  --segments K/N         render share K of N as a part file for `reel join`\n"
    "  --fps RATE             render at another frame rate (30, 29.97, 30000/1001); only for\n"
    "                         scenes that say \"allow_fps_override\": true\n"
    "  --gif-loop N           GIF: 0 loops forever (default), -1 plays once, N repeats\n"
    "  --no-dither            GIF: map colors without ordered dithering\n"
    "  --no-audio             write no audio stream (default: the scene's sound, if any; AAC in\n"
    "                         .mp4/.mov, Opus in .webm, PCM in .mkv); .wav/.m4a write audio only\n"
    "  --asset-root DIR       refuse assets outside DIR (no .., absolute paths or symlinks out)\n"
    "  --props FILE.json      template prop values (a JSON object); see docs/templates.md\n"
    "  --set KEY=VALUE        set one prop, typed by its declaration (repeatable; after --props)\n"
    "  --threads N            cores to use (default: all); never changes the output bytes\n"
    "  --segment-frames N     frames per independently encoded segment (default: about 300,\n"
    "                         in equal segments)\n"
    "  --null                 render and convert only, write nothing (for measuring)\n"
    "  --stats                print time spent per stage\n"
    "  -q, --quiet            no progress output\n"
    "  -y, --overwrite        replace an existing file (the default)\n"
    "  -n, --no-overwrite     fail if the file exists\n";

static const char *usage_join =
    "usage: reel join PART... -o OUT\n"
    "\n"
    "Joins the part files of one render (from reel render --segments K/N, in any order)\n"
    "without re-encoding. The result is byte-identical to a single render.\n";

static int print_diag(const reel_diag *d)
{
    char line[2048];
    fprintf(stderr, "%s\n", reel_diag_format(d, line, sizeof line));
    return 0;
}

static int exit_code_for(int rc)
{
    return rc == 0 ? EXIT_OK : rc == REEL_EINPUT ? EXIT_INPUT : EXIT_FAIL;
}

static int bad_usage(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "reel: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_INPUT;
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    double v;
    if (!s || !num_parse(s, strlen(s), false, &v) || v != (double)(long)v || v < lo || v > hi)
        return false;
    *out = (long)v;
    return true;
}

/* "A-B" or "K/N": two whole numbers >= 0, A <= B. */
static bool parse_range(const char *s, char sep, int64_t *a, int64_t *b)
{
    const char *mid = strchr(s, sep);
    long x, y;
    if (!mid || mid == s)
        return false;
    char left[32];
    size_t n = (size_t)(mid - s);
    if (n >= sizeof left)
        return false;
    memcpy(left, s, n);
    left[n] = '\0';
    if (!parse_int(left, 0, 1L << 40, &x) || !parse_int(mid + 1, 0, 1L << 40, &y) || x > y)
        return false;
    *a = x;
    *b = y;
    return true;
}

/* Shared option reader: returns the value of option `name` at argv[*i], or
 * NULL when argv[*i] is not that option. */
static const char *option_value(int argc, char **argv, int *i, const char *name, const char *alias,
                                bool *missing)
{
    const char *a = argv[*i];
    if (strcmp(a, name) != 0 && !(alias && strcmp(a, alias) == 0))
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int cmd_validate(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_validate, stdout);
        return EXIT_OK;
    }
    const char *path = NULL;
    bool quiet = false, json = false;
    reel_load_options lo = {0};
    const char *set_list[argc > 0 ? argc : 1];
    props_args pa = {.sets = set_list};
    for (int i = 0; i < argc; i++) {
        int taken = props_args_take(&pa, argc, argv, &i);
        if (taken < 0)
            return bad_usage(usage_validate, "%s needs a value", argv[i]);
        if (taken)
            continue;
        bool missing = false;
        const char *v;
        if ((v = option_value(argc, argv, &i, "--asset-root", NULL, &missing)))
            lo.asset_root = v;
        else if (missing)
            return bad_usage(usage_validate, "%s needs a value", argv[i]);
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            quiet = true;
        else if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1])
            return bad_usage(usage_validate, "unknown option %s", argv[i]);
        else if (!path)
            path = argv[i];
        else
            return bad_usage(usage_validate, "unexpected argument %s", argv[i]);
    }
    if (!path)
        return bad_usage(usage_validate, "%s", "missing SCENE");
    reel_scene *scene;
    reel_diag d;
    if (props_args_load(&pa, &lo))
        return EXIT_INPUT;
    int rc = reel_scene_load_file_ex(&scene, path, &lo, &d);
    props_args_free(&pa);
    if (rc) {
        print_diag(&d);
        return exit_code_for(rc);
    }
    if (json) {
        scene_json_print(stdout, path, scene);
    } else if (!quiet) {
        reel_scene_info info;
        reel_scene_get_info(scene, &info);
        char fps[48];
        if (info.fps_den == 1)
            snprintf(fps, sizeof fps, "%lld", (long long)info.fps_num);
        else
            snprintf(fps, sizeof fps, "%lld/%lld", (long long)info.fps_num, (long long)info.fps_den);
        printf("%s: ok (%dx%d, %s fps, %lld frames, %d layers)\n", path, info.width, info.height, fps,
               (long long)info.frames, info.layers);
    }
    reel_scene_free(&scene);
    return EXIT_OK;
}

static int cmd_still(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_still, stdout);
        return EXIT_OK;
    }
    const char *path = NULL, *out = NULL, *frame_arg = NULL, *time_arg = NULL;
    bool overwrite = true;
    reel_load_options lo = {0};
    const char *set_list[argc > 0 ? argc : 1];
    props_args pa = {.sets = set_list};
    for (int i = 0; i < argc; i++) {
        int taken = props_args_take(&pa, argc, argv, &i);
        if (taken < 0)
            return bad_usage(usage_still, "%s needs a value", argv[i]);
        if (taken)
            continue;
        bool missing = false;
        const char *v;
        if ((v = option_value(argc, argv, &i, "--output", "-o", &missing)))
            out = v;
        else if ((v = option_value(argc, argv, &i, "--asset-root", NULL, &missing)))
            lo.asset_root = v;
        else if ((v = option_value(argc, argv, &i, "--frame", NULL, &missing)))
            frame_arg = v;
        else if ((v = option_value(argc, argv, &i, "--time", NULL, &missing)))
            time_arg = v;
        else if (missing)
            return bad_usage(usage_still, "%s needs a value", argv[i]);
        else if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "--overwrite") == 0)
            overwrite = true;
        else if (strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--no-overwrite") == 0)
            overwrite = false;
        else if (argv[i][0] == '-' && argv[i][1])
            return bad_usage(usage_still, "unknown option %s", argv[i]);
        else if (!path)
            path = argv[i];
        else
            return bad_usage(usage_still, "unexpected argument %s", argv[i]);
    }
    if (!path)
        return bad_usage(usage_still, "%s", "missing SCENE");
    if (!out)
        return bad_usage(usage_still, "%s", "missing -o OUT.png");
    if (!out[0])
        return bad_usage(usage_still, "%s", "the output path is empty");
    if (frame_arg && time_arg)
        return bad_usage(usage_still, "%s", "give --frame or --time, not both");
    long frame = 0;
    if (frame_arg && !parse_int(frame_arg, 0, 1L << 40, &frame))
        return bad_usage(usage_still, "--frame expects a whole number >= 0, got \"%s\"", frame_arg);
    reel_scene *scene;
    reel_diag d;
    if (props_args_load(&pa, &lo))
        return EXIT_INPUT;
    int rc = reel_scene_load_file_ex(&scene, path, &lo, &d);
    props_args_free(&pa);
    if (rc) {
        print_diag(&d);
        return exit_code_for(rc);
    }
    if (time_arg) {
        int64_t f;
        if (reel_scene_time_to_frame(scene, time_arg, &f, &d) != 0) {
            reel_scene_free(&scene);
            return bad_usage(usage_still, "--time: %s", d.message);
        }
        frame = (long)f;
    }
    if (!overwrite && fopen(out, "rb")) {
        fprintf(stderr, "%s: output exists (use -y to replace it)\n", out);
        reel_scene_free(&scene);
        return EXIT_INPUT;
    }
    rc = reel_render_still(scene, frame, out, &d);
    reel_scene_free(&scene);
    if (rc) {
        print_diag(&d);
        return exit_code_for(rc);
    }
    return EXIT_OK;
}

static void print_stats(const reel_stats *st)
{
    fprintf(stderr,
            "stats: %lld frames, %.3f s total (%.1f fps)\n"
            "  evaluate   %8.3f s  (summed over lanes: animated values, text layout, chart data)\n"
            "  decode     %8.3f s  (summed over lanes: footage)\n"
            "  rasterize  %8.3f s  (summed over lanes: drawing)\n"
            "  convert    %8.3f s  (summed over lanes: RGB to the encoder's format)\n"
            "  encode     %8.3f s  (summed over lanes)\n"
            "  mux        %8.3f s\n"
            "  waiting    %8.3f s  (main thread waiting for segments)\n"
            "  output     %lld bytes\n",
            (long long)st->frames, st->seconds_total,
            st->seconds_total > 0 ? (double)st->frames / st->seconds_total : 0, st->seconds_evaluate,
            st->seconds_decode, st->seconds_render - st->seconds_evaluate - st->seconds_decode,
            st->seconds_convert, st->seconds_encode, st->seconds_mux, st->seconds_wait, (long long)st->bytes);
}

static int cmd_render(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_render, stdout);
        return EXIT_OK;
    }
    reel_render_options o;
    reel_render_options_default(&o);
    reel_load_options lo = {0};
    const char *path = NULL, *out = NULL;
    bool quiet = false, stats = false, null_output = false;
    const char *set_list[argc > 0 ? argc : 1];
    props_args pa = {.sets = set_list};
    for (int i = 0; i < argc; i++) {
        int taken = props_args_take(&pa, argc, argv, &i);
        if (taken < 0)
            return bad_usage(usage_render, "%s needs a value", argv[i]);
        if (taken)
            continue;
        bool missing = false;
        const char *v;
        long n;
        if ((v = option_value(argc, argv, &i, "--output", "-o", &missing))) {
            out = v;
        } else if ((v = option_value(argc, argv, &i, "--crf", NULL, &missing))) {
            if (!parse_int(v, 0, 51, &n))
                return bad_usage(usage_render, "--crf expects a whole number from 0 to 51, got \"%s\"", v);
            o.crf = (int)n;
        } else if ((v = option_value(argc, argv, &i, "--preset", NULL, &missing))) {
            o.preset = v;
        } else if ((v = option_value(argc, argv, &i, "--threads", NULL, &missing))) {
            if (!parse_int(v, 1, 256, &n))
                return bad_usage(usage_render, "--threads expects a whole number from 1 to 256, got \"%s\"", v);
            o.threads = (int)n;
        } else if ((v = option_value(argc, argv, &i, "--segment-frames", NULL, &missing))) {
            if (!parse_int(v, 1, 100000, &n))
                return bad_usage(usage_render, "--segment-frames expects a whole number from 1 to 100000, got \"%s\"", v);
            o.segment_frames = (int)n;
        } else if ((v = option_value(argc, argv, &i, "--fps", NULL, &missing))) {
            rational fps;
            char err[300];
            if (!fps_parse(v, &fps, err, sizeof err))
                return bad_usage(usage_render, "--fps: %s", err);
            lo.fps_num = fps.num;
            lo.fps_den = fps.den;
        } else if ((v = option_value(argc, argv, &i, "--asset-root", NULL, &missing))) {
            lo.asset_root = v;
        } else if ((v = option_value(argc, argv, &i, "--codec", NULL, &missing))) {
            o.codec = v;
        } else if ((v = option_value(argc, argv, &i, "--pix-fmt", NULL, &missing))) {
            o.pix_fmt = v;
        } else if ((v = option_value(argc, argv, &i, "--frames", NULL, &missing))) {
            if (!parse_range(v, '-', &o.first_frame, &o.last_frame))
                return bad_usage(usage_render, "--frames expects A-B (frame numbers, A <= B), got \"%s\"", v);
        } else if ((v = option_value(argc, argv, &i, "--segments", NULL, &missing))) {
            int64_t k, n2;
            if (!parse_range(v, '/', &k, &n2) || k < 1 || n2 > 100000)
                return bad_usage(usage_render, "--segments expects K/N with 1 <= K <= N, got \"%s\"", v);
            o.part_index = (int)k;
            o.part_count = (int)n2;
        } else if ((v = option_value(argc, argv, &i, "--scale", NULL, &missing))) {
            double f;
            if (!num_parse(v, strlen(v), false, &f) || !(f >= 0.01 && f <= 8))
                return bad_usage(usage_render, "--scale expects a number from 0.01 to 8, got \"%s\"", v);
            o.scale = f;
        } else if ((v = option_value(argc, argv, &i, "--gif-loop", NULL, &missing))) {
            if (!parse_int(v, -1, 65535, &n))
                return bad_usage(usage_render, "--gif-loop expects -1, 0 or a repeat count, got \"%s\"", v);
            o.gif_loop = (int)n;
        } else if (missing) {
            return bad_usage(usage_render, "%s needs a value", argv[i]);
        } else if (strcmp(argv[i], "--full-range") == 0) {
            o.full_range = 1;
        } else if (strcmp(argv[i], "--lossless") == 0) {
            o.lossless = 1;
        } else if (strcmp(argv[i], "--no-dither") == 0) {
            o.gif_dither = 0;
        } else if (strcmp(argv[i], "--no-audio") == 0) {
            o.no_audio = 1;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(argv[i], "--stats") == 0) {
            stats = true;
        } else if (strcmp(argv[i], "--null") == 0) {
            null_output = true;
        } else if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "--overwrite") == 0) {
            o.overwrite = 1;
        } else if (strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--no-overwrite") == 0) {
            o.overwrite = 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return bad_usage(usage_render, "unknown option %s", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return bad_usage(usage_render, "unexpected argument %s", argv[i]);
        }
    }
    if (!path)
        return bad_usage(usage_render, "%s", "missing SCENE");
    if (!out && !null_output)
        return bad_usage(usage_render, "%s", "missing -o OUT");
    if (out && !out[0])
        return bad_usage(usage_render, "%s", "the output path is empty");
    static const char *const presets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
                                          "slow", "slower", "veryslow", "placebo", NULL};
    bool known = false;
    for (int i = 0; presets[i]; i++)
        known |= strcmp(presets[i], o.preset) == 0;
    if (!known)
        return bad_usage(usage_render, "unknown --preset \"%s\"", o.preset);

    reel_scene *scene;
    reel_diag d;
    if (props_args_load(&pa, &lo))
        return EXIT_INPUT;
    int rc = reel_scene_load_file_ex(&scene, path, &lo, &d);
    props_args_free(&pa);
    if (rc) {
        print_diag(&d);
        return exit_code_for(rc);
    }
    progress_state prog;
    progress_init(&prog, out ? out : "render", quiet);
    reel_stats st = {0};
    o.progress = progress_report;
    o.progress_user = &prog;
    o.stats = &st;
    o.stage_times = stats;
    o.encode = !null_output;
    rc = reel_render(scene, out ? out : "", &o, &d);
    progress_done(&prog, st.frames, rc == 0);
    reel_scene_free(&scene);
    if (rc == REEL_ECANCELED) {
        fprintf(stderr, "reel: interrupted; no output written\n");
        return EXIT_FAIL;
    }
    if (rc) {
        print_diag(&d);
        return exit_code_for(rc);
    }
    if (stats)
        print_stats(&st);
    return EXIT_OK;
}

static int cmd_join(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(usage_join, stdout);
        return EXIT_OK;
    }
    const char *out = NULL;
    const char **parts = calloc((size_t)argc + 1, sizeof *parts);
    size_t count = 0;
    if (!parts)
        return EXIT_FAIL;
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = option_value(argc, argv, &i, "--output", "-o", &missing))) {
            out = v;
        } else if (missing || (argv[i][0] == '-' && argv[i][1])) {
            free(parts);
            return bad_usage(usage_join, missing ? "%s needs a value" : "unknown option %s", argv[i]);
        } else {
            parts[count++] = argv[i];
        }
    }
    if (!out || count == 0) {
        free(parts);
        return bad_usage(usage_join, "%s", !out ? "missing -o OUT" : "missing PART files");
    }
    reel_diag d;
    int rc = reel_join(parts, count, out, &d);
    free(parts);
    if (rc)
        print_diag(&d);
    return exit_code_for(rc);
}

static int cmd_props(int argc, char **argv)
{
    if (argc != 1 || strcmp(argv[0], "--markdown") != 0) {
        fputs("usage: reel props --markdown\n\nPrints every layer type and property with its type, "
              "default and range, as Markdown.\n", argc == 1 && strcmp(argv[0], "--help") == 0 ? stdout : stderr);
        return argc == 1 && strcmp(argv[0], "--help") == 0 ? EXIT_OK : EXIT_INPUT;
    }
    char *md = reel_reference_markdown();
    if (!md)
        return EXIT_FAIL;
    fputs(md, stdout);
    free(md);
    return EXIT_OK;
}

/* FFmpeg's own lines ("moov atom not found") only repeat, less clearly, what
 * reel's diagnostic says; they are shown with REEL_VERBOSE=1 in the environment. */
static void print_library_message(void *user, int level, const char *message)
{
    (void)level;
    if (*(const bool *)user)
        fprintf(stderr, "reel: ffmpeg: %s%s", message, message[0] && message[strlen(message) - 1] == '\n' ? "" : "\n");
}

int main(int argc, char **argv)
{
    static bool verbose;
    const char *v = getenv("REEL_VERBOSE");
    verbose = v && strcmp(v, "1") == 0;
    reel_set_log_handler(print_library_message, &verbose);
    progress_install_signal_handlers();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("reel %s\n", reel_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "still") == 0)
        return cmd_still(argc - 2, argv + 2);
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc - 2, argv + 2);
    if (strcmp(cmd, "batch") == 0)
        return cmd_batch(argc - 2, argv + 2);
    if (strcmp(cmd, "join") == 0)
        return cmd_join(argc - 2, argv + 2);
    if (strcmp(cmd, "props") == 0)
        return cmd_props(argc - 2, argv + 2);
    if (strcmp(cmd, "beats") == 0)
        return cmd_beats(argc - 2, argv + 2);
    if (strcmp(cmd, "sheet") == 0)
        return cmd_sheet(argc - 2, argv + 2);
    fprintf(stderr, "reel: unknown command \"%s\"\n%s", cmd, usage_main);
    return EXIT_INPUT;
}

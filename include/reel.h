/* reel: deterministic video as code.
 *
 * A scene (JSON) describes a video; reel renders it to stills and video files.
 * The same scene, props, assets, settings and build give byte-identical output
 * on every run and for every thread count.
 *
 * Conventions:
 *  - Functions return 0 on success or a negative REEL_E* code.
 *  - Functions that can fail on user input take a reel_diag* (may be NULL) and
 *    fill it with where and what went wrong.
 *  - reel_x_free(&p) frees p, sets it to NULL, and accepts NULL.
 *  - The library never prints and never exits; it reports through reel_diag,
 *    and through the progress callback of reel_render_options.
 *  - Thread-safety: a loaded reel_scene is immutable and may be shared by
 *    threads; every function here is safe to call concurrently on different or
 *    shared scenes.
 */
#ifndef REEL_H
#define REEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(REEL_BUILDING_LIBRARY)
#define REEL_API __attribute__((visibility("default")))
#else
#define REEL_API
#endif

/* Error codes. */
#define REEL_OK          0
#define REEL_EINPUT     -2   /* bad input: scene, props, arguments, assets (CLI exit code 2) */
#define REEL_EIO        -3   /* render, encode or file I/O failure (CLI exit code 1) */
#define REEL_ENOMEM     -4   /* out of memory (CLI exit code 1) */
#define REEL_ECANCELED  -5   /* stopped through the progress callback (CLI exit code 1) */

/* Where and what went wrong. Any field may be empty/zero when it does not apply. */
typedef struct reel_diag {
    char file[512];       /* scene file (or asset) the problem is in */
    int line, column;     /* 1-based position for syntax errors, 0 otherwise */
    char pointer[256];    /* JSON Pointer of the offending value, e.g. "/layers/3/opacity" */
    char message[768];    /* what was expected and what was found */
} reel_diag;

/* Formats d as one line: "file:line:column: message" for syntax errors,
 * "file: /pointer: message" for meaning errors, "file: message" otherwise.
 * Always NUL-terminates buf (when size > 0). Returns buf. */
REEL_API char *reel_diag_format(const reel_diag *d, char *buf, size_t size);

/* Library version, e.g. "0.1.0". */
REEL_API const char *reel_version(void);

/* The property reference of the scene format as Markdown (every layer type,
 * every property, its type, default and range). Returns a malloc'd string the
 * caller frees with free(), or NULL when out of memory. */
REEL_API char *reel_reference_markdown(void);

/* Messages from the media libraries (FFmpeg) below reel. By default they go
 * wherever those libraries print (stderr). Setting a handler routes warnings
 * and errors to it and drops the rest; NULL restores the default. This is
 * process-wide (FFmpeg's log is): set it once, before rendering. */
#define REEL_LOG_ERROR   0
#define REEL_LOG_WARNING 1
typedef void (*reel_log_fn)(void *user, int level, const char *message);
REEL_API void reel_set_log_handler(reel_log_fn fn, void *user);

/* ---- Scenes ---------------------------------------------------------- */

typedef struct reel_scene reel_scene;

/* Loads and validates a scene from a JSON file. Relative asset paths resolve
 * against the file's directory. On success *out owns a new scene (free with
 * reel_scene_free); on failure *out is NULL and diag says why. */
REEL_API int reel_scene_load_file(reel_scene **out, const char *path, reel_diag *diag);

/* Same from memory: json[0..len). name is used in messages (e.g. "scene.json");
 * base_dir is where relative asset paths resolve (NULL: the current directory).
 * The scene does not keep pointers to json, name or base_dir. */
REEL_API int reel_scene_load_memory(reel_scene **out, const char *json, size_t len,
                                    const char *name, const char *base_dir,
                                    reel_diag *diag);

/* Options for loading; zero-initialize, then set what you need. */
typedef struct reel_load_options {
    int64_t fps_num, fps_den;   /* > 0: render at this frame rate instead of the scene's; the scene
                                   must say "allow_fps_override": true */
    const char *asset_root;     /* non-NULL: refuse any asset (image, font, ...) that does not resolve,
                                   symlinks followed, to a file inside this directory */
    /* Template props (docs/templates.md). Both are optional; values from props_json are applied
     * first, then each of sets in order, over the defaults the scene declares. */
    const char *props_json;     /* a JSON object of prop values (not NUL-terminated: props_json_len) */
    size_t props_json_len;
    const char *props_name;     /* names props_json in messages, e.g. "props.json"; NULL: "props" */
    const char *const *sets;    /* "key=value" or "key.field=value" texts, typed by the declarations */
    size_t set_count;
    unsigned char reserved[64 - 3 * sizeof(void *) - 2 * sizeof(size_t)];   /* zero */
} reel_load_options;

/* reel_scene_load_file with options (opts may be NULL). */
REEL_API int reel_scene_load_file_ex(reel_scene **out, const char *path, const reel_load_options *opts,
                                     reel_diag *diag);

/* reel_scene_load_memory with options (opts may be NULL). Nothing in json, opts or the
 * strings it points to is kept after the call. */
REEL_API int reel_scene_load_memory_ex(reel_scene **out, const char *json, size_t len, const char *name,
                                       const char *base_dir, const reel_load_options *opts,
                                       reel_diag *diag);

REEL_API void reel_scene_free(reel_scene **scene);

typedef struct reel_scene_info {
    int width, height;
    int64_t fps_num, fps_den;   /* frame rate as a reduced fraction */
    int64_t frames;             /* total frame count */
    int layers;                 /* number of layers, nested ones included */
} reel_scene_info;

REEL_API void reel_scene_get_info(const reel_scene *scene, reel_scene_info *info);

/* Resolves a time written as in scenes ("1.5", "1.5s", "45f", "250ms",
 * "00:00:01.500") to a frame index of the scene, by the scene format's rounding
 * rule. Returns REEL_EINPUT with a message for text it cannot read. */
REEL_API int reel_scene_time_to_frame(const reel_scene *scene, const char *time, int64_t *frame,
                                      reel_diag *diag);

/* ---- Rendering ------------------------------------------------------- */

/* Renders frame index `frame` (0-based) to a PNG file at path, written beside it
 * first and renamed on success. A layer that fails to draw (an SVG librsvg
 * cannot draw, footage that fails to decode) returns REEL_EIO naming it, and
 * nothing is written. */
REEL_API int reel_render_still(const reel_scene *scene, int64_t frame, const char *path,
                               reel_diag *diag);

/* Renders frame `frame` into caller memory as 8-bit premultiplied BGRA (cairo
 * ARGB32 on little-endian), stride bytes per row (>= width * 4). A layer that
 * fails to draw returns REEL_EIO as for reel_render_still. */
REEL_API int reel_render_frame(const reel_scene *scene, int64_t frame, uint8_t *pixels,
                               int stride, reel_diag *diag);

/* Progress: frames finished so far out of total. Return non-zero to cancel the
 * render (reel_render then returns REEL_ECANCELED and leaves no output). Called
 * from the thread that called reel_render. */
typedef int (*reel_progress_fn)(void *user, int64_t done, int64_t total);

typedef struct reel_stats {
    double seconds_total;       /* wall time of the render */
    double seconds_render;      /* summed over lanes: evaluating, decoding and rasterizing */
    double seconds_convert;     /* summed over lanes: RGB to YUV */
    double seconds_encode;      /* summed over lanes: time in the video encoder */
    double seconds_mux;         /* main thread: writing the container */
    double seconds_wait;        /* main thread: waiting for the next segment */
    int64_t frames;
    int64_t bytes;              /* size of the output file */
    /* Parts of seconds_render, with reel_render_options.stage_times (else 0).
     * Rasterizing is the rest: seconds_render - evaluate - decode. */
    double seconds_evaluate;    /* animated values, text layout, chart data, caption pages */
    double seconds_decode;      /* decoding footage (video layers), including its YUV to RGB */
} reel_stats;

typedef struct reel_render_options {
    int threads;                /* cores to use; 0 = all. Never changes the bytes. */
    int crf;                    /* quality for H.264/H.265/VP9/AV1, default 18 */
    const char *preset;         /* x264/x265 preset, default "medium" */
    int segment_frames;         /* frames per independently encoded segment; 0 (default): about
                                   300, in equal segments */
    int overwrite;              /* non-zero: replace an existing output file (default 1) */
    int encode;                 /* 0: render and convert only, write nothing (benchmarks) */
    const char *codec;          /* "h264", "h265", "vp9", "av1", "prores", "prores4444", "ffv1",
                                   "h264rgb", "gif", "png", "y4m"; NULL: by the file extension */
    const char *pix_fmt;        /* "yuv420p", "yuv444p", "yuv420p10le", ...; NULL: the format's own */
    int full_range;             /* YUV full range (0-255) instead of limited (16-235) */
    int lossless;               /* pick the extension's RGB-exact format (.mp4: h264rgb, .mkv: ffv1) */
    int64_t first_frame;        /* render frames first_frame..last_frame (inclusive) */
    int64_t last_frame;         /* -1: to the end */
    double scale;               /* output size = scene size x scale (a draft at 0.5); default 1 */
    int part_index, part_count; /* 1 <= K <= N: write share K of N of the segments as a part file
                                   for reel_join; 0, 0: the whole video */
    int gif_loop;               /* GIF: 0 loops forever (default), -1 plays once, N repeats N times */
    int gif_dither;             /* GIF: ordered dithering (default 1) */
    int no_audio;               /* non-zero: write no audio stream even when the scene has sound */
    reel_progress_fn progress;  /* may be NULL */
    void *progress_user;
    reel_stats *stats;          /* filled on success when not NULL */
    int stage_times;            /* non-zero: also split stats' render time into evaluating,
                                   decoding and rasterizing (a few clock reads per layer and frame) */
    unsigned char reserved[60]; /* zero; room for options without breaking the ABI */
} reel_render_options;

/* Fills o with the defaults above. */
REEL_API void reel_render_options_default(reel_render_options *o);

/* Renders the scene to path. The format follows the extension (.mp4 .mov
 * .webm .mkv .gif .y4m, or a PNG sequence pattern like "out/frame_%05d.png";
 * .wav and .m4a write the scene's audio only)
 * unless opts->codec names one; see docs/output.md. The file is written beside
 * path and renamed on success; on failure an existing file at path is left
 * untouched. opts may be NULL for defaults. */
REEL_API int reel_render(const reel_scene *scene, const char *path,
                         const reel_render_options *opts, reel_diag *diag);

/* Joins the part files of one render (made with part_index/part_count, any
 * order) into the output they were made for, without re-encoding: the result
 * is byte-identical to a single reel_render with the same settings. Checks that
 * the parts belong together and that none is missing. */
REEL_API int reel_join(const char *const *parts, size_t count, const char *path, reel_diag *diag);

#ifdef __cplusplus
}
#endif

#endif

/* Rendering to files and joining part files (see output.c). */
#ifndef REEL_OUTPUT_H
#define REEL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "media/formats.h"
#include "media/frame_convert.h"
#include "media/muxer.h"
#include "pipeline/pipeline.h"
#include "reel.h"
#include "scene/scene.h"

/* Everything decided before rendering starts. */
typedef struct output_plan_t {
    const output_format *format;    /* NULL when not encoding */
    pipeline_settings pipeline;
    muxer_options muxer_opts;
    palette pal;                    /* GIF: computed from sample frames */
    bool dither;
    int part_index, part_count;     /* share K of N, or 0, 0 */
    const char *audio_codec;        /* audio encoder for the file, NULL: no audio stream */
    const char *audio_container;    /* audio-only output (.wav, .m4a): its muxer; else NULL */
} output_plan_t;

/* Checks the options against the scene and the output path and fills plan.
 * Returns 0 or REEL_EINPUT with a message. */
int output_plan(const scene *s, const char *path, const reel_render_options *o, output_plan_t *plan,
                char *err, size_t errsize);

/* Renders plan to path (a container file, a part file or a PNG sequence).
 * *err_file is set to the path an I/O error concerns. */
int output_render(const scene *s, const char *path, output_plan_t *plan, bool overwrite, reel_stats *stats,
                  char *err, size_t errsize, const char **err_file);

/* Joins part files into path. */
int output_join(const char *const *paths, size_t count, const char *path, char *err, size_t errsize,
                const char **err_file);

#endif

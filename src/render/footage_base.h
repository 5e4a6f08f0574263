/* Footage as the base of the frame: converted only where something is drawn
 * over it.
 *
 * Footage that covers the whole frame replaces every pixel drawn before it.
 * When the encoder's frames can take its decoded samples as they are
 * (media/footage_planes.h), the pipeline copies them, and only the areas
 * that later layers draw over (a caption, a lower third) need the footage in
 * RGB, to draw on and convert back. Those areas are known only once the
 * layers have drawn, so the renderer guesses them: where the later layers of
 * the last frame drew, widened by FOOTAGE_MARGIN pixels. After drawing, each
 * area they drew must lie within the guess; when one does not, the frame is
 * drawn again with the guess made from what they drew. So every pixel they
 * drew is drawn over the footage's own conversion, the same bytes as when
 * the whole footage is converted, and what they did not touch is never read.
 *
 * The background is painted only when the last frame had no footage base:
 * footage covering the frame hides it. A frame that then turns out to have
 * none is drawn again with it. */
#ifndef REEL_FOOTAGE_BASE_H
#define REEL_FOOTAGE_BASE_H

#include <stdbool.h>

#include <libavutil/frame.h>

#include "media/yuv_to_rgb.h"
#include "render/pixels.h"
#include "scene/scene.h"

enum { FOOTAGE_MARGIN = 32 };

typedef struct footage_base {
    /* Set by the pipeline: its frames are out_format at that size and range. */
    bool enabled;
    int out_format, out_width, out_height;
    bool out_full_range;

    bool open;                  /* the renderer is drawing a frame that may take a base */
    AVFrame *frame;             /* this frame's base: a reference to its planes, while `set` */
    bool set;
    yuv_rgb_params params;
    bool last_set;              /* the frame before had a base (its background was not painted) */
    px_areas ready;             /* the guess: where the base goes into the target in RGB */
    bool ready_all;
} footage_base;

void footage_base_free(footage_base *b);

/* Forgets the last frame's base before drawing another. */
void footage_base_frame_start(footage_base *b);

/* Whether footage the frame is about to cover whole may become its base:
 * bases are on, the renderer drew this frame with footage_base_draw, and
 * the footage is drawn at the frame's outermost level. */
bool footage_base_possible(const draw_ctx *dc);

/* Makes the planes in ref (a reference, taken over on success) with
 * parameters p the frame's base: converts them into the target over the
 * guessed areas and restarts the list of areas drawn over. Returns false
 * (ref untouched) when the encoder's frames cannot take these planes. */
bool footage_base_take(draw_ctx *dc, AVFrame *ref, const yuv_rgb_params *p);

/* After drawing a frame that took a base, with `drawn` the areas drawn over
 * it: true when one lies outside the guess, which then becomes `drawn`
 * widened (or the whole frame, on a second miss): draw the frame again. */
bool footage_base_missed(footage_base *b, const px_areas *drawn, bool second);

/* Sets the guess from `drawn` (where layers drew over the base), widened
 * to whole 2 x 2 blocks and by FOOTAGE_MARGIN: for the next frame. */
void footage_base_guess(footage_base *b, const px_areas *drawn);

#endif

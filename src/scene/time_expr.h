/* Time expressions: times written relative to a marker, a beat or bar, or
 * another layer, plus plain-time offsets:
 *
 *   drop   drop+0.5s   drop-10f   intro.end   intro.start+250ms
 *   beat:16   bar:4   bar:2.5   beat:16+0.1s
 *   @title.end+0.2s   @title   (the layer whose "id" is "title"; bare means .start)
 *
 * This module only parses, and does exact arithmetic on times; what a name
 * means is decided by the scene's timeline (scene/timeline.h). Sums are exact:
 * each term is an exact rational number of seconds (decimals to the
 * picosecond, frames and SMPTE timecode as frames / fps), and only the total
 * is rounded to a frame, by timeparse's rule (round half up). */
#ifndef REEL_TIME_EXPR_H
#define REEL_TIME_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scene/timeparse.h"

__extension__ typedef __int128 exact_int;

/* An exact number of seconds: num / den, den > 0, reduced. */
typedef struct exact_time {
    exact_int num, den;
} exact_time;

typedef enum time_base {
    TIME_BASE_NONE,         /* a plain time */
    TIME_BASE_MARKER,       /* name[.start|.end] */
    TIME_BASE_LAYER,        /* @id[.start|.end] */
    TIME_BASE_BEAT,         /* beat:N, N >= 1 */
    TIME_BASE_BAR,          /* bar:N, N >= 1 */
} time_base;

#define TIME_EXPR_NAME_MAX 64

typedef struct time_expr {
    time_base base;
    char name[TIME_EXPR_NAME_MAX + 1];  /* marker name or layer id */
    bool edge_given;                    /* ".start" or ".end" was written */
    bool edge_end;                      /* ".end" */
    exact_time count;                   /* BEAT, BAR: the number as written, >= 1 */
    exact_time offset;                  /* sum of the +/- terms (0 without any) */
} time_expr;

/* Whether text is an expression rather than a plain time: it starts (after
 * spaces) with a letter, '_' or '@'. Plain times keep their own parser. */
bool time_expr_is_expression(const char *text);

/* Parses an expression; offsets in frames ("10f") and SMPTE timecode are
 * read at fps. Errors say what was expected, e.g. "expected + or - and an
 * offset after \"drop\", got \"x\"". */
bool time_expr_parse(const char *text, rational fps, time_expr *out, char *err, size_t errsize);

/* A plain time (any form time_parse accepts) as exact seconds. */
bool exact_time_parse(const char *text, rational fps, bool allow_negative, exact_time *out,
                      char *err, size_t errsize);

/* A JSON number of seconds, read like time_from_seconds (its shortest text). */
bool exact_time_from_seconds(double seconds, bool allow_negative, exact_time *out, char *err, size_t errsize);

exact_time exact_time_from_frames(int64_t frames, rational fps);
exact_time exact_time_from_ratio(int64_t num, int64_t den);   /* den > 0 */

/* Arithmetic; false when a result does not fit (times beyond any limit). */
bool exact_time_add(exact_time a, exact_time b, exact_time *out);
bool exact_time_mul(exact_time a, exact_time b, exact_time *out);
bool exact_time_div(exact_time a, exact_time b, exact_time *out);   /* b != 0 */
int exact_time_cmp(exact_time a, exact_time b);

/* The frame of t at fps: round_half_up(t * fps), exactly. */
bool exact_time_to_frame(exact_time t, rational fps, int64_t *frame);

#endif

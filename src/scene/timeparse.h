/* Times in scenes, resolved to whole frames by one documented rule.
 *
 * Forms: a JSON number or a string of seconds ("1.5", "1.5s"), frames ("45f"),
 * milliseconds ("250ms"), timecode "HH:MM:SS", "HH:MM:SS.fff" or "MM:SS.fff",
 * and SMPTE "HH:MM:SS:FF" (non-drop, FF < the rounded-up frame rate).
 * Rounding rule: a time of s seconds is frame round_half_up(s * fps), computed
 * exactly from the decimal digits as written (no binary floating point), so
 * "0.1s" at 30000/1001 fps is frame 3 on every machine. */
#ifndef REEL_TIMEPARSE_H
#define REEL_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rational {
    int64_t num, den;       /* den > 0 */
} rational;

/* Parses a frame rate: a positive integer ("30"), a decimal ("29.97", kept
 * exact as 2997/100), or "num/den" ("30000/1001"). The result is reduced.
 * Accepts rates in (0, 1000]. */
bool fps_parse(const char *text, rational *out, char *err, size_t errsize);

/* Parses a time string and resolves it to a frame index at fps (negative
 * times are allowed only when allow_negative). Errors name the expected forms,
 * e.g. "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1.5x\"". */
bool time_parse(const char *text, rational fps, bool allow_negative,
                int64_t *frame, char *err, size_t errsize);

/* Resolves a time given as a JSON number of seconds. The decimal value is
 * recovered from the double's shortest round-trip text, so 0.1 behaves exactly
 * like "0.1s". */
bool time_from_seconds(double seconds, rational fps, bool allow_negative,
                       int64_t *frame, char *err, size_t errsize);

/* Seconds of frame index f at fps, as a double (for display and for springs). */
double frame_to_seconds(int64_t f, rational fps);

#endif

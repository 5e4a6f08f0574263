/* Subtitle readers: SRT, WebVTT and word lists (the JSON that speech-to-text
 * tools write), all turned into one shape: a list of words with optional
 * times, grouped into cues.
 *
 * Times are exact integer microseconds, as written (no binary floating point);
 * the caller turns them into frames with the scene's rounding rule.
 * Markup is stripped: SRT/WebVTT tags such as <i>, <b>, <font ...>,
 * <c.class>, <v Speaker> and inline timestamps, and SRT/ASS overrides such as
 * {\an8}, are removed; &amp; &lt; &gt; &nbsp; &quot; &apos; are decoded. Cue settings
 * after the end time ("line:90% align:start") are accepted and ignored.
 *
 * Thread-safety: the functions keep no state; a track is immutable once read. */
#ifndef REEL_SUBTITLES_H
#define REEL_SUBTITLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/json.h"

#define SUB_MAX_WORDS 200000
#define SUB_MAX_FILE_BYTES (16u << 20)

typedef enum sub_format { SUB_SRT, SUB_VTT, SUB_WORDS } sub_format;

typedef struct sub_word {
    char *text;             /* valid UTF-8, no leading/trailing whitespace, never empty */
    int64_t start_us;       /* -1 when the word has no time of its own (cue text) */
    int64_t end_us;
    bool new_line;          /* the cue text breaks the line before this word */
    int line;               /* where it came from (1-based; 0 when inline JSON) */
} sub_word;

typedef struct sub_cue {
    int64_t start_us, end_us;   /* start <= end */
    size_t first_word, word_count;
    int line;                   /* the cue's time line */
} sub_cue;

/* A word list gives every word its times and no cues (cue_count 0); SRT and
 * WebVTT give cues whose words have no times. Starts never decrease. */
typedef struct sub_track {
    sub_word *words;
    size_t word_count;
    sub_cue *cues;
    size_t cue_count;
} sub_track;

/* Where a word list went wrong: the array index and member of the offending
 * word (index SIZE_MAX, key NULL when the problem is the list itself), and its
 * line in the JSON text. */
typedef struct sub_error {
    size_t index;
    const char *key;
    int line;
    char message[300];
} sub_error;

/* The format a file name implies (".srt", ".vtt", ".json", any case); false
 * for other names. */
bool subtitles_format_from_name(const char *name, sub_format *out);

/* Reads data[0..len) in format fmt. name is used only in messages. On success
 * returns 0 and fills *out (free with sub_track_free). On failure returns -1,
 * leaves *out empty and writes "NAME:LINE: what was expected" to err. */
int subtitles_parse(const char *name, const char *data, size_t len, sub_format fmt, sub_track *out,
                    char *err, size_t errsize);

/* Reads a word list from a parsed JSON value: an array of
 * {"text": "Hello", "start": 0.32, "end": 0.61} (or "word" for "text"), or an
 * object whose "words" member is such an array. Other members are ignored.
 * Returns 0, or -1 with *e filled. */
int subtitles_from_json(const json_value *v, sub_track *out, sub_error *e);

void sub_track_free(sub_track *t);

/* Turns microseconds into a frame at fps num/den with the scene's rule,
 * round_half_up(us * fps / 1e6), exactly. us >= 0. */
int64_t subtitles_us_to_frame(int64_t us, int64_t fps_num, int64_t fps_den);

#endif

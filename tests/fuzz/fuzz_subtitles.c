/* Fuzz target: the subtitle readers (src/util/subtitles.h).
 *
 * Input: one selector byte, then the file's bytes (NUL bytes included).
 *   's' SRT, 'v' WebVTT, 'j' a JSON word list; any other selector is folded
 *   onto these three.
 * Each reader must accept or refuse with "fuzz.sub:LINE: message", and what it
 * accepts must keep the documented shape: cues in time order with start <=
 * end, words non-empty UTF-8 without surrounding whitespace, word lists
 * timed and in order, cue words untimed. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/subtitles.h"

static void check_error(const char *err, size_t size)
{
    FUZZ_CHECK(memchr(err, '\0', size) != NULL);
    FUZZ_CHECK(strncmp(err, "fuzz.sub:", 9) == 0);
    FUZZ_CHECK(err[9] >= '1' && err[9] <= '9');
}

static void check_word(const sub_word *w)
{
    size_t n = strlen(w->text);
    FUZZ_CHECK(n > 0);
    FUZZ_CHECK(w->text[0] != ' ' && w->text[0] != '\t' && w->text[n - 1] != ' ' && w->text[n - 1] != '\t');
    FUZZ_CHECK(!strchr(w->text, '\n') && !strchr(w->text, '\r'));
}

static void check_track(const sub_track *t, sub_format fmt)
{
    if (fmt == SUB_WORDS) {
        FUZZ_CHECK(t->cue_count == 0);
        for (size_t i = 0; i < t->word_count; i++) {
            check_word(&t->words[i]);
            FUZZ_CHECK(t->words[i].start_us >= 0 && t->words[i].start_us <= t->words[i].end_us);
            FUZZ_CHECK(i == 0 || t->words[i - 1].start_us <= t->words[i].start_us);
        }
        return;
    }
    size_t next = 0;
    for (size_t c = 0; c < t->cue_count; c++) {
        const sub_cue *cue = &t->cues[c];
        FUZZ_CHECK(cue->start_us >= 0 && cue->start_us <= cue->end_us);
        FUZZ_CHECK(c == 0 || t->cues[c - 1].start_us <= cue->start_us);
        FUZZ_CHECK(cue->first_word == next);
        next += cue->word_count;
        for (size_t i = cue->first_word; i < next; i++) {
            check_word(&t->words[i]);
            FUZZ_CHECK(t->words[i].start_us == -1);
        }
        /* The frame rule never goes backwards. */
        FUZZ_CHECK(subtitles_us_to_frame(cue->start_us, 30000, 1001) <=
                   subtitles_us_to_frame(cue->end_us, 30000, 1001));
    }
    FUZZ_CHECK(next == t->word_count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const sub_format formats[] = {SUB_SRT, SUB_VTT, SUB_WORDS};
    sub_format fmt = data[0] == 's' ? SUB_SRT : data[0] == 'v' ? SUB_VTT : data[0] == 'j' ? SUB_WORDS
                                                                                         : formats[data[0] % 3];
    sub_track t;
    char err[400];
    if (subtitles_parse("fuzz.sub", (const char *)data + 1, size - 1, fmt, &t, err, sizeof err) == 0) {
        check_track(&t, fmt);
        sub_track_free(&t);
    } else {
        check_error(err, sizeof err);
        FUZZ_CHECK(t.word_count == 0 && t.cue_count == 0 && !t.words && !t.cues);
    }
    return 0;
}

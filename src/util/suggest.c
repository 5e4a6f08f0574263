/* "Did you mean" suggestions.
 *
 * The distance is the optimal-string-alignment variant of Damerau-Levenshtein:
 * swapping two neighbouring letters ("postion" -> "position" is an insertion,
 * "opactiy" -> "opacity" a swap) costs one edit, which matches how names are
 * actually mistyped. Comparison is ASCII case-insensitive so "Opacity" still
 * finds "opacity"; bytes above 127 compare as they are, so UTF-8 is safe. */
#include "util/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b)
{
    if (!a) a = "";
    if (!b) b = "";
    size_t la = strlen(a), lb = strlen(b);
    if (la == 0) return lb;
    if (lb == 0) return la;

    /* Three rolling rows (two back for the transposition case). Small words
     * use the stack; longer ones fall back to the heap. */
    size_t stack_rows[3 * 64];
    size_t *buf = stack_rows;
    if (lb + 1 > 64) {
        if (lb + 1 > SIZE_MAX / (3 * sizeof(size_t))) return la > lb ? la : lb;
        buf = malloc(3 * (lb + 1) * sizeof(size_t));
        if (!buf) return la > lb ? la : lb;   /* an upper bound is still a valid answer for ranking */
    }
    size_t *prev2 = buf, *prev = buf + (lb + 1), *cur = buf + 2 * (lb + 1);

    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        unsigned char ca = fold((unsigned char)a[i - 1]);
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned char cb = fold((unsigned char)b[j - 1]);
            size_t cost = ca == cb ? 0 : 1;
            size_t d = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    size_t result = prev[lb];
    if (buf != stack_rows) free(buf);
    return result;
}

const char *suggest_closest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !candidates) return NULL;
    size_t len = strlen(word);
    /* Names are short; a long word is no typo of one, and comparing it would
     * cost time proportional to its length. */
    if (len > 64) return NULL;
    /* Two edits are always a plausible typo; long words may have more, up to a third. */
    size_t limit = len / 3 > 2 ? len / 3 : 2;

    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; n == (size_t)-1 ? candidates[i] != NULL : i < n; i++) {
        const char *c = candidates[i];
        if (!c) continue;
        size_t d = suggest_distance(word, c);
        if (d <= limit && d < best_d) {   /* strict: ties keep the earliest */
            best = c;
            best_d = d;
        }
    }
    if (best)
        return best;
    /* A longer spelling of a short name ("rectangle" for "rect") is a likely
     * mix-up too: suggest a candidate of 3+ letters that starts the word. */
    for (size_t i = 0; n == (size_t)-1 ? candidates[i] != NULL : i < n; i++) {
        const char *c = candidates[i];
        size_t clen = c ? strlen(c) : 0;
        if (clen >= 3 && clen < len && strncasecmp(word, c, clen) == 0)
            return c;
    }
    return NULL;
}

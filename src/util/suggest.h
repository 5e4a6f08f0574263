/* "Did you mean" suggestions for misspelt names (properties, layer types,
 * easings, enum values). */
#ifndef REEL_SUGGEST_H
#define REEL_SUGGEST_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions and transpositions of
 * adjacent characters, ASCII case-insensitive) between a and b. */
size_t suggest_distance(const char *a, const char *b);

/* The candidate closest to word, or NULL when none is close enough to be a
 * plausible typo: distance <= 2, or <= a third of word's length for longer
 * words; ties go to the earliest candidate. Failing that, a candidate of three
 * or more letters that begins word ("rect" for "rectangle"). candidates has n entries (NULL
 * entries are skipped), or is NULL-terminated when n is (size_t)-1. */
const char *suggest_closest(const char *word, const char *const *candidates, size_t n);

#endif

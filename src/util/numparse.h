/* Locale-independent number reading and writing.
 *
 * strtod() and printf("%g") follow LC_NUMERIC (a comma in de_DE); a scene must
 * mean the same everywhere, so every number the project reads or prints as text
 * goes through here. */
#ifndef REEL_NUMPARSE_H
#define REEL_NUMPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses the whole of s[0..len) as a decimal number in JSON syntax, optionally
 * with a leading '+' when allow_plus is true ("-12.5e3", "+3"). No spaces,
 * no hex, no inf/nan. Correctly rounded. Returns false if the text is not such a
 * number or is out of double range. */
bool num_parse(const char *s, size_t len, bool allow_plus, double *out);

/* Parses the whole of s[0..len) as a CSS-style number, as written inside
 * color and easing functions: an optional sign ('+' too), digits with an
 * optional fraction where either side may be empty (".5", "5.") but not both,
 * leading zeros allowed, an optional exponent. Same rounding and locale
 * independence as num_parse. */
bool num_parse_css(const char *s, size_t len, double *out);

/* Writes v in the shortest form that reads back exactly ("0.1", "1e+21",
 * "-3", "1.5"), always with '.' as the decimal point. Returns the length
 * written (like snprintf). NaN and infinities are written "nan", "inf", "-inf". */
int num_format(char *buf, size_t size, double v);

#endif

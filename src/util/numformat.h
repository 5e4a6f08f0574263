/* Number formatting for display: counters, tick labels and value labels.
 *
 * Identical under every locale: no printf("%'d"), no LC_NUMERIC. Rounding is
 * done on decimal digits, never on binary fractions: the value is first turned
 * into its shortest decimal form that reads back as the same double (what the
 * scene wrote: 2.675 stays "2.675", not 2.67499999999999982...), then rounded
 * half away from zero to the requested decimals. So 2.675 with 2 decimals is
 * "2.68" and -0.5 with 0 decimals is "-1". Percent scaling (x100) and compact
 * units (/1000, /1e6 ...) shift the decimal exponent, so they add no error
 * either. A result that rounds to zero is printed without a sign. */
#ifndef REEL_NUMFORMAT_H
#define REEL_NUMFORMAT_H

#include <stdbool.h>
#include <stddef.h>

#define NUMFMT_MAX_DECIMALS 10

typedef enum numfmt_sign {
    NUMFMT_SIGN_AUTO,       /* "-" for negatives only */
    NUMFMT_SIGN_ALWAYS,     /* "+" for positives too (never for zero) */
    NUMFMT_SIGN_NEVER       /* magnitudes only */
} numfmt_sign;

typedef struct numfmt {
    int decimals;               /* digits after the decimal mark, 0..NUMFMT_MAX_DECIMALS */
    char thousands[8];          /* group separator; "" for none */
    char decimal_mark[8];       /* "." or "," */
    char prefix[64], suffix[64];/* e.g. "$", "€", "%" */
    bool compact;               /* 1.2K, 3.4M, 5.6B, 7.8T */
    bool percent;               /* multiply by 100 first (0.25 -> 25) */
    numfmt_sign sign;
} numfmt;

/* Defaults: 0 decimals, "," thousands, "." decimal mark, no prefix or suffix,
 * no compact, no percent, sign auto. */
void numfmt_default(numfmt *f);

/* Writes v formatted by f into buf (always NUL-terminated when size > 0).
 * Returns the length of the full result, like snprintf. Non-finite values are
 * written "NaN", "Infinity" or "-Infinity". */
int numfmt_format(const numfmt *f, double v, char *buf, size_t size);

#endif

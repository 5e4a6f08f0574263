/* Display formatting of numbers on decimal digit strings (see numformat.h for
 * the rounding rule and why it is decimal). */
#include "util/numformat.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/numparse.h"

/* A non-negative decimal: digits d[0..n) (no leading zeros unless n == 1)
 * times 10^exp. */
typedef struct decimal {
    char d[48];
    int n;
    int exp;
} decimal;

void numfmt_default(numfmt *f)
{
    memset(f, 0, sizeof *f);
    strcpy(f->thousands, ",");
    strcpy(f->decimal_mark, ".");
}

/* The shortest round-trip digits of |v| (finite) as a decimal. */
static void to_decimal(double v, decimal *out)
{
    char text[64];
    num_format(text, sizeof text, fabs(v));
    out->n = 0;
    out->exp = 0;
    int frac = 0;
    bool in_frac = false;
    const char *p = text;
    for (; *p && *p != 'e'; p++) {
        if (*p == '.') {
            in_frac = true;
            continue;
        }
        if (out->n == 0 && *p == '0') {  /* leading zeros carry no value */
            frac += in_frac;
            continue;
        }
        out->d[out->n++] = *p;
        frac += in_frac;
    }
    int e = 0;
    if (*p == 'e') {
        int sign = p[1] == '-' ? -1 : 1;
        for (p += (p[1] == '-' || p[1] == '+') ? 2 : 1; *p; p++)
            e = e * 10 + (*p - '0');
        e *= sign;
    }
    out->exp = e - frac;
    if (out->n == 0) {
        out->d[out->n++] = '0';
        out->exp = 0;
    }
}

/* Digits of the integer part (n + exp of them, at least 0). */
static int integer_digits(const decimal *x)
{
    if (x->n == 1 && x->d[0] == '0')
        return 0;
    return x->n + x->exp > 0 ? x->n + x->exp : 0;
}

/* Rounds x half away from zero to `decimals` fraction digits, in place. */
static void round_to(decimal *x, int decimals)
{
    int keep = x->n + x->exp + decimals;    /* digits that stay */
    if (keep >= x->n)
        return;
    if (keep < 0) {
        x->n = 1;
        x->d[0] = '0';
        x->exp = 0;
        return;
    }
    bool up = x->d[keep] >= '5';
    x->exp += x->n - keep;
    x->n = keep;
    if (up) {
        int i = keep - 1;
        while (i >= 0 && x->d[i] == '9')
            x->d[i--] = '0';
        if (i >= 0) {
            x->d[i]++;
        } else {                             /* 999 -> 1000 */
            memmove(x->d + 1, x->d, (size_t)x->n);
            x->d[0] = '1';
            x->n++;
        }
    }
    if (x->n == 0) {
        x->n = 1;
        x->d[0] = '0';
        x->exp = 0;
    }
}

static bool is_zero(const decimal *x)
{
    for (int i = 0; i < x->n; i++)
        if (x->d[i] != '0')
            return false;
    return true;
}

/* The digit at power 10^pos (0 beyond the stored digits). */
static char digit_at(const decimal *x, int pos)
{
    int i = x->n - 1 - (pos - x->exp);
    return i >= 0 && i < x->n ? x->d[i] : '0';
}

typedef struct out_buf {
    char *buf;
    size_t size, len;
} out_buf;

static void put(out_buf *o, const char *s)
{
    for (; *s; s++, o->len++)
        if (o->len + 1 < o->size)
            o->buf[o->len] = *s;
}

int numfmt_format(const numfmt *f, double v, char *buf, size_t size)
{
    out_buf o = {buf, size, 0};
    if (!isfinite(v)) {
        put(&o, isnan(v) ? "NaN" : v < 0 ? "-Infinity" : "Infinity");
    } else {
        int decimals = f->decimals < 0 ? 0 : f->decimals > NUMFMT_MAX_DECIMALS ? NUMFMT_MAX_DECIMALS : f->decimals;
        decimal x;
        to_decimal(v, &x);
        if (f->percent && !is_zero(&x))
            x.exp += 2;
        static const char *const units[] = {"", "K", "M", "B", "T"};
        int unit = 0;
        if (f->compact && !is_zero(&x)) {
            /* Pick the unit by magnitude, then move up once more if rounding
             * carried into a fourth digit (999.96K with 1 decimal is 1.0M). */
            int digits = x.n + x.exp;
            unit = digits > 3 ? (digits - 1) / 3 : 0;
            if (unit > 4)
                unit = 4;
            x.exp -= 3 * unit;
            decimal r = x;
            round_to(&r, decimals);
            if (unit < 4 && integer_digits(&r) > 3) {
                unit++;
                x.exp -= 3;
            }
        }
        round_to(&x, decimals);
        bool negative = v < 0 && !is_zero(&x);
        if (negative && f->sign != NUMFMT_SIGN_NEVER)
            put(&o, "-");
        else if (!negative && !is_zero(&x) && f->sign == NUMFMT_SIGN_ALWAYS)
            put(&o, "+");
        put(&o, f->prefix);
        int int_digits = integer_digits(&x);
        if (int_digits == 0)
            put(&o, "0");
        for (int pos = int_digits - 1; pos >= 0; pos--) {
            char c[2] = {digit_at(&x, pos), 0};
            put(&o, c);
            if (pos > 0 && pos % 3 == 0)
                put(&o, f->thousands);
        }
        if (decimals > 0) {
            put(&o, f->decimal_mark);
            for (int pos = -1; pos >= -decimals; pos--) {
                char c[2] = {digit_at(&x, pos), 0};
                put(&o, c);
            }
        }
        put(&o, units[unit]);
        put(&o, f->suffix);
    }
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

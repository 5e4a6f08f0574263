/* The display number formatter: rounding on decimal digits, grouping, marks,
 * compact units, signs, percent scaling, and locale independence. */
#include <locale.h>

#include "check.h"
#include "util/numformat.h"

static const char *fmt(const numfmt *f, double v)
{
    static char buf[128];
    numfmt_format(f, v, buf, sizeof buf);
    return buf;
}

static numfmt with_decimals(int d)
{
    numfmt f;
    numfmt_default(&f);
    f.decimals = d;
    return f;
}

static void test_rounding_is_decimal_half_away_from_zero(void)
{
    numfmt f = with_decimals(2);
    CHECK_STR(fmt(&f, 2.675), "2.68");      /* binary 2.67499999... still rounds up */
    CHECK_STR(fmt(&f, 1.005), "1.01");
    CHECK_STR(fmt(&f, -2.675), "-2.68");
    CHECK_STR(fmt(&f, 0.125), "0.13");
    CHECK_STR(fmt(&f, 0.124999), "0.12");
    f = with_decimals(0);
    CHECK_STR(fmt(&f, 0.5), "1");
    CHECK_STR(fmt(&f, 1.5), "2");
    CHECK_STR(fmt(&f, 2.5), "3");
    CHECK_STR(fmt(&f, -0.5), "-1");
    CHECK_STR(fmt(&f, 0.49999), "0");
    CHECK_STR(fmt(&f, 999.5), "1,000");
    f = with_decimals(1);
    CHECK_STR(fmt(&f, 9.96), "10.0");
    CHECK_STR(fmt(&f, 0.05), "0.1");
    CHECK_STR(fmt(&f, 0.04), "0.0");
}

static void test_negative_zero_and_tiny_values(void)
{
    numfmt f = with_decimals(2);
    CHECK_STR(fmt(&f, -0.0), "0.00");
    CHECK_STR(fmt(&f, -0.001), "0.00");
    CHECK_STR(fmt(&f, -0.004), "0.00");
    CHECK_STR(fmt(&f, -0.005), "-0.01");
    CHECK_STR(fmt(&f, 1e-300), "0.00");
    f.sign = NUMFMT_SIGN_ALWAYS;
    CHECK_STR(fmt(&f, -0.001), "0.00");
    CHECK_STR(fmt(&f, 0), "0.00");
}

static void test_integers_and_grouping(void)
{
    numfmt f = with_decimals(0);
    CHECK_STR(fmt(&f, 0), "0");
    CHECK_STR(fmt(&f, 7), "7");
    CHECK_STR(fmt(&f, 999), "999");
    CHECK_STR(fmt(&f, 1000), "1,000");
    CHECK_STR(fmt(&f, 1234567), "1,234,567");
    CHECK_STR(fmt(&f, -1234567.4), "-1,234,567");
    CHECK_STR(fmt(&f, 1e21), "1,000,000,000,000,000,000,000");
    CHECK_STR(fmt(&f, 9007199254740993.0), "9,007,199,254,740,992");
    strcpy(f.thousands, "");
    CHECK_STR(fmt(&f, 1234567), "1234567");
    strcpy(f.thousands, "'");
    CHECK_STR(fmt(&f, 1234567), "1'234'567");
    strcpy(f.thousands, " ");
    CHECK_STR(fmt(&f, 1234567), "1 234 567");
}

static void test_european_marks(void)
{
    numfmt f = with_decimals(2);
    strcpy(f.thousands, ".");
    strcpy(f.decimal_mark, ",");
    strcpy(f.suffix, " €");
    CHECK_STR(fmt(&f, 1234567.891), "1.234.567,89 €");
    CHECK_STR(fmt(&f, 0.5), "0,50 €");
}

static void test_prefix_suffix_and_sign(void)
{
    numfmt f = with_decimals(2);
    strcpy(f.prefix, "$");
    CHECK_STR(fmt(&f, 1234.5), "$1,234.50");
    CHECK_STR(fmt(&f, -1234.5), "-$1,234.50");
    f.sign = NUMFMT_SIGN_ALWAYS;
    CHECK_STR(fmt(&f, 12), "+$12.00");
    CHECK_STR(fmt(&f, -12), "-$12.00");
    f.sign = NUMFMT_SIGN_NEVER;
    CHECK_STR(fmt(&f, -12), "$12.00");
}

static void test_percent_scaling_is_exact(void)
{
    numfmt f = with_decimals(0);
    f.percent = true;
    strcpy(f.suffix, "%");
    CHECK_STR(fmt(&f, 0.07), "7%");          /* 0.07 * 100 in binary is 7.000000000000001 */
    CHECK_STR(fmt(&f, 0.255), "26%");
    CHECK_STR(fmt(&f, 1.5), "150%");
    CHECK_STR(fmt(&f, -0.004), "0%");
    f.decimals = 1;
    CHECK_STR(fmt(&f, 0.12345), "12.3%");
    CHECK_STR(fmt(&f, 0.0005), "0.1%");
}

static void test_compact_units(void)
{
    numfmt f = with_decimals(1);
    f.compact = true;
    CHECK_STR(fmt(&f, 0), "0.0");
    CHECK_STR(fmt(&f, 950), "950.0");
    CHECK_STR(fmt(&f, 1000), "1.0K");
    CHECK_STR(fmt(&f, 1234), "1.2K");
    CHECK_STR(fmt(&f, 3450000), "3.5M");
    CHECK_STR(fmt(&f, -5600000000.0), "-5.6B");
    CHECK_STR(fmt(&f, 7.8e12), "7.8T");
    CHECK_STR(fmt(&f, 7.8e15), "7,800.0T");
    CHECK_STR(fmt(&f, 999.96), "1.0K");      /* rounding carries into the next unit */
    CHECK_STR(fmt(&f, 999949), "999.9K");
    CHECK_STR(fmt(&f, 999950), "1.0M");
    f.decimals = 0;
    strcpy(f.prefix, "$");
    CHECK_STR(fmt(&f, 1500), "$2K");
    CHECK_STR(fmt(&f, 0.4), "$0");
}

static void test_truncation_and_length(void)
{
    numfmt f = with_decimals(0);
    char small[5];
    int n = numfmt_format(&f, 1234567, small, sizeof small);
    CHECK_EQ_INT(n, 9);
    CHECK_STR(small, "1,23");
    CHECK_EQ_INT(numfmt_format(&f, 5, NULL, 0), 1);
}

static void test_nonfinite(void)
{
    numfmt f = with_decimals(2);
    CHECK_STR(fmt(&f, NAN), "NaN");
    CHECK_STR(fmt(&f, -INFINITY), "-Infinity");
}

static void test_same_under_a_comma_locale(void)
{
    /* de_DE may not be installed; then C.UTF-8 still proves nothing breaks. */
    if (!setlocale(LC_ALL, "de_DE.UTF-8"))
        setlocale(LC_ALL, "C.UTF-8");
    numfmt f = with_decimals(3);
    CHECK_STR(fmt(&f, 1234.5678), "1,234.568");
    f.compact = true;
    f.decimals = 2;
    CHECK_STR(fmt(&f, 2675000), "2.68M");
    setlocale(LC_ALL, "C");
}

int main(void)
{
    RUN(test_rounding_is_decimal_half_away_from_zero);
    RUN(test_negative_zero_and_tiny_values);
    RUN(test_integers_and_grouping);
    RUN(test_european_marks);
    RUN(test_prefix_suffix_and_sign);
    RUN(test_percent_scaling_is_exact);
    RUN(test_compact_units);
    RUN(test_truncation_and_length);
    RUN(test_nonfinite);
    RUN(test_same_under_a_comma_locale);
    return CHECK_EXIT();
}

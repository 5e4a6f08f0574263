/* Color parsing: every accepted form, exact 8-bit round trips and error text. */
#include "check.h"
#include "scene/color.h"

#include <locale.h>
#include <stdbool.h>

static rgba ok(const char *text)
{
    rgba c = { -1, -1, -1, -1 };
    char err[256] = "";
    bool r = color_parse(text, &c, err, sizeof err);
    if (!r) fprintf(stderr, "  \"%s\" rejected: %s\n", text, err);
    CHECK(r);
    return c;
}

static const char *bad(const char *text)
{
    static char err[256];
    rgba c = { 0.25, 0.25, 0.25, 0.25 };
    err[0] = '\0';
    CHECK(!color_parse(text, &c, err, sizeof err));
    CHECK(c.r == 0.25 && c.a == 0.25);   /* output untouched on failure */
    return err;
}

#define CHECK_U8(c, R, G, B, A) do { rgba c_ = (c); \
    CHECK_EQ_INT(color_to_u8(c_.r), R); CHECK_EQ_INT(color_to_u8(c_.g), G); \
    CHECK_EQ_INT(color_to_u8(c_.b), B); CHECK_EQ_INT(color_to_u8(c_.a), A); } while (0)

static void test_hex_forms(void)
{
    CHECK_U8(ok("#FF5A1F"), 255, 90, 31, 255);
    CHECK_U8(ok("#ff5a1f"), 255, 90, 31, 255);
    CHECK_U8(ok("#Ff5A1f"), 255, 90, 31, 255);
    CHECK_U8(ok("#FF5A1F80"), 255, 90, 31, 128);
    CHECK_U8(ok("#F53"), 255, 85, 51, 255);
    CHECK_U8(ok("#f538"), 255, 85, 51, 136);
    CHECK_U8(ok("#000"), 0, 0, 0, 255);
    CHECK_U8(ok("#00000000"), 0, 0, 0, 0);
    CHECK_U8(ok("  #123456  "), 0x12, 0x34, 0x56, 255);
    rgba c = ok("#FF5A1F80");
    CHECK(c.r == 1.0);
    CHECK(c.g == 90.0 / 255.0);
    CHECK(c.a == 128.0 / 255.0);
}

static void test_every_byte_round_trips(void)
{
    for (int v = 0; v < 256; v++) {
        char text[32];
        snprintf(text, sizeof text, "#%02X%02x%02X%02x", v, 255 - v, v, v);
        rgba c = ok(text);
        CHECK_U8(c, v, 255 - v, v, v);
        snprintf(text, sizeof text, "rgb(%d,%d,%d)", v, v, 255 - v);
        CHECK_U8(ok(text), v, v, 255 - v, 255);
    }
}

static void test_rgb_functions(void)
{
    CHECK_U8(ok("rgb(255, 90, 31)"), 255, 90, 31, 255);
    CHECK_U8(ok("rgb(255,90,31)"), 255, 90, 31, 255);
    CHECK_U8(ok("rgb( 255 ,  90 , 31 )"), 255, 90, 31, 255);
    CHECK_U8(ok("RGB(255, 90, 31)"), 255, 90, 31, 255);
    CHECK_U8(ok("rgba(255, 90, 31, 0.5)"), 255, 90, 31, 128);
    CHECK_U8(ok("rgba(255, 90, 31, 50%)"), 255, 90, 31, 128);
    CHECK_U8(ok("rgba(0, 0, 0, 0)"), 0, 0, 0, 0);
    CHECK_U8(ok("rgba(0, 0, 0, 1)"), 0, 0, 0, 255);
    CHECK_U8(ok("rgba(0, 0, 0, .25)"), 0, 0, 0, 64);
    CHECK_U8(ok("rgb(100%, 50%, 0%)"), 255, 128, 0, 255);
    CHECK_U8(ok("rgb(100%, 0, 20%)"), 255, 0, 51, 255);
    CHECK_U8(ok("rgb(127.5, 0, 0)"), 128, 0, 0, 255);
    CHECK_U8(ok("rgb(2.55e2, 0, 0)"), 255, 0, 0, 255);
    rgba c = ok("rgba(51, 102, 153, 0.2)");
    CHECK(c.r == 51.0 / 255.0 && c.g == 102.0 / 255.0 && c.b == 153.0 / 255.0);
    CHECK(c.a == 0.2);
    c = ok("rgb(50%, 50%, 50%)");
    CHECK(c.r == 0.5 && c.g == 0.5 && c.b == 0.5 && c.a == 1.0);
}

static void test_named(void)
{
    static const struct { const char *name; int r, g, b; } named[] = {
        { "black", 0, 0, 0 }, { "silver", 192, 192, 192 }, { "gray", 128, 128, 128 },
        { "white", 255, 255, 255 }, { "maroon", 128, 0, 0 }, { "red", 255, 0, 0 },
        { "purple", 128, 0, 128 }, { "fuchsia", 255, 0, 255 }, { "green", 0, 128, 0 },
        { "lime", 0, 255, 0 }, { "olive", 128, 128, 0 }, { "yellow", 255, 255, 0 },
        { "navy", 0, 0, 128 }, { "blue", 0, 0, 255 }, { "teal", 0, 128, 128 },
        { "aqua", 0, 255, 255 }, { "orange", 255, 165, 0 },
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        CHECK_U8(ok(named[i].name), named[i].r, named[i].g, named[i].b, 255);
    CHECK_U8(ok("White"), 255, 255, 255, 255);
    CHECK_U8(ok("ORANGE"), 255, 165, 0, 255);
    rgba t = ok("transparent");
    CHECK(t.r == 0 && t.g == 0 && t.b == 0 && t.a == 0);
    CHECK_U8(ok("Transparent"), 0, 0, 0, 0);
}

static void test_to_u8(void)
{
    CHECK_EQ_INT(color_to_u8(0.0), 0);
    CHECK_EQ_INT(color_to_u8(1.0), 255);
    CHECK_EQ_INT(color_to_u8(0.5), 128);          /* 127.5 rounds half up */
    CHECK_EQ_INT(color_to_u8(127.4 / 255.0), 127);
    CHECK_EQ_INT(color_to_u8(1.0 / 510.0), 1);    /* 0.5 -> 1 */
    CHECK_EQ_INT(color_to_u8(0.4 / 255.0), 0);
    CHECK_EQ_INT(color_to_u8(-0.3), 0);
    CHECK_EQ_INT(color_to_u8(1.7), 255);
    CHECK_EQ_INT(color_to_u8(254.6 / 255.0), 255);
    CHECK_EQ_INT(color_to_u8(NAN), 0);
    CHECK_EQ_INT(color_to_u8(INFINITY), 255);
    CHECK_EQ_INT(color_to_u8(-INFINITY), 0);
}

static void test_errors(void)
{
    CHECK_STR(bad("#FF5A1"),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"#FF5A1\"");
    CHECK_STR(bad("#GG0000"),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"#GG0000\"");
    CHECK_STR(bad("#"),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"#\"");
    CHECK_STR(bad(""),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"\"");
    CHECK_STR(bad("hsl(0, 100%, 50%)"),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"hsl(0, 100%, 50%)\"");
    CHECK_STR(bad("rgb(256, 0, 0)"),
              "rgb() red must be a number from 0 to 255 or a percentage from 0% to 100%, got \"256\"");
    CHECK_STR(bad("rgb(0, -1, 0)"),
              "rgb() green must be a number from 0 to 255 or a percentage from 0% to 100%, got \"-1\"");
    CHECK_STR(bad("rgb(0, 0, 101%)"),
              "rgb() blue must be a number from 0 to 255 or a percentage from 0% to 100%, got \"101%\"");
    CHECK_STR(bad("rgb(0, 0, )"),
              "rgb() blue must be a number from 0 to 255 or a percentage from 0% to 100%, got \"\"");
    CHECK_STR(bad("rgb(0x10, 0, 0)"),
              "rgb() red must be a number from 0 to 255 or a percentage from 0% to 100%, got \"0x10\"");
    CHECK_STR(bad("rgba(0, 0, 0, 1.5)"),
              "rgba() alpha must be a number from 0 to 1 or a percentage from 0% to 100%, got \"1.5\"");
    CHECK_STR(bad("rgba(0, 0, 0, 120%)"),
              "rgba() alpha must be a number from 0 to 1 or a percentage from 0% to 100%, got \"120%\"");
    CHECK_STR(bad("rgb(1, 2, 3, 0.5)"),
              "rgb() takes 3 values (red, green, blue), got \"rgb(1, 2, 3, 0.5)\"; use rgba() for alpha");
    CHECK_STR(bad("rgb(1, 2)"), "rgb() takes 3 values (red, green, blue), got \"rgb(1, 2)\"");
    CHECK_STR(bad("rgba(1, 2, 3)"), "rgba() takes 4 values (red, green, blue, alpha), got \"rgba(1, 2, 3)\"");
    CHECK_STR(bad("rgb(1, 2, 3"), "missing \")\" at the end of color \"rgb(1, 2, 3\"");
    CHECK_STR(bad("whtie"), "unknown color \"whtie\" (did you mean \"white\"?)");
    CHECK_STR(bad("grey"), "unknown color \"grey\" (did you mean \"gray\"?)");
    CHECK_STR(bad("chartreuse"),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got \"chartreuse\"");
    CHECK_STR(bad(NULL),
              "expected a color like \"#FF5A1F\", \"#FF5A1F80\" or \"rgba(255, 90, 31, 0.5)\", got nothing");

    rgba c;
    char tiny[9];
    CHECK(!color_parse("#12", &c, tiny, sizeof tiny));
    CHECK_STR(tiny, "expected");
    CHECK(!color_parse("#12", &c, NULL, 0));
}

static void test_locale_independent(void)
{
    const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE" };
    bool set = false;
    for (size_t i = 0; i < 4 && !set; i++) set = setlocale(LC_ALL, locales[i]) != NULL;
    rgba c = ok("rgba(0, 0, 0, 0.5)");
    CHECK(c.a == 0.5);
    if (set) setlocale(LC_ALL, "C");
}

int main(void)
{
    RUN(test_hex_forms);
    RUN(test_every_byte_round_trips);
    RUN(test_rgb_functions);
    RUN(test_named);
    RUN(test_to_u8);
    RUN(test_errors);
    RUN(test_locale_independent);
    return CHECK_EXIT();
}

/* Tests for util/json: values and their exact positions, every error message at
 * its exact line:column, string decoding, numbers, duplicate keys, the depth
 * limit, json_get / json_describe, and large inputs. */
#include "check.h"

#include "util/json.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_value *parse_ok(const char *text, size_t len, int line)
{
    json_error err = { 0, 0, "" };
    json_value *v = json_parse(text, len, &err);
    if (!v) {
        fprintf(stderr, "  %s:%d: parse failed at %d:%d: %s\n", __FILE__, line, err.line,
                err.column, err.message);
        check_failed_ = 1;
    }
    return v;
}

#define PARSE(text) parse_ok(text, strlen(text), __LINE__)

static void expect_error_n(const char *text, size_t len, int line, int column,
                           const char *message, int src_line)
{
    json_error err = { 0, 0, "" };
    json_value *v = json_parse(text, len, &err);
    if (v) {
        fprintf(stderr, "  %s:%d: parse succeeded, expected %d:%d %s\n", __FILE__, src_line, line,
                column, message);
        check_failed_ = 1;
        json_free(v);
        return;
    }
    if (err.line != line || err.column != column || strcmp(err.message, message) != 0) {
        fprintf(stderr, "  %s:%d: got %d:%d \"%s\", expected %d:%d \"%s\"\n", __FILE__, src_line,
                err.line, err.column, err.message, line, column, message);
        check_failed_ = 1;
    }
}

#define EXPECT_ERROR(text, line, column, message) \
    expect_error_n(text, strlen(text), line, column, message, __LINE__)
#define EXPECT_ERROR_N(text, len, line, column, message) \
    expect_error_n(text, len, line, column, message, __LINE__)

#define CHECK_POS(v, l, c) do { CHECK_EQ_INT((v)->line, l); CHECK_EQ_INT((v)->column, c); } while (0)

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_scalars(void)
{
    json_value *v = PARSE("null");
    if (v) {
        CHECK_EQ_INT(v->type, JSON_NULL);
        CHECK_POS(v, 1, 1);
    }
    json_free(v);

    v = PARSE("true");
    if (v) {
        CHECK_EQ_INT(v->type, JSON_BOOL);
        CHECK(v->u.boolean);
    }
    json_free(v);

    v = PARSE(" \n\t false \n");
    if (v) {
        CHECK_EQ_INT(v->type, JSON_BOOL);
        CHECK(!v->u.boolean);
        CHECK_POS(v, 2, 3);
    }
    json_free(v);

    v = PARSE("\"hi\"");
    if (v) {
        CHECK_EQ_INT(v->type, JSON_STRING);
        CHECK_STR(v->u.string.str, "hi");
        CHECK_EQ_INT(v->u.string.len, 2);
    }
    json_free(v);

    v = PARSE("-42.5");
    if (v) {
        CHECK_EQ_INT(v->type, JSON_NUMBER);
        CHECK(v->u.number == -42.5);
    }
    json_free(v);

    /* Only text[0..len) is read; the rest of the buffer is not looked at. */
    v = parse_ok("[1]garbage", 3, __LINE__);
    if (v)
        CHECK_EQ_INT(v->u.array.count, 1);
    json_free(v);
    json_free(NULL);
}

static void test_positions(void)
{
    const char *text =
        "{\n"
        "  \"a\": 1,\n"
        "  \"bb\": [true, null],\n"
        "\t\"c\": {\"d\": \"x\"}\n"
        "}\n";
    json_value *root = PARSE(text);
    if (!root)
        return;
    CHECK_POS(root, 1, 1);
    CHECK_EQ_INT(root->type, JSON_OBJECT);
    CHECK_EQ_INT(root->u.object.count, 3);
    if (root->u.object.count == 3) {
        json_member *m = root->u.object.members;
        CHECK_STR(m[0].key, "a");
        CHECK_EQ_INT(m[0].line, 2);
        CHECK_EQ_INT(m[0].column, 3);
        CHECK_POS(m[0].value, 2, 8);

        CHECK_STR(m[1].key, "bb");
        CHECK_EQ_INT(m[1].key_len, 2);
        CHECK_EQ_INT(m[1].line, 3);
        CHECK_EQ_INT(m[1].column, 3);
        const json_value *arr = m[1].value;
        CHECK_POS(arr, 3, 9);
        CHECK_EQ_INT(arr->u.array.count, 2);
        if (arr->u.array.count == 2) {
            CHECK_POS(arr->u.array.items[0], 3, 10);
            CHECK_POS(arr->u.array.items[1], 3, 16);
            CHECK_EQ_INT(arr->u.array.items[1]->type, JSON_NULL);
        }

        /* A tab counts as one column. */
        CHECK_EQ_INT(m[2].line, 4);
        CHECK_EQ_INT(m[2].column, 2);
        const json_value *inner = m[2].value;
        CHECK_POS(inner, 4, 7);
        if (inner->u.object.count == 1) {
            CHECK_EQ_INT(inner->u.object.members[0].line, 4);
            CHECK_EQ_INT(inner->u.object.members[0].column, 8);
            CHECK_POS(inner->u.object.members[0].value, 4, 13);
            CHECK_STR(inner->u.object.members[0].value->u.string.str, "x");
        }
    }
    json_free(root);

    /* CRLF is one line break, a lone CR counts as one too. */
    json_value *v = PARSE("[\r\n1,\r\n  2,\r3]");
    if (v && v->u.array.count == 3) {
        CHECK_POS(v->u.array.items[0], 2, 1);
        CHECK_POS(v->u.array.items[1], 3, 3);
        CHECK_POS(v->u.array.items[2], 4, 1);
    }
    json_free(v);

    /* Columns count bytes, so a two-byte character advances two columns. */
    v = PARSE("[\"\xC3\xA9\", 7]");
    if (v && v->u.array.count == 2)
        CHECK_POS(v->u.array.items[1], 1, 8);
    json_free(v);
}

static void test_byte_order_mark(void)
{
    json_value *v = PARSE("\xEF\xBB\xBF{\"a\": 1}");
    if (v) {
        CHECK_POS(v, 1, 1);
        CHECK_EQ_INT(v->u.object.members[0].column, 2);
        CHECK_POS(v->u.object.members[0].value, 1, 7);
    }
    json_free(v);
    /* The mark is not counted in error columns either. */
    EXPECT_ERROR("\xEF\xBB\xBF[1,]", 1, 3, "trailing comma before ']'");
    EXPECT_ERROR("\xEF\xBB\xBF", 1, 1, "unexpected end of input, expected a value");
    /* Only a leading mark is skipped. */
    EXPECT_ERROR(" \xEF\xBB\xBF" "1", 1, 2, "expected a value, got '\xEF\xBB\xBF'");
}

static void test_error_messages(void)
{
    EXPECT_ERROR("{\"a\": 1 x}", 1, 9, "expected ',' or '}' after an object member, got 'x'");
    EXPECT_ERROR("[1 2]", 1, 4, "expected ',' or ']' after an array element, got '2'");
    EXPECT_ERROR("{\"a\" 1}", 1, 6, "expected ':' after an object key, got '1'");
    EXPECT_ERROR("{a: 1}", 1, 2, "expected a quoted key or '}', got 'a'");
    EXPECT_ERROR("{\"a\": 1, b: 2}", 1, 10, "expected a quoted key after ',', got 'b'");
    EXPECT_ERROR("\"abc", 1, 5, "unterminated string");
    EXPECT_ERROR("[\n  \"abc", 2, 7, "unterminated string");
    EXPECT_ERROR("\"ab\\", 1, 5, "unterminated string");
    EXPECT_ERROR("\"ab\\u12", 1, 8, "unterminated string");
    EXPECT_ERROR("[\"ab\ncd\"]", 1, 5,
                 "unterminated string (line break before the closing quote)");
    EXPECT_ERROR("\"a\\qb\"", 1, 3, "invalid escape '\\q' in string");
    EXPECT_ERROR("\"a\\x41\"", 1, 3, "invalid escape '\\x' in string");
    EXPECT_ERROR("\"\\u12G4\"", 1, 2, "invalid \\u escape in string, expected 4 hex digits");
    EXPECT_ERROR("[1, 2,]", 1, 6, "trailing comma before ']'");
    EXPECT_ERROR("[1,\n\n]", 1, 3, "trailing comma before ']'");
    EXPECT_ERROR("{\"a\": 1,}", 1, 8, "trailing comma before '}'");
    EXPECT_ERROR("{\"opacity\": 1,\n \"opacity\": 2}", 2, 2, "duplicate key \"opacity\"");
    EXPECT_ERROR("\"\xC3\x28\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("1e309", 1, 1, "number out of range");
    EXPECT_ERROR("[0, -1e400]", 1, 5, "number out of range");
    EXPECT_ERROR("", 1, 1, "unexpected end of input, expected a value");
    EXPECT_ERROR("  \n ", 2, 2, "unexpected end of input, expected a value");
    EXPECT_ERROR("[1,\n", 2, 1, "unexpected end of input, expected a value");
    EXPECT_ERROR("{\"a\":", 1, 6, "unexpected end of input, expected a value");
    EXPECT_ERROR("[1", 1, 3, "unexpected end of input, expected ',' or ']'");
    EXPECT_ERROR("{\"a\": 1", 1, 8, "unexpected end of input, expected ',' or '}'");
    EXPECT_ERROR("{\"a\": 1,", 1, 9, "unexpected end of input, expected a quoted key");
    EXPECT_ERROR("{", 1, 2, "unexpected end of input, expected a quoted key or '}'");
    EXPECT_ERROR("{\"a\"", 1, 5, "unexpected end of input, expected ':'");
    EXPECT_ERROR("{} x", 1, 4, "unexpected text after the JSON value");
    EXPECT_ERROR("1 2", 1, 3, "unexpected text after the JSON value");
    EXPECT_ERROR("{\"a\":1}}", 1, 8, "unexpected text after the JSON value");
    EXPECT_ERROR("[1, // note\n 2]", 1, 5, "comments are not allowed in JSON");
    EXPECT_ERROR("/* head */ 1", 1, 1, "comments are not allowed in JSON");
    EXPECT_ERROR("{\"a\": 1 /* c */}", 1, 9, "comments are not allowed in JSON");
    EXPECT_ERROR("{ // c\n}", 1, 3, "comments are not allowed in JSON");
    EXPECT_ERROR("1 // trailing", 1, 3, "comments are not allowed in JSON");
    EXPECT_ERROR("NaN", 1, 1, "NaN and Infinity are not JSON numbers");
    EXPECT_ERROR("[Infinity]", 1, 2, "NaN and Infinity are not JSON numbers");
    EXPECT_ERROR("[1, -Infinity]", 1, 5, "NaN and Infinity are not JSON numbers");
    EXPECT_ERROR("+inf", 1, 1, "NaN and Infinity are not JSON numbers");
    EXPECT_ERROR("{\"x\": nan}", 1, 7, "NaN and Infinity are not JSON numbers");
}

static void test_number_errors(void)
{
    EXPECT_ERROR("01", 1, 1, "numbers cannot have leading zeros");
    EXPECT_ERROR("[-007]", 1, 3, "numbers cannot have leading zeros");
    EXPECT_ERROR("-", 1, 2, "unexpected end of input, expected a digit after '-'");
    EXPECT_ERROR("[-a]", 1, 3, "expected a digit after '-', got 'a'");
    EXPECT_ERROR("1.", 1, 3, "unexpected end of input, expected a digit after '.'");
    EXPECT_ERROR("[1.x]", 1, 4, "expected a digit after '.', got 'x'");
    EXPECT_ERROR("1e", 1, 3, "unexpected end of input, expected a digit in the exponent");
    EXPECT_ERROR("[1e+]", 1, 5, "expected a digit in the exponent, got ']'");
    EXPECT_ERROR("+1", 1, 1, "numbers cannot start with '+'");
    EXPECT_ERROR("[.5]", 1, 2, "numbers need a digit before '.'");
    EXPECT_ERROR("0x10", 1, 2, "unexpected text after the JSON value");
    EXPECT_ERROR("[1,5.]", 1, 6, "expected a digit after '.', got ']'");
}

static void test_other_errors(void)
{
    EXPECT_ERROR("True", 1, 1, "unknown word 'True', expected true, false or null");
    EXPECT_ERROR("[nul]", 1, 2, "unknown word 'nul', expected true, false or null");
    EXPECT_ERROR("{\n\t\"a\": tru\n}", 2, 7, "unknown word 'tru', expected true, false or null");
    EXPECT_ERROR("'a'", 1, 1, "strings must use double quotes");
    EXPECT_ERROR("{'a': 1}", 1, 2, "strings must use double quotes");
    EXPECT_ERROR("[1, \xFF]", 1, 5, "expected a value, got byte 0xFF");
    EXPECT_ERROR("[\xC3\xA9]", 1, 2, "expected a value, got '\xC3\xA9'");
    EXPECT_ERROR("[1, ']", 1, 5, "strings must use double quotes");
    EXPECT_ERROR("[}", 1, 2, "expected a value, got '}'");
    EXPECT_ERROR("[,1]", 1, 2, "expected a value, got ','");
    EXPECT_ERROR_N("[1,\0]", 5, 1, 4, "expected a value, got byte 0x00");
    EXPECT_ERROR("[1] /", 1, 5, "unexpected text after the JSON value");
    EXPECT_ERROR("\"a\tb\"", 1, 3, "tab character in string, write it as \\t");
    EXPECT_ERROR("\"a\x01" "b\"", 1, 3, "control character 0x01 in string must be escaped");
    EXPECT_ERROR_N("\"a\0b\"", 5, 1, 3, "control character 0x00 in string must be escaped");
    EXPECT_ERROR("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\"");
    /* Keys are compared after decoding escapes. */
    EXPECT_ERROR("{\"a\": 1, \"\\u0061\": 2}", 1, 10, "duplicate key \"a\"");
    /* Long keys are cut in the message. */
    EXPECT_ERROR("{\"abcdefghijabcdefghijabcdefghijabcdefghijXYZ\": 1,"
                 " \"abcdefghijabcdefghijabcdefghijabcdefghijXYZ\": 2}", 1, 52,
                 "duplicate key \"abcdefghijabcdefghijabcdefghijabcdefghij...\"");
}

static void test_strings(void)
{
    json_value *v = PARSE("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
    if (v) {
        CHECK_STR(v->u.string.str, "\"\\/\b\f\n\r\t");
        CHECK_EQ_INT(v->u.string.len, 8);
    }
    json_free(v);

    v = PARSE("\"caf\\u00e9 \\u20AC \\uD83D\\uDE00 \\ud834\\udd1e\"");
    if (v) {
        CHECK_STR(v->u.string.str, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF0\x9D\x84\x9E");
        CHECK_EQ_INT(v->u.string.len, 4 + 1 + 1 + 3 + 1 + 4 + 1 + 4);
    }
    json_free(v);

    /* Raw UTF-8 of every length passes through unchanged. */
    const char *raw = "\"A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"";
    v = PARSE(raw);
    if (v) {
        CHECK_EQ_INT(v->u.string.len, strlen(raw) - 2);
        CHECK(memcmp(v->u.string.str, raw + 1, strlen(raw) - 2) == 0);
    }
    json_free(v);

    v = PARSE("\"\\u0001\\u001F\\u007f\"");
    if (v) {
        CHECK_STR(v->u.string.str, "\x01\x1F\x7F");
    }
    json_free(v);

    v = PARSE("\"\"");
    if (v) {
        CHECK_STR(v->u.string.str, "");
        CHECK_EQ_INT(v->u.string.len, 0);
    }
    json_free(v);

    v = PARSE("{\"k\\n\\u00e9\": true}");
    if (v && v->u.object.count == 1) {
        CHECK_STR(v->u.object.members[0].key, "k\n\xC3\xA9");
        CHECK_EQ_INT(v->u.object.members[0].key_len, 4);
    }
    json_free(v);
}

static void test_string_rejections(void)
{
    EXPECT_ERROR("\"\\u0000\"", 1, 2, "\\u0000 is not allowed in strings");
    EXPECT_ERROR("\"ab\\uD800\"", 1, 4, "lone surrogate \\uD800 in string");
    EXPECT_ERROR("\"\\udbff x\"", 1, 2, "lone surrogate \\uDBFF in string");
    EXPECT_ERROR("\"\\uDC00\"", 1, 2, "lone surrogate \\uDC00 in string");
    EXPECT_ERROR("\"\\uD800\\u0041\"", 1, 2, "lone surrogate \\uD800 in string");
    EXPECT_ERROR("\"\\uD800\\uD800\"", 1, 2, "lone surrogate \\uD800 in string");
    EXPECT_ERROR("\"\\uD83D\\uDE00\\uDE00\"", 1, 14, "lone surrogate \\uDE00 in string");
    /* Overlong encodings. */
    EXPECT_ERROR("\"\xC0\x80\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xC1\xBF\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xE0\x80\x80\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xE0\x9F\xBF\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xF0\x80\x80\x80\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xF0\x8F\xBF\xBF\"", 1, 2, "invalid UTF-8 in string");
    /* UTF-16 surrogates encoded as UTF-8. */
    EXPECT_ERROR("\"ok\xED\xA0\x80\"", 1, 4, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xED\xBF\xBF\"", 1, 2, "invalid UTF-8 in string");
    /* Above U+10FFFF, and bytes that never start a character. */
    EXPECT_ERROR("\"\xF4\x90\x80\x80\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xF5\x80\x80\x80\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xFF\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"a\x80\"", 1, 3, "invalid UTF-8 in string");
    /* Truncated sequences. */
    EXPECT_ERROR("\"\xE2\x82\"", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xF0\x9F\x98", 1, 2, "invalid UTF-8 in string");
    EXPECT_ERROR("\"\xE2\x82\xACx\xC3\"", 1, 6, "invalid UTF-8 in string");
    /* The largest valid ones are fine. */
    json_value *v = PARSE("\"\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF\"");
    json_free(v);
}

static void test_numbers(void)
{
    json_value *v = PARSE("[1e308, -0, 0.1, 5e-324, 1E2, -12.5e-3, 0, 123456789, 1.5e+3,"
                          " 2.2250738585072014e-308, 1e-400]");
    if (!v || v->u.array.count != 11) {
        json_free(v);
        CHECK(false);
        return;
    }
    json_value **it = v->u.array.items;
    CHECK(it[0]->u.number == 1e308);
    CHECK(it[1]->u.number == 0 && signbit(it[1]->u.number));
    CHECK(same_bits(it[2]->u.number, 0.1));
    uint64_t one = 1;
    double smallest;
    memcpy(&smallest, &one, sizeof smallest);
    CHECK(same_bits(it[3]->u.number, smallest));
    CHECK(it[4]->u.number == 100.0);
    CHECK(it[5]->u.number == -0.0125);
    CHECK(it[6]->u.number == 0 && !signbit(it[6]->u.number));
    CHECK(it[7]->u.number == 123456789.0);
    CHECK(it[8]->u.number == 1500.0);
    CHECK(same_bits(it[9]->u.number, 2.2250738585072014e-308));
    CHECK(it[10]->u.number == 0.0);
    for (size_t i = 0; i < v->u.array.count; i++)
        CHECK_EQ_INT(it[i]->type, JSON_NUMBER);
    CHECK_POS(it[1], 1, 9);
    json_free(v);

    EXPECT_ERROR("1e309", 1, 1, "number out of range");
    EXPECT_ERROR("{\"x\":\n  -1.8e308}", 2, 3, "number out of range");
}

static char *nested(int depth, const char *open, const char *close, const char *inner)
{
    size_t o = strlen(open), c = strlen(close), i = strlen(inner);
    char *s = malloc((size_t)depth * (o + c) + i + 1);
    if (!s)
        return NULL;
    char *w = s;
    for (int d = 0; d < depth; d++, w += o)
        memcpy(w, open, o);
    memcpy(w, inner, i);
    w += i;
    for (int d = 0; d < depth; d++, w += c)
        memcpy(w, close, c);
    *w = '\0';
    return s;
}

static void test_depth_limit(void)
{
    char *ok = nested(64, "[", "]", "1");
    json_value *v = ok ? PARSE(ok) : NULL;
    CHECK(v != NULL);
    /* Walk down to the innermost value. */
    const json_value *cur = v;
    int levels = 0;
    while (cur && cur->type == JSON_ARRAY && cur->u.array.count == 1) {
        cur = cur->u.array.items[0];
        levels++;
    }
    CHECK_EQ_INT(levels, 64);
    if (cur) {
        CHECK_EQ_INT(cur->type, JSON_NUMBER);
        CHECK_POS(cur, 1, 65);
    }
    json_free(v);
    free(ok);

    char *deep = nested(65, "[", "]", "1");
    if (deep)
        EXPECT_ERROR(deep, 1, 65, "nesting deeper than 64 levels");
    free(deep);

    /* Objects count the same, and so do mixtures. */
    char *objs = nested(64, "{\"k\":", "}", "{}");
    if (objs)
        EXPECT_ERROR(objs, 1, 5 * 64 + 1, "nesting deeper than 64 levels");
    free(objs);
    objs = nested(63, "{\"k\":", "}", "[]");
    v = objs ? PARSE(objs) : NULL;
    CHECK(v != NULL);
    json_free(v);
    free(objs);

    /* Very deep input fails fast at level 65 instead of recursing further. */
    char *huge = nested(200000, "[", "]", "");
    if (huge)
        EXPECT_ERROR(huge, 1, 65, "nesting deeper than 64 levels");
    free(huge);
}

static void test_member_order_and_get(void)
{
    json_value *v = PARSE("{\"z\": 1, \"a\": 2, \"m\": {\"inner\": \"x\"}, \"\": null}");
    if (!v)
        return;
    CHECK_EQ_INT(v->u.object.count, 4);
    if (v->u.object.count == 4) {
        CHECK_STR(v->u.object.members[0].key, "z");
        CHECK_STR(v->u.object.members[1].key, "a");
        CHECK_STR(v->u.object.members[2].key, "m");
        CHECK_STR(v->u.object.members[3].key, "");
    }
    const json_value *a = json_get(v, "a");
    CHECK(a && a->type == JSON_NUMBER && a->u.number == 2.0);
    const json_value *m = json_get(v, "m");
    CHECK(m && m->type == JSON_OBJECT);
    const json_value *inner = json_get(m, "inner");
    CHECK(inner && strcmp(inner->u.string.str, "x") == 0);
    const json_value *empty = json_get(v, "");
    CHECK(empty && empty->type == JSON_NULL);
    CHECK(json_get(v, "missing") == NULL);
    CHECK(json_get(v, "inner") == NULL);
    CHECK(json_get(v, "zz") == NULL);
    CHECK(json_get(inner, "x") == NULL);
    CHECK(json_get(NULL, "a") == NULL);
    json_free(v);

    v = PARSE("[{\"a\": 1}]");
    CHECK(v && json_get(v, "a") == NULL);
    json_free(v);
}

static void test_type_names(void)
{
    CHECK_STR(json_type_name(JSON_NULL), "null");
    CHECK_STR(json_type_name(JSON_BOOL), "boolean");
    CHECK_STR(json_type_name(JSON_NUMBER), "number");
    CHECK_STR(json_type_name(JSON_STRING), "string");
    CHECK_STR(json_type_name(JSON_ARRAY), "array");
    CHECK_STR(json_type_name(JSON_OBJECT), "object");
}

static void describe_first(const char *text, const char *expected, size_t size, int line)
{
    json_value *v = parse_ok(text, strlen(text), line);
    if (!v)
        return;
    char buf[128];
    memset(buf, 'Z', sizeof buf);
    json_describe(v, buf, size);
    if (strcmp(buf, expected) != 0) {
        fprintf(stderr, "  %s:%d: json_describe(%s) == \"%s\", expected \"%s\"\n", __FILE__, line,
                text, buf, expected);
        check_failed_ = 1;
    }
    json_free(v);
}

#define DESCRIBE(text, expected) describe_first(text, expected, 128, __LINE__)

static void test_describe(void)
{
    DESCRIBE("null", "null");
    DESCRIBE("true", "true");
    DESCRIBE("false", "false");
    DESCRIBE("0.1", "0.1");
    DESCRIBE("-3.0", "-3");
    DESCRIBE("1e21", "1e+21");
    DESCRIBE("100", "100");
    DESCRIBE("0.30000000000000004", "0.30000000000000004");
    DESCRIBE("\"hi\"", "\"hi\"");
    DESCRIBE("\"\"", "\"\"");
    DESCRIBE("\"say \\\"x\\\"\\n\"", "\"say \\\"x\\\"\\n\"");
    DESCRIBE("\"\\u0001\"", "\"\\u0001\"");
    DESCRIBE("[1, 2]", "an array");
    DESCRIBE("[]", "an array");
    DESCRIBE("{\"a\": 1}", "an object");
    /* Exactly 40 bytes are shown whole; longer strings are cut with "...". */
    DESCRIBE("\"0123456789012345678901234567890123456789\"",
             "\"0123456789012345678901234567890123456789\"");
    DESCRIBE("\"0123456789012345678901234567890123456789X\"",
             "\"0123456789012345678901234567890123456789...\"");
    /* The cut never splits a UTF-8 character. */
    DESCRIBE("\"012345678901234567890123456789012345678\xC3\xA9\"",
             "\"012345678901234567890123456789012345678...\"");
    DESCRIBE("\"01234567890123456789012345678901234567\xC3\xA9x\"",
             "\"01234567890123456789012345678901234567\xC3\xA9...\"");
    /* Small buffers are cut and still terminated. */
    describe_first("[1]", "an a", 5, __LINE__);
    describe_first("\"hello\"", "\"he", 4, __LINE__);
    describe_first("0.30000000000000004", "0.3", 4, __LINE__);
    describe_first("true", "", 1, __LINE__);

    char buf[16] = "untouched";
    json_describe(NULL, buf, sizeof buf);
    CHECK_STR(buf, "nothing");
    json_describe(NULL, buf, 0);    /* size 0: nothing written, no crash */
    CHECK_STR(buf, "nothing");
}

static void test_error_left_alone_on_success(void)
{
    json_error err = { 7, 9, "before" };
    json_value *v = json_parse("{\"a\": [1, 2, 3]}", 16, &err);
    CHECK(v != NULL);
    CHECK_EQ_INT(err.line, 7);
    CHECK_EQ_INT(err.column, 9);
    CHECK_STR(err.message, "before");
    json_free(v);

    /* A NULL text is an empty document. */
    EXPECT_ERROR_N(NULL, 0, 1, 1, "unexpected end of input, expected a value");
}

/* Appends to a growing buffer; the tests stop on allocation failure. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

static void put(text_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            fprintf(stderr, "  out of memory building test input\n");
            exit(2);
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
}

static void test_large_object_duplicates(void)
{
    enum { MEMBERS = 100000 };
    text_buf b = { 0 };
    char piece[64];
    put(&b, "{");
    for (int i = 0; i < MEMBERS; i++) {
        snprintf(piece, sizeof piece, "%s\"key%d\": %d", i ? ", " : "", i, i);
        put(&b, piece);
    }
    put(&b, "}");
    json_value *v = parse_ok(b.data, b.len, __LINE__);
    if (v) {
        CHECK_EQ_INT(v->u.object.count, MEMBERS);
        const json_value *last = json_get(v, "key99999");
        CHECK(last && last->u.number == 99999.0);
        CHECK_STR(v->u.object.members[12345].key, "key12345");
    }
    json_free(v);

    /* The same object with a repeat of an early key at the very end. */
    b.len--;
    size_t dup_column = b.len + 3;
    put(&b, ", \"key17\": 0}");
    EXPECT_ERROR_N(b.data, b.len, 1, (int)dup_column, "duplicate key \"key17\"");
    free(b.data);

    /* Many sibling objects at one depth, each large enough to use the index and
     * all with the same keys: none of them may see another's keys. */
    text_buf s = { 0 };
    put(&s, "[");
    for (int o = 0; o < 50; o++) {
        put(&s, o ? ",{" : "{");
        for (int i = 0; i < 40; i++) {
            snprintf(piece, sizeof piece, "%s\"k%d\": {\"k%d\": %d}", i ? "," : "", i, i, o);
            put(&s, piece);
        }
        put(&s, "}");
    }
    put(&s, "]");
    v = parse_ok(s.data, s.len, __LINE__);
    if (v) {
        CHECK_EQ_INT(v->u.array.count, 50);
        const json_value *k39 = json_get(v->u.array.items[49], "k39");
        CHECK(k39 && json_get(k39, "k39") && json_get(k39, "k39")->u.number == 49.0);
    }
    json_free(v);

    /* A big object, then a smaller sibling that reuses the index: its keys are
     * all ones the big object had, yet only its own repeat counts. */
    s.len = 0;
    put(&s, "[{");
    for (int i = 0; i < 300; i++) {
        snprintf(piece, sizeof piece, "%s\"k%d\": %d", i ? ", " : "", i, i);
        put(&s, piece);
    }
    put(&s, "},\n{");
    for (int i = 0; i < 20; i++) {
        snprintf(piece, sizeof piece, "\"k%d\": %d, ", i, i);
        put(&s, piece);
    }
    size_t small_col = s.len - (size_t)(strchr(s.data, '\n') - s.data);
    put(&s, "\"k19\": 0}]");
    EXPECT_ERROR_N(s.data, s.len, 2, (int)small_col, "duplicate key \"k19\"");
    s.len -= strlen("\"k19\": 0}]");
    put(&s, "\"k20\": 0}]");
    v = parse_ok(s.data, s.len, __LINE__);
    json_free(v);

    /* A duplicate in the 30th member of one of those objects is still found. */
    s.len = 0;
    put(&s, "[{\"a\": 1}, {");
    for (int i = 0; i < 30; i++) {
        snprintf(piece, sizeof piece, "\"k%d\": %d, ", i, i);
        put(&s, piece);
    }
    size_t col = s.len + 1;
    put(&s, "\"k3\": 0}]");
    EXPECT_ERROR_N(s.data, s.len, 1, (int)col, "duplicate key \"k3\"");
    free(s.data);
}

static void test_large_document(void)
{
    /* About 8 MB of mixed content over many lines. */
    text_buf b = { 0 };
    char piece[160];
    put(&b, "[\n");
    int records = 60000;
    for (int i = 0; i < records; i++) {
        snprintf(piece, sizeof piece,
                 "%s{\"id\": %d, \"name\": \"clip \\u00e9 %d\", \"t\": [%d.25, -1e-3, true, null],"
                 " \"tags\": {\"a\": \"x\", \"b\": []}}",
                 i ? ",\n" : "", i, i, i);
        put(&b, piece);
    }
    put(&b, "\n]\n");
    json_value *v = parse_ok(b.data, b.len, __LINE__);
    if (v) {
        CHECK_EQ_INT(v->u.array.count, (size_t)records);
        const json_value *last = v->u.array.items[records - 1];
        CHECK_POS(last, records + 1, 1);
        const json_value *name = json_get(last, "name");
        CHECK(name && strcmp(name->u.string.str, "clip \xC3\xA9 59999") == 0);
        const json_value *t = json_get(last, "t");
        CHECK(t && t->u.array.count == 4 && t->u.array.items[0]->u.number == 59999.25);
    }
    json_free(v);

    /* An error near the end of the big document is placed exactly. */
    b.len -= 3;
    size_t line_start = b.len;
    while (line_start > 0 && b.data[line_start - 1] != '\n')
        line_start--;
    int comma_column = (int)(b.len - line_start) + 1;
    put(&b, ",\n]\n");
    EXPECT_ERROR_N(b.data, b.len, records + 1, comma_column, "trailing comma before ']'");
    free(b.data);
}

int main(void)
{
    RUN(test_scalars);
    RUN(test_positions);
    RUN(test_byte_order_mark);
    RUN(test_error_messages);
    RUN(test_number_errors);
    RUN(test_other_errors);
    RUN(test_strings);
    RUN(test_string_rejections);
    RUN(test_numbers);
    RUN(test_depth_limit);
    RUN(test_member_order_and_get);
    RUN(test_type_names);
    RUN(test_describe);
    RUN(test_error_left_alone_on_success);
    RUN(test_large_object_duplicates);
    RUN(test_large_document);
    return CHECK_EXIT();
}

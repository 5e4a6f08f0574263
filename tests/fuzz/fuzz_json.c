/* Fuzz target: the JSON reader (src/util/json.h).
 *
 * Any bytes either parse or fail with a position inside the input and a
 * message. A parsed tree holds only what RFC 8259 allows as the reader
 * promises it (finite numbers; keys and strings that are valid UTF-8 without
 * NUL), json_get finds every key, json_describe always terminates its buffer,
 * and the tree survives a round trip: written back out as JSON and parsed
 * again, it is the same tree, bit for bit. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/json.h"

/* ---- an independent UTF-8 check (RFC 3629) ---- */

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += len;
    }
    return true;
}

/* ---- writing a tree back out ---- */

typedef struct buffer {
    char *data;
    size_t len, cap;
} buffer;

static void put(buffer *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = realloc(b->data, cap);
        FUZZ_CHECK(b->data != NULL);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void put_string(buffer *b, const char *s, size_t n)
{
    put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(b, esc, 6);
        } else {
            put(b, (const char *)&s[i], 1);
        }
    }
    put(b, "\"", 1);
}

static void write_value(buffer *b, const json_value *v)
{
    char num[40];
    switch (v->type) {
    case JSON_NULL: put(b, "null", 4); break;
    case JSON_BOOL: v->u.boolean ? put(b, "true", 4) : put(b, "false", 5); break;
    case JSON_NUMBER:
        /* 17 significant digits read back as the same double. */
        put(b, num, (size_t)snprintf(num, sizeof num, "%.17g", v->u.number));
        break;
    case JSON_STRING: put_string(b, v->u.string.str, v->u.string.len); break;
    case JSON_ARRAY:
        put(b, "[", 1);
        for (size_t i = 0; i < v->u.array.count; i++) {
            if (i)
                put(b, ",", 1);
            write_value(b, v->u.array.items[i]);
        }
        put(b, "]", 1);
        break;
    case JSON_OBJECT:
        put(b, "{", 1);
        for (size_t i = 0; i < v->u.object.count; i++) {
            if (i)
                put(b, ",", 1);
            put_string(b, v->u.object.members[i].key, v->u.object.members[i].key_len);
            put(b, ":", 1);
            write_value(b, v->u.object.members[i].value);
        }
        put(b, "}", 1);
        break;
    }
}

/* ---- checks ---- */

static void check_describe(const json_value *v)
{
    static const size_t sizes[] = {1, 2, 7, 48, 200};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char buf[200];
        memset(buf, 'x', sizeof buf);
        json_describe(v, buf, sizes[i]);
        FUZZ_CHECK(memchr(buf, '\0', sizes[i]) != NULL);
    }
}

static void check_tree(const json_value *v, int depth)
{
    FUZZ_CHECK(depth <= JSON_MAX_DEPTH);
    FUZZ_CHECK(v->line >= 1 && v->column >= 1);
    check_describe(v);
    switch (v->type) {
    case JSON_NUMBER:
        FUZZ_CHECK(isfinite(v->u.number));
        break;
    case JSON_STRING:
        FUZZ_CHECK(strlen(v->u.string.str) == v->u.string.len);
        FUZZ_CHECK(valid_utf8((const unsigned char *)v->u.string.str, v->u.string.len));
        break;
    case JSON_ARRAY:
        for (size_t i = 0; i < v->u.array.count; i++)
            check_tree(v->u.array.items[i], depth + 1);
        break;
    case JSON_OBJECT:
        for (size_t i = 0; i < v->u.object.count; i++) {
            const json_member *m = &v->u.object.members[i];
            FUZZ_CHECK(strlen(m->key) == m->key_len);
            FUZZ_CHECK(valid_utf8((const unsigned char *)m->key, m->key_len));
            FUZZ_CHECK(m->line >= 1 && m->column >= 1);
            /* Keys are unique, so json_get finds this very member. */
            FUZZ_CHECK(json_get(v, m->key) == m->value);
            check_tree(m->value, depth + 1);
        }
        break;
    case JSON_NULL:
    case JSON_BOOL:
        break;
    }
}

static bool same_tree(const json_value *a, const json_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case JSON_NULL: return true;
    case JSON_BOOL: return a->u.boolean == b->u.boolean;
    case JSON_NUMBER: return memcmp(&a->u.number, &b->u.number, sizeof a->u.number) == 0;
    case JSON_STRING:
        return a->u.string.len == b->u.string.len &&
               memcmp(a->u.string.str, b->u.string.str, a->u.string.len) == 0;
    case JSON_ARRAY:
        if (a->u.array.count != b->u.array.count)
            return false;
        for (size_t i = 0; i < a->u.array.count; i++)
            if (!same_tree(a->u.array.items[i], b->u.array.items[i]))
                return false;
        return true;
    case JSON_OBJECT:
        if (a->u.object.count != b->u.object.count)
            return false;
        for (size_t i = 0; i < a->u.object.count; i++) {
            const json_member *x = &a->u.object.members[i], *y = &b->u.object.members[i];
            if (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len) != 0 ||
                !same_tree(x->value, y->value))
                return false;
        }
        return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error err;
    memset(&err, 0, sizeof err);
    json_value *root = json_parse((const char *)data, size, &err);
    if (!root) {
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
                lines++;
        FUZZ_CHECK(err.line >= 1 && (size_t)err.line <= lines);
        FUZZ_CHECK(err.column >= 1 && (size_t)err.column <= size + 1);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        return 0;
    }
    check_tree(root, 0);

    buffer out = {0};
    write_value(&out, root);
    json_error err2;
    json_value *again = json_parse(out.data, out.len, &err2);
    if (!again)
        fprintf(stderr, "round trip failed at %d:%d: %s\n", err2.line, err2.column, err2.message);
    FUZZ_CHECK(again != NULL);
    FUZZ_CHECK(same_tree(root, again));
    json_free(again);
    free(out.data);
    json_free(root);
    return 0;
}

/* A strict JSON (RFC 8259) reader that remembers where every value came from.
 *
 * Why our own: scene errors must name line:column for syntax and the JSON Pointer
 * of a value for meaning, numbers must parse the same under every locale, and the
 * scene loader needs member order and positions. The tree is immutable once parsed
 * and may be read from several threads. */
#ifndef REEL_JSON_H
#define REEL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_MAX_DEPTH 64

typedef enum json_type {
    JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
} json_type;

typedef struct json_value json_value;

typedef struct json_member {
    const char *key;        /* NUL-terminated UTF-8; never contains NUL */
    size_t key_len;
    json_value *value;
    int line, column;       /* position of the key's opening quote, 1-based */
} json_member;

struct json_value {
    json_type type;
    int line, column;       /* position of the value's first character, 1-based;
                               column counts bytes */
    union {
        bool boolean;
        double number;      /* finite; parsed locale-independently, correctly rounded */
        struct { const char *str; size_t len; } string;   /* NUL-terminated UTF-8 */
        struct { json_value **items; size_t count; } array;
        struct { json_member *members; size_t count; } object;  /* in document order */
    } u;
};

typedef struct json_error {
    int line, column;       /* where the problem is, 1-based */
    char message[200];      /* e.g. "expected ',' or '}' after an object member, got 'x'" */
} json_error;

/* Parses text[0..len). On success returns the root (free with json_free) and
 * leaves err untouched; on failure returns NULL and fills err (never NULL err).
 * Rejects: trailing commas, comments, NaN/Infinity, numbers that overflow a
 * double, invalid UTF-8, lone surrogates, \u0000, duplicate keys in an object,
 * nesting deeper than JSON_MAX_DEPTH, and anything after the root value.
 * A leading UTF-8 byte order mark is skipped. */
json_value *json_parse(const char *text, size_t len, json_error *err);

/* Frees a tree from json_parse; NULL is fine. */
void json_free(json_value *v);

/* The member value for key in an object, or NULL (also when obj is not an object). */
const json_value *json_get(const json_value *obj, const char *key);

/* "null", "boolean", "number", "string", "array", "object". */
const char *json_type_name(json_type t);

/* Writes a short human rendering of v for error messages: strings quoted and
 * cut to about 40 bytes with "...", numbers in shortest round-trip form,
 * arrays/objects as "an array"/"an object". Always NUL-terminates. */
void json_describe(const json_value *v, char *buf, size_t size);

#endif

/* Strict RFC 8259 JSON reader that records the source position of every value.
 *
 * A recursive-descent parser: recursion only happens for arrays and objects,
 * and the depth limit is checked before each descent, so the C stack never
 * holds more than JSON_MAX_DEPTH container frames. Every node, string and child
 * list lives in one arena owned by the root, so json_free is a walk over a few
 * large blocks and the tree is never mutated after json_parse returns.
 * Children are collected on shared scratch stacks while their container is
 * open and copied into the arena once its size is known; together with a
 * hash index for large objects this keeps parsing linear in the input size.
 * On the first problem the parser stops and reports one short, specific
 * message at the exact line:column (columns count bytes). */
#include "util/json.h"

#include "util/numparse.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- arena -- */

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
} arena_block;

#define ARENA_ALIGN _Alignof(max_align_t)
#define BLOCK_HEADER ((sizeof(arena_block) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))
#define ARENA_FIRST_BLOCK ((size_t)16 * 1024)
#define ARENA_MAX_BLOCK ((size_t)8 * 1024 * 1024)

typedef struct arena {
    arena_block *head;      /* the block being filled; the others are full */
    size_t next_size;
} arena;

static void *block_data(arena_block *b)
{
    return (char *)b + BLOCK_HEADER;
}

static void *arena_alloc(arena *a, size_t size, size_t align)
{
    arena_block *b = a->head;
    if (b) {
        size_t offset = (b->used + align - 1) & ~(align - 1);
        if (offset <= b->size && size <= b->size - offset) {
            b->used = offset + size;
            return (char *)block_data(b) + offset;
        }
    }
    if (size > SIZE_MAX - BLOCK_HEADER - ARENA_ALIGN)
        return NULL;
    if (a->next_size == 0)
        a->next_size = ARENA_FIRST_BLOCK;

    /* Big requests get a block of their own, linked behind the current one so
     * the space left in the current block is still used. */
    bool dedicated = size > a->next_size / 4;
    size_t capacity = dedicated ? size : a->next_size;
    arena_block *nb = malloc(BLOCK_HEADER + capacity);
    if (!nb)
        return NULL;
    nb->size = capacity;
    nb->used = size;            /* block data starts max-aligned */
    if (dedicated && b) {
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        a->head = nb;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    return block_data(nb);
}

static void arena_release(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* The root value is the first member, so json_free can get from the root back
 * to the arena that holds everything (the document itself lives in it too). */
typedef struct json_document {
    json_value root;
    arena arena;
} json_document;

/* --------------------------------------------------------- parser state -- */

/* Objects with fewer members are checked for duplicate keys by a plain scan;
 * larger ones switch to a hash index so 100k-member objects stay linear. */
#define SMALL_OBJECT 16

typedef struct key_slot {
    uint32_t member;        /* index within the open object + 1; 0 = empty */
    uint32_t tag;           /* high hash bits: most mismatches never touch the key */
} key_slot;

/* One index per nesting depth: objects at the same depth are never open at the
 * same time. Each object clears and uses only as many slots as its own size
 * needs, so a huge object doesn't make later small ones slow. */
typedef struct key_index {
    key_slot *slots;
    size_t allocated;       /* slots available in the buffer */
    size_t capacity;        /* slots used by the open object: a power of two */
} key_index;

typedef struct src_pos {
    int line, column;
} src_pos;

typedef struct parser {
    const unsigned char *text;
    size_t len, pos;
    size_t line, line_start;    /* current line number and where it begins */
    json_error *err;
    arena arena;

    json_value **items;         /* elements of the open arrays, innermost last */
    size_t item_count, item_capacity;
    json_member *members;       /* members of the open objects, innermost last */
    size_t member_count, member_capacity;
    char *str;                  /* the string being decoded */
    size_t str_len, str_capacity;

    key_index keys[JSON_MAX_DEPTH + 1];
} parser;

static int clamp_int(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* Position of byte offset `at` on the current line. */
static src_pos pos_at(const parser *p, size_t at)
{
    src_pos where = { clamp_int(p->line), clamp_int(at - p->line_start + 1) };
    return where;
}

static src_pos here(const parser *p)
{
    return pos_at(p, p->pos);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail(parser *p, src_pos where, const char *fmt, ...)
{
    p->err->line = where.line;
    p->err->column = where.column;
    va_list args;
    va_start(args, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, args);
    va_end(args);
    return false;
}

static bool out_of_memory(parser *p)
{
    return fail(p, here(p), "out of memory");
}

static void skip_whitespace(parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->text[p->pos];
        if (c == ' ' || c == '\t') {
            p->pos++;
        } else if (c == '\n' || c == '\r') {
            /* "\r\n" is one line break; a lone '\r' counts as one too. */
            p->pos++;
            if (c == '\r' && p->pos < p->len && p->text[p->pos] == '\n')
                p->pos++;
            p->line++;
            p->line_start = p->pos;
        } else {
            break;
        }
    }
}

/* Bytes in the well-formed UTF-8 sequence at s[0..avail) (RFC 3629: no
 * overlongs, no UTF-16 surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;     /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;           /* overlong below U+0800 */
        if (c == 0xED) hi = 0x9F;           /* U+D800..U+DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;           /* overlong below U+10000 */
        if (c == 0xF4) hi = 0x8F;           /* above U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* How an unexpected byte is shown in "got ..." messages. */
static void describe_byte_at(const parser *p, size_t at, char *out, size_t size)
{
    unsigned char c = p->text[at];
    if (c == '\'') {
        snprintf(out, size, "\"'\"");
    } else if (c > 0x20 && c < 0x7F) {
        snprintf(out, size, "'%c'", c);
    } else if (c >= 0x80) {
        size_t n = utf8_sequence_length(p->text + at, p->len - at);
        if (n > 0)
            snprintf(out, size, "'%.*s'", (int)n, (const char *)p->text + at);
        else
            snprintf(out, size, "byte 0x%02X", c);
    } else {
        snprintf(out, size, "byte 0x%02X", c);
    }
}

static bool at_comment(const parser *p)
{
    return p->pos + 1 < p->len && p->text[p->pos] == '/' &&
           (p->text[p->pos + 1] == '/' || p->text[p->pos + 1] == '*');
}

/* The error for "something else was here": end of input, a comment, or a
 * stray character, which is quoted. */
static bool fail_expected(parser *p, const char *expected, const char *context)
{
    if (p->pos >= p->len)
        return fail(p, here(p), "unexpected end of input, expected %s", expected);
    if (at_comment(p))
        return fail(p, here(p), "comments are not allowed in JSON");
    char got[32];
    describe_byte_at(p, p->pos, got, sizeof got);
    return fail(p, here(p), "expected %s%s, got %s", expected, context, got);
}

/* Writes s quoted, with quotes, backslashes and control characters escaped,
 * cut after about max_bytes bytes (on a character boundary) with "...". */
static void quote_text(char *buf, size_t size, const char *s, size_t len, size_t max_bytes)
{
    if (size == 0)
        return;
    size_t shown = len;
    bool cut = false;
    if (len > max_bytes) {
        shown = max_bytes;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80)
            shown--;        /* don't split a UTF-8 sequence */
        cut = true;
    }
    size_t out = 0;
    /* Appends text, truncating at the end of buf. */
#define PUT(text) do { const char *t_ = (text); \
        while (*t_ && out + 1 < size) buf[out++] = *t_++; } while (0)
    PUT("\"");
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)s[i];
        char piece[8];
        switch (c) {
        case '"': PUT("\\\""); break;
        case '\\': PUT("\\\\"); break;
        case '\n': PUT("\\n"); break;
        case '\r': PUT("\\r"); break;
        case '\t': PUT("\\t"); break;
        default:
            if (c < 0x20) {
                snprintf(piece, sizeof piece, "\\u%04X", c);
            } else {
                piece[0] = (char)c;
                piece[1] = '\0';
            }
            PUT(piece);
        }
    }
    if (cut)
        PUT("...");
    PUT("\"");
#undef PUT
    buf[out] = '\0';
}

/* --------------------------------------------------------- growth helpers -- */

/* Makes room for `more` elements of `elem` bytes in a doubling scratch array. */
static bool reserve(void **array, size_t *capacity, size_t count, size_t more, size_t elem)
{
    if (count + more <= *capacity)
        return true;
    size_t want = *capacity ? *capacity : 64;
    while (want < count + more) {
        if (want > SIZE_MAX / 2 / elem)
            return false;
        want *= 2;
    }
    void *grown = realloc(*array, want * elem);
    if (!grown)
        return false;
    *array = grown;
    *capacity = want;
    return true;
}

static bool append_bytes(parser *p, const void *bytes, size_t n)
{
    if (!reserve((void **)&p->str, &p->str_capacity, p->str_len, n, 1))
        return out_of_memory(p);
    memcpy(p->str + p->str_len, bytes, n);
    p->str_len += n;
    return true;
}

static bool append_code_point(parser *p, uint32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return append_bytes(p, u, n);
}

/* -------------------------------------------------------------- strings -- */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

typedef enum hex_result { HEX_OK, HEX_BAD, HEX_TRUNCATED } hex_result;

/* Reads the four hex digits of a \u escape starting at offset at. */
static hex_result read_hex4(const parser *p, size_t at, uint32_t *out)
{
    uint32_t v = 0;
    for (size_t i = 0; i < 4; i++) {
        if (at + i >= p->len)
            return HEX_TRUNCATED;
        int h = hex_value(p->text[at + i]);
        if (h < 0)
            return HEX_BAD;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return HEX_OK;
}

/* Decodes the \u escape at p->text[at] (the backslash), including a following
 * low surrogate, and returns the bytes it used in *used. */
static bool decode_unicode_escape(parser *p, size_t at, size_t *used)
{
    uint32_t cp;
    hex_result r = read_hex4(p, at + 2, &cp);
    if (r == HEX_TRUNCATED) {
        p->pos = p->len;
        return fail(p, here(p), "unterminated string");
    }
    if (r == HEX_BAD)
        return fail(p, pos_at(p, at), "invalid \\u escape in string, expected 4 hex digits");
    if (cp == 0)
        return fail(p, pos_at(p, at), "\\u0000 is not allowed in strings");
    *used = 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(p, pos_at(p, at), "lone surrogate \\u%04X in string", (unsigned)cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low;
        if (at + 7 < p->len && p->text[at + 6] == '\\' && p->text[at + 7] == 'u' &&
            read_hex4(p, at + 8, &low) == HEX_OK && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            *used = 12;
        } else {
            return fail(p, pos_at(p, at), "lone surrogate \\u%04X in string", (unsigned)cp);
        }
    }
    return append_code_point(p, cp);
}

static bool decode_escape(parser *p, size_t at, size_t *used)
{
    if (at + 1 >= p->len) {
        p->pos = p->len;
        return fail(p, here(p), "unterminated string");
    }
    unsigned char e = p->text[at + 1];
    char c;
    switch (e) {
    case '"': c = '"'; break;
    case '\\': c = '\\'; break;
    case '/': c = '/'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': return decode_unicode_escape(p, at, used);
    default:
        if (e > 0x20 && e < 0x7F)
            return fail(p, pos_at(p, at), "invalid escape '\\%c' in string", e);
        return fail(p, pos_at(p, at), "invalid escape in string");
    }
    *used = 2;
    return append_bytes(p, &c, 1);
}

/* Parses the string whose opening quote is at p->pos into the arena. */
static bool parse_string(parser *p, const char **out, size_t *out_len)
{
    const unsigned char *t = p->text;
    size_t i = p->pos + 1;
    p->str_len = 0;
    for (;;) {
        /* Plain ASCII runs are copied in one go. */
        size_t run = i;
        while (i < p->len && t[i] >= 0x20 && t[i] < 0x80 && t[i] != '"' && t[i] != '\\')
            i++;
        if (i > run && !append_bytes(p, t + run, i - run))
            return false;
        if (i >= p->len) {
            p->pos = p->len;
            return fail(p, here(p), "unterminated string");
        }
        unsigned char c = t[i];
        if (c == '"') {
            i++;
            break;
        }
        if (c == '\\') {
            size_t used = 0;
            if (!decode_escape(p, i, &used))
                return false;
            i += used;
        } else if (c == '\n' || c == '\r') {
            return fail(p, pos_at(p, i), "unterminated string (line break before the closing quote)");
        } else if (c == '\t') {
            return fail(p, pos_at(p, i), "tab character in string, write it as \\t");
        } else if (c < 0x20) {
            return fail(p, pos_at(p, i), "control character 0x%02X in string must be escaped", c);
        } else {
            size_t n = utf8_sequence_length(t + i, p->len - i);
            if (n == 0)
                return fail(p, pos_at(p, i), "invalid UTF-8 in string");
            if (!append_bytes(p, t + i, n))
                return false;
            i += n;
        }
    }
    char *copy = arena_alloc(&p->arena, p->str_len + 1, 1);
    if (!copy)
        return out_of_memory(p);
    if (p->str_len)
        memcpy(copy, p->str, p->str_len);
    copy[p->str_len] = '\0';
    *out = copy;
    *out_len = p->str_len;
    p->pos = i;
    return true;
}

/* -------------------------------------------------------------- numbers -- */

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static size_t word_end(const parser *p, size_t at)
{
    while (at < p->len && is_word_char(p->text[at]))
        at++;
    return at;
}

static bool word_equals_nocase(const unsigned char *w, size_t n, const char *lit)
{
    size_t lit_len = strlen(lit);
    if (n != lit_len)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = w[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)lit[i])
            return false;
    }
    return true;
}

/* NaN, Infinity and the like spelled at offset at (after any sign). */
static bool is_non_finite_word(const parser *p, size_t at)
{
    size_t end = word_end(p, at);
    const unsigned char *w = p->text + at;
    size_t n = end - at;
    return word_equals_nocase(w, n, "nan") || word_equals_nocase(w, n, "infinity") ||
           word_equals_nocase(w, n, "inf");
}

static bool parse_number(parser *p, json_value *v)
{
    const unsigned char *t = p->text;
    size_t start = p->pos, i = start;
    if (t[i] == '-') {
        i++;
        if (i < p->len && is_non_finite_word(p, i))
            return fail(p, pos_at(p, start), "NaN and Infinity are not JSON numbers");
        if (i >= p->len || !is_digit(t[i])) {
            p->pos = i;
            return fail_expected(p, "a digit after '-'", "");
        }
    }
    if (t[i] == '0') {
        if (i + 1 < p->len && is_digit(t[i + 1]))
            return fail(p, pos_at(p, i), "numbers cannot have leading zeros");
        i++;
    } else {
        while (i < p->len && is_digit(t[i]))
            i++;
    }
    if (i < p->len && t[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(t[i])) {
            p->pos = i;
            return fail_expected(p, "a digit after '.'", "");
        }
        while (i < p->len && is_digit(t[i]))
            i++;
    }
    if (i < p->len && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        if (i < p->len && (t[i] == '+' || t[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(t[i])) {
            p->pos = i;
            return fail_expected(p, "a digit in the exponent", "");
        }
        while (i < p->len && is_digit(t[i]))
            i++;
    }
    double d;
    if (!num_parse((const char *)t + start, i - start, false, &d))
        return fail(p, pos_at(p, start), "number out of range");
    v->type = JSON_NUMBER;
    v->u.number = d;
    p->pos = i;
    return true;
}

/* true, false, null, or a helpful error for other bare words. */
static bool parse_literal(parser *p, json_value *v)
{
    size_t start = p->pos, end = word_end(p, start);
    const char *w = (const char *)p->text + start;
    size_t n = end - start;
    if (n == 4 && memcmp(w, "true", 4) == 0) {
        v->type = JSON_BOOL;
        v->u.boolean = true;
    } else if (n == 5 && memcmp(w, "false", 5) == 0) {
        v->type = JSON_BOOL;
        v->u.boolean = false;
    } else if (n == 4 && memcmp(w, "null", 4) == 0) {
        v->type = JSON_NULL;
    } else if (is_non_finite_word(p, start)) {
        return fail(p, here(p), "NaN and Infinity are not JSON numbers");
    } else {
        int shown = n > 24 ? 24 : (int)n;
        return fail(p, here(p), "unknown word '%.*s%s', expected true, false or null",
                    shown, w, n > 24 ? "..." : "");
    }
    p->pos = end;
    return true;
}

/* ----------------------------------------------------------- containers -- */

static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;       /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3u;
    }
    /* FNV's low bits barely change between keys like "k1", "k2", ...; the
     * table uses the low bits, so fold the high ones down first. */
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93u;
    h ^= h >> 32;
    return h;
}

static bool same_key(const json_member *m, const char *key, size_t len)
{
    return m->key_len == len && memcmp(m->key, key, len) == 0;
}

/* Finds key among the members of the object starting at base, or records
 * `member` (an absolute index) for it. Returns the absolute index of the
 * member already holding the key, or SIZE_MAX. */
static size_t index_find_or_insert(parser *p, key_index *ix, size_t base, const char *key,
                                   size_t len, size_t member)
{
    size_t mask = ix->capacity - 1;
    uint64_t h = hash_key(key, len);
    uint32_t tag = (uint32_t)(h >> 32);
    for (size_t s = (size_t)h & mask;; s = (s + 1) & mask) {
        key_slot *slot = &ix->slots[s];
        if (slot->member == 0) {
            slot->member = (uint32_t)(member - base + 1);
            slot->tag = tag;
            return SIZE_MAX;
        }
        size_t other = base + slot->member - 1;
        if (slot->tag == tag && same_key(&p->members[other], key, len))
            return other;
    }
}

/* Gives the index room for `needed` keys at load <= 1/2, (re)building it from
 * the members base.. when it starts or grows. */
static bool index_prepare(parser *p, key_index *ix, size_t base, size_t needed, bool fresh)
{
    if (!fresh && needed * 2 <= ix->capacity)
        return true;
    if (needed >= UINT32_MAX / 2)
        return false;                       /* slot indices are 32-bit */
    size_t capacity = fresh ? 64 : ix->capacity;
    while (capacity < needed * 2)
        capacity *= 2;
    if (capacity > ix->allocated) {
        key_slot *slots = malloc(capacity * sizeof *slots);
        if (!slots)
            return false;
        free(ix->slots);
        ix->slots = slots;
        ix->allocated = capacity;
    }
    ix->capacity = capacity;
    memset(ix->slots, 0, capacity * sizeof *ix->slots);
    for (size_t m = base; m < p->member_count; m++)
        index_find_or_insert(p, ix, base, p->members[m].key, p->members[m].key_len, m);
    return true;
}

/* Fails if the open object (members base..) already has key. */
static bool check_duplicate_key(parser *p, int depth, size_t base, const char *key,
                                size_t len, src_pos key_pos)
{
    size_t count = p->member_count - base;
    size_t existing = SIZE_MAX;
    if (count < SMALL_OBJECT) {
        for (size_t m = base; m < p->member_count && existing == SIZE_MAX; m++)
            if (same_key(&p->members[m], key, len))
                existing = m;
    } else {
        key_index *ix = &p->keys[depth];
        if (!index_prepare(p, ix, base, count + 1, count == SMALL_OBJECT))
            return out_of_memory(p);
        /* The new key takes index member_count once it is pushed. */
        existing = index_find_or_insert(p, ix, base, key, len, p->member_count);
    }
    if (existing == SIZE_MAX)
        return true;
    char quoted[64];
    quote_text(quoted, sizeof quoted, key, len, 40);
    return fail(p, key_pos, "duplicate key %s", quoted);
}

static bool parse_value(parser *p, json_value *v, int depth);

static json_value *new_value(parser *p)
{
    json_value *v = arena_alloc(&p->arena, sizeof *v, _Alignof(json_value));
    if (v)
        memset(v, 0, sizeof *v);
    return v;
}

static bool parse_array(parser *p, json_value *v, int depth)
{
    v->type = JSON_ARRAY;
    p->pos++;                               /* '[' */
    size_t base = p->item_count;
    skip_whitespace(p);
    if (p->pos < p->len && p->text[p->pos] == ']') {
        p->pos++;
        return true;
    }
    for (;;) {
        json_value *item = new_value(p);
        if (!item || !reserve((void **)&p->items, &p->item_capacity, p->item_count, 1,
                              sizeof *p->items))
            return out_of_memory(p);
        p->items[p->item_count++] = item;
        if (!parse_value(p, item, depth))
            return false;
        skip_whitespace(p);
        if (p->pos < p->len && p->text[p->pos] == ',') {
            src_pos comma = here(p);
            p->pos++;
            skip_whitespace(p);
            if (p->pos < p->len && p->text[p->pos] == ']')
                return fail(p, comma, "trailing comma before ']'");
            continue;
        }
        if (p->pos < p->len && p->text[p->pos] == ']') {
            p->pos++;
            break;
        }
        return fail_expected(p, "',' or ']'", " after an array element");
    }
    size_t count = p->item_count - base;
    json_value **items = arena_alloc(&p->arena, count * sizeof *items, _Alignof(json_value *));
    if (!items)
        return out_of_memory(p);
    memcpy(items, p->items + base, count * sizeof *items);
    v->u.array.items = items;
    v->u.array.count = count;
    p->item_count = base;
    return true;
}

static bool parse_object(parser *p, json_value *v, int depth)
{
    v->type = JSON_OBJECT;
    p->pos++;                               /* '{' */
    size_t base = p->member_count;
    skip_whitespace(p);
    if (p->pos < p->len && p->text[p->pos] == '}') {
        p->pos++;
        return true;
    }
    for (;;) {
        if (p->pos >= p->len || p->text[p->pos] != '"') {
            if (p->pos < p->len && p->text[p->pos] == '\'')
                return fail(p, here(p), "strings must use double quotes");
            if (p->member_count == base)
                return fail_expected(p, "a quoted key or '}'", "");
            return fail_expected(p, "a quoted key", " after ','");
        }
        src_pos key_pos = here(p);
        const char *key;
        size_t key_len;
        if (!parse_string(p, &key, &key_len) ||
            !check_duplicate_key(p, depth, base, key, key_len, key_pos))
            return false;
        skip_whitespace(p);
        if (p->pos >= p->len || p->text[p->pos] != ':')
            return fail_expected(p, "':'", " after an object key");
        p->pos++;

        json_value *value = new_value(p);
        if (!value || !reserve((void **)&p->members, &p->member_capacity, p->member_count, 1,
                               sizeof *p->members))
            return out_of_memory(p);
        json_member *m = &p->members[p->member_count++];
        m->key = key;
        m->key_len = key_len;
        m->value = value;
        m->line = key_pos.line;
        m->column = key_pos.column;
        if (!parse_value(p, value, depth))
            return false;

        skip_whitespace(p);
        if (p->pos < p->len && p->text[p->pos] == ',') {
            src_pos comma = here(p);
            p->pos++;
            skip_whitespace(p);
            if (p->pos < p->len && p->text[p->pos] == '}')
                return fail(p, comma, "trailing comma before '}'");
            continue;
        }
        if (p->pos < p->len && p->text[p->pos] == '}') {
            p->pos++;
            break;
        }
        return fail_expected(p, "',' or '}'", " after an object member");
    }
    size_t count = p->member_count - base;
    json_member *members = arena_alloc(&p->arena, count * sizeof *members, _Alignof(json_member));
    if (!members)
        return out_of_memory(p);
    memcpy(members, p->members + base, count * sizeof *members);
    v->u.object.members = members;
    v->u.object.count = count;
    p->member_count = base;
    return true;
}

/* depth: how many containers enclose v. */
static bool parse_value(parser *p, json_value *v, int depth)
{
    skip_whitespace(p);
    if (p->pos >= p->len)
        return fail_expected(p, "a value", "");
    src_pos start = here(p);
    v->line = start.line;
    v->column = start.column;
    unsigned char c = p->text[p->pos];
    switch (c) {
    case '[':
    case '{':
        if (depth + 1 > JSON_MAX_DEPTH)
            return fail(p, start, "nesting deeper than %d levels", JSON_MAX_DEPTH);
        return c == '[' ? parse_array(p, v, depth + 1) : parse_object(p, v, depth + 1);
    case '"':
        v->type = JSON_STRING;
        return parse_string(p, &v->u.string.str, &v->u.string.len);
    case '-':
        return parse_number(p, v);
    case '+':
        if (p->pos + 1 < p->len && is_non_finite_word(p, p->pos + 1))
            return fail(p, start, "NaN and Infinity are not JSON numbers");
        return fail(p, start, "numbers cannot start with '+'");
    case '.':
        return fail(p, start, "numbers need a digit before '.'");
    case '\'':
        return fail(p, start, "strings must use double quotes");
    default:
        if (is_digit(c))
            return parse_number(p, v);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return parse_literal(p, v);
        return fail_expected(p, "a value", "");
    }
}

/* ------------------------------------------------------------ public API -- */

static void release_scratch(parser *p)
{
    free(p->items);
    free(p->members);
    free(p->str);
    for (size_t d = 0; d <= JSON_MAX_DEPTH; d++)
        free(p->keys[d].slots);
}

json_value *json_parse(const char *text, size_t len, json_error *err)
{
    json_error ignored;
    parser p;
    memset(&p, 0, sizeof p);
    p.text = (const unsigned char *)(text ? text : "");
    p.len = text ? len : 0;
    p.line = 1;
    p.err = err ? err : &ignored;

    /* A UTF-8 byte order mark is not part of the text, so columns start after it. */
    if (p.len >= 3 && memcmp(p.text, "\xEF\xBB\xBF", 3) == 0) {
        p.pos = 3;
        p.line_start = 3;
    }

    json_document *doc = arena_alloc(&p.arena, sizeof *doc, _Alignof(json_document));
    bool ok;
    if (!doc) {
        ok = out_of_memory(&p);
    } else {
        memset(doc, 0, sizeof *doc);
        ok = parse_value(&p, &doc->root, 0);
    }
    if (ok) {
        skip_whitespace(&p);
        if (p.pos < p.len)
            ok = at_comment(&p) ? fail(&p, here(&p), "comments are not allowed in JSON")
                                : fail(&p, here(&p), "unexpected text after the JSON value");
    }
    release_scratch(&p);
    if (!ok) {
        arena_release(&p.arena);
        return NULL;
    }
    doc->arena = p.arena;
    return &doc->root;
}

void json_free(json_value *v)
{
    if (!v)
        return;
    /* The document, and so its arena record, lives inside the arena: copy the
     * record out before the blocks go away. */
    arena a = ((json_document *)v)->arena;
    arena_release(&a);
}

const json_value *json_get(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT || !key)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < obj->u.object.count; i++)
        if (same_key(&obj->u.object.members[i], key, len))
            return obj->u.object.members[i].value;
    return NULL;
}

const char *json_type_name(json_type t)
{
    switch (t) {
    case JSON_NULL: return "null";
    case JSON_BOOL: return "boolean";
    case JSON_NUMBER: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
    }
    return "unknown";
}

void json_describe(const json_value *v, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!v) {
        snprintf(buf, size, "nothing");
        return;
    }
    switch (v->type) {
    case JSON_NULL: snprintf(buf, size, "null"); break;
    case JSON_BOOL: snprintf(buf, size, "%s", v->u.boolean ? "true" : "false"); break;
    case JSON_NUMBER: num_format(buf, size, v->u.number); break;
    case JSON_STRING: quote_text(buf, size, v->u.string.str, v->u.string.len, 40); break;
    case JSON_ARRAY: snprintf(buf, size, "an array"); break;
    case JSON_OBJECT: snprintf(buf, size, "an object"); break;
    default: snprintf(buf, size, "a value"); break;
    }
}

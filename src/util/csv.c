/* The CSV reader: one pass over the text, fields copied out unescaped. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

typedef struct reader {
    const char *p, *end;
    int line;
    char *err;
    size_t err_size;
    /* fields of the current record */
    char **fields;
    size_t count, cap;
    /* the field being built */
    char *buf;
    size_t len, buf_cap;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    int n = snprintf(r->err, r->err_size, "line %d: ", r->line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->err_size)
        vsnprintf(r->err + n, r->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static int put_char(reader *r, char c)
{
    if (r->len + 1 >= r->buf_cap) {
        size_t cap = r->buf_cap ? r->buf_cap * 2 : 64;
        char *b = realloc(r->buf, cap);
        if (!b)
            return fail(r, "out of memory");
        r->buf = b;
        r->buf_cap = cap;
    }
    r->buf[r->len++] = c;
    return 0;
}

static int end_field(reader *r)
{
    if (r->count == CSV_MAX_COLUMNS)
        return fail(r, "more than %d fields in a record", CSV_MAX_COLUMNS);
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f)
            return fail(r, "out of memory");
        r->fields = f;
        r->cap = cap;
    }
    char *s = malloc(r->len + 1);
    if (!s)
        return fail(r, "out of memory");
    if (r->len)
        memcpy(s, r->buf, r->len);
    s[r->len] = '\0';
    r->fields[r->count++] = s;
    r->len = 0;
    return 0;
}

static void drop_fields(reader *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->fields[i]);
    r->count = 0;
}

/* Whether [p, end) starts with a line break; advances past it. */
static bool take_newline(reader *r)
{
    if (r->p < r->end && *r->p == '\n') {
        r->p++;
        return true;
    }
    if (r->end - r->p >= 2 && r->p[0] == '\r' && r->p[1] == '\n') {
        r->p += 2;
        return true;
    }
    return false;
}

/* Reads one record into r->fields. */
static int read_record(reader *r)
{
    for (;;) {
        if (r->p < r->end && *r->p == '"') {
            int start_line = r->line;
            r->p++;
            for (;;) {
                if (r->p == r->end) {
                    r->line = start_line;
                    return fail(r, "a quoted field is not closed (missing '\"')");
                }
                char c = *r->p++;
                if (c == '"') {
                    if (r->p < r->end && *r->p == '"') {
                        r->p++;
                    } else {
                        break;
                    }
                } else if (c == '\n') {
                    r->line++;
                }
                if (put_char(r, c))
                    return -1;
            }
            if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
                return fail(r, "expected ',' or the end of the line after a quoted field, got '%c'", *r->p);
        } else {
            while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
                   !(*r->p == '\r' && r->end - r->p >= 2 && r->p[1] == '\n')) {
                if (*r->p == '"')
                    return fail(r, "a '\"' inside an unquoted field; quote the field and write '\"\"'");
                if (*r->p == '\r')
                    return fail(r, "a carriage return not followed by a line feed");
                if (put_char(r, *r->p++))
                    return -1;
            }
        }
        if (end_field(r))
            return -1;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p == r->end || take_newline(r))
            return 0;
    }
}

static bool valid_utf8(const unsigned char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (c == 0 || len == 0 || (len == 2 && c < 0xC2) || i + len > n)
            goto bad;
        unsigned cp = len == 1 ? c : c & (0x7F >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            goto bad;
        i += len;
    }
    return true;
bad:
    *bad = i;
    return false;
}

static int line_of(const char *text, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset; i++)
        line += text[i] == '\n';
    return line;
}

long csv_column(const csv_table *t, const char *name)
{
    for (size_t c = 0; c < t->cols; c++)
        if (strcmp(t->header[c], name) == 0)
            return (long)c;
    return -1;
}

void csv_free(csv_table *t)
{
    if (t->header)
        for (size_t c = 0; c < t->cols; c++)
            free(t->header[c]);
    if (t->cells)
        for (size_t i = 0; i < t->rows * t->cols; i++)
            free(t->cells[i]);
    free(t->header);
    free(t->cells);
    free(t->row_lines);
    memset(t, 0, sizeof *t);
}

int csv_parse(const char *text, size_t len, csv_table *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    reader r = {.p = text, .end = text + len, .line = 1, .err = err, .err_size = err_size};
    if (err_size)
        err[0] = '\0';
    size_t bad;
    if (!valid_utf8((const unsigned char *)text, len, &bad)) {
        r.line = line_of(text, bad);
        return fail(&r, "%s", text[bad] ? "the text is not valid UTF-8" : "a NUL byte in the text");
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    if (r.p == r.end) {
        fail(&r, "the file is empty; expected a header line naming the columns");
        return -1;
    }
    size_t rows_cap = 0;
    int status = 0;
    while (r.p < r.end) {
        int record_line = r.line;
        if (*r.p == '\n' || *r.p == '\r') {
            status = fail(&r, "a blank line; every line must be a record");
            break;
        }
        if ((status = read_record(&r)))
            break;
        if (!out->header) {
            for (size_t c = 0; c < r.count && !status; c++) {
                if (!r.fields[c][0])
                    status = fail(&r, "column %zu of the header has no name", c + 1);
                for (size_t k = 0; k < c && !status; k++)
                    if (strcmp(r.fields[k], r.fields[c]) == 0)
                        status = fail(&r, "the column name \"%s\" appears twice in the header", r.fields[c]);
            }
            if (status)
                break;
            out->header = r.fields;
            out->cols = r.count;
            r.fields = NULL;
            r.count = r.cap = 0;
        } else {
            if (r.count != out->cols) {
                r.line = record_line;
                status = fail(&r, "%zu field%s, the header has %zu", r.count, r.count == 1 ? "" : "s", out->cols);
                break;
            }
            if ((out->rows + 1) * out->cols > CSV_MAX_CELLS) {
                status = fail(&r, "more than %d fields in the file", CSV_MAX_CELLS);
                break;
            }
            if (out->rows == rows_cap) {
                size_t cap = rows_cap ? rows_cap * 2 : 16;
                char **cells = realloc(out->cells, cap * out->cols * sizeof *cells);
                if (cells)
                    out->cells = cells;
                int *lines = cells ? realloc(out->row_lines, cap * sizeof *lines) : NULL;
                if (lines)
                    out->row_lines = lines;
                if (!cells || !lines) {
                    status = fail(&r, "out of memory");
                    break;
                }
                rows_cap = cap;
            }
            memcpy(out->cells + out->rows * out->cols, r.fields, out->cols * sizeof *r.fields);
            out->row_lines[out->rows++] = record_line;
            r.count = 0;
        }
        r.line++;
    }
    drop_fields(&r);
    free(r.fields);
    free(r.buf);
    if (status) {
        if (!out->header)
            out->cols = 0;
        csv_free(out);
    }
    return status;
}

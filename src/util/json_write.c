/* Compact, canonical JSON output (see json_write.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_write.h"
#include "util/numparse.h"

void tb_append(text_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tb_puts(text_buf *b, const char *s) { tb_append(b, s, strlen(s)); }

void tb_free(text_buf *b)
{
    free(b->data);
    *b = (text_buf){0};
}

void json_write_string(text_buf *b, const char *s, size_t n)
{
    tb_append(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        tb_append(b, s + run, i - run);
        char esc[8];
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof esc, "\\%c", c);
        else if (c == '\n')
            snprintf(esc, sizeof esc, "\\n");
        else
            snprintf(esc, sizeof esc, "\\u%04x", c);
        tb_puts(b, esc);
        run = i + 1;
    }
    tb_append(b, s + run, n - run);
    tb_append(b, "\"", 1);
}

void json_write(text_buf *b, const json_value *v)
{
    char num[40];
    switch (v->type) {
    case JSON_NULL: tb_puts(b, "null"); break;
    case JSON_BOOL: tb_puts(b, v->u.boolean ? "true" : "false"); break;
    case JSON_NUMBER:
        num_format(num, sizeof num, v->u.number);
        tb_puts(b, num);
        break;
    case JSON_STRING: json_write_string(b, v->u.string.str, v->u.string.len); break;
    case JSON_ARRAY:
        tb_puts(b, "[");
        for (size_t i = 0; i < v->u.array.count; i++) {
            if (i)
                tb_puts(b, ",");
            json_write(b, v->u.array.items[i]);
        }
        tb_puts(b, "]");
        break;
    case JSON_OBJECT:
        tb_puts(b, "{");
        for (size_t i = 0; i < v->u.object.count; i++) {
            const json_member *m = &v->u.object.members[i];
            if (i)
                tb_puts(b, ",");
            json_write_string(b, m->key, m->key_len);
            tb_puts(b, ":");
            json_write(b, m->value);
        }
        tb_puts(b, "}");
        break;
    }
}

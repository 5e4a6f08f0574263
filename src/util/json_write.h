/* Writes JSON trees back as compact text: one canonical form (members in
 * document order, numbers in shortest round-trip form, no spaces), so the same
 * tree always gives the same bytes. Used to fingerprint template props and to
 * hand data rows to the loader. */
#ifndef REEL_JSON_WRITE_H
#define REEL_JSON_WRITE_H

#include <stddef.h>

#include "util/json.h"

/* A growable text buffer; zero-initialize. On allocation failure it stops
 * growing and sets failed. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
    int failed;
} text_buf;

void tb_append(text_buf *b, const char *s, size_t n);
void tb_puts(text_buf *b, const char *s);
void tb_free(text_buf *b);

/* Appends v as compact JSON. */
void json_write(text_buf *b, const json_value *v);

/* Appends s[0..n) as a JSON string literal (quotes included). */
void json_write_string(text_buf *b, const char *s, size_t n);

#endif

/* A strict CSV (RFC 4180) reader for data files: chart data and batch rows.
 *
 * The first record is the header (column names, unique, non-empty). Fields are
 * separated by commas; a field in double quotes may hold commas, line breaks
 * and "" for a quote. Lines end with LF or CRLF; a final line break is
 * optional; blank lines are refused (they are almost always a mistake in data).
 * The text must be UTF-8 without NUL bytes; a leading byte order mark is
 * skipped. Errors name the line (1-based) and say what was expected. */
#ifndef REEL_CSV_H
#define REEL_CSV_H

#include <stddef.h>

#define CSV_MAX_CELLS 1000000
#define CSV_MAX_COLUMNS 4096

typedef struct csv_table {
    size_t cols, rows;      /* rows: data records, the header not counted */
    char **header;          /* cols names */
    char **cells;           /* rows * cols fields, row-major, NUL-terminated */
    int *row_lines;         /* the line each data record starts on, for messages */
} csv_table;

/* Parses text[0..len) into *out. Returns 0, or -1 with a message such as
 * "line 4: 3 fields, the header has 4" in err (always NUL-terminated). */
int csv_parse(const char *text, size_t len, csv_table *out, char *err, size_t err_size);

/* The field at (row, col); row and col must be in range. */
static inline const char *csv_cell(const csv_table *t, size_t row, size_t col)
{
    return t->cells[row * t->cols + col];
}

/* The index of the column named name, or -1. */
long csv_column(const csv_table *t, const char *name);

/* Frees what csv_parse allocated and zeroes *t; a zeroed table is fine. */
void csv_free(csv_table *t);

#endif

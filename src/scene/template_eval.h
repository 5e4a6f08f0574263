/* Private to the template pass: the expansion state shared by template.c
 * (trees, strings, if/repeat) and template_eval.c (expressions and
 * conditions). */
#ifndef REEL_TEMPLATE_EVAL_H
#define REEL_TEMPLATE_EVAL_H

#include <stdbool.h>

#include "scene/template.h"

#define MAX_SCOPES 32

typedef struct binding {
    const char *as;                 /* the element's name */
    const json_value *item, *index;
} binding;

typedef struct expander {
    load_ctx *lc;
    prop_decl *decls;
    size_t decl_count;
    tpl_mem *mem;
    binding scopes[MAX_SCOPES];
    int depth;
    size_t instances;
    bool reshaped;
    int line, column;               /* of the string being expanded */
    int nest;                       /* parentheses and unary minus being evaluated */
    size_t copied;                  /* values made by typed substitution */
} expander;

/* A list prop substituted in many places is copied each time: bound the total
 * so that a small input cannot expand into gigabytes. */
#define MAX_COPIED_VALUES 1000000

/* Expressions recurse on '(' and '-': a hostile "((((..." must not exhaust the stack. */
#define MAX_EXPR_NEST 64

/* Fills the diagnostic at the current pointer (naming the repeat element
 * inside a repeat); returns REEL_EINPUT. */
int tx_fail(expander *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int tx_oom(expander *x);

/* A deep copy of v, every node placed at (line, column); NULL when out of
 * memory or past MAX_COPIED_VALUES. */
json_value *tx_copy_at(expander *x, const json_value *v, int line, int column);

/* Evaluates the text between {{ and }}. */
int tx_eval_expr(expander *x, const char *s, size_t n, const json_value **out);

/* Appends v as text (strings, numbers, booleans); lists and objects are errors. */
int tx_append_text(expander *x, text_buf *b, const json_value *v, const char *expr, size_t n);

/* Evaluates an "if" value. */
int tx_eval_condition(expander *x, const json_value *cond, bool *keep);

bool tx_is_ident_start(char ch);
bool tx_is_ident(char ch);

#endif

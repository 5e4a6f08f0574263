/* Expressions inside {{ }} and the conditions of "if" (docs/templates.md).
 *
 * The grammar is deliberately tiny: a path (title, info.name, items.0.label),
 * number literals, + - * / and parentheses on numbers, str() and round().
 * Conditions compare two operands with == != < <= > >=, or test one boolean. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/template_eval.h"
#include "util/numparse.h"

/* Errors name the template's place; inside a repeat also which element. */
int tx_fail(expander *x, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (x->depth > 0)
        return lc_error(x->lc, "%s (in repeat element %.0f)", msg, x->scopes[x->depth - 1].index->u.number);
    return lc_error(x->lc, "%s", msg);
}

int tx_oom(expander *x) { return lc_error(x->lc, "out of memory"); }

/* A deep copy of v, every node placed at (line, column). */
json_value *tx_copy_at(expander *x, const json_value *v, int line, int column)
{
    if (++x->copied > MAX_COPIED_VALUES)
        return NULL;
    json_value *c = tpl_node(x->mem, v->type, line, column);
    if (!c)
        return NULL;
    c->u = v->u;
    if (v->type == JSON_ARRAY) {
        size_t n = v->u.array.count;
        c->u.array.items = tpl_alloc(x->mem, n * sizeof *c->u.array.items);
        if (!c->u.array.items)
            return NULL;
        for (size_t i = 0; i < n; i++)
            if (!(c->u.array.items[i] = tx_copy_at(x, v->u.array.items[i], line, column)))
                return NULL;
    } else if (v->type == JSON_OBJECT) {
        size_t n = v->u.object.count;
        json_member *m = tpl_alloc(x->mem, n * sizeof *m);
        if (!m)
            return NULL;
        for (size_t i = 0; i < n; i++) {
            m[i] = v->u.object.members[i];
            m[i].line = line;
            m[i].column = column;
            if (!(m[i].value = tx_copy_at(x, v->u.object.members[i].value, line, column)))
                return NULL;
        }
        c->u.object.members = m;
    }
    return c;
}

/* ---- Expressions ---- */

typedef struct cursor {
    const char *p, *end;
} cursor;

static void skip_space(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

bool tx_is_ident_start(char ch) { return isalpha((unsigned char)ch) || ch == '_'; }
bool tx_is_ident(char ch) { return isalnum((unsigned char)ch) || ch == '_'; }

static const json_value *lookup_root(expander *x, const char *name, size_t len)
{
    for (int i = x->depth - 1; i >= 0; i--) {
        if (strlen(x->scopes[i].as) == len && memcmp(x->scopes[i].as, name, len) == 0)
            return x->scopes[i].item;
        if (len == 5 && memcmp(name, "index", 5) == 0)
            return x->scopes[i].index;
    }
    return NULL;
}

static int eval_path(expander *x, cursor *c, const json_value **out)
{
    const char *start = c->p;
    while (c->p < c->end && tx_is_ident(*c->p))
        c->p++;
    size_t len = (size_t)(c->p - start);
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(len < 100 ? len : 100), start);
    const json_value *v = lookup_root(x, start, len);
    if (!v) {
        prop_decl *d = decls_find(x->decls, x->decl_count, start, len);
        if (!d) {
            char msg[600];
            decls_unknown(x->decls, x->decl_count, name, msg, sizeof msg);
            return tx_fail(x, "%s in {{%s}}", msg, name);
        }
        d->used = true;
        if (!d->value)
            return tx_fail(x, "prop \"%s\" is required and was not given (set it with --set %s=... or --props)",
                        name, name);
        v = d->value;
    }
    while (c->p < c->end && *c->p == '.') {
        const char *seg = ++c->p;
        while (c->p < c->end && tx_is_ident(*c->p))
            c->p++;
        size_t sl = (size_t)(c->p - seg);
        size_t shown = (size_t)(c->p - start);
        if (sl == 0)
            return tx_fail(x, "expected a field name or index after '.' in {{%.*s}}", (int)shown, start);
        if (v->type == JSON_OBJECT) {
            const json_value *next = NULL;
            for (size_t i = 0; i < v->u.object.count; i++)
                if (v->u.object.members[i].key_len == sl && memcmp(v->u.object.members[i].key, seg, sl) == 0)
                    next = v->u.object.members[i].value;
            if (!next)
                return tx_fail(x, "{{%.*s}}: the object has no field \"%.*s\"", (int)shown, start, (int)sl, seg);
            v = next;
        } else if (v->type == JSON_ARRAY) {
            double idx;
            if (!num_parse(seg, sl, false, &idx) || idx != floor(idx) || idx < 0)
                return tx_fail(x, "{{%.*s}}: \"%.*s\" is not an index into a list", (int)shown, start, (int)sl, seg);
            if (idx >= (double)v->u.array.count)
                return tx_fail(x, "{{%.*s}}: index %.*s is past the end of a list of %zu", (int)shown, start,
                            (int)sl, seg, v->u.array.count);
            v = v->u.array.items[(size_t)idx];
        } else {
            return tx_fail(x, "{{%.*s}}: \"%.*s\" is not inside an object or list", (int)shown, start,
                        (int)(seg - start - 1), start);
        }
    }
    *out = v;
    return 0;
}

static int eval_sum(expander *x, cursor *c, const json_value **out);

static const json_value *number_node(expander *x, double v)
{
    json_value *n = tpl_node(x->mem, JSON_NUMBER, x->line, x->column);
    if (n)
        n->u.number = v;
    return n;
}


/* The two functions: str(x), the text form of x (a number as "12"), and
 * round(x), x rounded half away from zero. */
static int eval_call(expander *x, cursor *c, const json_value **out)
{
    const char *name = c->p;
    while (tx_is_ident(*c->p))
        c->p++;
    size_t n = (size_t)(c->p - name);
    bool is_str = n == 3 && !memcmp(name, "str", 3), is_round = n == 5 && !memcmp(name, "round", 5);
    if (!is_str && !is_round)
        return tx_fail(x, "unknown function \"%.*s\" in {{ }} (there are str() and round())", (int)(n > 40 ? 40 : n), name);
    c->p++;
    const char *arg = c->p;
    int rc = eval_sum(x, c, out);
    if (rc)
        return rc;
    skip_space(c);
    if (c->p >= c->end || *c->p != ')')
        return tx_fail(x, "expected ')' after the argument of %.*s()", (int)n, name);
    size_t arg_len = (size_t)(c->p++ - arg);
    if (is_round) {
        if ((*out)->type != JSON_NUMBER)
            return tx_fail(x, "round() needs a number");
        return (*out = number_node(x, round((*out)->u.number))) ? 0 : tx_oom(x);
    }
    text_buf b = {0};
    rc = tx_append_text(x, &b, *out, arg, arg_len);
    if (!rc)
        rc = b.failed || !(*out = tpl_string(x->mem, b.data ? b.data : "", b.len, x->line, x->column)) ? tx_oom(x) : 0;
    tb_free(&b);
    return rc;
}

static int eval_primary_nested(expander *x, cursor *c, const json_value **out);

static int eval_primary(expander *x, cursor *c, const json_value **out)
{
    if (x->nest >= MAX_EXPR_NEST)
        return tx_fail(x, "the expression nests deeper than %d levels", MAX_EXPR_NEST);
    x->nest++;
    int rc = eval_primary_nested(x, c, out);
    x->nest--;
    return rc;
}

static int eval_primary_nested(expander *x, cursor *c, const json_value **out)
{
    skip_space(c);
    if (c->p >= c->end)
        return tx_fail(x, "expected a value inside {{ }}");
    if (*c->p == '(') {
        c->p++;
        int rc = eval_sum(x, c, out);
        if (rc)
            return rc;
        skip_space(c);
        if (c->p >= c->end || *c->p != ')')
            return tx_fail(x, "expected ')' in {{ }}");
        c->p++;
        return 0;
    }
    if (*c->p == '-') {
        c->p++;
        int rc = eval_primary(x, c, out);
        if (rc)
            return rc;
        if ((*out)->type != JSON_NUMBER)
            return tx_fail(x, "'-' needs a number");
        return (*out = number_node(x, -(*out)->u.number)) ? 0 : tx_oom(x);
    }
    if (isdigit((unsigned char)*c->p)) {
        const char *s = c->p;
        while (c->p < c->end && (isdigit((unsigned char)*c->p) || *c->p == '.'))
            c->p++;
        double v;
        if (!num_parse(s, (size_t)(c->p - s), false, &v))
            return tx_fail(x, "\"%.*s\" is not a number", (int)(c->p - s), s);
        return (*out = number_node(x, v)) ? 0 : tx_oom(x);
    }
    if (tx_is_ident_start(*c->p)) {
        const char *s = c->p;
        while (s < c->end && tx_is_ident(*s))
            s++;
        if (s < c->end && *s == '(')
            return eval_call(x, c, out);
        return eval_path(x, c, out);
    }
    return tx_fail(x, "unexpected '%c' inside {{ }} (expected a prop name, a number or '(')", *c->p);
}

static int arith(expander *x, char op, const json_value *a, const json_value *b, const json_value **out)
{
    if (a->type != JSON_NUMBER || b->type != JSON_NUMBER) {
        char da[96], db[96];
        json_describe(a, da, sizeof da);
        json_describe(b, db, sizeof db);
        return tx_fail(x, "'%c' needs numbers, got %s and %s", op, da, db);
    }
    double r = op == '+' ? a->u.number + b->u.number : op == '-' ? a->u.number - b->u.number
             : op == '*' ? a->u.number * b->u.number : a->u.number / b->u.number;
    if (!isfinite(r))
        return tx_fail(x, "'%c' gives a result that is not a finite number (division by zero?)", op);
    return (*out = number_node(x, r)) ? 0 : tx_oom(x);
}

static int eval_product(expander *x, cursor *c, const json_value **out)
{
    int rc = eval_primary(x, c, out);
    for (;;) {
        if (rc)
            return rc;
        skip_space(c);
        if (c->p >= c->end || (*c->p != '*' && *c->p != '/'))
            return 0;
        char op = *c->p++;
        const json_value *rhs;
        if (!(rc = eval_primary(x, c, &rhs)))
            rc = arith(x, op, *out, rhs, out);
    }
}

static int eval_sum(expander *x, cursor *c, const json_value **out)
{
    int rc = eval_product(x, c, out);
    for (;;) {
        if (rc)
            return rc;
        skip_space(c);
        if (c->p >= c->end || (*c->p != '+' && *c->p != '-'))
            return 0;
        char op = *c->p++;
        const json_value *rhs;
        if (!(rc = eval_product(x, c, &rhs)))
            rc = arith(x, op, *out, rhs, out);
    }
}

/* Evaluates the text between {{ and }}. */
int tx_eval_expr(expander *x, const char *s, size_t n, const json_value **out)
{
    cursor c = {s, s + n};
    int rc = eval_sum(x, &c, out);
    if (rc)
        return rc;
    skip_space(&c);
    if (c.p != c.end)
        return tx_fail(x, "unexpected '%c' in {{%.*s}}", *c.p, (int)(n > 80 ? 80 : n), s);
    return 0;
}

int tx_append_text(expander *x, text_buf *b, const json_value *v, const char *expr, size_t n)
{
    char num[40];
    switch (v->type) {
    case JSON_STRING: tb_append(b, v->u.string.str, v->u.string.len); return 0;
    case JSON_NUMBER: num_format(num, sizeof num, v->u.number); tb_puts(b, num); return 0;
    case JSON_BOOL: tb_puts(b, v->u.boolean ? "true" : "false"); return 0;
    default:
        return tx_fail(x, "{{%.*s}} is %s and cannot be part of a text; write it as the whole string to use "
                    "the value itself", (int)(n > 80 ? 80 : n), expr,
                    v->type == JSON_ARRAY ? "a list" : v->type == JSON_OBJECT ? "an object" : "null");
    }
}


/* ---- Conditions: "{{show}}", "!{{show}}", "{{mode}} == 'b'", "{{n}} > 2" ---- */

static int eval_operand(expander *x, cursor *c, const json_value **out)
{
    skip_space(c);
    if (c->end - c->p >= 2 && c->p[0] == '{' && c->p[1] == '{') {
        const char *close = c->p + 2;
        while (close + 1 < c->end && !(close[0] == '}' && close[1] == '}'))
            close++;
        if (close + 1 >= c->end)
            return tx_fail(x, "\"{{\" without a closing \"}}\"");
        int rc = tx_eval_expr(x, c->p + 2, (size_t)(close - c->p - 2), out);
        c->p = close + 2;
        return rc;
    }
    if (c->p < c->end && *c->p == '\'') {
        const char *s = ++c->p;
        while (c->p < c->end && *c->p != '\'')
            c->p++;
        if (c->p >= c->end)
            return tx_fail(x, "a quoted text in a condition is missing its closing '");
        *out = tpl_string(x->mem, s, (size_t)(c->p++ - s), x->line, x->column);
        return *out ? 0 : tx_oom(x);
    }
    const char *s = c->p;
    while (c->p < c->end && (tx_is_ident(*c->p) || *c->p == '.' || *c->p == '-' || *c->p == '+'))
        c->p++;
    size_t n = (size_t)(c->p - s);
    double v;
    json_value *node;
    if ((n == 4 && !memcmp(s, "true", 4)) || (n == 5 && !memcmp(s, "false", 5))) {
        if (!(node = tpl_node(x->mem, JSON_BOOL, x->line, x->column)))
            return tx_oom(x);
        node->u.boolean = n == 4;
    } else if (n && num_parse(s, n, true, &v)) {
        if (!(node = tpl_node(x->mem, JSON_NUMBER, x->line, x->column)))
            return tx_oom(x);
        node->u.number = v;
    } else {
        return tx_fail(x, "expected {{prop}}, 'text', a number, true or false in the condition");
    }
    *out = node;
    return 0;
}

static bool same_value(const json_value *a, const json_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case JSON_BOOL: return a->u.boolean == b->u.boolean;
    case JSON_NUMBER: return a->u.number == b->u.number;
    case JSON_STRING: return a->u.string.len == b->u.string.len && !memcmp(a->u.string.str, b->u.string.str, a->u.string.len);
    default: return false;
    }
}

int tx_eval_condition(expander *x, const json_value *cond, bool *keep)
{
    if (cond->type == JSON_BOOL) {
        *keep = cond->u.boolean;
        return 0;
    }
    if (cond->type != JSON_STRING)
        return lc_expected(x->lc, "a condition such as \"{{show}}\" or \"{{mode}} == 'b'\"", cond);
    x->line = cond->line;
    x->column = cond->column;
    cursor c = {cond->u.string.str, cond->u.string.str + cond->u.string.len};
    skip_space(&c);
    bool negate = c.p < c.end && *c.p == '!';
    if (negate)
        c.p++;
    const json_value *a, *b;
    int rc = eval_operand(x, &c, &a);
    if (rc)
        return rc;
    skip_space(&c);
    if (c.p == c.end) {
        if (a->type != JSON_BOOL) {
            char got[96];
            json_describe(a, got, sizeof got);
            return tx_fail(x, "a condition must be true or false, got %s (compare it: \"{{x}} == 'value'\")", got);
        }
        *keep = a->u.boolean != negate;
        return 0;
    }
    if (negate)
        return tx_fail(x, "'!' applies to a single true/false value, not a comparison");
    static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
    int op = -1;
    for (int i = 0; i < 6 && op < 0; i++)
        if ((size_t)(c.end - c.p) >= strlen(ops[i]) && !memcmp(c.p, ops[i], strlen(ops[i])))
            op = i;
    if (op < 0)
        return tx_fail(x, "expected ==, !=, <, <=, > or >= in the condition, got \"%.20s\"", c.p);
    c.p += strlen(ops[op]);
    if ((rc = eval_operand(x, &c, &b)))
        return rc;
    skip_space(&c);
    if (c.p != c.end)
        return tx_fail(x, "unexpected text after the comparison: \"%.20s\"", c.p);
    if (op <= 1) {
        *keep = same_value(a, b) == (op == 0);
        return 0;
    }
    if (a->type != JSON_NUMBER || b->type != JSON_NUMBER)
        return tx_fail(x, "'%s' compares numbers only", ops[op]);
    double l = a->u.number, r = b->u.number;
    *keep = op == 2 ? l <= r : op == 3 ? l >= r : op == 4 ? l < r : l > r;
    return 0;
}

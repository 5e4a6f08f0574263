/* The template expansion pass: scene JSON with {{...}}, "if" and "repeat" ->
 * plain scene JSON, before the loader sees it (docs/templates.md).
 *
 * Why a pass over the tree rather than over the text: substitution then
 * cannot break JSON syntax, a string that is exactly "{{name}}" can become a
 * typed value (a number, a list), and every produced value keeps the line and
 * column of the template value it came from.
 *
 * Expressions and conditions are evaluated in template_eval.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scene/template_eval.h"
#include "util/numparse.h"

/* ---- Memory ---- */

void *tpl_alloc(tpl_mem *m, size_t size)
{
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        void **b = realloc(m->blocks, cap * sizeof *b);
        if (!b)
            return NULL;
        m->blocks = b;
        m->cap = cap;
    }
    void *p = calloc(1, size ? size : 1);
    if (p)
        m->blocks[m->count++] = p;
    return p;
}

json_value *tpl_node(tpl_mem *m, json_type t, int line, int column)
{
    json_value *v = tpl_alloc(m, sizeof *v);
    if (v) {
        v->type = t;
        v->line = line;
        v->column = column;
    }
    return v;
}

json_value *tpl_string(tpl_mem *m, const char *s, size_t n, int line, int column)
{
    json_value *v = tpl_node(m, JSON_STRING, line, column);
    char *copy = v ? tpl_alloc(m, n + 1) : NULL;
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    v->u.string.str = copy;
    v->u.string.len = n;
    return v;
}

bool tpl_adopt(tpl_mem *m, json_value *doc)
{
    if (m->doc_count == m->doc_cap) {
        size_t cap = m->doc_cap ? m->doc_cap * 2 : 4;
        json_value **d = realloc(m->docs, cap * sizeof *d);
        if (!d) {
            json_free(doc);
            return false;
        }
        m->docs = d;
        m->doc_cap = cap;
    }
    m->docs[m->doc_count++] = doc;
    return true;
}

void tpl_mem_free(tpl_mem *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->blocks[i]);
    for (size_t i = 0; i < m->doc_count; i++)
        json_free(m->docs[i]);
    free(m->blocks);
    free(m->docs);
    *m = (tpl_mem){0};
}

/* ---- Strings ---- */

/* Finds the next unescaped "{{" at or after from; sets *escaped when a "\{{"
 * comes first. Returns NULL when neither occurs. */
static const char *next_open(const char *from, const char *end, bool *escaped)
{
    for (const char *p = from; p + 1 < end; p++) {
        if (p[0] == '\\' && p + 2 < end && p[1] == '{' && p[2] == '{') {
            *escaped = true;
            return p;
        }
        if (p[0] == '{' && p[1] == '{') {
            *escaped = false;
            return p;
        }
    }
    return NULL;
}

static int expand_string(expander *x, const json_value *v, json_value **out)
{
    const char *s = v->u.string.str, *end = s + v->u.string.len;
    bool escaped;
    const char *open = next_open(s, end, &escaped);
    if (!open) {
        *out = (json_value *)v;     /* unchanged: share the template's node */
        return 0;
    }
    x->line = v->line;
    x->column = v->column;
    text_buf b = {0};
    const char *p = s;
    int rc = 0;
    while (open && !rc) {
        tb_append(&b, p, (size_t)(open - p));
        if (escaped) {
            tb_puts(&b, "{{");
            p = open + 3;
        } else {
            const char *close = strstr(open + 2, "}}");
            if (!close || close > end) {
                rc = tx_fail(x, "\"{{\" without a closing \"}}\" (write \\\\{{ in JSON for a literal \"{{\")");
                break;
            }
            const char *expr = open + 2;
            size_t n = (size_t)(close - expr);
            const json_value *val;
            if ((rc = tx_eval_expr(x, expr, n, &val)))
                break;
            p = close + 2;
            if (open == s && p == end) {    /* the whole string: the typed value */
                tb_free(&b);
                *out = tx_copy_at(x, val, v->line, v->column);
                if (!*out && x->copied > MAX_COPIED_VALUES)
                    return tx_fail(x, "substituted props make more than %d values in all", MAX_COPIED_VALUES);
                return *out ? 0 : tx_oom(x);
            }
            rc = tx_append_text(x, &b, val, expr, n);
        }
        open = next_open(p, end, &escaped);
    }
    if (!rc) {
        tb_append(&b, p, (size_t)(end - p));
        if (b.failed || !(*out = tpl_string(x->mem, b.data ? b.data : "", b.len, v->line, v->column)))
            rc = tx_oom(x);
        else if (b.len > LIMIT_STRING)
            rc = tx_fail(x, "the substituted text is longer than %d bytes", LIMIT_STRING);
    }
    tb_free(&b);
    return rc;
}

/* ---- Trees ---- */

static int expand_value(expander *x, const json_value *v, json_value **out);

/* A growable list of produced layers. */
typedef struct layer_list {
    json_value **items;
    size_t count, cap;
} layer_list;

static int list_push(expander *x, layer_list *l, json_value *v)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        json_value **items = tpl_alloc(x->mem, cap * sizeof *items);
        if (!items)
            return tx_oom(x);
        if (l->count)
            memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = v;
    return 0;
}

/* Expands a layer object without its "if"/"repeat" members; a repeated
 * layer's literal id gets "-INDEX" so siblings stay unique. */
static int expand_layer_body(expander *x, const json_value *v, bool suffix_id, json_value **out)
{
    size_t n = v->u.object.count;
    json_value *o = tpl_node(x->mem, JSON_OBJECT, v->line, v->column);
    json_member *m = o ? tpl_alloc(x->mem, n * sizeof *m) : NULL;
    if (!m)
        return tx_oom(x);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const json_member *src = &v->u.object.members[i];
        if (!strcmp(src->key, "if") || !strcmp(src->key, "repeat"))
            continue;
        m[k] = *src;
        size_t saved = lc_push_key(x->lc, src->key);
        int rc = expand_value(x, src->value, &m[k].value);
        if (rc)
            return rc;
        lc_pop(x->lc, saved);
        if (suffix_id && !strcmp(src->key, "id") && src->value->type == JSON_STRING &&
            !strstr(src->value->u.string.str, "{{")) {
            char id[300];
            int len = snprintf(id, sizeof id, "%.250s-%.0f", src->value->u.string.str,
                               x->scopes[x->depth - 1].index->u.number);
            if (!(m[k].value = tpl_string(x->mem, id, (size_t)len, src->value->line, src->value->column)))
                return tx_oom(x);
        }
        k++;
    }
    o->u.object.members = m;
    o->u.object.count = k;
    *out = o;
    return 0;
}

static int expand_instance(expander *x, const json_value *v, bool repeated, layer_list *out)
{
    const json_value *cond = json_get(v, "if");
    if (cond) {
        bool keep = true;
        size_t saved = lc_push_key(x->lc, "if");
        int rc = tx_eval_condition(x, cond, &keep);
        if (rc)
            return rc;
        lc_pop(x->lc, saved);
        if (!keep) {
            x->reshaped = true;
            return 0;
        }
    }
    json_value *layer;
    int rc = cond || repeated ? expand_layer_body(x, v, repeated, &layer) : expand_value(x, v, &layer);
    return rc ? rc : list_push(x, out, layer);
}

static int expand_repeat(expander *x, const json_value *v, const json_value *rep, layer_list *out)
{
    size_t saved = lc_push_key(x->lc, "repeat");
    if (rep->type != JSON_OBJECT)
        return lc_expected(x->lc, "{\"each\": \"{{list}}\", \"as\": \"item\"}", rep);
    static const char *const keys[] = {"each", "as", NULL};
    if (lc_check_keys(x->lc, rep, keys, "repeat key"))
        return REEL_EINPUT;
    const json_value *each = json_get(rep, "each"), *as = json_get(rep, "as");
    if (!each)
        return lc_error(x->lc, "\"repeat\" needs \"each\": the list to repeat over, such as \"{{items}}\"");
    const char *name = "item";
    if (as) {
        size_t s2 = lc_push_key(x->lc, "as");
        const char *s = as->type == JSON_STRING ? as->u.string.str : "";
        bool ok = tx_is_ident_start(s[0]);
        for (const char *p = s; ok && *p; p++)
            ok = tx_is_ident(*p);
        if (!ok || !strcmp(s, "index"))
            return lc_expected(x->lc, "a name for the element such as \"item\" (letters, digits, _; not \"index\")", as);
        name = s;
        lc_pop(x->lc, s2);
    }
    lc_push_key(x->lc, "each");
    json_value *list;
    int rc = expand_value(x, each, &list);
    if (rc)
        return rc;
    if (list->type != JSON_ARRAY)
        return lc_expected(x->lc, "a list to repeat over, such as \"{{items}}\"", list);
    lc_pop(x->lc, saved);
    if (x->depth >= MAX_SCOPES)
        return lc_error(x->lc, "repeats are nested deeper than %d levels", MAX_SCOPES);
    x->reshaped = true;
    for (size_t i = 0; i < list->u.array.count; i++) {
        if (++x->instances > TEMPLATE_MAX_INSTANCES)
            return lc_error(x->lc, "\"repeat\" makes more than %d layers", TEMPLATE_MAX_INSTANCES);
        json_value *index = tpl_node(x->mem, JSON_NUMBER, rep->line, rep->column);
        if (!index)
            return tx_oom(x);
        index->u.number = (double)i;
        x->scopes[x->depth++] = (binding){name, list->u.array.items[i], index};
        rc = expand_instance(x, v, true, out);
        x->depth--;
        if (rc)
            return rc;
    }
    return 0;
}

static int expand_layers(expander *x, const json_value *arr, json_value **out)
{
    layer_list list = {0};
    for (size_t i = 0; i < arr->u.array.count; i++) {
        const json_value *item = arr->u.array.items[i];
        size_t saved = lc_push_index(x->lc, i);
        int rc;
        const json_value *rep = item->type == JSON_OBJECT ? json_get(item, "repeat") : NULL;
        if (rep)
            rc = expand_repeat(x, item, rep, &list);
        else if (item->type == JSON_OBJECT)
            rc = expand_instance(x, item, false, &list);
        else {
            json_value *plain;
            if (!(rc = expand_value(x, item, &plain)))
                rc = list_push(x, &list, plain);
        }
        if (rc)
            return rc;
        lc_pop(x->lc, saved);
    }
    bool same = list.count == arr->u.array.count;
    for (size_t i = 0; same && i < list.count; i++)
        same = list.items[i] == arr->u.array.items[i];
    if (same) {
        *out = (json_value *)arr;
        return 0;
    }
    json_value *a = tpl_node(x->mem, JSON_ARRAY, arr->line, arr->column);
    if (!a)
        return tx_oom(x);
    a->u.array.items = list.items;
    a->u.array.count = list.count;
    *out = a;
    return 0;
}

/* Copy-on-write: a value with nothing to expand is returned as it is, so a
 * scene without templates costs one walk and no copies (a 60 MB scene must
 * load as fast as before). */
static int expand_value(expander *x, const json_value *v, json_value **out)
{
    *out = (json_value *)v;
    if (v->type == JSON_STRING)
        return expand_string(x, v, out);
    if (v->type == JSON_ARRAY) {
        size_t n = v->u.array.count;
        json_value **items = NULL;
        for (size_t i = 0; i < n; i++) {
            size_t saved = lc_push_index(x->lc, i);
            json_value *item;
            int rc = expand_value(x, v->u.array.items[i], &item);
            if (rc)
                return rc;
            lc_pop(x->lc, saved);
            if (item != v->u.array.items[i] && !items) {
                if (!(items = tpl_alloc(x->mem, n * sizeof *items)))
                    return tx_oom(x);
                memcpy(items, v->u.array.items, n * sizeof *items);
            }
            if (items)
                items[i] = item;
        }
        if (items) {
            json_value *a = tpl_node(x->mem, JSON_ARRAY, v->line, v->column);
            if (!a)
                return tx_oom(x);
            a->u.array.items = items;
            a->u.array.count = n;
            *out = a;
        }
        return 0;
    }
    if (v->type == JSON_OBJECT) {
        size_t n = v->u.object.count;
        json_member *m = NULL;
        for (size_t i = 0; i < n; i++) {
            const json_member *src = &v->u.object.members[i];
            size_t saved = lc_push_key(x->lc, src->key);
            json_value *value;
            int rc = !strcmp(src->key, "layers") && src->value->type == JSON_ARRAY
                         ? expand_layers(x, src->value, &value)
                         : expand_value(x, src->value, &value);
            if (rc)
                return rc;
            lc_pop(x->lc, saved);
            if (value != src->value && !m) {
                if (!(m = tpl_alloc(x->mem, n * sizeof *m)))
                    return tx_oom(x);
                memcpy(m, v->u.object.members, n * sizeof *m);
            }
            if (m)
                m[i].value = value;
        }
        if (m) {
            json_value *o = tpl_node(x->mem, JSON_OBJECT, v->line, v->column);
            if (!o)
                return tx_oom(x);
            o->u.object.members = m;
            o->u.object.count = n;
            *out = o;
        }
        return 0;
    }
    return 0;
}

/* ---- Entry ---- */

static int required_missing(load_ctx *lc, const prop_decl *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!d[i].value) {
            lc_push_key(lc, "props");
            lc_push_key(lc, d[i].name);
            return lc_error(lc, "prop \"%s\" is required and was not given (set it with --set %s=... or --props)",
                            d[i].name, d[i].name);
        }
    return 0;
}

int template_expand(load_ctx *lc, const json_value *root, const template_inputs *in, template_output *out)
{
    *out = (template_output){.root = root};
    if (root->type != JSON_OBJECT)
        return 0;
    prop_decl *decls;
    size_t count;
    int rc = decls_read(lc, json_get(root, "props"), &decls, &count);
    if (!rc)
        rc = decls_apply_inputs(lc, decls, count, in, &out->mem);
    if (!rc) {
        /* The scene without its declarations, expanded. */
        json_value *body = tpl_node(&out->mem, JSON_OBJECT, root->line, root->column);
        json_member *m = body ? tpl_alloc(&out->mem, root->u.object.count * sizeof *m) : NULL;
        if (!m)
            rc = lc_error(lc, "out of memory");
        /* Compositions are expanded per instance, with their own params
         * (scene/compositions.c): keep them as written. */
        const json_member *comps = NULL;
        for (size_t i = 0; !rc && i < root->u.object.count; i++)
            if (!strcmp(root->u.object.members[i].key, "compositions"))
                comps = &root->u.object.members[i];
            else if (strcmp(root->u.object.members[i].key, "props") != 0)
                m[body->u.object.count++] = root->u.object.members[i];
        if (!rc) {
            body->u.object.members = m;
            expander x = {.lc = lc, .decls = decls, .decl_count = count, .mem = &out->mem};
            json_value *expanded;
            rc = expand_value(&x, body, &expanded);
            out->reshaped = x.reshaped;
            out->root = expanded;
            if (!rc && comps) {
                size_t n = expanded->u.object.count;
                json_member *all = tpl_alloc(&out->mem, (n + 1) * sizeof *all);
                if (!all)
                    rc = lc_error(lc, "out of memory");
                else {
                    memcpy(all, expanded->u.object.members, n * sizeof *all);
                    all[n] = *comps;
                    expanded->u.object.members = all;
                    expanded->u.object.count = n + 1;
                }
            }
        }
    }
    if (!rc)
        rc = required_missing(lc, decls, count);
    if (!rc && count > 0) {
        /* The identity of the props: declaration order, final values. */
        tb_puts(&out->identity, "{");
        for (size_t i = 0; i < count; i++) {
            if (i)
                tb_puts(&out->identity, ",");
            json_write_string(&out->identity, decls[i].name, strlen(decls[i].name));
            tb_puts(&out->identity, ":");
            json_write(&out->identity, decls[i].value);
        }
        tb_puts(&out->identity, "}");
        if (out->identity.failed)
            rc = lc_error(lc, "out of memory");
    }
    free(decls);
    if (rc) {
        template_output_free(out);
        out->root = root;
    }
    return rc;
}

int template_expand_layers(load_ctx *lc, prop_decl *decls, size_t count, const json_value *arr, tpl_mem *m,
                           json_value **out)
{
    expander x = {.lc = lc, .decls = decls, .decl_count = count, .mem = m};
    return expand_layers(&x, arr, out);
}

void template_output_free(template_output *out)
{
    tpl_mem_free(&out->mem);
    tb_free(&out->identity);
    out->root = NULL;
}

/* The deepest value on the way to pointer (RFC 6901) in root. */
static const json_value *locate(const json_value *v, const char *pointer)
{
    while (*pointer == '/') {
        const char *seg = pointer + 1, *next = strchr(seg, '/');
        size_t n = next ? (size_t)(next - seg) : strlen(seg);
        char key[256];
        size_t k = 0;
        for (size_t i = 0; i < n && k + 1 < sizeof key; i++) {
            if (seg[i] == '~' && i + 1 < n) {
                key[k++] = seg[i + 1] == '1' ? '/' : '~';
                i++;
            } else {
                key[k++] = seg[i];
            }
        }
        key[k] = '\0';
        const json_value *child = NULL;
        if (v->type == JSON_OBJECT) {
            child = json_get(v, key);
        } else if (v->type == JSON_ARRAY) {
            double idx;
            if (num_parse(key, k, false, &idx) && idx >= 0 && idx < (double)v->u.array.count)
                child = v->u.array.items[(size_t)idx];
        }
        if (!child)
            break;
        v = child;
        pointer = seg + n;
    }
    return v;
}

void template_annotate(const json_value *expanded, reel_diag *diag)
{
    if (!diag || !diag->pointer[0] || diag->line > 0)
        return;
    const json_value *v = locate(expanded, diag->pointer);
    size_t len = strlen(diag->message);
    if (v->line > 0 && len < sizeof diag->message)
        snprintf(diag->message + len, sizeof diag->message - len, " (template line %d, column %d)", v->line,
                 v->column);
}

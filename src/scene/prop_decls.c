/* Prop declarations of a scene template ("props": {...}) and the values that
 * override their defaults: a props JSON object and key=value texts (--set,
 * batch CSV cells). Every value is checked against its declaration here, so
 * the expansion pass only ever sees well-typed values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scene/color.h"
#include "scene/template.h"
#include "util/numparse.h"
#include "util/suggest.h"

static const char *const type_names[] = {
    "string", "number", "boolean", "color", "enum", "image", "video", "audio", "list", "object", NULL};
#define TYPE_COUNT 10

static const char *const decl_keys[] = {"type", "default", "min", "max", "values", "description", NULL};

prop_decl *decls_find(prop_decl *d, size_t count, const char *name, size_t len)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(d[i].name) == len && memcmp(d[i].name, name, len) == 0)
            return &d[i];
    return NULL;
}

void decls_unknown(const prop_decl *d, size_t count, const char *name, char *buf, size_t size)
{
    if (count == 0) {
        snprintf(buf, size, "unknown prop \"%.80s\" (the scene declares no props)", name);
        return;
    }
    const char **names = calloc(count, sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < count; i++)
            names[i] = d[i].name;
        near = suggest_closest(name, names, count);
    }
    if (near)
        snprintf(buf, size, "unknown prop \"%.80s\" (did you mean \"%s\"?)", name, near);
    else
        snprintf(buf, size, "unknown prop \"%.80s\"", name);
    free(names);
}

static void describe_expected(const prop_decl *d, char *buf, size_t size)
{
    char lo[32], hi[32];
    switch (d->type) {
    case DT_NUMBER:
        num_format(lo, sizeof lo, d->min);
        num_format(hi, sizeof hi, d->max);
        if (isinf(d->min) && isinf(d->max))
            snprintf(buf, size, "a number");
        else if (isinf(d->max))
            snprintf(buf, size, "a number >= %s", lo);
        else if (isinf(d->min))
            snprintf(buf, size, "a number <= %s", hi);
        else
            snprintf(buf, size, "a number from %s to %s", lo, hi);
        break;
    case DT_BOOLEAN: snprintf(buf, size, "true or false"); break;
    case DT_COLOR: snprintf(buf, size, "a color like \"#FF5A1F\""); break;
    case DT_ENUM: {
        size_t n = (size_t)snprintf(buf, size, "one of");
        for (size_t i = 0; i < d->values->u.array.count && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s \"%s\"", i ? "," : "",
                                  d->values->u.array.items[i]->u.string.str);
        break;
    }
    case DT_IMAGE: case DT_VIDEO: case DT_AUDIO:
        snprintf(buf, size, "a path to an %s file", type_names[d->type]);
        if (d->type != DT_IMAGE)
            snprintf(buf, size, "a path to a %s file", type_names[d->type]);
        break;
    case DT_LIST: snprintf(buf, size, "a list (a JSON array)"); break;
    case DT_OBJECT: snprintf(buf, size, "an object"); break;
    default: snprintf(buf, size, "a string"); break;
    }
}

static int expected(const prop_decl *d, const json_value *v, char *err, size_t size)
{
    char want[300], got[96];
    describe_expected(d, want, sizeof want);
    json_describe(v, got, sizeof got);
    snprintf(err, size, "expected %s, got %s", want, got);
    return -1;
}

/* Media props name files: they must exist, relative to the scene, and obey
 * the asset root like any other asset. */
static int check_file(load_ctx *lc, const prop_decl *d, const char *path, char *err, size_t size)
{
    reel_diag tmp = {0}, *saved = lc->diag;
    lc->diag = &tmp;
    char *resolved = NULL;
    int rc = lc_resolve_path(lc, path, &resolved);
    lc->diag = saved;
    if (rc) {
        snprintf(err, size, "%s", tmp.message);
        return -1;
    }
    struct stat st;
    rc = stat(resolved, &st) == 0 ? 0 : -1;
    free(resolved);
    if (rc)
        snprintf(err, size, "cannot find %s file \"%.200s\"", type_names[d->type], path);
    return rc;
}

int decl_check(load_ctx *lc, const prop_decl *d, const json_value *v, char *err, size_t size)
{
    switch (d->type) {
    case DT_NUMBER:
        if (v->type != JSON_NUMBER || v->u.number < d->min || v->u.number > d->max)
            return expected(d, v, err, size);
        return 0;
    case DT_BOOLEAN: return v->type == JSON_BOOL ? 0 : expected(d, v, err, size);
    case DT_LIST: return v->type == JSON_ARRAY ? 0 : expected(d, v, err, size);
    case DT_OBJECT: return v->type == JSON_OBJECT ? 0 : expected(d, v, err, size);
    default: break;
    }
    if (v->type != JSON_STRING)
        return expected(d, v, err, size);
    const char *s = v->u.string.str;
    if (d->type == DT_COLOR) {
        rgba c;
        char cerr[300];
        if (!color_parse(s, &c, cerr, sizeof cerr)) {
            snprintf(err, size, "%s", cerr);
            return -1;
        }
    } else if (d->type == DT_ENUM) {
        for (size_t i = 0; i < d->values->u.array.count; i++)
            if (strcmp(d->values->u.array.items[i]->u.string.str, s) == 0)
                return 0;
        return expected(d, v, err, size);
    } else if (d->type == DT_IMAGE || d->type == DT_VIDEO || d->type == DT_AUDIO) {
        if (!s[0])
            return expected(d, v, err, size);
        return check_file(lc, d, s, err, size);
    }
    return 0;
}

static int read_bound(load_ctx *lc, const json_value *decl, const char *key, double *out)
{
    const json_value *v = json_get(decl, key);
    if (!v)
        return 0;
    size_t saved = lc_push_key(lc, key);
    if (v->type != JSON_NUMBER)
        return lc_expected(lc, "a number", v);
    *out = v->u.number;
    lc_pop(lc, saved);
    return 0;
}

static int read_one(load_ctx *lc, const json_member *m, prop_decl *d)
{
    const json_value *decl = m->value;
    d->name = m->key;
    d->min = -INFINITY;
    d->max = INFINITY;
    if (!m->key[0] || strchr(m->key, '.') || strstr(m->key, "{{") || strchr(m->key, '='))
        return lc_error(lc, "a prop name must be non-empty without '.', '=' or \"{{\"");
    if (decl->type != JSON_OBJECT)
        return lc_expected(lc, "a prop declaration such as {\"type\": \"string\", \"default\": \"Hello\"}", decl);
    if (lc_check_keys(lc, decl, decl_keys, "prop declaration key"))
        return REEL_EINPUT;
    const json_value *type = json_get(decl, "type");
    if (!type)
        return lc_error(lc, "prop \"%s\" is missing \"type\" (one of string, number, boolean, color, enum, "
                        "image, video, audio, list, object)", d->name);
    size_t saved = lc_push_key(lc, "type");
    if (type->type != JSON_STRING)
        return lc_expected(lc, "a prop type name", type);
    size_t t = 0;
    while (type_names[t] && strcmp(type_names[t], type->u.string.str) != 0)
        t++;
    if (!type_names[t]) {
        const char *near = suggest_closest(type->u.string.str, type_names, TYPE_COUNT);
        if (near)
            return lc_error(lc, "unknown prop type \"%.80s\" (did you mean \"%s\"?)", type->u.string.str, near);
        return lc_error(lc, "unknown prop type \"%.80s\" (expected one of string, number, boolean, color, "
                        "enum, image, video, audio, list, object)", type->u.string.str);
    }
    d->type = (decl_type)t;
    lc_pop(lc, saved);
    int rc;
    if ((rc = read_bound(lc, decl, "min", &d->min)) || (rc = read_bound(lc, decl, "max", &d->max)))
        return rc;
    if ((json_get(decl, "min") || json_get(decl, "max")) && d->type != DT_NUMBER) {
        lc_push_key(lc, json_get(decl, "min") ? "min" : "max");
        return lc_error(lc, "\"min\" and \"max\" apply to number props only");
    }
    if (d->min > d->max) {
        lc_push_key(lc, "max");
        return lc_error(lc, "\"max\" is smaller than \"min\"");
    }
    const json_value *values = json_get(decl, "values");
    if (d->type == DT_ENUM) {
        if (!values)
            return lc_error(lc, "an enum prop needs \"values\": [\"a\", \"b\", ...]");
        lc_push_key(lc, "values");
        if (values->type != JSON_ARRAY || values->u.array.count == 0)
            return lc_expected(lc, "a non-empty array of strings", values);
        for (size_t i = 0; i < values->u.array.count; i++)
            if (values->u.array.items[i]->type != JSON_STRING) {
                lc_push_index(lc, i);
                return lc_expected(lc, "a string", values->u.array.items[i]);
            }
        d->values = values;
        lc_pop(lc, saved);
    } else if (values) {
        lc_push_key(lc, "values");
        return lc_error(lc, "\"values\" applies to enum props only");
    }
    const json_value *def = json_get(decl, "default");
    if (def) {
        char err[600];
        lc_push_key(lc, "default");
        if (decl_check(lc, d, def, err, sizeof err) != 0)
            return lc_error(lc, "%s", err);
        lc_pop(lc, saved);
        d->value = def;
    }
    return 0;
}

int decls_read(load_ctx *lc, const json_value *props, prop_decl **out, size_t *count)
{
    return decls_read_key(lc, "props", props, out, count);
}

int decls_read_key(load_ctx *lc, const char *key, const json_value *props, prop_decl **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (!props)
        return 0;
    size_t saved = lc_push_key(lc, key);
    if (props->type != JSON_OBJECT)
        return lc_expected(lc, "an object of prop declarations such as {\"title\": {\"type\": \"string\"}}", props);
    size_t n = props->u.object.count;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return lc_error(lc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        size_t s2 = lc_push_key(lc, props->u.object.members[i].key);
        int rc = read_one(lc, &props->u.object.members[i], &(*out)[i]);
        if (rc)
            return rc;
        lc_pop(lc, s2);
        *count = i + 1;
    }
    lc_pop(lc, saved);
    return 0;
}

/* ---- Overrides ---- */

static int set_error(load_ctx *lc, const char *key, size_t key_len, const char *fmt, const char *arg)
{
    if (lc->diag) {
        char msg[600];
        snprintf(msg, sizeof msg, fmt, arg);
        lc->diag->pointer[0] = '\0';
        snprintf(lc->diag->message, sizeof lc->diag->message, "--set %.*s: %s", (int)(key_len > 200 ? 200 : key_len),
                 key, msg);
    }
    return REEL_EINPUT;
}

/* Types the text of a --set value or CSV cell by the declaration. */
static json_value *value_from_text(tpl_mem *m, decl_type t, const json_value *like, const char *s, char *err,
                                   size_t size)
{
    size_t n = strlen(s);
    json_value *v;
    if (t == DT_NUMBER || (like && like->type == JSON_NUMBER)) {
        double x;
        if (!num_parse(s, n, true, &x)) {
            snprintf(err, size, "expected a number, got \"%.60s\"", s);
            return NULL;
        }
        if ((v = tpl_node(m, JSON_NUMBER, 0, 0)))
            v->u.number = x;
        return v;
    }
    if (t == DT_BOOLEAN || (like && like->type == JSON_BOOL)) {
        if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
            snprintf(err, size, "expected true or false, got \"%.60s\"", s);
            return NULL;
        }
        if ((v = tpl_node(m, JSON_BOOL, 0, 0)))
            v->u.boolean = s[0] == 't';
        return v;
    }
    if (t == DT_LIST || t == DT_OBJECT) {
        json_error jerr;
        json_value *doc = json_parse(s, n, &jerr);
        if (!doc) {
            snprintf(err, size, "expected %s as JSON: column %d: %s", t == DT_LIST ? "a list" : "an object",
                     jerr.column, jerr.message);
            return NULL;
        }
        return tpl_adopt(m, doc) ? doc : NULL;
    }
    return tpl_string(m, s, n, 0, 0);
}

/* A copy of object obj with the field at path[0..n) set to leaf. */
static json_value *with_field(tpl_mem *m, const json_value *obj, const char *path, const char *text, bool *bad,
                              char *err, size_t size)
{
    const char *dot = strchr(path, '.');
    size_t klen = dot ? (size_t)(dot - path) : strlen(path);
    if (klen == 0) {
        *bad = true;
        snprintf(err, size, "empty field name");
        return NULL;
    }
    if (obj && obj->type != JSON_OBJECT) {
        *bad = true;
        snprintf(err, size, "\"%.*s\" is inside a value that is not an object", (int)klen, path);
        return NULL;
    }
    /* A missing object on the way is made, so info.who.name=Ada works on {}. */
    size_t n = obj ? obj->u.object.count : 0, at = n;
    for (size_t i = 0; i < n; i++)
        if (obj->u.object.members[i].key_len == klen && memcmp(obj->u.object.members[i].key, path, klen) == 0)
            at = i;
    json_value *copy = tpl_node(m, JSON_OBJECT, obj ? obj->line : 0, obj ? obj->column : 0);
    json_member *mem = tpl_alloc(m, (n + 1) * sizeof *mem);
    if (!copy || !mem)
        return NULL;
    if (n)
        memcpy(mem, obj->u.object.members, n * sizeof *mem);
    if (at == n) {
        char *key = tpl_alloc(m, klen + 1);
        if (!key)
            return NULL;
        memcpy(key, path, klen);
        mem[n] = (json_member){.key = key, .key_len = klen};
        copy->u.object.count = n + 1;
    } else {
        copy->u.object.count = n;
    }
    copy->u.object.members = mem;
    const json_value *old = at < n ? mem[at].value : NULL;
    json_value *nv = dot ? with_field(m, old, dot + 1, text, bad, err, size)
                         : value_from_text(m, DT_STRING, old, text, err, size);
    if (!nv) {
        *bad |= !dot;
        return NULL;
    }
    mem[at].value = nv;
    return copy;
}

static int apply_set(load_ctx *lc, prop_decl *d, size_t count, const char *set, tpl_mem *m)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set)
        return set_error(lc, set, eq ? 0 : strlen(set), "expected KEY=VALUE, got \"%.80s\"", set);
    size_t key_len = (size_t)(eq - set);
    const char *dot = memchr(set, '.', key_len);
    size_t name_len = dot ? (size_t)(dot - set) : key_len;
    prop_decl *p = decls_find(d, count, set, name_len);
    char err[600];
    if (!p) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(name_len < 100 ? name_len : 100), set);
        decls_unknown(d, count, name, err, sizeof err);
        return set_error(lc, set, key_len, "%s", err);
    }
    json_value *v;
    if (dot) {
        if (p->type != DT_OBJECT)
            return set_error(lc, set, key_len, "%s", "only object props have fields to set");
        char *path = tpl_alloc(m, key_len - name_len);
        if (!path)
            return lc_error(lc, "out of memory");
        memcpy(path, dot + 1, key_len - name_len - 1);
        bool bad = false;
        err[0] = '\0';
        v = with_field(m, p->value, path, eq + 1, &bad, err, sizeof err);
        if (!v)
            return bad || err[0] ? set_error(lc, set, key_len, "%s", err) : lc_error(lc, "out of memory");
    } else {
        err[0] = '\0';
        v = value_from_text(m, p->type, NULL, eq + 1, err, sizeof err);
        if (!v)
            return err[0] ? set_error(lc, set, key_len, "%s", err) : lc_error(lc, "out of memory");
    }
    if (decl_check(lc, p, v, err, sizeof err) != 0)
        return set_error(lc, set, key_len, "%s", err);
    p->value = v;
    return 0;
}

static int props_file_error(load_ctx *lc, const char *name, const char *pointer, int line, int column,
                            const char *msg)
{
    if (lc->diag) {
        snprintf(lc->diag->file, sizeof lc->diag->file, "%s", name);
        snprintf(lc->diag->pointer, sizeof lc->diag->pointer, "%s", pointer);
        lc->diag->line = line;
        lc->diag->column = column;
        snprintf(lc->diag->message, sizeof lc->diag->message, "%s", msg);
    }
    return REEL_EINPUT;
}

static int apply_props_json(load_ctx *lc, prop_decl *d, size_t count, const template_inputs *in, tpl_mem *m)
{
    const char *name = in->props_name ? in->props_name : "props";
    json_error jerr;
    json_value *doc = json_parse(in->props_json, in->props_json_len, &jerr);
    if (!doc)
        return props_file_error(lc, name, "", jerr.line, jerr.column, jerr.message);
    if (!tpl_adopt(m, doc))
        return lc_error(lc, "out of memory");
    char msg[700], got[96];
    if (doc->type != JSON_OBJECT) {
        json_describe(doc, got, sizeof got);
        snprintf(msg, sizeof msg, "expected an object of prop values such as {\"title\": \"Hello\"}, got %s", got);
        return props_file_error(lc, name, "", 0, 0, msg);
    }
    for (size_t i = 0; i < doc->u.object.count; i++) {
        const json_member *mb = &doc->u.object.members[i];
        char pointer[200];
        snprintf(pointer, sizeof pointer, "/%.180s", mb->key);
        prop_decl *p = decls_find(d, count, mb->key, mb->key_len);
        if (!p) {
            decls_unknown(d, count, mb->key, msg, sizeof msg);
            return props_file_error(lc, name, pointer, 0, 0, msg);
        }
        if (decl_check(lc, p, mb->value, msg, sizeof msg) != 0)
            return props_file_error(lc, name, pointer, 0, 0, msg);
        p->value = mb->value;
    }
    return 0;
}

int decls_apply_inputs(load_ctx *lc, prop_decl *d, size_t count, const template_inputs *in, tpl_mem *m)
{
    int rc;
    if (in && in->props_json && (rc = apply_props_json(lc, d, count, in, m)))
        return rc;
    for (size_t i = 0; in && i < in->set_count; i++)
        if ((rc = apply_set(lc, d, count, in->sets[i], m)))
            return rc;
    return 0;
}

/* Scene templates: prop declarations, their values (defaults, a props JSON,
 * key=value overrides), and the expansion pass that turns a template into a
 * plain scene tree before the loader sees it: {{...}} substitution, "if" and
 * "repeat" on layers. See docs/templates.md.
 *
 * The expanded tree keeps the source positions (line, column) of the values it
 * was made from, so later errors still point into the scene file. */
#ifndef REEL_TEMPLATE_H
#define REEL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "scene/load_ctx.h"
#include "util/json.h"
#include "util/json_write.h"

#define TEMPLATE_MAX_INSTANCES 100000   /* layers made by "repeat", in all */

/* Owns every node the expansion makes, and parsed override documents. */
typedef struct tpl_mem {
    void **blocks;
    size_t count, cap;
    json_value **docs;
    size_t doc_count, doc_cap;
} tpl_mem;

void *tpl_alloc(tpl_mem *m, size_t size);                 /* zeroed; NULL when out of memory */
json_value *tpl_node(tpl_mem *m, json_type t, int line, int column);
json_value *tpl_string(tpl_mem *m, const char *s, size_t n, int line, int column);
bool tpl_adopt(tpl_mem *m, json_value *doc);             /* frees doc on failure */
void tpl_mem_free(tpl_mem *m);

typedef enum decl_type {
    DT_STRING, DT_NUMBER, DT_BOOLEAN, DT_COLOR, DT_ENUM, DT_IMAGE, DT_VIDEO, DT_AUDIO, DT_LIST, DT_OBJECT
} decl_type;

typedef struct prop_decl {
    const char *name;
    decl_type type;
    double min, max;                /* DT_NUMBER */
    const json_value *values;       /* DT_ENUM: array of the allowed strings */
    const json_value *value;        /* the current value; NULL: required and not (yet) given */
    bool used;
} prop_decl;

typedef struct template_inputs {
    const char *props_json;         /* an object of prop values, or NULL */
    size_t props_json_len;
    const char *props_name;         /* its name in messages */
    const char *const *sets;        /* "key=value" or "key.field=value" texts, applied in order */
    size_t set_count;
} template_inputs;

typedef struct template_output {
    const json_value *root;         /* the expanded scene (the input root when there is nothing to do) */
    tpl_mem mem;
    text_buf identity;              /* the final props as canonical JSON; empty when none declared */
    bool reshaped;                  /* "if"/"repeat" changed a layer list: loader pointers are
                                       into the expanded scene, not the file */
} template_output;

/* Reads the declarations of root["props"] (pointer /props/...). */
int decls_read(load_ctx *lc, const json_value *props, prop_decl **out, size_t *count);

/* The same under another key (a composition's "params"). */
int decls_read_key(load_ctx *lc, const char *key, const json_value *props, prop_decl **out, size_t *count);

/* Expands a layer array (with "if" and "repeat") using the given
 * declarations as its props (compositions: their params). Nodes are made in m. */
int template_expand_layers(load_ctx *lc, prop_decl *decls, size_t count, const json_value *arr, tpl_mem *m,
                           json_value **out);

/* NULL when name[0..len) is not declared. */
prop_decl *decls_find(prop_decl *d, size_t count, const char *name, size_t len);

/* An error for an undeclared name: "unknown prop "x" (did you mean "y"?)" into buf. */
void decls_unknown(const prop_decl *d, size_t count, const char *name, char *buf, size_t size);

/* Checks v against d: 0, or -1 with "expected ..., got ..." in err. */
int decl_check(load_ctx *lc, const prop_decl *d, const json_value *v, char *err, size_t size);

/* Applies the props JSON and the key=value list of in to the declarations. */
int decls_apply_inputs(load_ctx *lc, prop_decl *d, size_t count, const template_inputs *in, tpl_mem *m);

/* Expands root. On success fills out (free with template_output_free); on
 * failure fills lc's diagnostic and returns REEL_EINPUT or REEL_ENOMEM. */
int template_expand(load_ctx *lc, const json_value *root, const template_inputs *in, template_output *out);
void template_output_free(template_output *out);

/* After "if"/"repeat" reshaped the layers, a loader error's pointer is into
 * the expanded scene; this appends where that value came from in the file
 * ("(template line 12, column 9)") to diag's message. */
void template_annotate(const json_value *expanded, reel_diag *diag);

#endif

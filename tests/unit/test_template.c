/* The template expansion pass on its own: typed and text substitution,
 * positions kept, escapes, if/repeat, and the props identity text. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scene/template.h"
#include "util/json_write.h"

typedef struct fixture {
    scene s;
    reel_diag diag;
    load_ctx lc;
    json_value *root;
    template_output out;
    int rc;
} fixture;

static void expand(fixture *f, const char *json, const char *const *sets, size_t set_count)
{
    memset(f, 0, sizeof *f);
    f->s.base_dir = "";
    f->lc = (load_ctx){.scene = &f->s, .diag = &f->diag};
    json_error err;
    f->root = json_parse(json, strlen(json), &err);
    template_inputs in = {.sets = sets, .set_count = set_count};
    f->rc = template_expand(&f->lc, f->root, &in, &f->out);
}

static char *text_of(const json_value *v)
{
    text_buf b = {0};
    json_write(&b, v);
    return b.data;
}

static void done(fixture *f)
{
    template_output_free(&f->out);
    json_free(f->root);
}

static void whole_string_takes_the_typed_value(void)
{
    fixture f;
    expand(&f, "{\"props\": {\"l\": {\"type\": \"list\", \"default\": [1, {\"a\": true}]}},\n"
               " \"x\": \"{{l}}\", \"y\": \"{{l.1.a}}\", \"z\": \" {{l.0}}\"}", NULL, 0);
    CHECK_EQ_INT(f.rc, 0);
    char *t = text_of(f.out.root);
    CHECK_STR(t, "{\"x\":[1,{\"a\":true}],\"y\":true,\"z\":\" 1\"}");
    free(t);
    /* The produced list sits where the template string was: line 2, column 7. */
    const json_value *x = json_get(f.out.root, "x");
    CHECK_EQ_INT(x->line, 2);
    CHECK_EQ_INT(x->column, 7);
    CHECK_EQ_INT(x->u.array.items[1]->line, 2);
    done(&f);
}

static void arithmetic_and_functions(void)
{
    fixture f;
    expand(&f, "{\"props\": {\"n\": {\"type\": \"number\", \"default\": 7}},"
               " \"a\": \"{{(n + 1) * 2 - -1}}\", \"b\": \"{{n / 2}}px\", \"c\": \"{{str(n)}}\", \"d\": \"{{round(n / 2)}}\"}",
           NULL, 0);
    CHECK_EQ_INT(f.rc, 0);
    char *t = text_of(f.out.root);
    CHECK_STR(t, "{\"a\":17,\"b\":\"3.5px\",\"c\":\"7\",\"d\":4}");
    free(t);
    done(&f);
}

static void escape_writes_literal_braces(void)
{
    fixture f;
    expand(&f, "{\"a\": \"\\\\{{name}} and \\\\{{\"}", NULL, 0);
    CHECK_EQ_INT(f.rc, 0);
    CHECK_STR(json_get(f.out.root, "a")->u.string.str, "{{name}} and {{");
    done(&f);
}

static void repeat_and_if_shape_layers(void)
{
    fixture f;
    const char *sets[] = {"mode=b", "items=[\"x\",\"y\",\"z\"]"};
    expand(&f, "{\"props\": {\"mode\": {\"type\": \"enum\", \"values\": [\"a\", \"b\"], \"default\": \"a\"},"
               " \"items\": {\"type\": \"list\", \"default\": []}},"
               " \"layers\": [{\"id\": \"t\", \"repeat\": {\"each\": \"{{items}}\"}, \"if\": \"{{index}} != 1\","
               " \"text\": \"{{index}}:{{item}}\"},"
               " {\"id\": \"b\", \"if\": \"{{mode}} == 'b'\"}, {\"id\": \"a\", \"if\": \"!{{mode == 0}}\"}]}",
           sets, 2);
    CHECK_EQ_INT(f.rc, REEL_EINPUT);   /* "mode == 0" is not an expression */
    done(&f);
    expand(&f, "{\"props\": {\"mode\": {\"type\": \"enum\", \"values\": [\"a\", \"b\"], \"default\": \"a\"},"
               " \"items\": {\"type\": \"list\", \"default\": []}},"
               " \"layers\": [{\"id\": \"t\", \"repeat\": {\"each\": \"{{items}}\"}, \"if\": \"{{index}} != 1\","
               " \"text\": \"{{index}}:{{item}}\"},"
               " {\"id\": \"b\", \"if\": \"{{mode}} == 'b'\"}, {\"id\": \"a\", \"if\": \"{{mode}} == 'a'\"}]}",
           sets, 2);
    CHECK_EQ_INT(f.rc, 0);
    CHECK(f.out.reshaped);
    char *t = text_of(f.out.root);
    CHECK_STR(t, "{\"layers\":[{\"id\":\"t-0\",\"text\":\"0:x\"},{\"id\":\"t-2\",\"text\":\"2:z\"},{\"id\":\"b\"}]}");
    free(t);
    CHECK_STR(f.out.identity.data, "{\"mode\":\"b\",\"items\":[\"x\",\"y\",\"z\"]}");
    done(&f);
}

static void nested_set_keeps_field_types(void)
{
    fixture f;
    const char *sets[] = {"info.n=5", "info.who.name=Ada"};
    expand(&f, "{\"props\": {\"info\": {\"type\": \"object\", \"default\": {\"n\": 1, \"s\": \"x\"}}}, \"v\": \"{{info}}\"}",
           sets, 2);
    CHECK_EQ_INT(f.rc, 0);
    char *t = text_of(f.out.root);
    CHECK_STR(t, "{\"v\":{\"n\":5,\"s\":\"x\",\"who\":{\"name\":\"Ada\"}}}");
    free(t);
    done(&f);
}

static void scene_without_props_has_no_identity(void)
{
    fixture f;
    expand(&f, "{\"width\": 8, \"layers\": [{\"type\": \"rect\"}]}", NULL, 0);
    CHECK_EQ_INT(f.rc, 0);
    CHECK_EQ_INT(f.out.identity.len, 0);
    CHECK(!f.out.reshaped);
    done(&f);
}

static void errors_name_the_place(void)
{
    fixture f;
    expand(&f, "{\"props\": {\"n\": {\"type\": \"number\", \"default\": 1}}, \"layers\": [{\"w\": \"{{n.x}}\"}]}", NULL, 0);
    CHECK_EQ_INT(f.rc, REEL_EINPUT);
    CHECK_STR(f.diag.pointer, "/layers/0/w");
    CHECK_STR(f.diag.message, "{{n.x}}: \"n\" is not inside an object or list");
    done(&f);
}

int main(void)
{
    RUN(whole_string_takes_the_typed_value);
    RUN(arithmetic_and_functions);
    RUN(escape_writes_literal_braces);
    RUN(repeat_and_if_shape_layers);
    RUN(nested_set_keeps_field_types);
    RUN(scene_without_props_has_no_identity);
    RUN(errors_name_the_place);
    return CHECK_EXIT();
}

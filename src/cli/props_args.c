/* --props and --set for every command that loads a scene. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/props_args.h"
#include "util/files.h"

#define PROPS_FILE_LIMIT (16u * 1024 * 1024)

int props_args_take(props_args *pa, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    bool is_set = strcmp(a, "--set") == 0;
    if (!is_set && strcmp(a, "--props") != 0)
        return 0;
    if (*i + 1 >= argc)
        return -1;
    const char *v = argv[++*i];
    if (is_set)
        pa->sets[pa->set_count++] = v;
    else
        pa->props_path = v;
    return 1;
}

int props_args_load(props_args *pa, reel_load_options *lo)
{
    lo->sets = pa->sets;
    lo->set_count = pa->set_count;
    if (!pa->props_path)
        return 0;
    size_t len;
    char err[600];
    if (file_read_all(pa->props_path, PROPS_FILE_LIMIT, &pa->props_text, &len, err, sizeof err) != 0) {
        fprintf(stderr, "reel: --props: %s\n", err);
        return 2;
    }
    lo->props_json = pa->props_text;
    lo->props_json_len = len;
    lo->props_name = pa->props_path;
    return 0;
}

void props_args_free(props_args *pa)
{
    free(pa->props_text);
    pa->props_text = NULL;
}

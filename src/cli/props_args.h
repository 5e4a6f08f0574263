/* The template options shared by validate, still, render and batch:
 * --props FILE (a JSON object of prop values) and --set KEY=VALUE (repeatable). */
#ifndef REEL_CLI_PROPS_ARGS_H
#define REEL_CLI_PROPS_ARGS_H

#include <stddef.h>

#include "reel.h"

typedef struct props_args {
    const char *props_path;
    const char **sets;          /* caller's array with room for argc entries */
    size_t set_count;
    char *props_text;           /* read by props_args_load */
} props_args;

/* Consumes argv[*i] (and its value) when it is --props or --set: returns 1;
 * 0 when it is something else; -1 when the value is missing. */
int props_args_take(props_args *pa, int argc, char **argv, int *i);

/* Reads the props file and points lo at the props. Returns 0, or prints why
 * and returns 2 (bad input). Call props_args_free after loading. */
int props_args_load(props_args *pa, reel_load_options *lo);

void props_args_free(props_args *pa);

#endif

/* reel validate --json: the loaded scene's size, rate and resolved layer
 * times, for tools and tests that need to see where times landed. */
#ifndef REEL_CLI_SCENE_JSON_H
#define REEL_CLI_SCENE_JSON_H

#include <stdio.h>

#include "reel.h"

void scene_json_print(FILE *f, const char *path, const reel_scene *scene);

#endif

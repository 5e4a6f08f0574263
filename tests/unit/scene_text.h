/* For unit tests that render scenes written inline: loads JSON text (assets
 * relative to the repository root, where the tests run), printing the
 * loader's message when it fails. */
#ifndef REEL_TEST_SCENE_TEXT_H
#define REEL_TEST_SCENE_TEXT_H

#include <stdio.h>
#include <string.h>

#include "scene/scene_load.h"

static scene *scene_from_text(const char *json)
{
    scene *s = NULL;
    reel_diag d;
    if (scene_load(&s, json, strlen(json), "t.json", ".", NULL, &d) != 0) {
        char msg[600];
        reel_diag_format(&d, msg, sizeof msg);
        fprintf(stderr, "  load: %s\n", msg);
    }
    return s;
}

#endif

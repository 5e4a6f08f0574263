/* Entry points of the scene loader (the public API wraps these). */
#ifndef REEL_SCENE_LOAD_H
#define REEL_SCENE_LOAD_H

#include <stddef.h>

#include "reel.h"
#include "scene/props.h"
#include "scene/scene.h"
#include "scene/template.h"

typedef struct scene_load_options {
    rational fps;                   /* num > 0: render at this rate (the scene must allow it) */
    const char *asset_root;         /* non-NULL: every asset must resolve inside this directory */
    template_inputs props;          /* prop values for a template scene */
} scene_load_options;

/* Parses and validates text as a scene. name is used in messages; base_dir is
 * where relative asset paths resolve. On failure *out is NULL and diag (if not
 * NULL) says why. */
int scene_load(scene **out, const char *text, size_t len, const char *name, const char *base_dir,
               const scene_load_options *opts, reel_diag *diag);

void scene_free(scene *s);

/* The scene's own property rows, for docs. */
extern const prop_desc scene_props[];
extern const size_t scene_prop_count;

#endif

/* Prints a loaded scene as one JSON object:
 *
 *   {"scene": PATH, "width": W, "height": H, "fps": "30/1", "frames": N,
 *    "layers": [{"pointer": "/layers/0", "type": "rect", "id": "title",
 *                "start": 0, "end": 90, "scene_start": 0, "scene_end": 90}, ...]}
 *
 * Layers are listed in document order, nested ones included; start/end are
 * frames on the parent's timeline, scene_start/scene_end on the scene's. */
#include "cli/scene_json.h"

#include <inttypes.h>

#include "scene/scene.h"

static void print_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

static void print_layers(FILE *f, layer *const *layers, size_t n, int64_t origin, bool *first)
{
    for (size_t i = 0; i < n; i++) {
        const layer *l = layers[i];
        fputs(*first ? "\n  " : ",\n  ", f);
        *first = false;
        fputs("{\"pointer\": ", f);
        print_string(f, l->pointer);
        fputs(", \"type\": ", f);
        print_string(f, l->type->name);
        if (l->values[SLOT_ID].str) {
            fputs(", \"id\": ", f);
            print_string(f, l->values[SLOT_ID].str);
        }
        fprintf(f, ", \"start\": %" PRId64 ", \"end\": %" PRId64 ", \"scene_start\": %" PRId64
                   ", \"scene_end\": %" PRId64 "}",
                l->start, l->end, origin + l->start, origin + l->end);
        print_layers(f, l->children, l->child_count, origin + l->start, first);
    }
}

void scene_json_print(FILE *f, const char *path, const reel_scene *s)
{
    fputs("{\"scene\": ", f);
    print_string(f, path);
    fprintf(f, ", \"width\": %d, \"height\": %d, \"fps\": \"%" PRId64 "/%" PRId64 "\", \"frames\": %" PRId64
               ", \"layers\": [",
            s->width, s->height, s->fps.num, s->fps.den, s->frames);
    bool first = true;
    print_layers(f, s->layers, s->layer_count, 0, &first);
    fputs(first ? "]}\n" : "\n]}\n", f);
}

/* Fuzz target: scene loading and validation from memory (scene_load).
 *
 * A scene either loads and then keeps every documented limit (canvas, frame
 * count, layer count, nesting, keyframes, gradient stops, finite animated
 * values), or fails with REEL_EINPUT and a diagnostic that names the file and
 * a place. Relative asset paths resolve in fuzz_asset_dir(), which holds a
 * valid PNG ("a.png") and font ("f.otf"). The input's length picks the load
 * options, so the asset sandbox and the frame-rate override get fuzzed too:
 * a length divisible by 4 sets asset_root, one of the form 8k+1 asks for 24 fps. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "scene/load_ctx.h"
#include "scene/scene_load.h"

static void check_track(const track *tr, double fps, int64_t frames)
{
    if (tr->components == 0) {     /* an optional property left unset */
        FUZZ_CHECK(tr->count == 0);
        return;
    }
    FUZZ_CHECK(tr->components >= 1 && tr->components <= TRACK_MAX_COMPONENTS);
    FUZZ_CHECK(tr->count <= LIMIT_KEYFRAMES);
    for (size_t k = 0; k < tr->count; k++) {
        FUZZ_CHECK(tr->keys[k].time >= 0);
        FUZZ_CHECK(k == 0 || tr->keys[k].time > tr->keys[k - 1].time);
        if (tr->keys[k].ease.kind == EASING_STEPS)
            FUZZ_CHECK(tr->keys[k].ease.steps >= 1);
    }
    const double times[] = {-1, 0, 0.5, 1, 2.25, (double)frames / 2, (double)frames - 1, 1e6};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        double out[TRACK_MAX_COMPONENTS];
        track_eval(tr, times[i], fps, out);
        for (int c = 0; c < tr->components; c++)
            FUZZ_CHECK(isfinite(out[c]));
    }
    if (tr->count > 1) {
        /* Just inside each segment, where eased values are most extreme. */
        for (size_t k = 0; k + 1 < tr->count; k++) {
            double out[TRACK_MAX_COMPONENTS];
            double t = tr->keys[k].time + (tr->keys[k + 1].time - tr->keys[k].time) * 0.37;
            track_eval(tr, t, fps, out);
            for (int c = 0; c < tr->components; c++)
                FUZZ_CHECK(isfinite(out[c]));
        }
    }
}

static void check_paint(const paint *p, double fps, int64_t frames)
{
    switch (p->type) {
    case PAINT_NONE:
        break;
    case PAINT_SOLID:
        check_track(&p->color, fps, frames);
        break;
    case PAINT_LINEAR:
    case PAINT_RADIAL:
        FUZZ_CHECK(p->stop_count >= 2);
        for (size_t i = 0; i < p->stop_count; i++) {
            FUZZ_CHECK(p->stops[i].offset >= 0 && p->stops[i].offset <= 1);
            FUZZ_CHECK(i == 0 || p->stops[i].offset >= p->stops[i - 1].offset);
            for (int c = 0; c < 4; c++)
                FUZZ_CHECK(p->stops[i].color[c] >= 0 && p->stops[i].color[c] <= 1);
        }
        if (p->type == PAINT_RADIAL)
            FUZZ_CHECK(p->radius > 0 && isfinite(p->radius));
        break;
    }
}

static int check_layers(layer *const *layers, size_t count, int64_t parent_frames, double fps, int depth)
{
    FUZZ_CHECK(depth <= LIMIT_NESTING + 1);
    int total = 0;
    for (size_t i = 0; i < count; i++) {
        const layer *l = layers[i];
        FUZZ_CHECK(l != NULL && l->type != NULL);
        FUZZ_CHECK(l->start >= 0 && l->start < l->end);
        FUZZ_CHECK(l->pointer[0] == '/');
        for (size_t slot = 0; slot < l->value_count; slot++) {
            const prop_desc *d = layer_slot_desc(l->type, slot);
            const prop_value *v = &l->values[slot];
            if (d->kind == PROP_NUMBER || d->kind == PROP_POINT || d->kind == PROP_COLOR)
                check_track(&v->track, fps, l->end - l->start);
            else if (d->kind == PROP_PAINT)
                check_paint(&v->paint, fps, l->end - l->start);
            else if ((d->kind == PROP_STRING || d->kind == PROP_FILE) && v->str)
                FUZZ_CHECK(strlen(v->str) <= LIMIT_STRING + 4096);
        }
        total += 1 + check_layers(l->children, l->child_count, l->end - l->start, fps, depth + 1);
    }
    (void)parent_frames;
    return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scene_load_options opts;
    memset(&opts, 0, sizeof opts);
    if (size % 4 == 0)
        opts.asset_root = fuzz_asset_dir();
    if (size % 8 == 1)
        opts.fps = (rational){24, 1};
    scene *s = NULL;
    reel_diag diag;
    memset(&diag, 0x55, sizeof diag);   /* the loader must fill it, not rely on zeros */
    int rc = scene_load(&s, (const char *)data, size, "fuzz.json", fuzz_asset_dir(), &opts, &diag);
    if (rc != 0) {
        FUZZ_CHECK(s == NULL);
        FUZZ_CHECK(rc == REEL_EINPUT || rc == REEL_ENOMEM);
        FUZZ_CHECK(memchr(diag.message, '\0', sizeof diag.message) != NULL && diag.message[0] != '\0');
        FUZZ_CHECK(memchr(diag.pointer, '\0', sizeof diag.pointer) != NULL);
        FUZZ_CHECK(diag.pointer[0] == '\0' || diag.pointer[0] == '/');
        FUZZ_CHECK(strcmp(diag.file, "fuzz.json") == 0);
        FUZZ_CHECK(diag.line >= 0 && diag.column >= 0 && (diag.line > 0) == (diag.column > 0));
        if (diag.line > 0)
            FUZZ_CHECK(diag.pointer[0] == '\0');
        char line[64];
        reel_diag_format(&diag, line, sizeof line);
        FUZZ_CHECK(memchr(line, '\0', sizeof line) != NULL);
        return 0;
    }
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(s->width >= 1 && s->width <= LIMIT_CANVAS_SIDE);
    FUZZ_CHECK(s->height >= 1 && s->height <= LIMIT_CANVAS_SIDE);
    FUZZ_CHECK((long long)s->width * s->height <= LIMIT_CANVAS_PIXELS);
    FUZZ_CHECK(s->fps.num > 0 && s->fps.den > 0 && s->fps.num <= 1000 * s->fps.den);
    FUZZ_CHECK(s->frames >= 1 && s->frames <= LIMIT_FRAMES);
    double fps = scene_fps(s);
    check_track(&s->background, fps, s->frames);
    int total = check_layers(s->layers, s->layer_count, s->frames, fps, 0);
    FUZZ_CHECK(total == s->total_layers && total <= LIMIT_LAYERS);
    scene_free(s);
    return 0;
}

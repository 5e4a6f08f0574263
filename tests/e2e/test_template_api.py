"""The props fields of reel_load_options, used from C against the public
header and the shared library alone."""
import os
import subprocess

from test_c_api import sanitizer_flags

PROGRAM = r'''
#include <stdio.h>
#include <string.h>
#include "reel.h"

static const char *scene =
    "{\"width\": 4, \"height\": 4, \"duration\": \"1f\","
    " \"props\": {\"fill\": {\"type\": \"color\", \"default\": \"#000000\"},"
    "             \"alpha\": {\"type\": \"number\", \"min\": 0, \"max\": 1, \"default\": 1}},"
    " \"layers\": [{\"type\": \"rect\", \"width\": 4, \"height\": 4, \"fill\": \"{{fill}}\", \"opacity\": \"{{alpha}}\"}]}";

int main(void)
{
    const char *props = "{\"fill\": \"#FF0000\", \"alpha\": 0.5}";
    const char *sets[] = {"fill=#00FF00", "alpha=1"};
    reel_load_options lo = {0};
    lo.props_json = props;
    lo.props_json_len = strlen(props);
    lo.props_name = "mine.json";
    for (int pass = 0; pass < 2; pass++) {
        lo.sets = pass ? sets : NULL;
        lo.set_count = pass ? 2 : 0;
        reel_scene *s;
        reel_diag d;
        if (reel_scene_load_memory_ex(&s, scene, strlen(scene), "t.json", NULL, &lo, &d)) {
            char line[1024];
            fprintf(stderr, "%s\n", reel_diag_format(&d, line, sizeof line));
            return 1;
        }
        unsigned char px[4 * 4 * 4];
        if (reel_render_frame(s, 0, px, 16, &d))
            return 1;
        printf("%u %u %u %u\n", px[2], px[1], px[0], px[3]);   /* BGRA */
        reel_scene_free(&s);
    }
    const char *bad[] = {"alpha=2"};
    lo.sets = bad;
    lo.set_count = 1;
    reel_scene *s;
    reel_diag d;
    int rc = reel_scene_load_memory_ex(&s, scene, strlen(scene), "t.json", NULL, &lo, &d);
    printf("%d %s %s\n", rc, s == NULL ? "null" : "scene", d.message);
    return 0;
}
'''


def test_props_through_load_options(ctx):
    src = ctx.path("props.c")
    with open(src, "w") as f:
        f.write(PROGRAM)
    exe = src[:-2]
    lib = os.path.join(ctx.build, "src")
    proc = subprocess.run(["cc", "-std=c17", "-Wall", "-Wextra", "-Werror", *sanitizer_flags(ctx.build),
                           "-I", os.path.join(ctx.root, "include"), src, "-L", lib, "-lreel", "-o", exe],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    env = dict(os.environ, LD_LIBRARY_PATH=lib)
    proc = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    # The props JSON gives red at half opacity over black (premultiplied: 128);
    # the sets then win: opaque green. A value out of range is refused.
    assert proc.stdout.splitlines() == [
        "128 0 0 255",
        "0 255 0 255",
        '-2 null --set alpha: expected a number from 0 to 1, got 2',
    ], proc.stdout

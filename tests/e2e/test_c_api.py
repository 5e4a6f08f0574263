"""examples/c/hello.c builds against reel.h and libreel alone, and renders."""
import os
import subprocess

from helpers import decode_rgb, pixel, video_stream


def test_c_example_renders(ctx):
    exe = os.path.join(ctx.build, "tests", "example_hello")
    out_dir = os.path.dirname(ctx.path("x"))
    proc = subprocess.run([exe, out_dir], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    video = os.path.join(out_dir, "hello-c.mp4")
    assert proc.stdout.strip() == f"{out_dir}/hello-c.png {video} (640x360, 60 frames)"
    s = video_stream(video)
    assert int(s["nb_read_frames"]) == 60 and s["codec_name"] == "h264"
    r, g, b = pixel(decode_rgb(video, 59, 640, 360), 640, 320, 300)
    assert abs(r - 255) <= 2 and abs(g - 90) <= 2 and abs(b - 31) <= 2, (r, g, b)


def test_public_header_compiles_alone(ctx):
    src = ctx.path("only_header.c")
    with open(src, "w") as f:
        f.write('#include "reel.h"\nint main(void) { return reel_version()[0] ? 0 : 1; }\n')
    proc = subprocess.run(["cc", "-std=c17", "-Wall", "-Wextra", "-Werror", "-pedantic",
                           "-I", os.path.join(ctx.root, "include"), "-c", src, "-o", src + ".o"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr

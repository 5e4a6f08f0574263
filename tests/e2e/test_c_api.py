"""examples/c/hello.c builds against reel.h and libreel alone, and renders."""
import json
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


def sanitizer_flags(build):
    """A sanitized library needs its sanitizers linked into programs using it."""
    opts = json.loads(subprocess.run(["meson", "introspect", "--buildoptions", build], capture_output=True,
                                     text=True, check=True).stdout)
    value = next(o["value"] for o in opts if o["name"] == "b_sanitize")
    return [] if value == "none" else [f"-fsanitize={value}"]


def test_meson_install_and_pkg_config(ctx):
    dest = os.path.dirname(ctx.path("x")) + "/dest"
    proc = subprocess.run(["meson", "install", "-C", ctx.build, "--destdir", dest, "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    found = {}
    for root, _, files in os.walk(dest):
        for f in files:
            found[f] = os.path.join(root, f)
    assert "reel.h" in found and "reel.pc" in found and "libreel.so" in found and "reel" in found, sorted(found)
    env = dict(os.environ, PKG_CONFIG_SYSROOT_DIR=dest, PKG_CONFIG_PATH=os.path.dirname(found["reel.pc"]))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "reel"], capture_output=True, text=True,
                           env=env, check=True).stdout.split()
    exe = os.path.join(dest, "hello")
    proc = subprocess.run(["cc", "-std=c17", "-Wall", "-Wextra", "-Werror", *sanitizer_flags(ctx.build),
                           os.path.join(ctx.root, "examples", "c", "hello.c"), *flags, "-o", exe],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out_dir = os.path.dirname(exe)
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.dirname(found["libreel.so"]))
    proc = subprocess.run([exe, out_dir], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert os.path.getsize(os.path.join(out_dir, "hello-c.mp4")) > 1000

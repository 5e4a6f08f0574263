"""A small render is valgrind-clean: no invalid reads or writes, nothing
definitely or indirectly lost. (Skipped in sanitizer builds, which cannot run
under valgrind; they have LeakSanitizer instead.) No image layer: FFmpeg's
image scaler uses AVX-512 instructions that valgrind 3.19 cannot execute."""
import json
import re
import subprocess


def sanitized(build):
    opts = json.loads(subprocess.run(["meson", "introspect", "--buildoptions", build], capture_output=True,
                                     text=True, check=True).stdout)
    return next(o["value"] for o in opts if o["name"] == "b_sanitize") != "none"


def test_render_under_valgrind(ctx):
    if sanitized(ctx.build):
        return
    scene = ctx.write_scene({
        "width": 64, "height": 48, "fps": 30, "duration": "6f", "background": "#0B1F3A",
        "layers": [
            {"type": "rect", "width": 30, "height": 20, "fill": "#FF5A1F",
             "position": [{"time": 0, "value": [0, 0]}, {"time": "5f", "value": [30, 20]}]},
            {"type": "text", "text": "vg", "font_size": 16, "position": [4, 24]},
        ]})
    out = ctx.path("vg.mp4")
    proc = subprocess.run(["valgrind", "--leak-check=full", "--error-exitcode=9", ctx.reel_bin, "render",
                           scene, "-o", out, "--quiet", "--threads", "2"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ERROR SUMMARY: 0 errors" in proc.stderr, proc.stderr[-3000:]
    for kind in ("definitely", "indirectly"):
        m = re.search(kind + r" lost: ([\d,]+) bytes", proc.stderr)
        assert m is None or m.group(1) == "0", proc.stderr[-3000:]

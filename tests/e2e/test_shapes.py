"""Shape, SVG and Lottie layers in whole renders: a Lottie animates inside a
segment even though none of its properties is keyframed (the static-span
cache must not freeze it), and a scene with a morph, a trim, an SVG and a
Lottie renders to identical lossless bytes with 1 and 2 workers."""
import os

from helpers import decode_rgb, pixel, sha256

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASSETS = os.path.join(ROOT, "tests", "assets")


def test_lottie_is_never_frozen_by_the_static_cache(ctx):
    # trim.json draws a ring on clockwise from the top over 24 frames; the
    # point at the bottom (50, 85) is reached halfway.
    scene = ctx.write_scene({
        "width": 100, "height": 100, "fps": 30, "duration": "20f", "background": "#000000",
        "layers": [{"type": "lottie", "src": os.path.join(ASSETS, "lottie", "trim.json")}]})
    # One lossless segment, so frames 2 and 19 come from the same run.
    out = ctx.path("lottie.mkv")
    ctx.reel("render", scene, "-o", out, "--quiet", "--codec", "ffv1", "--segment-frames", "20")
    early = pixel(decode_rgb(out, 2, 100, 100), 100, 50, 85)
    late = pixel(decode_rgb(out, 19, 100, 100), 100, 50, 85)
    assert early == (0, 0, 0), early
    assert late[1] > 150 and late[0] < 100, late


def test_shapes_render_identically_with_1_and_2_workers(ctx):
    scene = ctx.write_scene({
        "width": 160, "height": 90, "fps": 30, "duration": "1s", "background": "#0B1F3A",
        "layers": [
            {"type": "path", "fill": "#FF5A1F",
             "d": [{"time": 0, "value": "M10 40 L40 10 L70 40 L40 70 Z"},
                   {"time": "1s", "value": "M10 10 L70 10 L70 70 L10 70 Z"}]},
            {"type": "star", "position": [80, 10], "outer_radius": 30, "fill": "none", "stroke": "#FFFFFF",
             "trim_end": [{"time": 0, "value": 0}, {"time": "1s", "value": 1}]},
            {"type": "svg", "src": os.path.join(ASSETS, "shapes", "badge.svg"), "position": [120, 50]},
            {"type": "lottie", "src": os.path.join(ASSETS, "lottie", "transform.json"), "position": [100, 0],
             "width": 50}]})
    # Lossless, so the bytes compare the rendered pixels themselves.
    one, two = ctx.path("one.mkv"), ctx.path("two.mkv")
    ctx.reel("render", scene, "-o", one, "--quiet", "--threads", "1", "--codec", "ffv1")
    ctx.reel("render", scene, "-o", two, "--quiet", "--threads", "2", "--codec", "ffv1")
    assert sha256(one) == sha256(two)

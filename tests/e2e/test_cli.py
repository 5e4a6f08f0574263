"""The command line: help, version, validate, still, exit codes and the
exact shape of error messages."""
import json
import os
import subprocess
import sys

from helpers import png_pixel, read_png_rgba


def test_help_and_version(ctx):
    out, _ = ctx.reel("--help")
    assert "usage: reel COMMAND" in out and "render SCENE -o OUT.mp4" in out
    for cmd in ("validate", "still", "render"):
        out, _ = ctx.reel(cmd, "--help")
        assert out.startswith(f"usage: reel {cmd}"), out
    out, _ = ctx.reel("--version")
    assert out.startswith("reel 0."), out
    _, err = ctx.reel("frobnicate", expect=2)
    assert 'unknown command "frobnicate"' in err


def _examples_dir(ctx):
    """The examples directory, or, on a clean checkout where the footage the
    examples use has not been made yet (it is never committed), a scratch copy
    with a small version of it made by scripts/make_example_media.sh."""
    examples = os.path.join(ctx.root, "examples")
    if os.path.exists(os.path.join(examples, "media", "footage.mp4")):
        return examples
    copy = os.path.join(os.path.dirname(ctx.path("x")), "examples")
    os.makedirs(copy)
    for n in os.listdir(examples):
        if n != "media":
            os.symlink(os.path.join(examples, n), os.path.join(copy, n))
    subprocess.run([os.path.join(ctx.root, "scripts", "make_example_media.sh"), "--small",
                    os.path.join(copy, "media")], check=True, capture_output=True, timeout=300)
    return copy


def test_validate_examples(ctx):
    examples = _examples_dir(ctx)
    names = sorted(n for n in os.listdir(examples) if n.endswith(".json"))
    assert "hello.json" in names and "easing-gallery.json" in names and "overlay.json" in names
    # audio.json's sounds are written by a script, not committed
    subprocess.run([sys.executable, os.path.join(examples, "audio", "make_media.py")], check=True,
                   capture_output=True)
    for n in names:
        out, _ = ctx.reel("validate", os.path.join(examples, n))
        assert ": ok (" in out, out


def test_validate_summary(ctx):
    out, _ = ctx.reel("validate", "examples/hello.json")
    assert out == "examples/hello.json: ok (1280x720, 30 fps, 120 frames, 10 layers)\n", out


def test_syntax_error_exit_2(ctx):
    p = ctx.write_scene('{"width": 10,\n "height": 10,,\n}')
    _, err = ctx.reel("validate", p, expect=2)
    assert err.startswith(p + ":2:15: "), err


def test_meaning_error_exit_2(ctx):
    p = ctx.write_scene({"width": 10, "height": 10, "duration": 1,
                         "layers": [{"type": "rect", "opacity": "high"}]})
    _, err = ctx.reel("validate", p, expect=2)
    assert err == (p + ': /layers/0/opacity: expected a number from 0 to 1 or a keyframe list, '
                   'got "high"\n'), err


def test_missing_scene_file(ctx):
    _, err = ctx.reel("validate", "no/such/scene.json", expect=2)
    assert "cannot open no/such/scene.json" in err


def test_still_pixels(ctx):
    p = ctx.write_scene({"width": 40, "height": 20, "duration": 1, "background": "#0B1F3A",
                         "layers": [{"type": "rect", "position": [10, 5], "width": 10, "height": 10,
                                     "fill": "#FF5A1F"}]})
    out = ctx.path("still.png")
    ctx.reel("still", p, "--frame", "0", "-o", out)
    png = read_png_rgba(out)
    assert png[:2] == (40, 20)
    assert png_pixel(png, 15, 10) == (255, 90, 31, 255)
    assert png_pixel(png, 2, 2) == (11, 31, 58, 255)


def test_still_time_and_range(ctx):
    p = ctx.write_scene({"width": 8, "height": 8, "duration": 1, "background": "#000",
                         "layers": [{"type": "rect", "width": 8, "height": 8, "fill": "#FFF",
                                     "opacity": [{"time": 0, "value": 0}, {"time": "1s", "value": 1}]}]})
    out = ctx.path("t.png")
    ctx.reel("still", p, "--time", "0.5s", "-o", out)
    assert png_pixel(read_png_rgba(out), 4, 4) == (128, 128, 128, 255)
    _, err = ctx.reel("still", p, "--frame", "30", "-o", out, expect=2)
    assert "frame 30 is outside the scene (frames 0 to 29)" in err


def test_still_of_a_layer_that_cannot_draw_fails(ctx):
    # librsvg (2.54) refuses to draw a filtered SVG turned 45 degrees and
    # scaled unevenly ("InvalidSize"). A still and a video of that frame must
    # both fail and name the layer; neither may write a picture without it.
    svg = os.path.join(ctx.root, "tests", "assets", "shapes", "overflow.svg")
    p = ctx.write_scene({"width": 240, "height": 136, "fps": 30, "duration": "2f",
                         "layers": [{"type": "svg", "src": svg, "width": 80, "height": 60, "position": [130, 50],
                                     "rotation": 45, "scale": [1.4, 1.9]}]})
    out = ctx.path("no.png")
    _, err = ctx.reel("still", p, "--frame", "1", "-o", out, expect=1)
    # (The first line: a sanitizer build reports on stderr after it.)
    assert err.splitlines()[0] == p + ": frame 1: /layers/0: cannot draw the SVG: rendering error: InvalidSize", err
    video = ctx.path("no.mp4")
    _, err = ctx.reel("render", p, "-o", video, "--quiet", expect=1)
    assert "frame 0: /layers/0: cannot draw the SVG: rendering error: InvalidSize" in err, err
    assert sorted(os.listdir(os.path.dirname(out))) == [] and sorted(os.listdir(os.path.dirname(video))) == []


def test_bad_arguments(ctx):
    _, err = ctx.reel("render", "examples/hello.json", "--crf", "99", "-o", "x.mp4", expect=2)
    assert '--crf expects a whole number from 0 to 51, got "99"' in err
    _, err = ctx.reel("render", "examples/hello.json", expect=2)
    assert "missing -o OUT" in err
    _, err = ctx.reel("render", "examples/hello.json", "-o", ctx.path("x.avi"), expect=2)
    assert 'unsupported output format ".avi"' in err
    _, err = ctx.reel("render", "examples/hello.json", "-o", "/no/such/dir/x.mp4", expect=1)
    assert "output directory /no/such/dir does not exist" in err

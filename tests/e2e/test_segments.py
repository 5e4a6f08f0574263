"""Segmented encoding: parts rendered separately and joined are byte-identical
to a single render; partial ranges, drafts and bad joins."""
import os

from helpers import sha256, video_stream

SCENE = {
    "width": 160, "height": 90, "fps": 30, "duration": "2s", "background": "#0B1F3A",
    "layers": [
        {"type": "rect", "width": 60, "height": 40, "fill": "#FF5A1F",
         "position": [{"time": 0, "value": [0, 20]}, {"time": "2s", "value": [100, 30], "easing": "ease-in-out"}]},
        {"type": "text", "text": "seg", "font_size": 20, "position": [10, 60]},
    ],
}


def render_parts(ctx, scene, n, *extra):
    parts = []
    for k in range(1, n + 1):
        p = ctx.path(f"part.{k}")
        ctx.reel("render", scene, "--segments", f"{k}/{n}", "-o", p, "--quiet", *extra)
        parts.append(p)
    return parts


def test_parts_join_to_single_render(ctx):
    scene = ctx.write_scene(SCENE)
    single = ctx.path("single.mp4")
    ctx.reel("render", scene, "-o", single, "--quiet", "--segment-frames", "12")
    parts = render_parts(ctx, scene, 3, "--segment-frames", "12")
    joined = ctx.path("joined.mp4")
    ctx.reel("join", parts[2], parts[0], parts[1], "-o", joined)
    assert sha256(joined) == sha256(single)
    assert int(video_stream(joined)["nb_read_frames"]) == 60


def test_more_parts_than_segments(ctx):
    scene = ctx.write_scene(SCENE)
    single = ctx.path("single.mp4")
    ctx.reel("render", scene, "-o", single, "--quiet", "--segment-frames", "30")
    parts = render_parts(ctx, scene, 4, "--segment-frames", "30")  # 2 segments, 4 shares: two are empty
    joined = ctx.path("joined.mp4")
    ctx.reel("join", *parts, "-o", joined)
    assert sha256(joined) == sha256(single)


def test_join_refuses_missing_duplicate_and_foreign_parts(ctx):
    scene = ctx.write_scene(SCENE)
    parts = render_parts(ctx, scene, 3, "--segment-frames", "12")
    out = ctx.path("out.mp4")
    _, err = ctx.reel("join", parts[0], parts[2], "-o", out, expect=2)
    assert "a part is missing: segments 1 to 2 are not in any file" in err, err
    _, err = ctx.reel("join", parts[0], parts[0], parts[1], parts[2], "-o", out, expect=2)
    assert "overlaps another part" in err, err
    other = ctx.write_scene(dict(SCENE, background="#000000"))
    foreign = ctx.path("foreign.2")
    ctx.reel("render", other, "--segments", "2/3", "-o", foreign, "--quiet", "--segment-frames", "12")
    _, err = ctx.reel("join", parts[0], foreign, parts[2], "-o", out, expect=2)
    assert "belongs to a different render" in err, err
    _, err = ctx.reel("join", scene, "-o", out, expect=2)
    assert "not a reel part file" in err, err
    assert not os.path.exists(out)


def test_frame_range_and_scale(ctx):
    scene = ctx.write_scene(SCENE)
    out = ctx.path("range.mp4")
    ctx.reel("render", scene, "--frames", "10-24", "-o", out, "--quiet")
    s = video_stream(out)
    assert int(s["nb_read_frames"]) == 15
    half = ctx.path("half.mp4")
    ctx.reel("render", scene, "--scale", "0.5", "-o", half, "--quiet")
    s = video_stream(half)
    assert (s["width"], s["height"]) == (80, 44), (s["width"], s["height"])  # 45 rounded down to even


def test_bad_render_controls(ctx):
    scene = ctx.write_scene(SCENE)
    out = ctx.path("x.mp4")
    _, err = ctx.reel("render", scene, "--frames", "50-70", "-o", out, expect=2)
    assert "frame range 50-70 is outside the scene (frames 0 to 59)" in err, err
    _, err = ctx.reel("render", scene, "--frames", "9-3", "-o", out, expect=2)
    assert '--frames expects A-B' in err
    _, err = ctx.reel("render", scene, "--segments", "4/3", "-o", out, expect=2)
    assert "K/N with 1 <= K <= N" in err, err
    assert not os.path.exists(out)


def test_fps_override_only_where_allowed(ctx):
    flexible = ctx.write_scene(dict(SCENE, allow_fps_override=True))
    out = ctx.path("f24.mp4")
    ctx.reel("render", flexible, "--fps", "24", "-o", out, "--quiet")
    s = video_stream(out)
    assert s["r_frame_rate"] == "24/1" and int(s["nb_read_frames"]) == 48
    fixed = ctx.write_scene(SCENE)
    _, err = ctx.reel("render", fixed, "--fps", "24", "-o", out + ".x.mp4", expect=2)
    assert "/fps: this scene does not allow a frame rate override" in err, err

"""`reel render --stats`: every stage is reported, footage decoding is told
apart from drawing, and timing never changes the output's bytes."""
import os
import re
import subprocess

from helpers import sha256

W, H = 64, 36


def make_clip(ctx, seconds=1):
    """Lossless 64x36 test footage at 30 fps."""
    out = ctx.path("clip.mkv")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=30",
                    "-frames:v", str(30 * seconds), "-c:v", "ffv1", "-pix_fmt", "yuv420p", out], check=True)
    return out


def scene(video=None, seconds=1):
    """A title fading in and a counter running for the whole scene."""
    end = f"{seconds}s"
    layers = [{"type": "text", "text": "Q3", "font_family": "Inter", "font_size": 14, "color": "#FFFFFF",
               "position": [4, 4], "opacity": [{"time": 0, "value": 0}, {"time": "1s", "value": 1}]},
              {"type": "counter", "value": [{"time": 0, "value": 0}, {"time": end, "value": 100}],
               "font_family": "Inter", "font_size": 10, "color": "#FF5A1F", "position": [40, 20]}]
    if video:
        layers.insert(0, {"type": "video", "src": video, "width": W, "height": H})
    return {"width": W, "height": H, "fps": 30, "duration": end, "background": "#0B1F3A", "layers": layers}


def stats_of(stderr):
    """{stage: seconds} and the frame count from --stats' report."""
    m = re.search(r"^stats: (\d+) frames", stderr, re.M)
    assert m, stderr
    stages = {k: float(v) for k, v in re.findall(r"^  (\w+) +(-?[0-9.]+) s", stderr, re.M)}
    out = re.search(r"^  output +(\d+) bytes", stderr, re.M)
    return int(m.group(1)), stages, int(out.group(1)) if out else None


def test_every_stage_is_reported_and_footage_is_decode_time(ctx):
    # 300 frames, so that each stage adds up to milliseconds (the report's
    # resolution) on a fast machine too.
    clip = make_clip(ctx, 10)
    out = ctx.path("out.mp4")
    _, err = ctx.reel("render", ctx.write_scene(scene(clip, 10)), "-o", out, "--stats", "--quiet")
    frames, st, size = stats_of(err)
    assert frames == 300
    assert list(st) == ["evaluate", "decode", "rasterize", "convert", "encode", "mux", "waiting"], st
    assert st["decode"] > 0 and st["evaluate"] > 0 and st["encode"] > 0, st
    assert all(v >= 0 for v in st.values()), st
    assert size == os.path.getsize(out)


def test_no_footage_no_decode_time(ctx):
    # 900 frames: the report has millisecond resolution, and evaluating one
    # small frame takes microseconds.
    _, err = ctx.reel("render", ctx.write_scene(scene(seconds=30)), "--null", "--stats", "--quiet")
    frames, st, _ = stats_of(err)
    assert frames == 900
    assert st["decode"] == 0.0 and st["encode"] == 0.0, st
    assert st["evaluate"] > 0 and st["rasterize"] > 0, st


def test_timing_does_not_change_the_bytes(ctx):
    s = ctx.write_scene(scene(make_clip(ctx)))
    a, b = ctx.path("a.mp4"), ctx.path("b.mp4")
    ctx.reel("render", s, "-o", a, "--stats", "--quiet")
    ctx.reel("render", s, "-o", b, "--quiet")
    assert sha256(a) == sha256(b)

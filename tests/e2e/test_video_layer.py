"""Video layers are frame-exact: a generated source whose every frame has its
own color, placed with trims, rates and loops, at source rates 24, 25,
30000/1001, 60 and a variable rate, into a 30 fps scene. Every output frame
must show exactly the source frame whose presentation interval contains
trim_start + (n / fps - start) x rate."""
import glob
import json
import os
import subprocess
from fractions import Fraction

from helpers import read_png_rgba, png_pixel

W, H = 64, 36


def color_of(n):
    return ((n * 37) % 256, (n * 91) % 256, (n * 53 + 17) % 256)


def make_source(ctx, rate, frames, vfr=False):
    """A lossless RGB clip whose frame n is flat color_of(n)."""
    out = ctx.path(f"src-{str(rate).replace('/', '_')}{'-vfr' if vfr else ''}.mkv")
    geq = "geq=r='mod(N*37,256)':g='mod(N*91,256)':b='mod(N*53+17,256)'"
    vf = f"format=rgb24,{geq}"
    if vfr:
        # 24 frames at 1/25 s, then frames at 1/50 s: a variable frame rate
        # (in whole milliseconds, which Matroska stores exactly).
        vf += ",setpts='if(lt(N,24),N*2,48+(N-24))/TB/50'"
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c=black:s={W}x{H}:r={rate}",
           "-frames:v", str(frames), "-vf", vf, "-c:v", "ffv1", "-pix_fmt", "bgr0"]
    if vfr:
        cmd += ["-fps_mode", "passthrough"]
    subprocess.run(cmd + [out], check=True)
    return out


def source_pts(path):
    """Presentation times of every frame, as exact fractions of a second."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=time_base:packet=pts", "-of", "json", path],
                         capture_output=True, text=True, check=True).stdout
    info = json.loads(out)
    tb = Fraction(info["streams"][0]["time_base"])
    return sorted(int(p["pts"]) * tb for p in info["packets"])


def expected_frame(pts, t):
    """Index of the frame whose interval [pts_i, pts_i+1) contains t."""
    idx = 0
    for i, p in enumerate(pts):
        if p <= t:
            idx = i
    return idx


def render_frames(ctx, src, layer, frames=60):
    scene = {"width": W, "height": H, "fps": 30, "duration": f"{frames}f", "background": "#000000",
             "layers": [dict({"type": "video", "src": src, "width": W, "height": H, "fit": "fill"}, **layer)]}
    path = ctx.write_scene(scene)
    pattern = os.path.join(os.path.dirname(path), "f_%03d.png")
    ctx.reel("render", path, "-o", pattern, "--quiet", "--segment-frames", "17")
    files = sorted(glob.glob(pattern.replace("%03d", "*")))
    assert len(files) == frames
    return [png_pixel(read_png_rgba(f), W // 2, H // 2)[:3] for f in files]


def check(ctx, src, pts, layer, start=0):
    trim = Fraction(str(layer.get("trim_start", 0)))
    rate = Fraction(str(layer.get("rate", 1)))
    end = Fraction(str(layer["trim_end"])) if "trim_end" in layer else pts[-1] + (pts[-1] - pts[-2])
    got = render_frames(ctx, src, layer)
    colors = {color_of(i): i for i in range(len(pts))}
    for n, c in enumerate(got):
        if n < start:
            continue
        offset = Fraction(n - start, 30) * rate
        if layer.get("loop"):
            offset %= end - trim
        want = expected_frame(pts, min(trim + offset, end - Fraction(1, 10**6)))
        assert colors.get(c) == want, (layer, n, c, colors.get(c), want)


def test_constant_rates_trims_rates_loops(ctx):
    for rate in ("24", "25", "30000/1001", "60"):
        src = make_source(ctx, rate, 120)
        pts = source_pts(src)
        assert len(pts) == 120
        check(ctx, src, pts, {"trim_start": 0.5})
        check(ctx, src, pts, {"rate": 0.5})
        check(ctx, src, pts, {"rate": 2, "trim_start": 0.25})
        check(ctx, src, pts, {"trim_start": 1, "trim_end": 1.5, "loop": True})


def test_variable_frame_rate_source(ctx):
    src = make_source(ctx, "50", 84, vfr=True)
    pts = source_pts(src)
    assert pts[1] - pts[0] == Fraction(1, 25) and pts[-1] - pts[-2] == Fraction(1, 50), pts[:3]
    check(ctx, src, pts, {})
    check(ctx, src, pts, {"rate": 1.5, "trim_start": 0.3})


def test_freeze_and_hide_after_end(ctx):
    src = make_source(ctx, "25", 15)   # 0.6 s, frame times exact in milliseconds
    pts = source_pts(src)
    assert len(pts) == 15
    end = pts[-1] + (pts[-1] - pts[-2])
    frozen = render_frames(ctx, src, {}, frames=30)
    hidden = render_frames(ctx, src, {"after_end": "hide"}, frames=30)
    for n in range(30):
        t = Fraction(n, 30)
        if t < end:
            assert frozen[n] == hidden[n] == color_of(expected_frame(pts, t)), n
        else:
            assert frozen[n] == color_of(14), n     # the last frame stays up
            assert hidden[n] == (0, 0, 0), n        # the layer is gone


def test_bad_video_sources(ctx):
    d = os.path.dirname(ctx.path("x"))
    empty = os.path.join(d, "empty.mp4")
    open(empty, "wb").close()
    text = os.path.join(d, "text.mp4")
    with open(text, "w") as f:
        f.write("not a video\n" * 100)
    audio = os.path.join(d, "audio.m4a")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", audio],
                   check=True)
    for src in ("missing.mp4", empty, text, audio):
        scene = ctx.write_scene({"width": W, "height": H, "duration": 1,
                                 "layers": [{"type": "video", "src": src}]})
        _, err = ctx.reel("validate", scene, expect=2)
        assert "/layers/0/src: " in err, err
    scene = ctx.write_scene({"width": W, "height": H, "duration": 1,
                             "layers": [{"type": "video", "src": make_source(ctx, "30", 10),
                                         "trim_start": 2}]})
    _, err = ctx.reel("validate", scene, expect=2)
    assert "/layers/0/trim_start: the trimmed clip is empty" in err, err


def test_rotated_footage_is_upright(ctx):
    """A clip tagged with a rotation (as phones record) fills a canvas of its
    upright size: the layer's own box is turned too, and its top row is the
    clip's right column (rotate=90 is stored as a quarter turn
    counterclockwise, which is how ffmpeg shows it)."""
    plain, turned = ctx.path("plain.mp4"), ctx.path("turned.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=25",
                    "-frames:v", "1", "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p", plain], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", plain, "-c", "copy", "-metadata:s:v", "rotate=90",
                    turned], check=True)
    stills = {}
    for name, src, size in (("plain", plain, (W, H)), ("turned", turned, (H, W))):
        scene = {"width": size[0], "height": size[1], "fps": 25, "duration": "1f", "background": "#FF0000",
                 "layers": [{"type": "video", "src": src}]}
        out = ctx.path(name + ".png")
        ctx.reel("still", ctx.write_scene(scene, name + ".json"), "-o", out)
        stills[name] = read_png_rgba(out)
    p, t = stills["plain"], stills["turned"]
    for x in range(H):
        for y in range(W):
            # turned (x, y) shows plain (W - 1 - y, x)
            assert png_pixel(t, x, y) == png_pixel(p, W - 1 - y, x), (x, y)


def test_footage_covering_the_frame_keeps_its_pixels(ctx):
    """Footage that covers the frame 1:1, opaque, is written straight into the
    frame rather than drawn through cairo: the same pixels as the drawn path
    (here forced by an opaque full-frame mask, which draws the footage into
    an effect's surface first). Footage that does not cover the frame so
    (moved by a pixel, rounded, faded, scaled) is still drawn: the frame's
    background shows where it should."""
    src = ctx.path("yuv.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=30",
                    "-frames:v", "3", "-c:v", "libx264", "-qp", "10", "-pix_fmt", "yuv420p", src], check=True)
    overlay = {"type": "rect", "width": 20, "height": 10, "fill": "#FF00FF80", "position": [30, 20]}

    def still(name, footage, frame=2, **scene_extra):
        scene = dict({"width": W, "height": H, "fps": 30, "duration": "3f", "background": "#00FF00",
                      "layers": [footage, overlay]}, **scene_extra)
        out = ctx.path(name + ".png")
        ctx.reel("still", ctx.write_scene(scene, name + ".json"), "-o", out, "--frame", str(frame))
        return read_png_rgba(out)

    video = {"type": "video", "src": src}
    direct = still("direct", video)
    drawn = still("drawn", {"type": "group", "layers": [video],
                            "mask": {"type": "rect", "width": W, "height": H, "fill": "#FFFFFF"}})
    assert direct[2] == drawn[2]
    green = (0, 255, 0, 255)
    assert png_pixel(direct, 0, 0) != green
    moved = still("moved", dict(video, position=[1, 0]))
    assert png_pixel(moved, 0, 5) == green
    assert [png_pixel(moved, x + 1, 5) for x in range(20)] == [png_pixel(direct, x, 5) for x in range(20)]
    rounded = still("rounded", dict(video, corner_radius=8))
    assert png_pixel(rounded, 0, 0) == green
    faded = still("faded", dict(video, opacity=0.5))
    assert png_pixel(faded, 0, 0)[1] >= 127 and png_pixel(faded, 0, 0) != png_pixel(direct, 0, 0)
    half = still("half", dict(video, width=W // 2, height=H // 2))
    assert png_pixel(half, W - 1, H - 1) == green


def test_footage_shown_small_draws_as_a_still_of_its_frame(ctx):
    """Footage shown below 3/4 of its size is drawn like an image of the
    same frame: from copies halved as often as it stays at least as large
    as it appears (render/image_levels.h), remade for every frame. Stills of
    the frames (exact: the footage covers a canvas of its own size), as
    image layers, must give the same pixels at every size, frame by frame."""
    src = ctx.path("small.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={4 * W}x{4 * H}:r=30",
                    "-frames:v", "3", "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p", src], check=True)
    full = ctx.write_scene({"width": 4 * W, "height": 4 * H, "fps": 30, "duration": "3f", "background": "#000000",
                            "layers": [{"type": "video", "src": src}]}, "full.json")
    frame_pngs = []
    for n in range(3):
        frame_pngs.append(ctx.path(f"frame{n}.png"))
        ctx.reel("still", full, "-o", frame_pngs[n], "--frame", str(n))
    # A quarter (level 2, one to one), about a third (level 1), 0.6 (the
    # frame itself, bilinear), and turned at a fifth.
    for name, layer in (("quarter", {"width": W, "height": H, "position": [3, 2]}),
                        ("third", {"width": 85.3, "height": 48, "position": [-10.5, -4.25]}),
                        ("sixtenths", {"width": 153.6, "height": 86.4, "position": [-40, -20]}),
                        ("turned", {"width": 51.2, "height": 28.8, "position": [30, 4], "rotation": 20})):
        scene = {"width": W, "height": H, "fps": 30, "duration": "3f", "background": "#204060",
                 "layers": [dict({"type": "video", "src": src, "fit": "fill"}, **layer)]}
        path = ctx.write_scene(scene, f"{name}.json")
        pattern = os.path.join(os.path.dirname(path), f"{name}_%03d.png")
        ctx.reel("render", path, "-o", pattern, "--quiet")
        files = sorted(glob.glob(pattern.replace("%03d", "*")))
        assert len(files) == 3, files
        for n in range(3):
            video = read_png_rgba(files[n])
            scene["layers"][0].update(type="image", src=frame_pngs[n])
            out = ctx.path(f"{name}-image{n}.png")
            ctx.reel("still", ctx.write_scene(scene, f"{name}-image.json"), "-o", out)
            image = read_png_rgba(out)
            assert video[2] == image[2], (name, n)
            assert png_pixel(video, W // 2, H // 2) != (0x20, 0x40, 0x60, 255), name
            scene["layers"][0].update(type="video", src=src)

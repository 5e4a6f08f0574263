"""Every output format, opaque and transparent: probed with ffprobe (codec,
pixel format with or without alpha, color tags, frame count) and a decoded
pixel checked; exact colors from lossless formats; same bytes across thread
counts and joined parts."""
import glob
import os
import subprocess

from helpers import png_pixel, read_png_rgba, sha256, video_stream

BRAND = "#FF5A1F"


def scene(transparent):
    return {
        "width": 64, "height": 48, "fps": 30, "duration": "10f",
        "background": "transparent" if transparent else "#0B1F3A",
        "layers": [
            {"type": "rect", "position": [0, 0], "width": 32, "height": 48, "fill": BRAND},
            {"type": "rect", "position": [32, 0], "width": 16, "height": 48, "fill": "#FFFFFF"},
            {"type": "rect", "position": [48, 0], "width": 16, "height": 40, "fill": "#000000"},
            {"type": "ellipse", "width": 8, "height": 8, "fill": "#FFFFFF",
             "position": [{"time": 0, "value": [0, 0]}, {"time": "9f", "value": [56, 40]}]},
        ],
    }


def decode_rgba(path, frame=0, matrix="auto"):
    """Frame of a file as RGBA bytes, converted with the tagged matrix and range
    (YUV4MPEG2 has no matrix tag: pass matrix="bt709").
    WebM goes through libvpx, the decoder that reads VP9's alpha side stream."""
    pre = ["-c:v", "libvpx-vp9"] if path.endswith(".webm") else []
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", *pre, "-i", path, "-vf",
         f"select=eq(n\\,{frame}),scale=in_color_matrix={matrix}:in_range=auto:flags=accurate_rnd+full_chroma_int+bitexact",
         "-frames:v", "1", "-pix_fmt", "rgba", "-f", "rawvideo", "-"], capture_output=True, check=True)
    assert len(proc.stdout) == 64 * 48 * 4, len(proc.stdout)
    return proc.stdout


def px(rgba, x, y):
    i = (y * 64 + x) * 4
    return tuple(rgba[i:i + 4])


def near(a, b, tol):
    return all(abs(x - y) <= tol for x, y in zip(a, b))


# (extension, codec, opaque pix_fmt, transparent pix_fmt, codec_name, tolerance, yuv tags)
MATRIX = [
    ("mp4", None, "yuv420p", "yuv420p", "h264", 1, True),
    ("mp4", "h265", "yuv420p", "yuv420p", "hevc", 2, True),
    ("webm", None, "yuv420p", "yuv420p", "vp9", 3, True),  # VP9 alpha is a side stream: checked below
    # FFmpeg 5.1's ProRes decoder reports 4444 with alpha as 12-bit.
    ("mov", None, "yuv422p10le", "yuva444p12le", "prores", 2, True),
    ("mkv", None, None, None, "ffv1", 0, False),
    ("gif", None, "bgra", "bgra", "gif", 0, False),  # FFmpeg's GIF decoder outputs BGRA
]


def render(ctx, transparent, ext, codec=None, *extra):
    p = ctx.write_scene(scene(transparent))
    out = ctx.path(f"out.{ext}")
    args = ["render", p, "-o", out, "--quiet", *extra]
    if codec:
        args += ["--codec", codec]
    ctx.reel(*args)
    return out


def test_format_matrix(ctx):
    for ext, codec, pix_opaque, pix_alpha, codec_name, tol, yuv in MATRIX:
        for transparent in (False, True):
            out = render(ctx, transparent, ext, codec)
            s = video_stream(out)
            label = (ext, codec, transparent)
            assert s["codec_name"] == codec_name, (label, s["codec_name"])
            want = pix_alpha if transparent else pix_opaque
            if want:
                assert s["pix_fmt"] == want, (label, s["pix_fmt"])
            assert int(s["nb_read_frames"]) == 10, (label, s["nb_read_frames"])
            if yuv:
                assert (s.get("color_space"), s.get("color_range")) == ("bt709", "tv"), (label, s)
            rgba = decode_rgba(out)
            if not transparent:
                assert near(px(rgba, 16, 24)[:3], (255, 90, 31), tol), (label, px(rgba, 16, 24))
                assert near(px(rgba, 40, 24)[:3], (255, 255, 255), tol), (label, px(rgba, 40, 24))
                assert near(px(rgba, 56, 24)[:3], (0, 0, 0), tol), (label, px(rgba, 56, 24))
            elif ext != "mp4":
                # Alpha survives: the brand patch is opaque, the uncovered corner clear.
                if ext == "webm":
                    assert s.get("tags", {}).get("ALPHA_MODE") == "1", (label, s.get("tags"))
                assert px(rgba, 16, 24)[3] >= 250, (label, px(rgba, 16, 24))
                assert px(rgba, 60, 46)[3] <= 5, (label, px(rgba, 60, 46))


def test_lossless_formats_are_exact(ctx):
    for ext, extra in (("mkv", ()), ("mp4", ("--lossless",))):
        out = render(ctx, False, ext, None, *extra)
        rgba = decode_rgba(out, 0)
        assert px(rgba, 16, 24)[:3] == (255, 90, 31), (ext, px(rgba, 16, 24))
        assert px(rgba, 40, 24)[:3] == (255, 255, 255)
        assert px(rgba, 56, 24)[:3] == (0, 0, 0)
        assert px(rgba, 60, 46)[:3] == (11, 31, 58)


def test_png_sequence_with_alpha_matches_stills(ctx):
    p = ctx.write_scene(scene(True))
    pattern = os.path.join(os.path.dirname(ctx.path("x")), "frame_%03d.png")
    ctx.reel("render", p, "-o", pattern, "--quiet", "--segment-frames", "4")
    files = sorted(glob.glob(pattern.replace("%03d", "*")))
    assert [os.path.basename(f) for f in files] == [f"frame_{i:03d}.png" for i in range(10)]
    png = read_png_rgba(files[0])
    assert png_pixel(png, 16, 24) == (255, 90, 31, 255)
    assert png_pixel(png, 60, 46)[3] == 0
    for i in (0, 5, 9):
        still = ctx.path("still.png")
        ctx.reel("still", p, "--frame", str(i), "-o", still)
        assert read_png_rgba(still) == read_png_rgba(files[i]), i


def test_gif_palette_keeps_brand_color_exact(ctx):
    out = render(ctx, False, "gif", None, "--no-dither")
    rgba = decode_rgba(out)
    assert px(rgba, 16, 24)[:3] == (255, 90, 31)
    assert px(rgba, 60, 46)[:3] == (11, 31, 58)


def test_full_range_and_pix_fmts(ctx):
    out = render(ctx, False, "mp4", None, "--full-range")
    s = video_stream(out)
    assert s["color_range"] == "pc" and s["pix_fmt"] in ("yuvj420p", "yuv420p")
    rgba = decode_rgba(out)
    assert near(px(rgba, 16, 24)[:3], (255, 90, 31), 1) and px(rgba, 40, 24)[:3] == (255, 255, 255)
    for pix in ("yuv444p", "yuv420p10le"):
        out = render(ctx, False, "mp4", None, "--pix-fmt", pix)
        assert video_stream(out)["pix_fmt"] == pix
        rgba = decode_rgba(out)
        assert near(px(rgba, 16, 24)[:3], (255, 90, 31), 1), (pix, px(rgba, 16, 24))

    # YUV4MPEG2 holds the deeper formats too, readable by FFmpeg.
    p = ctx.write_scene(scene(False))
    for pix in ("yuv420p", "yuv420p10le", "yuv444p10le"):
        out = ctx.path("deep.y4m")
        ctx.reel("render", p, "-o", out, "--quiet", "--pix-fmt", pix)
        assert video_stream(out)["pix_fmt"] == pix
        assert near(px(decode_rgba(out, 0, "bt709"), 16, 24)[:3], (255, 90, 31), 1), pix


def test_same_bytes_threads_and_parts(ctx):
    for ext in ("mp4", "webm", "gif"):
        p = ctx.write_scene(scene(False))
        one, two = ctx.path(f"a.{ext}"), ctx.path(f"b.{ext}")
        ctx.reel("render", p, "-o", one, "--quiet", "--threads", "1", "--segment-frames", "3")
        ctx.reel("render", p, "-o", two, "--quiet", "--threads", "4", "--segment-frames", "3")
        assert sha256(one) == sha256(two), ext
        parts = []
        for k in (1, 2, 3):
            part = ctx.path(f"part.{k}")
            codec = {"mp4": "h264", "webm": "vp9", "gif": "gif"}[ext]
            ctx.reel("render", p, "--segments", f"{k}/3", "--codec", codec, "-o", part, "--quiet",
                     "--segment-frames", "3")
            parts.append(part)
        joined = ctx.path(f"joined.{ext}")
        ctx.reel("join", *parts, "-o", joined)
        assert sha256(joined) == sha256(one), ext


def test_format_errors(ctx):
    p = ctx.write_scene(scene(False))
    _, err = ctx.reel("render", p, "-o", ctx.path("x.avi"), expect=2)
    assert 'unsupported output format ".avi"' in err, err
    _, err = ctx.reel("render", p, "-o", ctx.path("x.mp4"), "--codec", "vp9", expect=2)
    assert 'codec "vp9"' in err, err
    _, err = ctx.reel("render", p, "-o", ctx.path("frames.png"), expect=2)
    assert "frame-number pattern" in err, err

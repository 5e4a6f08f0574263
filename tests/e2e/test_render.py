"""End-to-end renders: container facts, exact frame counts, colors that
survive encoding, and byte-identical output across runs and thread counts."""
import os

from helpers import decode_rgb, pixel, sha256, video_stream

BRAND = {
    "width": 320, "height": 180, "fps": 30, "duration": "1s", "background": "#000000",
    "layers": [
        {"type": "rect", "position": [0, 0], "width": 160, "height": 180, "fill": "#FF5A1F"},
        {"type": "rect", "position": [160, 0], "width": 80, "height": 180, "fill": "#FFFFFF"},
        {"type": "ellipse", "position": [250, 40], "width": 60, "height": 60, "fill": "#0B1F3A",
         "scale": [{"time": 0, "value": 0.2}, {"time": "1s", "value": 1, "easing": "ease-out-cubic"}]},
    ],
}


def test_hello_example_probe(ctx):
    out = ctx.path("hello.mp4")
    ctx.reel("render", "examples/hello.json", "-o", out, "--quiet")
    s = video_stream(out)
    assert s["codec_name"] == "h264"
    assert s["pix_fmt"] == "yuv420p"
    assert s["color_space"] == "bt709"
    assert s["color_primaries"] == "bt709"
    assert s["color_transfer"] == "bt709"
    assert s["color_range"] == "tv"
    assert (s["width"], s["height"]) == (1280, 720)
    assert s["r_frame_rate"] == "30/1"
    assert int(s["nb_read_frames"]) == 120  # 4 s x 30 fps


def test_brand_color_reads_back(ctx):
    scene = ctx.write_scene(BRAND)
    out = ctx.path("brand.mp4")
    ctx.reel("render", scene, "-o", out, "--quiet")
    for frame in (0, 29):
        rgb = decode_rgb(out, frame, 320, 180)
        r, g, b = pixel(rgb, 320, 80, 90)
        assert abs(r - 255) <= 1 and abs(g - 90) <= 1 and abs(b - 31) <= 1, (frame, r, g, b)
        assert pixel(rgb, 320, 200, 90) == (255, 255, 255), pixel(rgb, 320, 200, 90)
        assert pixel(rgb, 320, 300, 170) == (0, 0, 0), pixel(rgb, 320, 300, 170)


def test_same_bytes_every_run_and_thread_count(ctx):
    scene = ctx.write_scene(BRAND)
    a, b, c = ctx.path("a.mp4"), ctx.path("b.mp4"), ctx.path("c.mp4")
    ctx.reel("render", scene, "-o", a, "--quiet", "--threads", "1")
    ctx.reel("render", scene, "-o", b, "--quiet", "--threads", "2")
    ctx.reel("render", scene, "-o", c, "--quiet", "--threads", "5", "--preset", "medium")
    assert sha256(a) == sha256(b) == sha256(c)
    with open(a, "rb") as f:
        data = f.read()
    assert b"creation_time" not in data and b"Lavf5" not in data


# A height that is not a multiple of 16 with a morphing shape: x264 reads a
# few bytes of its padding before writing them, which once made the second
# segment's bytes (not its pixels) vary between runs.
MORPH_90 = {
    "width": 160, "height": 90, "fps": 30, "duration": "1s", "background": "#0B1F3A",
    "layers": [{"type": "path", "fill": "#FF5A1F", "d": [
        {"time": 0, "value": "M10 40 L40 10 L70 40 L40 70 Z"},
        {"time": "1s", "value": "M10 10 L70 10 L70 70 L10 70 Z"}]}],
}


def test_same_bytes_when_the_height_is_not_a_multiple_of_16(ctx):
    scene = ctx.write_scene(MORPH_90)
    hashes = set()
    for i in range(8):
        out = ctx.path("m%d.mp4" % i)
        ctx.reel("render", scene, "-o", out, "--quiet", "--threads", "1")
        hashes.add(sha256(out))
    assert len(hashes) == 1, hashes


def test_frame_count_rational_fps(ctx):
    scene = dict(BRAND, fps="30000/1001", duration="2s")
    out = ctx.path("ntsc.mp4")
    ctx.reel("render", ctx.write_scene(scene), "-o", out, "--quiet", "--segment-frames", "7")
    s = video_stream(out)
    assert s["r_frame_rate"] == "30000/1001"
    assert int(s["nb_read_frames"]) == 60  # round_half_up(2 x 29.97) = 60


def test_failed_render_keeps_existing_file(ctx):
    out = ctx.path("keep.mp4")
    with open(out, "wb") as f:
        f.write(b"precious")
    bad = ctx.write_scene(dict(BRAND, width=321))  # odd width: not encodable as 4:2:0
    _, err = ctx.reel("render", bad, "-o", out, "--quiet", expect=2)
    assert "even width and height" in err
    with open(out, "rb") as f:
        assert f.read() == b"precious"
    assert os.listdir(os.path.dirname(out)) == ["keep.mp4"]

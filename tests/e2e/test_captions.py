"""Captions layers, read back pixel by pixel from stills: a cue shows exactly
on the frames its times round to (round_half_up(seconds x fps)), nowhere
else; the spoken word takes the highlight color on its own frames; cue words
share the cue's time equally; and a render does not depend on the worker
count."""
import os

from helpers import png_pixel, read_png_rgba, sha256

RED = (255, 0, 0, 255)
NAVY = (11, 31, 58, 255)
YELLOW = (255, 212, 0, 255)


def _scene(ctx, layer, files=None, duration="3s"):
    scene = {"width": 400, "height": 100, "fps": 30, "duration": duration, "background": "#0B1F3A",
             "layers": [dict({"type": "captions", "position": [200, 50], "anchor": [0.5, 0.5],
                              "max_width": 400, "font_size": 20}, **layer)]}
    path = ctx.write_scene(scene)
    for name, text in (files or {}).items():
        with open(os.path.join(os.path.dirname(path), name), "w") as f:
            f.write(text)
    return path


def _still(ctx, scene, frame):
    out = ctx.path(f"f{frame}.png")
    ctx.reel("still", scene, "--frame", str(frame), "-o", out)
    return read_png_rgba(out)


SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"


def test_cue_shows_only_on_its_frames(ctx):
    # The box is 24 px of text plus 20 px padding above and below, centered:
    # (200, 22) is inside its top padding whenever the cue shows.
    scene = _scene(ctx, {"src": "subs.srt", "background": "#FF0000", "padding": 20, "corner_radius": 0},
                   {"subs.srt": SRT})
    for frame, want in ((0, NAVY), (29, NAVY), (30, RED), (45, RED), (59, RED), (60, NAVY), (89, NAVY)):
        assert png_pixel(_still(ctx, scene, frame), 200, 22) == want, frame


def test_cue_times_follow_the_layer_start(ctx):
    scene = _scene(ctx, {"src": "subs.srt", "background": "#FF0000", "padding": 20, "corner_radius": 0,
                         "start": "1s"}, {"subs.srt": SRT}, duration="4s")
    for frame, want in ((59, NAVY), (60, RED), (89, RED), (90, NAVY)):
        assert png_pixel(_still(ctx, scene, frame), 200, 22) == want, frame


def _yellow_sides(png):
    """How many pixels are exactly the highlight color in the left and right halves."""
    width, height, data = png
    left = right = 0
    for y in range(height):
        for x in range(width):
            i = (y * width + x) * 4
            if tuple(data[i:i + 4]) == YELLOW:
                if x < width // 2:
                    left += 1
                else:
                    right += 1
    return left, right


# Two words of the same width, so the line's center falls in the space between them.
WORDS = [{"text": "HHH", "start": 0.5, "end": 1.0}, {"text": "HHH", "start": 1.05, "end": 1.5}]


def test_spoken_word_takes_the_highlight_color_on_its_frames(ctx):
    scene = _scene(ctx, {"words": WORDS, "highlight": "color", "highlight_color": "#FFD400", "font_size": 40})
    # 0.5 s is frame 15; 1.05 s is 31.5 frames, which rounds up to 32; the
    # page lingers 0.5 s after 1.5 s, to frame 60.
    assert _yellow_sides(_still(ctx, scene, 14)) == (0, 0)
    for frame in (15, 31):
        left, right = _yellow_sides(_still(ctx, scene, frame))
        assert left > 100 and right == 0, (frame, left, right)
    for frame in (32, 59):
        left, right = _yellow_sides(_still(ctx, scene, frame))
        assert left == 0 and right > 100, (frame, left, right)
    assert _yellow_sides(_still(ctx, scene, 60)) == (0, 0)


def test_cue_words_share_the_cue_time_evenly(ctx):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHHH HHH\n"
    layer = {"src": "subs.srt", "highlight": "color", "highlight_color": "#FFD400", "font_size": 40}
    scene = _scene(ctx, layer, {"subs.srt": srt})
    assert _yellow_sides(_still(ctx, scene, 44))[1] == 0     # the first: 1.0 s to 1.5 s
    assert _yellow_sides(_still(ctx, scene, 45))[0] == 0     # the second from frame 45
    assert _yellow_sides(_still(ctx, scene, 45))[1] > 100
    untimed = _scene(ctx, dict(layer, word_timing="none"), {"subs.srt": srt})
    assert _yellow_sides(_still(ctx, untimed, 45)) == (0, 0)


def test_render_is_the_same_with_one_or_two_workers(ctx):
    scene = _scene(ctx, {"words": WORDS, "highlight": "box", "shadow": "#000000", "stroke": "#FF5A1F",
                         "background": "#00000099"}, duration="2s")
    outs = []
    for threads in ("1", "2"):
        out = ctx.path(f"t{threads}.mp4")
        ctx.reel("render", scene, "-o", out, "--threads", threads, "--quiet")
        outs.append(sha256(out))
    assert outs[0] == outs[1]

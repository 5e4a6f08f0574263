"""Text layer features read back from pixels: animator timing (a unit is
invisible before its delay and fully drawn after delay + duration), renders
that match stills while units move (static spans must not freeze animated
text), markup colors, seeded random order, and auto-fit."""
import hashlib
import os

from helpers import png_pixel, read_png_rgba

W, H = 200, 100


def scene(layer, duration=2):
    return {"width": W, "height": H, "fps": 30, "duration": duration, "background": "#000000",
            "layers": [layer]}


def still(ctx, sc, frame):
    path = ctx.write_scene(sc)
    out = ctx.path("f%d.png" % frame)
    ctx.reel("still", path, "--frame", str(frame), "-o", out)
    return read_png_rgba(out)


def brightest(png, x0, y0, x1, y1):
    """The largest red value in the rectangle [x0, x1) x [y0, y1)."""
    return max(png_pixel(png, x, y)[0] for y in range(y0, y1) for x in range(x0, x1))


# "IIII" in black weight: four fat, well separated stems whose insides are
# fully covered pixels. Each character starts 10 frames after the previous.
TYPEWRITER = {"type": "text", "text": "I I I I", "font_size": 60, "font_weight": "black",
              "position": [10, 10], "color": "#FFFFFF",
              "animators": [{"unit": "characters", "from": {"opacity": 0}, "delay": "10f",
                             "duration": "6f", "stagger": "10f"}]}


def stem_boxes(png):
    """x ranges of the stems at full reveal, found from the pixels."""
    width, _, _ = png
    cols = [brightest(png, x, 30, x + 1, 50) == 255 for x in range(width)]
    boxes, start = [], None
    for x, on in enumerate(cols + [False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            boxes.append((start, x))
            start = None
    return boxes


def test_unit_hidden_before_delay_and_whole_after_duration(ctx):
    final = still(ctx, scene(TYPEWRITER), 59)
    boxes = stem_boxes(final)
    assert len(boxes) == 4, boxes
    a, b = boxes[0], boxes[1]
    before = still(ctx, scene(TYPEWRITER), 10)        # first unit starts at 10: opacity 0
    assert brightest(before, a[0], 20, a[1], 60) == 0
    mid = still(ctx, scene(TYPEWRITER), 13)           # halfway: about half opacity
    assert 120 <= brightest(mid, a[0], 30, a[1], 50) <= 135
    done = still(ctx, scene(TYPEWRITER), 16)          # 10 + 6: fully there
    assert brightest(done, a[0], 30, a[1], 50) == 255
    assert brightest(done, b[0], 20, b[1], 60) == 0   # the second starts at 20
    assert brightest(still(ctx, scene(TYPEWRITER), 26), b[0], 30, b[1], 50) == 255


def test_render_matches_stills_while_units_move(ctx):
    """Nothing but the animator changes over time: the renderer must still
    redraw the layer every frame (no static-span reuse)."""
    sc = scene(TYPEWRITER, duration=1)
    path = ctx.write_scene(sc)
    outdir = os.path.dirname(ctx.path("x"))
    ctx.reel("render", path, "-o", os.path.join(outdir, "f_%03d.png"), "-q")
    for frame in (5, 13, 16, 29):
        rendered = read_png_rgba(os.path.join(outdir, "f_%03d.png" % frame))
        assert rendered == still(ctx, sc, frame), frame


def test_markup_color_exact(ctx):
    layer = {"type": "text", "markup": True, "text": "I <color #FF5A1F>I</color>", "font_size": 60,
             "font_weight": "black", "position": [10, 10]}
    png = still(ctx, scene(layer), 0)
    colors = {png_pixel(png, x, 40) for x in range(W)}
    assert (255, 255, 255, 255) in colors
    assert (255, 90, 31, 255) in colors


def pixel_hash(png):
    return hashlib.sha256(png[2]).hexdigest()


def test_random_order_depends_on_seed_only(ctx):
    def layer(seed):
        return {"type": "text", "text": "ABCDEFGHIJ", "font_size": 30, "position": [5, 30],
                "animators": [{"unit": "characters", "from": {"opacity": 0}, "duration": "1f",
                               "stagger": "1f", "order": "random", "seed": seed}]}
    one = pixel_hash(still(ctx, scene(layer(1)), 4))
    assert one == pixel_hash(still(ctx, scene(layer(1)), 4))
    assert one != pixel_hash(still(ctx, scene(layer(2)), 4))


def test_fit_never_grows_and_keeps_a_fitting_text(ctx):
    plain = {"type": "text", "text": "Short", "font_size": 20, "width": 180, "position": [10, 10]}
    fitted = dict(plain, fit="shrink", height=80)
    assert pixel_hash(still(ctx, scene(plain), 0)) == pixel_hash(still(ctx, scene(fitted), 0))


def test_fit_shrinks_into_the_box(ctx):
    layer = {"type": "text", "text": "A much longer line of words that needs several lines", "font_size": 60,
             "width": 180, "height": 40, "fit": "shrink", "position": [10, 10]}
    png = still(ctx, scene(layer), 0)
    assert brightest(png, 10, 10, 190, 50) == 255      # drawn, inside the box
    assert brightest(png, 0, 52, W, H) == 0            # nothing below it


def test_fit_ellipsis_below_min_font_size(ctx):
    layer = {"type": "text", "text": "words " * 40, "font_size": 40, "min_font_size": 20,
             "width": 180, "max_lines": 2, "fit": "shrink", "position": [10, 10]}
    png = still(ctx, scene(layer), 0)
    assert brightest(png, 0, 10 + 2 * 24 + 2, W, H) == 0   # two lines of 20 px, line height 1.2

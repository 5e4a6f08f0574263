"""reel sheet: a deterministic grid of evenly spaced, labelled frames."""
from helpers import png_pixel, read_png_rgba, sha256

SCENE = {"width": 160, "height": 90, "fps": 10, "duration": "2s", "background": "#000000",
         "layers": [{"type": "rect", "width": 160, "height": 90, "fill": "#FF0000",
                     "opacity": [{"time": 0, "value": 0}, {"time": "19f", "value": 1}]}]}


def test_sheet_grid_size_labels_and_frames(ctx):
    p = ctx.write_scene(SCENE)
    out = ctx.path("sheet.png")
    ctx.reel("sheet", p, "-o", out, "--frames", "4", "--columns", "2", "--width", "340")
    w, h, _ = png = read_png_rgba(out)
    tile_w = (340 - 4 * 3) // 2
    pic_h = tile_w * 90 // 160
    assert (w, h) == (340, 4 + 2 * (pic_h + 22 + 4))
    # Frames 0, 6, 13, 19: the first is black, the last fully red.
    assert png_pixel(png, 10, 10)[:3] == (0, 0, 0)
    last = png_pixel(png, 4 + tile_w + 4 + 10, 4 + pic_h + 22 + 4 + 10)
    assert last[:3] == (255, 0, 0), last
    # The label of the first tile ("0.00s f0") is white pixels on the label strip.
    strip = [png_pixel(png, x, 4 + pic_h + 4 + y) for x in range(4, 60) for y in range(14)]
    assert (255, 255, 255, 255) in strip
    again = ctx.path("again.png")
    ctx.reel("sheet", p, "-o", again, "--frames", "4", "--columns", "2", "--width", "340")
    assert sha256(out) == sha256(again)


def test_sheet_bad_arguments(ctx):
    p = ctx.write_scene(SCENE)
    _, err = ctx.reel("sheet", p, "-o", ctx.path("x.png"), "--frames", "0", expect=2)
    assert "--frames expects a whole number from 1 to 1000, got \"0\"" in err
    _, err = ctx.reel("sheet", p, expect=2)
    assert "missing -o OUT.png" in err
    _, err = ctx.reel("sheet", p, "-o", ctx.path("x.png"), "--colums", "3", expect=2)
    assert "unknown option --colums" in err

"""Compositions and sequences: items land on exact frames, a crossfade mixes
the expected colors, and an instance's rate, time_offset and loop map its
time onto the composition's (pixels read back from stills, frames from
`reel validate --json`)."""
import json

from helpers import png_pixel, read_png_rgba

RED, BLUE, GREEN, BG = (255, 0, 0, 255), (0, 0, 255, 255), (0, 255, 0, 255), (0, 0, 0, 255)


def _rect(fill, **kw):
    return {"type": "rect", "width": 8, "height": 8, "fill": fill, **kw}


def _scene(layers, **extra):
    return {"width": 8, "height": 8, "fps": 30, "duration": "3s", "background": "#000000",
            "layers": layers, **extra}


def _pixels(ctx, scene, frames):
    path = ctx.write_scene(scene)
    out = {}
    for f in frames:
        png = ctx.path(f"f{f}.png")
        ctx.reel("still", path, "--frame", str(f), "-o", png)
        out[f] = png_pixel(read_png_rgba(png), 4, 4)
    return out


def _near(got, want, tol=1):
    return all(abs(a - b) <= tol for a, b in zip(got, want))


# A 20-frame composition: red for its first 10 frames, blue for the next 10.
TWO_HALVES = {"halves": {"width": 8, "height": 8, "duration": "20f", "layers": [
    _rect("#FF0000", end="10f"), _rect("#0000FF", start="10f")]}}


def test_sequence_cut_lands_on_exact_frame(ctx):
    seq = {"type": "sequence", "layers": [_rect("#FF0000", duration="10f"), _rect("#0000FF", duration="7f"),
                                          _rect("#00FF00", duration="5f")]}
    px = _pixels(ctx, _scene([seq]), [0, 9, 10, 16, 17, 21, 22])
    assert px == {0: RED, 9: RED, 10: BLUE, 16: BLUE, 17: GREEN, 21: GREEN, 22: BG}


def test_sequence_starts_and_length(ctx):
    seq = {"type": "sequence", "id": "s", "transition": {"type": "crossfade", "duration": "5f"},
           "layers": [_rect("#FF0000", id="a", duration="20f"),
                      _rect("#0000FF", id="b", duration="20f", transition={"type": "wipe", "duration": "8f"}),
                      {"type": "composition", "id": "c", "name": "halves", "rate": 2}]}
    out, _ = ctx.reel("validate", "--json", ctx.write_scene(_scene([seq], compositions=TWO_HALVES)))
    got = {l.get("id", l["pointer"]): (l["start"], l["end"]) for l in json.loads(out)["layers"]}
    # b starts 5 frames before a ends; c 8 frames before b ends; c lasts 20 / 2 frames.
    assert got["a"] == (0, 20) and got["b"] == (15, 35) and got["c"] == (27, 37)
    assert got["s"] == (0, 37)


def test_crossfade_mixes_colors(ctx):
    seq = {"type": "sequence", "transition": {"type": "crossfade", "duration": "10f"},
           "layers": [_rect("#FF0000", duration="20f"), _rect("#0000FF", duration="20f")]}
    px = _pixels(ctx, _scene([seq]), [9, 10, 13, 15, 19, 20])
    assert px[9] == RED and px[10] == RED           # the cut's first frame shows only the outgoing item
    assert _near(px[13], (round(255 * 0.7), 0, round(255 * 0.3), 255)), px[13]
    assert _near(px[15], (128, 0, 128, 255)), px[15]
    assert _near(px[19], (round(255 * 0.1), 0, round(255 * 0.9), 255)), px[19]
    assert px[20] == BLUE


def test_rate_plays_faster_and_ends_early(ctx):
    inst = {"type": "composition", "name": "halves", "rate": 2}
    px = _pixels(ctx, _scene([inst], compositions=TWO_HALVES), [4, 5, 9, 10])
    assert px == {4: RED, 5: BLUE, 9: BLUE, 10: BG}


def test_half_rate(ctx):
    inst = {"type": "composition", "name": "halves", "rate": 0.5}
    px = _pixels(ctx, _scene([inst], compositions=TWO_HALVES), [19, 20, 39, 40])
    assert px == {19: RED, 20: BLUE, 39: BLUE, 40: BG}


def test_time_offset(ctx):
    inst = {"type": "composition", "name": "halves", "time_offset": "10f", "start": "5f"}
    px = _pixels(ctx, _scene([inst], compositions=TWO_HALVES), [4, 5, 14, 15])
    assert px == {4: BG, 5: BLUE, 14: BLUE, 15: BG}


def test_loop(ctx):
    inst = {"type": "composition", "name": "halves", "loop": True}
    px = _pixels(ctx, _scene([inst], compositions=TWO_HALVES), [19, 20, 30, 89])
    assert px == {19: BLUE, 20: RED, 30: BLUE, 89: RED}     # 89 = 4 x 20 + 9


def test_instance_is_clipped_to_its_box(ctx):
    comps = {"small": {"width": 4, "height": 4, "duration": "1s", "layers": [_rect("#FF0000")]}}
    scene = _scene([{"type": "composition", "name": "small"},
                    {"type": "composition", "name": "small", "position": [0, 4], "clip": False}],
                   compositions=comps)
    png = ctx.path("clip.png")
    ctx.reel("still", ctx.write_scene(scene), "--frame", "0", "-o", png)
    img = read_png_rgba(png)
    assert png_pixel(img, 1, 1) == RED and png_pixel(img, 6, 1) == BG     # clipped at x = 4
    assert png_pixel(img, 6, 6) == RED                                     # unclipped overflows


def test_rendered_frames_equal_stills(ctx):
    # Rendering reuses static parts across a segment; instances with a time
    # mapping and running transitions must still match frame-by-frame stills.
    comps = {"blink": {"width": 8, "height": 8, "duration": "6f", "layers": [
        _rect("#FF0000", end="3f"), _rect("#00FF00", start="3f")]}}
    scene = {"width": 8, "height": 8, "fps": 30, "duration": "24f", "background": "#000000",
             "compositions": comps, "layers": [
                 {"type": "composition", "name": "blink", "loop": True, "rate": 0.5, "time_offset": "2f",
                  "scale": 0.5},
                 {"type": "sequence", "position": [4, 4], "width": 4, "height": 4,
                  "transition": {"type": "wipe", "duration": "4f"},
                  "layers": [_rect("#0000FF", duration="12f"), _rect("#FFFFFF", duration="12f"),
                             {"type": "composition", "name": "blink", "rate": 1.5}]}]}
    path = ctx.write_scene(scene)
    out = ctx.path("frames")
    ctx.reel("render", path, "-o", out + "_%03d.png", "--segment-frames", "10", "-q")
    for f in range(24):
        png = ctx.path("s.png")
        ctx.reel("still", path, "--frame", str(f), "-o", png)
        assert read_png_rgba(png) == read_png_rgba(out + "_%03d.png" % f), f"frame {f}"


def test_params_drive_repeat_and_if(ctx):
    comps = {"bars": {"width": 64, "height": 16, "duration": "1s",
                      "params": {"values": {"type": "list", "default": [1, 2, 3]},
                                 "show": {"type": "boolean", "default": True}},
                      "layers": [{"type": "rect", "repeat": {"each": "{{values}}", "as": "v"},
                                  "position": ["{{index * 10}}", 0], "width": 8, "height": "{{v * 4}}",
                                  "fill": "#FF0000"},
                                 {"type": "rect", "if": "{{show}}", "position": [50, 0], "width": 8, "height": 8,
                                  "fill": "#00FF00"}]}}
    scene = {"width": 64, "height": 16, "duration": "1s", "background": "#000000", "compositions": comps,
             "layers": [{"type": "composition", "name": "bars", "params": {"values": [4, 1], "show": False}}]}
    png = ctx.path("bars.png")
    ctx.reel("still", ctx.write_scene(scene), "--frame", "0", "-o", png)
    img = read_png_rgba(png)
    assert png_pixel(img, 1, 15) == RED                                  # 4 x 4 = 16 px tall
    assert png_pixel(img, 11, 2) == RED and png_pixel(img, 11, 6) == BG  # 1 x 4 = 4 px tall
    assert png_pixel(img, 21, 1) == BG and png_pixel(img, 52, 2) == BG  # no third bar, no green box


def test_nested_sequences_and_sequence_in_composition(ctx):
    # A sequence as a sequence item, and a composition holding a sequence
    # placed twice: each keeps its own cuts.
    inner = {"type": "sequence", "layers": [_rect("#00FF00", duration="4f"), _rect("#0000FF", duration="4f")]}
    comps = {"strip": {"width": 8, "height": 8, "duration": "10f", "layers": [
        {"type": "sequence", "layers": [_rect("#FF0000", duration="5f"), _rect("#00FF00", duration="5f")]},
        {"type": "sequence", "layers": []}]}}
    outer = {"type": "sequence", "layers": [_rect("#FF0000", duration="3f"), inner,
                                            {"type": "composition", "name": "strip"}]}
    px = _pixels(ctx, _scene([outer, {"type": "composition", "name": "strip", "start": "30f"}],
                             compositions=comps), [2, 3, 7, 10, 11, 16, 21, 30, 35, 40])
    assert px == {2: RED, 3: GREEN, 7: BLUE, 10: BLUE, 11: RED, 16: GREEN, 21: BG, 30: RED, 35: GREEN, 40: BG}


def _two_images_cut(transition):
    """Two 16x16 items with structure (a stripe each) cut with transition."""
    def item(color, stripe):
        return {"type": "group", "duration": "20f", "layers": [
            {"type": "rect", "width": 16, "height": 16, "fill": color},
            {"type": "rect", "position": [stripe, 0], "width": 3, "height": 16, "fill": "#FFFFFF"}]}
    seq = {"type": "sequence", "transition": transition, "layers": [item("#FF0000", 2), item("#0000FF", 11)]}
    return {"width": 16, "height": 16, "fps": 30, "duration": "2s", "background": "#000000", "layers": [seq]}


def _stills(ctx, scene, frames, name):
    path = ctx.write_scene(scene, name + ".json")
    out = []
    for f in frames:
        png = ctx.path(f"{name}-{f}.png")
        ctx.reel("still", path, "--frame", str(f), "-o", png)
        out.append(read_png_rgba(png))
    return out


def test_zoom_scales(ctx):
    frames = [12, 15, 18]
    fade = _stills(ctx, _two_images_cut({"type": "crossfade", "duration": "10f"}), frames, "fade")
    flat = _stills(ctx, _two_images_cut({"type": "zoom", "duration": "10f", "scale_out": 1, "scale_in": 1}),
                   frames, "flat")
    zoom = _stills(ctx, _two_images_cut({"type": "zoom", "duration": "10f"}), frames, "zoom")
    wide = _stills(ctx, _two_images_cut({"type": "zoom", "duration": "10f", "scale_out": 3, "scale_in": 0.5}),
                   frames, "wide")
    assert flat == fade                 # zoom at scale 1 is exactly a crossfade
    assert zoom != fade and wide != zoom

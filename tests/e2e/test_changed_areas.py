"""Frames over a static background are restored and converted only where
their moving layers drew. A transparent, motion-blurred rect cannot say where
it drew, which sends the same scene back to restoring and converting whole
frames: both videos must be the same bytes, frame after frame, whatever
moved, appeared, vanished or spread through an effect."""
import os

from helpers import sha256

ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets")


def _moving_scene(whole):
    def keys(a, b, end="20f"):
        return [{"time": 0, "value": a}, {"time": end, "value": b}]

    gradient = {"type": "rect", "width": 322, "height": 182,
                "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                         "stops": [[0, "#1B1035"], [0.5, "#0B1F3A"], [1, "#0B3A3A"]]}}
    title = {"type": "text", "text": "Static", "font_family": "Inter", "font_size": 20, "color": "#FFFFFF",
             "position": [8, 4]}
    # Still during runs, but gone from frame 14, where a run of 7 frames
    # starts: each run's frames must be built on that run's own picture.
    banner = {"type": "rect", "width": 90, "height": 12, "fill": "#FFD21F", "position": [90, 8], "end": "14f"}
    # A thin rect with a stroke far wider than itself, crossing the frame.
    stroked = {"type": "rect", "width": 6, "height": 30, "fill": "#FFD21F", "stroke": "#FF5A1F",
               "stroke_width": 16, "position": keys([10, 120], [290, 30]), "rotation": keys(0, 70)}
    words = {"type": "text", "text": "Words fly in", "font_family": "Inter", "font_size": 24,
             "font_weight": "bold", "color": "#FFFFFF", "position": [40, 60], "stroke": "#1F7AFF",
             "stroke_width": 3, "shadow_color": "#000000C0", "shadow_offset": [6, 9], "shadow_blur": 4,
             "animators": [{"unit": "words", "from": {"position": [-30, 60], "rotation": 40, "scale": 2.5,
                                                      "blur": 8}, "duration": "8f", "stagger": "4f"}]}
    counter = {"type": "counter", "value": keys(0, 98765), "font_family": "Inter", "font_size": 22,
               "color": "#2ECC71", "position": [200, 140], "width": 110, "align": "right"}
    star = {"type": "star", "points": 5, "outer_radius": 24, "inner_radius": 6, "position": keys([250, 60],
                                                                                               [60, 150]),
            "fill": "#9B59B6", "stroke": "#FFFFFF", "stroke_width": 6, "line_join": "miter", "miter_limit": 8,
            "rotation": keys(0, 180)}
    trimmed = {"type": "path", "d": "M 0 0 L 80 10 L 0 20", "fill": "none", "stroke": "#E74C3C",
               "stroke_width": 10, "line_cap": "square", "line_join": "miter", "miter_limit": 10,
               "position": [120, 100], "trim_end": keys(0.1, 1)}
    shadowed = {"type": "rect", "width": 24, "height": 24, "fill": "#1ABC9C", "corner_radius": 5,
                "position": keys([280, 150], [20, 20]),
                "effects": [{"type": "drop_shadow", "offset": [9, 12], "blur": 5, "color": "#000000CC"}]}
    # Shows for frames 5-12 only: after it, its pixels must go.
    blink = {"type": "ellipse", "width": 50, "height": 30, "fill": "#F39C12", "position": [150, 20],
             "start": "5f", "end": "13f"}
    faded = {"type": "group", "opacity": 0.6, "position": keys([0, 0], [40, -30]),
             "layers": [{"type": "rect", "width": 40, "height": 40, "fill": "#ECF0F1", "position": [20, 120]},
                        {"type": "text", "text": "group", "font_family": "Inter", "font_size": 16,
                         "color": "#000000", "position": [22, 130]}]}
    masked = {"type": "group", "position": keys([200, 90], [230, 80]),
              "mask": {"type": "ellipse", "width": 40, "height": 40, "fill": "#FFFFFF"},
              "layers": [{"type": "rect", "width": 60, "height": 60, "fill": "#3498DB", "position": [-10, -10]}]}
    # More separate drawings than an area keeps rectangles for: some merge.
    dots = {"type": "group", "layers": [
        {"type": "ellipse", "width": 5, "height": 5, "fill": "#FFFFFF",
         "position": keys([8 + 10 * i, 176 - 7 * (i % 3)], [4 + 11 * i, 150 - 13 * (i % 4)], "%df" % (10 + i % 9))}
        for i in range(30)]}
    # A Lottie animates by itself, within its box, whatever its fit.
    lottie = [{"type": "lottie", "src": os.path.join(ASSETS, "lottie", name), "fit": fit, "width": 60,
               "height": 40, "position": pos}
              for name, fit, pos in (("trim.json", "contain", [250, 95]), ("transform.json", "cover", [70, 8]))]
    # Captions, each way of reaching past its letters on its own (one would
    # cover for another): a scaled spoken word pushing its line apart; a
    # sliding highlight box; a shadow and a background box; a wide outline.
    # Words change every 3 frames.
    said = [{"text": w, "start": 0.1 * i, "end": 0.1 * i + 0.1}
            for i, w in enumerate("every word here is spoken aloud in time".split())]
    captions = [dict({"type": "captions", "words": said, "font_size": 16, "max_width": 140, "max_lines": 1,
                      "max_chars": 16}, **extra)
                for extra in ({"position": [150, 150], "highlight": "scale", "highlight_scale": 1.6},
                              {"position": [10, 70], "highlight": "box", "highlight_color": "#FF5A1F",
                               "highlight_padding": [9, 5], "highlight_slide": 0.05},
                              {"position": [170, 30], "highlight": "color", "shadow": "#FF00FFCC",
                               "shadow_offset": [12, 14], "shadow_blur": 6, "background": "#00000080",
                               "padding": [16, 10]},
                              {"position": [20, 100], "stroke": "#000000", "stroke_width": 7})]
    # Static, but after the moving ones: drawn again every frame.
    logo = {"type": "rect", "width": 20, "height": 20, "fill": "#FF5A1F", "corner_radius": 4,
            "position": [296, 6]}
    layers = [gradient, title, banner, stroked, words, counter, star, trimmed, shadowed, blink, faded, masked, dots] + lottie + captions + [logo]
    if whole:
        layers.append({"type": "rect", "width": 2, "height": 2, "fill": "#00000000", "motion_blur": {"samples": 2},
                       "position": keys([300, 170], [310, 170])})
    return {"width": 322, "height": 182, "fps": 30, "duration": "24f", "background": "#000000", "layers": layers}


def test_moving_layers_over_a_static_background_match_whole_frames(ctx):
    scenes = {how: ctx.write_scene(_moving_scene(how == "whole"), how + ".json") for how in ("areas", "whole")}
    runs = [("--threads", "1", "--segment-frames", "24"),
            ("--threads", "2", "--segment-frames", "7"),
            ("--pix-fmt", "yuv444p10le", "--segment-frames", "11"),
            ("--scale", "0.5", "--segment-frames", "9")]
    for extra in runs:
        hashes = {}
        for how, path in scenes.items():
            out = ctx.path(how + ".y4m")
            ctx.reel("render", path, "-o", out, "--quiet", *extra)
            hashes[how] = sha256(out)
            assert os.path.getsize(out) > 0
        assert hashes["areas"] == hashes["whole"], extra

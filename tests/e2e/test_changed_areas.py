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


def _chart_scene(whole):
    def keys(a, b, end="20f"):
        return [{"time": 0, "value": a}, {"time": end, "value": b}]

    def data(labels, *values):
        return {"labels": labels, "values": list(values[0])} if len(values) == 1 else {
            "labels": labels, "series": [{"name": "s%d" % i, "values": list(v)} for i, v in enumerate(values)]}

    quick = {"duration": "10f", "stagger": "2f"}
    base = {"type": "chart", "font_size": 11, "title_size": 13, "theme": "dark", "build": quick}
    charts = [
        # Bars springing past their end, value labels above, long category
        # labels turned 45 degrees below the plot.
        dict(base, kind="bar", position=[4, 4], width=230, height=130, title="Springing",
             value_labels=True, label_overflow="rotate",
             build={"duration": "12f", "stagger": "3f", "easing": {"spring": {"stiffness": 200, "damping": 8}}},
             data=data(["A very long name", "Short", "Another long one"], [5, 9, -3])),
        # A bar race: sorted horizontal bars changing places, clipped at the
        # last place shown, with value labels past their ends.
        dict(base, kind="bar", orientation="horizontal", sort="descending", max_bars=3, value_labels=True,
             build=False, position=[244, 4], width=230, height=130,
             data=[{"time": 0, "value": data(["Alpha", "Bravo", "Charlie", "Delta"], [50, 40, 30, 20]),
                    "easing": "ease-in-out-cubic"},
                   {"time": "18f", "value": data(["Alpha", "Bravo", "Charlie", "Delta"], [20, 42, 60, 55])}]),
        # Smooth lines with markers and value labels over a filled area,
        # two series and a legend, on a rounded, moving background.
        dict(base, kind="line", smooth=True, markers=True, fill_area=True, value_labels=True, marker_size=7,
             line_width=3, position=keys([4, 138], [20, 130]), width=220, height=128, background="#20304A",
             corner_radius=10, legend="bottom",
             data=data(["Q1", "Q2", "Q3", "Q4"], [3, 7, 4, 9], [6, 2, 8, 5])),
        # A donut with value labels, a legend on the right and a gap between
        # slices, its data changing; fading as a group.
        dict(base, kind="donut", pie_labels="value", value_labels=True, slice_gap=3, legend="right",
             position=[250, 138], width=226, height=128, opacity=keys(0.4, 1), build=False,
             data=[{"time": 0, "value": data(["Rent", "Pay", "Tools"], [12, 45, 4])},
                   {"time": "16f", "value": data(["Rent", "Pay", "Tools"], [30, 10, 25])}]),
    ]
    layers = [{"type": "rect", "width": 480, "height": 270,
               "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                        "stops": [[0, "#1B1035"], [1, "#0B3A3A"]]}}] + charts
    if whole:
        layers.append({"type": "rect", "width": 2, "height": 2, "fill": "#00000000", "motion_blur": {"samples": 2},
                       "position": keys([470, 260], [476, 260])})
    return {"width": 480, "height": 270, "fps": 30, "duration": "26f", "background": "#000000", "layers": layers}


def test_charts_over_a_static_background_match_whole_frames(ctx):
    scenes = {how: ctx.write_scene(_chart_scene(how == "whole"), "chart-" + how + ".json")
              for how in ("areas", "whole")}
    for extra in (("--threads", "1"), ("--scale", "0.5", "--segment-frames", "9")):
        hashes = {}
        for how, path in scenes.items():
            out = ctx.path("chart-" + how + ".y4m")
            ctx.reel("render", path, "-o", out, "--quiet", *extra)
            hashes[how] = sha256(out)
        assert hashes["areas"] == hashes["whole"], extra

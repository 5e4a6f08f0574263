#!/usr/bin/env python3
"""Writes the benchmark scenes of bench/ (workloads of DESIGN.md section 6).

    python3 bench/make_scenes.py [--minutes M]

W1 brand-promo (W1F: the same with faded groups and an SVG logo), W3 kinetic-type (one text layer with word animators; W3L is
the older variant with one text layer per word), W4 (W1 at 4K), W5 (W1 repeated to
M minutes, default 10) and W6 (two charts, data-driven) are generated here so that they stay reproducible and
consistent with each other. The output only depends on this file: run it
again after editing and commit the JSON it writes, except W5 (376 KB), which
run.py writes afresh at every run and git ignores.
"""

import json
import os
import shutil
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

FPS = 30
W1_SECONDS = 10
W5_MINUTES = 10

# W1 design numbers (DESIGN.md section 6), at 1920x1080.
BAR_VALUES = [12, 19, 7, 25, 16, 30]
BAR_MAX_HEIGHT = 500
BAR_WIDTH = 120
BAR_GAP = 40
BAR_BASELINE = 820           # y of the bars' bottom edge
BAR_COLOR = "#FF5A1F"
BAR_FIRST_FRAME = 20
BAR_STAGGER = 5              # frames between two bars
BAR_SPRING = {"spring": {"stiffness": 120, "damping": 14, "mass": 1}}
LOWER_THIRD_FRAME = 150

# Advance widths of Inter SemiBold for ASCII 32..126, in em, read once from
# fonts-inter's Inter-SemiBold.otf. Used only to lay W3's words out in lines,
# so the scene does not depend on the fonts of the machine that generates it.
INTER_SEMIBOLD_EM = [
    0.248, 0.309, 0.396, 0.643, 0.649, 0.844, 0.663, 0.213, 0.393, 0.393,
    0.543, 0.673, 0.295, 0.466, 0.29, 0.379, 0.667, 0.481, 0.621, 0.652,
    0.666, 0.632, 0.648, 0.587, 0.646, 0.648, 0.29, 0.295, 0.673, 0.673,
    0.673, 0.544, 0.999, 0.724, 0.657, 0.744, 0.724, 0.608, 0.586, 0.755,
    0.744, 0.275, 0.561, 0.677, 0.566, 0.906, 0.741, 0.775, 0.643, 0.776,
    0.651, 0.649, 0.66, 0.734, 0.724, 1.007, 0.69, 0.705, 0.653, 0.393,
    0.379, 0.393, 0.481, 0.468, 0.497, 0.575, 0.63, 0.577, 0.63, 0.593,
    0.377, 0.625, 0.613, 0.261, 0.261, 0.569, 0.261, 0.898, 0.61, 0.608,
    0.625, 0.625, 0.397, 0.549, 0.38, 0.608, 0.576, 0.837, 0.562, 0.576,
    0.562, 0.393, 0.358, 0.393, 0.673,
]

W3_TEXT = (
    "Every frame of this video was described in a single file of plain text. "
    "Nothing was dragged or keyed by hand: each word knows when it "
    "enters, how far it springs, and how quickly it settles. The same file renders "
    "the same bytes on a laptop, on a server, and on the laptop of a colleague "
    "who has never seen it before. That matters more than it sounds. A title that "
    "moves one pixel between renders is a bug nobody can find; a chart that "
    "counts to a different number is a mistake that reaches the client. So the "
    "engine treats time as whole frames, treats color as exact numbers, and treats "
    "every layer as a pure function of the frame it is drawn on. Speed comes after "
    "correctness, but not long after. Static layers are drawn once, "
    "text is shaped once and cached, and the encoder runs on every core while the "
    "next frames are still being painted. The result should feel boring in the "
    "best way: you change a number, you press render, and a minute later you have "
    "a video that looks exactly like the one you meant to make, every single time "
    "you make it again."
)


def frames(n):
    """A time in whole frames, in the scene format's "Nf" form."""
    return "%df" % n


def num(x):
    """Keeps the JSON short: whole numbers without ".0", others to 3 decimals."""
    r = round(x, 3)
    return int(r) if r == int(r) else r


def gradient(top, bottom):
    return {"type": "linear", "from": [0, 0], "to": [0, 1],
            "stops": [[0, top], [1, bottom]]}


def w1_layers(s):
    """W1's layers at scale s (1 for 1920x1080, 2 for 3840x2160)."""
    w, h = 1920 * s, 1080 * s
    layers = [
        # Background: #0B1F3A with a vertical gradient to #12305A.
        {"type": "rect", "id": "background", "width": w, "height": h,
         "fill": gradient("#0B1F3A", "#12305A")},
        # Title: slides up 40 px and fades in over frames 0-15.
        {"type": "text", "id": "title", "text": "Q3 Revenue",
         "font_family": "Inter", "font_weight": "bold", "font_size": 96 * s,
         "color": "#FFFFFF", "anchor": [0.5, 0],
         "position": [{"time": 0, "value": [960 * s, 140 * s], "easing": "ease-out-cubic"},
                      {"time": frames(15), "value": [960 * s, 100 * s]}],
         "opacity": [{"time": 0, "value": 0, "easing": "ease-out-cubic"},
                     {"time": frames(15), "value": 1}]},
    ]

    # Bar chart: 6 bars centered horizontally, growing upward from the baseline.
    count = len(BAR_VALUES)
    left = (1920 - (count * BAR_WIDTH + (count - 1) * BAR_GAP)) / 2
    top_value = max(BAR_VALUES)
    base = BAR_BASELINE * s
    for i, value in enumerate(BAR_VALUES):
        x = (left + i * (BAR_WIDTH + BAR_GAP)) * s
        bar_h = BAR_MAX_HEIGHT * s * value / top_value
        settle = frames(60)   # the spring has long settled after 2 s

        def grow(a, b):
            return [{"time": 0, "value": num(a), "easing": BAR_SPRING},
                    {"time": settle, "value": num(b)}]

        # The bar is a rect with 12 px rounded corners whose bottom half is
        # covered by a square-cornered rect of the same color: both grow with
        # the same spring, so the cover is always half the bar's height and
        # hides the bottom corners while the top ones stay round.
        bar = {"type": "rect", "id": "bar", "width": BAR_WIDTH * s,
               "anchor": [0, 1], "position": [num(x), base],
               "height": grow(0, bar_h), "corner_radius": 12 * s, "fill": BAR_COLOR}
        cover = {"type": "rect", "id": "cover", "width": BAR_WIDTH * s,
                 "anchor": [0, 1], "position": [num(x), base],
                 "height": grow(0, bar_h / 2), "fill": BAR_COLOR}
        # The value label rides on top of the bar, counts up with the same
        # spring and fades in.
        cx = x + BAR_WIDTH * s / 2
        gap = 12 * s
        label = {"type": "counter", "id": "label", "value": grow(0, value),
                 "font_family": "Inter", "font_weight": "regular", "font_size": 36 * s,
                 "color": "#FFFFFF", "anchor": [0.5, 1], "align": "center",
                 "position": [{"time": 0, "value": [num(cx), base - gap], "easing": BAR_SPRING},
                              {"time": settle, "value": [num(cx), num(base - gap - bar_h)]}],
                 "opacity": [{"time": 0, "value": 0, "easing": "ease-out-cubic"},
                             {"time": frames(10), "value": 1}]}
        layers.append({"type": "group", "id": "bar%d" % (i + 1),
                       "start": frames(BAR_FIRST_FRAME + i * BAR_STAGGER),
                       "layers": [bar, cover, label]})

    # Lower third: slides in from the left over 20 frames from frame 150.
    layers.append(
        {"type": "group", "id": "lower-third", "start": frames(LOWER_THIRD_FRAME),
         "position": [{"time": 0, "value": [-820 * s, 0], "easing": "ease-out-cubic"},
                      {"time": frames(20), "value": [0, 0]}],
         "layers": [
             {"type": "rect", "id": "box", "position": [100 * s, 860 * s],
              "width": 720 * s, "height": 120 * s, "corner_radius": 16 * s,
              "fill": "#FFFFFFE6"},
             {"type": "text", "id": "name", "text": "Jane Doe \u2014 CFO",
              "font_family": "Inter", "font_size": 48 * s, "color": "#0B1F3A",
              "anchor": [0, 0.5], "position": [140 * s, 920 * s]},
         ]})

    # Logo: 160x160 PNG top-right with a 40 px margin, at 90% opacity.
    layers.append(
        {"type": "image", "id": "logo", "src": "assets/logo.png",
         "position": [w - 40 * s, 40 * s], "anchor": [1, 0],
         "width": 160 * s, "height": 160 * s, "opacity": 0.9})
    return layers


def canvas(width, height, seconds, layers, background="#0B1F3A"):
    return {"width": width, "height": height, "fps": FPS,
            "duration": "%ds" % seconds, "background": background,
            "layers": layers}


def w1_scene():
    return canvas(1920, 1080, W1_SECONDS, w1_layers(1))


# W1F's logo: a vector mark of plain shapes and a gradient, 160x160.
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
  <defs>
    <linearGradient id="brand" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#FF5A1F"/>
      <stop offset="1" stop-color="#B0306A"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="144" height="144" rx="32" fill="url(#brand)"/>
  <path d="M44 112 V48 h36 a22 22 0 0 1 0 44 h-36 M80 92 l30 20" fill="none" stroke="#FFFFFF"
        stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def w1f_scene():
    """W1F: W1 as a brand kit would often make it, with layers composited
    as groups: each bar group fades in over 10 frames to 95% opacity, the
    lower third to 92% over its slide, and the logo is an SVG at 90%."""
    layers = w1_layers(1)
    for layer in layers:
        if layer.get("id", "").startswith("bar"):
            layer["opacity"] = [{"time": 0, "value": 0}, {"time": frames(10), "value": 0.95}]
        elif layer.get("id") == "lower-third":
            layer["opacity"] = [{"time": 0, "value": 0, "easing": "ease-out-cubic"},
                                {"time": frames(20), "value": 0.92}]
        elif layer.get("id") == "logo":
            layer["type"] = "svg"
            layer["src"] = "assets/logo.svg"
    return canvas(1920, 1080, W1_SECONDS, layers)


def w2_scene(footage="media/footage-1080p30.mp4"):
    """W2: a 1080p30 H.264+AAC clip as full-frame background, keeping its
    audio; ten captions, one per second (Inter Bold 56 px white on a
    60%-black rounded box, bottom center); W1's lower third."""
    layers = [{"type": "video", "id": "footage", "src": footage, "width": 1920, "height": 1080,
               "fit": "cover"}]
    for k in range(W1_SECONDS):
        layers.append(
            {"type": "group", "id": "caption%d" % (k + 1), "start": "%ds" % k, "duration": "1s",
             "layers": [
                 {"type": "rect", "id": "box", "position": [960, 1010], "anchor": [0.5, 1],
                  "width": 900, "height": 84, "corner_radius": 16, "fill": "#00000099"},
                 {"type": "text", "id": "text", "text": "Caption number %d of ten" % (k + 1),
                  "font_family": "Inter", "font_weight": "bold", "font_size": 56,
                  "color": "#FFFFFF", "position": [960, 968], "anchor": [0.5, 0.5]},
             ]})
    layers += [l for l in w1_layers(1) if l.get("id") == "lower-third"]
    return canvas(1920, 1080, W1_SECONDS, layers)


def w6_scene():
    """W6: data-driven, two charts over a still background. A bar race: eight
    sorted horizontal bars, the first six shown, value labels, changing
    places through four yearly datasets. Beside it, a smooth line chart of
    two series with markers and a filled area building point by point."""
    names = ["Lisbon", "Oslo", "Kyoto", "Lima", "Accra", "Perth", "Quebec", "Tallinn"]
    years = [[52, 48, 45, 40, 33, 30, 22, 18], [50, 58, 41, 46, 30, 37, 28, 20],
             [47, 61, 52, 44, 41, 35, 39, 27], [45, 63, 66, 42, 55, 34, 40, 38]]
    race = [{"time": "%ds" % (3 * k), "value": {"labels": names, "values": v}, "easing": "ease-in-out-cubic"}
            for k, v in enumerate(years)]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    line = {"labels": months, "series": [
        {"name": "Visits", "values": [12, 15, 14, 19, 23, 22, 28, 31, 29, 35, 38, 42]},
        {"name": "Sign-ups", "values": [4, 6, 5, 8, 9, 12, 13, 15, 17, 16, 21, 24]}]}
    layers = [
        {"type": "rect", "id": "background", "width": 1920, "height": 1080,
         "fill": gradient("#0B1F3A", "#1B1035")},
        {"type": "text", "id": "title", "text": "Visitors per city, 2022-2025", "font_family": "Inter",
         "font_weight": "bold", "font_size": 64, "color": "#FFFFFF", "position": [80, 60]},
        {"type": "chart", "id": "race", "kind": "bar", "orientation": "horizontal", "sort": "descending",
         "max_bars": 6, "value_labels": True, "build": False, "theme": "dark", "font_size": 28,
         "position": [80, 200], "width": 1000, "height": 800, "data": race},
        {"type": "chart", "id": "trend", "kind": "line", "smooth": True, "markers": True, "fill_area": True,
         "theme": "dark", "font_size": 24, "title": "Site visits (thousands)", "title_size": 32,
         "position": [1140, 200], "width": 700, "height": 800, "legend": "bottom",
         "build": {"duration": "1s", "stagger": "0.5s"}, "data": line},
    ]
    return canvas(1920, 1080, W1_SECONDS, layers)


def w4_scene():
    return canvas(3840, 2160, W1_SECONDS, w1_layers(2))


def w5_scene(minutes=W5_MINUTES):
    """W1's content repeated: one group per 10 s, each lasting exactly 10 s,
    so frame k of W5 is frame k mod 300 of W1."""
    groups = []
    for k in range(minutes * 60 // W1_SECONDS):
        groups.append({"type": "group", "id": "part%d" % (k + 1),
                       "start": "%ds" % (k * W1_SECONDS),
                       "duration": "%ds" % W1_SECONDS,
                       "layers": w1_layers(1)})
    return canvas(1920, 1080, minutes * 60, groups)


def text_width(word, size):
    em = 0.0
    for ch in word:
        c = ord(ch)
        em += INTER_SEMIBOLD_EM[c - 32] if 32 <= c <= 126 else 0.6
    return em * size


def w3_scene():
    """200 words appearing one by one, laid out in centered lines."""
    words = W3_TEXT.split()
    assert len(words) == 200, len(words)
    size = 44
    space = text_width(" ", size) + 6      # a little wider: words scale up
    line_step = size * 1.5
    max_line = 1920 - 2 * 120

    # Break into lines greedily, then center each line and the whole block.
    lines, line, line_w = [], [], 0.0
    for word in words:
        ww = text_width(word, size)
        need = ww if not line else line_w + space + ww
        if line and need > max_line:
            lines.append((line, line_w))
            line, need = [], ww
        line.append((word, ww))
        line_w = need
    lines.append((line, line_w))
    top = (1080 - len(lines) * line_step) / 2 + line_step / 2

    # The last word starts at frame 268, leaving a second to read the page.
    last_start = 268
    layers = [{"type": "rect", "id": "background", "width": 1920, "height": 1080,
               "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                        "stops": [[0, "#1B1035"], [0.55, "#0B1F3A"], [1, "#0B3A3A"]]}}]
    index = 0
    for row, (line, line_w) in enumerate(lines):
        x = (1920 - line_w) / 2
        y = top + row * line_step
        for word, ww in line:
            start = index * last_start // (len(words) - 1)
            # Every 9th word is highlighted, to give the page some rhythm.
            color = "#FF5A1F" if index % 9 == 4 else "#FFFFFF"
            layers.append(
                {"type": "text", "id": "w%d" % (index + 1), "text": word,
                 "font_family": "Inter", "font_weight": "semibold", "font_size": size,
                 "color": color, "anchor": [0.5, 0.5],
                 "position": [num(x + ww / 2), num(y)], "start": frames(start),
                 "scale": [{"time": 0, "value": 0.3,
                            "easing": {"spring": {"stiffness": 180, "damping": 15, "mass": 1}}},
                           {"time": frames(45), "value": 1}],
                 "opacity": [{"time": 0, "value": 0, "easing": "ease-out-quad"},
                             {"time": frames(8), "value": 1}]})
            x += ww + space
            index += 1
    return canvas(1920, 1080, W1_SECONDS, layers)


def w3_single_layer_scene():
    """W3 as one text layer: the same 200 words, wrapped and centered by the
    layout, each popping in with a spring scale and a fade (two word
    animators, one word per frame); every 9th word highlighted with markup."""
    words = W3_TEXT.split()
    assert len(words) == 200, len(words)
    marked = ["<color #FF5A1F>%s</color>" % w if i % 9 == 4 else w for i, w in enumerate(words)]
    spring = {"spring": {"stiffness": 180, "damping": 15, "mass": 1}}
    layers = [{"type": "rect", "id": "background", "width": 1920, "height": 1080,
               "fill": {"type": "linear", "from": [0, 0], "to": [1, 1],
                        "stops": [[0, "#1B1035"], [0.55, "#0B1F3A"], [1, "#0B3A3A"]]}},
              {"type": "text", "id": "words", "text": " ".join(marked), "markup": True,
               "font_family": "Inter", "font_weight": "semibold", "font_size": 44,
               "color": "#FFFFFF", "width": 1680, "align": "center", "line_height": 1.5,
               "anchor": [0.5, 0.5], "position": [960, 540],
               "animators": [
                   {"unit": "words", "from": {"scale": 0.3}, "duration": frames(45),
                    "stagger": frames(1), "easing": spring},
                   {"unit": "words", "from": {"opacity": 0}, "duration": frames(8),
                    "stagger": frames(1), "easing": "ease-out-quad"}]}]
    return canvas(1920, 1080, W1_SECONDS, layers)


def ensure_logo():
    """The logos the W1 family shows: a copy of the examples' 160x160 PNG,
    and W1F's SVG (LOGO_SVG)."""
    dst = os.path.join(BENCH, "assets", "logo.png")
    if not os.path.exists(dst):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, "examples", "assets", "logo.png"), dst)
    with open(os.path.join(BENCH, "assets", "logo.svg"), "w", encoding="utf-8") as f:
        f.write(LOGO_SVG)
    return dst


def write_json(name, scene, compact=False):
    path = os.path.join(BENCH, name)
    if compact:
        text = json.dumps(scene, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(scene, ensure_ascii=False, indent=1)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text + "\n")
    os.replace(path + ".tmp", path)
    return path


def write_all(w5_minutes=W5_MINUTES):
    """Writes every scene; returns {workload: path}."""
    ensure_logo()
    return {
        "W1": write_json("w1-brand-promo.json", w1_scene()),
        "W1F": write_json("w1f-brand-promo-faded.json", w1f_scene()),
        "W2": write_json("w2-footage-overlay.json", w2_scene()),
        "W3": write_json("w3-kinetic-type.json", w3_single_layer_scene()),
        "W3L": write_json("w3-kinetic-type-layers.json", w3_scene()),
        "W4": write_json("w4-4k.json", w4_scene()),
        "W6": write_json("w6-data-charts.json", w6_scene()),
        # Compact: 60 copies of W1 are large even so.
        "W5": write_json("w5-long.json", w5_scene(w5_minutes), compact=True),
    }


if __name__ == "__main__":
    minutes = W5_MINUTES
    if len(sys.argv) == 3 and sys.argv[1] == "--minutes":
        minutes = int(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit("usage: make_scenes.py [--minutes M]")
    for name, path in write_all(minutes).items():
        print("%s  %s  %d bytes" % (name, os.path.relpath(path), os.path.getsize(path)))

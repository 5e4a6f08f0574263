"""Charts and counters end to end: bar geometry read back from pixels, the
build-in seen by the segment renderer (static-span cache), counter text equal
to the formatted value, and a counter box that does not jitter."""
from helpers import decode_rgb, pixel, png_pixel, read_png_rgba

RED = (255, 0, 0, 255)


def bar_scene(build=True, duration="2s"):
    return {
        "width": 400, "height": 300, "fps": 30, "duration": duration, "background": "#FFFFFF",
        "layers": [{
            "type": "chart", "kind": "bar", "position": [0, 0], "width": 400, "height": 300,
            "axis_min": 0, "axis_max": 100, "gridlines": False, "bar_radius": 0, "colors": ["#FF0000"],
            "build": {"duration": "20f", "stagger": 0, "easing": "linear"} if build else False,
            "data": {"labels": ["a", "b", "c"], "values": [100, 50, 25]},
        }],
    }


def column_top(png, x, color):
    """The first row from the top where column x has the color, or None."""
    width, height, _ = png
    for y in range(height):
        if png_pixel(png, x, y) == color:
            return y
    return None


def bar_columns(png):
    """x at the middle of each red run along the row just above the bottom of the bars."""
    width, height, _ = png
    # the lowest row that has red in it is the bars' base
    base = max(y for y in range(height) for x in range(0, width, 4) if png_pixel(png, x, y) == RED)
    runs, start = [], None
    for x in range(width):
        red = png_pixel(png, x, base) == RED
        if red and start is None:
            start = x
        if not red and start is not None:
            runs.append((start + x - 1) // 2)
            start = None
    return base, runs


def still(ctx, scene, frame):
    out = ctx.path("f.png")
    ctx.reel("still", ctx.write_scene(scene), "--frame", str(frame), "-o", out)
    return read_png_rgba(out)


def test_bar_tops_at_value_rows_after_build(ctx):
    png = still(ctx, bar_scene(), 30)
    base, xs = bar_columns(png)
    assert len(xs) == 3, xs
    tops = [column_top(png, x, RED) for x in xs]
    full = base + 1 - tops[0]           # the 100 bar spans the whole value axis
    assert full > 150, full
    # value v's bar is v% of the full height, to the pixel
    assert abs((base + 1 - tops[1]) - full * 0.50) <= 1, (tops, base)
    assert abs((base + 1 - tops[2]) - full * 0.25) <= 1, (tops, base)


def test_bars_grow_linearly_during_build(ctx):
    final = still(ctx, bar_scene(), 30)
    base, xs = bar_columns(final)
    full = base + 1 - column_top(final, xs[0], RED)
    half = still(ctx, bar_scene(), 10)              # linear, 10 of 20 frames
    assert abs((base + 1 - column_top(half, xs[0], RED)) - full / 2) <= 1
    start = still(ctx, bar_scene(), 0)
    assert column_top(start, xs[0], RED) is None    # nothing yet at frame 0
    static = still(ctx, bar_scene(build=False), 0)
    assert column_top(static, xs[0], RED) == column_top(final, xs[0], RED)


def test_video_frames_follow_the_build(ctx):
    """The build has no keyframed property; the segment renderer must still
    redraw the chart while it builds and may cache it once it is done."""
    out = ctx.path("build.mp4")
    ctx.reel("render", ctx.write_scene(bar_scene(duration="1.5s")), "-o", out, "--quiet", "--segment-frames", "8")
    tops = []
    for frame in (4, 10, 16, 30, 44):
        rgb = decode_rgb(out, frame, 400, 300)
        col = [pixel(rgb, 400, 120, y) for y in range(300)]
        red = [y for y, (r, g, b) in enumerate(col) if r > 200 and g < 60 and b < 60]
        tops.append(min(red) if red else 300)
    assert tops[0] > tops[1] > tops[2] > tops[3], tops
    assert abs(tops[3] - tops[4]) <= 1, tops


def counter_scene(value, **extra):
    layer = {"type": "counter", "position": [380, 20], "anchor": [1, 0], "align": "right", "font_size": 40,
             "color": "#000000", "prefix": "$", "decimals": 2, "value": value}
    layer.update(extra)
    return {"width": 400, "height": 90, "fps": 30, "duration": "2s", "background": "#FFFFFF", "layers": [layer]}


def test_counter_frame_shows_the_formatted_value(ctx):
    ramp = [{"time": 0, "value": 0}, {"time": "1s", "value": 3000}]   # linear: 100 per frame
    at_10 = still(ctx, counter_scene(ramp), 10)
    assert at_10 == still(ctx, counter_scene(1000), 0)         # "$1,000.00"
    assert at_10 == still(ctx, counter_scene(999.996), 0)      # rounds to the same text
    assert at_10 != still(ctx, counter_scene(1000.01), 0)      # one cent differs
    at_25 = still(ctx, counter_scene(ramp), 25)
    assert at_25 == still(ctx, counter_scene(2500), 0)


def right_edge(png):
    width, height, _ = png
    return max(x for y in range(height) for x in range(width) if png_pixel(png, x, y)[0] < 128)


def left_edge(png):
    width, height, _ = png
    return min(x for y in range(height) for x in range(width) if png_pixel(png, x, y)[0] < 128)


def test_counter_box_does_not_jitter(ctx):
    """Tabular figures and a box as wide as the widest value. Anchored at its
    left and right-aligned, the text's right edge is the box's right edge;
    anchored at its right and left-aligned, the left edge is the box's left
    edge: neither moves while the value counts. (A fixed suffix or prefix at
    the measured end: digit glyphs differ in ink, not in advance.)"""
    ramp = [{"time": 0, "value": 1111}, {"time": "1s", "value": 88888}]
    frames = (0, 7, 13, 22, 30)
    right = dict(suffix="%", prefix="", align="right", anchor=[0, 0], position=[20, 20])
    edges = {right_edge(still(ctx, counter_scene(ramp, **right), f)) for f in frames}
    assert len(edges) == 1, edges
    left = dict(suffix="", prefix="$", align="left", anchor=[1, 0], position=[380, 20])
    edges = {left_edge(still(ctx, counter_scene(ramp, **left), f)) for f in frames}
    assert len(edges) == 1, edges


def keyed_scene(keys, fixed_axis=True, build=False, duration="2s"):
    """bar_scene with "data" a keyframe list: (time, values, easing or None) per keyframe."""
    scene = bar_scene(build=build, duration=duration)
    layer = scene["layers"][0]
    if not fixed_axis:
        del layer["axis_min"], layer["axis_max"]
    layer["data"] = []
    for time, values, easing in keys:
        key = {"time": time, "value": {"labels": ["a", "b", "c"], "values": values}}
        if easing:
            key["easing"] = easing
        layer["data"].append(key)
    return scene


TRANSITION = [(0, [20, 80, 40], "linear"), ("1s", [60, 40, 100], None)]


def test_bar_top_halfway_at_transition_midpoint(ctx):
    """Fixed axis, linear easing: at frame 15 of 0..30 each bar's height is
    the mean of its heights at the two keyframes, to the pixel."""
    start, mid, end = (still(ctx, keyed_scene(TRANSITION), f) for f in (0, 15, 30))
    base, xs = bar_columns(end)
    assert len(xs) == 3, xs
    for x, (a, b) in zip(xs, [(20, 60), (80, 40), (40, 100)]):
        h0 = base + 1 - column_top(start, x, RED)
        h1 = base + 1 - column_top(end, x, RED)
        hm = base + 1 - column_top(mid, x, RED)
        assert abs(h1 / h0 - b / a) < 0.05, (h0, h1)    # the keyframes themselves are drawn
        assert abs(hm - (h0 + h1) / 2) <= 1, (x, h0, hm, h1)


def test_after_last_keyframe_equals_static_chart(ctx):
    """From the last keyframe on, the chart (nice axis included) is exactly a
    static chart of the last dataset; before the first, one of the first."""
    for build in (False, True):
        keyed = keyed_scene([("0.5s", [20, 80, 40], None), ("1s", [60, 40, 100], None)], fixed_axis=False,
                            build=build)
        last = keyed_scene([(0, [60, 40, 100], None)], fixed_axis=False, build=build)
        assert still(ctx, keyed, 45) == still(ctx, last, 45)
        assert still(ctx, keyed, 30) == still(ctx, last, 30)
    keyed = keyed_scene([("0.5s", [20, 80, 40], None), ("1s", [60, 40, 100], None)], fixed_axis=False)
    first = keyed_scene([(0, [20, 80, 40], None)], fixed_axis=False)
    assert still(ctx, keyed, 10) == still(ctx, first, 10)
    assert still(ctx, keyed, 22) != still(ctx, first, 10)     # moving in between


def test_video_frames_follow_data_transition(ctx):
    """No keyframed property changes; the segment renderer must still redraw
    the chart across the transition and may reuse it before and after."""
    scene = keyed_scene([("0.5s", [20, 80, 40], None), ("1s", [100, 80, 40], None)], duration="1.5s")
    out = ctx.path("transition.mp4")
    ctx.reel("render", ctx.write_scene(scene), "-o", out, "--quiet", "--segment-frames", "8")
    tops = []
    # 17 and 22 share the segment 16..23, 25 and 29 the segment 24..31
    for frame in (2, 14, 17, 22, 25, 29, 34, 44):
        rgb = decode_rgb(out, frame, 400, 300)
        col = [pixel(rgb, 400, 120, y) for y in range(300)]
        red = [y for y, (r, g, b) in enumerate(col) if r > 200 and g < 60 and b < 60]
        tops.append(min(red) if red else 300)
    assert abs(tops[0] - tops[1]) <= 1, tops
    assert tops[1] > tops[2] > tops[3] > tops[4] > tops[5] > tops[6], tops
    assert abs(tops[6] - tops[7]) <= 1, tops


RGB3 = [(255, 0, 0, 255), (0, 170, 0, 255), (0, 0, 255, 255)]


def race_scene(keys, max_bars=None, orientation="horizontal"):
    """Sorted bars of categories a, b, c in red, green and blue; keys as in keyed_scene."""
    scene = keyed_scene(keys)
    layer = scene["layers"][0]
    layer.update({"sort": "descending", "orientation": orientation, "colors": ["#FF0000", "#00AA00", "#0000FF"],
                  "axis_max": 40})
    if max_bars:
        layer["max_bars"] = max_bars
    return scene


def color_rows(png, color):
    """(mean row, pixel count) of the pixels of exactly this color."""
    width, height, _ = png
    rows = [y for y in range(height) for x in range(0, width, 2) if png_pixel(png, x, y) == color]
    return (sum(rows) / len(rows) if rows else None), len(rows)


RACE = [(0, [30, 20, 10], "linear"), ("1s", [10, 20, 30], None)]


def test_sorted_bars_change_places(ctx):
    """Largest on top; across a linear transition each bar glides from its
    place in the first dataset to its place in the second and keeps its color."""
    first, mid, last = (still(ctx, race_scene(RACE), f) for f in (0, 15, 30))
    ys = [color_rows(first, c)[0] for c in RGB3]
    assert ys[0] < ys[1] < ys[2], ys                   # a (30) on top, c (10) at the bottom
    ys = [color_rows(last, c)[0] for c in RGB3]
    assert ys[2] < ys[1] < ys[0], ys                   # c (30) on top
    # Halfway a and c both pass place 1, where b is, all three 20 long: the
    # last drawn (c) covers the others.
    assert color_rows(mid, RGB3[0])[1] == 0 and color_rows(mid, RGB3[1])[1] == 0
    assert abs(color_rows(mid, RGB3[2])[0] - color_rows(first, RGB3[1])[0]) <= 1


def test_max_bars_shows_the_first_places(ctx):
    first, last = (still(ctx, race_scene(RACE, max_bars=2), f) for f in (0, 30))
    assert color_rows(first, RGB3[2])[1] == 0 and color_rows(first, RGB3[0])[1] > 0
    assert color_rows(last, RGB3[0])[1] == 0 and color_rows(last, RGB3[2])[1] > 0
    # Two places share the plot's height: b, second, sits at 3/4 of it instead of 1/2.
    y2 = color_rows(last, RGB3[1])[0]
    y3 = color_rows(still(ctx, race_scene(RACE), 30), RGB3[1])[0]
    assert y2 > y3 + 20, (y2, y3)


def _y4m_frames(path):
    """The frames of a .y4m file, as bytes each."""
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(b"FRAME\n")
    return parts[1:]


def test_labels_kept_between_frames_equal_fresh_ones(ctx):
    # A render thread keeps chart label layouts from frame to frame. Value
    # labels with two decimals change every frame while the data moves: over
    # 70 frames they are far more than the 128 kept, so kept ones are reused
    # and evicted. Frames of one long render must equal the same frames each
    # rendered alone, from nothing kept.
    names = ["North", "South", "East", "West", "Center", "Coast"]
    scene = {
        "width": 320, "height": 180, "fps": 30, "duration": "70f", "background": "#FFFFFF",
        "layers": [{
            "type": "chart", "kind": "bar", "orientation": "horizontal", "sort": "descending",
            "value_labels": True, "build": False, "title": "Kept labels", "width": 320, "height": 180,
            "font_size": 10, "title_size": 12, "format": {"decimals": 2},
            "data": [{"time": 0, "value": {"labels": names, "values": [9, 8, 7, 6, 5, 4]}},
                     {"time": "60f", "value": {"labels": names, "values": [3, 5, 8, 9.5, 7, 11]}}],
        }],
    }
    path = ctx.write_scene(scene)
    whole = ctx.path("whole.y4m")
    ctx.reel("render", path, "-o", whole, "--quiet", "--threads", "1")
    frames = _y4m_frames(whole)
    assert len(frames) == 70
    for k in (0, 33, 64, 69):
        alone = ctx.path("alone-%d.y4m" % k)
        ctx.reel("render", path, "-o", alone, "--quiet", "--frames", "%d-%d" % (k, k))
        one = _y4m_frames(alone)
        assert len(one) == 1
        assert one[0] == frames[k], k

"""Markers, layer-relative times and musical time with a given bpm resolve to
exact frames (seen through `reel validate --json`), inside groups too, and a
rendered layer appears exactly on its resolved frame."""
import json
import os

from helpers import png_pixel, read_png_rgba

BASE = {"width": 16, "height": 16, "fps": 30, "duration": "20s"}


def _frames(ctx, scene):
    out, _ = ctx.reel("validate", "--json", ctx.write_scene({**BASE, **scene}))
    return {l.get("id", l["pointer"]): l for l in json.loads(out)["layers"]}


def _rect(id_, **times):
    return {"type": "rect", "id": id_, "width": 4, "height": 4, **times}


def test_markers_and_offsets(ctx):
    got = _frames(ctx, {
        "markers": {"drop": "4.5s", "intro": {"start": "0s", "end": "2s"}, "late": "drop+1s"},
        "layers": [_rect("a", start="drop"), _rect("b", start="drop+0.5s"), _rect("c", start="drop-10f"),
                   _rect("d", start="intro.end"), _rect("e", start="intro.start+250ms"),
                   _rect("f", start="late", end="late+1s")]})
    assert [got[k]["start"] for k in "abcdef"] == [135, 150, 125, 60, 8, 165]
    assert got["f"]["end"] == 195


def test_offsets_round_once(ctx):
    # 20 ms is 0.6 frames; two of them are 1.2 frames: frame 1, not 2.
    got = _frames(ctx, {"markers": {"m": "20ms"}, "layers": [_rect("a", start="m+20ms")]})
    assert got["a"]["start"] == 1


def test_layer_references(ctx):
    got = _frames(ctx, {"layers": [
        _rect("title", start="1s", duration="2s"),
        _rect("after", start="@title.end+0.2s"),          # 3.2 s
        _rect("with", start="@title", end="@later.start"),  # forward reference
        _rect("later", start="@after.start+1s"),
    ]})
    assert got["after"]["start"] == 96
    assert (got["with"]["start"], got["with"]["end"]) == (30, 126)
    assert got["later"]["start"] == 126


def test_references_inside_groups_are_scene_times(ctx):
    got = _frames(ctx, {"markers": {"drop": "4.5s"}, "layers": [
        {"type": "group", "id": "g", "start": "2s", "layers": [
            _rect("child", start="drop"),            # scene frame 135, group-relative 75
            _rect("plain", start="1s"),              # plain times stay relative
            _rect("ref", start="@outside.end")]},
        _rect("outside", start="0s", end="3s")]})
    assert (got["child"]["start"], got["child"]["scene_start"]) == (75, 135)
    assert (got["plain"]["start"], got["plain"]["scene_start"]) == (30, 90)
    assert (got["ref"]["start"], got["ref"]["scene_start"]) == (30, 90)


def test_given_bpm_is_exact(ctx):
    # beat N at 0.12 + (N - 1) x 60/128 s; bar N at 0.12 + (N - 1) x 4 x 60/128 s.
    got = _frames(ctx, {"music": {"bpm": 128, "offset": "0.12s"}, "layers": [
        _rect("b1", start="beat:1"), _rect("b16", start="beat:16"), _rect("b16o", start="beat:16+0.1s"),
        _rect("bar2", start="bar:2"), _rect("bar2h", start="bar:2.5"), _rect("b1h", start="beat:1.5")]})
    assert got["b1"]["start"] == 4            # 3.6 frames
    assert got["b16"]["start"] == 215         # 7.15125 s = 214.5375 frames
    assert got["b16o"]["start"] == 218        # 7.25125 s = 217.5375 frames
    assert got["bar2"]["start"] == 60         # 1.995 s = 59.85 frames
    assert got["bar2h"]["start"] == 88        # 2.9325 s = 87.975 frames
    assert got["b1h"]["start"] == 11          # 0.354375 s = 10.63 frames


def test_bars_follow_beats_per_bar_and_ntsc(ctx):
    got = _frames(ctx, {"fps": "30000/1001", "music": {"bpm": 90, "beats_per_bar": 3}, "markers": {"v": "bar:3"},
                        "layers": [_rect("a", start="v"), _rect("b", start="beat:7")]})
    # bar 3 = beat 7 = 6 x 2/3 s = 4 s = 119.88 frames at 30000/1001.
    assert got["a"]["start"] == 120 and got["b"]["start"] == 120


def test_scene_duration_and_keyframes_accept_expressions(ctx):
    out, _ = ctx.reel("validate", "--json", ctx.write_scene({
        **BASE, "duration": "bar:3", "music": {"bpm": 120},
        "layers": [_rect("a", start="beat:2", opacity=[{"time": 0, "value": 0}, {"time": "beat:3", "value": 1}])]}))
    assert json.loads(out)["frames"] == 120


def test_rendered_layer_appears_on_its_frame(ctx):
    scene = ctx.write_scene({**BASE, "duration": "6s", "background": "#000000", "markers": {"drop": "4.5s"},
                             "layers": [{"type": "rect", "start": "drop-1f", "end": "drop+2f", "width": 16,
                                         "height": 16, "fill": "#FF0000"}]})
    colors = []
    for frame in (133, 134, 136, 137):
        png = ctx.path("f.png")
        ctx.reel("still", scene, "--frame", str(frame), "-o", png)
        colors.append(png_pixel(read_png_rgba(png), 8, 8)[:3])
    assert colors == [(0, 0, 0), (255, 0, 0), (255, 0, 0), (0, 0, 0)], colors

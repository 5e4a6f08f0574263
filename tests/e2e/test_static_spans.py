"""The static-span cache (src/render/static_span.c) draws the layers that do
not change over a segment once and reuses the picture. It reaches one level
into a plain group, so a segment's frames are put together from a cached
picture and the rest of the group; every frame must still be exactly the
still of that frame."""
from helpers import read_png_rgba

# Half-transparent on purpose: drawn twice (or not at all) it reads differently.
VEIL = {"type": "rect", "width": 48, "height": 36, "fill": "#FFFFFF80"}


def _moving(color, y):
    return {"type": "rect", "width": 8, "height": 8, "fill": color,
            "position": [{"time": 0, "value": [0, y]}, {"time": "11f", "value": [40, y]}]}


def _scene(group):
    return {"width": 48, "height": 36, "fps": 30, "duration": "12f", "background": "#102030",
            "layers": [{"type": "rect", "width": 48, "height": 4, "fill": "#FF0000"},
                       group,
                       _moving("#0000FF", 28)]}


def _frames_equal_stills(ctx, scene, segment_frames):
    path = ctx.write_scene(scene)
    out = ctx.path("frames")
    ctx.reel("render", path, "-o", out + "_%03d.png", "--segment-frames", str(segment_frames), "-q")
    for f in range(12):
        png = ctx.path("still.png")
        ctx.reel("still", path, "--frame", str(f), "-o", png)
        assert read_png_rgba(png) == read_png_rgba(out + "_%03d.png" % f), f"frame {f}"


def test_group_with_static_first_children(ctx):
    # The veil and the green square are static; the square after the moving
    # one must stay on top of it, so only the veil may be cached.
    group = {"type": "group", "layers": [VEIL, _moving("#FF5A1F", 10),
                                         {"type": "rect", "position": [20, 8], "width": 8, "height": 8,
                                          "fill": "#00FF00"}]}
    _frames_equal_stills(ctx, _scene(group), 12)
    _frames_equal_stills(ctx, _scene(group), 5)


def test_groups_that_must_be_drawn_whole(ctx):
    # Translucent groups are composited as one; moving groups and groups that
    # appear inside a segment change: none of them may be split.
    for extra in ({"opacity": 0.5},
                  {"position": [{"time": 0, "value": [0, 0]}, {"time": "11f", "value": [6, 3]}]},
                  {"start": "4f"},
                  {"blend": "multiply"}):
        group = dict({"type": "group", "layers": [VEIL, _moving("#FF5A1F", 10)]}, **extra)
        _frames_equal_stills(ctx, _scene(group), 12)


def test_nested_group_and_section_groups(ctx):
    # One group per section (as in W5): hidden ones before the visible one.
    sections = [{"type": "group", "start": "%df" % (4 * i), "end": "%df" % (4 * i + 4),
                 "layers": [VEIL, {"type": "group", "layers": [_moving("#FF5A1F", 10 + 4 * i)]}]}
                for i in range(3)]
    scene = {"width": 48, "height": 36, "fps": 30, "duration": "12f", "background": "#102030",
             "layers": sections}
    _frames_equal_stills(ctx, scene, 4)
    _frames_equal_stills(ctx, scene, 6)

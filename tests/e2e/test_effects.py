"""Effects, blend modes, masks, mattes and presets: pixel values read back,
grain determinism, and the static-span cache agreeing with plain stills."""
import glob
import os

from helpers import png_pixel, read_png_rgba, sha256


def _scene(layers, w=64, h=48, duration="10f", bg="#000000"):
    return {"width": w, "height": h, "fps": 30, "duration": duration, "background": bg, "layers": layers}


def _still(ctx, scene, frame=0, *extra):
    p = ctx.write_scene(scene)
    out = ctx.path("still.png")
    ctx.reel("still", p, "--frame", str(frame), "-o", out, *extra)
    return read_png_rgba(out)


def _grain(seed, animated=True):
    return _scene([{"type": "rect", "width": 64, "height": 48, "fill": "#808080",
                    "effects": [{"type": "noise", "amount": 0.3, "seed": seed, "animated": animated}]}])


def test_noise_is_identical_across_runs_and_thread_counts(ctx):
    p = ctx.write_scene(_grain(7))
    hashes = set()
    for threads in ("1", "2", "1"):
        out = ctx.path("grain.mkv")
        ctx.reel("render", p, "-o", out, "--lossless", "--threads", threads, "--segment-frames", "3", "--quiet")
        hashes.add(sha256(out))
    assert len(hashes) == 1, hashes


def test_noise_differs_by_seed_and_by_frame_only_when_animated(ctx):
    a, b = _still(ctx, _grain(1)), _still(ctx, _grain(2))
    assert a != b
    assert _still(ctx, _grain(1), 3) != a
    assert _still(ctx, _grain(1, False), 3) == _still(ctx, _grain(1, False), 0)
    # Grain stays around the base color: no pixel moves by more than the amount.
    _, _, data = a
    reds = data[0::4]
    assert min(reds) >= 128 - 77 and max(reds) <= 128 + 77 and len(set(reds)) > 50


def test_blend_multiply_and_screen_read_back(ctx):
    layers = [{"type": "rect", "width": 64, "height": 48, "fill": "#FF8040"},
              {"type": "rect", "width": 32, "height": 48, "fill": "#808080", "blend": "multiply"},
              {"type": "rect", "position": [32, 0], "width": 32, "height": 48, "fill": "#808080", "blend": "screen"}]
    png = _still(ctx, _scene(layers))
    assert png_pixel(png, 10, 10) == (128, 64, 32, 255)
    assert png_pixel(png, 50, 10) == (255, 192, 160, 255)


def test_drop_shadow_sits_behind_at_its_offset(ctx):
    layers = [{"type": "rect", "position": [10, 10], "width": 20, "height": 20, "fill": "#FF0000",
               "effects": [{"type": "drop_shadow", "offset": [10, 10], "blur": 0, "color": "#0000FF"}]}]
    png = _still(ctx, _scene(layers, bg="#FFFFFF"))
    assert png_pixel(png, 15, 15) == (255, 0, 0, 255)      # the layer over its shadow
    assert png_pixel(png, 35, 35) == (0, 0, 255, 255)      # the shadow, moved by the offset
    assert png_pixel(png, 5, 5) == (255, 255, 255, 255)


def test_blur_keeps_total_light_and_softens_edges(ctx):
    layers = [{"type": "rect", "position": [22, 14], "width": 20, "height": 20, "fill": "#FFFFFF",
               "effects": [{"type": "blur", "radius": 3}]}]
    png = _still(ctx, _scene(layers))
    _, _, data = png
    total = sum(data[0::4])
    assert abs(total - 400 * 255) <= 400 * 255 // 50, total   # within 2 % of the unblurred sum
    edge = png_pixel(png, 22, 24)[0]
    assert 80 < edge < 180, edge
    assert png_pixel(png, 32, 24)[0] >= 250


def test_color_adjustments_read_back(ctx):
    def one(effect, color="#FF8040"):
        png = _still(ctx, _scene([{"type": "rect", "width": 64, "height": 48, "fill": color, "effects": [effect]}]))
        return png_pixel(png, 5, 5)
    assert one({"type": "brightness", "amount": 0.5}) == (128, 64, 32, 255)
    assert one({"type": "saturation", "amount": 0}, "#FF0000") == (54, 54, 54, 255)
    assert one({"type": "tint", "color": "#0000FF", "amount": 1}) == (0, 0, 255, 255)
    assert one({"type": "contrast", "amount": 0}) == (128, 128, 128, 255)
    r, g, b, _ = one({"type": "hue", "angle": 120}, "#FF0000")
    assert g > r and g > b


def test_mask_and_inverted_mask(ctx):
    rect = {"type": "rect", "width": 64, "height": 48, "fill": "#FFFFFF"}
    mask = {"type": "rect", "position": [16, 8], "width": 32, "height": 32}
    png = _still(ctx, _scene([dict(rect, mask=mask)]))
    assert png_pixel(png, 30, 20) == (255, 255, 255, 255) and png_pixel(png, 5, 5) == (0, 0, 0, 255)
    png = _still(ctx, _scene([dict(rect, mask=mask, mask_invert=True)]))
    assert png_pixel(png, 30, 20) == (0, 0, 0, 255) and png_pixel(png, 5, 5) == (255, 255, 255, 255)


def test_luma_matte_source_is_not_drawn(ctx):
    layers = [{"type": "rect", "id": "m", "width": 32, "height": 48, "fill": "#FFFFFF"},
              {"type": "rect", "width": 64, "height": 48, "fill": "#FF0000", "matte": "m", "matte_mode": "luma"}]
    png = _still(ctx, _scene(layers))
    assert png_pixel(png, 10, 10) == (255, 0, 0, 255)
    assert png_pixel(png, 50, 10) == (0, 0, 0, 255)


def test_fade_preset_half_way_with_linear_easing(ctx):
    layers = [{"type": "rect", "width": 64, "height": 48, "fill": "#FFFFFF",
               "enter": {"name": "fade", "duration": "10f", "easing": "linear"}}]
    scene = _scene(layers, duration="20f")
    assert png_pixel(_still(ctx, scene, 0), 5, 5) == (0, 0, 0, 255)
    assert png_pixel(_still(ctx, scene, 5), 5, 5)[0] in (127, 128)
    assert png_pixel(_still(ctx, scene, 12), 5, 5) == (255, 255, 255, 255)


def test_exit_preset_ends_with_the_layer(ctx):
    layers = [{"type": "rect", "width": 8, "height": 8, "position": [0, 20], "fill": "#FFFFFF",
               "exit": {"name": "slide-right", "duration": "10f", "distance": 40, "easing": "linear"}}]
    scene = _scene(layers, duration="20f")
    assert png_pixel(_still(ctx, scene, 9), 2, 22) == (255, 255, 255, 255)    # not started yet
    png = _still(ctx, scene, 15)                                              # half way: moved 20 px
    assert png_pixel(png, 2, 22) == (0, 0, 0, 255) and png_pixel(png, 22, 22) == (255, 255, 255, 255)


def test_static_effect_layers_cached_match_stills(ctx):
    # A static blurred, shadowed, masked layer below an animated one: the
    # sequence render draws it once per segment; every frame must equal a
    # still rendered from scratch.
    layers = [{"type": "ellipse", "position": [4, 4], "width": 40, "height": 30, "fill": "#FF5A1F", "blend": "screen",
               "effects": [{"type": "blur", "radius": 2}, {"type": "drop_shadow", "offset": [3, 3]},
                           {"type": "noise", "amount": 0.2, "seed": 3, "animated": False}],
               "mask": {"type": "rect", "width": 30, "height": 30}},
              {"type": "rect", "width": 10, "height": 10, "fill": "#1F7AFF",
               "position": [{"time": 0, "value": [0, 30]}, {"time": "9f", "value": [50, 30]}],
               "enter": {"name": "fade-up", "duration": "6f"}, "effects": [{"type": "glow", "radius": 2}]}]
    p = ctx.write_scene(_scene(layers, bg="#203040"))
    pattern = os.path.join(os.path.dirname(ctx.path("x")), "f_%03d.png")
    ctx.reel("render", p, "-o", pattern, "--quiet", "--segment-frames", "5")
    files = sorted(glob.glob(pattern.replace("%03d", "*")))
    assert len(files) == 10
    for i in (0, 3, 6, 9):
        still = ctx.path("still.png")
        ctx.reel("still", p, "--frame", str(i), "-o", still)
        assert read_png_rgba(still) == read_png_rgba(files[i]), i


def test_effects_follow_output_scale(ctx):
    layers = [{"type": "rect", "position": [10, 10], "width": 20, "height": 20, "fill": "#FFFFFF",
               "effects": [{"type": "drop_shadow", "offset": [10, 0], "blur": 0, "color": "#FF0000"}]}]
    p = ctx.write_scene(_scene(layers))
    out = os.path.join(os.path.dirname(ctx.path("x")), "s_%02d.png")
    ctx.reel("render", p, "-o", out, "--scale", "2", "--frames", "0-0", "--quiet")
    png = read_png_rgba(out.replace("%02d", "00"))
    assert png_pixel(png, 70, 30) == (255, 0, 0, 255)    # shadow at 2x the offset
    assert png_pixel(png, 50, 30) == (255, 255, 255, 255)


def test_a_wide_stroke_keeps_its_whole_width_under_effects(ctx):
    # A 10 x 10 rect with a 60 px stroke reaches 30 px past its box on every
    # side (42 px at the mitered corners' diagonal). A no-op effect sends it
    # through the effects path, which works only where the layer can draw:
    # the picture must be the same as without the effect.
    rect = {"type": "rect", "position": [35, 35], "width": 10, "height": 10, "fill": "#FF0000",
            "stroke": "#0000FF", "stroke_width": 60, "rotation": 30}
    plain = _still(ctx, _scene([rect], w=80, h=80, bg="#FFFFFF"))
    with_fx = _still(ctx, _scene([dict(rect, effects=[{"type": "brightness", "amount": 1}])], w=80, h=80,
                                 bg="#FFFFFF"))
    assert png_pixel(plain, 40, 8) == (0, 0, 255, 255)   # the stroke, 32 px above the center
    assert with_fx == plain


def test_masked_and_matted_groups_show_everything_inside_the_mask(ctx):
    # A group (which may draw anywhere) behind a rotated rect mask, with a
    # drop shadow spreading past it. A plain rect mask bounds the work to its
    # box; the same shape as a matte made of a group bounds nothing, so that
    # picture is made over the whole canvas. The two must be equal.
    child = [{"type": "rect", "position": [-50, -50], "width": 200, "height": 200, "fill": "#FF5A1F"},
             {"type": "rect", "position": [20, 20], "width": 30, "height": 30, "fill": "#1F7AFF"}]
    shadow = [{"type": "drop_shadow", "offset": [6, 8], "blur": 3, "color": "#000000"}]
    mask = {"type": "rect", "position": [40, 40], "anchor": [0.5, 0.5], "width": 50, "height": 36,
            "rotation": 20, "corner_radius": 6, "fill": "#FFFFFF"}
    masked = _scene([{"type": "group", "position": [10, 10], "mask": mask, "effects": shadow, "layers": child}],
                    w=100, h=100, bg="#FFFFFF")
    matte_src = {"type": "group", "id": "m", "position": [10, 10], "layers": [dict(mask)]}
    matted = _scene([matte_src, {"type": "group", "position": [10, 10], "matte": "m", "effects": shadow,
                                 "layers": child}], w=100, h=100, bg="#FFFFFF")
    a, b = _still(ctx, masked), _still(ctx, matted)
    assert png_pixel(a, 68, 50) == (255, 90, 31, 255)    # inside the mask: the big rect
    assert png_pixel(a, 45, 45) == (31, 122, 255, 255)   # and the small one
    assert png_pixel(a, 3, 3) == (255, 255, 255, 255)    # far outside: background
    assert a == b


def test_text_and_counters_under_effects_equal_the_whole_frame_scan(ctx):
    # Text and counters say where they drew, so their effects look for ink
    # only there. A transparent path beside them cannot say, which sends the
    # same group back to scanning the whole frame: both pictures must match
    # at every frame, while animated units move, scale, turn and blur past
    # the layout, with an outline, the text's own shadow and a background.
    words = {"type": "text", "text": "Moving words here", "font_family": "Inter", "font_size": 30,
             "font_weight": "bold", "color": "#FFFFFF", "position": [30, 40], "stroke": "#FF5A1F",
             "stroke_width": 3, "shadow_color": "#000000C0", "shadow_offset": [6, 9], "shadow_blur": 4,
             "animators": [{"unit": "words", "from": {"position": [-40, 50], "rotation": 35, "scale": 2.2,
                                                      "blur": 9}, "duration": "8f", "stagger": "3f"}]}
    # Without the shadow, which would otherwise cover for the units, and with
    # an outline and blurs reaching further than the margins effects keep.
    bare = {k: v for k, v in words.items() if not k.startswith("shadow_")}
    bare.update(text="Bare words", position=[150, 20], stroke_width=12,
                animators=[dict(words["animators"][0], **{"from": dict(words["animators"][0]["from"], blur=20)})])
    boxed = {"type": "text", "text": "Boxed\nlines", "font_family": "Inter", "font_size": 22,
             "color": "#0B1F3A", "position": [40, 110], "background": "#FFD21F", "padding": [14, 6],
             "box": "lines", "corner_radius": 6}
    counter = {"type": "counter", "value": [{"time": 0, "value": 0}, {"time": "10f", "value": 98765}],
               "font_family": "Inter", "font_size": 26, "color": "#1F7AFF", "position": [190, 120],
               "width": 120, "align": "right", "rotation": -12}
    # A brightness change reaches no further than the ink, so a bound that
    # misses ink loses pixels; a shadow and a glow are the common case.
    strict = [{"type": "brightness", "amount": 0.8}]
    soft = [{"type": "drop_shadow", "offset": [5, 7], "blur": 3, "color": "#00000099"},
            {"type": "glow", "radius": 4, "color": "#FF5A1F"}]
    # Outlines: sharp mitered corners reach far past the points.
    star = {"type": "star", "points": 5, "outer_radius": 30, "inner_radius": 8, "position": [230, 40],
            "fill": "#2ECC71", "stroke": "#0B1F3A", "stroke_width": 10, "line_join": "miter", "miter_limit": 8,
            "rotation": [{"time": 0, "value": 0}, {"time": "20f", "value": 90}]}
    wedge = {"type": "path", "d": "M 0 0 L 60 8 L 0 16", "fill": "none", "stroke": "#9B59B6", "stroke_width": 12,
             "line_cap": "square", "line_join": "miter", "miter_limit": 10, "position": [20, 150],
             "trim_end": [{"time": 0, "value": 0.2}, {"time": "20f", "value": 1}]}
    # A moving, motion-blurred, transparent rect cannot say where it drew:
    # the group holding it scans the whole frame.
    blind = {"type": "rect", "width": 2, "height": 2, "fill": "#00000000", "motion_blur": {"samples": 2},
             "position": [{"time": 0, "value": [300, 170]}, {"time": "20f", "value": [310, 170]}]}

    def scene(how, fx):
        if how == "direct":
            layers = [dict(x, effects=fx) for x in (words, bare, boxed, counter, star, wedge)]
        else:
            layers = [{"type": "group", "effects": fx, "layers": [dict(x)] + ([blind] if how == "scanned" else [])}
                      for x in (words, bare, boxed, counter, star, wedge)]
        return ctx.write_scene(_scene(layers, w=320, h=180, duration="20f", bg="#E9EDF2"))

    for fx in (strict, soft):
        scenes = {how: scene(how, fx) for how in ("direct", "grouped", "scanned")}
        for frame in (0, 4, 9, 19):
            pictures = {}
            for how, path in scenes.items():
                out = ctx.path(how + ".png")
                ctx.reel("still", path, "--frame", str(frame), "-o", out)
                pictures[how] = read_png_rgba(out)
            assert pictures["direct"] == pictures["scanned"], (fx, frame)
            assert pictures["grouped"] == pictures["scanned"], (fx, frame)

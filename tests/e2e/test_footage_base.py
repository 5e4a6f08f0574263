"""Footage that covers the frame goes into the encoder's frames as its own
samples (render/footage_base.h, media/footage_planes.h): luma as decoded,
left-sited chroma moved to the center the output declares. Only around what
is drawn over it is the frame converted from RGB, and there every sample
must be the one the whole conversion gives: the reference renders the same
scene with the footage drawn through an opaque full-frame mask, which never
takes that path."""
import os
import subprocess

from helpers import sha256

W, H, FRAMES = 96, 64, 14
NEAR = 3        # inside a box by this much: drawn over, so converted
FAR = 10        # outside every box by this much: the footage's own samples


def make_clip(ctx, name, *tags):
    out = ctx.path(name + ".mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=30",
                    "-frames:v", str(FRAMES), "-c:v", "libx264", "-qp", "8", *tags, out], check=True)
    return out


BT709 = ["-pix_fmt", "yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]


def decoded_planes(ctx, clip, w=W, h=H, frames=FRAMES):
    """The clip's frames as decoded, 4:2:0 planes untouched."""
    raw = ctx.path("decoded.yuv")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", clip, "-f", "rawvideo", "-pix_fmt", "yuv420p", raw],
                   check=True)
    with open(raw, "rb") as f:
        data = f.read()
    size = w * h * 3 // 2
    assert len(data) == size * frames
    return [data[i * size:(i + 1) * size] for i in range(frames)]


def y4m_frames(path, w=W, h=H, frames=FRAMES):
    with open(path, "rb") as f:
        parts = f.read().split(b"FRAME\n")[1:]
    assert len(parts) == frames and all(len(p) == w * h * 3 // 2 for p in parts)
    return parts


# Boxes drawn over the footage, frame by frame (x0, y0, x1, y1): one that
# jumps across the frame every third frame (so the guess from the frame
# before misses), one sliding 9 pixels a frame, both gone from frame 11.
def jumping(f):
    x, y = [(4, 4), (70, 40), (40, 6), (6, 44)][(f // 3) % 4]
    return (x, y, x + 16, y + 12)


def sliding(f):
    x = 2 + 9 * f
    return (x, 30, x + 20, 42)


def boxes(f):
    return [] if f >= 11 else [jumping(f), sliding(f)]


def scene(clip, drawn):
    video = {"type": "video", "src": clip}
    if drawn:
        video = {"type": "group", "layers": [video],
                 "mask": {"type": "rect", "width": W, "height": H, "fill": "#FFFFFF"}}
    hold = [{"time": f"{f}f", "value": list(jumping(f)[:2]), "easing": "hold"} for f in range(0, 11, 3)]
    slide = [{"time": "0f", "value": list(sliding(0)[:2])}, {"time": "10f", "value": list(sliding(10)[:2])}]
    return {"width": W, "height": H, "fps": 30, "duration": f"{FRAMES}f", "background": "#00FF00",
            "layers": [video,
                       {"type": "rect", "width": 16, "height": 12, "fill": "#FF00FF", "position": hold,
                        "end": "11f"},
                       {"type": "rect", "width": 20, "height": 12, "fill": "#0000FFA0", "corner_radius": 5,
                        "position": slide, "end": "11f"}]}


def render(ctx, clip, drawn, *extra):
    out = ctx.path("drawn.y4m" if drawn else "base.y4m")
    ctx.reel("render", ctx.write_scene(scene(clip, drawn)), "-o", out, "--quiet", *extra)
    return out


def distance(x0, y0, x1, y1, box):
    """How far the pixel rectangle [x0, x1) x [y0, y1) lies outside box (negative: inside)."""
    bx0, by0, bx1, by1 = box
    dx = max(bx0 - x1 + 1, x0 - bx1 + 1, 0)
    dy = max(by0 - y1 + 1, y0 - by1 + 1, 0)
    if dx or dy:
        return max(dx, dy)
    return -min(x0 - bx0, y0 - by0, bx1 - x1, by1 - y1) - 1


def centered(c, i, j, cw):
    """Left-sited chroma sample i of row j moved to the center: (3 c[i] + c[i + 1] + 2) / 4."""
    row = c[j * cw:(j + 1) * cw]
    return (3 * row[i] + row[min(i + 1, cw - 1)] + 2) >> 2


def check_frames(got, want, source, chroma_centered=False):
    cw, ch = W // 2, H // 2
    own = 0
    for f in range(FRAMES):
        g, w, s = got[f], want[f], source[f]
        for j in range(ch):
            for i in range(cw):
                x, y = 2 * i, 2 * j
                d = min([distance(x, y, x + 2, y + 2, b) for b in boxes(f)] or [FAR])
                lumas = [(y + dy) * W + x + dx for dy in (0, 1) for dx in (0, 1)]
                chromas = [W * H + j * cw + i, W * H + cw * ch + j * cw + i]
                where = f"frame {f} block ({x}, {y})"
                if d <= -NEAR:
                    assert all(g[k] == w[k] for k in lumas + chromas), where + ": not converted"
                elif d >= FAR:
                    own += 1
                    assert all(g[k] == s[k] for k in lumas), where + ": luma not the footage's"
                    for k in chromas:
                        plane = s[W * H:W * H + cw * ch] if k < W * H + cw * ch else s[W * H + cw * ch:]
                        expect = plane[j * cw + i] if chroma_centered else centered(plane, i, j, cw)
                        assert g[k] == expect, (where, g[k], expect)
                else:
                    assert all(g[k] in (w[k], s[k]) for k in lumas), where
    return own


def test_footage_samples_pass_through_where_nothing_is_drawn(ctx):
    clip = make_clip(ctx, "bt709", *BT709)
    source = decoded_planes(ctx, clip)
    want = y4m_frames(render(ctx, clip, True))
    for extra in (("--threads", "1"), ("--threads", "2", "--segment-frames", "5")):
        got = y4m_frames(render(ctx, clip, False, *extra))
        own = check_frames(got, want, source)
        # Most of the frame is the footage's own; the last three frames are
        # all of it.
        assert own > 0.6 * FRAMES * (W // 2) * (H // 2), own
        assert got[12][:W * H] == source[12][:W * H]
        assert got[3] != want[3]


def test_centered_chroma_is_copied(ctx):
    clip = make_clip(ctx, "center", *BT709, "-chroma_sample_location", "center")
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=chroma_location", "-of", "csv=p=0", clip],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert probe == "center", probe
    source = decoded_planes(ctx, clip)
    got = y4m_frames(render(ctx, clip, False, "--segment-frames", "4"))
    check_frames(got, y4m_frames(render(ctx, clip, True)), source, chroma_centered=True)
    assert got[13] == source[13]


def test_footage_whose_samples_mean_other_colors_is_converted(ctx):
    """BT.601 footage, full-range footage, and a 4:4:4 output: the frames
    are converted whole, byte for byte the drawn path's."""
    bt601 = make_clip(ctx, "bt601", "-pix_fmt", "yuv420p", "-colorspace", "smpte170m")
    full = make_clip(ctx, "full", *BT709, "-color_range", "pc")
    plain = make_clip(ctx, "plain", *BT709)
    for clip, extra in ((bt601, ()), (full, ()), (plain, ("--pix-fmt", "yuv444p"))):
        outs = [render(ctx, clip, drawn, *extra) for drawn in (False, True)]
        assert os.path.getsize(outs[0]) > 0
        assert sha256(outs[0]) == sha256(outs[1]), (clip, extra)


def blocks_check(got, ref, plain, source, w, h):
    """Frames of a render over footage against the drawn path's: every
    2 x 2 block that something drew over (the drawn path differs from the
    footage drawn alone there) is the drawn path's, and every other one is
    the drawn path's or the footage's own samples. Returns how many were the
    footage's own."""
    cw, ch = w // 2, h // 2
    own = 0
    for f, (g, r, p, s) in enumerate(zip(got, ref, plain, source)):
        ucb, ucr = s[w * h:w * h + cw * ch], s[w * h + cw * ch:]
        for j in range(ch):
            for i in range(cw):
                lumas = [(2 * j + dy) * w + 2 * i + dx for dy in (0, 1) for dx in (0, 1)]
                chromas = [w * h + j * cw + i, w * h + cw * ch + j * cw + i]
                keys = lumas + chromas
                if all(g[k] == r[k] for k in keys):
                    continue
                where = f"frame {f} block ({2 * i}, {2 * j})"
                assert any(r[k] != p[k] for k in keys) is False, where + ": drawn over, but not converted"
                assert all(g[k] == s[k] for k in lumas), where
                assert g[chromas[0]] == centered(ucb, i, j, cw) and g[chromas[1]] == centered(ucr, i, j, cw), where
                own += 1
    return own


def test_everything_drawn_over_footage_is_converted(ctx):
    """Text with animators and shadows, captions, charts' cousins (counters),
    strokes, effects, masks, faded groups, Lottie, motion blur and a blend
    mode over footage, and a sequence that cuts between two clips and
    crossfades: the drawn path's bytes wherever any of it drew."""
    from test_changed_areas import _moving_scene
    w, h = 322, 182
    frames = 24
    clips = []
    for name, src in (("a", f"testsrc2=s={w}x{h}:r=30"), ("b", f"smptebars=s={w}x{h}:r=30")):
        clips.append(ctx.path(name + ".mp4"))
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", src, "-frames:v", str(frames),
                        "-c:v", "libx264", "-qp", "8", *BT709, clips[-1]], check=True)

    def scene(drawn, overlays):
        def clip(path, length, **extra):
            v = {"type": "video", "src": path}
            if drawn:
                v = {"type": "group", "layers": [v],
                     "mask": {"type": "rect", "width": w, "height": h, "fill": "#FFFFFF"}}
            return dict(v, duration=length, **extra)
        footage = {"type": "sequence", "width": w, "height": h, "layers": [
            clip(clips[0], "8f"), clip(clips[1], "12f", transition={"type": "crossfade", "duration": "4f"}),
            clip(clips[0], "8f")]}
        s = _moving_scene(False)
        layers = [footage]
        if overlays:
            layers += s["layers"][1:] + [
                {"type": "rect", "width": 60, "height": 30, "fill": "#FF8000", "blend": "multiply",
                 "position": [10, 140]},
                {"type": "text", "text": "blur", "font_family": "Inter", "font_size": 18, "color": "#FFFFFF",
                 "position": [230, 150], "effects": [{"type": "blur", "radius": 3}]},
                # Motion blur cannot say where it drew: its frames are converted whole.
                {"type": "rect", "width": 12, "height": 12, "fill": "#00FFFF", "motion_blur": {"samples": 3},
                 "position": [{"time": 0, "value": [0, 90]}, {"time": "5f", "value": [300, 90]}], "end": "5f"}]
        s["layers"] = layers
        return s

    def render(name, drawn, overlays, *extra):
        out = ctx.path(name + ".y4m")
        ctx.reel("render", ctx.write_scene(scene(drawn, overlays), name + ".json"), "-o", out, "--quiet", *extra)
        return y4m_frames(out, w, h, frames)

    a, b = (decoded_planes(ctx, c, w, h, frames) for c in clips)
    # What shows: a for frames 0-7, b for 8-15, then the crossfade to a
    # (from its first frame) for 16-19, a alone from 20.
    source = a[:8] + b[:8] + [None] * 4 + a[4:8]
    ref, plain = render("ref", True, True), render("plain", True, False)
    for extra in (("--threads", "1"), ("--threads", "2", "--segment-frames", "5")):
        got = render("got", False, True, *extra)
        for f in range(16, 20):         # the crossfade: no single clip covers the frame
            assert got[f] == ref[f], f
        keep = [f for f in range(frames) if source[f] is not None]
        own = [blocks_check([got[f]], [ref[f]], [plain[f]], [source[f]], w, h) for f in keep]
        # While the motion-blurred rect shows (frames 0-4), whole frames are
        # converted; later, part of every frame is the footage's own.
        assert own[:5] == [0] * 5, own
        assert all(n > 500 for n in own[6:]), own

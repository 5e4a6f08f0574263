"""Beat detection: `reel beats` on generated click tracks finds the tempo
within 1 bpm, and a scene's "music": {"detect": ...} puts beat:N within one
frame of the true click; the same file gives the same result every run; bad
audio is refused with exit 2."""
import json
import os
import shutil

from clicktrack import write_clicktrack, write_silence

# (bpm, offset of the first click in seconds)
TRACKS = [(90, 0.0), (120, 0.25), (128, 0.12), (90, 0.5)]


_made = {}


def _track(ctx, bpm, offset, seconds=20.0):
    """A click track in a fresh directory (generated once per run, then copied:
    writing 20 s of samples from Python is the slow part)."""
    key = (bpm, offset, seconds)
    if key not in _made:
        path = ctx.path(f"click_{bpm}_{offset}.wav")
        _made[key] = (path, write_clicktrack(path, bpm, offset, seconds))
    src, times = _made[key]
    path = ctx.path(os.path.basename(src))
    shutil.copyfile(src, path)
    return path, times


def test_beats_tempo_within_one_bpm(ctx):
    for bpm, offset in TRACKS:
        path, times = _track(ctx, bpm, offset)
        out, _ = ctx.reel("beats", path, "--json")
        got = json.loads(out)
        assert abs(got["bpm"] - bpm) <= 1, (bpm, offset, got["bpm"])
        # Beat 1 is the first click, and every listed beat is within 5 ms of one.
        assert abs(got["beats"][0] - times[0]) <= 0.005, (bpm, offset, got["beats"][:3])
        for b, t in zip(got["beats"], times):
            assert abs(b - t) <= 0.005, (bpm, offset, b, t)


def test_beats_text_output(ctx):
    path, _ = _track(ctx, 120, 0.25, seconds=4.0)
    out, _ = ctx.reel("beats", path, env={"LC_ALL": "de_DE.UTF-8", "LC_NUMERIC": "de_DE.UTF-8"})
    lines = out.splitlines()
    assert lines[0] == "tempo: 120.00 bpm", lines
    assert lines[1:] == ["0.250", "0.750", "1.250", "1.750", "2.250", "2.750", "3.250", "3.750"], lines


def test_beats_same_result_every_run(ctx):
    path, _ = _track(ctx, 128, 0.12)
    first, _ = ctx.reel("beats", path, "--json")
    second, _ = ctx.reel("beats", path, "--json")
    assert first == second


def test_detect_in_scene_lands_within_one_frame(ctx):
    for bpm, offset in TRACKS:
        path, times = _track(ctx, bpm, offset)
        beats = [1, 2, 5, 16, 23]
        scene = {"width": 16, "height": 16, "fps": 30, "duration": "20s",
                 "music": {"detect": os.path.basename(path)},
                 "layers": [{"type": "rect", "id": f"b{n}", "start": f"beat:{n}", "width": 4, "height": 4}
                            for n in beats]}
        p = os.path.join(os.path.dirname(path), "scene.json")
        with open(p, "w") as f:
            json.dump(scene, f)
        out, _ = ctx.reel("validate", "--json", p)
        layers = {l["id"]: l for l in json.loads(out)["layers"]}
        for n in beats:
            true_frame = times[n - 1] * 30
            assert abs(layers[f"b{n}"]["start"] - true_frame) <= 1, (bpm, offset, n, layers[f"b{n}"], true_frame)


def test_detect_respects_asset_root(ctx):
    path, _ = _track(ctx, 120, 0.0, seconds=4.0)
    scene = ctx.write_scene({"width": 8, "height": 8, "duration": "1s", "music": {"detect": path}})
    root = os.path.dirname(scene)
    _, err = ctx.reel("validate", scene, "--asset-root", root, expect=2)
    assert "/music/detect: asset" in err and "is outside the asset root" in err, err


def test_beats_bad_audio(ctx):
    silent = ctx.path("silence.wav")
    write_silence(silent)
    _, err = ctx.reel("beats", silent, expect=2)
    assert err == f'reel: "{silent}": the audio is silent\n', err
    missing = ctx.path("missing.wav")
    _, err = ctx.reel("beats", missing, expect=2)
    assert err == f'reel: "{missing}": cannot open: No such file or directory\n', err
    junk = ctx.path("junk.wav")
    with open(junk, "w") as f:
        f.write("not audio at all")
    _, err = ctx.reel("beats", junk, expect=2)
    assert err == f'reel: "{junk}": not an audio file FFmpeg can read\n', err
    _, err = ctx.reel("beats", expect=2)
    assert err.startswith("reel: missing AUDIO\nusage: reel beats"), err

"""Audio: sample-exact placement, gain, fades, loops, the audio of video
layers, encoding per container, --no-audio, and byte-identical output across
thread counts and parts + join.

The sources are click tracks written here with the wave module: silence with
single-sample clicks at known positions, so every click in the output must sit
at an exactly computable sample."""
import struct
import subprocess
import wave

from helpers import sha256, ffprobe

RATE = 48000
CLICKS = (1000, 24000, 50000)     # sample positions in the source
AMP = 16384                       # 0.5 full scale: below the soft clip's knee


def write_wav(path, frames, clicks=CLICKS, amp=AMP, rate=RATE, tone=None):
    """A stereo 16-bit WAV: silence with clicks, or a constant level `tone`."""
    data = bytearray(frames * 4)
    if tone is not None:
        data = bytearray(struct.pack("<hh", tone, tone) * frames)
    for c in clicks:
        struct.pack_into("<hh", data, c * 4, amp, amp)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(data))
    return path


def read_wav(path):
    """Left-channel samples of a 16-bit stereo WAV."""
    with wave.open(path) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, RATE)
        n = w.getnframes()
        return struct.unpack(f"<{n * 2}h", w.readframes(n))[0::2]


def decode(path, channels=2):
    """First-channel samples of any file's audio, decoded by the ffmpeg CLI."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", str(channels), "-ar",
                          str(RATE), "-"], capture_output=True, check=True).stdout
    return struct.unpack(f"<{len(raw) // 2}h", raw)[0::channels]


def peaks(samples, threshold=4000):
    """Positions of isolated clicks (the first sample above threshold of each)."""
    out = []
    for i, v in enumerate(samples):
        if abs(v) > threshold and (not out or i - out[-1] > 100):
            out.append(i)
    return out


def scene_with(ctx, layers, duration="3s", fps=30, name="scene.json"):
    return ctx.write_scene({"width": 64, "height": 64, "fps": fps, "duration": duration, "background": "#204060",
                            "layers": [{"type": "rect", "width": 32, "height": 32, "fill": "#FF5A1F"}] + layers},
                           name)


def click_scene(ctx, **layer):
    src = write_wav(ctx.path("click.wav"), 2 * RATE)
    return scene_with(ctx, [dict({"type": "audio", "src": src}, **layer)])


def render(ctx, scene, ext, *extra):
    out = ctx.path("out." + ext)
    ctx.reel("render", scene, "-o", out, "--quiet", *extra)
    return out


def test_clicks_land_on_exact_samples_in_wav(ctx):
    # start frame 10 at 30 fps = sample 16000; trim 0.01 s = 480 source samples
    scene = click_scene(ctx, start="10f", trim_start=0.01)
    got = read_wav(render(ctx, scene, "wav"))
    assert len(got) == 3 * RATE
    assert peaks(got) == [16000 - 480 + c for c in CLICKS]
    assert got[16000 - 480 + CLICKS[0]] == AMP


def test_placement_at_ntsc_rate_is_exactly_rounded(ctx):
    # frame 7 at 30000/1001 fps: 7 x 48000 x 1001 / 30000 = 11211.2 -> sample 11211
    src = write_wav(ctx.path("click.wav"), RATE, clicks=(0,))
    scene = scene_with(ctx, [{"type": "audio", "src": src, "start": "7f"}], fps="30000/1001",
                       duration="30f")
    got = read_wav(render(ctx, scene, "wav"))
    assert len(got) == 48048    # 30 frames x 1601.6 samples, exactly
    assert peaks(got) == [11211]


def test_mp4_clicks_within_one_aac_frame_and_same_duration(ctx):
    scene = click_scene(ctx, start="10f", trim_start=0.01)
    out = render(ctx, scene, "mp4")
    streams = {s["codec_type"]: s for s in ffprobe(out)["streams"]}
    assert streams["audio"]["codec_name"] == "aac" and int(streams["audio"]["sample_rate"]) == RATE
    assert streams["audio"]["duration"] == streams["video"]["duration"] == "3.000000"
    got = decode(out)
    # ffmpeg drops the encoder priming but decodes the last frame whole
    assert 3 * RATE <= len(got) < 3 * RATE + 1024
    for want, at in zip([16000 - 480 + c for c in CLICKS], peaks(got)):
        assert abs(at - want) < 1024, (at, want)


def test_volume_db_fade_and_mute(ctx):
    src = write_wav(ctx.path("tone.wav"), 2 * RATE, clicks=(), tone=8000)

    def level(layer, at):
        scene = scene_with(ctx, [dict({"type": "audio", "src": src}, **layer)], duration="1s")
        return [read_wav(render(ctx, scene, "wav"))[i] for i in at]
    assert level({}, [100]) == [8000]
    assert level({"volume": 0.5}, [100]) == [4000]
    assert level({"volume": 2, "volume_db": -6.020599913279624}, [100]) == [8000]
    assert level({"mute": True}, [100]) == [0]
    # linear fade-in over 0.5 s: sample k has gain k / 24000
    assert level({"fade_in": 0.5}, [0, 12000, 24000]) == [0, 4000, 8000]
    # fade-out over the last 0.5 s of the 1 s layer: the last sample is silent
    assert level({"fade_out": 0.5}, [RATE - 1, RATE - 24000 - 1]) == [0, 8000]
    # volume animated over frames 0..30: per-sample, so half way at sample 24000
    assert level({"volume": [{"time": 0, "value": 0}, {"time": "30f", "value": 1}]}, [24000]) == [4000]


def test_loop_repeats_the_trimmed_clip(ctx):
    # clip [0.5 s, 1 s) holds the click at 24000 -> at local 0 of each 24000-sample pass
    scene = click_scene(ctx, trim_start=0.5, trim_end=1, loop=True)
    got = read_wav(render(ctx, scene, "wav"))
    assert peaks(got) == [0, 24000, 48000, 72000, 96000, 120000]


def test_soft_clip_keeps_loud_mixes_inside_full_scale(ctx):
    src = write_wav(ctx.path("tone.wav"), RATE, clicks=(), tone=30000)
    scene = scene_with(ctx, [{"type": "audio", "src": src}, {"type": "audio", "src": src}],
                       duration="10f")
    got = read_wav(render(ctx, scene, "wav"))
    # 2 x 0.9155 = 1.831 -> 0.9 + 0.1 x 9.31 / 10.31 = 0.99030 -> 32450
    assert abs(got[100] - 32450) <= 1, got[100]


def test_video_layer_audio_is_heard(ctx):
    src = ctx.path("clip.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=64x64:r=30",
                    "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "1",
                    "-c:v", "libx264", "-c:a", "aac", "-shortest", src], check=True)
    scene = scene_with(ctx, [{"type": "video", "src": src, "volume": 0.5}], duration="1s")
    got = read_wav(render(ctx, scene, "wav"))
    ref = decode(src, channels=1)     # mono: reel plays it at full level on both sides
    assert abs(max(got[10000:20000]) - max(ref[10000:20000]) / 2) <= 2
    muted = scene_with(ctx, [{"type": "video", "src": src, "mute": True}], duration="1s", name="m.json")
    assert max(read_wav(render(ctx, muted, "wav"))) == 0
    assert [s["codec_type"] for s in ffprobe(render(ctx, muted, "mp4"))["streams"]] == ["video"]


def footage_with_audio(ctx, name, audio_input):
    """A 4 s 64x64 clip whose PCM audio track is audio_input (ffmpeg args)."""
    src = ctx.path(name)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=64x64:r=30", *audio_input,
                    "-t", "4", "-c:v", "libx264", "-c:a", "pcm_s16le", src], check=True)
    return src


def upward_crossings_hz(samples):
    n = sum(1 for a, b in zip(samples, samples[1:]) if a < 0 <= b)
    return n * RATE / len(samples)


def test_video_layer_audio_at_other_rates_keeps_its_pitch(ctx):
    tone = footage_with_audio(ctx, "tone.mkv", ["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"])
    ref = decode(tone, channels=1)[4800:43200]
    for rate in (0.5, 2, 3.5):
        scene = scene_with(ctx, [{"type": "video", "src": tone, "rate": rate}], duration="1s", name=f"r{rate}.json")
        got = read_wav(render(ctx, scene, "wav"))
        assert len(got) == RATE
        mid = got[4800:43200]
        assert abs(upward_crossings_hz(mid) - 1000) <= 10, (rate, upward_crossings_hz(mid))
        level, ref_level = (sum(v * v for v in x) / len(x) for x in (mid, ref))
        assert abs(level / ref_level - 1) <= 0.1, (rate, level, ref_level)


def test_video_layer_audio_at_other_rates_keeps_its_timing(ctx):
    clicks = write_wav(ctx.path("clicks.wav"), 4 * RATE, clicks=(24000, 72000, 120000))
    src = footage_with_audio(ctx, "clicks.mkv", ["-i", clicks])
    scene = scene_with(ctx, [{"type": "video", "src": src, "rate": 2, "trim_start": 0.25}], duration="1.5s")
    got = peaks(read_wav(render(ctx, scene, "wav")), threshold=2000)
    # Source sample s plays at (s - 12000) / 2, give or take the +-480 samples
    # the stretch may move a frame by.
    want = [6000, 30000, 54000]
    assert len(got) == len(want) and all(abs(g - w) <= 960 for g, w in zip(got, want)), got


def first_frame_time(path, stream):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "frame=pts_time",
                          "-read_intervals", "%+#1", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True).stdout
    return float(out.split()[0].strip(","))


def test_video_layer_audio_keeps_the_files_sync(ctx):
    """A track that starts after the picture (or before it) in the file's
    timeline plays that much later (or earlier) against it, as players do."""
    clicks = write_wav(ctx.path("clicks.wav"), 4 * RATE, clicks=(1000, 24000, 50000, 100000))
    late = ctx.path("late.mkv")     # audio from 0.5 s
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=64x64:r=30",
                    "-itsoffset", "0.5", "-i", clicks, "-t", "4", "-c:v", "libx264", "-c:a", "pcm_s16le", late],
                   check=True)
    early = ctx.path("early.mkv")   # picture from about 0.25 s
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-itsoffset", "0.25", "-f", "lavfi", "-i",
                    "color=c=blue:s=64x64:r=30", "-i", clicks, "-t", "4", "-c:v", "libx264", "-c:a", "pcm_s16le",
                    early], check=True)
    for src in (late, early):
        shift = round((first_frame_time(src, "a") - first_frame_time(src, "v")) * RATE)
        assert abs(shift) > 10000, shift
        for trim in (0, 1):
            scene = scene_with(ctx, [{"type": "video", "src": src, "trim_start": trim}], duration="2.5s",
                               name=f"sync{trim}.json")
            got = peaks(read_wav(render(ctx, scene, "wav")))
            want = [c + shift - trim * RATE for c in (1000, 24000, 50000, 100000)]
            want = [w for w in want if 0 <= w < 2.5 * RATE]
            assert len(got) == len(want) and all(abs(g - w) <= 1 for g, w in zip(got, want)), (src, trim, got, want)


def test_looped_video_repeats_its_audio_with_its_picture(ctx):
    """A track shorter than the picture is silent for the rest of each pass:
    every pass starts with the picture's."""
    clicks = write_wav(ctx.path("short.wav"), RATE, clicks=(1000, 24000))
    src = ctx.path("short-audio.mkv")   # 2 s of picture, 1 s of sound
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=64x64:r=30:d=2",
                    "-i", clicks, "-c:v", "libx264", "-c:a", "pcm_s16le", src], check=True)
    scene = scene_with(ctx, [{"type": "video", "src": src, "loop": True}], duration="5s")
    got = peaks(read_wav(render(ctx, scene, "wav")))
    assert got == [1000, 24000, 97000, 120000, 193000, 216000], got


def test_threads_and_parts_give_identical_bytes(ctx):
    scene = click_scene(ctx, start="10f", trim_start=0.01)
    one = render(ctx, scene, "mp4", "--threads", "1", "--segment-frames", "20")
    two = render(ctx, scene, "mp4", "--threads", "2", "--segment-frames", "20")
    assert sha256(one) == sha256(two)
    parts = []
    for k in (1, 2, 3):
        parts.append(ctx.path(f"part.{k}"))
        ctx.reel("render", scene, "--segments", f"{k}/3", "-o", parts[-1], "--quiet", "--segment-frames", "20")
    joined = ctx.path("joined.mp4")
    ctx.reel("join", parts[2], parts[0], parts[1], "-o", joined)
    assert sha256(joined) == sha256(one)


def test_codec_per_container_and_no_audio(ctx):
    scene = click_scene(ctx)
    codecs = [s["codec_name"] for s in ffprobe(render(ctx, scene, "webm"))["streams"]]
    assert codecs == ["vp9", "opus"]
    assert [s["codec_name"] for s in ffprobe(render(ctx, scene, "mp4", "--no-audio"))["streams"]] == ["h264"]
    assert [s["codec_name"] for s in ffprobe(render(ctx, scene, "gif"))["streams"]] == ["gif"]
    m4a = render(ctx, scene, "m4a")
    assert [s["codec_name"] for s in ffprobe(m4a)["streams"]] == ["aac"]
    assert sha256(render(ctx, scene, "m4a")) == sha256(m4a)
    assert [s["codec_name"] for s in ffprobe(render(ctx, scene, "mkv"))["streams"]] == ["ffv1", "pcm_s16le"]


def packet_hashes(path):
    """The audio packets of a file, as the ffmpeg CLI's framemd5 lists them."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:a", "-c", "copy", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if not line.startswith("#")]


def test_compressed_sound_is_the_wav_output_encoded(ctx):
    """An AAC or Opus track holds the WAV output's 16-bit samples, encoded:
    the mix's detail below the 16-bit step (here AAC-decoded footage at an
    odd volume) never reaches the encoder."""
    src = ctx.path("clip.mp4")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=64x64:r=30",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2",
                    "-c:v", "libx264", "-c:a", "aac", "-shortest", src], check=True)
    scene = scene_with(ctx, [{"type": "video", "src": src, "volume": 0.37}], duration="2s")
    wav = render(ctx, scene, "wav")
    for ext, codec in (("m4a", ["-c:a", "aac", "-b:a", "192k"]), ("webm", ["-c:a", "libopus", "-b:a", "128k"])):
        ours = render(ctx, scene, ext)
        ref = ctx.path("ref." + ext)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, *codec, "-flags", "+bitexact", ref], check=True)
        got, want = packet_hashes(ours), packet_hashes(ref)
        assert len(got) == len(want) > 90, ext
        if ext == "webm":
            # libopus's last packet flushes its lookahead, which FFmpeg's
            # command line feeds differently; every packet before it is
            # the same.
            got, want = got[:-1], want[:-1]
        assert got == want, ext


def test_scene_without_sound_has_no_audio_stream(ctx):
    scene = scene_with(ctx, [], duration="10f")
    assert [s["codec_type"] for s in ffprobe(render(ctx, scene, "mp4"))["streams"]] == ["video"]

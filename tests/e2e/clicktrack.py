"""Click tracks for the beat tests: short decaying noise bursts (a broadband
click, like a metronome's) starting at exact sample times offset + k * 60 / bpm,
written with the wave module (no binaries are committed). The noise comes from
a seeded generator, so a track is the same on every run. Also usable as a script:

    python3 tests/e2e/clicktrack.py OUT.wav BPM [OFFSET_S] [SECONDS]
"""
import math
import random
import struct
import sys
import wave


def click_times(bpm, offset, seconds):
    """The exact click times (seconds) of the track."""
    period = 60.0 / bpm
    times, k = [], 0
    while offset + k * period < seconds - 0.05:
        times.append(offset + k * period)
        k += 1
    return times


def write_clicktrack(path, bpm, offset=0.0, seconds=20.0, rate=48000, amplitude=0.8, accent_every=0):
    """Writes the track; returns its click times. accent_every > 0 makes every
    n-th click louder (a downbeat)."""
    n = int(round(seconds * rate))
    samples = [0.0] * n
    click_len = int(0.02 * rate)
    rng = random.Random(1)
    times = click_times(bpm, offset, seconds)
    for i, t in enumerate(times):
        start = int(round(t * rate))
        gain = amplitude if not accent_every or i % accent_every == 0 else amplitude * 0.6
        for j in range(click_len):
            if start + j < n:
                samples[start + j] += gain * math.exp(-j / (0.005 * rate)) * (rng.random() * 2 - 1)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", max(-32767, min(32767, int(round(s * 32767))))) for s in samples))
    return times


def write_silence(path, seconds=5.0, rate=48000):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(seconds * rate))


if __name__ == "__main__":
    out, bpm = sys.argv[1], float(sys.argv[2])
    offset = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
    write_clicktrack(out, bpm, offset, seconds)

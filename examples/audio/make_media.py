#!/usr/bin/env python3
"""Writes the sounds examples/audio.json uses (so no audio binaries are
committed): a four-beat click track and a soft two-note pad, 48 kHz stereo.

usage: python3 examples/audio/make_media.py"""
import math
import os
import struct
import wave

RATE = 48000
HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, samples):
    with wave.open(os.path.join(HERE, name), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<hh", s, s) for s in samples))


def clicks(seconds=2, bpm=120):
    """A short decaying 1 kHz blip on every beat."""
    out = [0] * (RATE * seconds)
    beat = RATE * 60 // bpm
    for start in range(0, len(out), beat):
        for i in range(min(2400, len(out) - start)):
            out[start + i] = int(12000 * math.exp(-i / 300) * math.sin(2 * math.pi * 1000 * i / RATE))
    return out


def pad(seconds=4):
    """A and E together, quiet, to loop under the clicks."""
    n = RATE * seconds
    return [int(3000 * (math.sin(2 * math.pi * 220 * i / RATE) + math.sin(2 * math.pi * 330 * i / RATE)))
            for i in range(n)]


if __name__ == "__main__":
    write("clicks.wav", clicks())
    write("pad.wav", pad())
    print("wrote", os.path.join(HERE, "clicks.wav"), "and pad.wav")

#!/usr/bin/env python3
"""Footage memory: peak memory of overlaying a 10-minute 1080p source must be
within 10% of overlaying a 10-second one (issue: footage, audio, captions).

    python3 bench/footage_memory.py REEL_BINARY

Both renders make the same 10 s W2-like video (full-frame footage, a title
and a lower third, the footage's own audio mixed in); only the source's length
differs. The long source is read from its middle (trim_start 300 s), so the
reader seeks once into a long file. The sources are made once with the ffmpeg
CLI (testsrc2 + a sine, 1080p30 H.264 ultrafast + AAC) into bench/media/.
bench/run.py calls run() for the W2M workload.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
MEDIA = os.path.join(BENCH, "media")


def make_source(seconds):
    path = os.path.join(MEDIA, "footage-%ds-1080p30.mp4" % seconds)
    if os.path.exists(path):
        return path
    os.makedirs(MEDIA, exist_ok=True)
    tmp = path + ".tmp.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23",
         "-pix_fmt", "yuv420p", "-g", "60", "-c:a", "aac", "-b:a", "128k", tmp], check=True)
    os.replace(tmp, path)
    return path


def scene(source, trim_start):
    return {
        "width": 1920, "height": 1080, "fps": 30, "duration": "10s",
        "layers": [
            {"type": "video", "src": source, "trim_start": trim_start, "width": 1920, "height": 1080,
             "fit": "cover"},
            {"type": "rect", "position": [80, 860], "width": 900, "height": 120, "corner_radius": 16,
             "fill": "#0B1F3ACC"},
            {"type": "text", "text": "Footage memory check", "position": [120, 890], "font_size": 56,
             "font_weight": "bold", "color": "#FFFFFF"},
        ],
    }


def peak_rss_mib(cmd):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return usage.ru_maxrss / 1024.0


def run(reel):
    """Prints both peaks and their ratio; returns the ratio, or None on failure."""
    short, long_ = make_source(10), make_source(600)
    peaks = {}
    with tempfile.TemporaryDirectory(prefix="reel-footage-") as work:
        for name, source, trim in (("10 s source", short, 0), ("10 min source", long_, 300)):
            path = os.path.join(work, name.replace(" ", "-") + ".json")
            with open(path, "w") as f:
                json.dump(scene(source, trim), f)
            peaks[name] = peak_rss_mib([reel, "render", path, "-o", os.path.join(work, "out.mp4"), "-q", "-y"])
            if peaks[name] is None:
                print("W2M footage-memory: %s: render failed" % name)
                return None
            print("W2M footage-memory: %-14s peak %7.0f MiB" % (name, peaks[name]))
    ratio = peaks["10 min source"] / peaks["10 s source"]
    print("W2M footage-memory: 10 min / 10 s peak = %.3f (target <= 1.10)" % ratio)
    return ratio


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: footage_memory.py REEL_BINARY")
    sys.exit(0 if run(os.path.abspath(sys.argv[1])) is not None else 1)

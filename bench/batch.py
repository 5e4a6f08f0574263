#!/usr/bin/env python3
"""Batch workload: one template, many variants (DESIGN.md section 1,
"personalization at scale").

    python3 bench/batch.py REEL_BINARY [--rows N] [--keep]

Renders N variants (default 100) of examples/w1-template.json cut to 3 s at
720p (`--scale 2/3 --frames 0-89`, H.264 CRF 18 medium, the defaults) with
`reel batch`, and reports the throughput: videos per second and seconds per
video. Each row changes the title, the six bar values, the lower third and
the brand color, so no two videos are alike. bench/run.py calls run() for
the BATCH workload.
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
TEMPLATE = os.path.join(ROOT, "examples", "w1-template.json")
COLORS = ["#FF5A1F", "#1FA2FF", "#2ECC71", "#9B59B6", "#F1C40F"]


def write_rows(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,title,values,top,name,brand\n")
        for i in range(n):
            values = [(i * 7 + k * 13) % 40 + 5 for k in range(6)]
            f.write('v%03d,Variant %d,"%s",%d,Person %d \u2014 Team %d,%s\n' % (
                i, i + 1, str(values).replace(" ", ""), max(values), i, i % 9, COLORS[i % len(COLORS)]))


def run(reel, rows=100, keep=False):
    """Returns a dict with rows, seconds, videos_per_s, s_per_video, or None on failure."""
    work = tempfile.mkdtemp(prefix="reel-batch-", dir=os.path.join(BENCH, "out") if os.path.isdir(
        os.path.join(BENCH, "out")) else None)
    try:
        shutil.copy(TEMPLATE, os.path.join(work, "template.json"))
        shutil.copytree(os.path.join(ROOT, "examples", "assets"), os.path.join(work, "assets"))
        csv = os.path.join(work, "rows.csv")
        write_rows(csv, rows)
        cmd = [reel, "batch", os.path.join(work, "template.json"), csv, "-o", os.path.join(work, "out", "{{id}}.mp4"),
               "--scale", "0.6666666666666666", "--frames", "0-89", "-q"]
        t0 = time.monotonic()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.monotonic() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        if proc.returncode != 0:
            print("BATCH: ERROR reel batch exited %d: %s" % (proc.returncode, proc.stderr[-2000:]))
            return None
        made = len(os.listdir(os.path.join(work, "out")))
        if made != rows:
            print("BATCH: ERROR %d outputs for %d rows" % (made, rows))
            return None
        r = {"rows": rows, "seconds": seconds, "videos_per_s": rows / seconds, "s_per_video": seconds / rows,
             "cpu_s_per_video": cpu / rows}
        # CPU time per video says what the wall time would be on idle cores
        # (divided by their number) when the machine is shared.
        print("BATCH: %d videos (3 s, 1280x720, 90 frames each) in %.1f s: %.2f videos/s, %.2f s/video, "
              "%.0f frames/s; CPU %.2f s/video" % (rows, seconds, r["videos_per_s"], r["s_per_video"],
                                                   rows * 90 / seconds, r["cpu_s_per_video"]))
        return r
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv):
    args = argv[1:]
    if not args:
        sys.exit(__doc__)
    reel, rows, keep = args[0], 100, False
    rest = args[1:]
    while rest:
        a = rest.pop(0)
        if a == "--rows" and rest:
            rows = int(rest.pop(0))
        elif a == "--keep":
            keep = True
        else:
            sys.exit("batch.py: unknown option %s" % a)
    return 0 if run(os.path.abspath(reel), rows, keep) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""reel's benchmark runner (DESIGN.md sections 5 and 6).

    python3 bench/run.py BUILD_DIR [--only W1,W3,...,BATCH] [--pairs N] [--quick] [--keep] [--no-wait]
    python3 bench/run.py BUILD_DIR --make-footage

For each workload it measures, one process at a time:
  - render-only: `reel render SCENE --null` (render and convert to YUV, no encode);
  - end-to-end:  `reel render SCENE -o out.mp4` (H.264 CRF 18 medium, the defaults);
  - the encode floor: the same frames written raw by `reel render -o frames.y4m`,
    then encoded by one plain ffmpeg/libx264 process (only that step is timed);
    a video with sound (W2) has its floor encode reel's mix too, from a .wav,
    with reel's AAC settings, since the output holds both;
  - end-to-end and floor alternate, PAIRS times (W5: once), reel first in
    the first pair and then each side first in turn, and the row keeps the
    median of each figure and of the pairs' ratios (this machine's speed
    drifts by 10-20% from minute to minute; a pair measures both sides at
    nearly the same moment);
  - peak resident memory of every measured process (ru_maxrss from wait4);
  - BATCH: `reel batch` over 100 variants of a 3 s 720p template (bench/batch.py).
  - W2M: peak memory overlaying a 10-minute 1080p source vs a 10-second one
    (bench/footage_memory.py).
Before each measurement it waits (up to 3 minutes) until other processes
leave the cores alone, and records how much CPU they took anyway.
It prints the results and appends one dated row per workload to bench/results.md
(not with --quick, which renders 3 s of W1 as a smoke test).

It is a measurement, not a test: it exits 0 unless reel itself failed, and a
failing workload is reported and skipped.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
sys.dont_write_bytecode = True   # no __pycache__ in bench/
import make_scenes  # noqa: E402  (bench/make_scenes.py)

RESULTS = os.path.join(BENCH, "results.md")
OUT = os.path.join(BENCH, "out")                 # scratch files, removed as we go
FOOTAGE = os.path.join(BENCH, "media", "footage-1080p30.mp4")
QUICK_FRAMES = 90                                # --quick: the first 3 s of W1

# The workloads of DESIGN.md section 6, in run order. W5 runs last so that
# W1's raw frames can serve as its encode floor (W5 is W1 repeated).
WORKLOADS = [
    ("W1", "brand-promo", "w1-brand-promo.json"),
    ("W1F", "brand-promo-faded", "w1f-brand-promo-faded.json"),
    # W2's footage (FOOTAGE, with an AAC track) is made before it runs.
    ("W2", "footage-overlay", "w2-footage-overlay.json"),
    ("W3", "kinetic-type", "w3-kinetic-type.json"),
    ("W3L", "kinetic-type-layers", "w3-kinetic-type-layers.json"),
    ("W4", "4k", "w4-4k.json"),
    ("W6", "data-charts", "w6-data-charts.json"),
    ("W5", "long", "w5-long.json"),
]

RESULTS_HEADER = """\
# reel benchmark results

One row per workload and run of `python3 bench/run.py BUILD_DIR`, appended,
never rewritten. Workloads and method: [README.md](README.md).

| column | meaning |
|---|---|
| date | when the workload ran (UTC, wall clock) |
| work | workload (DESIGN.md section 6) |
| frames | frames rendered, at the given size |
| nproc | cores available to the run |
| others | cores used by other processes during the timed steps (the worst step): the machine is shared, so above about 0.2 the row is disturbed |
| render fps | `reel render --null`: render + convert to YUV, no encode |
| e2e s / fps | `reel render -o out.mp4`: the whole job, H.264 CRF 18 medium |
| floor s / fps | ffmpeg/libx264 (same settings, `cpu-independent=1` included, `-threads 0`) encoding the same frames from a raw .y4m (and, for a video with sound, reel's mix from a .wav with reel's AAC settings) |
| e2e/floor | end-to-end time over floor time, the median of the pairs (their range in brackets); 1.00 means reel costs no more than the encoder alone |
| CPU s render / e2e / floor | CPU time (user + system) of the three processes: unlike wall time, hardly changed by other load |
| MiB render / e2e / floor | peak resident memory of the three processes |
| reel MB / floor MB | output sizes: reel's segmented encode and the single plain encode |
| seg cost | (reel MB / floor MB - 1) in %: the size cost of independent segments |
| vs W1 | W5: time per frame (render-only, e2e) and e2e peak memory, as ratios to W1's in the same run; a video with sound: what its AAC costs alone |
| reel ... ffmpeg | versions: `reel --version` with the git commit ("+": src/ or include/ had uncommitted changes) and the start of the measured binary's SHA-256, pkg-config libavcodec / cairo / pango, x264 core from the encoded stream, `ffmpeg -version` |

| date | work | frames | size | nproc | others | render fps | e2e s | e2e fps | floor s | floor fps | e2e/floor | CPU s render / e2e / floor | MiB render / e2e / floor | reel MB | floor MB | seg cost | vs W1 | reel | lavc | x264 | cairo | pango | ffmpeg |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
"""


TICK = os.sysconf("SC_CLK_TCK")
QUIET_CORES = 0.25        # "quiet": other processes use less than this many cores
QUIET_MAX_WAIT = 180      # seconds to wait for quiet before measuring anyway
QUIET = [True]            # --no-wait turns the waiting off
RETRIES = [2]             # re-measurements of a disturbed step (0 with --no-wait)
PAIRS = [5]               # end-to-end / floor pairs per workload (W5: 1, it takes minutes)


def cpu_busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat),
    not counting niced processes: they yield the cores to the benchmark."""
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, steal = \
            [int(x) for x in f.readline().split()[1:9]]
    return (user + system + irq + softirq + steal) / TICK


def wait_quiet(enabled):
    """Waits (up to QUIET_MAX_WAIT) until other processes leave the cores
    alone, so that a measurement is not shared with someone's test run."""
    if not enabled:
        return
    start = time.monotonic()
    warned = False
    while time.monotonic() - start < QUIET_MAX_WAIT:
        before = cpu_busy_seconds()
        time.sleep(1.0)
        if cpu_busy_seconds() - before < QUIET_CORES:
            return
        if not warned:
            print("  (waiting for the machine to be quiet)")
            warned = True
    print("  (still busy after %d s: measuring anyway)" % QUIET_MAX_WAIT)


class Run:
    """One measured process: wall time, peak memory, exit code, error text,
    and how many cores other processes used meanwhile (noise)."""

    def __init__(self, seconds, cpu, maxrss_kib, code, error, others):
        self.seconds, self.cpu, self.maxrss_kib = seconds, cpu, maxrss_kib
        self.code, self.error, self.others = code, error, others

    @property
    def ok(self):
        return self.code == 0

    @property
    def mib(self):
        return self.maxrss_kib / 1024.0


def measure(cmd):
    """Runs cmd alone and returns its Run. Wall time is time.monotonic around
    the child; memory is the child's own ru_maxrss (KiB on Linux) from wait4.
    The machine's busy CPU time minus the child's own is what others used."""
    wait_quiet(QUIET[0])
    with tempfile.TemporaryFile() as err:
        busy = cpu_busy_seconds()
        start = time.monotonic()
        child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - start
        busy = cpu_busy_seconds() - busy
        child.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    cpu = usage.ru_utime + usage.ru_stime
    others = max(0.0, busy - cpu) / max(seconds, 1e-6)
    return Run(seconds, cpu, usage.ru_maxrss, code, text, others)


def measure_timed(cmd):
    """measure() for a timed step: when other processes took more than
    QUIET_CORES meanwhile, runs it again (at most RETRIES times) and keeps the
    least disturbed run."""
    best = measure(cmd)
    for _ in range(RETRIES[0]):
        if not best.ok or best.others <= QUIET_CORES:
            break
        print("  (disturbed: others used %.2f cores; measuring again)" % best.others)
        run = measure(cmd)
        if not run.ok or run.others < best.others:
            best = run
    return best


def capture(cmd):
    """Output of a quick informational command, or "" when it fails."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def build_id(reel):
    """Which build was measured: the commit, "+" when src/ or include/ had
    uncommitted changes, and the start of the binary's SHA-256."""
    with open(reel, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:8]
    commit = capture(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]) or "?"
    dirty = capture(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "include"])
    return "%s%s bin %s" % (commit, "+" if dirty else "", digest)


def versions(reel):
    v = {"reel": (capture([reel, "--version"]).replace("reel ", "") or "?") + " " + build_id(reel)}
    for key, pkg in (("lavc", "libavcodec"), ("cairo", "cairo"), ("pango", "pango")):
        v[key] = capture(["pkg-config", "--modversion", pkg]) or "?"
    first = capture(["ffmpeg", "-version"]).split("\n")[0]
    m = re.match(r"ffmpeg version (\S+)", first)
    v["ffmpeg"] = m.group(1) if m else "?"
    v["x264"] = capture(["pkg-config", "--modversion", "x264"]) or "?"
    return v


def x264_from_stream(path):
    """x264 writes its version into every stream it encodes ("x264 - core 164
    r3095 baee400 - H.264/MPEG-4 AVC codec"); read it from reel's output."""
    if not path or not os.path.exists(path):
        return "?"
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    m = re.search(rb"x264 - core (\d+) (r\d+)", head)
    return "%s %s" % (m.group(1).decode(), m.group(2).decode()) if m else "?"


def make_footage(path=FOOTAGE):
    """W2's media: a 10 s 1080p30 H.264 + AAC clip (ffmpeg's testsrc2 and a
    440 Hz sine), made once."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", "10", "-c:v", "libx264", "-preset", "medium", "-crf", "18",
         "-pix_fmt", "yuv420p", "-g", "60", "-c:a", "aac", "-b:a", "160k",
         "-movflags", "+faststart", tmp], check=True)
    os.replace(tmp, path)
    return path


def scene_info(reel, scene):
    """(frames, "WxH") from `reel validate`, or None when it fails."""
    text = capture([reel, "validate", scene])
    m = re.search(r"\((\d+)x(\d+), [^,]+, (\d+) frames", text)
    return (int(m.group(3)), "%sx%s" % (m.group(1), m.group(2))) if m else None


# The x264 option reel sets (src/media/encoder.c): the same bytes on every CPU.
X264_PARAMS = "cpu-independent=1"

# reel's AAC settings (src/media/audio_encode.c).
AAC = ["-c:a", "aac", "-b:a", "192k", "-flags:a", "+bitexact"]


def floor_encode(y4m, mp4, loops=1, wav=None):
    """The plain single-encoder reference: ffmpeg encoding raw frames with the
    same settings as reel's defaults. loops > 1 reads the file that many times.
    wav: the video's sound, reel's own mix, encoded alongside as reel does."""
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    if loops > 1:
        cmd += ["-stream_loop", str(loops - 1)]
    cmd += ["-i", y4m]
    if wav:
        cmd += ["-i", wav] + AAC
    cmd += ["-c:v", "libx264", "-preset", "medium", "-crf", "18",
            "-x264-params", X264_PARAMS, "-pix_fmt", "yuv420p", "-threads", "0", mp4]
    return measure_timed(cmd)


def has_audio(path):
    """True when the media file has a sound stream."""
    return bool(capture(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
                         "stream=index", "-of", "csv=p=0", path]))


def sound_for_floor(reel, base, key, r):
    """A video with sound (W2 keeps its footage's) costs its AAC encoding as
    well, so its floor encodes the same sound: reel's mix, written to a .wav
    (untimed). Also times that sound's encoding alone, for the row's note."""
    wav = os.path.join(OUT, key + "-mix.wav")
    run = measure(base + ["-o", wav])
    if not run.ok:
        report_error("reel render -o .wav", run)
        return None
    m4a = os.path.join(OUT, key + "-sound.m4a")
    alone = measure_timed(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav] + AAC + [m4a])
    remove(m4a)
    if alone.ok:
        r["sound_cpu"] = alone.cpu
        print("  sound alone  %8.2f s  CPU %7.2f s  (AAC of reel's mix; part of the floor below)"
              % (alone.seconds, alone.cpu))
    return wav


def remove(*paths):
    for p in paths:
        if p and os.path.exists(p):
            os.remove(p)


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def fmt(x, spec="%.2f"):
    return "n/a" if x is None else spec % x


def report_error(what, run):
    print("  ERROR: %s exited with %d" % (what, run.code))
    for line in run.error.splitlines()[-8:]:
        print("    " + line)


def show(r, label, run, frames, mb=None):
    """Prints one measurement; keeps the worst interference in r["others"]."""
    r["others"] = max(r["others"], run.others)
    print("  %-11s %8.2f s  %7.1f fps  CPU %7.2f s  %6.0f MiB%s  (others used %.2f cores)"
          % (label, run.seconds, frames / run.seconds, run.cpu, run.mib,
             "  %.3f MB" % mb if mb is not None else "", run.others))


def bench_workload(reel, key, name, scene, quick, keep, w1_y4m, state):
    """Measures one workload; returns its result dict or None when reel failed."""
    info = scene_info(reel, scene)
    if info is None:
        run = measure([reel, "validate", scene])
        report_error("reel validate", run)
        state["reel_failed"] = True
        return None
    frames, size = info
    extra = []
    if quick:
        frames = min(frames, QUICK_FRAMES)
        extra = ["--frames", "0-%d" % (frames - 1)]
    print("%s %s: %s, %d frames" % (key, name, size, frames))
    r = {"key": key, "frames": frames, "size": size, "others": 0.0,
         "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")}
    base = [reel, "render", scene, "--quiet"] + extra

    # 1. Render-only: render and convert to YUV, encode nothing.
    run = measure_timed(base + ["--null"])
    if not run.ok:
        report_error("reel render --null", run)
        state["reel_failed"] = True
        return None
    r["render_fps"], r["render_mib"], r["render_cpu"] = frames / run.seconds, run.mib, run.cpu
    show(r, "render-only", run, frames)

    # 2. The raw frames for the floor. W5 is W1 repeated, so its frames are
    #    W1's raw file read again and again; any other workload writes its own.
    loops, y4m = 1, None
    if key == "W5":
        if w1_y4m and frames % state["w1_frames"] == 0:
            y4m, loops = w1_y4m, frames // state["w1_frames"]
            print("  floor input  W1's raw frames x %d (W5 repeats W1)" % loops)
        else:
            print("  floor        n/a (no raw frames of W1)")
    else:
        y4m = os.path.join(OUT, key + "-frames.y4m")
        run = measure(base + ["-o", y4m])
        if not run.ok:
            report_error("reel render -o .y4m", run)
            state["reel_failed"] = True
            y4m = None
        else:
            print("  raw y4m      %8.2f s  (writing %.0f MB, not part of the floor)"
                  % (run.seconds, os.path.getsize(y4m) / 1e6))

    # 3. End to end (the real job, with reel's default H.264 settings) and the
    #    encode floor, alternating, so each pair meets the same machine.
    mp4 = os.path.join(OUT, key + "-reel.mp4")
    floor_mp4 = os.path.join(OUT, key + "-floor.mp4")
    e2e, floor = [], []
    wav = None

    def run_e2e():
        nonlocal y4m, wav
        run = measure_timed(base + ["-o", mp4])
        if not run.ok:
            report_error("reel render -o .mp4", run)
            state["reel_failed"] = True
            return False
        e2e.append(run)
        r["reel_mb"] = os.path.getsize(mp4) / 1e6
        show(r, "end-to-end", run, frames, r["reel_mb"])
        if y4m and len(e2e) == 1 and has_audio(mp4):
            wav = sound_for_floor(reel, base, key, r)
            if not wav:
                y4m = None
        return True

    def run_floor():
        nonlocal y4m
        if not y4m:
            return
        run = floor_encode(y4m, floor_mp4, loops, wav)
        if run.ok:
            floor.append(run)
            r["floor_mb"] = os.path.getsize(floor_mp4) / 1e6
            show(r, "floor", run, frames, r["floor_mb"])
        else:
            print("  ffmpeg floor failed (%d): %s" % (run.code, run.error[-500:]))
            y4m = None

    def run_w1_beside():
        """W1 end to end, just before and after W5's: its time per frame
        against W5's on the same machine state. W5 runs for minutes, and
        W1's own pairs ran many minutes earlier: on a shared host the speed
        drifts by more than the 5% the comparison is about."""
        w1 = os.path.join(BENCH, "w1-brand-promo.json")
        w1_info = scene_info(reel, w1)
        out = os.path.join(OUT, "W1-beside.mp4")
        run = measure_timed([reel, "render", w1, "--quiet", "-o", out]) if w1_info else None
        remove(out)
        if run and run.ok:
            r.setdefault("w1_beside", []).append(run.seconds / w1_info[0])
            print("  W1 beside    %8.2f s  %8.1f fps  (end to end, for W5's time per frame)"
                  % (run.seconds, w1_info[0] / run.seconds))

    if key == "W5" and not quick:
        run_w1_beside()
    # The first pair starts with reel (the floor's sound comes from its
    # output); later pairs alternate which side goes first.
    for i in range(1 if key == "W5" else PAIRS[0]):
        if i % 2 == 0:
            if not run_e2e():
                return None
            run_floor()
        else:
            run_floor()
            if not run_e2e():
                return None
    if key == "W5" and not quick:
        run_w1_beside()
    if state.get("x264", "?") == "?":
        state["x264"] = x264_from_stream(mp4)
    r["e2e_s"] = median([x.seconds for x in e2e])
    r["e2e_cpu"] = median([x.cpu for x in e2e])
    r["e2e_mib"] = median([x.mib for x in e2e])
    r["pairs"] = [a.seconds / b.seconds for a, b in zip(e2e, floor)] if len(floor) == len(e2e) else []
    r["floor_s"] = median([x.seconds for x in floor]) if r["pairs"] else None
    r["floor_cpu"] = median([x.cpu for x in floor]) if r["pairs"] else None
    r["floor_mib"] = median([x.mib for x in floor]) if r["pairs"] else None
    if not r["pairs"]:
        r["floor_mb"] = None
    if not keep:
        remove(floor_mp4)
    if key == "W1" and loops == 1 and y4m:
        state["w1_y4m"], state["w1_frames"] = y4m, frames   # kept for W5
    elif y4m and not keep and y4m != w1_y4m:
        remove(y4m)
    if not keep:
        remove(mp4)
        if wav:
            remove(wav)
    return r


def w1_raw_frames(reel, state):
    """W5 without W1 in the same run: writes W1's raw frames (untimed) for
    W5's floor, rather than a raw file 60 times larger."""
    y4m = os.path.join(OUT, "W1-frames.y4m")
    scene = os.path.join(BENCH, "w1-brand-promo.json")
    info = scene_info(reel, scene)
    run = measure([reel, "render", scene, "--quiet", "-o", y4m])
    if info and run.ok:
        state["w1_y4m"], state["w1_frames"] = y4m, info[0]
    else:
        report_error("reel render -o .y4m (W1's frames for W5's floor)", run)
        state["reel_failed"] = True


def derived(r, w1):
    """The ratios: end-to-end over floor, segment size cost, W5 against W1."""
    f = r["frames"]
    r["e2e_fps"] = f / r["e2e_s"]
    r["floor_fps"] = f / r["floor_s"] if r["floor_s"] else None
    r["ratio"] = median(r["pairs"])
    r["seg_cost"] = (r["reel_mb"] / r["floor_mb"] - 1) * 100 if r["floor_mb"] else None
    r["vs_w1"] = ""
    if r["key"] == "W5" and w1:
        render = (w1["render_fps"] / r["render_fps"])    # time per frame ratio
        beside = r.get("w1_beside")
        e2e = (r["e2e_s"] / f) / (sum(beside) / len(beside) if beside else w1["e2e_s"] / w1["frames"])
        mem = r["e2e_mib"] / w1["e2e_mib"]
        r["vs_w1"] = "t/frame %.2fx render, %.2fx e2e; peak %.2fx" % (render, e2e, mem)
    elif r["key"] == "W5":
        r["vs_w1"] = "n/a (W1 not run)"
    if r.get("sound_cpu") is not None:
        r["vs_w1"] = "floor with the sound (its AAC alone: CPU %.2f s)" % r["sound_cpu"]
    return r


def ratio_cell(pairs):
    """The median of the pairs' ratios, with their range when there are several."""
    if not pairs:
        return "n/a"
    if len(pairs) == 1:
        return "%.2f" % pairs[0]
    return "%.2f (%.2f-%.2f)" % (median(pairs), min(pairs), max(pairs))


def row(r, v, nproc):
    mem = "%.0f / %.0f / %s" % (r["render_mib"], r["e2e_mib"], fmt(r["floor_mib"], "%.0f"))
    cpu = "%.1f / %.1f / %s" % (r["render_cpu"], r["e2e_cpu"], fmt(r["floor_cpu"], "%.1f"))
    cells = [r["date"], r["key"], str(r["frames"]), r["size"], str(nproc), "%.2f" % r["others"],
             "%.1f" % r["render_fps"], "%.2f" % r["e2e_s"], "%.1f" % r["e2e_fps"],
             fmt(r["floor_s"]), fmt(r["floor_fps"], "%.1f"), ratio_cell(r["pairs"]), cpu, mem,
             "%.3f" % r["reel_mb"], fmt(r["floor_mb"], "%.3f"), fmt(r["seg_cost"], "%+.1f%%"),
             r["vs_w1"] or "", v["reel"], v["lavc"], v["x264"], v["cairo"], v["pango"],
             v["ffmpeg"]]
    return "| " + " | ".join(cells) + " |"


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit("usage: run.py BUILD_DIR [--only W1,W3,...] [--pairs N] [--quick] [--keep] [--no-wait] [--make-footage]")
    build, args = args[0], args[1:]
    only, quick, keep = None, False, False
    while args:
        a = args.pop(0)
        if a == "--only" and args:
            only = {w.strip().upper() for w in args.pop(0).split(",") if w.strip()}
        elif a == "--quick":
            quick = True
        elif a == "--keep":
            keep = True
        elif a == "--pairs" and args:
            PAIRS[0] = max(1, int(args.pop(0)))
        elif a == "--no-wait":
            QUIET[0], RETRIES[0] = False, 0
        elif a == "--make-footage":
            print(make_footage())
            return 0
        else:
            sys.exit("run.py: unknown option %s" % a)
    if only is None:
        only = {"W1"} if quick else {k for k, _, _ in WORKLOADS} | {"BATCH", "W2M"}
    if quick:      # a smoke test does not wait for a quiet machine
        QUIET[0], RETRIES[0], PAIRS[0] = False, 0, 1

    built = os.path.abspath(os.path.join(build, "src", "reel"))
    if not os.access(built, os.X_OK):
        sys.exit("run.py: %s not found; build first (make build)" % built)
    if not shutil.which("ffmpeg"):
        sys.exit("run.py: the ffmpeg CLI is needed for the encode floor")

    make_scenes.ensure_logo()
    if "W5" in only:   # too large to commit: written at every run
        make_scenes.write_json("w5-long.json", make_scenes.w5_scene(), compact=True)
    os.makedirs(OUT, exist_ok=True)
    if not keep:   # leftovers of an interrupted run
        for f in os.listdir(OUT):
            remove(os.path.join(OUT, f))
    # Measure a copy, so that a rebuild during the run cannot mix two builds.
    reel = os.path.join(OUT, "reel")
    shutil.copy2(built, reel)
    v = versions(reel)
    nproc = os.cpu_count()
    print("%s, %d cores%s" % (capture([reel, "--version"]), nproc,
                                   ", quick: first %d frames of W1" % QUICK_FRAMES if quick else ""))

    state = {"reel_failed": False}
    results = {}
    for key, name, scene_file in WORKLOADS:
        if key not in only:
            continue
        if scene_file is None:
            print("%s %s: skipped (TODO: needs the `video` layer; footage: "
                  "run.py BUILD --make-footage)" % (key, name))
            continue
        if key == "W2":
            make_footage()
        if key == "W5" and "w1_y4m" not in state:
            w1_raw_frames(reel, state)
        r = bench_workload(reel, key, name, os.path.join(BENCH, scene_file), quick, keep,
                           state.get("w1_y4m"), state)
        if r:
            results[key] = r
        if key == "W1" and "W5" not in only and not keep:
            remove(state.pop("w1_y4m", None))
    if not keep:
        remove(state.pop("w1_y4m", None))
    if "BATCH" in only and not __import__("batch").run(reel, 5 if quick else 100, keep): state["reel_failed"] = True
    if "W2M" in only and __import__("footage_memory").run(reel) is None:
        state["reel_failed"] = True
    remove(reel)

    # x264's version was read from the first output before it was removed.
    if v["x264"] == "?":
        v["x264"] = state.get("x264", "?")
    rows = [row(derived(r, results.get("W1")), v, nproc) for r in results.values()]

    print()
    print(RESULTS_HEADER.split("\n\n")[-1].rstrip())
    for line in rows:
        print(line)
    if rows and not quick:
        new = not os.path.exists(RESULTS)
        with open(RESULTS, "a", encoding="utf-8") as f:
            if new:
                f.write(RESULTS_HEADER)
            f.write("\n".join(rows) + "\n")
        print("\nappended %d row(s) to %s" % (len(rows), os.path.relpath(RESULTS)))
    if state["reel_failed"]:
        print("\nreel failed on at least one step (see ERROR above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Bad inputs: every case under tests/bad/ must fail with its exact exit code
(2 bad input, 1 I/O or render failure) and an exact message fragment, within
a time limit (a hang is a failure), without crashing, and without leaving any
file behind (not at the output path, not a hidden temporary beside it).

Layout: one case per file, grouped by kind: tests/bad/<kind>/<name>.json or
tests/bad/<kind>/<name>.case, each with a sidecar tests/bad/<kind>/<name>.expect
of two lines:

    2
    /layers/0/opacity: expected a number from 0 to 1

the exit code, then a fragment that must appear verbatim in stderr. Every
failing run must also print nothing on stdout and at most 8 KiB on stderr.

A <name>.json is a scene. It is copied into a fresh directory and run once,
by one of three commands (picked by a hash of the case's kind and name, so a
case always runs the same one), with an empty output directory that must stay
empty:

    reel validate NAME.json
    reel still NAME.json -o OUT/out.png
    reel render NAME.json -o OUT/out.mp4 -q

so every command sees every kind of error, and about two cases in three also
prove that a refused scene leaves nothing at the output path. (One run per case
keeps the suite fast: reel's start-up, linking the FFmpeg, cairo and pango
stacks, costs about 0.1 s of CPU per run, more than the work of a bad scene.)

A <name>.case describes inputs that are not one committed scene: arguments,
media files, bytes that are not UTF-8, files too big to commit. It is JSON:

    {"args": ["still", "scene.json", "--frame", "99", "-o", "{out}/x.png"],
     "files": {"scene.json": {"text": "{\\"width\\": 8, ...}"}},
     "timeout": 5, "run_as_nobody": false, "note": "why this case exists"}

  args      reel's arguments. "{out}" becomes a fresh empty directory that must
            still be empty afterwards (apart from "out/" files, below); "{dir}"
            the directory holding the files. Without "args" the case runs its
            "scene.json" like a scene case.
  files     name -> spec, created in a fresh directory that is also the working
            directory. Names starting with "out/" go into {out} instead and must
            be unchanged afterwards (an existing output that must survive).
  timeout   seconds per run (default 20).
  run_as_nobody  run reel as user nobody (via setpriv) when the suite runs as
            root, so that files made unreadable with "mode" stay unreadable.

A file spec is either a string (the bytes, base64) or an object with one
source and optional modifiers:

  {"text": "..."}             UTF-8 text
  {"hex": "ef bb bf 7b"}      bytes in hex (spaces ignored)
  {"base64": "..."}           bytes in base64
  {"concat": [PIECE, ...]}    pieces joined; a PIECE is a string (UTF-8 text),
                              {"hex": ...}, {"base64": ...}, {"concat": [...]} or
                              {"repeat": PIECE, "times": N, "sep": ","}
  {"png": {"width": W, "height": H, "declared": [W, H], "bad_crc": "IHDR"|"IDAT",
           "garbage_idat": true}}
                              a generated RGBA PNG; "declared" writes other
                              dimensions into IHDR than the pixel data has
  {"fifo": true}              a named pipe with no writer
  {"dir": true}               a directory
  {"symlink": "TARGET"}       a symbolic link to TARGET
  modifiers: "cut": N bytes to keep (negative: drop from the end) or a
  fraction 0 < f < 1; "flip": [offsets] whose bytes are inverted;
  "size": N, extends the file with zero bytes to N bytes (sparse, so a 100 MB
  file costs nothing to make); "mode": file permissions such as 0 (JSON has
  no octal: 0 or decimal).

Large inputs (10^6 layers, 100 MB scenes, 10^5-deep nesting) are generated
here at test time; no committed case file is larger than 50 KB.
"""
import atexit
import base64
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(os.path.dirname(HERE), "bad")
DEFAULT_TIMEOUT = 20
MAX_STDERR = 8192
MAX_COMMITTED = 50 * 1024
MIN_CASES = 170

# Process start-up dominates (reel links the FFmpeg, cairo and pango stacks),
# so runs of the next few cases start while the current one is checked.
WORKERS = 3
LOOKAHEAD = 4


# ---------------------------------------------------------------- cases ----

def discover():
    """Sorted list of (kind, name, path) for every case file."""
    cases = []
    if not os.path.isdir(BAD):
        return cases
    for kind in sorted(os.listdir(BAD)):
        d = os.path.join(BAD, kind)
        if not os.path.isdir(d):
            continue
        for fname in sorted(os.listdir(d)):
            base, ext = os.path.splitext(fname)
            if ext in (".json", ".case"):
                cases.append((kind, base, os.path.join(d, fname)))
    return cases


def read_expect(case_path):
    path = os.path.splitext(case_path)[0] + ".expect"
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert len(lines) == 2, f"{path}: expected 2 lines (exit code, message fragment), got {len(lines)}"
    assert lines[0] in ("1", "2"), f"{path}: exit code must be 1 or 2, got {lines[0]!r}"
    assert lines[1].strip(), f"{path}: empty message fragment"
    return int(lines[0]), lines[1]


# ------------------------------------------------------- file generators ----

def png_bytes(spec):
    w, h = spec["width"], spec["height"]
    dw, dh = spec.get("declared", [w, h])

    def chunk(kind, body, damage=False):
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        if damage:
            crc ^= 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes([255, 90, 31, 255]) * w for _ in range(h))
    idat = b"this is not a zlib stream" if spec.get("garbage_idat") else zlib.compress(rows)
    bad = spec.get("bad_crc")
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", dw, dh, 8, 6, 0, 0, 0), bad == "IHDR")
            + chunk(b"IDAT", idat, bad == "IDAT")
            + chunk(b"IEND", b""))


def piece_bytes(piece):
    if isinstance(piece, str):
        return piece.encode("utf-8")
    if "hex" in piece:
        return bytes.fromhex(piece["hex"].replace(" ", ""))
    if "base64" in piece:
        return base64.b64decode(piece["base64"])
    if "concat" in piece:
        return b"".join(piece_bytes(p) for p in piece["concat"])
    if "repeat" in piece:
        unit, times = piece_bytes(piece["repeat"]), piece["times"]
        sep = piece.get("sep", "").encode("utf-8")
        return (unit + sep) * (times - 1) + unit if times > 0 else b""
    raise AssertionError(f"unknown piece {piece!r}")


def spec_bytes(spec):
    if isinstance(spec, str):
        return base64.b64decode(spec)
    if "text" in spec:
        data = spec["text"].encode("utf-8")
    elif "hex" in spec or "base64" in spec or "concat" in spec:
        data = piece_bytes(spec)
    elif "png" in spec:
        data = png_bytes(spec["png"])
    else:
        raise AssertionError(f"unknown file spec {sorted(spec)}")
    cut = spec.get("cut")
    if isinstance(cut, float):
        data = data[:int(len(data) * cut)]
    elif isinstance(cut, int):
        data = data[:cut]
    if "flip" in spec:
        data = bytearray(data)
        for at in spec["flip"]:
            data[at] ^= 0xFF
        data = bytes(data)
    return data


def materialize(files, in_dir, out_dir):
    """Creates the case's files; returns {path: bytes} of those in out_dir."""
    kept = {}
    for name, spec in files.items():
        target_dir, rel = (out_dir, name[4:]) if name.startswith("out/") else (in_dir, name)
        path = os.path.join(target_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(spec, dict) and spec.get("fifo"):
            os.mkfifo(path)
        elif isinstance(spec, dict) and spec.get("dir"):
            os.mkdir(path)
        elif isinstance(spec, dict) and "symlink" in spec:
            os.symlink(spec["symlink"], path)
        else:
            data = spec_bytes(spec)
            with open(path, "wb") as f:
                f.write(data)
                if isinstance(spec, dict) and "size" in spec:
                    f.truncate(spec["size"])
            if target_dir == out_dir:
                kept[rel] = data
        if isinstance(spec, dict) and "mode" in spec:
            os.chmod(path, spec["mode"])
    return kept


# ---------------------------------------------------------------- running ----

class Run:
    """One reel process of a case: its arguments, where it may write, and how it ended."""

    def __init__(self, args, cwd, out_dir, kept, timeout, as_nobody):
        self.args, self.cwd, self.out_dir = args, cwd, out_dir
        self.kept, self.timeout, self.as_nobody = kept, timeout, as_nobody
        self.returncode = None
        self.stdout = self.stderr = ""
        self.hung = False
        self.seconds = 0.0


def execute(reel_bin, run):
    cmd = [reel_bin, *run.args]
    if run.as_nobody:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", *cmd]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=run.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=run.timeout)
    except subprocess.TimeoutExpired:
        run.hung = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    run.seconds = time.monotonic() - t0
    run.returncode = proc.returncode
    run.stdout = out.decode("utf-8", "backslashreplace")
    run.stderr = err.decode("utf-8", "backslashreplace")
    return run


class Prepared:
    """A case made ready to run: its directories and its runs."""

    def __init__(self, case_path, scratch):
        self.case_path = case_path
        self.runs = []
        self.work = tempfile.mkdtemp(prefix="bad-", dir=scratch)
        self.input_dir = os.path.join(self.work, "in")
        os.mkdir(self.input_dir)
        name = os.path.basename(case_path)
        timeout, as_nobody = DEFAULT_TIMEOUT, False
        if name.endswith(".json"):
            shutil.copyfile(case_path, os.path.join(self.input_dir, name))
            self._scene_runs(name, timeout, False)
        else:
            with open(case_path, encoding="utf-8") as f:
                spec = json.load(f)
            unknown = set(spec) - {"args", "files", "timeout", "run_as_nobody", "note"}
            assert not unknown, f"{case_path}: unknown keys {sorted(unknown)}"
            timeout = spec.get("timeout", DEFAULT_TIMEOUT)
            as_nobody = spec.get("run_as_nobody", False) and os.geteuid() == 0
            if as_nobody:
                # setpriv drops to nobody, who must reach the files (the suite's
                # scratch directory is private to root).
                self.work_public = tempfile.mkdtemp(prefix="reel-bad-nobody-")
                os.chmod(self.work_public, 0o755)
                self.input_dir = os.path.join(self.work_public, "in")
                os.mkdir(self.input_dir)
            if "args" in spec:
                out_dir = self._out_dir("out")
                kept = materialize(spec.get("files", {}), self.input_dir, out_dir)
                args = [a.replace("{out}", out_dir).replace("{dir}", self.input_dir) for a in spec["args"]]
                self.runs.append(Run(args, self.input_dir, out_dir, kept, timeout, as_nobody))
            else:
                files = spec.get("files", {})
                assert "scene.json" in files, f"{case_path}: no args and no scene.json"
                assert not any(n.startswith("out/") for n in files), f"{case_path}: out/ files need args"
                materialize(files, self.input_dir, None)
                self._scene_runs("scene.json", timeout, as_nobody)
        self.inputs_before = sorted(os.listdir(self.input_dir))

    def _out_dir(self, label):
        base = getattr(self, "work_public", self.work)
        d = os.path.join(base, "out-" + label)
        os.mkdir(d)
        if base != self.work:
            os.chmod(d, 0o777)
        return d

    def _scene_runs(self, scene, timeout, as_nobody):
        kind_and_name = os.path.relpath(os.path.splitext(self.case_path)[0], BAD)
        command = ("validate", "still", "render")[zlib.crc32(kind_and_name.encode()) % 3]
        out_dir = self._out_dir(command)
        args = [command, scene]
        if command == "still":
            args += ["-o", os.path.join(out_dir, "out.png")]
        elif command == "render":
            args += ["-o", os.path.join(out_dir, "out.mp4"), "-q"]
        self.runs.append(Run(args, self.input_dir, out_dir, {}, timeout, as_nobody))

    def cleanup(self):
        for d in (self.work, getattr(self, "work_public", None)):
            if d:
                for root, dirs, files in os.walk(d):
                    for n in dirs + files:
                        p = os.path.join(root, n)
                        if not os.path.islink(p):
                            os.chmod(p, 0o700)
                shutil.rmtree(d, ignore_errors=True)


class Scheduler:
    """Starts cases ahead of the test that checks them, a few at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=WORKERS)
        self.started = {}       # case path -> (Prepared or exception, [futures])

    def _start(self, ctx, index):
        case_path = CASES[index][2]
        try:
            prepared = Prepared(case_path, ctx.scratch)
        except Exception as e:  # reported by the case's own test
            self.started[case_path] = (e, [])
            return
        futures = [self.pool.submit(execute, ctx.reel_bin, r) for r in prepared.runs]
        self.started[case_path] = (prepared, futures)

    def results(self, ctx, index):
        with self.lock:
            for i in range(index, min(index + 1 + LOOKAHEAD, len(CASES))):
                if CASES[i][2] not in self.started:
                    self._start(ctx, i)
            prepared, futures = self.started.pop(CASES[index][2])
        if isinstance(prepared, Exception):
            raise prepared
        for f in futures:
            f.result()
        return prepared


    def discard_unchecked(self):
        """Removes what cases started ahead but never checked (with -k) left behind."""
        with self.lock:
            left, self.started = list(self.started.values()), {}
        for prepared, futures in left:
            for f in futures:
                f.exception()   # waits; the scratch directory may be gone already
            if not isinstance(prepared, Exception):
                prepared.cleanup()


SCHEDULER = Scheduler()
atexit.register(SCHEDULER.discard_unchecked)


# --------------------------------------------------------------- checking ----

def describe(run):
    return (f"reel {' '.join(run.args)}\n  exit {run.returncode} after {run.seconds:.1f}s\n"
            f"  stdout: {run.stdout[-1500:]!r}\n  stderr: {run.stderr[-1500:]!r}")


def check_run(run, code, fragment, inputs_before, input_dir):
    assert not run.hung, f"hung: no exit within {run.timeout} s\n{describe(run)}"
    assert run.returncode >= 0, (f"killed by signal {signal.Signals(-run.returncode).name}\n"
                                 f"{describe(run)}")
    assert run.returncode == code, f"exit code {run.returncode}, expected {code}\n{describe(run)}"
    assert fragment in run.stderr, f"stderr lacks {fragment!r}\n{describe(run)}"
    assert run.stdout == "", f"printed on stdout\n{describe(run)}"
    assert len(run.stderr) <= MAX_STDERR, f"stderr is {len(run.stderr)} bytes\n{describe(run)}"
    left = sorted(os.listdir(run.out_dir))
    expected = sorted({name.split("/")[0] for name in run.kept})
    assert left == expected, f"files left in the output directory: {sorted(set(left) - set(expected))}\n{describe(run)}"
    for name, data in run.kept.items():
        with open(os.path.join(run.out_dir, name), "rb") as f:
            assert f.read() == data, f"existing output {name} was changed\n{describe(run)}"
    now = sorted(os.listdir(input_dir))
    assert now == inputs_before, f"files appeared beside the inputs: {sorted(set(now) - set(inputs_before))}"


def run_case(ctx, index):
    kind, name, path = CASES[index]
    code, fragment = read_expect(path)
    prepared = SCHEDULER.results(ctx, index)
    try:
        for run in prepared.runs:
            check_run(run, code, fragment, prepared.inputs_before, prepared.input_dir)
    finally:
        prepared.cleanup()


CASES = discover()


def _identifier(text):
    return re.sub(r"\W", "_", text)


def _make(index):
    kind, name, _ = CASES[index]

    def test(ctx):
        run_case(ctx, index)
    test.__name__ = f"test_{_identifier(kind)}__{_identifier(name)}"
    return test


# run.py runs tests in sorted name order; the lookahead follows the same order.
CASES.sort(key=lambda c: f"test_{_identifier(c[0])}__{_identifier(c[1])}")
for _i in range(len(CASES)):
    _t = _make(_i)
    globals()[_t.__name__] = _t


def test_case_files_are_well_formed(ctx):
    """Every case has its .expect, nothing committed is large, and there are enough cases."""
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases"
    names = set()
    for kind in os.listdir(BAD):
        for fname in os.listdir(os.path.join(BAD, kind)):
            path = os.path.join(BAD, kind, fname)
            assert os.path.getsize(path) <= MAX_COMMITTED, f"{path} is larger than 50 KB"
            base, ext = os.path.splitext(fname)
            assert ext in (".json", ".case", ".expect"), f"unexpected file {path}"
            if ext == ".expect":
                assert any(os.path.exists(os.path.join(BAD, kind, base + e)) for e in (".json", ".case")), \
                    f"{path} has no case"
            else:
                assert (kind, base) not in names, f"two cases named {kind}/{base}"
                names.add((kind, base))
                read_expect(path)

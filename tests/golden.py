#!/usr/bin/env python3
"""Golden images: each tests/golden/NAME.json is rendered (frame given in
index.json) and its pixels must equal those of tests/golden/NAME.png exactly.

Pixels are compared, not PNG bytes, so a different zlib cannot fail a test.
`make golden` (this script with --update) rewrites the PNGs; look at every
changed image before committing it.

usage: tests/golden.py BUILD_DIR [--update] [NAME...]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")
sys.path.insert(0, os.path.join(HERE, "e2e"))
from helpers import read_png_rgba  # noqa: E402


def index():
    with open(os.path.join(GOLDEN, "index.json")) as f:
        return json.load(f)


def render(build, name, frame, out):
    reel = os.path.join(build, "src", "reel")
    subprocess.run([reel, "still", os.path.join(GOLDEN, name + ".json"), "--frame", str(frame), "-o", out],
                   check=True, capture_output=True)


def pixel_hash(png_path):
    w, h, data = read_png_rgba(png_path)
    return hashlib.sha256(b"%dx%d:" % (w, h) + data).hexdigest()


def check(build, name):
    """Raises AssertionError when NAME renders differently from its golden PNG."""
    entry = index()[name]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, name + ".png")
        render(build, name, entry["frame"], out)
        golden = os.path.join(GOLDEN, name + ".png")
        assert os.path.exists(golden), f"no golden image {golden}; run make golden and look at it"
        got, want = pixel_hash(out), pixel_hash(golden)
        assert got == want, f"{name}: pixels differ from {golden} (rendered {got[:12]}, golden {want[:12]})"


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    build = os.path.abspath(args[0])
    update = "--update" in args
    names = [a for a in args[1:] if not a.startswith("--")] or sorted(index())
    failed = 0
    for name in names:
        entry = index()[name]
        if update:
            out = os.path.join(GOLDEN, name + ".png")
            with tempfile.TemporaryDirectory() as tmp:
                fresh = os.path.join(tmp, "x.png")
                render(build, name, entry["frame"], fresh)
                changed = not os.path.exists(out) or pixel_hash(out) != pixel_hash(fresh)
                if changed:
                    shutil.copyfile(fresh, out)
            print(f"{'updated' if changed else 'same   '} {name}: {entry['description']}")
        else:
            try:
                check(build, name)
                print(f"ok   {name}")
            except AssertionError as e:
                failed += 1
                print(f"FAIL {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

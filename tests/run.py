#!/usr/bin/env python3
"""Runs reel's whole test suite and ends with the line "N passed, N failed".

Unit tests are the C executables build/tests/test_*; each prints PASS/FAIL
lines. End-to-end tests are the functions test_* in tests/e2e/test_*.py; each
takes the shared context (paths of the built tools and a scratch directory).

usage: tests/run.py BUILD_DIR [-k SUBSTRING] [--unit-only | --e2e-only]
"""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_unit(build, pattern, wrapper):
    passed = failed = 0
    test_dir = os.path.join(build, "tests")
    names = sorted(n for n in os.listdir(test_dir)
                   if n.startswith("test_") and os.access(os.path.join(test_dir, n), os.X_OK)
                   and not n.endswith(".p"))
    for name in names:
        if pattern and pattern not in name:
            continue
        cmd = wrapper + [os.path.join(test_dir, name)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        results = [l.split(" ", 1) for l in proc.stdout.splitlines() if l.startswith(("PASS ", "FAIL "))]
        for status, case in results:
            label = f"{name}.{case}"
            if status == "PASS":
                passed += 1
            else:
                failed += 1
                print(f"FAIL {label}")
        if proc.returncode != 0 and not any(s == "FAIL" for s, _ in results):
            failed += 1
            print(f"FAIL {name} (exit code {proc.returncode})")
        if proc.returncode != 0 or any(s == "FAIL" for s, _ in results):
            sys.stdout.write(proc.stderr[-4000:])
        else:
            print(f"ok   {name} ({len(results)} tests)")
    return passed, failed


def load_module(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_e2e(build, pattern):
    sys.path.insert(0, os.path.join(HERE, "e2e"))
    import helpers
    passed = failed = 0
    scratch = tempfile.mkdtemp(prefix="reel-e2e-")
    ctx = helpers.Context(root=ROOT, build=build, scratch=scratch)
    e2e = os.path.join(HERE, "e2e")
    for fname in sorted(os.listdir(e2e)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        mod = load_module(os.path.join(e2e, fname))
        for name in sorted(n for n in dir(mod) if n.startswith("test_")):
            label = f"{fname[:-3]}.{name}"
            if pattern and pattern not in label:
                continue
            t0 = time.monotonic()
            try:
                getattr(mod, name)(ctx)
                passed += 1
                print(f"ok   {label} ({time.monotonic() - t0:.1f}s)")
            except Exception:
                failed += 1
                print(f"FAIL {label}")
                traceback.print_exc(limit=6, file=sys.stdout)
    shutil.rmtree(scratch, ignore_errors=True)
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("-k", dest="pattern", default="")
    ap.add_argument("--unit-only", action="store_true")
    ap.add_argument("--e2e-only", action="store_true")
    ap.add_argument("--wrapper", default="", help="command prefix for unit tests, e.g. valgrind")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    os.environ["REEL_BUILD_DIR"] = build
    passed = failed = 0
    if not args.e2e_only:
        p, f = run_unit(build, args.pattern, args.wrapper.split())
        passed += p
        failed += f
    if not args.unit_only:
        p, f = run_e2e(build, args.pattern)
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The fuzz corpora replay cleanly: each fuzz target's replay program (built
from tests/fuzz/ without libFuzzer) runs every input of its committed corpus
in tests/fuzz/corpus/TARGET/ and exits 0. A failed check in a target aborts,
and the replay names the input it was running."""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.join(os.path.dirname(HERE), "fuzz")
TARGETS = ["fuzz_json", "fuzz_scene", "fuzz_parsers", "fuzz_render", "fuzz_subtitles"]


def _make(target):
    def test(ctx):
        exe = os.path.join(ctx.build, "tests", "fuzz", target + "_replay")
        assert os.path.exists(exe), (f"{exe} is not built: tests/meson.build needs subdir('fuzz')")
        corpus = os.path.join(FUZZ, "corpus", target)
        inputs = [n for n in os.listdir(corpus) if not n.startswith(".")]
        assert inputs, f"{corpus} is empty"
        proc = subprocess.run([exe, corpus], capture_output=True, text=True, errors="backslashreplace",
                              timeout=300)
        last = [l for l in proc.stderr.splitlines() if l.startswith("replaying ")][-1:]
        assert proc.returncode == 0, (f"{target}: exit {proc.returncode} while {last}\n"
                                      f"{proc.stderr[-3000:]}")
        assert proc.stdout.strip() == f"replayed {len(inputs)} inputs", proc.stdout
    test.__name__ = f"test_{target}_corpus"
    return test


for _t in TARGETS:
    globals()[f"test_{_t}_corpus"] = _make(_t)

"""Golden-image tests: one small scene per concern, compared by exact pixel
hash against tests/golden/*.png (see tests/golden.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import golden  # noqa: E402


def _make(name):
    def test(ctx):
        golden.check(ctx.build, name)
    test.__name__ = f"test_{name}"
    return test


for _name in golden.index():
    globals()[f"test_{_name}"] = _make(_name)

#!/usr/bin/env python3
"""Writes the small Lottie test animations in this directory (hand-authored
Bodymovin JSON, no text): transform.json (animated position and rotation),
mask.json (an elliptical mask, in-point 10) and trim.json (a trim path drawing
a ring on). Run it from anywhere; it writes next to itself."""
import json
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))


def lin(t, s):
    """A keyframe with linear easing toward the next one."""
    return {"t": t, "s": s, "i": {"x": [1], "y": [1]}, "o": {"x": [0], "y": [0]}}


def static(v):
    return {"a": 0, "k": v}


def group_transform():
    return {"ty": "tr", "p": static([0, 0]), "a": static([0, 0]), "s": static([100, 100]),
            "r": static(0), "o": static(100), "nm": "t"}


def layer(name, shapes, ks, ip, op, **extra):
    d = {"ddd": 0, "ind": 1, "ty": 4, "nm": name, "sr": 1, "ks": ks, "ao": 0, "shapes": shapes,
         "ip": ip, "op": op, "st": 0, "bm": 0}
    d.update(extra)
    return d


def doc(name, ip, op, layers):
    return {"v": "5.7.0", "fr": 30, "ip": ip, "op": op, "w": 100, "h": 100, "nm": name, "ddd": 0,
            "assets": [], "layers": layers}


def write(name, d):
    with open(name, "w") as f:
        json.dump(d, f, indent=1)
        f.write("\n")


# 1. a rounded square moving right and turning a quarter turn over 30 frames
ks = {"o": static(100), "r": {"a": 1, "k": [lin(0, [0]), {"t": 30, "s": [90]}]},
      "p": {"a": 1, "k": [lin(0, [30, 50, 0]), {"t": 30, "s": [70, 50, 0]}]},
      "a": static([0, 0, 0]), "s": static([100, 100, 100])}
shapes = [{"ty": "gr", "nm": "g", "it": [
    {"ty": "rc", "d": 1, "s": static([30, 30]), "p": static([0, 0]), "r": static(4), "nm": "r"},
    {"ty": "fl", "c": static([1, 0.353, 0.122, 1]), "o": static(100), "r": 1, "nm": "f"},
    group_transform()]}]
write("transform.json", doc("transform", 0, 30, [layer("box", shapes, ks, 0, 30)]))

# 2. a full-size blue square seen through a static elliptical mask, fading in;
#    the in-point is 10, so rlottie's frame 0 is the animation's frame 10
ks2 = {"o": {"a": 1, "k": [lin(10, [20]), {"t": 40, "s": [100]}]}, "r": static(0), "p": static([0, 0, 0]),
       "a": static([0, 0, 0]), "s": static([100, 100, 100])}
shapes2 = [{"ty": "gr", "nm": "g", "it": [
    {"ty": "rc", "d": 1, "s": static([100, 100]), "p": static([50, 50]), "r": static(0), "nm": "r"},
    {"ty": "fl", "c": static([0.2, 0.5, 1, 1]), "o": static(100), "r": 1, "nm": "f"},
    group_transform()]}]
k = 0.5523 * 40
mask = {"inv": False, "mode": "a", "nm": "m", "o": static(100), "x": static(0),
        "pt": static({"c": True, "v": [[50, 10], [90, 50], [50, 90], [10, 50]],
                      "i": [[-k, 0], [0, -k], [k, 0], [0, k]], "o": [[k, 0], [0, k], [-k, 0], [0, -k]]})}
write("mask.json", doc("mask", 10, 40, [layer("masked", shapes2, ks2, 10, 40, hasMask=True,
                                              masksProperties=[mask])]))

# 3. a circle outline drawn on by a trim path, end 0 -> 100 % over 24 frames
ks3 = {"o": static(100), "r": static(0), "p": static([50, 50, 0]), "a": static([0, 0, 0]),
       "s": static([100, 100, 100])}
shapes3 = [{"ty": "gr", "nm": "g", "it": [
    {"ty": "el", "d": 1, "s": static([70, 70]), "p": static([0, 0]), "nm": "e"},
    {"ty": "st", "c": static([0.18, 0.8, 0.25, 1]), "o": static(100), "w": static(8), "lc": 2, "lj": 2,
     "nm": "s"},
    {"ty": "tm", "s": static(0), "e": {"a": 1, "k": [lin(0, [0]), {"t": 24, "s": [100]}]}, "o": static(0),
     "m": 1, "nm": "trim"},
    group_transform()]}]
write("trim.json", doc("trim", 0, 24, [layer("ring", shapes3, ks3, 0, 24)]))

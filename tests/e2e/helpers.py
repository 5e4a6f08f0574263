"""Small helpers for reel's end-to-end tests: run the CLI, probe and decode
outputs with ffprobe/ffmpeg, hash files and pixels."""
import hashlib
import json
import os
import struct
import subprocess
import zlib


class Context:
    def __init__(self, root, build, scratch):
        self.root = root
        self.build = build
        self.scratch = scratch
        self.reel_bin = os.path.join(build, "src", "reel")
        self._n = 0

    def path(self, name):
        """A fresh path in the scratch directory."""
        self._n += 1
        d = os.path.join(self.scratch, f"t{self._n}")
        os.makedirs(d, exist_ok=True)
        return os.path.join(d, name)

    def reel(self, *args, expect=0, env=None):
        """Runs reel; asserts its exit code; returns (stdout, stderr)."""
        e = dict(os.environ)
        if env:
            e.update(env)
        proc = subprocess.run([self.reel_bin, *args], capture_output=True, text=True, env=e,
                              cwd=self.root, timeout=600)
        assert proc.returncode == expect, (
            f"reel {' '.join(args)}: exit {proc.returncode}, expected {expect}\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}")
        return proc.stdout, proc.stderr

    def write_scene(self, scene, name="scene.json"):
        p = self.path(name)
        with open(p, "w") as f:
            f.write(scene if isinstance(scene, str) else json.dumps(scene))
        return p


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-count_frames",
                          "-of", "json", path], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def video_stream(path):
    info = ffprobe(path)
    return next(s for s in info["streams"] if s["codec_type"] == "video")


def decode_rgb(path, frame, width, height):
    """Frame `frame` of a video as packed RGB bytes, converted with the stream's
    tagged matrix and range, with accurate rounding."""
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-vf",
         f"select=eq(n\\,{frame}),scale=in_color_matrix=auto:in_range=auto:flags=accurate_rnd+full_chroma_int+bitexact",
         "-frames:v", "1", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"],
        capture_output=True, check=True)
    assert len(proc.stdout) == width * height * 3, f"decoded {len(proc.stdout)} bytes"
    return proc.stdout


def pixel(rgb, width, x, y):
    i = (y * width + x) * 3
    return tuple(rgb[i:i + 3])


def read_png_rgba(path):
    """Decodes an 8-bit RGBA or RGB PNG (what cairo writes) without extra
    modules. Returns (width, height, bytes RGBA)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 4 if color == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        prev = line
        if channels == 4:
            out += line
        else:
            for x in range(width):
                out += line[x * 3:x * 3 + 3] + b"\xff"
    return width, height, bytes(out)


def png_pixel(png, x, y):
    width, _, data = png
    i = (y * width + x) * 4
    return tuple(data[i:i + 4])

"""Faults lose nothing: interrupted, killed and failing renders never leave a
partial file under the final name, and an existing output stays untouched."""
import os
import resource
import signal
import subprocess
import time

# Long enough (minutes of work) that no machine finishes it before the signal.
LONG = {
    "width": 640, "height": 360, "fps": 30, "duration": "600s", "background": "#0B1F3A",
    "layers": [{"type": "rect", "width": 200, "height": 100, "fill": "#FF5A1F",
                "position": [{"time": 0, "value": [0, 0]}, {"time": "600s", "value": [440, 260]}]}],
}



def start(ctx, *args, **kw):
    return subprocess.Popen([ctx.reel_bin, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def wait_for_progress(proc, out):
    """Returns once the render is writing its hidden temporary file."""
    directory, name = os.path.split(out)
    deadline = time.monotonic() + 20
    while not any(n.startswith("." + name + ".reel-") for n in os.listdir(directory)):
        assert proc.poll() is None, "render ended before it could be interrupted"
        assert time.monotonic() < deadline, "render never started writing"
        time.sleep(0.02)
    time.sleep(0.3)
    assert proc.poll() is None, "render finished before it could be interrupted"


def leftovers(directory, keep):
    return sorted(n for n in os.listdir(directory) if n not in keep)


def test_sigint_stops_and_keeps_existing_output(ctx):
    for sig in (signal.SIGINT, signal.SIGTERM):
        scene = ctx.write_scene(LONG)
        out = ctx.path("out.mp4")
        with open(out, "wb") as f:
            f.write(b"old video")
        proc = start(ctx, "render", scene, "-o", out, "--quiet", "--preset", "slow")
        wait_for_progress(proc, out)
        t0 = time.monotonic()
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - t0 < 5, "did not stop promptly"
        assert proc.returncode == 1, (sig, proc.returncode, err)
        assert "interrupted; no output written" in err, err
        with open(out, "rb") as f:
            assert f.read() == b"old video"
        assert leftovers(os.path.dirname(out), {"out.mp4"}) == []


def test_sigkill_never_leaves_the_final_name(ctx):
    scene = ctx.write_scene(LONG)
    out = ctx.path("killed.mp4")
    proc = start(ctx, "render", scene, "-o", out, "--quiet", "--preset", "slow")
    wait_for_progress(proc, out)
    proc.kill()
    proc.wait(timeout=30)
    assert not os.path.exists(out)
    # The temporary file is hidden and named for its process, never the output.
    names = leftovers(os.path.dirname(out), set())
    assert all(n.startswith(".killed.mp4.reel-") and n.endswith(".tmp") for n in names), names


def test_file_size_limit_is_a_clean_error(ctx):
    scene = ctx.write_scene(LONG)
    out = ctx.path("big.mp4")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    proc = start(ctx, "render", scene, "-o", out, "--quiet", "--preset", "ultrafast", "--crf", "0",
                 preexec_fn=limit)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (proc.returncode, err)
    assert "big.mp4" in err and ("File too large" in err or "cannot" in err), err
    assert leftovers(os.path.dirname(out), set()) == []


def test_output_directory_problems_before_rendering(ctx):
    scene = ctx.write_scene(LONG)
    t0 = time.monotonic()
    _, err = ctx.reel("render", scene, "-o", "/nonexistent-dir/x.mp4", expect=1)
    assert "output directory /nonexistent-dir does not exist" in err
    not_a_dir = ctx.path("file")
    with open(not_a_dir, "w") as f:
        f.write("x")
    _, err = ctx.reel("render", scene, "-o", not_a_dir + "/x.mp4", expect=1)
    assert "does not exist" in err, err
    _, err = ctx.reel("render", scene, "-o", "/proc/reel-test.mp4", expect=1)
    assert "/proc/reel-test.mp4" in err, err
    assert time.monotonic() - t0 < 5, "errors must come before rendering a 20 s video"

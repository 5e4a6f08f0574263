"""reel batch: one video per data row, outputs named from the row, bad rows
reported while the rest render, reruns skip finished outputs."""
import os

from helpers import ffprobe, sha256

TINY = {
    "width": 32, "height": 32, "duration": "3f",
    "props": {"id": {"type": "string", "default": "x"},
              "brand": {"type": "color", "default": "#FF5A1F"},
              "size": {"type": "number", "min": 1, "default": 32}},
    "layers": [{"type": "rect", "width": "{{size}}", "height": "{{size}}", "fill": "{{brand}}"}],
}


def write(ctx, name, text):
    p = ctx.path(name)
    with open(p, "w") as f:
        f.write(text)
    return p


def test_w1_template_batch_renders_every_row(ctx):
    out = os.path.join(os.path.dirname(ctx.path("x")), "out")
    args = ("batch", "examples/w1-template.json", "examples/w1-rows.csv", "-o", out + "/{{id}}.mp4",
            "--scale", "0.25", "--frames", "0-5", "--preset", "ultrafast")
    _, err = ctx.reel(*args)
    assert "batch: 4 rows: 4 rendered, 0 skipped (output exists), 0 bad input, 0 failed" in err, err
    names = ["q1", "q2", "q3", "q4"]
    hashes = set()
    for n in names:
        p = os.path.join(out, n + ".mp4")
        s = next(s for s in ffprobe(p)["streams"] if s["codec_type"] == "video")
        assert (s["width"], s["height"], int(s["nb_read_frames"])) == (480, 270, 6), (n, s)
        hashes.add(sha256(p))
    assert len(hashes) == 4   # every row draws something different

    # A rerun skips finished outputs; --force renders them again, to the same bytes.
    before = {n: sha256(os.path.join(out, n + ".mp4")) for n in names}
    _, err = ctx.reel(*args)
    assert "4 rows: 0 rendered, 4 skipped (output exists)" in err, err
    os.remove(os.path.join(out, "q2.mp4"))
    _, err = ctx.reel(*args)
    assert "4 rows: 1 rendered, 3 skipped" in err, err
    _, err = ctx.reel(*args, "--force")
    assert "4 rows: 4 rendered, 0 skipped" in err, err
    assert {n: sha256(os.path.join(out, n + ".mp4")) for n in names} == before


def test_bad_row_is_reported_and_others_render(ctx):
    scene = ctx.write_scene(TINY)
    rows = write(ctx, "rows.csv", "id,size\na,8\nb,abc\nc,16\n")
    out = os.path.dirname(rows)
    _, err = ctx.reel("batch", scene, rows, "-o", out + "/v-{{id}}.mp4", expect=2)
    assert f'reel: row 2: {rows} line 3, column "size": expected a number, got "abc"' in err, err
    assert "3 rows: 2 rendered, 0 skipped (output exists), 1 bad input, 0 failed" in err, err
    assert os.path.exists(out + "/v-a.mp4") and os.path.exists(out + "/v-c.mp4")
    assert not os.path.exists(out + "/v-b.mp4")
    assert sorted(f for f in os.listdir(out) if f.startswith(".")) == []


def test_required_prop_missing_in_a_row(ctx):
    scene = ctx.write_scene(dict(TINY, props=dict(TINY["props"], title={"type": "string"})))
    rows = write(ctx, "rows.json", '[{"id": "a", "title": "A"}, {"id": "b"}]')
    out = os.path.dirname(rows)
    _, err = ctx.reel("batch", scene, rows, "-o", out + "/{{id}}.mp4", "-q", expect=2)
    assert f'reel: row 2 ({rows} /1): {scene}: /props/title: prop "title" is required' in err, err
    assert os.path.exists(out + "/a.mp4") and not os.path.exists(out + "/b.mp4")


def test_json_rows_and_row_number_in_names(ctx):
    scene = ctx.write_scene(TINY)
    rows = write(ctx, "rows.json", '[{"brand": "#000000"}, {"brand": "#FFFFFF", "size": 4}]')
    out = os.path.dirname(rows)
    ctx.reel("batch", scene, rows, "-o", out + "/n/{{row}}.mp4", "-q")
    assert sha256(out + "/n/1.mp4") != sha256(out + "/n/2.mp4")


def test_same_output_name_refused_before_rendering(ctx):
    scene = ctx.write_scene(TINY)
    rows = write(ctx, "rows.csv", "id,size\na,8\nb,9\na,10\n")
    out = os.path.dirname(rows)
    _, err = ctx.reel("batch", scene, rows, "-o", out + "/{{id}}.mp4", expect=2)
    assert f"rows 1 and 3 both write {out}/a.mp4" in err, err
    assert not os.path.exists(out + "/b.mp4")


def test_rows_at_once_change_no_byte_and_keep_messages_in_row_order(ctx):
    scene = ctx.write_scene(dict(TINY, duration="12f"))
    lines = ["id,size,brand"]
    for i in range(7):
        lines.append("r%d,%s,#%02X%02X40" % (i, "abc" if i in (1, 4) else str(4 + 3 * i), 30 * i, 255 - 30 * i))
    rows = write(ctx, "rows.csv", "\n".join(lines) + "\n")
    out = os.path.dirname(rows)
    outputs = {}
    for jobs in ("1", "3"):
        _, err = ctx.reel("batch", scene, rows, "-o", out + "/j" + jobs + "/{{id}}.mp4", "--jobs", jobs, expect=2)
        # Bad rows (reported as soon as they load) and finished ones come in
        # row order, whichever finished first.
        said = []
        for ln in err.splitlines():
            if ln.startswith("reel: row"):
                said.append(ln.split(":")[1].strip())
            elif ln.startswith("batch: ") and ln.endswith(" s)"):
                said.append(os.path.basename(ln.split()[2]))
        assert said == ["r0.mp4", "row 2", "r2.mp4", "r3.mp4", "row 5", "r5.mp4", "r6.mp4"], err
        assert "7 rows: 5 rendered, 0 skipped (output exists), 2 bad input, 0 failed" in err, err
        outputs[jobs] = {n: sha256(os.path.join(out, "j" + jobs, n)) for n in sorted(os.listdir(out + "/j" + jobs))}
    assert len(outputs["1"]) == 5 and outputs["1"] == outputs["3"]


def test_rows_are_the_same_bytes_as_single_renders(ctx):
    """At 1080p x264 asks for buffers aligned to huge pages, which a batch
    gives whole huge pages and a single render does not: the bytes of the
    videos must not care."""
    scene = ctx.write_scene(dict(TINY, width=1920, height=1080, duration="8f"))
    rows = write(ctx, "rows.csv", "id,size,brand\nwide,900,#1FA2FF\nnarrow,120,#2ECC71\n")
    out = os.path.dirname(rows)
    ctx.reel("batch", scene, rows, "-o", out + "/b/{{id}}.mp4", "--preset", "ultrafast")
    for name, size, brand in (("wide", "900", "#1FA2FF"), ("narrow", "120", "#2ECC71")):
        single = ctx.path(name + ".mp4")
        ctx.reel("render", scene, "-o", single, "--preset", "ultrafast", "--set", "size=" + size,
                 "--set", "brand=" + brand, "--set", "id=" + name, "--quiet")
        assert sha256(single) == sha256(os.path.join(out, "b", name + ".mp4")), name


def test_jobs_must_be_a_whole_number_in_range(ctx):
    _, err = ctx.reel("batch", "a.json", "b.csv", "-o", "x.mp4", "--jobs", "0", expect=2)
    assert err.startswith('reel: --jobs expects a whole number from 1 to 64, got "0"\n'), err

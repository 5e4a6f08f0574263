"""--asset-root: assets must resolve inside the root; "..", absolute paths and
symlinks that lead out are refused before anything renders."""
import os
import shutil


def make_tree(ctx):
    root = os.path.dirname(ctx.path("x"))
    inside = os.path.join(root, "project")
    os.makedirs(os.path.join(inside, "img"))
    logo = os.path.join(ctx.root, "examples", "assets", "logo.png")
    shutil.copy(logo, os.path.join(inside, "img", "logo.png"))
    shutil.copy(logo, os.path.join(root, "secret.png"))
    os.symlink(os.path.join(root, "secret.png"), os.path.join(inside, "img", "link.png"))
    return root, inside


def scene_with(ctx, inside, src):
    path = os.path.join(inside, "scene.json")
    with open(path, "w") as f:
        f.write('{"width": 32, "height": 32, "duration": 1, "layers": [{"type": "image", "src": "%s"}]}' % src)
    return path


def test_assets_inside_root_load(ctx):
    _, inside = make_tree(ctx)
    scene = scene_with(ctx, inside, "img/logo.png")
    out, _ = ctx.reel("validate", scene, "--asset-root", inside)
    assert ": ok (" in out


def test_escapes_are_refused(ctx):
    root, inside = make_tree(ctx)
    for src in ("../secret.png", os.path.join(root, "secret.png"), "img/link.png", "img/../../secret.png"):
        scene = scene_with(ctx, inside, src)
        _, err = ctx.reel("validate", scene, "--asset-root", inside, expect=2)
        assert f'/layers/0/src: asset "{src}" is outside the asset root' in err, err
        # Without a root the same scene is fine: the sandbox is opt-in.
        ctx.reel("validate", scene)
    out = os.path.join(inside, "x.png")
    ctx.reel("still", scene_with(ctx, inside, "../secret.png"), "-o", out, "--asset-root", inside, expect=2)
    assert not os.path.exists(out)


def test_no_network_urls(ctx):
    _, inside = make_tree(ctx)
    for src in ("http://127.0.0.1:9/logo.png", "file:../secret.png", "concat:img/logo.png"):
        _, err = ctx.reel("validate", scene_with(ctx, inside, src), expect=2)
        assert "/layers/0/src: " in err, err

#!/usr/bin/env python3
"""Regenerate (or check) vlmprep's golden data for real photographs.

Writes, from the real libraries only (see vlmref.py; nothing is re-implemented here):

  Tests/Fixtures/golden/pixel_values.json
      for every photo in Tests/Fixtures/photos (plus two larger Samples photos on which Gemma 3
      pan-and-scan activates), for every model in vlmref.MODELS: the slow transformers processor's
      pixel_values (shape, sha256 of float32 little-endian C-order bytes, float64 sum, first 8 values),
      its side tensors (image_grid_thw / num_crops / image_sizes / num_patches) and the sizes resized to.
      The image is loaded with transformers.image_utils.load_image (exif_transpose + convert("RGB")).
  Tests/Fixtures/golden/phash.json
      imagehash.phash(ImageOps.exif_transpose(Image.open(f))) for every file in Samples/images and
      Tests/Fixtures/photos, plus pairwise Hamming distances <= 12.

Usage (venv from Tools/reference/setup-venv: transformers 4.57.6, Pillow 13.0.0, ImageHash 4.3.2, no torch):
    Tools/reference/.venv/bin/python Tools/reference/golden.py           # rewrite the JSON files
    Tools/reference/.venv/bin/python Tools/reference/golden.py --check   # recompute, diff, exit 1 on any difference
"""

import argparse
import hashlib
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import vlmref  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PHOTOS = os.path.join(ROOT, "Tests", "Fixtures", "photos")
SAMPLES = os.path.join(ROOT, "Samples", "images")
GOLDEN = os.path.join(ROOT, "Tests", "Fixtures", "golden")
# Larger real photos (from Samples/images) on which Gemma 3 pan-and-scan produces crops.
EXTRA_PIXEL_INPUTS = ["boats.jpg", "forest-path-exif6.jpg"]
IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")


def rel(p):
    return os.path.relpath(p, ROOT).replace(os.sep, "/")


def listdir(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.lower().endswith(IMAGE_EXT))


def file_info(path):
    with Image.open(path) as im:
        orient = im.getexif().get(0x0112)
        return {"format": im.format, "mode": im.mode, "stored_wh": [im.width, im.height],
                "exif_orientation": int(orient) if orient is not None else None,
                "file_sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}


def gen_pixel_values():
    procs = {m: vlmref.make_processor(m) for m in vlmref.MODELS}
    out = {
        "description": "Slow (PIL + numpy) transformers 4.57.6 image-processor outputs for real photos. Each image is "
                       "loaded with transformers.image_utils.load_image (PIL ImageOps.exif_transpose, then "
                       "convert('RGB'): alpha dropped, hidden colours kept) and passed alone to the processor with "
                       "return_tensors='np'. sha256_f32le = SHA-256 of pixel_values as float32 little-endian, C order; "
                       "sum = float64 sum of all elements; first8 = first 8 elements in C order. Sizes are [height, "
                       "width] unless named _wh / _xywh. loaded.rgb_sha256 = SHA-256 of the loaded upright RGB uint8 "
                       "HWC bytes (checks decode + EXIF + mode conversion alone). Processor settings: see "
                       "Tools/reference/vlmref.py.",
        "models": {m: _model_settings(m, *procs[m]) for m in vlmref.MODELS},
        "images": [],
    }
    inputs = [(p, "fixture") for p in listdir(PHOTOS)] + [(os.path.join(SAMPLES, f), "sample") for f in EXTRA_PIXEL_INPUTS]
    for path, kind in inputs:
        img = vlmref.load_image(path)
        rgb = np.asarray(img)
        entry = {"path": rel(path), "kind": kind, "file": file_info(path),
                 "loaded": {"mode": img.mode, "height": img.height, "width": img.width,
                            "rgb_sha256": hashlib.sha256(np.ascontiguousarray(rgb).tobytes()).hexdigest()},
                 "results": {}}
        for m in vlmref.MODELS:
            p, kw = procs[m]
            r = vlmref.run(p, kw, img)
            pv = np.asarray(r["pixel_values"], dtype=np.float32)
            e = {"shape": list(pv.shape), "sha256_f32le": vlmref.sha256_f32(pv),
                 "sum": float(pv.astype(np.float64).sum()), "first8": vlmref.f32list(pv.ravel()[:8])}
            for side in vlmref.SIDE_TENSORS:
                if side in r:
                    e[side] = np.asarray(r[side]).tolist()
            e.update(vlmref.resized_info(m, img.height, img.width))
            entry["results"][m] = e
        out["images"].append(entry)
    return out


def _model_settings(model, p, kw):
    keys = ["size", "resample", "image_mean", "image_std", "rescale_factor", "min_pixels", "max_pixels", "patch_size",
            "merge_size", "temporal_patch_size", "crop_to_patches", "min_patches", "max_patches", "do_pad"]
    s = {"class": type(p).__name__}
    for k in keys:
        v = getattr(p, k, None)
        if v is not None:
            s[k] = int(v) if k == "resample" else v
    if model == "llava-onevision":
        s["image_grid_pinpoints"] = "class default: [384*a, 384*b] for a in 1..6, b in 1..6 (a-major)"
    if kw:
        s["call_kwargs"] = kw
    return s


def gen_phash():
    files = listdir(SAMPLES) + listdir(PHOTOS)
    out = {"description": "imagehash 4.3.2 phash (hash_size 8, highfreq_factor 4) of the upright image: "
                          "imagehash.phash(ImageOps.exif_transpose(Image.open(f))), printed as ImageHash's 16 hex "
                          "digits. phash_stored_orientation = imagehash.phash(Image.open(f)) without the EXIF "
                          "transpose (only for files with an orientation tag other than 1). pairs: every pair of "
                          "files (in list order) with Hamming distance <= 12.",
           "files": [], "pairs": []}
    hashes = []
    import imagehash

    for f in files:
        h = vlmref.phash_file(f)
        with Image.open(f) as im:
            from PIL import ImageOps

            up = ImageOps.exif_transpose(im)
            e = {"path": rel(f), "format": im.format, "mode": im.mode, "upright_wh": [up.width, up.height],
                 "phash": str(h)}
            o = im.getexif().get(0x0112)
            if o not in (None, 1):
                e["exif_orientation"] = int(o)
                e["phash_stored_orientation"] = str(imagehash.phash(im))
        out["files"].append(e)
        hashes.append(h)
    for i in range(len(files)):
        for j in range(i + 1, len(files)):
            d = int(hashes[i] - hashes[j])
            if d <= 12:
                out["pairs"].append({"a": rel(files[i]), "b": rel(files[j]), "distance": d})
    return out


def compare(a, b, path=""):
    """Differences between committed (a) and recomputed (b)."""
    diffs = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                diffs.append("%s/%s: not in committed file" % (path, k))
            elif k not in b:
                diffs.append("%s/%s: not recomputed" % (path, k))
            else:
                diffs += compare(a[k], b[k], path + "/" + str(k))
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append("%s: length %d != %d" % (path, len(a), len(b)))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                diffs += compare(x, y, "%s[%d]" % (path, i))
    elif isinstance(a, float) or isinstance(b, float):
        if not (a == b or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and
                           math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9))):
            diffs.append("%s: %r != %r" % (path, a, b))
    elif a != b:
        diffs.append("%s: %r != %r" % (path, a, b))
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="recompute and compare with the committed files")
    args = ap.parse_args()
    env = vlmref.versions()
    if env.get("torch"):
        print("warning: torch is importable; these goldens are defined by the slow processors (which is what we "
              "call explicitly), but use the venv from Tools/reference/setup-venv", file=sys.stderr)
    jobs = [("pixel_values.json", gen_pixel_values), ("phash.json", gen_phash)]
    failures = 0
    os.makedirs(GOLDEN, exist_ok=True)
    for fname, fn in jobs:
        data = json.loads(json.dumps(fn()))
        path = os.path.join(GOLDEN, fname)
        if args.check:
            with open(path) as f:
                committed = json.load(f)
            diffs = compare(committed, data)
            print("%-20s %s" % (fname, "ok" if not diffs else "%d differences" % len(diffs)))
            for d in diffs[:30]:
                print("    " + d)
            failures += bool(diffs)
        else:
            with open(path, "w") as f:
                json.dump(data, f, indent=1)
                f.write("\n")
            print("wrote", rel(path))
    env_path = os.path.join(GOLDEN, "env.json")
    if args.check:
        with open(env_path) as f:
            committed_env = json.load(f)
        if committed_env != env:
            print("note: library versions differ from env.json: %s" % json.dumps(env))
    else:
        with open(env_path, "w") as f:
            json.dump(env, f, indent=1)
            f.write("\n")
        print("wrote", rel(env_path))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

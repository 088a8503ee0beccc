#!/usr/bin/env python3
"""Build the committed sample photos (Samples/images) and test photos (Tests/Fixtures/photos)
from the real photographs listed in Tools/reference/sources.json.

Deterministic: fixed crops, Pillow LANCZOS resizes, fixed encoder settings. Run inside the venv made by
Tools/reference/setup-venv (Pillow 13.0.0), after Tools/reference/fetch-sources:

    Tools/reference/.venv/bin/python Tools/reference/make_samples.py [--sources DIR]          # rewrite
    Tools/reference/.venv/bin/python Tools/reference/make_samples.py [--sources DIR] --check  # compare

--check re-creates every file in memory and compares it with the committed one: byte-identical, or
(if an encoder library differs) identical decoded pixels; exit 1 otherwise.
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SAMPLES = os.path.join(ROOT, "Samples", "images")
PHOTOS = os.path.join(ROOT, "Tests", "Fixtures", "photos")
LANCZOS = Image.Resampling.LANCZOS


def load_manifest():
    with open(os.path.join(HERE, "sources.json")) as f:
        return {e["name"]: e for e in json.load(f)["files"]}


def default_sources():
    return os.environ.get("VLMPREP_SOURCES", os.path.join(os.path.expanduser("~"), ".cache", "vlmprep", "sources"))


class Src:
    def __init__(self, root):
        self.root = root
        self.manifest = load_manifest()

    def path(self, name):
        e = self.manifest[name]
        p = os.path.join(self.root, e["package"], e["path"])
        h = hashlib.sha256(open(p, "rb").read()).hexdigest()
        if h != e["sha256"]:
            sys.exit("sha256 mismatch for %s (%s); run Tools/reference/fetch-sources" % (name, p))
        return p

    def open(self, name):
        im = Image.open(self.path(name))
        im.load()
        return im


# ------------------------------------------------------------------------------------------------
# encoders (fixed settings; Pillow's libjpeg-turbo / libwebp / zlib from the Pillow 13.0.0 wheel)
def jpeg(im, quality, exif=None):
    b = io.BytesIO()
    kw = dict(format="JPEG", quality=quality, optimize=False, progressive=False)
    if im.mode == "RGB":
        kw["subsampling"] = 2  # 4:2:0
    if exif is not None:
        kw["exif"] = exif
    im.save(b, **kw)
    return b.getvalue()


def png(im):
    b = io.BytesIO()
    im.save(b, format="PNG", optimize=True)
    return b.getvalue()


def webp(im, quality):
    b = io.BytesIO()
    im.save(b, format="WEBP", quality=quality, method=4, lossless=False, exact=False)
    return b.getvalue()


def copy_bytes(path):
    return open(path, "rb").read()


def exif_orientation6(upright):
    """Store `upright` rotated so that a viewer honouring EXIF Orientation 6 (rotate 90 deg clockwise to
    display) shows `upright`. Returns (stored image, exif bytes)."""
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # 90 deg counter-clockwise
    ex = Image.Exif()
    ex[0x0112] = 6
    return stored, ex.tobytes()


def feathered_ellipse_alpha(size, inset, blur):
    """8-bit alpha: an ellipse inset by `inset` px, edges softened by a Gaussian blur of radius `blur`."""
    w, h = size
    m = Image.new("L", size, 0)
    ImageDraw.Draw(m).ellipse([inset, inset, w - 1 - inset, h - 1 - inset], fill=255)
    return m.filter(ImageFilter.GaussianBlur(blur))


# ------------------------------------------------------------------------------------------------
def build(src):
    """Returns a list of (directory, filename, bytes, recipe text) in a fixed order."""
    out = []

    def add(d, name, data, how):
        out.append((d, name, data, how))

    # ---- Samples/images ------------------------------------------------------------------------
    coffee = src.open("coffee").convert("RGB")
    coffee_jpg = jpeg(coffee, 90)
    add(SAMPLES, "coffee.jpg", coffee_jpg, "coffee.png (600x400 RGB) -> JPEG q90 4:2:0")
    add(SAMPLES, "coffee-recompressed.jpg", jpeg(Image.open(io.BytesIO(coffee_jpg)).convert("RGB"), 75),
        "Samples/images/coffee.jpg decoded and re-encoded as JPEG q75 4:2:0 (near duplicate of coffee.jpg)")
    add(SAMPLES, "chelsea.jpg", jpeg(src.open("chelsea").convert("RGB"), 90), "chelsea.png (451x300) -> JPEG q90 4:2:0")
    add(SAMPLES, "astronaut.jpg", jpeg(src.open("astronaut").convert("RGB"), 90),
        "astronaut.png (512x512) -> JPEG q90 4:2:0")
    add(SAMPLES, "rocket.jpg", copy_bytes(src.path("rocket")), "byte-identical copy of skimage/data/rocket.jpg (640x427)")
    add(SAMPLES, "china.jpg", copy_bytes(src.path("china")), "byte-identical copy of sklearn china.jpg (640x427)")
    add(SAMPLES, "flower.jpg", copy_bytes(src.path("flower")), "byte-identical copy of sklearn flower.jpg (640x427)")
    coins = src.open("coins")
    assert coins.mode == "L"
    add(SAMPLES, "coins-gray.jpg", jpeg(coins, 90), "coins.png (384x303, mode L) -> greyscale (1-component) JPEG q90")
    for name, key in (("cups.jpg", "kde-colorfulcups"), ("boats.jpg", "kde-eveningglow"), ("ladybird.jpg", "mate-ladybird")):
        im = src.open(key).convert("RGB").resize((1024, 640), LANCZOS)
        add(SAMPLES, name, jpeg(im, 85), "2560x1600 original -> resize (1024, 640) LANCZOS -> JPEG q85 4:2:0 (ICC profile, if any, not copied)")
    path = src.open("kde-path").convert("RGB").crop((780, 0, 1780, 1600)).resize((600, 960), LANCZOS)
    stored, ex = exif_orientation6(path)
    add(SAMPLES, "forest-path-exif6.jpg", jpeg(stored, 85, exif=ex),
        "Path 2560x1600 -> crop (780, 0, 1780, 1600) -> resize (600, 960) LANCZOS = upright image; stored pixels = "
        "upright.transpose(ROTATE_90) (960x600, i.e. turned 90 deg counter-clockwise) + EXIF Orientation 6 written by "
        "Pillow (Image.Exif()[0x0112] = 6; save(exif=...)); JPEG q85 4:2:0. Upright (after exif_transpose): 600x960")
    cut = coffee.crop((40, 0, 520, 400)).resize((360, 300), LANCZOS)
    rgba = cut.copy()
    rgba.putalpha(feathered_ellipse_alpha(cut.size, 6, 4))
    add(SAMPLES, "coffee-cutout.png", png(rgba),
        "coffee.png -> crop (40, 0, 520, 400) -> resize (360, 300) LANCZOS; alpha = ellipse inset 6 px, GaussianBlur(4) "
        "(8-bit, 0..255); RGB under transparent pixels keeps the photo (hidden colours); PNG RGBA optimize=True")
    leaf = src.open("kde-fallenleaf").convert("RGB").resize((1024, 640), LANCZOS)
    add(SAMPLES, "leaf.webp", webp(leaf, 80), "FallenLeaf 2560x1600 -> resize (1024, 640) LANCZOS -> lossy WebP q80 method 4")

    # ---- Tests/Fixtures/photos (<= 256 px, <= 40 KB) -------------------------------------------
    add(PHOTOS, "coffee-249x166.jpg", jpeg(coffee.resize((249, 166), LANCZOS), 90),
        "coffee.png -> resize (249, 166) LANCZOS -> JPEG q90 4:2:0")
    face = src.open("chelsea").convert("RGB").crop((110, 0, 335, 300)).resize((150, 200), LANCZOS)
    stored, ex = exif_orientation6(face)
    add(PHOTOS, "chelsea-exif6.jpg", jpeg(stored, 90, exif=ex),
        "chelsea.png -> crop (110, 0, 335, 300) -> resize (150, 200) LANCZOS = upright; stored = "
        "upright.transpose(ROTATE_90) (200x150) + EXIF Orientation 6 (Pillow exif save); JPEG q90 4:2:0")
    add(PHOTOS, "coins-gray-224x168.jpg", jpeg(coins.crop((0, 0, 384, 288)).resize((224, 168), LANCZOS), 90),
        "coins.png (L) -> crop (0, 0, 384, 288) -> resize (224, 168) LANCZOS -> greyscale JPEG q90 "
        "(224 and 168 are multiples of 28: Qwen2.5-VL takes the no-resize path)")
    cups = src.open("kde-colorfulcups").convert("RGB").resize((160, 100), LANCZOS)
    cups.putalpha(feathered_ellipse_alpha(cups.size, 3, 2))
    add(PHOTOS, "cups-alpha-160x100.png", png(cups),
        "ColorfulCups 2560x1600 -> resize (160, 100) LANCZOS; alpha = ellipse inset 3 px, GaussianBlur(2); "
        "hidden colours kept under transparent pixels; PNG RGBA optimize=True")
    rocket = src.open("rocket").convert("RGB").crop((220, 0, 420, 427)).resize((120, 256), LANCZOS)
    add(PHOTOS, "rocket-tall-120x256.jpg", jpeg(rocket, 90),
        "rocket.jpg -> crop (220, 0, 420, 427) -> resize (120, 256) LANCZOS -> JPEG q90 4:2:0 (tall: multi-tile layouts)")
    return out


def pixels_equal(a, b):
    ia, ib = Image.open(io.BytesIO(a)), Image.open(io.BytesIO(b))
    return ia.mode == ib.mode and ia.size == ib.size and ia.tobytes() == ib.tobytes()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=default_sources(), help="directory filled by fetch-sources")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--list", action="store_true", help="print the recipe of every file and exit")
    args = ap.parse_args()
    files = build(Src(args.sources))
    if args.list:
        for d, name, data, how in files:
            print("%s/%s\t%s" % (os.path.relpath(d, ROOT), name, how))
        return
    bad = 0
    for d, name, data, how in files:
        p = os.path.join(d, name)
        rel = os.path.relpath(p, ROOT)
        if args.check:
            if not os.path.exists(p):
                print("missing   ", rel); bad += 1
                continue
            old = open(p, "rb").read()
            if old == data:
                print("identical ", rel)
            elif pixels_equal(old, data):
                print("same pixels (encoder bytes differ)", rel)
            else:
                print("DIFFERENT ", rel); bad += 1
        else:
            os.makedirs(d, exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
            print("wrote %-45s %7d bytes" % (rel, len(data)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

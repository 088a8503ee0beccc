#!/usr/bin/env python3
"""Build a deterministic benchmark corpus of real-photo JPEGs.

    Tools/bench/corpus.py OUTDIR [--count 240] [--size 1600] [--seed 1] [--sources DIR]
    Tools/bench/corpus.py OUTDIR --near-duplicates N [--size 1600] [--seed 1] [--sources DIR]

Sources: the real photographs of Tools/reference/sources.json (Debian mate-backgrounds and
plasma-workspace-wallpapers photos, 1600-5120 px; PyPI scikit-image/scikit-learn photos, <= 640 px),
fetched by Tools/reference/fetch-sources into --sources (default $VLMPREP_SOURCES or
~/.cache/vlmprep/sources; fetched automatically when missing). Only originals whose longest side is
>= --size are used, so no image is upscaled; if no original is large enough, all are used and the
crops are upscaled (reported on stderr and in the CSV column `upscaled`).

Corpus mode: OUTDIR/corpus_NNNN.jpg, longest side exactly --size, JPEG quality 90, 4:2:0, baseline.
Image i takes original i mod n (originals in a seeded shuffled order), an aspect ratio from
3:2 4:3 1:1 16:9 2:3 3:4 5:4 4:5, a crop of random scale (the crop's longest side stays >= --size) and
position, a horizontal flip with p = 0.5 and a small rotation (|angle| <= 4 deg, p = 0.3; rotated about
the crop centre, then the inner crop is taken so no corner is empty), then a LANCZOS resize to the
output size. OUTDIR/corpus.csv records file, source, crop box, flip, angle, upscaled.

Near-duplicate mode: N base photos (made as above; group g uses original g mod n, so groups are
distinct photos while N <= number of originals) and 5 variants each:
    orig       the base image (JPEG q90)
    q60        the base JPEG decoded and re-encoded at quality 60
    half       resized to 50 % (LANCZOS), q90
    crop5      5 % of the width/height cut from every border, q90
    bright15   brightness x1.15 (PIL ImageEnhance.Brightness), q90
    watermark  a semi-transparent white box with text near the bottom-right corner, q90
OUTDIR/labels.csv: file,group,transform,source (every file of a group is a near duplicate of the others).
"""

import argparse
import csv
import io
import math
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "python"))
import _venv  # noqa: E402

_venv.ensure()

from PIL import Image, ImageDraw, ImageEnhance, ImageFont  # noqa: E402

import make_samples  # noqa: E402  (Tools/reference: sources manifest + sha256-checked access)

ASPECTS = [(3, 2), (4, 3), (1, 1), (16, 9), (2, 3), (3, 4), (5, 4), (4, 5)]
LANCZOS = Image.Resampling.LANCZOS


def save_jpeg(im, path, quality=90):
    im.save(path, format="JPEG", quality=quality, subsampling=2, optimize=False, progressive=False)


def ensure_sources(root):
    src = make_samples.Src(root)
    if all(os.path.exists(os.path.join(root, e["package"], e["path"])) for e in src.manifest.values()):
        return src, root
    fetch = os.path.join(_venv.REFERENCE, "fetch-sources")
    subprocess.run([fetch, root], check=True, stdout=subprocess.DEVNULL)
    return make_samples.Src(root), root


def pick_sources(src, size, seed):
    entries = [e for e in src.manifest.values()]
    large = [e for e in entries if max(e["size"]) >= size]
    upscale = not large
    chosen = large if large else entries
    chosen = sorted(chosen, key=lambda e: e["name"])
    random.Random(seed).shuffle(chosen)
    if upscale:
        print("note: no original has a side >= %d px; crops are upscaled" % size, file=sys.stderr)
    return chosen, upscale


class Cache:
    def __init__(self, src):
        self.src, self.images = src, {}

    def get(self, name):
        if name not in self.images:
            im = self.src.open(name)
            self.images[name] = im.convert("RGB")
        return self.images[name]


def _dims(aspect, size):
    aw, ah = aspect
    return (size, int(round(size * ah / aw))) if aw >= ah else (int(round(size * aw / ah)), size)


def make_one(img, size, rng, allow_upscale):
    """One corpus image from original `img`; returns (image, meta)."""
    W, H = img.size
    fitting = [a for a in ASPECTS if _dims(a, size)[0] <= W and _dims(a, size)[1] <= H]
    ow, oh = _dims(rng.choice(fitting if (fitting and not allow_upscale) else ASPECTS), size)
    angle = rng.uniform(-4.0, 4.0) if rng.random() < 0.3 else 0.0
    flip = rng.random() < 0.5
    c, s = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    # crop = k * (ow, oh); its rotated bounding box (bw x bh) must fit inside the original
    k_fit = min(W / (ow * c + oh * s), H / (ow * s + oh * c))
    if k_fit < 1.0 and not allow_upscale:  # no room to rotate without upscaling: no rotation
        angle, c, s = 0.0, 1.0, 0.0
        k_fit = min(W / ow, H / oh)
    k_min = min(1.0, k_fit)
    upscaled = k_fit < 1.0
    k = rng.uniform(k_min, k_fit)
    cw, ch = ow * k, oh * k
    bw, bh = cw * c + ch * s, cw * s + ch * c
    cx = rng.uniform(bw / 2, W - bw / 2)
    cy = rng.uniform(bh / 2, H - bh / 2)
    if angle:
        # rotate the bounding region about the crop centre, then take the centred crop
        x0, y0 = int(math.floor(cx - bw / 2)), int(math.floor(cy - bh / 2))
        x1, y1 = int(math.ceil(cx + bw / 2)), int(math.ceil(cy + bh / 2))
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
        region = img.crop((x0, y0, x1, y1)).rotate(angle, resample=Image.Resampling.BICUBIC,
                                                   center=(cx - x0, cy - y0), expand=False)
        lx, ly = cx - x0 - cw / 2, cy - y0 - ch / 2
        box = (lx, ly, lx + cw, ly + ch)
        out = region.resize((ow, oh), LANCZOS, box=box)
        crop_box = [round(cx - cw / 2, 2), round(cy - ch / 2, 2), round(cx + cw / 2, 2), round(cy + ch / 2, 2)]
    else:
        box = (cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2)
        out = img.resize((ow, oh), LANCZOS, box=box)
        crop_box = [round(v, 2) for v in box]
    if flip:
        out = out.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return out, {"crop_box": crop_box, "flip": flip, "angle": round(angle, 3), "upscaled": upscaled,
                 "width": ow, "height": oh}


def corpus(args, src):
    originals, upscale = pick_sources(src, args.size, args.seed)
    cache = Cache(src)
    os.makedirs(args.outdir, exist_ok=True)
    rows = []
    for i in range(args.count):
        e = originals[i % len(originals)]
        rng = random.Random(args.seed * 1000003 + i)
        im, meta = make_one(cache.get(e["name"]), args.size, rng, upscale)
        name = "corpus_%04d.jpg" % i
        save_jpeg(im, os.path.join(args.outdir, name))
        rows.append([name, e["name"], meta["width"], meta["height"], " ".join(str(v) for v in meta["crop_box"]),
                     int(meta["flip"]), meta["angle"], int(meta["upscaled"])])
    with open(os.path.join(args.outdir, "corpus.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "source", "width", "height", "crop_box_x1_y1_x2_y2", "flip", "angle_deg", "upscaled"])
        w.writerows(rows)
    print("wrote %d images (%d originals, longest side %d) to %s" % (args.count, len(originals), args.size, args.outdir),
          file=sys.stderr)


def watermark(im, rng):
    im = im.convert("RGBA")
    W, H = im.size
    layer = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=max(12, H // 25))
    text = "SAMPLE - shop #%04d" % rng.randrange(10000)
    l, t, r, b = d.textbbox((0, 0), text, font=font)
    pad = max(4, H // 100)
    x1, y1 = W - (r - l) - 3 * pad, H - (b - t) - 3 * pad
    d.rectangle([x1 - pad, y1 - pad, W - pad, H - pad], fill=(255, 255, 255, 140))
    d.text((x1 - l, y1 - t), text, font=font, fill=(20, 20, 20, 230))
    return Image.alpha_composite(im, layer).convert("RGB")


def near_duplicates(args, src):
    originals, upscale = pick_sources(src, args.size, args.seed)
    if args.near_duplicates > len(originals):
        print("note: %d groups > %d originals: some groups are other crops of the same original (column source)"
              % (args.near_duplicates, len(originals)), file=sys.stderr)
    cache = Cache(src)
    os.makedirs(args.outdir, exist_ok=True)
    rows = []
    for g in range(args.near_duplicates):
        e = originals[g % len(originals)]
        rng = random.Random(args.seed * 7919 + g)
        base, _ = make_one(cache.get(e["name"]), args.size, rng, upscale)
        stem = "g%03d" % g
        buf = io.BytesIO()
        save_jpeg(base, buf)
        variants = [("orig", None)]
        orig_decoded = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
        W, H = base.size
        variants += [
            ("q60", (orig_decoded, 60)),
            ("half", (base.resize((W // 2, H // 2), LANCZOS), 90)),
            ("crop5", (base.crop((round(W * 0.05), round(H * 0.05), W - round(W * 0.05), H - round(H * 0.05))), 90)),
            ("bright15", (ImageEnhance.Brightness(base).enhance(1.15), 90)),
            ("watermark", (watermark(base, rng), 90)),
        ]
        for t, spec in variants:
            name = "%s_%s.jpg" % (stem, t)
            p = os.path.join(args.outdir, name)
            if spec is None:
                with open(p, "wb") as f:
                    f.write(buf.getvalue())
            else:
                save_jpeg(spec[0], p, spec[1])
            rows.append([name, g, t, e["name"]])
    with open(os.path.join(args.outdir, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "group", "transform", "source"])
        w.writerows(rows)
    print("wrote %d groups x 6 files to %s" % (args.near_duplicates, args.outdir), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--size", type=int, default=1600, help="longest side of every output image")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--near-duplicates", type=int, metavar="N", default=0,
                    help="instead of a corpus, make N groups of near-duplicate variants + labels.csv")
    ap.add_argument("--sources", default=make_samples.default_sources())
    args = ap.parse_args()
    src, _ = ensure_sources(args.sources)
    if args.near_duplicates > 0:
        near_duplicates(args, src)
    else:
        corpus(args, src)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate a deterministic items manifest (DESIGN §5) for the crop-pipeline benchmarks.

    Tools/bench/python/make_items.py --count N --images-dir DIR --out F.jsonl [--seed 7]
                                     [--boxes-per image|item] [--absolute]

Each item: id "bench-NNNNNN", 4-8 distinct images drawn from the images under DIR (sorted, then
sampled with random.Random(seed)), title and category from small fixed lists, and 1-3 random plausible
boxes per image (default) or per item (--boxes-per item): width 8-50 % of the upright image width,
aspect 0.5-2, fully inside the upright image (EXIF orientation 5-8 swaps width and height), integer
pixel corners, a label and a score. Image paths are relative to the manifest's folder (or absolute with
--absolute).
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure()

from PIL import Image  # noqa: E402

LABELS = ["product", "logo", "barcode", "label", "price tag", "text", "defect", "serial number"]
TITLES = ["Vintage item, good condition", "New in box", "Handmade, one of a kind", "Lot of assorted pieces",
          "Collector's edition", "Used, minor wear"]
CATEGORIES = ["Home & Garden", "Collectibles", "Art", "Sporting Goods", "Home & Kitchen", "Toys & Hobbies"]


def upright_size(path):
    with Image.open(path) as im:
        w, h = im.size
        o = im.getexif().get(0x0112)
    return (h, w) if o in (5, 6, 7, 8) else (w, h)


def random_box(rng, w, h):
    bw = max(2, int(round(w * rng.uniform(0.08, 0.5))))
    bh = max(2, min(h, int(round(bw * rng.uniform(0.5, 2.0)))))
    bw = min(bw, w)
    x1 = rng.randint(0, w - bw)
    y1 = rng.randint(0, h - bh)
    return [x1, y1, x1 + bw, y1 + bh]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--images-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--boxes-per", choices=["image", "item"], default="image")
    ap.add_argument("--absolute", action="store_true")
    args = ap.parse_args()
    files = _venv.walk_images([args.images_dir])
    if len(files) < 4:
        sys.exit("need at least 4 images in %s" % args.images_dir)
    sizes = {}
    base = os.path.dirname(os.path.abspath(args.out))
    rng = random.Random(args.seed)
    lines = []
    for n in range(args.count):
        k = rng.randint(4, 8)
        imgs = rng.sample(files, min(k, len(files)))
        regions = []
        targets = range(len(imgs)) if args.boxes_per == "image" else [rng.randrange(len(imgs))]
        for idx in targets:
            p = imgs[idx]
            if p not in sizes:
                sizes[p] = upright_size(p)
            w, h = sizes[p]
            for _ in range(rng.randint(1, 3)):
                if args.boxes_per == "item":
                    idx = rng.randrange(len(imgs))
                    p = imgs[idx]
                    if p not in sizes:
                        sizes[p] = upright_size(p)
                    w, h = sizes[p]
                regions.append({"image": idx, "box": random_box(rng, w, h), "label": rng.choice(LABELS),
                                "score": round(rng.uniform(0.3, 0.99), 2)})
        paths = [os.path.abspath(p) if args.absolute else os.path.relpath(os.path.abspath(p), base) for p in imgs]
        lines.append(json.dumps({"id": "bench-%06d" % n, "images": paths, "title": rng.choice(TITLES),
                                 "category": rng.choice(CATEGORIES), "regions": regions}, separators=(",", ":")))
    os.makedirs(base, exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d items to %s" % (args.count, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()

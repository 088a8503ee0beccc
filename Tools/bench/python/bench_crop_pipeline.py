#!/usr/bin/env python3
"""Pillow + ImageHash baseline for `vlmprep crop` (the seed recipe), one process, items in order.

    Tools/bench/python/bench_crop_pipeline.py --items F.jsonl --out DIR [--size 896] [--expand 0.1]
        [--min-pixels 8] [--max-distance 10] [--quality 90] [--emit crops|all|replace]

Per item (DESIGN §2-§3, written from the spec for benchmarking; this is not a reference library):
  1. per gallery image: Image.open, ImageOps.exif_transpose, convert("RGB")          -> frame "original"
  2. its regions: drop invalid boxes (NaN/inf, x2 <= x1, y2 <= y1) and boxes entirely outside the image
     (reported in droppedRegions); expand every side by max(fraction * side, min_pixels); clamp to the image
  3. mode "all": one smallest enclosing square of the union of the image's boxes (§3.4: centred, odd pixel
     right/down, shifted inside when s <= W, else overhanging and padded with white)   -> frame "crop"
  4. pHash of every frame (imagehash.phash; originals upright, crops at native resolution before the
     resize) and dedupe in frame order (originals in gallery order, then crops): a frame is dropped when
     its Hamming distance to an earlier kept frame is <= max_distance (keep "first")
     (--emit replace: an image's crop takes the place of its original before hashing, images without
     boxes keep the original; as vlmprep's `square-crop` `replace` / `crop --replace-originals`)
  5. emit: every kept crop (and with --emit all or replace every kept frame) resized to size x size with
     Image.resize((size, size), Image.BICUBIC), JPEG quality 90 (Pillow default 4:2:0), to
     DIR/<sanitised id>/<frame index>_<kind>.jpg; DIR/items.jsonl gets one DESIGN §5 line per item.
Prints one JSON object: items, images (gallery images), frames, frames_written, duplicates, dropped_regions,
seconds, items_per_s, images_per_s, peak_rss_mb.
"""
import argparse
import json
import math
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure()

import imagehash  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402


def sanitise(s):
    s = re.sub(r"[^A-Za-z0-9._-]", "_", str(s)).lstrip(".")
    return s or "item"


def expand_boxes(regions, W, H, fraction, min_pixels):
    kept, dropped = [], []
    for r in regions:
        b = r.get("box")
        reason = None
        if not (isinstance(b, list) and len(b) == 4 and all(isinstance(v, (int, float)) for v in b)):
            reason = "malformed box"
        elif not all(math.isfinite(v) for v in b):
            reason = "non-finite coordinate"
        elif b[2] <= b[0] or b[3] <= b[1]:
            reason = "empty or inverted box (x2 <= x1 or y2 <= y1)"
        elif b[2] <= 0 or b[3] <= 0 or b[0] >= W or b[1] >= H:
            reason = "box entirely outside the image"
        if reason:
            dropped.append({"image": r.get("image"), "box": b, "reason": reason})
            continue
        x1, y1, x2, y2 = map(float, b)
        dx = max(fraction * (x2 - x1), min_pixels)
        dy = max(fraction * (y2 - y1), min_pixels)
        kept.append((max(0.0, x1 - dx), max(0.0, y1 - dy), min(float(W), x2 + dx), min(float(H), y2 + dy)))
    return kept, dropped


def enclosing_square(boxes, W, H):
    x1 = math.floor(min(b[0] for b in boxes))
    y1 = math.floor(min(b[1] for b in boxes))
    x2 = math.ceil(max(b[2] for b in boxes))
    y2 = math.ceil(max(b[3] for b in boxes))
    w, h = x2 - x1, y2 - y1
    s = max(w, h)
    x = x1 - (s - w) // 2
    y = y1 - (s - h) // 2
    x = min(max(x, 0), W - s) if s <= W else min(max(x, W - s), 0)
    y = min(max(y, 0), H - s) if s <= H else min(max(y, H - s), 0)
    return x, y, s


def crop_padded(img, x, y, s, fill=(255, 255, 255)):
    W, H = img.size
    if x >= 0 and y >= 0 and x + s <= W and y + s <= H:
        return img.crop((x, y, x + s, y + s))
    out = Image.new("RGB", (s, s), fill)
    ix1, iy1, ix2, iy2 = max(x, 0), max(y, 0), min(x + s, W), min(y + s, H)
    out.paste(img.crop((ix1, iy1, ix2, iy2)), (ix1 - x, iy1 - y))
    return out


def process_item(item, base_dir, out_dir, args):
    frames, dropped = [], []
    regions = item.get("regions") or []
    crops = []
    for idx, p in enumerate(item["images"]):
        path = p if os.path.isabs(p) else os.path.join(base_dir, p)
        with Image.open(path) as im:
            img = ImageOps.exif_transpose(im).convert("RGB")
        W, H = img.size
        frames.append({"kind": "original", "source": idx, "rect": [0, 0, W, H], "img": img})
        boxes, d = expand_boxes([r for r in regions if r.get("image") == idx], W, H, args.expand, args.min_pixels)
        dropped += d
        if boxes:
            x, y, s = enclosing_square(boxes, W, H)
            crops.append({"kind": "crop", "source": idx, "rect": [x, y, s, s], "img": crop_padded(img, x, y, s)})
    dropped += [{"image": r.get("image"), "box": r.get("box"), "reason": "image index out of range"}
                for r in regions if not (isinstance(r.get("image"), int) and 0 <= r["image"] < len(item["images"]))]
    if args.emit == "replace":
        by_source = {c["source"]: c for c in crops}
        frames = [by_source.get(f["source"], f) for f in frames]
    else:
        frames += crops
    kept = []
    for i, f in enumerate(frames):
        f["hash"] = imagehash.phash(f["img"])
        for k in kept:
            d = int(f["hash"] - frames[k]["hash"])
            if d <= args.max_distance:
                f["duplicateOf"], f["distance"] = k, d
                break
        else:
            kept.append(i)
    item_dir = os.path.join(out_dir, sanitise(item["id"]))
    written = 0
    out_frames = []
    for i, f in enumerate(frames):
        rec = {"file": None, "source": f["source"], "kind": f["kind"], "rect": f["rect"], "phash": str(f["hash"])}
        if "duplicateOf" in f:
            rec["duplicateOf"], rec["distance"] = f["duplicateOf"], f["distance"]
        elif f["kind"] == "crop" or args.emit in ("all", "replace"):
            os.makedirs(item_dir, exist_ok=True)
            name = "%03d_%s.jpg" % (i, f["kind"])
            f["img"].resize((args.size, args.size), Image.BICUBIC).save(os.path.join(item_dir, name), format="JPEG",
                                                                         quality=args.quality)
            rec["file"] = os.path.join(sanitise(item["id"]), name)
            written += 1
        out_frames.append(rec)
        f["img"] = None
    line = {"id": item["id"], "status": "ok", "frames": out_frames, "droppedRegions": dropped}
    return line, written, sum("duplicateOf" in f for f in frames), len(dropped), len(frames)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", type=int, default=896)
    ap.add_argument("--expand", type=float, default=0.10)
    ap.add_argument("--min-pixels", type=float, default=8)
    ap.add_argument("--max-distance", type=int, default=10)
    ap.add_argument("--quality", type=int, default=90)
    ap.add_argument("--emit", choices=["crops", "all", "replace"], default="crops")
    args = ap.parse_args()
    base_dir = os.path.dirname(os.path.abspath(args.items))
    os.makedirs(args.out, exist_ok=True)
    n_items = n_images = n_frames = n_written = n_dup = n_drop = n_err = 0
    t0 = time.perf_counter()
    with open(args.items) as fin, open(os.path.join(args.out, "items.jsonl"), "w") as fout:
        for raw in fin:
            if not raw.strip():
                continue
            item = json.loads(raw)
            n_items += 1
            n_images += len(item.get("images", []))
            try:
                line, w, dup, drop, nf = process_item(item, base_dir, args.out, args)
                n_written += w
                n_dup += dup
                n_drop += drop
                n_frames += nf
            except Exception as e:  # one bad item must not stop the batch
                n_err += 1
                line = {"id": item.get("id"), "status": "error", "error": "%s: %s" % (type(e).__name__, e)}
            fout.write(json.dumps(line, separators=(",", ":")) + "\n")
    dt = time.perf_counter() - t0
    print(json.dumps({"tool": "python Pillow+ImageHash crop pipeline", "emit": args.emit, "items": n_items,
                      "images": n_images, "frames": n_frames, "frames_written": n_written, "duplicates": n_dup,
                      "dropped_regions": n_drop, "errors": n_err, "seconds": round(dt, 3),
                      "items_per_s": round(n_items / dt, 3), "images_per_s": round(n_images / dt, 3),
                      "peak_rss_mb": _venv.peak_rss_mb()}))


if __name__ == "__main__":
    main()

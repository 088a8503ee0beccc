#!/usr/bin/env python3
"""Python reference for `vlmprep tensors`: the transformers 4.57.6 slow image processor, one image per call.

    Tools/bench/python/bench_transformers.py --model M DIR... [--limit N] [--hashes FILE]

M: qwen2.5-vl | qwen3-vl | gemma3 | gemma3-pan-and-scan | llava-onevision | internvl (settings in
Tools/reference/vlmref.py; no torch, so the slow PIL + numpy path). Per image: transformers'
load_image(path) (PIL open, exif_transpose, convert("RGB")) then processor(images=img,
return_tensors="np"), after --warmup untimed runs. Prints one JSON object: images, seconds (load + process), load_seconds,
process_seconds, images_per_s, pixel_values_mb (float32 output produced in total), peak_rss_mb.
--hashes FILE writes "<sha256 of pixel_values float32 LE>  <shape>  <path>" per image.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure()

import numpy as np  # noqa: E402

import vlmref  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, choices=vlmref.MODELS)
    ap.add_argument("paths", nargs="+", metavar="DIR")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N images (sorted)")
    ap.add_argument("--hashes", help="write per-image pixel_values sha256 lines to this file")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs on the first image first (default 1)")
    args = ap.parse_args()
    files = _venv.walk_images(args.paths)
    if args.limit:
        files = files[:args.limit]
    if not files:
        sys.exit("no images")
    proc, kw = vlmref.make_processor(args.model)
    for _ in range(args.warmup):
        vlmref.run(proc, kw, vlmref.load_image(files[0]))
    t_load = t_proc = 0.0
    out_bytes = 0
    lines = []
    for f in files:
        t0 = time.perf_counter()
        img = vlmref.load_image(f)
        t1 = time.perf_counter()
        r = vlmref.run(proc, kw, img)
        pv = r["pixel_values"]
        t2 = time.perf_counter()
        t_load += t1 - t0
        t_proc += t2 - t1
        out_bytes += pv.size * 4
        if args.hashes:
            lines.append("%s  %s  %s\n" % (vlmref.sha256_f32(pv), "x".join(map(str, pv.shape)), f))
        del r, pv, img
    if args.hashes:
        with open(args.hashes, "w") as fh:
            fh.writelines(lines)
    total = t_load + t_proc
    print(json.dumps({"tool": "python transformers slow processor", "model": args.model, "images": len(files),
                      "seconds": round(total, 3), "load_seconds": round(t_load, 3),
                      "process_seconds": round(t_proc, 3), "images_per_s": round(len(files) / total, 3),
                      "pixel_values_mb": round(out_bytes / 2 ** 20, 1), "peak_rss_mb": _venv.peak_rss_mb(),
                      "processor": type(proc).__name__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()

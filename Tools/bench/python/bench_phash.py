#!/usr/bin/env python3
"""Python reference for `vlmprep hash`: ImageHash pHash of every image under DIR, one process.

    Tools/bench/python/bench_phash.py DIR... [--out FILE] [--repeat 1]

Per file: imagehash.phash(ImageOps.exif_transpose(Image.open(f))) (DESIGN §3.5's promise), timed
end to end (open + decode + EXIF transpose + hash). Files are walked recursively and sorted by path.
Writes FILE (default phash-python.txt) with one line "<16 hex>  <path>" per file, sorted by path
(the same text format as `vlmprep hash`), and prints one JSON object:
{"tool", "images", "seconds", "images_per_s", "peak_rss_mb", "hashes_file", "versions"}.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _venv  # noqa: E402

_venv.ensure()

import imagehash  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="DIR")
    ap.add_argument("--out", default="phash-python.txt", help="hash list to write (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=1, help="hash the whole set this many times (timing only)")
    args = ap.parse_args()
    files = _venv.walk_images(args.paths)
    if not files:
        sys.exit("no images under %s" % " ".join(args.paths))
    hashes = {}
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for f in files:
            with Image.open(f) as im:
                hashes[f] = str(imagehash.phash(ImageOps.exif_transpose(im)))
    dt = time.perf_counter() - t0
    n = len(files) * args.repeat
    with open(args.out, "w") as fh:
        for f in files:
            fh.write("%s  %s\n" % (hashes[f], f))
    import vlmref

    print(json.dumps({"tool": "python imagehash.phash", "images": n, "seconds": round(dt, 3),
                      "images_per_s": round(n / dt, 2), "peak_rss_mb": _venv.peak_rss_mb(),
                      "hashes_file": args.out, "versions": vlmref.versions()}))


if __name__ == "__main__":
    main()

"""Reference preprocessing drivers shared by golden.py and Tools/bench/python/*.

This module only *drives* the real libraries (transformers slow image processors, Pillow, ImageHash);
it re-implements nothing. The processors are constructed explicitly with checkpoint-equivalent settings
(no hub downloads are possible here), exactly as /work/shared/reference/vectors/generate.py does:

  qwen2.5-vl           Qwen2VLImageProcessor(min_pixels=3136, max_pixels=12845056)  (patch 14, merge 2,
                       temporal 2, OPENAI CLIP mean/std, BICUBIC: class defaults = checkpoint values)
  qwen3-vl             Qwen2VLImageProcessor(min_pixels=65536, max_pixels=16777216, patch_size=16,
                       mean = std = 0.5). The slow class drops a `size` dict with both keys, so the
                       bounds are passed as min_pixels / max_pixels.
  gemma3               Gemma3ImageProcessor(size 896x896, resample=BILINEAR, mean = std = 0.5)
  gemma3-pan-and-scan  same, called with do_pan_and_scan=True and the Gemma3Processor defaults 256/4/1.2
  llava-onevision      LlavaOnevisionImageProcessor(size 384x384, resample=BICUBIC, mean = std = 0.5,
                       class-default grid pinpoints = [384a, 384b] for a, b in 1..6)
  internvl             GotOcr2ImageProcessor(size 448x448, crop_to_patches=True, min_patches=1,
                       max_patches=12, ImageNet default mean/std, BICUBIC)

Images are loaded the way transformers' `load_image` does for a path (ImageOps.exif_transpose, then
convert("RGB")): we call transformers.image_utils.load_image itself.
"""

import os
import warnings

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
warnings.filterwarnings("ignore")

import hashlib  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

MODELS = ["qwen2.5-vl", "qwen3-vl", "gemma3", "gemma3-pan-and-scan", "llava-onevision", "internvl"]

PAN_AND_SCAN_KW = dict(do_pan_and_scan=True, pan_and_scan_min_crop_size=256, pan_and_scan_max_num_crops=4,
                       pan_and_scan_min_ratio_to_activate=1.2)
IMAGENET_DEFAULT_MEAN = [0.485, 0.456, 0.406]
IMAGENET_DEFAULT_STD = [0.229, 0.224, 0.225]


def make_processor(model):
    """Return (processor, call_kwargs) for one of MODELS."""
    from transformers import (GotOcr2ImageProcessor, Gemma3ImageProcessor, LlavaOnevisionImageProcessor,
                              Qwen2VLImageProcessor)

    if model == "qwen2.5-vl":
        return Qwen2VLImageProcessor(min_pixels=3136, max_pixels=12845056, patch_size=14, merge_size=2,
                                     temporal_patch_size=2, resample=3), {}
    if model == "qwen3-vl":
        return Qwen2VLImageProcessor(min_pixels=65536, max_pixels=16777216, patch_size=16, merge_size=2,
                                     temporal_patch_size=2, resample=3,
                                     image_mean=[0.5] * 3, image_std=[0.5] * 3), {}
    if model in ("gemma3", "gemma3-pan-and-scan"):
        p = Gemma3ImageProcessor(size={"height": 896, "width": 896}, resample=2, image_mean=[0.5] * 3,
                                 image_std=[0.5] * 3)
        return p, (dict(PAN_AND_SCAN_KW) if model == "gemma3-pan-and-scan" else {})
    if model == "llava-onevision":
        return LlavaOnevisionImageProcessor(size={"height": 384, "width": 384}, resample=3,
                                            image_mean=[0.5] * 3, image_std=[0.5] * 3), {}
    if model == "internvl":
        return GotOcr2ImageProcessor(size={"height": 448, "width": 448}, crop_to_patches=True, min_patches=1,
                                     max_patches=12, resample=3, image_mean=IMAGENET_DEFAULT_MEAN,
                                     image_std=IMAGENET_DEFAULT_STD), {}
    raise ValueError("unknown model %r; choose from %s" % (model, ", ".join(MODELS)))


def load_image(path):
    """transformers' own loader: PIL open, ImageOps.exif_transpose, convert('RGB')."""
    from transformers.image_utils import load_image as hf_load_image

    return hf_load_image(path)


def run(processor, call_kw, img):
    """Run the slow processor on one PIL image; returns the BatchFeature (numpy arrays)."""
    return processor(images=img, return_tensors="np", **call_kw)


SIDE_TENSORS = ("image_grid_thw", "num_crops", "image_sizes", "num_patches", "batch_num_images")


def resized_info(model, height, width):
    """The sizes each model resizes to, computed with the library's own helpers (upright H x W input)."""
    if model in ("qwen2.5-vl", "qwen3-vl"):
        from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

        factor, mn, mx = (28, 3136, 12845056) if model == "qwen2.5-vl" else (32, 65536, 16777216)
        h, w = smart_resize(height, width, factor=factor, min_pixels=mn, max_pixels=mx)
        return {"resized": [int(h), int(w)]}
    if model == "gemma3":
        return {"resized": [896, 896]}
    if model == "gemma3-pan-and-scan":
        from transformers.image_utils import ChannelDimension

        p, kw = make_processor(model)
        img = np.zeros((height, width, 3), dtype=np.uint8)
        base = img.__array_interface__["data"][0]
        crops = p.pan_and_scan(img, kw["pan_and_scan_min_crop_size"], kw["pan_and_scan_max_num_crops"],
                               kw["pan_and_scan_min_ratio_to_activate"], input_data_format=ChannelDimension.LAST)
        boxes = []
        for c in crops:  # recover [x, y, w, h] of each numpy view
            off = c.__array_interface__["data"][0] - base
            y0, rem = divmod(off, img.strides[0])
            boxes.append([int(rem // img.strides[1]), int(y0), int(c.shape[1]), int(c.shape[0])])
        return {"resized": [896, 896], "pan_and_scan_crops_xywh": boxes}
    if model == "llava-onevision":
        from transformers.image_processing_utils import get_patch_output_size, select_best_resolution
        from transformers.image_utils import ChannelDimension

        p, _ = make_processor(model)
        best = select_best_resolution((height, width), p.image_grid_pinpoints)
        nh, nw = get_patch_output_size(np.zeros((height, width, 3), np.uint8), best, ChannelDimension.LAST)
        return {"best_resolution": [int(best[0]), int(best[1])], "resized": [int(nh), int(nw)],
                "base_resized": [384, 384]}
    if model == "internvl":
        from transformers.models.got_ocr2.image_processing_got_ocr2 import get_optimal_tiled_canvas

        cols, rows = get_optimal_tiled_canvas((height, width), (448, 448), 1, 12)
        return {"grid_cols_rows": [int(cols), int(rows)], "resized": [int(rows * 448), int(cols * 448)],
                "thumbnail": bool(cols * rows > 1)}
    raise ValueError(model)


def sha256_f32(a):
    a = np.ascontiguousarray(np.asarray(a, dtype=np.float32))
    return hashlib.sha256(a.astype("<f4").tobytes()).hexdigest()


def f32list(a):
    """float32 values as the shortest decimals that round-trip to the same float32."""
    return [float(np.format_float_positional(np.float32(x), unique=True, trim="-")) for x in np.ravel(a)]


def phash_file(path):
    """The DESIGN §3.5 promise: imagehash.phash(ImageOps.exif_transpose(Image.open(f)))."""
    import imagehash

    with Image.open(path) as im:
        return imagehash.phash(ImageOps.exif_transpose(im))


def versions():
    import platform
    from importlib.metadata import version

    v = {"python": platform.python_version()}
    for p in ("transformers", "pillow", "imagehash", "numpy", "scipy"):
        v[p] = version(p)
    try:
        import torch  # noqa: F401

        v["torch"] = "PRESENT (fast processors possible; golden data expects it absent)"
    except ImportError:
        v["torch"] = None
    from PIL import features

    v["pillow_libjpeg_turbo"] = features.version("libjpeg_turbo")
    v["pillow_webp"] = features.version("webp")
    return v

"""Import first from every Tools/bench Python script: re-executes the script with the reference venv
(Tools/reference/.venv, made by Tools/reference/setup-venv or Tools/bench/python/setup-venv) when the
current interpreter is not that venv, and puts Tools/reference on sys.path (for vlmref)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
REFERENCE = os.path.join(ROOT, "Tools", "reference")
VENV = os.environ.get("VLMPREP_VENV", os.path.join(REFERENCE, ".venv"))


def ensure():
    py = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) != os.path.abspath(VENV) and os.environ.get("VLMPREP_NO_REEXEC") != "1":
        if not os.path.exists(py):
            sys.exit("no venv at %s: run Tools/bench/python/setup-venv first" % VENV)
        os.environ["VLMPREP_NO_REEXEC"] = "1"
        os.execv(py, [py] + sys.argv)
    if REFERENCE not in sys.path:
        sys.path.insert(0, REFERENCE)


def peak_rss_mb():
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)  # Linux: KiB


IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp")


def walk_images(paths):
    """Files under each path (recursively), sorted by path string, like `vlmprep` walks directories."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, files in os.walk(p):
                out += [os.path.join(d, f) for f in files if f.lower().endswith(IMAGE_EXT)]
        else:
            out.append(p)
    return sorted(out)

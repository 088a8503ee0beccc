# Shared by the Tools/bench/run-* scripts: paths, release build, corpus, timing helpers.
# Benchmarks run the Python reference and vlmprep side by side, alternating, several rounds,
# and report medians (the machine is shared and noisy).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
WORK="${VLMPREP_BENCH_WORK:-/tmp/vlmprep-bench}"
ROUNDS="${ROUNDS:-3}"
mkdir -p "$WORK"

build_release() {   # Tools/build: tuned for this CPU unless VLMPREP_TARGET_CPU says otherwise
  VLMPREP="$("$ROOT/Tools/build")"
  echo "vlmprep: $VLMPREP (target CPU: ${VLMPREP_TARGET_CPU:-native})" >&2
}

python_venv() { "$ROOT/Tools/bench/python/setup-venv" >&2; }

corpus() {   # corpus DIR COUNT SIZE
  local dir="$1" count="$2" size="$3"
  if [ "$(ls "$dir"/*.jpg 2>/dev/null | wc -l)" -lt "$count" ]; then
    python3 "$ROOT/Tools/bench/corpus.py" "$dir" --count "$count" --size "$size" >&2
  fi
}

# timed CMD... : runs CMD, prints "<seconds> <peak RSS MiB>" of that process tree's largest member.
timed() {
  local record="$WORK/.time"
  /usr/bin/time -o "$record" -f "%e %M" "$@" >/dev/null 2>"$WORK/.stderr" || { cat "$WORK/.stderr" >&2; return 1; }
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$record"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

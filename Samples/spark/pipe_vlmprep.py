#!/usr/bin/env python3
"""Run `vlmprep crop` over a sharded items manifest with Spark's RDD.pipe.

Each partition's JSONL lines are piped to one `vlmprep crop --items -` process; its stdout (one
result line per item, DESIGN §5) comes back as the output RDD. Image paths in the items must be
absolute (or relative to the executors' working directory) and readable by every executor; each
executor writes crops under --out (use a shared file system, or per-executor local folders that a
later step collects). `vlmprep` must be on the executors' PATH.

    spark-submit Samples/spark/pipe_vlmprep.py --items s3a://bucket/items/*.jsonl \
        --out /mnt/shared/crops --results s3a://bucket/results --partitions 512

Not run in CI (no Spark here); `pipe_vlmprep.py --local` runs the same per-partition command on
the bundled Samples with plain subprocesses, to show the contract.
"""
import argparse
import os
import shlex
import subprocess
import sys


def vlmprep_command(out, jobs):
    return ["vlmprep", "crop", "--items", "-", "--out", out, "--jobs", str(jobs), "--quiet"]


def run_spark(args):
    from pyspark.sql import SparkSession  # imported here: --local needs no Spark

    spark = SparkSession.builder.appName("vlmprep-crop").getOrCreate()
    lines = spark.sparkContext.textFile(args.items, minPartitions=args.partitions)
    # One vlmprep process per partition; it reads the partition's lines on stdin and prints one
    # result line per item. Exit status 2 (some items failed) is normal: failures are result lines.
    results = lines.pipe(" ".join(shlex.quote(a) for a in vlmprep_command(args.out, args.jobs)),
                         checkCode=False)
    results.saveAsTextFile(args.results)


def run_local(args):
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.dirname(here)
    with open(os.path.join(samples, "items.jsonl")) as fh:
        lines = fh.read().splitlines()
    shards = [lines[i::2] for i in range(2)]            # two "partitions"
    for number, shard in enumerate(shards):
        proc = subprocess.run(vlmprep_command(args.out, 1), input="\n".join(shard) + "\n",
                              capture_output=True, text=True, cwd=samples)
        print(f"# shard {number}: exit {proc.returncode}, {len(proc.stdout.splitlines())} result lines", file=sys.stderr)
        sys.stdout.write(proc.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", help="manifest files (any Hadoop path glob)")
    ap.add_argument("--out", default="/tmp/vlmprep-spark-out", help="crop output folder on every executor")
    ap.add_argument("--results", help="where result lines are saved")
    ap.add_argument("--partitions", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=2, help="vlmprep --jobs per partition process")
    ap.add_argument("--local", action="store_true", help="no Spark: pipe the Samples through two processes")
    args = ap.parse_args()
    if args.local:
        run_local(args)
    else:
        if not args.items or not args.results:
            ap.error("--items and --results are required with Spark")
        run_spark(args)


if __name__ == "__main__":
    main()

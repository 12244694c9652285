#!/usr/bin/env python3
"""Size of the search index: `knte build --no-pdf` on the sample and on a generated corpus, then
the bytes, shards and terms under search/ko and search/en.

Usage: python3 bench/search_index.py [--sizes sample,10000]

The corpus comes from ../shared/bench/gen_corpus.py (knte layout); output goes to /dev/shm when it
exists. Prints one row per edition and language.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
KNTE = os.path.join(ROOT, "target", "release", "knte")


def build(root, out):
    subprocess.run([KNTE, "build", "--no-pdf", "--root", root, "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(out):
    rows = []
    for lang in ("ko", "en"):
        d = os.path.join(out, "search", lang)
        files = [os.path.join(d, f) for f in os.listdir(d)]
        sizes = [os.path.getsize(f) for f in files]
        meta = json.load(open(os.path.join(d, "index.json"), encoding="utf-8"))
        terms = postings = 0
        for f in files:
            if f.endswith("index.json"):
                continue
            shard = json.load(open(f, encoding="utf-8"))
            terms += len(shard)
            postings += sum(len(v) for v in shard.values())
        rows.append((lang, sum(sizes), meta["shards"], terms, postings, max(sizes), len(meta["docs"])))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="sample,10000")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    work = tempfile.mkdtemp(prefix="knte-index-", dir=base)
    print("| edition | lang | barriers | index bytes | bytes per barrier | shards | terms | postings | largest file |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    try:
        for size in args.sizes.split(","):
            if size == "sample":
                root = ROOT
            else:
                root = os.path.join(work, f"corpus-{size}")
                subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), size, root,
                                "--flavor", "knte"], check=True, stdout=subprocess.DEVNULL)
            out = os.path.join(work, f"out-{size}")
            build(root, out)
            for lang, total, shards, terms, postings, largest, docs in measure(out):
                print(f"| {size} | {lang} | {docs:,} | {total:,} | {total // max(docs, 1):,} | {shards} | "
                      f"{terms:,} | {postings:,} | {largest:,} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

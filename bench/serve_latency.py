#!/usr/bin/env python3
"""Edit-to-page latency of `knte serve`: the time from saving one barrier (or one partner profile,
or the taxonomy) to the rebuilt page being served. Prints one line per corpus and kind of edit; a
benchmark, not a test.

    python3 bench/serve_latency.py [--runs 5] [--sizes sample,10000] [--profile] [--taxonomy]

For each corpus it starts `knte serve --port 0` on a copy of the content, waits for the first
build, then `runs` times: rewrites one barrier's title, and polls the barrier's page every 10 ms
until the new title is served. With `--profile` it also rewrites the first partner profile's
overview and polls the partner's page (a profile edit rebuilds every page that names the partner).
With `--taxonomy` it also relabels the first sector in `_taxonomy.yaml` and polls that sector's page.
Reports the median and the worst. Standard library only.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")
KNTE = os.path.join(ROOT, "target", "release", "knte")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def first_barrier(content):
    for partner in sorted(os.listdir(content)):
        d = os.path.join(content, partner)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".md") and not name.startswith("_") and not name.endswith(".en.md"):
                path = os.path.join(d, name)
                text = open(path, encoding="utf-8").read()
                bid = re.search(r"^id: (\S+)", text, re.M).group(1)
                return path, bid
    raise SystemExit("no barrier found")


def first_profile(content):
    for partner in sorted(os.listdir(content)):
        path = os.path.join(content, partner, "_partner.md")
        if os.path.isfile(path):
            return path, partner
    raise SystemExit("no partner profile found")


SECTOR = re.compile(r"^(\s*- \{\s*id: ([a-z_]+),\s*ko: )(\"[^\"]*\"|[^,]*)", re.M)


def first_sector(content):
    """The taxonomy file and the id of its first sector."""
    path = os.path.join(content, "_taxonomy.yaml")
    text = open(path, encoding="utf-8").read()
    sectors = text[text.index("\nsectors:"):]
    return path, SECTOR.search(sectors).group(2)


def edited(kind, original, marker):
    """The file's text with `marker` in the place its page shows: a barrier's title, a profile's
    overview (the Markdown after the front matter), or the first sector's Korean label."""
    if kind == "barrier":
        return re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
    if kind == "taxonomy":
        at = original.index("\nsectors:")
        rest = SECTOR.sub(lambda m: f"{m.group(1)}\"{marker}\"", original[at:], count=1)
        return original[:at] + rest
    front, _, _ = original.partition("\n---\n")
    return f"{front}\n---\n{marker}.\n"


def measure(root, runs, kind="barrier"):
    proc = subprocess.Popen([KNTE, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"(http://[^ ]+?)/ ", line)
        if not m:
            raise SystemExit(f"knte serve did not start: {line!r}")
        base = m.group(1)
        if kind == "barrier":
            path, bid = first_barrier(os.path.join(root, "content"))
            url = f"{base}/barriers/{bid.lower()}/"
        elif kind == "profile":
            path, code = first_profile(os.path.join(root, "content"))
            url = f"{base}/partners/{code}/"
        else:
            path, sector = first_sector(os.path.join(root, "content"))
            url = f"{base}/sectors/{sector}/"
        deadline = time.time() + 600
        while "<html" not in fetch(url):
            if time.time() > deadline:
                raise SystemExit("the first build did not finish in 10 minutes")
            time.sleep(0.05)
        original = open(path, encoding="utf-8").read()
        results = []
        for i in range(runs):
            marker = f"편집 확인 {i} {time.time_ns()}"
            text = edited(kind, original, marker)
            start = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while marker not in fetch(url):
                if time.monotonic() - start > 600:
                    raise SystemExit("an edit was not served within 10 minutes")
                time.sleep(0.01)
            results.append(time.monotonic() - start)
            time.sleep(0.3)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        return results
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="sample,10000")
    ap.add_argument("--profile", action="store_true", help="also edit a partner profile")
    ap.add_argument("--taxonomy", action="store_true", help="also relabel a sector in the taxonomy")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="knte-bench-serve-")
    print(f"{'corpus':<10} {'barriers':>8} {'edit':<8} {'median (ms)':>12} {'worst (ms)':>11}")
    try:
        for size in args.sizes.split(","):
            root = os.path.join(work, size)
            if size == "sample":
                shutil.copytree(os.path.join(ROOT, "content"), os.path.join(root, "content"))
                n = sum(1 for _, _, fs in os.walk(os.path.join(root, "content")) for f in fs if f.endswith(".md") and not f.startswith("_") and not f.endswith(".en.md"))
            else:
                subprocess.run([sys.executable, GEN, size, root, "--flavor", "knte"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                n = int(size)
            kinds = ["barrier"] + ["profile"] * args.profile + ["taxonomy"] * args.taxonomy
            for kind in kinds:
                times = measure(root, args.runs, kind)
                print(f"{size:<10} {n:>8} {kind:<8} {statistics.median(times) * 1000:>12.0f} {max(times) * 1000:>11.0f}   each: {' '.join(f'{t * 1000:.0f}' for t in times)}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"(knte serve updates the edited entry's pages at once, then rebuilds the rest; {args.runs} edits each, 0.3 s apart; {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

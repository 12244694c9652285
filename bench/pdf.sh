#!/usr/bin/env bash
# PDF benchmark: time and size of the consolidated report for the sample edition and for a
# generated 1,000-barrier corpus (../shared/bench/gen_corpus.py). Prints a table; not a test.
#
#   bash bench/pdf.sh [RUNS]        (default 3 runs each; the median is reported)
#   KNTE=/path/to/knte bash bench/pdf.sh   (measure a given binary; no build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
gen=../shared/bench/gen_corpus.py
work=${TMPDIR:-/tmp}/knte-bench-pdf
out=/dev/shm/knte-bench-pdf
[ -d /dev/shm ] || out=$work/out
mkdir -p "$work"

# KNTE=path/to/knte measures that binary instead (for example a build of the previous commit).
if [ -n "${KNTE:-}" ]; then
  knte=$KNTE
else
  cargo build --release --quiet
  knte=${CARGO_TARGET_DIR:-target}/release/knte
fi

if [ ! -d "$work/corpus-1000/content" ]; then
  python3 "$gen" 1000 "$work/corpus-1000" --flavor knte >/dev/null 2>&1
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-14s %8s %8s %10s %9s %12s\n' corpus barriers pages "size (MB)" "time (s)" "pages/s"
for name in sample corpus-1000; do
  root=.
  [ "$name" = sample ] || root=$work/$name
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$out"
    start=$(date +%s.%N)
    "$knte" pdf --root "$root" --out "$out" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  pdf=$(ls "$out"/report/knte-*.pdf)
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages/ {print $2}')
  bytes=$(stat -c %s "$pdf")
  barriers=$("$knte" stats --root "$root" --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["stats"]["barriers"])')
  printf '%-14s %8s %8s %10.2f %9.2f %12.0f\n' "$name" "$barriers" "$pages" "$(echo "$bytes / 1000000" | bc -l)" "$t" "$(echo "$pages / $t" | bc -l)"
done
echo "(time: knte pdf, consolidated report plus one PDF per partner, median of $runs runs; $(nproc) cores)"
rm -rf "$out"

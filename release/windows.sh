#!/usr/bin/env bash
# Builds knte.exe for 64-bit Windows on a Debian machine, proves it under Wine on a copy of the
# sample edition, and packs the zip an official unzips on a Windows PC.
#
#   release/windows.sh            cross-build, check and build under Wine, compare with Linux, zip
#   release/windows.sh --serve    also run `knte.exe serve` under Wine and fetch pages with curl
#
# Needs: rustup's x86_64-pc-windows-gnu target, Debian's gcc-mingw-w64-x86-64 (the linker), wine
# (wine64), zip, curl (for --serve), and the PDF's Han and symbol fonts (fonts-droid-fallback,
# fonts-symbola), which go into the zip so that a Windows PC draws the same PDFs. Missing Debian
# packages are named, not installed.
#
# The linker is set for this one target through Cargo's environment variable, so the project's
# Linux builds and its Cargo configuration are untouched.
#
# Writes release/dist/ (git-ignored): knte-windows-x86_64.zip, and run/ with the Windows and the
# Linux outputs of the last run. Wine keeps its own prefix under the Cargo target folder.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

serve=false
for arg in "$@"; do
  case "$arg" in
    --serve) serve=true ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

target=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
dist="$repo/release/dist"
name=knte-windows-x86_64
han_font=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
symbol_font=/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf

# ---------------------------------------------------------------------------------------------
# 0. Tools: say what is missing and how to get it, then stop.
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
command -v wine >/dev/null || missing+=(wine wine64)
command -v zip >/dev/null || missing+=(zip)
if $serve && ! command -v curl >/dev/null; then missing+=(curl); fi
[ -f "$han_font" ] || missing+=(fonts-droid-fallback)
[ -f "$symbol_font" ] || missing+=(fonts-symbola)
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing Debian packages: apt-get install ${missing[*]}" >&2
  exit 2
fi
if ! rustup target list --installed | grep -qx "$target"; then
  echo "missing Rust target: rustup target add $target" >&2
  exit 2
fi

# ---------------------------------------------------------------------------------------------
# 1. Cross-build knte.exe (release), and the Linux binary it is compared with.
echo "== cargo build --release --target $target (linker x86_64-w64-mingw32-gcc)"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  cargo build --release --locked --target "$target"
exe="$target_dir/$target/release/knte.exe"
echo "== cargo build --release (Linux, for the comparison)"
cargo build --release --locked
linux_bin="$target_dir/release/knte"
ls -l "$exe" "$linux_bin"

# ---------------------------------------------------------------------------------------------
# 2. The folder an official gets: knte.exe, the sample content, templates, static files with the
#    PDF fonts, the guide and the Korean first-run notes (CRLF and a byte-order mark, so that any
#    Notepad shows them right).
stage="$dist/$name"
rm -rf "$stage"
mkdir -p "$stage"
# Without its symbol tables (MinGW's strip): some 6 MB smaller, the same program.
x86_64-w64-mingw32-strip -o "$stage/knte.exe" "$exe"
cp -r content templates static "$stage/"
cp "$han_font" "$symbol_font" "$stage/static/fonts/"
cp /usr/share/doc/fonts-droid-fallback/copyright "$stage/static/fonts/DroidSansFallback-copyright.txt"
cp /usr/share/doc/fonts-symbola/copyright "$stage/static/fonts/Symbola-copyright.txt"
cp docs/작성안내.md "$stage/작성안내.md"
printf '\xef\xbb\xbf' >"$stage/README-windows.txt"
sed 's/$/\r/' release/README-windows.txt >>"$stage/README-windows.txt"

# ---------------------------------------------------------------------------------------------
# 3. Under Wine, on a copy of that folder, as an official would run it. WINEDEBUG keeps Wine's own
#    messages out of knte's output.
export WINEPREFIX="${KNTE_WINEPREFIX:-$target_dir/wine}" WINEARCH=win64 WINEDEBUG=-all
if [ ! -d "$WINEPREFIX/drive_c" ]; then
  echo "== creating the Wine prefix $WINEPREFIX"
  wineboot -i >/dev/null 2>&1 || true
fi
# Rust's standard library takes random numbers from ProcessPrng in bcryptprimitives.dll, which
# every Windows 10 and 11 has but Wine 8 (Debian 12) lacks: there knte.exe would not even start.
# A small stand-in (release/wine/bcryptprimitives.c) goes into this prefix only, never the zip.
if [ -z "$(find /usr/lib /usr/lib64 /usr/local/lib /opt -path '*wine*' -name bcryptprimitives.dll -print -quit 2>/dev/null)" ]; then
  x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    release/wine/bcryptprimitives.c -lbcrypt
fi
run="$dist/run"
rm -rf "$run"
mkdir -p "$run"
cp -r "$stage" "$run/windows"
cp -r "$stage" "$run/linux"
rm "$run/linux/knte.exe"

echo "== knte.exe check (Wine)"
set +e
(cd "$run/windows" && wine ./knte.exe check) >"$run/check.out" 2>&1
status=$?
set -e
tail -n 3 "$run/check.out"
[ "$status" -eq 0 ] || { echo "knte.exe check failed (exit $status)" >&2; exit 1; }

echo "== knte.exe build (Wine)"
set +e
(cd "$run/windows" && wine ./knte.exe build) >"$run/build.out" 2>&1
status=$?
set -e
tail -n 3 "$run/build.out"
[ "$status" -eq 0 ] || { echo "knte.exe build failed (exit $status)" >&2; exit 1; }

echo "== knte build (Linux, same files)"
(cd "$run/linux" && "$linux_bin" build) >"$run/build-linux.out" 2>&1
tail -n 1 "$run/build-linux.out"

# ---------------------------------------------------------------------------------------------
# 4. The same content must give the same bytes on both systems.
win_count=$(find "$run/windows/public" -type f | wc -l)
linux_count=$(find "$run/linux/public" -type f | wc -l)
win_pdfs=$(find "$run/windows/public" -type f -name '*.pdf' | wc -l)
echo "== output files: Windows $win_count ($win_pdfs PDFs), Linux $linux_count"
if diff -rq "$run/windows/public" "$run/linux/public" >"$run/differ.txt"; then
  echo "identical: all $win_count files byte for byte the same on Windows and Linux"
else
  echo "DIFFERENT: $(wc -l <"$run/differ.txt") differences between Windows and Linux:" >&2
  head -n 20 "$run/differ.txt" >&2
  exit 1
fi

# The fonts the official's copy of static/fonts/ holds, found instead through KNTE_FONT_DIRS
# (Wine shows the Linux root as drive Z:): the PDFs must not change.
echo "== knte.exe pdf with the Han and symbol fonts found through KNTE_FONT_DIRS (Wine)"
fonts_run="$run/fonts-dirs"
cp -r "$stage" "$fonts_run"
rm "$fonts_run/static/fonts/$(basename "$han_font")" "$fonts_run/static/fonts/$(basename "$symbol_font")"
winpath() { echo "Z:${1//\//\\}"; }
font_dirs="$(winpath "$(dirname "$han_font")");$(winpath "$(dirname "$symbol_font")")"
echo "KNTE_FONT_DIRS=$font_dirs"
if ! (cd "$fonts_run" && KNTE_FONT_DIRS="$font_dirs" wine ./knte.exe pdf) >"$run/pdf-fonts.out" 2>&1; then
  tail -n 5 "$run/pdf-fonts.out" >&2
  echo "knte.exe pdf with KNTE_FONT_DIRS failed" >&2
  exit 1
fi
# `knte pdf` writes the PDFs alone: compare those.
pdfs=0
while IFS= read -r pdf; do
  rel="${pdf#"$run/windows/public/"}"
  cmp -s "$pdf" "$fonts_run/public/$rel" || { echo "DIFFERENT with the fonts from KNTE_FONT_DIRS: $rel" >&2; exit 1; }
  pdfs=$((pdfs + 1))
done < <(find "$run/windows/public/report" -type f -name '*.pdf' | sort)
[ "$pdfs" -gt 0 ] || { echo "no PDF to compare" >&2; exit 1; }
echo "identical: all $pdfs PDFs drawn with the fonts found through KNTE_FONT_DIRS"


# ---------------------------------------------------------------------------------------------
# 5. Optional: the preview server under Wine, fetched with curl; an edit must show up.
if $serve; then
  echo "== knte.exe serve (Wine)"
  serve_dir="$run/serve"
  cp -r "$stage" "$serve_dir"
  (cd "$serve_dir" && exec wine ./knte.exe serve --port 0) >"$run/serve.out" 2>"$run/serve.err" &
  server=$!
  stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  trap stop_server EXIT
  port=""
  for _ in $(seq 1 240); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$run/serve.out" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$port" ] || { cat "$run/serve.err" >&2; echo "knte.exe serve printed no address" >&2; exit 1; }
  head -n 1 "$run/serve.out"
  page="barriers/cn-001/"
  curl -sS --max-time 20 -o "$run/serve-home.html" -w "GET / -> %{http_code}, %{size_download} bytes\n" "http://127.0.0.1:$port/"
  curl -sS --max-time 20 -o "$run/serve-page.html" -w "GET /$page -> %{http_code}, %{size_download} bytes\n" "http://127.0.0.1:$port/$page"
  # An edited title must be served: the watcher (ReadDirectoryChangesW under Wine) and the rebuild.
  entry=$(grep -l '^id: CN-001$' "$serve_dir"/content/cn/*.md | head -n 1)
  sed -i 's/^title: \(.*\)$/title: \1 (수정 확인)/' "$entry"
  shown=false
  for _ in $(seq 1 120); do
    curl -sS --max-time 20 -o "$run/serve-edited.html" "http://127.0.0.1:$port/$page" || true
    if grep -q '(수정 확인)' "$run/serve-edited.html"; then
      shown=true
      break
    fi
    sleep 0.5
  done
  $shown || { echo "the edited title was not served within 60 s" >&2; exit 1; }
  echo "the edited title of ${entry#"$serve_dir"/} is served"
  stop_server
  trap - EXIT
fi

# ---------------------------------------------------------------------------------------------
# 6. The zip.
rm -f "$dist/$name.zip"
(cd "$dist" && zip -q -r -X "$name.zip" "$name")
echo "== $dist/$name.zip: $(du -h "$dist/$name.zip" | cut -f1), $(unzip -Z1 "$dist/$name.zip" | grep -vc '/$') files"

#!/usr/bin/env python3
"""Page images of the sample's PDF report for the README: python3 docs/screenshots/pdf_pages.py

Builds the sample's report (`knte pdf`, release build), reads each page's text with `pdftotext`,
finds the pages to show by what they say rather than by number, so the choice follows the layout
as it changes, and renders each at 600 px wide with `pdftoppm` to docs/screenshots/pdf-<name>.png:

  cover     page 1 (with the registration number, 발간등록번호, at its foot)
  notes     the first page whose first heading is 일러두기 (the explanatory notes)
  contents  the first page whose running header or first heading is the contents title (목차)
  overview  the first page whose first heading is the overview chapter's (제1장 개관): its charts
  chapter   the first page holding a partner profile's first sentence (a chapter opening, with
            the partner's summary table)
  summary   the same for the first partner whose profile gives trade figures (its summary table
            has the exports and imports, and their source under it)
  table     the first page holding the header row of a table in a barrier's body
  footnote  the first page holding the text of a footnote (`[^n]: ...` in a barrier's body)
  annex     the first page whose running header or first heading is the annex title (부록)
  imprint   the last page (판권면, the publication's particulars)

A page that cannot be found is reported and the script exits 1 after making the others; the
footnote page only when some barrier has a footnote. KNTE=path/to/knte uses that binary instead of
a release build. Needs cargo, poppler-utils (pdftotext, pdftoppm).
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
WIDTH = 600


def letters(text):
    """Hangul syllables and ASCII letters and digits: what survives line breaks and fonts."""
    return "".join(c for c in text if "가" <= c <= "힣" or (c.isascii() and c.isalnum()))


def body(path):
    text = path.read_text(encoding="utf-8")
    parts = text.split("---\n", 2)
    return parts[2] if len(parts) == 3 else text


def content_files(kind):
    """Barrier files (`barrier`) or partner profiles (`profile`) of the sample, in path order."""
    for path in sorted((ROOT / "content").glob("*/*.md")):
        name = path.name
        if name.endswith(".en.md"):
            continue
        if (kind == "profile") == (name == "_partner.md"):
            yield path


def first_sentences(trade=False):
    """The first sentence of each partner profile (the opening of its chapter); with `trade`,
    of the profiles that give trade figures only."""
    for path in content_files("profile"):
        if trade and "\ntrade:" not in path.read_text(encoding="utf-8").split("\n---", 2)[0]:
            continue
        para = next((p.strip() for p in body(path).split("\n\n") if p.strip()), "")
        sentence = para.split("다. ")[0]
        if len(letters(sentence)) >= 12:
            yield letters(sentence)[:40]


def table_headers():
    """The header row of each Markdown table in a barrier's body, its cells run together."""
    for path in content_files("barrier"):
        lines = body(path).splitlines()
        for head, rule in zip(lines, lines[1:]):
            if head.startswith("|") and re.fullmatch(r"\|?[\s:|-]+\|?", rule.strip()) and "-" in rule:
                key = letters(head)
                if len(key) >= 6:
                    yield key


def footnote_texts():
    """The text of each footnote definition in a barrier's body."""
    for path in content_files("barrier"):
        for m in re.finditer(r"^\[\^[^\]]+\]:\s*(.+)$", body(path), re.M):
            key = letters(m.group(1))
            if len(key) >= 8:
                yield key[:30]


def pages_of(pdf):
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")


def headed(pages, title):
    """The first page with `title` as one of its first three lines: the running header's two
    parts (report, chapter), then the page's first heading."""
    for i, page in enumerate(pages):
        lines = [l.strip() for l in page.splitlines() if l.strip()]
        if any(l.replace(" ", "") == title for l in lines[:3]):
            return i + 1
    return None


def holding(pages, keys, after=0):
    """The first page after `after` whose text holds one of `keys`."""
    keys = list(keys)
    for i, page in enumerate(pages):
        if i + 1 > after and any(k in letters(page) for k in keys):
            return i + 1
    return None


def main():
    knte = os.environ.get("KNTE")
    if not knte:
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        knte = target / "release" / "knte"
    with tempfile.TemporaryDirectory() as tmp:
        built = subprocess.run([str(knte), "pdf", "--root", str(ROOT), "--out", tmp],
                               capture_output=True, text=True)
        if built.returncode != 0:
            sys.exit(f"knte pdf failed:\n{built.stderr}")
        pdf = next(Path(tmp, "report").glob("knte-*.pdf"))
        pages = pages_of(pdf)
        chapter = holding(pages, first_sentences())
        # pdftotext ends the text with a form feed: the last element is empty.
        last = len(pages) - 1 if not pages[-1].strip() else len(pages)
        wanted = {
            "cover": 1,
            "notes": headed(pages, "일러두기"),
            "contents": headed(pages, "목차"),
            "overview": headed(pages, "제1장개관"),
            "chapter": chapter,
            "summary": holding(pages, first_sentences(trade=True)),
            "table": holding(pages, table_headers(), after=chapter or 0),
            "footnote": holding(pages, footnote_texts(), after=chapter or 0),
            "annex": headed(pages, "부록"),
            "imprint": last,
        }
        footnotes = list(footnote_texts())
        missing = []
        for name, page in wanted.items():
            if page is None and name == "footnote" and not footnotes:
                print("no barrier has a footnote: pdf-footnote.png not made", file=sys.stderr)
                continue
            if page is None:
                missing.append(name)
                continue
            stem = OUT / f"pdf-{name}"
            subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                            "-scale-to-x", str(WIDTH), "-scale-to-y", "-1", str(pdf), str(stem)],
                           check=True)
            print(f"{stem.relative_to(ROOT)}.png  page {page} of {last}")
    if missing:
        print("not found in the report: " + ", ".join(missing), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

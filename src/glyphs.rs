//! The PDF report's fonts and its glyph check: the theme's fonts and the system's fallback fonts
//! -> [`PdfFonts`]; the characters the renderer found no glyph for -> content errors at their
//! first place in the content.
//!
//! Input: the [`Theme`](crate::load::theme::Theme), then the renderer's missing characters by file.
//! Output: the fonts (with the system fonts that were not found), then one [`Diagnostic`] per
//! character and place, whose hint names the package that installs the font when a font that was
//! not found would have drawn it. `knte check` does not know the fonts, so the build reports these.

use crate::diagnostics::{Diagnostic, Pos};
use crate::load::{self, fonts::SystemFont};
use crate::render::pdf::fonts::{FontFiles, Fonts};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fonts, and the system fonts that were not found.
pub(crate) struct PdfFonts {
    pub fonts: Fonts,
    pub absent: Vec<SystemFont>,
}

/// The PDF fonts: the shipped ones from the theme's `static/fonts/`, the Han and symbol fonts
/// from the site's `static/fonts/` or the system. `Err` when a shipped font is missing or broken.
pub(crate) fn fonts(theme: &load::theme::Theme) -> Result<PdfFonts, String> {
    let font = |name: &str| {
        theme
            .statics
            .get(&format!("fonts/{name}"))
            .cloned()
            .ok_or_else(|| format!("static/fonts/{name} is missing"))
    };
    let han = load::fonts::HAN.find(theme);
    let symbol = load::fonts::SYMBOL.find(theme);
    let absent = [(&han, load::fonts::HAN), (&symbol, load::fonts::SYMBOL)]
        .into_iter()
        .filter(|(bytes, _)| bytes.is_none())
        .map(|(_, f)| f)
        .collect();
    let fonts = Fonts::new(FontFiles {
        regular: font("NanumGothic.ttf")?,
        bold: font("NanumGothicBold.ttf")?,
        fallback: font("DejaVuSans.ttf")?,
        fallback_bold: font("DejaVuSans-Bold.ttf")?,
        han,
        symbol,
    })?;
    Ok(PdfFonts { fonts, absent })
}

/// What to tell the editor about `c`, which no font has.
fn hint(c: char, absent: &[SystemFont]) -> String {
    match absent.iter().find(|f| f.meant_for(c)) {
        #[cfg(not(windows))]
        Some(f) => format!(
            "the PDF report's font for {} ({}) is not on this computer: install it \
             (Debian, Ubuntu: `sudo apt-get install {}`) or copy {} into static/fonts/, then build again",
            f.role, f.file, f.package, f.file
        ),
        #[cfg(windows)]
        Some(f) => format!(
            "the PDF report's font for {} ({}) is not on this computer: copy {} into static\\fonts\\ \
             (or install it, or name its folder in {}), then build again",
            f.role, f.file, f.file, load::fonts::DIRS_VAR
        ),
        None => "replace it with words or with a character the fonts have: an emoji or symbol \
                 newer than Unicode 9 with words, a Han character outside the fonts (Extension B \
                 and later) with its common form"
            .to_string(),
    }
}

/// An error for each character no PDF font has, at its first place in the content. `missing` names the file the renderer was
/// composing; an annex table quotes other files' titles, so a character that file does not hold is
/// looked for in the other content files. The content is read again through the loader (NFC, as
/// the build saw it), only when something is missing.
pub(crate) fn errors(
    root: &Path,
    missing: &BTreeMap<String, BTreeSet<char>>,
    absent: &[SystemFont],
) -> Vec<Diagnostic> {
    if missing.is_empty() {
        return Vec::new();
    }
    let texts: BTreeMap<String, String> = match load::load(root) {
        Ok((loaded, _)) => loaded
            .sources()
            .map(|s| (s.rel.clone(), s.text.clone()))
            .collect(),
        Err(_) => BTreeMap::new(),
    };
    let mut places: BTreeMap<char, Vec<(String, Pos)>> = BTreeMap::new();
    let scan = |file: &str, chars: &BTreeSet<char>, places: &mut BTreeMap<char, Vec<_>>| {
        let text = texts.get(file).map(String::as_str).unwrap_or("");
        for (c, pos) in first_places(text, chars) {
            places.entry(c).or_default().push((file.to_string(), pos));
        }
    };
    for (file, chars) in missing {
        scan(file, chars, &mut places);
    }
    for file in texts.keys() {
        let left: BTreeSet<char> = missing
            .values()
            .flatten()
            .filter(|c| !places.contains_key(c))
            .copied()
            .collect();
        if left.is_empty() {
            break;
        }
        scan(file, &left, &mut places);
    }
    let mut found: Vec<(String, Pos, char)> = Vec::new();
    for (file, chars) in missing {
        for c in chars {
            match places.get(c) {
                Some(at) => found.extend(at.iter().map(|(f, p)| (f.clone(), *p, *c))),
                None => found.push((file.clone(), Pos::FILE, *c)),
            }
        }
    }
    found.sort_by(|a, b| (&a.0, a.1.line, a.1.column, a.2).cmp(&(&b.0, b.1.line, b.1.column, b.2)));
    found.dedup();
    let mut out = Vec::new();
    for (file, pos, c) in found {
        let message = format!(
            "no font of the PDF report has a glyph for '{c}' (U+{:04X})",
            c as u32
        );
        let mut d = Diagnostic::error(&file, pos, message).with_hint(hint(c, absent));
        d.source_line = (pos.line > 0)
            .then(|| texts.get(&file).and_then(|t| t.lines().nth(pos.line - 1)))
            .flatten()
            .map(str::to_string);
        out.push(d);
    }
    out
}

/// Where each of `chars` first appears in `text` (line and column in characters).
fn first_places(text: &str, chars: &BTreeSet<char>) -> BTreeMap<char, Pos> {
    let mut found: BTreeMap<char, Pos> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if found.len() == chars.len() {
            break;
        }
        for (col, c) in line.chars().enumerate() {
            if chars.contains(&c) {
                found.entry(c).or_insert(Pos::new(i + 1, col + 1));
            }
        }
    }
    found
}

//! System fonts: the PDF report's fallback faces that the project does not ship, read from a
//! site's `static/fonts/` or, failing that, from where the operating system's package puts them.
//!
//! Input: the [`Theme`] (a site's own copy of a font wins) and the font folders (the Debian
//! package's folder; on Windows the system's and the user's font folders; or the folders listed in
//! `KNTE_FONT_DIRS`). Output: each font's bytes, or
//! `None`, in which case the build names the package to install when a character needs the font.
//! Reads the disk, so it lives with the loader.

use super::theme::Theme;
use std::path::PathBuf;

/// A font the PDF report takes from the system when it is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SystemFont {
    /// What it draws, for messages.
    pub role: &'static str,
    /// The file's name; a site may put a copy under this name in its `static/fonts/`.
    pub file: &'static str,
    /// The Debian package that installs it.
    pub package: &'static str,
    /// Where that package puts it.
    pub dir: &'static str,
    /// The Unicode ranges it is there for, to say which characters it would have drawn.
    ranges: &'static [(u32, u32)],
}

/// Han characters NanumGothic lacks: Traditional and Simplified Chinese forms, rare Hanja
/// (Extension A), kana. Droid Sans Fallback: Apache-2.0, TrueType, 49,382 glyphs; it has none of
/// Extension B and later, so those are not counted as its.
pub(crate) const HAN: SystemFont = SystemFont {
    role: "Han characters (Traditional and Simplified Chinese, rare Hanja)",
    file: "DroidSansFallbackFull.ttf",
    package: "fonts-droid-fallback",
    dir: "/usr/share/fonts/truetype/droid",
    ranges: &[
        (0x2E80, 0x2FDF), // CJK and Kangxi radicals
        (0x3000, 0x31FF), // CJK punctuation, kana, bopomofo, strokes
        (0x3300, 0x4DBF), // CJK compatibility, Extension A
        (0x4E00, 0x9FFF), // CJK Unified Ideographs
        (0xF900, 0xFAFF), // compatibility ideographs
        (0xFE30, 0xFE4F), // CJK compatibility forms
        (0xFF00, 0xFFEF), // full-width forms
    ],
};

/// Emoji and symbols, drawn in one colour: Symbola 2.60 (Unicode 9; "free for any use").
pub(crate) const SYMBOL: SystemFont = SystemFont {
    role: "emoji and symbols",
    file: "Symbola_hint.ttf",
    package: "fonts-symbola",
    dir: "/usr/share/fonts/truetype/ancient-scripts",
    ranges: &[
        (0x2000, 0x2BFF),   // punctuation, arrows, technical, dingbats, misc. symbols
        (0x1D400, 0x1D7FF), // mathematical letters
        (0x1F000, 0x1FAFF), // tiles, cards, emoji and pictographs
    ],
};

/// Lists the folders to search instead of the system's (separated as `PATH` is: `:` on Linux, `;`
/// on Windows).
pub(crate) const DIRS_VAR: &str = "KNTE_FONT_DIRS";

/// A font file larger than this is not read (Droid Sans Fallback is 4 MB).
const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

impl SystemFont {
    /// Whether `c` is of the kind this font is there to draw.
    pub(crate) fn meant_for(&self, c: char) -> bool {
        let c = c as u32;
        self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&c))
    }

    /// The font's bytes: the site's `static/fonts/` copy, else the first readable file in the
    /// font folders; `None` when there is none.
    pub(crate) fn find(&self, theme: &Theme) -> Option<Vec<u8>> {
        if let Some(bytes) = theme.statics.get(&format!("fonts/{}", self.file)) {
            return Some(bytes.clone());
        }
        let dirs: Vec<PathBuf> = match std::env::var_os(DIRS_VAR) {
            Some(list) => std::env::split_paths(&list)
                .filter(|d| !d.as_os_str().is_empty())
                .collect(),
            None => self.system_dirs(),
        };
        dirs.iter()
            .find_map(|d| super::read_regular(&d.join(self.file), MAX_FONT_BYTES).ok())
    }

    /// Where the system keeps fonts: the Debian package's folder and the local one.
    #[cfg(not(windows))]
    fn system_dirs(&self) -> Vec<PathBuf> {
        vec![
            PathBuf::from(self.dir),
            PathBuf::from("/usr/local/share/fonts"),
        ]
    }

    /// Where Windows keeps fonts: `C:\Windows\Fonts` (fonts installed for all users), then the
    /// user's own folder, where "Install" in a font file's menu puts them since Windows 10.
    #[cfg(windows)]
    fn system_dirs(&self) -> Vec<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let windows = var("SystemRoot").or_else(|| var("windir"));
        let mut dirs = vec![windows
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\Windows"))
            .join("Fonts")];
        if let Some(local) = var("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
        dirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_font_is_meant_for_its_own_characters() {
        for c in ['產', '查', '㐀', 'あ', '「'] {
            assert!(HAN.meant_for(c) && !SYMBOL.meant_for(c), "{c}");
        }
        for c in ['✅', '⚠', '🚢', '→'] {
            assert!(SYMBOL.meant_for(c) && !HAN.meant_for(c), "{c}");
        }
        // Extension B: the Han font lacks it, so installing it would not help.
        assert!(!HAN.meant_for('\u{2000B}'));
        assert!(!HAN.meant_for('가') && !SYMBOL.meant_for('é'));
    }

    #[test]
    fn a_copy_in_the_sites_static_fonts_comes_first() {
        let mut theme = Theme::default();
        theme
            .statics
            .insert(format!("fonts/{}", HAN.file), b"site copy".to_vec());
        assert_eq!(HAN.find(&theme).as_deref(), Some(&b"site copy"[..]));
    }
}

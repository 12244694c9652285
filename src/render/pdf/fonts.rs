//! Fonts for the PDF: the embedded faces, the fallback chain that picks one for each character,
//! their glyph widths for the layout, and subsets holding only the glyphs a document uses.
//!
//! Input: [`FontFiles`], the TrueType bytes of NanumGothic (regular and bold), DejaVu Sans
//! (regular and bold) and, when found on the system, a Han font and a symbol font. Output:
//! [`Fonts`], which answers which face draws a character ([`Metrics::resolve`]), glyph widths
//! ([`Metrics::advance`]) and whether any face has a glyph, and [`Fonts::subset`], the bytes of a
//! font cut down to a set of characters (allsorts), so a report carries kilobytes, not megabytes.
//!
//! The chain: NanumGothic, then DejaVu Sans (accented Latin letters, many symbols), then the Han
//! font (Traditional Chinese, rare Hanja), then the symbol font (emoji, in one colour). The fonts
//! the project ships come first, so whatever they draw looks the same on every machine. Bold text
//! falls back to DejaVu Sans Bold, then to the regular faces; the Han and symbol fonts have no
//! bold, so the writer thickens their strokes ([`Face::synthetic_bold`]).

use super::layout::{Face, Metrics};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) struct FontFace {
    pub bytes: Vec<u8>,
    pub parsed: ParsedFont,
    /// Glyph and advance per character of the Basic Multilingual Plane, looked up once: the layout
    /// asks for every character of every line, from several threads. 0 = not looked up yet;
    /// otherwise bit 63 set, the glyph index in bits 32..48 (0 = none) and the advance in font units
    /// in bits 0..32 (all ones: none); bit 62 says the cmap maps the character.
    cache: Vec<AtomicU64>,
}

const LOOKED_UP: u64 = 1 << 63;
const MAPPED: u64 = 1 << 62;

impl FontFace {
    /// Parses TrueType bytes; `Err` names the face (`what`) that could not be read.
    fn parse(bytes: Vec<u8>, what: &str) -> Result<FontFace, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| format!("the {what} font cannot be read as TrueType"))?;
        Ok(FontFace {
            bytes,
            parsed,
            cache: (0..0x1_0000).map(|_| AtomicU64::new(0)).collect(),
        })
    }

    /// The glyph index the face's cmap gives `c` (None: not mapped) and that glyph's advance in
    /// font units.
    pub(crate) fn glyph(&self, c: char) -> (Option<u16>, Option<u32>) {
        let look = || {
            let g = self.parsed.lookup_glyph_index(c as u32);
            let w = g.and_then(|g| self.parsed.get_glyph_width(g));
            (g, w.map(u32::from))
        };
        let Some(slot) = self.cache.get(c as usize) else {
            return look();
        };
        let v = slot.load(Ordering::Relaxed);
        if v & LOOKED_UP != 0 {
            let g = (v & MAPPED != 0).then_some(((v >> 32) & 0xffff) as u16);
            let w = (v & 0xffff_ffff) as u32;
            return (g, (w != u32::MAX).then_some(w));
        }
        let (g, w) = look();
        let mut packed = LOOKED_UP | u64::from(w.unwrap_or(u32::MAX));
        if let Some(g) = g {
            packed |= MAPPED | (u64::from(g) << 32);
        }
        slot.store(packed, Ordering::Relaxed);
        (g, w)
    }

    /// Whether the face has a real glyph (not .notdef) for `c`.
    fn covers(&self, c: char) -> bool {
        self.glyph(c).0.is_some_and(|g| g != 0)
    }
}

/// The font files, as read by the loader.
pub(crate) struct FontFiles {
    pub regular: Vec<u8>,
    pub bold: Vec<u8>,
    pub fallback: Vec<u8>,
    pub fallback_bold: Vec<u8>,
    /// Han characters NanumGothic lacks; `None` when the system has no such font.
    pub han: Option<Vec<u8>>,
    /// Emoji and symbols; `None` when the system has no such font.
    pub symbol: Option<Vec<u8>>,
}

pub(crate) struct Fonts {
    regular: FontFace,
    bold: FontFace,
    fallback: FontFace,
    fallback_bold: FontFace,
    han: Option<Deferred>,
    symbol: Option<Deferred>,
}

/// A fallback font read in full only when a character first needs it: most reports never do, and
/// Droid Sans Fallback's tables alone hold 49,382 glyphs.
struct Deferred {
    bytes: std::sync::Mutex<Option<Vec<u8>>>,
    what: &'static str,
    face: std::sync::OnceLock<Option<FontFace>>,
}

impl Deferred {
    /// Checks that `bytes` hold a font with the tables the PDF needs, without reading them.
    fn new(bytes: Vec<u8>, what: &'static str) -> Result<Deferred, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::FontTableProvider;
        use allsorts::tag;
        let readable = ReadScope::new(&bytes)
            .read::<FontData<'_>>()
            .ok()
            .and_then(|data| data.table_provider(0).ok())
            .is_some_and(|p| {
                [tag::CMAP, tag::HMTX, tag::GLYF]
                    .iter()
                    .all(|t| p.has_table(*t))
            });
        if !readable {
            return Err(format!("the {what} font cannot be read as TrueType"));
        }
        Ok(Deferred {
            bytes: std::sync::Mutex::new(Some(bytes)),
            what,
            face: std::sync::OnceLock::new(),
        })
    }

    fn get(&self) -> Option<&FontFace> {
        self.face
            .get_or_init(|| {
                let bytes = self.bytes.lock().ok()?.take()?;
                FontFace::parse(bytes, self.what).ok()
            })
            .as_ref()
    }
}

/// The faces tried in turn for a character in regular and in bold text.
const REGULAR_CHAIN: [Face; 4] = [Face::Regular, Face::Fallback, Face::Han, Face::Symbol];
const BOLD_CHAIN: [Face; 5] = [
    Face::Bold,
    Face::FallbackBold,
    // DejaVu Sans Bold lacks 140 characters the regular face has.
    Face::Fallback,
    Face::HanBold,
    Face::SymbolBold,
];

impl Fonts {
    /// Parses the faces; `Err` names the face that could not be read.
    pub(crate) fn new(files: FontFiles) -> Result<Fonts, String> {
        let optional =
            |bytes: Option<Vec<u8>>, what| bytes.map(|b| Deferred::new(b, what)).transpose();
        Ok(Fonts {
            regular: FontFace::parse(files.regular, "regular")?,
            bold: FontFace::parse(files.bold, "bold")?,
            fallback: FontFace::parse(files.fallback, "fallback")?,
            fallback_bold: FontFace::parse(files.fallback_bold, "fallback bold")?,
            han: optional(files.han, "Han")?,
            symbol: optional(files.symbol, "symbol")?,
        })
    }

    /// The font behind `face`, if it was found (the Han and symbol fonts may not be).
    fn font(&self, face: Face) -> Option<&FontFace> {
        match face {
            Face::Regular => Some(&self.regular),
            Face::Bold => Some(&self.bold),
            Face::Fallback => Some(&self.fallback),
            Face::FallbackBold => Some(&self.fallback_bold),
            Face::Han | Face::HanBold => self.han.as_ref().and_then(Deferred::get),
            Face::Symbol | Face::SymbolBold => self.symbol.as_ref().and_then(Deferred::get),
        }
    }

    /// The first face of `chain` with a glyph for `c`.
    fn pick(&self, chain: &[Face], c: char) -> Option<Face> {
        chain
            .iter()
            .copied()
            .find(|f| self.font(*f).is_some_and(|font| font.covers(c)))
    }

    /// Whether some font has a glyph for `c` (spaces and controls count as present).
    pub(crate) fn has(&self, c: char) -> bool {
        c.is_whitespace() || c.is_control() || self.pick(&REGULAR_CHAIN, c).is_some()
    }

    /// The PostScript-style name the document gives the font behind `face`.
    pub(crate) fn name(face: Face) -> &'static str {
        match face.embedded() {
            Face::Bold => "NanumGothicBold",
            Face::Fallback => "DejaVuSans",
            Face::FallbackBold => "DejaVuSans-Bold",
            Face::Han => "DroidSansFallbackFull",
            Face::Symbol => "Symbola",
            _ => "NanumGothic",
        }
    }

    /// The font behind `face` cut down to `chars`, keeping a Unicode cmap so text stays
    /// extractable.
    pub(crate) fn subset(&self, face: Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let f = self
            .font(face)
            .ok_or_else(|| format!("the {} font is not loaded", Self::name(face)))?;
        let mut gids: BTreeSet<u16> = chars.iter().filter_map(|c| f.glyph(*c).0).collect();
        gids.remove(&0);
        let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
        let data = ReadScope::new(&f.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = data.table_provider(0).map_err(|e| e.to_string())?;
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
    }
}

impl Metrics for Fonts {
    fn resolve(&self, face: Face, c: char) -> Face {
        let chain: &[Face] = match face {
            Face::Regular => &REGULAR_CHAIN,
            Face::Bold => &BOLD_CHAIN,
            _ => return face,
        };
        self.pick(chain, c).unwrap_or(face)
    }

    fn advance(&self, face: Face, c: char) -> f32 {
        let Some(f) = self.font(face) else {
            return 0.5;
        };
        let upem = f.parsed.units_per_em.max(1) as f32;
        match f.glyph(c).1 {
            Some(w) => w as f32 / upem,
            None => 0.5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/static/fonts/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// A system font at its Debian path; `None` (the test is skipped) when it is not installed,
    /// except in CI, which installs it.
    fn system(path: &str) -> Option<Vec<u8>> {
        let bytes = std::fs::read(path).ok();
        if bytes.is_none() {
            assert!(std::env::var_os("CI").is_none(), "{path} is required in CI");
            eprintln!("skipped: {path} is not installed");
        }
        bytes
    }

    fn fonts(han: Option<Vec<u8>>, symbol: Option<Vec<u8>>) -> Fonts {
        Fonts::new(FontFiles {
            regular: shipped("NanumGothic.ttf"),
            bold: shipped("NanumGothicBold.ttf"),
            fallback: shipped("DejaVuSans.ttf"),
            fallback_bold: shipped("DejaVuSans-Bold.ttf"),
            han,
            symbol,
        })
        .unwrap()
    }

    fn all() -> Option<Fonts> {
        let han = system("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")?;
        let symbol = system("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")?;
        Some(fonts(Some(han), Some(symbol)))
    }

    #[test]
    fn each_character_goes_to_the_first_font_of_the_chain_that_has_it() {
        let Some(f) = all() else { return };
        for (c, regular, bold) in [
            ('가', Face::Regular, Face::Bold),
            ('査', Face::Regular, Face::Bold),
            ('é', Face::Regular, Face::Bold),
            ('ş', Face::Fallback, Face::FallbackBold),
            ('⚠', Face::Fallback, Face::FallbackBold),
            ('產', Face::Han, Face::HanBold),
            ('㐀', Face::Han, Face::HanBold),
            ('✅', Face::Symbol, Face::SymbolBold),
            ('🚢', Face::Symbol, Face::SymbolBold),
            // DejaVu Sans Bold lacks this letter; the regular DejaVu Sans draws it.
            ('𝖠', Face::Fallback, Face::Fallback),
        ] {
            assert!(f.has(c), "{c}");
            assert_eq!(f.resolve(Face::Regular, c), regular, "{c}");
            assert_eq!(f.resolve(Face::Bold, c), bold, "{c} in bold");
        }
        // Extension B is in none of the fonts.
        assert!(!f.has('\u{2000B}'));
    }

    #[test]
    fn widths_come_from_the_font_that_draws_the_character() {
        let Some(f) = all() else { return };
        // Droid Sans Fallback: 256 units to the em, Han characters 256 wide.
        assert_eq!(f.advance(f.resolve(Face::Regular, '產'), '產'), 1.0);
        let ship = f.advance(f.resolve(Face::Regular, '🚢'), '🚢');
        assert!(ship > 0.5 && ship < 2.0, "{ship}");
        assert_eq!(
            f.advance(Face::HanBold, '產'),
            f.advance(Face::Han, '產'),
            "the thickened bold keeps the regular's widths"
        );
    }

    #[test]
    fn without_the_system_fonts_their_characters_are_missing() {
        let f = fonts(None, None);
        for c in ['產', '㐀', '✅', '🚢'] {
            assert!(!f.has(c), "{c}");
            assert_eq!(f.resolve(Face::Regular, c), Face::Regular);
        }
        assert!(f.has('가') && f.has('ş') && f.has('⚠'));
        assert!(f.subset(Face::Han, &BTreeSet::from(['產'])).is_err());
    }

    #[test]
    fn subsets_of_the_han_and_symbol_fonts_keep_their_characters() {
        let Some(f) = all() else { return };
        for (face, chars) in [(Face::Han, "臺灣產品檢查㐀"), (Face::Symbol, "✅🚢")] {
            let set: BTreeSet<char> = chars.chars().collect();
            let bytes = f.subset(face, &set).unwrap();
            assert!(bytes.len() < 40_000, "{face:?}: {} bytes", bytes.len());
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings).unwrap();
            for c in set {
                let g = parsed.lookup_glyph_index(c as u32);
                assert!(g.is_some_and(|g| g != 0), "{face:?}: {c} lost");
            }
        }
    }
}

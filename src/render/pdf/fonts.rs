//! Fonts for the PDF: the embedded Korean faces, their glyph widths for the layout, and subsets
//! holding only the glyphs a document uses.
//!
//! Input: TrueType bytes (regular and bold). Output: [`Fonts`], which answers glyph widths
//! ([`Metrics`]) and whether a character has a glyph, and [`Fonts::subset`], the bytes of a font
//! cut down to a set of characters (allsorts), so a report carries kilobytes, not megabytes.

use super::layout::{Face, Metrics};
use printpdf::ParsedFont;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Face_ {
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

impl Face_ {
    /// The glyph index the face's cmap gives `c` (None: not mapped) and that glyph's advance in
    /// font units.
    pub fn glyph(&self, c: char) -> (Option<u16>, Option<u32>) {
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
}

pub struct Fonts {
    pub regular: Face_,
    pub bold: Face_,
    pub fallback: Face_,
    pub fallback_bold: Face_,
}

impl Fonts {
    /// Parses the four faces; `Err` names the face that could not be read.
    pub fn new(
        regular: Vec<u8>,
        bold: Vec<u8>,
        fallback: Vec<u8>,
        fallback_bold: Vec<u8>,
    ) -> Result<Fonts, String> {
        let parse = |bytes: Vec<u8>, name: &str| -> Result<Face_, String> {
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
                .ok_or_else(|| format!("the {name} font cannot be read as TrueType"))?;
            Ok(Face_ {
                bytes,
                parsed,
                cache: (0..0x1_0000).map(|_| AtomicU64::new(0)).collect(),
            })
        };
        Ok(Fonts {
            regular: parse(regular, "regular")?,
            bold: parse(bold, "bold")?,
            fallback: parse(fallback, "fallback")?,
            fallback_bold: parse(fallback_bold, "fallback bold")?,
        })
    }

    pub fn face(&self, face: Face) -> &Face_ {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Fallback => &self.fallback,
            Face::FallbackBold => &self.fallback_bold,
        }
    }

    fn covers(f: &Face_, c: char) -> bool {
        f.glyph(c).0.is_some_and(|g| g != 0)
    }

    /// Whether the font has a glyph for `c` (spaces and controls count as present).
    pub fn has(&self, c: char) -> bool {
        c.is_whitespace()
            || c.is_control()
            || Self::covers(&self.regular, c)
            || Self::covers(&self.fallback, c)
    }

    /// The face cut down to `chars`, keeping a Unicode cmap so text stays extractable.
    pub fn subset(&self, face: Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};
        let f = self.face(face);
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
        let main = matches!(face, Face::Regular | Face::Bold);
        if main && !Self::covers(&self.regular, c) && Self::covers(&self.fallback, c) {
            if face == Face::Bold {
                Face::FallbackBold
            } else {
                Face::Fallback
            }
        } else {
            face
        }
    }

    fn advance(&self, face: Face, c: char) -> f32 {
        let f = self.face(face);
        let upem = f.parsed.units_per_em.max(1) as f32;
        match f.glyph(c).1 {
            Some(w) => w as f32 / upem,
            None => 0.5,
        }
    }
}

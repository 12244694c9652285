//! Fonts for the PDF: the embedded Korean faces, their glyph widths for the layout, and subsets
//! holding only the glyphs a document uses.
//!
//! Input: TrueType bytes (regular and bold). Output: [`Fonts`], which answers glyph widths
//! ([`Metrics`]) and whether a character has a glyph, and [`Fonts::subset`], the bytes of a font
//! cut down to a set of characters (allsorts), so a report carries kilobytes, not megabytes.

use super::layout::{Face, Metrics};
use printpdf::ParsedFont;
use std::collections::BTreeSet;

pub struct Face_ {
    pub bytes: Vec<u8>,
    pub parsed: ParsedFont,
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
            Ok(Face_ { bytes, parsed })
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
        f.parsed
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
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
        let mut gids: BTreeSet<u16> = chars
            .iter()
            .filter_map(|c| f.parsed.lookup_glyph_index(*c as u32))
            .collect();
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
        let p = &self.face(face).parsed;
        let upem = p.units_per_em.max(1) as f32;
        match p
            .lookup_glyph_index(c as u32)
            .and_then(|g| p.get_glyph_width(g))
        {
            Some(w) => w as f32 / upem,
            None => 0.5,
        }
    }
}

//! Words and ragged lines: spans -> words (pieces of one style, the space before each, the
//! punctuation rules), and the first-fit breaker used for headings, table cells and the contents.

use super::*;

/// A piece of a word with one style.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) span: usize,
    pub(super) face: Face,
    /// Drawn width, letter spacing included.
    pub(super) w: f32,
    /// Extra space between its grapheme clusters (justified lines of one long word).
    pub(super) tracking: f32,
}

impl Piece {
    pub(super) fn new(span: usize, face: Face) -> Piece {
        Piece {
            text: String::new(),
            span,
            face,
            w: 0.0,
            tracking: 0.0,
        }
    }
}

/// A word: pieces with no break opportunity between them, and the space before it.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) pieces: Vec<Piece>,
    pub(super) w: f32,
    pub(super) space_before: f32,
    /// No line break may come before this word (it starts with closing punctuation, or the
    /// word before ends with opening punctuation).
    pub(super) glue: bool,
    pub(super) hard_break: bool,
}

/// A laid line: pieces with x offsets.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) pieces: Vec<(f32, Piece)>,
    pub(super) w: f32,
}

impl Layouter<'_> {
    // Long: one arm per kind of piece in a span (text, page reference, note mark, break), sharing the word being built.
    /// The words of `spans` (page references replaced by their page numbers).
    pub(super) fn words(&self, spans: &[Span], size: f32) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        let mut cur = Word {
            pieces: vec![],
            w: 0.0,
            space_before: 0.0,
            glue: false,
            hard_break: false,
        };
        let mut pending_space = 0.0f32;
        let flush = |cur: &mut Word, words: &mut Vec<Word>, pending_space: &mut f32| {
            if !cur.pieces.is_empty() {
                let mut w = std::mem::replace(
                    cur,
                    Word {
                        pieces: vec![],
                        w: 0.0,
                        space_before: 0.0,
                        glue: false,
                        hard_break: false,
                    },
                );
                w.space_before = *pending_space;
                *pending_space = 0.0;
                words.push(w);
            }
        };
        for (si, span) in spans.iter().enumerate() {
            let text = match &span.page_of {
                Some(a) => self
                    .page_of(a)
                    .map_or_else(|| "000".to_string(), |p| self.folio(p)),
                None => span.text.clone(),
            };
            if text == "\n" {
                flush(&mut cur, &mut words, &mut pending_space);
                cur.hard_break = true;
                continue;
            }
            for c in text.chars() {
                if c == ' ' || c == '\t' || c == '\n' {
                    if !cur.pieces.is_empty() {
                        flush(&mut cur, &mut words, &mut pending_space);
                    }
                    pending_space = self.m.advance(span.face, ' ') * size;
                    continue;
                }
                let face = self.m.resolve(span.face, c);
                let adv = self.m.advance(face, c) * size * span.scale();
                match cur.pieces.last_mut() {
                    Some(p) if p.span == si && p.face == face => {
                        p.text.push(c);
                        p.w += adv;
                    }
                    _ => cur.pieces.push(Piece {
                        text: c.to_string(),
                        span: si,
                        face,
                        w: adv,
                        tracking: 0.0,
                    }),
                }
                cur.w += adv;
            }
        }
        flush(&mut cur, &mut words, &mut pending_space);
        // Kinsoku: glue a word that starts with closing punctuation to the one before it, and a
        // word after one that ends with opening punctuation.
        for i in 1..words.len() {
            let starts_closing = words[i]
                .pieces
                .first()
                .and_then(|p| p.text.chars().next())
                .is_some_and(is_closing);
            let prev_opens = words[i - 1]
                .pieces
                .last()
                .and_then(|p| p.text.chars().last())
                .is_some_and(is_opening);
            if starts_closing || prev_opens {
                words[i].glue = true;
            }
        }
        words
    }

    // Long: the line breaker applies the Korean line-breaking rules to each word in turn; they read and change the same line state.
    /// Breaks `spans` into lines no wider than `avail`.
    pub(super) fn break_lines(&self, spans: &[Span], avail: f32, size: f32) -> Vec<Line> {
        let words = self.words(spans, size);
        let mut lines: Vec<Line> = Vec::new();
        let mut line = Line::default();
        // Words glued together are placed as one unit.
        let mut units: Vec<Vec<Word>> = Vec::new();
        for w in words {
            if w.glue && !w.hard_break {
                if let Some(last) = units.last_mut() {
                    last.push(w);
                    continue;
                }
            }
            units.push(vec![w]);
        }
        for unit in units {
            let hard = unit[0].hard_break;
            let unit_w: f32 = unit
                .iter()
                .enumerate()
                .map(|(i, w)| w.w + if i > 0 { w.space_before } else { 0.0 })
                .sum();
            let space = if line.pieces.is_empty() {
                0.0
            } else {
                unit[0].space_before
            };
            if hard && !line.pieces.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if line.w + space + unit_w <= avail + 0.01 {
                self.append(&mut line, &unit, space);
                continue;
            }
            if !line.pieces.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if unit_w <= avail + 0.01 {
                self.append(&mut line, &unit, 0.0);
                continue;
            }
            // Too wide for any line: split it, at a '/' where one fits, else between characters.
            let mut pieces: Vec<Piece> = Vec::new();
            for (i, w) in unit.iter().enumerate() {
                if i > 0 && w.space_before > 0.0 {
                    if let Some(first) = w.pieces.first() {
                        pieces.push(Piece {
                            text: " ".into(),
                            span: first.span,
                            face: first.face,
                            w: w.space_before,
                            tracking: 0.0,
                        });
                    }
                }
                pieces.extend(w.pieces.iter().cloned());
            }
            let chars: Vec<(char, usize, Face, f32)> = pieces
                .iter()
                .flat_map(|p| p.text.chars().map(move |c| (c, p.span, p.face)))
                .map(|(c, s, f)| (c, s, f, self.m.advance(f, c) * size * spans[s].scale()))
                .collect();
            // A line may end only where a grapheme ends: never inside a syllable written as
            // jamo, an emoji sequence, or a letter with its combining marks.
            let boundary = grapheme_starts(chars.iter().map(|c| c.0));
            let mut start = 0;
            while start < chars.len() {
                let mut w = 0.0;
                let mut end = start;
                while end < chars.len() && w + chars[end].3 <= avail + 0.01 {
                    w += chars[end].3;
                    end += 1;
                }
                if end == start {
                    end = start + 1; // a single glyph wider than the line: place it anyway
                }

                if end < chars.len() {
                    // Prefer to break after a '/' (URLs), then respect the punctuation rules.
                    if let Some(slash) = (start + 1..end).rev().find(|&i| chars[i - 1].0 == '/') {
                        if slash > start + (end - start) / 3 {
                            end = slash;
                        }
                    }
                    // A run of punctuation that the rules would shrink below half a line (a
                    // row of brackets) is cut where it is: the rules serve reading, not a flood.
                    let full = end;
                    while end > start + 1
                        && (is_closing(chars[end].0) || is_opening(chars[end - 1].0))
                    {
                        end -= 1;
                    }
                    if (end - start) * 2 < full - start {
                        end = full;
                    }
                }
                if end < chars.len() && !boundary[end] {
                    // Back to the start of the grapheme cut, or, when it is the line's only
                    // one, on to its end.
                    end = match (start + 1..end).rev().find(|&i| boundary[i]) {
                        Some(b) => b,
                        None => (end..chars.len())
                            .find(|&i| boundary[i])
                            .unwrap_or(chars.len()),
                    };
                }
                let mut l = Line::default();
                for &(c, s, f, cw) in &chars[start..end] {
                    match l.pieces.last_mut() {
                        Some((_, p)) if p.span == s && p.face == f => {
                            p.text.push(c);
                            p.w += cw;
                        }
                        _ => l.pieces.push((
                            l.w,
                            Piece {
                                text: c.to_string(),
                                span: s,
                                face: f,
                                w: cw,
                                tracking: 0.0,
                            },
                        )),
                    }
                    l.w += cw;
                }
                if end < chars.len() {
                    lines.push(l);
                } else {
                    line = l;
                }
                start = end;
            }
        }
        if !line.pieces.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn append(&self, line: &mut Line, unit: &[Word], space: f32) {
        let mut x = line.w + space;
        for (i, w) in unit.iter().enumerate() {
            if i > 0 {
                x += w.space_before;
            }
            for p in &w.pieces {
                line.pieces.push((x, p.clone()));
                x += p.w;
            }
        }
        line.w = x;
    }
}

/// For each character of `chars`, whether a grapheme cluster starts there.
pub(super) fn grapheme_starts(chars: impl Iterator<Item = char>) -> Vec<bool> {
    use unicode_segmentation::UnicodeSegmentation;
    let text: String = chars.collect();
    let mut starts = vec![false; text.chars().count()];
    let mut char_at = 0;
    let mut byte_at = 0;
    for (byte, _) in text.grapheme_indices(true) {
        char_at += text[byte_at..byte].chars().count();
        byte_at = byte;
        starts[char_at] = true;
    }
    starts
}

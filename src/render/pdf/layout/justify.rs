//! Justified paragraphs: words -> segments with the Korean break rules -> total-fit breaks
//! ([`linebreak`]) -> lines whose spaces (and, where the spaces are not enough, letter gaps) are
//! widened so that every line but the last ends on the measure.
//!
//! Break rules, after the W3C's Requirements for Hangul Text Layout and Typography (KLREQ): lines
//! break at spaces first; between two Hangul syllables (or Hanja), or next to brackets, inside a
//! word only at a cost, so only where the spaces of the line would otherwise open too wide, and at
//! a higher cost before a word's final particle or ending or after its first syllable; no line begins with closing
//! punctuation, a hyphen or a middle dot, and none ends with opening punctuation; addresses break
//! after `/`, `.` and `-`; never inside a grapheme cluster. Anywhere else between two graphemes a
//! line breaks only when nothing else fits (an emergency). Letter gaps open only between two
//! letters, never around punctuation or between digits (KLREQ's restrictions on inter-character
//! spacing).

use super::linebreak::{self, After, Broken, Params, Seg};
use super::words::{grapheme_starts, Line, Piece};
use super::*;

/// Break costs; a line's demerits add their squares.
const P_SYLLABLE: f32 = 40.0;
const P_SHORT: f32 = 150.0;
const P_PARTICLE: f32 = 300.0;
const P_ADDRESS: f32 = 30.0;
const P_HYPHEN: f32 = 60.0;
const P_EMERGENCY: f32 = 1000.0;

/// How far a space may grow (to twice its width) and shrink, and the widest letter gap (in ems).
const STRETCH: f32 = 1.0;
const SHRINK: f32 = 0.2;
const LETTER: f32 = 0.05;

/// Particles and endings of two or three syllables that a break should not put at the start of a
/// line (single syllables are kept with their word by the rule for one syllable alone).
const ENDINGS: &[&str] = &[
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "보다",
    "처럼",
    "마다",
    "조차",
    "마저",
    "이나",
    "이며",
    "하고",
    "에는",
    "에도",
    "와의",
    "과의",
    "로서",
    "로써",
    "이다",
    "한다",
    "했다",
    "된다",
    "였다",
    "있다",
    "없다",
    "하여",
    "하는",
    "되는",
    "에서는",
    "으로써",
    "으로서",
    "에게는",
    "으로는",
];

/// A paragraph as characters (spaces left out) and the segments over them.
#[derive(Default)]
struct Para {
    /// (character, span, face, advance in points)
    chars: Vec<(char, usize, Face, f32)>,
    segs: Vec<Seg>,
    /// Index in `chars` where each segment starts, and the end.
    seg_at: Vec<usize>,
}

impl Layouter<'_> {
    /// Breaks `spans` into justified lines of width `avail`: the right edge of every line but the
    /// last (and those before a hard break) is at `avail`.
    pub(super) fn justify_lines(&self, spans: &[Span], avail: f32, size: f32) -> Vec<Line> {
        let para = self.paragraph(spans, size);
        let params = Params {
            measure: avail,
            stretch: STRETCH,
            shrink: SHRINK,
            letter: LETTER * size,
            emergency: P_EMERGENCY,
            loose_end: P_ADDRESS,
        };
        let mut lines: Vec<Line> = linebreak::breaks(&para.segs, &params)
            .iter()
            .map(|b| para.place(b))
            .collect();
        if lines.is_empty() {
            lines.push(Line::default());
        }
        lines
    }

    /// The paragraph's characters and segments: spaces (and tabs and newlines) separate words,
    /// a span that is a single newline is a hard break, page references print their page.
    fn paragraph(&self, spans: &[Span], size: f32) -> Para {
        let mut p = Para::default();
        let mut word = WordBuf::default();
        // The break before the word being read: a space, or a hard break (which wins).
        let mut before: Option<After> = None;
        for (si, span) in spans.iter().enumerate() {
            let text = match &span.page_of {
                Some(a) => match self.page_of(a) {
                    Some(page) => self.folio(page),
                    None => "000".to_string(),
                },
                None => span.text.clone(),
            };
            if text == "\n" {
                word.finish(&mut p, before);
                before = Some(After::Hard);
                continue;
            }
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n') {
                    if !word.chars.is_empty() {
                        word.finish(&mut p, before);
                        before = None;
                    }
                    if before != Some(After::Hard) {
                        let w = self.m.advance(span.face, ' ') * size;
                        before = Some(After::Space { w, penalty: 0.0 });
                    }
                    continue;
                }
                let face = self.m.resolve(span.face, c);
                p.chars
                    .push((c, si, face, self.m.advance(face, c) * size * span.scale()));
                word.chars.push(c);
            }
        }
        word.finish(&mut p, before);
        p.seg_at.push(p.chars.len());
        p
    }
}

/// The word being read, and buffers reused from word to word.
#[derive(Default)]
struct WordBuf {
    chars: Vec<char>,
    starts: Vec<bool>,
    run: Vec<(usize, usize)>,
}

impl WordBuf {
    /// Ends the word: sets the break before it (`before`: a space or a hard break) and adds its
    /// segments, one per grapheme cluster, with the cost of a break between each two.
    fn finish(&mut self, p: &mut Para, before: Option<After>) {
        if self.chars.is_empty() {
            return;
        }
        let base = p.chars.len() - self.chars.len();
        let prev_opens = base > 0 && is_opening(p.chars[base - 1].0);
        if let (Some(last), Some(before)) = (p.segs.last_mut(), before) {
            last.after = match before {
                // Kinsoku across a space: a word opening with closing punctuation stays with the
                // word before, as does a word after opening punctuation.
                After::Space { w, .. } if is_closing(self.chars[0]) || prev_opens => After::Space {
                    w,
                    penalty: P_EMERGENCY,
                },
                other => other,
            };
        }
        clusters(&self.chars, &mut self.starts);
        let rules = WordRules::new(&self.chars, &mut self.run);
        for (k, &start) in self.starts.iter().enumerate() {
            if start {
                if k > 0 {
                    if let Some(last) = p.segs.last_mut() {
                        last.after = After::Join {
                            penalty: rules.penalty(k),
                            gap: is_letter(self.chars[k - 1]) && is_letter(self.chars[k]),
                        };
                    }
                }
                p.segs.push(Seg {
                    w: 0.0,
                    after: After::End,
                });
                p.seg_at.push(base + k);
            }
            if let Some(last) = p.segs.last_mut() {
                last.w += p.chars[base + k].3;
            }
        }
        self.chars.clear();
    }
}

/// For each character of a word, whether a grapheme cluster starts there. Characters that never
/// join their neighbours (printable ASCII, Latin-1, Hangul syllables, common Hanja, quotes and
/// dashes, CJK and full-width punctuation) are a cluster each, without asking the segmenter.
fn clusters(chars: &[char], out: &mut Vec<bool>) {
    out.clear();
    let alone = |c: char| {
        matches!(c, '!'..='~' | '\u{A1}'..='\u{FF}' | '\u{2010}'..='\u{2027}'
            | '\u{3001}'..='\u{3029}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF01}'..='\u{FF5E}')
    };
    if chars.iter().all(|&c| alone(c)) {
        out.resize(chars.len(), true);
    } else {
        out.extend(grapheme_starts(chars.iter().copied()));
    }
}

/// Letters, between which letter spacing may open (not digits, not punctuation).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_hangul(c) || is_han(c) || c.is_alphabetic()
    }
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The break costs inside one word.
struct WordRules<'a> {
    chars: &'a [char],
    /// For each character, where its run of Hangul starts and ends.
    run: &'a [(usize, usize)],
    address: bool,
}

impl<'a> WordRules<'a> {
    fn new(chars: &'a [char], run: &'a mut Vec<(usize, usize)>) -> Self {
        run.clear();
        run.resize(chars.len(), (0, 0));
        let mut i = 0;
        while i < chars.len() {
            let mut j = i + 1;
            if is_hangul(chars[i]) {
                while j < chars.len() && is_hangul(chars[j]) {
                    j += 1;
                }
            }
            for r in &mut run[i..j] {
                *r = (i, j);
            }
            i = j;
        }
        let head = &chars[..chars.len().min(200)];
        let address = head.windows(3).any(|w| w == [':', '/', '/'])
            || head.starts_with(&['w', 'w', 'w', '.']);
        WordRules {
            chars,
            run,
            address,
        }
    }

    /// The cost of a break between characters `k - 1` and `k` (a grapheme boundary).
    fn penalty(&self, k: usize) -> f32 {
        let (a, b) = (self.chars[k - 1], self.chars[k]);
        if is_closing(b) || is_opening(a) || matches!(b, '-' | '‐' | '–' | '—' | '·' | '/') {
            return P_EMERGENCY;
        }
        // After closing punctuation the particle rule still holds: `(CSAR)를` stays whole.
        if is_hangul(b) && (is_hangul(a) || is_closing(a)) {
            return self.hangul(k);
        }
        let wide = |c: char| is_hangul(c) || is_han(c);
        if (wide(a) || a == '·' || is_closing(a)) && (wide(b) || is_opening(b)) {
            return P_SYLLABLE;
        }
        if self.address && matches!(a, '/' | '.' | '-') && b.is_alphanumeric() {
            return P_ADDRESS;
        }
        let before = k.checked_sub(2).map(|i| self.chars[i]);
        let digits = before.is_some_and(|c| c.is_ascii_digit()) && b.is_ascii_digit();
        if matches!(a, '/' | '-') && b.is_alphanumeric() && !digits {
            return P_HYPHEN;
        }
        P_EMERGENCY
    }

    fn hangul(&self, k: usize) -> f32 {
        let (start, end) = self.run[k];
        let (left, right) = (k - start, end - k);
        if right == 1 {
            return P_PARTICLE;
        }
        if right <= 3 {
            let rest: String = self.chars[k..end].iter().collect();
            if ENDINGS.contains(&rest.as_str()) {
                return P_PARTICLE;
            }
        }
        if left == 1 {
            return P_SHORT;
        }
        P_SYLLABLE
    }
}

impl Para {
    /// The line `b`, its pieces placed with the spacing the breaker chose.
    fn place(&self, b: &Broken) -> Line {
        let mut line = Line::default();
        let mut x = 0.0f32;
        // The piece being built, and whether the joins inside it take letter spacing.
        let mut cur: Option<(f32, Piece, Option<bool>)> = None;
        for s in b.start..b.end {
            let mut join: Option<bool> = None;
            if s > b.start {
                match self.segs[s - 1].after {
                    After::Space { w, .. } => x += w * b.set.space,
                    After::Join { gap, .. } => {
                        if gap {
                            x += b.set.letter;
                        }
                        join = Some(gap);
                    }
                    After::Hard | After::End => {}
                }
            }
            for ci in self.seg_at[s]..self.seg_at[s + 1] {
                let (c, span, face, w) = self.chars[ci];
                let inside = ci > self.seg_at[s];
                let keep = match &mut cur {
                    Some((_, p, mode)) if p.span == span && p.face == face => {
                        if inside || b.set.letter == 0.0 {
                            join.is_some() || inside
                        } else if let Some(j) = join {
                            mode.is_none_or(|m| m == j) && {
                                *mode = Some(j);
                                true
                            }
                        } else {
                            false
                        }
                    }
                    _ => false,
                };
                if !keep {
                    flush(&mut line, cur.take(), b.set.letter);
                    cur = Some((x, Piece::new(span, face), None));
                }
                if let Some((x0, p, _)) = &mut cur {
                    p.text.push(c);
                    p.w = x + w - *x0;
                }
                x += w;
            }
        }
        flush(&mut line, cur, b.set.letter);
        line.w = x;
        line
    }
}

fn flush(line: &mut Line, piece: Option<(f32, Piece, Option<bool>)>, letter: f32) {
    if let Some((x, mut p, mode)) = piece {
        if mode == Some(true) {
            p.tracking = letter;
        }
        line.pieces.push((x, p));
    }
}

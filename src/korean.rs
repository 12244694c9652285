//! Korean text rules every stage shares: the collation of names (가나다 order) and the terms the
//! search index and the search box agree on.
//!
//! Input: text (already NFC, as the loader makes it). Output: sort keys and search terms. The
//! database page's script (`static/korean.js`) implements the same two rules; both are held to
//! the cases in `tests/fixtures/korean.json` (a unit test here, a node test for the script).
//!
//! Collation: names compare piece by piece, where a piece is a run of digits (compared by value,
//! so `9개국` comes before `10개국`) or one character; digits come first, then Hangul in 가나다
//! order (the order of the precomposed syllables), then Latin letters ignoring case, then
//! everything else by code point. Spaces and punctuation count as "everything else".
//!
//! Search: the index holds, for each Hangul run of a word, every syllable and every pair of
//! neighbouring syllables, so any run of two or more syllables inside a compound is found by its
//! pairs (`장벽` in `무역장벽이`); other words (Latin, digits) are kept whole and matched by prefix.
//! A query word loses a trailing particle (`화장품을` -> `화장품`) when two syllables remain, and a
//! query that is an HS code in any spelling (`3304.99`, `3304 99`, `330499`) becomes its digits,
//! and finds the barriers on that code, on its subheadings and on the headings above it.

use std::cmp::Ordering;

/// One piece of a name, in collation order: numbers, then Hangul, then Latin, then the rest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    /// A run of digits: by value (the digits without leading zeros: fewer digits is smaller,
    /// then digit by digit), then by the run's length (`9` before `09`).
    Number(usize, String, usize),
    Hangul(char),
    /// A letter of a Latin (or Greek, Cyrillic...) alphabet: its base letter in lower case, so
    /// `Türkiye` sorts among the `t`s.
    Latin(char),
    Other(char),
}

fn pieces(s: &str) -> Vec<Piece> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            // Spaces do not order names (`가나 다` sits with `가나다`); ties fall back below.
            continue;
        }
        if c.is_ascii_digit() {
            let mut run = String::from(c);
            while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                run.push(d);
            }
            let value = run.trim_start_matches('0').to_string();
            out.push(Piece::Number(value.len(), value, run.len()));
        } else if is_hangul(c) {
            out.push(Piece::Hangul(c));
        } else if c.is_alphabetic() && (c as u32) < 0x2000 {
            let base = c.nfd().next().unwrap_or(c);
            out.push(Piece::Latin(base.to_lowercase().next().unwrap_or(base)));
        } else {
            out.push(Piece::Other(c));
        }
    }
    out
}

/// Compares two names in Korean alphabetical order (see the module's notes); names equal by
/// that order fall back to their code points, so the order is total and stable.
pub(crate) fn compare(a: &str, b: &str) -> Ordering {
    pieces(a).cmp(&pieces(b)).then_with(|| a.cmp(b))
}

/// Hangul syllables and jamo (compatibility jamo included).
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

fn is_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Letters and digits: the characters of a word, for the index and the query alike.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_syllable(c) || c.is_alphanumeric()
    }
}

/// Splits lowercased text into words, and each word into its runs of Hangul syllables and runs of
/// anything else (`cfda의` -> `cfda`, `의`).
fn runs(text: &str) -> Vec<(bool, String)> {
    let lower = text.to_lowercase();
    let mut out: Vec<(bool, String)> = Vec::new();
    for word in lower
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
    {
        let mut cur = String::new();
        let mut cur_hangul = false;
        for c in word.chars() {
            let h = is_syllable(c);
            if !cur.is_empty() && h != cur_hangul {
                out.push((cur_hangul, std::mem::take(&mut cur)));
            }
            cur_hangul = h;
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push((cur_hangul, cur));
        }
    }
    out
}

/// The index's terms of `text`, each once, sorted: every syllable and neighbouring pair of each
/// Hangul run, and every other run whole.
pub(crate) fn index_terms(text: &str) -> Vec<String> {
    // A body repeats most of its syllables and pairs many times: they are gathered and made unique
    // as pairs of characters (`'\0'` for "none") before any string is made of them.
    let mut hangul_terms: Vec<(char, char)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for (hangul, run) in runs(text) {
        if hangul {
            let mut previous = None;
            for c in run.chars() {
                hangul_terms.push((c, '\0'));
                if let Some(p) = previous {
                    hangul_terms.push((p, c));
                }
                previous = Some(c);
            }
        } else {
            out.push(run);
        }
    }
    hangul_terms.sort_unstable();
    hangul_terms.dedup();
    out.extend(hangul_terms.into_iter().map(|(a, b)| {
        let mut term = String::with_capacity(a.len_utf8() + b.len_utf8());
        term.push(a);
        if b != '\0' {
            term.push(b);
        }
        term
    }));
    out.sort_unstable();
    out.dedup();
    out
}

/// An HS code's index term: its digits (`3304.99` -> `330499`).
pub(crate) fn hs_term(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
/// Particles (조사) and endings taken off the end of a query word, longest first.
const PARTICLES: &[&str] = &[
    "으로부터",
    "에서부터",
    "이라는",
    "에서는",
    "에서도",
    "에서의",
    "으로는",
    "으로서",
    "으로써",
    "에게서",
    "까지는",
    "부터는",
    "에서",
    "에게",
    "으로",
    "부터",
    "까지",
    "마저",
    "조차",
    "보다",
    "처럼",
    "만큼",
    "이나",
    "이며",
    "이고",
    "라는",
    "에는",
    "에도",
    "와의",
    "과의",
    "로는",
    "로서",
    "로써",
    "을",
    "를",
    "이",
    "가",
    "은",
    "는",
    "에",
    "의",
    "와",
    "과",
    "도",
    "로",
    "만",
];

#[cfg(test)]
/// `word` without a trailing particle, when at least two syllables remain.
pub(crate) fn strip_particle(word: &str) -> &str {
    for p in PARTICLES {
        if let Some(stem) = word.strip_suffix(p) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    word
}

#[cfg(test)]
/// How a query term matches the index's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// The term itself (Hangul syllables and pairs).
    Exact,
    /// Every term it begins (Latin words, numbers).
    Prefix,
    /// An HS code's digits: every term it begins, and every heading of four or more digits that
    /// begins it (a barrier on heading 3304 covers subheading 3304.99).
    Hs,
}

#[cfg(test)]
/// A term of a query, and how it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryTerm {
    pub term: String,
    pub how: Match,
}

#[cfg(test)]
impl QueryTerm {
    fn new(term: impl Into<String>, how: Match) -> Self {
        QueryTerm {
            term: term.into(),
            how,
        }
    }

    /// Whether an index term answers this query term.
    pub(crate) fn matches(&self, index_term: &str) -> bool {
        match self.how {
            Match::Exact => index_term == self.term,
            Match::Prefix => index_term.starts_with(&self.term),
            Match::Hs => {
                index_term.starts_with(&self.term)
                    || (index_term.len() >= 4
                        && self.term.starts_with(index_term)
                        && index_term.bytes().all(|b| b.is_ascii_digit()))
            }
        }
    }
}

#[cfg(test)]
/// The terms a query needs, all of them, for a barrier to match.
pub(crate) fn query_terms(query: &str) -> Vec<QueryTerm> {
    let q = query.trim();
    if is_hs_code(q) {
        return vec![QueryTerm::new(hs_term(q), Match::Hs)];
    }
    let mut out: Vec<QueryTerm> = Vec::new();
    for (hangul, run) in runs(q) {
        if !hangul {
            out.push(QueryTerm::new(run, Match::Prefix));
            continue;
        }
        let stem: Vec<char> = strip_particle(&run).chars().collect();
        if stem.len() == 1 {
            out.push(QueryTerm::new(stem[0], Match::Exact));
        }
        for pair in stem.windows(2) {
            out.push(QueryTerm::new(
                pair.iter().collect::<String>(),
                Match::Exact,
            ));
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
/// Whether a query is an HS code written with dots, spaces or hyphens between its digit pairs:
/// four digits, then up to three pairs (`3304`, `3304.99`, `3304 99 10`, `330499`).
fn is_hs_code(q: &str) -> bool {
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let others_ok = q
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'));
    others_ok
        && digits.len() >= 4
        && digits.len() <= 10
        && digits.len().is_multiple_of(2)
        && q.chars().take(4).all(|c| c.is_ascii_digit())
        && q.chars().any(|c| !c.is_ascii_digit() || digits.len() >= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases() -> serde_json::Value {
        serde_json::from_str(include_str!("../tests/fixtures/korean.json")).unwrap()
    }

    #[test]
    fn collation_follows_the_shared_cases() {
        let c = cases();
        let want: Vec<String> = serde_json::from_value(c["sorted"].clone()).unwrap();
        let mut got = want.clone();
        got.reverse();
        got.sort_by(|a, b| compare(a, b));
        assert_eq!(got, want);
    }

    #[test]
    fn index_terms_follow_the_shared_cases() {
        for case in cases()["index"].as_array().unwrap() {
            let text = case["text"].as_str().unwrap();
            let want: Vec<String> = serde_json::from_value(case["terms"].clone()).unwrap();
            assert_eq!(index_terms(text), want, "{text}");
        }
    }

    #[test]
    fn query_terms_follow_the_shared_cases() {
        for case in cases()["query"].as_array().unwrap() {
            let q = case["q"].as_str().unwrap();
            let want: Vec<QueryTerm> = case["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    let how = match t["match"].as_str().unwrap() {
                        "exact" => Match::Exact,
                        "prefix" => Match::Prefix,
                        _ => Match::Hs,
                    };
                    QueryTerm::new(t["term"].as_str().unwrap(), how)
                })
                .collect();
            assert_eq!(query_terms(q), want, "{q}");
        }
    }

    #[test]
    fn an_hs_query_finds_its_headings_and_subheadings() {
        let t = &query_terms("3304.99")[0];
        assert!(t.matches("3304") && t.matches("330499") && t.matches("33049910"));
        assert!(!t.matches("33") && !t.matches("3305") && !t.matches("330491"));
    }
}

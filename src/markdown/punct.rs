//! Typographic punctuation in bodies: straight quotes made curly by their context, `...` made an
//! ellipsis, `--` and `---` made dashes. Done once, on the parser's events, for every consumer
//! (the site's HTML, the PDF's blocks, the search text), instead of by pulldown-cmark's smart
//! punctuation, which judges a quote by the character after it: a closing quote followed by a
//! Hangul particle (`'관계'를`) looked like an opening one, and `"…"를` came out as `“…“를`.
//!
//! Within one block (a paragraph, heading, list item, table cell...), a straight quote after a
//! space, the start or opening punctuation opens a quotation; one after anything else closes the
//! innermost open quotation of its kind, whatever follows it (a particle, a letter, a comma). With
//! none open, a quote between punctuation and a letter opens (`표시:"made in"`), and anything else
//! closes (`관계'를`, even when the quotation opened in an earlier paragraph). A `'` between two Latin letters (or a digit and a letter) is an
//! apostrophe (’). A quote with spaces on both sides stays straight, as do escaped quotes (`\'`)
//! and code. Curly quotes typed in the source count as opened and closed. `「」`, `·` and `…`
//! pass through untouched.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// Replaces straight quotes, `...` and runs of hyphens in the text events of `events` (parsed from
/// `body`, with their source ranges).
pub(super) fn smarten(body: &str, events: &mut [(Event<'_>, Range<usize>)]) {
    let mut state = State::default();
    let mut code_block = false;
    for i in 0..events.len() {
        match &events[i].0 {
            Event::Start(tag) if starts_block(tag) => {
                state = State::default();
                code_block |= matches!(tag, Tag::CodeBlock(_));
            }
            Event::End(end) if ends_block(end) => {
                state = State::default();
                code_block &= !matches!(end, TagEnd::CodeBlock);
            }
            Event::Text(t) if !code_block => {
                if !t.contains(['\'', '"', '.', '-', '‘', '’', '“', '”']) {
                    state.prev = t.chars().last().or(state.prev);
                    continue;
                }
                // A backslash escape (`\'`) ends just before the text it escapes.
                let escaped = body
                    .get(..events[i].1.start)
                    .is_some_and(|s| s.ends_with('\\'));
                let next = next_char(events, i + 1);
                let text = state.text(t, next, escaped);
                events[i].0 = Event::Text(CowStr::from(text));
            }
            Event::Text(t) | Event::Code(t) => state.prev = t.chars().last().or(state.prev),
            Event::SoftBreak | Event::HardBreak => state.prev = Some(' '),
            Event::InlineHtml(_) | Event::FootnoteReference(_) => state.prev = Some('x'),
            _ => {}
        }
    }
}

/// Tags that begin a new context for quotes (every block; not emphasis, links or strikethrough).
fn starts_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn ends_block(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// The first character of the text that follows event `from` in the same block, if any.
fn next_char(events: &[(Event<'_>, Range<usize>)], from: usize) -> Option<char> {
    for (event, _) in events.iter().skip(from) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = t.chars().next() {
                    return Some(c);
                }
            }
            Event::SoftBreak | Event::HardBreak => return Some(' '),
            Event::InlineHtml(_) | Event::FootnoteReference(_) => return Some('x'),
            Event::Start(tag) if !starts_block(tag) => {}
            Event::End(end) if !ends_block(end) => {}
            _ => return None,
        }
    }
    None
}

#[derive(Default)]
struct State {
    /// The character before the one being read.
    prev: Option<char>,
    /// Open quotations, innermost last: `'` or `"`.
    open: Vec<char>,
}

impl State {
    /// `t` with its quotes, ellipses and dashes; `after` is the character that follows it;
    /// `escaped`: its first character was escaped in the source, and stays as it is.
    fn text(&mut self, t: &str, after: Option<char>, escaped: bool) -> String {
        let chars: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len() + 8);
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            let next = chars.get(k + 1).copied().or(after);
            let run = chars[k..].iter().take_while(|&&d| d == c).count();
            match c {
                _ if k == 0 && escaped => out.push(c),
                '\'' | '"' | '‘' | '’' | '“' | '”' => out.push(self.quote(c, next)),
                '.' if run >= 3 => {
                    out.extend(std::iter::repeat_n('…', run / 3));
                    out.extend(std::iter::repeat_n('.', run % 3));
                    k += run - 1;
                }
                '-' if run >= 2 => {
                    out.push_str(&dashes(run));
                    k += run - 1;
                }
                _ => out.push(c),
            }
            self.prev = out.chars().last();
            k += 1;
        }
        out
    }

    /// The quote mark for `q` (straight or curly) between `self.prev` and `next`.
    fn quote(&mut self, q: char, next: Option<char>) -> char {
        let kind = if matches!(q, '"' | '“' | '”') {
            '"'
        } else {
            '\''
        };
        let (open, close) = if kind == '"' {
            ('“', '”')
        } else {
            ('‘', '’')
        };
        let prev = self.prev;
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || is_latin(c));
        if kind == '\'' && q != '‘' && latin(prev) && next.is_some_and(is_latin_letter) {
            return '’'; // an apostrophe: Singapore’s, don’t
        }
        let after_space = prev.is_none_or(|p| p.is_whitespace() || opens(p));
        let before_space = next.is_none_or(char::is_whitespace);
        let closes = match q {
            '“' | '‘' => false,
            '”' | '’' => true,
            _ if after_space => {
                if before_space {
                    return q; // alone between spaces: left as written
                }
                false
            }
            // Stuck to what comes before: it closes, unless nothing is open and it sits between
            // punctuation and a letter (`표시:"made in"`).
            _ => {
                self.open.contains(&kind)
                    || prev.is_some_and(char::is_alphanumeric)
                    || !next.is_some_and(char::is_alphanumeric)
            }
        };
        if closes {
            if let Some(at) = self.open.iter().rposition(|&o| o == kind) {
                self.open.truncate(at);
            }
            close
        } else {
            self.open.push(kind);
            open
        }
    }
}

/// Characters after which a quote opens, as after a space.
fn opens(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '「' | '『' | '〈' | '《' | '“' | '‘' | '—' | '–' | '/' | '（'
    )
}

fn is_latin(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x0250
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || is_latin(c)
}

/// A run of `n` hyphens as dashes: em dashes for threes, en dashes for twos (as CommonMark's
/// smart punctuation does).
fn dashes(n: usize) -> String {
    let (em, en) = if n.is_multiple_of(3) {
        (n / 3, 0)
    } else if n.is_multiple_of(2) {
        (0, n / 2)
    } else if n % 3 == 2 {
        ((n - 2) / 3, 1)
    } else {
        ((n - 4) / 3, 2)
    };
    "—".repeat(em) + &"–".repeat(en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn smart(body: &str) -> String {
        let mut events: Vec<_> = Parser::new_ext(body, Options::empty())
            .into_offset_iter()
            .collect();
        smarten(body, &mut events);
        events
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                Event::SoftBreak => Some(" ".into()),
                Event::End(TagEnd::Paragraph) => Some("\n".into()),
                _ => None,
            })
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    #[test]
    fn quotes_followed_by_particles_close() {
        assert_eq!(
            smart("바라카 원전을 계기로 형성된 '특별 전략적 동반자 관계'를 바탕으로"),
            "바라카 원전을 계기로 형성된 ‘특별 전략적 동반자 관계’를 바탕으로"
        );
        assert_eq!(
            smart(
                "\"비할랄\" 표시를, \"made in\", \"product of\" 등의 문구와 'UFLPA 기업 목록' 등재"
            ),
            "“비할랄” 표시를, “made in”, “product of” 등의 문구와 ‘UFLPA 기업 목록’ 등재"
        );
        assert_eq!(
            smart("그는 \"이 조치는 '임시'일 뿐\"이라고 말했다."),
            "그는 “이 조치는 ‘임시’일 뿐”이라고 말했다."
        );
    }

    #[test]
    fn emphasis_links_and_attached_quotes() {
        assert_eq!(
            smart("'**강조**'를 '[링크](https://a.b)'와"),
            "‘강조’를 ‘링크’와"
        );
        assert_eq!(smart("문구:\"made in\"을 쓴다"), "문구:“made in”을 쓴다");
        assert_eq!(smart("(\"가\")와 「나」·다…"), "(“가”)와 「나」·다…");
    }

    #[test]
    fn apostrophes_dashes_ellipses_code_and_escapes() {
        assert_eq!(
            smart("Singapore's port, exporters' costs and 'rules'."),
            "Singapore’s port, exporters’ costs and ‘rules’."
        );
        assert_eq!(
            smart("2023--2024, a---b. 그리고..."),
            "2023–2024, a—b. 그리고…"
        );
        assert_eq!(smart("`'code'` and \\'escaped\\'"), "'code' and 'escaped'");
        assert_eq!(smart("a ' b"), "a ' b");
        // Quotes do not carry from one paragraph to the next.
        assert_eq!(smart("'열림\n\n닫힘'을"), "‘열림\n닫힘’을");
    }
}

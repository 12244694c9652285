//! An entry file's parts: the front matter parsed with positions, the Korean body's checks
//! (headings, links, nesting, length, control characters) and the English body.
//!
//! Input: a [`Source`]. Output: the parsed front matter and body, with diagnostics.

use super::*;

/// Splits and parses the front matter of `src`; on failure records why and returns `None`.
pub(super) fn front_matter<'a>(
    src: &'a Source,
    diags: &mut Diagnostics,
) -> Option<(Doc, &'a str, usize)> {
    let parts = match split(&src.text) {
        Ok(p) => p,
        Err(e) => {
            diags.push(
                Diagnostic::error(&src.rel, Pos::new(e.line, 1), e.message).with_hint(e.hint),
            );
            return None;
        }
    };
    match yaml::parse(parts.yaml, parts.yaml_line) {
        Ok(parsed) => Some((Doc::new(&src.rel, parsed), parts.body, parts.body_line)),
        Err(e) => {
            diags.push(Diagnostic::error(&src.rel, e.pos, e.message).with_hint(e.hint));
            None
        }
    }
}

// Long: the body's checks in the order they are reported (placeholders, control characters, hosts, links, headings, nesting, length); each is short.
/// Checks a body's headings and links; returns its word count and its `@/` links with positions.
pub(super) fn check_body(
    file: &str,
    body: &str,
    body_line: usize,
    required: bool,
    diags: &mut Diagnostics,
) -> (usize, Vec<(String, Pos)>) {
    if body.trim().is_empty() {
        if required {
            diags.push(
                Diagnostic::error(file, Pos::new(body_line.saturating_sub(1), 1), "the body is empty")
                    .with_hint("after the closing ---, describe the barrier under headings such as ## 현황, ## 우리 기업 영향, ## 대응 및 진전"),
            );
        }
        return (0, vec![]);
    }
    for (i, line) in body.lines().enumerate() {
        if line.trim_start().starts_with(crate::scaffold::PLACEHOLDER) {
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            diags.push(
                Diagnostic::error(
                    file,
                    Pos::new(body_line + i, column),
                    "the body still holds a placeholder written by knte new",
                )
                .with_hint(format!(
                    "replace this {} paragraph with the barrier's facts, each with its date",
                    crate::scaffold::PLACEHOLDER
                )),
            );
        }
    }
    if let Some(at) = body.find(crate::load::split::is_forbidden) {
        let c = body[at..].chars().next().unwrap_or(' ');
        let pos = markdown::offset_positions(body, &[at], body_line)[0];
        diags.push(
            Diagnostic::warning(
                file,
                Pos::new(pos.0, pos.1),
                format!(
                    "the body contains the control character U+{:04X}; it is left out of every output",
                    c as u32
                ),
            )
            .with_hint("text pasted from another program can carry invisible characters: retype the text around this place")
            .grouped(Group::ControlCharacter),
        );
    }
    let scan = markdown::scan(body);
    let other_hosts: Vec<usize> = scan
        .links
        .iter()
        .filter(|l| markdown::leaves_site(&l.dest))
        .map(|l| l.offset)
        .collect();
    for (l, c) in markdown::offset_positions(body, &other_hosts, body_line) {
        diags.push(
            Diagnostic::error(file, Pos::new(l, c), "a link starting with // leads to another site")
                .with_hint("write the full address with https://, or a path on this site starting with a single /"),
        );
    }
    let internal: Vec<(&str, usize)> = scan.internal_links().collect();
    let offsets: Vec<usize> = scan
        .h1
        .iter()
        .copied()
        .chain(scan.too_deep)
        .chain(internal.iter().map(|(_, off)| *off))
        .collect();
    let mut places = markdown::offset_positions(body, &offsets, body_line)
        .into_iter()
        .map(|(l, c)| Pos::new(l, c));
    for pos in places.by_ref().take(scan.h1.len()) {
        diags.push(
            Diagnostic::error(file, pos, "the body has a level-1 heading").with_hint(
                "the title comes from the front matter; start the body's headings at ## (level 2)",
            ),
        );
    }
    if scan.too_deep.is_some() {
        let pos = places.next().unwrap_or(Pos::new(body_line, 1));
        diags.push(
            Diagnostic::error(
                file,
                pos,
                format!(
                    "quotes and lists are nested more than {} levels deep here",
                    markdown::MAX_NESTING
                ),
            )
            .with_hint("a report needs two or three levels: check the '>' and '-' at the start of the line"),
        );
    }
    let links = internal
        .iter()
        .zip(places)
        .filter(|((p, _), pos)| {
            let entry = p.split_once('/').is_some_and(|(code, name)| {
                crate::load::is_partner_code(code)
                    && (name == "_partner.md"
                        || name
                            .strip_suffix(".md")
                            .is_some_and(|s| crate::load::is_slug(s) && !s.ends_with(".en")))
            });
            if !entry {
                diags.push(
                    Diagnostic::error(file, *pos, format!("the link @/{p} does not point to an entry"))
                        .with_hint("@/ links name a barrier's Korean file or a partner's _partner.md under content/, e.g. [등록 제도](@/cn/cosmetics-registration.md); the English page of an entry links to the English text by itself"),
                );
            }
            entry
        })
        .map(|((p, _), pos)| (p.to_string(), pos))
        .collect();
    (scan.words, links)
}

pub(super) fn english_body(
    src: &Source,
    diags: &mut Diagnostics,
) -> (Option<String>, Vec<(String, Pos)>) {
    if src
        .text
        .lines()
        .next()
        .is_some_and(|l| l.trim_end() == "---")
    {
        diags.push(
            Diagnostic::error(&src.rel, Pos::new(1, 1), "an English body has no front matter")
                .with_hint("remove the --- block: title_en and summary_en belong in the Korean entry's front matter"),
        );
        return (None, vec![]);
    }
    let errors = diags.errors();
    let (_, links) = check_body(&src.rel, &src.text, 1, true, diags);
    let text = (diags.errors() == errors).then(|| crate::load::split::clean_body(&src.text));
    (text, links)
}

//! Bodies as HTML for the site: `@/` links resolved, heading ids kept clear of the templates' own
//! ids, raw HTML sanitised, tables in named scroll boxes.
//!
//! Input: a body's Markdown text and a link resolver. Output: sanitised HTML.

use super::parse;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{BTreeMap, HashSet};

/// Renders a body to HTML: `@/path.md` links go through `resolve` (an unresolved one is left as
/// plain text), headings get ids, and the result is sanitised: raw HTML in a body may format text
/// but never runs script, styles the page or opens other origins in this one.
pub(crate) fn to_html(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut ids = HashSet::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_at: Option<usize> = None;
    let mut dropped_links = 0usize;
    for (event, _) in parse(body) {
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                heading_at = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_at.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id = unique_id(&heading_id(&text), &mut ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(path) = dest_url.strip_prefix("@/") {
                    let (file, anchor) = path
                        .split_once('#')
                        .map_or((path, None), |(f, a)| (f, Some(a)));
                    match resolve(file) {
                        Some(url) => {
                            let url = match anchor {
                                Some(a) => format!("{url}#{a}"),
                                None => url,
                            };
                            events.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url: url.into(),
                                title,
                                id,
                            }));
                        }
                        None => dropped_links += 1,
                    }
                } else {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html)
}

/// Puts every table of sanitised body HTML in a scroll box that keyboard users can reach and
/// screen readers name (`label`, e.g. "표"), so a wide table scrolls inside the page on a phone
/// instead of widening it. Only the sanitiser's own `<table>` tags are matched: text from content
/// arrives escaped, so it cannot hold one.
pub(crate) fn wrap_tables(html: &str, label: &str) -> String {
    let count = html.matches("<table>").count();
    if count == 0 {
        return html.to_string();
    }
    let label = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    // Each box is a landmark: with several tables, each is numbered so that every name is unique.
    let mut out = String::with_capacity(html.len() + count * 96);
    for (i, part) in html.split("<table>").enumerate() {
        if i > 0 {
            let name = if count > 1 {
                format!("{label} {i}")
            } else {
                label.clone()
            };
            out.push_str(&format!(
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{name}\"><table>"
            ));
        }
        out.push_str(part);
    }
    out.replace("</table>", "</table></div>")
}

/// Cleans HTML from content: keeps formatting, tables, links and heading ids; removes scripts,
/// event attributes, styles, and URLs other than http(s), mailto and in-page or site-relative ones.
pub(super) fn sanitize(html: &str) -> String {
    let mut classes: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    classes.insert("sup", ["footnote-reference"].into());
    classes.insert("div", ["footnote-definition"].into());
    classes.insert("span", ["footnote-definition-label"].into());
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id"])
        .add_tags(["sup", "div", "span"])
        // Bodies have no image pipeline yet: an <img> could only load something from elsewhere.
        .rm_tags(["img"])
        .allowed_classes(classes.into_iter().collect())
        .url_schemes(["http", "https", "mailto"].into())
        // `//host/x` (and `/\host`, which browsers read the same way) leads to another site
        // while looking relative: such links are dropped, the rest pass through.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_on_site)))
        .link_rel(Some("noopener noreferrer"))
        .id_prefix(None);
    builder.clean(html).to_string()
}

fn keep_on_site(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    (!leaves_site(url)).then_some(std::borrow::Cow::Borrowed(url))
}

/// Whether a link without a scheme still leads to another host: `//host/x`, `/\host/x`, `\\host`.
pub(crate) fn leaves_site(url: &str) -> bool {
    let mut c = url.trim_start().chars();
    matches!((c.next(), c.next()), (Some('/' | '\\'), Some('/' | '\\')))
}

/// A heading id that keeps Hangul and other letters: "대응 및 진전" -> "대응-및-진전".
pub(super) fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Ids the page templates give their own elements, and the prefixes of the ids they make from
/// data (`cat-tbt`, `p-cn`, `sec-facts`...): a body heading never takes one of them.
const TEMPLATE_IDS: &[&str] = &[
    "by-category",
    "cats",
    "content",
    "data",
    "data-caption",
    "feeds",
    "filters-title",
    "foreword",
    "glance",
    "home-q",
    "how-to-send",
    "latest",
    "main-menu",
    "method",
    "new",
    "partner-list",
    "pdfs",
    "profile",
    "report-form",
    "statuses",
    "what-to-include",
];
const TEMPLATE_ID_PREFIXES: &[&str] = &["cat-", "ch-", "db-", "f-", "feeds-", "map-", "p-", "sec-"];

/// The id of a body heading: its slug, moved out of the templates' way with an `h-` prefix when
/// the page already uses that id.
pub(super) fn heading_id(text: &str) -> String {
    let slug = slugify(text);
    if TEMPLATE_IDS.contains(&slug.as_str())
        || TEMPLATE_ID_PREFIXES.iter().any(|p| slug.starts_with(p))
    {
        format!("h-{slug}")
    } else {
        slug
    }
}

fn unique_id(base: &str, seen: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !seen.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

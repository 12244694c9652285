//! Markdown bodies in the PDF: a body's blocks and inlines -> paragraphs, lists, quotations, code,
//! captioned tables and footnotes on the [`Composer`]'s flow.
//!
//! Input: [`Block`]s and [`Inline`]s from [`crate::markdown`], links already resolved (`#b-...` for
//! an entry of this document). Output: [`Span`]s (bold, slanted, linked; a link to another entry
//! followed by its page) and [`Flow`] items: list items with their marker, quotations in grey with a
//! rule, tables numbered with their `표:` title and `자료:` source (see `apparatus`).

use super::apparatus::{self, page_reference};
use super::layout::{self, Flow, ParaStyle, Span, Target, MUTED};
use super::{body_style, inline_text, Composer, EMPHASIS_COLOR};
use crate::markdown::{Block, Inline};

impl Composer<'_> {
    pub(super) fn inlines(&mut self, inlines: &[Inline]) -> Vec<Span> {
        let mut out = Vec::new();
        for (k, i) in inlines.iter().enumerate() {
            // After a link to another entry of this document, the page it is on.
            if let Some(anchor) = apparatus::entry_link_ends(inlines, k) {
                out.extend(page_reference(anchor, inlines, k));
            }
            match i {
                Inline::Text {
                    text,
                    strong,
                    emph,
                    code,
                    link,
                } => {
                    let mut s = self.span(text);
                    if *strong {
                        s = s.bold();
                    }
                    s.italic = *emph;
                    if *code {
                        s = s.color(EMPHASIS_COLOR);
                    }
                    let target = link.as_ref().map(|l| match l.strip_prefix('#') {
                        Some(a) => Target::Anchor(a.to_string()),
                        None => Target::Uri(l.clone()),
                    });
                    out.push(s.link(target));
                }
                Inline::Note(n) => self.push_note_ref(&mut out, *n),
                Inline::Break => out.push(Span::new("\n")),
            }
        }
        if let Some(anchor) = apparatus::entry_link_ends(inlines, inlines.len()) {
            out.extend(page_reference(anchor, inlines, inlines.len()));
        }
        out
    }

    // Long: one arm per kind of Markdown block, each a few lines, sharing the composer's state.
    pub(super) fn blocks(&mut self, blocks: &[Block], indent: f32) {
        let captions = apparatus::Captions::of(blocks);
        for (i, b) in blocks.iter().enumerate() {
            if captions.used(i) {
                continue;
            }
            match b {
                Block::Heading { level, inlines } => {
                    let text = inline_text(inlines);
                    // Body headings sit below the entry's title (level 3).
                    self.heading((*level + 2).min(4), &text, None, None, None);
                }
                Block::Paragraph(inl) => {
                    let spans = self.inlines(inl);
                    self.para(
                        spans,
                        ParaStyle {
                            indent,
                            ..body_style()
                        },
                    );
                }
                Block::List { start, items } => self.list(*start, items, indent),
                Block::Quote(inner) => {
                    for blk in inner {
                        if let Block::Paragraph(inl) = blk {
                            let spans = self
                                .inlines(inl)
                                .into_iter()
                                .map(|s| {
                                    if s.color == layout::INK {
                                        s.color(MUTED)
                                    } else {
                                        s
                                    }
                                })
                                .collect();
                            self.para(
                                spans,
                                ParaStyle {
                                    indent,
                                    rule: true,
                                    ..body_style()
                                },
                            );
                        } else {
                            self.blocks(std::slice::from_ref(blk), indent + 10.0);
                        }
                    }
                }
                Block::Code(code) => {
                    for line in code.lines() {
                        let s = self.span(line).color(EMPHASIS_COLOR);
                        self.para(
                            vec![s],
                            ParaStyle {
                                size: 8.5,
                                indent: indent + 8.0,
                                space_after: 0.0,
                                ..body_style()
                            },
                        );
                    }
                    self.flow.push(Flow::Space(4.0));
                }
                Block::Table { head, rows } => {
                    let head: Vec<Vec<Span>> = head.iter().map(|c| self.inlines(c)).collect();
                    let rows: Vec<Vec<Vec<Span>>> = rows
                        .iter()
                        .map(|r| r.iter().map(|c| self.inlines(c)).collect())
                        .collect();
                    let title = captions
                        .title(i)
                        .map(|t| self.inlines(&t))
                        .unwrap_or_default();
                    let source = captions.source(i).map(|s| self.inlines(&s));
                    self.captioned_table(title, source, head, rows, None);
                }
                Block::Rule => self.flow.push(Flow::Rule),
                Block::Note { number, blocks } => self.note(*number, blocks),
            }
        }
    }

    /// A list: each item's first paragraph set with its marker (a number, or a bullet: `•`, `◦`
    /// when nested), the item's other blocks indented under it.
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], indent: f32) {
        for (n, item) in items.iter().enumerate() {
            let marker = match start {
                Some(s) => format!("{}.", s + n as u64),
                None => {
                    if indent > 0.0 {
                        "◦".to_string()
                    } else {
                        "•".to_string()
                    }
                }
            };
            let item_indent = indent + 16.0;
            let mut first = true;
            for blk in item {
                match blk {
                    Block::Paragraph(inl) if first => {
                        let spans = self.inlines(inl);
                        self.para(
                            spans,
                            ParaStyle {
                                indent: item_indent,
                                marker: Some(marker.clone()),
                                space_after: 2.5,
                                ..body_style()
                            },
                        );
                    }
                    other => {
                        if first {
                            self.para(
                                vec![Span::new("")],
                                ParaStyle {
                                    indent: item_indent,
                                    marker: Some(marker.clone()),
                                    space_after: 0.0,
                                    ..body_style()
                                },
                            );
                        }
                        self.blocks(std::slice::from_ref(other), item_indent);
                    }
                }
                first = false;
            }
        }
        self.flow.push(Flow::Space(3.0));
    }
}

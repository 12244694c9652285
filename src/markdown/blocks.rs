//! Bodies as blocks for renderers that lay text out themselves (the PDF report): headings,
//! paragraphs of styled runs, lists, quotes, code, tables, rules and footnotes gathered at the end.
//!
//! Input: a body's Markdown text and a link resolver. Output: a tree of [`Block`]s of [`Inline`]s.

use super::parse;
use pulldown_cmark::{Event, Tag, TagEnd};

/// A run of text inside a block, with its emphasis and link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text {
        text: String,
        strong: bool,
        emph: bool,
        code: bool,
        link: Option<String>,
    },
    /// A footnote reference, numbered in order of first use.
    Note(usize),
    /// A hard line break.
    Break,
}

/// Appends `inl`, joining it to the text before it when both are text in the same style: the
/// parser hands over text in pieces (at every `[`, `*` or entity), and a run of them must not
/// become one span per character.
fn push_merged(to: &mut Vec<Inline>, inl: Inline) {
    if let (
        Some(Inline::Text {
            text,
            strong,
            emph,
            code,
            link,
        }),
        Inline::Text {
            text: more,
            strong: s2,
            emph: e2,
            code: c2,
            link: l2,
        },
    ) = (to.last_mut(), &inl)
    {
        if (*strong, *emph, *code, &*link) == (*s2, *e2, *c2, l2) {
            text.push_str(more);
            return;
        }
    }
    to.push(inl);
}

/// A body as blocks, for renderers that lay text out themselves (the PDF report).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is the first number of an ordered list, `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// Footnote `n`'s text; collected at the end of the body.
    Note {
        number: usize,
        blocks: Vec<Block>,
    },
}

/// Parses a body into [`Block`]s. Links go through `resolve` (`@/cn/x.md` and external URLs alike:
/// it returns the destination to use, or `None` to keep only the text). Raw HTML keeps its text only.
pub(crate) fn to_blocks(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Block> {
    let mut b = Builder::new(resolve);
    for (event, _) in parse(body) {
        b.event(event);
    }
    b.finish()
}

/// A block being filled: the document itself, a list item, a quote or a footnote's text.
struct Frame {
    kind: FrameKind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
}

enum FrameKind {
    Root,
    Item,
    Quote,
    Note(usize),
}

impl Frame {
    fn new(kind: FrameKind) -> Frame {
        Frame {
            kind,
            blocks: vec![],
            inlines: vec![],
        }
    }

    /// Closes the paragraph being filled, if any.
    fn flush(&mut self) {
        if !self.inlines.is_empty() {
            let inl = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph(inl));
        }
    }
}

/// A table being filled: its header row, its body rows, the row and cell in progress.
#[derive(Default)]
struct TableFill {
    head: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
    cell: Vec<Inline>,
}

/// The state of [`to_blocks`] between two parser events.
struct Builder<'r> {
    resolve: &'r dyn Fn(&str) -> Option<String>,
    stack: Vec<Frame>,
    lists: Vec<(Option<u64>, Vec<Vec<Block>>)>,
    /// Footnote labels in order of first use: a label's number is its place here, from 1.
    notes: Vec<String>,
    footer: Vec<Block>,
    strong: u32,
    emph: u32,
    links: Vec<Option<String>>,
    heading: Option<u8>,
    code_block: Option<String>,
    table: Option<TableFill>,
}

impl<'r> Builder<'r> {
    fn new(resolve: &'r dyn Fn(&str) -> Option<String>) -> Self {
        Builder {
            resolve,
            stack: vec![Frame::new(FrameKind::Root)],
            lists: Vec::new(),
            notes: Vec::new(),
            footer: Vec::new(),
            strong: 0,
            emph: 0,
            links: Vec::new(),
            heading: None,
            code_block: None,
            table: None,
        }
    }

    fn note_number(&mut self, label: &str) -> usize {
        match self.notes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.notes.push(label.to_string());
                self.notes.len()
            }
        }
    }

    fn top(&mut self) -> Option<&mut Frame> {
        self.stack.last_mut()
    }

    /// Closes the open paragraph, then adds `block` to the innermost open block.
    fn push_block(&mut self, block: Block) {
        if let Some(top) = self.top() {
            top.flush();
            top.blocks.push(block);
        }
    }

    /// Adds a run of text to the table cell or paragraph being filled.
    fn push_inline(&mut self, inl: Inline) {
        if let Some(t) = self.table.as_mut() {
            push_merged(&mut t.cell, inl);
        } else if let Some(top) = self.stack.last_mut() {
            push_merged(&mut top.inlines, inl);
        }
    }

    /// A text run in the current emphasis and link.
    fn styled(&self, text: String, code: bool) -> Inline {
        Inline::Text {
            text,
            strong: self.strong > 0,
            emph: self.emph > 0,
            code,
            link: self.links.iter().rev().find_map(|l| l.clone()),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) => match self.code_block.as_mut() {
                Some(code) => code.push_str(&t),
                None => self.push_inline(self.styled(t.to_string(), false)),
            },
            Event::Code(t) => self.push_inline(self.styled(t.to_string(), true)),
            Event::InlineHtml(h) | Event::Html(h) => {
                let text = strip_tags(&h);
                if !text.trim().is_empty() {
                    self.push_inline(Inline::Text {
                        text,
                        strong: false,
                        emph: false,
                        code: false,
                        link: None,
                    });
                }
            }
            Event::FootnoteReference(label) => {
                let n = self.note_number(&label);
                self.push_inline(Inline::Note(n));
            }
            Event::SoftBreak => {
                let mut space = self.styled(" ".into(), false);
                if let Inline::Text { link, .. } = &mut space {
                    *link = None;
                }
                self.push_inline(space)
            }
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some(level as u8),
            Tag::List(start) => {
                if let Some(top) = self.top() {
                    top.flush();
                }
                self.lists.push((start, Vec::new()));
            }
            Tag::Item => self.stack.push(Frame::new(FrameKind::Item)),
            Tag::BlockQuote(_) => {
                if let Some(top) = self.top() {
                    top.flush();
                }
                self.stack.push(Frame::new(FrameKind::Quote));
            }
            Tag::FootnoteDefinition(label) => {
                let n = self.note_number(&label);
                self.stack.push(Frame::new(FrameKind::Note(n)));
            }
            Tag::CodeBlock(_) => self.code_block = Some(String::new()),
            Tag::Table(_) => self.table = Some(TableFill::default()),
            Tag::Strong => self.strong += 1,
            Tag::Emphasis => self.emph += 1,
            Tag::Link { dest_url, .. } => {
                let to = (self.resolve)(&dest_url);
                self.links.push(to);
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph => {
                if let Some(top) = self.top() {
                    top.flush();
                }
            }
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(2);
                if let Some(top) = self.top() {
                    let inlines = std::mem::take(&mut top.inlines);
                    top.blocks.push(Block::Heading { level, inlines });
                }
            }
            TagEnd::List(_) => {
                if let Some((start, items)) = self.lists.pop() {
                    if let Some(top) = self.top() {
                        top.blocks.push(Block::List { start, items });
                    }
                }
            }
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.close_frame(),
            TagEnd::CodeBlock => {
                if let Some(code) = self.code_block.take() {
                    self.push_block(Block::Code(code.trim_end().to_string()));
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.emph = self.emph.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            _ => {}
        }
    }

    /// The end of a list item, quote or footnote: its blocks go to their list, their parent or the
    /// footer.
    fn close_frame(&mut self) {
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        frame.flush();
        match frame.kind {
            FrameKind::Item => {
                if let Some((_, items)) = self.lists.last_mut() {
                    items.push(frame.blocks);
                }
            }
            FrameKind::Quote => {
                if let Some(top) = self.top() {
                    top.blocks.push(Block::Quote(frame.blocks));
                }
            }
            FrameKind::Note(number) => self.footer.push(Block::Note {
                number,
                blocks: frame.blocks,
            }),
            // The document itself never closes early: put it back.
            FrameKind::Root => self.stack.push(frame),
        }
    }

    /// The document's blocks, its footnotes after them in number order.
    fn finish(self) -> Vec<Block> {
        let mut root = self
            .stack
            .into_iter()
            .next()
            .unwrap_or_else(|| Frame::new(FrameKind::Root));
        root.flush();
        let mut footer = self.footer;
        footer.sort_by_key(|b| match b {
            Block::Note { number, .. } => *number,
            _ => 0,
        });
        root.blocks.extend(footer);
        root.blocks
    }
}

/// The text of an HTML fragment, without its tags (for renderers that cannot show HTML).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

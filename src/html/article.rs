//! Passes 2 and 3: the element that holds the article, and its text, block by block.

use scraper::ElementRef;

use super::furniture::{candidate_rank, classify, holds_most, is_sectioning, Treatment};
use super::scan::Scan;
use super::{walk, Step};

/// The element whose text is the article (see the module docs).
pub(super) fn choose_root<'a>(top: ElementRef<'a>, scan: &Scan<'a>) -> ElementRef<'a> {
    let page = scan.body.unwrap_or(top);
    let total = scan.len(page);
    let mut best: [Option<(usize, ElementRef<'a>)>; 2] = [None, None];
    let mut sections = 0usize;
    let mut stack: Vec<bool> = Vec::new();
    walk(top, |step| match step {
        Step::Open(element) => {
            let e = element.value();
            match classify(e, sections > 0) {
                Treatment::Hard => return false,
                Treatment::Soft if !holds_most(scan.len(element), total) => return false,
                _ => {}
            }
            if let Some(rank) = candidate_rank(e) {
                let len = scan.len(element);
                let slot = &mut best[rank as usize];
                if len > 0 && slot.is_none_or(|(l, _)| len > l) {
                    *slot = Some((len, element));
                }
            }
            let sectioning = is_sectioning(e.name());
            sections += usize::from(sectioning);
            stack.push(sectioning);
            true
        }
        Step::Close => {
            if stack.pop() == Some(true) {
                sections -= 1;
            }
            true
        }
        Step::Text(_) => true,
    });
    best.into_iter()
        .flatten()
        .next()
        .map_or(page, |(_, element)| element)
}

pub(super) fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

fn is_preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "xmp" | "plaintext")
}

/// HTML's collapsible whitespace, and the no-break space.
pub(super) fn is_space(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{A0}'
}

pub(super) fn collapse(s: &str) -> String {
    s.split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Clone, Copy)]
struct Frame {
    block: bool,
    pre: bool,
    sectioning: bool,
    title: bool,
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) paragraphs: Vec<String>,
    buf: String,
    pending_space: bool,
    pre: usize,
    /// Inside the `<h1>` taken as the title.
    in_title: bool,
    pub(super) title: Option<String>,
}

impl Builder {
    pub(super) fn run(&mut self, root: ElementRef, scan: &Scan) {
        let total = scan.len(root);
        let mut sections = root
            .ancestors()
            .filter_map(ElementRef::wrap)
            .filter(|a| is_sectioning(a.value().name()))
            .count();
        let mut stack: Vec<Frame> = Vec::new();
        walk(root, |step| {
            match step {
                Step::Open(element) => {
                    let e = element.value();
                    if element != root {
                        match classify(e, sections > 0) {
                            Treatment::Hard => return false,
                            Treatment::Soft if !holds_most(scan.len(element), total) => {
                                return false
                            }
                            _ => {}
                        }
                    }
                    let name = e.name();
                    match name {
                        "br" => {
                            self.line_break();
                            return false;
                        }
                        "wbr" => return false,
                        _ => {}
                    }
                    let frame = Frame {
                        block: is_block(name),
                        pre: is_preformatted(name),
                        sectioning: is_sectioning(name),
                        title: name == "h1" && self.title.is_none() && !self.in_title,
                    };
                    if frame.block {
                        self.boundary();
                    }
                    if frame.title {
                        self.in_title = true;
                    }
                    self.pre += usize::from(frame.pre);
                    sections += usize::from(frame.sectioning);
                    stack.push(frame);
                }
                Step::Text(text) => self.text(text),
                Step::Close => {
                    let Some(frame) = stack.pop() else {
                        return true;
                    };
                    self.pre -= usize::from(frame.pre);
                    sections -= usize::from(frame.sectioning);
                    if frame.title {
                        self.in_title = false;
                        let title = collapse(&std::mem::take(&mut self.buf));
                        self.pending_space = false;
                        if !title.is_empty() {
                            self.title = Some(title);
                        }
                    }
                    if frame.block {
                        self.boundary();
                    }
                }
            }
            true
        });
        self.flush();
    }

    fn push(&mut self, c: char) {
        if self.pending_space && !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push(' ');
        }
        self.pending_space = false;
        self.buf.push(c);
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 && !self.in_title {
            for c in text.chars() {
                match c {
                    '\n' => self.line_break(),
                    '\r' => {}
                    c => {
                        self.pending_space = false;
                        self.buf.push(c);
                    }
                }
            }
            return;
        }
        for c in text.chars() {
            if is_space(c) {
                self.pending_space = true;
            } else {
                self.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        if self.in_title {
            self.pending_space = true;
            return;
        }
        self.pending_space = false;
        if self.buf.is_empty() || self.buf.ends_with("\n\n") {
            return;
        }
        // No trailing spaces before the break (`<pre>` lines may have them).
        let trimmed = self.buf.trim_end_matches([' ', '\t']).len();
        self.buf.truncate(trimmed);
        self.buf.push('\n');
    }

    fn boundary(&mut self) {
        if self.in_title {
            self.pending_space = true;
        } else {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let paragraph = self.buf.trim_end();
        if !paragraph.trim_start().is_empty() {
            self.paragraphs.push(paragraph.to_string());
        }
        self.buf.clear();
        self.pending_space = false;
    }
}

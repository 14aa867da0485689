//! The parser's cost.
//!
//! html5ever builds the tree the HTML standard's way, and two of its steps cost more than the
//! input's size: every block start tag scans the stack of open elements (so 50,000 nested
//! `<div>`s, a 250 KB file, take seconds and grow quadratically), and every piece of text
//! re-creates the formatting elements (`<b>`, `<font>`, ...) that a block closed while they
//! were open (so 3,000 distinct open `<b>`s and 3,000 paragraphs, 60 KB, make 9 million nodes).
//! Browsers live with both because real pages stay shallow; a cheap scan of the tags, with a
//! rough model of the tree builder, refuses the pages that do not before they are parsed.

use std::collections::HashMap;

use super::article::is_block;
use super::TooComplex;

/// Deepest nesting of elements read (Blink and WebKit stop nesting at 512).
pub(crate) const MAX_DEPTH: usize = 1000;
/// Most element re-creations (beyond three per piece of text, as any page may have) and
/// stack scans (block start tags times depth) that one page may cost.
const MAX_RECREATED: u64 = 2_000_000;
const MAX_SCANNED: u64 = 200_000_000;

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
            | "image"
    )
}

/// Elements the tree builder closes by itself (or merges), left out of the depth model.
fn closes_itself(name: &str) -> bool {
    matches!(
        name,
        "li" | "dd"
            | "dt"
            | "option"
            | "optgroup"
            | "tr"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is text up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
    )
}

/// Start tags that close an open `<p>` (and so scan the stack).
fn closes_p(name: &str) -> bool {
    (is_block(name)
        && !matches!(
            name,
            "html" | "body" | "caption" | "td" | "th" | "tr" | "tbody" | "thead" | "tfoot"
        ))
        || name == "search"
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The open formatting elements since the last marker (a table cell, `object`, ...): the
/// tree builder keeps at most three alike (same name and attributes) and re-creates them.
#[derive(Default)]
struct Formatting {
    /// The table cell (`td`, `th`) or other marker element that opened the frame.
    cell: Option<&'static str>,
    /// The stack's depth with that element open: the frame ends when the element is popped.
    depth: usize,
    alike: HashMap<String, usize>,
    by_name: HashMap<String, Vec<String>>,
    /// Entries kept: the sum over `alike` of min(count, 3).
    kept: usize,
}

impl Formatting {
    fn open(&mut self, name: &str, key: String) {
        let count = self.alike.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count <= 3 {
            self.kept += 1;
        }
        self.by_name.entry(name.to_string()).or_default().push(key);
    }

    fn close(&mut self, name: &str) {
        let Some(key) = self.by_name.get_mut(name).and_then(Vec::pop) else {
            return;
        };
        if let Some(count) = self.alike.get_mut(&key) {
            if *count <= 3 {
                self.kept -= 1;
            }
            *count -= 1;
        }
    }

    fn has(&self, name: &str) -> bool {
        self.by_name.get(name).is_some_and(|v| !v.is_empty())
    }
}

struct Model {
    stack: Vec<String>,
    open: HashMap<String, usize>,
    foreign: usize,
    frames: Vec<Formatting>,
    recreated: u64,
    scanned: u64,
}

impl Model {
    fn push(&mut self, name: &str) {
        self.stack.push(name.to_string());
        *self.open.entry(name.to_string()).or_insert(0) += 1;
        if matches!(name, "svg" | "math") {
            self.foreign += 1;
        }
    }

    fn is_open(&self, name: &str) -> bool {
        self.open.get(name).is_some_and(|&n| n > 0)
    }

    /// Pop up to and including the innermost open `name` (which must be open).
    fn pop_to(&mut self, name: &str) {
        while let Some(top) = self.stack.pop() {
            self.scanned += 1;
            if let Some(n) = self.open.get_mut(&top) {
                *n -= 1;
            }
            if matches!(top.as_str(), "svg" | "math") {
                self.foreign = self.foreign.saturating_sub(1);
            }
            if top == name {
                break;
            }
        }
        // Markers go with their elements.
        while self
            .frames
            .last()
            .is_some_and(|f| f.depth > self.stack.len())
        {
            self.frames.pop();
        }
    }

    fn formatting(&mut self) -> &mut Formatting {
        if self.frames.is_empty() {
            self.frames.push(Formatting::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    /// Text or an inline start tag: the formatting elements closed by a block come back.
    fn recreate(&mut self) {
        let kept = self.formatting().kept;
        self.recreated += kept.saturating_sub(3) as u64;
    }

    /// A new cell or row, or the end of one: the open cell closes, with what it holds.
    fn close_cell(&mut self) {
        if let Some(cell) = self.frames.last().and_then(|f| f.cell) {
            if self.is_open(cell) {
                self.pop_to(cell);
            }
        }
    }

    fn start(&mut self, name: &str, attributes: &str, self_closing: bool) {
        if closes_p(name) {
            self.scanned += self.stack.len() as u64;
            if self.is_open("p") {
                self.pop_to("p");
            }
        } else if !closes_itself(name) {
            self.recreate();
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(top) = self.stack.last() {
                    if matches!(top.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                        let top = top.clone();
                        self.pop_to(&top);
                    }
                }
            }
            "a" | "nobr" | "button" => {
                if self.formatting().has(name) {
                    self.formatting().close(name);
                }
                if self.is_open(name) {
                    self.pop_to(name);
                }
            }
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => self.close_cell(),
            _ => {}
        }
        let leaf = is_void(name)
            || closes_itself(name)
            || (self.foreign > 0 && self_closing)
            || (name == "form" && self.is_open("form"));
        if !leaf {
            self.push(name);
            let marker = match name {
                "td" => Some("td"),
                "th" => Some("th"),
                "caption" => Some("caption"),
                "object" => Some("object"),
                "applet" => Some("applet"),
                "marquee" => Some("marquee"),
                "template" => Some("template"),
                _ => None,
            };
            if marker.is_some() {
                self.frames.push(Formatting {
                    cell: marker.filter(|m| matches!(*m, "td" | "th")),
                    depth: self.stack.len(),
                    ..Formatting::default()
                });
            }
        }
        if is_formatting(name) {
            let key = format!("{name} {}", attributes.trim());
            self.formatting().open(name, key);
        }
    }

    fn end(&mut self, name: &str) {
        if self.is_open(name) {
            self.pop_to(name);
        } else {
            // The tree builder looks for it through the stack.
            self.scanned += self.stack.len() as u64;
        }
        if is_formatting(name) {
            self.formatting().close(name);
        }
        if matches!(name, "tr" | "tbody" | "thead" | "tfoot") {
            self.close_cell();
        }
    }

    fn check(&self, offset: usize) -> Result<(), TooComplex> {
        let reason = if self.stack.len() > MAX_DEPTH {
            format!("elements nested more than {MAX_DEPTH} deep")
        } else if self.recreated > MAX_RECREATED {
            "too many formatting elements (b, i, font, ...) left open, which the parser re-creates in every paragraph".to_string()
        } else if self.scanned > MAX_SCANNED {
            "too many elements for how deeply they are nested".to_string()
        } else {
            return Ok(());
        };
        Err(TooComplex { offset, reason })
    }
}

/// Refuse a document whose parse would cost far more than its size (see above). Linear.
pub(super) fn guard(html: &str) -> Result<(), TooComplex> {
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut model = Model {
        stack: Vec::new(),
        open: HashMap::new(),
        foreign: 0,
        frames: Vec::new(),
        recreated: 0,
        scanned: 0,
    };
    let find = |from: usize, needle: &str| -> Option<usize> {
        lower
            .get(from..)
            .and_then(|rest| rest.find(needle))
            .map(|at| from + at)
    };
    let mut at = 0;
    while at < b.len() {
        let Some(lt) = find(at, "<") else {
            if b[at..].iter().any(|c| !c.is_ascii_whitespace()) {
                model.recreate();
            }
            break;
        };
        if b[at..lt].iter().any(|c| !c.is_ascii_whitespace()) {
            model.recreate();
        }
        let tag = lt;
        at = lt + 1;
        match b.get(at) {
            Some(b'!') => {
                at = if b[at..].starts_with(b"!--") {
                    find(at + 3, "-->").map_or(b.len(), |e| e + 3)
                } else {
                    find(at, ">").map_or(b.len(), |e| e + 1)
                };
                continue;
            }
            Some(b'?') => {
                at = find(at, ">").map_or(b.len(), |e| e + 1);
                continue;
            }
            _ => {}
        }
        let closing = b.get(at) == Some(&b'/');
        if closing {
            at += 1;
        }
        if !b.get(at).is_some_and(u8::is_ascii_alphabetic) {
            // `< ` is text; `</ ` and `</>` are bogus comments.
            if closing {
                at = find(at, ">").map_or(b.len(), |e| e + 1);
            }
            continue;
        }
        let name_end = b[at..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
            .map_or(b.len(), |n| at + n);
        let name = &lower[at..name_end];
        // The attributes, up to the `>` that is not inside a quoted value.
        let mut end = name_end;
        let mut quote = None;
        let mut after_equals = false;
        while end < b.len() {
            let c = b[end];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'>' => break,
                None if c == b'=' => after_equals = true,
                None if after_equals && (c == b'"' || c == b'\'') => quote = Some(c),
                None if !c.is_ascii_whitespace() => after_equals = false,
                None => {}
            }
            end += 1;
        }
        let attributes = &html[name_end.min(end)..end];
        let self_closing = end > name_end && b[end - 1] == b'/';
        at = (end + 1).min(b.len());
        if closing {
            model.end(name);
        } else if name == "plaintext" {
            break;
        } else {
            model.start(name, attributes, self_closing);
            if is_raw_text(name) && model.foreign == 0 {
                // Its text runs to its end tag.
                at = find(at, &format!("</{name}")).unwrap_or(b.len());
            }
        }
        model.check(tag)?;
    }
    model.check(b.len())
}

#[cfg(test)]
mod tests {
    use super::super::{declared_charset, extract};

    fn text(html: &str) -> String {
        extract(html).unwrap_or_else(|e| panic!("{e:?}")).text
    }

    #[test]
    fn pages_built_to_stall_the_parser_are_refused_quickly() {
        let started = std::time::Instant::now();
        // 50,000 nested <div>s: seconds of parsing, quadratic.
        let html = format!(
            "<p>x</p>{}deep{}",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        let err = extract(&html).unwrap_err();
        assert!(err.reason.contains("nested more than 1000 deep"), "{err:?}");
        assert_eq!(err.offset, "<p>x</p>".len() + 1000 * "<div>".len());
        // Distinct open formatting elements, re-created in each paragraph: millions of nodes.
        let open: String = (0..900).map(|i| format!("<b id={i}>")).collect();
        let html = format!("<p>{open}x</p>{}", "<p>y</p>".repeat(5_000));
        let err = extract(&html).unwrap_err();
        assert!(err.reason.contains("formatting elements"), "{err:?}");
        // Wide, moderately deep: many block tags scanning a deep stack.
        let html = format!("{}{}", "<span>".repeat(900), "<div></div>".repeat(300_000));
        let err = extract(&html).unwrap_err();
        assert!(err.reason.contains("too many elements"), "{err:?}");
        assert!(declared_charset(&html).is_none());
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn sloppy_but_real_markup_is_not_refused() {
        let n = 5_000;
        let pages = [
            "<p>unclosed paragraph".repeat(n),
            "<ul>".to_string() + &"<li>unclosed item".repeat(n),
            "<dl>".to_string() + &"<dt>term<dd>definition".repeat(n),
            "<p><b>bold, never closed".repeat(n),
            "<p><font face=Arial size=2>unclosed font".repeat(n),
            (0..n).map(|i| format!("<a href=/{i}>link ")).collect(),
            "<table>".to_string()
                + &(0..n)
                    .map(|i| format!("<tr><td><font color=#{i:06}>cell"))
                    .collect::<String>(),
            "<div><span>unclosed span</div>".repeat(n),
            "<h2>heading<h3>subheading".repeat(n),
            format!("<svg>{}</svg><p>after", "<path d='M0 0'/>".repeat(n)),
            format!("<script>{}</script><p>after", "<div>".repeat(n)),
            format!("<!-- {} --><p>after", "<div>".repeat(n)),
            format!("<p title='a > b \"{}'>after", "<div>".repeat(10)),
            "<div><div><div><p>nested a little</p></div></div></div>".repeat(n),
            format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500)),
            "<form><p>ASP.NET page<form>".repeat(n),
            "<br/><img src=x/><hr/><input/>".repeat(n),
        ];
        for html in pages {
            assert!(extract(&html).is_ok(), "{}", &html[..80.min(html.len())]);
        }
        let html = "<p>A paragraph of the article, long enough.</p>".repeat(30_000);
        let out = text(&html);
        assert_eq!(out.lines().filter(|l| !l.is_empty()).count(), 30_000);
        // Deep but allowed: no stack overflow in any walk.
        let html = format!("{}x", "<span>".repeat(999));
        assert_eq!(text(&html), "x\n");
    }
}

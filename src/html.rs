//! HTML sources: the article's text extracted from a web page with a real HTML5 parser
//! (html5ever, through `scraper`), laid out like a `.txt` article so that the same
//! segmentation applies.
//!
//! # What is the article
//!
//! The root of the extraction is the `<article>` or `[itemprop~=articleBody]` element holding
//! the most text; without one, the `<main>` (or `[role=main]`) holding the most text; else
//! `<body>`. Candidates inside page furniture (below) do not count, so a teaser `<article>` in
//! an `<aside>` is never the story.
//!
//! # The text
//!
//! - The first line is the title: the first `<h1>` with text inside the root, else
//!   `<meta property="og:title">`, else `<meta name="twitter:title">`, else `<title>` (with a
//!   trailing " | Site name" removed when `og:site_name` gives the site). Then a blank line.
//! - Then every block of the root is a paragraph, paragraphs separated by a blank line. Blocks
//!   are `p`, `div`, `section`, `h1`-`h6`, `li`, `dt`, `dd`, `blockquote`, `pre`, `td`, `th`,
//!   `figcaption`, `caption` and the other block-level elements (list below); text directly
//!   inside a `div` between two child blocks is a paragraph of its own.
//! - Inline elements (`a`, `em`, `span`, ...) are joined with their text, as a browser shows
//!   them. Whitespace runs inside a block are collapsed to one space, and a no-break space
//!   (`&nbsp;`) counts as whitespace: it is typed as layout, and a copy from the browser gives a
//!   plain space. `<br>` is a line break inside the paragraph (two in a row end it, as the
//!   blank line they make on screen). `<pre>` keeps its spaces and line breaks.
//! - Entities and character references are decoded by the parser. Images contribute nothing
//!   (not even `alt`); figure captions are kept: they are the publisher's words, and a copy
//!   of the page's text holds them.
//!
//! # Page furniture
//!
//! Dropped with everything inside them:
//!
//! - always: `script`, `style`, `noscript`, `template`, `iframe`, `object`, `embed`, `canvas`,
//!   `video`, `audio`, `svg`, `math`, `select`, `datalist`, `textarea`, `button`, `input`,
//!   `title` (its text is only the fallback title);
//! - `nav`, `aside`, `form`, `dialog`, `footer`, and `header` when it is the page's banner
//!   (not inside an `article`, `aside`, `main`, `nav` or `section`);
//! - elements with the `hidden` attribute (except `hidden="until-found"`), `aria-hidden="true"`,
//!   an inline style with `display:none` or `visibility:hidden`, or a `role` of `navigation`,
//!   `banner`, `contentinfo`, `complementary`, `search`, `dialog`, `alertdialog`, `menu`,
//!   `menubar` or `toolbar`;
//! - elements whose `class` or `id` holds one of the words of [`FURNITURE_WORDS`] (the
//!   attribute is cut into words at punctuation and camelCase: `article-share-bar`,
//!   `AdSlot` and `cookie_banner` match, `headline` and `shadow` do not), starts with one of
//!   [`FURNITURE_PREFIXES`] (`adsbygoogle`, `cookiebanner`), or is a screen-reader-only class
//!   (`sr-only`, `visually-hidden`, `screen-reader-text`).
//!
//! The rules of the second to fourth items never drop an element that holds more than half
//! of the text around it (of the page when the root is chosen, of the root when its text is
//! extracted) and at least [`WRAPPER_MIN_CHARS`] characters: a saved page whose content wrapper is `aria-hidden` because a cookie dialog was
//! open, an ASP.NET page inside one `<form>`, or a `content--comment` wrapper keep their
//! article. The `class`/`id` rule never drops an `article`, `main` or `articleBody` element.
//!
//! # Metadata
//!
//! [`Page`] also carries what the markup says about the article: the URL
//! (`<link rel="canonical">`, else `og:url`; absolute http(s) only), the site name
//! (`og:site_name`), the publication date (`article:published_time`, else an
//! `itemprop="datePublished"` `meta` or `time`, else `<meta name="date">`; the `YYYY-MM-DD`
//! part, when it is a valid date) and the declared encoding (`<meta charset>` or an
//! `http-equiv="Content-Type"` `content`).
//!
//! # Robustness
//!
//! html5ever never fails: malformed markup is repaired as browsers repair it. Every walk over
//! the tree here is iterative, so depth costs no stack, and each pass is linear in the number
//! of nodes. What html5ever itself cannot bound is checked first, by a linear scan of the tags
//! (see "The parser's cost" below): a page nested more than [`MAX_DEPTH`] elements deep, or
//! built so that the parser would scan its stack or re-create formatting elements millions of
//! times, is refused ([`TooComplex`]) before it is parsed. None of the 19,460 HTML pages on the
//! development machine (rustdoc, mdBook and crate documentation, up to 15 MB) was refused; the
//! slowest took 0.64 s to extract in a release build.

use std::collections::HashMap;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// An HTML page's article text and what its markup says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The title line, a blank line, then the paragraphs separated by blank lines, ending with
    /// a line break; empty when the page has no text.
    pub text: String,
    /// The title, as on the first line of `text`.
    pub title: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `YYYY-MM-DD`, from `article:published_time` or `datePublished`.
    pub published: Option<String>,
    /// The encoding the page declares, lowercased (`utf-8`, `windows-1252`, ...).
    pub charset: Option<String>,
}

/// Words that mark page furniture in a `class` or `id` (whole words; see the module docs).
pub const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertisements",
    "advertising",
    "sponsor",
    "sponsored",
    "promo",
    "promos",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comment",
    "comments",
    "disqus",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "popup",
    "modal",
    "toolbar",
    "skip",
    "skiplink",
    "outbrain",
    "taboola",
];

/// Prefixes of a `class` or `id` word that mark page furniture.
pub const FURNITURE_PREFIXES: &[&str] = &[
    "adsby",
    "advert",
    "cookie",
    "newsletter",
    "sponsor",
    "outbrain",
    "taboola",
    "disqus",
];

/// Classes that hide an element from sight (screen-reader text).
const HIDDEN_CLASSES: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
];

const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
];

/// A page that would cost the HTML parser far more time or memory than its size warrants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooComplex {
    /// Byte offset in the document where the limit was passed.
    pub offset: usize,
    /// What was too much, for a person: "elements nested more than 1000 deep".
    pub reason: String,
}

/// Extract the article of an HTML document; refused only when the page is built to make the
/// parser slow or huge (see [`MAX_DEPTH`]).
pub fn extract(html: &str) -> Result<Page, TooComplex> {
    guard(html)?;
    let document = Html::parse_document(html);
    let top = document.root_element();
    let scan = scan(top);
    let root = choose_root(top, &scan);
    let mut builder = Builder::default();
    builder.run(root, &scan);
    let mut page = Page {
        url: scan.canonical.clone().or_else(|| scan.og_url.clone()),
        site_name: scan.site_name.clone(),
        published: scan.published.clone(),
        charset: scan.charset.clone(),
        ..Page::default()
    };
    page.title = builder
        .title
        .take()
        .or_else(|| scan.og_title.clone())
        .or_else(|| scan.twitter_title.clone())
        .or_else(|| {
            scan.title
                .as_deref()
                .map(|t| strip_site(t, scan.site_name.as_deref()))
        })
        .filter(|t| !t.is_empty());
    let mut text = String::new();
    if let Some(title) = &page.title {
        text.push_str(title);
        text.push('\n');
    }
    for paragraph in &builder.paragraphs {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(paragraph);
        text.push('\n');
    }
    page.text = text;
    Ok(page)
}

/// The encoding an HTML document declares, lowercased, if any.
pub fn declared_charset(html: &str) -> Option<String> {
    guard(html).ok()?;
    let document = Html::parse_document(html);
    scan(document.root_element()).charset
}

/// Whether an encoding label means UTF-8 for a document read from bytes. A `<meta>` naming
/// UTF-16 is read as UTF-8 too, as the HTML standard says (the bytes cannot be UTF-16 when
/// the declaration was readable as ASCII).
pub fn is_utf8_label(label: &str) -> bool {
    matches!(
        label.trim().to_ascii_lowercase().as_str(),
        "utf-8"
            | "utf8"
            | "unicode-1-1-utf-8"
            | "unicode11utf8"
            | "unicode20utf8"
            | "x-unicode20utf8"
            | "utf-16"
            | "utf-16le"
            | "utf-16be"
            | "unicode"
            | "unicodefeff"
            | "unicodefffe"
            | "ucs-2"
            | "iso-10646-ucs-2"
            | "csunicode"
    )
}

// ---------------------------------------------------------------------------------------------
// The parser's cost
//
// html5ever builds the tree the HTML standard's way, and two of its steps cost more than the
// input's size: every block start tag scans the stack of open elements (so 50,000 nested
// `<div>`s, a 250 KB file, take seconds and grow quadratically), and every piece of text
// re-creates the formatting elements (`<b>`, `<font>`, ...) that a block closed while they
// were open (so 3,000 distinct open `<b>`s and 3,000 paragraphs, 60 KB, make 9 million nodes).
// Browsers live with both because real pages stay shallow; a cheap scan of the tags, with a
// rough model of the tree builder, refuses the pages that do not before they are parsed.

/// Deepest nesting of elements read (Blink and WebKit stop nesting at 512).
pub const MAX_DEPTH: usize = 1000;
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
fn guard(html: &str) -> Result<(), TooComplex> {
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

// ---------------------------------------------------------------------------------------------
// The walk

enum Step<'a> {
    Open(ElementRef<'a>),
    Text(&'a str),
    Close,
}

/// Depth-first walk over `start` and its descendants, without recursion. `visit` returns,
/// for `Open`, whether to enter the element; an element not entered gets no `Close`.
fn walk<'a>(start: ElementRef<'a>, mut visit: impl FnMut(Step<'a>) -> bool) {
    let top = *start;
    let mut node = top;
    loop {
        match ElementRef::wrap(node) {
            Some(element) => {
                if visit(Step::Open(element)) {
                    if let Some(child) = node.first_child() {
                        node = child;
                        continue;
                    }
                    visit(Step::Close);
                }
            }
            None => {
                if let Node::Text(text) = node.value() {
                    visit(Step::Text(text));
                }
            }
        }
        // `node` is done: move to its next sibling, closing the parents left on the way.
        loop {
            if node == top {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return,
            }
            if node.value().is_element() {
                visit(Step::Close);
            }
        }
    }
}

/// A key for an element, stable while the document lives.
fn key(element: ElementRef) -> usize {
    element.value() as *const Element as usize
}

// ---------------------------------------------------------------------------------------------
// Furniture

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Never article text.
    Hard,
    /// Furniture unless it holds most of the text around it.
    Soft,
}

fn is_hard(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "svg"
            | "math"
            | "select"
            | "datalist"
            | "textarea"
            | "button"
            | "input"
            | "title"
    )
}

/// Least text (characters other than spaces) of an element kept for holding most of the text.
pub const WRAPPER_MIN_CHARS: usize = 200;

/// Whether an element with `len` characters of text is a wrapper of the `total` around it,
/// which furniture rules other than the tag's own must not drop.
fn holds_most(len: usize, total: usize) -> bool {
    len >= WRAPPER_MIN_CHARS && len * 2 > total
}

fn is_sectioning(name: &str) -> bool {
    matches!(name, "article" | "aside" | "main" | "nav" | "section")
}

fn is_article_body(element: &Element) -> bool {
    element
        .attr("itemprop")
        .is_some_and(|v| v.split_ascii_whitespace().any(|t| t == "articleBody"))
}

/// `article`, `articleBody`: the story itself. `main`: the page's main content.
fn candidate_rank(element: &Element) -> Option<u8> {
    match element.name() {
        "article" => Some(0),
        _ if is_article_body(element) => Some(0),
        "main" => Some(1),
        _ if element
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main")) =>
        {
            Some(1)
        }
        _ => None,
    }
}

/// How to treat an element; `sectioned` tells whether an ancestor is a sectioning element.
fn classify(element: &Element, sectioned: bool) -> Verdict {
    let name = element.name();
    if is_hard(name) {
        return Verdict::Hard;
    }
    if matches!(name, "html" | "body") {
        return Verdict::Keep;
    }
    if matches!(name, "nav" | "aside" | "form" | "dialog" | "footer")
        || (name == "header" && !sectioned)
    {
        return Verdict::Soft;
    }
    if element
        .attr("hidden")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("until-found"))
        || element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return Verdict::Soft;
    }
    if let Some(style) = element.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return Verdict::Soft;
        }
    }
    if let Some(role) = element.attr("role") {
        if role
            .split_ascii_whitespace()
            .any(|r| FURNITURE_ROLES.contains(&r.to_ascii_lowercase().as_str()))
        {
            return Verdict::Soft;
        }
    }
    if candidate_rank(element).is_none() {
        let hidden = element.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            HIDDEN_CLASSES.contains(&c.as_str())
        }) && !element.classes().any(|c| c.contains("not-sr-only"));
        let names = element.attr("class").into_iter().chain(element.attr("id"));
        if hidden || names.into_iter().any(has_furniture_word) {
            return Verdict::Soft;
        }
    }
    Verdict::Keep
}

/// Whether a `class` or `id` value holds a furniture word.
fn has_furniture_word(value: &str) -> bool {
    words(value).any(|w| {
        FURNITURE_WORDS.contains(&w.as_str()) || FURNITURE_PREFIXES.iter().any(|p| w.starts_with(p))
    })
}

/// Lowercase words of an identifier, cut at punctuation and camelCase humps.
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let mut out = Vec::new();
            let mut word = String::new();
            let mut previous_lower = false;
            for c in part.chars() {
                if c.is_ascii_uppercase() && previous_lower && !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                word.push(c.to_ascii_lowercase());
            }
            if !word.is_empty() {
                out.push(word);
            }
            out
        })
}

// ---------------------------------------------------------------------------------------------
// Pass 1: text sizes and metadata

#[derive(Default)]
struct Scan<'a> {
    /// Characters of visible text (not whitespace) under each element, furniture included;
    /// only the `Hard` elements are left out.
    lens: HashMap<usize, usize>,
    body: Option<ElementRef<'a>>,
    charset: Option<String>,
    title: Option<String>,
    og_title: Option<String>,
    twitter_title: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    /// Lower-priority dates: `datePublished`, then `<meta name="date">`.
    date_published: Option<String>,
    date_meta: Option<String>,
}

impl Scan<'_> {
    fn len(&self, element: ElementRef) -> usize {
        self.lens.get(&key(element)).copied().unwrap_or(0)
    }
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none() {
        if let Some(v) = value.map(collapse).filter(|v| !v.is_empty()) {
            *slot = Some(v);
        }
    }
}

fn scan(top: ElementRef<'_>) -> Scan<'_> {
    let mut scan = Scan::default();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    walk(top, |step| match step {
        Step::Open(element) => {
            let e = element.value();
            match e.name() {
                "meta" => read_meta(&mut scan, e),
                "link" => {
                    let canonical = e.attr("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        set(
                            &mut scan.canonical,
                            e.attr("href").filter(|u| is_web_url(u)),
                        );
                    }
                }
                "time" if e.attr("itemprop") == Some("datePublished") => {
                    set(&mut scan.date_published, e.attr("datetime"));
                }
                "title" if scan.title.is_none() => {
                    let text: String = element.text().collect();
                    set(&mut scan.title, Some(&text));
                }
                "body" if scan.body.is_none() => scan.body = Some(element),
                _ => {}
            }
            if is_hard(e.name()) {
                return false;
            }
            stack.push((key(element), 0));
            true
        }
        Step::Text(text) => {
            if let Some(top) = stack.last_mut() {
                top.1 += text.chars().filter(|c| !is_space(*c)).count();
            }
            true
        }
        Step::Close => {
            if let Some((k, len)) = stack.pop() {
                scan.lens.insert(k, len);
                if let Some(parent) = stack.last_mut() {
                    parent.1 += len;
                }
            }
            true
        }
    });
    scan.published = [
        scan.published.take(),
        scan.date_published.take(),
        scan.date_meta.take(),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| date(&d));
    scan
}

fn read_meta(scan: &mut Scan, e: &Element) {
    if let Some(charset) = e.attr("charset") {
        set(
            &mut scan.charset,
            Some(&charset.trim().to_ascii_lowercase()),
        );
    }
    let content = e.attr("content");
    if e.attr("http-equiv")
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"))
    {
        let label = content.and_then(charset_of_content_type);
        set(&mut scan.charset, label.as_deref());
    }
    if e.attr("itemprop") == Some("datePublished") {
        set(&mut scan.date_published, content);
    }
    let names = e.attr("property").into_iter().chain(e.attr("name"));
    for name in names {
        match name.trim().to_ascii_lowercase().as_str() {
            "og:title" => set(&mut scan.og_title, content),
            "twitter:title" => set(&mut scan.twitter_title, content),
            "og:url" => set(&mut scan.og_url, content.filter(|u| is_web_url(u))),
            "og:site_name" => set(&mut scan.site_name, content),
            "article:published_time" => set(&mut scan.published, content),
            "date" => set(&mut scan.date_meta, content),
            _ => {}
        }
    }
}

/// `text/html; charset=windows-1252` -> `windows-1252`.
fn charset_of_content_type(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | ';' | ',') && !c.is_whitespace())
        .collect();
    (!label.is_empty()).then_some(label)
}

fn is_web_url(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len()
}

/// The `YYYY-MM-DD` of a date or timestamp, when it is a valid date.
fn date(value: &str) -> Option<String> {
    let head = value.trim().get(..10)?;
    let parsed: toml::value::Datetime = head.parse().ok()?;
    (parsed.date.is_some() && parsed.time.is_none()).then(|| head.to_string())
}

/// `Headline | Site` -> `Headline`, when the site's name is known.
fn strip_site(title: &str, site: Option<&str>) -> String {
    if let Some(site) = site.filter(|s| !s.is_empty()) {
        if let Some(rest) = title.strip_suffix(site) {
            let rest = rest.trim_end();
            for separator in ["|", "-", "–", "—", "·", "::", ":"] {
                if let Some(head) = rest.strip_suffix(separator) {
                    let head = head.trim_end();
                    if !head.is_empty() {
                        return head.to_string();
                    }
                }
            }
        }
    }
    title.to_string()
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the root

/// The element whose text is the article (see the module docs).
fn choose_root<'a>(top: ElementRef<'a>, scan: &Scan<'a>) -> ElementRef<'a> {
    let page = scan.body.unwrap_or(top);
    let total = scan.len(page);
    let mut best: [Option<(usize, ElementRef<'a>)>; 2] = [None, None];
    let mut sections = 0usize;
    let mut stack: Vec<bool> = Vec::new();
    walk(top, |step| match step {
        Step::Open(element) => {
            let e = element.value();
            match classify(e, sections > 0) {
                Verdict::Hard => return false,
                Verdict::Soft if !holds_most(scan.len(element), total) => return false,
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

// ---------------------------------------------------------------------------------------------
// Pass 3: the text

fn is_block(name: &str) -> bool {
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
fn is_space(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{A0}'
}

fn collapse(s: &str) -> String {
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
struct Builder {
    paragraphs: Vec<String>,
    buf: String,
    pending_space: bool,
    pre: usize,
    /// Inside the `<h1>` taken as the title.
    in_title: bool,
    title: Option<String>,
}

impl Builder {
    fn run(&mut self, root: ElementRef, scan: &Scan) {
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
                            Verdict::Hard => return false,
                            Verdict::Soft if !holds_most(scan.len(element), total) => return false,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(html: &str) -> Page {
        extract(html).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn text(html: &str) -> String {
        parsed(html).text
    }

    #[test]
    fn article_title_and_paragraphs() {
        let page = parsed(
            "<!doctype html><html><head><title>Ignored | Site</title></head><body>\
             <article><h1>The  headline\n here</h1><p>First   paragraph,\n with a\n\
             <a href=x>link</a>.</p><p>Second <em>one</em>.</p></article></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("The headline here"));
        assert_eq!(
            page.text,
            "The headline here\n\nFirst paragraph, with a link.\n\nSecond one.\n"
        );
    }

    #[test]
    fn furniture_is_dropped() {
        let html = r#"<html><head><style>p{color:red}</style><script>var x = "<p>no</p>";</script></head>
            <body>
            <header><a href="/">Site name</a><nav><ul><li>World</li><li>Tech</li></ul></nav></header>
            <div id="cookie-banner">We use cookies. <button>Accept</button></div>
            <main>
              <article>
                <header><h1>Headline</h1><p class="byline">By A. Writer</p></header>
                <div class="share-tools">Share on Facebook</div>
                <p>Body text one.</p>
                <div class="ad-slot">Advertisement</div>
                <aside>Read also: something else</aside>
                <div class="AdSlot">Buy now</div>
                <p>Body <span class="sr-only">(opens in new tab)</span>text two.</p>
                <p hidden>Hidden text.</p>
                <p aria-hidden="true">Decoration.</p>
                <p style="display: none">Invisible.</p>
                <form><label>Email</label><input></form>
                <div class="newsletter-signup">Sign up for our newsletter</div>
                <noscript>Enable JavaScript</noscript>
                <svg><title>icon</title><text>svg text</text></svg>
                <iframe src="ad.html">iframe text</iframe>
                <template><p>Template</p></template>
                <footer>Topics: world</footer>
              </article>
              <section class="related-articles"><article><h2>Other story</h2><p>Teaser.</p></article></section>
              <div id="comments"><p>First!</p></div>
            </main>
            <footer>Copyright</footer>
            </body></html>"#;
        assert_eq!(
            text(html),
            "Headline\n\nBy A. Writer\n\nBody text one.\n\nBody text two.\n"
        );
    }

    #[test]
    fn class_words_are_whole_words() {
        assert!(has_furniture_word("article-share-bar"));
        assert!(has_furniture_word("AdSlot"));
        assert!(has_furniture_word("cookie_banner"));
        assert!(has_furniture_word("adsbygoogle"));
        assert!(has_furniture_word("main relatedContent"));
        assert!(!has_furniture_word("headline"));
        assert!(!has_furniture_word("shadow"));
        assert!(!has_furniture_word("article-body"));
        assert!(!has_furniture_word("read-more"));
        assert!(!has_furniture_word("subscriber-content"));
    }

    #[test]
    fn title_falls_back_to_og_title_then_title() {
        let page = parsed(
            r#"<head><meta property="og:title" content="OG headline"><title>T | Site</title></head>
               <body><p>Text.</p></body>"#,
        );
        assert_eq!(page.text, "OG headline\n\nText.\n");
        let page = parsed(
            r#"<head><meta property="og:site_name" content="The Site"><title>The headline | The Site</title></head>
               <body><p>Text.</p></body>"#,
        );
        assert_eq!(page.title.as_deref(), Some("The headline"));
        let page = parsed("<title>Just a title</title><p>Text.</p>");
        assert_eq!(page.text, "Just a title\n\nText.\n");
        assert_eq!(parsed("<p>Only text.</p>").text, "Only text.\n");
        assert_eq!(parsed("").text, "");
        assert_eq!(parsed("<h1> </h1><p>x</p>").title, None);
    }

    #[test]
    fn only_the_first_h1_is_the_title() {
        assert_eq!(
            text("<article><p>Kicker</p><h1>Title</h1><p>Body.</p><h1>Second</h1></article>"),
            "Title\n\nKicker\n\nBody.\n\nSecond\n"
        );
        // Blocks inside the title join it with a space.
        assert_eq!(
            text("<h1>Main<br>title<div>deck</div></h1><p>Body.</p>"),
            "Main title deck\n\nBody.\n"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text("<p>Gaza &amp; the West Bank &ndash; &ldquo;quoted&rdquo; &#8217;s &#x2026; &lt;b&gt;</p>"),
            "Gaza & the West Bank – “quoted” ’s … <b>\n"
        );
        // A no-break space is a space; `<p>&nbsp;</p>` is no paragraph.
        assert_eq!(
            text("<p>a&nbsp;&nbsp;b</p><p>&nbsp;</p><p>c</p>"),
            "a b\n\nc\n"
        );
    }

    #[test]
    fn br_breaks_lines_and_two_end_a_paragraph() {
        assert_eq!(text("<p>one <br> two<br/>three</p>"), "one\ntwo\nthree\n");
        assert_eq!(text("<p>one<br><br><br>two</p>"), "one\n\ntwo\n");
        assert_eq!(text("<p><br>lead</p>"), "lead\n");
        assert_eq!(text("<p>tail<br></p>"), "tail\n");
    }

    #[test]
    fn nested_inline_and_direct_div_text() {
        assert_eq!(
            text("<div>Intro <b>bold <i>and <a href=#>nested</a></i></b>, done.<p>Para.</p>Tail text</div>"),
            "Intro bold and nested, done.\n\nPara.\n\nTail text\n"
        );
        assert_eq!(
            text("<p>no<span>space</span>between</p>"),
            "nospacebetween\n"
        );
        assert_eq!(
            text("<ul><li>One</li><li>Two<ul><li>Inner</li></ul></li></ul><table><tr><td>A</td><td>B</td></tr></table>"),
            "One\n\nTwo\n\nInner\n\nA\n\nB\n"
        );
        assert_eq!(
            text("<figure><img src=x alt=\"alt text\"><figcaption>Photo: Someone</figcaption></figure>"),
            "Photo: Someone\n"
        );
    }

    #[test]
    fn pre_keeps_lines() {
        assert_eq!(
            text("<pre>\nline  one\n  line two\n</pre>"),
            "line  one\n  line two\n"
        );
    }

    #[test]
    fn scripts_and_styles_are_ignored_everywhere() {
        assert_eq!(
            text("<p>a<script>document.write('x')</script>b<style>.c{}</style>c</p>"),
            "abc\n"
        );
    }

    #[test]
    fn the_article_with_most_text_is_the_root() {
        let html = "<body><p>Page intro outside.</p>\
            <article><p>Short teaser.</p></article>\
            <article><h1>Story</h1><p>The story itself, which is longer than the teaser.</p></article></body>";
        assert_eq!(
            text(html),
            "Story\n\nThe story itself, which is longer than the teaser.\n"
        );
        // articleBody without an <article>; the h1 outside it gives way to og:title.
        let html = r#"<head><meta property="og:title" content="OG"></head><body><h1>Page h1</h1>
            <div itemprop="articleBody"><p>Body.</p></div><p>Outside.</p></body>"#;
        assert_eq!(text(html), "OG\n\nBody.\n");
        // main
        assert_eq!(
            text("<body><div>Menu</div><main><p>Main text.</p></main></body>"),
            "Main text.\n"
        );
    }

    #[test]
    fn wrappers_holding_the_article_are_not_furniture() {
        // A modal left the page wrapper aria-hidden; ASP.NET wraps pages in a <form>.
        let html = r#"<body><div id="app" aria-hidden="true"><form id="aspnetForm">
            <div class="content content--comment"><p>The article's long text is here.</p>
            <p>{}</p></div>
            <div class="newsletter">Sign up</div></form></div>
            <div role="dialog" class="cookie-consent">We use cookies</div></body>"#;
        let long = "More of the article's text. ".repeat(10);
        let html = html.replace("{}", &long);
        assert_eq!(
            text(&html),
            format!("The article's long text is here.\n\n{}\n", long.trim_end())
        );
    }

    #[test]
    fn metadata() {
        let page = parsed(
            r#"<head><meta charset="UTF-8">
            <link rel="canonical" href="https://example.org/story">
            <meta property="og:url" content="https://example.org/og">
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2025-09-25T13:45:00+00:00">
            </head><body><p>x</p></body>"#,
        );
        assert_eq!(page.charset.as_deref(), Some("utf-8"));
        assert_eq!(page.url.as_deref(), Some("https://example.org/story"));
        assert_eq!(page.site_name.as_deref(), Some("Example News"));
        assert_eq!(page.published.as_deref(), Some("2025-09-25"));

        let page = parsed(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">
            <link rel="canonical" href="/relative"><meta property="og:url" content="http://e.org/a">
            <meta property="article:published_time" content="yesterday">
            <time itemprop="datePublished" datetime="2024-02-29">29 Feb</time>"#,
        );
        assert_eq!(page.charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(page.url.as_deref(), Some("http://e.org/a"));
        assert_eq!(page.published.as_deref(), Some("2024-02-29"));
        assert_eq!(
            parsed("<meta name=date content=2023-02-30>").published,
            None
        );
        assert!(is_utf8_label("UTF-8") && is_utf8_label(" utf8") && !is_utf8_label("windows-1252"));
        assert_eq!(
            declared_charset("<meta charset='windows-1252'>").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(declared_charset("<!-- <meta charset=latin1> --><p>x"), None);
    }

    #[test]
    fn malformed_html_does_not_panic() {
        let inputs = [
            "<p>unclosed <b>bold <i>italic</p><p>next</b> still</i>",
            "</p></div></body></html>text after the end",
            "<table><p>foster</p><tr><td>cell<td>cell 2</table>",
            "<<<>>> &&& &#xFFFFFFFF; &#0; &bogus; <p =x>",
            "<html><html><body><body><p>twice",
            "<title>unterminated",
            "<script>never closed <p>",
            "\u{0}\u{FEFF}<p>\u{0}nul</p>",
            "<svg><p>breaks out of svg</p>",
            "<select><option>a<p>b</select>c",
            "<frameset><frame src=x></frameset>",
            "<plaintext><p>everything after is text",
            "<h1><h1>nested</h1></h1>",
        ];
        for input in inputs {
            let page = parsed(input);
            assert!(!page.text.contains("\n\n\n"), "{input:?}: {:?}", page.text);
        }
        assert_eq!(
            text("<p>unclosed <b>bold <i>italic</p><p>next</b> still</i>"),
            "unclosed bold italic\n\nnext still\n"
        );
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

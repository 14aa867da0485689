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
//! extracted) and at least [`WRAPPER_MIN_CHARS`](furniture::WRAPPER_MIN_CHARS) characters: a
//! saved page whose content wrapper is `aria-hidden` because a cookie dialog was open, an
//! ASP.NET page inside one `<form>`, or a `content--comment` wrapper keep their article. The
//! `class`/`id` rule never drops an `article`, `main` or `articleBody` element.
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
//! ("The parser's cost", in `guard`): a page nested more than [`MAX_DEPTH`](guard::MAX_DEPTH)
//! elements deep, or built so that the parser would scan its stack or re-create formatting
//! elements millions of times, is refused ([`TooComplex`]) before it is parsed. None of the 19,460 HTML pages on the
//! development machine (rustdoc, mdBook and crate documentation, up to 15 MB) was refused; the
//! slowest took 0.64 s to extract in a release build.
//!
//! The code: `guard` refuses the pages built to stall the parser, `scan` measures the text
//! under each element and reads the metadata, `furniture` tells furniture from article, and
//! `article` chooses the root and builds its text; this file holds the walk they share.

mod article;
mod furniture;
mod guard;
mod scan;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use article::{choose_root, Builder};
use guard::guard;
use scan::{scan, strip_site};

/// An HTML page's article text and what its markup says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
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
pub(crate) const FURNITURE_WORDS: &[&str] = &[
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
pub(crate) const FURNITURE_PREFIXES: &[&str] = &[
    "adsby",
    "advert",
    "cookie",
    "newsletter",
    "sponsor",
    "outbrain",
    "taboola",
    "disqus",
];

/// A page that would cost the HTML parser far more time or memory than its size warrants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TooComplex {
    /// Byte offset in the document where the limit was passed.
    pub offset: usize,
    /// What was too much, for a person: "elements nested more than 1000 deep".
    pub reason: String,
}

/// Extract the article of an HTML document; refused only when the page is built to make the
/// parser slow or huge (see [`MAX_DEPTH`](guard::MAX_DEPTH)).
pub(crate) fn extract(html: &str) -> Result<Page, TooComplex> {
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
pub(crate) fn declared_charset(html: &str) -> Option<String> {
    guard(html).ok()?;
    let document = Html::parse_document(html);
    scan(document.root_element()).charset
}

/// Whether an encoding label means UTF-8 for a document read from bytes. A `<meta>` naming
/// UTF-16 is read as UTF-8 too, as the HTML standard says (the bytes cannot be UTF-16 when
/// the declaration was readable as ASCII).
pub(crate) fn is_utf8_label(label: &str) -> bool {
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

#[cfg(test)]
mod seed_pages;

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
}

//! Tests on whole pages: saved web pages of the seed articles, loaded as sources, give the
//! same passages, matches and quote verdicts as their text; what the page says about itself
//! fills undeclared metadata; pages in other encodings, or built to stall the parser, are
//! refused with the file and place.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::analysis::{Analysis, ClaimAnalysis};
use crate::corpus::{Corpus, Format, Role, Source};
use crate::error::InputError;
use crate::project::Project;
use crate::quote::{QuoteStatus, Verifier};
use crate::retrieve::MemoryIndex;

/// The crate root, where the shipped `claims.toml` and `seeds/` are.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 5);
    out
}

/// Characters written as references in the pages, as publishing systems do.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '’' => out.push_str("&rsquo;"),
            '‘' => out.push_str("&#8216;"),
            '“' => out.push_str("&ldquo;"),
            '”' => out.push_str("&#x201D;"),
            '–' => out.push_str("&ndash;"),
            '—' => out.push_str("&mdash;"),
            'é' => out.push_str("&eacute;"),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph as a CMS writes it: inline markup, the text wrapped over source lines.
fn inline(text: &str) -> String {
    let mut html = escape(text);
    if let Some(at) = html.find("Microsoft") {
        html.replace_range(
            at..at + "Microsoft".len(),
            "<a href=\"https://www.microsoft.com/\" class=\"entity-link\">Microsoft</a>",
        );
    }
    if let Some(at) = html.find("Unit 8200") {
        html.replace_range(
            at..at + "Unit 8200".len(),
            "<strong>Unit <em>8200</em></strong>",
        );
    }
    let mut out = String::new();
    for (i, word) in html.split(' ').enumerate() {
        if i > 0 {
            out.push_str(if i % 9 == 0 { "\n        " } else { " " });
        }
        out.push_str(word);
    }
    out
}

fn is_heading(line: &str) -> bool {
    line.split_whitespace().count() <= 12
        && !line.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', '…'])
}

const CANONICAL: &str = "https://news.example.org/2025/09/microsoft-unit-8200";

/// A saved news page holding `text`: the first line is the headline, every other line a
/// paragraph, a heading or a figure caption, surrounded and interrupted by page furniture
/// whose words ("Microsoft", "Unit 8200", "Azure") would change matches if they leaked.
fn page(text: &str, site: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let headline = lines.next().unwrap();
    let mut body = String::new();
    for (i, line) in lines.enumerate() {
        if line == "WikiCommons" || line.contains("(Image courtesy") {
            body.push_str(&format!(
                "<figure class=\"element-image\"><picture><img src=\"lead.jpg\" alt=\"Microsoft offices in Israel\"></picture>\n<figcaption>{}</figcaption></figure>\n",
                inline(line)
            ));
        } else if is_heading(line) {
            body.push_str(&format!("<h2>{}</h2>\n", inline(line)));
        } else {
            body.push_str(&format!("<p>\n        {}\n      </p>\n", inline(line)));
        }
        match i {
            1 => body.push_str(
                r#"<div class="ad-slot ad-slot--inline"><p>Advertisement</p><iframe src="ads.html">Microsoft Azure</iframe></div>
<aside class="related-content"><h3>Related</h3><ul><li><a href="/a">Microsoft Azure and Unit 8200: what we know</a></li></ul></aside>
<div class="share-tools"><button>Share</button><a href="https://x.com/share">Share on X</a><span class="sr-only">Opens in a new window</span></div>
"#,
            ),
            3 => body.push_str(
                r#"<div class="newsletter-signup" id="newsletterBox"><p>Get the Unit 8200 and Microsoft newsletter delivered to your inbox</p>
<form action="/subscribe"><label>Email <input type="email"></label><button>Sign up</button></form></div>
<p hidden>Microsoft Azure hidden teaser</p><div aria-hidden="true">Unit 8200 decoration</div>
"#,
            ),
            _ => {}
        }
    }
    let title = escape(headline);
    format!(
        r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{CANONICAL}?utm_source=og">
<link rel="canonical" href="{CANONICAL}">
<meta property="article:published_time" content="2025-09-26T08:30:00+01:00">
<style>.ad-slot {{ display: block }} p::before {{ content: "Microsoft" }}</style>
<script>window.dataLayer = [{{"page": "<p>Microsoft Unit 8200 Azure</p>"}}];</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Microsoft"}}</script>
</head>
<body class="article-page has-sidebar">
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-consent" class="cookie-banner" role="dialog"><p>We and our partners, including Microsoft, use cookies on Azure servers.</p><button>Accept all</button></div>
<header class="site-header"><a href="/" class="logo">{site}</a>
<nav aria-label="Sections"><ul><li><a href="/world">World</a></li><li><a href="/tech">Technology: Microsoft, Azure</a></li></ul></nav></header>
<main id="main">
<article class="article">
<header class="article-header"><h1 class="headline">{title}</h1></header>
<div class="article-body" itemprop="articleBody">
{body}</div>
<footer class="article-footer"><p>Topics: Microsoft, Unit 8200, Azure</p></footer>
</article>
<section id="comments" class="comments"><h2>Comments</h2><p>Microsoft should never have stored Unit 8200 data on Azure.</p></section>
</main>
<footer class="site-footer"><p>&copy; 2025 {site}. All rights reserved.</p><nav><a href="/privacy">Privacy</a></nav></footer>
<noscript><img src="pixel.gif" alt="Microsoft tracking"></noscript>
<script src="app.js"></script>
<script>document.write("<p>Unit 8200</p>");</script>
</body>
</html>
"##
    )
}

/// The repository's project in a temporary folder; with `html`, every seed is a saved page
/// (`.html`) instead of its text, under the same ids.
fn project(html: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("seeds");
    std::fs::create_dir(&sources).unwrap();
    for (stem, text) in seeds() {
        if html {
            std::fs::write(
                sources.join(format!("{stem}.html")),
                page(&text, "Example News"),
            )
            .unwrap();
        } else {
            std::fs::write(sources.join(format!("{stem}.txt")), text).unwrap();
        }
    }
    let mut claims = std::fs::read_to_string(repo().join("claims.toml")).unwrap();
    if html {
        let before = claims.matches(".txt\"").count();
        assert_eq!(before, 5);
        claims = claims.replace(".txt\"", ".html\"");
    }
    std::fs::write(dir.path().join("claims.toml"), claims).unwrap();
    dir
}

fn load(dir: &Path) -> (Project, Corpus) {
    let project = Project::load(&dir.join("claims.toml")).unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::load(&project).unwrap_or_else(|e| panic!("{e}"));
    (project, corpus)
}

fn load_err(dir: &Path) -> InputError {
    let project = Project::load(&dir.join("claims.toml")).unwrap_or_else(|e| panic!("{e}"));
    match Corpus::load(&project) {
        Ok(corpus) => panic!(
            "loaded, expected an error: {:?}",
            corpus.sources.iter().map(|s| &s.id).collect::<Vec<_>>()
        ),
        Err(e) => e,
    }
}

fn analyse(project: &Project, corpus: &Corpus) -> Analysis {
    let index = MemoryIndex::build(corpus);
    Analysis::run(project, corpus, Some(&index), 5)
}

/// JSON without locations in the sources (`line`, `column`), which differ: the extracted
/// text separates paragraphs with blank lines.
fn without_locations(mut value: Value) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("line");
                map.remove("column");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

#[test]
fn html_copies_of_the_seeds_give_the_same_matches_as_their_text() {
    let (text_dir, html_dir) = (project(false), project(true));
    let (text_project, text_corpus) = load(text_dir.path());
    let (html_project, html_corpus) = load(html_dir.path());

    // The same passages, in the same roles.
    for (t, h) in text_corpus.sources.iter().zip(&html_corpus.sources) {
        assert_eq!(t.id, h.id);
        assert_eq!((t.format, h.format), (Format::Text, Format::Html));
        assert!(h.is_extracted() && !t.is_extracted());
        let passages = |s: &Source| -> Vec<(String, Role)> {
            s.passages
                .iter()
                .map(|p| (s.passage_text(p).to_string(), s.role_of(p)))
                .collect()
        };
        assert_eq!(passages(t), passages(h), "{}", h.file);
        assert_eq!(t.title, h.title);
        // The hash is of the page's bytes, not of the extracted text.
        let bytes = std::fs::read(&h.path).unwrap();
        assert_eq!(h.sha256, format!("{:x}", Sha256::digest(&bytes)));
        for leaked in [
            "Skip to main",
            "cookies",
            "Technology:",
            "Advertisement",
            "what we know",
            "Share on X",
            "new window",
            "Unit 8200 and Microsoft newsletter",
            "Sign up",
            "hidden teaser",
            "decoration",
            "Topics:",
            "Comments",
            "should never",
            "©",
            "tracking",
            "dataLayer",
            "document.write",
        ] {
            assert!(!h.text.contains(leaked), "{leaked:?} in {}", h.file);
        }
    }

    let text = analyse(&text_project, &text_corpus);
    let html = analyse(&html_project, &html_corpus);
    assert_eq!(text.claims.len(), 29);
    for (t, h) in text.claims.iter().zip(&html.claims) {
        assert_eq!(t.id, h.id);
        let matches = |c: &ClaimAnalysis| -> Vec<(String, String, f64, f64)> {
            c.matches
                .iter()
                .map(|m| (m.source.clone(), m.text.clone(), m.score, m.coverage))
                .collect()
        };
        assert!(!t.matches.is_empty(), "{}", t.id);
        assert_eq!(matches(t), matches(h), "claim {}", t.id);
        assert_eq!(t.citations.len(), h.citations.len());
        for (tc, hc) in t.citations.iter().zip(&h.citations) {
            assert_eq!(tc.status, QuoteStatus::Exact, "{} {:?}", t.id, tc.quote);
            assert_eq!(hc.status, QuoteStatus::Exact, "{} {:?}", h.id, hc.quote);
            assert_eq!(
                (&tc.passage, &tc.matched),
                (&hc.passage, &hc.matched),
                "{} {:?}",
                t.id,
                tc.quote
            );
        }
    }
    // And everything else about the claims (wordings, comparisons, discrepancies) too.
    assert_eq!(
        without_locations(serde_json::to_value(&text.claims).unwrap()),
        without_locations(serde_json::to_value(&html.claims).unwrap())
    );

    // Locations are in the extracted text: line 1 is the headline, line 3 the first paragraph.
    let guardian = html_corpus.source("guardian-bhrrc").unwrap();
    assert_eq!(guardian.lines.line(&guardian.text, 3), "WikiCommons");
    assert_eq!(
        guardian.describe_line(3),
        "line 3 of the text extracted from 002_326e0245ca5f2455.html"
    );
    let text_guardian = text_corpus.source("guardian-bhrrc").unwrap();
    assert_eq!(text_guardian.describe_line(2), "002_326e0245ca5f2455.txt:2");
}

#[test]
fn the_page_fills_what_claims_toml_does_not_declare() {
    let dir = project(true);
    let (project, corpus) = load(dir.path());
    let analysis = analyse(&project, &corpus);
    let source = |id: &str| analysis.sources.iter().find(|s| s.id == id).unwrap();
    // Declared in claims.toml: kept.
    let guardian = source("guardian-bhrrc");
    assert_eq!(
        guardian.publisher.as_deref(),
        Some("Business & Human Rights Resource Centre")
    );
    assert_eq!(guardian.published.as_deref(), Some("2025-09-25"));
    // Not declared: from the page (canonical link over og:url; the date of the timestamp).
    assert_eq!(guardian.url.as_deref(), Some(CANONICAL));
    let no_azure = source("no-azure-report");
    assert_eq!(no_azure.publisher.as_deref(), Some("Example News"));
    assert_eq!(no_azure.published.as_deref(), Some("2025-09-26"));
    assert!(no_azure.file.ends_with(".html"));
}

#[test]
fn a_page_beside_its_text_holds_every_quote_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("seeds");
    std::fs::create_dir(&sources).unwrap();
    let (stem, text) = seeds().remove(2);
    assert!(stem.starts_with("002_"));
    std::fs::write(sources.join(format!("{stem}.txt")), &text).unwrap();
    std::fs::write(sources.join("guardian-page.htm"), page(&text, "BHRRC")).unwrap();
    std::fs::write(dir.path().join("claims.toml"), "[project]\ntitle = \"t\"\n").unwrap();
    let (_, corpus) = load(dir.path());
    let ids: Vec<&str> = corpus.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [stem.as_str(), "guardian-page"]);
    let (t, h) = (&corpus.sources[0], &corpus.sources[1]);
    let texts = |s: &Source| -> Vec<String> {
        s.passages
            .iter()
            .map(|p| s.passage_text(p).to_string())
            .collect()
    };
    assert_eq!(texts(t), texts(h));
    assert_eq!(h.title, t.title);
    assert_eq!(h.publisher.as_deref(), Some("BHRRC"));
    assert_eq!(h.url.as_deref(), Some(CANONICAL));
    assert_eq!(h.published.as_deref(), Some("2025-09-26"));
    assert_eq!((t.publisher.as_deref(), t.url.as_deref()), (None, None));

    // Every quote the repository cites from this article, found byte for byte in the page.
    let claims: toml::Table = std::fs::read_to_string(repo().join("claims.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let verifier = Verifier::new(&corpus, None);
    let mut quotes = 0;
    for claim in claims["claims"].as_array().unwrap() {
        let citations = claim.get("citations").and_then(|c| c.as_array());
        for citation in citations.map(Vec::as_slice).unwrap_or(&[]) {
            if citation["source"].as_str() != Some("guardian-bhrrc") {
                continue;
            }
            let quote = citation["quote"].as_str().unwrap();
            let found = verifier.find(quote, 1).unwrap_or_else(|| panic!("{quote}"));
            assert_eq!(found.status, QuoteStatus::Exact, "{quote}");
            assert_eq!(&h.text[found.span.clone()], quote);
            quotes += 1;
        }
    }
    assert!(quotes >= 5, "{quotes}");
}

fn one_page(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds").join(name), bytes).unwrap();
    std::fs::write(dir.path().join("claims.toml"), "[project]\ntitle = \"t\"\n").unwrap();
    dir
}

#[test]
fn pages_in_other_encodings_are_refused_with_the_place() {
    // Windows-1252 bytes: not UTF-8, and the page says what it is.
    let dir = one_page(
        "latin.html",
        b"<html><head><meta charset=\"windows-1252\"></head>\n<body><p>Caf\xe9 society</p></body></html>\n",
    );
    let e = load_err(dir.path());
    assert!(
        e.message.contains(
            "latin.html is not valid UTF-8: invalid byte 0xE9 at offset 61 (line 2, column 13)"
        ) && e.message.contains("declares the encoding windows-1252"),
        "{}",
        e.message
    );
    assert!(e.help.unwrap().contains("iconv -f windows-1252 -t UTF-8"));

    // UTF-8 bytes under a Latin-1 declaration: which one is right cannot be told.
    let dir = one_page(
        "mixed.html",
        "<!doctype html>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\n<p>Café</p>\n".as_bytes(),
    );
    let e = load_err(dir.path());
    assert!(
        e.message
            .contains("declares the encoding iso-8859-1 (<meta charset> at line 2, column 53)"),
        "{}",
        e.message
    );
    let location = e.location.unwrap();
    assert_eq!((location.line, location.column), (2, 53));

    // Plain ASCII reads the same in either: accepted, entities and all.
    let dir = one_page(
        "ascii.html",
        b"<meta charset=\"iso-8859-1\"><h1>Title</h1><p>Caf&eacute; society</p>",
    );
    let (_, corpus) = load(dir.path());
    assert_eq!(corpus.sources[0].text, "Title\n\nCafé society\n");

    // UTF-16 is named as such.
    let dir = one_page("wide.html", b"\xFF\xFE<\x00p\x00>\x00");
    let e = load_err(dir.path());
    assert!(e.message.contains("wide.html is UTF-16"), "{}", e.message);

    // A byte-order mark is fine.
    let dir = one_page("bom.html", "\u{feff}<p>With a mark.</p>".as_bytes());
    assert_eq!(load(dir.path()).1.sources[0].text, "With a mark.\n");
}

#[test]
fn a_page_built_to_stall_the_parser_is_refused() {
    let html = format!("<p>x</p>\n{}", "<div>".repeat(100_000));
    let dir = one_page("deep.html", html.as_bytes());
    let started = std::time::Instant::now();
    let e = load_err(dir.path());
    assert!(
        e.message.contains(
            "deep.html cannot be read as a web page: elements nested more than 1000 deep (line 2, column 5001)"
        ),
        "{}",
        e.message
    );
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn saved_page_folders_are_not_sources() {
    let dir = one_page(
        "Article.html",
        page("Headline\nBody text here.\n", "Site").as_bytes(),
    );
    let assets = dir.path().join("seeds/Article_files");
    std::fs::create_dir(&assets).unwrap();
    std::fs::write(assets.join("saved_resource.html"), "<p>An advert frame</p>").unwrap();
    std::fs::write(assets.join("notes.txt"), "Not an article").unwrap();
    // A folder named like that without its page is an ordinary folder.
    let other = dir.path().join("seeds/Other_files");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("kept.txt"), "Kept\n\nA source.\n").unwrap();
    let (_, corpus) = load(dir.path());
    let ids: Vec<&str> = corpus.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["Article", "Other_files/kept"]);
    assert_eq!(corpus.sources[0].text, "Headline\n\nBody text here.\n");
}

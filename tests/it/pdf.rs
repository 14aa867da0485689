//! The PDF briefing on the seeds and on hand-built analyses: text extraction (pdf-extract, pure
//! Rust), reproducible bytes, warnings for characters the font lacks and for right-to-left text,
//! and hostile input (empty strings, words longer than a line, 1,000 claims).

use std::path::PathBuf;
use std::time::Instant;

use factcheck::analysis::{
    Analysis, At, CitationResult, ClaimAnalysis, Comparison, DiffOp, DiffRun, Discrepancy,
    DiscrepancyKind, Generator, Match, Place, ProjectInfo, QuoteStatus, SourceInfo, Stance,
    Summary, Verdict, VerdictCount, Wording,
};
use factcheck::corpus::Corpus;
use factcheck::project::Project;
use factcheck::render::pdf;
use factcheck::retrieve::MemoryIndex;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds() -> Analysis {
    let project = Project::load(&repo().join("claims.toml")).expect("claims.toml loads");
    let corpus = Corpus::load(&project).expect("the seeds load");
    let index = MemoryIndex::build(&corpus);
    Analysis::run(&project, &corpus, Some(&index), 5)
}

/// The text of a PDF with runs of whitespace as single spaces.
fn text_of(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads the PDF");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keep a copy to look at: target/tmp/<name>.
fn keep(name: &str, bytes: &[u8]) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(path, bytes).unwrap();
}

fn run(op: DiffOp, text: &str) -> DiffRun {
    DiffRun {
        op,
        text: text.to_string(),
    }
}

fn source(id: &str, title: &str, url: Option<&str>) -> SourceInfo {
    SourceInfo {
        id: id.to_string(),
        file: format!("{id}.txt"),
        title: title.to_string(),
        publisher: Some("Publisher of ".to_string() + id),
        url: url.map(str::to_string),
        published: Some("2025-09-25".to_string()),
        sha256: "0f".repeat(32),
        passages: 12,
        cited_by: vec!["calls-per-hour".to_string()],
        supports: Vec::new(),
    }
}

fn claim(id: &str, text: &str, verdict: Verdict) -> ClaimAnalysis {
    ClaimAnalysis {
        id: id.to_string(),
        text: text.to_string(),
        verdict,
        note: None,
        tags: Vec::new(),
        claimant: None,
        claimed: None,
        appeared_in: Vec::new(),
        line: 10,
        citation_status: None,
        citations: Vec::new(),
        matches: Vec::new(),
        no_supporting_passage_found: false,
        wordings: Vec::new(),
        comparisons: Vec::new(),
        discrepancies: Vec::new(),
        supporting_sources: Vec::new(),
        refuting_sources: Vec::new(),
        context_sources: Vec::new(),
        suggested_sources: Vec::new(),
    }
}

fn analysis(claims: Vec<ClaimAnalysis>, sources: Vec<SourceInfo>) -> Analysis {
    Analysis {
        schema_version: 1,
        generator: Generator {
            name: "factcheck".to_string(),
            version: "0.1.0".to_string(),
            date: Some("2025-10-01".to_string()),
        },
        project: ProjectInfo {
            title: "Microsoft, Unit 8200 and Azure".to_string(),
            description: Some("A hand-built analysis for the PDF tests.".to_string()),
            author: Some("Test desk".to_string()),
            url: Some("https://example.org/project".to_string()),
            claims_file: "claims.toml".to_string(),
            sources_dir: "seeds".to_string(),
        },
        summary: Summary {
            claims: claims.len(),
            sources: sources.len(),
            verdicts: Verdict::ALL
                .iter()
                .map(|&verdict| VerdictCount {
                    verdict,
                    count: claims.iter().filter(|c| c.verdict == verdict).count(),
                })
                .filter(|v| v.count > 0)
                .collect(),
            citations: claims.iter().map(|c| c.citations.len()).sum(),
            citations_holding: claims
                .iter()
                .flat_map(|c| &c.citations)
                .filter(|c| c.status.holds())
                .count(),
            claims_without_citation: claims.iter().filter(|c| c.citations.is_empty()).count(),
            claims_without_support: claims
                .iter()
                .filter(|c| c.no_supporting_passage_found)
                .count(),
            discrepancies: claims.iter().map(|c| c.discrepancies.len()).sum(),
            supporting_sources: 0,
            refuting_sources: 0,
            suggested_sources: 0,
            citation_conflicts: 0,
            sources_unused: 0,
        },
        needs_attention: Vec::new(),
        sources,
        claims,
    }
}

/// One claim with everything a section can hold: citations of every kind, wordings with
/// diffs, a comparison and a `quantity` discrepancy between no-azure-report and webpronews.
fn fixture() -> Analysis {
    let mut c = claim(
        "calls-per-hour",
        "The system could record millions of calls per hour.",
        Verdict::Disputed,
    );
    c.note = Some("The sources disagree on the rate.".to_string());
    c.tags = vec!["scale".to_string(), "storage".to_string()];
    c.citation_status = Some(QuoteStatus::NearMiss);
    c.citations = vec![
        CitationResult {
            source: "no-azure-report".to_string(),
            quote: Some("millions of calls per hour".to_string()),
            stance: Stance::Supports,
            note: None,
            status: QuoteStatus::Exact,
            line: Some(7),
            column: Some(140),
            page: None,
            passage: None,
            matched: None,
            diff: None,
            found_in: None,
            claims_line: 12,
            near_miss_search: None,
            similarity: None,
            conflicts: Vec::new(),
        },
        CitationResult {
            source: "webpronews".to_string(),
            quote: Some("storing up to two million calls per hour".to_string()),
            stance: Stance::Supports,
            note: None,
            status: QuoteStatus::NearMiss,
            line: Some(13),
            column: Some(5),
            page: None,
            passage: None,
            matched: None,
            diff: Some(vec![
                run(DiffOp::Equal, "storing up to"),
                run(DiffOp::Delete, "two"),
                run(DiffOp::Insert, "a"),
                run(DiffOp::Equal, "million calls per hour"),
            ]),
            found_in: None,
            claims_line: 15,
            near_miss_search: None,
            similarity: None,
            conflicts: Vec::new(),
        },
        CitationResult {
            source: "amnesty".to_string(),
            quote: Some("a quote that is elsewhere".to_string()),
            stance: Stance::Supports,
            note: None,
            status: QuoteStatus::NotFound,
            line: None,
            column: None,
            page: None,
            passage: None,
            matched: None,
            diff: None,
            found_in: Some(Place {
                source: "guardian-bhrrc".to_string(),
                line: 4,
                column: 1,
                page: None,
            }),
            claims_line: 18,
            near_miss_search: None,
            similarity: None,
            conflicts: Vec::new(),
        },
    ];
    c.wordings = vec![
        Wording {
            source: "no-azure-report".to_string(),
            text: "Microsoft’s Israeli office collaborated with the intelligence unit to create \
                   a specialised framework within Azure capable of recording “millions of calls \
                   per hour.”"
                .to_string(),
            line: 7,
            column: 1,
            page: None,
            cited: true,
            similarity: 0.42,
            diff: vec![
                run(DiffOp::Delete, "The system could record"),
                run(
                    DiffOp::Insert,
                    "a specialised framework within Azure capable of recording",
                ),
                run(DiffOp::Equal, "millions of calls per hour."),
            ],
        },
        Wording {
            source: "webpronews".to_string(),
            text: "The program reportedly involved recording and storing up to a million calls \
                   per hour."
                .to_string(),
            line: 13,
            column: 1,
            page: None,
            cited: false,
            similarity: 0.5,
            diff: vec![
                run(DiffOp::Delete, "The system could record millions"),
                run(
                    DiffOp::Insert,
                    "The program reportedly involved recording and storing up to a million",
                ),
                run(DiffOp::Equal, "calls per hour."),
            ],
        },
    ];
    c.comparisons = vec![Comparison {
        sources: ["no-azure-report".to_string(), "webpronews".to_string()],
        similarity: 0.3,
        diff: vec![
            run(DiffOp::Delete, "millions of"),
            run(DiffOp::Insert, "up to a million"),
            run(DiffOp::Equal, "calls per hour"),
        ],
    }];
    c.discrepancies = vec![Discrepancy {
        kind: DiscrepancyKind::Quantity,
        sources: ["no-azure-report".to_string(), "webpronews".to_string()],
        a: "millions of calls per hour".to_string(),
        b: "up to a million calls per hour".to_string(),
        a_at: At {
            line: 7,
            column: 140,
            page: None,
        },
        b_at: At {
            line: 13,
            column: 5,
            page: None,
        },
        detail: "at least 2,000,000 vs at most 1,000,000 calls per hour".to_string(),
    }];

    let mut weak = claim(
        "no-support-here",
        "The archive was moved to the Moon.",
        Verdict::Unsupported,
    );
    weak.no_supporting_passage_found = true;
    weak.matches = vec![Match {
        source: "webpronews".to_string(),
        text: "using Microsoft’s European servers to manage the load".to_string(),
        line: 13,
        column: 80,
        page: None,
        score: 3.2,
        coverage: 0.1,
        cited: false,
        conflicts: Vec::new(),
    }];

    let sources = vec![
        source(
            "amnesty",
            "Amnesty welcomes the decision",
            Some("https://www.amnesty.org/en/latest/news/2025/09/microsoft-unit-8200/"),
        ),
        source(
            "guardian-bhrrc",
            "Microsoft terminates access",
            Some("https://www.business-humanrights.org/en/latest-news/microsoft/"),
        ),
        source(
            "no-azure-report",
            "No Azure for Apartheid",
            Some("https://example.org/no-azure"),
        ),
        source(
            "webpronews",
            "Microsoft blocks Unit 8200",
            Some("https://www.webpronews.com/microsoft-blocks-israels-unit-8200/"),
        ),
    ];
    analysis(vec![c, weak], sources)
}

#[test]
fn seeds_pdf_holds_every_claim_id_on_one_line() {
    let analysis = seeds();
    let out = pdf::render(&analysis).expect("the seeds render");
    keep("seeds.pdf", &out.bytes);
    assert!(out.bytes.starts_with(b"%PDF-"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let text = text_of(&out.bytes);
    assert!(text.contains("Microsoft, Unit 8200 and Azure"), "{text}");
    assert!(text.contains("Page 1") && text.contains("Page 3"), "{text}");
    for claim in &analysis.claims {
        // Twice: in the summary table and as the section's heading.
        let n = text.matches(claim.id.as_str()).count();
        assert!(n >= 2, "{} found {n} times in:\n{text}", claim.id);
    }
    for source in &analysis.sources {
        assert!(text.contains(&source.sha256), "{} missing", source.sha256);
    }
}

#[test]
fn same_input_same_bytes() {
    let analysis = seeds();
    let a = pdf::render(&analysis).unwrap().bytes;
    let b = pdf::render(&analysis).unwrap().bytes;
    assert!(a == b, "two renders of the seeds differ");
    // Several links on one page: printpdf keeps a page's annotations in a HashMap.
    let fixture = fixture();
    let a = pdf::render(&fixture).unwrap().bytes;
    for _ in 0..3 {
        assert!(
            a == pdf::render(&fixture).unwrap().bytes,
            "two renders of the fixture differ"
        );
    }
    let raw = String::from_utf8_lossy(&a);
    assert!(raw.matches("/URI").count() >= 5, "links are missing");
    // The report's date (the fixture's generator.date) at midnight UTC.
    assert!(raw.contains("/CreationDate(D:20251001000000+00'00')"));
}

#[test]
fn quantity_discrepancy_shows_both_wordings() {
    let out = pdf::render(&fixture()).unwrap();
    keep("fixture.pdf", &out.bytes);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let text = text_of(&out.bytes);
    for needle in [
        "Discrepancy: quantity",
        "no-azure-report:7",
        "webpronews:13",
        "millions of calls per hour",
        "up to a million calls per hour",
        "at least 2,000,000 vs at most 1,000,000 calls per hour",
        "No passage found by search",
        "The quote is in another source: guardian-bhrrc:4",
        "https://www.webpronews.com/microsoft-blocks-israels-unit-8200/",
        "calls-per-hour",
        "no-support-here",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[test]
fn right_to_left_text_gives_a_warning() {
    let mut a = fixture();
    a.claims[0].text = "Hebrew: שלום עולם, Arabic: مرحبا بالعالم, and 8200.".to_string();
    a.sources[0].title = "עמנסטי".to_string();
    let out = pdf::render(&a).expect("right-to-left text renders");
    keep("rtl.pdf", &out.bytes);
    let w = out.warnings.join("\n");
    assert!(
        w.contains("claim \"calls-per-hour\"") && w.contains("Arabic, Hebrew"),
        "{w}"
    );
    assert!(
        w.contains("source \"amnesty\"") && w.contains("Markdown report"),
        "{w}"
    );
}

#[test]
fn missing_glyphs_give_a_warning_not_a_panic() {
    let mut a = fixture();
    a.claims[1].note = Some("Reported in Chinese as 微软 too.".to_string());
    let out = pdf::render(&a).expect("CJK renders");
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let w = &out.warnings[0];
    assert!(w.starts_with("claim \"no-support-here\""), "{w}");
    assert!(w.contains("U+5FAE") && w.contains("U+8F6F"), "{w}");
    let text = text_of(&out.bytes);
    assert!(text.contains("Reported in Chinese as"), "{text}");
}

#[test]
fn hostile_text_never_panics() {
    let long_word = "x".repeat(3000);
    let long_url = format!("https://example.org/{}", "segment/".repeat(200));
    let mut empty = claim("", "", Verdict::Unverified);
    empty.note = Some(String::new());
    empty.citations.push(CitationResult {
        source: String::new(),
        quote: Some(String::new()),
        stance: Stance::Supports,
        note: None,
        status: QuoteStatus::UnknownSource,
        line: None,
        column: None,
        page: None,
        passage: None,
        matched: None,
        diff: Some(vec![
            run(DiffOp::Delete, ""),
            run(DiffOp::Insert, &long_word),
        ]),
        found_in: None,
        claims_line: 1,
        near_miss_search: None,
        similarity: None,
        conflicts: Vec::new(),
    });
    let mut long = claim(&format!("id-{long_word}"), &long_word, Verdict::Supported);
    // Beyond U+FFFF and in DejaVu Sans: drawn, and extracted whole (printpdf's ToUnicode
    // entry for it is repaired).
    long.note = Some("A smile 😀 here".to_string());
    long.tags = vec![long_word.clone()];
    long.wordings.push(Wording {
        source: long_url.clone(),
        text: format!("{long_word} {long_url} \t\r\n\u{0}\u{1b}[31m \u{202e}reversed \u{feff}"),
        line: 1,
        column: 1,
        page: None,
        cited: false,
        similarity: 2.0,
        diff: vec![run(DiffOp::Equal, &long_url)],
    });
    let mut s = source(&long_word, &long_word, Some(&long_url));
    s.publisher = Some(String::new());
    s.cited_by = vec![long_word.clone(); 50];
    let mut a = analysis(vec![empty, long], vec![s]);
    a.project.title = String::new();
    a.project.url = Some(long_url.clone());
    let out = pdf::render(&a).expect("hostile text renders");
    keep("hostile.pdf", &out.bytes);
    let text = text_of(&out.bytes);
    assert!(text.contains("segment/segment"), "{text}");
    assert!(text.contains("A smile 😀 here"), "{text}");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    let nothing = analysis(Vec::new(), Vec::new());
    pdf::render(&nothing).expect("an empty project renders");
}

/// 1,000 claims (the seeds' claims over and over) and the fixture's two.
/// `cargo test --release --test pdf -- --nocapture thousand` prints the time and size of the
/// full sections; debug builds (ten times slower here) render the claims without their
/// passages and diffs: the summary table over many pages and 1,000 sections still.
#[test]
fn thousand_claims_render() {
    let seeds = seeds();
    let claims: Vec<ClaimAnalysis> = (0..1000)
        .map(|i| {
            let mut c = seeds.claims[i % seeds.claims.len()].clone();
            c.id = format!("claim-{i:04}-{}", c.id);
            if cfg!(debug_assertions) {
                c.wordings.clear();
                c.comparisons.clear();
                c.matches.truncate(1);
            }
            c
        })
        .collect();
    let mut a = fixture();
    a.claims.extend(claims);
    a.summary.claims = a.claims.len();
    let start = Instant::now();
    let out = pdf::render(&a).expect("1,000 claims render");
    let elapsed = start.elapsed();
    let raw = String::from_utf8_lossy(&out.bytes);
    let pages = raw.matches("/Type/Page").count() - raw.matches("/Type/Pages").count();
    println!(
        "{} claims: {:.2} s, {} bytes, {} pages",
        a.claims.len(),
        elapsed.as_secs_f64(),
        out.bytes.len(),
        pages
    );
    keep("thousand.pdf", &out.bytes);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert!(pages > 100, "{pages} pages");
}

/// The briefing read back with lopdf: pages in order, and a destination's page index.
struct Read {
    doc: printpdf::lopdf::Document,
    pages: Vec<printpdf::lopdf::ObjectId>,
}

impl Read {
    fn new(bytes: &[u8]) -> Read {
        let doc = printpdf::lopdf::Document::load_mem(bytes).expect("lopdf reads the PDF");
        let pages = doc.get_pages().into_values().collect();
        Read { doc, pages }
    }

    /// The 0-based page a `Dest` array points to.
    fn page_of(&self, dest: &printpdf::lopdf::Object) -> usize {
        let id = dest.as_array().unwrap()[0].as_reference().unwrap();
        self.pages.iter().position(|p| *p == id).expect("a page")
    }

    fn dict(&self, id: printpdf::lopdf::ObjectId) -> &printpdf::lopdf::Dictionary {
        self.doc.get_dictionary(id).unwrap()
    }

    /// The outline's entries at one level: title and destination page.
    fn outline(
        &self,
        parent: &printpdf::lopdf::Dictionary,
    ) -> Vec<(String, usize, printpdf::lopdf::ObjectId)> {
        let mut out = Vec::new();
        let mut next = parent.get(b"First").ok().map(|o| o.as_reference().unwrap());
        while let Some(id) = next {
            let d = self.dict(id);
            let title = match d.get(b"Title").unwrap() {
                printpdf::lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
                    let units: Vec<u16> = b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&units).unwrap()
                }
                printpdf::lopdf::Object::String(b, _) => String::from_utf8(b.clone()).unwrap(),
                other => panic!("{other:?}"),
            };
            out.push((title, self.page_of(d.get(b"Dest").unwrap()), id));
            next = d.get(b"Next").ok().map(|o| o.as_reference().unwrap());
        }
        out
    }

    /// Per page, the pages its internal links go to.
    fn links(&self, page: usize) -> Vec<usize> {
        match self.dict(self.pages[page]).get(b"Annots") {
            Ok(printpdf::lopdf::Object::Array(items)) => items
                .iter()
                .filter_map(|o| {
                    let d = self.dict(o.as_reference().unwrap());
                    d.get(b"Dest").ok().map(|dest| self.page_of(dest))
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[test]
fn the_briefing_has_an_outline_links_and_page_n_of_m() {
    let analysis = seeds();
    let bytes = pdf::render(&analysis).unwrap().bytes;
    keep("seeds-nav.pdf", &bytes);
    let read = Read::new(&bytes);
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    let n = read.pages.len();
    assert_eq!(pages.len(), n);
    for (i, text) in pages.iter().enumerate() {
        assert!(
            text.contains(&format!("Page {} of {n}", i + 1)),
            "page {}",
            i + 1
        );
    }

    // The outline: the sections, and a bookmark per claim under Claims, on the claim's page.
    let catalog = read.doc.catalog().unwrap();
    let root = read.dict(catalog.get(b"Outlines").unwrap().as_reference().unwrap());
    let top = read.outline(root);
    let titles: Vec<&str> = top.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(titles, ["Needs attention", "Summary", "Claims", "Sources"]);
    let claims = read.outline(read.dict(top[2].2));
    assert_eq!(claims.len(), analysis.claims.len());
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for ((title, page, _), claim) in claims.iter().zip(&analysis.claims) {
        let verdict = claim.verdict.as_str().replace('-', " ");
        assert!(title.starts_with(&format!("{verdict}: ")), "{title}");
        // The heading is on that page (its first words, in case it wraps).
        let words: Vec<&str> = claim.text.split_whitespace().take(4).collect();
        assert!(
            flat(&pages[*page]).contains(&words.join(" ")),
            "{} not on page {}",
            claim.id,
            page + 1
        );
    }

    // Summary rows (text and page number) link to their claim's page, in claim order.
    let summary_page = top[1].1;
    let mut targets: Vec<usize> = Vec::new();
    for p in summary_page..top[2].1 {
        targets.extend(read.links(p));
    }
    targets.dedup();
    let claim_pages: Vec<usize> = claims.iter().map(|(_, p, _)| *p).collect();
    let mut expected = claim_pages.clone();
    expected.dedup();
    // (Needs attention may share the summary's first page: its links come first.)
    assert!(targets.ends_with(&expected), "{targets:?} vs {expected:?}");
    // The page column says the page: the last row's number closes the table.
    let last_page = claim_pages[claim_pages.len() - 1] + 1;
    let table_end = flat(&pages[top[2].1 - 1]);
    let last = analysis.claims.last().unwrap();
    assert!(
        table_end.contains(&format!(
            "{} / {} {last_page}",
            last.supporting_sources.len(),
            last.refuting_sources.len()
        )),
        "{table_end}"
    );

    // Needs attention: each line links to its claim's page.
    let attention_page = top[0].1;
    let links = read.links(attention_page);
    let named: Vec<usize> = analysis
        .needs_attention
        .iter()
        .map(|a| {
            let i = analysis
                .claims
                .iter()
                .position(|c| Some(&c.id) == a.claim.as_ref())
                .unwrap();
            claim_pages[i]
        })
        .collect();
    for page in &named {
        assert!(links.contains(page), "no link to page {}", page + 1);
    }
    assert!(!named.is_empty());
}

#[test]
fn the_fonts_are_subsets_and_every_word_is_extracted() {
    let analysis = seeds();
    let bytes = pdf::render(&analysis).unwrap().bytes;
    assert!(bytes.len() < 250_000, "{} bytes", bytes.len());
    let read = Read::new(&bytes);
    let mut faces = 0;
    for object in read.doc.objects.values() {
        if let Ok(d) = object.as_dict() {
            if let (Ok(name), Ok(file)) = (d.get(b"FontName"), d.get(b"FontFile2")) {
                let name = String::from_utf8(name.as_name().unwrap().to_vec()).unwrap();
                assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{name}");
                let stream = read.doc.get_object(file.as_reference().unwrap()).unwrap();
                let face = stream.as_stream().unwrap().decompressed_content().unwrap();
                assert!(face.len() < 150_000, "{name}: {} bytes", face.len());
                faces += 1;
            }
        }
    }
    assert_eq!(faces, 2);
    // Every word of every claim and note, and each source's title.
    let text = text_of(&bytes);
    for claim in &analysis.claims {
        for word in claim.text.split_whitespace() {
            assert!(text.contains(word), "{word:?} of {}", claim.id);
        }
    }
    for source in &analysis.sources {
        assert!(text.contains(source.title.trim()), "{}", source.title);
    }
    // A citation names who says it and when, under its quote (issue 11): once per citation
    // of the source, besides the appendix's entry.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let citations = analysis
        .claims
        .iter()
        .flat_map(|c| &c.citations)
        .filter(|c| c.source == "guardian-bhrrc")
        .count();
    let named = text
        .matches("Business & Human Rights Resource Centre · 2025-09-25")
        .count();
    assert!(named > citations, "{named} for {citations} citations");
}

// Issue 16: what PDF readers, archives and text extraction get.

/// A PDF text string: PDFDocEncoding's ASCII, or UTF-16BE after a byte order mark.
fn pdf_text(object: &printpdf::lopdf::Object) -> String {
    match object {
        printpdf::lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        printpdf::lopdf::Object::String(b, _) => String::from_utf8(b.clone()).unwrap(),
        other => panic!("not a string: {other:?}"),
    }
}

/// The text between `<tag>` and `</tag>` in the XMP (the first of them).
fn xmp_value<'a>(xmp: &'a str, tag: &str) -> Option<&'a str> {
    let start = xmp.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xmp[start..].find(&format!("</{tag}>"))?;
    Some(&xmp[start..end])
}

/// The catalog's XMP packet, which must be uncompressed (PDF/A).
fn xmp_of(read: &Read) -> String {
    let catalog = read.doc.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = read.doc.get_object(id).unwrap().as_stream().unwrap();
    assert!(stream.dict.get(b"Filter").is_err(), "the XMP is compressed");
    assert_eq!(
        stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"XML"
    );
    String::from_utf8(stream.content.clone()).unwrap()
}

#[test]
fn the_header_says_1_7_and_no_layers_remain() {
    let bytes = pdf::render(&seeds()).unwrap().bytes;
    // The version, then the comment of bytes above 127 that marks the file binary.
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "{:?}", &bytes[..12]);
    let second = &bytes[10..bytes[10..].iter().position(|&b| b == b'\n').unwrap() + 10];
    assert!(second.len() >= 4 && second.iter().all(|&b| b > 127));
    let read = Read::new(&bytes);
    let catalog = read.doc.catalog().unwrap();
    assert!(catalog.get(b"OCProperties").is_err());
    for object in read.doc.objects.values() {
        if let Ok(d) = object.as_dict() {
            assert!(
                !matches!(d.get(b"Type"), Ok(printpdf::lopdf::Object::Name(n)) if n == b"OCG"),
                "an optional-content group is left: {d:?}"
            );
            assert!(d.get(b"Properties").is_err(), "{d:?}");
        }
    }
    for &page in &read.pages {
        let content =
            String::from_utf8_lossy(&read.doc.get_page_content(page).unwrap()).into_owned();
        assert!(!content.contains("/OC "), "{content}");
        let begins = content.matches("BDC").count() + content.matches("BMC").count();
        assert_eq!(begins, content.matches("EMC").count());
    }
    // A cross-reference stream (1.5), so no table.
    assert!(!String::from_utf8_lossy(&bytes).contains("\nxref\n"));
}

#[test]
fn lang_comes_from_the_project_and_the_xmp_matches_the_info_dictionary() {
    let analysis = fixture();
    let english = Read::new(&pdf::render(&analysis).unwrap().bytes);
    let lang = english.doc.catalog().unwrap().get(b"Lang").unwrap();
    assert_eq!(pdf_text(lang), "en");
    let options = pdf::PdfOptions {
        language: "de-CH".to_string(),
        pdf_a: false,
    };
    let bytes = pdf::render_with(&analysis, &options).unwrap().bytes;
    let read = Read::new(&bytes);
    let catalog = read.doc.catalog().unwrap();
    assert_eq!(pdf_text(catalog.get(b"Lang").unwrap()), "de-CH");
    assert!(catalog.get(b"OutputIntents").is_err());

    let xmp = xmp_of(&read);
    assert!(xmp.starts_with("<?xpacket begin=\"\u{feff}\""), "{xmp}");
    assert!(xmp.trim_end().ends_with("<?xpacket end=\"w\"?>"), "{xmp}");
    assert!(!xmp.contains("pdfaid"), "only --pdf-a claims PDF/A: {xmp}");
    let info_id = read
        .doc
        .trailer
        .get(b"Info")
        .unwrap()
        .as_reference()
        .unwrap();
    let info = read.dict(info_id);
    let info_of = |key: &[u8]| pdf_text(info.get(key).unwrap());
    // Title, author, creator tool and producer, word for word.
    let title = xmp_value(&xmp, "rdf:Alt").unwrap();
    assert_eq!(
        title,
        format!(
            "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
            info_of(b"Title")
        )
    );
    assert_eq!(info_of(b"Title"), "Microsoft, Unit 8200 and Azure");
    assert_eq!(
        xmp_value(&xmp, "rdf:Seq").unwrap(),
        format!("<rdf:li>{}</rdf:li>", info_of(b"Author"))
    );
    assert_eq!(info_of(b"Author"), "Test desk");
    assert_eq!(
        xmp_value(&xmp, "xmp:CreatorTool").unwrap(),
        info_of(b"Creator")
    );
    assert_eq!(
        xmp_value(&xmp, "pdf:Producer").unwrap(),
        info_of(b"Producer")
    );
    assert_eq!(
        xmp_value(&xmp, "dc:language").unwrap(),
        "<rdf:Bag><rdf:li>de-CH</rdf:li></rdf:Bag>"
    );
    // The dates: the report's (the fixture's generator.date), the same instant in both forms.
    assert_eq!(info_of(b"CreationDate"), "D:20251001000000+00'00'");
    assert_eq!(info_of(b"ModDate"), "D:20251001000000+00'00'");
    for tag in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"] {
        assert_eq!(xmp_value(&xmp, tag).unwrap(), "2025-10-01T00:00:00+00:00");
    }
    assert!(
        info.get(b"Trapped").is_err(),
        "Trapped has no XMP twin here"
    );
}

#[test]
fn pdf_a_has_an_srgb_output_intent_and_says_pdf_a_2b() {
    let options = pdf::PdfOptions {
        language: "en".to_string(),
        pdf_a: true,
    };
    let analysis = fixture();
    let bytes = pdf::render_with(&analysis, &options).unwrap().bytes;
    keep("fixture-pdfa.pdf", &bytes);
    assert!(bytes == pdf::render_with(&analysis, &options).unwrap().bytes);
    let raw = String::from_utf8_lossy(&bytes);
    // PDF/A-1 (what PDFBox Preflight checks) has no cross-reference streams.
    assert!(raw.contains("\nxref\n") && !raw.contains("/Type/XRef"));
    let read = Read::new(&bytes);
    let catalog = read.doc.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = read.dict(intents[0].as_reference().unwrap());
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    assert_eq!(
        pdf_text(intent.get(b"OutputConditionIdentifier").unwrap()),
        "sRGB IEC61966-2.1"
    );
    let profile = read
        .doc
        .get_object(
            intent
                .get(b"DestOutputProfile")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    // An ICC display profile of RGB: its size, signature and colour space where ICC puts them.
    assert_eq!(
        u32::from_be_bytes(icc[..4].try_into().unwrap()) as usize,
        icc.len()
    );
    assert_eq!(&icc[36..40], b"acsp");
    assert_eq!(&icc[16..20], b"RGB ");
    assert_eq!(icc[8], 2, "ICC version 2, for PDF/A-1 readers too");

    let xmp = xmp_of(&read);
    assert_eq!(xmp_value(&xmp, "pdfaid:part"), Some("2"));
    assert_eq!(xmp_value(&xmp, "pdfaid:conformance"), Some("B"));
    // A document ID in the trailer; no optional content.
    assert_eq!(
        read.doc
            .trailer
            .get(b"ID")
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(catalog.get(b"OCProperties").is_err());
    // Each embedded font: a subset with a CIDToGIDMap stream and a CIDSet.
    let mut fonts = 0;
    for object in read.doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if matches!(d.get(b"Subtype"), Ok(printpdf::lopdf::Object::Name(n)) if n == b"Type0") {
            // The CIDFont: inline in the array (printpdf) or a reference.
            let cid_font = match &d.get(b"DescendantFonts").unwrap().as_array().unwrap()[0] {
                printpdf::lopdf::Object::Reference(id) => read.dict(*id),
                other => other.as_dict().unwrap(),
            };
            assert_eq!(
                cid_font.get(b"Subtype").unwrap().as_name().unwrap(),
                b"CIDFontType2"
            );
            let map = cid_font
                .get(b"CIDToGIDMap")
                .unwrap()
                .as_reference()
                .unwrap();
            assert!(read.doc.get_object(map).unwrap().as_stream().is_ok());
            let descriptor = cid_font
                .get(b"FontDescriptor")
                .unwrap()
                .as_reference()
                .unwrap();
            let descriptor = read.dict(descriptor);
            assert!(descriptor.get(b"FontFile2").is_ok());
            assert!(descriptor.get(b"CIDSet").is_ok());
            fonts += 1;
        }
        // Links print (flag 4), as PDF/A asks of every annotation.
        if matches!(d.get(b"Subtype"), Ok(printpdf::lopdf::Object::Name(n)) if n == b"Link") {
            assert_eq!(d.get(b"F").unwrap().as_i64().unwrap() & 4, 4);
        }
        // Nothing transparent.
        assert!(
            d.get(b"SMask").is_err() && d.get(b"Group").is_err(),
            "{d:?}"
        );
    }
    assert_eq!(fonts, 2);
}

#[test]
fn the_structure_tree_tags_headings_and_every_text_object() {
    let analysis = seeds();
    let bytes = pdf::render(&analysis).unwrap().bytes;
    let read = Read::new(&bytes);
    let catalog = read.doc.catalog().unwrap();
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    let root = read.dict(
        catalog
            .get(b"StructTreeRoot")
            .unwrap()
            .as_reference()
            .unwrap(),
    );
    let document = read.dict(root.get(b"K").unwrap().as_reference().unwrap());
    assert_eq!(document.get(b"S").unwrap().as_name().unwrap(), b"Document");
    let kids = document.get(b"K").unwrap().as_array().unwrap();
    let mut roles: Vec<(String, Vec<i64>, printpdf::lopdf::ObjectId)> = Vec::new();
    for kid in kids {
        let e = read.dict(kid.as_reference().unwrap());
        let role = String::from_utf8(e.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
        // MCIDs, then the Link elements of the links on its lines.
        let mcids = match e.get(b"K").unwrap() {
            printpdf::lopdf::Object::Integer(i) => vec![*i],
            printpdf::lopdf::Object::Array(a) => a.iter().filter_map(|i| i.as_i64().ok()).collect(),
            // A Link element of its own (a link on no tagged line).
            printpdf::lopdf::Object::Dictionary(_) => Vec::new(),
            other => panic!("{other:?}"),
        };
        roles.push((role, mcids, e.get(b"Pg").unwrap().as_reference().unwrap()));
    }
    // The cover's title and the sections are H1, each claim's heading H2.
    let count = |r: &str| roles.iter().filter(|(role, _, _)| role == r).count();
    assert_eq!(count("H1"), 5);
    assert_eq!(roles[0].0, "P", "FACT-CHECK BRIEFING, above the title");
    assert_eq!(roles[1].0, "H1", "the title");
    assert_eq!(count("H2"), analysis.claims.len());
    // Every text object of every page is marked with an MCID that one element owns, and
    // every page's StructParents entry lists the owners.
    let parent_tree = read.dict(root.get(b"ParentTree").unwrap().as_reference().unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    // Every link annotation is the object of a Link element, found from its StructParent.
    let mut links = 0;
    for &page in &read.pages {
        let Ok(annots) = read.dict(page).get(b"Annots") else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let id = a.as_reference().unwrap();
            let key = read
                .dict(id)
                .get(b"StructParent")
                .unwrap()
                .as_i64()
                .unwrap();
            let at = nums
                .chunks(2)
                .position(|pair| pair[0].as_i64().unwrap() == key)
                .unwrap();
            let link = read.dict(nums[at * 2 + 1].as_reference().unwrap());
            assert_eq!(link.get(b"S").unwrap().as_name().unwrap(), b"Link");
            let objr = link.get(b"K").unwrap().as_dict().unwrap();
            assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), id);
            links += 1;
        }
    }
    assert!(links > analysis.claims.len(), "{links} links");
    assert_eq!(nums.len(), (read.pages.len() + links) * 2);
    let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert_eq!(next as usize, read.pages.len() + links);
    for (index, &page) in read.pages.iter().enumerate() {
        let content =
            String::from_utf8_lossy(&read.doc.get_page_content(page).unwrap()).into_owned();
        let texts = content.matches("\nBT\n").count() + usize::from(content.starts_with("BT\n"));
        let marked = content.matches("<</MCID ").count();
        // The others: the footer's two, and the anchors' empty ones (artifacts).
        let empty = content.matches("/Artifact BMC\nBT\n").count();
        assert_eq!(marked + 2 + empty, texts, "page {}", index + 1);
        assert!(marked > 0, "page {}", index + 1);
        let owned: Vec<i64> = roles
            .iter()
            .filter(|(_, _, pg)| *pg == page)
            .flat_map(|(_, m, _)| m.clone())
            .collect();
        assert_eq!(
            owned,
            (0..marked as i64).collect::<Vec<_>>(),
            "page {}",
            index + 1
        );
        let key = read
            .dict(page)
            .get(b"StructParents")
            .unwrap()
            .as_i64()
            .unwrap();
        assert_eq!(nums[index * 2].as_i64().unwrap(), key);
        assert_eq!(nums[index * 2 + 1].as_array().unwrap().len(), marked);
        assert!(content.contains("/Artifact <</Type/Pagination/Subtype/Footer>> BDC"));
    }
}

#[test]
fn extracted_text_reads_in_order() {
    let analysis = seeds();
    let bytes = pdf::render(&analysis).unwrap().bytes;
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        // The footer last: the page's own text comes first.
        let page = flat(page);
        let footer = format!("Microsoft, Unit 8200 and Azure Page {} of {n}", i + 1);
        assert!(page.ends_with(&footer), "page {}: {page}", i + 1);
        assert!(page.len() > footer.len() + 20, "page {}: {page}", i + 1);
    }
    // The cover's numbers beside their labels.
    let cover = flat(&pages[0]);
    let s = &analysis.summary;
    for expected in [
        format!("{} claims", s.claims),
        format!("{} sources", s.sources),
        format!("{} of {} citations hold", s.citations_holding, s.citations),
        format!("{} discrepancies between sources", s.discrepancies),
    ] {
        assert!(cover.contains(&expected), "{expected:?} in {cover}");
    }
    assert!(
        cover.starts_with("FACT-CHECK BRIEFING Microsoft, Unit 8200 and Azure"),
        "{cover}"
    );
}

#[test]
fn deleted_and_inserted_words_extract_apart() {
    let mut analysis = fixture();
    analysis.claims[0].wordings[0].diff = vec![
        run(DiffOp::Equal, "Microsoft's Azure "),
        run(DiffOp::Delete, "cloud"),
        run(DiffOp::Insert, "Cloud"),
        run(DiffOp::Equal, " to collect"),
    ];
    let text = text_of(&pdf::render(&analysis).unwrap().bytes);
    assert!(
        text.contains("Microsoft's Azure cloud Cloud to collect"),
        "{text}"
    );
    assert!(!text.contains("cloudCloud"), "{text}");
}

#[test]
fn report_writes_the_language_and_pdf_a_and_refuses_a_bad_language() {
    use std::process::Command;
    let (dir, _) = crate::common::edited_seeds_project(|text| {
        text.replacen("[project]\n", "[project]\nlanguage = \"en-GB\"\n", 1)
    });
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "report", "--quiet", "--pdf-a", "--format", "pdf", "-o", "a.pdf",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.path().join("a.pdf")).unwrap();
    let read = Read::new(&bytes);
    let catalog = read.doc.catalog().unwrap();
    assert_eq!(pdf_text(catalog.get(b"Lang").unwrap()), "en-GB");
    assert!(catalog.get(b"OutputIntents").is_ok());
    assert!(xmp_of(&read).contains("<pdfaid:part>2</pdfaid:part>"));

    let claims = dir.path().join("claims.toml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(&claims, text.replace("\"en-GB\"", "\"en_GB\"")).unwrap();
    let out = run(&["report", "--format", "pdf", "-o", "b.pdf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("invalid language \"en_GB\" in [project]"),
        "{err}"
    );
    // [project] is on line 6 of the shipped claims.toml: language is the line after it.
    assert!(err.contains("claims.toml:7:"), "{err}");
    assert!(err.contains("e.g. language = \"en\""), "{err}");
    assert!(!dir.path().join("b.pdf").exists());
}

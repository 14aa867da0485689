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

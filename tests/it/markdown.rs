//! The Markdown report on the seeds and on a hostile project, read back with pulldown-cmark.

use std::path::{Path, PathBuf};

use factcheck::analysis::{
    Analysis, At, Comparison, DiffOp, DiffRun, Discrepancy, DiscrepancyKind,
};
use factcheck::corpus::Corpus;
use factcheck::error::InputError;
use factcheck::project::Project;
use factcheck::render::markdown::{self, anchor};
use factcheck::retrieve::MemoryIndex;
use pulldown_cmark::{BlockQuoteKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn analyse(claims: &Path) -> Analysis {
    let project = Project::load(claims).unwrap_or_else(|e| panic!("{e}"));
    let corpus = Corpus::load(&project).unwrap_or_else(|e| panic!("{e}"));
    let index = MemoryIndex::build(&corpus);
    Analysis::run(&project, &corpus, Some(&index), 5)
}

fn seeds() -> Analysis {
    analyse(&repo().join("claims.toml"))
}

fn render(analysis: &Analysis, templates: Option<&Path>) -> String {
    markdown::render(analysis, templates).unwrap_or_else(|e| panic!("{e}"))
}

fn render_err(analysis: &Analysis, templates: &Path) -> InputError {
    match markdown::render(analysis, Some(templates)) {
        Ok(md) => panic!("rendered, expected an error:\n{md}"),
        Err(e) => e,
    }
}

/// The report as GitHub reads it: GFM tables, footnotes, strikethrough, alerts.
fn events(markdown: &str) -> Vec<Event<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    Parser::new_ext(markdown, options).collect()
}

/// The text inside each block (paragraph, heading, table cell), in order.
fn blocks(events: &[Event]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => current.push_str(t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            )
            | Event::Start(Tag::Item | Tag::List(_))
                if !current.is_empty() =>
            {
                out.push(std::mem::take(&mut current));
            }
            _ => {}
        }
    }
    out
}

fn headings(events: &[Event]) -> Vec<(HeadingLevel, String)> {
    let mut out = Vec::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for e in events {
        match e {
            Event::Start(Tag::Heading { level, .. }) => current = Some((*level, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// A table: rows of cells, the header first; each cell its text and link target.
struct Table {
    rows: Vec<Vec<(String, Option<String>)>>,
}

/// The first table after the H2 heading `title`.
fn table_under<'e>(events: &'e [Event<'e>], title: &str) -> Table {
    let at = events
        .iter()
        .enumerate()
        .position(|(i, e)| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    ..
                })
            ) && matches!(events.get(i + 1), Some(Event::Text(t)) if t.as_ref() == title)
        })
        .unwrap_or_else(|| panic!("no heading {title:?}"));
    first_table(&events[at..])
}

fn first_table(events: &[Event]) -> Table {
    let mut rows = Vec::new();
    let mut inside = false;
    let mut row: Vec<(String, Option<String>)> = Vec::new();
    let mut cell: Option<(String, Option<String>)> = None;
    for e in events {
        match e {
            Event::Start(Tag::Table(_)) => inside = true,
            Event::End(TagEnd::Table) => break,
            _ if !inside => {}
            Event::Start(Tag::TableCell) => cell = Some((String::new(), None)),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, _)) = cell.as_mut() {
                    s.push_str(t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((_, link)) = cell.as_mut() {
                    *link = Some(dest_url.to_string());
                }
            }
            _ => {}
        }
    }
    assert!(!rows.is_empty(), "no table");
    Table { rows }
}

fn texts(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.iter().map(|(s, _)| s.as_str()).collect())
        .collect()
}

/// Raw HTML, inline or as blocks (the lines of a block joined).
fn html(events: &[Event]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_block = false;
    for e in events {
        match e {
            Event::InlineHtml(h) => out.push(h.to_string()),
            Event::Html(h) if in_block => out.last_mut().unwrap().push_str(h),
            Event::Html(h) => out.push(h.to_string()),
            _ => {}
        }
        in_block = matches!(e, Event::Html(_));
    }
    out
}

fn links(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

/// `source:line:column` as the report writes it.
fn at(source: &str, line: usize, column: usize) -> String {
    match column {
        1 => format!("{source}:{line}"),
        c => format!("{source}:{line}:{c}"),
    }
}

fn verdict_words(v: factcheck::project::Verdict) -> String {
    v.as_str().replace('-', " ")
}

/// The `id`s of the report's own anchors (`<a id="claim-…"></a>` before each claim heading).
fn explicit_anchors(events: &[Event]) -> Vec<String> {
    html(events)
        .iter()
        .filter_map(|h| {
            h.trim()
                .strip_prefix("<a id=\"")
                .and_then(|r| r.strip_suffix("\">"))
                .map(str::to_string)
        })
        .collect()
}

/// The headings' anchors as GitHub names them: github-slugger's rule, written here apart from
/// the library's: a repeated slug gets "-1", "-2" ..., past any slug already taken.
fn github_anchors(events: &[Event]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for (_, text) in headings(events) {
        let base = anchor(&text);
        let mut n = 0;
        let mut slug = base.clone();
        while taken.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        taken.push(slug);
    }
    taken
}

/// Every link within the report lands on a heading (by GitHub's anchors) or an anchor.
fn assert_links_resolve(events: &[Event]) {
    let mut anchors = github_anchors(events);
    anchors.extend(explicit_anchors(events));
    for link in links(events) {
        if let Some(target) = link.strip_prefix('#') {
            assert!(anchors.iter().any(|a| a == target), "no heading for {link}");
        }
    }
}

#[test]
fn seeds_report_has_a_summary_row_and_a_section_per_claim() {
    let analysis = seeds();
    let md = render(&analysis, None);
    let events = events(&md);

    let table = table_under(&events, "Summary");
    assert_eq!(
        texts(&table)[0],
        [
            "Claim",
            "Verdict",
            "Supporting sources",
            "Refuting sources",
            "Citations"
        ]
    );
    assert_eq!(table.rows.len(), analysis.claims.len() + 1);
    for (row, claim) in table.rows[1..].iter().zip(&analysis.claims) {
        let cells: Vec<&str> = row.iter().map(|(s, _)| s.as_str()).collect();
        let status = claim
            .citation_status
            .map_or("no citation", |s| match s.as_str() {
                "near-miss" => "near miss",
                "wrong-source" => "wrong source",
                "not-found" => "not found",
                "unknown-source" => "unknown source",
                s => s,
            });
        // The claim's text, shortened to a line or two.
        let text = claim.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = cells[0].strip_suffix('…').unwrap_or(cells[0]);
        assert!(
            text.starts_with(shown) && shown.len() * 2 > text.len().min(110),
            "{:?} for {:?}",
            cells[0],
            claim.text
        );
        assert!(cells[0].chars().count() <= 110);
        assert_eq!(
            cells[1..],
            [
                &verdict_words(claim.verdict),
                &claim.supporting_sources.len().to_string(),
                &claim.refuting_sources.len().to_string(),
                status
            ]
        );
        assert_eq!(row[0].1.as_deref(), Some(&*format!("#claim-{}", claim.id)));
    }

    // Each claim's heading is its verdict and text; its anchor stays `claim-<id>`.
    let headings = headings(&events);
    let anchors = explicit_anchors(&events);
    for claim in &analysis.claims {
        let verdict = verdict_words(claim.verdict);
        let verdict = verdict[..1].to_uppercase() + &verdict[1..];
        let heading = (HeadingLevel::H3, format!("{verdict}: {}", claim.text));
        assert_eq!(
            headings.iter().filter(|h| **h == heading).count(),
            1,
            "{heading:?}"
        );
        let id = format!("claim-{}", claim.id);
        assert_eq!(anchors.iter().filter(|a| **a == id).count(), 1, "{id}");
    }
    assert_eq!(anchors.len(), analysis.claims.len());
    for source in &analysis.sources {
        assert!(headings.contains(&(HeadingLevel::H3, format!("Source {}", source.id))));
    }
    assert_eq!(
        headings
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H2)
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>(),
        ["Needs attention", "Summary", "Claims", "Sources"]
    );

    assert_links_resolve(&events);
    let defined: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_string()),
            _ => None,
        })
        .collect();
    for e in &events {
        if let Event::FootnoteReference(l) = e {
            assert!(defined.contains(&l.to_string()), "footnote {l} undefined");
        }
    }
    assert!(!defined.is_empty());

    // Each claim's citations, with their source:line.
    let blocks = blocks(&events);
    let claim = &analysis.claims[0];
    assert!(blocks.contains(&claim.text));
    for c in &claim.citations {
        let at = match (c.line, c.column) {
            (Some(l), Some(col)) => at(&c.source, l, col),
            _ => c.source.clone(),
        };
        assert!(
            blocks
                .iter()
                .any(|b| b.contains(c.quote.as_deref().unwrap_or_default()) && b.contains(&at)),
            "citation {at} {:?}",
            c.quote
        );
    }
    assert!(md.contains(&format!(
        "{} {}",
        analysis.generator.name, analysis.generator.version
    )));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let analysis = seeds();
    let first = render(&analysis, None);
    assert_eq!(first, render(&analysis, None));
    assert_eq!(first, render(&seeds(), None));
    assert!(first.ends_with(".\n") || first.ends_with(")\n"));
    assert!(!first.ends_with("\n\n"));
}

/// Near misses, comparisons and discrepancies, which the seeds may not have yet.
#[test]
fn diffs_comparisons_and_discrepancies_are_shown() {
    let mut analysis = seeds();
    // One claim, with nothing but what is set here, whatever the comparison finds.
    analysis.claims.truncate(1);
    let claim = &mut analysis.claims[0];
    for w in &mut claim.wordings {
        w.diff.clear();
    }
    let run = |op, text: &str| DiffRun {
        op,
        text: text.to_string(),
    };
    claim.wordings[0].similarity = 0.5;
    claim.wordings[0].diff = vec![
        run(DiffOp::Equal, "Microsoft"),
        run(DiffOp::Delete, "withdrew"),
        run(DiffOp::Insert, "cut <b>off</b>"),
    ];
    let a = claim.wordings[0].source.clone();
    let b = claim.wordings[1].source.clone();
    claim.comparisons = vec![Comparison {
        sources: [a.clone(), b.clone()],
        similarity: 0.25,
        diff: vec![
            run(DiffOp::Delete, "some"),
            run(DiffOp::Insert, "certain"),
            run(DiffOp::Equal, "services"),
        ],
    }];
    claim.discrepancies = vec![Discrepancy {
        kind: DiscrepancyKind::Quantity,
        sources: [a.clone(), b.clone()],
        a: "millions of calls | per hour".to_string(),
        b: "up to a *million* calls".to_string(),
        a_at: At {
            line: 3,
            column: 7,
            page: None,
        },
        b_at: At {
            line: 9,
            column: 1,
            page: None,
        },
        detail: "at least 2,000,000 vs at most 1,000,000".to_string(),
    }];
    let md = render(&analysis, None);
    let events = events(&md);
    let w = &analysis.claims[0].wordings[0];
    let first = at(&w.source, w.line, w.column);
    assert_eq!(
        html(&events)[2..],
        [
            "<details>\n<summary>Each passage compared with the claim, word by word</summary>\n",
            "<del>",
            "</del>",
            "<ins>",
            "</ins>",
            "</details>\n",
            "<details>\n<summary>How the sources word it, word by word (1 pair)</summary>\n",
            "<del>",
            "</del>",
            "<ins>",
            "</ins>",
            "</details>\n"
        ]
    );
    assert_no_markup_injected(&events);
    let blocks = blocks(&events);
    assert!(blocks.iter().any(|b| b.starts_with(&format!(
        "{first} (50% alike): Microsoft withdrew cut <b>off</b>"
    ))));
    assert!(
        blocks
            .iter()
            .any(|block| block == &format!("{a} → {b} (25% alike): some certain services")),
        "{blocks:#?}"
    );

    // The discrepancy is a GitHub alert naming both sources, where and what each says.
    let mut in_alert = false;
    let mut alert = String::new();
    for e in &events {
        match e {
            Event::Start(Tag::BlockQuote(Some(BlockQuoteKind::Warning))) => in_alert = true,
            Event::End(TagEnd::BlockQuote(_)) => in_alert = false,
            Event::Text(t) if in_alert => alert.push_str(t),
            _ => {}
        }
    }
    assert_eq!(
        alert,
        format!(
            "Quantity differs between sources. {a}:3:7 says “millions of calls | per hour”; \
             {b}:9 says “up to a *million* calls”. at least 2,000,000 vs at most 1,000,000"
        )
    );
}

/// A project whose article, claims and metadata hold Markdown and HTML.
struct Hostile {
    dir: tempfile::TempDir,
}

const ARTICLE_LINE: &str = "Officials said the vote was a | b | c and then <script>alert(1)</script> ran, while [x](javascript:alert(1)) and {{title}} appeared with *emphasis* and `backticks` in the text.";
const CLAIM_TEXT: &str =
    "## heading <script>alert(1)</script> a | b | c [x](javascript:alert(1)) {{title}}";
const NOTE: &str = "*emphasis* and `backticks` | pipes |\n## heading on a new line";
const QUOTE: &str = "a | b | c and then <script>alert(1)</script> ran";

impl Hostile {
    fn new() -> Hostile {
        let dir = tempfile::tempdir().unwrap();
        let sources = dir.path().join("sources");
        std::fs::create_dir(&sources).unwrap();
        std::fs::write(
            sources.join("hostile.txt"),
            format!(
                "A hostile article about a vote\n\n{ARTICLE_LINE}\n\n## heading\n\n\
                 Another paragraph says 1. that the count was 2,000 &amp; that <img src=x onerror=alert(1)> is text.\n"
            ),
        )
        .unwrap();
        std::fs::write(
            sources.join("other.txt"),
            "Committee notes\n\nThe committee met on Tuesday in Geneva to discuss the budget for the coming year.\n",
        )
        .unwrap();
        let claims = format!(
            r#"[project]
title = "Hostile | <script>alert(1)</script> *project*"
sources = "sources"
description = "Line one\n# not a heading\n---"
author = "<b>me</b>"
url = "javascript:alert(3)"

[sources.hostile]
file = "hostile.txt"
title = "<script>alert(1)</script> | [t](javascript:alert(1))"
publisher = "P | *Q*"
url = "javascript:alert(1)"

[sources.other]
file = "other.txt"
url = "https://example.org/a_(b)"

[[claims]]
id = "hostile-claim"
text = {text:?}
verdict = "disputed"
note = {note:?}
tags = ["x|y", "<b>"]

[[claims.citations]]
source = "hostile"
quote = {quote:?}

[[claims.citations]]
source = "other"
quote = "The committee met on Wednesday in Geneva to discuss the budget"

[[claims.citations]]
source = "hostile"
quote = "The committee met on Tuesday in Geneva"

[[claims.citations]]
source = "nowhere"
quote = "<script>alert(2)</script>"

[[claims]]
id = "uncited"
text = "<img src=x onerror=alert(1)> 1. | listed"
"#,
            text = CLAIM_TEXT,
            note = NOTE,
            quote = QUOTE,
        );
        std::fs::write(dir.path().join("claims.toml"), claims).unwrap();
        Hostile { dir }
    }

    fn analysis(&self) -> Analysis {
        analyse(&self.dir.path().join("claims.toml"))
    }
}

/// The HTML the templates write themselves.
fn template_html(h: &str) -> bool {
    let pairs = h
        .strip_prefix("<details>\n<summary>How the sources word it, word by word (")
        .and_then(|rest| rest.strip_suffix(")</summary>\n"));
    // The anchor before each claim's heading, which CommonMark reads as inline HTML.
    let anchor = h
        .strip_prefix("<a id=\"claim-")
        .and_then(|r| r.strip_suffix("\">"))
        .is_some_and(|id| {
            id.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    anchor
        || h == "</a>"
        || [
            "<del>",
            "</del>",
            "<ins>",
            "</ins>",
            "</details>\n",
            "<details>\n<summary>Each passage compared with the claim, word by word</summary>\n",
        ]
        .contains(&h)
        || pairs.is_some_and(|n| {
            n == "1 pair"
                || n.strip_suffix(" pairs")
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        })
}

fn assert_no_markup_injected(events: &[Event]) {
    for h in html(events) {
        assert!(template_html(&h), "raw HTML in the report: {h:?}");
    }
    for link in links(events) {
        assert!(
            link.starts_with('#') || link.starts_with("https://"),
            "link to {link:?}"
        );
    }
}

#[test]
fn hostile_text_stays_text() {
    let hostile = Hostile::new();
    let analysis = hostile.analysis();
    let statuses: Vec<&str> = analysis.claims[0]
        .citations
        .iter()
        .map(|c| c.status.as_str())
        .collect();
    assert_eq!(
        statuses,
        ["exact", "near-miss", "wrong-source", "unknown-source"]
    );
    let md = render(&analysis, None);
    let events = events(&md);

    assert_no_markup_injected(&events);
    assert_links_resolve(&events);
    assert!(!md.to_lowercase().replace("\\<", "").contains("<script"));
    assert_eq!(
        links(&events)
            .iter()
            .filter(|l| l.starts_with("https://"))
            .collect::<Vec<_>>(),
        ["https://example.org/a_(b)"]
    );

    // No heading but the report's own.
    assert_eq!(
        headings(&events),
        [
            (
                HeadingLevel::H1,
                "Fact-check: Hostile | <script>alert(1)</script> *project*".to_string()
            ),
            (HeadingLevel::H2, "Needs attention".to_string()),
            (HeadingLevel::H2, "Summary".to_string()),
            (HeadingLevel::H2, "Claims".to_string()),
            (HeadingLevel::H3, format!("Disputed: {CLAIM_TEXT}")),
            (
                HeadingLevel::H3,
                "Unverified: <img src=x onerror=alert(1)> 1. | listed".to_string()
            ),
            (HeadingLevel::H2, "Sources".to_string()),
            (HeadingLevel::H3, "Source hostile".to_string()),
            (HeadingLevel::H3, "Source other".to_string()),
        ]
    );

    // Needs attention comes first, each line naming the claim and linking to it; its
    // problems are text.
    let attention = table_under(&events, "Needs attention");
    assert_eq!(texts(&attention)[0], ["Problem", "Claim", "What is wrong"]);
    assert_eq!(attention.rows.len(), analysis.needs_attention.len() + 1);
    for (row, item) in attention.rows[1..].iter().zip(&analysis.needs_attention) {
        let id = item.claim.as_deref().unwrap();
        assert_eq!(row[1].0, id);
        assert_eq!(row[1].1.as_deref(), Some(&*format!("#claim-{id}")));
        assert!(row[2].0.starts_with(&item.problem), "{:?}", row[2].0);
    }
    let kinds: Vec<&str> = attention.rows[1..]
        .iter()
        .map(|r| r[0].0.as_str())
        .collect();
    assert_eq!(kinds[0], "citation does not hold");
    assert!(kinds.contains(&"no citation") && kinds.contains(&"unverified"));

    // The summary table keeps its five columns.
    let table = table_under(&events, "Summary");
    assert_eq!(
        texts(&table),
        [
            vec![
                "Claim",
                "Verdict",
                "Supporting sources",
                "Refuting sources",
                "Citations"
            ],
            vec![
                CLAIM_TEXT,
                "disputed",
                &analysis.claims[0].supporting_sources.len().to_string(),
                &analysis.claims[0].refuting_sources.len().to_string(),
                "unknown source"
            ],
            vec![
                "<img src=x onerror=alert(1)> 1. | listed",
                "unverified",
                &analysis.claims[1].supporting_sources.len().to_string(),
                &analysis.claims[1].refuting_sources.len().to_string(),
                "no citation"
            ],
        ]
    );
    assert!(md
        .lines()
        .filter(|l| l.starts_with("| ["))
        .all(|l| l.matches(" | ").count() == 4));
    assert!(md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("](#claim-"))
        .any(|l| l.matches(" | ").count() == 2));

    // What the articles and claims.toml say is there, as text.
    let blocks = blocks(&events);
    let has = |needle: &str| blocks.iter().any(|b| b.contains(needle));
    assert!(blocks.contains(&CLAIM_TEXT.to_string()));
    assert!(has(&NOTE.replace('\n', " ")));
    assert!(has(&format!("“{QUOTE}”")));
    assert!(has(ARTICLE_LINE), "the cited passage");
    assert!(has("x|y, <b>"));
    assert!(has(
        "<script>alert(1)</script> | [t](javascript:alert(1)), P | *Q*"
    ));
    assert!(has("URL: javascript:alert(1)"));
    assert!(blocks.contains(&"Line one # not a heading ---".to_string()));
    assert!(blocks.contains(&"By <b>me</b>. javascript:alert(3)".to_string()));
    assert!(blocks.contains(&"<img src=x onerror=alert(1)> 1. | listed".to_string()));
    assert!(has("No citation"));
    // Near miss with its diff, wrong source with where the quote is, unknown source.
    assert!(has("Closest passage, from the quote to the source: The committee met on Wednesday Tuesday in Geneva"));
    assert!(has("Not in hostile, but found in other:3"));
    assert!(has("in “nowhere”"));
    assert!(has("No source has this id."));
    assert!(has("<script>alert(2)</script>"));
}

#[test]
fn hostile_text_in_table_cells_keeps_the_columns() {
    let hostile = Hostile::new();
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("summary.md.hbs"),
        "## Summary\n\n| Claim | Text | Note |\n| --- | --- | --- |\n\
         {{#each claims}}\n| {{id}} | {{text}} | {{note}} |\n{{/each}}\n",
    )
    .unwrap();
    let analysis = hostile.analysis();
    let md = render(&analysis, Some(templates.path()));
    let events = events(&md);
    assert_no_markup_injected(&events);
    assert_eq!(
        texts(&table_under(&events, "Summary")),
        [
            vec!["Claim", "Text", "Note"],
            vec!["hostile-claim", CLAIM_TEXT, &NOTE.replace('\n', " ")],
            vec!["uncited", "<img src=x onerror=alert(1)> 1. | listed", ""],
        ]
    );
}

#[test]
fn a_template_folder_overrides_a_partial() {
    let analysis = seeds();
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("claim.md.hbs"),
        "### Checked {{id}}\n\n{{> verdict-line}}\n",
    )
    .unwrap();
    // A partial of the folder's own; hidden files are ignored.
    std::fs::write(
        templates.path().join("verdict-line.hbs"),
        "Verdict: {{verdict verdict}}\n",
    )
    .unwrap();
    std::fs::write(templates.path().join(".claim.md.hbs"), "{{broken").unwrap();
    let md = render(&analysis, Some(templates.path()));
    let headings = headings(&events(&md));
    let first = &analysis.claims[0];
    assert!(headings.contains(&(HeadingLevel::H3, format!("Checked {}", first.id))));
    assert!(!headings.iter().any(|(_, t)| t.starts_with("Supported: ")));
    assert!(md.contains(&format!("Verdict: {}", verdict_words(first.verdict))));
    // The rest is built in.
    assert!(headings.contains(&(HeadingLevel::H2, "Summary".to_string())));
    assert!(headings.contains(&(HeadingLevel::H2, "Sources".to_string())));
}

#[test]
fn a_template_file_replaces_the_report() {
    let analysis = seeds();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.md.hbs");
    std::fs::write(
        &file,
        "# {{project.title}}\n\n{{#each claims}}\n- {{id}}: {{verdict verdict}}\n{{/each}}\n\n{{> sources}}\n",
    )
    .unwrap();
    let md = render(&analysis, Some(&file));
    assert!(md.starts_with("# Microsoft, Unit 8200 and Azure\n\n- unit-8200-access-cut: "));
    assert!(!md.contains("## Summary"));
    assert!(md.contains("## Sources"));
}

#[test]
fn a_syntax_error_names_the_template_file_and_line() {
    let analysis = seeds();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.md.hbs");
    std::fs::write(
        &file,
        "# {{project.title}}\n\n{{#each claims}}\n- {{id}\n{{/each}}\n",
    )
    .unwrap();
    let err = render_err(&analysis, &file);
    let at = err.location.as_deref().expect("a location");
    assert_eq!(at.path, file);
    assert_eq!((at.line, at.column), (4, 7));
    assert!(at.text.is_some() && at.span.is_some(), "the line is shown");
    assert!(err.help.as_deref().unwrap().contains("{{/block}}"));
    assert!(err.to_string().contains("report.md.hbs:4:7"), "{err}");

    // A block never closed points at its opening tag.
    std::fs::write(&file, "# {{project.title}}\n\n{{#each claims}}\n- {{id}}\n").unwrap();
    let err = render_err(&analysis, &file);
    assert_eq!(err.message, "`{{#each}}` is never closed");
    assert_eq!(
        err.location.as_deref().map(|l| (l.line, l.column)),
        Some((3, 1))
    );

    // In a folder, the partial's own file.
    let folder = dir.path().join("theme");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("citation.md.hbs"),
        "- {{quote}}\n- {{#if line}}\n",
    )
    .unwrap();
    let err = render_err(&analysis, &folder);
    let at = err.location.as_deref().unwrap();
    assert_eq!(at.path, folder.join("citation.md.hbs"));
    assert_eq!(at.line, 2);
}

#[test]
fn strict_mode_rejects_a_missing_field() {
    let analysis = seeds();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("claim.md.hbs"),
        "### Claim {{id}}\n\n{{#each citations}}\n- {{source}} {{quote_text}}\n{{/each}}\n",
    )
    .unwrap();
    let err = render_err(&analysis, dir.path());
    assert!(err.message.contains("`quote_text`"), "{}", err.message);
    let at = err.location.as_deref().unwrap();
    assert_eq!(at.path, dir.path().join("claim.md.hbs"));
    assert_eq!((at.line, at.column), (4, 14));
    assert!(err.help.as_deref().unwrap().contains("JSON report"));

    // A partial that does not exist, a helper that does not exist.
    std::fs::write(dir.path().join("claim.md.hbs"), "{{> claims}}\n").unwrap();
    let err = render_err(&analysis, dir.path());
    assert_eq!(err.message, "no template named `claims`");
    assert!(err.help.as_deref().unwrap().contains("claim, discrepancy"));
    std::fs::write(dir.path().join("claim.md.hbs"), "\n{{percent 0.5}}\n").unwrap();
    let err = render_err(&analysis, dir.path());
    assert_eq!(err.message, "no helper named `percent`");
    assert_eq!(err.location.as_deref().map(|l| l.line), Some(2));
}

#[test]
fn templates_including_each_other_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citation.md.hbs"),
        "- {{quote}}\n{{#if diff}}{{> claim}}{{/if}}\n",
    )
    .unwrap();
    let err = render_err(&seeds(), dir.path());
    assert_eq!(
        err.message,
        "templates include each other in a loop: citation → claim → citation \
         (in the built-in template `claim`)"
    );
    let at = err.location.as_deref().unwrap();
    assert_eq!(at.path, Path::new("templates/claim.md.hbs"));
}

#[test]
fn a_project_without_claims_renders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/a.txt"), "Title\n\nBody text.\n").unwrap();
    std::fs::write(dir.path().join("claims.toml"), "[project]\ntitle = \"t\"\n").unwrap();
    let md = render(&analyse(&dir.path().join("claims.toml")), None);
    let events = events(&md);
    assert_eq!(
        texts(&table_under(&events, "Summary")).len(),
        1,
        "the header row only"
    );
    assert!(md.contains("## Needs attention\n\nNothing:"));
    // A source that no claim cites or draws on is counted, not listed.
    assert!(!headings(&events).contains(&(HeadingLevel::H3, "Source a".to_string())));
    assert!(
        md.contains("1 source was searched and none is cited by or found by search for any claim")
    );
    assert!(md.contains("- 0 claims\n"));
}

#[test]
fn a_missing_template_path_is_an_input_error() {
    let err = render_err(&seeds(), Path::new("no/such/template.md.hbs"));
    assert!(
        err.message.starts_with("cannot read template"),
        "{}",
        err.message
    );
    assert!(err.help.is_some());
}

/// Source ids that slug alike ("a.b" and "a/b" are both "source-ab") link to their own
/// headings, which GitHub names "source-ab" and "source-ab-1".
#[test]
fn sources_that_slug_alike_link_to_their_own_headings() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    std::fs::create_dir_all(sources.join("a")).unwrap();
    std::fs::write(
        sources.join("a.b.txt"),
        "One\n\nThe river rose by two metres overnight.\n",
    )
    .unwrap();
    std::fs::write(
        sources.join("a/b.txt"),
        "Two\n\nThe bridge closed at noon on Friday.\n",
    )
    .unwrap();
    let claims = dir.path().join("claims.toml");
    std::fs::write(
        &claims,
        concat!(
            "[project]\ntitle = \"t\"\nsources = \"sources\"\n\n",
            "[[claims]]\nid = \"river\"\ntext = \"The river rose by two metres.\"\n\n",
            "[[claims.citations]]\nsource = \"a.b\"\nquote = \"The river rose by two metres overnight.\"\n\n",
            "[[claims]]\nid = \"bridge\"\ntext = \"The bridge closed at noon.\"\n\n",
            "[[claims.citations]]\nsource = \"a/b\"\nquote = \"The bridge closed at noon on Friday.\"\n",
        ),
    )
    .unwrap();
    let md = render(&analyse(&claims), None);
    let events = events(&md);
    assert_links_resolve(&events);
    let heads = headings(&events);
    let anchors = github_anchors(&events);
    let anchor_of = |title: &str| {
        let at = heads
            .iter()
            .position(|(_, t)| t == title)
            .unwrap_or_else(|| panic!("{title}: {heads:?}"));
        anchors[at].clone()
    };
    assert_ne!(anchor_of("Source a.b"), anchor_of("Source a/b"));
    // Each place links to its own source's heading.
    let targets: Vec<String> = links(&events);
    for (source, line) in [("a.b", 3), ("a/b", 3)] {
        let place = format!(
            "[{}:{line}](#{})",
            source,
            anchor_of(&format!("Source {source}"))
        );
        let escaped = place.replace('.', "\\.");
        assert!(
            md.contains(&place) || md.contains(&escaped),
            "{place} not in:\n{md}"
        );
    }
    assert!(targets.iter().any(|t| t == "#source-ab-1"), "{targets:?}");
}

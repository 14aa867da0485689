//! The document's parts: the cover, the summary table, one section per claim and the sources.

use genpdfi::elements::{LinearLayout, TableLayout};
use std::collections::BTreeMap;

use genpdfi::fonts::FontCache;
use genpdfi::style::{Color, Style};
use genpdfi::{Element, Margins, Mm};

use crate::analysis::{Analysis, CitationResult, ClaimAnalysis, Match, SourceInfo};
use crate::compare::{Comparison, Discrepancy, Wording};
use crate::diff::{DiffOp, DiffRun};
use crate::project::{Stance, Verdict};
use crate::quote::QuoteStatus;

use super::elements::{
    badge, badge_row, badge_size, horizontal_rule, need, space, stroke, Badged, RowRules,
};
use super::fonts::Checker;
use super::rich_text::{Mark, RichText};
use super::{
    bold, colored, st, status_color, verdict_color, BLUE, GREEN, GREY, INDENT, LIGHT, MARGINS,
    ORANGE, RED,
};

/// Small print that is there for whoever edits claims.toml, not for the reader.
const LIGHT_TEXT: Color = Color::Rgb(140, 140, 140);

/// The document's elements in reading order. It boxes what the parts push, so that they read
/// as what they draw.
#[derive(Default)]
pub(super) struct Flow(pub(super) Vec<Box<dyn Element>>);

impl Flow {
    pub(super) fn push(&mut self, element: impl Element + 'static) {
        self.0.push(Box::new(element));
    }

    pub(super) fn space(&mut self, mm: f32) {
        self.push(space(mm));
    }

    pub(super) fn need(&mut self, mm: f32) {
        self.push(need(mm));
    }
}

/// One run of text: the start of most lines, which add runs to it.
fn styled(text: impl Into<String>, style: Style) -> RichText {
    RichText::new().run(text, style)
}

pub(super) fn plain(text: &str, size: u8, color: Color) -> RichText {
    styled(text, colored(st(size), color))
}

/// A line under one of a claim's sub-headings: indented, so the sub-heading stands out.
fn indented(text: impl Into<String>, style: Style) -> RichText {
    styled(text, style).indent(INDENT)
}

/// A grey bold label and its value: the label is read past, the value is what the line says.
fn labelled(label: &str, size: u8, value: impl Into<String>, style: Style) -> RichText {
    styled(label, colored(bold(size), GREY)).run(value, style)
}

/// The first line of a passage or a comparison: what it is in bold, then how it bears on the
/// claim in small grey type.
fn entry_head(name: String, detail: &str) -> RichText {
    indented(name, bold(9)).run(format!("  {detail}"), colored(st(8), GREY))
}

/// `source:line`, and a PDF source's page (`source:line, p. N`, as the Markdown report and
/// `check` write it), the source cleaned for the bold face it is drawn in.
fn place(text: &mut Checker, ctx: &str, source: &str, line: usize, page: Option<u32>) -> String {
    let at = format!("{}:{line}", text.clean(ctx, source, true));
    match page {
        Some(page) => format!("{at}, p. {page}"),
        None => at,
    }
}

/// A call-out that must not be missed (no supporting passage, a discrepancy): a bold title
/// in `color`, then its lines, padded and framed in the same colour.
struct FramedBox {
    body: LinearLayout,
    color: Color,
    thickness: f32,
}

fn framed_box(title: impl Into<String>, color: Color, thickness: f32) -> FramedBox {
    FramedBox {
        body: LinearLayout::vertical()
            .element(styled(title, colored(bold(10), color)))
            .element(space(1.0)),
        color,
        thickness,
    }
}

impl FramedBox {
    fn line(mut self, element: impl Element + 'static) -> FramedBox {
        self.push(element);
        self
    }

    fn push(&mut self, element: impl Element + 'static) {
        self.body.push(element);
    }

    /// Onto the flow, on a new page unless `room` is left: a frame split across pages reads
    /// as two.
    fn end(self, flow: &mut Flow, room: f32) {
        flow.need(room);
        flow.space(2.5);
        flow.push(
            self.body
                .padded(Margins::trbl(2.0, 3.0, 2.0, 3.0))
                .framed(stroke(self.thickness, self.color)),
        );
    }
}

pub(super) fn heading(text: &str, size: u8) -> LinearLayout {
    LinearLayout::vertical()
        .element(styled(text, bold(size)))
        .element(space(2.5))
}

pub(super) fn legend() -> LinearLayout {
    let s = colored(st(8), GREY);
    LinearLayout::vertical()
        .element(
            styled("In word diffs, ", s)
                .marked(
                    "struck-through red words",
                    colored(st(8), RED),
                    Mark::Deleted,
                )
                .run(
                    " are only in the first text (the claim, the quote, the first source), ",
                    s,
                )
                .marked(
                    "underlined green words",
                    colored(st(8), GREEN),
                    Mark::Inserted,
                )
                .run(" only in the second (the source, the second source).", s),
        )
        .element(space(2.0))
}

fn quoted(text: &str) -> String {
    format!("“{text}”")
}

fn percent(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

/// The cover; `title_anchor` marks where its title starts, for the structure tree's `H1`.
pub(super) fn cover(
    flow: &mut Flow,
    text: &mut Checker,
    analysis: &Analysis,
    title: &str,
    title_anchor: super::nav::Anchor,
) {
    let p = &analysis.project;
    let s = &analysis.summary;
    let ctx = "the project";
    flow.space(28.0);
    flow.push(plain("FACT-CHECK BRIEFING", 10, GREY));
    flow.space(3.0);
    flow.push(title_anchor);
    flow.push(styled(title, bold(24)).spacing(1.1));
    flow.space(5.0);
    if let Some(description) = &p.description {
        flow.push(styled(text.clean(ctx, description, false), st(11)));
        flow.space(2.0);
    }
    if let Some(author) = &p.author {
        let a = text.clean(ctx, author, false);
        flow.push(styled("By ", st(10)).run(a, bold(10)));
    }
    if let Some(date) = &analysis.generator.date {
        flow.push(labelled(
            "Report of ",
            10,
            format!("{date} (UTC)"),
            bold(10),
        ));
    }
    if let Some(url) = &p.url {
        let u = text.clean(ctx, url, false);
        flow.push(RichText::new().link(u, url.trim(), colored(st(10), BLUE)));
    }
    flow.space(10.0);

    // The counts, three to a row.
    let counts = [
        (s.claims.to_string(), "claims"),
        (s.sources.to_string(), "sources"),
        (
            format!("{} of {}", s.citations_holding, s.citations),
            "citations hold",
        ),
        (
            s.claims_without_citation.to_string(),
            "claims without citation",
        ),
        (
            s.claims_without_support.to_string(),
            "claims with no passage found by search",
        ),
        (s.discrepancies.to_string(), "discrepancies between sources"),
        (
            s.citation_conflicts.to_string(),
            "conflicts of claims with their citations",
        ),
        (
            analysis.needs_attention.len().to_string(),
            "problems needing attention",
        ),
        (
            analysis
                .claims
                .iter()
                .filter(|c| {
                    analysis
                        .needs_attention
                        .iter()
                        .any(|a| a.claim.as_deref() == Some(c.id.as_str()))
                })
                .count()
                .to_string(),
            "claims needing attention",
        ),
    ];
    let mut table = TableLayout::new(vec![1, 1, 1]);
    for row in counts.chunks(3) {
        let cells: Vec<Box<dyn Element>> = row
            .iter()
            .map(|(n, label)| {
                // The number and its label on one line, so that text extraction, which
                // reads by lines, keeps them together ("29 claims").
                Box::new(
                    LinearLayout::vertical()
                        .element(
                            styled(n.as_str(), bold(20))
                                .run(format!(" {label}"), colored(st(9), GREY)),
                        )
                        .element(space(4.0)),
                ) as Box<dyn Element>
            })
            .chain(std::iter::repeat_with(|| {
                Box::new(space(0.0)) as Box<dyn Element>
            }))
            .take(3)
            .collect();
        // Three cells for three columns (a short last row padded): cannot fail.
        let _ = table.push_row(cells);
    }
    flow.push(table);
    flow.space(4.0);
    flow.push(styled("Verdicts", colored(bold(9), GREY)));
    flow.space(1.5);
    flow.push(badge_row(
        s.verdicts
            .iter()
            .map(|v| {
                (
                    format!("{}  {}", v.verdict.as_str(), v.count),
                    verdict_color(v.verdict),
                )
            })
            .collect(),
        10,
    ));
    flow.space(14.0);
    let g = &analysis.generator;
    let generated = format!("Generated by {} {}", g.name, g.version);
    flow.push(plain(&generated, 9, GREY));
    let files = format!(
        "Claims: {} · sources: {}",
        text.clean(ctx, &p.claims_file, false),
        text.clean(ctx, &p.sources_dir, false)
    );
    flow.push(plain(&files, 9, GREY));
}

/// Column weights of the summary table (tenths of a millimetre): the verdict, sources and
/// page columns as wide as their widest content, the claim's text the rest.
pub(super) fn summary_widths(cache: &FontCache) -> [usize; 4] {
    let line = 210.0 - MARGINS.1 - MARGINS.3;
    let pad = 2.0 * CELL_PAD_X + 1.0;
    let mm = |m: Mm| f32::from(m);
    let verdict = Verdict::ALL
        .iter()
        .map(|v| mm(badge_size(cache, v.as_str(), 7).0))
        .fold(0.0, f32::max)
        + pad;
    let sources = mm(bold(8).str_width(cache, "Sources")) + pad;
    let page = mm(bold(8).str_width(cache, "Page")) + pad;
    let claim = line - verdict - sources - page;
    [claim, verdict, sources, page].map(|w| (w.max(5.0) * 10.0).round() as usize)
}

const CELL_PAD_X: f32 = 1.5;

fn cell<E: Element + 'static>(element: E) -> Box<dyn Element> {
    Box::new(element.padded(Margins::trbl(1.2, CELL_PAD_X, 1.0, CELL_PAD_X)))
}

/// The summary: a row per claim, its text (a line or two) linking to its section, its
/// verdict, its supporting sources and its page.
pub(super) fn summary_table(
    flow: &mut Flow,
    text: &mut Checker,
    analysis: &Analysis,
    widths: [usize; 4],
    pages: &BTreeMap<String, usize>,
) {
    flow.push(heading("Summary", 16));
    if analysis.claims.is_empty() {
        flow.push(plain("No claims.", 10, GREY));
        return;
    }
    let mut table = TableLayout::new(widths.to_vec());
    table.set_cell_decorator(RowRules);
    let head = colored(bold(8), GREY);
    let _ = table.push_row(
        ["Claim", "Verdict", "Support / refute", "Page"]
            .into_iter()
            .map(|h| cell(styled(h, head)))
            .collect(),
    );
    for (i, claim) in analysis.claims.iter().enumerate() {
        let key = super::claim_key(i);
        let short = text.clean(
            &claim_context(claim),
            &crate::render::shorten(&claim.text, SUMMARY_CHARS),
            false,
        );
        let page = pages.get(&key).map(usize::to_string).unwrap_or_default();
        let _ = table.push_row(vec![
            cell(RichText::new().goto(short, &key, st(9))),
            cell(badge(
                claim.verdict.as_str().to_string(),
                verdict_color(claim.verdict),
                7,
            )),
            // Reviewed sources only: suggestions found by search are never counted.
            cell(styled(
                format!(
                    "{} / {}",
                    claim.supporting_sources.len(),
                    claim.refuting_sources.len()
                ),
                st(9),
            )),
            cell(RichText::new().goto(page, &key, colored(st(9), BLUE))),
        ]);
    }
    flow.push(table);
}

/// A claim's text in a summary row: about two lines of the claim column.
const SUMMARY_CHARS: usize = 150;

/// Needs attention: a line per problem, most serious first, naming the claim (a link to its
/// section) and what is wrong.
pub(super) fn needs_attention(flow: &mut Flow, text: &mut Checker, analysis: &Analysis) {
    flow.push(heading("Needs attention", 16));
    if analysis.needs_attention.is_empty() {
        flow.push(plain(
            "Nothing: every citation holds, no two sources disagree, and every claim has a \
             verdict and a supporting passage.",
            10,
            GREY,
        ));
        flow.space(6.0);
        return;
    }
    for item in &analysis.needs_attention {
        let color = if item.kind.is_error() { RED } else { ORANGE };
        let mut line = styled(item.kind.label(), colored(bold(9), color)).run("  ", st(9));
        let claim = item
            .claim
            .as_deref()
            .and_then(|id| analysis.claims.iter().position(|c| c.id == id));
        let ctx = "Needs attention";
        if let Some(i) = claim {
            let c = &analysis.claims[i];
            let short = text.clean(ctx, &crate::render::shorten(&c.text, 70), false);
            line = line
                .goto(short, &super::claim_key(i), colored(bold(9), BLUE))
                .run("  ", st(9));
        }
        let problem = text.clean(ctx, &crate::render::one_line(&item.problem), false);
        line = line.run(problem, colored(st(9), GREY));
        flow.push(line);
        flow.space(1.2);
    }
    flow.space(6.0);
}

fn claim_context(claim: &ClaimAnalysis) -> String {
    format!("claim \"{}\"", claim.id)
}

fn sub_heading(flow: &mut Flow, label: &str) {
    flow.need(18.0);
    flow.space(2.5);
    flow.push(styled(label, colored(bold(10), GREY)));
    flow.space(1.0);
}

/// Word diff runs as rich text: equal words plain, deleted red and struck through, inserted
/// green and underlined, spaced as [`crate::diff::render::lay_out`] says. Whitespace is drawn
/// plain, once, so that marks cover words only.
fn diff_text(text: &mut Checker, ctx: &str, label: &str, runs: &[DiffRun]) -> RichText {
    let mut out = RichText::new().indent(INDENT);
    if !label.is_empty() {
        out = out.run(format!("{label} "), colored(bold(8), GREY));
    }
    let runs = runs.iter().map(|r| (r.op, r.text.as_str()));
    let clean = |t: &str| Some(text.clean(ctx, t, false)).filter(|core| !core.is_empty());
    let mut last: Option<DiffOp> = None;
    for shown in crate::diff::render::lay_out(runs, clean) {
        // A deleted word and the inserted word in its place ("cloud" for "Cloud") are two
        // words: with a space between, text extraction does not glue them ("cloudCloud").
        let replaced = matches!(
            (last, shown.op),
            (Some(DiffOp::Delete), DiffOp::Insert) | (Some(DiffOp::Insert), DiffOp::Delete)
        );
        last = Some(shown.op);
        if shown.space_before || replaced {
            out = out.run(" ", st(9));
        }
        out = match shown.op {
            DiffOp::Equal => out.run(shown.core, st(9)),
            DiffOp::Delete => out.marked(shown.core, colored(st(9), RED), Mark::Deleted),
            DiffOp::Insert => out.marked(shown.core, colored(st(9), GREEN), Mark::Inserted),
        };
    }
    out
}

pub(super) fn claim_section(
    flow: &mut Flow,
    text: &mut Checker,
    claim: &ClaimAnalysis,
    sources: &[SourceInfo],
    first: bool,
    anchor: super::nav::Anchor,
) {
    let ctx = claim_context(claim);
    let ctx = ctx.as_str();
    flow.need(45.0);
    if !first {
        flow.push(horizontal_rule(LIGHT, 0.3, 4.0, 4.0));
    }
    flow.push(anchor);
    // The heading is the verdict and the claim; its id and claims.toml line are small print,
    // for whoever edits the claims file.
    let body = text.clean(ctx, &crate::render::one_line(&claim.text), true);
    flow.push(Badged {
        label: claim.verdict.as_str().to_uppercase(),
        color: verdict_color(claim.verdict),
        size: 8,
        body: styled(body, bold(12)).spacing(1.2),
        offset: None,
    });
    let mut meta = format!(
        "{} · claims.toml line {}",
        text.clean(ctx, &claim.id, false),
        claim.line
    );
    if !claim.tags.is_empty() {
        meta.push_str(" · tags: ");
        meta.push_str(&text.clean_each(ctx, &claim.tags).join(", "));
    }
    flow.space(0.8);
    flow.push(plain(&meta, 7, LIGHT_TEXT));
    if let Some(note) = &claim.note {
        let note = text.clean(ctx, note, false);
        if !note.is_empty() {
            flow.space(1.5);
            flow.push(labelled("Note: ", 9, note, colored(st(9), GREY)));
        }
    }

    sub_heading(flow, "Citations");
    if claim.citations.is_empty() {
        flow.push(indented(
            "No citation: this claim cites no source.",
            colored(bold(9), RED),
        ));
    }
    for c in &claim.citations {
        let source = sources.iter().find(|s| s.id == c.source);
        citation(flow, text, ctx, c, source);
    }

    if claim.no_supporting_passage_found {
        no_support(flow, text, ctx, claim);
    }
    // Findings before the evidence they come from.
    for d in &claim.discrepancies {
        discrepancy(flow, text, ctx, d);
    }

    evidence(flow, text, ctx, claim);

    // The briefing draws the word diff of what was reviewed only: the passages found by search
    // are listed, compactly, at the end (the Markdown report and the JSON keep every wording).
    let cited: Vec<&Wording> = claim.wordings.iter().filter(|w| w.cited).collect();
    if !cited.is_empty() {
        sub_heading(flow, "Cited passages against the claim");
        // A passage that another source has word for word (syndicated copy) is drawn once.
        let mut drawn: Vec<&Wording> = Vec::new();
        for w in cited {
            match drawn.iter().find(|d| d.text == w.text) {
                Some(first) => same_wording(flow, text, ctx, w, first),
                None => {
                    wording(flow, text, ctx, w);
                    drawn.push(w);
                }
            }
        }
    }

    // Only the pairs that tell the reader something (the JSON report keeps every pair).
    let disagreeing = || {
        claim
            .discrepancies
            .iter()
            .map(|d| [d.sources[0].as_str(), d.sources[1].as_str()])
    };
    let shown: Vec<&Comparison> = claim
        .comparisons
        .iter()
        .filter(|c| {
            let pair = [c.sources[0].as_str(), c.sources[1].as_str()];
            crate::render::pair_shown(c.similarity, pair, disagreeing())
        })
        .collect();
    if !shown.is_empty() {
        sub_heading(flow, "How the sources word it");
        let mut same = Vec::new();
        for c in shown {
            if c.diff.is_empty() {
                continue;
            } else if c.diff.iter().all(|r| r.op == DiffOp::Equal) {
                same.push(c);
            } else {
                comparison(flow, text, ctx, c);
            }
        }
        if !same.is_empty() {
            let pairs: Vec<String> = same
                .iter()
                .map(|c| {
                    let a = text.clean(ctx, &c.sources[0], false);
                    let b = text.clean(ctx, &c.sources[1], false);
                    format!("{a} → {b}")
                })
                .collect();
            flow.push(
                labelled(
                    "Word for word the same: ",
                    8,
                    pairs.join(", "),
                    colored(st(8), GREY),
                )
                .indent(INDENT),
            );
            flow.space(1.8);
        }
    }
    suggestions(flow, text, ctx, claim);
    flow.space(2.0);
}

fn citation(
    flow: &mut Flow,
    text: &mut Checker,
    ctx: &str,
    c: &CitationResult,
    source: Option<&SourceInfo>,
) {
    let at = match c.line {
        Some(line) => place(text, ctx, &c.source, line, c.page),
        None => text.clean(ctx, &c.source, true),
    };
    // Without a quote, the cited source's best passage for the claim, said to be that.
    let (quote, found) = match (&c.quote, &c.passage) {
        (Some(q), _) => (text.clean(ctx, q, false), false),
        (None, Some(p)) => (text.clean(ctx, p, false), true),
        (None, None) => (String::new(), true),
    };
    flow.need(12.0);
    // The stance first, in its colour: what the reviewer says the source does.
    let stance_color = match (c.stance, c.conflicts.is_empty()) {
        (Stance::Supports, true) => GREEN,
        (Stance::Supports, false) | (Stance::Refutes, _) => RED,
        (Stance::Context, _) => GREY,
    };
    flow.push(
        indented(c.stance.as_str(), colored(bold(9), stance_color))
            .run("  ", st(9))
            .run(c.status.as_str(), colored(bold(9), status_color(c.status)))
            .run("  ", st(9))
            .run(at, bold(9))
            .run("  ", st(9))
            .run(
                if found {
                    "found in the cited source: "
                } else {
                    ""
                },
                colored(st(9), GREY),
            )
            .run(quoted(&quote), st(9)),
    );
    // Who says it, and when: an editor weighs a quote by its source.
    if let Some(s) = source {
        let about: Vec<String> = [Some(&s.title), s.publisher.as_ref(), s.published.as_ref()]
            .into_iter()
            .flatten()
            .map(|v| text.clean(ctx, v, false))
            .collect();
        flow.push(indented(about.join(" · "), colored(st(7), GREY)));
    }
    if let Some(diff) = c.diff.as_ref().filter(|d| !d.is_empty()) {
        flow.push(diff_text(text, ctx, "Quote → source:", diff));
    }
    if let Some(found) = &c.found_in {
        let other = place(text, ctx, &found.source, found.line, found.page);
        flow.push(
            indented("The quote is in another source: ", colored(st(8), GREY)).run(other, bold(8)),
        );
    }
    if c.status == QuoteStatus::UnknownSource {
        flow.push(indented("No source has this id.", colored(st(8), GREY)));
    }
    if let Some(note) = &c.note {
        let note = text.clean(ctx, note, false);
        flow.push(
            indented("Reviewer's note: ", colored(bold(8), GREY)).run(note, colored(st(8), GREY)),
        );
    }
    for conflict in &c.conflicts {
        let detail = text.clean(ctx, &conflict.detail, false);
        flow.push(
            indented(
                format!("Conflicts with the claim ({}): ", conflict.kind.as_str()),
                colored(bold(8), RED),
            )
            .run(detail, st(8)),
        );
    }
    flow.space(1.2);
}

/// The reviewed evidence by stance (supports green, refutes red, context grey), then what
/// search suggests from sources the claim does not cite, which is never support.
fn evidence(flow: &mut Flow, text: &mut Checker, ctx: &str, claim: &ClaimAnalysis) {
    sub_heading(flow, "Reviewed evidence");
    for (label, ids, color) in [
        ("Supporting sources: ", &claim.supporting_sources, GREEN),
        ("Refuting sources: ", &claim.refuting_sources, RED),
        ("Context: ", &claim.context_sources, GREY),
    ] {
        if ids.is_empty() && color == GREY {
            continue;
        }
        let list = if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter()
                .map(|id| text.clean(ctx, id, false))
                .collect::<Vec<_>>()
                .join(", ")
        };
        flow.push(indented(label, colored(bold(9), color)).run(list, st(9)));
    }
    flow.space(1.2);
}

/// How many passages found by search a claim's section lists: a briefing shows where to look
/// next, not a search result page (`--top` limits what the other reports list).
const SUGGESTIONS_SHOWN: usize = 3;

/// The passages found by search in sources the claim does not cite, last and compact: never
/// support, and a conflict with the claim is called a possible contradiction.
fn suggestions(flow: &mut Flow, text: &mut Checker, ctx: &str, claim: &ClaimAnalysis) {
    let suggested: Vec<&Match> = claim
        .matches
        .iter()
        .filter(|m| !m.cited)
        .take(SUGGESTIONS_SHOWN)
        .collect();
    if !suggested.is_empty() {
        sub_heading(flow, "Found by search, not reviewed");
        for m in suggested {
            let at = place(text, ctx, &m.source, m.line, m.page);
            let passage = text.clean(ctx, &m.text, false);
            flow.push(
                indented(at, bold(8))
                    .run("  ", st(8))
                    .run(quoted(&passage), st(8)),
            );
            for conflict in &m.conflicts {
                let detail = text.clean(ctx, &conflict.detail, false);
                flow.push(
                    indented(
                        format!("Possible contradiction ({}): ", conflict.kind.as_str()),
                        colored(bold(8), RED),
                    )
                    .run(detail, st(8)),
                );
            }
        }
    }
}

fn no_support(flow: &mut Flow, text: &mut Checker, ctx: &str, claim: &ClaimAnalysis) {
    let mut call_out = framed_box("No passage found by search", RED, 0.5).line(plain(
        "Even the best passage of the sources matches less than a fifth of the claim's \
         words. The closest candidates, which are not support:",
        9,
        GREY,
    ));
    for m in claim.matches.iter().take(3) {
        let at = place(text, ctx, &m.source, m.line, m.page);
        let passage = text.clean(ctx, &m.text, false);
        call_out.push(space(1.0));
        call_out.push(
            styled(at, bold(8))
                .run(
                    format!("  ({} of the claim)  ", percent(m.coverage)),
                    colored(st(8), GREY),
                )
                .run(passage, colored(st(8), GREY)),
        );
    }
    call_out.end(flow, 25.0);
}

fn wording(flow: &mut Flow, text: &mut Checker, ctx: &str, w: &Wording) {
    let at = place(text, ctx, &w.source, w.line, w.page);
    let mut how = if w.cited { "cited" } else { "found by search" }.to_string();
    if w.similarity > 0.0 {
        how.push_str(&format!(" · {} like the claim", percent(w.similarity)));
    }
    flow.need(14.0);
    flow.push(entry_head(at, &how));
    let passage = text.clean(ctx, &w.text, false);
    flow.push(indented(passage, st(9)));
    if !w.diff.is_empty() {
        flow.space(0.8);
        flow.push(diff_text(text, ctx, "Claim → source:", &w.diff));
    }
    flow.space(1.8);
}

/// A wording whose passage an earlier source has word for word: named, not drawn again.
fn same_wording(flow: &mut Flow, text: &mut Checker, ctx: &str, w: &Wording, first: &Wording) {
    let at = place(text, ctx, &w.source, w.line, w.page);
    let how = if w.cited { "cited" } else { "found by search" };
    let first = place(text, ctx, &first.source, first.line, first.page);
    flow.need(8.0);
    flow.push(entry_head(
        at,
        &format!("{how} · word for word the passage of {first}"),
    ));
    flow.space(1.8);
}

fn comparison(flow: &mut Flow, text: &mut Checker, ctx: &str, c: &Comparison) {
    let a = text.clean(ctx, &c.sources[0], true);
    let b = text.clean(ctx, &c.sources[1], true);
    flow.need(12.0);
    flow.push(entry_head(
        format!("{a} → {b}"),
        &format!("{} alike", percent(c.similarity)),
    ));
    if !c.diff.is_empty() {
        flow.push(diff_text(text, ctx, "", &c.diff));
    }
    flow.space(1.8);
}

fn kind_name<T: serde::Serialize>(kind: &T) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "difference".to_string(),
    }
}

fn discrepancy(flow: &mut Flow, text: &mut Checker, ctx: &str, d: &Discrepancy) {
    let says = |text: &mut Checker, source: &str, at: &crate::compare::At, wording: &str| {
        let at = place(text, ctx, source, at.line, at.page);
        let wording = text.clean(ctx, wording, false);
        styled(at, bold(9))
            .run("  ", st(9))
            .run(quoted(&wording), st(10))
    };
    let detail = text.clean(ctx, &d.detail, false);
    framed_box(format!("Discrepancy: {}", kind_name(&d.kind)), ORANGE, 0.6)
        .line(says(text, &d.sources[0], &d.a_at, &d.a))
        .line(says(text, &d.sources[1], &d.b_at, &d.b))
        .line(space(1.0))
        .line(plain(&detail, 9, GREY))
        .end(flow, 28.0);
}

pub(super) fn source_entry(flow: &mut Flow, text: &mut Checker, s: &SourceInfo) {
    let ctx = format!("source \"{}\"", s.id);
    let ctx = ctx.as_str();
    flow.need(24.0);
    flow.push(styled(text.clean(ctx, &s.id, true), bold(11)));
    let title = text.clean(ctx, &s.title, false);
    if !title.is_empty() {
        flow.push(styled(title, st(10)));
    }
    let mut meta = Vec::new();
    if let Some(p) = &s.publisher {
        meta.push(text.clean(ctx, p, false));
    }
    if let Some(d) = &s.published {
        meta.push(text.clean(ctx, d, false));
    }
    meta.retain(|m| !m.is_empty());
    if !meta.is_empty() {
        flow.push(plain(&meta.join(" · "), 9, GREY));
    }
    if let Some(url) = &s.url {
        let shown = text.clean(ctx, url, false);
        flow.push(RichText::new().link(shown, url.trim(), colored(st(9), BLUE)));
    }
    let file = text.clean(ctx, &s.file, false);
    flow.push(plain(
        &format!("File {file} · {} passages", s.passages),
        8,
        GREY,
    ));
    flow.push(plain(&format!("SHA-256 {}", s.sha256), 7, LIGHT_TEXT));
    if s.cited_by.is_empty() {
        flow.push(plain("Cited by no claim.", 9, GREY));
    } else {
        let ids = text.clean_each(ctx, &s.cited_by).join(", ");
        flow.push(labelled("Cited by: ", 9, ids, st(9)));
    }
    let found: Vec<&String> = s
        .supports
        .iter()
        .filter(|id| !s.cited_by.contains(id))
        .collect();
    if !found.is_empty() {
        let ids = text.clean_each(ctx, found).join(", ");
        flow.push(labelled("Found by search for: ", 9, ids, st(9)));
    }
    flow.space(3.5);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(t: &RichText) -> String {
        t.runs().iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn diff_runs_of_both_shapes_read_as_text() {
        let run = |op, text: &str| DiffRun {
            op,
            text: text.to_string(),
        };
        let mut c = Checker::with_faces();
        // Words joined by spaces, runs without edges (quote near misses).
        let near = [
            run(DiffOp::Equal, "storing up to"),
            run(DiffOp::Delete, "two"),
            run(DiffOp::Insert, "a"),
            run(DiffOp::Equal, "million calls"),
        ];
        let t = diff_text(&mut c, "x", "Quote:", &near);
        assert_eq!(joined(&t), "Quote: storing up to two a million calls");
        // Runs that concatenate back to the texts, whitespace included (comparisons).
        let whole = [
            run(DiffOp::Delete, "The system "),
            run(DiffOp::Insert, "Amnesty\nhas "),
            run(DiffOp::Equal, "warned Palestinians"),
            run(DiffOp::Equal, "."),
            run(DiffOp::Delete, " "),
            run(DiffOp::Insert, "  "),
            run(DiffOp::Equal, "Then"),
        ];
        // A word replaced inside a word's place: two words, not one glued.
        let glued = [
            run(DiffOp::Equal, "Azure "),
            run(DiffOp::Delete, "cloud"),
            run(DiffOp::Insert, "Cloud"),
            run(DiffOp::Equal, " storage"),
        ];
        let t = diff_text(&mut c, "x", "", &glued);
        assert_eq!(joined(&t), "Azure cloud Cloud storage");
        let t = diff_text(&mut c, "x", "", &whole);
        assert_eq!(
            joined(&t),
            "The system Amnesty has warned Palestinians. Then"
        );
        let marks: Vec<Mark> = t.runs().iter().map(|r| r.mark).collect();
        assert_eq!(marks[0], Mark::Deleted);
        assert_eq!(marks[2], Mark::Inserted);
        assert!(t
            .runs()
            .iter()
            .filter(|r| r.text == " ")
            .all(|r| r.mark == Mark::Plain));
    }
}

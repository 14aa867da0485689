//! Renderers: each turns an [`crate::analysis::Analysis`] into one output format, behind one
//! trait, [`Renderer`]; [`ReportFormat::renderer`] is the one place a format gets its renderer.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::analysis::Analysis;
use crate::error::InputError;

pub mod claimreview;
pub mod json;
pub mod markdown;
pub mod pdf;

/// One report, rendered: its bytes, and what the reader should know about them (characters the
/// PDF's font lacks ...), for standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

impl Rendered {
    /// A text format, which has nothing to warn about.
    pub(crate) fn text(text: String) -> Rendered {
        Rendered {
            bytes: text.into_bytes(),
            warnings: Vec::new(),
        }
    }
}

/// An output format of `factcheck report`.
pub trait Renderer {
    fn render(&self, analysis: &Analysis) -> Result<Rendered, InputError>;
}

/// The formats of `factcheck report --format` and `--output FORMAT=PATH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
    /// Markdown for review (GitHub-flavoured).
    Md,
    /// The PDF briefing.
    Pdf,
    /// schema.org ClaimReview JSON-LD.
    Claimreview,
}

impl ReportFormat {
    /// The renderer of this format; `template` is `--template` (Markdown only), `pdf` the PDF's
    /// language and PDF/A choice.
    pub fn renderer(self, template: Option<&Path>, pdf: &pdf::PdfOptions) -> Box<dyn Renderer> {
        match self {
            ReportFormat::Json => Box::new(json::JsonReport),
            ReportFormat::Md => Box::new(markdown::MarkdownReport {
                template: template.map(PathBuf::from),
            }),
            ReportFormat::Pdf => Box::new(pdf::PdfReport(pdf.clone())),
            ReportFormat::Claimreview => Box::new(claimreview::ClaimReviews),
        }
    }
}

/// "How the sources word it" shows a pair of sources' wordings only when it tells the reader
/// something: when they are at least this alike (below it a word diff is mostly noise), or
/// when the pair disagrees on a fact. The JSON report keeps every pair.
pub(crate) const SHOWN_PAIR_SIMILARITY: f64 = 0.4;

/// Whether the reports show the comparison of sources `pair`, `similarity` alike, given the
/// source pairs of the claim's discrepancies.
pub(crate) fn pair_shown<'a>(
    similarity: f64,
    pair: [&str; 2],
    mut disagreeing: impl Iterator<Item = [&'a str; 2]>,
) -> bool {
    similarity >= SHOWN_PAIR_SIMILARITY || disagreeing.any(|d| d == pair || d == [pair[1], pair[0]])
}

/// `text` on one line: every run of whitespace (line breaks of a multi-line TOML string) as
/// one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line and at most `max` characters: cut at the last space that fits, with
/// "…" (the summary tables show a claim in a line or two).
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_at_a_space_with_an_ellipsis() {
        assert_eq!(shorten("short\n  claim", 20), "short claim");
        assert_eq!(shorten("one two three four", 12), "one two…");
        let long = "x".repeat(30);
        assert_eq!(shorten(&long, 10).chars().count(), 10);
    }

    #[test]
    fn pairs_shown_when_alike_or_disagreeing() {
        let none = std::iter::empty();
        assert!(pair_shown(0.4, ["a", "b"], none));
        assert!(!pair_shown(0.39, ["a", "b"], std::iter::empty()));
        assert!(pair_shown(0.2, ["a", "b"], [["b", "a"]].into_iter()));
        assert!(!pair_shown(0.2, ["a", "b"], [["a", "c"]].into_iter()));
    }
}

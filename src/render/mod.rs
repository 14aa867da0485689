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
    /// The renderer of this format; `template` is `--template` (Markdown only).
    pub fn renderer(self, template: Option<&Path>) -> Box<dyn Renderer> {
        match self {
            ReportFormat::Json => Box::new(json::JsonReport),
            ReportFormat::Md => Box::new(markdown::MarkdownReport {
                template: template.map(PathBuf::from),
            }),
            ReportFormat::Pdf => Box::new(pdf::PdfReport),
            ReportFormat::Claimreview => Box::new(claimreview::ClaimReviews),
        }
    }
}

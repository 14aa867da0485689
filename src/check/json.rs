//! The findings as JSON: the [`CheckReport`] as it is, for tools that read neither SARIF nor
//! JUnit.

use super::format::{FormatContext, Formatter};
use super::CheckReport;

/// Renders `report` as pretty-printed JSON with a trailing newline.
pub(crate) fn render(report: &CheckReport) -> String {
    // Structs and vectors only: field and element order are fixed, so output is stable.
    let mut s = serde_json::to_string_pretty(report).expect("findings serialise");
    s.push('\n');
    s
}

/// The JSON as a [`Formatter`].
pub(crate) struct Json;

impl Formatter for Json {
    fn format(&self, report: &CheckReport, _: &FormatContext) -> String {
        render(report)
    }
}

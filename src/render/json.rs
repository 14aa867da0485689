//! The JSON report: the analysis as it is, `schema_version` first (README, "The JSON report").

use crate::analysis::Analysis;

pub fn render(analysis: &Analysis) -> String {
    // The model holds no maps, so field and element order are fixed and output is stable.
    let mut s = serde_json::to_string_pretty(analysis).expect("the analysis serialises");
    s.push('\n');
    s
}

/// The JSON report as a [`super::Renderer`].
pub(crate) struct JsonReport;

impl super::Renderer for JsonReport {
    fn render(&self, analysis: &Analysis) -> Result<super::Rendered, crate::error::InputError> {
        Ok(super::Rendered::text(render(analysis)))
    }
}

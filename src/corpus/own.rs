//! factcheck's own outputs, which are never sources (issue 18, item 8): with `sources = "."`,
//! or a report written into the sources folder, the next run must not read the report as an
//! article, match a claim against its own text and have `cite` propose it as the claim's
//! citation.
//!
//! The rule, one for the corpus and for the outputs' check (`output::Inputs`):
//!
//! - by name: the temporary files the atomic writes leave when killed (`.factcheck-*.tmp`,
//!   hidden like every dot file), locks (`*.lock`), and the other formats (`.json`, `.xml`,
//!   `.sarif`), which are not sources' extensions anyway;
//! - the PDF briefing, now that a `.pdf` is a source: by its document information, whose
//!   `/Producer` says it was post-processed by factcheck (`render::pdf::finish`);
//! - by content, for the outputs that have a source's extension: a Markdown report made from
//!   the built-in templates (its first line `# Fact-check: `, and the summary table's header
//!   with its footnotes further on), and the JSON report or ClaimReview written under a
//!   `.txt` or `.md` name (`"generator": {"name": "factcheck"` or `"@type": "ClaimReview"`
//!   among its first keys).
//!
//! A report from a custom template (`--template`) has no mark of its own and is read as any
//! Markdown file; so is a file the user declares in `[sources.<id>]`, which is their choice.

/// The end of the PDF briefing's `/Producer` string, as `render::pdf::finish` writes it (a
/// PDF literal string, so its bytes are in the file as they are).
const BRIEFING_PRODUCER: &[u8] = b", post-processed by factcheck)";

/// Whether `bytes`, a `.pdf` file's, are factcheck's own PDF briefing.
pub(crate) fn is_own_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
        && bytes
            .windows(BRIEFING_PRODUCER.len())
            .any(|w| w == BRIEFING_PRODUCER)
}

/// Whether `text`, a file's text, is one of factcheck's own outputs.
pub(crate) fn is_own_output(text: &str) -> bool {
    markdown_report(text) || json_output(text)
}

/// The summary table's header in the built-in `summary` template, with its footnote marks:
/// read from the template itself, so that a change of columns cannot make reports sources.
fn summary_header() -> Option<&'static str> {
    include_str!("../../templates/summary.md.hbs")
        .lines()
        .find(|l| l.starts_with("| Claim |"))
}

fn markdown_report(text: &str) -> bool {
    text.starts_with("# Fact-check: ") && summary_header().is_some_and(|h| text.contains(h))
}

/// How far into a file the marks of a JSON output are looked for: they are among its first
/// keys.
const JSON_HEAD: usize = 4096;

fn json_output(text: &str) -> bool {
    let trimmed = text.trim_start();
    if !trimmed.starts_with(['{', '[']) {
        return false;
    }
    let head = &trimmed[..crate::text::floor_char_boundary(trimmed, JSON_HEAD)];
    let compact: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"generator\":{\"name\":\"factcheck\"")
        || compact.contains("\"@type\":\"ClaimReview\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_own_outputs_and_articles_are_not() {
        let header = summary_header().expect("the summary template has a table");
        let md = format!("# Fact-check: T\n\n## Summary\n\n{header}\n");
        let md = md.as_str();
        assert!(is_own_output(md));
        assert!(is_own_output(
            "{\n  \"schema_version\": 1,\n  \"generator\": {\n    \"name\": \"factcheck\",\n"
        ));
        assert!(is_own_output(
            "[\n  {\n    \"@context\": \"https://schema.org\",\n    \"@type\": \"ClaimReview\""
        ));
        for article in [
            "# Fact-check: why the minister was wrong\n\nThe minister said ...\n",
            "Microsoft told Israeli officials ...\n",
            "{ \"generator\": \"other\" }",
            "",
        ] {
            assert!(!is_own_output(article), "{article:?}");
        }
    }
}

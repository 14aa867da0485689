//! What the helpers compute: word diffs and links to a source as markup (their text
//! escaped), statuses in words, truth as Handlebars has it.

use handlebars::JsonValue;

use super::escape::{anchor, escape};

/// A word diff: equal runs as text, deletions in `<del>`, insertions in `<ins>`, whitespace
/// outside the tags and as single spaces, where [`crate::diff::render::lay_out`] puts it.
pub(super) fn diff_markup(runs: &JsonValue) -> String {
    use crate::diff::DiffOp;
    let Some(runs) = runs.as_array() else {
        return String::new();
    };
    let runs = runs.iter().filter_map(|run| {
        let op = match run.get("op").and_then(JsonValue::as_str) {
            Some("delete") => DiffOp::Delete,
            Some("insert") => DiffOp::Insert,
            _ => DiffOp::Equal,
        };
        Some((op, run.get("text")?.as_str()?))
    });
    let mut out = String::new();
    for shown in
        crate::diff::render::lay_out(runs, |text| Some(text.trim()).filter(|t| !t.is_empty()))
    {
        if shown.space_before {
            out.push(' ');
        }
        let core = escape(shown.core);
        match shown.op {
            DiffOp::Delete => out.push_str(&format!("<del>{core}</del>")),
            DiffOp::Insert => out.push_str(&format!("<ins>{core}</ins>")),
            DiffOp::Equal => out.push_str(&core),
        }
    }
    out
}

/// `source:line:column` linking to the source in the appendix.
pub(super) fn at_markup(args: &[&JsonValue], anchors: Option<&JsonValue>) -> String {
    let source = match args.first() {
        Some(JsonValue::String(s)) => s.as_str(),
        _ => return String::new(),
    };
    let line = args.get(1).and_then(|v| v.as_u64());
    let column = args.get(2).and_then(|v| v.as_u64());
    let place = match (line, column) {
        (Some(l), Some(c)) if c > 1 => format!("{source}:{l}:{c}"),
        (Some(l), _) => format!("{source}:{l}"),
        _ => source.to_string(),
    };
    // A PDF source's page, after the line of the text read from it.
    let place = match args.get(3).and_then(|v| v.as_u64()) {
        Some(page) => format!("{place}, p. {page}"),
        None => place,
    };
    format!("[{}](#{})", escape(&place), source_anchor(source, anchors))
}

/// The anchor of source `id`'s heading: the unique one `anchors` (the data's
/// `source_anchors`) gives it, else its heading's own slug.
pub(super) fn source_anchor(id: &str, anchors: Option<&JsonValue>) -> String {
    match anchors.and_then(|a| a.get(id)).and_then(JsonValue::as_str) {
        Some(anchor) => anchor.to_string(),
        None => anchor(&format!("Source {id}")),
    }
}

pub(super) fn status_words(status: &JsonValue) -> &'static str {
    match status.as_str() {
        Some("exact") => "exact",
        Some("normalized") => "normalized",
        Some("elided") => "elided",
        Some("unquoted") => "no quote",
        Some("near-miss") => "near miss",
        Some("wrong-source") => "wrong source",
        Some("not-found") => "not found",
        Some("unknown-source") => "unknown source",
        Some(_) => "unknown status",
        None => "no citation",
    }
}

/// Truth as Handlebars' `#if` has it: not null, false, 0, "" or [].
pub(super) fn truthy(value: Option<&JsonValue>) -> bool {
    match value {
        None | Some(JsonValue::Null) => false,
        Some(JsonValue::Bool(b)) => *b,
        Some(JsonValue::Number(n)) => n.as_f64() != Some(0.0),
        Some(JsonValue::String(s)) => !s.is_empty(),
        Some(JsonValue::Array(a)) => !a.is_empty(),
        Some(JsonValue::Object(_)) => true,
    }
}

pub(super) fn holds_status(status: &JsonValue) -> bool {
    matches!(
        status.as_str(),
        Some("exact" | "normalized" | "elided" | "unquoted")
    )
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Event, Parser, TagEnd};

    use super::super::markdown_oracle::options;
    use super::*;

    #[test]
    fn diffs_of_runs_that_concatenate_keep_their_spacing() {
        let runs = serde_json::json!([
            {"op": "equal", "text": "The "},
            {"op": "equal", "text": "Azure"},
            {"op": "insert", "text": " "},
            {"op": "delete", "text": "-based system could record "},
            {"op": "insert", "text": "capable of recording \u{201c}"},
            {"op": "equal", "text": "millions of calls "},
            {"op": "delete", "text": "The"},
            {"op": "insert", "text": "the"},
            {"op": "delete", "text": "\n"},
            {"op": "insert", "text": "  "},
            {"op": "equal", "text": "hour."},
        ]);
        assert_eq!(
            diff_markup(&runs),
            "The Azure <del>-based system could record</del> <ins>capable of recording \u{201c}</ins>\
             millions of calls <del>The</del><ins>the</ins> hour."
        );
    }

    #[test]
    fn diffs_mark_deletions_and_insertions() {
        let runs = serde_json::json!([
            {"op": "equal", "text": "held in"},
            {"op": "delete", "text": "<b>European</b>"},
            {"op": "insert", "text": "Dutch | *servers*"},
        ]);
        let markup = diff_markup(&runs);
        assert_eq!(
            markup,
            "held in <del>\\<b\\>European\\</b\\></del> <ins>Dutch \\| \\*servers\\*</ins>"
        );
        let events: Vec<Event> = Parser::new_ext(&markup, options()).collect();
        let html: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::InlineHtml(h) | Event::Html(h) => Some(h.as_ref()),
                _ => None,
            })
            .collect();
        assert_eq!(html, ["<del>", "</del>", "<ins>", "</ins>"]);
        assert!(!events
            .iter()
            .any(|e| matches!(e, Event::End(TagEnd::Emphasis))));
    }
}

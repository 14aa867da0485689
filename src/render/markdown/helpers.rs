//! The helpers the templates call, besides Handlebars' own (the table in the docs of
//! `render::markdown`), in a module of their own: `handlebars_helper!` names a unit struct
//! after each one.

use handlebars::{handlebars_helper, Handlebars, JsonValue};

use super::escape::{anchor, code_span, url_markup};
use super::markup::{at_markup, diff_markup, holds_status, status_words, truthy};

handlebars_helper!(verdict: |v: str| v.replace('-', " "));
handlebars_helper!(status_text: |s: Json| status_words(s));
handlebars_helper!(status: |s: Json| {
    let text = status_words(s);
    if holds_status(s) { text.to_string() } else { format!("**{text}**") }
});
handlebars_helper!(holds: |s: Json| holds_status(s));
handlebars_helper!(discrepancy_kind: |k: str| match k {
    "quantity" => "Quantity",
    "percentage" => "Percentage",
    "money" => "Amount of money",
    "date" => "Date",
    "year" => "Year",
    "name" => "Name",
    "number" => "Number",
    _ => "Fact",
});
handlebars_helper!(pct: |x: Json| match x.as_f64() {
    Some(x) => format!("{:.0}%", x * 100.0),
    None => String::new(),
});
handlebars_helper!(plural: |n: u64, one: str, { many: str = "" }| {
    match (n, many) {
        (1, _) => format!("1 {one}"),
        (n, "") => format!("{n} {one}s"),
        (n, many) => format!("{n} {many}"),
    }
});
handlebars_helper!(slug: |*args| {
    let words: Vec<String> = args
        .iter()
        .map(|v| match v {
            JsonValue::String(s) => s.clone(),
            v => v.to_string(),
        })
        .collect();
    anchor(&words.join(" "))
});
handlebars_helper!(code: |s: Json| match s {
    JsonValue::String(s) => code_span(s),
    JsonValue::Null => String::new(),
    v => code_span(&v.to_string()),
});
handlebars_helper!(any: |list: Json, field: str| list
    .as_array()
    .is_some_and(|items| items.iter().any(|item| truthy(item.get(field)))));
handlebars_helper!(link: |url: str| url_markup(url));
handlebars_helper!(diff: |runs: Json| diff_markup(runs));
/// `at source line column`: the place, linked to the source's heading in the appendix by the
/// anchor `source_anchors` (in the data) gives it.
fn at(
    h: &handlebars::Helper,
    _: &Handlebars,
    ctx: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let args: Vec<&JsonValue> = h.params().iter().map(|p| p.value()).collect();
    out.write(&at_markup(&args, ctx.data().get(SOURCE_ANCHORS)))?;
    Ok(())
}

/// `source_anchor id`: the anchor of source `id`'s heading in the appendix.
fn source_anchor(
    h: &handlebars::Helper,
    _: &Handlebars,
    ctx: &handlebars::Context,
    _: &mut handlebars::RenderContext,
    out: &mut dyn handlebars::Output,
) -> handlebars::HelperResult {
    let id = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .unwrap_or_default();
    out.write(&super::markup::source_anchor(
        id,
        ctx.data().get(SOURCE_ANCHORS),
    ))?;
    Ok(())
}

/// The data's key for each source's anchor, id to anchor (Markdown only).
pub(crate) const SOURCE_ANCHORS: &str = "source_anchors";
handlebars_helper!(verdict_title: |v: str| {
    let words = v.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
});
handlebars_helper!(attention_kind: |k: Json| {
    serde_json::from_value::<crate::attention::AttentionKind>(k.clone())
        .map(|k| k.label())
        .unwrap_or("problem")
});
handlebars_helper!(attention_error: |k: Json| {
    serde_json::from_value::<crate::attention::AttentionKind>(k.clone())
        .is_ok_and(|k| k.is_error())
});
handlebars_helper!(one_line: |t: str| crate::render::one_line(t));
handlebars_helper!(short: |t: str| crate::render::shorten(t, SUMMARY_CHARS));
handlebars_helper!(shown_pairs: |comparisons: Json, discrepancies: Json| shown_pairs_of(comparisons, discrepancies));

/// A claim's text in a summary row: about two lines of a table cell.
const SUMMARY_CHARS: usize = 110;

/// The comparisons that "How the sources word it" shows ([`crate::render::pair_shown`]).
fn shown_pairs_of(comparisons: &JsonValue, discrepancies: &JsonValue) -> JsonValue {
    let pair = |v: &JsonValue| -> Option<[String; 2]> {
        let s = v.get("sources")?.as_array()?;
        Some([
            s.first()?.as_str()?.to_string(),
            s.get(1)?.as_str()?.to_string(),
        ])
    };
    let disagreeing: Vec<[String; 2]> = discrepancies
        .as_array()
        .map(|d| d.iter().filter_map(pair).collect())
        .unwrap_or_default();
    let shown = comparisons
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|c| {
                    let similarity = c
                        .get("similarity")
                        .and_then(JsonValue::as_f64)
                        .unwrap_or(0.0);
                    pair(c).is_some_and(|[a, b]| {
                        crate::render::pair_shown(
                            similarity,
                            [&a, &b],
                            disagreeing.iter().map(|[x, y]| [x.as_str(), y.as_str()]),
                        )
                    })
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    JsonValue::Array(shown)
}

pub(super) fn register(hb: &mut Handlebars<'_>) {
    hb.register_helper("verdict", Box::new(verdict));
    hb.register_helper("status", Box::new(status));
    hb.register_helper("status_text", Box::new(status_text));
    hb.register_helper("holds", Box::new(holds));
    hb.register_helper("discrepancy_kind", Box::new(discrepancy_kind));
    hb.register_helper("pct", Box::new(pct));
    hb.register_helper("plural", Box::new(plural));
    hb.register_helper("slug", Box::new(slug));
    hb.register_helper("code", Box::new(code));
    hb.register_helper("link", Box::new(link));
    hb.register_helper("any", Box::new(any));
    hb.register_helper("diff", Box::new(diff));
    hb.register_helper("at", Box::new(at));
    hb.register_helper("source_anchor", Box::new(source_anchor));
    hb.register_helper("verdict_title", Box::new(verdict_title));
    hb.register_helper("attention_kind", Box::new(attention_kind));
    hb.register_helper("attention_error", Box::new(attention_error));
    hb.register_helper("one_line", Box::new(one_line));
    hb.register_helper("short", Box::new(short));
    hb.register_helper("shown_pairs", Box::new(shown_pairs));
}

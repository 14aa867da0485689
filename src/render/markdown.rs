//! The Markdown review report: Handlebars templates in `templates/`, compiled into the binary.
//!
//! The template data is the JSON report (`factcheck report --format json`, README "The JSON
//! report"), so a custom template names the same fields. `report` is the main template; it
//! includes the partials `header`, `attention` (Needs attention), `summary`, `claim` (once per claim), `citation` (once per
//! citation), `discrepancy` and `sources`. A template's name is its file name without `.hbs`
//! and `.md`: `templates/claim.md.hbs` is `claim`.
//!
//! `--template PATH`: a file replaces `report`; a folder's `*.hbs` files (not its subfolders)
//! replace the built-in templates of the same name and may add partials, as mdBook's `theme/`
//! folder does. Strict mode is on: a template naming a field the data does not have is an error.
//!
//! Every `{{value}}` goes through [`escape`](fn@escape), a Markdown (not HTML) escaper, so
//! text from articles and `claims.toml` is shown as text and never becomes markup. Markup the
//! templates need around such text (links, code spans, word diffs) comes from helpers that
//! escape their input themselves and are used with `{{{triple-stash}}}`:
//!
//! | helper | gives |
//! | --- | --- |
//! | `at source [line [column]]` | `[source:line:column](#source-…)`, a link to the source in the appendix (column left out when 1) |
//! | `diff runs` | a word diff: equal words as text, `<del>deleted</del>`, `<ins>inserted</ins>` |
//! | `code text` | a code span |
//! | `link url` | an autolink for an `http(s)` URL; any other URL as text |
//! | `slug word…` | GitHub's anchor for a heading of these words (`slug "Claim" id`) |
//! | `source_anchor id` | the anchor of source `id`'s appendix heading: unique as GitHub names headings, so `a.b` and `a/b` get `source-ab` and `source-ab-1` (the data's `source_anchors`) |
//! | `status citation_status` | the status in words, failing ones bold; null is **no citation** |
//!
//! | `shown_pairs comparisons discrepancies` | the comparisons "How the sources word it" shows: pairs at least 40% alike or disagreeing |
//!
//! and, escaped like any value: `verdict v` (`partly supported`), `verdict_title v`
//! (`Partly supported`), `one_line text`, `short text` (one line, at most 110 characters),
//! `attention_kind k` (a Needs-attention kind in words), `attention_error k`, `status_text s`,
//! `discrepancy_kind k`, `pct x` (`83%`), `plural n "claim" [many="claims"]`, `holds s`
//! (true for exact, normalized and elided), `any list "field"` (true when an item's field is
//! truthy), plus Handlebars' own (`eq`, `len`, `lookup` ...).
//!
//! The code: this file finds the templates, renders them and points their errors at the
//! template's file, line and column; `escape` is the escaper, `helpers` the helpers and
//! `markup` what they compute.

pub(crate) mod escape;
mod helpers;
mod markup;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::{Handlebars, RenderError, RenderErrorReason, TemplateError};

use crate::analysis::Analysis;
use crate::error::{InputError, Location};

pub use escape::anchor;
use escape::escape;

// The escaper's test oracle: one file, shared with the integration tests and the fuzz target,
// and compiled into no build of the library.
#[cfg(test)]
#[path = "../../tests/support/markdown_oracle.rs"]
mod markdown_oracle;

/// The main template's name.
pub(crate) const MAIN: &str = "report";

/// The built-in templates: name and text, as in `templates/NAME.md.hbs`.
pub(crate) const BUILT_IN: [(&str, &str); 8] = [
    ("report", include_str!("../../templates/report.md.hbs")),
    ("header", include_str!("../../templates/header.md.hbs")),
    (
        "attention",
        include_str!("../../templates/attention.md.hbs"),
    ),
    ("summary", include_str!("../../templates/summary.md.hbs")),
    ("claim", include_str!("../../templates/claim.md.hbs")),
    ("citation", include_str!("../../templates/citation.md.hbs")),
    (
        "discrepancy",
        include_str!("../../templates/discrepancy.md.hbs"),
    ),
    ("sources", include_str!("../../templates/sources.md.hbs")),
];

/// Helpers registered besides Handlebars' own, for the help of a "no such helper" error.
const HELPERS: &str = "any, at, attention_error, attention_kind, code, diff, discrepancy_kind, \
                       holds, link, one_line, pct, plural, short, shown_pairs, slug, source_anchor, status, \
                       status_text, verdict, verdict_title (and Handlebars' if, unless, each, with, \
                       lookup, eq, ne, gt, lt, and, or, not, len)";

/// One template's text and where it came from, to point errors at the right file and line.
struct TemplateSource {
    path: PathBuf,
    text: Arc<str>,
    built_in: bool,
}

/// Render the report with the built-in templates, or with `templates` (a file replacing the
/// main template, or a folder overriding templates by name).
pub fn render(analysis: &Analysis, templates: Option<&Path>) -> Result<String, InputError> {
    let sources = template_sources(templates)?;
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape);
    helpers::register(&mut hb);
    for (name, source) in &sources {
        hb.register_template_string(name, source.text.as_ref())
            .map_err(|e| template_error(&e, name, &sources))?;
    }
    check_include_loops(&sources)?;
    let mut data = serde_json::to_value(analysis)
        .map_err(|e| InputError::new(format!("cannot prepare the report data: {e}")))?;
    data[helpers::SOURCE_ANCHORS] = source_anchors(analysis);
    // Handed over as it is: `render` would serialise the data into a second copy of itself.
    let context = handlebars::Context::from(data);
    let out = hb
        .render_with_context(MAIN, &context)
        .map_err(|e| render_error(&e, &sources))?;
    // One final newline, however the templates end.
    let mut out = out.trim_end().to_string();
    out.push('\n');
    Ok(out)
}

/// Each listed source's anchor, id to anchor: the appendix's "### Source <id>" headings, in
/// order, slugged as GitHub does, so that `a.b` and `a/b` (both "source-ab") get
/// "source-ab" and "source-ab-1", as GitHub names their headings. The appendix lists the
/// sources that a claim cites or has a passage from; no other heading of the report slugs to
/// "source-...".
fn source_anchors(analysis: &Analysis) -> serde_json::Value {
    let mut slugger = escape::Slugger::default();
    let mut anchors = serde_json::Map::new();
    for source in &analysis.sources {
        if source.cited_by.is_empty() && source.supports.is_empty() {
            continue;
        }
        let slug = slugger.slug(&format!("Source {}", source.id));
        anchors.insert(source.id.clone(), serde_json::Value::String(slug));
    }
    serde_json::Value::Object(anchors)
}

/// The template name of a file: `claim.md.hbs` and `claim.hbs` are both `claim`.
fn template_name(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".hbs")?;
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    (!stem.is_empty()).then_some(stem)
}

fn template_sources(
    templates: Option<&Path>,
) -> Result<BTreeMap<String, TemplateSource>, InputError> {
    let mut sources: BTreeMap<String, TemplateSource> = BUILT_IN
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                TemplateSource {
                    path: PathBuf::from(format!("templates/{name}.md.hbs")),
                    text: Arc::from(*text),
                    built_in: true,
                },
            )
        })
        .collect();
    let Some(path) = templates else {
        return Ok(sources);
    };
    let read = |p: &Path| -> Result<Arc<str>, InputError> {
        std::fs::read_to_string(p)
            .map(Arc::from)
            .map_err(|e| InputError::io("read template", p, &e))
    };
    let meta = std::fs::metadata(path).map_err(|e| InputError::io("read template", path, &e))?;
    if !meta.is_dir() {
        let text = read(path)?;
        sources.insert(
            MAIN.to_string(),
            TemplateSource {
                path: path.to_path_buf(),
                text,
                built_in: false,
            },
        );
        return Ok(sources);
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| InputError::io("read template folder", path, &e))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| InputError::io("read template folder", path, &e))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        // Hidden files and editors' temporary files, as handlebars' own directory source.
        if file_name.starts_with('.') || file_name.starts_with('#') {
            continue;
        }
        let p = entry.path();
        if template_name(&file_name).is_some() && p.is_file() {
            files.push((file_name, p));
        }
    }
    files.sort();
    let mut overridden: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (file_name, p) in files {
        let name = template_name(&file_name).unwrap_or_default().to_string();
        if let Some(first) = overridden.get(&name) {
            return Err(InputError::new(format!(
                "two templates named `{name}`: {} and {}",
                first.display(),
                p.display()
            ))
            .at(Location::file(&p))
            .help("keep one of them: `NAME.md.hbs` and `NAME.hbs` are the same template"));
        }
        let text = read(&p)?;
        overridden.insert(name.clone(), p.clone());
        sources.insert(
            name,
            TemplateSource {
                path: p,
                text,
                built_in: false,
            },
        );
    }
    Ok(sources)
}

// --- Errors -----------------------------------------------------------------------------------

const SYNTAX_HELP: &str = "fix the Handlebars syntax: every `{{#block}}` needs its `{{/block}}`, \
                           an expression closes with `}}` (`{{{...}}}` with `}}}`), a partial is \
                           `{{> name}}`";

/// The `{{...}}` expression at `line`:`column` of a template (1-based, in characters, as
/// handlebars counts them), up to its closing braces on that line; else the one character.
fn expression_at(text: &str, line: usize, column: usize) -> Range<usize> {
    let offset = byte_offset(text, line, column);
    let line_end = offset + text[offset..].find('\n').unwrap_or(text.len() - offset);
    let rest = &text[offset..line_end];
    let end = match rest.find("}}") {
        Some(i) if rest.starts_with("{{") => {
            offset + i + rest[i..].chars().take_while(|&c| c == '}').count()
        }
        _ => offset + rest.chars().next().map_or(0, char::len_utf8),
    };
    offset..end
}

/// The byte offset of 1-based `line`:`column` (in characters), within the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_start = line_start.min(text.len());
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// Point `e` at `span` of template `name`, saying so when the template is built in (its path
/// is the repository's, not the user's).
fn at_span(
    mut e: InputError,
    name: &str,
    source: &TemplateSource,
    span: Range<usize>,
) -> InputError {
    if source.built_in {
        e.message = format!("{} (in the built-in template `{name}`)", e.message);
    }
    e.at(Location::in_text(&source.path, &source.text, span))
}

fn locate(
    e: InputError,
    name: Option<&str>,
    pos: Option<(usize, usize)>,
    sources: &BTreeMap<String, TemplateSource>,
) -> InputError {
    let Some((name, source)) = name.and_then(|n| sources.get_key_value(n)) else {
        return e;
    };
    match pos {
        Some((line, column)) => at_span(e, name, source, expression_at(&source.text, line, column)),
        None => e.at(Location::file(&source.path)),
    }
}

fn template_error(
    e: &TemplateError,
    name: &str,
    sources: &BTreeMap<String, TemplateSource>,
) -> InputError {
    let name = e.name().map(String::as_str).unwrap_or(name);
    // A block left open fails at the end of the file; point at its opening tag instead.
    if let (Some(source), Some((line, column))) = (sources.get(name), e.pos()) {
        let at_end = byte_offset(&source.text, line, column) >= source.text.trim_end().len();
        if let Some((span, block)) = unclosed_block(&source.text).filter(|_| at_end) {
            let err = InputError::new(format!("`{{{{#{block}}}}}` is never closed"))
                .label("opened here")
                .help(format!("close it with `{{{{/{block}}}}}`"));
            return at_span(err, name, source, span);
        }
    }
    let err = InputError::new(format!("invalid template: {}", e.reason()))
        .label("here")
        .help(SYNTAX_HELP);
    locate(err, Some(name), e.pos(), sources)
}

/// The `{{...}}` tags of a template, comments left out: each tag's span and what is inside
/// its braces, without `~`. A rough scan, for error messages only.
fn tags(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(i) = text[rest..].find("{{") {
        let start = rest + i;
        let inner = text[start..].trim_start_matches('{');
        let inner_start = text.len() - inner.len();
        if inner.starts_with("!--") {
            rest = text[inner_start..]
                .find("--}}")
                .map_or(text.len(), |j| inner_start + j + 4);
            continue;
        }
        let Some(close) = inner.find("}}") else {
            break;
        };
        let end = inner_start + close + inner[close..].chars().take_while(|&c| c == '}').count();
        let tag = inner[..close]
            .trim_start_matches('~')
            .trim_end_matches('~')
            .trim();
        out.push((start..end, tag));
        rest = end;
    }
    out
}

/// The first word of a tag after its sigils: `#each claims` is `each`, `> claim` is `claim`.
fn tag_word(tag: &str) -> &str {
    tag.trim_start_matches(['#', '^', '/', '>', '*', ' '])
        .split(|c: char| c.is_whitespace() || c == '~')
        .next()
        .unwrap_or("")
        .trim_matches(['"', '\''])
}

/// The innermost block (`{{#name}}`, `{{^name}}`) that is opened and never closed: its tag's
/// span and name.
fn unclosed_block(text: &str) -> Option<(Range<usize>, String)> {
    let mut open: Vec<(Range<usize>, &str)> = Vec::new();
    for (span, tag) in tags(text) {
        if tag.starts_with('#') || (tag.starts_with('^') && !tag_word(tag).is_empty()) {
            open.push((span, tag_word(tag)));
        } else if tag.starts_with('/') {
            match open.last() {
                Some((_, top)) if *top == tag_word(tag) => {
                    open.pop();
                }
                _ => return None,
            }
        }
    }
    open.pop().map(|(span, name)| (span, name.to_string()))
}

/// The partials a template includes (`{{> name}}`, `{{#> name}}`), with where.
fn partials(text: &str) -> Vec<(Range<usize>, &str)> {
    tags(text)
        .into_iter()
        .filter(|(_, tag)| tag.starts_with('>') || tag.starts_with("#>"))
        .map(|(span, tag)| (span, tag_word(tag)))
        .collect()
}

/// Templates that include each other in a loop would recurse until the stack overflows:
/// refuse them before rendering.
fn check_include_loops(sources: &BTreeMap<String, TemplateSource>) -> Result<(), InputError> {
    fn visit<'a>(
        name: &'a str,
        sources: &'a BTreeMap<String, TemplateSource>,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Result<(), InputError> {
        if done.contains(&name) {
            return Ok(());
        }
        let Some(source) = sources.get(name) else {
            return Ok(());
        };
        path.push(name);
        for (span, partial) in partials(&source.text) {
            if let Some(i) = path.iter().position(|p| *p == partial) {
                let mut cycle = path[i..].to_vec();
                cycle.push(partial);
                let err = InputError::new(format!(
                    "templates include each other in a loop: {}",
                    cycle.join(" → ")
                ))
                .label("includes a template that includes this one")
                .help("a template cannot include itself, directly or through other templates");
                return Err(at_span(err, name, source, span));
            }
            if let Some((key, _)) = sources.get_key_value(partial) {
                visit(key, sources, path, done)?;
            }
        }
        path.pop();
        done.push(name);
        Ok(())
    }
    let mut done = Vec::new();
    for name in sources.keys() {
        visit(name, sources, &mut Vec::new(), &mut done)?;
    }
    Ok(())
}

fn render_error(e: &RenderError, sources: &BTreeMap<String, TemplateSource>) -> InputError {
    let names = || {
        sources
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let err = match e.reason() {
        RenderErrorReason::TemplateError(t) => {
            let name = t.name().cloned().unwrap_or_default();
            return template_error(t, &name, sources);
        }
        RenderErrorReason::MissingVariable(var) => {
            let var = var.as_deref().unwrap_or("?");
            InputError::new(format!(
                "the template uses `{var}`, which the report data does not have here"
            ))
            .label("no such field")
            .help(
                "the fields are those of the JSON report (`factcheck report --format json`); \
                 inside `{{#each}}` and `{{#with}}` names are looked up in the item: reach \
                 outer fields with `../name` or `@root.name`",
            )
        }
        RenderErrorReason::PartialNotFound(p) | RenderErrorReason::TemplateNotFound(p) => {
            InputError::new(format!("no template named `{p}`"))
                .label("no such template")
                .help(format!(
                    "the templates are {}; a template folder may add one as `NAME.md.hbs`",
                    names()
                ))
        }
        RenderErrorReason::HelperNotFound(h) => InputError::new(format!("no helper named `{h}`"))
            .label("no such helper")
            .help(format!("the helpers are {HELPERS}")),
        RenderErrorReason::ParamNotFoundForIndex(..)
        | RenderErrorReason::ParamNotFoundForName(..)
        | RenderErrorReason::ParamTypeMismatchForName(..)
        | RenderErrorReason::HashTypeMismatchForName(..)
        | RenderErrorReason::InvalidParamType(..) => {
            InputError::new(format!("wrong helper arguments: {}", e.reason()))
                .label("here")
                .help(
                    "see the helpers and their arguments at the top of src/render/markdown.rs; \
                     a missing argument may be a misspelt field",
                )
        }
        reason => InputError::new(format!("cannot render the report: {reason}")).label("here"),
    };
    let pos = e.line_no.zip(e.column_no);
    locate(err, e.template_name.as_deref(), pos, sources)
}

/// The Markdown report as a [`super::Renderer`]: `template` is `--template`.
pub(crate) struct MarkdownReport {
    pub template: Option<PathBuf>,
}

impl super::Renderer for MarkdownReport {
    fn render(&self, analysis: &Analysis) -> Result<super::Rendered, InputError> {
        render(analysis, self.template.as_deref()).map(super::Rendered::text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_blocks_are_found() {
        let text = "{{#each claims}}\n{{#if note}}{{note}}{{/if}}\n{{#with x}}\n{{/each}}";
        assert_eq!(
            unclosed_block(text),
            None,
            "mismatch: handlebars reports it"
        );
        let text = "{{!-- {{#if}} --}}{{#each claims}}\n{{#if note}}{{note}}{{/if}}\n";
        assert_eq!(unclosed_block(text), Some((18..34, "each".to_string())));
        let text = "{{#> layout}}{{^}}{{~#each x~}}{{/each}}{{/layout}}{{#if a}}";
        assert_eq!(unclosed_block(text), Some((51..60, "if".to_string())));
    }

    #[test]
    fn partials_are_found() {
        let text = "{{> header}}\n{{#each claims}}{{~> claim ~}}{{/each}}{{#> layout}}x{{/layout}}";
        let names: Vec<&str> = partials(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["header", "claim", "layout"]);
    }
}

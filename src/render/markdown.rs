//! The Markdown review report: Handlebars templates in `templates/`, compiled into the binary.
//!
//! The template data is the JSON report (`factcheck report --format json`, README "The JSON
//! report"), so a custom template names the same fields. `report` is the main template; it
//! includes the partials `header`, `summary`, `claim` (once per claim), `citation` (once per
//! citation), `discrepancy` and `sources`. A template's name is its file name without `.hbs`
//! and `.md`: `templates/claim.md.hbs` is `claim`.
//!
//! `--template PATH`: a file replaces `report`; a folder's `*.hbs` files (not its subfolders)
//! replace the built-in templates of the same name and may add partials, as mdBook's `theme/`
//! folder does. Strict mode is on: a template naming a field the data does not have is an error.
//!
//! Every `{{value}}` goes through [`escape`], a Markdown (not HTML) escaper, so text from
//! articles and `claims.toml` is shown as text and never becomes markup. Markup the templates
//! need around such text (links, code spans, word diffs) comes from helpers that escape their
//! input themselves and are used with `{{{triple-stash}}}`:
//!
//! | helper | gives |
//! | --- | --- |
//! | `at source [line [column]]` | `[source:line:column](#source-…)`, a link to the source in the appendix (column left out when 1) |
//! | `diff runs` | a word diff: equal words as text, `<del>deleted</del>`, `<ins>inserted</ins>` |
//! | `code text` | a code span |
//! | `link url` | an autolink for an `http(s)` URL; any other URL as text |
//! | `slug word…` | GitHub's anchor for a heading of these words (`slug "Claim" id`) |
//! | `status citation_status` | the status in words, failing ones bold; null is **no citation** |
//!
//! and, escaped like any value: `verdict v` (`partly supported`), `status_text s`,
//! `discrepancy_kind k`, `pct x` (`83%`), `plural n "claim" [many="claims"]`, `holds s`
//! (true for exact, normalized and elided), `any list "field"` (true when an item's field is
//! truthy), plus Handlebars' own (`eq`, `len`, `lookup` ...).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::{
    handlebars_helper, Handlebars, JsonValue, RenderError, RenderErrorReason, TemplateError,
};

use crate::analysis::Analysis;
use crate::error::{InputError, Location};

/// The main template's name.
pub const MAIN: &str = "report";

/// The built-in templates: name and text, as in `templates/NAME.md.hbs`.
pub const BUILT_IN: [(&str, &str); 7] = [
    ("report", include_str!("../../templates/report.md.hbs")),
    ("header", include_str!("../../templates/header.md.hbs")),
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
const HELPERS: &str = "any, at, code, diff, discrepancy_kind, holds, link, pct, plural, slug, \
                       status, status_text, verdict (and Handlebars' if, unless, each, with, \
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
    let data = serde_json::to_value(analysis)
        .map_err(|e| InputError::new(format!("cannot prepare the report data: {e}")))?;
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

// --- Escaping ---------------------------------------------------------------------------------

/// Escape a value for Markdown (CommonMark and GitHub Flavored Markdown) so that it reads as
/// the same text and nothing else, wherever a template puts it (a paragraph, a heading, a
/// list item, a table cell, link text):
///
/// - line ends become spaces: a value never starts a new line, so never a new block, and
///   never breaks a table row;
/// - `\` `` ` `` `*` `_` `{` `}` `[` `]` `(` `)` `#` `!` `|` `<` `>` `~` `&` `$` `^` are
///   always backslash-escaped: no emphasis, code, links, images, raw HTML or autolinks (`<`),
///   entities (`&`), table cells (`|`), strikethrough (`~`), GitHub math (`$`), superscript
///   (`^`, in some renderers), and no `{{`;
/// - at the start of the value, where a line may start, `.` and `:` (definition lists, in
///   some renderers) are escaped too, and so are a `-` `+` `=` and the `.` after leading
///   digits when no letter or digit follows them (lists, thematic breaks, setext underlines);
///   elsewhere these have no meaning and stay as they are, so "U.S.", "0.1.0" and
///   "2025-09-25" read plainly;
/// - leading and trailing spaces and tabs become `&#32;` and `&#9;`: they would otherwise
///   start an indented code block, be trimmed, or make a hard line break.
pub fn escape(value: &str) -> String {
    let mut chars: Vec<char> = Vec::with_capacity(value.len());
    let mut it = value.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\r' => {
                if it.peek() == Some(&'\n') {
                    it.next();
                }
                chars.push(' ');
            }
            '\n' => chars.push(' '),
            // CommonMark replaces NUL; do it here so that what is shown is what was escaped.
            '\0' => chars.push('\u{FFFD}'),
            c => chars.push(c),
        }
    }
    // The white space a parser trims from a line or a table cell: space, tab, and the vertical
    // tab and form feed (found by fuzzing).
    let blank = |c: &&char| matches!(**c, ' ' | '\t' | '\u{b}' | '\u{c}');
    let lead = chars.iter().take_while(blank).count();
    let trail = if lead == chars.len() {
        0
    } else {
        chars.iter().rev().take_while(blank).count()
    };
    let digits = chars[lead..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let mut out = String::with_capacity(value.len() + value.len() / 8 + 2);
    for (i, &c) in chars.iter().enumerate() {
        if i < lead || i >= chars.len() - trail {
            out.push_str(match c {
                ' ' => "&#32;",
                '\t' => "&#9;",
                '\u{b}' => "&#11;",
                _ => "&#12;",
            });
            continue;
        }
        // A list marker or ordered-list number needs a blank or the end of the line after it.
        let marker_end = chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric());
        let escaped = match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '<'
            | '>' | '~' | '&' | '$' | '^' => true,
            '.' | ':' if i == lead => true,
            '-' | '+' | '=' => i == lead && marker_end,
            '.' => digits > 0 && i == lead + digits && marker_end,
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `text` as it is (line ends as spaces).
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each side when both sides have one.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        // Only U+0020 counts as "all spaces" to CommonMark, not other white space.
        || (text.starts_with(' ') && text.ends_with(' ') && !text.chars().all(|c| c == ' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// GitHub's anchor for a heading's text: lower case, letters, digits, `-` and `_` kept, spaces
/// to `-`, everything else dropped (github-slugger).
pub fn anchor(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// An `http(s)` URL as an autolink, anything else (`javascript:` ...) as escaped text.
pub fn url_markup(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let plain = url
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>');
    if web && plain && url.len() > "https://".len() {
        format!("<{url}>")
    } else {
        escape(url)
    }
}

/// A word diff: equal runs as text, deletions in `<del>`, insertions in `<ins>`, whitespace
/// outside the tags and as single spaces, where [`crate::diff::render::lay_out`] puts it.
fn diff_markup(runs: &JsonValue) -> String {
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
fn at_markup(args: &[&JsonValue]) -> String {
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
    format!(
        "[{}](#{})",
        escape(&place),
        anchor(&format!("Source {source}"))
    )
}

fn status_words(status: &JsonValue) -> &'static str {
    match status.as_str() {
        Some("exact") => "exact",
        Some("normalized") => "normalized",
        Some("elided") => "elided",
        Some("near-miss") => "near miss",
        Some("not-found") => "not found",
        Some("unknown-source") => "unknown source",
        Some(_) => "unknown status",
        None => "no citation",
    }
}

/// Truth as Handlebars' `#if` has it: not null, false, 0, "" or [].
fn truthy(value: Option<&JsonValue>) -> bool {
    match value {
        None | Some(JsonValue::Null) => false,
        Some(JsonValue::Bool(b)) => *b,
        Some(JsonValue::Number(n)) => n.as_f64() != Some(0.0),
        Some(JsonValue::String(s)) => !s.is_empty(),
        Some(JsonValue::Array(a)) => !a.is_empty(),
        Some(JsonValue::Object(_)) => true,
    }
}

fn holds_status(status: &JsonValue) -> bool {
    matches!(status.as_str(), Some("exact" | "normalized" | "elided"))
}

/// The helpers, in their own module: `handlebars_helper!` names a unit struct after each one.
mod helpers {
    use super::*;

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
    handlebars_helper!(at: |*args| at_markup(&args));

    pub fn register(hb: &mut Handlebars<'_>) {
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
    }
}

// --- Checking the escaper (tests and fuzzing) ----------------------------------------------

/// The contexts the templates put values in; `Q` marks the value.
const ESCAPE_CONTEXTS: [&str; 8] = [
    "Q",
    "Before\nQ\nafter",
    "- Q",
    "1. Q",
    "### Claim Q",
    "> [!WARNING]\n> Q says",
    "| a | b |\n| --- | --- |\n| Q | z |",
    "- [Q](#anchor) and <del>Q</del>",
];

/// For tests and fuzzing, not part of the API: whether [`escape`] keeps its promise for
/// `value`. Call it as `factcheck::escape_round_trips!(value)`, which passes pulldown-cmark as
/// `read`: the library itself does not depend on a Markdown parser.
///
/// `read` gives a document's text and its shape (every event but text, in order). The check
/// holds when the escaped value has no line end and, put in each context a template puts
/// values in, reads back as `value` with its line ends (`\r\n`, `\r`, `\n`) as spaces and NUL
/// as U+FFFD, the context keeping the shape it has around a plain word. The empty value holds
/// when it escapes to nothing (no paragraph where a word makes one). The error names the
/// value, its escaped form, the context and what was read back.
#[doc(hidden)]
pub fn escape_round_trips(
    value: &str,
    read: fn(&str) -> (String, Vec<String>),
) -> Result<(), String> {
    let escaped = escape(value);
    if value.is_empty() {
        return if escaped.is_empty() {
            Ok(())
        } else {
            Err(format!("\"\" escaped as {escaped:?}, not \"\""))
        };
    }
    if escaped.contains(['\n', '\r']) {
        return Err(format!("{value:?} escaped as {escaped:?} holds a line end"));
    }
    let expected = value
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .replace('\0', "\u{FFFD}");
    for context in ESCAPE_CONTEXTS {
        let (plain_text, plain_shape) = read(&context.replace('Q', "word"));
        let (text, shape) = read(&context.replace('Q', &escaped));
        let want = plain_text.replace("word", &expected);
        if text != want {
            return Err(format!(
                "{value:?} escaped as {escaped:?} in {context:?} reads back as {text:?}, \
                 not {want:?}"
            ));
        }
        if shape != plain_shape {
            return Err(format!(
                "{value:?} escaped as {escaped:?} changes the structure of {context:?}: \
                 {shape:?}, not {plain_shape:?}"
            ));
        }
    }
    Ok(())
}

/// `escape_round_trips!(value)`: [`escape_round_trips`] reading Markdown with pulldown-cmark,
/// every extension but smart punctuation (which rewrites quotes and dashes by design) and the
/// old footnote syntax. A macro so that the parser is compiled only where the check is: the
/// calling crate (unit tests, integration tests, fuzz targets) has pulldown-cmark as a
/// dependency named `pulldown_cmark`; the library does not.
#[doc(hidden)]
#[macro_export]
macro_rules! escape_round_trips {
    ($value:expr) => {{
        fn read(
            markdown: &str,
        ) -> (
            ::std::string::String,
            ::std::vec::Vec<::std::string::String>,
        ) {
            let options = ::pulldown_cmark::Options::all()
                - ::pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
                - ::pulldown_cmark::Options::ENABLE_OLD_FOOTNOTES;
            let mut text = ::std::string::String::new();
            let mut shape = ::std::vec::Vec::new();
            for event in ::pulldown_cmark::Parser::new_ext(markdown, options) {
                match event {
                    ::pulldown_cmark::Event::Text(t) => text.push_str(&t),
                    e => shape.push(::std::format!("{e:?}")),
                }
            }
            (text, shape)
        }
        $crate::render::markdown::escape_round_trips($value, read)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// Every extension pulldown-cmark has, except smart punctuation (which rewrites quotes and
    /// dashes by design) and the old footnote syntax.
    fn options() -> Options {
        Options::all() - Options::ENABLE_SMART_PUNCTUATION - Options::ENABLE_OLD_FOOTNOTES
    }

    /// `value`, escaped into each context, reads as `value` and keeps the context's structure
    /// (`escape_round_trips`).
    fn assert_round_trip(value: &str) {
        if let Err(e) = escape_round_trips!(value) {
            panic!("{e}");
        }
    }

    #[test]
    fn always_escaped_characters() {
        for c in "\\`*_{}[]()#!|<>~&$^".chars() {
            assert_eq!(escape(&c.to_string()), format!("\\{c}"), "{c:?}");
            assert_eq!(escape(&format!("a{c}b")), format!("a\\{c}b"), "{c:?}");
        }
    }

    #[test]
    fn line_start_characters_only_where_they_start_structure() {
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ item"), "\\+ item");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape(": definition"), "\\: definition");
        assert_eq!(escape("."), "\\.");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("2019."), "2019\\.");
        assert_eq!(escape("12) twelve"), "12\\) twelve");
        // Not a marker: left as written.
        assert_eq!(escape("-5% on the year"), "-5% on the year");
        assert_eq!(escape("0.1.0"), "0.1.0");
        assert_eq!(escape("U.S. - 2025-09-25."), "U.S. - 2025-09-25.");
        assert_eq!(escape("a + b = c"), "a + b = c");
    }

    #[test]
    fn hostile_values() {
        assert_eq!(escape("## heading"), "\\#\\# heading");
        assert_eq!(escape("> quote"), "\\> quote");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "\\<script\\>alert\\(1\\)\\</script\\>"
        );
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(escape("{{title}}"), "\\{\\{title\\}\\}");
        assert_eq!(escape("a | b | c"), "a \\| b \\| c");
        assert_eq!(escape("&lt;b&gt;"), "\\&lt;b\\&gt;");
        assert_eq!(escape("*emphasis* `code`"), "\\*emphasis\\* \\`code\\`");
    }

    #[test]
    fn line_ends_become_spaces_and_edge_blanks_entities() {
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), "one two three four");
        assert_eq!(escape("line\n## heading"), "line \\#\\# heading");
        assert_eq!(escape("    code"), "&#32;&#32;&#32;&#32;code");
        assert_eq!(escape("\tx  "), "&#9;x&#32;&#32;");
        assert_eq!(escape("  "), "&#32;&#32;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn escaped_text_reads_back_as_the_original() {
        for value in [
            "a | b | c",
            "<script>alert(1)</script>",
            "<!-- comment -->",
            "[x](javascript:alert(1))",
            "![img](http://x/y.png)",
            "<https://example.com>",
            "{{title}} {{{raw}}}",
            "## heading",
            "line one\n## heading\n> quote\n- item\n1. first\n    code",
            "*emphasis* _under_ **strong** ~~gone~~ `code` ``two``",
            "\\ backslash at the end \\",
            "trailing  ",
            "   leading",
            "\ttab",
            "&amp; &#32; &copy;",
            "$x^2$ and $5 or $$",
            "[^note] and [[wiki]] and - [ ] task",
            "===",
            "---",
            "***",
            "+",
            "1986. A year",
            "2) second",
            "Setext\n---",
            "Heading {#id .class}",
            "The U.S. Treasury's “quote” – dash — é ✓",
            "nul\0byte",
        ] {
            assert_round_trip(value);
        }
    }

    #[test]
    fn escaped_random_text_reads_back_as_the_original() {
        let alphabet: Vec<char> = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\nab1é—"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for _ in 0..3000 {
            let len = 1 + next() % 16;
            let value: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            assert_round_trip(&value);
        }
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("a.txt"), "`a.txt`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        for value in ["a.txt", "a`b", "`x`", " x ", "<b>*x*</b>", "a\\b", "``"] {
            let markup = code_span(value);
            let events: Vec<Event> = Parser::new_ext(&markup, options()).collect();
            assert!(
                events.contains(&Event::Code(value.into())),
                "{value:?}: {events:?}"
            );
        }
    }

    #[test]
    fn urls_link_only_for_the_web() {
        assert_eq!(
            url_markup("https://example.com/a_(b)"),
            "<https://example.com/a_(b)>"
        );
        assert_eq!(url_markup("javascript:alert(1)"), "javascript:alert\\(1\\)");
        assert_eq!(url_markup("https://x.org/a b"), "https://x.org/a b");
        assert_eq!(url_markup("http://x/<script>"), "http://x/\\<script\\>");
        let markup = url_markup("HTTPS://example.com/a_(b)*c");
        let events: Vec<Event> = Parser::new_ext(&markup, options()).collect();
        assert!(events.iter().any(|e| matches!(e,
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "HTTPS://example.com/a_(b)*c")));
    }

    #[test]
    fn anchors_as_github_makes_them() {
        assert_eq!(
            anchor("Claim unit-8200-access-cut"),
            "claim-unit-8200-access-cut"
        );
        assert_eq!(
            anchor("Source business/001_x.txt"),
            "source-business001_xtxt"
        );
        assert_eq!(anchor("Fact-check: Ärger & Co"), "fact-check-ärger--co");
    }

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

// Below the tests only until this file is split into a folder, where it moves.
/// The Markdown report as a [`super::Renderer`]: `template` is `--template`.
#[allow(clippy::items_after_test_module)]
pub struct Markdown {
    pub template: Option<PathBuf>,
}

impl super::Renderer for Markdown {
    fn render(&self, analysis: &Analysis) -> Result<super::Rendered, InputError> {
        render(analysis, self.template.as_deref()).map(super::Rendered::text)
    }
}

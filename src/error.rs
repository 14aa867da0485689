//! Input errors: what went wrong, where (file, line, column) and how to fix it.
//!
//! Every error a user can cause by what they wrote or pointed us at is an [`InputError`]; the
//! binary maps it to exit code 2. Findings about claims (a misquote, a missing citation) are not
//! errors but findings of `check`.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use crate::text::LineIndex;

/// A place in a file, with the file's text when we have it so the line can be shown.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub span: Option<Range<usize>>,
    pub text: Option<Arc<str>>,
}

impl Location {
    pub fn in_text(path: &Path, text: &Arc<str>, span: Range<usize>) -> Location {
        let index = LineIndex::new(text);
        let (line, column) = index.line_col(text, span.start);
        Location {
            path: path.to_path_buf(),
            line,
            column,
            span: Some(span),
            text: Some(text.clone()),
        }
    }

    pub fn file(path: &Path) -> Location {
        Location {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            text: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct InputError {
    pub message: String,
    /// Boxed: errors travel in every `Result` of the loading path, which should stay small.
    pub location: Option<Box<Location>>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl InputError {
    pub fn new(message: impl Into<String>) -> InputError {
        InputError {
            message: message.into(),
            location: None,
            label: None,
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> InputError {
        self.location = Some(Box::new(location));
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> InputError {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> InputError {
        self.help = Some(help.into());
        self
    }

    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> InputError {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => Some("check the path; relative paths are resolved from the current folder for --claims and from the folder of claims.toml for sources"),
            std::io::ErrorKind::PermissionDenied => Some("check the file's permissions"),
            _ => None,
        };
        let mut e = InputError::new(format!(
            "cannot {action} {}: {}",
            path.display(),
            plain_io(err)
        ))
        .at(Location::file(path));
        if let Some(help) = help {
            e = e.help(help);
        }
        e
    }

    /// Render rustc-style, with the offending line and a caret when the text is known.
    pub fn render(&self, renderer: &Renderer) -> String {
        let title = Level::ERROR.primary_title(self.message.as_str());
        let mut group = match self.location.as_deref() {
            Some(Location {
                path,
                span: Some(span),
                text: Some(text),
                ..
            }) => {
                let span = clamp_span(text, span.clone());
                let path = path.display().to_string();
                title.element(marked_snippet(text, path, span, self.label.as_deref()))
            }
            Some(location) if location.line > 0 => {
                let origin = annotate_snippets::Origin::path(location.path.display().to_string())
                    .line(location.line)
                    .char_column(location.column);
                title.element(origin)
            }
            // The message names the file already; a bare path line would add nothing.
            _ => Group::with_title(title),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let groups = [group];
        renderer.render(&groups)
    }
}

/// A file's `text`, shown as `path`, with `span` marked and labelled and the lines far from it
/// folded away: how input errors and `check`'s findings show a place in a file.
pub(crate) fn marked_snippet<'a>(
    text: &'a str,
    path: impl Into<Cow<'a, str>>,
    span: Range<usize>,
    label: Option<&'a str>,
) -> Snippet<'a, Annotation<'a>> {
    Snippet::source(text)
        .path(path.into())
        .fold(true)
        .annotation(AnnotationKind::Primary.span(span).label(label))
}

/// A span made safe for rendering: on char boundaries, within the text, never empty.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = crate::text::floor_char_boundary(text, span.start);
    let mut end = crate::text::floor_char_boundary(text, span.end.max(start));
    if end == start && end < text.len() {
        end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    }
    start..end
}

pub(crate) fn plain_io(err: &std::io::Error) -> String {
    // io::Error's Display appends "(os error 2)"; people do not need the number.
    let s = err.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.location.as_deref() {
            if l.line > 0 {
                write!(f, "{}:{}:{}: ", l.path.display(), l.line, l.column)?;
            } else {
                write!(f, "{}: ", l.path.display())?;
            }
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

pub type Result<T, E = InputError> = std::result::Result<T, E>;

/// Ids for a help line: the first eight, quoted, then how many more there are.
pub fn quoted_list(ids: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut s = ids
        .iter()
        .take(SHOWN)
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    s
}

//! Word diffs as text, one way for every output: `check`'s messages (human, GitHub, SARIF,
//! JUnit), lock's drift notes, and the reports' Markdown and PDF, which mark the same pieces
//! up their own way (`<del>`/`<ins>`, colours).
//!
//! Runs come in two shapes ([`Spacing`]); [`lay_out`] decides, for both, which text each run
//! shows and where a space goes between two runs. Everything that shows a diff goes through it.

use super::{DiffOp, DiffRun};

/// How the runs of a diff are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spacing {
    /// Each run is words joined by single spaces, and a space goes between two runs
    /// ([`super::word_diff`]: quote verification's near misses, lock's drift).
    Joined,
    /// Each run keeps its whitespace, and the runs concatenate back to the two texts
    /// ([`super::token_runs`]: the wordings' comparisons): a space goes where the texts have
    /// whitespace, and two runs without whitespace between them touch ("Azure" + "-based").
    Concatenated,
}

impl Spacing {
    /// The spacing of runs that do not say which they are: concatenated when a run starts or
    /// ends with whitespace (a joined run never does).
    pub(crate) fn of<'r>(mut texts: impl Iterator<Item = &'r str>) -> Spacing {
        if texts.any(|t| t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace)) {
            Spacing::Concatenated
        } else {
            Spacing::Joined
        }
    }
}

/// One run as shown: what the output makes of its text, and whether a space goes before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown<C> {
    pub op: DiffOp,
    pub core: C,
    pub space_before: bool,
}

/// The runs as shown, their [`Spacing`] told from their whitespace. `core` makes a run's text
/// into what the output shows (trimmed, escaped, cleaned), or `None` when nothing of it shows;
/// whitespace is then drawn once, between shown runs, so that marks cover words only.
pub(crate) fn lay_out<'r, C>(
    runs: impl Iterator<Item = (DiffOp, &'r str)> + Clone,
    core: impl FnMut(&'r str) -> Option<C>,
) -> Vec<Shown<C>> {
    let spacing = Spacing::of(runs.clone().map(|(_, text)| text));
    lay_out_as(runs, spacing, core)
}

/// The runs as shown, spaced as `spacing` says (see [`lay_out`]).
pub(crate) fn lay_out_as<'r, C>(
    runs: impl Iterator<Item = (DiffOp, &'r str)>,
    spacing: Spacing,
    mut core: impl FnMut(&'r str) -> Option<C>,
) -> Vec<Shown<C>> {
    let mut out = Vec::new();
    // Whether a space is owed before the next shown run.
    let mut space = false;
    for (op, text) in runs {
        if spacing == Spacing::Joined || text.starts_with(char::is_whitespace) {
            space = true;
        }
        if let Some(core) = core(text) {
            out.push(Shown {
                op,
                core,
                space_before: space && !out.is_empty(),
            });
            space = false;
        }
        if text.ends_with(char::is_whitespace) {
            space = true;
        }
    }
    out
}

fn runs(runs: &[DiffRun]) -> impl Iterator<Item = (DiffOp, &str)> + Clone {
    runs.iter().map(|r| (r.op, r.text.as_str()))
}

/// The diff as one line of text: `equal [-deleted-] {+inserted+}` (as `git diff
/// --word-diff`), for runs of joined words.
pub(crate) fn plain(diff: &[DiffRun]) -> String {
    let mut out = String::new();
    for shown in lay_out_as(runs(diff), Spacing::Joined, Some) {
        if shown.space_before {
            out.push(' ');
        }
        match shown.op {
            DiffOp::Equal => out.push_str(shown.core),
            DiffOp::Delete => {
                out.push_str("[-");
                out.push_str(shown.core);
                out.push_str("-]");
            }
            DiffOp::Insert => {
                out.push_str("{+");
                out.push_str(shown.core);
                out.push_str("+}");
            }
        }
    }
    out
}

/// The new side of a diff of joined words (for a near miss, the source's words) as one line
/// of text: what the `equal` and `insert` runs of [`plain`] read.
pub(crate) fn new_text(diff: &[DiffRun]) -> String {
    let new_side = runs(diff).filter(|(op, _)| *op != DiffOp::Delete);
    let mut out = String::new();
    for shown in lay_out_as(new_side, Spacing::Joined, Some) {
        if shown.space_before {
            out.push(' ');
        }
        out.push_str(shown.core);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DiffOp::{Delete, Equal, Insert};

    fn diff(runs: &[(DiffOp, &str)]) -> Vec<DiffRun> {
        runs.iter()
            .map(|&(op, text)| DiffRun {
                op,
                text: text.to_string(),
            })
            .collect()
    }

    #[test]
    fn plain_marks_deletions_and_insertions_between_joined_runs() {
        let near_miss = diff(&[
            (Equal, "held in a Microsoft datacentre in"),
            (Delete, "Germany"),
            (Insert, "the Netherlands"),
        ]);
        assert_eq!(
            plain(&near_miss),
            "held in a Microsoft datacentre in [-Germany-] {+the Netherlands+}"
        );
        assert_eq!(
            new_text(&near_miss),
            "held in a Microsoft datacentre in the Netherlands"
        );
        assert_eq!(plain(&[]), "");
        assert_eq!(new_text(&diff(&[(Delete, "x")])), "");
    }

    #[test]
    fn concatenated_runs_are_spaced_where_the_texts_have_whitespace() {
        let wordings = diff(&[
            (Delete, "Microsoft’s "),
            (Insert, "MICROSOFT'S\n"),
            (Equal, "review of Unit 8200"),
            (Equal, ","),
            (Delete, " "),
            (Insert, "  "),
            (Equal, "Azure"),
            (Insert, "-based"),
        ]);
        let shown: Vec<(DiffOp, &str, bool)> = lay_out(runs(&wordings), |t| {
            Some(t.trim()).filter(|c| !c.is_empty())
        })
        .into_iter()
        .map(|s| (s.op, s.core, s.space_before))
        .collect();
        assert_eq!(
            shown,
            [
                (Delete, "Microsoft’s", false),
                (Insert, "MICROSOFT'S", true),
                (Equal, "review of Unit 8200", true),
                (Equal, ",", false),
                (Equal, "Azure", true),
                (Insert, "-based", false),
            ]
        );
    }
}

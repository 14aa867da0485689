//! The command line: every command, argument and help text of `factcheck` (clap), and the
//! colour rules of `--color`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::format::CheckFormat;
use crate::render::ReportFormat;

#[derive(Parser)]
#[command(
    name = "factcheck",
    version,
    about = "Verify cited quotes against news articles, find supporting passages, and report per claim",
    after_help = "Exit codes: 0 ok; 1 check found errors (or warnings under --deny warnings); 2 usage or input error."
)]
pub struct Cli {
    /// The claims file; sources are found relative to it.
    #[arg(
        long,
        global = true,
        default_value = "claims.toml",
        value_name = "PATH"
    )]
    pub claims: PathBuf,
    /// Read sources outside the project's folder (declared files, links, the sources folder),
    /// a claims file or lock that links out of it, and write outputs through links that lead
    /// out of it. Off by default, so a pull request cannot make CI read or overwrite the
    /// machine's files.
    #[arg(long, global = true)]
    pub allow_outside: bool,
    /// The largest source file read: bytes, or with KiB, MiB, GiB (K, M, G). A web page may
    /// have a quarter of it, since parsing one takes some 17 times its size in memory.
    #[arg(long, global = true, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub max_source_size: u64,
    /// Re-order each claim's best 20 passages by meaning, with the sentence encoder in this
    /// folder (all-MiniLM-L6-v2 as sentence-transformers saves it: config.json, vocab.txt,
    /// model.safetensors). Finds paraphrases word matching misses; some 20 ms of CPU a
    /// passage (README, "Reranking").
    #[arg(long, global = true, value_name = "DIR")]
    pub reranker: Option<PathBuf>,
    /// Search the archive in this PostgreSQL database instead of reading every source:
    /// postgres://USER@HOST:PORT/DATABASE (fill it with `factcheck index`). Without it,
    /// `[index] database` in claims.toml names one, if it does (README, "Archives in
    /// PostgreSQL").
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Colour in terminal output (NO_COLOR is honoured under auto).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(subcommand)]
    pub command: Command,
}

/// `64MiB`, `512K`, `2G`, `1000000`: a size in bytes, the units binary (K and KiB are 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return Err(format!("unknown unit {unit:?}: use bytes, KiB, MiB or GiB")),
    };
    let n: u64 = digits.parse().map_err(|_| {
        "a size is a whole number of bytes, KiB, MiB or GiB, e.g. 256MiB".to_string()
    })?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| "the size must be above zero and below 16 EiB".to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

// The commands' doc comments are their help texts; the argument structs have none, so that
// the help stays the command's.
#[derive(Subcommand)]
pub enum Command {
    /// Check every claim's citations; exit 1 when a claim cites no source or a quote does not hold.
    Check(CheckArgs),
    /// Write the analysis: without --format, report.pdf and report.md beside claims.toml
    /// (or into -o DIR); with --format, that one format (json, md and claimreview to standard
    /// output unless -o FILE; pdf to report.pdf beside claims.toml unless -o FILE or -o -).
    Report(ReportArgs),
    /// Ranked passages for any text, as `source:line  passage`.
    Search(SearchArgs),
    /// Propose citations for claims without any (or for one claim) as [[claims.citations]].
    Cite(CiteArgs),
    /// Record each source's sha256 and where each quote is, in claims.lock beside claims.toml.
    Lock,
    /// Index the sources into the PostgreSQL archive of --database (or `[index] database`):
    /// adds new sources, re-indexes changed ones (by sha256), drops removed ones.
    Index(IndexArgs),
    /// Write a starter claims.toml for a folder of articles (never overwrites).
    Init(InitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Args)]
pub struct IndexArgs {
    /// Rebuild the tables of an archive made by an older factcheck, then index.
    #[arg(long)]
    pub migrate: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Format on standard output (or in -o FILE).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Warn when a claim is cited by fewer distinct sources.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_sources: usize,
    /// Fail on warnings too.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,
    /// A changed source (since claims.lock) is an error, and claims.lock must be current.
    #[arg(long)]
    pub locked: bool,
    /// Write the findings in --format to FILE instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write FORMAT to PATH (repeatable), e.g. --output sarif=out.sarif.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output::<CheckFormat>)]
    pub outputs: Vec<(CheckFormat, PathBuf)>,
    /// The project folder's path from the repository root, for a claims.toml in a subfolder:
    /// prefixes the paths of the github, sarif, junit and summary formats (GitHub reads them
    /// from the repository root).
    #[arg(long, value_name = "FOLDER", value_parser = crate::check::format::parse_path_prefix)]
    pub path_prefix: Option<String>,
    /// A `file` attribute on each JUnit testcase, which GitLab shows (not in the Jenkins xUnit
    /// schema, hence opt-in).
    #[arg(long)]
    pub junit_file_attr: bool,
    #[command(flatten)]
    pub filter: ClaimFilterArgs,
    /// Print only what fails the run (human format: its errors, and its warnings under --deny
    /// warnings, then the summary line; nothing when it passes), and no line on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Which claims `check` and `report` are about (see [`crate::filter`]).
#[derive(Args, Debug, Clone, Default)]
pub struct ClaimFilterArgs {
    /// Only the claim with this id (repeatable: any of them).
    #[arg(long = "claim", id = "claim_ids", value_name = "ID")]
    pub claim_ids: Vec<String>,
    /// Only claims with this tag (repeatable: any of them).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only claims with this verdict (repeatable: any of them).
    #[arg(long = "verdict", value_name = "VERDICT", value_parser = crate::filter::parse_verdict)]
    pub verdicts: Vec<crate::project::Verdict>,
}

#[derive(Args)]
pub struct ReportArgs {
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Passages listed per claim (at most 1000).
    #[arg(long, default_value_t = 5, value_name = "K", value_parser = parse_top)]
    pub top: usize,
    /// Output file (- for standard output), or the folder for both reports.
    #[arg(short = 'o', long = "out", value_name = "FILE|DIR|-")]
    pub out: Option<PathBuf>,
    /// Also write FORMAT to PATH (repeatable), e.g. --output md=review.md.
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output::<ReportFormat>)]
    pub outputs: Vec<(ReportFormat, PathBuf)>,
    /// Markdown templates: a file replaces report.md.hbs; a folder overrides the built-in
    /// templates of the same names.
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,
    /// Write the PDF as PDF/A-2b, for archiving: an sRGB output intent, the PDF/A
    /// identification in its XMP metadata.
    #[arg(long)]
    pub pdf_a: bool,
    #[command(flatten)]
    pub filter: ClaimFilterArgs,
    /// No lines on standard error but errors and the renderers' warnings: no "wrote FILE", no
    /// progress, no count of failing citations.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct SearchArgs {
    pub text: String,
    /// Passages listed (at most 1000).
    #[arg(long, default_value_t = 10, value_name = "K", value_parser = parse_top)]
    pub top: usize,
}

#[derive(Args)]
pub struct CiteArgs {
    /// Insert them into claims.toml after their claim, keeping everything else as it is.
    #[arg(long)]
    pub write: bool,
    /// Only this claim (even if it has citations: proposes sources it does not cite yet).
    #[arg(long, value_name = "ID")]
    pub claim: Option<String>,
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder of articles, relative to the current folder (default: seeds, or else the
    /// one folder here that holds articles).
    #[arg(value_name = "SOURCES_DIR")]
    pub sources: Option<PathBuf>,
}

#[derive(Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

impl Command {
    /// `--quiet`, for the commands that have it: no progress line either.
    pub fn quiet(&self) -> bool {
        match self {
            Command::Check(args) => args.quiet,
            Command::Report(args) => args.quiet,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

/// The largest `--top`: more passages than anyone reads per claim, and a bound on what a
/// report holds (a larger value is refused rather than cut down, so that no run silently
/// lists fewer passages than asked for).
pub const MAX_TOP: usize = 1000;

/// `K` for `--top`: a number from 0 to [`MAX_TOP`].
fn parse_top(s: &str) -> Result<usize, String> {
    let top: u128 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a number of passages from 0 to {MAX_TOP}"))?;
    if top > MAX_TOP as u128 {
        return Err(format!(
            "at most {MAX_TOP} passages are listed; --top {top} is refused (see README.md, \"Commands\")"
        ));
    }
    Ok(top as usize)
}

/// `FORMAT=PATH` for `--output`.
fn parse_output<F: ValueEnum + Clone + Send + Sync + 'static>(
    s: &str,
) -> Result<(F, PathBuf), String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, got {s:?}"))?;
    let format = F::from_str(format, true).map_err(|_| {
        let known: Vec<String> = F::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format {format:?}; one of: {}", known.join(", "))
    })?;
    if path.is_empty() {
        return Err("the path after '=' is empty".into());
    }
    Ok((format, PathBuf::from(path)))
}

/// Where output is coloured, from `--color`, NO_COLOR and which streams are terminals.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub stdout: bool,
    pub stderr: bool,
    /// Whether standard error is a terminal, where a long run shows its progress.
    pub stderr_tty: bool,
}

impl Style {
    pub fn detect(color: Color) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let styled = |tty: bool| match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => tty && !no_color,
        };
        let stderr_tty = std::io::stderr().is_terminal();
        Style {
            stdout: styled(std::io::stdout().is_terminal()),
            stderr: styled(stderr_tty),
            stderr_tty,
        }
    }
}

//! The `factcheck` command line: parses arguments, runs the library, maps errors to exit codes
//! (0 ok, 1 findings, 2 usage or input errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use annotate_snippets::Renderer;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use factcheck::analysis::Analysis;
use factcheck::check::format::{CheckFormat, FormatContext};
use factcheck::check::{self, CheckOptions};
use factcheck::corpus::Corpus;
use factcheck::error::InputError;
use factcheck::project::Project;
use factcheck::render::ReportFormat;
use factcheck::retrieve::{MemoryIndex, Retriever};
use factcheck::{cite, init, lock, output};

#[derive(Parser)]
#[command(
    name = "factcheck",
    version,
    about = "Verify cited quotes against news articles, find supporting passages, and report per claim",
    after_help = "Exit codes: 0 ok; 1 check found errors (or warnings under --deny warnings); 2 usage or input error."
)]
struct Cli {
    /// The claims file; sources are found relative to it.
    #[arg(
        long,
        global = true,
        default_value = "claims.toml",
        value_name = "PATH"
    )]
    claims: PathBuf,
    /// Read sources outside the project's folder (declared files, links, the sources folder).
    /// Off by default, so a claims file from a pull request cannot read the machine's files.
    #[arg(long, global = true)]
    allow_outside: bool,
    /// Colour in terminal output (NO_COLOR is honoured under auto).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check every claim's citations; exit 1 when a claim cites no source or a quote does not hold.
    Check {
        /// Format on standard output (or in -o FILE).
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Warn when a claim is cited by fewer distinct sources.
        #[arg(long, default_value_t = 1, value_name = "N")]
        min_sources: usize,
        /// Fail on warnings too.
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        /// A changed source (since claims.lock) is an error, and claims.lock must be current.
        #[arg(long)]
        locked: bool,
        /// Write the findings in --format to FILE instead of standard output.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write FORMAT to PATH (repeatable), e.g. --output sarif=out.sarif.
        #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output::<CheckFormat>)]
        outputs: Vec<(CheckFormat, PathBuf)>,
    },
    /// Write the analysis: without --format, report.pdf and report.md beside claims.toml
    /// (or into -o DIR); with --format, that one format (json, md and claimreview to standard
    /// output unless -o FILE; pdf to report.pdf beside claims.toml unless -o FILE or -o -).
    Report {
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Passages listed per claim.
        #[arg(long, default_value_t = 5, value_name = "K")]
        top: usize,
        /// Output file (- for standard output), or the folder for both reports.
        #[arg(short = 'o', long = "out", value_name = "FILE|DIR|-")]
        out: Option<PathBuf>,
        /// Also write FORMAT to PATH (repeatable), e.g. --output md=review.md.
        #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = parse_output::<ReportFormat>)]
        outputs: Vec<(ReportFormat, PathBuf)>,
        /// Markdown templates: a file replaces report.md.hbs; a folder overrides the built-in
        /// templates of the same names.
        #[arg(long, value_name = "PATH")]
        template: Option<PathBuf>,
    },
    /// Ranked passages for any text, as `source:line  passage`.
    Search {
        text: String,
        #[arg(long, default_value_t = 10, value_name = "K")]
        top: usize,
    },
    /// Propose citations for claims without any (or for one claim) as [[claims.citations]].
    Cite {
        /// Insert them into claims.toml after their claim, keeping everything else as it is.
        #[arg(long)]
        write: bool,
        /// Only this claim (even if it has citations: proposes sources it does not cite yet).
        #[arg(long, value_name = "ID")]
        claim: Option<String>,
    },
    /// Record each source's sha256 and where each quote is, in claims.lock beside claims.toml.
    Lock,
    /// Write a starter claims.toml for a folder of articles (never overwrites).
    Init {
        /// The folder of articles, relative to the current folder.
        #[arg(default_value = "seeds", value_name = "SOURCES_DIR")]
        sources: PathBuf,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let styled = |tty: bool| match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && !no_color,
    };
    let out_style = Style {
        stdout: styled(std::io::stdout().is_terminal()),
        stderr_tty: std::io::stderr().is_terminal(),
    };
    match run(&cli, out_style) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let renderer = if styled(out_style.stderr_tty) {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let _ = writeln!(std::io::stderr(), "{}", err.render(&renderer));
            ExitCode::from(2)
        }
    }
}

#[derive(Clone, Copy)]
struct Style {
    stdout: bool,
    stderr_tty: bool,
}

/// A spinner on standard error that shows itself only when the run lasts over a second and
/// standard error is a terminal.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(enabled: bool, message: &str) -> Progress {
        if !enabled {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.to_string());
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress(Some(bar))
    }

    fn stage(&self, message: &str, len: Option<u64>) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
            bar.set_position(0);
            match len {
                Some(n) => bar.set_length(n),
                None => bar.unset_length(),
            }
        }
    }

    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn load(cli: &Cli, progress: &Progress) -> Result<(Project, Corpus), InputError> {
    let project = load_project(cli)?;
    progress.stage("reading sources", None);
    let corpus = Corpus::load(&project)?;
    Ok((project, corpus))
}

fn load_project(cli: &Cli) -> Result<Project, InputError> {
    let mut project = Project::load(&cli.claims)?;
    project.allow_outside = cli.allow_outside;
    Ok(project)
}

/// Where `report` writes each format (None: standard output), in writing order.
fn report_plan(
    format: Option<ReportFormat>,
    out: Option<&Path>,
    outputs: &[(ReportFormat, PathBuf)],
    root: &Path,
) -> Result<Vec<(ReportFormat, Option<PathBuf>)>, InputError> {
    let stdout = Path::new("-");
    let mut plan: Vec<(ReportFormat, Option<PathBuf>)> = outputs
        .iter()
        .map(|(format, path)| (*format, Some(path.clone())))
        .collect();
    match format {
        Some(ReportFormat::Pdf) => {
            let path = match out {
                Some(p) if p == stdout => None,
                Some(p) => Some(p.to_path_buf()),
                None => Some(root.join("report.pdf")),
            };
            plan.push((ReportFormat::Pdf, path));
        }
        Some(format) => {
            plan.push((format, out.filter(|p| *p != stdout).map(Path::to_path_buf)));
        }
        None if !outputs.is_empty() && out.is_none() => {}
        None => {
            let dir = out.unwrap_or(root);
            if !dir.is_dir() {
                return Err(InputError::new(format!(
                    "cannot write the reports into {}: it is not a folder",
                    dir.display()
                ))
                .help("create the folder first, or give --format with -o FILE for one report"));
            }
            plan.push((ReportFormat::Pdf, Some(dir.join("report.pdf"))));
            plan.push((ReportFormat::Md, Some(dir.join("report.md"))));
        }
    }
    Ok(plan)
}

fn analyse(
    project: &Project,
    corpus: &Corpus,
    retriever: Option<&dyn Retriever>,
    top: usize,
    progress: &Progress,
) -> Analysis {
    progress.stage("analysing claims", Some(project.claims.len() as u64));
    Analysis::run_with_progress(project, corpus, retriever, top, &|| progress.tick())
}

fn run(cli: &Cli, style: Style) -> Result<u8, InputError> {
    let progress = Progress::new(style.stderr_tty, "");
    let result = run_command(cli, style, &progress);
    progress.finish();
    result
}

fn run_command(cli: &Cli, style: Style, progress: &Progress) -> Result<u8, InputError> {
    match &cli.command {
        Command::Check {
            format,
            min_sources,
            deny,
            locked,
            out,
            outputs,
        } => {
            // A destination that cannot be written fails before the work, and again below
            // in case it changed meanwhile.
            for path in outputs.iter().map(|(_, p)| p).chain(out) {
                output::check_destination(path)?;
            }
            let (project, corpus) = load(cli, progress)?;
            let lock_path = lock::lock_path(&project);
            let notices = match lock::read(&lock_path)? {
                Some(locked_state) => {
                    let drift = lock::drift(&locked_state, &project, &corpus);
                    lock::notices(&drift, &project, *locked)
                }
                None if *locked => {
                    return Err(InputError::new(format!(
                        "--locked needs {}, which does not exist",
                        lock_path.display()
                    ))
                    .help("run `factcheck lock` and commit claims.lock"))
                }
                None => Vec::new(),
            };
            let analysis = analyse(&project, &corpus, None, 0, progress);
            let options = CheckOptions {
                min_sources: *min_sources,
                deny_warnings: deny.is_some(),
            };
            let report = check::check(&project, &corpus, &analysis, &notices, options);
            progress.finish();
            // Every destination must be writable before any file is replaced.
            for path in outputs.iter().map(|(_, p)| p).chain(out) {
                output::check_destination(path)?;
            }
            let render = |format: CheckFormat, styled: bool| {
                let context = FormatContext {
                    project: &project,
                    styled,
                };
                format.formatter().format(&report, &context)
            };
            for (format, path) in outputs {
                output::write_atomic(path, render(*format, false).as_bytes())?;
            }
            match out {
                Some(path) => output::write_atomic(path, render(*format, false).as_bytes())?,
                None => emit(None, &render(*format, style.stdout))?,
            }
            Ok(report.exit_code() as u8)
        }
        Command::Report {
            format,
            top,
            out,
            outputs,
            template,
        } => {
            let project = load_project(cli)?;
            // Where each report goes is settled and checked before the work, so that a wrong
            // -o fails at once rather than after analysing an archive.
            let plan = report_plan(*format, out.as_deref(), outputs, &project.root)?;
            for path in plan.iter().filter_map(|(_, p)| p.as_deref()) {
                output::check_destination(path)?;
            }
            progress.stage("reading sources", None);
            let corpus = Corpus::load(&project)?;
            progress.stage("indexing", None);
            let index = MemoryIndex::build(&corpus);
            let analysis = analyse(&project, &corpus, Some(&index), *top, progress);
            progress.stage("rendering", None);
            let render = |format: ReportFormat| -> Result<Vec<u8>, InputError> {
                let rendered = format.renderer(template.as_deref()).render(&analysis)?;
                for warning in &rendered.warnings {
                    eprintln!("warning: {warning}");
                }
                Ok(rendered.bytes)
            };
            // Render everything before writing anything: a failure leaves every old file whole.
            let mut planned: Vec<(Option<PathBuf>, Vec<u8>)> = Vec::new();
            for (format, path) in plan {
                planned.push((path, render(format)?));
            }
            progress.finish();
            // Every destination must be writable before any file is replaced.
            for path in planned.iter().filter_map(|(p, _)| p.as_deref()) {
                output::check_destination(path)?;
            }
            for (path, bytes) in &planned {
                emit_bytes(path.as_deref(), bytes)?;
                if let Some(path) = path {
                    eprintln!("wrote {}", path.display());
                }
            }
            Ok(0)
        }
        Command::Search { text, top } => {
            let (_, corpus) = load(cli, progress)?;
            let index = MemoryIndex::build(&corpus);
            let hits = index.search(text, *top);
            progress.finish();
            let mut out = String::new();
            for hit in &hits {
                let m = factcheck::analysis::to_match(&corpus, hit);
                out.push_str(&format!("{}:{}  {}\n", m.source, m.line, m.text));
            }
            if hits.is_empty() {
                eprintln!("no passage matches {text:?}");
            } else if !factcheck::analysis::has_support(&hits) {
                eprintln!("no supporting passage found: these candidates share only a few words with the text");
            }
            emit(None, &out)?;
            Ok(0)
        }
        Command::Cite { write, claim } => {
            let (project, corpus) = load(cli, progress)?;
            let index = MemoryIndex::build(&corpus);
            let proposals = cite::propose(&project, &corpus, &index, claim.as_deref())?;
            progress.finish();
            for target in cite::targets(&project, claim.as_deref())? {
                if !proposals.iter().any(|p| p.claim == target.id) {
                    eprintln!(
                        "claim \"{}\": no supporting passage found, nothing to propose",
                        target.id
                    );
                }
            }
            if *write {
                if proposals.is_empty() {
                    return Ok(0);
                }
                let text = std::fs::read_to_string(&project.path)
                    .map_err(|e| InputError::io("read the claims file", &project.path, &e))?;
                let updated = cite::write_into(&text, &proposals)?;
                output::write_atomic(&project.path, updated.as_bytes())?;
                eprintln!(
                    "added {} citation{} to {}",
                    proposals.len(),
                    if proposals.len() == 1 { "" } else { "s" },
                    project.path.display()
                );
            } else {
                emit(None, &cite::render_toml(&proposals))?;
            }
            Ok(0)
        }
        Command::Lock => {
            let (project, corpus) = load(cli, progress)?;
            let state = lock::build(&project, &corpus);
            let path = lock::lock_path(&project);
            lock::write(&path, &state)?;
            let citations: usize = project.claims.iter().map(|c| c.citations.len()).sum();
            eprintln!(
                "wrote {}: {} sources, {} of {} citations anchored (quotes that do not hold are not)",
                path.display(),
                state.sources.len(),
                state.anchors.len(),
                citations
            );
            Ok(0)
        }
        Command::Init { sources } => {
            let path = init::init(&cli.claims, sources)?;
            eprintln!(
                "wrote {}; next: edit the example claim, then run `factcheck check`",
                path.display()
            );
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "factcheck", &mut out);
            emit_bytes(None, &out)?;
            Ok(0)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| InputError::new(format!("cannot render the man page: {e}")))?;
            emit_bytes(None, &out)?;
            Ok(0)
        }
    }
}

/// Write to a file atomically, or to standard output.
fn emit(path: Option<&Path>, text: &str) -> Result<(), InputError> {
    emit_bytes(path, text.as_bytes())
}

fn emit_bytes(path: Option<&Path>, bytes: &[u8]) -> Result<(), InputError> {
    match path {
        Some(path) => output::write_atomic(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(bytes).and_then(|_| stdout.flush());
            Ok(())
        }
    }
}

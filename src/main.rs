//! The `factcheck` command line: parses arguments, runs the library, maps errors to exit codes
//! (0 ok, 1 findings, 2 usage or input errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::Renderer;
use clap::{Parser, Subcommand, ValueEnum};

use factcheck::analysis::Analysis;
use factcheck::check::{self, CheckOptions};
use factcheck::corpus::Corpus;
use factcheck::error::InputError;
use factcheck::project::Project;
use factcheck::retrieve::{MemoryIndex, Retriever};
use factcheck::{output, render};

#[derive(Parser)]
#[command(
    name = "factcheck",
    version,
    about = "Verify cited quotes against news articles, find supporting passages, and report per claim"
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
    /// Colour in terminal output (NO_COLOR is honoured under auto).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check every claim's citations; exit 1 when a claim cites no source or a quote does not hold.
    Check {
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Warn when a claim is cited by fewer distinct sources.
        #[arg(long, default_value_t = 1, value_name = "N")]
        min_sources: usize,
        /// Fail on warnings too.
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
        /// Write the findings to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write the analysis: without --format, report.pdf and report.md beside claims.toml
    /// (or into -o DIR); with --format, that one format (json and md to standard output
    /// unless -o FILE; pdf to report.pdf beside claims.toml unless -o FILE or -o -).
    Report {
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Passages listed per claim.
        #[arg(long, default_value_t = 5, value_name = "K")]
        top: usize,
        /// Output file (- for standard output), or the folder for both reports.
        #[arg(short, long, value_name = "FILE|DIR|-")]
        output: Option<PathBuf>,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Json,
    /// Markdown for review (GitHub-flavoured).
    Md,
    /// The PDF briefing.
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    match run(&cli, color) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let tty = std::io::stderr().is_terminal();
            let renderer = if color && tty {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let _ = writeln!(std::io::stderr(), "{}", err.render(&renderer));
            ExitCode::from(2)
        }
    }
}

fn load(claims: &Path) -> Result<(Project, Corpus), InputError> {
    let project = Project::load(claims)?;
    let corpus = Corpus::load(&project)?;
    Ok((project, corpus))
}

fn run(cli: &Cli, color: bool) -> Result<u8, InputError> {
    match &cli.command {
        Command::Check {
            format,
            min_sources,
            deny,
            output,
        } => {
            let (project, corpus) = load(&cli.claims)?;
            let analysis = Analysis::run(&project, &corpus, None, 0);
            let options = CheckOptions {
                min_sources: *min_sources,
                deny_warnings: deny.is_some(),
            };
            let report = check::check(&project, &corpus, &analysis, options);
            let text = match format {
                CheckFormat::Human => {
                    let styled = color && output.is_none() && std::io::stdout().is_terminal();
                    let renderer = if styled {
                        Renderer::styled()
                    } else {
                        Renderer::plain()
                    };
                    check::human::render(&report, &project, &renderer.term_width(120))
                }
                CheckFormat::Json => {
                    let mut s = serde_json::to_string_pretty(&report).expect("findings serialise");
                    s.push('\n');
                    s
                }
                CheckFormat::Github => check::github::render(&report),
                CheckFormat::Sarif => check::sarif::render(&report),
                CheckFormat::Junit => check::junit::render(&report),
            };
            emit(output.as_deref(), &text)?;
            Ok(report.exit_code() as u8)
        }
        Command::Report {
            format,
            top,
            output,
            template,
        } => {
            let (project, corpus) = load(&cli.claims)?;
            let index = MemoryIndex::build(&corpus);
            let analysis = Analysis::run(&project, &corpus, Some(&index), *top);
            let stdout = Path::new("-");
            let to_file = output.as_deref().filter(|p| *p != stdout);
            match format {
                Some(ReportFormat::Json) => emit(to_file, &render::json::render(&analysis))?,
                Some(ReportFormat::Md) => emit(
                    to_file,
                    &render::markdown::render(&analysis, template.as_deref())?,
                )?,
                Some(ReportFormat::Pdf) => {
                    let pdf = render_pdf(&analysis)?;
                    match output.as_deref() {
                        Some(p) if p == stdout => emit_bytes(None, &pdf)?,
                        Some(p) => emit_bytes(Some(p), &pdf)?,
                        None => {
                            let path = project.root.join("report.pdf");
                            emit_bytes(Some(&path), &pdf)?;
                            eprintln!("wrote {}", path.display());
                        }
                    }
                }
                None => {
                    let dir = output.clone().unwrap_or_else(|| project.root.clone());
                    if !dir.is_dir() {
                        return Err(InputError::new(format!(
                            "cannot write the reports into {}: it is not a folder",
                            dir.display()
                        ))
                        .help(
                            "create the folder first, or give --format with -o FILE for one report",
                        ));
                    }
                    // Render both before writing either, so a failure leaves both old files.
                    let md = render::markdown::render(&analysis, template.as_deref())?;
                    let pdf = render_pdf(&analysis)?;
                    let (md_path, pdf_path) = (dir.join("report.md"), dir.join("report.pdf"));
                    emit_bytes(Some(&pdf_path), &pdf)?;
                    emit(Some(&md_path), &md)?;
                    eprintln!("wrote {} and {}", pdf_path.display(), md_path.display());
                }
            }
            Ok(0)
        }
        Command::Search { text, top } => {
            let (_, corpus) = load(&cli.claims)?;
            let index = MemoryIndex::build(&corpus);
            let hits = index.search(text, *top);
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
    }
}

/// The PDF, with its warnings (missing glyphs, right-to-left text) on standard error.
fn render_pdf(analysis: &Analysis) -> Result<Vec<u8>, InputError> {
    let out = render::pdf::render(analysis)?;
    for warning in &out.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(out.bytes)
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

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
    /// Write the whole analysis: citations verified and supporting passages per claim.
    Report {
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        /// Passages listed per claim.
        #[arg(long, default_value_t = 5, value_name = "K")]
        top: usize,
        /// Output file, or - for standard output.
        #[arg(short, long, value_name = "FILE|-", default_value = "-")]
        output: String,
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
        } => {
            let (project, corpus) = load(&cli.claims)?;
            let index = MemoryIndex::build(&corpus);
            let analysis = Analysis::run(&project, &corpus, Some(&index), *top);
            let text = match format {
                ReportFormat::Json => render::json::render(&analysis),
            };
            let path = (output != "-").then(|| PathBuf::from(output));
            emit(path.as_deref(), &text)?;
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

/// Write to a file atomically, or to standard output.
fn emit(path: Option<&Path>, text: &str) -> Result<(), InputError> {
    match path {
        Some(path) => output::write_atomic(path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush());
            Ok(())
        }
    }
}

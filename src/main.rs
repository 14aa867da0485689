//! The `factcheck` binary: parses the command line and runs the command. The commands live in
//! the library (`factcheck::cmd`); errors are printed here and end the run with exit code 2.

use std::io::Write;
use std::process::ExitCode;

use annotate_snippets::Renderer;
use clap::Parser;

use factcheck::cli::{Cli, Command, Style};
use factcheck::cmd::{self, Context};
use factcheck::error::InputError;
use factcheck::exit::Exit;
use factcheck::progress::Progress;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let style = Style::detect(cli.color);
    let progress = Progress::new(style.stderr_tty && !cli.command.quiet());
    let context = Context {
        claims: &cli.claims,
        allow_outside: cli.allow_outside,
        max_source_size: cli.max_source_size,
        reranker: cli.reranker.as_deref(),
        database: cli.database.as_deref(),
        style,
        progress: &progress,
    };
    let result = run(&cli.command, &context);
    progress.finish();
    match result {
        Ok(exit) => exit.into(),
        Err(err) => {
            let renderer = if style.stderr {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let _ = writeln!(std::io::stderr(), "{}", err.render(&renderer));
            Exit::Error.into()
        }
    }
}

fn run(command: &Command, context: &Context) -> Result<Exit, InputError> {
    match command {
        Command::Check(args) => cmd::check::execute(context, args),
        Command::Report(args) => cmd::report::execute(context, args),
        Command::Search(args) => cmd::search::execute(context, args),
        Command::Cite(args) => cmd::cite::execute(context, args),
        Command::Lock => cmd::lock::execute(context),
        Command::Index(args) => cmd::index::execute(context, args),
        Command::Init(args) => cmd::init::execute(context, args),
        Command::Completions(args) => cmd::completions::execute(args),
        Command::Man => cmd::man::execute(),
    }
}

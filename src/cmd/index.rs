//! `factcheck index`: the sources folder into a PostgreSQL archive, incrementally.

use std::time::Instant;

use crate::archive::{self, Archive};
use crate::cli::IndexArgs;
use crate::cmd::Context;
use crate::display;
use crate::error::InputError;
use crate::exit::Exit;
use crate::session::Session;

pub fn execute(context: &Context, args: &IndexArgs) -> Result<Exit, InputError> {
    let project = Session::load_project(context)?;
    let url = archive::database_url(context.database, &project)?.ok_or_else(|| {
        InputError::new("factcheck index needs a database to index into")
            .help("pass --database postgres://USER@HOST:PORT/DATABASE, or set [index] database = { env = \"FACTCHECK_DATABASE_URL\" } in claims.toml")
    })?;
    let started = Instant::now();
    let archive = Archive::connect(&url, 1)?;
    let summary = archive::sync(&archive, &project, args.migrate, context.progress)?;
    context.progress.finish();
    for warning in project.warnings.iter().chain(&summary.warnings) {
        display::eprint_line(&format!("warning: {warning}"));
    }
    let total = summary.added + summary.changed + summary.unchanged;
    let line = if summary.did_nothing() {
        format!(
            "the archive {} is up to date: {total} sources, nothing to do",
            archive.shown()
        )
    } else {
        format!(
            "indexed {total} sources into {}: {} added, {} changed, {} removed, {} unchanged ({:.1} s)",
            archive.shown(),
            summary.added,
            summary.changed,
            summary.removed,
            summary.unchanged,
            started.elapsed().as_secs_f64()
        )
    };
    display::eprint_line(&line);
    Ok(Exit::Ok)
}

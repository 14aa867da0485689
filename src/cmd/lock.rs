//! `factcheck lock`: each source's sha256 and where each quote is, in claims.lock.

use crate::cmd::Context;
use crate::error::InputError;
use crate::exit::Exit;
use crate::lock;
use crate::session::Session;

pub fn execute(context: &Context) -> Result<Exit, InputError> {
    let session = Session::load(context)?;
    let state = lock::build(&session.project, &session.corpus);
    let path = lock::lock_path(&session.project);
    lock::write(&path, &state)?;
    let citations: usize = session
        .project
        .claims
        .iter()
        .map(|c| c.citations.len())
        .sum();
    eprintln!(
        "wrote {}: {} sources, {} of {} citations anchored (quotes that do not hold are not)",
        path.display(),
        state.sources.len(),
        state.anchors.len(),
        citations
    );
    Ok(Exit::Ok)
}

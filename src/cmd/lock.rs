//! `factcheck lock`: each source's sha256 and where each quote is, in claims.lock.

use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::InputError;
use crate::exit::Exit;
use crate::lock;
use crate::output::{Destination, Inputs};
use crate::session::Session;

pub fn execute(context: &Context) -> Result<Exit, InputError> {
    let project = Session::load_project(context)?;
    let path = lock::lock_path(&project);
    // The lock must not be the claims file (`--claims p.lock`), a source, or a link out.
    Inputs::of(&project)
        .writing_lock()
        .check([&Destination::File(path.clone())])?;
    let session = Session::open(project, context)?;
    let state = lock::build(&session.project, &session.corpus);
    lock::write(&path, &state)?;
    let citations: usize = session
        .project
        .claims
        .iter()
        .map(|c| c.citations.len())
        .sum();
    display::eprint_line(&format!(
        "wrote {}: {} sources, {} of {} citations anchored (quotes that do not hold are not)",
        Shown(path.display()),
        state.sources.len(),
        state.anchors.len(),
        citations
    ));
    Ok(Exit::Ok)
}

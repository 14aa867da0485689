//! `factcheck cite`: citations proposed for claims without any (or for one claim), printed as
//! `[[claims.citations]]` or written into claims.toml.

use crate::cite::{self, Proposal};
use crate::cli::CiteArgs;
use crate::cmd::Context;
use crate::error::InputError;
use crate::exit::Exit;
use crate::output;
use crate::project::Project;
use crate::session::Session;

pub fn execute(context: &Context, args: &CiteArgs) -> Result<Exit, InputError> {
    let project = Session::load_project(context)?;
    if args.write {
        // A read-only claims file is left alone, and says so before the work.
        output::check_destination(&project.path)?;
    }
    let session = Session::open(project, context.progress)?;
    let project = &session.project;
    let claim = args.claim.as_deref();
    let index = session.build_index();
    let proposals = cite::propose(project, &session.corpus, &index, claim)?;
    context.progress.finish();
    for target in cite::targets(project, claim)? {
        if !proposals.iter().any(|p| p.claim == target.id) {
            eprintln!(
                "claim \"{}\": no supporting passage found, nothing to propose",
                target.id
            );
        }
    }
    if !args.write {
        output::print(cite::render_toml(&proposals).as_bytes())?;
    } else if !proposals.is_empty() {
        write_into_claims(project, &proposals)?;
    }
    Ok(Exit::Ok)
}

/// Inserts the proposals into the claims file, keeping everything else as it is.
fn write_into_claims(project: &Project, proposals: &[Proposal]) -> Result<(), InputError> {
    let text = std::fs::read_to_string(&project.path)
        .map_err(|e| InputError::io("read the claims file", &project.path, &e))?;
    let updated = cite::write_into(&text, proposals)?;
    output::write_atomic(&project.path, updated.as_bytes())?;
    eprintln!(
        "added {} citation{} to {}",
        proposals.len(),
        if proposals.len() == 1 { "" } else { "s" },
        project.path.display()
    );
    Ok(())
}

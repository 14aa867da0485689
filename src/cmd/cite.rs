//! `factcheck cite`: citations proposed for claims without any (or for one claim), printed as
//! `[[claims.citations]]` or written into claims.toml.

use crate::cite::{self, Proposal};
use crate::cli::CiteArgs;
use crate::cmd::Context;
use crate::error::{InputError, Location};
use crate::exit::Exit;
use crate::input::{self, Kind, ReadError};
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

/// Inserts the proposals into the claims file, keeping everything else as it is. The file is
/// read again, and must be the one the proposals were made from (same size, modification time
/// and sha256) both then and just before the rename: an editor saving it meanwhile would
/// otherwise lose its edit, or a half-saved file would be written back.
fn write_into_claims(project: &Project, proposals: &[Proposal]) -> Result<(), InputError> {
    let path = &project.path;
    let changed = || {
        InputError::new(format!(
            "{} changed while factcheck was working; nothing was written",
            path.display()
        ))
        .at(Location::file(path))
        .help("run it again (another program saved the file meanwhile)")
    };
    let input = match input::read(path, Kind::Claims, project.allow_outside) {
        Ok(input) => input,
        Err(ReadError::Missing(_)) => return Err(changed()),
        Err(ReadError::Failed(e)) => return Err(e),
    };
    if project.read_as.as_ref() != Some(&input.fingerprint) {
        return Err(changed());
    }
    let text = String::from_utf8(input.bytes).map_err(|_| changed())?;
    let updated = cite::write_into(&text, proposals)?;
    output::replace_if_unchanged(path, updated.as_bytes(), &input.fingerprint, changed)?;
    eprintln!(
        "added {} citation{} to {}",
        proposals.len(),
        if proposals.len() == 1 { "" } else { "s" },
        project.path.display()
    );
    Ok(())
}

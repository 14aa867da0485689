//! `factcheck init`: a starter claims.toml for a folder of articles.

use crate::cli::InitArgs;
use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::InputError;
use crate::exit::Exit;

pub fn execute(context: &Context, args: &InitArgs) -> Result<Exit, InputError> {
    let path = crate::init::init(context.claims, &args.sources)?;
    display::eprint_line(&format!(
        "wrote {}; next: edit the example claim, then run `factcheck check`",
        Shown(path.display())
    ));
    Ok(Exit::Ok)
}

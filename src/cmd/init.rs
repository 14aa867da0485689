//! `factcheck init`: a starter claims.toml for a folder of articles.

use crate::cli::InitArgs;
use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::InputError;
use crate::exit::Exit;

pub fn execute(context: &Context, args: &InitArgs) -> Result<Exit, InputError> {
    let sources = match &args.sources {
        Some(dir) => dir.clone(),
        None => {
            let found = crate::init::find_sources(std::path::Path::new("."))?;
            if found != std::path::Path::new(crate::project::DEFAULT_SOURCES_DIR) {
                display::eprint_line(&format!(
                    "no seeds/ here; using {}, the one folder of articles found",
                    Shown(found.display())
                ));
            }
            found
        }
    };
    let path = crate::init::init(context.claims, &sources)?;
    display::eprint_line(&format!(
        "wrote {}; next: edit the example claim, then run `factcheck check`",
        Shown(path.display())
    ));
    Ok(Exit::Ok)
}

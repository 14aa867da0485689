//! `factcheck search`: the passages that best match any text, as `source:line  passage`.

use crate::analysis;
use crate::cli::SearchArgs;
use crate::cmd::Context;
use crate::corpus::Corpus;
use crate::error::InputError;
use crate::exit::Exit;
use crate::output;
use crate::retrieve::{Hit, Retriever};
use crate::session::Session;

pub fn execute(context: &Context, args: &SearchArgs) -> Result<Exit, InputError> {
    let session = Session::load(context)?;
    let hits = session.build_index().search(&args.text, args.top);
    context.progress.finish();
    let listing = listing(&session.corpus, &hits);
    if hits.is_empty() {
        eprintln!("no passage matches {:?}", args.text);
    } else if !analysis::has_support(&hits) {
        eprintln!(
            "no supporting passage found: these candidates share only a few words with the text"
        );
    }
    output::print(listing.as_bytes())?;
    Ok(Exit::Ok)
}

/// One line per passage, best first.
fn listing(corpus: &Corpus, hits: &[Hit]) -> String {
    let mut out = String::new();
    for hit in hits {
        let m = analysis::to_match(corpus, hit);
        out.push_str(&format!("{}:{}  {}\n", m.source, m.line, m.text));
    }
    out
}

//! `factcheck search`: the passages that best match any text, as `source:line  passage`, the
//! source id and the passage escaped for the terminal ([`crate::display`]).

use crate::analysis;
use crate::cli::SearchArgs;
use crate::cmd::Context;
use crate::corpus::Corpus;
use crate::display::{self, escape};
use crate::error::InputError;
use crate::exit::Exit;
use crate::output;
use crate::retrieve::Hit;
use crate::session::{Searches, Session};

pub fn execute(context: &Context, args: &SearchArgs) -> Result<Exit, InputError> {
    let mut session = Session::load(context)?;
    let searches = Searches {
        queries: vec![args.text.as_str()],
        depth: args.top,
        quotes: false,
    };
    let hits = session.with_retriever(searches, |_, r| r.search(&args.text, args.top))?;
    context.progress.finish();
    let listing = listing(&session.corpus, &hits);
    if hits.is_empty() {
        display::eprint_line(&format!(
            "no passage matches {}",
            escape(&format!("{:?}", args.text))
        ));
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
        let (source, text) = (escape(&m.source), escape(&m.text));
        out.push_str(&format!("{source}:{}  {text}\n", m.line));
    }
    display::guard(&out).into_owned()
}

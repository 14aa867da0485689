//! `factcheck cite`: citations proposed for claims without any (or for one claim), printed as
//! `[[claims.citations]]` or written into claims.toml.

use crate::cite::{self, Proposal};
use crate::cli::CiteArgs;
use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::{InputError, Location};
use crate::exit::Exit;
use crate::input::{self, Kind, ReadError};
use crate::output;
use crate::project::Project;
use crate::session::{Searches, Session};

pub fn execute(context: &Context, args: &CiteArgs) -> Result<Exit, InputError> {
    let project = Session::load_project(context)?;
    if args.write {
        // A read-only claims file is left alone, and says so before the work.
        output::check_destination(&project.path)?;
    }
    let mut session = Session::open(project, context)?;
    let claim = args.claim.as_deref();
    let texts: Vec<String> = cite::targets(&session.project, claim)?
        .iter()
        .map(|c| c.text.clone())
        .collect();
    let searches = Searches {
        queries: texts.iter().map(String::as_str).collect(),
        depth: cite::SEARCH_DEPTH,
        quotes: false,
    };
    let proposals = session.with_retriever(searches, |session, index| {
        cite::propose(&session.project, &session.corpus, index, claim)
    })??;
    let project = &session.project;
    context.progress.finish();
    let targets = cite::targets(project, claim)?;
    if targets.is_empty() {
        display::eprint_line(
            "every claim has citations: nothing to propose (name one with --claim ID to propose more)",
        );
    }
    for target in targets {
        if !proposals.iter().any(|p| p.claim == target.id) {
            display::eprint_line(&format!(
                "claim \"{}\": no passage of an uncited source is relevant enough (coverage {:.2} or more), nothing to propose",
                Shown(&target.id),
                cite::MIN_PROPOSAL_COVERAGE
            ));
        }
    }
    if !args.write {
        output::print(printable(cite::render_toml(&proposals)).as_bytes())?;
    } else if !proposals.is_empty() {
        write_into_claims(project, &proposals)?;
    }
    Ok(Exit::Ok)
}

/// The proposals' TOML as printed on a terminal: each value that holds a character the
/// terminal must not get raw (a control, a bidirectional control, a line break) or `##[` is
/// written as a one-line basic string with TOML escapes ([`display::toml_string`]), so that
/// the text stays valid TOML that holds the same values, and shows nothing from the sources
/// raw. Any other value keeps the form `toml_edit` gave it.
fn printable(toml: String) -> String {
    let Ok(mut doc) = toml.parse::<toml_edit::DocumentMut>() else {
        return toml;
    };
    let mut changed = false;
    let tables = doc
        .get_mut("claims")
        .and_then(|claims| claims.get_mut("citations"))
        .and_then(toml_edit::Item::as_array_of_tables_mut);
    for table in tables.into_iter().flat_map(|t| t.iter_mut()) {
        for (_, item) in table.iter_mut() {
            let Some(value) = item.as_value_mut() else {
                continue;
            };
            let Some(text) = value.as_str().filter(|t| display::toml_needs_escape(t)) else {
                continue;
            };
            let Ok(mut escaped) = display::toml_string(text).parse::<toml_edit::Value>() else {
                continue;
            };
            *escaped.decor_mut() = value.decor().clone();
            *value = escaped;
            changed = true;
        }
    }
    if changed {
        doc.to_string()
    } else {
        toml
    }
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
    display::eprint_line(&format!(
        "added {} citation{} to {}",
        proposals.len(),
        if proposals.len() == 1 { "" } else { "s" },
        Shown(project.path.display())
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn printed_toml_escapes_what_a_terminal_must_not_get_and_keeps_the_values() {
        let mut doc = toml_edit::DocumentMut::new();
        let mut t = toml_edit::Table::new();
        let quote = "line\n::error file=x.yml,line=1::FORGED ##[error] \u{1b}[31m \u{202e}";
        t.insert("source", toml_edit::value("a"));
        t.insert("quote", toml_edit::value(quote));
        let mut citations = toml_edit::ArrayOfTables::new();
        citations.push(t);
        let mut claims = toml_edit::Table::new();
        claims.set_implicit(true);
        claims.insert("citations", toml_edit::Item::ArrayOfTables(citations));
        doc.insert("claims", toml_edit::Item::Table(claims));
        let raw = doc.to_string();
        let shown = printable(raw.clone());
        assert_eq!(
            shown,
            "[[claims.citations]]\nsource = \"a\"\nquote = \"line\\n::error file=x.yml,line=1::FORGED ##\\u005Berror] \\u001B[31m \\u202E\"\n"
        );
        let read: toml::Table = toml::from_str(&shown).unwrap();
        assert_eq!(
            read["claims"]["citations"][0]["quote"].as_str(),
            Some(quote)
        );
        // Plain values keep their form, byte for byte.
        let plain = "[[claims.citations]]\nsource = \"a\"\nquote = 'He said \"no\"'\n";
        assert_eq!(printable(plain.to_string()), plain);
    }
}

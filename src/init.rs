//! `factcheck init`: a starter claims file for a folder of articles.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::corpus::{Corpus, Role};
use crate::error::{InputError, Location, Result};
use crate::project::Project;

/// Write a starter claims file at `claims_path` for the articles in `sources` (a path from the
/// current folder): every source declared with the title found in it, and one example claim
/// whose citation `check` verifies. An existing file is never overwritten.
pub(crate) fn init(claims_path: &Path, sources: &Path) -> Result<PathBuf> {
    if claims_path.exists() {
        return Err(InputError::new(format!(
            "{} already exists; init never overwrites it",
            claims_path.display()
        ))
        .at(Location::file(claims_path))
        .help("edit the existing file, or pass --claims NEW.toml to start another"));
    }
    if !sources.is_dir() {
        return Err(InputError::new(format!(
            "{} is not a folder of articles",
            sources.display()
        ))
        .help("give the folder that holds the .txt/.md/.html articles: factcheck init SOURCES_DIR"));
    }
    let root = match claims_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let relative = relative_to(sources, &root);
    let title = sources
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Fact-check".into());
    let probe = format!(
        "[project]\ntitle = {}\nsources = {}\n",
        quoted(&title),
        quoted(&relative)
    );
    let project = Project::parse(claims_path, root, probe)?;
    let corpus = Corpus::load(&project)?;
    let text = starter(&title, &relative, &corpus);
    // The starter must be a file `check` reads; refuse to write anything else.
    Project::parse(claims_path, project.root.clone(), text.clone())?;
    crate::output::write_atomic(claims_path, text.as_bytes())?;
    Ok(claims_path.to_path_buf())
}

/// The folder of articles `init` uses when none is named, in `base`: `seeds` if there is one,
/// else the one folder below `base` that holds articles (in it, or in its folders, as
/// `bbc-news/politics/001.txt`). None, or several, is an error that says how to name one.
pub(crate) fn find_sources(base: &Path) -> Result<PathBuf> {
    let seeds = Path::new(crate::project::DEFAULT_SOURCES_DIR);
    if base.join(seeds).is_dir() {
        return Ok(seeds.to_path_buf());
    }
    let mut found: Vec<String> = std::fs::read_dir(base)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| !name.starts_with('.') && name != "target")
                .filter(|name| holds_articles(&base.join(name), 2))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let here_too = holds_articles(base, 0);
    match found.as_slice() {
        [one] => Ok(PathBuf::from(one)),
        [] if here_too => Err(InputError::new(
            "no seeds/ here, and the articles are in this folder itself",
        )
        .help("run `factcheck init .`, or move the articles into seeds/")),
        [] => Err(InputError::new(
            "no folder of articles here: no seeds/, and no folder holding .txt, .md or .html files",
        )
        .help("put the articles into seeds/, or name their folder: factcheck init SOURCES_DIR")),
        several => Err(InputError::new(format!(
            "no seeds/ here, and {} folders hold articles: {}",
            several.len(),
            crate::error::quoted_list(&several.iter().map(String::as_str).collect::<Vec<_>>())
        ))
        .help(format!(
            "name the one to use: factcheck init {}",
            several[0]
        ))),
    }
}

/// Whether `dir` holds an article, directly or up to `depth` folders down.
fn holds_articles(dir: &Path, depth: usize) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut folders = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_file() && crate::corpus::is_source_name(&name) {
            return true;
        }
        if kind.is_dir() && depth > 0 && !name.starts_with('.') {
            folders.push(entry.path());
        }
    }
    folders.iter().any(|f| holds_articles(f, depth - 1))
}

fn starter(title: &str, sources: &str, corpus: &Corpus) -> String {
    let mut out = String::new();
    out.push_str("# Claims checked by factcheck (README.md, \"The claims file\").\n");
    out.push_str(
        "# Verdicts: supported | partly-supported | disputed | unsupported | unverified\n\n",
    );
    out.push_str(&format!(
        "[project]\ntitle = {}\nsources = {}\n",
        quoted(title),
        quoted(sources)
    ));
    let mut used = BTreeSet::new();
    let mut ids = Vec::new();
    for source in &corpus.sources {
        let id = unique(safe_id(&source.id), &mut used);
        out.push_str(&format!(
            "\n[sources.{}]\nfile = {}\ntitle = {}\n# publisher = \"...\"\n# url = \"https://...\"\n# published = 2025-01-31\n",
            id,
            quoted(&source.file),
            quoted(&source.title)
        ));
        ids.push(id);
    }
    let example = corpus.sources.iter().zip(&ids).find_map(|(source, id)| {
        source
            .passages
            .iter()
            .find(|p| source.role_of(p) == Role::Body)
            .map(|p| (id, source.passage_text(p)))
    });
    out.push_str(
        "\n# An example: replace it with your own claims, each with the quotes that back it.\n",
    );
    out.push_str("[[claims]]\nid = \"example-claim\"\n");
    out.push_str("text = \"Write the claim here, in your own words.\"\nverdict = \"unverified\"\n");
    match example {
        Some((id, quote)) => out.push_str(&format!(
            "\n[[claims.citations]]\nsource = {}\nquote = {}\n",
            quoted(id),
            quoted(quote)
        )),
        None => out.push_str("# No article text was found to quote.\n"),
    }
    out
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Derived ids come from file names; declared ids must be lowercase `[a-z0-9._/-]`.
fn safe_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "source".into()
    } else {
        out
    }
}

fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

/// `target` as a '/'-separated path relative to `base` (both relative to the current folder).
pub(crate) fn relative_to(target: &Path, base: &Path) -> String {
    let (Ok(t), Ok(b)) = (target.canonicalize(), base.canonicalize()) else {
        return target.to_string_lossy().replace('\\', "/");
    };
    let t: Vec<Component> = t.components().collect();
    let b: Vec<Component> = b.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_safe_and_unique() {
        assert_eq!(safe_id("Business/Report 2024"), "business/report-2024");
        assert_eq!(safe_id("***"), "source");
        let mut used = BTreeSet::new();
        assert_eq!(unique("a".into(), &mut used), "a");
        assert_eq!(unique("a".into(), &mut used), "a-2");
    }

    #[test]
    fn writes_a_starter_that_checks_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("Articles");
        std::fs::create_dir(&articles).unwrap();
        std::fs::write(
            articles.join("One Story.txt"),
            "A \"quoted\" headline\n\nThe council approved the budget on Monday.\n",
        )
        .unwrap();
        let claims = dir.path().join("claims.toml");
        init(&claims, &articles).unwrap();
        let project = Project::load(&claims).unwrap();
        assert_eq!(project.sources_dir, "Articles");
        assert_eq!(project.declared_sources[0].id, "one-story");
        assert_eq!(
            project.declared_sources[0].title.as_deref(),
            Some("A \"quoted\" headline")
        );
        let corpus = Corpus::load(&project).unwrap();
        let analysis = crate::analysis::Analysis::run(&project, &corpus, None, 0);
        assert!(analysis.claims[0].citations[0].status.holds());
        let err = init(&claims, &articles).unwrap_err();
        assert!(err.message.contains("already exists"));
    }
}

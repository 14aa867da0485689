//! A run's project and sources, loaded once and shared by the steps of a command; the search
//! index is built only by the commands that rank passages (report, search, cite).
//!
//! Against an archive (`--database`, `crate::archive`) the corpus lists every source of the
//! archive but holds the text of only those a run needs: the cited sources when it opens,
//! then, before an analysis, those its searches find. The searches are made first, then
//! their sources read, then the analysis gets the same answers again (`archive::Replay`):
//! one pass, with no source read that is not shown.

use crate::analysis::Analysis;
use crate::archive::{self, Archive, ArchiveRetriever, Listing, Replay};
use crate::cmd::Context;
use crate::corpus::Corpus;
use crate::display;
use crate::error::InputError;
use crate::progress::Progress;
use crate::project::Project;
use crate::quote::{Verifier, SCAN_ALL_SOURCES};
use crate::retrieve::{MemoryIndex, Reranked, Reranker, Retriever, RERANK_POOL};

pub(crate) struct Session<'a> {
    pub project: Project,
    pub corpus: Corpus,
    progress: &'a Progress,
    /// `--reranker`'s encoder, read before the sources so that a wrong folder fails fast.
    reranker: Option<Reranker>,
    /// The archive the sources come from, when there is one.
    archive: Option<Box<Backend>>,
}

struct Backend {
    archive: Archive,
    listing: Listing,
}

/// The searches a command will make: what the archive is asked before the analysis.
pub(crate) struct Searches<'q> {
    /// Texts searched (claims, or `search`'s text).
    pub(crate) queries: Vec<&'q str>,
    /// How many passages each asks for.
    pub(crate) depth: usize,
    /// Whether quotes not found where they are cited are looked for in other sources.
    pub(crate) quotes: bool,
}

impl<'a> Session<'a> {
    /// The claims file and every source it names.
    pub(crate) fn load(context: &Context<'a>) -> Result<Session<'a>, InputError> {
        Session::open(Session::load_project(context)?, context)
    }

    /// The claims file alone, for a command that settles something from it (where its
    /// reports go) before it reads the sources.
    pub(crate) fn load_project(context: &Context) -> Result<Project, InputError> {
        let mut project = Project::open(context.claims, context.allow_outside)?;
        project.max_source_size = context.max_source_size;
        Ok(project)
    }

    /// Reads the sources of `project` (or, against an archive, lists them and reads the
    /// cited ones), and the reranker's model if there is one.
    pub(crate) fn open(project: Project, context: &Context<'a>) -> Result<Session<'a>, InputError> {
        let progress = context.progress;
        let reranker = match context.reranker {
            Some(dir) => {
                progress.stage("reading the reranker", None);
                Some(Reranker::load(dir).map_err(|e| {
                    InputError::new(format!("cannot use the reranker: {e}")).help(
                        "pass --reranker the folder of all-MiniLM-L6-v2 (README, \"Reranking\", says where to get it), or leave it out",
                    )
                })?)
            }
            None => None,
        };
        let (corpus, backend) = match archive::database_url(context.database, &project)? {
            None => {
                progress.stage("reading sources", None);
                (Corpus::load(&project)?, None)
            }
            Some(url) => {
                progress.stage("opening the archive", None);
                let archive = Archive::connect(&url, rayon::current_num_threads().min(4))?;
                archive::require_current(&archive)?;
                let (listing, mut corpus) = Listing::open(&archive, &project)?;
                progress.stage("reading cited sources", None);
                let n = corpus.sources.len();
                let wanted: Vec<usize> = if n <= SCAN_ALL_SOURCES {
                    // Few enough that a quote cited to the wrong source is looked for in all.
                    (0..n).collect()
                } else {
                    project
                        .claims
                        .iter()
                        .flat_map(|c| &c.citations)
                        .filter_map(|c| corpus.source_index(&c.source))
                        .collect()
                };
                let read = listing.read(&archive, &project, &mut corpus, wanted)?;
                let changed = warn_changed(&corpus, &read.changed);
                corpus.warnings.extend(changed);
                (corpus, Some(Box::new(Backend { archive, listing })))
            }
        };
        // What is odd but not wrong (a declared id that mixes scripts, a file skipped for its
        // name), once, escaped like every message.
        for warning in project.warnings.iter().chain(&corpus.warnings) {
            progress.suspend(|| display::eprint_line(&format!("warning: {warning}")));
        }
        Ok(Session {
            project,
            corpus,
            progress,
            reranker,
            archive: backend,
        })
    }

    /// `f` with the retriever over every passage (the index, re-ordered by the reranker when
    /// there is one), built on each call, which a command makes once. Against an archive,
    /// `searches` are made first and the sources they find read before `f` runs.
    pub(crate) fn with_retriever<T>(
        &mut self,
        searches: Searches,
        f: impl FnOnce(&Session<'a>, &dyn Retriever) -> T,
    ) -> Result<T, InputError> {
        let Some(backend) = self.archive.take() else {
            let index = MemoryIndex::build(&self.corpus);
            return Ok(match &self.reranker {
                Some(reranker) => f(self, &Reranked::new(&index, &self.corpus, reranker)),
                None => f(self, &index),
            });
        };
        let result = (|| {
            let live = ArchiveRetriever::new(&backend.archive, &backend.listing);
            let replay = Replay::new(&live);
            self.search_first(&backend, &replay, searches)?;
            Ok(match &self.reranker {
                Some(reranker) => f(self, &Reranked::new(&replay, &self.corpus, reranker)),
                None => f(self, &replay),
            })
        })();
        self.archive = Some(backend);
        result
    }

    /// Make `searches` against the archive, then read the sources they find.
    fn search_first(
        &mut self,
        backend: &Backend,
        replay: &Replay,
        searches: Searches,
    ) -> Result<(), InputError> {
        self.progress.stage("searching the archive", None);
        // The reranker asks for its pool; a deeper answer serves every shallower search.
        let pool = if self.reranker.is_some() {
            RERANK_POOL
        } else {
            0
        };
        if searches.quotes && self.corpus.sources.len() > SCAN_ALL_SOURCES {
            use rayon::prelude::*;
            let verifier = Verifier::new(&self.corpus, Some(replay));
            let quoted: Vec<(&str, &str)> = self
                .project
                .claims
                .iter()
                .flat_map(|claim| &claim.citations)
                .filter_map(|c| Some((c.quote.as_deref()?, c.source.as_str())))
                .collect();
            // Records the search for each quote not found where it is cited.
            quoted.par_iter().for_each(|(quote, source)| {
                let _ = verifier.verify(quote, source);
            });
        }
        let depth = searches.depth.max(pool);
        {
            use rayon::prelude::*;
            searches.queries.par_iter().for_each(|query| {
                replay.search(query, depth);
            });
        }
        if let Some(e) = replay.failure() {
            return Err(e);
        }
        self.progress.stage("reading the sources found", None);
        let found = replay.sources();
        let read = backend.listing.read(
            &backend.archive,
            &self.project,
            &mut self.corpus,
            found.iter().map(|&i| i as usize),
        )?;
        let mut readable: Vec<bool> = self
            .corpus
            .sources
            .iter()
            .map(|s| s.unread.is_none())
            .collect();
        for &i in &read.changed {
            readable[i as usize] = false;
        }
        for w in warn_changed(&self.corpus, &read.changed) {
            self.progress
                .suspend(|| display::eprint_line(&format!("warning: {w}")));
        }
        replay.freeze(readable);
        Ok(())
    }

    /// Every claim's citations verified, and nothing ranked: what `check` needs, without an
    /// index.
    pub(crate) fn verify_citations(&mut self) -> Result<Analysis, InputError> {
        if self.archive.is_none() {
            return Ok(self.analyse(None, None, 0));
        }
        let searches = Searches {
            queries: Vec::new(),
            depth: 0,
            quotes: true,
        };
        self.with_retriever(searches, |session, r| session.analyse(None, Some(r), 0))
    }

    /// The whole analysis, with the `top` passages of each claim: what the reports show.
    pub(crate) fn analyse_with_passages(&mut self, top: usize) -> Result<Analysis, InputError> {
        self.progress.stage("indexing", None);
        let texts: Vec<String> = self.project.claims.iter().map(|c| c.text.clone()).collect();
        let searches = Searches {
            queries: texts.iter().map(String::as_str).collect(),
            depth: top.max(crate::analysis::WORDING_DEPTH),
            quotes: true,
        };
        self.with_retriever(searches, |session, r| session.analyse(Some(r), None, top))
    }

    fn analyse(
        &self,
        retriever: Option<&dyn Retriever>,
        quotes: Option<&dyn Retriever>,
        top: usize,
    ) -> Analysis {
        let claims = self.project.claims.len() as u64;
        self.progress.stage("analysing claims", Some(claims));
        Analysis::run_with_progress(&self.project, &self.corpus, retriever, quotes, top, &|| {
            self.progress.tick()
        })
    }
}

/// A warning for the sources whose file changed since the archive indexed it.
fn warn_changed(corpus: &Corpus, changed: &[u32]) -> Vec<InputError> {
    if changed.is_empty() {
        return Vec::new();
    }
    let first = &corpus.sources[changed[0] as usize];
    let more = match changed.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    vec![InputError::new(format!(
        "{}{more} changed since the archive indexed it: quotes are checked against the file, but its passages are not searched",
        first.path.display()
    ))
    .help("index the sources again: factcheck index")]
}

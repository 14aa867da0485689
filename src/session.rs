//! A run's project and sources, loaded once and shared by the steps of a command; the search
//! index is built only by the commands that rank passages (report, search, cite).

use crate::analysis::Analysis;
use crate::cmd::Context;
use crate::corpus::Corpus;
use crate::display;
use crate::error::InputError;
use crate::progress::Progress;
use crate::project::Project;
use crate::retrieve::{MemoryIndex, Reranked, Reranker, Retriever};

pub(crate) struct Session<'a> {
    pub project: Project,
    pub corpus: Corpus,
    progress: &'a Progress,
    /// `--reranker`'s encoder, read before the sources so that a wrong folder fails fast.
    reranker: Option<Reranker>,
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

    /// Reads the sources of `project`, and the reranker's model if there is one.
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
        progress.stage("reading sources", None);
        let corpus = Corpus::load(&project)?;
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
        })
    }

    /// The search index over every passage: built on each call, which a command makes once.
    fn build_index(&self) -> MemoryIndex<'_> {
        MemoryIndex::build(&self.corpus)
    }

    /// `f` with the retriever over every passage (the index, re-ordered by the reranker when
    /// there is one): built on each call, which a command makes once.
    pub(crate) fn with_retriever<T>(&self, f: impl FnOnce(&dyn Retriever) -> T) -> T {
        let index = self.build_index();
        match &self.reranker {
            Some(reranker) => f(&Reranked::new(&index, &self.corpus, reranker)),
            None => f(&index),
        }
    }

    /// Every claim's citations verified, and nothing ranked: what `check` needs, without an
    /// index.
    pub(crate) fn verify_citations(&self) -> Analysis {
        self.analyse(None, 0)
    }

    /// The whole analysis, with the `top` passages of each claim: what the reports show.
    pub(crate) fn analyse_with_passages(&self, top: usize) -> Analysis {
        self.progress.stage("indexing", None);
        self.with_retriever(|retriever| self.analyse(Some(retriever), top))
    }

    fn analyse(&self, retriever: Option<&dyn Retriever>, top: usize) -> Analysis {
        let claims = self.project.claims.len() as u64;
        self.progress.stage("analysing claims", Some(claims));
        Analysis::run_with_progress(&self.project, &self.corpus, retriever, top, &|| {
            self.progress.tick()
        })
    }
}

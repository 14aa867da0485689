//! A run's project and sources, loaded once and shared by the steps of a command; the search
//! index is built only by the commands that rank passages (report, search, cite).

use crate::analysis::Analysis;
use crate::cmd::Context;
use crate::corpus::Corpus;
use crate::display;
use crate::error::InputError;
use crate::progress::Progress;
use crate::project::Project;
use crate::retrieve::{MemoryIndex, Retriever};

pub(crate) struct Session<'a> {
    pub project: Project,
    pub corpus: Corpus,
    progress: &'a Progress,
}

impl<'a> Session<'a> {
    /// The claims file and every source it names.
    pub(crate) fn load(context: &Context<'a>) -> Result<Session<'a>, InputError> {
        Session::open(Session::load_project(context)?, context.progress)
    }

    /// The claims file alone, for a command that settles something from it (where its
    /// reports go) before it reads the sources.
    pub(crate) fn load_project(context: &Context) -> Result<Project, InputError> {
        let mut project = Project::open(context.claims, context.allow_outside)?;
        project.max_source_size = context.max_source_size;
        Ok(project)
    }

    /// Reads the sources of `project`.
    pub(crate) fn open(
        project: Project,
        progress: &'a Progress,
    ) -> Result<Session<'a>, InputError> {
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
        })
    }

    /// The search index over every passage: built on each call, which a command makes once.
    pub(crate) fn build_index(&self) -> MemoryIndex<'_> {
        MemoryIndex::build(&self.corpus)
    }

    /// Every claim's citations verified, and nothing ranked: what `check` needs, without an
    /// index.
    pub(crate) fn verify_citations(&self) -> Analysis {
        self.analyse(None, 0)
    }

    /// The whole analysis, with the `top` passages of each claim: what the reports show.
    pub(crate) fn analyse_with_passages(&self, top: usize) -> Analysis {
        self.progress.stage("indexing", None);
        let index = self.build_index();
        self.analyse(Some(&index), top)
    }

    fn analyse(&self, retriever: Option<&dyn Retriever>, top: usize) -> Analysis {
        let claims = self.project.claims.len() as u64;
        self.progress.stage("analysing claims", Some(claims));
        Analysis::run_with_progress(&self.project, &self.corpus, retriever, top, &|| {
            self.progress.tick()
        })
    }
}

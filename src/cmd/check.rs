//! `factcheck check`: every citation verified, the findings in the formats people and CI read.

use crate::attention::{self, Attention};
use crate::check::format::{CheckFormat, CiOptions, FormatContext};
use crate::check::{self, CheckOptions, CheckReport};
use crate::cli::{CheckArgs, Style};
use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::InputError;
use crate::exit::Exit;
use crate::filter::ClaimFilter;
use crate::input;
use crate::lock::{self, Drift};
use crate::output::{self, Destination};
use crate::project::Project;
use crate::session::Session;

pub fn execute(context: &Context, args: &CheckArgs) -> Result<Exit, InputError> {
    let plan = plan(args);
    let project = Session::load_project(context)?;
    let filter = ClaimFilter::new(&args.filter);
    filter.validate(&project)?;
    // Before any source is read: no output may be an input, or given twice.
    output::Inputs::of(&project).check(plan.iter().map(|(_, d)| d))?;
    let mut session = Session::open(project, context)?;
    let drift = drift(&session, args.locked)?;
    // The summary's list has the discrepancies between sources and the claims no passage
    // supports, which only a search of the sources finds: only then is the index built.
    let wants_summary = plan.iter().any(|(f, _)| *f == CheckFormat::Summary);
    let analysis = if wants_summary {
        session.analyse_with_passages(0)?
    } else {
        session.verify_citations()?
    };
    let options = CheckOptions {
        min_sources: args.min_sources,
        deny_warnings: args.deny.is_some(),
        locked: args.locked,
    };
    // Every claim is checked, so that the lock is read against the whole file; the filter
    // then keeps its claims' findings.
    let report = check::check(
        &session.project,
        &session.corpus,
        &analysis,
        drift.as_ref(),
        options,
    );
    let report = filter.apply_to_check(&session.project, report);
    let needs_attention = if wants_summary {
        let mut list = attention::needs_attention(&analysis, &report);
        if !filter.is_empty() {
            list.retain(|a| {
                a.claim
                    .as_ref()
                    .is_some_and(|id| report.claims.iter().any(|c| &c.id == id))
            });
        }
        list
    } else {
        Vec::new()
    };
    context.progress.finish();
    let ci = CiOptions {
        path_prefix: args.path_prefix.clone().unwrap_or_default(),
        junit_file_attr: args.junit_file_attr,
    };
    let rendered = render(
        plan,
        &report,
        &session.project,
        &needs_attention,
        (context.style, args.quiet),
        &ci,
    );
    output::check_destinations(rendered.iter().map(|(d, _)| d))?;
    output::write_all(&rendered)?;
    // With the findings in a file, a failing run still says so where a person looks.
    if let (Some(out), false) = (&args.out, args.quiet) {
        if report.exit_code() != Exit::Ok {
            display::eprint_line(&format!(
                "{}; the findings are in {}",
                crate::check::human::summary(&report),
                Shown(out.display())
            ));
        }
    }
    Ok(report.exit_code())
}

/// Every planned format rendered: findings cannot fail to render, but they are all rendered
/// before the first file is written all the same.
fn render(
    plan: Vec<(CheckFormat, Destination)>,
    report: &CheckReport,
    project: &Project,
    needs_attention: &[Attention],
    (style, quiet): (Style, bool),
    ci: &CiOptions,
) -> Vec<(Destination, String)> {
    plan.into_iter()
        .map(|(format, destination)| {
            let context = FormatContext {
                project,
                // Colour only on a terminal that a person reads.
                styled: destination == Destination::Stdout && style.stdout,
                needs_attention,
                quiet,
                ci,
            };
            (destination, format.formatter().format(report, &context))
        })
        .collect()
}

/// Where each format goes, in writing order: every `--output`, then `--format` to `-o FILE`
/// or standard output.
fn plan(args: &CheckArgs) -> Vec<(CheckFormat, Destination)> {
    let mut plan: Vec<(CheckFormat, Destination)> = args
        .outputs
        .iter()
        .map(|(format, path)| (*format, Destination::File(path.clone())))
        .collect();
    plan.push((args.format, Destination::file_or_stdout(args.out.clone())));
    plan
}

/// What changed since claims.lock. Without claims.lock nothing has changed, except under
/// `--locked`, which needs it.
fn drift(session: &Session, locked: bool) -> Result<Option<Drift>, InputError> {
    let lock_path = lock::lock_path(&session.project);
    match input::read_lock(&lock_path, session.project.allow_outside)? {
        Some(locked_state) => Ok(Some(lock::drift(
            &locked_state,
            &session.project,
            &session.corpus,
        ))),
        None if locked => Err(InputError::new(format!(
            "--locked needs {}, which does not exist",
            lock_path.display()
        ))
        .help("run `factcheck lock` and commit claims.lock")),
        None => Ok(None),
    }
}

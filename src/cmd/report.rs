//! `factcheck report`: the analysis in one or more formats, each to its file or standard
//! output.

use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::cli::ReportArgs;
use crate::cmd::Context;
use crate::display::{self, Shown};
use crate::error::InputError;
use crate::exit::Exit;
use crate::filter::ClaimFilter;
use crate::output::{self, Destination};
use crate::render::ReportFormat;
use crate::session::Session;

pub fn execute(context: &Context, args: &ReportArgs) -> Result<Exit, InputError> {
    // A SOURCE_DATE_EPOCH that is no date fails before any work.
    crate::analysis::report_date()?;
    let mut project = Session::load_project(context)?;
    // A report on the claims the filter selects: the sources, counts and appendix follow.
    let filter = ClaimFilter::new(&args.filter);
    filter.validate(&project)?;
    filter.apply_to_project(&mut project);
    // Settled from the claims file's folder before the sources are read, so that a wrong -o
    // fails at once rather than after analysing an archive.
    let plan = plan(args, &project.root)?;
    // No output may be an input, or given twice. The default reports replace themselves,
    // even where they lie among the sources (`sources = "."`).
    let defaults: Vec<PathBuf> = match (args.format, plan.as_slice()) {
        (
            None,
            [.., (ReportFormat::Pdf, Destination::File(pdf)), (ReportFormat::Md, Destination::File(md))],
        ) if args.out.is_some() || args.outputs.is_empty() => {
            vec![pdf.clone(), md.clone()]
        }
        _ => Vec::new(),
    };
    let mut inputs = output::Inputs::of(&project).own_outputs(&defaults);
    if let Some(template) = args.template.as_deref().filter(|t| t.is_file()) {
        inputs = inputs.and(template, "the template");
    }
    inputs.check(plan.iter().map(|(_, d)| d))?;
    let pdf = crate::render::pdf::PdfOptions {
        language: project.language.clone(),
        pdf_a: args.pdf_a,
    };
    let mut session = Session::open(project, context)?;
    let analysis = session.analyse_with_passages(args.top)?;
    context.progress.stage("rendering", None);
    // Render everything before writing anything: a failure leaves every old file whole.
    let mut rendered: Vec<(Destination, Vec<u8>)> = Vec::new();
    for (format, destination) in plan {
        rendered.push((destination, render(format, &analysis, args, &pdf)?));
    }
    context.progress.finish();
    output::check_destinations(rendered.iter().map(|(d, _)| d))?;
    // Every file's temporary first, then the renames: a full disk leaves all old or all new.
    output::write_all(&rendered)?;
    for (destination, _) in rendered.iter().filter(|_| !args.quiet) {
        if let Destination::File(path) = destination {
            display::eprint_line(&format!("wrote {}", Shown(path.display())));
        }
    }
    // The report is written whatever the citations say (`check` is the gate), but a
    // failing quote is not left for the reader of the PDF to find.
    let summary = &analysis.summary;
    let failing = summary.citations - summary.citations_holding;
    if failing > 0 && !args.quiet {
        display::eprint_line(&format!(
            "warning: {failing} of {} citations do not hold; `factcheck check` shows where and how to fix them",
            summary.citations
        ));
    }
    Ok(Exit::Ok)
}

/// Where `report` writes each format, in writing order: every `--output`, then `--format`
/// (or, without it, report.pdf and report.md into `-o DIR` or the project's folder).
fn plan(args: &ReportArgs, root: &Path) -> Result<Vec<(ReportFormat, Destination)>, InputError> {
    let stdout = Path::new("-");
    let out = args.out.as_deref();
    let mut plan: Vec<(ReportFormat, Destination)> = args
        .outputs
        .iter()
        .map(|(format, path)| (*format, Destination::File(path.clone())))
        .collect();
    match args.format {
        Some(ReportFormat::Pdf) => {
            let destination = match out {
                Some(p) if p == stdout => Destination::Stdout,
                Some(p) => Destination::File(p.to_path_buf()),
                None => Destination::File(root.join("report.pdf")),
            };
            plan.push((ReportFormat::Pdf, destination));
        }
        Some(format) => {
            let path = out.filter(|p| *p != stdout).map(Path::to_path_buf);
            plan.push((format, Destination::file_or_stdout(path)));
        }
        None if !args.outputs.is_empty() && out.is_none() => {}
        None => {
            let dir = out.unwrap_or(root);
            if !dir.is_dir() {
                return Err(InputError::new(format!(
                    "cannot write the reports into {}: it is not a folder",
                    dir.display()
                ))
                .help("create the folder first, or give --format with -o FILE for one report"));
            }
            plan.push((ReportFormat::Pdf, Destination::File(dir.join("report.pdf"))));
            plan.push((ReportFormat::Md, Destination::File(dir.join("report.md"))));
        }
    }
    Ok(plan)
}

/// One format's bytes; its warnings (the PDF's missing glyphs ...) go to standard error.
fn render(
    format: ReportFormat,
    analysis: &Analysis,
    args: &ReportArgs,
    pdf: &crate::render::pdf::PdfOptions,
) -> Result<Vec<u8>, InputError> {
    let rendered = format
        .renderer(args.template.as_deref(), pdf)
        .render(analysis)?;
    for warning in &rendered.warnings {
        display::eprint_line(&format!("warning: {}", Shown(warning)));
    }
    Ok(rendered.bytes)
}

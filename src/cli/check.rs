//! `factcheck check`: the fact check as a command, with the output contract of the format spec.

use std::time::Instant;

use clap::{Args, ValueEnum};

use super::session::{Checked, Selection, Session, SessionError};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
use crate::assertion::load::FileError;
use crate::corpus::CorpusError;
use crate::evidence::{ClaimReport, Outcome};
use crate::report::style::{Paint, Style};
use crate::report::{NextSteps, Runner, Summary, github, human, json, junit, markdown};

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Output: human (what `cargo test` prints), json (JSON Lines), github (human plus Actions annotations, and a
    /// summary appended to $GITHUB_STEP_SUMMARY when it is set), junit (JUnit XML), markdown (a summary for a
    /// pull-request comment).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Threads to check claims on (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Search every source for each item that names none, instead of through the corpus index (the same
    /// results, slower on a large corpus; for measuring the index).
    #[arg(long)]
    pub no_index: bool,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
    Markdown,
}

/// Runs the check; returns the exit status.
pub fn run(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let style = match args.format {
        Format::Human | Format::Github => args.color.stdout_style(),
        Format::Json | Format::Junit | Format::Markdown => Style::PLAIN,
    };
    let paths = args.roots.paths();

    let session = match Session::load(&args.roots) {
        Ok(session) => session,
        Err(SessionError::Corpus(error)) => return corpus_error(args, &error),
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let Checked { broken, reports, .. } = session.check(&args.selection, args.jobs, !args.no_index);

    let mut summary = Summary::default();
    for report in &reports {
        summary.add(report);
    }
    summary.errors = broken.iter().map(|(_, error)| error.diagnostics.len()).sum();
    match args.format {
        Format::Json => print_json(&reports, &broken, &summary),
        Format::Human | Format::Github => {
            print_human(&reports, &broken, &summary, &paths, style, started);
            if args.format == Format::Github {
                for report in reports.iter().filter(|r| r.outcome == Outcome::Failed) {
                    for line in github::claim(report, &paths) {
                        println!("{line}");
                    }
                }
                for (_, error) in &broken {
                    for diagnostic in &error.diagnostics {
                        println!("{}", github::error(diagnostic, &paths.assertion(&diagnostic.file)));
                    }
                }
                append_step_summary(&reports, &broken, &paths);
            }
        }
        Format::Junit | Format::Markdown => {
            let text = if args.format == Format::Junit {
                junit::render(&reports, &broken, &paths, started.elapsed())
            } else {
                let errors: Vec<&FileError> = broken.iter().map(|(_, error)| *error).collect();
                markdown::summary(&reports, &errors, &paths, &markdown::Options::from_github_env())
            };
            if let Err(error) = output::print(&text) {
                eprintln!("error: cannot write the report: {error}");
                return EXIT_FAILED;
            }
        }
    }
    if summary.success() { EXIT_OK } else { EXIT_FAILED }
}

/// Appends the Markdown summary to the file GitHub Actions names in `GITHUB_STEP_SUMMARY`, when it is set. The
/// file may already hold what earlier commands of the step wrote, so it is opened for appending (which cannot be
/// atomic) and the summary starts on a line of its own; a failure to write it is a warning, not a failed check.
fn append_step_summary(reports: &[ClaimReport], broken: &[(usize, &FileError)], paths: &crate::report::Paths) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os(STEP_SUMMARY_VAR).filter(|path| !path.is_empty()) else { return };
    let errors: Vec<&FileError> = broken.iter().map(|(_, error)| *error).collect();
    let text = markdown::summary(reports, &errors, paths, &markdown::Options::from_github_env());
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| file.write_all(format!("\n{text}").as_bytes()));
    if let Err(error) = written {
        eprintln!("warning: cannot append the summary to {STEP_SUMMARY_VAR} ({}): {error}", path.to_string_lossy());
    }
}

/// The file GitHub Actions shows on a run's summary page.
const STEP_SUMMARY_VAR: &str = "GITHUB_STEP_SUMMARY";

fn corpus_error(args: &CheckArgs, error: &CorpusError) -> u8 {
    match (args.format, error) {
        (Format::Json, CorpusError::Config { diagnostics }) => {
            for diagnostic in diagnostics {
                println!("{}", json::error(diagnostic));
            }
            eprintln!("error: {error}");
        }
        (Format::Github, CorpusError::Config { diagnostics }) => {
            for diagnostic in diagnostics {
                println!("{}", github::error(diagnostic, &args.roots.paths().source(&diagnostic.file)));
            }
            eprintln!("error: {error}");
        }
        _ => eprintln!("error: {error}"),
    }
    EXIT_USAGE
}

fn print_json(reports: &[ClaimReport], broken: &[(usize, &FileError)], summary: &Summary) {
    let mut broken = broken.iter().peekable();
    for (index, report) in reports.iter().enumerate() {
        while let Some((_, error)) = broken.next_if(|(position, _)| *position <= index) {
            error.diagnostics.iter().for_each(|diagnostic| println!("{}", json::error(diagnostic)));
        }
        println!("{}", json::claim(report));
    }
    for (_, error) in broken {
        error.diagnostics.iter().for_each(|diagnostic| println!("{}", json::error(diagnostic)));
    }
    println!("{}", json::summary(summary));
}

fn print_human(
    reports: &[ClaimReport],
    broken: &[(usize, &FileError)],
    summary: &Summary,
    paths: &crate::report::Paths,
    style: Style,
    started: Instant,
) {
    let total = reports.len() + broken.len();
    println!("\nrunning {total} test{}", if total == 1 { "" } else { "s" });
    let width =
        reports.iter().map(|r| r.name.len()).chain(broken.iter().map(|(_, e)| e.test_name().len())).max().unwrap_or(0);
    let line = |name: &str, verdict: String| println!("test {name:<width$} ... {verdict}");
    let failed_word = || style.paint(Paint::Error, "FAILED");
    for (_, error) in broken {
        line(&error.test_name(), failed_word());
    }
    for report in reports {
        let verdict = match report.outcome {
            Outcome::Passed => style.paint(Paint::Ok, "ok"),
            Outcome::Failed => failed_word(),
            Outcome::Ignored => style.paint(Paint::Dim, "ignored"),
        };
        line(&report.name, verdict);
    }
    let any_failed = !broken.is_empty() || reports.iter().any(|r| r.outcome == Outcome::Failed);
    if any_failed {
        println!("\nfailures:");
    }
    let failed: Vec<String> = broken
        .iter()
        .map(|(_, error)| (error.test_name(), human::file_error(error, paths, style)))
        .chain(reports.iter().filter(|r| r.outcome == Outcome::Failed).map(|r| {
            let steps = NextSteps::new(&r.name, paths, Runner::Cli);
            (r.name.clone(), format!("{}\n{}", human::claim_failure(r, paths, style), human::next_steps(&steps, style)))
        }))
        .map(|(name, message)| {
            println!("\n---- {name} ----\n{}", message.trim_end());
            name
        })
        .collect();
    if !failed.is_empty() {
        println!("\nfailures:");
        for name in &failed {
            println!("    {name}");
        }
    }
    let result = if summary.success() { style.paint(Paint::Ok, "ok") } else { failed_word() };
    let files = if broken.is_empty() {
        String::new()
    } else {
        format!(" in {} file{} that could not be loaded", broken.len(), if broken.len() == 1 { "" } else { "s" })
    };
    println!(
        "\ntest result: {result}. {} passed; {} failed; {} ignored; {} error{}{files}; finished in {:.2}s\n",
        summary.passed,
        summary.failed,
        summary.ignored,
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
}

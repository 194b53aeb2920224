//! `factcheck check`: the fact check as a command, with the output contract of the format spec.

use std::time::Instant;

use clap::{Args, ValueEnum};

use super::progress::CheckProgress;
use super::session::{Checked, Selection, Session, SessionError};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
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
    /// Threads to read the assertion files and check claims on (default: the number of CPUs).
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

    let session = match Session::load(&args.roots, args.jobs) {
        Ok(session) => session,
        Err(SessionError::Corpus(error)) => return corpus_error(args, &error),
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let progress = CheckProgress::new(args.format == Format::Human && CheckProgress::wanted());
    let Checked { tests, .. } = session.check_observed(&args.selection, args.jobs, !args.no_index, &progress);
    progress.finish();
    let file_errors = ClaimReport::file_errors(&tests);

    let mut summary = Summary::default();
    for report in &tests {
        summary.add(report);
    }
    summary.errors = file_errors.len();
    match args.format {
        Format::Json => print_json(&tests, &summary),
        Format::Human | Format::Github => {
            print_human(&tests, &summary, &paths, style, started);
            if args.format == Format::Github {
                for report in tests.iter().filter(|r| r.outcome == Outcome::Failed) {
                    for line in github::claim(report, &paths) {
                        println!("{line}");
                    }
                }
                for diagnostic in &file_errors {
                    println!("{}", github::error(diagnostic, &paths.assertion(&diagnostic.file)));
                }
                append_step_summary(&tests, &paths);
            }
        }
        Format::Junit | Format::Markdown => {
            let text = if args.format == Format::Junit {
                junit::render(&tests, &paths, started.elapsed())
            } else {
                markdown::summary(&tests, &paths, &markdown::Options::from_github_env())
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
fn append_step_summary(tests: &[ClaimReport], paths: &crate::report::Paths) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os(STEP_SUMMARY_VAR).filter(|path| !path.is_empty()) else { return };
    let text = markdown::summary(tests, paths, &markdown::Options::from_github_env());
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

/// The records of the JSON contract: a `claim` record per test, in file order, each file that could not be loaded
/// preceded by its `error` records, then the summary.
fn print_json(tests: &[ClaimReport], summary: &Summary) {
    let mut printed: Vec<&str> = Vec::new();
    for report in tests {
        if !printed.contains(&report.file.as_str()) {
            let errors = ClaimReport::file_errors([report]);
            if !errors.is_empty() {
                printed.push(&report.file);
                errors.iter().for_each(|diagnostic| println!("{}", json::error(diagnostic)));
            }
        }
        println!("{}", json::claim(report));
    }
    println!("{}", json::summary(summary));
}

fn print_human(tests: &[ClaimReport], summary: &Summary, paths: &crate::report::Paths, style: Style, started: Instant) {
    let total = tests.len();
    println!("\nrunning {total} test{}", if total == 1 { "" } else { "s" });
    let width = tests.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let failed_word = || style.paint(Paint::Error, "FAILED");
    for report in tests {
        let verdict = match report.outcome {
            Outcome::Passed => style.paint(Paint::Ok, "ok"),
            Outcome::Failed => failed_word(),
            Outcome::Ignored => style.paint(Paint::Dim, "ignored"),
        };
        println!("test {:<width$} ... {verdict}", report.name);
    }
    let failed: Vec<&ClaimReport> = tests.iter().filter(|r| r.outcome == Outcome::Failed).collect();
    if !failed.is_empty() {
        println!("\nfailures:");
        for report in &failed {
            let mut message = human::claim_failure(report, paths, style);
            // A claim that could not be read has nothing to review: its message says what to fix.
            if !report.could_not_be_read() {
                message.push('\n');
                message.push_str(&human::next_steps(&NextSteps::new(&report.name, paths, Runner::Cli), style));
            }
            println!("\n---- {} ----\n{}", report.name, message.trim_end());
        }
        println!("\nfailures:");
        for report in &failed {
            println!("    {}", report.name);
        }
    }
    let result = if summary.success() { style.paint(Paint::Ok, "ok") } else { failed_word() };
    let mut files: Vec<&str> = ClaimReport::file_errors(tests).iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let files = match files.len() {
        0 => String::new(),
        count => format!(" in {count} file{} that could not be loaded", if count == 1 { "" } else { "s" }),
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

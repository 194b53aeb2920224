//! `factcheck check`: the fact check as a command, with the output contract of the format spec.

use std::time::Instant;

use clap::{Args, ValueEnum};

use super::session::{Selection, Session, SessionError};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::load::FileError;
use crate::corpus::CorpusError;
use crate::evidence::{ClaimReport, Outcome, check_all};
use crate::report::style::{Paint, Style};
use crate::report::{Summary, github, human, json};

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Output: human (what `cargo test` prints), json (JSON Lines), github (human plus Actions annotations).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Threads to check claims on (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Runs the check; returns the exit status.
pub fn run(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let style = if args.format == Format::Json { Style::PLAIN } else { args.color.stdout_style() };
    let paths = args.roots.paths();

    let session = match Session::load(&args.roots) {
        Ok(session) => session,
        Err(SessionError::Corpus(error)) => return corpus_error(args, &error),
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let (claims, broken) = session.select(&args.selection);
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let reports = check_all(&claims, &session.corpus, args.selection.runs_pending(), jobs);

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
            }
        }
    }
    if summary.success() { EXIT_OK } else { EXIT_FAILED }
}

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
        .chain(
            reports
                .iter()
                .filter(|r| r.outcome == Outcome::Failed)
                .map(|r| (r.name.clone(), human::claim_failure(r, paths, style))),
        )
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
    println!(
        "\ntest result: {result}. {} passed; {} failed; {} ignored; {} error{}; finished in {:.2}s\n",
        summary.passed,
        summary.failed + broken.len(),
        summary.ignored,
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
}

//! `factcheck check`: the fact check as a command, with the output contract of the format spec.

use std::time::Instant;

use clap::{Args, ValueEnum};

use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, root_error};
use crate::assertion::Status;
use crate::assertion::load::{self, FileError, test_stem};
use crate::corpus::{Corpus, CorpusError, config};
use crate::evidence::{ClaimReport, Outcome, check_all};
use crate::report::style::{Paint, Style};
use crate::report::{Summary, github, human, json};

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Run only claims whose name contains one of these (as `cargo test FILTER` does).
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
    /// Match FILTERs against whole names instead of substrings.
    #[arg(long)]
    pub exact: bool,
    /// Skip claims whose name contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// Run only pending claims.
    #[arg(long, conflicts_with = "include_ignored")]
    pub ignored: bool,
    /// Run pending claims as well.
    #[arg(long)]
    pub include_ignored: bool,
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

impl CheckArgs {
    /// Whether a test name is selected by the filters and not skipped.
    fn selects(&self, name: &str) -> bool {
        let matches = |filter: &String| if self.exact { name == filter } else { name.contains(filter.as_str()) };
        (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skip.iter().any(|s| name.contains(s.as_str()))
    }

    /// Whether a file that could not be loaded is selected: its claims cannot be listed, so it is selected when
    /// a filter could select one of them (a filter naming the file, or a claim in it).
    fn selects_file(&self, file: &str) -> bool {
        let stem = test_stem(file);
        let prefix = format!("{stem}::");
        let matches = |filter: &String| {
            if self.exact {
                filter == stem || filter.starts_with(&prefix)
            } else {
                prefix.contains(filter.as_str()) || filter.starts_with(&prefix)
            }
        };
        (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skip.iter().any(|s| prefix.contains(s.as_str()))
    }
}

/// Runs the check; returns the exit status.
pub fn run(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let style = if args.format == Format::Json { Style::PLAIN } else { args.color.stdout_style() };
    let paths = args.roots.paths();

    let config = match config::load(&args.roots.corpus, &crate::limits::Limits::default()) {
        Ok(config) => config,
        Err(diagnostics) => return corpus_error(args, &CorpusError::Config { diagnostics }),
    };
    let limits = config.limits;
    let files = match load::load_root(&args.roots.assertions, &limits) {
        Ok(files) => files,
        Err(error) => return root_error("assertions root", &args.roots.assertions, &error),
    };
    let corpus = match Corpus::with_config(&args.roots.corpus, config) {
        Ok(corpus) => corpus,
        Err(error) => return corpus_error(args, &error),
    };

    // Claims and broken files, in file order, as selected.
    let mut claims = Vec::new();
    let mut broken: Vec<(usize, &FileError)> = Vec::new();
    for file in &files {
        match file {
            Ok(file) => {
                for claim in &file.claims {
                    let wanted = match (args.ignored, claim.status) {
                        (true, Status::Active) => false,
                        _ => args.selects(&claim.name),
                    };
                    if wanted {
                        claims.push(claim);
                    }
                }
            }
            Err(error) if args.selects_file(&error.file) => broken.push((claims.len(), error)),
            Err(_) => {}
        }
    }
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let reports = check_all(&claims, &corpus, args.ignored || args.include_ignored, jobs);

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

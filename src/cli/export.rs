//! `factcheck export --claimreview`: schema.org ClaimReview JSON-LD for the claims whose check passes.
//!
//! A claim whose evidence does not hold has no verdict to publish, so failed claims are left out (and named on
//! standard error, with exit status 1), as are pending claims that were not run. The publisher comes from the
//! command line or from `[claimreview]` in `corpus.toml`; `--author` replaces the table's author whole (name
//! and URL), so that one publisher's URL is never attached to another's name.

use std::path::PathBuf;

use clap::Args;

use super::session::{Selection, Session};
use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
use crate::corpus::config::ClaimReviewConfig;
use crate::evidence::{Outcome, evidence_matches};
use crate::files;
use crate::report::claimreview::{self, ConfigError, Date, Publisher, ReviewContext};
use crate::report::html::text::web_url;

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Export schema.org ClaimReview JSON-LD (the one format so far).
    #[arg(long, required = true)]
    pub claimreview: bool,
    /// The fact-checker publishing the reviews [default: `author` under `[claimreview]` in corpus.toml].
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// The fact-checker's home page [default: `author_url` under `[claimreview]`, unless --author is given].
    #[arg(long, value_name = "URL")]
    pub author_url: Option<String>,
    /// Where the HTML report is published; each review's url is its claim's anchor there
    /// [default: `report_url` under `[claimreview]`].
    #[arg(long, value_name = "URL")]
    pub report_url: Option<String>,
    /// The date of the reviews, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Write the JSON-LD to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub selection: Selection,
    /// Threads to read the assertion files and check claims on (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub roots: Roots,
}

/// What every review shares, from the flags and `[claimreview]`.
fn context(args: &ExportArgs, config: &ClaimReviewConfig) -> Result<ReviewContext, ConfigError> {
    let author = match &args.author {
        Some(name) => Publisher::new(name, args.author_url.as_deref())?,
        None => {
            let name = config.author.as_deref().ok_or(ConfigError::NoAuthor)?;
            Publisher::new(name, args.author_url.as_deref().or(config.author_url.as_deref()))?
        }
    };
    let date = match &args.date {
        Some(date) => Date::parse(date)?,
        None => {
            Date::today().ok_or_else(|| ConfigError::BadDate { value: "today (the clock is before 1970)".into() })?
        }
    };
    let report_url = args
        .report_url
        .as_deref()
        .or(config.report_url.as_deref())
        .map(|url| {
            web_url(url)
                .map(str::to_owned)
                .ok_or_else(|| ConfigError::NotAWebUrl { what: "the report's URL", url: url.to_owned() })
        })
        .transpose()?;
    Ok(ReviewContext { author, date, report_url })
}

/// Runs the check and exports the claims that pass; returns the exit status.
pub fn run(args: &ExportArgs) -> u8 {
    let Some(session) = Session::open(&args.roots, args.jobs) else { return EXIT_USAGE };
    let context = match context(args, &session.corpus.config().claimreview) {
        Ok(context) => context,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let checked = session.check(&args.selection, args.jobs, true);
    let mut reviews = Vec::new();
    for (claim, report) in checked.checked() {
        if report.outcome == Outcome::Passed {
            let matches = evidence_matches(claim, &session.corpus);
            reviews.push(claimreview::review(claim, &matches, &session.corpus, &context));
        }
    }
    let (mut failed, mut pending) = (0, 0);
    for report in &checked.tests {
        match report.outcome {
            Outcome::Passed => {}
            Outcome::Failed => {
                failed += 1;
                eprintln!(
                    "warning: {} is left out: its check fails (`factcheck check --exact '{}'` says why)",
                    report.name, report.name
                );
            }
            Outcome::Ignored => pending += 1,
        }
    }
    let document = claimreview::document(&reviews);
    let written = match &args.output {
        Some(path) => files::write_atomic(path, document.as_bytes())
            .map_err(|error| format!("cannot write {}: {error}", path.display())),
        None => output::print(&document).map_err(|error| format!("cannot write to standard output: {error}")),
    };
    if let Err(error) = written {
        eprintln!("error: {error}");
        return EXIT_USAGE;
    }
    eprintln!(
        "exported {} ClaimReview record{}; left out {failed} failed and {pending} pending claim{}",
        reviews.len(),
        if reviews.len() == 1 { "" } else { "s" },
        if failed + pending == 1 { "" } else { "s" }
    );
    if failed == 0 { EXIT_OK } else { EXIT_FAILED }
}

//! `factcheck impact`: for changed files (from `git diff REV`, or named), the claims they touch, with the
//! claims whose cited sentences changed first; for a pull request's job summary (`--format markdown`), the same
//! as a table, ending with the commands that review the claims that fail.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, ValueEnum};
use serde::Serialize;

use super::session::Session;
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
use crate::evidence::{ClaimReport, Outcome};
use crate::impact::{self, Change, ChangedFile, CitingClaim, Impact, LineChange};
use crate::parallel::default_threads;
use crate::report::markdown::{code_block, inline};
use crate::report::style::{Paint, Style, printable};
use crate::report::{NextSteps, Paths, Runner, shell_word};

/// The longest sentence printed in full, in characters; longer ones are cut (JSON has them whole).
const SENTENCE_CHARS: usize = 160;

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("changes").required(true).args(["since", "paths"])))]
pub struct ImpactArgs {
    /// Compare the work tree with this git revision (origin/main, HEAD~1, a tag or a commit).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// The changed files, instead of --since (relative to the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output: human (for a reviewer), json (one JSON object) or markdown (for $GITHUB_STEP_SUMMARY: the claims
    /// touched, and the commands that review those that fail).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Threads to read the assertion files and check claims on (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Markdown,
}

/// Finds and prints what the changes touch; returns the exit status: 1 when a claim they touch fails or a
/// changed assertion file does not load.
pub fn run(args: &ImpactArgs) -> u8 {
    let Some(session) = Session::open(&args.roots, args.jobs) else { return EXIT_USAGE };
    let here = match std::env::current_dir() {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("error: cannot read the current directory: {error}");
            return EXIT_USAGE;
        }
    };
    let changes = match &args.since {
        Some(rev) => {
            let corpus_root = session.corpus.root().canonicalize().unwrap_or_else(|_| session.corpus.root().to_owned());
            match impact::changed_since(rev, &here, |path| path.starts_with(&corpus_root)) {
                Ok(changes) => changes,
                Err(error) => {
                    eprintln!("error: {error}");
                    return EXIT_USAGE;
                }
            }
        }
        None => impact::named_files(&args.paths, &here),
    };
    let jobs = args.jobs.unwrap_or_else(default_threads);
    let impact = impact::analyze(&changes, &session.corpus, &session.files, &args.roots.assertions, jobs);
    let paths = args.roots.paths();
    let text = match args.format {
        Format::Human => human(&impact, &changes, args.since.as_deref(), &paths, &here, args.color.stdout_style()),
        Format::Json => json(&impact, args.since.as_deref(), &here),
        Format::Markdown => markdown(&impact, args.since.as_deref(), &paths),
    };
    if let Err(error) = output::print(&text) {
        eprintln!("error: cannot write the impact: {error}");
        return EXIT_FAILED;
    }
    let failed = impact.reports().any(|report| report.outcome == Outcome::Failed)
        || impact.assertion_files.iter().any(|file| file.error.is_some());
    if failed { EXIT_FAILED } else { EXIT_OK }
}

/// `path` relative to `here` when it is below it, for display.
fn shown(path: &Path, here: &Path) -> String {
    let here = here.canonicalize().unwrap_or_else(|_| here.to_path_buf());
    printable(&path.strip_prefix(&here).unwrap_or(path).to_string_lossy()).into_owned()
}

fn outcome_word(report: &ClaimReport, style: Style) -> String {
    match report.outcome {
        Outcome::Passed => style.paint(Paint::Ok, "ok     "),
        Outcome::Failed => style.paint(Paint::Error, "FAILED "),
        Outcome::Ignored => style.paint(Paint::Dim, "ignored"),
    }
}

fn line_list(lines: &[LineChange]) -> String {
    lines.iter().map(LineChange::to_string).collect::<Vec<_>>().join(", ")
}

fn human(
    impact: &Impact,
    changes: &[ChangedFile],
    since: Option<&str>,
    paths: &Paths,
    here: &Path,
    style: Style,
) -> String {
    let mut out = String::new();
    let count = changes.len();
    let what = format!("{count} changed file{}", if count == 1 { "" } else { "s" });
    let _ = match since {
        Some(rev) => writeln!(out, "{what} since {}", printable(rev)),
        None => writeln!(out, "{what}"),
    };
    let claim_line = |out: &mut String, report: &ClaimReport, detail: &str| {
        let location = paths.assertion_at(&report.file, report.location);
        let _ = writeln!(
            out,
            "    {} {}  {}{detail}",
            outcome_word(report, style),
            printable(&report.name),
            style.paint(Paint::Location, &printable(&location)),
        );
    };
    for source in &impact.sources {
        let mut header = format!("{} ({}", printable(&paths.source(&source.name)), source.change.as_str());
        if let Some(lines) = &source.lines {
            if lines.is_empty() {
                header.push_str(", no text change");
            } else {
                let _ = write!(header, ", lines {}", line_list(lines));
            }
        }
        header.push(')');
        let _ = writeln!(out, "\n{}", style.paint(Paint::Bold, &header));
        if source.claims.is_empty() {
            let _ = writeln!(out, "  no claim cites it");
            continue;
        }
        let failing: Vec<&CitingClaim> =
            source.claims.iter().filter(|claim| claim.report.outcome == Outcome::Failed).collect();
        let (changed, unchanged): (Vec<&CitingClaim>, Vec<&CitingClaim>) = source
            .claims
            .iter()
            .filter(|claim| claim.report.outcome != Outcome::Failed)
            .partition(|claim| !claim.changed_sentences.is_empty());
        let sections = [
            ("claims that fail now", failing),
            ("claims whose cited sentences changed", changed),
            ("other claims citing it", unchanged),
        ];
        for (heading, claims) in sections {
            if claims.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {heading} ({}):", claims.len());
            for claim in claims {
                let how = if claim.by_name { "" } else { "  (an item without `source` matched here)" };
                claim_line(&mut out, &claim.report, how);
                if let Some(failure) = claim.report.failures.first() {
                    let what = match failure.evidence {
                        Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
                        None => failure.check.as_str().to_owned(),
                    };
                    let message = format!("{what}: {}", failure.message());
                    let _ = writeln!(out, "            {}", output::shorten(&message, SENTENCE_CHARS));
                }
                for sentence in &claim.changed_sentences {
                    let location = paths.source_at(&source.name, sentence.location);
                    let _ = writeln!(
                        out,
                        "            {}  {}",
                        style.paint(Paint::Location, &printable(&location)),
                        output::shorten(&sentence.text, SENTENCE_CHARS)
                    );
                }
            }
        }
    }
    for file in &impact.assertion_files {
        let header = format!("{} ({})", printable(&paths.assertion(&file.name)), file.change.as_str());
        let _ = writeln!(out, "\n{}", style.paint(Paint::Bold, &header));
        match &file.error {
            Some(error) => {
                let _ = writeln!(
                    out,
                    "  {} it does not load ({} problem{}); `factcheck check` shows them",
                    style.paint(Paint::Error, "error:"),
                    error.diagnostics.len(),
                    plural(error.diagnostics.len())
                );
            }
            None if file.claims.is_empty() && file.change == Change::Deleted => {
                let _ = writeln!(out, "  deleted: its claims are gone from the suite");
            }
            None => {
                let _ = writeln!(out, "  its claims ({}):", file.claims.len());
                for report in &file.claims {
                    claim_line(&mut out, report, "");
                }
            }
        }
    }
    if let Some(change) = impact.corpus_config {
        let _ = writeln!(
            out,
            "\n{} ({}): its exclusions and aliases bear on every claim; run `factcheck check`",
            printable(&paths.source("corpus.toml")),
            change.as_str()
        );
    }
    if !impact.other_files.is_empty() {
        let names: Vec<String> = impact.other_files.iter().map(|path| shown(path, here)).collect();
        let _ = writeln!(out, "\nnot in the corpus or the assertions: {}", names.join(", "));
    }
    let failed = failed_names(impact);
    if !failed.is_empty() {
        let names = failed.iter().map(|name| printable(&shell_word(name)).into_owned()).collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "\n{} claim{} fail{}; `factcheck check --exact {names}` shows why, and `factcheck review --exact {names}` \
             accepts a passage that changed only in wording, or marks a claim pending",
            failed.len(),
            plural(failed.len()),
            if failed.len() == 1 { "s" } else { "" },
        );
    }
    out
}

/// The names of the claims that fail, each once, sorted.
fn failed_names(impact: &Impact) -> Vec<&str> {
    impact
        .reports()
        .filter(|report| report.outcome == Outcome::Failed)
        .map(|report| report.name.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// For a pull request's job summary: a row for each claim a change touches, failures first within each file,
/// then the commands that review the failing ones from a clone.
fn markdown(impact: &Impact, since: Option<&str>, paths: &Paths) -> String {
    let mut rows: Vec<(&ClaimReport, String)> = Vec::new();
    for source in &impact.sources {
        for claim in &source.claims {
            let changed = if claim.changed_sentences.is_empty() { "" } else { ", a cited sentence changed" };
            let why = format!("cites {} ({}{changed})", paths.source(&source.name), source.change.as_str());
            rows.push((&claim.report, why));
        }
    }
    for file in &impact.assertion_files {
        for report in &file.claims {
            rows.push((report, format!("in {} ({})", paths.assertion(&file.name), file.change.as_str())));
        }
    }
    rows.sort_by_key(|(report, _)| report.outcome != Outcome::Failed);
    let mut out = String::new();
    let since = since.map(|rev| format!(" since {}", inline(rev))).unwrap_or_default();
    let _ = writeln!(out, "## factcheck impact: {} claim{} touched{since}\n", rows.len(), plural(rows.len()));
    if !rows.is_empty() {
        let _ = writeln!(out, "| claim | outcome | where | why |\n| --- | --- | --- | --- |");
        for (report, why) in &rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&report.name),
                report.outcome.as_str(),
                inline(&paths.assertion_at(&report.file, report.location)),
                inline(why)
            );
        }
    }
    for file in impact.assertion_files.iter().filter(|file| file.error.is_some()) {
        let _ = writeln!(out, "\n{} does not load; `factcheck lint` shows why.", inline(&paths.assertion(&file.name)));
    }
    let failed = failed_names(impact);
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "\n### Review the claims that fail\n\nFrom a clone of the branch, review each one: accept a passage that \
             changed only in wording (refused when the facts changed), or mark the claim pending with a note. The \
             first command shows why it fails.\n"
        );
        let commands: Vec<String> = failed
            .iter()
            .map(|name| {
                let steps = NextSteps::new(name, paths, Runner::Cli);
                format!("{}\n{}", printable(&steps.rerun), printable(&steps.review))
            })
            .collect();
        out.push_str(&code_block("sh", &commands.join("\n")));
    }
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[derive(Serialize)]
struct ImpactRecord<'a> {
    since: Option<&'a str>,
    sources: Vec<SourceRecord<'a>>,
    assertion_files: Vec<AssertionFileRecord<'a>>,
    corpus_config: Option<&'static str>,
    other_files: Vec<String>,
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    source: &'a str,
    change: &'static str,
    changed_lines: Option<Vec<LinesRecord>>,
    claims: Vec<CitingRecord<'a>>,
}

/// `count` lines of the new file from line `start`; with `count` 0, lines removed after line `start`.
#[derive(Serialize)]
struct LinesRecord {
    start: usize,
    count: usize,
}

#[derive(Serialize)]
struct CitingRecord<'a> {
    #[serde(flatten)]
    claim: ClaimRecord<'a>,
    by_name: bool,
    by_match: bool,
    changed_sentences: Vec<SentenceRecord<'a>>,
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    line: usize,
    column: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    name: &'a str,
    file: &'a str,
    line: usize,
    outcome: &'static str,
}

#[derive(Serialize)]
struct AssertionFileRecord<'a> {
    file: &'a str,
    change: &'static str,
    claims: Vec<ClaimRecord<'a>>,
    errors: usize,
}

fn claim_record(report: &ClaimReport) -> ClaimRecord<'_> {
    ClaimRecord { name: &report.name, file: &report.file, line: report.location.line, outcome: report.outcome.as_str() }
}

fn json(impact: &Impact, since: Option<&str>, here: &Path) -> String {
    let record = ImpactRecord {
        since,
        sources: impact
            .sources
            .iter()
            .map(|source| SourceRecord {
                source: &source.name,
                change: source.change.as_str(),
                changed_lines: source.lines.as_ref().map(|lines| {
                    lines.iter().map(|change| LinesRecord { start: change.start, count: change.count }).collect()
                }),
                claims: source
                    .claims
                    .iter()
                    .map(|claim| CitingRecord {
                        claim: claim_record(&claim.report),
                        by_name: claim.by_name,
                        by_match: claim.by_match,
                        changed_sentences: claim
                            .changed_sentences
                            .iter()
                            .map(|sentence| SentenceRecord {
                                line: sentence.location.line,
                                column: sentence.location.column,
                                text: &sentence.text,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        assertion_files: impact
            .assertion_files
            .iter()
            .map(|file| AssertionFileRecord {
                file: &file.name,
                change: file.change.as_str(),
                claims: file.claims.iter().map(claim_record).collect(),
                errors: file.error.as_ref().map_or(0, |error| error.diagnostics.len()),
            })
            .collect(),
        corpus_config: impact.corpus_config.map(Change::as_str),
        other_files: impact.other_files.iter().map(|path| shown(path, here)).collect(),
    };
    // The record holds only strings, integers and booleans, which always serialize.
    let mut line = serde_json::to_string(&record).expect("impact records always serialize");
    line.push('\n');
    line
}

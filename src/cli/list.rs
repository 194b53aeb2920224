//! `factcheck list`: the claims of the suite, one line each, selected as `check` selects them.

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::session::{Selection, Session};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::{Claim, Scope, Status};
use crate::diagnostic::Diagnostic;
use crate::evidence::ClaimReport;
use crate::report::json;
use crate::report::style::{Paint, Style, printable};

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Output: human (a line per claim), or json (JSON Lines: a record per claim, then a summary).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// The sources a claim's evidence names, in the order first named, and whether an item searches every source.
pub fn cited_sources(claim: &Claim) -> (Vec<&str>, bool) {
    let mut names: Vec<&str> = Vec::new();
    let mut every = false;
    for item in &claim.evidence {
        match &item.scope {
            Scope::All => every = true,
            Scope::Sources(sources) => {
                for name in sources {
                    if !names.contains(&name.as_str()) {
                        names.push(name);
                    }
                }
            }
        }
    }
    (names, every)
}

/// Lists the selected claims; exit status 1 when a selected file could not be loaded.
pub fn run(args: &ListArgs) -> u8 {
    let Some(session) = Session::open(&args.roots, None) else { return EXIT_USAGE };
    let (claims, broken) = session.select(&args.selection);
    let broken: Vec<(usize, &ClaimReport)> = broken.iter().map(|(before, report)| (*before, report)).collect();
    match args.format {
        ListFormat::Human => print!("{}", human(&claims, &broken, &args.roots, args.color.stdout_style())),
        ListFormat::Json => print!("{}", json_lines(&claims, &broken)),
    }
    if broken.is_empty() { EXIT_OK } else { EXIT_FAILED }
}

/// An entry of the listing in file order: a claim, or the failing test of a claim that could not be read.
enum Entry<'a> {
    Claim(&'a Claim),
    Broken(&'a ClaimReport),
}

fn entries<'a>(claims: &[&'a Claim], broken: &[(usize, &'a ClaimReport)]) -> Vec<Entry<'a>> {
    let mut broken = broken.iter().peekable();
    let mut entries = Vec::with_capacity(claims.len() + broken.len());
    for (index, claim) in claims.iter().enumerate() {
        while let Some((_, error)) = broken.next_if(|(position, _)| *position <= index) {
            entries.push(Entry::Broken(error));
        }
        entries.push(Entry::Claim(claim));
    }
    entries.extend(broken.map(|(_, error)| Entry::Broken(error)));
    entries
}

fn human(claims: &[&Claim], broken: &[(usize, &ClaimReport)], roots: &Roots, style: Style) -> String {
    let paths = roots.paths();
    let mut out = String::new();
    let name_width = claims
        .iter()
        .map(|claim| claim.name.chars().count())
        .chain(broken.iter().map(|(_, report)| report.name.chars().count()))
        .max()
        .unwrap_or(0);
    let tag_width = claims.iter().map(|claim| tags(claim).chars().count()).max().unwrap_or(0).max(4);
    for entry in entries(claims, broken) {
        match entry {
            Entry::Claim(claim) => {
                let (sources, every) = cited_sources(claim);
                let mut cited = sources.join(", ");
                if every {
                    cited.push_str(if cited.is_empty() { "(every source)" } else { " (and every source)" });
                }
                let status = match claim.status {
                    Status::Active => style.paint(Paint::Ok, &format!("{:<7}", "active")),
                    Status::Pending => style.paint(Paint::Dim, &format!("{:<7}", "pending")),
                };
                let tags = match tags(claim) {
                    tags if tags.is_empty() => format!("{:<tag_width$}", "-"),
                    tags => format!("{tags:<tag_width$}"),
                };
                let _ = writeln!(
                    out,
                    "{}  {:<12}  {status}  {}  {}",
                    style.paint(Paint::Bold, &format!("{:<name_width$}", printable(&claim.name))),
                    claim.verdict.as_str(),
                    printable(&tags),
                    printable(&cited)
                );
            }
            Entry::Broken(report) => {
                let count = report.failures.len();
                let what = if ClaimReport::file_errors([report]).is_empty() {
                    format!("broken: malformed at {}", paths.assertion_at(&report.file, report.location))
                } else {
                    format!("broken: {} could not be loaded", paths.assertion(&report.file))
                };
                let _ = writeln!(
                    out,
                    "{}  {} ({count} problem{}; `factcheck lint` shows them all)",
                    style.paint(Paint::Bold, &format!("{:<name_width$}", printable(&report.name))),
                    style.paint(Paint::Error, &printable(&what)),
                    if count == 1 { "" } else { "s" }
                );
            }
        }
    }
    let pending = claims.iter().filter(|claim| claim.status == Status::Pending).count();
    let files = {
        let mut files: Vec<&str> = claims.iter().map(|claim| claim.file.as_str()).collect();
        files.dedup();
        files.len()
    };
    let _ = write!(
        out,
        "\n{} claim{} ({pending} pending) in {files} file{}",
        claims.len(),
        if claims.len() == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    if !broken.is_empty() {
        let _ = write!(out, "; {} could not be read", broken.len());
    }
    out.push('\n');
    out
}

fn tags(claim: &Claim) -> String {
    claim.tags.join(", ")
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    r#type: &'static str,
    name: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    id: &'a str,
    claim: &'a str,
    verdict: &'static str,
    status: &'static str,
    tags: &'a [String],
    /// The sources the evidence names, in the order first named.
    sources: Vec<&'a str>,
    /// Whether an evidence item searches every source.
    every_source: bool,
    evidence: usize,
}

#[derive(Serialize)]
struct SummaryRecord {
    r#type: &'static str,
    claims: usize,
    pending: usize,
    broken: usize,
}

fn json_lines(claims: &[&Claim], broken: &[(usize, &ClaimReport)]) -> String {
    let mut out = String::new();
    let mut files_reported: Vec<&str> = Vec::new();
    for entry in entries(claims, broken) {
        match entry {
            Entry::Claim(claim) => {
                let (sources, every_source) = cited_sources(claim);
                out.push_str(&json::to_line(&ClaimRecord {
                    r#type: "claim",
                    name: &claim.name,
                    file: &claim.file,
                    line: claim.location.line,
                    column: claim.location.column,
                    id: &claim.id,
                    claim: &claim.text,
                    verdict: claim.verdict.as_str(),
                    status: claim.status.as_str(),
                    tags: &claim.tags,
                    sources,
                    every_source,
                    evidence: claim.evidence.len(),
                }));
                out.push('\n');
            }
            Entry::Broken(report) => {
                // A file that could not be loaded has its problems listed once, however many of its names
                // stand for it; a malformed claim has its own.
                let file_errors = ClaimReport::file_errors([report]);
                let diagnostics: Vec<&Diagnostic> = if file_errors.is_empty() {
                    report.failures.iter().filter_map(|failure| failure.diagnostic()).collect()
                } else if files_reported.contains(&report.file.as_str()) {
                    Vec::new()
                } else {
                    files_reported.push(&report.file);
                    file_errors
                };
                for diagnostic in diagnostics {
                    out.push_str(&json::error(diagnostic));
                    out.push('\n');
                }
            }
        }
    }
    let pending = claims.iter().filter(|claim| claim.status == Status::Pending).count();
    out.push_str(&json::to_line(&SummaryRecord {
        r#type: "summary",
        claims: claims.len(),
        pending,
        broken: broken.len(),
    }));
    out.push('\n');
    out
}

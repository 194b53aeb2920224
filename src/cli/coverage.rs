//! `factcheck coverage`: per source, the claims that cite it and the sentences they cite; the uncited
//! sentences on request; sources no claim cites called out.

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::session::{Selection, Session};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
use crate::coverage::{self, Coverage, SentenceCounts, SourceCoverage};
use crate::report::Paths;
use crate::report::style::{Paint, Style, printable};

/// The longest sentence `--uncited` prints in full, in characters; longer ones are cut (JSON has them whole).
const SENTENCE_CHARS: usize = 160;

#[derive(Debug, Clone, Args)]
pub struct CoverageArgs {
    /// List every sentence no claim cites, with its line and column.
    #[arg(long)]
    pub uncited: bool,
    /// Output: human (a table) or json (one JSON object).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Measures and prints the coverage; returns the exit status.
pub fn run(args: &CoverageArgs) -> u8 {
    let Some(session) = Session::open(&args.roots, None) else { return EXIT_USAGE };
    let (claims, broken) = session.select(&Selection::default());
    let coverage = coverage::measure(&claims, &session.corpus);
    let paths = args.roots.paths();
    let text = match args.format {
        Format::Human => human(&coverage, &paths, args.uncited, args.color.stdout_style()),
        Format::Json => json(&coverage, args.uncited),
    };
    if let Err(error) = output::print(&text) {
        eprintln!("error: cannot write the coverage: {error}");
        return EXIT_FAILED;
    }
    for (_, report) in &broken {
        eprintln!(
            "warning: {} ({}) could not be read, so it is not counted; `factcheck check` shows why",
            report.name,
            printable(&paths.assertion_at(&report.file, report.location))
        );
    }
    let unreadable: Vec<&SourceCoverage> = coverage.sources.iter().filter(|s| s.unreadable.is_some()).collect();
    for source in &unreadable {
        if let Some(diagnostic) = &source.unreadable {
            eprintln!("warning: {}", printable(&diagnostic.to_string()));
        }
    }
    if broken.is_empty() && unreadable.is_empty() { EXIT_OK } else { EXIT_FAILED }
}

/// `cited / citable` as a percentage, or `-` when nothing can be cited.
fn percent(counts: &SentenceCounts) -> String {
    counts.cited_share().map_or_else(|| "-".to_owned(), |share| format!("{:.0}%", share * 100.0))
}

/// The table, the sources no claim cites, and with `uncited` every uncited sentence.
fn human(coverage: &Coverage, paths: &Paths, uncited: bool, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} sources, {} claims; {} evidence item{} no `source`/`sources` and search{} every source",
        coverage.sources.len(),
        coverage.claims,
        coverage.unscoped_items,
        if coverage.unscoped_items == 1 { " has" } else { "s have" },
        if coverage.unscoped_items == 1 { "es" } else { "" }
    );
    out.push('\n');
    let names: Vec<String> = coverage.sources.iter().map(|source| printable(&source.name).into_owned()).collect();
    let width = names.iter().map(|name| name.chars().count()).chain(["source".len()]).max().unwrap_or(0);
    let header = format!(
        "{:<width$}  {:>6}  {:>8}  {:>9}  {:>5}  {:>7}  {:>8}  {:>7}",
        "source", "claims", "unscoped", "sentences", "cited", "uncited", "excluded", "cited %"
    );
    let _ = writeln!(out, "{}", style.paint(Paint::Bold, &header));
    let row = |name: &str, claims: String, unscoped: String, counts: &SentenceCounts| {
        format!(
            "{name:<width$}  {claims:>6}  {unscoped:>8}  {:>9}  {:>5}  {:>7}  {:>8}  {:>7}",
            counts.total(),
            counts.cited,
            counts.uncited,
            counts.excluded,
            percent(counts)
        )
    };
    for (source, name) in coverage.sources.iter().zip(&names) {
        if let Some(diagnostic) = &source.unreadable {
            let _ = writeln!(out, "{name:<width$}  unreadable: {}", printable(&diagnostic.kind.to_string()));
            continue;
        }
        let counts = source.counts();
        let line = row(name, source.naming_claims.len().to_string(), source.unscoped_matches.to_string(), &counts);
        let _ = writeln!(out, "{}", if source.is_uncited() { style.paint(Paint::Error, &line) } else { line });
    }
    let _ =
        writeln!(out, "{}", style.paint(Paint::Bold, &row("total", String::new(), String::new(), &coverage.totals())));

    let uncited_sources: Vec<&str> = coverage
        .sources
        .iter()
        .zip(&names)
        .filter(|(source, _)| source.is_uncited())
        .map(|(_, n)| n.as_str())
        .collect();
    out.push('\n');
    if uncited_sources.is_empty() {
        let _ = writeln!(out, "Every source is cited by at least one claim.");
    } else {
        let _ = writeln!(
            out,
            "{} {}",
            style.paint(Paint::Error, "Not cited by any claim:"),
            uncited_sources.iter().map(|name| paths.source(name)).collect::<Vec<_>>().join(", ")
        );
    }
    if uncited {
        for source in &coverage.sources {
            let mut sentences = source.uncited_sentences().peekable();
            if sentences.peek().is_none() {
                continue;
            }
            let _ = writeln!(
                out,
                "\n{}",
                style.paint(Paint::Bold, &format!("Uncited in {}:", printable(&paths.source(&source.name))))
            );
            for sentence in sentences {
                let location = paths.source_at(&source.name, sentence.location);
                let _ = writeln!(
                    out,
                    "  {}  {}",
                    style.paint(Paint::Location, &printable(&location)),
                    output::shorten(&sentence.text, SENTENCE_CHARS)
                );
            }
        }
    } else if coverage.totals().uncited > 0 {
        let _ = writeln!(out, "`factcheck coverage --uncited` lists the uncited sentences with their lines.");
    }
    out
}

#[derive(Serialize)]
struct CoverageRecord<'a> {
    claims: usize,
    unscoped_items: usize,
    sources: Vec<SourceRecord<'a>>,
    not_cited: Vec<&'a str>,
    total: CountsRecord,
}

#[derive(Serialize)]
struct SourceRecord<'a> {
    source: &'a str,
    claims: &'a [String],
    unscoped_matches: usize,
    #[serde(flatten)]
    counts: CountsRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncited_sentences: Option<Vec<SentenceRecord<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct CountsRecord {
    sentences: usize,
    cited: usize,
    uncited: usize,
    excluded: usize,
}

impl From<SentenceCounts> for CountsRecord {
    fn from(counts: SentenceCounts) -> Self {
        CountsRecord {
            sentences: counts.total(),
            cited: counts.cited,
            uncited: counts.uncited,
            excluded: counts.excluded,
        }
    }
}

#[derive(Serialize)]
struct SentenceRecord<'a> {
    line: usize,
    column: usize,
    text: &'a str,
}

/// One JSON object; `uncited_sentences` only with `uncited`.
fn json(coverage: &Coverage, uncited: bool) -> String {
    let record = CoverageRecord {
        claims: coverage.claims,
        unscoped_items: coverage.unscoped_items,
        sources: coverage
            .sources
            .iter()
            .map(|source| SourceRecord {
                source: &source.name,
                claims: &source.naming_claims,
                unscoped_matches: source.unscoped_matches,
                counts: source.counts().into(),
                uncited_sentences: uncited.then(|| {
                    source
                        .uncited_sentences()
                        .map(|s| SentenceRecord { line: s.location.line, column: s.location.column, text: &s.text })
                        .collect()
                }),
                error: source.unreadable.as_ref().map(|diagnostic| diagnostic.kind.to_string()),
            })
            .collect(),
        not_cited: coverage.sources.iter().filter(|s| s.is_uncited()).map(|s| s.name.as_str()).collect(),
        total: coverage.totals().into(),
    };
    // The record holds only strings and integers, which always serialize.
    let mut line = serde_json::to_string(&record).expect("coverage records always serialize");
    line.push('\n');
    line
}

//! `factcheck find`: every place a text occurs in the corpus, or the nearest passages when it occurs nowhere;
//! with `--toml`, the evidence block to paste under a claim.

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::Scope;
use crate::assertion::write::evidence_block;
use crate::corpus::Corpus;
use crate::evidence::Passage;
use crate::find::{Found, Occurrence, find};
use crate::limits::Limits;
use crate::report::diff::WordDiff;
use crate::report::style::{Paint, Style, printable};
use crate::report::{Paths, json};

#[derive(Debug, Clone, Args)]
pub struct FindArgs {
    /// The text to look for, as you would quote it (several words are joined by spaces).
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    pub text: Vec<String>,
    /// Only in this source, named by its path in the corpus root (repeatable).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Print a `[[claim.evidence]]` block per source instead, holding the source's exact text: paste one under a
    /// `[[claim]]`.
    #[arg(long, conflicts_with = "format")]
    pub toml: bool,
    /// Compare without regard to case (as `ignore_case = true` does).
    #[arg(long, short = 'i')]
    pub ignore_case: bool,
    /// Output: human, or json (JSON Lines: one record per occurrence or nearest passage, then a summary).
    #[arg(long, value_enum, default_value_t = FindFormat::Human)]
    pub format: FindFormat,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindFormat {
    Human,
    Json,
}

/// Runs the search; exit status 0 when the text occurs outside excluded regions, 1 when it does not.
pub fn run(args: &FindArgs) -> u8 {
    let corpus = match Corpus::open(&args.roots.corpus, &Limits::default()) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let scope = if args.source.is_empty() { Scope::All } else { Scope::Sources(args.source.clone()) };
    let found = match find(&corpus, &args.text.join(" "), &scope, args.ignore_case) {
        Ok(found) => found,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let paths = args.roots.paths();
    let style = args.color.stdout_style();
    if args.toml {
        if found.is_found() {
            print!("{}", toml_blocks(&found, &paths));
        } else {
            // Nothing to paste: say why, and where the text most likely is, where a person reads it.
            eprint!("{}", human(&found, &scope, &paths, Style::PLAIN));
        }
    } else {
        match args.format {
            FindFormat::Human => print!("{}", human(&found, &scope, &paths, style)),
            FindFormat::Json => print!("{}", json_lines(&found)),
        }
    }
    if found.is_found() { EXIT_OK } else { EXIT_FAILED }
}

/// One `[[claim.evidence]]` block per source that has the text, each after a comment saying where it is.
fn toml_blocks(found: &Found, paths: &Paths) -> String {
    let blocks: Vec<String> = found
        .first_per_source()
        .into_iter()
        .map(|occurrence| {
            let at = printable(&paths.source_at(&occurrence.source, occurrence.location)).into_owned();
            format!("# {at}\n{}", evidence_block(&occurrence.source, &occurrence.text))
        })
        .collect();
    blocks.join("\n")
}

fn human(found: &Found, scope: &Scope, paths: &Paths, style: Style) -> String {
    let mut out = String::new();
    // In double quotes, as typed; in single quotes when it holds double quotes itself.
    let quote = if found.query.contains('"') { '\'' } else { '"' };
    let query = format!("{quote}{}{quote}", printable(&found.query));
    let where_ = match scope {
        Scope::All => "the corpus".to_owned(),
        Scope::Sources(names) => printable(&names.join(", ")).into_owned(),
    };
    let evidence = found.evidence().count();
    let excluded = found.occurrences.len() - evidence;
    let query = style.paint(Paint::Bold, &query);
    if evidence > 0 {
        let sources = found.first_per_source().len();
        let _ =
            write!(out, "{query}: {evidence} occurrence{} in {sources} source{}", plural(evidence), plural(sources));
        if excluded > 0 {
            let _ = write!(out, ", and {excluded} in regions corpus.toml excludes (not evidence)");
        }
    } else if excluded > 0 {
        let _ = write!(
            out,
            "{query} occurs only in regions corpus.toml excludes ({excluded} occurrence{}): not evidence",
            plural(excluded)
        );
    } else {
        let _ = write!(out, "{query} does not occur in {where_}");
    }
    out.push('\n');
    for occurrence in &found.occurrences {
        out.push('\n');
        out.push_str(&occurrence_lines(occurrence, paths, style));
    }
    if !found.closest.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint(Paint::Bold, "closest passages:"));
        for passage in &found.closest {
            out.push('\n');
            out.push_str(&closest_lines(&found.query, passage, paths, style));
        }
    }
    if evidence > 0 {
        let _ = writeln!(
            out,
            "\n{}",
            style.paint(Paint::Dim, "--toml prints it as a [[claim.evidence]] block to paste under a [[claim]]")
        );
    }
    out
}

fn occurrence_lines(occurrence: &Occurrence, paths: &Paths, style: Style) -> String {
    let at = style.paint(Paint::Location, &printable(&paths.source_at(&occurrence.source, occurrence.location)));
    let sentence = &occurrence.sentence;
    let range = occurrence.in_sentence.clone();
    let highlighted = format!(
        "{}{}{}",
        printable(&sentence[..range.start]),
        style.paint(Paint::Bold, &printable(&sentence[range.clone()])),
        printable(&sentence[range.end..])
    );
    match &occurrence.excluded {
        None => format!("{at}\n    {highlighted}\n"),
        Some(reason) => format!(
            "{at} {}\n    {highlighted}\n",
            style.paint(Paint::Error, &format!("(excluded: {}; not evidence)", printable(reason)))
        ),
    }
}

fn closest_lines(query: &str, passage: &Passage, paths: &Paths, style: Style) -> String {
    let at = style.paint(Paint::Location, &printable(&paths.source_at(&passage.source, passage.location)));
    let diff = WordDiff::new(query, &passage.normalized);
    format!(
        "{at} (similarity {:.2})\n    found: {}\n     diff: {}\n",
        passage.similarity,
        printable(&passage.normalized),
        diff.render(style)
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Occurrence {
        source: &'a str,
        line: usize,
        column: usize,
        /// Exactly as the source writes it.
        text: &'a str,
        sentence: &'a str,
        /// The reason of the excluded region the occurrence lies in, or null.
        excluded: Option<&'a str>,
    },
    Closest {
        source: &'a str,
        line: usize,
        column: usize,
        text: &'a str,
        similarity: f64,
        diff: String,
    },
    Summary {
        query: &'a str,
        found: usize,
        excluded: usize,
    },
}

fn json_lines(found: &Found) -> String {
    let mut records: Vec<Record<'_>> = found
        .occurrences
        .iter()
        .map(|o| Record::Occurrence {
            source: &o.source,
            line: o.location.line,
            column: o.location.column,
            text: &o.text,
            sentence: &o.sentence,
            excluded: o.excluded.as_deref(),
        })
        .collect();
    records.extend(found.closest.iter().map(|p| Record::Closest {
        source: &p.source,
        line: p.location.line,
        column: p.location.column,
        text: &p.text,
        similarity: (p.similarity * 100.0).round() / 100.0,
        diff: WordDiff::new(&found.query, &p.normalized).render(Style::PLAIN),
    }));
    let evidence = found.evidence().count();
    records.push(Record::Summary {
        query: &found.query,
        found: evidence,
        excluded: found.occurrences.len() - evidence,
    });
    records.iter().map(|record| json::to_line(record) + "\n").collect()
}

//! JSON Lines for machines: the records of the format spec's CLI contract, field for field.
//!
//! One `claim` record per claim, one `error` record per problem of an assertion file that could not be loaded
//! (or of `corpus.toml`), then one `summary` record. Fields beyond the spec's are additions only (`column`, and
//! on failures `line`, `column` and `expected`); nothing the spec names is renamed or removed.

use serde::Serialize;

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::evidence::{ClaimReport, Failure, Passage};

#[derive(Serialize)]
struct ClaimRecord<'a> {
    r#type: &'static str,
    name: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    verdict: &'static str,
    outcome: &'static str,
    failures: Vec<FailureRecord<'a>>,
}

#[derive(Serialize)]
struct FailureRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<usize>,
    check: &'static str,
    message: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closest: Option<PassageRecord<'a>>,
}

#[derive(Serialize)]
struct PassageRecord<'a> {
    source: &'a str,
    line: usize,
    column: usize,
    text: &'a str,
    similarity: f64,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    r#type: &'static str,
    file: &'a str,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct SummaryRecord {
    r#type: &'static str,
    passed: usize,
    failed: usize,
    ignored: usize,
    errors: usize,
}

/// A record as one line of JSON (without the line break). For records made of strings, integers, booleans and
/// finite floats, which always serialize.
pub fn to_line<T: Serialize>(record: &T) -> String {
    // The records hold only strings, integers and finite floats, which always serialize.
    let line = serde_json::to_string(record).expect("records are always serializable");
    // A GitHub Actions log reads `##[` anywhere in a line as a (legacy) workflow command. Outside strings JSON
    // has no `#`, and inside one `[` may be written `\u005b`: the same JSON, which the runner reads as text.
    if line.contains("##[") { line.replace("##[", "##\\u005b") } else { line }
}

/// The `claim` record of a report.
pub fn claim(report: &ClaimReport) -> String {
    to_line(&ClaimRecord {
        r#type: "claim",
        name: &report.name,
        file: &report.file,
        line: report.location.line,
        column: report.location.column,
        verdict: report.verdict.as_str(),
        outcome: report.outcome.as_str(),
        failures: report.failures.iter().map(failure).collect(),
    })
}

fn failure(failure: &Failure) -> FailureRecord<'_> {
    FailureRecord {
        evidence: failure.evidence,
        check: failure.check.as_str(),
        message: failure.message(),
        line: failure.location.line,
        column: failure.location.column,
        expected: failure.expected.as_deref(),
        closest: failure.closest.as_ref().map(passage),
    }
}

fn passage(passage: &Passage) -> PassageRecord<'_> {
    PassageRecord {
        source: &passage.source,
        line: passage.location.line,
        column: passage.location.column,
        text: &passage.text,
        // Two decimals, as people read it; the value is in 0..=1, so this is finite.
        similarity: (passage.similarity * 100.0).round() / 100.0,
    }
}

/// The `error` record of a problem in an input file.
pub fn error(diagnostic: &Diagnostic) -> String {
    to_line(&ErrorRecord {
        r#type: "error",
        file: &diagnostic.file,
        line: diagnostic.location.line,
        column: diagnostic.location.column,
        message: diagnostic.kind.to_string(),
    })
}

/// The final `summary` record.
pub fn summary(summary: &Summary) -> String {
    to_line(&SummaryRecord {
        r#type: "summary",
        passed: summary.passed,
        failed: summary.failed,
        ignored: summary.ignored,
        errors: summary.errors,
    })
}

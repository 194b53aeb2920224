//! JUnit XML, for CI systems that read test results in that format and do not run nextest.
//!
//! One `<testsuite>` per assertion file, one `<testcase>` per claim (named as `cargo test` names it), a
//! `<failure>` holding the plain human report for a failed claim (type `schema` for a malformed one),
//! `<skipped>` for a pending one, and an `<error>` for each test standing for a file that could not be loaded.
//!
//! The text is escaped by hand rather than with an XML library: the output is one fixed shape and the only
//! hazard is the text inside it, which [`escape`] handles (markup characters, line breaks in attributes, and
//! the control characters XML 1.0 cannot carry at all, which become visible `\u{..}` escapes).

use std::fmt::Write as _;
use std::time::Duration;

use super::Paths;
use super::human;
use super::style::{Style, printable};
use crate::assertion::load::test_stem;
use crate::evidence::{ClaimReport, Outcome};

/// One test case, ready to write.
struct Case<'a> {
    name: String,
    file: String,
    line: usize,
    result: CaseResult<'a>,
}

enum CaseResult<'a> {
    Passed,
    Failed(&'a ClaimReport),
    Skipped,
    Error(&'a ClaimReport),
}

/// The suite of one assertion file.
struct Suite<'a> {
    name: String,
    cases: Vec<Case<'a>>,
}

/// The JUnit XML document of a run: a report per test, in file order.
pub fn render(tests: &[ClaimReport], paths: &Paths, elapsed: Duration) -> String {
    let mut suites: Vec<Suite<'_>> = Vec::new();
    for report in tests {
        let stem = test_stem(&report.file);
        if suites.last().is_none_or(|suite| suite.name != stem) {
            suites.push(Suite { name: stem.to_owned(), cases: Vec::new() });
        }
        let result = match report.outcome {
            Outcome::Passed => CaseResult::Passed,
            Outcome::Failed if !ClaimReport::file_errors([report]).is_empty() => CaseResult::Error(report),
            Outcome::Failed => CaseResult::Failed(report),
            Outcome::Ignored => CaseResult::Skipped,
        };
        let case =
            Case { name: report.name.clone(), file: paths.assertion(&report.file), line: report.location.line, result };
        // A suite was pushed above when the last one was not this file's.
        if let Some(suite) = suites.last_mut() {
            suite.cases.push(case);
        }
    }

    let count = |suite: &Suite<'_>, wanted: fn(&CaseResult<'_>) -> bool| {
        suite.cases.iter().filter(|c| wanted(&c.result)).count()
    };
    let failed = |result: &CaseResult<'_>| matches!(result, CaseResult::Failed(_));
    let errored = |result: &CaseResult<'_>| matches!(result, CaseResult::Error(_));
    let skipped = |result: &CaseResult<'_>| matches!(result, CaseResult::Skipped);
    let total = |wanted: fn(&CaseResult<'_>) -> bool| suites.iter().map(|suite| count(suite, wanted)).sum::<usize>();
    let tests: usize = suites.iter().map(|suite| suite.cases.len()).sum();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"factcheck\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
        total(failed),
        total(errored),
        total(skipped),
        elapsed.as_secs_f64()
    );
    for suite in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            escape(&suite.name, true),
            suite.cases.len(),
            count(suite, failed),
            count(suite, errored),
            count(suite, skipped)
        );
        for case in &suite.cases {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                escape(&case.name, true),
                escape(&suite.name, true),
                escape(&case.file, true),
                case.line
            );
            match &case.result {
                CaseResult::Passed => out.push_str("/>\n"),
                CaseResult::Skipped => {
                    out.push_str(
                        ">\n      <skipped message=\"pending: runs with --include-ignored\"/>\n    </testcase>\n",
                    );
                }
                CaseResult::Failed(report) => {
                    let body = human::claim_failure(report, paths, Style::PLAIN);
                    let _ = write!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                        escape(&failure_message(report), true),
                        report.failures.first().map_or("failed", |failure| failure.check.as_str()),
                        escape(body.trim_end(), false)
                    );
                }
                CaseResult::Error(report) => {
                    let body = human::claim_failure(report, paths, Style::PLAIN);
                    let count = report.failures.len();
                    let message = format!(
                        "{} could not be loaded ({count} problem{})",
                        report.file,
                        if count == 1 { "" } else { "s" }
                    );
                    let _ = write!(
                        out,
                        ">\n      <error message=\"{}\" type=\"schema\">{}</error>\n    </testcase>\n",
                        escape(&message, true),
                        escape(body.trim_end(), false)
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The one-line message of a failed claim: its first failure, and how many more there are.
fn failure_message(report: &ClaimReport) -> String {
    let Some(first) = report.failures.first() else { return "failed".to_owned() };
    let what = match first.evidence {
        Some(index) => format!("evidence #{index} ({})", first.check.as_str()),
        None => first.check.as_str().to_owned(),
    };
    let more = report.failures.len() - 1;
    let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    format!("{what}: {}{more}", first.message())
}

/// `text` escaped for XML: as an attribute value (`attribute`), where line breaks and tabs must be character
/// references to survive, or as element content. Characters XML 1.0 cannot hold even as references (C0
/// controls other than tab and line breaks, U+FFFE, U+FFFF), and the other characters [`printable`] guards
/// against, are written as visible `\u{..}` escapes.
pub fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            _ => out.push_str(&printable(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::Verdict;
    use crate::assertion::load::FileError;
    use crate::diagnostic::{Diagnostic, ProblemKind};
    use crate::evidence::{Check, Failure, FailureKind};
    use crate::location::LineColumn;

    fn report(file: &str, id: &str, outcome: Outcome) -> ClaimReport {
        let failures = match outcome {
            Outcome::Failed => vec![Failure {
                evidence: Some(1),
                location: LineColumn { line: 9, column: 1 },
                check: Check::Quote,
                expected: Some("quote \"a < b & c\"".into()),
                quote: Some("a < b & c".into()),
                kind: FailureKind::NotFound { scope: None, elsewhere: vec![], missing_terms: vec![] },
                closest: None,
            }],
            _ => Vec::new(),
        };
        ClaimReport {
            name: format!("{}::{id}", test_stem(file)),
            file: file.into(),
            location: LineColumn { line: 3, column: 1 },
            verdict: Verdict::Supported,
            text: "Claim \"quoted\" & <tagged>\u{1b}[31m".into(),
            outcome,
            failures,
        }
    }

    #[test]
    fn escaping_keeps_the_document_well_formed() {
        assert_eq!(escape("a<b>&\"c\"'d'", true), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
        assert_eq!(escape("one\ntwo\r\tthree", true), "one&#10;two&#13;&#9;three");
        assert_eq!(escape("one\ntwo\tthree", false), "one\ntwo\tthree");
        assert_eq!(escape("bell\u{7} esc\u{1b} nul\u{0} \u{FFFF}", false), "bell\\u{7} esc\\u{1b} nul\\u{0} \\u{ffff}");
        assert_eq!(escape("Zelenskiy’s “visit” — 2025", true), "Zelenskiy’s “visit” — 2025");
    }

    #[test]
    fn suites_follow_files_and_cases_follow_outcomes() {
        let reports = vec![
            report("a.toml", "one", Outcome::Passed),
            report("a.toml", "two", Outcome::Failed),
            report("b/c.toml", "three", Outcome::Ignored),
        ];
        let error = FileError {
            file: "broken.toml".into(),
            diagnostics: vec![Diagnostic {
                file: "broken.toml".into(),
                location: LineColumn { line: 4, column: 1 },
                kind: ProblemKind::Syntax { message: "expected `=`".into() },
            }],
            claim_names: Vec::new(),
        };
        let mut reports = reports;
        reports.insert(2, ClaimReport::file_not_loaded("broken".into(), &error));
        let paths = Paths { assertions: "assertions/".into(), corpus: "seeds/".into() };
        let xml = render(&reports, &paths, Duration::from_millis(1500));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"factcheck\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"1.500\">"), "{xml}");
        let suites: Vec<&str> = xml.lines().filter(|line| line.trim_start().starts_with("<testsuite ")).collect();
        assert_eq!(
            suites,
            [
                "  <testsuite name=\"a\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">",
                "  <testsuite name=\"broken\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">",
                "  <testsuite name=\"b/c\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\">",
            ]
        );
        assert!(xml.contains("<testcase name=\"a::one\" classname=\"a\" file=\"assertions/a.toml\" line=\"3\"/>"));
        assert!(xml.contains("<failure message=\"evidence #1 (quote): not found in any source\" type=\"quote\">claim: Claim &quot;quoted&quot; &amp; &lt;tagged&gt;\\u{1b}[31m\n"), "{xml}");
        assert!(xml.contains("expected: a &lt; b &amp; c"), "{xml}");
        assert!(xml.contains("<skipped message=\"pending: runs with --include-ignored\"/>"));
        assert!(xml.contains("<error message=\"broken.toml could not be loaded (1 problem)\" type=\"schema\">claim: (not read: its file could not be loaded)\n  --&gt; assertions/broken.toml:4:1"), "{xml}");
        assert!(!xml.contains('\u{1b}'));
    }
}

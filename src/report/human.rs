//! Failure reports for people: the claim, the evidence that failed and why, the passage found instead, and
//! a word-level diff.
//!
//! ```text
//! claim: Trump and Putin met in Anchorage for nearly three hours.
//!   --> assertions/alaska-summit.toml:3:1
//!
//! evidence #1: quote not found in 000_fbb003d94346f9a6.txt
//!   --> assertions/alaska-summit.toml:9:1
//!    expected: The two leaders met for nearly three hours in Anchorage
//!       found: The two leaders met for about three hours in Anchorage
//!          at: seeds/000_fbb003d94346f9a6.txt:7:90 (similarity 0.93)
//!        diff: The two leaders met for [-nearly-]{+about+} three hours in Anchorage
//!
//! next steps:
//!       rerun: cargo run -q -- check --exact alaska-summit::leaders-met-nearly-three-hours
//!      review: cargo run -q -- review --exact alaska-summit::leaders-met-nearly-three-hours
//! ```
//!
//! (The next steps come from [`next_steps`], which `check` and the harness print after each failure.)

use std::fmt::Write as _;

use similar::ChangeTag;

use super::diff::WordDiff;
use super::style::{Paint, Style, printable};
use super::{NextSteps, Paths};
use crate::assertion::load::FileError;
use crate::evidence::{Check, ClaimReport, Failure, FailureKind, Passage};

/// The full report of a failed claim (empty for a claim that passed).
pub fn claim_failure(report: &ClaimReport, paths: &Paths, style: Style) -> String {
    let mut out = String::new();
    let text = if !report.text.is_empty() {
        printable(&report.text)
    } else if ClaimReport::file_errors([report]).is_empty() {
        "(not read)".into()
    } else {
        "(not read: its file could not be loaded)".into()
    };
    let _ = writeln!(out, "{} {text}", style.paint(Paint::Bold, "claim:"));
    let _ = writeln!(out, "  --> {}", style.paint(Paint::Location, &paths.assertion_at(&report.file, report.location)));
    if !report.could_not_be_read() {
        let _ = writeln!(out, "  verdict: {}", report.verdict);
    }
    for failure in &report.failures {
        out.push('\n');
        out.push_str(&failure_section(report, failure, paths, style));
    }
    out
}

/// One failure: its header, its message, and the passage with its diff.
fn failure_section(report: &ClaimReport, failure: &Failure, paths: &Paths, style: Style) -> String {
    let mut out = String::new();
    let title = match failure.evidence {
        Some(index) => format!("evidence #{index} ({}) failed", failure.check.as_str()),
        None => format!("{} failed", failure.check.as_str()),
    };
    let _ = writeln!(out, "{}", style.paint(Paint::Error, &title));
    let _ =
        writeln!(out, "  --> {}", style.paint(Paint::Location, &paths.assertion_at(&report.file, failure.location)));
    out.push_str(&failure_details(failure, paths, style));
    out
}

/// A failure without its header: its message, then the passage with its diff (`expected`, `closest`, `at`,
/// `diff`), one line each, indented. What an editor shows under the failing item.
pub fn failure_details(failure: &Failure, paths: &Paths, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  {}", printable(&failure.message()));
    let label = |name: &str| format!("{name:>10}:");
    if let Some(expected) = &failure.expected
        && failure.quote.is_none()
    {
        let _ = writeln!(out, "{} {}", label("expected"), printable(expected));
    }
    match (&failure.quote, &failure.closest, &failure.kind) {
        (Some(quote), Some(passage), FailureKind::NotFound { .. }) => {
            let diff = WordDiff::new(quote, &passage.normalized);
            let _ = writeln!(out, "{} {}", label("expected"), diff.render_side(ChangeTag::Delete, style));
            let _ = writeln!(out, "{} {}", label("closest"), diff.render_side(ChangeTag::Insert, style));
            let _ = writeln!(out, "{} {}", label("at"), passage_location(passage, paths, style, true));
            let _ = writeln!(out, "{} {}", label("diff"), diff.render(style));
        }
        (quote, Some(passage), _) => {
            if let Some(quote) = quote {
                let _ = writeln!(out, "{} {}", label("expected"), printable(quote));
            }
            let name = if failure.check == Check::Terms { "closest" } else { "found" };
            let _ = writeln!(out, "{} {}", label(name), printable(&passage.normalized));
            let _ = writeln!(
                out,
                "{} {}",
                label("at"),
                passage_location(passage, paths, style, failure.check == Check::Terms)
            );
        }
        (Some(quote), None, _) => {
            let _ = writeln!(out, "{} {}", label("expected"), printable(quote));
        }
        (None, None, _) => {}
    }
    if let FailureKind::Ungrounded { sentences, .. } = &failure.kind {
        for sentence in sentences {
            let _ = writeln!(out, "{} {}", label("evidence"), printable(&sentence.normalized));
            let _ = writeln!(out, "{} {}", label("at"), passage_location(sentence, paths, style, false));
        }
    }
    out
}

/// What to run after a failure: the claim again, and its review.
pub fn next_steps(steps: &NextSteps, style: Style) -> String {
    format!(
        "{}\n{:>10}: {}\n{:>10}: {}\n",
        style.paint(Paint::Bold, "next steps:"),
        "rerun",
        printable(&steps.rerun),
        "review",
        printable(&steps.review)
    )
}

fn passage_location(passage: &Passage, paths: &Paths, style: Style, with_similarity: bool) -> String {
    let location = style.paint(Paint::Location, &paths.source_at(&passage.source, passage.location));
    if with_similarity { format!("{location} (similarity {:.2})", passage.similarity) } else { location }
}

/// The report of an assertion file that could not be loaded: every problem, located.
pub fn file_error(error: &FileError, paths: &Paths, style: Style) -> String {
    let mut out = String::new();
    let count = error.diagnostics.len();
    let _ = writeln!(
        out,
        "{} {} could not be loaded ({count} problem{}); none of its claims ran",
        style.paint(Paint::Error, "error:"),
        printable(&paths.assertion(&error.file)),
        if count == 1 { "" } else { "s" }
    );
    for diagnostic in &error.diagnostics {
        let location = paths.assertion_at(&diagnostic.file, diagnostic.location);
        let _ = writeln!(
            out,
            "  --> {}: {}",
            style.paint(Paint::Location, &location),
            printable(&diagnostic.kind.to_string())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::misquote_report;

    #[test]
    fn a_quote_not_found_shows_the_passage_its_location_and_the_diff() {
        let paths = Paths { assertions: "assertions/".into(), corpus: "seeds/".into() };
        let text =
            claim_failure(&misquote_report("alaska::met", "They met for nearly three hours."), &paths, Style::PLAIN);
        assert!(text.contains("claim: They met for nearly three hours."), "{text}");
        assert!(text.contains("--> assertions/alaska.toml:3:1"), "{text}");
        assert!(text.contains("evidence #1 (quote) failed"), "{text}");
        assert!(text.contains("--> assertions/alaska.toml:9:1"), "{text}");
        assert!(text.contains("not found in 000.txt"), "{text}");
        assert!(text.contains("  expected: met for nearly three hours\n"), "{text}");
        assert!(text.contains("   closest: met for about three hours\n"), "{text}");
        assert!(text.contains("        at: seeds/000.txt:7:90 (similarity 0.90)"), "{text}");
        assert!(text.contains("      diff: met for [-nearly-]{+about+} three hours"), "{text}");
    }

    #[test]
    fn next_steps_name_both_commands() {
        let paths = Paths { assertions: "assertions/".into(), corpus: "seeds/".into() };
        let steps = NextSteps::new("alaska::met", &paths, crate::report::Runner::Cli);
        assert_eq!(
            next_steps(&steps, Style::PLAIN),
            "next steps:\n     rerun: cargo run -q -- check --exact alaska::met\n    \
             review: cargo run -q -- review --exact alaska::met\n"
        );
    }
}

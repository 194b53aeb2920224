//! GitHub Actions workflow commands: annotations on the assertion's line and a notice on the source's.
//!
//! The text of an annotation comes from pull requests, and GitHub reads any log line that starts with `::` as
//! a command. Every value is therefore escaped as the runner expects (`%`, CR and LF in messages; also `:` and
//! `,` in properties), so a claim can never end its annotation early and start a command of its own. Each line
//! of a message is also made [`printable`] first: the same lines land on terminals when run locally, where an
//! escape sequence in a claim must not act.

use super::style::printable;
use super::{NextSteps, Paths, Runner};
use crate::diagnostic::Diagnostic;
use crate::evidence::ClaimReport;
use crate::location::LineColumn;

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(kind: &str, file: &str, location: LineColumn, title: &str, message: &str) -> String {
    let message: Vec<_> = message.split('\n').map(printable).collect();
    format!(
        "::{kind} file={},line={},col={},title={}::{}",
        escape_property(&printable(file)),
        location.line,
        location.column,
        escape_property(&printable(title)),
        escape_data(&message.join("\n"))
    )
}

/// The annotations of a failed claim: an error on each failing item's line, ending with the commands that rerun
/// and review the claim, and a notice on each passage shown.
pub fn claim(report: &ClaimReport, paths: &Paths) -> Vec<String> {
    let mut lines = Vec::new();
    let steps = NextSteps::new(&report.name, paths, Runner::Cli);
    for failure in &report.failures {
        let what = match failure.evidence {
            Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
            None => failure.check.as_str().to_owned(),
        };
        let mut message = format!("{}\n{what}: {}", report.text, failure.message());
        if let Some(passage) = &failure.closest {
            message.push_str(&format!(
                "\nclosest: {} ({}, similarity {:.2})",
                passage.normalized,
                paths.source_at(&passage.source, passage.location),
                passage.similarity
            ));
        }
        message.push_str(&format!("\nrerun: {}\nreview: {}", steps.rerun, steps.review));
        let file = paths.assertion(&report.file);
        lines.push(command("error", &file, failure.location, &format!("factcheck: {}", report.name), &message));
        if let Some(passage) = &failure.closest {
            let title = format!("factcheck: {} cites this passage", report.name);
            let message = format!(
                "{what} of {} ({}): {}",
                report.name,
                paths.assertion_at(&report.file, failure.location),
                failure.message()
            );
            lines.push(command("notice", &paths.source(&passage.source), passage.location, &title, &message));
        }
    }
    lines
}

/// The annotation of a problem in an input file.
pub fn error(diagnostic: &Diagnostic, file: &str) -> String {
    command("error", file, diagnostic.location, "factcheck: cannot load", &diagnostic.kind.to_string())
}

/// A warning annotation (`factcheck lint`) on `file` at `location`.
pub fn warning(file: &str, location: LineColumn, title: &str, message: &str) -> String {
    command("warning", file, location, title, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_start_a_command() {
        let message = escape_data("ok\n::error file=x::pwned 100%");
        assert_eq!(message, "ok%0A::error file=x::pwned 100%25");
        assert!(!message.contains('\n'));
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }

    #[test]
    fn commands_carry_file_line_and_column() {
        let line = command("error", "assertions/a.toml", LineColumn { line: 3, column: 1 }, "t", "m");
        assert_eq!(line, "::error file=assertions/a.toml,line=3,col=1,title=t::m");
    }

    #[test]
    fn a_failure_ends_with_the_next_step() {
        let paths = Paths { assertions: "assertions/".into(), corpus: "seeds/".into() };
        let lines = claim(&crate::report::misquote_report("alaska::met", "They met."), &paths);
        assert!(
            lines[0]
                .starts_with("::error file=assertions/alaska.toml,line=9,col=1,title=factcheck%3A alaska%3A%3Amet::")
        );
        assert!(
            lines[0].ends_with(
                "%0Arerun: cargo run -q -- check --exact alaska::met%0Areview: cargo run -q -- review --exact alaska::met"
            ),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("::notice file=seeds/000.txt,line=7,col=90"), "{}", lines[1]);
    }

    #[test]
    fn terminal_escapes_and_legacy_commands_in_messages_are_neutralized() {
        let at = LineColumn { line: 1, column: 1 };
        let line = command("error", "a.toml", at, "t\x1b[2J", "claim \x1b]0;x\x07\nsecond ##[error]y\r");
        assert_eq!(
            line,
            "::error file=a.toml,line=1,col=1,title=t\\u{1b}[2J::claim \\u{1b}]0;x\\u{7}%0Asecond ##\\u{5b}error]y\\u{d}"
        );
    }
}

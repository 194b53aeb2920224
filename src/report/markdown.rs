//! A Markdown summary of a run, for pull-request comments and GitHub's job summary (`$GITHUB_STEP_SUMMARY`).
//!
//! The counts, then a table of the failed claims (each failure with its `file:line` link, the check and the
//! message), then, for each failure that has a passage to show, the expected and the found text in a `diff`
//! code block; then the next steps, the commands that rerun and review each failed claim from a clone; then the
//! files that could not be loaded.
//!
//! Everything in it that comes from a pull request (claims, quotes, passages, file names) is escaped: inline
//! text so that it cannot close a table cell, start a link or an HTML tag, or mention (`@`) a person; code blocks
//! with a fence longer than any run of backticks inside them. Self-contained: it needs reports and paths, and
//! nothing of the command that made them.

use std::fmt::Write as _;

use super::style::printable;
use super::{NextSteps, Paths, Runner, Summary};
use crate::evidence::{ClaimReport, Failure, FailureKind, Outcome};
use crate::location::LineColumn;

/// How to write the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The URL that paths are appended to for links, ending in `/`, such as
    /// `https://github.com/OWNER/REPO/blob/SHA/`; without it locations are plain text.
    pub link_base: Option<String>,
    /// At most this many failures in the table and as diffs; the rest are counted.
    pub max_failures: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { link_base: None, max_failures: 50 }
    }
}

impl Options {
    /// Links into the repository and commit a GitHub Actions run is for, from the variables the runner sets
    /// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`); no links outside Actions.
    pub fn from_github_env() -> Options {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let link_base = match (var("GITHUB_SERVER_URL"), var("GITHUB_REPOSITORY"), var("GITHUB_SHA")) {
            (Some(server), Some(repository), Some(sha)) => {
                Some(format!("{}/{repository}/blob/{sha}/", server.trim_end_matches('/')))
            }
            _ => None,
        };
        Options { link_base, ..Options::default() }
    }
}

/// The summary of a run: a report per test (in any order), the files that could not be loaded among them.
pub fn summary(reports: &[ClaimReport], paths: &Paths, options: &Options) -> String {
    let mut counts = Summary::default();
    reports.iter().for_each(|report| counts.add(report));
    let errors = ClaimReport::file_errors(reports);
    let mut files: Vec<&str> = errors.iter().map(|diagnostic| diagnostic.file.as_str()).collect();
    files.dedup();
    counts.errors = files.len();
    let mut out = String::new();
    let ran = counts.passed + counts.failed;
    let headline = if counts.success() {
        format!("all {ran} claim{} passed", plural(ran))
    } else if counts.failed > 0 {
        format!("{} of {ran} claim{} failed", counts.failed, plural(ran))
    } else {
        format!("{} assertion file{} could not be loaded", counts.errors, plural(counts.errors))
    };
    let _ = writeln!(out, "## factcheck: {headline}\n");
    let _ = writeln!(out, "| passed | failed | ignored | files with errors |\n| ---: | ---: | ---: | ---: |");
    let _ = writeln!(out, "| {} | {} | {} | {} |", counts.passed, counts.failed, counts.ignored, counts.errors);

    let failures: Vec<(&ClaimReport, &Failure)> = reports
        .iter()
        .filter(|report| report.outcome == Outcome::Failed)
        .flat_map(|report| report.failures.iter().map(move |failure| (report, failure)))
        // A file that could not be loaded has its own section below.
        .filter(|(_, failure)| !matches!(failure.kind, FailureKind::FileNotLoaded { .. }))
        .collect();
    let shown = &failures[..failures.len().min(options.max_failures)];
    if !failures.is_empty() {
        let _ = writeln!(out, "\n### Failed claims\n\n| claim | where | check | message |\n| --- | --- | --- | --- |");
        for (report, failure) in shown {
            let what = match failure.evidence {
                Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
                None => failure.check.as_str().to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&report.name),
                link(&paths.assertion(&report.file), failure.location, options),
                inline(&what),
                inline(&failure.message())
            );
        }
        if failures.len() > shown.len() {
            let _ = writeln!(
                out,
                "\n{} more failure{} not shown; `factcheck check` lists them all.",
                failures.len() - shown.len(),
                plural(failures.len() - shown.len())
            );
        }
        for (report, failure) in shown {
            if let Some(section) = passage_section(report, failure, paths, options) {
                out.push('\n');
                out.push_str(&section);
            }
        }
        let mut names: Vec<&str> = shown.iter().map(|(report, _)| report.name.as_str()).collect();
        names.dedup();
        let commands: Vec<String> = names
            .iter()
            .map(|name| {
                let steps = NextSteps::new(name, paths, Runner::Cli);
                format!("{}\n{}", printable(&steps.rerun), printable(&steps.review))
            })
            .collect();
        let _ = writeln!(
            out,
            "\n### Next steps\n\nFrom a clone of the repository, run each failed claim again, and review it: accept a \
             passage that changed only in wording, or mark the claim pending.\n"
        );
        out.push_str(&code_block("sh", &commands.join("\n")));
    }
    if !errors.is_empty() {
        let _ =
            writeln!(out, "\n### Files that could not be loaded\n\n| file | where | problem |\n| --- | --- | --- |");
        for diagnostic in errors {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                inline(&paths.assertion(&diagnostic.file)),
                link(&paths.assertion(&diagnostic.file), diagnostic.location, options),
                inline(&diagnostic.kind.to_string())
            );
        }
    }
    out
}

/// The claim, where the passage is, and what the item expected against what the source says, as a diff.
fn passage_section(report: &ClaimReport, failure: &Failure, paths: &Paths, options: &Options) -> Option<String> {
    let passage = failure.closest.as_ref()?;
    let mut out = String::new();
    let what = match failure.evidence {
        Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
        None => failure.check.as_str().to_owned(),
    };
    let _ = writeln!(out, "#### {}: {}\n", inline(&report.name), inline(&what));
    let _ = writeln!(out, "> {}\n", inline(&report.text));
    let _ = writeln!(
        out,
        "Passage at {} (similarity {:.2}):\n",
        link(&paths.source(&passage.source), passage.location, options),
        passage.similarity
    );
    let expected = failure.quote.as_deref().or(failure.expected.as_deref());
    let mut lines = Vec::new();
    if let Some(expected) = expected {
        lines.push(format!("- {}", printable(expected)));
    }
    lines.push(format!("+ {}", printable(&passage.normalized)));
    out.push_str(&code_block("diff", &lines.join("\n")));
    Some(out)
}

/// `path:line:column`, linked to the line when there is a link base.
fn link(path: &str, location: LineColumn, options: &Options) -> String {
    let text = inline(&format!("{path}:{location}"));
    match &options.link_base {
        Some(base) if !path.starts_with('/') => format!("[{text}]({base}{}#L{})", url_path(path), location.line),
        _ => text,
    }
}

/// A path for a URL: unreserved characters and `/` as they are, every other byte percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Untrusted text for a table cell or a paragraph: control characters and line breaks made visible, the
/// characters Markdown would act on backslash-escaped, and `@` kept from mentioning anyone.
pub fn inline(text: &str) -> String {
    let safe = printable(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after the `@`, as GitHub's own bots write it.
            '@' => out.push_str("@&#8203;"),
            _ => out.push(c),
        }
    }
    out
}

/// A fenced code block whose fence no run of backticks in `content` can close.
pub fn code_block(language: &str, content: &str) -> String {
    let longest = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{content}\n{fence}\n")
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::misquote_report;

    fn failed(name: &str, text: &str) -> ClaimReport {
        misquote_report(name, text)
    }

    fn paths() -> Paths {
        Paths { assertions: "assertions/".into(), corpus: "seeds/".into() }
    }

    #[test]
    fn a_failure_gets_a_row_a_link_and_a_diff() {
        let options = Options { link_base: Some("https://github.com/o/r/blob/abc/".into()), max_failures: 50 };
        let text = summary(&[failed("alaska::met", "They met.")], &paths(), &options);
        assert!(text.starts_with("## factcheck: 1 of 1 claim failed\n"), "{text}");
        assert!(text.contains("| 0 | 1 | 0 | 0 |"), "{text}");
        assert!(
            text.contains(
                "| alaska::met | [assertions/alaska.toml:9:1](https://github.com/o/r/blob/abc/assertions/alaska.toml#L9) \
                 | evidence \\#1 (quote) | not found in 000.txt |"
            ),
            "{text}"
        );
        assert!(text.contains("[seeds/000.txt:7:90](https://github.com/o/r/blob/abc/seeds/000.txt#L7)"), "{text}");
        assert!(text.contains("```diff\n- met for nearly three hours\n+ met for about three hours\n```\n"), "{text}");
        assert!(
            text.contains(
                "### Next steps\n\nFrom a clone of the repository, run each failed claim again, and review it: accept a \
                 passage that changed only in wording, or mark the claim pending.\n\n```sh\n\
                 cargo run -q -- check --exact alaska::met\ncargo run -q -- review --exact alaska::met\n```\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn untrusted_text_cannot_break_out() {
        let report = failed("alaska::met", "A | cell <img src=x> [link](http://x) @octocat ``` \n## heading");
        let text = summary(&[report], &paths(), &Options::default());
        assert!(
            text.contains(
                "> A \\| cell \\<img src=x\\> \\[link\\](http://x) @&#8203;octocat \\`\\`\\` \\\\u{a}\\#\\# heading\n"
            ),
            "{text}"
        );
        // Every `<` is escaped: no HTML tag reaches the page.
        assert!(!text.contains(" <img"), "{text}");
        // Without a link base, locations are plain text.
        assert!(text.contains("| assertions/alaska.toml:9:1 |"), "{text}");
        assert_eq!(code_block("", "a ``` b"), "````\na ``` b\n````\n");
        assert_eq!(url_path("europe/a b(1).toml"), "europe/a%20b%281%29.toml");
    }

    #[test]
    fn success_and_the_failure_cap() {
        let passed = ClaimReport { outcome: Outcome::Passed, failures: vec![], ..failed("a::b", "x") };
        let text = summary(&[passed], &paths(), &Options::default());
        assert!(text.starts_with("## factcheck: all 1 claim passed\n"), "{text}");
        assert!(!text.contains("Failed claims"));
        let many: Vec<ClaimReport> = (0..5).map(|i| failed(&format!("a::c{i}"), "x")).collect();
        let text = summary(&many, &paths(), &Options { link_base: None, max_failures: 2 });
        assert_eq!(text.matches("| a::c").count(), 2, "{text}");
        assert!(text.contains("3 more failures not shown"), "{text}");
    }
}

//! Rendering what the evidence engine found: for people, for machines, for CI.
//!
//! Renderers take [`ClaimReport`]s and load errors and know nothing of how they were found.
//!
//! - [`human`]: the failure report `cargo test` and `factcheck check` print, with word diffs;
//! - [`json`]: the JSON Lines records of the format spec's CLI contract;
//! - [`html`]: a static HTML report, claims and sources with every cited passage highlighted;
//! - [`claimreview`]: schema.org ClaimReview JSON-LD, for publishers;
//! - [`github`]: GitHub Actions workflow commands (annotations), escaped so that no text from a pull request can
//!   issue a command of its own;
//! - [`junit`]: JUnit XML, for CI systems without nextest;
//! - [`markdown`]: a summary for pull-request comments and GitHub's job summary.

pub mod claimreview;
pub mod diff;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod style;

use crate::evidence::{ClaimReport, Outcome};
use crate::location::LineColumn;

/// How to show the paths of assertion files and sources: each is its root as the user gave it, joined to the
/// name, so that `assertions/alaska-summit.toml:3:1` opens in an editor from where the command ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The assertions root as given, with a trailing `/` (or empty).
    pub assertions: String,
    /// The corpus root as given, with a trailing `/` (or empty).
    pub corpus: String,
}

impl Paths {
    /// Paths under the given roots, written as the user wrote them.
    pub fn new(assertions: &std::path::Path, corpus: &std::path::Path) -> Paths {
        let prefix = |path: &std::path::Path| {
            let text = path.to_string_lossy().replace('\\', "/");
            let text = text.strip_prefix("./").unwrap_or(&text);
            if text.is_empty() || text == "." {
                String::new()
            } else if text.ends_with('/') {
                text.to_owned()
            } else {
                format!("{text}/")
            }
        };
        Paths { assertions: prefix(assertions), corpus: prefix(corpus) }
    }

    pub fn assertion(&self, file: &str) -> String {
        format!("{}{file}", self.assertions)
    }

    pub fn assertion_at(&self, file: &str, location: LineColumn) -> String {
        format!("{}{file}:{location}", self.assertions)
    }

    pub fn source(&self, name: &str) -> String {
        format!("{}{name}", self.corpus)
    }

    pub fn source_at(&self, name: &str, location: LineColumn) -> String {
        format!("{}{name}:{location}", self.corpus)
    }
}

/// What runs a claim again: the `factcheck` binary or the `cargo test` harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    Cli,
    Harness,
}

/// The next step after a failure: the command that runs the claim again and the one that reviews it, both as
/// they run from a clone of the repository with only Rust installed (through `cargo`), with the roots given
/// when they are not the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSteps {
    pub rerun: String,
    pub review: String,
}

impl NextSteps {
    pub fn new(name: &str, paths: &Paths, runner: Runner) -> NextSteps {
        let name = shell_word(name);
        // The roots as given, without the trailing `/` that `Paths` adds; `None` for the default.
        let root = |prefix: &str, default: &str| {
            let dir = prefix.strip_suffix('/').unwrap_or(prefix);
            let dir = if dir.is_empty() { "." } else { dir };
            (dir != default).then(|| shell_word(dir))
        };
        let corpus = root(&paths.corpus, "seeds");
        let assertions = root(&paths.assertions, "assertions");
        let mut flags = String::new();
        if let Some(dir) = &corpus {
            flags.push_str(&format!(" --corpus {dir}"));
        }
        if let Some(dir) = &assertions {
            flags.push_str(&format!(" --assertions {dir}"));
        }
        let rerun = match runner {
            Runner::Cli => format!("cargo run -q -- check --exact {name}{flags}"),
            Runner::Harness => {
                let mut env = String::new();
                if let Some(dir) = &corpus {
                    env.push_str(&format!("FACTCHECK_CORPUS={dir} "));
                }
                if let Some(dir) = &assertions {
                    env.push_str(&format!("FACTCHECK_ASSERTIONS={dir} "));
                }
                format!("{env}cargo test --test factcheck -- --exact {name}")
            }
        };
        NextSteps { rerun, review: format!("cargo run -q -- review --exact {name}{flags}") }
    }
}

/// `text` as one word for a POSIX shell: as it is when it has only characters no shell acts on, single-quoted
/// otherwise.
pub fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub ignored: usize,
    /// Assertion files that could not be loaded.
    pub errors: usize,
}

impl Summary {
    pub fn add(&mut self, report: &ClaimReport) {
        match report.outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Ignored => self.ignored += 1,
        }
    }

    /// Whether the run succeeded (exit status 0).
    pub fn success(&self) -> bool {
        self.failed == 0 && self.errors == 0
    }
}

/// A failing report for the renderers' tests: claim `name` (in `alaska.toml`, line 3) cites "met for nearly
/// three hours" (line 9), and the closest passage, at `000.txt:7:90`, says "met for about three hours".
#[cfg(test)]
pub(crate) fn misquote_report(name: &str, text: &str) -> ClaimReport {
    use crate::assertion::Verdict;
    use crate::evidence::{Check, Failure, FailureKind, Passage};
    ClaimReport {
        name: name.into(),
        file: "alaska.toml".into(),
        location: LineColumn { line: 3, column: 1 },
        verdict: Verdict::Supported,
        text: text.into(),
        outcome: Outcome::Failed,
        failures: vec![Failure {
            evidence: Some(1),
            location: LineColumn { line: 9, column: 1 },
            check: Check::Quote,
            expected: Some("quote \"met for nearly three hours\"".into()),
            quote: Some("met for nearly three hours".into()),
            kind: FailureKind::NotFound {
                scope: Some(vec!["000.txt".into()]),
                elsewhere: vec![],
                missing_terms: vec![],
            },
            closest: Some(Passage {
                source: "000.txt".into(),
                range: 0..10,
                location: LineColumn { line: 7, column: 90 },
                text: "met for about three hours".into(),
                normalized: "met for about three hours".into(),
                similarity: 0.9,
            }),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_keep_the_roots_as_given() {
        let paths = Paths::new(Path::new("assertions"), Path::new("./seeds/"));
        assert_eq!(paths.assertion("a.toml"), "assertions/a.toml");
        assert_eq!(paths.source_at("000.txt", LineColumn { line: 7, column: 2 }), "seeds/000.txt:7:2");
        let here = Paths::new(Path::new("."), Path::new(""));
        assert_eq!(here.assertion("a.toml"), "a.toml");
        assert_eq!(here.source("b.txt"), "b.txt");
    }

    #[test]
    fn next_steps_run_from_a_clone_with_the_roots_given() {
        let defaults = Paths::new(Path::new("assertions"), Path::new("seeds"));
        let steps = NextSteps::new("europe/leaders::met", &defaults, Runner::Cli);
        assert_eq!(steps.rerun, "cargo run -q -- check --exact europe/leaders::met");
        assert_eq!(steps.review, "cargo run -q -- review --exact europe/leaders::met");
        let harness = NextSteps::new("a::b", &defaults, Runner::Harness);
        assert_eq!(harness.rerun, "cargo test --test factcheck -- --exact a::b");
        let other = Paths::new(Path::new("my claims"), Path::new("corpus/"));
        let steps = NextSteps::new("it's::x", &other, Runner::Cli);
        assert_eq!(steps.rerun, "cargo run -q -- check --exact 'it'\\''s::x' --corpus corpus --assertions 'my claims'");
        let harness = NextSteps::new("a::b", &other, Runner::Harness);
        assert_eq!(
            harness.rerun,
            "FACTCHECK_CORPUS=corpus FACTCHECK_ASSERTIONS='my claims' cargo test --test factcheck -- --exact a::b"
        );
    }
}

//! `factcheck lint`: every structural error of every file at once, then the warnings of [`crate::lint`].
//!
//! Unlike the other commands, lint carries on past a malformed `corpus.toml`: its errors are reported with the
//! rest, and the assertion files are still read (with the default limits) and linted.

use std::fmt::Write as _;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::session::SessionError;
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::load;
use crate::corpus::{Corpus, CorpusError, config};
use crate::diagnostic::Diagnostic;
use crate::limits::Limits;
use crate::lint::{Finding, Lint, Root, lint};
use crate::location::LineColumn;
use crate::report::Paths;
use crate::report::style::{Paint, Style, printable};
use crate::report::{github, json};

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Fail (exit 1) on warnings too, as CI should.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output: human, json (JSON Lines: a record per problem, then a summary), github (human plus annotations).
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Colour human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
}

/// One line of the report: an error of a loader, or a warning of the lint.
#[derive(Clone, Copy)]
enum Problem<'a> {
    Error(Root, &'a Diagnostic),
    Warning(&'a Finding),
}

impl Problem<'_> {
    /// Where the problem is: root, file relative to it, position; the key problems are sorted by, errors first.
    fn place(&self) -> (Root, &str, LineColumn, bool) {
        match self {
            Problem::Error(root, diagnostic) => (*root, &diagnostic.file, diagnostic.location, false),
            Problem::Warning(finding) => (finding.root, &finding.file, finding.location, true),
        }
    }

    fn code(&self) -> Option<&'static str> {
        match self {
            Problem::Error(..) => None,
            Problem::Warning(finding) => Some(finding.warning.code()),
        }
    }

    fn message(&self) -> String {
        match self {
            Problem::Error(_, diagnostic) => diagnostic.kind.to_string(),
            Problem::Warning(finding) => finding.warning.to_string(),
        }
    }

    /// The file's path as the roots were given: a path to open.
    fn path(&self, paths: &Paths) -> String {
        match self.place() {
            (Root::Assertions, file, ..) => paths.assertion(file),
            (Root::Corpus, file, ..) => paths.source(file),
        }
    }
}

/// Lints both roots; exit status 1 on errors, or on warnings with `--deny-warnings`.
pub fn run(args: &LintArgs) -> u8 {
    let roots = &args.roots;
    let mut corpus_errors: Vec<Diagnostic> = Vec::new();
    let config = config::load(&roots.corpus, &Limits::default()).map_err(|errors| corpus_errors.extend(errors)).ok();
    let limits = config.as_ref().map_or_else(Limits::default, |config| config.limits);
    let files = match load::load_root(&roots.assertions, &limits, crate::parallel::default_threads()) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {}", SessionError::AssertionsRoot { root: roots.assertions.clone(), error });
            return EXIT_USAGE;
        }
    };
    let corpus = match config.map(|config| Corpus::with_config(&roots.corpus, config)) {
        None => None,
        Some(Ok(corpus)) => Some(corpus),
        Some(Err(CorpusError::Config { diagnostics })) => {
            corpus_errors.extend(diagnostics);
            None
        }
        Some(Err(error)) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let lint = lint(&files, corpus.as_ref());

    let file_errors = files.iter().flat_map(load::problems);
    let mut problems: Vec<Problem<'_>> = corpus_errors
        .iter()
        .map(|diagnostic| Problem::Error(Root::Corpus, diagnostic))
        .chain(file_errors.map(|diagnostic| Problem::Error(Root::Assertions, diagnostic)))
        .chain(lint.findings.iter().map(Problem::Warning))
        .collect();
    problems.sort_by(|a, b| a.place().cmp(&b.place()));
    let errors = problems.iter().filter(|p| p.code().is_none()).count();
    let warnings = problems.len() - errors;

    let paths = roots.paths();
    let style = if args.format == LintFormat::Json { Style::PLAIN } else { args.color.stdout_style() };
    match args.format {
        LintFormat::Json => print!("{}", json_lines(&problems, &paths, errors, warnings)),
        LintFormat::Human | LintFormat::Github => {
            print!("{}", human(&problems, &lint, files.len(), errors, warnings, &paths, style));
            if args.format == LintFormat::Github {
                for problem in &problems {
                    println!("{}", annotation(problem, &paths));
                }
            }
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) { EXIT_FAILED } else { EXIT_OK }
}

fn human(
    problems: &[Problem<'_>],
    lint: &Lint,
    files: usize,
    errors: usize,
    warnings: usize,
    paths: &Paths,
    style: Style,
) -> String {
    let mut out = String::new();
    for problem in problems {
        let label = match problem.code() {
            None => style.paint(Paint::Error, "error"),
            Some(code) => format!("{}[{code}]", style.paint(Paint::Bold, "warning")),
        };
        let location = problem.place().2;
        let at = style.paint(Paint::Location, &printable(&format!("{}:{location}", problem.path(paths))));
        let _ = writeln!(out, "{label}: {at}: {}", printable(&problem.message()));
    }
    if !problems.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "lint: {errors} error{}, {warnings} warning{} in {files} assertion file{}",
        plural(errors),
        plural(warnings),
        plural(files)
    );
    if !lint.checked_usage {
        let _ = writeln!(
            out,
            "note: unused aliases and uncited sources are looked for once every file loads and corpus.toml is valid"
        );
    }
    out
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn annotation(problem: &Problem<'_>, paths: &Paths) -> String {
    match problem {
        Problem::Error(_, diagnostic) => github::error(diagnostic, &problem.path(paths)),
        Problem::Warning(finding) => github::warning(
            &problem.path(paths),
            finding.location,
            &format!("factcheck lint: {}", finding.warning.code()),
            &finding.warning.to_string(),
        ),
    }
}

#[derive(Serialize)]
struct Record<'a> {
    r#type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    /// Relative to its root, as in `check`'s records.
    file: &'a str,
    /// The root joined to `file`, as the command was given it: a path to open.
    path: String,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct SummaryRecord {
    r#type: &'static str,
    errors: usize,
    warnings: usize,
}

fn json_lines(problems: &[Problem<'_>], paths: &Paths, errors: usize, warnings: usize) -> String {
    let mut out = String::new();
    for problem in problems {
        let (_, file, location, _) = problem.place();
        out.push_str(&json::to_line(&Record {
            r#type: if problem.code().is_some() { "warning" } else { "error" },
            code: problem.code(),
            file,
            path: problem.path(paths),
            line: location.line,
            column: location.column,
            message: problem.message(),
        }));
        out.push('\n');
    }
    out.push_str(&json::to_line(&SummaryRecord { r#type: "summary", errors, warnings }));
    out.push('\n');
    out
}

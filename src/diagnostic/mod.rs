//! Problems in the files people give factcheck, located for people.
//!
//! Every mistake in an assertion file or in `corpus.toml` becomes a [`Diagnostic`]: the file, the 1-based line
//! and column, and a [`ProblemKind`] whose message says what is wrong and what to write instead. Readers record
//! [`Problem`]s at byte spans; [`Diagnostic::locate`] turns them into lines and columns once per file.

mod assertion_rule;
mod config_rule;

use std::fmt;
use std::ops::Range;

pub use assertion_rule::AssertionRule;
pub use config_rule::ConfigRule;

use crate::files::{ReadError, UnsafePath};
use crate::limits::MAX_PROBLEMS_PER_FILE;
use crate::location::{LineColumn, LineIndex};
use crate::report::style::printable;
use crate::toml_input::quoted_list;

/// A mistake in a TOML document, at a byte range of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Range<usize>,
    pub kind: ProblemKind,
}

/// What is wrong. Each variant's message says what to write instead.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The text is not valid TOML; the parser's own message.
    Syntax {
        message: String,
    },
    UnknownKey {
        key: String,
        table: &'static str,
        suggestion: Option<&'static str>,
        known: &'static [&'static str],
    },
    WrongType {
        key: String,
        expected: &'static str,
        found: &'static str,
    },
    MissingKey {
        key: &'static str,
        table: &'static str,
        example: &'static str,
    },
    /// A value of the right type that breaks a rule of the assertion format.
    Assertion(AssertionRule),
    /// A value of the right type that breaks a rule of `corpus.toml`.
    CorpusConfig(ConfigRule),
    /// The file could not be read; the operating system's reason.
    Unreadable {
        reason: String,
    },
    /// The file is larger than the limit for its kind.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// The file is not UTF-8 from this point on.
    NotUtf8,
    /// The file's own name cannot be used (it is shown escaped); the file is not read.
    UnsafeName {
        reason: UnsafePath,
    },
    /// More problems than [`MAX_PROBLEMS_PER_FILE`]; the rest are not listed.
    TooManyProblems {
        more: usize,
    },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Syntax { message } => write!(f, "invalid TOML: {}", message.trim_end()),
            ProblemKind::UnknownKey { key, table, suggestion: Some(suggestion), .. } => {
                write!(f, "unknown key `{key}` in {table}, did you mean `{suggestion}`?")
            }
            ProblemKind::UnknownKey { key, table, suggestion: None, known } => {
                write!(f, "unknown key `{key}` in {table}; the keys are {}", quoted_list(known))
            }
            ProblemKind::WrongType { key, expected, found } => {
                write!(f, "`{key}` must be {expected}, found {found}")
            }
            ProblemKind::MissingKey { key, table, example } => {
                write!(f, "{table} is missing `{key}`; add a line such as `{example}`")
            }
            ProblemKind::Assertion(rule) => rule.fmt(f),
            ProblemKind::CorpusConfig(rule) => rule.fmt(f),
            ProblemKind::Unreadable { reason } => write!(f, "cannot read the file: {reason}"),
            ProblemKind::TooLarge { bytes, limit } => write!(
                f,
                "the file is {bytes} bytes, more than the limit of {limit} bytes; split it into smaller files"
            ),
            ProblemKind::NotUtf8 => write!(f, "the file is not valid UTF-8 here; save it as UTF-8"),
            ProblemKind::UnsafeName { reason } => {
                write!(f, "the file name cannot be used: {reason}; rename the file with letters, digits, `-` and `_`")
            }
            ProblemKind::TooManyProblems { more } => {
                write!(
                    f,
                    "{more} more problem{} not shown; fix the ones above first",
                    if *more == 1 { "" } else { "s" }
                )
            }
        }
    }
}

/// A problem in a named file, at a line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file, relative to its root (`alaska-summit.toml`, `corpus.toml`).
    pub file: String,
    pub location: LineColumn,
    pub kind: ProblemKind,
}

impl Diagnostic {
    /// Locates `problems` found in `text`, the contents of `file`, sorted by position. At most
    /// [`MAX_PROBLEMS_PER_FILE`] are kept, the last saying how many more there were: a file of a million
    /// mistakes must not print a million lines into a CI log.
    pub fn locate(file: &str, text: &str, mut problems: Vec<Problem>) -> Vec<Diagnostic> {
        problems.sort_by_key(|problem| problem.span.start);
        if problems.len() > MAX_PROBLEMS_PER_FILE {
            let more = problems.len() - (MAX_PROBLEMS_PER_FILE - 1);
            problems.truncate(MAX_PROBLEMS_PER_FILE);
            if let Some(last) = problems.last_mut() {
                last.kind = ProblemKind::TooManyProblems { more };
            }
        }
        let index = LineIndex::new(text);
        problems
            .into_iter()
            .map(|problem| {
                let location = index.locate(text, problem.span.start);
                Diagnostic { file: file.to_owned(), location, kind: problem.kind }
            })
            .collect()
    }

    /// The diagnostic for a file that could not be read as text.
    pub fn unreadable(file: &str, error: ReadError) -> Diagnostic {
        let start = LineColumn { line: 1, column: 1 };
        let (location, kind) = match error {
            ReadError::Io(error) => (start, ProblemKind::Unreadable { reason: error.to_string() }),
            ReadError::TooLarge { bytes, limit } => (start, ProblemKind::TooLarge { bytes, limit }),
            ReadError::NotUtf8 { text_before, .. } => {
                let index = LineIndex::new(&text_before);
                (index.locate(&text_before, text_before.len()), ProblemKind::NotUtf8)
            }
        };
        Diagnostic { file: file.to_owned(), location, kind }
    }

    /// The diagnostic for a file whose own name cannot be used ([`crate::files::check_relative_name`]), at its
    /// start, the name shown [`printable`]: such a name is never printed as it is.
    pub fn unsafe_name(name: &str, reason: UnsafePath) -> Diagnostic {
        let location = LineColumn { line: 1, column: 1 };
        Diagnostic { file: printable(name).into_owned(), location, kind: ProblemKind::UnsafeName { reason } }
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: message`, on one line whatever the file and the message hold (a message may quote
    /// a key or a regex error from the file): made [`printable`], so that writing it to a terminal or a CI log
    /// is always safe.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", printable(&self.file), self.location, printable(&self.kind.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_beyond_the_limit_are_counted_not_listed() {
        let text = "x\n".repeat(MAX_PROBLEMS_PER_FILE + 10);
        let problems: Vec<Problem> = (0..MAX_PROBLEMS_PER_FILE + 10)
            .rev()
            .map(|line| Problem { span: line * 2..line * 2 + 1, kind: ProblemKind::NotUtf8 })
            .collect();
        let located = Diagnostic::locate("a.toml", &text, problems);
        assert_eq!(located.len(), MAX_PROBLEMS_PER_FILE);
        assert_eq!(located[0].location, LineColumn { line: 1, column: 1 });
        let last = &located[MAX_PROBLEMS_PER_FILE - 1];
        assert_eq!(last.location.line, MAX_PROBLEMS_PER_FILE);
        assert_eq!(last.kind, ProblemKind::TooManyProblems { more: 11 });
        assert!(last.to_string().ends_with("11 more problems not shown; fix the ones above first"), "{last}");
    }

    #[test]
    fn a_diagnostic_is_one_safe_line() {
        let diagnostic = Diagnostic {
            file: "corpus.toml".into(),
            location: LineColumn { line: 2, column: 1 },
            kind: ProblemKind::Syntax { message: "bad\n::error::pwned\x1b[2J ##[error]x".into() },
        };
        let text = diagnostic.to_string();
        assert_eq!(text, "corpus.toml:2:1: invalid TOML: bad\\u{a}::error::pwned\\u{1b}[2J ##\\u{5b}error]x");
    }
}

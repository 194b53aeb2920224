//! Problems in the files people give factcheck, located for people.
//!
//! Every mistake in an assertion file or in `corpus.toml` becomes a [`Diagnostic`]: the file, the 1-based line
//! and column, and a [`ProblemKind`] whose message says what is wrong and what to write instead. Readers record
//! [`Problem`]s at byte spans; [`Diagnostic::locate`] turns them into lines and columns once per file.

use std::fmt;
use std::ops::Range;

use crate::assertion::load::AssertionRule;
use crate::corpus::config::ConfigRule;
use crate::files::ReadError;
use crate::location::{LineColumn, LineIndex};
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
    /// Locates `problems` found in `text`, the contents of `file`, sorted by position.
    pub fn locate(file: &str, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let index = LineIndex::new(text);
        let mut located: Vec<(usize, Diagnostic)> = problems
            .into_iter()
            .map(|problem| {
                let location = index.locate(text, problem.span.start);
                (problem.span.start, Diagnostic { file: file.to_owned(), location, kind: problem.kind })
            })
            .collect();
        located.sort_by_key(|(start, _)| *start);
        located.into_iter().map(|(_, diagnostic)| diagnostic).collect()
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.location, self.kind)
    }
}

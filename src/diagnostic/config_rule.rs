//! The rules of `corpus.toml` that it can break, each with the message that says what to write instead.
//! [`crate::corpus::config`] records them as [`super::Problem`]s; they are here, with the diagnostics that carry
//! them, so that the loaders depend on the diagnostics and not the other way round.

use std::fmt;

use crate::files::UnsafePath;

/// A breach of `corpus.toml`'s rules; each message says what to write instead.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigRule {
    BadDate { value: String },
    BadRegex { error: String },
    ExclusionRule,
    EmptyFrom,
    AliasTooSmall,
    UnsafeSource { name: String, reason: UnsafePath },
    UnknownSource { name: String },
    LimitZero { key: &'static str },
    UnknownRigorCheck { name: String, suggestion: Option<&'static str> },
}

impl fmt::Display for ConfigRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigRule::BadDate { value } => {
                write!(f, "`{value}` is not a date; write `published = 2025-08-16` (year-month-day)")
            }
            ConfigRule::BadRegex { error } => write!(f, "`lines` is not a valid regular expression: {error}"),
            ConfigRule::ExclusionRule => write!(
                f,
                "an `[[exclude]]` table needs exactly one of `lines = \"^See also:\"` or `from = \"2 Comments\"`"
            ),
            ConfigRule::EmptyFrom => {
                write!(f, "`from` and `to` need the text that starts the line, such as \"Comments\"")
            }
            ConfigRule::AliasTooSmall => {
                write!(f, "an alias needs two names or more, such as `names = [\"Zelensky\", \"Zelenskiy\"]`")
            }
            ConfigRule::UnsafeSource { name, reason } => {
                write!(f, "`{name}` cannot name a source: {reason}")
            }
            ConfigRule::UnknownSource { name } => {
                write!(f, "there is no source `{}` in the corpus; write the name of a `.txt` or `.md` file", name)
            }
            ConfigRule::LimitZero { key } => write!(f, "`{key}` must be at least 1"),
            ConfigRule::UnknownRigorCheck { name, suggestion: Some(suggestion) } => {
                write!(f, "unknown rigor check `{name}`, did you mean `{suggestion}`?")
            }
            ConfigRule::UnknownRigorCheck { name, suggestion: None } => write!(
                f,
                "unknown rigor check `{name}`; write one of {}",
                crate::toml_input::quoted_list(crate::rigor::Code::NAMES)
            ),
        }
    }
}

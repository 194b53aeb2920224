//! The rules of the assertion format that a file can break, each with the message that says what to write
//! instead. [`crate::assertion::load`] records them as [`super::Problem`]s; they are here, with the diagnostics
//! that carry them, so that the loaders depend on the diagnostics and not the other way round.

use std::fmt;

use crate::assertion::{Role, Verdict};
use crate::files::UnsafePath;
use crate::toml_input::quoted_list;

/// A breach of the assertion format's rules; each message says what to write instead.
#[derive(Debug, Clone, PartialEq)]
pub enum AssertionRule {
    NoClaims,
    InvalidId { id: String },
    DuplicateId { id: String, other_line: usize },
    EmptyClaim,
    NoEvidence,
    TooManyEvidence { count: usize, limit: usize },
    NoMatcher,
    SeveralMatchers { keys: Vec<&'static str> },
    EmptyQuote,
    QuoteTooLong { chars: usize, limit: usize },
    BadPattern { error: String },
    EmptyTerms,
    TooManyTerms { count: usize, limit: usize },
    TermsIgnoreCase,
    UnknownName { key: &'static str, value: String, suggestion: Option<&'static str>, names: &'static [&'static str] },
    SourceAndSources,
    EmptySources,
    DuplicateSource { name: String },
    UnsafeSource { name: String, reason: UnsafePath },
    MinSourcesZero,
    MinSourcesWithAbsent,
    MinSourcesAboveScope { min: u64, scope: usize },
    RoleAgainstVerdict { role: Role, verdict: Verdict },
    DisputedNeedsRole,
    DisputedNeedsBothRoles { missing: Role },
    UnverifiableNeedsAbsent,
}

impl fmt::Display for AssertionRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssertionRule::NoClaims => {
                write!(
                    f,
                    "the file has no claims; start one with `[[claim]]`, then `id = \"...\"`, `claim = \"...\"` and a \
                     `[[claim.evidence]]` table with a `quote`"
                )
            }
            AssertionRule::InvalidId { id } => write!(
                f,
                "invalid id `{id}`: an id is lowercase letters, digits and `-`, starting with a letter or digit, \
                 such as `{}`",
                suggest_id(id)
            ),
            AssertionRule::DuplicateId { id, other_line } => write!(
                f,
                "the id `{id}` is also used by the claim on line {other_line}; give each claim of a file its own id"
            ),
            AssertionRule::EmptyClaim => write!(f, "`claim` is empty; write the sentence the evidence backs"),
            AssertionRule::NoEvidence => {
                write!(f, "the claim has no evidence; add a `[[claim.evidence]]` table with a `quote`")
            }
            AssertionRule::TooManyEvidence { count, limit } => write!(
                f,
                "the claim has {count} evidence items, more than the limit of {limit}; split it into several claims"
            ),
            AssertionRule::NoMatcher => write!(
                f,
                "the evidence item has no matcher; add one of `quote = \"...\"`, `pattern = \"...\"` or `terms = [...]`"
            ),
            AssertionRule::SeveralMatchers { keys } => write!(
                f,
                "the evidence item has {}; keep one matcher per item and put the other in its own `[[claim.evidence]]`",
                quoted_list(keys).replace(" or ", " and ")
            ),
            AssertionRule::EmptyQuote => write!(f, "the quote is empty; copy the words from the source"),
            AssertionRule::QuoteTooLong { chars, limit } => write!(
                f,
                "the text is {chars} characters, more than the limit of {limit}; quote the sentence that backs the \
                 claim, not the article"
            ),
            AssertionRule::BadPattern { error } => {
                write!(f, "the pattern is not a valid regular expression (Rust `regex` syntax): {error}")
            }
            AssertionRule::EmptyTerms => write!(f, "`terms` needs at least one non-empty term, such as `[\"Rutte\"]`"),
            AssertionRule::TooManyTerms { count, limit } => {
                write!(f, "`terms` has {count} terms, more than the limit of {limit}; use a `quote` instead")
            }
            AssertionRule::TermsIgnoreCase => {
                write!(f, "`terms` always ignore case; remove `ignore_case` from this item")
            }
            AssertionRule::UnknownName { key, value, suggestion: Some(suggestion), .. } => {
                write!(f, "unknown {key} `{value}`, did you mean `{suggestion}`?")
            }
            AssertionRule::UnknownName { key, value, suggestion: None, names } => {
                write!(f, "unknown {key} `{value}`; write one of {}", quoted_list(names))
            }
            AssertionRule::SourceAndSources => {
                write!(f, "the item has both `source` and `sources`; keep one (`sources = [\"a.txt\", \"b.txt\"]`)")
            }
            AssertionRule::EmptySources => {
                write!(f, "`sources` is empty; name at least one source, or remove the key to search every source")
            }
            AssertionRule::DuplicateSource { name } => write!(f, "`{name}` is listed twice in `sources`; list it once"),
            AssertionRule::UnsafeSource { name, reason } => write!(
                f,
                "`{}` cannot name a source: {reason}; write the path relative to the corpus root, such as \
                 `000_fbb003d94346f9a6.txt` or `europe/report.md`",
                name
            ),
            AssertionRule::MinSourcesZero => write!(f, "`min_sources` must be at least 1"),
            AssertionRule::MinSourcesWithAbsent => write!(
                f,
                "`min_sources` does not apply to an `absent` item (it must hold in no source); remove one of them"
            ),
            AssertionRule::MinSourcesAboveScope { min, scope } => write!(
                f,
                "`min_sources = {min}` can never hold: the item's scope has {scope} source(s); lower it or list more \
                 `sources`"
            ),
            AssertionRule::RoleAgainstVerdict { role, verdict } => write!(
                f,
                "`role = \"{}\"` contradicts the claim's verdict `{verdict}`; remove `role`, or make the claim \
                 `verdict = \"disputed\"` if the sources disagree",
                role.as_str()
            ),
            AssertionRule::DisputedNeedsRole => {
                write!(f, "every evidence item of a disputed claim needs `role = \"supports\"` or `role = \"refutes\"`")
            }
            AssertionRule::DisputedNeedsBothRoles { missing } => write!(
                f,
                "a disputed claim needs evidence on both sides, and none has `role = \"{}\"`; add it, or change the \
                 verdict",
                missing.as_str()
            ),
            AssertionRule::UnverifiableNeedsAbsent => write!(
                f,
                "an unverifiable claim may only have `absent = true` items (the corpus neither says it nor its \
                 opposite); add `absent = true`, or change the verdict"
            ),
        }
    }
}

/// An id that follows the rules, made from one that does not.
fn suggest_id(id: &str) -> String {
    let mut suggestion = String::new();
    for c in id.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            suggestion.push(c);
        } else if !suggestion.is_empty() && !suggestion.ends_with('-') {
            suggestion.push('-');
        }
    }
    let suggestion = suggestion.trim_end_matches('-');
    if suggestion.is_empty() { "leaders-met-in-anchorage".to_owned() } else { suggestion.to_owned() }
}

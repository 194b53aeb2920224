//! Reviewing the claims a corpus edit broke (`factcheck review`): what accepting the passages as they now read
//! would write, and whether the claim would still hold afterwards.
//!
//! A quote that is no longer found, and whose closest passage is known, can be rewritten to that passage. That
//! is safe only when the passage keeps the facts. [`accept`] therefore rewrites the quotes in memory
//! ([`rewrite_quote`]), reads the file back ([`parse_file`], as every command does) and checks the claim again with
//! [`check_claim`], the check `factcheck check` runs: if anything fails then (its numbers no longer grounded, an
//! `absent` item now found, another item), the accept is refused, with what changed in the facts. So is a passage
//! whose numbers differ from the quote's, even for a claim whose numbers are not checked (a refuted claim, or
//! `check_numbers = false`): a changed number is a changed fact, never a wording edit. Patterns and
//! terms are never rewritten: they say what to look for, not what the source says, so a person edits them.
//!
//! This module decides; `cli::review` asks, prints and writes.

use crate::assertion::Claim;
use crate::assertion::load::parse_file;
use crate::assertion::write::{EditError, rewrite_quote};
use crate::corpus::Corpus;
use crate::corpus::normalize::normalize_fragment;
use crate::diagnostic::Diagnostic;
use crate::evidence::numbers::{find_numbers, same_value};
use crate::evidence::{Check, ClaimReport, Failure, FailureKind, Outcome, Passage, check_claim};
use crate::limits::Limits;

/// A quote that review can rewrite: an item whose quote was not found, and the passage the source has instead.
#[derive(Debug, Clone, Copy)]
pub struct Rewrite<'r> {
    /// The 1-based index of the evidence item.
    pub evidence: usize,
    /// The quote as compared (normalized).
    pub old: &'r str,
    pub passage: &'r Passage,
}

impl Rewrite<'_> {
    /// The new quote: the passage as the source writes it, its line breaks and runs of white space as one space
    /// (what normalization makes of them in any case), so that the quote stays on one line of the TOML file.
    pub fn new_quote(&self) -> String {
        self.passage.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The failures of `report` that [`accept`] rewrites: quotes not found, with a closest passage.
pub fn rewrites(report: &ClaimReport) -> Vec<Rewrite<'_>> {
    report
        .failures
        .iter()
        .filter_map(|failure| match (failure, &failure.kind) {
            (
                Failure {
                    check: Check::Quote, evidence: Some(evidence), quote: Some(old), closest: Some(passage), ..
                },
                FailureKind::NotFound { .. },
            ) => Some(Rewrite { evidence: *evidence, old, passage }),
            _ => None,
        })
        .collect()
}

/// The failures of `report` that only a person can fix by editing the item: patterns and terms.
pub fn by_hand(report: &ClaimReport) -> impl Iterator<Item = &Failure> {
    report.failures.iter().filter(|failure| matches!(failure.check, Check::Pattern | Check::Terms))
}

/// What accepting writes: the file's new text, and each rewritten item with its new quote.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub text: String,
    pub quotes: Vec<(usize, String)>,
}

/// A number that is in the old quote and not in the passage, or the other way round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberChange {
    /// The 1-based index of the evidence item.
    pub evidence: usize,
    /// The numbers of the old quote the passage lacks, as written.
    pub before: Vec<String>,
    /// The numbers of the passage the old quote lacks, as written.
    pub after: Vec<String>,
}

/// Why a claim's passages cannot be accepted. Nothing is written.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// No quote of the claim failed with a passage to show: there is nothing to rewrite.
    NothingToRewrite,
    /// The file no longer has the claim or the item as it was read.
    Edit(EditError),
    /// The file with the new quotes would not load (a passage longer than a quote may be, say).
    WouldNotLoad { problems: Vec<Diagnostic> },
    /// Checked with the new quotes, the claim still fails, or the passages' numbers differ from the quotes': the
    /// edit changed facts, not only words.
    FactsChanged { numbers: Vec<NumberChange>, after: Box<ClaimReport> },
}

impl From<EditError> for Refusal {
    fn from(error: EditError) -> Refusal {
        Refusal::Edit(error)
    }
}

/// Rewrites every quote of `claim` that [`rewrites`] finds in `report` (a fresh check of the claim as `text`
/// holds it) to its passage, in `text` (the assertion file named `file`), and checks the claim again: the new
/// text when the claim passes then, the reason otherwise.
pub fn accept(
    file: &str,
    text: &str,
    claim: &Claim,
    report: &ClaimReport,
    corpus: &Corpus,
    limits: &Limits,
) -> Result<Accepted, Refusal> {
    let rewrites = rewrites(report);
    if rewrites.is_empty() {
        return Err(Refusal::NothingToRewrite);
    }
    let mut new_text = text.to_owned();
    let mut quotes = Vec::with_capacity(rewrites.len());
    for rewrite in &rewrites {
        let quote = rewrite.new_quote();
        new_text = rewrite_quote(&new_text, &claim.id, rewrite.evidence, &quote)?;
        quotes.push((rewrite.evidence, quote));
    }
    let reread =
        parse_file(file, &new_text, limits).map_err(|error| Refusal::WouldNotLoad { problems: error.diagnostics })?;
    if let Some(bad) = reread.malformed.iter().find(|candidate| candidate.name == claim.name) {
        return Err(Refusal::WouldNotLoad { problems: bad.diagnostics.clone() });
    }
    let Some(rewritten) = reread.claims.iter().find(|candidate| candidate.id == claim.id) else {
        return Err(Refusal::Edit(EditError::NoClaim { id: claim.id.clone() }));
    };
    let after = check_claim(rewritten, corpus);
    let numbers: Vec<NumberChange> = rewrites.iter().filter_map(number_change).collect();
    // A passage whose numbers differ from the quote's states other facts, even where the check cannot see it
    // (grounding applies to supported claims only, and `check_numbers = false` turns it off): not a wording edit.
    if after.outcome == Outcome::Passed && numbers.is_empty() {
        Ok(Accepted { text: new_text, quotes })
    } else {
        Err(Refusal::FactsChanged { numbers, after: Box::new(after) })
    }
}

/// The numbers a rewrite drops and adds, by value; `None` when it keeps them all.
fn number_change(rewrite: &Rewrite<'_>) -> Option<NumberChange> {
    let numbers = |text: &str| -> Vec<(String, f64)> {
        let text = normalize_fragment(text);
        find_numbers(&text).into_iter().map(|number| (text[number.span].to_owned(), number.value)).collect()
    };
    let old = numbers(rewrite.old);
    let new = numbers(&rewrite.passage.normalized);
    let missing_from = |these: &[(String, f64)], those: &[(String, f64)]| -> Vec<String> {
        these
            .iter()
            .filter(|(_, value)| !those.iter().any(|(_, other)| same_value(*value, *other)))
            .map(|(text, _)| text.clone())
            .collect()
    };
    let change =
        NumberChange { evidence: rewrite.evidence, before: missing_from(&old, &new), after: missing_from(&new, &old) };
    (!change.before.is_empty() || !change.after.is_empty()).then_some(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::LineColumn;

    fn passage(text: &str) -> Passage {
        Passage {
            source: "a.txt".into(),
            range: 0..text.len(),
            location: LineColumn { line: 1, column: 1 },
            text: text.into(),
            normalized: normalize_fragment(text),
            similarity: 0.9,
        }
    }

    #[test]
    fn a_new_quote_is_the_passage_on_one_line() {
        let passage = passage("met for about\nthree   hours");
        let rewrite = Rewrite { evidence: 1, old: "met for nearly three hours", passage: &passage };
        assert_eq!(rewrite.new_quote(), "met for about three hours");
        assert_eq!(number_change(&rewrite), None);
    }

    #[test]
    fn numbers_dropped_and_added_are_named_by_value() {
        let passage = passage("representatives from 40 countries");
        let rewrite = Rewrite { evidence: 2, old: "representatives from thirty countries", passage: &passage };
        assert_eq!(
            number_change(&rewrite),
            Some(NumberChange { evidence: 2, before: vec!["thirty".into()], after: vec!["40".into()] })
        );
        let same = self::passage("from 30 countries");
        let rewrite = Rewrite { evidence: 1, old: "from thirty countries", passage: &same };
        assert_eq!(number_change(&rewrite), None);
    }
}

//! Grounding: the numbers a claim states must be numbers its evidence states.
//!
//! A claim that says "nearly four hours" while its quote says "nearly three hours" would pass on the quote
//! alone. Grounding closes that gap (format spec, "Grounding"): every number in the claim's text must equal,
//! by value, a number in one of the sentences holding a match of its evidence. What counts as a number, and
//! when two are equal, is [`super::numbers`]'s to say.

use super::numbers::{find_numbers, same_value};
use crate::corpus::normalize::normalize_fragment;

/// Whether `claim` states a number: only then can grounding fail, and are its evidence's sentences needed.
pub fn states_numbers(claim: &str) -> bool {
    !find_numbers(&normalize_fragment(claim)).is_empty()
}

/// The numbers of `claim` (as written in it) that none of `sentences` (normalized) holds, in order.
pub fn ungrounded(claim: &str, sentences: &[&str]) -> Vec<String> {
    let claim = normalize_fragment(claim);
    let available: Vec<f64> = sentences.iter().flat_map(|sentence| find_numbers(sentence)).map(|n| n.value).collect();
    let mut missing: Vec<String> = Vec::new();
    for mention in find_numbers(&claim) {
        let text = claim[mention.span.clone()].to_owned();
        if !available.iter().any(|value| same_value(*value, mention.value)) && !missing.contains(&text) {
            missing.push(text);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIDENCE: &str =
        "The two leaders met for nearly three hours in Anchorage, but the meeting produced no agreement.";

    #[test]
    fn numbers_in_the_evidence_are_grounded() {
        assert!(ungrounded("The two leaders met for nearly three hours.", &[EVIDENCE]).is_empty());
        assert!(ungrounded("Trump and Putin met for nearly 3 hours.", &[EVIDENCE]).is_empty());
        assert!(ungrounded("Their nearly three-hour meeting produced no agreement.", &[EVIDENCE]).is_empty());
    }

    #[test]
    fn a_number_the_evidence_lacks_is_named() {
        assert_eq!(ungrounded("The two leaders met for nearly four hours.", &[EVIDENCE]), ["four"]);
        assert_eq!(
            ungrounded("Roughly 25% of Donetsk and one-fifth of Ukraine.", &["nearly one-fifth of Ukraine"]),
            ["25%"]
        );
    }

    #[test]
    fn forms_are_compared_by_value() {
        assert!(ungrounded("About 25 percent remains.", &["roughly 25% of the Donetsk region"]).is_empty());
        assert!(ungrounded("Thirty countries will meet.", &["representatives from 30 countries"]).is_empty());
        assert!(ungrounded("They control a fifth of Ukraine.", &["nearly one-fifth of Ukraine"]).is_empty());
    }

    #[test]
    fn ordinals_are_not_numbers() {
        assert!(ungrounded("It was the first such summit.", &["no numbers here"]).is_empty());
        assert!(!states_numbers("It was the first such summit."));
        assert!(states_numbers("They met for nearly three hours."));
    }

    #[test]
    fn no_evidence_sentences_means_every_number_is_ungrounded() {
        assert_eq!(ungrounded("Seven civilians and two children.", &[]), ["Seven", "two"]);
    }
}

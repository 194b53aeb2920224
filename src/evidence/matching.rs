//! Where a matcher holds in one source.
//!
//! A [`Finder`] is built once per evidence item (compiling what needs compiling) and asked, source by source,
//! for the first match that is evidence, i.e. outside every region `corpus.toml` excludes. Matches inside
//! excluded regions are remembered separately, so that a failure can say "found only in the reader comments".

use std::ops::{ControlFlow, Range};

use memchr::memmem;
use regex::{Regex, RegexBuilder};

use crate::assertion::Matcher;
use crate::corpus::{Corpus, Source};

/// How a matcher fared in one source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMatch {
    /// The first match outside excluded regions (a range of the normalized text).
    pub found: Option<Range<usize>>,
    /// The first match inside an excluded region, when there is no other.
    pub excluded: Option<Range<usize>>,
}

/// One match of a matcher in a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// A range of the source's normalized text.
    pub range: Range<usize>,
    /// Whether the match lies (partly) in a region `corpus.toml` excludes: found, but not evidence.
    pub excluded: bool,
}

/// A matcher ready to search sources.
#[derive(Debug)]
pub enum Finder<'a> {
    /// A case-sensitive quote, searched for as bytes.
    Literal { needle: &'a str, finder: Box<memmem::Finder<'a>> },
    /// A case-insensitive quote, or a pattern.
    Regex { regex: Regex, whole_words: bool },
    /// Terms, each a regex of its aliases as whole words; all must match within one sentence.
    Terms { terms: Vec<Regex> },
}

impl<'a> Finder<'a> {
    /// Prepares `matcher` (with the item's `ignore_case`) for searching; aliases come from `corpus`.
    pub fn new(matcher: &'a Matcher, ignore_case: bool, corpus: &Corpus) -> Finder<'a> {
        match matcher {
            Matcher::Quote { normalized, .. } if !ignore_case => {
                Finder::Literal { needle: normalized, finder: Box::new(memmem::Finder::new(normalized.as_bytes())) }
            }
            Matcher::Quote { normalized, .. } => {
                Finder::Regex { regex: literal_regex(std::slice::from_ref(normalized)), whole_words: true }
            }
            Matcher::Pattern { regex, .. } => Finder::Regex { regex: regex.compile(), whole_words: false },
            Matcher::Terms { terms } => Finder::Terms {
                terms: terms
                    .iter()
                    .map(|term| match corpus.aliases_of(term) {
                        Some(aliases) => literal_regex(aliases),
                        None => literal_regex(std::slice::from_ref(term)),
                    })
                    .collect(),
            },
        }
    }

    /// The first match in `source` that is evidence, and the first in an excluded region.
    pub fn find(&self, source: &Source) -> SourceMatch {
        let mut result = SourceMatch::default();
        self.each_match(source, |range| {
            if source.excluded_overlapping(&range).is_none() {
                result.found = Some(range);
                ControlFlow::Break(())
            } else {
                result.excluded.get_or_insert(range);
                ControlFlow::Continue(())
            }
        });
        result
    }

    /// Every match in `source`, in order, each with whether it lies in an excluded region.
    pub fn find_all(&self, source: &Source) -> Vec<Occurrence> {
        let mut all = Vec::new();
        self.each_match(source, |range| {
            let excluded = source.excluded_overlapping(&range).is_some();
            all.push(Occurrence { range, excluded });
            ControlFlow::Continue(())
        });
        all
    }

    /// Calls `visit` with each match of `source` (a range of its normalized text), in order, until it breaks.
    /// A match that runs across a blank line (one paragraph into the next) is no match: normalization joins
    /// lines with a space, but a passage never merges paragraphs.
    fn each_match(&self, source: &Source, mut visit: impl FnMut(Range<usize>) -> ControlFlow<()>) {
        let text = source.text();
        match self {
            // An occurrence that is rejected (inside a word, across a paragraph) may overlap one that holds, as
            // the first "no no" of "uno no no" overlaps the second: the search goes on one character after a
            // rejected occurrence, and past an accepted one. Looking again re-reads the rejected occurrence, so
            // it is allowed for as many bytes as the text has, in all: past that budget the search goes on after
            // it, as a plain search does, and stays linear whatever a source and a quote hold (a hostile pair can
            // then only make a quote fail, never be found where it is not).
            Finder::Literal { needle, finder } => {
                let mut budget = text.len();
                let mut from = 0;
                while let Some(found) = text.get(from..).and_then(|rest| finder.find(rest.as_bytes())) {
                    // A match of UTF-8 in UTF-8 starts on a character boundary.
                    let range = from + found..from + found + needle.len();
                    let holds = at_word_edges(text, &range) && !source.crosses_paragraph(&range);
                    if holds && visit(range.clone()).is_break() {
                        break;
                    }
                    from = resume_after(text, &range, holds, &mut budget);
                }
            }
            Finder::Regex { regex, whole_words } => {
                let mut budget = text.len();
                let mut from = 0;
                while let Some(found) = text.get(from..).and_then(|_| regex.find_at(text, from)) {
                    let range = found.range();
                    let holds = (!whole_words || at_word_edges(text, &range)) && !source.crosses_paragraph(&range);
                    if holds && visit(range.clone()).is_break() {
                        break;
                    }
                    from = resume_after(text, &range, holds, &mut budget);
                }
            }
            Finder::Terms { terms } => {
                for sentence in source.sentences() {
                    let sentence_text = &text[sentence.normalized.clone()];
                    if terms.iter().all(|term| term.is_match(sentence_text))
                        && visit(sentence.normalized.clone()).is_break()
                    {
                        break;
                    }
                }
            }
        }
    }
}

/// A case-insensitive regex matching any of `alternatives` literally, as whole words.
///
/// The `\b` assertions are added only at edges that are word characters, so that a term like "U.S." or a quote
/// ending in `."` still matches where a person would expect.
fn literal_regex(alternatives: &[String]) -> Regex {
    let branches: Vec<String> = alternatives
        .iter()
        .map(|alternative| {
            let starts_word = alternative.chars().next().is_some_and(is_word_char);
            let ends_word = alternative.chars().next_back().is_some_and(is_word_char);
            format!(
                "{}{}{}",
                if starts_word { r"\b" } else { "" },
                regex::escape(alternative),
                if ends_word { r"\b" } else { "" }
            )
        })
        .collect();
    // The branches are escaped literals, at most `max_quote_chars` long each (checked at load), so the regex
    // is valid and within the default size limit.
    RegexBuilder::new(&format!("(?:{})", branches.join("|")))
        .case_insensitive(true)
        .build()
        .expect("escaped literals always form a valid regex")
}

/// Where to search again after the occurrence `range`: past it when it `holds` (and is not empty); one
/// character after its start when it was rejected, while `budget` (bytes that may be read twice) lasts.
fn resume_after(text: &str, range: &Range<usize>, holds: bool, budget: &mut usize) -> usize {
    let next = next_char(text, range.start);
    if holds && !range.is_empty() {
        range.end
    } else if range.len() <= *budget {
        *budget -= range.len();
        next
    } else {
        range.end.max(next)
    }
}

/// The offset of the character after the one at `offset` (a character boundary of `text`), or past the end.
fn next_char(text: &str, offset: usize) -> usize {
    offset + text[offset..].chars().next().map_or(1, char::len_utf8)
}

/// Whether `c` is part of a word, for the purpose of whole-word matching.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a match starts and ends at word edges: a quote "three hour" must not match inside "three hours".
/// An edge of the match that is not itself a word character is always fine.
pub fn at_word_edges(text: &str, range: &Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let starts_clean = !matched.chars().next().is_some_and(is_word_char)
        || !text[..range.start].chars().next_back().is_some_and(is_word_char);
    let ends_clean = !matched.chars().next_back().is_some_and(is_word_char)
        || !text[range.end..].chars().next().is_some_and(is_word_char);
    starts_clean && ends_clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_edges() {
        let text = "nearly three hours, 10 out of 10.";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            at_word_edges(text, &(start..start + needle.len()))
        };
        assert!(at("three hours"));
        assert!(!at("three hour"));
        assert!(!at("early three"));
        assert!(at("hours,"));
        assert!(!at("10 out of 1"));
        assert!(at(", 10"));
    }

    #[test]
    fn a_rejected_occurrence_is_searched_again_within_the_budget() {
        let text = "uno no no";
        let mut budget = text.len();
        assert_eq!(resume_after(text, &(1..6), false, &mut budget), 2, "one character on");
        assert_eq!(budget, 4);
        assert_eq!(resume_after(text, &(4..9), true, &mut budget), 9, "past an accepted occurrence");
        let mut spent = 2;
        assert_eq!(resume_after(text, &(1..6), false, &mut spent), 6, "past it once the budget is spent");
        assert_eq!(resume_after(text, &(3..3), true, &mut spent), 4, "an empty match moves on");
    }

    #[test]
    fn next_char_steps_over_whole_characters() {
        assert_eq!(next_char("a—b", 1), 4);
        assert_eq!(next_char("ab", 2), 3);
    }

    #[test]
    fn literal_regex_ignores_case_and_keeps_word_edges() {
        let regex = literal_regex(&["U.S.".to_owned(), "Zelenskiy".to_owned()]);
        assert!(regex.is_match("the u.s. president"));
        assert!(regex.is_match("ZELENSKIY said"));
        assert!(!regex.is_match("Zelenskiyy said"));
    }
}

//! Where a matcher holds in one source.
//!
//! A [`Finder`] is built once per evidence item (compiling what needs compiling) and asked, source by source,
//! for the first match that is evidence, i.e. outside every region `corpus.toml` excludes. Matches inside
//! excluded regions are remembered separately, so that a failure can say "found only in the reader comments".

use std::borrow::Cow;
use std::ops::{ControlFlow, Range};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use memchr::memmem;
use regex::{Regex, RegexBuilder};

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::assertion::{Matcher, PatternRegex};
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
    /// A case-sensitive quote (at word edges), or a pattern that matches one text (anywhere), searched for as
    /// bytes.
    Literal { needle: Cow<'a, str>, finder: Box<memmem::Finder<'static>>, whole_words: bool },
    /// A case-insensitive quote.
    Caseless { quote: CaselessLiteral },
    /// A pattern.
    Regex { regex: Regex },
    /// Terms, each its aliases as whole words; all must match within one sentence.
    Terms { terms: Vec<CaselessLiteral> },
}

impl<'a> Finder<'a> {
    /// Prepares `matcher` (with the item's `ignore_case`) for searching; aliases come from `corpus`.
    pub fn new(matcher: &'a Matcher, ignore_case: bool, corpus: &Corpus) -> Finder<'a> {
        match matcher {
            Matcher::Quote { normalized, .. } if !ignore_case => Finder::literal(Cow::Borrowed(normalized), true),
            Matcher::Quote { normalized, .. } => {
                Finder::Caseless { quote: CaselessLiteral::new(std::slice::from_ref(normalized)) }
            }
            Matcher::Pattern { regex, .. } => match pattern_literal(regex) {
                Some(literal) => Finder::literal(Cow::Owned(literal), false),
                None => Finder::Regex { regex: regex.compile() },
            },
            Matcher::Terms { terms } => Finder::Terms {
                terms: terms
                    .iter()
                    .map(|term| match corpus.aliases_of(term) {
                        Some(aliases) => CaselessLiteral::new(aliases),
                        None => CaselessLiteral::new(std::slice::from_ref(term)),
                    })
                    .collect(),
            },
        }
    }

    fn literal(needle: Cow<'a, str>, whole_words: bool) -> Finder<'a> {
        let finder = Box::new(memmem::Finder::new(needle.as_bytes()).into_owned());
        Finder::Literal { needle, finder, whole_words }
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
    fn each_match(&self, source: &Source, visit: impl FnMut(Range<usize>) -> ControlFlow<()>) {
        let text = source.text();
        match self {
            Finder::Literal { needle, finder, whole_words } => each_occurrence(source, *whole_words, visit, |from| {
                // A match of UTF-8 in UTF-8 starts on a character boundary.
                let found = finder.find(text.get(from..)?.as_bytes())?;
                Some(from + found..from + found + needle.len())
            }),
            Finder::Caseless { quote } => {
                let caseless = CaselessText::new(text);
                each_occurrence(source, true, visit, |from| quote.find_at(&caseless, from))
            }
            Finder::Regex { regex } => each_occurrence(source, false, visit, |from| {
                Some(regex.find_at(text, text.get(from..).map(|_| from)?)?.range())
            }),
            Finder::Terms { terms } => each_sentence_with_terms(source, terms, visit),
        }
    }
}

/// Calls `visit` with each occurrence `find_from` gives (the first at or after an offset) that holds, in order,
/// until it breaks. An occurrence holds when it does not run across a blank line (one paragraph into the next:
/// normalization joins lines with a space, but a passage never merges paragraphs) and, for `whole_words`, starts
/// and ends at word edges.
///
/// An occurrence that is rejected may overlap one that holds, as the first "no no" of "uno no no" overlaps the
/// second: the search goes on one character after a rejected occurrence, and past an accepted one. Looking again
/// re-reads the rejected occurrence, so it is allowed for as many bytes as the text has, in all: past that budget
/// the search goes on after it, as a plain search does, and stays linear whatever a source and a quote hold (a
/// hostile pair can then only make a quote fail, never be found where it is not).
fn each_occurrence(
    source: &Source,
    whole_words: bool,
    mut visit: impl FnMut(Range<usize>) -> ControlFlow<()>,
    mut find_from: impl FnMut(usize) -> Option<Range<usize>>,
) {
    let text = source.text();
    let mut budget = text.len();
    let mut from = 0;
    while let Some(range) = find_from(from) {
        let holds = (!whole_words || at_word_edges(text, &range)) && !source.crosses_paragraph(&range);
        if holds && visit(range.clone()).is_break() {
            break;
        }
        from = resume_after(text, &range, holds, &mut budget);
    }
}

/// Calls `visit` with each sentence of `source` that holds every one of `terms`, in order, until it breaks.
fn each_sentence_with_terms(
    source: &Source,
    terms: &[CaselessLiteral],
    mut visit: impl FnMut(Range<usize>) -> ControlFlow<()>,
) {
    let text = CaselessText::new(source.text());
    // A sentence holds a term only where the whole text holds it (word edges aside): a source that lacks one
    // of them everywhere is not split into sentences at all.
    if !terms.iter().all(|term| term.may_occur_in(&text)) {
        return;
    }
    let mut holding_all = vec![true; source.sentences().len()];
    for term in terms {
        let holding = term.sentences_holding(source, &text);
        holding_all.iter_mut().zip(holding).for_each(|(all, this)| *all &= this);
    }
    for (sentence, holds) in source.sentences().iter().zip(holding_all) {
        if holds && visit(sentence.clone()).is_break() {
            break;
        }
    }
}

/// The characters that the regex crate, ignoring case, matches with an ASCII letter (Unicode simple case
/// folding): U+212A (Kelvin sign) with `k`, U+017F (long s) with `s`. A test makes sure there are no others.
pub(crate) const CASE_FOLDING_TO_ASCII: [&str; 2] = ["\u{212A}", "\u{17F}"];

/// A literal, or alternatives to it, matched as `literal_regex` matches them (ignoring case, as whole words
/// at the edges that are word characters), without compiling that regex when every alternative is ASCII.
///
/// Ignoring case, the regex crate lets an ASCII letter match its other case and whatever else folds to it under
/// Unicode simple case folding, which for ASCII letters is only U+212A (Kelvin sign, to `k`) and U+017F (long s,
/// to `s`). Normalized text never holds either (NFKC maps them to `K` and `s`), but a text that does is searched
/// with the regex all the same, so that the two ways agree on every text (the tests compare them). Otherwise the
/// ASCII alternatives, lowered, are searched for in the text with its ASCII letters lowered (which keeps every
/// offset), and only the word edges are left to check: the regex's `\b` is Unicode's, with `regex_syntax`'s word
/// characters (not [`is_word_char`]'s).
#[derive(Debug)]
pub struct CaselessLiteral {
    alternatives: Vec<String>,
    /// The alternatives lowered; `None` when one is not ASCII.
    lowered: Option<LoweredAlternatives>,
    /// Compiled on first use, for non-ASCII alternatives or a text holding U+212A or U+017F.
    regex: OnceLock<Regex>,
}

/// The ASCII alternatives of a [`CaselessLiteral`], lowered, ready to be searched for in lowered text.
#[derive(Debug)]
struct LoweredAlternatives {
    /// Every occurrence of every alternative, overlapping ones included: in time linear in the text, however
    /// the occurrences overlap (`aaaa` in a run of `a`s), which a search restarted after each would not be.
    automaton: AhoCorasick,
    /// For each alternative, whether its first and its last character are word characters (where the regex
    /// has `\b`).
    word_edges: Vec<(bool, bool)>,
    /// The length of the longest alternative.
    longest: usize,
}

/// A text to search for [`CaselessLiteral`]s in: with its ASCII letters lowered, unless it holds U+212A or U+017F.
pub struct CaselessText<'t> {
    text: &'t str,
    lowered: Option<Vec<u8>>,
}

impl<'t> CaselessText<'t> {
    pub fn new(text: &'t str) -> CaselessText<'t> {
        // Searchers built once: a text is looked at for each search of it.
        static FOLDING: LazyLock<Vec<memmem::Finder<'static>>> =
            LazyLock::new(|| CASE_FOLDING_TO_ASCII.iter().map(|c| memmem::Finder::new(c.as_bytes())).collect());
        let bytes = text.as_bytes();
        let folds_to_ascii = FOLDING.iter().any(|finder| finder.find(bytes).is_some());
        CaselessText { text, lowered: (!folds_to_ascii).then(|| bytes.to_ascii_lowercase()) }
    }
}

impl CaselessLiteral {
    /// Prepares `alternatives` (at least one) for searching.
    pub fn new(alternatives: &[String]) -> CaselessLiteral {
        let lowered = if alternatives.iter().all(|alternative| alternative.is_ascii()) {
            // A small automaton, cheap to build (one per item): its prefilter (memmem for one alternative) does
            // most of the searching. Building fails only past the automaton's size limits, which quotes within
            // `max_quote_chars` do not reach; the regex would search then.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(alternatives.iter().map(|alternative| alternative.to_ascii_lowercase()))
                .ok()
                .map(|automaton| LoweredAlternatives {
                    automaton,
                    word_edges: alternatives.iter().map(|alternative| word_char_edges(alternative)).collect(),
                    longest: alternatives.iter().map(String::len).max().unwrap_or(0),
                })
        } else {
            None
        };
        CaselessLiteral { alternatives: alternatives.to_vec(), lowered, regex: OnceLock::new() }
    }

    /// The first match in `text` (its ends count as word edges), as the regex finds it.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_at(&CaselessText::new(text), 0)
    }

    /// The lowered alternatives and text, when `text` can be searched without the regex; the regex otherwise.
    fn searcher<'s>(&'s self, text: &'s CaselessText<'_>) -> Result<(&'s LoweredAlternatives, &'s [u8]), &'s Regex> {
        match (&self.lowered, &text.lowered) {
            (Some(alternatives), Some(lowered)) => Ok((alternatives, lowered)),
            _ => Err(self.regex.get_or_init(|| literal_regex(&self.alternatives))),
        }
    }

    /// The match `literal_regex`'s `find_at(text, from)` gives: the leftmost at or after `from` (the characters
    /// before it count for the word edges), of the first alternative that matches there.
    fn find_at(&self, text: &CaselessText<'_>, from: usize) -> Option<Range<usize>> {
        let (alternatives, lowered) = match self.searcher(text) {
            Ok(searcher) => searcher,
            Err(regex) => return Some(regex.find_at(text.text, text.text.get(from..).map(|_| from)?)?.range()),
        };
        let mut best: Option<(Range<usize>, usize)> = None;
        // Occurrences come in the order of their ends: one that starts at or before the best so far ends at most
        // `longest` bytes after it.
        for found in alternatives.occurrences(lowered, from) {
            if best.as_ref().is_some_and(|(range, _)| found.end() > range.start + alternatives.longest) {
                break;
            }
            let pattern = found.pattern().as_usize();
            let better = best.as_ref().is_none_or(|(range, first)| (found.start(), pattern) < (range.start, *first));
            if better && at_regex_word_edges(text.text, &found.range(), alternatives.word_edges[pattern]) {
                best = Some((found.range(), pattern));
            }
        }
        best.map(|(range, _)| range)
    }

    /// For each sentence of `source`, whether it holds a match (each sentence's ends count as word edges): the
    /// regex's `is_match` of every sentence, from one search of the whole `text` (the source's).
    pub fn sentences_holding(&self, source: &Source, text: &CaselessText<'_>) -> Vec<bool> {
        let sentences = source.sentences();
        let (alternatives, lowered) = match self.searcher(text) {
            Ok(searcher) => searcher,
            Err(regex) => {
                return sentences.iter().map(|sentence| regex.is_match(&text.text[sentence.clone()])).collect();
            }
        };
        let mut holding = vec![false; sentences.len()];
        for found in alternatives.occurrences(lowered, 0) {
            let word_edges = alternatives.word_edges[found.pattern().as_usize()];
            // Sentences come in the order of their starts and of their ends (split from the original text in
            // order, and mapped to the normalized text in order): those that contain the occurrence are the
            // ones from the first that ends at or after it to the last that starts at or before it.
            let first = sentences.partition_point(|normalized| normalized.end < found.end());
            let end = sentences.partition_point(|normalized| normalized.start <= found.start());
            for (index, holds) in holding.iter_mut().enumerate().take(end).skip(first) {
                let sentence = sentences.at(index);
                let within = found.start() - sentence.start..found.end() - sentence.start;
                *holds = *holds || at_regex_word_edges(&text.text[sentence], &within, word_edges);
            }
        }
        holding
    }

    /// False only when no part of `text` can hold a match.
    pub fn may_occur_in(&self, text: &CaselessText<'_>) -> bool {
        match self.searcher(text) {
            Ok((alternatives, lowered)) => alternatives.automaton.is_match(lowered),
            Err(_) => true,
        }
    }
}

impl LoweredAlternatives {
    /// Every occurrence of an alternative in `lowered` that starts at or after `from`, overlapping ones
    /// included, in the order of their ends.
    fn occurrences<'h>(&'h self, lowered: &'h [u8], from: usize) -> impl Iterator<Item = aho_corasick::Match> + 'h {
        let input = Input::new(lowered).span(from.min(lowered.len())..lowered.len());
        // An overlapping search panics only for an automaton not built with `MatchKind::Standard`, or an anchored
        // search: this one is neither.
        self.automaton.find_overlapping_iter(input)
    }
}

/// Whether an occurrence of a literal in `text` has the word edges the regex's `\b` asks for: no word character
/// (as the regex crate counts them) next to an edge of the literal that is one (`word_edges`, start and end).
fn at_regex_word_edges(text: &str, range: &Range<usize>, word_edges: (bool, bool)) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    let (starts_word, ends_word) = word_edges;
    (!starts_word || !is_word(text[..range.start].chars().next_back()))
        && (!ends_word || !is_word(text[range.end..].chars().next()))
}

/// Whether the first and the last character of `literal` are word characters: where [`literal_regex`] adds `\b`.
fn word_char_edges(literal: &str) -> (bool, bool) {
    (literal.chars().next().is_some_and(is_word_char), literal.chars().next_back().is_some_and(is_word_char))
}

/// A case-insensitive regex matching any of `alternatives` literally, as whole words.
///
/// The `\b` assertions are added only at edges that are word characters, so that a term like "U.S." or a quote
/// ending in `."` still matches where a person would expect.
fn literal_regex(alternatives: &[String]) -> Regex {
    let branches: Vec<String> = alternatives
        .iter()
        .map(|alternative| {
            let (starts_word, ends_word) = word_char_edges(alternative);
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

/// Whether a class matches only white space, the space among it: in normalized text, where every run of white
/// space is one space, it matches exactly `" "`.
pub(crate) fn is_white_space(class: &Class) -> bool {
    match class {
        Class::Unicode(class) => {
            class.ranges().iter().any(|range| (range.start()..=range.end()).contains(&' '))
                && class.ranges().iter().all(|range| (range.start()..=range.end()).all(char::is_whitespace))
        }
        Class::Bytes(class) => {
            class.ranges().iter().any(|range| (range.start()..=range.end()).contains(&b' '))
                && class.ranges().iter().all(|range| (range.start()..=range.end()).all(|b| b.is_ascii_whitespace()))
        }
    }
}

/// The text a pattern matches, when it matches exactly one text in normalized text: literals, and white space
/// classes (alone, or repeated at least once) that match exactly one space there, in sequence. Such a pattern
/// ("nearly\s+three\s+hours", as people write a phrase that may break across lines) is searched for as that
/// text, like a quote: the same matches as the regex, in the same order (a regex's leftmost-first match of a
/// single text is its leftmost occurrence), without compiling it. `None` for any other pattern, or one that
/// does not parse (the regex reports it).
fn pattern_literal(pattern: &PatternRegex) -> Option<String> {
    fn append(hir: &Hir, out: &mut Vec<u8>) -> Option<()> {
        match hir.kind() {
            HirKind::Literal(literal) => out.extend_from_slice(&literal.0),
            HirKind::Class(class) if is_white_space(class) => out.push(b' '),
            HirKind::Repetition(repetition)
                if repetition.min == 1
                    && matches!(repetition.sub.kind(), HirKind::Class(class) if is_white_space(class)) =>
            {
                out.push(b' ')
            }
            HirKind::Capture(capture) => append(&capture.sub, out)?,
            HirKind::Concat(pieces) => pieces.iter().try_for_each(|piece| append(piece, out))?,
            _ => return None,
        }
        Some(())
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(pattern.ignore_case())
        .nest_limit(pattern.nest_limit())
        .build()
        .parse(pattern.text())
        .ok()?;
    let mut literal = Vec::new();
    append(&hir, &mut literal)?;
    // Two spaces in a row match nothing in normalized text, nor does the regex: left to it, as is the empty
    // pattern (which matches everywhere).
    if literal.is_empty() || literal.windows(2).any(|pair| pair == b"  ") {
        return None;
    }
    String::from_utf8(literal).ok()
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

    /// The premise of [`CaselessLiteral`]'s search without a regex: ignoring case, the regex crate matches a
    /// non-ASCII character with an ASCII one only for U+212A and U+017F.
    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii() {
        let ascii = Regex::new(r"(?i)^[\x00-\x7F]$").unwrap();
        let folding: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| ascii.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        let mut listed: Vec<char> = CASE_FOLDING_TO_ASCII.iter().flat_map(|c| c.chars()).collect();
        listed.sort();
        assert_eq!(folding, listed);
    }

    /// The other premise: the regex's `\b` counts as word characters what `regex_syntax` does.
    #[test]
    fn regex_word_boundaries_use_regex_syntax_word_characters() {
        let boundary = Regex::new(r"(?s)^.\ba").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}a");
            assert_eq!(boundary.is_match(&text), !regex_syntax::is_word_character(c), "{c:?} ({:X})", c as u32);
        }
    }

    /// Why the regex is never needed on a source: normalized text holds neither U+212A nor U+017F.
    #[test]
    fn normalized_text_holds_no_character_folding_to_ascii() {
        let text = "1\u{212A} = \u{17F}\u{17F}, \u{17F}\u{307}, \u{1E9B}, \u{212A}\u{301}, K\u{FEFF}\u{301}";
        let normalized = crate::corpus::normalize::normalize(text).text;
        assert!(!CASE_FOLDING_TO_ASCII.iter().any(|c| normalized.contains(c)), "{normalized:?}");
        assert!(CaselessText::new(&normalized).lowered.is_some());
        assert!(CaselessText::new(text).lowered.is_none(), "the text itself needs the regex");
    }

    #[test]
    fn caseless_literals_ignore_case_and_keep_regex_word_edges() {
        let zelensky = CaselessLiteral::new(&["U.S.".to_owned(), "Zelenskiy".to_owned()]);
        assert_eq!(zelensky.find("the u.s. president"), Some(4..8));
        assert_eq!(zelensky.find("ZELENSKIY said"), Some(0..9));
        assert_eq!(zelensky.find("Zelenskiyy said, zelenskiy_ did"), None);
        // The regex's word characters, not `is_word_char`'s: a combining mark is one, a superscript digit not.
        let kiev = CaselessLiteral::new(&["Kiev".to_owned()]);
        assert_eq!(kiev.find("Kiev\u{301}, kiev² "), Some(8..12));
        // Of two alternatives that match at the same offset, the first listed wins, as in the regex.
        let first = |alternatives: &[&str]| {
            CaselessLiteral::new(&alternatives.iter().map(|a| a.to_string()).collect::<Vec<_>>()).find("U.S.A. now")
        };
        assert_eq!(first(&["U.S.", "U.S.A."]), Some(0..4));
        assert_eq!(first(&["u.s.a.", "U.S."]), Some(0..6));
        // A text holding a Kelvin sign goes through the regex, which matches it with `k`.
        assert_eq!(kiev.find("\u{212A}IEV"), Some(0..6));
    }

    mod same_as_the_regex {
        use proptest::prelude::*;

        use super::super::*;
        use crate::corpus::CorpusConfig;

        /// Pieces of text: ASCII letters of both cases (`k` and `s` among them), digits, `_`, apostrophes,
        /// punctuation, spaces, line and paragraph breaks, sentence ends, non-ASCII letters, a combining mark, a
        /// connector (a word character to the regex only), a superscript (one to `is_word_char` only), U+212A and
        /// U+017F.
        const TEXT: &[&str] = &[
            "a", "b", "k", "K", "s", "S", "ab", "AB", "sk", "1", "_", "'", ".", ",", "-", " ", " ", "\n", "\n\n", ". ",
            "! ", "? ", ". A", "é", "É", "\u{301}", "\u{203F}", "²", "ß", "\u{212A}", "\u{17F}",
        ];

        /// Pieces of needles: mostly ASCII, so that most are searched without the regex.
        const NEEDLE: &[&str] = &["a", "B", "k", "S", "1", "_", "'", ".", " ", "-", "é"];

        /// Text made of the pieces of `TEXT` and of `needles`, as they are and in capitals, so that most texts
        /// hold some of them, next to all kinds of characters.
        fn text_with(needles: &[String]) -> impl Strategy<Value = String> + use<> {
            let mut pieces: Vec<String> = TEXT.iter().map(|piece| piece.to_string()).collect();
            pieces.extend(needles.iter().flat_map(|needle| [needle.clone(), needle.to_uppercase()]));
            prop::collection::vec(prop::sample::select(pieces), 0..50).prop_map(|pieces| pieces.concat())
        }

        /// A needle; some are a piece said twice (`a.a.`), whose occurrences can overlap.
        fn needle() -> impl Strategy<Value = String> {
            (prop::collection::vec(prop::sample::select(NEEDLE), 1..5), any::<bool>()).prop_map(|(pieces, twice)| {
                let needle = pieces.concat();
                if twice { needle.repeat(2) } else { needle }
            })
        }

        /// Alternatives, some of which extend the first, in any order: two can match at the same offset.
        fn alternatives() -> impl Strategy<Value = Vec<String>> {
            (needle(), prop::collection::vec((any::<bool>(), needle()), 0..3))
                .prop_map(|(first, others)| {
                    let extended =
                        |(extends, other): (bool, String)| if extends { format!("{first}{other}") } else { other };
                    let mut all: Vec<String> = others.into_iter().map(extended).collect();
                    all.push(first);
                    all
                })
                .prop_shuffle()
        }

        /// The same literal searched only with the regex, as before there was another way.
        fn with_regex(alternatives: &[String]) -> CaselessLiteral {
            CaselessLiteral { alternatives: alternatives.to_vec(), lowered: None, regex: OnceLock::new() }
        }

        fn source(text: &str) -> Source {
            Source::new("s.txt".into(), text.into(), &CorpusConfig::default())
        }

        /// A pattern of literals and white space classes, which [`pattern_literal`] turns into one text; with
        /// `ignore_case`, its letters make it a regex of classes.
        fn literal_pattern() -> impl Strategy<Value = (String, bool)> {
            const PIECES: &[&str] = &[
                "a",
                "B",
                "k",
                "é",
                "1",
                r"\.",
                ",",
                "'",
                r"\s+",
                r"\s",
                r"\s{1,3}",
                r"[ \t]+",
                r"(?:\s)+",
                " ",
                "(a)",
                r"(?:B\s+1)",
                r"\x41",
                r"\u{E9}",
            ];
            (prop::collection::vec(prop::sample::select(PIECES), 1..6), any::<bool>())
                .prop_map(|(pieces, ignore_case)| (pieces.concat(), ignore_case))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            /// A pattern searched for as the one text it matches finds what the regex finds, in any text (all
            /// kinds of white space included, which normalization makes one space).
            #[test]
            fn patterns_that_match_one_text(((pattern, ignore_case), text) in literal_pattern().prop_flat_map(|pattern| {
                let spaces = ["\t", "\u{A0}", "\u{2028}", "\u{3000}", "\u{85}", " \n "].map(String::from);
                let words = [pattern.0.replace(r"\s+", " ").replace(r"\s", " ").replace(r"\.", ".")];
                let text = text_with(&[&spaces[..], &words[..]].concat());
                (Just(pattern), text)
            })) {
                let source = source(&text);
                let limits = crate::limits::Limits::default();
                let regex = PatternRegex::new(&pattern, ignore_case, &limits).expect("the pieces make a valid pattern");
                let expected = Finder::Regex { regex: regex.compile() }.find_all(&source);
                match pattern_literal(&regex) {
                    Some(literal) => {
                        prop_assert_eq!(Finder::literal(Cow::Owned(literal), false).find_all(&source), expected);
                    }
                    // Only a pattern whose letters ignore case, or one with two spaces in a row, is left to the
                    // regex.
                    None => prop_assert!(
                        (ignore_case && pattern.chars().any(|c| c.is_alphabetic())) || pattern.contains("  ")
                            || expected.is_empty()
                    ),
                }
            }

            /// From every offset of any text, the match the regex finds.
            #[test]
            fn find_at((alternatives, text) in alternatives().prop_flat_map(|alternatives| {
                let text = text_with(&alternatives);
                (Just(alternatives), text)
            })) {
                let (fast, regex) = (CaselessLiteral::new(&alternatives), literal_regex(&alternatives));
                let caseless = CaselessText::new(&text);
                for from in (0..=text.len()).filter(|&from| text.is_char_boundary(from)) {
                    let expected = regex.find_at(&text, from).map(|found| found.range());
                    prop_assert_eq!(fast.find_at(&caseless, from), expected, "from {}", from);
                }
            }

            /// Every match of a case-insensitive quote in a source, as the regex finds them.
            #[test]
            fn quotes((quote, text) in needle().prop_flat_map(|quote| {
                let text = text_with(std::slice::from_ref(&quote));
                (Just(quote), text)
            })) {
                let source = source(&text);
                let fast = Finder::Caseless { quote: CaselessLiteral::new(std::slice::from_ref(&quote)) };
                let regex = Finder::Caseless { quote: with_regex(std::slice::from_ref(&quote)) };
                prop_assert_eq!(fast.find_all(&source), regex.find_all(&source));
            }

            /// The sentences that hold each term, and those that hold them all, as the regex finds them.
            #[test]
            fn terms((terms, text) in prop::collection::vec(alternatives(), 1..4).prop_flat_map(|terms| {
                let text = text_with(&terms.concat());
                (Just(terms), text)
            })) {
                let source = source(&text);
                let caseless = CaselessText::new(source.text());
                for alternatives in &terms {
                    let regex = literal_regex(alternatives);
                    let expected: Vec<bool> = source
                        .sentences()
                        .iter()
                        .map(|sentence| regex.is_match(&source.text()[sentence.clone()]))
                        .collect();
                    let fast = CaselessLiteral::new(alternatives);
                    prop_assert_eq!(fast.sentences_holding(&source, &caseless), expected);
                    prop_assert!(fast.may_occur_in(&caseless) || !regex.is_match(source.text()));
                }
                let fast = Finder::Terms { terms: terms.iter().map(|term| CaselessLiteral::new(term)).collect() };
                let regex = Finder::Terms { terms: terms.iter().map(|term| with_regex(term)).collect() };
                prop_assert_eq!(fast.find_all(&source), regex.find_all(&source));
            }
        }
    }
}

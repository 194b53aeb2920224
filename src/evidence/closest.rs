//! The closest passage: where a quote that is not found most likely was, or was meant to be.
//!
//! When a corpus edit changes a cited sentence, the reviewer needs the sentence as it is now. The search runs
//! in two steps over the normalized text of the sources in scope:
//!
//! 1. **Candidates.** A window of as many words as the quote slides over each source, scored by how many of
//!    the quote's words (case- and punctuation-insensitive, counted as a multiset) it holds. This is linear in
//!    the size of the sources and finds the passage even when several words differ, because the words that did
//!    not change still vote for it.
//! 2. **Alignment.** Around the best few windows, starts and lengths a few words either way are compared with
//!    the quote by `similar`'s word-level diff ratio, and the most similar wins.
//!
//! Windows that touch an excluded region are skipped: reader comments are never shown as the evidence.

use std::collections::HashMap;
use std::ops::Range;

use similar::{Algorithm, TextDiff};

use crate::corpus::Source;

/// How many windows of step 1 go on to step 2.
const CANDIDATES: usize = 6;
/// How far (in words) step 2 moves the start and the end of a candidate window.
const SLACK: usize = 3;

/// A passage of a source, located, with its similarity to what was searched for.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// The source's name.
    pub source: String,
    /// The passage's range in the source's normalized text.
    pub range: Range<usize>,
    /// 1-based line and column of the passage in the original file.
    pub location: crate::location::LineColumn,
    /// The passage as written in the original file.
    pub text: String,
    /// The passage after normalization, as compared.
    pub normalized: String,
    /// From 0 (nothing in common) to 1 (equal).
    pub similarity: f64,
}

impl Passage {
    /// The passage of `source` at a normalized `range`.
    pub fn at(source: &Source, range: Range<usize>, similarity: f64) -> Passage {
        Passage {
            source: source.name.clone(),
            location: source.locate(range.start),
            text: source.original_text(range.clone()).to_owned(),
            normalized: source.text()[range.clone()].to_owned(),
            range,
            similarity,
        }
    }
}

/// The similarity of two normalized texts: `similar`'s ratio over their words.
pub fn similarity(a: &str, b: &str) -> f64 {
    f64::from(TextDiff::configure().algorithm(Algorithm::Patience).diff_words(a, b).ratio())
}

/// The words of a normalized text (split on its single spaces), as byte ranges.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for word in text.split(' ') {
        if !word.is_empty() {
            ranges.push(start..start + word.len());
        }
        start += word.len() + 1;
    }
    ranges
}

/// The form of a word that votes in step 1: lowercase, without surrounding punctuation.
fn vote_key(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// A window found in step 1.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    source: usize,
    first_word: usize,
    score: usize,
}

/// The passage of `sources` most similar to `needle` (normalized), if any source has words.
pub fn closest_passage(needle: &str, sources: &[&Source]) -> Option<Passage> {
    closest_passages(needle, sources, 1).pop()
}

/// Up to `count` passages of `sources` most similar to `needle` (normalized), most similar first, no two of
/// them overlapping: the places a text most likely was, for `factcheck find` to offer when it is nowhere.
pub fn closest_passages(needle: &str, sources: &[&Source], count: usize) -> Vec<Passage> {
    let needle_words: Vec<&str> = needle.split(' ').filter(|w| !w.is_empty()).collect();
    if needle_words.is_empty() || count == 0 {
        return Vec::new();
    }
    let mut needed: HashMap<String, (usize, usize)> = HashMap::new(); // key -> (id, count)
    for word in &needle_words {
        let next_id = needed.len();
        needed.entry(vote_key(word)).or_insert((next_id, 0)).1 += 1;
    }
    let need: Vec<usize> = {
        let mut need = vec![0; needed.len()];
        for (id, count) in needed.values() {
            need[*id] = *count;
        }
        need
    };
    let width = needle_words.len();

    let source_words: Vec<Vec<Range<usize>>> = sources.iter().map(|source| words(source.text())).collect();
    let mut best: Vec<Candidate> = Vec::with_capacity(CANDIDATES + 1);
    for (source_index, (source, words)) in sources.iter().zip(&source_words).enumerate() {
        let text = source.text();
        let ids: Vec<Option<usize>> =
            words.iter().map(|w| needed.get(&vote_key(&text[w.clone()])).map(|(id, _)| *id)).collect();
        let blocked: Vec<bool> = words.iter().map(|w| source.excluded_overlapping(w).is_some()).collect();
        let mut in_window = vec![0usize; need.len()];
        let mut score = 0usize;
        let mut blocked_in_window = 0usize;
        for end in 0..words.len() {
            if let Some(id) = ids[end] {
                if in_window[id] < need[id] {
                    score += 1;
                }
                in_window[id] += 1;
            }
            blocked_in_window += usize::from(blocked[end]);
            if end >= width {
                let leaving = end - width;
                if let Some(id) = ids[leaving] {
                    in_window[id] -= 1;
                    if in_window[id] < need[id] {
                        score -= 1;
                    }
                }
                blocked_in_window -= usize::from(blocked[leaving]);
            }
            let first_word = (end + 1).saturating_sub(width);
            if blocked_in_window == 0 && (end + 1 == words.len() || end + 1 >= width) {
                offer(&mut best, Candidate { source: source_index, first_word, score }, width);
            }
        }
    }

    // Each candidate window is aligned on its own; the most similar alignments win, in the order of `best`
    // among equals, so that a single passage is the one a search over all candidates at once would find.
    let mut aligned: Vec<Alignment> =
        best.iter().filter_map(|candidate| align(needle, width, sources, &source_words, candidate)).collect();
    let mut ranked: Vec<Alignment> = Vec::with_capacity(aligned.len());
    while !aligned.is_empty() {
        let mut top = 0;
        for (i, alignment) in aligned.iter().enumerate().skip(1) {
            if alignment.beats(&aligned[top]) {
                top = i;
            }
        }
        ranked.push(aligned.remove(top));
    }
    let mut passages: Vec<Passage> = Vec::with_capacity(count);
    for alignment in ranked {
        let source = sources[alignment.source];
        let range = trim_punctuation(needle, source.text(), alignment.range);
        let overlaps = passages
            .iter()
            .any(|kept| kept.source == source.name && kept.range.start < range.end && range.start < kept.range.end);
        if !overlaps {
            passages.push(Passage::at(source, range.clone(), similarity(needle, &source.text()[range])));
        }
        if passages.len() == count {
            break;
        }
    }
    passages
}

/// The best alignment of one candidate window with the needle.
#[derive(Debug, Clone)]
struct Alignment {
    similarity: f64,
    /// How far the passage's length (in words) is from the needle's.
    distance: usize,
    source: usize,
    range: Range<usize>,
}

impl Alignment {
    /// More similar, or as similar and closer in length.
    fn beats(&self, other: &Alignment) -> bool {
        self.similarity > other.similarity + 1e-9
            || ((self.similarity - other.similarity).abs() <= 1e-9 && self.distance < other.distance)
    }
}

/// Step 2 for one candidate: starts and lengths a few words either way, the most similar kept.
fn align(
    needle: &str,
    width: usize,
    sources: &[&Source],
    source_words: &[Vec<Range<usize>>],
    candidate: &Candidate,
) -> Option<Alignment> {
    let mut winner: Option<Alignment> = None;
    let words = &source_words[candidate.source];
    let source = sources[candidate.source];
    let first_low = candidate.first_word.saturating_sub(SLACK);
    let first_high = (candidate.first_word + SLACK).min(words.len().saturating_sub(1));
    for first in first_low..=first_high {
        let len_low = width.saturating_sub(SLACK).max(1);
        for len in len_low..=width + SLACK {
            let last = first + len - 1;
            if last >= words.len() {
                break;
            }
            if words[first..=last].iter().any(|w| source.excluded_overlapping(w).is_some()) {
                continue;
            }
            let range = words[first].start..words[last].end;
            let alignment = Alignment {
                similarity: similarity(needle, &source.text()[range.clone()]),
                distance: len.abs_diff(width),
                source: candidate.source,
                range,
            };
            if winner.as_ref().is_none_or(|best| alignment.beats(best)) {
                winner = Some(alignment);
            }
        }
    }
    winner
}

/// Drops punctuation at the ends of a passage where the needle has none, so that a quote ending in
/// "Anchorage" is shown against "Anchorage", not "Anchorage,".
fn trim_punctuation(needle: &str, text: &str, range: Range<usize>) -> Range<usize> {
    let is_punctuation = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let mut range = range;
    if needle.chars().next().is_some_and(|c| !is_punctuation(c)) {
        let passage = &text[range.clone()];
        let trimmed = passage.trim_start_matches(is_punctuation);
        if !trimmed.is_empty() {
            range.start += passage.len() - trimmed.len();
        }
    }
    if needle.chars().next_back().is_some_and(|c| !is_punctuation(c)) {
        let passage = &text[range.clone()];
        let trimmed = passage.trim_end_matches(is_punctuation);
        if !trimmed.is_empty() {
            range.end -= passage.len() - trimmed.len();
        }
    }
    range
}

/// Keeps the best [`CANDIDATES`] windows, one per neighbourhood: a window overlapping a kept one replaces it
/// only if it scores higher.
fn offer(best: &mut Vec<Candidate>, candidate: Candidate, width: usize) {
    if let Some(neighbour) = best
        .iter_mut()
        .find(|kept| kept.source == candidate.source && kept.first_word.abs_diff(candidate.first_word) < width.max(1))
    {
        if candidate.score > neighbour.score {
            *neighbour = candidate;
        }
        return;
    }
    if best.len() < CANDIDATES {
        best.push(candidate);
    } else if let Some(worst) = best.iter_mut().min_by_key(|kept| kept.score)
        && candidate.score > worst.score
    {
        *worst = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::CorpusConfig;

    fn source(name: &str, text: &str) -> Source {
        Source::new(name.into(), text.into(), &CorpusConfig::default())
    }

    #[test]
    fn finds_the_passage_when_one_word_changed() {
        let s = source(
            "a.txt",
            "Intro line.\n\nThe Alaska summit was held on Friday. The two leaders met for about three hours in \
             Anchorage, but the meeting produced no agreement.",
        );
        let passage = closest_passage("The two leaders met for nearly three hours in Anchorage", &[&s]).unwrap();
        assert_eq!(passage.normalized, "The two leaders met for about three hours in Anchorage");
        assert_eq!(passage.location.line, 3);
        assert!(passage.similarity > 0.8 && passage.similarity < 1.0, "{}", passage.similarity);
    }

    #[test]
    fn finds_the_passage_when_several_words_differ_and_picks_the_right_source() {
        let decoy = source("decoy.txt", "Leaders met in Washington on Monday to talk about trade and energy.");
        let real = source(
            "real.txt",
            "Other news first. Trump said the summit with Putin was productive but they reached no ceasefire. More.",
        );
        let passage = closest_passage(
            "Trump called the summit with Putin very productive though no ceasefire was reached",
            &[&decoy, &real],
        )
        .unwrap();
        assert_eq!(passage.source, "real.txt");
        assert!(passage.normalized.contains("summit with Putin was productive"), "{}", passage.normalized);
    }

    #[test]
    fn short_sources_and_empty_needles() {
        let s = source("a.txt", "Two words");
        assert_eq!(closest_passage("three words here and more", &[&s]).unwrap().normalized, "Two words");
        assert_eq!(closest_passage("   ", &[&s]), None);
        let empty = source("e.txt", "");
        assert_eq!(closest_passage("anything", &[&empty]), None);
    }

    #[test]
    fn several_passages_come_most_similar_first_and_never_overlap() {
        let near = source("near.txt", "Intro. The two leaders met for about three hours in Anchorage on Friday.");
        let far = source("far.txt", "Elsewhere the two leaders met for a short time. Nothing else.");
        let passages = closest_passages("the two leaders met for nearly three hours in Anchorage", &[&far, &near], 3);
        assert!(passages.len() >= 2, "{passages:#?}");
        assert_eq!(passages[0].source, "near.txt");
        assert!(passages.iter().any(|p| p.source == "far.txt"));
        assert!(passages.windows(2).all(|pair| pair[0].similarity >= pair[1].similarity - 1e-9));
        for (i, a) in passages.iter().enumerate() {
            for b in &passages[i + 1..] {
                assert!(a.source != b.source || a.range.end <= b.range.start || b.range.end <= a.range.start);
            }
        }
        let needle = "the two leaders met for nearly three hours in Anchorage";
        assert_eq!(closest_passage(needle, &[&far, &near]).unwrap(), passages[0]);
        assert!(closest_passages("anything", &[&near], 0).is_empty());
    }

    #[test]
    fn similarity_is_one_for_equal_texts() {
        assert_eq!(similarity("a b c", "a b c"), 1.0);
        assert!(similarity("a b c", "x y z") < 0.5);
    }
}

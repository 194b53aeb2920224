//! One source of the corpus, ready to be searched: original and normalized text, lines, sentences and the
//! regions that are not evidence.
//!
//! Only the normalized text is held: the original is rebuilt from it and the offset map when a range of it is
//! asked for (see `normalize`), and what the hot paths need of the original (its line starts, its paragraph
//! breaks) is computed once, when the source is loaded.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use super::config::{CorpusConfig, SourceLines};
use super::normalize::{Normalized, normalize};
use super::sentences;
use crate::location::{LineColumn, LineIndex};
use crate::offsets::Offsets;

/// A source file, normalized.
#[derive(Debug)]
pub struct Source {
    /// The path relative to the corpus root, `/`-separated.
    pub name: String,
    /// The text matchers search, with the map back to the file as it is on disk.
    pub normalized: Normalized,
    /// The line starts of the original.
    lines: LineIndex,
    /// The `held` ranges of the replacements (see `Normalized::replacements`) whose original holds a paragraph
    /// break, in order.
    paragraph_breaks: Vec<Range<usize>>,
    sentences: OnceLock<Sentences>,
    excluded: Vec<ExcludedRegion>,
}

/// A sentence, as ranges of both texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub original: Range<usize>,
    pub normalized: Range<usize>,
}

/// The sentences of a source, in order. They are kept as long as the source once a term or a coverage report
/// has asked for them (at 100 MB of corpus, millions), so their bounds are held as one column of [`Offsets`],
/// four to a sentence, each in four bytes for any text below 4 GiB.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// For sentence `i`, `bounds[4 * i..4 * i + 4]`: its original start and end, then its normalized ones.
    bounds: Offsets,
}

impl Sentences {
    pub fn len(&self) -> usize {
        self.bounds.len() / 4
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// The sentence at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<Sentence> {
        (index < self.len()).then(|| self.at(index))
    }

    /// The sentence at `index`. Panics when `index` is out of bounds, as indexing a slice does: for callers that
    /// index within [`Sentences::len`].
    pub fn at(&self, index: usize) -> Sentence {
        let bound = |k: usize| self.bounds.at(4 * index + k);
        Sentence { original: bound(0)..bound(1), normalized: bound(2)..bound(3) }
    }

    /// The sentences, in order.
    pub fn iter(&self) -> SentencesIter<'_> {
        SentencesIter { sentences: self, indices: 0..self.len() }
    }

    /// The index of the first sentence for which `pred` of its normalized range is false, the sentences being
    /// partitioned by it, as [`slice::partition_point`].
    pub fn partition_point(&self, mut pred: impl FnMut(Range<usize>) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if pred(self.bounds.at(4 * middle + 2)..self.bounds.at(4 * middle + 3)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

impl<'a> IntoIterator for &'a Sentences {
    type Item = Sentence;
    type IntoIter = SentencesIter<'a>;

    fn into_iter(self) -> SentencesIter<'a> {
        self.iter()
    }
}

/// The sentences of a source, in order ([`Sentences::iter`]).
#[derive(Debug, Clone)]
pub struct SentencesIter<'a> {
    sentences: &'a Sentences,
    indices: Range<usize>,
}

impl Iterator for SentencesIter<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        self.indices.next().map(|index| self.sentences.at(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }
}

impl DoubleEndedIterator for SentencesIter<'_> {
    fn next_back(&mut self) -> Option<Sentence> {
        self.indices.next_back().map(|index| self.sentences.at(index))
    }
}

impl ExactSizeIterator for SentencesIter<'_> {}

/// A region of a source that is never evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludedRegion {
    /// A range of the normalized text.
    pub normalized: Range<usize>,
    /// Why, from `corpus.toml`.
    pub reason: String,
}

impl Source {
    /// Normalizes `original` and finds its excluded regions by the rules of `config`.
    pub fn new(name: String, original: String, config: &CorpusConfig) -> Source {
        let normalized = normalize(&original);
        let lines = LineIndex::new(&original);
        // Split into lines only when an exclusion applies.
        let source_lines = std::cell::LazyCell::new(|| SourceLines::new(&original));
        let mut excluded: Vec<ExcludedRegion> = config
            .exclusions
            .iter()
            .filter(|exclusion| exclusion.applies_to(&name))
            .flat_map(|exclusion| {
                exclusion.regions(&source_lines).into_iter().map(|region| ExcludedRegion {
                    normalized: normalized.normalized_range(region),
                    reason: exclusion.reason.clone(),
                })
            })
            .filter(|region| !region.normalized.is_empty())
            .collect();
        excluded.sort_by_key(|region| (region.normalized.start, region.normalized.end));
        // A paragraph break is white space, never copied as it is (a run of white space is kept only when it is
        // one space): every break lies in a replacement, which a range holds whole or not at all.
        let mut paragraph_breaks: Vec<Range<usize>> = normalized
            .replacements()
            .filter(|(_, original_range)| holds_paragraph_break(&original[original_range.clone()]))
            .map(|(held, _)| held)
            .collect();
        // Kept as long as the source: no slack.
        paragraph_breaks.shrink_to_fit();
        Source { name, normalized, lines, paragraph_breaks, sentences: OnceLock::new(), excluded }
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.normalized.text
    }

    /// The line and column, in the original file, of a normalized offset.
    pub fn locate(&self, normalized_offset: usize) -> LineColumn {
        let original = self.normalized.map.to_original_start(normalized_offset).min(self.normalized.original_len());
        let (line, start) = self.lines.line_and_start(original);
        // The bytes of the line up to the offset, and the byte at it: an offset inside a multi-byte character
        // is moved back to that character's start, as `LineIndex::locate` does.
        let bytes = self.normalized.original_bytes(start..original + 1);
        let mut end = original - start;
        while end > 0 && bytes.get(end).is_some_and(|&byte| is_continuation(byte)) {
            end -= 1;
        }
        let column = bytes[..end].iter().filter(|&&byte| !is_continuation(byte)).count() + 1;
        LineColumn { line, column }
    }

    /// The file as it is on disk, rebuilt.
    pub fn original(&self) -> Cow<'_, str> {
        self.normalized.original_text()
    }

    /// Whether an original byte offset starts a character (or is the end of the text), as
    /// `str::is_char_boundary` on the original would say.
    pub fn is_original_char_boundary(&self, offset: usize) -> bool {
        offset == self.normalized.original_len()
            || self.normalized.original_bytes(offset..offset + 1).first().is_some_and(|&byte| !is_continuation(byte))
    }

    /// The original text a normalized range was made from.
    pub fn original_text(&self, normalized: Range<usize>) -> Cow<'_, str> {
        self.normalized.original(self.normalized.original_range(normalized))
    }

    /// The sentences of the source, split on first use.
    pub fn sentences(&self) -> &Sentences {
        self.sentences.get_or_init(|| {
            let mut bounds = Vec::new();
            for original in sentences::split(&self.original()) {
                let normalized = self.normalized.normalized_range(original.clone());
                if !normalized.is_empty() {
                    bounds.extend([original.start, original.end, normalized.start, normalized.end]);
                }
            }
            Sentences { bounds: bounds.into() }
        })
    }

    /// The indices of the sentences that overlap a normalized range (at least one, the nearest, for a range
    /// that falls between sentences).
    pub fn sentences_overlapping(&self, range: Range<usize>) -> Range<usize> {
        let sentences = self.sentences();
        let first = sentences.partition_point(|normalized| normalized.end <= range.start);
        let end = sentences.partition_point(|normalized| normalized.start < range.end.max(range.start + 1));
        let first = first.min(sentences.len().saturating_sub(1));
        first..end.max(first + 1).min(sentences.len())
    }

    /// Whether a normalized range runs across a paragraph break: a blank line (or a line of white space).
    ///
    /// A single line break is not enough: it separates paragraphs in some sources but only wraps lines in
    /// others, and a quote must match across a wrapped line.
    ///
    /// A range's original holds a replacement whole or not at all: it crosses a paragraph exactly when it holds
    /// one of `paragraph_breaks`. (Their starts and ends both increase: the first that ends after the range
    /// starts is the one to look at.)
    pub fn crosses_paragraph(&self, range: &Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let after = self.paragraph_breaks.partition_point(|held| held.end <= range.start);
        self.paragraph_breaks.get(after).is_some_and(|held| held.start < range.end)
    }

    /// The excluded region that contains any part of a normalized range, if one does.
    pub fn excluded_overlapping(&self, range: &Range<usize>) -> Option<&ExcludedRegion> {
        self.excluded.iter().find(|region| region.normalized.start < range.end && range.start < region.normalized.end)
    }

    /// Every excluded region, in order.
    pub fn excluded(&self) -> &[ExcludedRegion] {
        &self.excluded
    }
}

/// Whether an original text holds a blank line (or a line of white space) between two line breaks.
fn holds_paragraph_break(original: &str) -> bool {
    let parts: Vec<&str> = original.split('\n').collect();
    parts.len() > 2 && parts[1..parts.len() - 1].iter().any(|line| line.trim().is_empty())
}

/// Whether a byte of UTF-8 continues a character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::config;
    use crate::limits::Limits;

    fn source(text: &str, config: &str) -> Source {
        Source::new("s.txt".into(), text.into(), &config::parse(config, &Limits::default()).unwrap())
    }

    #[test]
    fn locations_are_in_the_original() {
        let s = source("\u{FEFF}Title\r\n\r\n“Moscow’s” win — met for nearly three hours.", "");
        let at = s.text().find("met for").unwrap();
        assert_eq!(s.locate(at), LineColumn { line: 3, column: 18 });
        assert_eq!(s.original_text(at..at + 7), "met for");
    }

    #[test]
    fn sentences_map_to_normalized_ranges() {
        let s = source("Heading\n\nOne “two.” Three — four.", "");
        let sentences: Vec<&str> = s.sentences().iter().map(|x| &s.text()[x.normalized.clone()]).collect();
        assert_eq!(sentences, ["Heading", "One \"two.\"", "Three - four."]);
        let four = s.text().find("four").unwrap();
        assert_eq!(s.sentences_overlapping(four..four + 4), 2..3);
        let across = s.text().find("two").unwrap();
        assert_eq!(s.sentences_overlapping(across..four), 1..3);
    }

    #[test]
    fn paragraph_breaks_are_blank_lines() {
        let s = source("Heading\n\nPresident Trump met Putin in\r\nAnchorage. Then\r\n\u{a0}\r\nNext one.", "");
        let range = |needle: &str| {
            let at = s.text().find(needle).unwrap();
            at..at + needle.len()
        };
        assert!(s.crosses_paragraph(&range("Heading President")));
        assert!(!s.crosses_paragraph(&range("met Putin in Anchorage")), "a wrapped line");
        assert!(!s.crosses_paragraph(&range("Anchorage. Then")));
        assert!(s.crosses_paragraph(&range("Then Next")), "a line holding only a no-break space is blank");
    }

    #[test]
    fn paragraph_breaks_after_dropped_characters() {
        // The break is dropped with the byte order mark, after the identity segment `a `: a range holds it only
        // by running past that segment, or at the end of the text by reaching it.
        let s = source("a \u{FEFF}\n\nb", "");
        assert_eq!(s.text(), "a b");
        assert!(!s.crosses_paragraph(&(0..2)));
        assert!(!s.crosses_paragraph(&(2..3)));
        assert!(s.crosses_paragraph(&(1..3)));
        let s = source(" \u{FEFF}\n\n", "");
        assert!(s.crosses_paragraph(&(0..1)));
    }

    #[test]
    fn excluded_regions_are_found_in_normalized_text() {
        let s =
            source("News.\n2 Comments\nGreat  article\n", "[[exclude]]\nreason = 'comments'\nfrom = '2 Comments'\n");
        let great = s.text().find("Great article").unwrap();
        let region = s.excluded_overlapping(&(great..great + 5)).unwrap();
        assert_eq!(region.reason, "comments");
        assert!(s.excluded_overlapping(&(0..5)).is_none());
    }
}

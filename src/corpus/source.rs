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
    /// (As two columns, their starts and their ends: see [`Offsets`].)
    paragraph_break_starts: Offsets,
    paragraph_break_ends: Offsets,
    sentences: OnceLock<Sentences>,
    excluded: Vec<ExcludedRegion>,
}

/// The sentences of a source, in order, as ranges of its normalized text.
///
/// They are kept as long as the source once a term or a coverage report has asked for them (at 100 MB of
/// corpus, millions), so their bounds are held as a column of [`Offsets`], each in four bytes for any text below
/// 4 GiB, and their ranges of the original text are not kept: a sentence's is the range its normalized range
/// maps back to ([`Source::sentence_original`]), except for the few that the map would widen or narrow (a
/// sentence next to a dropped character), which are kept aside.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// For sentence `i`, `normalized[2 * i]..normalized[2 * i + 1]`.
    normalized: Offsets,
    /// The indices of the sentences whose original range is not the one the map gives, ascending.
    exceptions: Offsets,
    /// For the `k`th of them, `exception_ranges[2 * k]..exception_ranges[2 * k + 1]`.
    exception_ranges: Offsets,
}

impl Sentences {
    pub fn len(&self) -> usize {
        self.normalized.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.normalized.is_empty()
    }

    /// The normalized range of the sentence at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<Range<usize>> {
        (index < self.len()).then(|| self.at(index))
    }

    /// The normalized range of the sentence at `index`. Panics when `index` is out of bounds, as indexing a
    /// slice does: for callers that index within [`Sentences::len`].
    pub fn at(&self, index: usize) -> Range<usize> {
        self.normalized.at(2 * index)..self.normalized.at(2 * index + 1)
    }

    /// The normalized ranges of the sentences, in order.
    pub fn iter(&self) -> SentencesIter<'_> {
        SentencesIter { sentences: self, indices: 0..self.len() }
    }

    /// The index of the first sentence for which `pred` of its normalized range is false, the sentences being
    /// partitioned by it, as [`slice::partition_point`].
    pub fn partition_point(&self, mut pred: impl FnMut(Range<usize>) -> bool) -> usize {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if pred(self.at(middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

impl<'a> IntoIterator for &'a Sentences {
    type Item = Range<usize>;
    type IntoIter = SentencesIter<'a>;

    fn into_iter(self) -> SentencesIter<'a> {
        self.iter()
    }
}

/// The normalized ranges of the sentences of a source, in order ([`Sentences::iter`]).
#[derive(Debug, Clone)]
pub struct SentencesIter<'a> {
    sentences: &'a Sentences,
    indices: Range<usize>,
}

impl Iterator for SentencesIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        self.indices.next().map(|index| self.sentences.at(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.indices.size_hint()
    }

    // Skipping is a step of the indices: `skip(first)` must not read every sentence before `first`.
    fn nth(&mut self, n: usize) -> Option<Range<usize>> {
        self.indices.nth(n).map(|index| self.sentences.at(index))
    }
}

impl DoubleEndedIterator for SentencesIter<'_> {
    fn next_back(&mut self) -> Option<Range<usize>> {
        self.indices.next_back().map(|index| self.sentences.at(index))
    }

    fn nth_back(&mut self, n: usize) -> Option<Range<usize>> {
        self.indices.nth_back(n).map(|index| self.sentences.at(index))
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
        let (starts, ends): (Vec<usize>, Vec<usize>) = normalized
            .replacements()
            .filter(|(_, original_range)| holds_paragraph_break(&original[original_range.clone()]))
            .map(|(held, _)| (held.start, held.end))
            .unzip();
        Source {
            name,
            normalized,
            lines,
            paragraph_break_starts: starts.into(),
            paragraph_break_ends: ends.into(),
            sentences: OnceLock::new(),
            excluded,
        }
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
            let (mut normalized, mut exceptions, mut exception_ranges) = (Vec::new(), Vec::new(), Vec::new());
            for original in sentences::split(&self.original()) {
                let range = self.normalized.normalized_range(original.clone());
                if range.is_empty() {
                    continue;
                }
                if self.normalized.original_range(range.clone()) != original {
                    exceptions.push(normalized.len() / 2);
                    exception_ranges.extend([original.start, original.end]);
                }
                normalized.extend([range.start, range.end]);
            }
            Sentences {
                normalized: normalized.into(),
                exceptions: exceptions.into(),
                exception_ranges: exception_ranges.into(),
            }
        })
    }

    /// The range of the original text that the sentence at `index` was split from (which may hold white space
    /// or invisible characters its normalized range leaves out). Panics when `index` is out of bounds, as
    /// [`Sentences::at`] does.
    pub fn sentence_original(&self, index: usize) -> Range<usize> {
        let sentences = self.sentences();
        let k = sentences.exceptions.partition_point(|exception| exception < index);
        if sentences.exceptions.get(k) == Some(index) {
            sentences.exception_ranges.at(2 * k)..sentences.exception_ranges.at(2 * k + 1)
        } else {
            self.normalized.original_range(sentences.at(index))
        }
    }

    /// The indices of the sentences that overlap a normalized range (at least one, the nearest, for a range
    /// that falls between sentences).
    pub fn sentences_overlapping(&self, range: Range<usize>) -> Range<usize> {
        let sentences = self.sentences();
        let first = sentences.partition_point(|sentence| sentence.end <= range.start);
        let end = sentences.partition_point(|sentence| sentence.start < range.end.max(range.start + 1));
        let first = first.min(sentences.len().saturating_sub(1));
        first..end.max(first + 1).min(sentences.len())
    }

    /// Whether a normalized range runs across a paragraph break: a blank line (or a line of white space).
    ///
    /// A single line break is not enough: it separates paragraphs in some sources but only wraps lines in
    /// others, and a quote must match across a wrapped line.
    ///
    /// A range's original holds a replacement whole or not at all: it crosses a paragraph exactly when it holds
    /// one of the paragraph breaks. (Their starts and ends both increase: the first that ends after the range
    /// starts is the one to look at.)
    pub fn crosses_paragraph(&self, range: &Range<usize>) -> bool {
        if range.is_empty() {
            return false;
        }
        let after = self.paragraph_break_ends.partition_point(|end| end <= range.start);
        self.paragraph_break_starts.get(after).is_some_and(|start| start < range.end)
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
        let sentences: Vec<&str> = s.sentences().iter().map(|x| &s.text()[x]).collect();
        assert_eq!(sentences, ["Heading", "One \"two.\"", "Three - four."]);
        let four = s.text().find("four").unwrap();
        assert_eq!(s.sentences_overlapping(four..four + 4), 2..3);
        let across = s.text().find("two").unwrap();
        assert_eq!(s.sentences_overlapping(across..four), 1..3);
    }

    #[test]
    fn a_sentence_keeps_the_original_range_it_was_split_from() {
        // An invisible character at the end of a line is in its sentence's original range, but the map gives
        // it to the line break: that sentence's range is kept aside, the others' derived from the map.
        let text = "Heading\u{200B}\n“Zero\u{200B} width,” she said.\u{200B} \u{FEFF}Next one.\n\nA\u{00AD} last\u{00AD}.\n\u{AD}Plain — end.";
        let s = source(text, "");
        let split: Vec<Range<usize>> = sentences::split(text);
        assert_eq!(s.sentences().len(), split.len());
        for (index, original) in split.iter().enumerate() {
            assert_eq!(s.sentence_original(index), *original, "sentence {index}");
            assert_eq!(s.sentences().at(index), s.normalized.normalized_range(original.clone()));
        }
        assert!(!s.sentences().exceptions.is_empty(), "no sentence here needed its original range kept");
        assert!(s.sentences().exceptions.len() < split.len(), "every sentence kept its original range");
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

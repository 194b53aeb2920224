//! One source of the corpus, ready to be searched: original and normalized text, lines, sentences and the
//! regions that are not evidence.

use std::ops::Range;
use std::sync::OnceLock;

use super::config::CorpusConfig;
use super::normalize::{Normalized, normalize};
use super::sentences;
use crate::location::{LineColumn, LineIndex};

/// A source file, normalized.
#[derive(Debug)]
pub struct Source {
    /// The path relative to the corpus root, `/`-separated.
    pub name: String,
    /// The file as it is on disk.
    pub original: String,
    /// The text matchers search, with the map back to `original`.
    pub normalized: Normalized,
    lines: LineIndex,
    sentences: OnceLock<Vec<Sentence>>,
    excluded: Vec<ExcludedRegion>,
}

/// A sentence, as ranges of both texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub original: Range<usize>,
    pub normalized: Range<usize>,
}

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
        let mut excluded: Vec<ExcludedRegion> = config
            .exclusions
            .iter()
            .filter(|exclusion| exclusion.applies_to(&name))
            .flat_map(|exclusion| {
                exclusion.regions(&original).into_iter().map(|region| ExcludedRegion {
                    normalized: normalized.normalized_range(region),
                    reason: exclusion.reason.clone(),
                })
            })
            .filter(|region| !region.normalized.is_empty())
            .collect();
        excluded.sort_by_key(|region| (region.normalized.start, region.normalized.end));
        Source { name, original, normalized, lines, sentences: OnceLock::new(), excluded }
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.normalized.text
    }

    /// The line and column, in the original file, of a normalized offset.
    pub fn locate(&self, normalized_offset: usize) -> LineColumn {
        let original = self.normalized.map.to_original_start(normalized_offset);
        self.lines.locate(&self.original, original)
    }

    /// The original text a normalized range was made from.
    pub fn original_text(&self, normalized: Range<usize>) -> &str {
        &self.original[self.normalized.original_range(normalized)]
    }

    /// The sentences of the source, split on first use.
    pub fn sentences(&self) -> &[Sentence] {
        self.sentences.get_or_init(|| {
            sentences::split(&self.original)
                .into_iter()
                .map(|original| {
                    let normalized = self.normalized.normalized_range(original.clone());
                    Sentence { original, normalized }
                })
                .filter(|sentence| !sentence.normalized.is_empty())
                .collect()
        })
    }

    /// The indices of the sentences that overlap a normalized range (at least one, the nearest, for a range
    /// that falls between sentences).
    pub fn sentences_overlapping(&self, range: Range<usize>) -> Range<usize> {
        let sentences = self.sentences();
        let first = sentences.partition_point(|s| s.normalized.end <= range.start);
        let end = sentences.partition_point(|s| s.normalized.start < range.end.max(range.start + 1));
        let first = first.min(sentences.len().saturating_sub(1));
        first..end.max(first + 1).min(sentences.len())
    }

    /// Whether a normalized range runs across a paragraph break: a blank line (or a line of white space).
    ///
    /// A single line break is not enough: it separates paragraphs in some sources but only wraps lines in
    /// others, and a quote must match across a wrapped line.
    pub fn crosses_paragraph(&self, range: &Range<usize>) -> bool {
        let text = &self.original[self.normalized.original_range(range.clone())];
        let parts: Vec<&str> = text.split('\n').collect();
        parts.len() > 2 && parts[1..parts.len() - 1].iter().any(|line| line.trim().is_empty())
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
    fn excluded_regions_are_found_in_normalized_text() {
        let s =
            source("News.\n2 Comments\nGreat  article\n", "[[exclude]]\nreason = 'comments'\nfrom = '2 Comments'\n");
        let great = s.text().find("Great article").unwrap();
        let region = s.excluded_overlapping(&(great..great + 5)).unwrap();
        assert_eq!(region.reason, "comments");
        assert!(s.excluded_overlapping(&(0..5)).is_none());
    }
}

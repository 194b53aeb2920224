//! Where an evidence item holds, with the text around each match that the rigor checks read: its sentence, its
//! paragraph, and the headline of its source.

use std::ops::Range;

use crate::assertion::Evidence;
use crate::corpus::normalize::normalize_fragment;
use crate::corpus::{Corpus, Source};
use crate::evidence::matching::Finder;
use crate::evidence::scope_sources;

/// One match of an item in one source.
#[derive(Debug, Clone)]
pub struct Hit<'c> {
    pub source: &'c Source,
    /// The match, a range of the normalized text.
    pub found: Range<usize>,
    /// The sentences that overlap the match.
    pub sentence: Range<usize>,
    /// The paragraph that holds the match's start.
    pub paragraph: Range<usize>,
}

impl<'c> Hit<'c> {
    pub fn sentence_text(&self) -> &'c str {
        &self.source.text()[self.sentence.clone()]
    }

    pub fn paragraph_text(&self) -> &'c str {
        &self.source.text()[self.paragraph.clone()]
    }

    /// The line of the match in the original file.
    pub fn line(&self) -> usize {
        self.source.locate(self.found.start).line
    }

    /// Whether the match lies on a heading: the source's headline, or a line without closing punctuation.
    pub fn on_heading(&self, corpus: &Corpus) -> bool {
        let paragraph = self.paragraph_text().trim();
        headline(corpus, self.source).is_some_and(|headline| headline == paragraph) || is_heading(paragraph)
    }
}

/// Where `item` holds: the first match in each source of its scope that holds one (outside excluded regions).
/// An `absent` item, or one whose scope cannot be read, has none.
pub fn hits<'c>(item: &Evidence, corpus: &'c Corpus) -> Vec<Hit<'c>> {
    if item.absent {
        return Vec::new();
    }
    let Ok(sources) = scope_sources(&item.scope, corpus) else { return Vec::new() };
    let finder = Finder::new(&item.matcher, item.ignore_case, corpus);
    sources
        .into_iter()
        .filter_map(|source| {
            // The report, when there is one: a match on a heading only when the source has no other.
            let mut found: Vec<Hit<'c>> = finder
                .find_all(source)
                .into_iter()
                .filter(|occurrence| !occurrence.excluded)
                .map(|occurrence| hit_at(source, narrow(&finder, source, occurrence.range)))
                .collect();
            let report = found.iter().position(|hit| !hit.on_heading(corpus)).unwrap_or(0);
            (!found.is_empty()).then(|| found.swap_remove(report))
        })
        .collect()
}

/// The hit of a match: its sentences and paragraph.
pub fn hit_at<'c>(source: &'c Source, found: Range<usize>) -> Hit<'c> {
    let sentences = source.sentences();
    let overlapping = source.sentences_overlapping(found.clone());
    let sentence = match (sentences.get(overlapping.start), sentences.get(overlapping.end.saturating_sub(1))) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => found.clone(),
    };
    let paragraph = paragraph(source, found.start);
    Hit { source, found, sentence, paragraph }
}

/// The words a match stands on: for `terms` (whose match is a sentence), from the first term to the last.
fn narrow(finder: &Finder<'_>, source: &Source, found: Range<usize>) -> Range<usize> {
    let Finder::Terms { terms } = finder else { return found };
    let text = &source.text()[found.clone()];
    let spans: Vec<Range<usize>> = terms.iter().filter_map(|term| term.find(text)).collect();
    match (spans.iter().map(|span| span.start).min(), spans.iter().map(|span| span.end).max()) {
        (Some(start), Some(end)) => found.start + start..found.start + end,
        _ => found,
    }
}

/// The headline of a source: its `title` in `corpus.toml`, or else its first line when that is a heading.
pub fn headline(corpus: &Corpus, source: &Source) -> Option<String> {
    if let Some(title) = corpus.metadata(&source.name).and_then(|metadata| metadata.title.as_deref()) {
        return Some(normalize_fragment(title));
    }
    let original = source.original();
    let first = original.lines().find(|line| !line.trim().is_empty())?;
    let first = normalize_fragment(first);
    is_heading(&first).then_some(first)
}

/// A heading: a short line that does not end as a sentence does.
fn is_heading(line: &str) -> bool {
    !line.is_empty() && !line.ends_with(['.', '!', '?', '"', '\'', ':', ';', ',']) && line.split(' ').count() <= 20
}

/// The paragraph holding a normalized offset, as a range of the normalized text. A source with blank lines has
/// paragraphs separated by them (its single line breaks may only wrap lines); in a source without any, each line
/// is a paragraph.
pub fn paragraph(source: &Source, normalized_offset: usize) -> Range<usize> {
    let original: &str = &source.original();
    let at = source.normalized.map.to_original_start(normalized_offset).min(original.len());
    let lines: Vec<Range<usize>> = line_ranges(original);
    let blank = |line: &Range<usize>| original[line.clone()].trim().is_empty();
    let Some(current) = lines.iter().position(|line| line.start <= at && at <= line.end) else {
        return 0..source.text().len();
    };
    let has_blank_lines = lines.iter().any(blank);
    let (mut first, mut last) = (current, current);
    if has_blank_lines {
        while first > 0 && !blank(&lines[first - 1]) {
            first -= 1;
        }
        while last + 1 < lines.len() && !blank(&lines[last + 1]) {
            last += 1;
        }
    }
    source.normalized.normalized_range(lines[first].start..lines[last].end)
}

/// The byte ranges of the lines of a text, without their line breaks.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let end = if text[..i].ends_with('\r') { i - 1 } else { i };
            ranges.push(start..end);
            start = i + 1;
        }
    }
    ranges.push(start..text.len());
    ranges
}

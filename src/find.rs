//! Where a text is in the corpus: what a contributor asks before writing a quote (`factcheck find`).
//!
//! The text is searched the way a `quote` is (normalized, whole words at its edges, [`Finder`]), so that what
//! `find` finds, a quote of the same text finds too. Every occurrence is reported with its sentence, including
//! those in regions `corpus.toml` excludes (marked: a quote found only there fails). When the text is nowhere
//! outside excluded regions, the nearest passages are offered instead ([`closest_passages`]).

use std::fmt;
use std::ops::Range;

use crate::assertion::{Matcher, Scope};
use crate::corpus::normalize::normalize_fragment;
use crate::corpus::{Corpus, Source};
use crate::evidence::closest::closest_passages;
use crate::evidence::matching::Finder;
use crate::evidence::{FailureKind, Passage, scope_sources};
use crate::location::LineColumn;

/// How many nearest passages are offered for a text that is not found.
pub const CLOSEST: usize = 3;

/// One place the text occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// The source's name.
    pub source: String,
    /// Where the match starts in the original file.
    pub location: LineColumn,
    /// The match exactly as the source writes it (curly quotes, line breaks and all): what a quote should hold.
    pub text: String,
    /// The match after normalization.
    pub normalized: String,
    /// The sentence holding the match (the sentences, for a match across a sentence end), normalized.
    pub sentence: String,
    /// Where the match is in `sentence`.
    pub in_sentence: Range<usize>,
    /// The region's reason, when the match lies in a region `corpus.toml` excludes: found, but not evidence.
    pub excluded: Option<String>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The text searched for, normalized.
    pub query: String,
    /// Every occurrence, by source (in corpus order) and position.
    pub occurrences: Vec<Occurrence>,
    /// When no occurrence is evidence: up to [`CLOSEST`] nearest passages outside excluded regions, most similar
    /// first.
    pub closest: Vec<Passage>,
}

impl Found {
    /// The occurrences that are evidence (outside excluded regions).
    pub fn evidence(&self) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(|occurrence| occurrence.excluded.is_none())
    }

    /// Whether a quote of the text would hold: it occurs outside excluded regions.
    pub fn is_found(&self) -> bool {
        self.evidence().next().is_some()
    }

    /// The first occurrence that is evidence in each source, in corpus order: one quote per source.
    pub fn first_per_source(&self) -> Vec<&Occurrence> {
        let mut firsts: Vec<&Occurrence> = Vec::new();
        for occurrence in self.evidence() {
            if !firsts.iter().any(|first| first.source == occurrence.source) {
                firsts.push(occurrence);
            }
        }
        firsts
    }
}

/// Why a search cannot run.
#[derive(Debug, Clone)]
pub enum FindError {
    /// Nothing is left of the text after normalization.
    Empty,
    /// Longer than a quote may be.
    TooLong { chars: usize, limit: usize },
    /// A source of the scope does not exist or cannot be read.
    Source(Box<FailureKind>),
}

impl fmt::Display for FindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindError::Empty => write!(f, "the text is empty; give the words to look for"),
            FindError::TooLong { chars, limit } => write!(
                f,
                "the text is {chars} characters, more than a quote may be ({limit}); search for the sentence that \
                 backs the claim"
            ),
            FindError::Source(kind) => match &**kind {
                FailureKind::UnknownSource { name, suggestion: None } => write!(
                    f,
                    "there is no source `{}` in the corpus; a source is named by its path below the corpus root, \
                     such as `europe/leaders.txt`",
                    name.escape_debug()
                ),
                kind => kind.fmt(f),
            },
        }
    }
}

/// Every occurrence of `text` in the sources of `scope`, compared as a `quote` with `ignore_case` would be.
pub fn find(corpus: &Corpus, text: &str, scope: &Scope, ignore_case: bool) -> Result<Found, FindError> {
    let normalized = normalize_fragment(text);
    if normalized.is_empty() {
        return Err(FindError::Empty);
    }
    let chars = normalized.chars().count();
    let limit = corpus.limits().max_quote_chars;
    if chars > limit {
        return Err(FindError::TooLong { chars, limit });
    }
    let sources = scope_sources(scope, corpus).map_err(|kind| FindError::Source(Box::new(kind)))?;
    let matcher = Matcher::Quote { text: text.to_owned(), normalized: normalized.clone() };
    let finder = Finder::new(&matcher, ignore_case, corpus);
    let occurrences = occurrences(&finder, &sources);
    let mut result = Found { query: normalized, occurrences, closest: Vec::new() };
    if !result.is_found() {
        result.closest = closest_passages(&result.query, &sources, CLOSEST);
    }
    Ok(result)
}

/// Every match of `finder` in `sources`, in order, each with its sentence: what `find` lists for a text, and
/// what an editor shows for any matcher.
pub fn occurrences(finder: &Finder<'_>, sources: &[&Source]) -> Vec<Occurrence> {
    let mut occurrences = Vec::new();
    for source in sources {
        for found in finder.find_all(source) {
            let sentences = source.sentences();
            let holding = source.sentences_overlapping(found.range.clone());
            let sentence = match (sentences.get(holding.start), sentences.get(holding.end.saturating_sub(1))) {
                (Some(first), Some(last)) => first.start.min(found.range.start)..last.end.max(found.range.end),
                _ => found.range.clone(),
            };
            let excluded = found
                .excluded
                .then(|| source.excluded_overlapping(&found.range).map(|region| region.reason.clone()))
                .flatten();
            occurrences.push(Occurrence {
                source: source.name.clone(),
                location: source.locate(found.range.start),
                text: source.original_text(found.range.clone()).into_owned(),
                normalized: source.text()[found.range.clone()].to_owned(),
                sentence: source.text()[sentence.clone()].to_owned(),
                in_sentence: found.range.start - sentence.start..found.range.end - sentence.start,
                excluded,
            });
        }
    }
    occurrences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    fn corpus(files: &[(&str, &str)], config: &str) -> (tempfile::TempDir, Corpus) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        if !config.is_empty() {
            std::fs::write(dir.path().join("corpus.toml"), config).unwrap();
        }
        let corpus = Corpus::open(dir.path(), &Limits::default()).unwrap();
        (dir, corpus)
    }

    #[test]
    fn every_occurrence_with_its_sentence_and_exact_text() {
        let (_dir, corpus) = corpus(
            &[
                (
                    "a.txt",
                    "Title\n\nThey called it \u{201C}productive\u{201D}. Later, \u{201C}productive\u{201D} again.",
                ),
                ("b.txt", "Nothing productive here.\nUnproductive talks."),
            ],
            "",
        );
        let found = find(&corpus, "\"productive\"", &Scope::All, false).unwrap();
        assert!(found.is_found());
        let places: Vec<(String, usize, usize)> =
            found.occurrences.iter().map(|o| (o.source.clone(), o.location.line, o.location.column)).collect();
        assert_eq!(places, [("a.txt".to_owned(), 3, 16), ("a.txt".to_owned(), 3, 37)]);
        assert_eq!(found.occurrences[0].text, "\u{201C}productive\u{201D}");
        assert_eq!(found.occurrences[0].sentence, "They called it \"productive\".");
        assert_eq!(found.occurrences[1].sentence, "Later, \"productive\" again.");
        let second = &found.occurrences[1];
        assert_eq!(&second.sentence[second.in_sentence.clone()], "\"productive\"");
        assert_eq!(found.first_per_source().len(), 1);

        let words = find(&corpus, "productive", &Scope::Sources(vec!["b.txt".into()]), false).unwrap();
        assert_eq!(words.occurrences.len(), 1, "whole words only: not inside \"Unproductive\"");
        let any_case = find(&corpus, "PRODUCTIVE", &Scope::Sources(vec!["b.txt".into()]), true).unwrap();
        assert_eq!(any_case.occurrences.len(), 1);
        assert!(!find(&corpus, "PRODUCTIVE", &Scope::All, false).unwrap().is_found());
    }

    #[test]
    fn excluded_occurrences_are_marked_and_closest_passages_offered() {
        let (_dir, corpus) = corpus(
            &[("a.txt", "The leaders met for about three hours.\n\n2 Comments\nThey met for four hours, I think.")],
            "[[exclude]]\nreason = \"reader comments\"\nfrom = \"2 Comments\"\n",
        );
        let found = find(&corpus, "met for four hours", &Scope::All, false).unwrap();
        assert!(!found.is_found());
        assert_eq!(found.occurrences.len(), 1);
        assert_eq!(found.occurrences[0].excluded.as_deref(), Some("reader comments"));
        assert!(found.closest[0].normalized.starts_with("met for about three"), "{:?}", found.closest);
        assert!(found.closest.iter().all(|p| !p.normalized.contains("four")), "never a passage in the comments");
    }

    #[test]
    fn bad_searches_say_why() {
        let (_dir, corpus) = corpus(&[("a.txt", "text")], "");
        assert!(matches!(find(&corpus, "  ", &Scope::All, false), Err(FindError::Empty)));
        let long = "word ".repeat(1000);
        assert!(matches!(find(&corpus, &long, &Scope::All, false), Err(FindError::TooLong { .. })));
        let error = find(&corpus, "text", &Scope::Sources(vec!["b.txt".into()]), false).unwrap_err();
        assert!(error.to_string().contains("there is no source `b.txt`"), "{error}");
        let error = find(&corpus, "text", &Scope::Sources(vec!["zzzzzzzz.md".into()]), false).unwrap_err();
        assert!(error.to_string().contains("named by its path below the corpus root"), "{error}");
    }
}

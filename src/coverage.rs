//! How much of the corpus the claims cite: per source, the claims that name it and the sentences they cite.
//!
//! A sentence is *cited* when the match of an evidence item that holds overlaps it (the first match per source,
//! the one the check relies on: see [`evidence_matches`]). Sentences inside regions `corpus.toml` excludes can
//! never be cited and are counted apart, so that reader comments do not read as a gap in the suite.
//!
//! Claims are taken as loaded, pending ones included: a pending claim is still a claim about the text, and
//! its items are matched like any other's.

use crate::assertion::{Claim, Scope};
use crate::corpus::{Corpus, Source};
use crate::diagnostic::Diagnostic;
use crate::evidence::{ItemMatches, evidence_matches};
use crate::location::LineColumn;

/// The coverage of a corpus by a set of claims.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// One entry per source of the corpus, in name order.
    pub sources: Vec<SourceCoverage>,
    /// How many claims were considered.
    pub claims: usize,
    /// Evidence items with neither `source` nor `sources`: each searches every source.
    pub unscoped_items: usize,
}

/// The coverage of one source.
#[derive(Debug, Clone)]
pub struct SourceCoverage {
    pub name: String,
    /// Claims with an item whose scope names this source, in the order given.
    pub naming_claims: Vec<String>,
    /// Unscoped items (of any claim) that hold a match in this source.
    pub unscoped_matches: usize,
    /// Every sentence, in order (empty when the source cannot be read).
    pub sentences: Vec<SentenceCoverage>,
    /// Why the source could not be read, if it could not.
    pub unreadable: Option<Diagnostic>,
}

/// One sentence of a source and whether a claim cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceCoverage {
    /// Where the sentence starts in the original file.
    pub location: LineColumn,
    /// The sentence, normalized.
    pub text: String,
    pub state: SentenceState,
}

/// Whether a sentence is cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceState {
    /// A match of an item that holds overlaps it.
    Cited,
    /// No match overlaps it.
    Uncited,
    /// Uncited and (partly) in a region `corpus.toml` excludes, so it can never be evidence.
    Excluded,
}

/// Sentence counts, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SentenceCounts {
    pub cited: usize,
    pub uncited: usize,
    pub excluded: usize,
}

impl SentenceCounts {
    /// Every sentence counted.
    pub fn total(&self) -> usize {
        self.cited + self.uncited + self.excluded
    }

    /// The share of the sentences that can be evidence (not excluded) that are cited, from 0 to 1; `None` when
    /// no sentence can be.
    pub fn cited_share(&self) -> Option<f64> {
        let citable = self.cited + self.uncited;
        (citable > 0).then(|| self.cited as f64 / citable as f64)
    }

    fn add(&mut self, other: SentenceCounts) {
        self.cited += other.cited;
        self.uncited += other.uncited;
        self.excluded += other.excluded;
    }
}

impl SourceCoverage {
    pub fn counts(&self) -> SentenceCounts {
        let mut counts = SentenceCounts::default();
        for sentence in &self.sentences {
            match sentence.state {
                SentenceState::Cited => counts.cited += 1,
                SentenceState::Uncited => counts.uncited += 1,
                SentenceState::Excluded => counts.excluded += 1,
            }
        }
        counts
    }

    /// Whether no claim cites any sentence of the source.
    pub fn is_uncited(&self) -> bool {
        self.unreadable.is_none() && !self.sentences.iter().any(|s| s.state == SentenceState::Cited)
    }

    /// The sentences no claim cites (excluded ones left out), in order.
    pub fn uncited_sentences(&self) -> impl Iterator<Item = &SentenceCoverage> {
        self.sentences.iter().filter(|sentence| sentence.state == SentenceState::Uncited)
    }
}

impl Coverage {
    /// The sentence counts of every source together.
    pub fn totals(&self) -> SentenceCounts {
        let mut totals = SentenceCounts::default();
        for source in &self.sources {
            totals.add(source.counts());
        }
        totals
    }
}

/// Measures how much of `corpus` the `claims` cite. Matches every claim's evidence against the corpus.
pub fn measure(claims: &[&Claim], corpus: &Corpus) -> Coverage {
    let matches: Vec<Vec<ItemMatches>> = claims.iter().map(|claim| evidence_matches(claim, corpus)).collect();
    let unscoped_items =
        claims.iter().flat_map(|claim| &claim.evidence).filter(|item| item.scope == Scope::All).count();
    let sources = corpus
        .names()
        .map(|name| {
            let naming_claims = claims
                .iter()
                .filter(|claim| claim.evidence.iter().any(|item| names(&item.scope, name)))
                .map(|claim| claim.name.clone())
                .collect();
            let mut unscoped_matches = 0;
            let mut cited = Vec::new();
            for (claim, items) in claims.iter().zip(&matches) {
                for (item, found) in claim.evidence.iter().zip(items) {
                    let here = found.found.iter().filter(|(source, _)| source == name).map(|(_, range)| range);
                    let before = cited.len();
                    cited.extend(here.cloned());
                    if item.scope == Scope::All && cited.len() > before {
                        unscoped_matches += 1;
                    }
                }
            }
            let (sentences, unreadable) = match corpus.source(name) {
                Some(Ok(source)) => (sentences(source, &cited), None),
                Some(Err(diagnostic)) => (Vec::new(), Some(diagnostic.clone())),
                // `name` comes from the corpus's own list, so the source exists; report nothing if it vanished.
                None => (Vec::new(), None),
            };
            SourceCoverage { name: name.to_owned(), naming_claims, unscoped_matches, sentences, unreadable }
        })
        .collect();
    Coverage { sources, claims: claims.len(), unscoped_items }
}

/// Whether a scope names the source explicitly.
fn names(scope: &Scope, source: &str) -> bool {
    matches!(scope, Scope::Sources(names) if names.iter().any(|name| name == source))
}

/// The sentences of `source`, each marked cited when one of the `cited` ranges (of the normalized text)
/// overlaps it.
fn sentences(source: &Source, cited: &[std::ops::Range<usize>]) -> Vec<SentenceCoverage> {
    let all = source.sentences();
    let mut is_cited = vec![false; all.len()];
    for range in cited {
        for index in source.sentences_overlapping(range.clone()) {
            is_cited[index] = true;
        }
    }
    all.iter()
        .zip(is_cited)
        .map(|(sentence, cited)| {
            let state = if cited {
                SentenceState::Cited
            } else if source.excluded_overlapping(&sentence).is_some() {
                SentenceState::Excluded
            } else {
                SentenceState::Uncited
            };
            SentenceCoverage {
                location: source.locate(sentence.start),
                text: source.text()[sentence.clone()].to_owned(),
                state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::load::parse_file;
    use crate::limits::Limits;

    /// A corpus of two sources in a temporary directory, and the claims of `assertions`.
    fn fixture(assertions: &str) -> (tempfile::TempDir, Corpus, Vec<Claim>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Headline\n\nThe leaders met for three hours. They shook hands.\n\nNo deal was reached.\n\n2 Comments\nGreat article.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.txt"), "Nothing here is quoted.\n").unwrap();
        std::fs::write(dir.path().join("corpus.toml"), "[[exclude]]\nreason = 'comments'\nfrom = '2 Comments'\n")
            .unwrap();
        let corpus = Corpus::open(dir.path(), &Limits::default()).unwrap();
        let claims = parse_file("t.toml", assertions, &Limits::default()).unwrap().claims;
        (dir, corpus, claims)
    }

    #[test]
    fn sentences_overlapping_a_holding_match_are_cited() {
        let (_dir, corpus, claims) = fixture(
            r#"
[[claim]]
id = "met"
claim = "The leaders met."
[[claim.evidence]]
source = "a.txt"
quote = "met for three hours"

[[claim]]
id = "no-deal"
claim = "No deal."
[[claim.evidence]]
terms = ["deal", "reached"]

[[claim]]
id = "never"
claim = "A quote that is nowhere."
[[claim.evidence]]
source = "b.txt"
quote = "shook hands"
"#,
        );
        let claims: Vec<&Claim> = claims.iter().collect();
        let coverage = measure(&claims, &corpus);
        assert_eq!(coverage.claims, 3);
        assert_eq!(coverage.unscoped_items, 1);
        let a = &coverage.sources[0];
        assert_eq!(a.name, "a.txt");
        assert_eq!(a.naming_claims, ["t::met"]);
        assert_eq!(a.unscoped_matches, 1);
        let states: Vec<(&str, SentenceState)> = a.sentences.iter().map(|s| (s.text.as_str(), s.state)).collect();
        assert_eq!(
            states,
            [
                ("Headline", SentenceState::Uncited),
                ("The leaders met for three hours.", SentenceState::Cited),
                ("They shook hands.", SentenceState::Uncited),
                ("No deal was reached.", SentenceState::Cited),
                ("2 Comments", SentenceState::Excluded),
                ("Great article.", SentenceState::Excluded),
            ]
        );
        assert_eq!(a.counts(), SentenceCounts { cited: 2, uncited: 2, excluded: 2 });
        assert_eq!(a.counts().cited_share(), Some(0.5));
        assert_eq!(a.uncited_sentences().next().unwrap().location, LineColumn { line: 1, column: 1 });
        assert!(!a.is_uncited());

        // b.txt is named by a claim whose item does not hold there: named, but not cited.
        let b = &coverage.sources[1];
        assert_eq!(b.naming_claims, ["t::never"]);
        assert!(b.is_uncited());
        assert_eq!(coverage.totals(), SentenceCounts { cited: 2, uncited: 3, excluded: 2 });
    }

    #[test]
    fn absent_items_and_items_short_of_min_sources_cite_nothing() {
        let (_dir, corpus, claims) = fixture(
            r#"
[[claim]]
id = "never-said"
claim = "The corpus never says this."
verdict = "unverifiable"
[[claim.evidence]]
quote = "a summit in Paris"
absent = true

[[claim]]
id = "corroborated"
claim = "Both say it."
[[claim.evidence]]
sources = ["a.txt", "b.txt"]
quote = "They shook hands"
min_sources = 2
"#,
        );
        let claims: Vec<&Claim> = claims.iter().collect();
        let coverage = measure(&claims, &corpus);
        assert!(coverage.sources.iter().all(SourceCoverage::is_uncited));
        assert_eq!(coverage.sources[0].naming_claims, ["t::corroborated"]);
        assert_eq!(coverage.sources[0].unscoped_matches, 0);
    }
}

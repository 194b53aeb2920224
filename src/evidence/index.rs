//! The corpus index: what lets a suite of thousands of claims check a corpus of thousands of sources without
//! searching every source for every item that names none.
//!
//! This module owns two read-only indexes of the whole corpus, each built once, in parallel, the first time a
//! check needs it, and then shared by every thread (the harness's trials and `check_all`'s workers):
//!
//! - a **literal index**: one pass of Aho-Corasick over every source's normalized text, for a key of every item
//!   that can use one (a quote, each term, literals one of which every match of a pattern holds), giving for
//!   each key the sources that contain it;
//! - a **word index**: for each word of the corpus, by a hash of its vote key (the form the closest-passage
//!   search compares words by), where it occurs, as global word numbers.
//!
//! Neither decides anything. The literal index only narrows the sources an item is searched in to those that
//! can hold a match, and the item's own [`Finder`](super::matching::Finder) then searches them as it would
//! have searched every source; the word index only narrows the sources the closest-passage search slides its
//! window over to those that can hold a window scoring at least its threshold (see [`super::closest`]). So the
//! reports are the same with and without the index, by construction: every key is a substring of any text
//! the matcher can match (compared ASCII case-insensitively, which is looser than any matcher), and every
//! bound on a window's score is an upper bound. `tests/index.rs` checks it on the seeds and on a generated
//! corpus.
//!
//! What the index cannot narrow (a pattern with no literal of four bytes or more in every match, a quote with
//! no run of four ASCII characters, a quote made mostly of the commonest words) is searched the ordinary way.
//!
//! A process that checks one claim (nextest runs each test in its own) uses [`CorpusIndex::stored`] instead:
//! the word index, and a filter per source standing in for the literal index, kept in a file that the first
//! such process builds and the others read (`index/stored.rs`, `index/filters.rs`).

mod filters;
mod stored;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::closest::{self, Needle};
use super::matching::{CASE_FOLDING_TO_ASCII, is_white_space};
use super::{FailureKind, Passage, scope_sources};
use crate::assertion::{Claim, Matcher, Scope};
use crate::corpus::{Corpus, Source};
pub use stored::StoreWarning;
use stored::{SourceFilters, StoredPositions};

/// The shortest key worth indexing, in bytes: shorter ones ("the", "war") occur nearly everywhere, and would
/// only make the one pass report millions of occurrences.
const MIN_KEY: usize = 4;
/// The longest key, in bytes: a longer one narrows no further and only grows the automaton.
const MAX_KEY: usize = 48;
/// How many sources a stored index's word lookups may leave before its filters are read to narrow further (a
/// few rows of the transposed filters, far cheaper than reading and normalizing more sources).
const FEW_SOURCES: usize = 8;
/// log2 of the number of hash buckets of the word index.
const BUCKET_BITS: u32 = 16;
/// Positions of the needle's rarest words the closest-passage search gathers at first; it takes more words
/// (each time `GATHER_GROWTH` times as many positions) when those do not narrow the search enough, up to
/// `MAX_GATHER`. These bound the work, not the correctness: every bound is an upper bound.
const FIRST_GATHER: u64 = 8_192;
const GATHER_GROWTH: u64 = 8;
const MAX_GATHER: u64 = 1 << 20;
/// About as long as scanning a source around its hits takes, in positions gathered: a level of the bound whose
/// windows, times this, outnumber the positions the next gathering would take is left to that gathering.
const SCAN_COST: usize = 400;

/// The corpus index for a set of claims. Cheap to make: the indexes themselves are built on first use.
#[derive(Debug)]
pub struct CorpusIndex {
    threads: usize,
    /// How many sources the corpus had when the index was made: a source's id is its position in corpus order
    /// ([`Corpus::source_by_id`]).
    sources: usize,
    /// Keys of the literal index, ASCII-lowercased, with their ids.
    keys: HashMap<Vec<u8>, u32>,
    /// The file the word index is kept in between processes, for an index made for one claim at a time
    /// ([`CorpusIndex::stored`]); `None` for an index kept in memory only.
    store: Option<PathBuf>,
    /// Why the file could not be used, if it could not.
    warnings: Mutex<Vec<StoreWarning>>,
    /// Every source read (the failure `Scope::All` meets, if any).
    read: OnceLock<Option<FailureKind>>,
    /// The failure `Scope::All` meets, if any: from `read`, or from the stored index without reading.
    scope_error: OnceLock<Option<FailureKind>>,
    literal: OnceLock<Option<LiteralIndex>>,
    words: OnceLock<Option<WordIndex>>,
    /// A stored index's filters, which stand in for the literal index (set with `words`).
    filters: OnceLock<SourceFilters>,
    /// Whether an item searches every source (so the literal index will be built), and whether one of those
    /// is a quote (so the word index will be too): see [`CorpusIndex::prepare`].
    unscoped: bool,
    unscoped_quote: bool,
}

impl CorpusIndex {
    /// An index for checking `claims` against `corpus` on `threads` threads.
    pub fn new<'a>(claims: impl IntoIterator<Item = &'a Claim>, corpus: &Corpus, threads: usize) -> CorpusIndex {
        let mut keys: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut add = |key: &[u8]| {
            let next = keys.len() as u32;
            keys.entry(key.to_ascii_lowercase()).or_insert(next);
        };
        for special in CASE_FOLDING_TO_ASCII {
            add(special.as_bytes());
        }
        let (mut unscoped, mut unscoped_quote) = (false, false);
        for claim in claims {
            for item in &claim.evidence {
                unscoped |= item.scope == Scope::All;
                unscoped_quote |= item.scope == Scope::All && matches!(item.matcher, Matcher::Quote { .. });
                // When a scoped quote fails, the sources it occurs in "elsewhere" are named: found through the
                // word index when it can ([`Self::sources_with_quote`]), otherwise through a key here.
                let wanted = match &item.matcher {
                    Matcher::Quote { normalized, .. } => {
                        item.scope == Scope::All || item.ignore_case || middle_words(normalized).is_empty()
                    }
                    _ => item.scope == Scope::All,
                };
                if let Some(requirement) = wanted.then(|| Requirement::of(&item.matcher, item.ignore_case, corpus)) {
                    // A literal too short to key (a short term's, kept for its words) is not looked for.
                    requirement
                        .clauses
                        .iter()
                        .flatten()
                        .filter(|key| key.literal.len() >= MIN_KEY)
                        .for_each(|key| add(&key.literal));
                }
            }
        }
        CorpusIndex {
            threads: threads.max(1),
            sources: corpus.names().len(),
            keys,
            store: None,
            warnings: Mutex::new(Vec::new()),
            read: OnceLock::new(),
            scope_error: OnceLock::new(),
            literal: OnceLock::new(),
            words: OnceLock::new(),
            filters: OnceLock::new(),
            unscoped,
            unscoped_quote,
        }
    }

    /// An index for checking claims one at a time, each in its own process (as nextest runs tests): its word
    /// index is kept in a file in `dir`, built by the first process that needs it and read by the others, so
    /// that a claim that names no source reads only the sources that can matter to it (see `index/stored.rs`).
    ///
    /// It has no literal index (that one is made for a set of claims): a quote is narrowed by its words, and
    /// every literal key (of a quote, a term, a pattern) by a filter per source kept in the same file
    /// (`index/filters.rs`), which never rules out a source that holds the key.
    pub fn stored(corpus: &Corpus, dir: &Path, threads: usize) -> CorpusIndex {
        CorpusIndex { store: Some(stored::path_for(dir, corpus.root())), ..CorpusIndex::new([], corpus, threads) }
    }

    /// Why the stored word index could not be used, or saved, if it could not: nothing that changes a result,
    /// but the time it costs, for the caller to show as warnings.
    pub fn warnings(&self) -> Vec<StoreWarning> {
        let mut warnings = self.warnings.lock().map(|warnings| warnings.clone()).unwrap_or_default();
        if let Some(Some(WordIndex { positions: Positions::Stored(stored), .. })) = self.words.get() {
            warnings.extend(stored.warning());
        }
        warnings.extend(self.filters.get().and_then(SourceFilters::warning));
        warnings
    }

    /// The failure `Scope::All` meets, if any: a source that cannot be read. Reads and normalizes every source
    /// on all threads to know, unless a stored word index already says.
    pub fn all_sources_error(&self, corpus: &Corpus) -> Option<&FailureKind> {
        self.scope_error
            .get_or_init(|| {
                let known = self.store.as_ref().and_then(|_| self.words(corpus)?.unreadable.clone());
                match known {
                    Some(unreadable) => unreadable.first().and_then(|id| match corpus.source_by_id(*id as usize) {
                        Some(Err(diagnostic)) => Some(FailureKind::UnreadableSource { diagnostic: diagnostic.clone() }),
                        _ => self.read_every_source(corpus).clone(),
                    }),
                    None => self.read_every_source(corpus).clone(),
                }
            })
            .as_ref()
    }

    /// Reads and normalizes every source on all threads; the failure `Scope::All` meets, if any.
    fn read_every_source(&self, corpus: &Corpus) -> &Option<FailureKind> {
        self.read.get_or_init(|| {
            crate::parallel::for_each_index(self.sources, self.threads, |id| {
                corpus.source_by_id(id);
            });
            scope_sources(&Scope::All, corpus).err()
        })
    }

    /// Builds the literal and word indexes now, before the claims are checked, when items that search every
    /// source will build them anyway (the literal index for any of them, the word index for a quote), and the
    /// index is kept in memory only.
    ///
    /// Built on first use instead, they are built from inside a checking thread, on threads started there: the
    /// allocator gives each new thread a heap of its own, and what the build freed in them stayed resident for
    /// the rest of the check (6 MB at 100 MB of corpus, 3% of the peak). Built here, the threads that build them
    /// end before the checking threads start, which take over their heaps.
    pub fn prepare(&self, corpus: &Corpus) {
        if self.store.is_some() {
            return;
        }
        if self.unscoped && self.keys.len() > CASE_FOLDING_TO_ASCII.len() {
            self.literal(corpus);
        }
        if self.unscoped_quote {
            self.words(corpus);
        }
    }

    /// Builds the literal index now, rather than on first use; whether it could be built (the benchmarks time it).
    pub fn build_literal_index(&self, corpus: &Corpus) -> bool {
        self.literal(corpus).is_some()
    }

    /// Builds the word index now, rather than on first use; whether it could be built.
    pub fn build_word_index(&self, corpus: &Corpus) -> bool {
        self.words(corpus).is_some()
    }

    /// The ids of the sources, in corpus order, that may hold the quote `normalized`: those holding each of
    /// its rarest middle words. (Around a middle word, a match has the quote's spaces, so the word is a word
    /// of the source, with the same vote key.) `None` when the quote has no middle word the word index stores.
    ///
    /// A case-insensitive match of an ASCII word is that word in other cases (the same vote key), or holds a
    /// character of [`CASE_FOLDING_TO_ASCII`]: so for `ignore_case`, only ASCII words narrow, and the sources
    /// holding such a character are always candidates.
    pub(crate) fn sources_with_quote(&self, corpus: &Corpus, normalized: &str, ignore_case: bool) -> Option<Vec<u32>> {
        let mut words = middle_words(normalized);
        if ignore_case {
            words.retain(|word| word.is_ascii());
        }
        if words.is_empty() || self.sources != corpus.names().len() || self.all_sources_error(corpus).is_some() {
            return None;
        }
        let index = self.words(corpus)?;
        let mut buckets: Vec<usize> = words
            .iter()
            .map(|word| bucket(closest::key_hash(&closest::vote_key(word))))
            .filter(|bucket| index.stored(*bucket))
            .collect();
        buckets.sort_by_key(|bucket| (index.count(*bucket), *bucket));
        buckets.dedup();
        let mut result: Option<Vec<u32>> = None;
        for bucket in buckets.into_iter().take(4) {
            let mut positions = Vec::new();
            if !index.extend_positions(bucket, &mut positions) {
                return None;
            }
            let narrowed = match result {
                // The buckets come rarest first: the sources so far are fewer than this one's positions, so each
                // is looked for among them rather than each position's source among all.
                Some(so_far) => so_far.into_iter().filter(|id| index.has_position_in(*id, &positions)).collect(),
                None => {
                    let mut sources: Vec<u32> = positions.iter().map(|p| index.source_of(*p)).collect();
                    sources.dedup();
                    sources
                }
            };
            let done = narrowed.is_empty();
            result = Some(narrowed);
            if done {
                break;
            }
        }
        result.map(|sources| if ignore_case { union(&sources, &index.case_folding) } else { sources })
    }

    /// The ids of the sources, in corpus order, where a match of the evidence `matcher` may be: through the
    /// literal index (or a stored index's filters) and, for a quote, through the word index. `None` when
    /// neither can tell.
    pub(crate) fn candidates_for(
        &self,
        corpus: &Corpus,
        matcher: &Matcher,
        ignore_case: bool,
        requirement: &Requirement,
    ) -> Option<Vec<u32>> {
        match matcher {
            Matcher::Quote { normalized, .. } if self.store.is_some() => {
                self.quote_candidates(corpus, normalized, ignore_case, requirement)
            }
            Matcher::Quote { normalized, .. } => self
                .candidates(corpus, requirement)
                .or_else(|| self.sources_with_quote(corpus, normalized, ignore_case)),
            _ => self.candidates(corpus, requirement),
        }
    }

    /// The ids of the sources, in corpus order, where a quote (normalized, with its `requirement`) may be: by
    /// its words first, then by its literal key. `None` when neither can tell.
    pub(crate) fn quote_candidates(
        &self,
        corpus: &Corpus,
        normalized: &str,
        ignore_case: bool,
        requirement: &Requirement,
    ) -> Option<Vec<u32>> {
        match self.sources_with_quote(corpus, normalized, ignore_case) {
            // A stored index reads a quote's few words from its file first; when they leave more than a few
            // sources (its words are common), the filters' rows for its key, words and pairs of words (none rules
            // out a source that holds the quote) narrow further, cheaper than reading the sources.
            Some(ids) if self.store.is_some() && ids.len() > FEW_SOURCES => {
                Some(self.filtered_among(corpus, requirement, &ids).unwrap_or(ids))
            }
            Some(ids) => Some(ids),
            None => self.candidates(corpus, requirement),
        }
    }

    /// The passage of the whole corpus most similar to `needle` (normalized): what
    /// [`closest::closest_passage`] finds over every source, through the word index where it can narrow the
    /// search. `None` when no source has words, or one cannot be read.
    pub fn closest_passage(&self, corpus: &Corpus, needle: &str) -> Option<Passage> {
        self.closest_indexed(corpus, needle).unwrap_or_else(|| {
            let sources = scope_sources(&Scope::All, corpus).ok()?;
            closest::closest_passage(needle, &sources)
        })
    }

    /// The literal index, built on first use; never for a stored index (see [`CorpusIndex::stored`]).
    fn literal(&self, corpus: &Corpus) -> Option<&LiteralIndex> {
        self.literal
            .get_or_init(|| if self.store.is_some() { None } else { LiteralIndex::build(self, corpus) })
            .as_ref()
    }

    /// The word index: built on first use, or read from its file (and built and saved when that is stale).
    fn words(&self, corpus: &Corpus) -> Option<&WordIndex> {
        self.words
            .get_or_init(|| {
                let build = || {
                    self.read_every_source(corpus);
                    let sources: Vec<Option<&Source>> =
                        (0..self.sources).map(|id| corpus.source_by_id(id).and_then(Result::ok)).collect();
                    WordIndex::build(&sources, self.threads)
                };
                let Some(path) = &self.store else { return build() };
                let (index, warnings) = stored::open_or_build(path, corpus, self.threads, build);
                if let Ok(mut kept) = self.warnings.lock() {
                    kept.extend(warnings);
                }
                let (words, filters) = index?;
                let _ = self.filters.set(filters);
                Some(words)
            })
            .as_ref()
    }

    /// What narrows items by their literal keys: the literal index, or a stored index's source filters.
    fn narrowing(&self, corpus: &Corpus) -> Option<Narrowing<'_>> {
        if self.store.is_none() {
            return self.literal(corpus).map(Narrowing::Literal);
        }
        let words = self.words(corpus)?;
        Some(Narrowing::Filters(self.filters.get()?, &words.case_folding))
    }

    /// The sources of `ids` that can be read, each loaded when the iteration reaches it (a search that stops
    /// early reads no more).
    pub(crate) fn sources<'c>(&self, corpus: &'c Corpus, ids: &[u32]) -> impl Iterator<Item = &'c Source> {
        ids.iter().filter_map(|id| corpus.source_by_id(*id as usize).and_then(Result::ok))
    }

    /// The ids of the sources, in corpus order, where a match of `requirement` may be: every clause has a key
    /// there. `None` when the index cannot tell (then every source must be searched).
    pub(crate) fn candidates(&self, corpus: &Corpus, requirement: &Requirement) -> Option<Vec<u32>> {
        if self.sources != corpus.names().len() {
            return None;
        }
        let narrowing = self.narrowing(corpus)?;
        let mut result: Option<Vec<u32>> = None;
        for clause in &requirement.clauses {
            let Some(sources) = narrowing.any_of(&self.keys, clause) else { continue };
            result = Some(match result {
                None => sources,
                Some(so_far) => intersect(&so_far, &sources),
            });
        }
        result.map(|sources| union(&sources, narrowing.case_folding()))
    }

    /// Those of `ids` (ascending) that a stored index's filters keep for `requirement` (every clause has a key
    /// there), and those holding a character of [`CASE_FOLDING_TO_ASCII`]; `None` when the filters cannot tell.
    fn filtered_among(&self, corpus: &Corpus, requirement: &Requirement, ids: &[u32]) -> Option<Vec<u32>> {
        let words = self.words(corpus)?;
        let filters = self.filters.get()?;
        let mut kept = ids.to_vec();
        for clause in &requirement.clauses {
            kept = filters.any_of(clause, Some(&kept))?;
        }
        Some(union(&kept, &intersect(ids, &words.case_folding)))
    }

    /// The ids of the sources where matches of at least `at_least` clauses of `requirement` may be (for the
    /// sentence holding the most terms). `None` when some clause cannot be narrowed.
    pub(crate) fn candidates_for_some(
        &self,
        corpus: &Corpus,
        requirement: &Requirement,
        at_least: usize,
    ) -> Option<Vec<u32>> {
        if self.sources != corpus.names().len() || requirement.clauses.is_empty() {
            return None;
        }
        let narrowing = self.narrowing(corpus)?;
        let mut all: Vec<u32> = Vec::new();
        for clause in &requirement.clauses {
            all.extend(narrowing.any_of(&self.keys, clause)?);
        }
        all.sort_unstable();
        let mut result: Vec<u32> =
            all.chunk_by(|a, b| a == b).filter(|run| run.len() >= at_least).map(|run| run[0]).collect();
        result = union(&result, narrowing.case_folding());
        Some(result)
    }

    /// [`Self::closest_passage`] by scanning only the sources the word index cannot rule out; `None` when the
    /// index cannot narrow the search (then every source is scanned).
    ///
    /// The word index gives an upper bound of the score of every window holding one of the needle's rarest
    /// words ([`WordIndex::bounded_windows`]), and a bound for every other window: the needle's words it left
    /// out. The sources are scanned from the best bound down, as in Fagin's threshold algorithm: once the
    /// sources with a window bounded by more than `u` are scanned, every window scoring more than `u` is known,
    /// so the search stops once [`closest::CANDIDATES`] of them are, or once the threshold of the best is
    /// above `u` ([`Candidates::complete_above`]), or, within a level, once enough picks rank ahead of any
    /// source further on. Each source is scanned only around its hits ([`closest::candidates_around`]). When
    /// the bound of the windows without those words is too high, or a level of the bound would have too many
    /// windows to scan, more of the needle's words are taken, each one lowering it.
    fn closest_indexed(&self, corpus: &Corpus, needle: &str) -> Option<Option<Passage>> {
        let Some(needle) = Needle::new(needle) else { return Some(None) };
        if self.sources != corpus.names().len() || self.all_sources_error(corpus).is_some() {
            return None;
        }
        let words = self.words(corpus)?;
        let keys = words.needle_keys(&needle);
        let (mut taken, mut budget) = (0, FIRST_GATHER);
        loop {
            let before = taken;
            let gathered;
            (taken, gathered) = take_keys(&keys, taken, budget);
            if taken == before {
                return None;
            }
            let more = keys.get(taken).is_some_and(|key| key.stored);
            let next_budget = budget.saturating_mul(GATHER_GROWTH);
            let next_gathered = take_keys(&keys, taken, next_budget).1;
            let windows = words.bounded_windows(&keys[..taken], needle.width)?;
            // Picks are exact above the bound of the windows without the words taken, so they are made again
            // when more words lower it.
            let mut candidates = Candidates {
                scanned: vec![false; self.sources],
                loaded: HashMap::new(),
                picks: Vec::new(),
                above: windows.outside,
            };
            let mut escalate = false;
            for bound in (windows.outside + 1..windows.levels.len()).rev() {
                let starts = &windows.levels[bound];
                if more && gathered < MAX_GATHER && starts.len().saturating_mul(SCAN_COST) as u64 > next_gathered {
                    escalate = true;
                    break;
                }
                // The level's windows are in the order of their sources, which is the order of rank among
                // equal scores: once the picks scoring more than the level, and those scoring as much that
                // were found in it, are enough, no source further on can hold a better one.
                let mut ahead = candidates.picks.iter().filter(|pick| pick.score > bound).count();
                for start in starts {
                    let found = candidates.picks.len();
                    candidates.scan(corpus, words, &windows.positions, &needle, *start);
                    ahead += candidates.picks[found..].iter().filter(|pick| pick.score == bound).count();
                    if ahead >= closest::CANDIDATES {
                        return Some(candidates.closest(&needle));
                    }
                }
                if candidates.complete_above(bound - 1) {
                    return Some(candidates.closest(&needle));
                }
            }
            // Not complete above `outside`: only more words can tell more.
            if !escalate && !more {
                return None;
            }
            budget = next_budget;
        }
    }
}

/// The rarest stored keys (`keys` are rarest first) as many as `budget` positions allow, and always one more
/// than the `taken` first (if there is one): how many, and their positions.
fn take_keys(keys: &[NeedleKey], mut taken: usize, budget: u64) -> (usize, u64) {
    let mut gathered: u64 = keys[..taken].iter().map(|key| key.count).sum();
    let before = taken;
    while let Some(key) = keys.get(taken).filter(|key| key.stored) {
        if taken > before && gathered + key.count > budget {
            break;
        }
        gathered += key.count;
        taken += 1;
    }
    (taken, gathered)
}

/// The candidates of step 1 of the closest-passage search, from the sources scanned so far.
struct Candidates<'c> {
    /// By source id.
    scanned: Vec<bool>,
    loaded: HashMap<u32, &'c Source>,
    /// The picks of the sources scanned that score more than `above`.
    picks: Vec<closest::Candidate>,
    /// The bound of the windows that hold none of the positions gathered.
    above: usize,
}

impl<'c> Candidates<'c> {
    /// Scans the source holding the gathered position `hit`, unless it was: the windows around its gathered
    /// `positions` (every window that may score more than `above` holds one).
    fn scan(&mut self, corpus: &'c Corpus, words: &WordIndex, positions: &[u32], needle: &Needle<'_>, hit: u32) {
        let id = words.source_of(hit);
        if std::mem::replace(&mut self.scanned[id as usize], true) {
            return;
        }
        if let Some(Ok(source)) = corpus.source_by_id(id as usize) {
            let first = words.first_position(id);
            let hits = positions[positions.partition_point(|position| *position < first)..]
                .iter()
                .map(|position| (position - first) as usize);
            self.picks.extend(closest::candidates_around(needle, source, id as usize, hits, self.above));
            self.loaded.insert(id, source);
        }
    }

    /// Whether step 1's candidates over every source are among the picks, when every window scoring more than
    /// `u` is in a scanned source: [`closest::CANDIDATES`] picks score more than `u`, or the threshold of the
    /// best one is above it (so that [`closest::choose`] keeps nothing at or below `u`).
    fn complete_above(&self, u: usize) -> bool {
        let above = self.picks.iter().filter(|pick| pick.score > u).count();
        let best = self.picks.iter().map(|pick| pick.score).max().unwrap_or(0);
        above >= closest::CANDIDATES || (best > u && closest::threshold(best, 1) > u)
    }

    /// Step 2 over the candidates' own sources, in corpus order.
    fn closest(self, needle: &Needle<'_>) -> Option<Passage> {
        let mut best = closest::choose(self.picks, 1);
        let mut ids: Vec<usize> = best.iter().map(|candidate| candidate.source).collect();
        ids.sort_unstable();
        ids.dedup();
        let sources: Vec<&Source> = ids.iter().filter_map(|id| self.loaded.get(&(*id as u32)).copied()).collect();
        for candidate in &mut best {
            candidate.source = ids.partition_point(|id| *id < candidate.source);
        }
        closest::align_all(needle, &best, &sources, 1).into_iter().next()
    }
}

/// What every match of a matcher contains: for each clause, at least one of its keys (compared ASCII
/// case-insensitively), unless the source holds a character of [`CASE_FOLDING_TO_ASCII`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requirement {
    pub(crate) clauses: Vec<Vec<Key>>,
}

/// What a match holds when it matches one alternative of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// A literal it contains, compared ASCII case-insensitively (what the literal index looks for).
    pub(crate) literal: Vec<u8>,
    /// Words it holds whole, and pairs of them one space apart, ASCII-lowercased ([`filters::whole_words`]): a
    /// stored index's filters test them, which narrows a rare word made of common three-byte windows, or common
    /// words side by side. Empty for a pattern.
    pub(crate) words: Vec<Vec<u8>>,
}

impl Key {
    /// The key of a quote or a term alternative, which match only at word edges: its [`ascii_key`] and its
    /// whole words.
    fn at_word_edges(text: &str) -> Option<Key> {
        let words = filters::whole_words(text);
        match ascii_key(text) {
            Some(literal) => Some(Key { literal, words }),
            // Too short a literal for the literal index (`EU`), but a stored index's filters test its words.
            None if !words.is_empty() => Some(Key { literal: Vec::new(), words }),
            None => None,
        }
    }

    /// A literal of a pattern, whose matches may start or end inside a word.
    fn inside_words(literal: Vec<u8>) -> Key {
        Key { literal, words: Vec::new() }
    }
}

impl Requirement {
    /// The requirement of `matcher` (aliases of terms from `corpus`); no clauses when nothing is certain.
    pub(crate) fn of(matcher: &Matcher, ignore_case: bool, corpus: &Corpus) -> Requirement {
        let clauses = match matcher {
            Matcher::Quote { normalized, .. } => {
                Key::at_word_edges(normalized).map(|key| vec![key]).into_iter().collect()
            }
            Matcher::Terms { terms } => terms
                .iter()
                .filter_map(|term| {
                    let alternatives = corpus.aliases_of(term).unwrap_or(std::slice::from_ref(term));
                    alternatives.iter().map(|alternative| Key::at_word_edges(alternative)).collect::<Option<Vec<_>>>()
                })
                .collect(),
            Matcher::Pattern { text, .. } => pattern_literals(text, ignore_case)
                .map(|literals| literals.into_iter().map(Key::inside_words).collect())
                .into_iter()
                .collect(),
        };
        Requirement { clauses }
    }

    /// Whether every term (clause) of a `terms` matcher could be narrowed: then the sources with none of them
    /// can be skipped when looking for the sentence that holds the most.
    pub(crate) fn covers_every_term(&self, terms: &[String]) -> bool {
        !terms.is_empty() && self.clauses.len() == terms.len()
    }
}

/// The words of a quote between its first and its last.
fn middle_words(quote: &str) -> Vec<&str> {
    let words: Vec<&str> = quote.split(' ').filter(|word| !word.is_empty()).collect();
    words.get(1..words.len().saturating_sub(1)).map(<[&str]>::to_vec).unwrap_or_default()
}

/// A key that any case-insensitive match of `text` (as a whole-word literal) contains, ASCII
/// case-insensitively: its longest run of ASCII characters, at most [`MAX_KEY`] bytes of it.
///
/// ASCII characters match only themselves in the other case, or the two characters of
/// [`CASE_FOLDING_TO_ASCII`]; so where a source holds neither, a match holds the run as it is, up to case.
fn ascii_key(text: &str) -> Option<Vec<u8>> {
    let longest = text.split(|c: char| !c.is_ascii()).max_by_key(|run| run.len())?;
    (longest.len() >= MIN_KEY).then(|| longest.as_bytes()[..longest.len().min(MAX_KEY)].to_vec())
}

/// Literals one of which every match of a pattern contains (compared ASCII case-insensitively); `None` when
/// there is no such set of literals of [`MIN_KEY`] bytes or more.
fn pattern_literals(pattern: &str, ignore_case: bool) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new().case_insensitive(ignore_case).build().parse(pattern).ok()?;
    let need = Need::of(&hir)?;
    (need.shortest() >= MIN_KEY)
        .then(|| need.set.into_iter().map(|key| key[..key.len().min(MAX_KEY)].to_vec()).collect())
}

/// The most literals a [`Need`] holds: past that, the piece of the pattern is left out.
const MAX_ALTERNATIVES: usize = 64;

/// What a piece of a pattern requires of any text it matches: one of `set` (ASCII-lowercased) as a substring,
/// and, when `exact`, the match is one of them.
#[derive(Debug, Clone)]
struct Need {
    set: Vec<Vec<u8>>,
    exact: bool,
}

impl Need {
    fn exactly(set: Vec<Vec<u8>>) -> Need {
        let mut set: Vec<Vec<u8>> = set.into_iter().map(|bytes| bytes.to_ascii_lowercase()).collect();
        set.sort();
        set.dedup();
        Need { set, exact: true }
    }

    fn shortest(&self) -> usize {
        self.set.iter().map(Vec::len).min().unwrap_or(0)
    }

    /// The better of two needs to narrow by: the one whose shortest literal is longer, then the smaller.
    fn better(self, other: Need) -> Need {
        if (other.shortest(), std::cmp::Reverse(other.set.len())) > (self.shortest(), std::cmp::Reverse(self.set.len()))
        {
            other
        } else {
            self
        }
    }

    /// The need of a pattern piece, or `None` when it requires nothing (it may match the empty string).
    fn of(hir: &Hir) -> Option<Need> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Some(Need::exactly(vec![Vec::new()])),
            HirKind::Literal(literal) => Some(Need::exactly(vec![literal.0.to_vec()])),
            HirKind::Class(class) if is_white_space(class) => Some(Need::exactly(vec![b" ".to_vec()])),
            HirKind::Class(class) => class_members(class).map(Need::exactly),
            HirKind::Capture(capture) => Need::of(&capture.sub),
            // Normalized text holds no two white space characters in a row (every run became one space), so
            // `\s+` matches exactly one space there; a longer minimum matches nothing, and any need holds.
            HirKind::Repetition(repetition)
                if repetition.min > 0
                    && matches!(repetition.sub.kind(), HirKind::Class(class) if is_white_space(class)) =>
            {
                Some(Need::exactly(vec![b" ".to_vec()]))
            }
            HirKind::Repetition(repetition) if repetition.min > 0 => {
                let need = Need::of(&repetition.sub)?;
                let exact = need.exact && repetition.min == 1 && repetition.max == Some(1);
                Some(Need { exact, ..need })
            }
            HirKind::Repetition(_) => None,
            HirKind::Alternation(branches) => {
                let mut set = Vec::new();
                let mut exact = true;
                for branch in branches {
                    let need = Need::of(branch)?;
                    exact &= need.exact;
                    set.extend(need.set);
                    if set.len() > MAX_ALTERNATIVES {
                        return None;
                    }
                }
                Some(Need { exact, ..Need::exactly(set) })
            }
            HirKind::Concat(parts) => {
                // Runs of exact parts are joined into longer literals; an inexact part ends a run.
                let mut best: Option<Need> = None;
                let mut run: Option<Vec<Vec<u8>>> = Some(vec![Vec::new()]);
                let mut all_exact = true;
                let keep = |need: Need, best: &mut Option<Need>| {
                    *best = Some(match best.take() {
                        Some(kept) => kept.better(need),
                        None => need,
                    });
                };
                for part in parts {
                    let need = Need::of(part);
                    match need {
                        Some(need) if need.exact => {
                            let joined: Option<Vec<Vec<u8>>> = run.as_ref().and_then(|run| {
                                (run.len() * need.set.len() <= MAX_ALTERNATIVES).then(|| {
                                    run.iter()
                                        .flat_map(|a| {
                                            need.set.iter().map(move |b| [a.as_slice(), b.as_slice()].concat())
                                        })
                                        .collect()
                                })
                            });
                            match joined {
                                Some(joined) => run = Some(joined),
                                None => {
                                    all_exact = false;
                                    if let Some(done) = run.take() {
                                        keep(Need { exact: false, ..Need::exactly(done) }, &mut best);
                                    }
                                    run = Some(need.set);
                                }
                            }
                        }
                        other => {
                            all_exact = false;
                            if let Some(done) = run.take() {
                                keep(Need { exact: false, ..Need::exactly(done) }, &mut best);
                            }
                            run = Some(vec![Vec::new()]);
                            if let Some(need) = other {
                                keep(Need { exact: false, ..need }, &mut best);
                            }
                        }
                    }
                }
                if let Some(done) = run {
                    keep(Need { exact: all_exact, ..Need::exactly(done) }, &mut best);
                }
                best
            }
        }
    }
}

/// The members of a small class, as UTF-8 (or bytes); `None` for a large one. The two characters of
/// [`CASE_FOLDING_TO_ASCII`] are left out: a source that holds one is searched for every item anyway.
fn class_members(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut members = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    if CASE_FOLDING_TO_ASCII.iter().any(|special| special.starts_with(c)) {
                        continue;
                    }
                    members.push(c.to_string().into_bytes());
                    if members.len() > 16 {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    members.push(vec![b]);
                    if members.len() > 16 {
                        return None;
                    }
                }
            }
        }
    }
    Some(members)
}

/// What narrows an item by its literal keys.
enum Narrowing<'a> {
    /// Exactly: the sources holding each key of the claims the index was made for.
    Literal(&'a LiteralIndex),
    /// Loosely (never ruling out a source that holds the key), for any key; and the sources holding a
    /// character of [`CASE_FOLDING_TO_ASCII`].
    Filters(&'a SourceFilters, &'a [u32]),
}

impl Narrowing<'_> {
    /// The sources that may hold any of `keys`; `None` when that cannot be told.
    fn any_of(&self, ids: &HashMap<Vec<u8>, u32>, keys: &[Key]) -> Option<Vec<u32>> {
        match self {
            Narrowing::Literal(literal) => literal.any_of(ids, keys),
            Narrowing::Filters(filters, _) => filters.any_of(keys, None),
        }
    }

    /// The sources where a case-insensitive match may hold none of its keys' ASCII spelling.
    fn case_folding(&self) -> &[u32] {
        match self {
            Narrowing::Literal(literal) => &literal.case_folding,
            Narrowing::Filters(_, case_folding) => case_folding,
        }
    }
}

/// The sources that hold each key.
#[derive(Debug)]
struct LiteralIndex {
    /// For key `k`, the ids of the sources holding it, ascending, as gaps ([`GapWriter`]) in
    /// `units[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<usize>,
    units: Vec<u16>,
    /// The sources holding a character of [`CASE_FOLDING_TO_ASCII`].
    case_folding: Vec<u32>,
}

impl LiteralIndex {
    fn build(index: &CorpusIndex, corpus: &Corpus) -> Option<LiteralIndex> {
        index.all_sources_error(corpus);
        let mut patterns: Vec<&[u8]> = vec![&[]; index.keys.len()];
        for (key, id) in &index.keys {
            patterns[*id as usize] = key;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .ok()?;
        // Each thread takes sources one at a time and notes every (key, source) pair once.
        let found: std::sync::Mutex<Vec<(u32, u32)>> = std::sync::Mutex::new(Vec::new());
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..index.threads {
                scope.spawn(|| {
                    let mut seen: Vec<u32> = vec![u32::MAX; patterns.len()];
                    let mut pairs: Vec<(u32, u32)> = Vec::new();
                    let mut lowered: Vec<u8> = Vec::new();
                    loop {
                        let id = next.fetch_add(1, Ordering::Relaxed);
                        if id >= index.sources {
                            break;
                        }
                        let Some(Ok(source)) = corpus.source_by_id(id) else { continue };
                        let id = id as u32;
                        // The keys are lowercase: an automaton of lowercase bytes over a lowercased copy is smaller
                        // than one that folds case itself, and as exact (ASCII letters only ever fold to each
                        // other), and the pass is the longest step of building the index.
                        lowered.clear();
                        lowered.extend(source.text().bytes().map(|b| b.to_ascii_lowercase()));
                        for found in automaton.find_overlapping_iter(&lowered) {
                            let key = found.pattern().as_usize();
                            if seen[key] != id {
                                seen[key] = id;
                                pairs.push((key as u32, id));
                            }
                        }
                    }
                    // A poisoned lock means another thread panicked, which `scope` re-raises anyway.
                    if let Ok(mut found) = found.lock() {
                        found.extend(pairs);
                    }
                });
            }
        });
        let mut pairs = found.into_inner().ok()?;
        pairs.sort_unstable();
        let mut offsets = vec![0usize; patterns.len() + 1];
        let mut units: Vec<u16> = Vec::new();
        let mut pairs = pairs.into_iter().peekable();
        for k in 0..patterns.len() {
            let mut writer = GapWriter::default();
            while let Some((_, source)) = pairs.next_if(|(key, _)| *key as usize == k) {
                writer.push(source, &mut units);
            }
            offsets[k + 1] = units.len();
        }
        // Kept for the whole check.
        units.shrink_to_fit();
        let mut literal = LiteralIndex { offsets, units, case_folding: Vec::new() };
        for special in CASE_FOLDING_TO_ASCII {
            let key = *index.keys.get(special.as_bytes())? as usize;
            let mut sources = Vec::new();
            literal.extend_sources_of(key, &mut sources);
            literal.case_folding = union(&literal.case_folding, &sources);
        }
        Some(literal)
    }

    /// Appends the ids of the sources holding key `id` to `out`, ascending.
    fn extend_sources_of(&self, id: usize, out: &mut Vec<u32>) {
        decode_gaps(&self.units[self.offsets[id]..self.offsets[id + 1]], out);
    }

    /// The sources holding any of `keys`; `None` if one was not indexed.
    fn any_of(&self, ids: &HashMap<Vec<u8>, u32>, keys: &[Key]) -> Option<Vec<u32>> {
        let mut result = Vec::new();
        // One buffer for every key's sources, decoded in turn.
        let mut sources = Vec::new();
        for key in keys {
            let id = *ids.get(&key.literal.to_ascii_lowercase())? as usize;
            sources.clear();
            self.extend_sources_of(id, &mut sources);
            result = union(&result, &sources);
        }
        Some(result)
    }
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Calls `visit` with the bucket of each word of a normalized text, in the order of [`closest`]'s word split.
fn each_word_bucket(text: &str, mut visit: impl FnMut(usize)) {
    closest::each_word(text, |_, hash| visit(bucket(hash)));
}

fn bucket(hash: u64) -> usize {
    (hash >> (64 - BUCKET_BITS)) as usize
}

/// Where the words of each bucket occur, as global word numbers (a source's words are numbered from its base,
/// in the order of [`closest`]'s word split), for a contiguous run of sources.
///
/// The positions of a bucket ascend, and are kept as gaps ([`GapWriter`]): at 100 MB of corpus, 25 MB instead
/// of 42 as `u32`s (the index is held for the whole check).
#[derive(Debug)]
struct Segment {
    /// Words per bucket, stored or not.
    counts: Vec<u32>,
    /// A bucket holding more words than this is not stored (see [`Segment::stored`]).
    cap: u32,
    /// For bucket `b`, `units[offsets[b]..offsets[b + 1]]`; empty for the commonest buckets.
    offsets: Vec<usize>,
    units: Vec<u16>,
}

/// The unit that starts a number written whole (see [`GapWriter`]).
const ESCAPE: u16 = u16::MAX;

/// Writes an ascending list of `u32`s (the word index's positions of a bucket, the literal index's sources of a
/// key) as `u16` units, one number at a time: each as its gap from the one before, in one unit when the gap is
/// below [`ESCAPE`]; the first, and one after a longer gap, in three: [`ESCAPE`] and the number's two halves.
/// [`decode_gaps`] reads them back, a sum per unit.
#[derive(Debug, Clone, Copy, Default)]
struct GapWriter {
    /// The last number written, if any.
    last: Option<u32>,
}

impl GapWriter {
    /// The units that write `number` after the last: a gap in one, or [`ESCAPE`] and the number's halves.
    fn units(&mut self, number: u32) -> ([u16; 3], usize) {
        let gap = self.last.map(|last| number.wrapping_sub(last));
        self.last = Some(number);
        match gap {
            Some(gap) if gap < u32::from(ESCAPE) => ([gap as u16, 0, 0], 1),
            _ => ([ESCAPE, (number >> 16) as u16, number as u16], 3),
        }
    }

    /// Writes `number` at the end of `out`.
    fn push(&mut self, number: u32, out: &mut Vec<u16>) {
        let (units, n) = self.units(number);
        out.extend_from_slice(&units[..n]);
    }
}

/// What pass 1 of the word index's build keeps of a bucket: its words, and the units their positions take.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    count: u32,
    units: u32,
    writer: GapWriter,
}

/// What pass 2 of the build keeps of a bucket: where its next units go in the segment (`usize::MAX` for a
/// bucket that is not stored), and the last position written.
#[derive(Debug, Clone, Copy, Default)]
struct Filing {
    cursor: usize,
    writer: GapWriter,
}

/// Appends the numbers a [`GapWriter`] wrote as `units` to `out`.
fn decode_gaps(units: &[u16], out: &mut Vec<u32>) {
    let mut number = 0u32;
    let mut at = 0;
    while let Some(&unit) = units.get(at) {
        if unit == ESCAPE {
            // The writer put both halves after every escape.
            number = (u32::from(units[at + 1]) << 16) | u32::from(units[at + 2]);
            at += 3;
        } else {
            number = number.wrapping_add(u32::from(unit));
            at += 1;
        }
        out.push(number);
    }
}

impl Segment {
    /// Whether the positions of `bucket` are kept: the commonest buckets' are not, as the search never needs
    /// them (it narrows by the rarest words of a needle).
    fn stored(&self, bucket: usize) -> bool {
        self.counts[bucket] <= self.cap
    }

    /// Appends the positions of a stored `bucket` to `out`, ascending.
    fn extend_positions(&self, bucket: usize, out: &mut Vec<u32>) {
        out.reserve(self.counts[bucket] as usize);
        decode_gaps(&self.units[self.offsets[bucket]..self.offsets[bucket + 1]], out);
    }
}

/// The word index: where each word occurs, for the closest-passage search and for narrowing quotes.
#[derive(Debug)]
struct WordIndex {
    /// The global number of each source's first word, by source id.
    bases: Vec<u32>,
    /// The ids of the sources holding a character of [`CASE_FOLDING_TO_ASCII`].
    case_folding: Vec<u32>,
    /// The ids of the sources that could not be read, when known without reading them (a stored index).
    unreadable: Option<Vec<u32>>,
    positions: Positions,
}

/// Where the positions of each bucket are kept.
#[derive(Debug)]
enum Positions {
    /// Built in this process, one segment per thread.
    Memory(Vec<Segment>),
    /// Read from the file a process before this one wrote ([`stored`]).
    Stored(StoredPositions),
}

/// A word of a needle, as the word index knows it.
#[derive(Debug, Clone, Copy)]
struct NeedleKey {
    bucket: usize,
    /// How many times the needle holds it.
    need: usize,
    /// Words in its bucket, corpus-wide.
    count: u64,
    /// Whether its positions are stored (the commonest buckets' are not).
    stored: bool,
}

impl WordIndex {
    /// The word index of `sources` (by id; `None` for one that could not be read), built on `threads` threads.
    fn build(sources: &[Option<&Source>], threads: usize) -> Option<WordIndex> {
        let total: usize = sources.iter().flatten().map(|source| source.text().len()).sum();
        // Contiguous runs of sources of about equal size, one per thread, so positions come out sorted.
        let mut runs: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        let mut bytes = 0;
        for (id, source) in sources.iter().enumerate() {
            bytes += source.map_or(0, |source| source.text().len());
            if bytes * threads >= total * (runs.len() + 1) && runs.len() + 1 < threads {
                runs.push(start..id + 1);
                start = id + 1;
            }
        }
        runs.push(start..sources.len());

        // Pass 1: words per source and per bucket, and the units each bucket's positions will take (the gaps
        // between them do not depend on where the run's numbering starts). What each pass keeps of a bucket is
        // one struct, so that a word costs one random access to a table of a megabyte, not one to each of three.
        //
        // Pass 2 splits the texts into words again. Keeping every word's bucket for it (two bytes a word) saves
        // that split, about 5% of the check's CPU, but raises its peak memory by a third of the corpus; keeping
        // them for the first half of the corpus only raised the peak by 11 MB at 100 MB, the build's moment
        // becoming the peak.
        let counted: Vec<(Vec<Tally>, Vec<u32>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .iter()
                .map(|run| {
                    let sources = &sources[run.clone()];
                    scope.spawn(move || {
                        let mut tallies = vec![Tally::default(); 1 << BUCKET_BITS];
                        let mut words = Vec::with_capacity(sources.len());
                        let mut position = 0u32;
                        for source in sources {
                            let mut n = 0u32;
                            if let Some(source) = source {
                                each_word_bucket(source.text(), |b| {
                                    let tally = &mut tallies[b];
                                    tally.count = tally.count.saturating_add(1);
                                    // (Wraps only for a bucket far too common to be stored: see `cap`.)
                                    tally.units = tally.units.wrapping_add(tally.writer.units(position).1 as u32);
                                    position = position.wrapping_add(1);
                                    n = n.saturating_add(1);
                                });
                            }
                            words.push(n);
                        }
                        (tallies, words)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|handle| handle.join().ok()).collect()
        });
        if counted.len() != runs.len() {
            return None;
        }
        let mut bases = Vec::with_capacity(sources.len());
        let mut next: u64 = 0;
        for (_, words) in &counted {
            for n in words {
                bases.push(u32::try_from(next).ok()?);
                next += u64::from(*n);
            }
        }
        // Global word numbers must fit in a u32; a larger corpus is searched without the word index.
        u32::try_from(next).ok()?;
        // Pass 2: the positions, but not those of the commonest buckets (the, of, and...): the search never
        // needs them, since it narrows by the rarest words of a needle.
        let segments: Vec<Segment> = std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .iter()
                .zip(counted)
                .map(|(run, (tallies, words))| {
                    let sources = &sources[run.clone()];
                    let bases = &bases[run.clone()];
                    scope.spawn(move || {
                        // A bucket holding more than one in 256 of the run's words is too common to store. (A
                        // stored bucket's units are at most three per word, below `u32::MAX`: they did not wrap.)
                        let words_in_run: u64 = words.iter().map(|n| u64::from(*n)).sum();
                        let cap = u32::try_from((words_in_run / 256).max(4096)).unwrap_or(u32::MAX);
                        let mut offsets = vec![0usize; tallies.len() + 1];
                        let mut filings = vec![Filing::default(); tallies.len()];
                        for (b, tally) in tallies.iter().enumerate() {
                            let stored = tally.count <= cap;
                            offsets[b + 1] = offsets[b] + if stored { tally.units as usize } else { 0 };
                            filings[b].cursor = if stored { offsets[b] } else { usize::MAX };
                        }
                        let counts: Vec<u32> = tallies.iter().map(|tally| tally.count).collect();
                        drop(tallies);
                        let mut packed = vec![0u16; offsets[counts.len()]];
                        for (source, base) in sources.iter().zip(bases) {
                            let Some(source) = source else { continue };
                            // A source's words are numbered on from its base; the bases were checked to fit in a
                            // u32 with every word after them, so this does not overflow.
                            let mut position = *base;
                            each_word_bucket(source.text(), |b| {
                                let filing = &mut filings[b];
                                if filing.cursor != usize::MAX {
                                    // Pass 1 counted the units of the same gaps: the bucket has room for them.
                                    let (written, n) = filing.writer.units(position);
                                    packed[filing.cursor..filing.cursor + n].copy_from_slice(&written[..n]);
                                    filing.cursor += n;
                                }
                                position = position.wrapping_add(1);
                            });
                        }
                        Segment { counts, cap, offsets, units: packed }
                    })
                })
                .collect();
            handles.into_iter().filter_map(|handle| handle.join().ok()).collect()
        });
        let case_folding = (0..sources.len() as u32)
            .filter(|id| {
                sources[*id as usize]
                    .is_some_and(|source| CASE_FOLDING_TO_ASCII.iter().any(|c| source.text().contains(c)))
            })
            .collect();
        (segments.len() == runs.len()).then_some(WordIndex {
            bases,
            case_folding,
            unreadable: None,
            positions: Positions::Memory(segments),
        })
    }

    /// The needle's words by bucket (words sharing a bucket are one key, needed as many times as all of them
    /// together), rarest first.
    fn needle_keys(&self, needle: &Needle<'_>) -> Vec<NeedleKey> {
        let mut needs: HashMap<usize, usize> = HashMap::new();
        for (key, (_, need)) in &needle.keys {
            *needs.entry(bucket(closest::key_hash(key))).or_default() += need;
        }
        let mut keys: Vec<NeedleKey> = needs
            .into_iter()
            .map(|(bucket, need)| NeedleKey { bucket, need, count: self.count(bucket), stored: self.stored(bucket) })
            .collect();
        // Rarest first; the unstored last. Ties by bucket, so the choice never depends on hashing order.
        keys.sort_by_key(|key| (!key.stored, key.count, key.bucket));
        keys
    }

    /// How many words of the corpus fall in `bucket`, stored or not.
    fn count(&self, bucket: usize) -> u64 {
        match &self.positions {
            Positions::Memory(segments) => segments.iter().map(|segment| u64::from(segment.counts[bucket])).sum(),
            Positions::Stored(stored) => stored.count(bucket),
        }
    }

    /// Whether the positions of `bucket` are stored (the commonest buckets' are not).
    fn stored(&self, bucket: usize) -> bool {
        match &self.positions {
            Positions::Memory(segments) => segments.iter().all(|segment| segment.stored(bucket)),
            Positions::Stored(stored) => stored.stored(bucket),
        }
    }

    /// Appends the positions of a stored `bucket` to `out`, ascending; `false` when they cannot be read (then
    /// the search goes on without the index).
    fn extend_positions(&self, bucket: usize, out: &mut Vec<u32>) -> bool {
        match &self.positions {
            Positions::Memory(segments) => {
                for segment in segments {
                    segment.extend_positions(bucket, out);
                }
                true
            }
            Positions::Stored(stored) => stored.extend(bucket, out),
        }
    }

    /// The source holding a word position. (The first source's base is 0, so a position has one.)
    fn source_of(&self, position: u32) -> u32 {
        self.bases.partition_point(|base| *base <= position).saturating_sub(1) as u32
    }

    /// Whether one of `positions` (ascending) is a word of source `id`.
    fn has_position_in(&self, id: u32, positions: &[u32]) -> bool {
        let start = self.bases[id as usize];
        let end = self.bases.get(id as usize + 1).copied().unwrap_or(u32::MAX);
        let at = positions.partition_point(|position| *position < start);
        positions.get(at).is_some_and(|position| *position < end)
    }

    /// The first word position of source `id` (one that holds a word: its base).
    fn first_position(&self, id: u32) -> u32 {
        self.bases[id as usize]
    }

    /// The windows of `width` words holding a word of `keys`, by an upper bound of their score. `None` when
    /// the positions of a key cannot be read.
    ///
    /// A window's score counts each word of the needle at most as many times as the needle holds it, so it is
    /// at most, for each key, the smaller of its positions in the window and its count in the needle, plus the
    /// count of the needle's words not in `keys`. A window of a source holding such positions holds every
    /// position of the window of the same width starting at its first one, which is listed (windows across
    /// two sources only make bounds larger); a window holding none is bounded by the words not in `keys`.
    fn bounded_windows(&self, keys: &[NeedleKey], width: usize) -> Option<BoundedWindows> {
        let outside = width - keys.iter().map(|key| key.need).sum::<usize>().min(width);
        // Positions tagged with their key, in order.
        let mut tagged: Vec<u64> = Vec::with_capacity(keys.iter().map(|key| key.count as usize).sum());
        let mut positions: Vec<u32> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            positions.clear();
            if !self.extend_positions(key.bucket, &mut positions) {
                return None;
            }
            tagged.extend(positions.iter().map(|position| u64::from(*position) << 32 | k as u64));
        }
        // Each key's positions are in order already: the stable sort merges such runs.
        tagged.sort();
        let position = |tag: u64| (tag >> 32) as u32;
        let key = |tag: u64| (tag & u64::from(u32::MAX)) as usize;
        let mut levels: Vec<Vec<u32>> = vec![Vec::new(); width + 1];
        let mut in_window = vec![0usize; keys.len()];
        let (mut score, mut end) = (0, 0);
        for &first in &tagged {
            let limit = u64::from(position(first)) + width as u64;
            while let Some(&tag) = tagged.get(end).filter(|tag| u64::from(position(**tag)) < limit) {
                let k = key(tag);
                score += usize::from(in_window[k] < keys[k].need);
                in_window[k] += 1;
                end += 1;
            }
            levels[(outside + score).min(width)].push(position(first));
            let k = key(first);
            in_window[k] -= 1;
            score -= usize::from(in_window[k] < keys[k].need);
        }
        let positions = tagged.into_iter().map(position).collect();
        Some(BoundedWindows { positions, levels, outside })
    }
}

/// What [`WordIndex::bounded_windows`] finds.
struct BoundedWindows {
    /// The positions of the keys, ascending.
    positions: Vec<u32>,
    /// `levels[b]`: the first word of each window, starting at one of `positions`, whose score is at most `b`.
    levels: Vec<Vec<u32>>,
    /// The bound of the score of a window holding none of `positions`.
    outside: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_longest_ascii_runs() {
        assert_eq!(ascii_key("Zelenskiy’s aide"), Some(b"Zelenskiy".to_vec()));
        assert_eq!(ascii_key("the Élysée Palace said"), Some(b"e Palace said".to_vec()));
        assert_eq!(ascii_key("éabéabcé"), None);
        assert_eq!(middle_words("one two three four"), ["two", "three"]);
        assert!(middle_words("one two").is_empty());
        assert_eq!(ascii_key(&"a".repeat(100)).map(|key| key.len()), Some(MAX_KEY));
    }

    #[test]
    fn pattern_literals_are_in_every_match() {
        let keys = pattern_literals(r"nearly (three|3)[- ]hours?", false).unwrap();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert!(keys.iter().all(|key| key.starts_with(b"nearly ") && key.ends_with(b"hour")));
        assert_eq!(pattern_literals(r"(?i)\bzorblat\w*", false), Some(vec![b"zorblat".to_vec()]));
        assert_eq!(pattern_literals(r"Zorblat", true), Some(vec![b"zorblat".to_vec()]));
        assert_eq!(pattern_literals(r"[\d,.]+\s+million", false), Some(vec![b" million".to_vec()]));
        // White space is one space in normalized text.
        assert_eq!(pattern_literals(r"the\s+steps\s+we", false), Some(vec![b"the steps we".to_vec()]));
        assert_eq!(pattern_literals(r"of\s+War\s+for", false), Some(vec![b"of war for".to_vec()]));
        assert_eq!(pattern_literals(r"the[ \t]war", false), Some(vec![b"the war".to_vec()]));
        assert_eq!(pattern_literals(r"of\s*War\s*for", false), None, "`\\s*` may match nothing");
        assert_eq!(pattern_literals(r"the\Swar", false), None);
        assert_eq!(pattern_literals(r"\d+", false), None);
        assert_eq!(pattern_literals(r"a|bc", false), None);
        assert_eq!(pattern_literals(r"(abc)?", false), None);
    }

    #[test]
    fn unions_and_intersections_stay_sorted() {
        assert_eq!(union(&[1, 4, 7], &[2, 4, 9]), [1, 2, 4, 7, 9]);
        assert_eq!(intersect(&[1, 4, 7, 9], &[2, 4, 9]), [4, 9]);
    }
}

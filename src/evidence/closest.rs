//! The closest passage: where a quote that is not found most likely was, or was meant to be.
//!
//! When a corpus edit changes a cited sentence, the reviewer needs the sentence as it is now. The search runs
//! in two steps over the normalized text of the sources in scope:
//!
//! 1. **Candidates.** A window of as many words as the quote slides over each source, scored by how many of
//!    the quote's words (case- and punctuation-insensitive, counted as a multiset) it holds. The words that did
//!    not change still vote for the passage, so it is found even when several words differ. The candidates are
//!    the best-scoring windows, at most `CANDIDATES` of them and no two starting within `SLACK` words of each other
//!    in one source (greedy non-maximum suppression, in the order of score, then source, then position); when
//!    one passage is wanted, only windows scoring at least three quarters of the best score (`threshold`).
//! 2. **Alignment.** Around each candidate, starts and lengths a few words either way are compared with the
//!    quote by `similar`'s word-level diff ratio; each candidate's most similar alignment is kept, and the most
//!    similar of those win.
//!
//! Step 1 is defined by the scores alone, not by the order windows are visited in, so that
//! [`crate::evidence::index`] can compute the same candidates from a word index without sliding over every
//! source: [`closest_passage`] over a subset of the sources gives the same passage as over all of them as long
//! as the subset holds every window that scores at least the threshold.
//!
//! Windows that touch an excluded region are skipped: reader comments are never shown as the evidence.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

use similar::{Algorithm, TextDiff};

use crate::corpus::Source;

/// How many windows of step 1 go on to step 2.
pub(crate) const CANDIDATES: usize = 6;
/// How far (in words) step 2 moves the start and the end of a candidate window.
const SLACK: usize = 3;
/// How far apart (in words) the starts of two candidate windows of one source must be. Step 2 tries the starts
/// within [`SLACK`] of a candidate, so a window further than that from every candidate kept is a candidate too:
/// the best alignment may start beyond their reach. (Suppressing a whole quote's width around a candidate
/// once lost the passage: an equal score one word earlier than the quote's place hid it.)
const APART: usize = SLACK + 1;

/// How many windows, in rank order, [`source_candidates`]'s suppression may have to go through to pick
/// [`CANDIDATES`] of them: each pick rules out at most `2 * (APART - 1)` others.
const SUPPRESSION_REACH: usize = CANDIDATES * (2 * (APART - 1) + 1);

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
            text: source.original_text(range.clone()).into_owned(),
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
pub(crate) fn words(text: &str) -> Vec<Range<usize>> {
    // A loop over the bytes rather than `split(' ')`: words are short, and a search per word costs more.
    let mut ranges = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    for (at, byte) in text.bytes().enumerate() {
        match (byte == b' ', start) {
            (true, Some(first)) => {
                ranges.push(first..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(first) = start {
        ranges.push(first..text.len());
    }
    ranges
}

/// The form of a word that votes in step 1: lowercase, without surrounding punctuation.
pub(crate) fn vote_key(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a, then a multiply to spread the bits to the top (where the index takes its buckets from).
fn finish(hash: u64) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a vote key.
pub(crate) fn key_hash(key: &str) -> u64 {
    finish(key.bytes().fold(FNV_OFFSET, fnv))
}

/// Calls `visit` with the byte range of each word of a normalized text (as [`words`] splits it) and the
/// [`key_hash`] of its [`vote_key`], in one pass over the bytes: an ASCII word's key is never made.
pub(crate) fn each_word(text: &str, mut visit: impl FnMut(Range<usize>, u64)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b' ' {
            at += 1;
            continue;
        }
        let start = at;
        // Every byte of the word or'ed together: its high bit says whether the word is ASCII.
        let mut all = 0u8;
        // The hash up to the last alphanumeric byte (the key ends there), and past it. (A non-ASCII byte goes
        // into `running` too, but a word holding one is hashed from its vote key instead.)
        let (mut key, mut running, mut begun) = (FNV_OFFSET, FNV_OFFSET, false);
        for &byte in &bytes[start..] {
            if byte == b' ' {
                break;
            }
            all |= byte;
            let lowered = ALPHANUMERIC_LOWERED[usize::from(byte)];
            if lowered != 0 {
                running = fnv(running, lowered);
                key = running;
                begun = true;
            } else if begun {
                running = fnv(running, byte);
            }
            at += 1;
        }
        let hash = if all.is_ascii() { finish(key) } else { key_hash(&vote_key(&text[start..at])) };
        visit(start..at, hash);
    }
}

/// For each byte, its ASCII lowercase when it is an ASCII letter or digit, and 0 otherwise: one load instead of
/// the tests of [`u8::is_ascii_alphanumeric`] and [`u8::to_ascii_lowercase`] for every byte of the corpus.
const ALPHANUMERIC_LOWERED: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            table[byte] = b.to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// Whether `word`'s vote key is `key`, without making it for an ASCII word.
fn has_vote_key(word: &str, key: &str) -> bool {
    if word.is_ascii() {
        word.trim_matches(|c: char| !c.is_ascii_alphanumeric()).eq_ignore_ascii_case(key)
            && !key.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        vote_key(word) == key
    }
}

/// The lowest score a candidate may have, given the best score of any window, when one passage is wanted:
/// three quarters of it (rounded up), so that windows sharing far fewer words than the best one are not
/// aligned, and the index can skip the sources that cannot reach it. When several passages are wanted
/// (`factcheck find`), every window may be a candidate.
pub(crate) fn threshold(best: usize, count: usize) -> usize {
    if count == 1 { best - best / 4 } else { 0 }
}

/// A quote prepared for step 1: its words' vote keys, each with how many times the quote holds it.
#[derive(Debug)]
pub(crate) struct Needle<'a> {
    pub(crate) text: &'a str,
    /// The number of words, which is the width of a window.
    pub(crate) width: usize,
    /// Vote key to (id, count in the quote).
    pub(crate) keys: HashMap<String, (usize, usize)>,
    /// The count of each key, by id.
    need: Vec<usize>,
    /// The keys by the top bits of their hash (open addressing): (hash, key, id).
    table: Vec<Option<(u64, String, usize)>>,
    table_bits: u32,
}

impl<'a> Needle<'a> {
    /// `None` for a quote without words.
    pub(crate) fn new(text: &'a str) -> Option<Needle<'a>> {
        let mut keys: HashMap<String, (usize, usize)> = HashMap::new();
        let mut width = 0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let next_id = keys.len();
            keys.entry(vote_key(word)).or_insert((next_id, 0)).1 += 1;
            width += 1;
        }
        let mut need = vec![0; keys.len()];
        for (id, count) in keys.values() {
            need[*id] = *count;
        }
        let table_bits = (keys.len() * 2).next_power_of_two().trailing_zeros().max(1);
        let mut table = vec![None; 1 << table_bits];
        for (key, (id, _)) in &keys {
            let hash = key_hash(key);
            let mut slot = (hash >> (64 - table_bits)) as usize;
            while table[slot].is_some() {
                slot = (slot + 1) & (table.len() - 1);
            }
            table[slot] = Some((hash, key.clone(), *id));
        }
        (width > 0).then_some(Needle { text, width, keys, need, table, table_bits })
    }

    /// The id of `word`'s key, if the needle holds it; `hash` is its [`key_hash`].
    fn id_of(&self, word: &str, hash: u64) -> Option<usize> {
        let mut slot = (hash >> (64 - self.table_bits)) as usize;
        while let Some((key_hash, key, id)) = &self.table[slot] {
            if *key_hash == hash && has_vote_key(word, key) {
                return Some(*id);
            }
            slot = (slot + 1) & (self.table.len() - 1);
        }
        None
    }
}

/// A window found in step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The source's position among the sources searched (which are in corpus order).
    pub(crate) source: usize,
    pub(crate) first_word: usize,
    pub(crate) score: usize,
}

impl Candidate {
    /// The order of step 1: best score first, then earlier source, then earlier position.
    fn rank(&self) -> (Reverse<usize>, usize, usize) {
        (Reverse(self.score), self.source, self.first_word)
    }
}

/// Step 1 in one source: its windows picked by non-maximum suppression, best first, at most [`CANDIDATES`].
///
/// Suppression only ever acts between windows of one source, so the picks of the whole search are these
/// per-source picks merged in [`Candidate::rank`] order.
pub(crate) fn source_candidates(needle: &Needle<'_>, source: &Source, index: usize) -> Vec<Candidate> {
    let (ids, blocked) = vote_ids(needle, source, 0..source.text().len());
    // Every window that may be picked: those that score, and (in order) those that do not, for a source
    // where nothing scores.
    let mut scoring: Vec<Candidate> = Vec::new();
    let mut zero: Vec<usize> = Vec::new();
    each_window(needle, &ids, &blocked, |first_word, score| {
        if score > 0 {
            scoring.push(Candidate { source: index, first_word, score });
        } else if zero.len() < CANDIDATES * APART {
            zero.push(first_word);
        }
    });
    let zero = zero.into_iter().map(|first_word| Candidate { source: index, first_word, score: 0 });
    suppress(needle.width, scoring, zero)
}

/// The picks of [`source_candidates`] that score more than `above`, found from the windows that hold one of
/// `hits` (word numbers of the source, ascending; any past its last word only cost time) alone: the same, as long as every window of the source
/// scoring more than `above` holds one of them, since suppression picks among the windows of a score only
/// after every better window.
///
/// This is what lets the word index's search scan a few words around the places its rarest words are rather
/// than whole sources.
pub(crate) fn candidates_around(
    needle: &Needle<'_>,
    source: &Source,
    index: usize,
    hits: impl IntoIterator<Item = usize>,
    above: usize,
) -> Vec<Candidate> {
    let width = needle.width;
    let text = source.text();
    let whole_source = || {
        let mut picks = source_candidates(needle, source, index);
        picks.retain(|pick| pick.score > above);
        picks
    };
    // The starts of the windows holding a hit, merged into runs, each with the byte its first word starts at;
    // up to the first hit past the last word.
    let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
    let mut firsts = WordCursor::new(text);
    for hit in hits {
        let starts = hit.saturating_sub(width - 1)..hit + 1;
        match runs.last_mut() {
            Some((last, _)) if starts.start <= last.end => last.end = last.end.max(starts.end),
            _ => match firsts.start_of(starts.start) {
                Some(first_byte) => runs.push((starts, first_byte)),
                None => break,
            },
        }
    }
    let mut lasts = WordCursor::new(text);
    let mut scoring: Vec<Candidate> = Vec::new();
    for (mut run, first_byte) in runs {
        let last_byte = match lasts.start_of(run.end - 1 + width - 1) {
            Some(start) => start,
            None => {
                // The run reaches past the last word: its windows end there.
                let count = lasts.words_before_end();
                if count < width {
                    // The one window is the whole source.
                    return whole_source();
                }
                run.end = run.end.min(count - width + 1);
                if run.start >= run.end {
                    break;
                }
                lasts = WordCursor::new(text);
                lasts.start_of(count - 1).unwrap_or(first_byte)
            }
        };
        let last_end = memchr::memchr(b' ', &text.as_bytes()[last_byte..]).map_or(text.len(), |at| last_byte + at);
        let (ids, blocked) = vote_ids(needle, source, first_byte..last_end);
        each_window(needle, &ids, &blocked, |first_word, score| {
            if score > above {
                scoring.push(Candidate { source: index, first_word: run.start + first_word, score });
            }
        });
    }
    suppress(width, scoring, std::iter::empty())
}

/// Finds where words of a text start, by their numbers in [`words`]'s split, going forward only.
struct WordCursor<'t> {
    bytes: &'t [u8],
    /// How far it went, in bytes.
    at: usize,
    /// The words starting before `at`.
    before: usize,
}

impl<'t> WordCursor<'t> {
    fn new(text: &'t str) -> WordCursor<'t> {
        WordCursor { bytes: text.as_bytes(), at: 0, before: 0 }
    }

    fn starts_at(&self, at: usize) -> bool {
        self.bytes[at] != b' ' && (at == 0 || self.bytes[at - 1] == b' ')
    }

    /// Where word `word` starts (no earlier word than the last one asked for), or `None` past the last word.
    fn start_of(&mut self, word: usize) -> Option<usize> {
        const CHUNK: usize = 64;
        let bytes = self.bytes;
        if self.at == 0 && !bytes.is_empty() {
            // The first byte has no byte before it, which the chunks compare with.
            if self.starts_at(0) {
                if word == 0 {
                    return Some(0);
                }
                self.before += 1;
            }
            self.at = 1;
        }
        // Whole chunks counted at once (a loop the compiler vectorizes), while the word is past them.
        while self.at >= 1 && self.at + CHUNK <= bytes.len() {
            let chunk = &bytes[self.at..self.at + CHUNK];
            let previous = &bytes[self.at - 1..self.at - 1 + CHUNK];
            // At most `CHUNK` starts, so a byte holds the count (and the sum stays a vector of bytes).
            let starts: u8 =
                chunk.iter().zip(previous).fold(0u8, |count, (b, p)| count + u8::from(*b != b' ' && *p == b' '));
            let starts = usize::from(starts);
            if self.before + starts > word {
                break;
            }
            self.before += starts;
            self.at += CHUNK;
        }
        while self.at < bytes.len() {
            if self.starts_at(self.at) {
                if self.before == word {
                    return Some(self.at);
                }
                self.before += 1;
            }
            self.at += 1;
        }
        None
    }

    /// The number of words of the text, once [`Self::start_of`] went past the last one.
    fn words_before_end(&self) -> usize {
        self.before
    }
}

/// The id of the needle's key of each word of `source.text()[span]` (which starts and ends at words), and
/// whether the word touches an excluded region.
fn vote_ids(needle: &Needle<'_>, source: &Source, span: Range<usize>) -> (Vec<Option<usize>>, Vec<bool>) {
    let text = &source.text()[span.clone()];
    let mut ids: Vec<Option<usize>> = Vec::new();
    let mut blocked: Vec<bool> = Vec::new();
    let any_excluded = !source.excluded().is_empty();
    each_word(text, |range, hash| {
        ids.push(needle.id_of(&text[range.clone()], hash));
        let range = range.start + span.start..range.end + span.start;
        blocked.push(any_excluded && source.excluded_overlapping(&range).is_some());
    });
    (ids, blocked)
}

/// Calls `visit` with the first word (numbered from the first of `ids`) and the score of each window of the
/// needle's width over words of ids `ids` that touches no excluded region (`blocked`); when there are fewer
/// words than that, the window of all of them.
fn each_window(needle: &Needle<'_>, ids: &[Option<usize>], blocked: &[bool], mut visit: impl FnMut(usize, usize)) {
    let (need, width) = (&needle.need, needle.width);
    let mut in_window = vec![0usize; need.len()];
    let mut score = 0usize;
    let mut blocked_in_window = 0usize;
    for end in 0..ids.len() {
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
        if blocked_in_window == 0 && (end + 1 == ids.len() || end + 1 >= width) {
            visit((end + 1).saturating_sub(width), score);
        }
    }
}

/// Greedy non-maximum suppression over the windows of one source (`scoring`, then `zero` in order): in rank
/// order, each window no closer than [`APART`] to every window kept is kept, up to [`CANDIDATES`].
fn suppress(width: usize, mut scoring: Vec<Candidate>, zero: impl Iterator<Item = Candidate>) -> Vec<Candidate> {
    // Only the best windows can be picked: each pick suppresses at most the `2 * (APART - 1)` other starts
    // within `APART` of its own, so the first `SUPPRESSION_REACH` windows in rank order leave at least
    // `CANDIDATES` picks. Every window scoring at least the lowest score among those is kept (ranks are by
    // score first), and the rest need not be sorted.
    let mut by_score = vec![0usize; width + 1];
    for candidate in &scoring {
        by_score[candidate.score.min(width)] += 1;
    }
    let mut lowest_kept = 0;
    let mut kept = 0;
    for score in (0..by_score.len()).rev() {
        kept += by_score[score];
        if kept >= SUPPRESSION_REACH {
            lowest_kept = score;
            break;
        }
    }
    scoring.retain(|candidate| candidate.score >= lowest_kept);
    scoring.sort_unstable_by_key(Candidate::rank);
    let mut picked: Vec<Candidate> = Vec::with_capacity(CANDIDATES);
    for candidate in scoring.into_iter().chain(zero) {
        if picked.len() == CANDIDATES {
            break;
        }
        if picked.iter().all(|kept| kept.first_word.abs_diff(candidate.first_word) >= APART) {
            picked.push(candidate);
        }
    }
    picked
}

/// The passage of `sources` most similar to `needle` (normalized), if any source has words.
pub fn closest_passage(needle: &str, sources: &[&Source]) -> Option<Passage> {
    closest_passages(needle, sources, 1).pop()
}

/// Up to `count` passages of `sources` most similar to `needle` (normalized), most similar first, no two of
/// them overlapping: the places a text most likely was, for `factcheck find` to offer when it is nowhere.
pub fn closest_passages(needle: &str, sources: &[&Source], count: usize) -> Vec<Passage> {
    match Needle::new(needle) {
        Some(needle) if count > 0 => closest_in(&needle, sources, count),
        _ => Vec::new(),
    }
}

/// [`closest_passages`] for a prepared needle.
pub(crate) fn closest_in(needle: &Needle<'_>, sources: &[&Source], count: usize) -> Vec<Passage> {
    let picks: Vec<Candidate> =
        sources.iter().enumerate().flat_map(|(index, source)| source_candidates(needle, source, index)).collect();
    let best = choose(picks, count);
    align_all(needle, &best, sources, count)
}

/// The candidates of step 1 among the picks of some sources ([`source_candidates`]): those of the best rank,
/// at least [`threshold`]. The same as among the picks of every source as long as the sources left out have
/// no window scoring at least the lowest score of the result (or the threshold, with fewer than
/// [`CANDIDATES`]).
pub(crate) fn choose(mut picks: Vec<Candidate>, count: usize) -> Vec<Candidate> {
    picks.sort_unstable_by_key(Candidate::rank);
    let Some(top) = picks.first().map(|candidate| candidate.score) else { return picks };
    picks.retain(|candidate| candidate.score >= threshold(top, count));
    picks.truncate(CANDIDATES);
    picks
}

/// Step 2 for the candidates of step 1 (`best`, whose `source` indexes `sources`): up to `count` passages.
pub(crate) fn align_all(needle: &Needle<'_>, best: &[Candidate], sources: &[&Source], count: usize) -> Vec<Passage> {
    let mut source_words: HashMap<usize, Vec<Range<usize>>> = HashMap::new();
    for candidate in best {
        source_words.entry(candidate.source).or_insert_with(|| words(sources[candidate.source].text()));
    }
    // Each candidate window is aligned on its own; the most similar alignments win, in the order of `best`
    // among equals, so that a single passage is the one a search over all candidates at once would find.
    let needle_tokens: Vec<&str> = diff_tokens(needle.text).into_iter().map(|token| &needle.text[token]).collect();
    let bound = RatioBound::new(&needle_tokens);
    // When one passage is wanted, an alignment that cannot reach the similarity of one already made cannot be
    // it (nor can a candidate whose every alignment is such), so its diff is skipped.
    let mut most_similar = (count == 1).then_some(f64::NEG_INFINITY);
    let mut aligned: Vec<Alignment> = best
        .iter()
        .filter_map(|candidate| {
            let words = source_words.get(&candidate.source)?;
            align(needle, &needle_tokens, &bound, most_similar.as_mut(), sources[candidate.source], words, candidate)
        })
        .collect();
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
        let range = trim_punctuation(needle.text, source.text(), alignment.range);
        let overlaps = passages
            .iter()
            .any(|kept| kept.source == source.name && kept.range.start < range.end && range.start < kept.range.end);
        if !overlaps {
            passages.push(Passage::at(source, range.clone(), similarity(needle.text, &source.text()[range])));
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

/// The tokens `similar` diffs a text by (`tokenize_words`: runs of white space and runs of anything else), as
/// byte ranges, so that a passage's tokens can be sliced out of its neighbourhood's instead of being made again
/// for each start and length step 2 tries.
fn diff_tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (at, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space != Some(space) {
            if at > start {
                tokens.push(start..at);
            }
            start = at;
            in_space = Some(space);
        }
    }
    if start < text.len() {
        tokens.push(start..text.len());
    }
    tokens
}

/// The similarity of `needle` (split into `needle_tokens`) to `text[range]`, where `tokens` are the diff tokens
/// of the text around the range: [`similarity`], without splitting the same text again.
fn similarity_in(
    needle: &str,
    needle_tokens: &[&str],
    text: &str,
    tokens: &[Range<usize>],
    range: Range<usize>,
) -> f64 {
    let first = tokens.partition_point(|token| token.start < range.start);
    let end = tokens.partition_point(|token| token.end <= range.end);
    let aligned = first < end && tokens[first].start == range.start && tokens[end - 1].end == range.end;
    if !aligned {
        return similarity(needle, &text[range]);
    }
    let passage: Vec<&str> = tokens[first..end].iter().map(|token| &text[token.clone()]).collect();
    f64::from(TextDiff::configure().algorithm(Algorithm::Patience).diff_slices(needle_tokens, &passage).ratio())
}

/// An upper bound of [`similarity`] with a needle, from the tokens alone: `similar`'s ratio is twice the
/// tokens of its equal runs over the tokens of both sides, and equal runs hold at most the tokens both sides
/// have (as multisets). Computed as `similar` computes the ratio, in `f32`, so that the bound of an alignment
/// is never below its similarity.
struct RatioBound<'n> {
    /// The needle's distinct tokens, by id.
    ids: HashMap<&'n str, usize>,
    /// How many times the needle holds each.
    need: Vec<usize>,
    needle_len: usize,
}

impl<'n> RatioBound<'n> {
    fn new(needle_tokens: &[&'n str]) -> RatioBound<'n> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut need: Vec<usize> = Vec::new();
        for token in needle_tokens {
            let next = ids.len();
            let id = *ids.entry(token).or_insert(next);
            if id == need.len() {
                need.push(0);
            }
            need[id] += 1;
        }
        RatioBound { ids, need, needle_len: needle_tokens.len() }
    }

    /// The bound for a passage of tokens `ids` (each the id of the needle's equal token, if any), using
    /// `counts` (one per needle token, all 0, left so) as scratch.
    fn of(&self, ids: &[Option<usize>], counts: &mut [usize]) -> f64 {
        let mut shared = 0usize;
        for id in ids.iter().flatten() {
            shared += usize::from(counts[*id] < self.need[*id]);
            counts[*id] += 1;
        }
        for id in ids.iter().flatten() {
            counts[*id] = 0;
        }
        f64::from(2.0 * shared as f32 / (self.needle_len + ids.len()) as f32)
    }
}

/// Step 2 for one candidate: starts and lengths a few words either way, the most similar kept. With
/// `most_similar` (the highest similarity of any alignment made so far, kept up to date), an alignment whose
/// [`RatioBound`] is below it is skipped, and `None` is the answer when all are.
fn align(
    needle: &Needle<'_>,
    needle_tokens: &[&str],
    bound: &RatioBound<'_>,
    mut most_similar: Option<&mut f64>,
    source: &Source,
    words: &[Range<usize>],
    candidate: &Candidate,
) -> Option<Alignment> {
    let width = needle.width;
    let text = source.text();
    let first_low = candidate.first_word.saturating_sub(SLACK);
    let first_high = (candidate.first_word + SLACK).min(words.len().saturating_sub(1));
    let last_high = (first_high + width + SLACK - 1).min(words.len().saturating_sub(1));
    let span = words.get(first_low)?.start..words.get(last_high)?.end;
    let tokens: Vec<Range<usize>> =
        diff_tokens(&text[span.clone()]).into_iter().map(|t| t.start + span.start..t.end + span.start).collect();
    let blocked: Vec<bool> =
        words[first_low..=last_high].iter().map(|w| source.excluded_overlapping(w).is_some()).collect();
    let token_ids: Vec<Option<usize>> =
        tokens.iter().map(|token| bound.ids.get(&text[token.clone()]).copied()).collect();
    let mut counts = vec![0usize; bound.need.len()];
    let mut winner: Option<Alignment> = None;
    for first in first_low..=first_high {
        let len_low = width.saturating_sub(SLACK).max(1);
        for len in len_low..=width + SLACK {
            let last = first + len - 1;
            if last >= words.len() {
                break;
            }
            if blocked[first - first_low..=last - first_low].iter().any(|b| *b) {
                continue;
            }
            let range = words[first].start..words[last].end;
            if let Some(floor) = most_similar.as_deref() {
                let from = tokens.partition_point(|token| token.start < range.start);
                let to = tokens.partition_point(|token| token.end <= range.end);
                let aligned = from < to && tokens[from].start == range.start && tokens[to - 1].end == range.end;
                if aligned && bound.of(&token_ids[from..to], &mut counts) < *floor {
                    continue;
                }
            }
            let similarity = similarity_in(needle.text, needle_tokens, text, &tokens, range.clone());
            if let Some(floor) = most_similar.as_deref_mut() {
                *floor = floor.max(similarity);
            }
            let alignment = Alignment { similarity, distance: len.abs_diff(width), source: candidate.source, range };
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
    fn an_equal_score_just_before_the_passage_does_not_hide_it() {
        // Found by tests/properties.rs: the windows starting at "half half" and at "-" (the quote's place) score
        // the same; the first one kept used to suppress every window within the quote's width, and step 2 cannot
        // reach the quote's place from it, so "25% - leaders half U.S. half 25%" was shown.
        let s = source("a.txt", "leaders leaders met met half half - 25% - leaders half U.S. half 25% Anchorage end.");
        let passage = closest_passage("- leaders half zqxjkvw half 25%", &[&s]).unwrap();
        assert_eq!(passage.normalized, "- leaders half U.S. half 25%");
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
    fn each_word_hashes_the_vote_keys_of_the_words() {
        let text = " U.S. “Moscow’s”  -- 3,000 ÉLYSÉE, (Anchorage) a-b ";
        let mut seen = Vec::new();
        each_word(text, |range, hash| seen.push((range, hash)));
        let expected: Vec<(Range<usize>, u64)> =
            words(text).into_iter().map(|range| (range.clone(), key_hash(&vote_key(&text[range])))).collect();
        assert_eq!(seen, expected);
        let needle = Needle::new("the u.s. said ÉLYSÉE").unwrap();
        assert!(needle.id_of("U.S.", key_hash("u.s")).is_some());
        assert!(needle.id_of("Élysée,", key_hash("élysée")).is_some());
        assert!(needle.id_of("they", key_hash("they")).is_none());
    }

    proptest::proptest! {
        /// The one pass gives every word of any text the hash of its vote key, as splitting and making the keys
        /// does: letters of both cases, digits, punctuation around and inside words, non-ASCII letters and
        /// marks, runs of spaces.
        #[test]
        fn each_word_agrees_with_the_vote_keys(text in "([a-zA-Z0-9]{1,6}|[.,'\"()\\-]{1,2}|[éÉß’\u{301}]| {1,3}){0,40}") {
            let mut seen = Vec::new();
            each_word(&text, |range, hash| seen.push((range, hash)));
            let expected: Vec<(Range<usize>, u64)> =
                words(&text).into_iter().map(|range| (range.clone(), key_hash(&vote_key(&text[range])))).collect();
            proptest::prop_assert_eq!(seen, expected);
        }
    }

    #[test]
    fn sliced_tokens_give_the_same_similarity() {
        let text = "One  two, three\u{a0}four five six seven";
        let needle = "two three four six";
        let needle_tokens: Vec<&str> = diff_tokens(needle).into_iter().map(|t| &needle[t]).collect();
        let tokens = diff_tokens(text);
        for (start, end) in [(5, 15), (0, 3), (10, 28), (5, text.len())] {
            let expected = similarity(needle, &text[start..end]);
            assert_eq!(similarity_in(needle, &needle_tokens, text, &tokens, start..end), expected, "{start}..{end}");
        }
    }

    #[test]
    fn candidates_are_the_best_windows_apart() {
        let s = source("a.txt", "a b c x y z a b c q q q q q q a b d");
        let needle = Needle::new("a b c").unwrap();
        let picked = source_candidates(&needle, &s, 0);
        let firsts: Vec<(usize, usize)> = picked.iter().map(|c| (c.first_word, c.score)).collect();
        assert_eq!(firsts, [(0, 3), (6, 3), (14, 2), (10, 0)]);
        assert_eq!(threshold(3, 1), 3);
        assert_eq!(threshold(12, 1), 9);
        assert_eq!(threshold(12, 3), 0);
    }

    /// A paragraph whose words repeat, for the properties below.
    const REPEATING: &str = "the leaders met for about three hours in Anchorage , but the meeting produced no agreement \
                             and the two leaders met again the next day for three hours ; the talks on the war went \
                             on for hours in Anchorage and the leaders said the war would end , the leaders met";

    /// A fixed sequence of pseudo-random numbers below a bound (an LCG: the tests stay the same run to run).
    struct Draws(u64);

    impl Draws {
        fn below(&mut self, bound: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize % bound
        }

        /// A run of `words` with one word replaced by another of them, and, with `drop`, sometimes one dropped.
        fn misquote(&mut self, words: &[&str], drop: bool) -> String {
            let len = 1 + self.below(12);
            let first = self.below(words.len() - len);
            let mut quote: Vec<&str> = words[first..first + len].to_vec();
            quote[self.below(len)] = words[self.below(words.len())];
            if drop && self.below(2) == 0 {
                quote.remove(self.below(len));
            }
            quote.join(" ")
        }
    }

    #[test]
    fn candidates_around_the_hits_are_the_picks_above_the_bound() {
        let s = source("a.txt", REPEATING);
        let words: Vec<&str> = REPEATING.split(' ').collect();
        let mut draws = Draws(7);
        for _ in 0..300 {
            let quote = draws.misquote(&words, false);
            let needle = Needle::new(&quote).unwrap();
            // The hits of some of the needle's keys, and the bound of the windows holding none of them.
            let mut keys: Vec<&String> = needle.keys.keys().collect();
            keys.sort();
            let chosen: Vec<&String> = keys.into_iter().filter(|_| draws.below(2) == 0).collect();
            let need: usize = chosen.iter().map(|key| needle.keys[*key].1).sum();
            let hits: Vec<usize> =
                (0..words.len()).filter(|at| chosen.iter().any(|key| vote_key(words[*at]) == **key)).collect();
            let above = needle.width - need;
            let mut expected = source_candidates(&needle, &s, 0);
            expected.retain(|pick| pick.score > above);
            assert_eq!(candidates_around(&needle, &s, 0, hits, above), expected, "{quote:?} {chosen:?}");
        }
    }

    #[test]
    fn skipping_alignments_by_their_bound_changes_no_passage() {
        let s = source("a.txt", REPEATING);
        let words: Vec<&str> = REPEATING.split(' ').collect();
        let mut draws = Draws(11);
        for _ in 0..80 {
            let quote = draws.misquote(&words, true);
            let Some(needle) = Needle::new(&quote) else { continue };
            let best = source_candidates(&needle, &s, 0);
            // Several passages are aligned without skipping any: the first is the one passage.
            let all = align_all(&needle, &best, &[&s], CANDIDATES);
            assert_eq!(align_all(&needle, &best, &[&s], 1).first(), all.first(), "{quote:?}");
        }
    }

    #[test]
    fn similarity_is_one_for_equal_texts() {
        assert_eq!(similarity("a b c", "a b c"), 1.0);
        assert!(similarity("a b c", "x y z") < 0.5);
    }
}

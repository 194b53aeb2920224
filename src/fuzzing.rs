//! The invariants the fuzz targets check, as plain functions that `cargo test` runs too.
//!
//! Assertion files and sources come from strangers, so the stages that read them must hold their promises on
//! any input, not only on the seeds. Each `check_*` function runs one stage on arbitrary input and returns a
//! [`Violation`] when a promise is broken; a panic inside the stage is a failure as well. The cargo-fuzz targets
//! in `fuzz/` are shims that call these functions and panic on a violation, and `tests/regressions.rs` runs the
//! same functions over a corpus of inputs and over every crasher the fuzzers found, so CI exercises them on a
//! stable toolchain without cargo-fuzz.
//!
//! - [`check_assertion_load`]: loading never panics; every diagnostic is located inside the text, and prints
//!   as one safe line.
//! - [`check_normalize`]: every normalized range maps back into the original on character boundaries and
//!   round-trips through `normalized_range` (to a range that covers it and maps back to itself); whole words
//!   map back to original text that normalizes to them; normalization is idempotent; the original, which is
//!   not kept, is rebuilt exactly, whole and in any range.
//! - [`check_source`]: a [`Source`], which keeps no original, locates every offset and tells paragraph breaks
//!   as a [`LineIndex`] and a blank-line search over the original itself do.
//! - [`check_quote_match`]: the [`Finder`] of a quote finds what a naive search over the normalized text, with
//!   whole-word edges, finds first (and, ignoring case, at least that on ASCII text).
//! - [`check_sentences`]: sentences are ordered, non-overlapping, trimmed, on character boundaries, cover every
//!   non-space character and never span a blank line.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::assertion::Matcher;
use crate::assertion::load::parse_file;
use crate::corpus::normalize::{normalize, normalize_fragment};
use crate::corpus::{Corpus, CorpusConfig, Source, sentences};
use crate::evidence::matching::Finder;
use crate::limits::{Limits, MAX_PROBLEMS_PER_FILE};
use crate::location::LineIndex;
use crate::report::style::is_unsafe;

/// A broken promise: what was expected, on which input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Violation {}

/// `Err(Violation)` with a formatted message unless `condition` holds.
macro_rules! ensure {
    ($condition:expr, $($message:tt)+) => {
        if !$condition {
            return Err(Violation(format!($($message)+)));
        }
    };
}

/// The name assertion files are loaded under.
const FILE: &str = "fuzz/input.toml";

/// Loads `text` as an assertion file and checks what the loader promises.
pub fn check_assertion_load(text: &str) -> Result<(), Violation> {
    let limits = Limits::default();
    let lines: Vec<&str> = text.split('\n').collect();
    let within = |line: usize, column: usize| {
        line >= 1 && line <= lines.len() && column >= 1 && column <= lines[line - 1].chars().count() + 1
    };
    let located = |diagnostics: &[crate::diagnostic::Diagnostic]| -> Result<(), Violation> {
        let count = diagnostics.len();
        ensure!((1..=MAX_PROBLEMS_PER_FILE).contains(&count), "{count} diagnostics");
        for diagnostic in diagnostics {
            let at = diagnostic.location;
            ensure!(diagnostic.file == FILE, "the diagnostic names {:?}", diagnostic.file);
            ensure!(within(at.line, at.column), "diagnostic at {at} outside the text: {diagnostic}");
            let shown = diagnostic.to_string();
            ensure!(shown.starts_with(&format!("{FILE}:{at}: ")), "diagnostic shown as {shown:?}");
            ensure!(is_safe_line(&shown), "diagnostic not safe to print: {shown:?}");
        }
        Ok(())
    };
    match parse_file(FILE, text, &limits) {
        Ok(file) => {
            ensure!(!file.tests().is_empty(), "a file loaded without claims");
            for claim in &file.claims {
                ensure!(claim.name == format!("fuzz/input::{}", claim.id), "claim name {:?}", claim.name);
                ensure!(within(claim.location.line, claim.location.column), "claim at {}", claim.location);
                ensure!(
                    !claim.evidence.is_empty() && claim.evidence.len() <= limits.max_evidence_per_claim,
                    "{} evidence items",
                    claim.evidence.len()
                );
                for item in &claim.evidence {
                    ensure!(within(item.location.line, item.location.column), "evidence at {}", item.location);
                    if let Matcher::Quote { normalized, .. } = &item.matcher {
                        ensure!(!normalized.is_empty(), "an empty quote loaded");
                        ensure!(normalized.chars().count() <= limits.max_quote_chars, "a quote over the limit loaded");
                    }
                }
            }
            // A malformed claim is a test of its own, named in the file, safe to print, with its problems located.
            for claim in &file.malformed {
                ensure!(claim.name.starts_with("fuzz/input::"), "malformed claim name {:?}", claim.name);
                ensure!(is_safe_line(&claim.name), "malformed claim name not safe to print: {:?}", claim.name);
                ensure!(within(claim.location.line, claim.location.column), "claim at {}", claim.location);
                located(&claim.diagnostics)?;
            }
            let mut names: Vec<&str> = file
                .claims
                .iter()
                .map(|claim| claim.name.as_str())
                .chain(file.malformed.iter().map(|claim| claim.name.as_str()))
                .collect();
            names.sort_unstable();
            ensure!(names.windows(2).all(|pair| pair[0] != pair[1]), "two tests share a name: {names:?}");
        }
        Err(error) => {
            ensure!(error.file == FILE, "the error names {:?}", error.file);
            located(&error.diagnostics)?;
        }
    }
    Ok(())
}

/// Whether `line` is safe to print as one line of a terminal or a CI log.
fn is_safe_line(line: &str) -> bool {
    !line.chars().any(is_unsafe) && !line.trim_start().starts_with("::") && !line.contains("##[")
}

/// Normalizes `original` and checks the offset map and idempotence.
pub fn check_normalize(original: &str) -> Result<(), Violation> {
    let normalized = normalize(original);
    let text = &normalized.text;
    let again = normalize(text);
    ensure!(again.text == *text, "not idempotent: {text:?} normalizes to {:?}", again.text);
    ensure!(!text.contains("  "), "a run of spaces survived in {text:?}");
    ensure!(!text.chars().any(|c| c.is_whitespace() && c != ' '), "white space other than ' ' in {text:?}");

    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let on_boundary = |offset: usize| offset <= original.len() && original.is_char_boundary(offset);
    let mut last_start = 0;
    for (index, &start) in boundaries.iter().enumerate() {
        // Every empty range, every one-character range and the range to the end.
        for end in [start, boundaries.get(index + 1).copied().unwrap_or(start), text.len()] {
            let range = start..end;
            let back = normalized.original_range(range.clone());
            ensure!(
                on_boundary(back.start) && on_boundary(back.end) && back.start <= back.end,
                "{range:?} maps to {back:?}, not a range of the original on character boundaries"
            );
            let there = normalized.normalized_range(back.clone());
            // What a changed segment made ("ﬁ" made "fi") maps back to the whole segment, so the way back
            // covers the range; an empty range inside such a segment has no exact place to go back to.
            ensure!(
                range.is_empty() || (there.start <= range.start && range.end <= there.end),
                "{range:?} maps to {back:?}, which maps back to {there:?}: it does not round-trip"
            );
            let fixpoint = normalized.normalized_range(normalized.original_range(there.clone()));
            ensure!(fixpoint == there, "{there:?} is not a fixed point of the round trip (got {fixpoint:?})");
        }
        let back = normalized.original_range(start..start);
        ensure!(back.start >= last_start, "original offsets go backwards at normalized offset {start}");
        last_start = back.start;
    }
    ensure!(normalized.original_text() == original, "the original rebuilt is {:?}", normalized.original_text());
    for start in 0..=original.len() {
        for end in [start + 1, start + 3, original.len()] {
            let expected = original.as_bytes().get(start..end.min(original.len())).unwrap_or_default();
            let rebuilt = normalized.original_bytes(start..end);
            ensure!(*rebuilt == *expected, "bytes {start}..{end} rebuilt as {rebuilt:?}, not {expected:?}");
        }
    }
    for word in word_ranges(text) {
        let back = normalized.original_range(word.clone());
        ensure!(normalized.original(back.clone()) == original[back.clone()], "{back:?} is not rebuilt as it was");
        let renormalized = normalize_fragment(&original[back.clone()]);
        ensure!(
            renormalized == text[word.clone()],
            "the word {:?} at {word:?} maps back to {:?}, which normalizes to {renormalized:?}",
            &text[word.clone()],
            &original[back]
        );
    }
    Ok(())
}

/// The ranges of the words of a normalized text (its non-empty runs between spaces).
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = 0;
    for word in text.split(' ') {
        if !word.is_empty() {
            words.push(start..start + word.len());
        }
        start += word.len() + 1;
    }
    words
}

/// An empty corpus: what a [`Finder`] needs for aliases, none of which a quote uses.
fn empty_corpus() -> &'static Corpus {
    static EMPTY: OnceLock<Corpus> = OnceLock::new();
    EMPTY.get_or_init(|| {
        let root: PathBuf = std::env::temp_dir().join(format!("factcheck-fuzzing-{}", std::process::id()));
        // The corpus lists its sources when it is opened and never reads its root again; the directory is
        // removed at once. Failing to create it is a broken test machine, not an input to report.
        std::fs::create_dir_all(&root).expect("a temporary directory can be created");
        let corpus = Corpus::with_config(&root, CorpusConfig::default()).expect("an empty directory is a corpus");
        let _ = std::fs::remove_dir(&root);
        corpus
    })
}

/// Searches `source` for `quote` with the [`Finder`] and checks it against a naive search.
pub fn check_quote_match(original: &str, quote: &str) -> Result<(), Violation> {
    let needle = normalize_fragment(quote);
    if needle.is_empty() {
        return Ok(()); // refused when an assertion file is loaded
    }
    let source = Source::new("fuzz.txt".to_owned(), original.to_owned(), &CorpusConfig::default());
    let text = source.text();
    let matcher = Matcher::Quote { text: quote.to_owned(), normalized: needle.clone() };

    let found = Finder::new(&matcher, false, empty_corpus()).find(&source).found;
    let expected = naive_find(&source, original, &needle, |a, b| a == b);
    ensure!(found == expected, "quote {needle:?} in {text:?}: the finder says {found:?}, a naive search {expected:?}");

    let found_ignoring_case = Finder::new(&matcher, true, empty_corpus()).find(&source).found;
    if let Some(range) = &found_ignoring_case {
        ensure!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end) && range.end <= text.len(),
            "ignoring case, {range:?} is not a range of {text:?}"
        );
        ensure!(naive_word_edges(text, range), "ignoring case, {range:?} of {text:?} is inside a word");
    }
    if text.is_ascii() && needle.is_ascii() {
        let expected = naive_find(&source, original, &needle, |a, b| a.eq_ignore_ascii_case(b));
        ensure!(
            found_ignoring_case == expected,
            "quote {needle:?} in {text:?} ignoring case: the finder says {found_ignoring_case:?}, a naive search \
             {expected:?}"
        );
    }
    Ok(())
}

/// The first occurrence of `needle` in the normalized text of `source` at whole-word edges and within one
/// paragraph (its `original` text holds no blank line), trying every character boundary in turn.
fn naive_find(
    source: &Source,
    original: &str,
    needle: &str,
    same: impl Fn(&str, &str) -> bool,
) -> Option<Range<usize>> {
    let text = source.text();
    text.char_indices()
        .map(|(start, _)| start..start + needle.len())
        .filter(|range| range.end <= text.len() && text.is_char_boundary(range.end))
        .find(|range| {
            same(&text[range.clone()], needle)
                && naive_word_edges(text, range)
                && naive_one_paragraph(source, original, range)
        })
}

/// Whether the original of a normalized range holds no blank line (nor a line of white space), read from the
/// `original` text itself rather than from what the source keeps of it.
fn naive_one_paragraph(source: &Source, original: &str, range: &Range<usize>) -> bool {
    let original = &original[source.normalized.original_range(range.clone())];
    let lines: Vec<&str> = original.split('\n').collect();
    lines.len() < 3 || lines[1..lines.len() - 1].iter().all(|line| line.chars().any(|c| !c.is_whitespace()))
}

/// Builds a [`Source`] of `original` and checks what it computes from the original it does not keep: the line
/// and column of every normalized offset, and whether every range of the normalized text crosses a paragraph,
/// against a [`LineIndex`] and `naive_one_paragraph` over `original` itself.
pub fn check_source(original: &str) -> Result<(), Violation> {
    let source = Source::new("fuzz.txt".to_owned(), original.to_owned(), &CorpusConfig::default());
    let text = source.text();
    let lines = LineIndex::new(original);
    for offset in 0..=text.len() + 1 {
        let expected = lines.locate(original, source.normalized.map.to_original_start(offset));
        let located = source.locate(offset);
        ensure!(located == expected, "offset {offset} of {text:?} is located at {located}, not {expected}");
    }
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    for (index, &start) in boundaries.iter().enumerate() {
        for &end in &boundaries[index..] {
            let range = start..end;
            let expected = !naive_one_paragraph(&source, original, &range);
            ensure!(
                source.crosses_paragraph(&range) == expected,
                "{range:?} of {text:?}: crosses a paragraph is {}, not {expected}",
                !expected
            );
        }
    }
    Ok(())
}

/// Whether `range` of `text` starts and ends at word edges: a word character at an edge of the match must not
/// have a word character next to it outside. Written out separately from the finder's own check on purpose.
fn naive_word_edges(text: &str, range: &Range<usize>) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inside = &text[range.clone()];
    let (first, last) = (inside.chars().next(), inside.chars().last());
    let (before, after) = (text[..range.start].chars().last(), text[range.end..].chars().next());
    let clean_start = !(first.is_some_and(word) && before.is_some_and(word));
    let clean_end = !(last.is_some_and(word) && after.is_some_and(word));
    clean_start && clean_end
}

/// Splits `text` into sentences and checks their ranges, in the original and in the normalized text.
pub fn check_sentences(text: &str) -> Result<(), Violation> {
    let space = |c: char| c.is_whitespace() || c == '\u{FEFF}';
    let mut covered = 0;
    for range in sentences::split(text) {
        ensure!(range.start < range.end, "empty sentence {range:?}");
        ensure!(covered <= range.start, "sentence {range:?} overlaps the one before, or comes before it");
        ensure!(
            range.end <= text.len() && text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "sentence {range:?} is not on character boundaries"
        );
        let sentence = &text[range.clone()];
        ensure!(sentence == sentence.trim_matches(space), "sentence {sentence:?} is not trimmed");
        ensure!(text[covered..range.start].chars().all(space), "text between sentences was lost before {range:?}");
        let mut lines = sentence.split('\n');
        ensure!(lines.all(|line| !line.trim_matches(space).is_empty()), "sentence {sentence:?} spans a blank line");
        covered = range.end;
    }
    ensure!(text[covered..].chars().all(space), "text after the last sentence was lost");

    let source = Source::new("fuzz.txt".to_owned(), text.to_owned(), &CorpusConfig::default());
    let normalized = source.text();
    let mut covered = 0;
    for sentence in source.sentences() {
        let range = &sentence;
        ensure!(range.start < range.end && covered <= range.start, "normalized sentence {range:?} out of order");
        ensure!(
            range.end <= normalized.len()
                && normalized.is_char_boundary(range.start)
                && normalized.is_char_boundary(range.end),
            "normalized sentence {range:?} is not on character boundaries"
        );
        covered = range.end;
    }
    // The source keeps each sentence's normalized range and derives its original one: both are the split's.
    let expected: Vec<(Range<usize>, Range<usize>)> = sentences::split(text)
        .into_iter()
        .map(|original| (source.normalized.normalized_range(original.clone()), original))
        .filter(|(normalized, _)| !normalized.is_empty())
        .collect();
    ensure!(
        source.sentences().len() == expected.len(),
        "the source has {} sentences, not {}",
        source.sentences().len(),
        expected.len()
    );
    for (index, (normalized, original)) in expected.into_iter().enumerate() {
        let kept = (source.sentences().at(index), source.sentence_original(index));
        ensure!(
            kept == (normalized.clone(), original.clone()),
            "sentence {index} is {kept:?}, split as {normalized:?} of {original:?}"
        );
    }
    Ok(())
}

/// The input of the `quote_match` target: the quote, then the source, split at the first `0xFF` byte (never
/// part of UTF-8); without one, the first line is the quote.
pub fn split_quote_input(data: &[u8]) -> (String, String) {
    let (quote, source) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => match data.iter().position(|&b| b == b'\n') {
            Some(at) => (&data[..at], &data[at + 1..]),
            None => (data, &data[..0]),
        },
    };
    (String::from_utf8_lossy(quote).into_owned(), String::from_utf8_lossy(source).into_owned())
}

//! Per-source filters: which sources may contain a key, for an index that does not know its keys in advance;
//! and their layout on disk, transposed, so that a key reads a few rows instead of every filter.
//!
//! The literal index finds the keys of a known set of claims in one pass over the corpus. A trial run alone
//! ([`super::stored`]) does not know which claims the next process will check, so the stored index keeps, for
//! each source, a Bloom filter of its normalized text, ASCII-lowercased. Two kinds of probe go in:
//!
//! - **Every three-byte window.** A source that contains a key (ASCII case-insensitively, as the literal index
//!   compares) contains each of the key's windows.
//! - **Every word**, a maximal run of ASCII letters and digits, **and every two words separated by one
//!   space**, with three probes each. A key's windows are often all common ("intrusted": int, ntr, tru, rus,
//!   ust, ste, ted) while the word is rare, or its words all common while two of them side by side are not
//!   ("they budget"). A quote or a term matches only at word edges, so each of its words that is bounded
//!   within it (by a character that is not a letter or digit, or by a word edge of the match) is a whole word
//!   of the source too, and so is each pair of them one space apart ([`super::Key::words`]).
//!
//! So a source that holds a key has every bit of the key's probes: the filter never rules out a source that
//! holds the key. It may keep one that does not (the bits were set by other probes); that only costs a search.
//!
//! A filter is built with four bits a probe and then folded in half (`bit i` OR `bit i + m/2`,
//! which is the filter the same probes would have made with `m/2` bits) while at most a quarter of its bits
//! are set: at most one in four probes a source does not hold passes it, so a key of four bytes (two windows)
//! keeps at most 6% of the sources that lack it, a key of ten (eight windows) almost none, and a word or a pair
//! of words at most one in 64.
//!
//! **Transposed.** A process checking one claim needs a key's probes in every source. Stored source by source,
//! that is every filter (a third of a byte per byte of corpus); so the sources whose filters have the same
//! number of bits form a class, and each class is stored bit by bit: for each bit, the row of its members'
//! bits, with a checksum. A key reads one row per probe and class, a few kilobytes ([`Layout`], [`any_of`]).

use std::ops::Range;

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// The smallest filter, in bits.
const MIN_BITS: usize = 64;
/// The largest filter, in bits: a source of `max_source_bytes` stays well below it.
const MAX_BITS: usize = 1 << 40;
/// How many probes a word sets.
const WORD_PROBES: u32 = 3;
/// The bytes of a row's checksum, before its bits.
const CHECKSUM: usize = 8;

/// The probe of a window (three ASCII-lowercased bytes): a filter of `bits` bits sets `probe & (bits - 1)`.
fn window_probe(window: &[u8]) -> u64 {
    let packed = u64::from(window[0]) << 16 | u64::from(window[1]) << 8 | u64::from(window[2]);
    packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 29
}

/// The probes of a word or a pair of words (ASCII-lowercased), from independent parts of one hash.
fn word_probes(word: &[u8]) -> impl Iterator<Item = u64> {
    let hash = xxh3_64_with_seed(word, 0x5EED);
    (0..WORD_PROBES).map(move |i| hash >> (21 * i))
}

/// The maximal runs of ASCII letters and digits of `text`.
fn runs(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && !text[at].is_ascii_alphanumeric() {
            at += 1;
        }
        let start = at;
        while at < text.len() && text[at].is_ascii_alphanumeric() {
            at += 1;
        }
        (start < at).then_some(start..at)
    })
}

/// Whether the words `first` and `next` of `text` are one space apart: a pair, for the probes.
fn one_space_apart(text: &[u8], first: &Range<usize>, next: &Range<usize>) -> bool {
    first.end + 1 == next.start && text[first.end] == b' '
}

/// The words (maximal runs of ASCII letters and digits, ASCII-lowercased) of `text` that every match of it
/// holds whole, when a match starts and ends at word edges, and the pairs of them one space apart (`b"they
/// budget"`). Whole are the runs bounded on each side by an ASCII character that is neither letter nor digit,
/// or by an end of `text` (where the match's edge is a word edge). A run next to a non-ASCII character is left
/// out: that character could match an ASCII letter case-insensitively (the Kelvin sign, the long s).
pub(crate) fn whole_words(text: &str) -> Vec<Vec<u8>> {
    let bytes = text.as_bytes();
    let bounded = |at: Option<&u8>| at.is_none_or(u8::is_ascii);
    let whole: Vec<Range<usize>> = runs(bytes)
        .filter(|run| bounded(run.start.checked_sub(1).and_then(|i| bytes.get(i))) && bounded(bytes.get(run.end)))
        .collect();
    let pairs = whole.windows(2).filter(|pair| one_space_apart(bytes, &pair[0], &pair[1]));
    let mut words: Vec<Vec<u8>> = whole
        .iter()
        .cloned()
        .chain(pairs.map(|pair| pair[0].start..pair[1].end))
        .map(|run| bytes[run].to_ascii_lowercase())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The probes of a key: its windows (compared ASCII case-insensitively) and its whole `words`. No probes (a key
/// shorter than a window, with no word) rules nothing out.
pub(super) fn probes(key: &[u8], words: &[Vec<u8>]) -> Vec<u64> {
    let lower = key.to_ascii_lowercase();
    let mut probes: Vec<u64> = lower.windows(3).map(window_probe).collect();
    probes.extend(words.iter().flat_map(|word| word_probes(word)));
    probes.sort_unstable();
    probes.dedup();
    probes
}

/// The filter of one normalized text, as bytes (its length in bits is a power of two, at least [`MIN_BITS`]).
pub(super) fn build(text: &str) -> Vec<u8> {
    let lower = text.as_bytes().to_ascii_lowercase();
    let mut probes: Vec<u64> = lower.windows(3).map(window_probe).collect();
    let words: Vec<Range<usize>> = runs(&lower).collect();
    probes.reserve(words.len() * 2 * WORD_PROBES as usize);
    for (at, word) in words.iter().enumerate() {
        probes.extend(word_probes(&lower[word.clone()]));
        // The pair it starts, when the next word is one space on.
        if let Some(next) = words.get(at + 1).filter(|next| one_space_apart(&lower, word, next)) {
            probes.extend(word_probes(&lower[word.start..next.end]));
        }
    }
    // Four bits a probe: at most a quarter set already, so folding from here ends where it would from larger.
    let mut bits = (probes.len() * 4).next_power_of_two().max(MIN_BITS);
    let mut filter = vec![0u8; bits / 8];
    for probe in probes {
        let at = probe as usize & (bits - 1);
        filter[at / 8] |= 1 << (at % 8);
    }
    // Fold while the half-size filter would have at most a quarter of its bits set.
    while bits > MIN_BITS {
        let half = bits / 2;
        let folded: Vec<u8> = (0..half / 8).map(|i| filter[i] | filter[i + half / 8]).collect();
        let set: u32 = folded.iter().map(|byte| byte.count_ones()).sum();
        if set as usize * 4 > half {
            break;
        }
        filter = folded;
        bits = half;
    }
    filter
}

/// Where each class of sources (those whose filters have the same number of bits) keeps its rows, in the
/// transposed filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    classes: Vec<Class>,
    /// The bytes of each source's filter, by id.
    lengths: Vec<usize>,
    len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Class {
    /// The bits of each member's filter.
    bits: usize,
    /// The ids of its sources, ascending: member `j` is bit `j` of each row.
    members: Vec<u32>,
    /// Where its rows start in the transposed filters.
    start: usize,
}

impl Class {
    /// A row: its checksum, then a bit per member.
    fn row_len(&self) -> usize {
        CHECKSUM + self.members.len().div_ceil(8)
    }
}

impl Layout {
    /// The layout of filters of `lengths` bytes, by source id (0 for a source without one); `None` when a
    /// length is not one [`build`] makes.
    pub(super) fn new(lengths: &[usize]) -> Option<Layout> {
        let mut bits: Vec<usize> = Vec::new();
        for length in lengths.iter().filter(|length| **length > 0) {
            let of = length.checked_mul(8)?;
            if !(MIN_BITS..=MAX_BITS).contains(&of) || !of.is_power_of_two() {
                return None;
            }
            bits.push(of);
        }
        bits.sort_unstable();
        bits.dedup();
        let mut classes: Vec<Class> =
            bits.into_iter().map(|bits| Class { bits, members: Vec::new(), start: 0 }).collect();
        for (id, length) in lengths.iter().enumerate().filter(|(_, length)| **length > 0) {
            let class = classes.binary_search_by_key(&(length * 8), |class| class.bits).ok()?;
            classes[class].members.push(u32::try_from(id).ok()?);
        }
        let mut len = 0usize;
        for class in &mut classes {
            class.start = len;
            len = len.checked_add(class.bits.checked_mul(class.row_len())?)?;
        }
        Some(Layout { classes, lengths: lengths.to_vec(), len })
    }

    /// The bytes of each source's filter, by id (as [`Layout::new`] was given them).
    pub(super) fn lengths(&self) -> &[usize] {
        &self.lengths
    }

    /// The bytes of the transposed filters.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The transposed filters of `filters` (by source id, as [`Layout::new`] was given their lengths), made on
    /// `threads` threads.
    ///
    /// Each thread fills slabs of consecutive rows (of whole bytes of the filters), which no other writes to.
    /// A slab of a few hundred rows stays in cache while every member's bits are scattered into it: filling all
    /// rows at once, one member after another, missed the cache at nearly every bit.
    pub(super) fn transpose(&self, filters: &[Vec<u8>], threads: usize) -> Vec<u8> {
        /// Rows per slab: a multiple of 8, so that a slab is whole bytes of each filter.
        const SLAB_ROWS: usize = 256;
        let mut out = vec![0u8; self.len];
        // (class, first row, its rows)
        let mut slabs: Vec<(&Class, usize, &mut [u8])> = Vec::new();
        let mut rest = &mut out[..];
        for class in &self.classes {
            let row_len = class.row_len();
            // The classes' rows follow each other, in order, from the start.
            let (rows, after) = std::mem::take(&mut rest).split_at_mut(class.bits * row_len);
            rest = after;
            for (i, slab) in rows.chunks_mut(SLAB_ROWS * row_len).enumerate() {
                slabs.push((class, i * SLAB_ROWS, slab));
            }
        }
        crate::parallel::for_each_mut(&mut slabs, threads, |(class, first, slab)| {
            let row_len = class.row_len();
            // A class's bits are a power of two of at least `MIN_BITS` (64), so every slab, the last and shorter
            // one too, is whole bytes of its members' filters; and each member's filter has exactly the class's
            // bits (`Layout::new` put it in the class by its length), so these bytes are in it.
            let bytes = *first / 8..(*first + slab.len() / row_len) / 8;
            for (member, id) in class.members.iter().enumerate() {
                let filter = &filters[*id as usize][bytes.clone()];
                for (byte_at, byte) in filter.iter().enumerate().filter(|(_, byte)| **byte != 0) {
                    let mut byte = *byte;
                    while byte != 0 {
                        let row = byte_at * 8 + byte.trailing_zeros() as usize;
                        byte &= byte - 1;
                        slab[row * row_len + CHECKSUM + member / 8] |= 1 << (member % 8);
                    }
                }
            }
            for row in slab.chunks_exact_mut(row_len) {
                let checksum = xxh3_64(&row[CHECKSUM..]);
                row[..CHECKSUM].copy_from_slice(&checksum.to_le_bytes());
            }
        });
        out
    }

    /// Where row `bit` of class `class` is in the transposed filters, checksum first.
    pub(super) fn row(&self, class: usize, bit: usize) -> Range<usize> {
        let class = &self.classes[class];
        let start = class.start + bit * class.row_len();
        start..start + class.row_len()
    }
}

/// Whether a row (as [`Layout::row`] locates it) matches its checksum.
pub(super) fn row_is_intact(row: &[u8]) -> bool {
    row.len() >= CHECKSUM && row[..CHECKSUM] == xxh3_64(&row[CHECKSUM..]).to_le_bytes()
}

/// The ids of the sources, ascending, whose filters may hold one of `alternatives` (each a key's [`probes`]),
/// reading the rows they need with `row` (class, bit; the row as [`Layout::row`] locates it); `None` when a
/// row cannot be read.
pub(super) fn any_of(
    layout: &Layout,
    alternatives: &[Vec<u64>],
    mut row: impl FnMut(usize, usize) -> Option<Vec<u8>>,
) -> Option<Vec<u32>> {
    let mut kept = Vec::new();
    for (at, class) in layout.classes.iter().enumerate() {
        let mut passed = vec![0u8; class.members.len().div_ceil(8)];
        for probes in alternatives {
            let mut bits: Vec<usize> = probes.iter().map(|probe| *probe as usize & (class.bits - 1)).collect();
            bits.sort_unstable();
            bits.dedup();
            let mut all = vec![0xFFu8; passed.len()];
            for bit in bits {
                let row = row(at, bit)?;
                for (all, byte) in all.iter_mut().zip(row.get(CHECKSUM..)?) {
                    *all &= byte;
                }
            }
            for (passed, all) in passed.iter_mut().zip(all) {
                *passed |= all;
            }
        }
        kept.extend(
            class.members.iter().enumerate().filter(|(j, _)| passed[j / 8] & (1 << (j % 8)) != 0).map(|(_, id)| *id),
        );
    }
    kept.sort_unstable();
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a lone filter (not transposed) may hold a key.
    fn may_contain(filter: &[u8], key: &[u8], words: &[Vec<u8>]) -> bool {
        let layout = Layout::new(&[filter.len()]).expect("a filter build makes");
        let transposed = layout.transpose(&[filter.to_vec()], 1);
        any_of(&layout, &[probes(key, words)], |class, bit| Some(transposed[layout.row(class, bit)].to_vec()))
            .expect("rows in memory")
            == [0]
    }

    #[test]
    fn a_filter_never_rules_out_a_key_its_text_holds() {
        let text = "The two leaders met for nearly three hours in Anchorage, Alaska. Zelenskiy’s aide said (so).";
        let filter = build(text);
        for start in 0..text.len() {
            for end in start + 1..=text.len().min(start + 40) {
                let Some(key) = text.get(start..end) else { continue };
                // Words are probed only where a match would start and end at word edges.
                let edge = |at: usize| {
                    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
                        || !text[at..].chars().next().is_some_and(char::is_alphanumeric)
                };
                let words = if edge(start) && edge(end) { whole_words(key) } else { Vec::new() };
                assert!(may_contain(&filter, key.as_bytes(), &words), "{key:?} {words:?}");
                assert!(may_contain(&filter, key.to_ascii_uppercase().as_bytes(), &words), "{key:?}");
            }
        }
    }

    #[test]
    fn a_filter_rules_out_most_keys_its_text_lacks() {
        let text = "The two leaders met for nearly three hours in Anchorage, Alaska, and agreed on nothing.";
        let filter = build(text);
        assert!((filter.len() * 8).is_power_of_two());
        let absent = ["Zelenskiy", "ceasefire", "Budapest", "quixotic", "Moscow", "sanctions", "Kremlin", "Kyiv"];
        let passed = absent.iter().filter(|key| may_contain(&filter, key.as_bytes(), &[])).count();
        assert!(passed <= 1, "{passed} of {} absent keys passed", absent.len());
        assert!(may_contain(&filter, b"ab", &[]), "a key shorter than a window tells nothing");
    }

    #[test]
    fn a_word_made_of_common_windows_is_ruled_out_by_its_word_probes() {
        // Every window of "thereon" (the, her, ere, reo, eon) is in the text, but the word is not.
        let text = "Where is the stereo? Over there, past the neon sign, thereafter.";
        let filter = build(text);
        assert!(may_contain(&filter, b"thereon", &[]), "its windows alone pass");
        assert!(!may_contain(&filter, b"thereon", &whole_words("thereon")));
        assert!(may_contain(&filter, b"thereafter", &whole_words("thereafter")));
    }

    #[test]
    fn two_common_words_side_by_side_are_ruled_out_by_their_pair_probes() {
        let text = "They buy the budget; a budget they wrote, they bury it.";
        let filter = build(text);
        let quote = "they budget";
        assert!(may_contain(&filter, quote.as_bytes(), &[b"they".to_vec(), b"budget".to_vec()]), "its words pass");
        assert!(!may_contain(&filter, quote.as_bytes(), &whole_words(quote)));
        assert!(may_contain(&filter, b"A budget they", &whole_words("A budget they")));
    }

    #[test]
    fn whole_words_are_the_runs_bounded_within_the_text_or_by_its_ends() {
        let words =
            |text: &str| whole_words(text).into_iter().map(|w| String::from_utf8(w).unwrap()).collect::<Vec<_>>();
        assert_eq!(words("Intrusted"), ["intrusted"]);
        assert_eq!(words("the U.S. envoy's"), ["envoy", "s", "the", "the u", "u"]);
        assert_eq!(words("café society"), ["society"], "a run touching a non-ASCII character is left out");
        assert_eq!(words("well-known"), ["known", "well"]);
        assert_eq!(words("Now, is this  a"), ["a", "is", "is this", "now", "this"], "pairs are one space apart");
        assert!(words("—").is_empty());
    }

    #[test]
    fn transposed_filters_keep_exactly_the_sources_a_filter_keeps() {
        let texts = [
            "The two leaders met for nearly three hours in Anchorage.",
            "",
            "Zelenskiy said the ceasefire would hold.",
            include_str!("../../../tests/fixtures/news/seeds/000_fbb003d94346f9a6.txt"),
            "Budapest was named as the next venue for the leaders.",
        ];
        let filters: Vec<Vec<u8>> =
            texts.iter().map(|text| if text.is_empty() { Vec::new() } else { build(text) }).collect();
        let layout = Layout::new(&filters.iter().map(Vec::len).collect::<Vec<_>>()).expect("valid lengths");
        let transposed = layout.transpose(&filters, 3);
        assert_eq!(transposed.len(), layout.len());
        for key in ["leaders", "ceasefire", "Budapest", "three hours", "Anchorage", "xyzzy", "ab"] {
            let alternatives = [probes(key.as_bytes(), &whole_words(key))];
            let kept = any_of(&layout, &alternatives, |class, bit| {
                let row = &transposed[layout.row(class, bit)];
                assert!(row_is_intact(row));
                Some(row.to_vec())
            })
            .expect("rows in memory");
            let one_by_one: Vec<u32> = (0..texts.len() as u32)
                .filter(|id| {
                    let filter = &filters[*id as usize];
                    !filter.is_empty() && may_contain(filter, key.as_bytes(), &whole_words(key))
                })
                .collect();
            assert_eq!(kept, one_by_one, "{key}");
            for (id, text) in texts.iter().enumerate() {
                let (text, key) = (text.to_ascii_lowercase(), key.to_ascii_lowercase());
                let alphanumeric_at = |at: usize| text[at..].chars().next().is_some_and(char::is_alphanumeric);
                let after = |at: usize| text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
                let as_word = |(at, _): (usize, &str)| !after(at) && !alphanumeric_at(at + key.len());
                if text.match_indices(&key).any(as_word) {
                    assert!(kept.contains(&(id as u32)), "{key} is in source {id}");
                }
            }
        }
        assert!(!row_is_intact(&[0u8; 12]), "a row of zeros is not its own checksum");
    }

    /// Each row holds, for each member, its filter's bit: with classes of many slabs, on any number of threads.
    #[test]
    fn every_bit_of_every_filter_is_in_its_row() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut random_byte = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        };
        // Two classes of several slabs (8,192 and 2,048 bits), one of a single slab (64 bits), a source without.
        let lengths = [1024, 256, 8, 1024, 0, 256, 1024, 8, 256, 1024, 1024];
        let filters: Vec<Vec<u8>> = lengths.iter().map(|len| (0..*len).map(|_| random_byte()).collect()).collect();
        let layout = Layout::new(&lengths).expect("valid lengths");
        for threads in [1, 2, 5] {
            let transposed = layout.transpose(&filters, threads);
            for (class_at, class) in layout.classes.iter().enumerate() {
                for bit in 0..class.bits {
                    let row = &transposed[layout.row(class_at, bit)];
                    assert!(row_is_intact(row), "class {class_at}, bit {bit}");
                    for (member, id) in class.members.iter().enumerate() {
                        let in_filter = filters[*id as usize][bit / 8] & (1 << (bit % 8)) != 0;
                        let in_row = row[CHECKSUM + member / 8] & (1 << (member % 8)) != 0;
                        assert_eq!(in_row, in_filter, "{threads} threads, source {id}, bit {bit}");
                    }
                }
            }
        }
    }

    #[test]
    fn lengths_a_build_cannot_make_have_no_layout() {
        assert!(Layout::new(&[8, 0, 16]).is_some());
        assert!(Layout::new(&[12]).is_none(), "not a power of two");
        assert!(Layout::new(&[4]).is_none(), "below the smallest filter");
    }

    #[test]
    fn an_article_gets_a_filter_smaller_than_itself_with_a_quarter_of_its_bits_set() {
        let text = include_str!("../../../tests/fixtures/news/seeds/000_fbb003d94346f9a6.txt");
        let filter = build(text);
        let ratio = filter.len() as f64 / text.len() as f64;
        assert!((0.1..0.8).contains(&ratio), "{ratio}");
        let set: u32 = filter.iter().map(|byte| byte.count_ones()).sum();
        assert!(set as usize * 4 <= filter.len() * 8, "at most a quarter of the bits set: {set}");
        assert!(set as usize * 16 > filter.len() * 8, "folded as far as it goes: {set}");
    }
}

//! Normalization of text before comparison, with a map back to the original.
//!
//! Sources are typeset (curly quotes, em dashes, no-break spaces, CRLF) while contributors type on keyboards.
//! Both sides are normalized the same way before they are compared (format spec, "Normalization"):
//!
//! 1. Unicode NFKC;
//! 2. curly quotes and primes become `'` and `"`; hyphen-like dashes become `-`;
//! 3. every run of white space becomes one space;
//! 4. a byte order mark, zero-width spaces, word joiners and soft hyphens are dropped (they are invisible, and
//!    a quote typed by a person never contains them).
//!
//! Matching happens on the normalized text, but people open the original file, so [`Normalized`] keeps an
//! [`OffsetMap`] from every normalized byte back to the original bytes it came from. The map is a list of
//! segments rather than one entry per byte: text that normalization leaves alone (nearly all of it) is one
//! identity segment, so the map costs a few bytes per *change*, not per byte of corpus.
//!
//! The original text itself is not kept: the map also holds the original bytes that normalization changed or
//! dropped (line breaks and runs of white space, curly quotes, dashes, invisible characters: a few bytes per
//! change), so [`Normalized::original`] rebuilds any range of the original from them and the normalized text.
//! A source is then held in memory about once, not twice.
//!
//! NFKC is applied per segment of a starter character and the combining marks that follow it, which is what
//! lets each output character be traced to its input. This equals whole-text NFKC except for the rare
//! compositions across two starters (conjoining Hangul jamo), which stay decomposed.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::offsets::Offsets;
use unicode_normalization::char::canonical_combining_class;

/// A text after normalization, with the way back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Where each part of `text` came from in the original.
    pub map: OffsetMap,
}

/// Maps byte offsets of a normalized text to byte offsets of its original, and back.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Segments in increasing order of both offsets, each a maximal run where the normalized bytes either
    /// equal the original bytes (`identity`) or stand for the original range as a whole. The last entry is a
    /// sentinel holding both lengths. Held as columns, each offset in four bytes for any text below 4 GiB
    /// (see [`Segment`] for what each column holds): there are two segments for every line break of a
    /// source, and the map is kept as long as the source.
    segments: SegmentColumns,
    /// The original bytes the normalized text does not hold as they are, in order: the characters dropped
    /// before the first segment, then, for each segment, those of a changed segment, or the dropped characters
    /// after an identity segment's bytes.
    stored: String,
}

/// The segments of an [`OffsetMap`], a column per field of [`Segment`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SegmentColumns {
    normalized: Offsets,
    original: Offsets,
    stored: Offsets,
    identity: Box<[bool]>,
}

impl SegmentColumns {
    fn len(&self) -> usize {
        self.identity.len()
    }

    /// The segment at `index`, which must be below [`SegmentColumns::len`].
    fn at(&self, index: usize) -> Segment {
        Segment {
            normalized: self.normalized.at(index),
            original: self.original.at(index),
            stored: self.stored.at(index),
            identity: self.identity[index],
        }
    }

    fn first(&self) -> Option<Segment> {
        (self.len() > 0).then(|| self.at(0))
    }

    fn last(&self) -> Option<Segment> {
        self.len().checked_sub(1).map(|index| self.at(index))
    }

    /// Each segment from `first` on with the one after it.
    fn pairs(&self, first: usize) -> impl Iterator<Item = (Segment, Segment)> + '_ {
        (first..self.len().saturating_sub(1)).map(|index| (self.at(index), self.at(index + 1)))
    }
}

impl From<Vec<Segment>> for SegmentColumns {
    fn from(segments: Vec<Segment>) -> Self {
        SegmentColumns {
            normalized: segments.iter().map(|segment| segment.normalized).collect(),
            original: segments.iter().map(|segment| segment.original).collect(),
            stored: segments.iter().map(|segment| segment.stored).collect(),
            identity: segments.iter().map(|segment| segment.identity).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    normalized: usize,
    original: usize,
    /// Where this segment's bytes in `OffsetMap::stored` start (for the sentinel, the length of `stored`).
    stored: usize,
    identity: bool,
}

impl Normalized {
    /// Maps a range of the normalized text to the range of the original text it was made from.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map.to_original_start(range.start);
        let end = if range.end > range.start { self.map.to_original_end(range.end) } else { start };
        start..end.max(start)
    }

    /// Maps a range of the original text to the smallest range of the normalized text that covers it.
    pub fn normalized_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map.to_normalized_start(range.start);
        let end = self.map.to_normalized_end(range.end);
        start..end.max(start)
    }

    /// The original text normalization did not keep as it was, in order: each original range, with the
    /// normalized range `held` such that a normalized range `r` maps back to an original range holding it
    /// exactly when `r.start < held.end && held.start < r.end`. For a changed segment, `held` is the segment's
    /// own range; for the characters dropped after an identity segment (which may include white space, as in
    /// `a`, U+FEFF, `\n\n`), the empty range at the segment's end, which a range holds by running past it, or
    /// at the end of the text the segment's last byte, since the end of the text maps to the end of the original.
    pub fn replacements(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        let text_len = self.text.len();
        self.map.segments.pairs(0).filter_map(move |(segment, next)| {
            if !segment.identity {
                return Some((segment.normalized..next.normalized, segment.original..next.original));
            }
            let dropped = segment.original + (next.normalized - segment.normalized)..next.original;
            let end = next.normalized;
            let held = if end == text_len { end - 1..end } else { end..end };
            (!dropped.is_empty()).then_some((held, dropped))
        })
    }

    /// The length of the original text in bytes.
    pub fn original_len(&self) -> usize {
        self.map.sentinel().original
    }

    /// The bytes of a range of the original text (clamped to its length), rebuilt from the normalized text and
    /// the original bytes the map stores; borrowed from the normalized text when normalization left them as
    /// they are.
    pub fn original_bytes(&self, range: Range<usize>) -> Cow<'_, [u8]> {
        let end = range.end.min(self.original_len());
        let start = range.start.min(end);
        if start == end {
            return Cow::Borrowed(&[]);
        }
        let mut pieces = self
            .map
            .original_pieces(&self.text, start)
            .skip_while(|(at, piece)| at + piece.len() <= start)
            .take_while(|&(at, _)| at < end)
            .map(|(at, piece)| &piece[start.saturating_sub(at)..piece.len().min(end - at)]);
        let first = pieces.next().unwrap_or(&[]);
        if first.len() == end - start {
            return Cow::Borrowed(first);
        }
        let mut out = Vec::with_capacity(end - start);
        out.extend_from_slice(first);
        pieces.for_each(|piece| out.extend_from_slice(piece));
        Cow::Owned(out)
    }

    /// A range of the original text, as [`Normalized::original_bytes`] rebuilds it. The range must start and
    /// end on character boundaries of the original, as every range the map gives does; a range that does not
    /// has its cut characters replaced by U+FFFD.
    pub fn original(&self, range: Range<usize>) -> Cow<'_, str> {
        match self.original_bytes(range) {
            Cow::Borrowed(bytes) => String::from_utf8_lossy(bytes),
            Cow::Owned(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Cow::Owned(text),
                Err(error) => Cow::Owned(String::from_utf8_lossy(error.as_bytes()).into_owned()),
            },
        }
    }

    /// The whole original text.
    pub fn original_text(&self) -> Cow<'_, str> {
        self.original(0..self.original_len())
    }
}

impl OffsetMap {
    fn sentinel(&self) -> Segment {
        // `normalize` always pushes the sentinel, and `Default` is only used for empty texts, for which both
        // lengths are zero.
        self.segments.last().unwrap_or(Segment { normalized: 0, original: 0, stored: 0, identity: true })
    }

    /// The original text from the piece holding original byte `from` to its end, as contiguous pieces: each
    /// is the original offset where it starts and its bytes, taken from `text` (the normalized text) for
    /// the bytes of identity segments and from `stored` for the rest. Empty pieces are left out.
    fn original_pieces<'a>(&'a self, text: &'a str, from: usize) -> impl Iterator<Item = (usize, &'a [u8])> + 'a {
        let first = self.segments.first().unwrap_or(self.sentinel());
        let (dropped_before, first_segment) = if from < first.original {
            (Some((0, &self.stored.as_bytes()[..first.original])), 0)
        } else {
            (None, self.segment_at_original(from))
        };
        let pieces = self.segments.pairs(first_segment).flat_map(move |(segment, next)| {
            let same = if segment.identity { next.normalized - segment.normalized } else { 0 };
            let stored_len = next.original - segment.original - same;
            [
                (segment.original, &text.as_bytes()[segment.normalized..segment.normalized + same]),
                (segment.original + same, &self.stored.as_bytes()[segment.stored..segment.stored + stored_len]),
            ]
        });
        dropped_before.into_iter().chain(pieces).filter(|(_, piece)| !piece.is_empty())
    }

    /// The index of the segment holding normalized byte `offset` (the last segment starting at or before it).
    fn segment_at_normalized(&self, offset: usize) -> usize {
        self.segments.normalized.partition_point(|normalized| normalized <= offset).saturating_sub(1)
    }

    fn segment_at_original(&self, offset: usize) -> usize {
        self.segments.original.partition_point(|original| original <= offset).saturating_sub(1)
    }

    /// The normalized offset of original `offset` in the identity segment `index` (not the sentinel): its bytes
    /// map one to one, and the dropped characters after them (a gap before the next segment, as in `a`, U+200B,
    /// ` `) map to where the next segment starts.
    fn identity_to_normalized(&self, index: usize, offset: usize) -> usize {
        let segment = self.segments.at(index);
        let next = self.segments.normalized.at(index + 1);
        (segment.normalized + (offset - segment.original)).min(next)
    }

    /// The original offset where the normalized character starting at `offset` came from.
    pub fn to_original_start(&self, offset: usize) -> usize {
        let end = self.sentinel();
        if offset >= end.normalized {
            return end.original;
        }
        let segment = self.segments.at(self.segment_at_normalized(offset));
        if segment.identity { segment.original + (offset - segment.normalized) } else { segment.original }
    }

    /// The original offset just past the original text of the normalized bytes before `offset`.
    pub fn to_original_end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.segments.original.get(0).unwrap_or(0);
        }
        let end = self.sentinel();
        if offset >= end.normalized {
            return end.original;
        }
        let index = self.segment_at_normalized(offset - 1);
        let segment = self.segments.at(index);
        if segment.identity {
            segment.original + (offset - segment.normalized)
        } else {
            // A changed segment stands for its original range as a whole.
            self.segments.original.at(index + 1)
        }
    }

    /// The normalized offset of the first normalized byte made from original bytes at or after `offset`.
    pub fn to_normalized_start(&self, offset: usize) -> usize {
        let end = self.sentinel();
        if offset >= end.original {
            return end.normalized;
        }
        let index = self.segment_at_original(offset);
        let segment = self.segments.at(index);
        if offset < segment.original {
            segment.normalized
        } else if segment.identity {
            self.identity_to_normalized(index, offset)
        } else if offset == segment.original {
            segment.normalized
        } else {
            // Inside a changed segment: the segment's output is indivisible, so start at the next one.
            self.segments.normalized.at(index + 1)
        }
    }

    /// The normalized offset just past everything made from original bytes before `offset`.
    pub fn to_normalized_end(&self, offset: usize) -> usize {
        let end = self.sentinel();
        if offset >= end.original {
            return end.normalized;
        }
        let index = self.segment_at_original(offset);
        let segment = self.segments.at(index);
        if offset <= segment.original {
            segment.normalized
        } else if segment.identity {
            self.identity_to_normalized(index, offset)
        } else {
            self.segments.normalized.at(index + 1)
        }
    }
}

/// Normalizes a whole source, keeping the offset map.
pub fn normalize(original: &str) -> Normalized {
    normalize_with(original, true)
}

/// [`normalize`], with or without the fast path for runs of plain ASCII (the tests compare the two).
fn normalize_with(original: &str, fast: bool) -> Normalized {
    let mut builder = Builder { text: String::with_capacity(original.len()), segments: Vec::new() };
    let mut chars = original.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        // A run of printable ASCII (with single spaces inside it) is unchanged by every step: it is copied
        // whole, as the character-by-character path below would copy it.
        let run = if fast { plain_ascii_run(original.as_bytes(), start) } else { 0 };
        if run > 1 {
            let at = builder.text.len();
            builder.text.push_str(&original[start..start + run]);
            builder.record(at, start..start + run, true);
            while chars.next_if(|&(i, _)| i < start + run).is_some() {}
            continue;
        }
        if c.is_whitespace() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if !next.is_whitespace() {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            builder.push_space(start..end, &original[start..end] == " ");
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        if let Some(folded) = fold_punctuation(c) {
            builder.push_char(folded, start..start + c.len_utf8(), false);
            continue;
        }
        // A starter and the combining marks that follow it normalize together, across the characters that are
        // dropped: `a`, a byte order mark, U+0308 must give `ä`, as normalizing the result again would.
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            // (ASCII is never a combining mark: no table lookup for nearly every character.)
            if !next.is_ascii() && canonical_combining_class(next) != 0 {
                end = i + next.len_utf8();
                chars.next();
                continue;
            }
            if !is_dropped(next) {
                break;
            }
            // A run of dropped characters joins the segment only when a combining mark follows it. The run is
            // scanned here once, and once more by the outer loop when it does not join: the pass stays linear.
            let run_end =
                original[i..].char_indices().find(|&(_, d)| !is_dropped(d)).map_or(original.len(), |(j, _)| i + j);
            if original[run_end..].chars().next().is_none_or(|d| canonical_combining_class(d) == 0) {
                break;
            }
            while chars.next_if(|&(j, _)| j < run_end).is_some() {}
            end = run_end;
        }
        let segment = &original[start..end];
        if segment.len() == 1 {
            // ASCII, not white space: unchanged by every step.
            builder.push_char(c, start..end, true);
        } else {
            builder.push_nfkc(segment, start);
        }
    }
    builder.finish(original)
}

/// The length of the run of printable ASCII bytes at `start`, with single spaces between them, that the fast
/// path of [`normalize`] may copy as it is: it does not start with a space, ends with a printable byte when it
/// runs to the end of `bytes`, and leaves out its last character when a non-ASCII one follows (a combining mark
/// composes with it, even across dropped characters; what is left may then end with a space).
fn plain_ascii_run(bytes: &[u8], start: usize) -> usize {
    plain_ascii_run_on(bytes, start, start + plain_ascii_chunks(bytes, start))
}

/// [`plain_ascii_run`], going on byte by byte from `end`, where whole chunks stopped. The chunks leave `end`
/// after a printable byte, or after a space followed by a printable byte, which this loop would have stepped
/// over with the space: it goes on as if it had come this far itself.
fn plain_ascii_run_on(bytes: &[u8], start: usize, mut end: usize) -> usize {
    let printable = |b: u8| (0x21..=0x7E).contains(&b);
    while end < bytes.len() {
        if printable(bytes[end]) {
            end += 1;
        } else if bytes[end] == b' ' && end > start && end + 1 < bytes.len() && printable(bytes[end + 1]) {
            end += 2;
        } else {
            break;
        }
    }
    if end < bytes.len() && bytes[end] >= 0x80 && end > start {
        end -= 1;
    }
    end - start
}

/// How many bytes from `start` [`plain_ascii_run`] may take eight at a time: whole chunks of eight bytes that
/// are all printable ASCII or spaces, with no space at `start`, none next to another, and none at the end of a
/// chunk unless a printable byte follows. The same rules as the byte loop, tested on a machine word at once
/// (most of a corpus is such text: this is the first look at every byte of it).
fn plain_ascii_chunks(bytes: &[u8], start: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut end = start;
    while let Some(chunk) = bytes[end..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*chunk);
        // Bytes of 0x80 and above; then, in ASCII, below 0x20 or 0x7F (each test exact about whether any is).
        let not_ascii = x & HIGH;
        let control = x.wrapping_sub(0x20 * ONES) & !x & HIGH;
        let delete = (x ^ LOW7).wrapping_sub(ONES) & !(x ^ LOW7) & HIGH;
        // The high bit of each byte that is a space, exactly (no carry crosses bytes).
        let spaces = x ^ (0x20 * ONES);
        let space = !(((spaces & LOW7) + LOW7) | spaces) & HIGH;
        let space_first = space & 0x80 != 0;
        let space_last = space >> 56 != 0;
        if not_ascii | control | delete != 0
            || space & (space >> 8) != 0
            || (space_first && end == start)
            || (space_last && !bytes.get(end + 8).is_some_and(|b| (0x21..=0x7E).contains(b)))
        {
            break;
        }
        end += 8;
    }
    end - start
}

/// Normalizes a short text a person wrote (a quote, a term): the same steps as [`normalize`], with the white
/// space at both ends removed.
pub fn normalize_fragment(text: &str) -> String {
    normalized_fragment(text).into_owned()
}

/// [`normalize_fragment`], borrowing `text` when it is already normalized: printable ASCII with single spaces
/// between words and none at the ends, as most lines of prose are (the exclusions of `corpus.toml` look at
/// every line of every source).
pub fn normalized_fragment(text: &str) -> Cow<'_, str> {
    if plain_ascii_run(text.as_bytes(), 0) == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalize(text).text.trim_matches(' ').to_owned())
    }
}

/// Characters that normalization removes outright.
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{00AD}')
}

/// The keyboard form of a typographic quote, prime or dash. Applied before NFKC, which would otherwise turn
/// `″` into two primes.
fn fold_punctuation(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => Some('-'),
        _ => None,
    }
}

struct Builder {
    text: String,
    segments: Vec<Segment>,
}

impl Builder {
    /// Records that the bytes just appended to `text` from `normalized_start` on came from `original`.
    fn record(&mut self, normalized_start: usize, original: Range<usize>, identity: bool) {
        if self.text.len() == normalized_start {
            return; // nothing was written: the original bytes fold into the neighbouring segments
        }
        if let Some(last) = self.segments.last()
            && last.identity
            && identity
            && last.original + (normalized_start - last.normalized) == original.start
        {
            return; // continues the identity run
        }
        self.segments.push(Segment { normalized: normalized_start, original: original.start, stored: 0, identity });
    }

    fn push_char(&mut self, c: char, original: Range<usize>, identity: bool) {
        let start = self.text.len();
        self.text.push(c);
        self.record(start, original, identity);
    }

    fn push_space(&mut self, original: Range<usize>, identity: bool) {
        if self.text.ends_with(' ') {
            // Only possible after NFKC produced a trailing space; the run joins that space.
            return;
        }
        self.push_char(' ', original, identity);
    }

    fn push_nfkc(&mut self, segment: &str, original_start: usize) {
        let start = self.text.len();
        for c in segment.chars().filter(|&c| !is_dropped(c)).nfkc() {
            if c.is_whitespace() {
                if !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else if let Some(folded) = fold_punctuation(c) {
                self.text.push(folded);
            } else if !is_dropped(c) {
                self.text.push(c);
            }
        }
        let identity = &self.text[start..] == segment;
        self.record(start, original_start..original_start + segment.len(), identity);
    }

    /// Adds the sentinel and stores the original bytes the normalized text does not hold as they are. The
    /// text and the map are held as long as their source: built with their exact sizes.
    fn finish(mut self, original: &str) -> Normalized {
        self.segments.push(Segment {
            normalized: self.text.len(),
            original: original.len(),
            stored: 0,
            identity: true,
        });
        let mut stored = String::from(&original[..self.segments[0].original]);
        for index in 0..self.segments.len() - 1 {
            let (segment, next) = (self.segments[index], self.segments[index + 1]);
            let same = if segment.identity { next.normalized - segment.normalized } else { 0 };
            self.segments[index].stored = stored.len();
            stored.push_str(&original[segment.original + same..next.original]);
        }
        let last = self.segments.len() - 1;
        self.segments[last].stored = stored.len();
        self.text.shrink_to_fit();
        stored.shrink_to_fit();
        Normalized { text: self.text, map: OffsetMap { segments: self.segments.into(), stored } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that `needle` occurs in the normalized form of `original` and maps back to `expected`.
    fn assert_maps_back(original: &str, needle: &str, expected: &str) {
        let normalized = normalize(original);
        let at = normalized.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {:?}", normalized.text));
        let range = normalized.original_range(at..at + needle.len());
        assert_eq!(&original[range.clone()], expected, "in {original:?}");
        assert_eq!(normalized.normalized_range(range), at..at + needle.len());
    }

    /// The fast path for plain ASCII gives the text and offset map of the character-by-character path.
    #[test]
    fn the_ascii_fast_path_changes_nothing() {
        let pieces = [
            "a", "Word", ",", ".", " ", "  ", "\t", "\r\n", "\n\n", "\u{a0}", "e\u{301}", "\u{301}", "\u{308}",
            "\u{2019}", "“", "—", "\u{FEFF}", "\u{200B}", "\u{AD}", "ﬁ", "½", "\u{a8}", "Å",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let (fast, slow) = (normalize_with(&text, true), normalize_with(&text, false));
            assert_eq!(fast.text, slow.text, "{text:?}");
            assert_eq!(fast.map.segments, slow.map.segments, "{text:?}");
            // A fragment borrowed as it is is what normalizing it gives.
            assert_eq!(normalized_fragment(&text), slow.text.trim_matches(' '), "{text:?}");
        }
        assert_eq!(plain_ascii_run(b"ab cd  e", 0), 5);
        assert_eq!(plain_ascii_run(b"abcdefgh ijklmnop  q", 0), 17);
        assert_eq!(plain_ascii_run("ab\u{301}".as_bytes(), 0), 1);
        assert_eq!(plain_ascii_run(b" ab", 0), 0);
    }

    /// Eight bytes at a time, then byte by byte, the run is the one the byte loop alone finds, from every start.
    #[test]
    fn plain_ascii_runs_by_the_word_are_the_runs_byte_by_byte() {
        let pieces: [&[u8]; 10] = [b"a", b"Z", b" ", b"  ", b"\n", b"\x7F", b"\x1F", b"~", b"!", "é".as_bytes()];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut text = Vec::new();
            // Mostly letters, so that long runs (several chunks) are common.
            for _ in 0..(state % 48) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let piece = (state >> 32) % 40;
                text.extend_from_slice(pieces[if piece < 10 { piece as usize } else { (piece % 3) as usize }]);
            }
            for start in 0..=text.len() {
                assert_eq!(
                    plain_ascii_run(&text, start),
                    plain_ascii_run_on(&text, start, start),
                    "{text:?} from {start}"
                );
            }
        }
    }

    #[test]
    fn curly_quotes_and_apostrophes_become_straight() {
        let normalized = normalize("Both described it as “productive” and Moscow’s ‘win’ „x‟ «y» ′ ″");
        assert_eq!(normalized.text, "Both described it as \"productive\" and Moscow's 'win' \"x\" \"y\" ' \"");
    }

    #[test]
    fn dashes_become_hyphens() {
        let normalized = normalize("Zelensky–Putin — war ‐ ‑ ‒ ― −5");
        assert_eq!(normalized.text, "Zelensky-Putin - war - - - - -5");
    }

    #[test]
    fn white_space_runs_become_one_space() {
        let normalized = normalize("a\u{00A0}b\r\n\r\nc \t d\u{2009}e\u{3000}f");
        assert_eq!(normalized.text, "a b c d e f");
    }

    #[test]
    fn bom_and_invisible_characters_are_dropped() {
        assert_eq!(normalize("\u{FEFF}Trump co\u{00AD}operates\u{200B}.").text, "Trump cooperates.");
        assert_maps_back("\u{FEFF}Trump said", "Trump", "Trump");
    }

    #[test]
    fn nfkc_composes_and_folds_compatibility_forms() {
        assert_eq!(normalize("cafe\u{0301} ﬁne ①").text, "café fine 1");
        assert_eq!(normalize("café").text, normalize("cafe\u{0301}").text);
    }

    #[test]
    fn locations_map_back_after_multibyte_characters() {
        let original = "Moscow’s “win” — Zelenskiy’s office\r\nThe two leaders met for nearly three hours";
        assert_maps_back(original, "met for nearly three hours", "met for nearly three hours");
        assert_maps_back(original, "\"win\" - Zelenskiy's", "“win” — Zelenskiy’s");
        assert_maps_back(original, "office The", "office\r\nThe");
    }

    #[test]
    fn crlf_and_nbsp_map_back() {
        let original = "line one\r\n\u{00A0}\r\nline  two";
        assert_eq!(normalize(original).text, "line one line two");
        assert_maps_back(original, "one line", "one\r\n\u{00A0}\r\nline");
        assert_maps_back(original, "line two", "line  two");
    }

    #[test]
    fn normalization_is_idempotent() {
        for original in [
            "“a” — b\u{00A0} c\r\n",
            "ﬁ ① cafe\u{0301}",
            "\u{FEFF}x  y",
            "¨ a",
            "  lead and trail  ",
            "a\u{FEFF}\u{0308}",
            "a\u{200B}\u{00AD}\u{0308}\u{FEFF}b",
        ] {
            let once = normalize(original).text;
            assert_eq!(normalize(&once).text, once, "for {original:?}");
        }
    }

    #[test]
    fn dropped_characters_before_a_segment_map_to_its_start() {
        // Found by tests/properties.rs: the identity segment `a` was extended over the dropped U+200B, U+FEFF,
        // so their offsets mapped past the end of the normalized text.
        let original = "a\u{200B}\u{FEFF} b";
        let normalized = normalize(original);
        assert_eq!(normalized.text, "a b");
        assert_eq!(normalized.normalized_range(0..4), 0..1);
        assert_eq!(normalized.normalized_range(2..original.len()), 1..3);
        assert_eq!(normalized.normalized_range(1..7), 1..1);
    }

    #[test]
    fn the_original_is_rebuilt_from_the_changes_it_stores() {
        let original = "\u{FEFF}Title\r\n\r\n“Moscow’s” win — co\u{AD}operates\u{200B}. ﬁne\u{A0} \u{FEFF}";
        let normalized = normalize(original);
        assert_eq!(normalized.original_text(), original);
        // Two byte order marks, CRLF CRLF, three curly quotes, a dash, a soft hyphen, a zero-width space, a
        // ligature and a no-break space with a space: nothing of the text normalization leaves alone.
        assert_eq!(normalized.map.stored.len(), 3 * 2 + 4 + 3 * 3 + 3 + 2 + 3 + 3 + 3, "only changes are stored");
        for start in 0..=original.len() {
            for end in start..=original.len() + 1 {
                let expected = &original.as_bytes()[start..end.min(original.len())];
                assert_eq!(&*normalized.original_bytes(start..end), expected, "{start}..{end}");
            }
        }
        let win = normalized.text.find("win").unwrap();
        assert!(matches!(normalized.original(normalized.original_range(win..win + 3)), Cow::Borrowed("win")));
        assert_eq!(normalize("").original_text(), "");
        assert_eq!(normalize("\u{FEFF}").original_text(), "\u{FEFF}");
    }

    #[test]
    fn fragments_are_trimmed() {
        assert_eq!(normalize_fragment("  “nearly three hours”\n"), "\"nearly three hours\"");
        assert!(matches!(normalized_fragment("3 Comments"), Cow::Borrowed("3 Comments")));
        assert!(matches!(normalized_fragment("3 Comments "), Cow::Owned(_)));
    }

    #[test]
    fn empty_text_maps_to_empty() {
        let normalized = normalize("");
        assert_eq!(normalized.text, "");
        assert_eq!(normalized.original_range(0..0), 0..0);
    }

    #[test]
    fn unchanged_text_is_one_identity_segment() {
        let normalized = normalize("plain ascii text with single spaces.");
        assert_eq!(normalized.map.segments.len(), 2, "one segment and the sentinel");
    }
}

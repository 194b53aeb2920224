//! Per-source trigram filters: which sources may contain a key, for an index that does not know its keys in
//! advance.
//!
//! The literal index finds the keys of a known set of claims in one pass over the corpus. A trial run alone
//! ([`super::stored`]) does not know which claims the next process will check, so the stored index keeps, for
//! each source, a Bloom filter of the three-byte windows of its normalized text, ASCII-lowercased. A source
//! that contains a key (ASCII case-insensitively, as the literal index compares) contains each of the key's
//! windows, so its filter has every bit they set: the filter never rules out a source that holds the key. It
//! may keep one that does not (the bits were set by other windows); that only costs a search.
//!
//! A filter is built twice as large as a source's windows need and then folded in half (`bit i` OR `bit
//! i + m/2`, which is the filter the same hashes would have made with `m/2` bits) while at most an eighth of
//! its bits are set: about one in eight windows a source does not hold passes it, so a key of four bytes (two
//! windows) keeps about 2% of the sources that lack it, and a key of ten (eight windows) almost none. At 100 MB
//! this is about a third of a byte per byte of corpus.

/// The smallest filter, in bits.
const MIN_BITS: usize = 64;

/// The filter bit of a window (three ASCII-lowercased bytes) in a filter of `bits` bits (a power of two).
fn bit(window: &[u8], bits: usize) -> usize {
    let packed = u64::from(window[0]) << 16 | u64::from(window[1]) << 8 | u64::from(window[2]);
    ((packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 29) as usize) & (bits - 1)
}

/// The filter of one normalized text, as bytes (its length in bits is a power of two, at least [`MIN_BITS`]).
pub(super) fn build(text: &str) -> Vec<u8> {
    let lower = text.as_bytes().to_ascii_lowercase();
    let windows = lower.len().saturating_sub(2);
    let mut bits = (windows * 16).next_power_of_two().max(MIN_BITS);
    let mut filter = vec![0u8; bits / 8];
    for window in lower.windows(3) {
        let at = bit(window, bits);
        filter[at / 8] |= 1 << (at % 8);
    }
    // Fold while the half-size filter would have at most an eighth of its bits set.
    while bits > MIN_BITS {
        let half = bits / 2;
        let folded: Vec<u8> = (0..half / 8).map(|i| filter[i] | filter[i + half / 8]).collect();
        let set: u32 = folded.iter().map(|byte| byte.count_ones()).sum();
        if set as usize * 8 > half {
            break;
        }
        filter = folded;
        bits = half;
    }
    filter
}

/// Whether the text whose filter is `filter` may contain `key` (compared ASCII case-insensitively). A key
/// shorter than a window tells nothing: `true`.
pub(super) fn may_contain(filter: &[u8], key: &[u8]) -> bool {
    let bits = filter.len() * 8;
    if bits < MIN_BITS || !bits.is_power_of_two() {
        return true;
    }
    key.to_ascii_lowercase().windows(3).all(|window| {
        let at = bit(window, bits);
        filter[at / 8] & (1 << (at % 8)) != 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_never_rules_out_a_key_its_text_holds() {
        let text = "The two leaders met for nearly three hours in Anchorage, Alaska. Zelenskiy’s aide said so.";
        let filter = build(text);
        for start in 0..text.len() {
            for end in start + 3..=text.len().min(start + 40) {
                if let Some(key) = text.get(start..end) {
                    assert!(may_contain(&filter, key.as_bytes()), "{key:?}");
                    assert!(may_contain(&filter, key.to_ascii_uppercase().as_bytes()), "{key:?}");
                }
            }
        }
    }

    #[test]
    fn a_filter_rules_out_most_keys_its_text_lacks() {
        let text = "The two leaders met for nearly three hours in Anchorage, Alaska, and agreed on nothing.";
        let filter = build(text);
        assert!((filter.len() * 8).is_power_of_two());
        let absent = ["Zelenskiy", "ceasefire", "Budapest", "quixotic", "Moscow", "sanctions", "Kremlin", "Kyiv"];
        let passed = absent.iter().filter(|key| may_contain(&filter, key.as_bytes())).count();
        assert!(passed <= 1, "{passed} of {} absent keys passed", absent.len());
        assert!(may_contain(&filter, b"ab"), "a key shorter than a window tells nothing");
    }

    #[test]
    fn an_article_gets_a_filter_smaller_than_itself_with_an_eighth_of_its_bits_set() {
        let text = include_str!("../../../tests/fixtures/news/seeds/000_fbb003d94346f9a6.txt");
        let filter = build(text);
        let ratio = filter.len() as f64 / text.len() as f64;
        assert!((0.1..0.8).contains(&ratio), "{ratio}");
        let set: u32 = filter.iter().map(|byte| byte.count_ones()).sum();
        assert!(set as usize * 8 <= filter.len() * 8, "at most an eighth of the bits set: {set}");
        assert!(set as usize * 32 > filter.len() * 8, "folded as far as it goes: {set}");
    }
}

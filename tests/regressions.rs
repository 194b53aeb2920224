//! The fuzz targets' checks ([`factcheck::fuzzing`]) on a fixed corpus of inputs, and every input a fuzzer
//! ever failed on, so that `cargo test` (and CI, without cargo-fuzz or a nightly toolchain) holds the same
//! promises the fuzzers check: the seeds and the shipped assertion files, hand-written hostile inputs, and the
//! crashers, inline, each with what it found.

use std::fs;
use std::path::Path;

use factcheck::fuzzing::{
    Violation, check_assertion_load, check_normalize, check_quote_match, check_sentences, split_quote_input,
};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every file directly in `dir` of the repository with the extension `extension`, as text.
fn files(dir: &str, extension: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .map(|path| (path.display().to_string(), fs::read_to_string(&path).unwrap()))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no .{extension} files in {dir}");
    found
}

/// Texts that have broken text tools before: typography, invisible characters, combining marks, every kind of
/// line break and white space, compatibility forms, scripts without case, terminal escapes and bidi overrides.
const HOSTILE_TEXTS: &[&str] = &[
    "",
    " ",
    "\n\n\n",
    "\u{FEFF}",
    "\u{FEFF}\u{FEFF}x",
    "a\r\nb\r\n\r\nc",
    "a\rb\r\rc",
    "“Moscow’s” win — “nearly three hours” ‘x’ „y‟ «z» ′ ″ ‐‑‒–—―−",
    "co\u{00AD}operate\u{200B}s\u{2060} word\u{00A0}\u{00A0}joined\u{3000}wide\u{2028}line\u{2029}para\u{85}nel",
    "cafe\u{0301} ﬁne ① ㎞ ｆｕｌｌ ¨ a \u{0308}\u{0308} x\u{0301}\u{0327}",
    "\u{1100}\u{1161}\u{11A8} 한국어 日本語。次の文。",
    "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. The end.",
    "“No.” then he left. “Yes!” She said… “Really?!” (Yes.) [No.]",
    "Ends with a dot.\n\nNext paragraph\nwrapped line\nNew line.",
    "\u{1b}[31mred\u{1b}[0m \u{7} bell \u{8}\u{8} \u{9b}31m",
    "abc\u{202E}cba\u{2066}iso\u{2069} \u{200F}rtl",
    "::error::pwned\n::warning file=x::y\n##[error]legacy %0A%25",
    "\u{FFFD}\u{FFFD} zr\u{FFFD}q\n\n\u{FFFD}\u{FFFD}",
    "ΣΑΣ σας ß ẞ İı ﬀ K",
    "2.5 10,000 25% 1/2 ½ ¼ ³ 2022—2025",
];

/// Assertion files that have broken TOML readers before: deep and wide nesting, huge numbers, odd keys.
fn hostile_assertion_files() -> Vec<String> {
    let claim = |evidence: &str| format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\n{evidence}\n");
    vec![
        format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("x = {}", "[".repeat(100_000)),
        format!("x = {}{}", "{a=".repeat(50_000), "}".repeat(50_000)),
        format!("{} = 1", vec!["a"; 50_000].join(".")),
        format!("[{}]", vec!["a"; 50_000].join(".")),
        "=\n".repeat(10_000),
        "[[claim]]\n".repeat(1_000),
        claim("quote = \"q\"\nmin_sources = 18446744073709551615"),
        claim("quote = \"q\"\nmin_sources = 99999999999999999999999"),
        claim("pattern = '(a{1000}){1000}'"),
        claim("pattern = '\\w{100}'"),
        claim(&format!("pattern = '{}a{}'", "(".repeat(500), ")".repeat(500))),
        claim("source = 'C:\\Windows\\win.ini'\nquote = 'q'"),
        claim("source = '\\\\server\\share\\a.txt'\nquote = 'q'"),
        claim("source = \"a\\u001b[2J\\n::error::x.txt\"\nquote = 'q'"),
        claim("\"\\u001b]0;title\\u0007\" = 1\nquote = 'q'"),
        claim("quote = \"\\u202e\\u0000\\r\\n\""),
        "[[claim]]\nid = \"x\"\nclaim = \"\u{1b}[2J::error::pwned\"\n[[claim.evidence]]\nquote = \"##[error]x\"\n"
            .to_owned(),
        "\u{FEFF}[[claim]]\r\nid = \"x\"\r\nclaim = \"y\"\r\n[[claim.evidence]]\r\nquote = \"q\"\r\n".to_owned(),
        "[[claim]]\nid = \"é\"\nclaim = \"日本語\"\n[[claim.evidence]]\nqoute = 1\n".to_owned(),
    ]
}

fn pass(check: Result<(), Violation>, what: &str) {
    if let Err(violation) = check {
        panic!("{what}: {violation}");
    }
}

#[test]
fn the_fixture_articles_and_hostile_texts_hold_the_normalization_and_sentence_invariants() {
    let texts = files("tests/fixtures/news/seeds", "txt")
        .into_iter()
        .chain(HOSTILE_TEXTS.iter().map(|t| (format!("{t:?}"), t.to_string())));
    for (name, text) in texts {
        pass(check_normalize(&text), &format!("normalize {name}"));
        pass(check_sentences(&text), &format!("sentences {name}"));
    }
}

#[test]
fn the_fixture_and_hostile_assertion_files_load_with_located_diagnostics() {
    let shipped =
        files("tests/fixtures/news/assertions", "toml").into_iter().chain(files("tests/fixtures/news/seeds", "toml"));
    let hostile = hostile_assertion_files().into_iter().map(|text| (format!("{:.80?}", text), text));
    let texts = HOSTILE_TEXTS.iter().map(|t| (format!("{t:?}"), t.to_string()));
    for (name, text) in shipped.chain(hostile).chain(texts) {
        pass(check_assertion_load(&text), &format!("load {name}"));
    }
}

#[test]
fn quotes_from_the_seeds_and_hostile_texts_match_like_a_naive_search() {
    let seed = &files("tests/fixtures/news/seeds", "txt")[0].1;
    for quote in ["nearly three hours", "The two leaders", "“productive”", "U.S. president", "in", "Comments", "."]
    {
        pass(check_quote_match(seed, quote), &format!("quote {quote:?} in the first seed"));
    }
    for text in HOSTILE_TEXTS {
        for quote in HOSTILE_TEXTS.iter().chain(&["a", "x", "’", "—", " win ", "the end."]) {
            pass(check_quote_match(text, quote), &format!("quote {quote:?} in {text:?}"));
        }
    }
}

/// A fuzz input from its bytes, checked by `quote_match` as the target does.
fn quote_match_input(data: &[u8]) -> Result<(), Violation> {
    let (quote, source) = split_quote_input(data);
    check_quote_match(&source, &quote)
}

/// `quote_match`, crash-7b3b214e: "q\n\n�" against "…q\n\n��" was found by the naive search but not by the
/// finder. The finder was right: a match never runs across a blank line (a rule the oracle had missed); the
/// oracle now knows it. Kept so that the rule stays in both.
#[test]
fn crasher_quote_across_a_blank_line_is_no_match() {
    let data = [0x71, 0x0a, 0x0a, 0xf2, 0xff, 0xff, 0xff, 0x20, 0x7a, 0x72, 0xa3, 0x71, 0x0a, 0x0a, 0xf2, 0xff];
    pass(quote_match_input(&data), "crash-7b3b214e");
}

/// `quote_match`, crash-bfbf8c8d: the first occurrence of the quote ran across a blank line and was rejected,
/// and the finder went on searching *after* it, missing an occurrence that overlapped it. Fixed in
/// `evidence::matching`: after a rejected occurrence the search resumes one character on (within a budget
/// of re-read bytes that keeps it linear).
#[test]
fn crasher_a_rejected_occurrence_does_not_hide_an_overlapping_one() {
    let data = [
        0xf9, 0x0a, 0x0a, 0x0a, 0x8a, 0xf9, 0x0a, 0x0a, 0xff, 0xfd, 0x0a, 0x0a, 0x8a, 0xf9, 0x0a, 0x8a, 0xf9, 0x0a,
        0x0a, 0x0a, 0x8a,
    ];
    pass(quote_match_input(&data), "crash-bfbf8c8d");
    // The same bug in words: the first "no no" of "uno no no" is inside a word, the second is the match.
    pass(check_quote_match("uno no no", "no no"), "uno no no");
    pass(check_quote_match("UNO NO no", "no no"), "ignoring case");
}

/// tests/properties.rs, `the_fuzz_checks_hold_on_messy_text`: "a", U+200B, U+FEFF, " ": the sentence "a" +
/// U+200B mapped to normalized bytes 0..4 of the 2-byte text "a ". The offset map stretched the identity
/// segment `a` over the dropped characters after it; slicing the text with that range (as `terms` do, sentence
/// by sentence) panicked. Fixed in `corpus::normalize` (`OffsetMap::identity_to_normalized`).
#[test]
fn crasher_dropped_characters_after_a_word_stay_inside_the_text() {
    pass(check_sentences("a\u{200b}\u{feff} "), "sentences");
    pass(check_normalize("a\u{200b}\u{feff} b"), "normalize");
    let dir = tempfile::tempdir().unwrap();
    // Before the fix, this source made `terms` panic: "end byte index 21 is out of bounds of `Zelensky met Rutte `".
    fs::write(dir.path().join("s.txt"), "Zelensky met Rutte\u{200B}\u{FEFF}\n").unwrap();
    let corpus = factcheck::corpus::Corpus::open(dir.path(), &factcheck::limits::Limits::default()).unwrap();
    let text = "[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\nterms = [\"Zelensky\", \"Rutte\"]\n";
    let file = factcheck::assertion::load::parse_file("t.toml", text, corpus.limits()).unwrap();
    let report = factcheck::evidence::check_claim(&file.claims[0], &corpus);
    assert_eq!(report.outcome, factcheck::evidence::Outcome::Passed, "{:?}", report.failures);
}

/// tests/properties.rs, `normalization_is_idempotent`: "a", U+FEFF, U+0308 normalized to "a" + U+0308 (the
/// dropped byte order mark split the letter from its mark), which normalizes again to "ä". Fixed in
/// `corpus::normalize`: a starter and its marks form one segment across dropped characters.
#[test]
fn crasher_a_dropped_character_does_not_split_a_letter_from_its_mark() {
    pass(check_normalize("a\u{feff}\u{308}"), "normalize");
    assert_eq!(factcheck::corpus::normalize::normalize("a\u{feff}\u{308}").text, "ä");
}

/// tests/properties.rs, `locations_round_trip_normalized_original_normalized`: "¨" is a space and U+0308 in
/// NFKC, so the word U+0308 maps back to "¨", which maps forward to both. The check was too strict (the way
/// back covers the word; it cannot be narrower than what one character made); kept to hold it to that.
#[test]
fn crasher_a_character_that_makes_a_space_and_a_mark_round_trips_to_both() {
    pass(check_normalize("¨"), "normalize");
    pass(check_normalize("x ¨ y ´"), "normalize");
}

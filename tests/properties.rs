//! Properties over generated inputs (proptest): any quote sampled from a source passes; the same quote with one
//! word changed fails with a diff of exactly that word; normalization is idempotent; locations round-trip.
//!
//! Quotes are sampled from the seeds and from generated text full of typographic characters (curly quotes,
//! dashes, no-break spaces, ligatures, CRLF). Case counts are modest so that `cargo test` stays fast; the fuzz
//! targets (`fuzz/`) search the same spaces for much longer.

mod common;

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use factcheck::assertion::load::parse_file;
use factcheck::assertion::write::toml_string;
use factcheck::corpus::Corpus;
use factcheck::corpus::normalize::{normalize, normalize_fragment};
use factcheck::evidence::{Outcome, check_claim};
use factcheck::fuzzing::{check_normalize, check_quote_match, check_sentences, check_source};
use factcheck::limits::Limits;
use factcheck::report::Paths;
use factcheck::report::human::claim_failure;
use factcheck::report::style::Style;
use proptest::prelude::*;

/// The number of cases: `default`, or `PROPTEST_CASES` for a longer run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(default)
}

/// A word no source holds, put in place of a word of a quote.
const CHANGED: &str = "zqxjkvw";

fn seeds() -> &'static Corpus {
    static SEEDS: OnceLock<Corpus> = OnceLock::new();
    SEEDS.get_or_init(|| Corpus::open(&common::seeds(), &Limits::default()).unwrap())
}

/// Checks a claim citing `quote` in `source` of `corpus`; returns whether it passed and the human report.
fn check_quote(corpus: &Corpus, source: &str, quote: &str) -> (Outcome, String) {
    let text = format!(
        "[[claim]]\nid = \"sampled\"\nclaim = \"A sampled quote holds.\"\n[[claim.evidence]]\nsource = {}\nquote = {}\n",
        toml_string(source),
        toml_string(quote)
    );
    let file =
        parse_file("sampled.toml", &text, corpus.limits()).unwrap_or_else(|e| panic!("{:?}\n{text}", e.diagnostics));
    let report = check_claim(&file.claims[0], corpus);
    let paths = Paths::new(Path::new("assertions"), corpus.root());
    (report.outcome, claim_failure(&report, &paths, Style::PLAIN))
}

/// A window of `len` whole words (as written in the original) of a sentence of `name` that is evidence (not in
/// an excluded region), chosen by `pick`; `None` when no sentence has that many words.
fn sample_window(corpus: &Corpus, name: &str, len: usize, pick: usize) -> Option<Vec<String>> {
    let source = corpus.source(name)?.ok()?;
    let sentences: Vec<Vec<String>> = (0..source.sentences().len())
        .filter(|&index| source.excluded_overlapping(&source.sentences().at(index)).is_none())
        .map(|index| source.original()[source.sentence_original(index)].split_whitespace().map(str::to_owned).collect())
        .filter(|words: &Vec<String>| words.len() >= len)
        .collect();
    if sentences.is_empty() {
        return None;
    }
    let words = &sentences[pick % sentences.len()];
    let start = (pick / sentences.len()) % (words.len() - len + 1);
    Some(words[start..start + len].to_vec())
}

/// The quote passes; with its middle word replaced it fails, and the diff shows exactly that word.
fn quote_and_changed_word(corpus: &Corpus, name: &str, words: &[String]) -> Result<(), TestCaseError> {
    let quote = words.join(" ");
    let (outcome, report) = check_quote(corpus, name, &quote);
    prop_assert_eq!(outcome, Outcome::Passed, "{} should pass:\n{}", quote, report);

    let middle = words.len() / 2;
    let mut changed = words.to_vec();
    changed[middle] = CHANGED.to_owned();
    let (outcome, report) = check_quote(corpus, name, &changed.join(" "));
    prop_assert_eq!(outcome, Outcome::Failed, "{} should fail", changed.join(" "));
    let diff = report.lines().find_map(|line| line.trim_start().strip_prefix("diff: "));
    let diff = diff.unwrap_or_else(|| panic!("no diff in:\n{report}"));
    let old = normalize_fragment(&words[middle]);
    let expected = format!("[-{CHANGED}-]{{+{old}+}}");
    prop_assert!(diff.contains(&expected), "the diff {diff:?} should show {expected:?}\n{report}");
    prop_assert_eq!(diff.matches("[-").count(), 1, "one removal in {:?}", diff);
    prop_assert_eq!(diff.matches("{+").count(), 1, "one addition in {:?}", diff);
    Ok(())
}

/// Words of generated sources: plain, typographic, numbers and a ligature.
fn typographic_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "leaders",
        "met",
        "Anchorage",
        "“productive”",
        "Moscow’s",
        "‘win’",
        "talks",
        "ﬁnal",
        "Zelensky–Putin",
        "—",
        "2022",
        "25%",
        "three",
        "hours",
        "«non»",
        "don’t",
        "co-operation",
        "U.S.",
        "half",
        "Kyiv",
    ])
    .prop_map(str::to_owned)
}

/// White space between generated words: one space, several, a no-break space, a line break (never a blank line).
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", " ", " ", " ", " ", "  ", "\u{00A0}", "\r\n", "\n", "\t", " \u{2009}"])
}

/// A generated source: a paragraph of `words`, each followed by a separator, ending in a full stop.
fn generated_source() -> impl Strategy<Value = Vec<(String, &'static str)>> {
    prop::collection::vec((typographic_word(), separator()), 8..40)
}

/// Text for the normalization properties: typography, white space, invisible and combining characters.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "B",
        "é",
        "e\u{0301}",
        "\u{0308}",
        "ﬁ",
        "①",
        "“",
        "”",
        "’",
        "—",
        "–",
        "−",
        " ",
        "  ",
        "\u{00A0}",
        "\t",
        "\r\n",
        "\n",
        "\n\n",
        "\u{FEFF}",
        "\u{200B}",
        "\u{00AD}",
        "¨",
        "日本",
        "한",
        "\u{1100}\u{1161}",
        ".",
        "U.S.",
        "?",
        "\u{3000}",
        "ß",
        "İ",
        "x",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    #[test]
    fn a_quote_sampled_from_a_seed_passes_and_one_changed_word_fails_with_that_word(
        file in 0..5usize,
        len in 5..12usize,
        pick in any::<usize>(),
    ) {
        let corpus = seeds();
        let name = corpus.names().nth(file).unwrap().to_owned();
        if let Some(words) = sample_window(corpus, &name, len, pick) {
            quote_and_changed_word(corpus, &name, &words)?;
        }
    }

    #[test]
    fn a_quote_sampled_from_generated_typographic_text_passes_and_one_changed_word_fails(
        source in generated_source(),
        len in 5..8usize,
        pick in any::<usize>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut text: String = source.iter().map(|(word, separator)| format!("{word}{separator}")).collect();
        text.push_str("end.\n");
        fs::write(dir.path().join("generated.txt"), &text).unwrap();
        let corpus = Corpus::open(dir.path(), &Limits::default()).unwrap();
        // Line breaks before capitals end sentences: some sources have none long enough.
        let words = sample_window(&corpus, "generated.txt", len, pick);
        prop_assume!(words.is_some());
        let words = words.unwrap_or_default();
        // Only a quote whose middle word is not repeated nearby has exactly one place for the diff to point at.
        let middle = normalize_fragment(&words[words.len() / 2]);
        prop_assume!(words.iter().filter(|word| normalize_fragment(word) == middle).count() == 1);
        quote_and_changed_word(&corpus, "generated.txt", &words)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn normalization_is_idempotent(text in messy_text()) {
        let once = normalize(&text).text;
        prop_assert_eq!(normalize(&once).text, once.clone());
        prop_assert_eq!(normalize_fragment(&once), normalize_fragment(&text));
    }

    #[test]
    fn locations_round_trip_normalized_original_normalized(text in messy_text()) {
        let normalized = normalize(&text);
        let mut start = 0;
        for word in normalized.text.split(' ') {
            let range = start..start + word.len();
            start += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            let original = normalized.original_range(range.clone());
            prop_assert!(text.is_char_boundary(original.start) && text.is_char_boundary(original.end));
            // Back in the normalized text: the word itself, or (when a character's compatibility form holds a
            // space, as `¨` is a space and U+0308) the whole of what that character made, which covers it.
            let back = normalized.normalized_range(original.clone());
            prop_assert!(back.start <= range.start && range.end <= back.end, "{:?} -> {:?} -> {:?}", range, original, back);
            prop_assert_eq!(normalized.text[back.clone()].trim_matches(' '), word);
            prop_assert_eq!(normalized.normalized_range(normalized.original_range(back.clone())), back);
            prop_assert_eq!(normalize_fragment(&text[original]), word);
        }
    }

    #[test]
    fn the_fuzz_checks_hold_on_messy_text(text in messy_text(), quote in messy_text()) {
        for check in
            [check_normalize(&text), check_sentences(&text), check_quote_match(&text, &quote), check_source(&text)]
        {
            if let Err(violation) = check {
                prop_assert!(false, "{}", violation);
            }
        }
    }
}

//! Every rule of the format spec, on the seeds: claims written fresh against the five articles, passing and
//! failing, with the messages a fact-checker needs to fix them.

use std::path::Path;
use std::sync::OnceLock;

use factcheck::assertion::load::parse_file;
use factcheck::corpus::Corpus;
use factcheck::evidence::{Check, ClaimReport, Outcome, check_claim};
use factcheck::limits::Limits;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    // The news fixture's articles (tests/fixtures/news/seeds), frozen for these tests.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news/seeds");
    CORPUS.get_or_init(|| Corpus::open(&seeds, &Limits::default()).unwrap())
}

/// Checks the one claim of `toml`.
fn check(toml: &str) -> ClaimReport {
    let file = parse_file("rules.toml", toml, &Limits::default()).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert_eq!(file.claims.len(), 1);
    check_claim(&file.claims[0], corpus())
}

fn passes(toml: &str) {
    let report = check(toml);
    assert_eq!(report.outcome, Outcome::Passed, "{:#?}", report.failures);
}

/// The failures' checks and messages, for a claim that must fail.
fn fails(toml: &str) -> Vec<(Check, String)> {
    let report = check(toml);
    assert_eq!(report.outcome, Outcome::Failed, "expected a failure");
    report.failures.iter().map(|f| (f.check, f.message())).collect()
}

const A000: &str = "000_fbb003d94346f9a6.txt";

#[test]
fn quote_holds_after_normalization_and_fails_with_the_closest_passage() {
    passes(
        r#"[[claim]]
id = "productive"
claim = "Both leaders called the discussions productive."
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = 'Both described the discussions as "productive"'
"#,
    );
    let report = check(
        r#"[[claim]]
id = "productive"
claim = "Both leaders called the discussions fruitful."
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = 'Both described the talks as "fruitful" and hinted at progress'
"#,
    );
    let failure = &report.failures[0];
    assert_eq!(failure.check, Check::Quote);
    assert_eq!(failure.message(), format!("not found in {A000}"));
    let closest = failure.closest.as_ref().expect("a closest passage");
    assert_eq!(closest.source, A000);
    assert_eq!(closest.location.line, 7);
    assert!(
        closest.normalized.starts_with("Both described the discussions as \"productive\""),
        "{}",
        closest.normalized
    );
}

#[test]
fn quotes_match_whole_words_and_case() {
    let claim = |quote: &str, extra: &str| {
        format!(
            "[[claim]]\nid = \"x\"\nclaim = \"They met.\"\ncheck_numbers = false\n[[claim.evidence]]\n\
             source = \"{A000}\"\nquote = \"{quote}\"\n{extra}\n"
        )
    };
    fails(&claim("met for nearly three hour", ""));
    fails(&claim("the two leaders met", ""));
    passes(&claim("the two leaders met", "ignore_case = true"));
}

#[test]
fn pattern_matches_the_normalized_text() {
    passes(
        r#"[[claim]]
id = "duration"
claim = "The summit lasted nearly three hours."
[[claim.evidence]]
pattern = 'nearly (three|3)[- ]hours?'
min_sources = 3
"#,
    );
    let failures = fails(
        r#"[[claim]]
id = "duration"
claim = "The summit lasted nearly five hours."
check_numbers = false
[[claim.evidence]]
pattern = 'nearly five hours'
"#,
    );
    assert_eq!(failures, [(Check::Pattern, "not found in any source".to_owned())]);
}

#[test]
fn terms_need_one_sentence_and_honour_aliases() {
    // 000 spells it "Zelenskiy"; the alias in corpus.toml makes "Zelensky" match.
    passes(
        r#"[[claim]]
id = "travel"
claim = "Zelensky planned to travel to Washington on Monday."
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
terms = ["Zelensky", "Washington", "Monday"]
"#,
    );
    let failures = fails(
        r#"[[claim]]
id = "rutte-macron"
claim = "Rutte and Macron were enthusiastic about Budapest."
[[claim.evidence]]
source = "004_dfe902351cf3eb5b.txt"
terms = ["Rutte", "enthusiasm", "Budapest"]
"#,
    );
    assert_eq!(failures[0].0, Check::Terms);
    assert!(failures[0].1.contains("the closest sentence lacks \"Budapest\""), "{}", failures[0].1);
}

#[test]
fn absent_fails_with_the_offending_passage() {
    passes(
        r#"[[claim]]
id = "no-ceasefire"
claim = "No outlet reports that a ceasefire was agreed."
verdict = "unverifiable"
[[claim.evidence]]
pattern = '(?i)ceasefire (was|has been) agreed'
absent = true
"#,
    );
    let report = check(
        r#"[[claim]]
id = "no-red-carpet"
claim = "No outlet mentions a red carpet."
verdict = "unverifiable"
[[claim.evidence]]
quote = "red carpet"
absent = true
"#,
    );
    let failure = &report.failures[0];
    assert_eq!(failure.check, Check::Absent);
    assert!(failure.message().contains("must not say this"));
    let passage = failure.closest.as_ref().expect("the offending passage");
    assert_eq!(passage.normalized, "red carpet");
    assert_eq!(passage.source, "002_dbdf83ece837fbd8.txt");
}

#[test]
fn min_sources_lists_where_the_evidence_is_and_is_not() {
    let failures = fails(
        r#"[[claim]]
id = "red-carpet"
claim = "Several outlets mention the red carpet."
[[claim.evidence]]
pattern = 'red[- ]carpet'
min_sources = 3
"#,
    );
    assert_eq!(failures[0].0, Check::MinSources);
    assert_eq!(
        failures[0].1,
        "found in 2 source(s), fewer than min_sources = 3; found in: 000_fbb003d94346f9a6.txt, \
         002_dbdf83ece837fbd8.txt; not found in: 001_8078960195baae82.txt, 003_6231b6637a63dde2.txt, \
         004_dfe902351cf3eb5b.txt"
    );
}

#[test]
fn grounding_names_the_number_and_shows_the_evidence_sentence() {
    passes(
        r#"[[claim]]
id = "one-fifth"
claim = "Russian forces control nearly one-fifth of Ukraine, and Ukraine holds about 25% of Donetsk."
[[claim.evidence]]
source = "003_6231b6637a63dde2.txt"
quote = "his forces control nearly one-fifth of Ukraine"
"#,
    );
    let report = check(
        r#"[[claim]]
id = "four-hours"
claim = "Trump and Putin met for nearly four hours."
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = "The two leaders met for nearly three hours in Anchorage"
"#,
    );
    let failure = &report.failures[0];
    assert_eq!((failure.check, failure.evidence), (Check::Grounding, None));
    assert!(failure.message().starts_with("the claim says \"four\" but no evidence sentence has that number"));
    match &failure.kind {
        factcheck::evidence::FailureKind::Ungrounded { sentences, .. } => {
            assert_eq!(sentences.len(), 1);
            assert!(sentences[0].normalized.starts_with("The two leaders met for nearly three hours"));
            assert_eq!(sentences[0].location.line, 7);
        }
        other => panic!("{other:?}"),
    }
    passes(
        r#"[[claim]]
id = "four-hours"
claim = "Trump and Putin met for nearly four hours."
check_numbers = false
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = "The two leaders met for nearly three hours in Anchorage"
"#,
    );
}

#[test]
fn grounding_applies_to_supported_claims_only() {
    passes(
        r#"[[claim]]
id = "four-hours"
claim = "Trump and Putin met for four hours."
verdict = "refuted"
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = "The two leaders met for nearly three hours in Anchorage"
"#,
    );
}

#[test]
fn disputed_claims_hold_when_both_sides_are_found() {
    passes(
        r#"[[claim]]
id = "call-timing"
claim = "Trump called Putin during the White House talks."
verdict = "disputed"
[[claim.evidence]]
source = "001_8078960195baae82.txt"
quote = "during the talks, Trump reportedly stepped away to call Vladimir Putin"
role = "supports"
[[claim.evidence]]
source = "004_dfe902351cf3eb5b.txt"
quote = "At the conclusion of the meetings, I called President Putin"
role = "refutes"
"#,
    );
}

#[test]
fn excluded_regions_are_never_evidence() {
    let failures = fails(
        r#"[[claim]]
id = "see-also"
claim = "Russian officials claimed the summit as a win."
[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = "Russian Officials Claim Alaska Summit as Moscow's Win"
"#,
    );
    assert_eq!(failures[0].0, Check::Quote);
    assert!(
        failures[0].1.contains("found only in a region corpus.toml excludes from evidence (link to another article)")
    );
}

#[test]
fn a_quote_in_another_source_is_named_and_unknown_sources_get_a_suggestion() {
    let failures = fails(
        r#"[[claim]]
id = "budapest"
claim = "Trump welcomed Putin with a red carpet."
[[claim.evidence]]
source = "003_6231b6637a63dde2.txt"
quote = "Trump welcomed Putin with a red carpet greeting"
"#,
    );
    assert!(failures[0].1.contains("it occurs verbatim in 002_dbdf83ece837fbd8.txt: cite that source instead"));
    let failures = fails(
        r#"[[claim]]
id = "typo"
claim = "x"
[[claim.evidence]]
source = "000_fbb003d94346f9a6.tx"
quote = "The two leaders met"
"#,
    );
    assert_eq!(failures[0].0, Check::Source);
    assert!(failures[0].1.contains("did you mean `000_fbb003d94346f9a6.txt`?"), "{}", failures[0].1);
    // A source named without its extension.
    let failures = fails(
        r#"[[claim]]
id = "no-extension"
claim = "x"
[[claim.evidence]]
source = "002_dbdf83ece837fbd8"
quote = "The two leaders met"
"#,
    );
    assert_eq!(failures[0].0, Check::Source);
    assert!(failures[0].1.contains("did you mean `002_dbdf83ece837fbd8.txt`?"), "{}", failures[0].1);
}

#[test]
fn sentences_are_split_as_the_spec_requires() {
    let source = corpus().source("002_dbdf83ece837fbd8.txt").unwrap().unwrap();
    let sentences: Vec<&str> = source.sentences().iter().map(|s| &source.text()[s]).collect();
    assert!(sentences.contains(&"Leaders Meet in Anchorage to Discuss War Resolution"), "a heading is a sentence");
    assert!(sentences.iter().any(|s| s.starts_with("Despite criticism, Trump rated the summit 10 out of 10 and")));
    let source = corpus().source("001_8078960195baae82.txt").unwrap().unwrap();
    let sentences: Vec<&str> = source.sentences().iter().map(|s| &source.text()[s]).collect();
    assert!(sentences.iter().any(|s| s.starts_with("The UK's defense chief, Admiral Sir Tony Radakin, is expected")));
    assert!(sentences.iter().any(|s| s.ends_with("would be \"unacceptable.\"")));
}

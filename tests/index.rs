//! The corpus index changes nothing but speed: every report is the same, byte for byte as JSON, with and
//! without it, on the seeds (with claims written to fail in every way an index could get wrong) and on a
//! generated corpus of a few thousand sentences with broken claims; and the closest passage of generated
//! misquotes is the same through the word index as by scanning every source.

mod common;
#[path = "../benches/support/generate.rs"]
mod generate;

use std::path::Path;

use common::{claims, corpus};
use factcheck::assertion::Claim;
use factcheck::assertion::load::parse_file;
use factcheck::corpus::Corpus;
use factcheck::evidence::{CorpusIndex, Outcome, check_all, check_all_with, check_claim_with};
use factcheck::limits::Limits;
use factcheck::report::json;
use proptest::prelude::*;

/// The news fixture: a frozen copy of the five articles and the claims about them (tests/fixtures/news).
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news/seeds");
const CLAIMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news/assertions");

/// Claims that take every path an index could get wrong (see the file's comment).
const BROKEN: &str = include_str!("fixtures/index-claims.toml");

/// The JSON of each claim's report, checked one by one without the index, and all at once through it.
fn reports_both_ways(claims: &[Claim], corpus: &Corpus) -> (Vec<String>, Vec<String>) {
    let refs: Vec<&Claim> = claims.iter().collect();
    let plain: Vec<String> = check_all_with(&refs, corpus, true, 1, None).iter().map(json::claim).collect();
    let indexed: Vec<String> = check_all(&refs, corpus, true, 2).iter().map(json::claim).collect();
    (plain, indexed)
}

fn assert_same(plain: &[String], indexed: &[String]) {
    assert_eq!(plain.len(), indexed.len());
    for (plain, indexed) in plain.iter().zip(indexed) {
        assert_eq!(plain, indexed);
    }
}

#[test]
fn the_seed_suite_reports_the_same_through_the_index() {
    let corpus = corpus(Path::new(SEEDS));
    let claims = claims(Path::new(CLAIMS));
    assert!(claims.len() > 50);
    let (plain, indexed) = reports_both_ways(&claims, &corpus);
    assert_same(&plain, &indexed);
}

#[test]
fn broken_claims_on_the_seeds_report_the_same_through_the_index() {
    let corpus = corpus(Path::new(SEEDS));
    let claims = parse_file("broken.toml", BROKEN, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}")).claims;
    let (plain, indexed) = reports_both_ways(&claims, &corpus);
    assert_same(&plain, &indexed);
    // What is compared is worth comparing: closest passages, sentences with most terms, sources elsewhere.
    let failed = plain.iter().filter(|line| line.contains(r#""outcome":"failed""#)).count();
    assert!(failed >= 6, "{plain:#?}");
    assert!(plain[0].contains(r#""closest":{"source":"000_fbb003d94346f9a6.txt""#), "{}", plain[0]);
    assert!(plain[1].contains("it occurs verbatim in"), "{}", plain[1]);
    assert!(plain[3].contains("the closest sentence lacks"), "{}", plain[3]);

    // One claim at a time through an index made for all of them, as the harness's trials check.
    let index = CorpusIndex::new(claims.iter(), &corpus, 2);
    for (claim, expected) in claims.iter().zip(&plain) {
        assert_eq!(&json::claim(&check_claim_with(claim, &corpus, Some(&index))), expected);
    }
    // An index made for other claims (as the language server's is, for a claim being typed) narrows no search
    // for these but the closest passage of an unscoped quote (its word index depends on no claim), and changes
    // no report.
    let unrelated = CorpusIndex::new(std::iter::empty(), &corpus, 1);
    for (claim, expected) in claims.iter().zip(&plain) {
        assert_eq!(&json::claim(&check_claim_with(claim, &corpus, Some(&unrelated))), expected);
    }
}

#[test]
fn a_generated_corpus_with_broken_claims_reports_the_same_through_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let spec = generate::Spec::new(1 << 20, 400, 7);
    let generated = generate::generate(&spec, Path::new(SEEDS), dir.path()).unwrap();
    assert!(generated.files > 100 && generated.broken_items > 20 && generated.unscoped_items > 20, "{generated:?}");
    let corpus = corpus(&generated.corpus);
    let claims = claims(&generated.assertions);
    assert_eq!(claims.len(), 400);
    let (plain, indexed) = reports_both_ways(&claims, &corpus);
    assert_same(&plain, &indexed);
    let refs: Vec<&Claim> = claims.iter().collect();
    let unrelated = CorpusIndex::new(std::iter::empty(), &corpus, 2);
    let through_unrelated: Vec<String> =
        check_all_with(&refs, &corpus, true, 2, Some(&unrelated)).iter().map(json::claim).collect();
    assert_same(&plain, &through_unrelated);
    let failed = plain.iter().filter(|line| line.contains(r#""outcome":"failed""#)).count();
    let with_closest = plain.iter().filter(|line| line.contains(r#""closest":"#)).count();
    assert!(failed > 20 && with_closest > 10, "{failed} failed, {with_closest} with a closest passage");

    // The closest passage of every broken unscoped quote, through the word index and by scanning every source.
    let index = CorpusIndex::new(claims.iter(), &corpus, 2);
    let names: Vec<String> = corpus.names().map(str::to_owned).collect();
    let sources: Vec<_> = names.iter().map(|name| corpus.source(name).unwrap().unwrap()).collect();
    for quote in &generated.broken_unscoped_quotes {
        let quote = factcheck::corpus::normalize::normalize_fragment(quote);
        let expected = factcheck::evidence::closest::closest_passage(&quote, &sources);
        assert!(expected.is_some(), "{quote}");
        assert_eq!(index.closest_passage(&corpus, &quote), expected, "{quote}");
    }
    assert!(
        check_all(&claims.iter().collect::<Vec<_>>(), &corpus, true, 2).iter().any(|r| r.outcome == Outcome::Passed)
    );
}

/// A generated corpus of about half a megabyte and an index of it, made once for the property below. Its
/// commonest words ("the", "of") are too common for the word index to store their positions.
struct Small {
    _dir: tempfile::TempDir,
    corpus: Corpus,
    index: CorpusIndex,
    /// Every word of every source, in order, for sampling.
    words: Vec<String>,
}

fn small() -> &'static Small {
    static SMALL: std::sync::OnceLock<Small> = std::sync::OnceLock::new();
    SMALL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let generated =
            generate::generate(&generate::Spec::new(1 << 19, 50, 11), Path::new(SEEDS), dir.path()).unwrap();
        let corpus = corpus(&generated.corpus);
        let index = CorpusIndex::new(std::iter::empty(), &corpus, 2);
        let names: Vec<String> = corpus.names().map(str::to_owned).collect();
        let words = names
            .iter()
            .flat_map(|name| {
                corpus.source(name).unwrap().unwrap().text().split(' ').map(str::to_owned).collect::<Vec<_>>()
            })
            .filter(|word| !word.is_empty())
            .collect();
        Small { _dir: dir, corpus, index, words }
    })
}

/// Words common enough in any English text that a quote of them alone narrows nothing.
const COMMON: [&str; 16] =
    ["the", "of", "and", "to", "a", "in", "that", "is", "for", "it", "we", "be", "our", "as", "have", "not"];

/// How a sampled passage is misquoted.
#[derive(Debug, Clone)]
enum Edit {
    /// A word replaced by another word of the corpus (picked by the number), or by one no source holds.
    Change(usize, Option<usize>),
    Drop(usize),
    Insert(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), proptest::option::of(any::<usize>())).prop_map(|(at, word)| Edit::Change(at, word)),
        any::<usize>().prop_map(Edit::Drop),
        (any::<usize>(), any::<usize>()).prop_map(|(at, word)| Edit::Insert(at, word)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(96)
    ))]

    /// The closest passage of a misquote of the corpus's own words, or of a quote of its commonest words,
    /// is the same through the word index as by scanning every source.
    #[test]
    fn the_closest_passage_through_the_index_is_the_exhaustive_one(
        start in any::<usize>(),
        len in 1usize..28,
        edits in proptest::collection::vec(edit(), 0..5),
        common in proptest::option::of(proptest::collection::vec(0..COMMON.len(), 1..12)),
    ) {
        let small = small();
        let mut quote: Vec<&str> = match &common {
            Some(picks) => picks.iter().map(|pick| COMMON[*pick]).collect(),
            None => {
                let first = start % (small.words.len() - len);
                small.words[first..first + len].iter().map(String::as_str).collect()
            }
        };
        for edit in &edits {
            let word = |pick: usize| small.words[pick % small.words.len()].as_str();
            match *edit {
                Edit::Change(at, replacement) if !quote.is_empty() => {
                    let at = at % quote.len();
                    quote[at] = replacement.map_or("zqxjkvw", word);
                }
                Edit::Drop(at) if quote.len() > 1 => {
                    quote.remove(at % quote.len());
                }
                Edit::Insert(at, pick) => quote.insert(at % (quote.len() + 1), word(pick)),
                _ => {}
            }
        }
        let quote = factcheck::corpus::normalize::normalize_fragment(&quote.join(" "));
        let names: Vec<String> = small.corpus.names().map(str::to_owned).collect();
        let sources: Vec<_> = names.iter().map(|name| small.corpus.source(name).unwrap().unwrap()).collect();
        let expected = factcheck::evidence::closest::closest_passage(&quote, &sources);
        prop_assert_eq!(small.index.closest_passage(&small.corpus, &quote), expected, "{}", quote);
    }
}

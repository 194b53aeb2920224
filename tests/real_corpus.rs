//! The benchmarks' real-text mode (`generate_from` in benches/support/generate.rs): the `.txt` files of a
//! directory become the corpus byte for byte, and the claims drawn from them hold or fail as the bookkeeping
//! says: every claim with a broken item fails, every other claim passes. Run on the frozen news fixture and on
//! text written here with hard-wrapped lines, typographic punctuation and files that are not sources.

mod common;
#[path = "../benches/support/generate.rs"]
mod generate;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::claims;
use factcheck::assertion::{Claim, Evidence, Matcher, Scope};
use factcheck::corpus::Corpus;
use factcheck::evidence::{Outcome, check_all};
use factcheck::limits::Limits;

/// The news fixture: a frozen copy of five articles (tests/fixtures/news).
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news/seeds");

/// Every file directly in `dir`, by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&path).unwrap()))
        .collect()
}

/// Checks the claims of `generated` against its corpus: the ids of the claims that failed, and of those that
/// passed, in order.
fn outcomes(generated: &generate::Generated) -> (Vec<String>, Vec<String>) {
    let corpus = Corpus::open(&generated.corpus, &Limits::default()).unwrap_or_else(|error| panic!("{error}"));
    let claims = claims(&generated.assertions);
    assert_eq!(claims.len(), generated.claims);
    let refs: Vec<&Claim> = claims.iter().collect();
    let reports = check_all(&refs, &corpus, true, 2);
    let (mut failed, mut passed) = (Vec::new(), Vec::new());
    for (claim, report) in claims.iter().zip(&reports) {
        match report.outcome {
            Outcome::Failed => failed.push(claim.id.clone()),
            Outcome::Passed => passed.push(claim.id.clone()),
            Outcome::Ignored => panic!("{} was not run", claim.id),
        }
    }
    (failed, passed)
}

/// Claim ids in the order they were written (`claim-0`, `claim-1`, ...), whatever order the files load in.
fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_by_key(|id| id.trim_start_matches("claim-").parse::<usize>().unwrap());
    ids
}

#[test]
fn claims_drawn_from_the_news_articles_fail_exactly_where_they_were_broken() {
    let dir = tempfile::tempdir().unwrap();
    let generated = generate::generate_from(Path::new(SEEDS), 300, 11, dir.path()).unwrap();

    // The corpus is the articles as they are: the same names, the same bytes, and nothing else (not the
    // fixture's corpus.toml).
    let input: BTreeMap<String, Vec<u8>> =
        files(Path::new(SEEDS)).into_iter().filter(|(n, _)| n.ends_with(".txt")).collect();
    assert_eq!(input.len(), 5);
    assert_eq!(files(&generated.corpus), input);
    assert_eq!((generated.files, generated.bytes), (5, input.values().map(|b| b.len() as u64).sum()));

    // The mix of a generated suite: broken items, unscoped items, absent items, quotes for rg.
    assert_eq!(generated.claims, 300);
    assert!(generated.broken_items > 30 && generated.unscoped_items > 30, "{generated:?}");
    assert!(!generated.broken_claims.is_empty() && !generated.broken_unscoped_quotes.is_empty());
    let quotes = fs::read_to_string(dir.path().join("quotes.txt")).unwrap();
    assert_eq!(quotes.lines().collect::<Vec<_>>(), generated.quotes);
    let broken = fs::read_to_string(dir.path().join("broken-unscoped-quotes.txt")).unwrap();
    assert_eq!(broken.lines().collect::<Vec<_>>(), generated.broken_unscoped_quotes);
    let items: Vec<Evidence> = claims(&generated.assertions).into_iter().flat_map(|claim| claim.evidence).collect();
    assert_eq!(items.len(), generated.items);
    assert!(items.iter().any(|item| item.absent) && items.iter().any(|item| item.ignore_case));
    for kind in [
        |m: &Matcher| matches!(m, Matcher::Quote { .. }),
        |m: &Matcher| matches!(m, Matcher::Pattern { .. }),
        |m: &Matcher| matches!(m, Matcher::Terms { .. }),
    ] {
        assert!(items.iter().any(|item| kind(&item.matcher)), "a kind of item was never drawn");
    }

    let (failed, passed) = outcomes(&generated);
    assert_eq!(sorted(failed), generated.broken_claims);
    assert_eq!(passed.len(), 300 - generated.broken_claims.len());
}

#[test]
fn files_as_they_are_hard_wrapped_and_typeset_become_the_corpus_and_its_claims() {
    let input = tempfile::tempdir().unwrap();
    // Lines wrapped mid-sentence, curly quotes, an em dash, a number with a comma, an abbreviation.
    let wrapped = "The harbour commission met on Tuesday and voted to extend the northern breakwater by\n\
        another 1,200 metres, at a cost the treasurer called \u{201C}large but bearable\u{201D} for a town of its size.\n\
        Dr. Okafor, who chairs the commission, said the work would begin in the spring \u{2014} weather\n\
        permitting \u{2014} and would take three seasons to finish. Fishermen who moor in the old basin\n\
        asked that the channel stay open while the cranes are working, and the commission agreed.\n\n\
        A second motion, to dredge the inner harbour before the autumn regatta, was deferred until the\n\
        engineers have surveyed the silt that the winter storms carried in from the estuary.\n";
    let plain = "Residents of the valley gathered in the school hall to hear the plan for the new bridge. \
        The county engineer explained that the old stone bridge could no longer carry the weight of modern lorries. \
        Several farmers said that a closure of more than two months would cut them off from the market town. \
        The engineer promised a temporary crossing downstream for the whole length of the works. \
        The meeting ended with a vote of thanks to the volunteers who had organised the evening.";
    fs::write(input.path().join("harbour.txt"), wrapped).unwrap();
    fs::write(input.path().join("bridge.txt"), plain).unwrap();
    fs::write(input.path().join("empty.txt"), "").unwrap(); // a source with no sentence: copied, never quoted
    fs::write(input.path().join("notes.md"), "Not a .txt file: not part of the corpus.\n").unwrap();
    fs::create_dir(input.path().join("sub")).unwrap();
    fs::write(input.path().join("sub/nested.txt"), "Nested text is not taken.").unwrap();

    let out = tempfile::tempdir().unwrap();
    let generated = generate::generate_from(input.path(), 120, 3, out.path()).unwrap();
    let expected: BTreeMap<String, Vec<u8>> =
        files(input.path()).into_iter().filter(|(name, _)| name.ends_with(".txt")).collect();
    assert_eq!(expected.len(), 3);
    assert_eq!(files(&generated.corpus), expected);
    assert!(!generated.corpus.join("sub").exists());
    assert_eq!(generated.claims, 120);
    let named: BTreeSet<String> = claims(&generated.assertions)
        .into_iter()
        .flat_map(|claim| claim.evidence)
        .filter_map(|item| match item.scope {
            Scope::Sources(names) => Some(names),
            Scope::All => None,
        })
        .flatten()
        .collect();
    assert_eq!(named, BTreeSet::from(["bridge.txt".to_owned(), "harbour.txt".to_owned()]));

    let (failed, _) = outcomes(&generated);
    assert_eq!(sorted(failed), generated.broken_claims);

    // A function of the seed: the same seed writes the same claims, another seed others.
    let again = tempfile::tempdir().unwrap();
    generate::generate_from(input.path(), 120, 3, again.path()).unwrap();
    let other = tempfile::tempdir().unwrap();
    generate::generate_from(input.path(), 120, 4, other.path()).unwrap();
    let part = "assertions/part-000/claims-00000.toml";
    let read = |dir: &Path| fs::read(dir.join(part)).unwrap();
    assert_eq!(read(out.path()), read(again.path()));
    assert_ne!(read(out.path()), read(other.path()));
}

#[test]
fn a_directory_with_no_sentences_is_an_error_and_writes_nothing() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("short.txt"), "Too short.").unwrap();
    let out = tempfile::tempdir().unwrap();
    let error = generate::generate_from(input.path(), 10, 1, out.path()).unwrap_err();
    assert!(error.to_string().contains("no sentences"), "{error}");
    assert!(!out.path().join("corpus").exists());
}

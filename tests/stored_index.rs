//! The word index kept on disk for claims checked one per process (nextest, `cargo test -- --exact NAME`):
//! every report is the one a check without any index gives, a claim reads only the sources it needs, and a
//! file that is stale, corrupt, from another version or written by processes racing each other never changes
//! a result.
//!
//! Each "process" here is a fresh [`Corpus`] and a fresh [`CorpusIndex::stored`], as a trial process has; one
//! test runs the harness binary itself.

mod common;
#[path = "../benches/support/generate.rs"]
mod generate;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Barrier;

use common::{claims, corpus};
use factcheck::assertion::Claim;
use factcheck::assertion::load::parse_file;
use factcheck::corpus::Corpus;
use factcheck::evidence::index::StoreWarning;
use factcheck::evidence::{CorpusIndex, check_all_with, check_claim_with};
use factcheck::limits::Limits;
use factcheck::report::json;

/// The JSON report of each claim, checked without any index.
fn plain(claims: &[Claim], corpus: &Corpus) -> Vec<String> {
    let refs: Vec<&Claim> = claims.iter().collect();
    check_all_with(&refs, corpus, true, 1, None).iter().map(json::claim).collect()
}

/// What a trial process does: open the corpus, check one claim through the stored index in `dir`.
struct Trial {
    report: String,
    sources_read: usize,
    warnings: Vec<StoreWarning>,
}

fn trial(root: &Path, dir: &Path, claim: &Claim) -> Trial {
    let corpus = corpus(root);
    let index = CorpusIndex::stored(&corpus, dir, 2);
    let report = json::claim(&check_claim_with(claim, &corpus, Some(&index)));
    Trial { report, sources_read: corpus.sources_read(), warnings: index.warnings() }
}

/// The only file of the index directory (the index; its lock file aside).
fn index_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "words"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// A copy of the news fixture's corpus, and where its stored index goes, in one temporary directory.
fn seeds_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("seeds");
    common::copy_dir(&common::seeds(), &root);
    let dir = work.path().join("index");
    (work, root, dir)
}

/// A corpus of a few hundred generated articles and claims about them, some broken, some naming no source.
fn generated(dir: &Path) -> (PathBuf, Vec<Claim>) {
    let spec = generate::Spec::new(1 << 20, 300, 11);
    let generated = generate::generate(&spec, &common::seeds(), dir).unwrap();
    assert!(generated.files > 100 && generated.unscoped_items > 20 && generated.broken_items > 20, "{generated:?}");
    (generated.corpus.clone(), claims(&generated.assertions))
}

#[test]
fn claims_checked_one_per_process_report_what_a_check_without_an_index_reports() {
    let work = tempfile::tempdir().unwrap();
    let (root, claims) = generated(work.path());
    let expected = plain(&claims, &corpus(&root));
    let dir = work.path().join("index");
    let files = corpus(&root).names().len();
    let mut unscoped_alone = Vec::new();
    for (claim, expected) in claims.iter().zip(&expected) {
        let trial = trial(&root, &dir, claim);
        assert_eq!(&trial.report, expected, "{}", claim.name);
        assert!(trial.warnings.is_empty(), "{:?}", trial.warnings);
        let quotes_only =
            claim.evidence.iter().all(|item| matches!(item.matcher, factcheck::assertion::Matcher::Quote { .. }));
        if quotes_only && claim.evidence.iter().any(|item| item.scope == factcheck::assertion::Scope::All) {
            unscoped_alone.push(trial.sources_read);
        }
    }
    // The first trial that needed the index built it, reading every source; the others read only the sources
    // their quotes can be in, or (for a misquote) where a window may share enough words with it. Without the
    // stored index, each would read every source.
    assert!(unscoped_alone.len() > 5, "{unscoped_alone:?}");
    let mut later = unscoped_alone[1..].to_vec();
    later.sort_unstable();
    let (median, most) = (later[later.len() / 2], later[later.len() - 1]);
    assert!(median * 20 < files && most * 2 < files, "sources read of {files}: {unscoped_alone:?}");
    index_file(&dir);
}

/// Items whose literal keys are made of windows every source holds, which only a filter's word and pair
/// probes narrow: a rare word (`intrusted`), a term too short for a literal key (`EU`), and a quote of common
/// words cited in the wrong source, whose other sources are searched. Each trial reads only a few sources.
#[test]
fn rare_words_short_terms_and_common_words_side_by_side_are_narrowed_by_the_filters() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("corpus");
    fs::create_dir_all(&root).unwrap();
    let articles = 120;
    for n in 0..articles {
        // Every article holds each three-byte window of the keys below, and their words apart.
        let mut text = format!(
            "Article {n}. The administration entrusted its intent to the Europe desk.\n\n\
             They said the budget was theirs, and a budget they wrote was sent on.\n"
        );
        if n == 77 {
            text.push_str("\nThe sums were intrusted to the administration by the EU council.\n");
        }
        if n == 91 {
            text.push_str("\nNow, is this a they budget at all?\n");
        }
        fs::write(root.join(format!("a{n:03}.txt")), text).unwrap();
    }
    let claims = parse_file(
        "narrow.toml",
        r#"
[[claim]]
id = "rare-word"
claim = "The sums were intrusted to the administration."
[[claim.evidence]]
terms = ["intrusted", "administration"]

[[claim]]
id = "short-term"
claim = "The EU council held the sums."
[[claim.evidence]]
terms = ["EU"]

[[claim]]
id = "common-words-elsewhere"
claim = "Is this a they budget?"
[[claim.evidence]]
source = "a005.txt"
quote = "is this a they budget"
"#,
        &Limits::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
    .claims;
    let expected = plain(&claims, &corpus(&root));
    assert!(expected[2].contains("a091.txt"), "found elsewhere: {}", expected[2]);
    let dir = work.path().join("index");
    trial(&root, &dir, &claims[0]);
    for (claim, expected) in claims.iter().zip(&expected) {
        let trial = trial(&root, &dir, claim);
        assert_eq!(&trial.report, expected, "{}", claim.name);
        assert!(trial.sources_read <= 4, "{}: read {} of {articles} sources", claim.name, trial.sources_read);
    }
}

/// Claims on the news fixture that take every path a stored index serves: quotes found (in one source, in
/// several), misquoted (closest passage), case-insensitive, present where they should be absent, cited in the
/// wrong source (found elsewhere), too short to narrow; and terms and patterns, which only its filters narrow.
const CLAIMS: &str = include_str!("fixtures/index-claims.toml");

/// The position of the claim `id` in [`CLAIMS`].
fn at(claims: &[Claim], id: &str) -> usize {
    claims.iter().position(|claim| claim.id == id).unwrap_or_else(|| panic!("no claim {id}"))
}

fn fixture_claims() -> Vec<Claim> {
    parse_file("stored.toml", CLAIMS, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}")).claims
}

#[test]
fn every_kind_of_item_reports_the_same_through_the_stored_index() {
    let (_work, root, dir) = seeds_copy();
    let claims = fixture_claims();
    let expected = plain(&claims, &corpus(&root));
    assert!(expected.iter().filter(|r| r.contains(r#""outcome":"failed""#)).count() >= 5, "{expected:#?}");
    let elsewhere = &expected[at(&claims, "misquote-cited-elsewhere")];
    assert!(elsewhere.contains("it occurs verbatim in"), "{elsewhere}");
    for round in 0..2 {
        for (claim, expected) in claims.iter().zip(&expected) {
            let trial = trial(&root, &dir, claim);
            assert_eq!(&trial.report, expected, "round {round}: {}", claim.name);
            assert!(trial.warnings.is_empty(), "{:?}", trial.warnings);
        }
    }
}

#[test]
fn an_edited_added_or_removed_source_makes_the_stored_index_stale() {
    let (_work, root, dir) = seeds_copy();
    let claim = |quote: &str| {
        let toml = format!("[[claim]]\nid = \"q\"\nclaim = \"A claim.\"\n[[claim.evidence]]\nquote = \"{quote}\"\n");
        parse_file("edit.toml", &toml, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}")).claims.remove(0)
    };
    let check_both_ways = |claim: &Claim| {
        let expected = plain(std::slice::from_ref(claim), &corpus(&root)).remove(0);
        let trial = trial(&root, &dir, claim);
        assert_eq!(trial.report, expected);
        assert!(trial.warnings.is_empty(), "{:?}", trial.warnings);
        expected
    };
    let novel = claim("the zorblat quixel treaty was signed");
    assert!(check_both_ways(&novel).contains(r#""outcome":"failed""#));

    // An edit that changes the size.
    let source = root.join("002_dbdf83ece837fbd8.txt");
    let text = fs::read_to_string(&source).unwrap();
    fs::write(&source, format!("{text}\nIn the end the zorblat quixel treaty was signed.\n")).unwrap();
    assert!(check_both_ways(&novel).contains(r#""outcome":"passed""#));

    // An edit that keeps the size and the modification time (file times are coarse; an edit can land within
    // one tick of the last).
    let before = fs::metadata(&source).unwrap().modified().unwrap();
    let same_size = fs::read_to_string(&source).unwrap().replace("zorblat quixel", "zorblat quixol");
    fs::write(&source, same_size).unwrap();
    fs::File::options().write(true).open(&source).unwrap().set_modified(before).unwrap();
    assert!(check_both_ways(&novel).contains(r#""outcome":"failed""#));

    // A source added, then removed.
    fs::write(root.join("zz-new.txt"), "Later the zorblat quixel treaty was signed again.\n").unwrap();
    assert!(check_both_ways(&novel).contains(r#""outcome":"passed""#));
    fs::remove_file(root.join("zz-new.txt")).unwrap();
    assert!(check_both_ways(&novel).contains(r#""outcome":"failed""#));

    // A source that is a symlink (to a file inside the root, which the corpus follows): its target edited.
    #[cfg(unix)]
    {
        let target = root.join("zz-target.data");
        fs::write(&target, "Nothing to see here.\n").unwrap();
        std::os::unix::fs::symlink(&target, root.join("zz-link.txt")).unwrap();
        assert!(check_both_ways(&novel).contains(r#""outcome":"failed""#));
        fs::write(&target, "Later the zorblat quixel treaty was signed again.\n").unwrap();
        assert!(check_both_ways(&novel).contains(r#""outcome":"passed""#));
    }
}

#[test]
fn a_corrupt_truncated_or_foreign_index_is_ignored_with_a_warning() {
    let (_work, root, dir) = seeds_copy();
    let claims = fixture_claims();
    let (misquote, terms) = (&claims[at(&claims, "misquote")], &claims[at(&claims, "terms")]);
    let expected = plain(&[misquote.clone(), terms.clone()], &corpus(&root));
    assert!(expected[0].contains(r#""closest":"#), "{}", expected[0]);
    let build = trial(&root, &dir, misquote);
    assert_eq!(build.report, expected[0]);
    let file = index_file(&dir);
    let good = fs::read(&file).unwrap();

    let damaged = |damage: &dyn Fn(&mut Vec<u8>), claim: usize, warning: &str| {
        let mut bytes = good.clone();
        damage(&mut bytes);
        fs::write(&file, &bytes).unwrap();
        let trial = trial(&root, &dir, [misquote, terms][claim]);
        assert_eq!(trial.report, expected[claim], "{warning}");
        let shown: Vec<String> = trial.warnings.iter().map(ToString::to_string).collect();
        assert!(shown.iter().any(|shown| shown.contains(warning)), "{warning}: {shown:?}");
    };
    // A byte of the header (a source's recorded size), a truncated file, another version (its version string
    // is at byte 24), something else entirely; then the two sections after the header: the positions of the
    // words (after fixed fields, one entry per source, four tables of 2^16 buckets and two checksums), and the
    // source filters, the file's last bytes.
    damaged(&|bytes| bytes[60] ^= 1, 0, "its header does not match its checksum");
    damaged(&|bytes| bytes.truncate(bytes.len() / 2), 0, "it is corrupt");
    damaged(&|bytes| bytes[24..29].copy_from_slice(b"9.9.9"), 0, "written by factcheck 9.9.9");
    damaged(
        &|bytes| *bytes = b"# not an index, but long enough to hold its first fields".to_vec(),
        0,
        "not a factcheck",
    );
    let version = env!("CARGO_PKG_VERSION").len();
    let entries: usize = corpus(&root).names().map(|name| 4 + name.len() + 49).sum();
    let buckets = 16 + 4 + 4 + version + 8 + 8 + 4 + entries;
    let positions = buckets + (1 << 16) * (4 + 4 + 8) + 4 + 8;
    let total_at = buckets + (1 << 16) * (4 + 4);
    let total = u32::from_le_bytes(good[total_at..total_at + 4].try_into().unwrap()) as usize;
    let filters = positions + 4 * total;
    assert!(good.len() > filters + 1000, "{} bytes, positions from {positions}, filters from {filters}", good.len());
    damaged(&|bytes| bytes[positions..filters].iter_mut().for_each(|byte| *byte ^= 0x5a), 0, "the positions of bucket");
    damaged(
        &|bytes| bytes[filters..].iter_mut().for_each(|byte| *byte ^= 0x5a),
        1,
        "the source filters do not match their checksums",
    );
    // After a damaged file, the trial rebuilt it: the next one uses it without a warning.
    let again = trial(&root, &dir, misquote);
    assert_eq!(again.report, expected[0]);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
}

#[test]
fn processes_started_together_build_one_index_and_agree() {
    let (_work, root, dir) = seeds_copy();
    let claims = fixture_claims();
    let expected = plain(&claims, &corpus(&root));
    let barrier = Barrier::new(6);
    std::thread::scope(|scope| {
        for worker in 0..6 {
            let (claims, expected, barrier, root, dir) = (&claims, &expected, &barrier, &root, &dir);
            scope.spawn(move || {
                barrier.wait();
                let claim = at(claims, ["misquote", "absent-but-present", "misquote-cited-elsewhere"][worker % 3]);
                let trial = trial(root, dir, &claims[claim]);
                assert_eq!(trial.report, expected[claim]);
                assert!(trial.warnings.is_empty(), "{:?}", trial.warnings);
            });
        }
    });
    let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "the index and its lock, no temporary files: {leftovers:?}");
    let after = trial(&root, &dir, &claims[at(&claims, "misquote")]);
    assert!(after.sources_read < 5, "the file the race left is used: {} sources read", after.sources_read);
}

#[test]
fn the_harness_keeps_the_index_for_trials_run_alone() {
    let (work, root, dir) = seeds_copy();
    let assertions = work.path().join("assertions");
    fs::create_dir_all(&assertions).unwrap();
    fs::write(assertions.join("stored.toml"), CLAIMS).unwrap();
    let run = |name: &str| {
        std::process::Command::new(common::harness_binary())
            .args(["--exact", name])
            .env(factcheck::harness::CORPUS_VAR, &root)
            .env(factcheck::harness::ASSERTIONS_VAR, &assertions)
            .env(factcheck::harness::INDEX_DIR_VAR, &dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // libtest's summary says how long the run took: the rest is compared.
    let untimed = |output: &std::process::Output| {
        let stdout = common::stdout(output);
        stdout.lines().filter(|line| !line.contains("finished in")).collect::<Vec<_>>().join("\n")
    };
    let first = run("stored::misquote");
    assert!(!first.status.success());
    assert!(untimed(&first).contains("closest: The two leaders met for nearly three hours"), "{}", untimed(&first));
    let file = index_file(&dir);
    let second = run("stored::misquote");
    assert_eq!(untimed(&first), untimed(&second));
    // A damaged file: the same failure, and a warning on stderr.
    fs::write(&file, b"garbage").unwrap();
    let damaged = run("stored::misquote");
    assert_eq!(untimed(&first), untimed(&damaged));
    assert!(common::stderr(&damaged).contains("warning: ignoring the corpus index"), "{}", common::stderr(&damaged));
    assert!(run("stored::found").status.success());
}

#[test]
fn a_source_that_cannot_be_read_fails_unscoped_items_the_same_through_the_stored_index() {
    let (_work, root, dir) = seeds_copy();
    fs::write(root.join("003_broken.txt"), b"Not UTF-8: \xff\xfe here.\n").unwrap();
    let claims = fixture_claims();
    let expected = plain(&claims, &corpus(&root));
    assert!(expected[0].contains("003_broken.txt"), "{}", expected[0]);
    for round in 0..2 {
        for (claim, expected) in claims.iter().zip(&expected) {
            let trial = trial(&root, &dir, claim);
            assert_eq!(&trial.report, expected, "round {round}: {}", claim.name);
        }
    }
    // Warm, the index says which source cannot be read: that one is read again for its error, not the others.
    let warm = trial(&root, &dir, &claims[0]);
    assert!(warm.sources_read <= 2, "{} sources read, {:?}", warm.sources_read, warm.warnings);
}

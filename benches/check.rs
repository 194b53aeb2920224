//! Micro-benchmarks of the parts that scale with the corpus, on a generated corpus of 4 MB and 400 claims
//! (`cargo bench --bench check`). The headline figures at 100 MB come from `benches/run.sh`
//! (`examples/bench_report.rs`); these are for comparing one change with the next.

#[path = "support/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use factcheck::assertion::{Claim, load_root};
use factcheck::corpus::Corpus;
use factcheck::corpus::normalize::{normalize, normalize_fragment};
use factcheck::evidence::closest::closest_passage;
use factcheck::evidence::{CorpusIndex, check_all, check_all_with};
use factcheck::limits::Limits;

/// The generated corpus, made once per run in a temporary directory.
static DATA: OnceLock<(PathBuf, generate::Generated)> = OnceLock::new();

fn main() {
    divan::main();
    if let Some((dir, _)) = DATA.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn data() -> &'static (PathBuf, generate::Generated) {
    DATA.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("factcheck-divan-{}", std::process::id()));
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news/seeds");
        let generated = generate::generate(&generate::Spec::new(4 << 20, 400, 3), &seeds, &dir)
            .unwrap_or_else(|error| panic!("cannot generate the corpus in {}: {error}", dir.display()));
        (dir, generated)
    })
}

fn corpus() -> Corpus {
    Corpus::open(&data().1.corpus, &Limits::default()).unwrap_or_else(|error| panic!("{error}"))
}

fn claims() -> Vec<Claim> {
    let files = load_root(&data().1.assertions, &Limits::default(), factcheck::parallel::default_threads())
        .unwrap_or_else(|error| panic!("{error}"));
    files.into_iter().flatten().flat_map(|file| file.claims).collect()
}

/// Reading and normalizing every source, one thread.
#[divan::bench(sample_count = 10)]
fn load_and_normalize(bencher: Bencher) {
    bencher.counter(divan::counter::BytesCount::new(data().1.bytes)).with_inputs(corpus).bench_local_values(|corpus| {
        let names: Vec<String> = corpus.names().map(str::to_owned).collect();
        for name in &names {
            black_box(corpus.source(name));
        }
        corpus
    });
}

/// Normalization alone, of a typeset article.
#[divan::bench]
fn normalize_article(bencher: Bencher) {
    let text = "“Moscow’s” win — the two leaders met for nearly three hours in Anchorage.\n\n".repeat(200);
    bencher.counter(divan::counter::BytesCount::of_str(&text)).bench(|| normalize(black_box(&text)));
}

/// Both parts of the index, on a corpus already loaded.
#[divan::bench(sample_count = 10)]
fn build_index(bencher: Bencher) {
    let corpus = corpus();
    let claims = claims();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    bencher.bench_local(|| {
        let index = CorpusIndex::new(claims.iter(), &corpus, threads);
        index.build_literal_index(&corpus);
        index.build_word_index(&corpus);
        index
    });
}

/// The closest passage of a broken unscoped quote, through the index and by scanning every source.
#[divan::bench(args = [true, false], sample_count = 20)]
fn closest_passage_of_a_misquote(bencher: Bencher, indexed: bool) {
    let corpus = corpus();
    let index = CorpusIndex::new(std::iter::empty(), &corpus, 2);
    index.build_word_index(&corpus);
    let names: Vec<String> = corpus.names().map(str::to_owned).collect();
    let sources: Vec<_> = names.iter().filter_map(|name| corpus.source(name)?.ok()).collect();
    let quotes: Vec<String> = data().1.broken_unscoped_quotes.iter().map(|q| normalize_fragment(q)).collect();
    let mut next = 0;
    bencher.bench_local(|| {
        next = (next + 1) % quotes.len().max(1);
        let quote = &quotes[next];
        if indexed { index.closest_passage(&corpus, quote) } else { closest_passage(quote, &sources) }
    });
}

/// The whole check of the suite, with and without the index (the corpus loaded already).
#[divan::bench(args = [true, false], sample_count = 5)]
fn check_the_suite(bencher: Bencher, indexed: bool) {
    let claims = claims();
    let refs: Vec<&Claim> = claims.iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    bencher.with_inputs(corpus).bench_local_values(|corpus| {
        let reports = if indexed {
            check_all(&refs, &corpus, false, threads)
        } else {
            check_all_with(&refs, &corpus, false, threads, None)
        };
        (reports, corpus)
    });
}

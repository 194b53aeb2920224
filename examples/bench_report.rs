//! The headline figures of BENCHMARKS.md, in one run:
//!
//! ```text
//! benches/run.sh --size 100MB --claims 10000        # builds, installs ripgrep and RapidFuzz if absent, runs this
//! ```
//!
//! For a generated corpus (`benches/support/generate.rs`, cached under `--dir`), or with `--from DIR` for real
//! text (the `.txt` files of DIR as they are, the claims drawn from them), it measures:
//!
//! - loading and normalizing the corpus, one thread (MB/s);
//! - building the corpus index (literal and word parts) on all threads;
//! - the closest passage of each broken quote with no scope, over the whole corpus, through the index (median,
//!   90th percentile), and for a few of them without it, checking that both give the same passage;
//! - the whole `factcheck check` as a user runs it (the release binary beside this example, wall time and peak
//!   memory by `/usr/bin/time`), with and, optionally, without the index;
//! - side by side, the same quotes searched by `rg -F -f quotes.txt` over the same files, and the closest passage
//!   of the same broken quotes found by RapidFuzz's `fuzz.partial_ratio_alignment` (`benches/rapidfuzz_closest.py`);
//! - the whole check against corpus size and claim count, drawn into an SVG chart;
//! - claims that name no source checked one per process, as nextest runs them (the `cargo test` harness built
//!   in release, `--exact NAME` per claim), with the stored word index cold and warm, against one `factcheck
//!   check` of the same claims.
//!
//! It also checks the suite once in process and says whether exactly the claims written with a broken item
//! failed. Every figure is the median of `--runs` runs. Nothing here is timed by a test: these are measurements
//! to read.

#[path = "../benches/support/args.rs"]
mod args;
#[path = "../benches/support/generate.rs"]
mod generate;
#[path = "../benches/support/svg.rs"]
mod svg;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use factcheck::assertion::{Claim, load_root};
use factcheck::corpus::Corpus;
use factcheck::corpus::normalize::normalize_fragment;
use factcheck::evidence::closest::closest_passage;
use factcheck::evidence::{CorpusIndex, Outcome, check_all_with};
use factcheck::limits::Limits;

const MB: f64 = 1024.0 * 1024.0;

/// The headline figures of BENCHMARKS.md, in one run (see the top of examples/bench_report.rs).
#[derive(Debug, Parser)]
#[command(name = "bench_report", about)]
struct Options {
    /// Corpus size of the headline run (and the largest of the scaling runs unless --sizes says otherwise).
    #[arg(long, default_value = "100MB", value_parser = args::size)]
    size: u64,
    /// Claims of the headline run.
    #[arg(long, default_value = "10000", value_parser = args::number)]
    claims: usize,
    /// The seed of the generated corpus and claims.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Real text instead of a generated corpus: the `.txt` files of DIR, unchanged, are the corpus (copied
    /// under --dir), and the --claims claims are drawn from them. --size does not apply, and the scaling runs
    /// (generated corpora) are skipped, as with --no-scaling.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Where generated corpora are cached (default: $TMPDIR/factcheck-bench).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Runs of each timed command; the median is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    runs: usize,
    /// Corpus sizes of the scaling runs.
    #[arg(long, value_delimiter = ',', default_value = "10MB,30MB,100MB", value_parser = args::size)]
    sizes: Vec<u64>,
    /// Claim counts of the scaling runs (on the largest corpus).
    #[arg(long, value_delimiter = ',', default_value = "1k,3k,10k", value_parser = args::number)]
    claim_counts: Vec<usize>,
    /// Skip ripgrep and RapidFuzz.
    #[arg(long)]
    no_external: bool,
    /// Also time the whole check without the index.
    #[arg(long)]
    no_index_check: bool,
    /// Skip the scaling runs (and the chart); implied by --from.
    #[arg(long)]
    no_scaling: bool,
    /// Broken quotes RapidFuzz searches for.
    #[arg(long, default_value_t = 20)]
    rapidfuzz_quotes: usize,
    /// Broken quotes also searched without the index, to check that the passage is the same.
    #[arg(long, default_value_t = 5)]
    linear_quotes: usize,
    /// Stop after the in-process figures (no whole check, no side by side, no scaling): for working on the
    /// closest-passage search.
    #[arg(long)]
    in_process_only: bool,
    /// Times each broken quote's closest passage is searched through the index; each quote's median is reported.
    #[arg(long, default_value_t = 1, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    closest_runs: usize,
    /// Also list the slowest quotes of the closest-passage search through the index, with their times.
    #[arg(long, default_value_t = 0)]
    slowest: usize,
    /// Where to write the chart (default: benches/scaling.svg).
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Also write the report to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Claims that name no source, checked one per process.
    #[arg(long, default_value_t = 100)]
    trials: usize,
    /// Of those, how many are also run without the stored index (each reads the whole corpus).
    #[arg(long, default_value_t = 10)]
    trials_without_index: usize,
    /// The `cargo test` harness binary to run them with (default: built in release by cargo).
    #[arg(long)]
    harness: Option<PathBuf>,
}

impl Options {
    fn dir(&self) -> PathBuf {
        self.dir.clone().unwrap_or_else(|| std::env::temp_dir().join("factcheck-bench"))
    }

    fn svg(&self) -> PathBuf {
        self.svg.clone().unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scaling.svg"))
    }
}

fn main() -> ExitCode {
    let options = Options::parse();
    match run(&options) {
        Ok(report) => {
            print!("{report}");
            if let Some(path) = &options.report
                && let Err(error) = fs::write(path, &report)
            {
                eprintln!("warning: cannot write {}: {error}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A generated (or, with `--from`, drawn) corpus and assertion set on disk.
struct Dataset {
    root: PathBuf,
    /// What the corpus is, for the report.
    origin: String,
    corpus: PathBuf,
    assertions: PathBuf,
    bytes: u64,
    files: usize,
    claims: usize,
    items: usize,
    broken: usize,
    unscoped: usize,
    /// The ids of the claims written with a broken item (`None` for a dataset cached before they were kept).
    broken_claims: Option<Vec<String>>,
}

/// The dataset for a spec (or, with `--from`, for the real text of that directory), generated unless a previous
/// run left it (its `manifest.txt` says so). Real text is cached as `real-<directory name>-...`, apart from
/// generated corpora; a directory whose files change needs a fresh `--dir` (or the cached copy removed).
fn dataset(options: &Options, size: u64, claims: usize) -> io::Result<Dataset> {
    let (root, origin) = match &options.from {
        Some(from) => {
            let name =
                from.canonicalize()?.file_name().map_or_else(|| "root".into(), |n| n.to_string_lossy().into_owned());
            let root = options.dir().join(format!("real-{name}-{claims}claims-seed{}", options.seed));
            (root, format!("real text, the .txt files of {} as they are", from.display()))
        }
        None => (
            options.dir().join(format!("{}MB-{}claims-seed{}", size >> 20, claims, options.seed)),
            "generated by benches/support/generate.rs".to_owned(),
        ),
    };
    let manifest = root.join("manifest.txt");
    if !manifest.exists() {
        let generated = match &options.from {
            Some(from) => {
                eprintln!("drawing {claims} claims from {} into {} ...", from.display(), root.display());
                generate::generate_from(from, claims, options.seed, &root)?
            }
            None => {
                eprintln!("generating {} MB with {claims} claims into {} ...", size >> 20, root.display());
                let spec = generate::Spec::new(size, claims, options.seed);
                let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news/seeds");
                generate::generate(&spec, &seeds, &root)?
            }
        };
        for missing in &generated.missing_text {
            eprintln!("note: {} is absent; the corpus is made from the seeds alone", missing.display());
        }
        fs::write(
            &manifest,
            format!(
                "bytes={}\nfiles={}\nclaims={}\nitems={}\nbroken={}\nunscoped={}\nbroken_claims={}\n",
                generated.bytes,
                generated.files,
                generated.claims,
                generated.items,
                generated.broken_items,
                generated.unscoped_items,
                generated.broken_claims.join(",")
            ),
        )?;
    }
    let text = fs::read_to_string(&manifest)?;
    let value = |name: &str| text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix('='));
    let field = |name: &str| -> u64 { value(name).and_then(|value| value.parse().ok()).unwrap_or(0) };
    Ok(Dataset {
        origin,
        broken_claims: value("broken_claims")
            .map(|ids| ids.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect()),
        corpus: root.join("corpus"),
        assertions: root.join("assertions"),
        bytes: field("bytes"),
        files: field("files") as usize,
        claims: field("claims") as usize,
        items: field("items") as usize,
        broken: field("broken") as usize,
        unscoped: field("unscoped") as usize,
        root,
    })
}

/// A subset of a dataset's assertion files holding about `claims` claims, spread evenly over the corpus.
fn assertion_subset(data: &Dataset, claims: usize) -> io::Result<PathBuf> {
    if claims >= data.claims {
        return Ok(data.assertions.clone());
    }
    let dir = data.root.join(format!("assertions-{claims}"));
    if dir.exists() {
        return Ok(dir);
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for part in fs::read_dir(&data.assertions)? {
        for file in fs::read_dir(part?.path())? {
            files.push(file?.path());
        }
    }
    files.sort();
    let keep = (files.len() * claims).div_ceil(data.claims.max(1)).max(1);
    fs::create_dir_all(&dir)?;
    for i in 0..keep {
        let file = &files[i * files.len() / keep];
        let name = file.file_name().ok_or_else(|| io::Error::other("an assertion file without a name"))?;
        fs::copy(file, dir.join(name))?;
    }
    Ok(dir)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        return f64::NAN;
    }
    values[((values.len() - 1) as f64 * p).round() as usize]
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// This process's peak resident memory, from /proc (0 where there is none).
fn peak_rss_bytes() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// What `/usr/bin/time` saw of one run of a command.
#[derive(Debug, Clone, Copy)]
struct Timed {
    wall: f64,
    peak_bytes: u64,
}

/// Runs a command under `/usr/bin/time -f '%e %M'`, its output discarded.
fn time_command(command: &[&str]) -> io::Result<Timed> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "__timed__ %e %M"])
        .args(command)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix("__timed__ "))
        .ok_or_else(|| io::Error::other(format!("`{}` gave no timing: {stderr}", command.join(" "))))?;
    let mut fields = line.split_whitespace();
    let wall: f64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(f64::NAN);
    let kb: u64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    Ok(Timed { wall, peak_bytes: kb * 1024 })
}

/// Medians of `runs` timed runs.
fn time_runs(command: &[&str], runs: usize) -> io::Result<Timed> {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        let timed = time_command(command)?;
        walls.push(timed.wall);
        peaks.push(timed.peak_bytes as f64);
    }
    Ok(Timed { wall: median(&mut walls), peak_bytes: median(&mut peaks) as u64 })
}

fn factcheck_binary() -> io::Result<PathBuf> {
    if let Some(path) = std::env::var_os("FACTCHECK_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    let binary = exe.parent().and_then(Path::parent).map(|dir| dir.join("factcheck"));
    match binary {
        Some(binary) if binary.is_file() => Ok(binary),
        _ => Err(io::Error::other(
            "no factcheck binary beside this example: run benches/run.sh, or `cargo build --release` first",
        )),
    }
}

/// Times `factcheck check --format json` (with `--no-index` unless `index`) on `corpus` and `assertions`, `runs`
/// times: the median wall time and peak memory.
fn time_check(binary: &Path, corpus: &Path, assertions: &Path, index: bool, runs: usize) -> io::Result<Timed> {
    let (binary, corpus, assertions) =
        (binary.display().to_string(), corpus.display().to_string(), assertions.display().to_string());
    let mut command = vec![&*binary, "check", "--corpus", &corpus, "--assertions", &assertions, "--format", "json"];
    if !index {
        command.push("--no-index");
    }
    time_runs(&command, runs)
}

fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| l.strip_prefix("model name")?.split(':').nth(1).map(str::trim).map(str::to_owned))
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{threads} threads, {cpu}, load average {}", load())
}

fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn run(options: &Options) -> io::Result<String> {
    let mut report = String::new();
    let _ = writeln!(report, "# factcheck benchmark report\n");
    let _ = writeln!(report, "machine: {} (at start)", machine());
    let data = dataset(options, options.size, options.claims)?;
    let _ = writeln!(
        report,
        "corpus: {:.1} MB in {} files ({}); {} claims, {} evidence items ({} broken, {} with no scope); median of {} runs\n",
        data.bytes as f64 / MB,
        data.files,
        data.origin,
        data.claims,
        data.items,
        data.broken,
        data.unscoped,
        options.runs
    );
    headline(options, &data, &mut report)?;
    if options.trials > 0 && !options.in_process_only {
        trials(options, &data, &mut report)?;
    }
    // Scaling varies a generated corpus's size: real text comes in one size.
    if !options.no_scaling && !options.in_process_only && options.from.is_none() {
        scaling(options, &mut report)?;
    }
    let _ = writeln!(report, "\nload average at the end: {}", load());
    Ok(report)
}

fn load_claims(assertions: &Path) -> io::Result<Vec<Claim>> {
    Ok(load_root(assertions, &Limits::default(), factcheck::parallel::default_threads())?
        .into_iter()
        .flatten()
        .flat_map(|file| file.claims)
        .collect())
}

fn open_corpus(path: &Path) -> io::Result<Corpus> {
    Corpus::open(path, &Limits::default()).map_err(|error| io::Error::other(error.to_string()))
}

fn headline(options: &Options, data: &Dataset, report: &mut String) -> io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // Load and normalize, one thread.
    let mut load_times = Vec::new();
    for _ in 0..options.runs {
        let corpus = open_corpus(&data.corpus)?;
        let started = Instant::now();
        let names: Vec<String> = corpus.names().map(str::to_owned).collect();
        for name in &names {
            let _ = corpus.source(name);
        }
        load_times.push(secs(started.elapsed()));
    }
    let load = median(&mut load_times);
    let _ = writeln!(report, "## In process\n");
    let _ = writeln!(report, "| measurement | median |\n|---|---|");
    let _ =
        writeln!(report, "| load + normalize, 1 thread | {:.2} s ({:.0} MB/s) |", load, data.bytes as f64 / MB / load);

    // The index, and the closest passages through it.
    let claims = load_claims(&data.assertions)?;
    let mut literal_times = Vec::new();
    let mut word_times = Vec::new();
    let mut built = None;
    for _ in 0..options.runs {
        drop(built.take()); // the previous run's corpus and index are freed before the next is built
        let corpus = open_corpus(&data.corpus)?;
        let index = CorpusIndex::new(claims.iter(), &corpus, threads);
        let started = Instant::now();
        index.build_literal_index(&corpus);
        literal_times.push(secs(started.elapsed()));
        let started = Instant::now();
        index.build_word_index(&corpus);
        word_times.push(secs(started.elapsed()));
        built = Some((corpus, index));
    }
    let Some((corpus, index)) = built else { return Err(io::Error::other("no run")) };
    let _ = writeln!(
        report,
        "| literal index (loads + normalizes the corpus, then Aho-Corasick over it), {threads} threads | {:.2} s |",
        median(&mut literal_times)
    );
    let _ = writeln!(report, "| word index, {threads} threads | {:.2} s |", median(&mut word_times));
    let _ = writeln!(report, "| peak memory of this process so far | {:.0} MB |", peak_rss_bytes() as f64 / MB);

    let quotes: Vec<String> = fs::read_to_string(data.root.join("broken-unscoped-quotes.txt"))?
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(normalize_fragment)
        .collect();
    let mut indexed = Vec::new();
    let mut passages = Vec::new();
    for quote in &quotes {
        let mut times = Vec::new();
        let mut passage = None;
        for _ in 0..options.closest_runs {
            let started = Instant::now();
            passage = index.closest_passage(&corpus, quote);
            times.push(secs(started.elapsed()) * 1e3);
        }
        indexed.push(median(&mut times));
        passages.push(passage);
    }
    // RapidFuzz searches the first quotes of the file: ours are compared on the same ones.
    let indexed_in_order = indexed.clone();
    let names: Vec<String> = corpus.names().map(str::to_owned).collect();
    let sources: Vec<_> = names.iter().filter_map(|name| corpus.source(name)?.ok()).collect();
    let mut linear = Vec::new();
    let mut agree = 0;
    for (quote, passage) in quotes.iter().zip(&passages).take(options.linear_quotes) {
        let started = Instant::now();
        let found = closest_passage(quote, &sources);
        linear.push(secs(started.elapsed()) * 1e3);
        agree += usize::from(&found == passage);
    }
    let _ = writeln!(
        report,
        "| closest passage of a broken unscoped quote over the whole corpus, through the index ({} quotes) | {:.2} ms (p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms) |",
        quotes.len(),
        median(&mut indexed.clone()),
        percentile(&mut indexed.clone(), 0.9),
        percentile(&mut indexed.clone(), 0.99),
        percentile(&mut indexed.clone(), 1.0)
    );
    let _ = writeln!(
        report,
        "| the same, scanning every source ({} quotes; same passage: {agree} of them) | {:.0} ms |",
        linear.len(),
        median(&mut linear)
    );
    let mut slowest: Vec<(f64, &str)> = indexed.iter().copied().zip(quotes.iter().map(String::as_str)).collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, quote) in slowest.into_iter().take(options.slowest) {
        let _ = writeln!(report, "|   {ms:.2} ms: {quote} | |");
    }
    bookkeeping(data, &claims, &corpus, &index, threads, report);
    drop(index);
    drop(sources);
    drop(corpus);
    if options.in_process_only {
        return Ok(());
    }

    // The whole check, as a user runs it; ripgrep and RapidFuzz side by side.
    let binary = factcheck_binary()?;
    let check = time_check(&binary, &data.corpus, &data.assertions, true, options.runs)?;
    let _ = writeln!(report, "\n## Side by side\n");
    let _ = writeln!(report, "| tool | what | median wall | peak memory |\n|---|---|---|---|");
    let _ = writeln!(
        report,
        "| `factcheck check` | the whole suite: {} claims, {} items | {:.2} s | {:.0} MB ({:.2}x the corpus) |",
        data.claims,
        data.items,
        check.wall,
        check.peak_bytes as f64 / MB,
        check.peak_bytes as f64 / data.bytes as f64
    );
    if options.no_index_check {
        let plain = time_check(&binary, &data.corpus, &data.assertions, false, 1)?;
        let _ = writeln!(
            report,
            "| `factcheck check --no-index` | the same, every unscoped item searching every source (1 run) | {:.2} s | {:.0} MB |",
            plain.wall,
            plain.peak_bytes as f64 / MB
        );
    }
    if !options.no_external {
        let quotes_file = data.root.join("quotes.txt");
        let quote_count = fs::read_to_string(&quotes_file)?.lines().count();
        let corpus = data.corpus.display().to_string();
        let quotes_arg = quotes_file.display().to_string();
        match time_runs(&["rg", "-F", "-c", "-f", &quotes_arg, &corpus], options.runs) {
            Ok(rg) => {
                let _ = writeln!(
                    report,
                    "| `rg -F -c -f quotes.txt` | the suite's {quote_count} quotes, as literals, over the same files | {:.2} s | {:.0} MB |",
                    rg.wall,
                    rg.peak_bytes as f64 / MB
                );
                let _ = writeln!(report, "\nfactcheck check / ripgrep: **{:.2}x**\n", check.wall / rg.wall);
            }
            Err(error) => {
                let _ = writeln!(report, "| `rg` | not run: {error} | | |");
            }
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/rapidfuzz_closest.py");
        let broken = data.root.join("broken-unscoped-quotes.txt");
        let output = Command::new("python3")
            .arg(&script)
            .args(["--corpus", &corpus, "--quotes", &broken.display().to_string()])
            .args(["--limit", &options.rapidfuzz_quotes.to_string()])
            .output();
        match output {
            Ok(output) if output.status.success() => {
                let text = String::from_utf8_lossy(&output.stdout);
                let mut per_quote: Vec<f64> = text
                    .lines()
                    .filter_map(|line| line.strip_prefix("quote_ms "))
                    .filter_map(|value| value.trim().parse().ok())
                    .collect();
                let load_s = text.lines().find_map(|line| line.strip_prefix("load_s ")?.trim().parse::<f64>().ok());
                let rapidfuzz = median(&mut per_quote);
                let ours = median(&mut indexed_in_order[..per_quote.len().min(indexed_in_order.len())].to_vec());
                let _ = writeln!(
                    report,
                    "| RapidFuzz `partial_ratio_alignment` | closest passage of a broken unscoped quote, best over every file ({} quotes; loading the files took {:.1} s) | {:.0} ms per quote | |",
                    per_quote.len(),
                    load_s.unwrap_or(f64::NAN),
                    rapidfuzz
                );
                let _ = writeln!(
                    report,
                    "\nclosest passage, RapidFuzz / factcheck through the index: **{:.0}x** ({rapidfuzz:.0} ms against {ours:.1} ms per quote)",
                    rapidfuzz / ours
                );
            }
            Ok(output) => {
                let _ = writeln!(report, "\nRapidFuzz not run: {}", String::from_utf8_lossy(&output.stderr).trim());
            }
            Err(error) => {
                let _ = writeln!(report, "\nRapidFuzz not run: {error}");
            }
        }
    }
    Ok(())
}

/// Checks the suite once, in process, and says whether exactly the claims written with a broken item failed.
fn bookkeeping(
    data: &Dataset,
    claims: &[Claim],
    corpus: &Corpus,
    index: &CorpusIndex,
    threads: usize,
    report: &mut String,
) {
    let Some(broken) = &data.broken_claims else {
        let _ =
            writeln!(report, "\noutcomes as written: unknown (the dataset was cached before broken claims were kept)");
        return;
    };
    let refs: Vec<&Claim> = claims.iter().collect();
    let reports = check_all_with(&refs, corpus, true, threads, Some(index));
    let broken: std::collections::HashSet<&str> = broken.iter().map(String::as_str).collect();
    let mut failed = 0;
    let mut unexpected = Vec::new();
    for (claim, claim_report) in claims.iter().zip(&reports) {
        let fails = claim_report.outcome == Outcome::Failed;
        failed += usize::from(fails);
        if fails != broken.contains(claim.id.as_str()) {
            unexpected.push(format!("{} {}", claim.name, if fails { "failed" } else { "passed" }));
        }
    }
    let _ = writeln!(
        report,
        "\noutcomes as written: {failed} of {} claims failed; {} were written with a broken item; {} claims did otherwise than written{}",
        claims.len(),
        broken.len(),
        unexpected.len(),
        if unexpected.is_empty() {
            String::new()
        } else {
            format!(" (the first: {})", unexpected.iter().take(5).cloned().collect::<Vec<_>>().join(", "))
        }
    );
}

fn scaling(options: &Options, report: &mut String) -> io::Result<()> {
    let binary = factcheck_binary()?;
    let _ = writeln!(report, "\n## Scaling (whole `factcheck check`, median wall)\n");
    let _ = writeln!(report, "| corpus | claims | items | wall | peak memory |\n|---|---|---|---|---|");
    let mut by_size = Vec::new();
    for size in &options.sizes {
        let data = dataset(options, *size, options.claims)?;
        let timed = time_check(&binary, &data.corpus, &data.assertions, true, options.runs)?;
        let _ = writeln!(
            report,
            "| {:.0} MB | {} | {} | {:.2} s | {:.0} MB |",
            data.bytes as f64 / MB,
            data.claims,
            data.items,
            timed.wall,
            timed.peak_bytes as f64 / MB
        );
        by_size.push((data.bytes as f64 / MB, timed.wall));
    }
    let mut by_claims = Vec::new();
    let largest = options.sizes.iter().copied().max().unwrap_or(options.size);
    let data = dataset(options, largest, options.claims)?;
    for claims in &options.claim_counts {
        let assertions = assertion_subset(&data, *claims)?;
        let subset = load_claims(&assertions)?;
        let (count, items) = (subset.len(), subset.iter().map(|claim| claim.evidence.len()).sum::<usize>());
        let timed = time_check(&binary, &data.corpus, &assertions, true, options.runs)?;
        let _ = writeln!(
            report,
            "| {:.0} MB | {count} | {items} | {:.2} s | {:.0} MB |",
            data.bytes as f64 / MB,
            timed.wall,
            timed.peak_bytes as f64 / MB
        );
        by_claims.push((count as f64 / 1000.0, timed.wall));
    }
    let size_title = format!("{} claims, corpus size varied", options.claims);
    let claims_title = format!("{:.0} MB corpus, claims varied", data.bytes as f64 / MB);
    let chart = svg::chart(&[
        svg::Panel {
            title: &size_title,
            x_label: "corpus (MB)",
            y_label: "factcheck check (s)",
            series: vec![("wall time, median", by_size)],
        },
        svg::Panel {
            title: &claims_title,
            x_label: "claims (thousands)",
            y_label: "factcheck check (s)",
            series: vec![("wall time, median", by_claims)],
        },
    ]);
    fs::write(options.svg(), chart)?;
    let _ = writeln!(report, "\nchart written to {}", options.svg().display());
    Ok(())
}

/// The `cargo test` harness binary, built in release (as `factcheck check` is, so that the two compare).
fn harness_binary(options: &Options) -> io::Result<PathBuf> {
    if let Some(path) = &options.harness {
        return Ok(path.clone());
    }
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["test", "--release", "--test", "factcheck", "--no-run", "--message-format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::inherit())
        .output()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "factcheck" && message["target"]["kind"][0] == "test")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| io::Error::other("cargo did not build the harness: pass --harness PATH"))
}

/// Runs the harness once per claim (`--exact NAME`), keeping the word index in `index_dir` (`None`: no stored
/// index); the wall time of each run, in seconds.
fn run_trials(harness: &Path, data: &Dataset, names: &[String], index_dir: Option<&Path>) -> io::Result<Vec<f64>> {
    let mut times = Vec::with_capacity(names.len());
    for name in names {
        let started = Instant::now();
        let status = Command::new(harness)
            .args(["--exact", name, "-q"])
            .env(factcheck::harness::CORPUS_VAR, &data.corpus)
            .env(factcheck::harness::ASSERTIONS_VAR, &data.assertions)
            .env(
                factcheck::harness::INDEX_DIR_VAR,
                index_dir.map_or_else(Default::default, |dir| dir.as_os_str().to_owned()),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        times.push(secs(started.elapsed()));
        // 0: passed, 101: failed (libtest's codes); anything else is the harness itself failing.
        if !matches!(status.code(), Some(0 | 101)) {
            return Err(io::Error::other(format!("the harness failed on {name}: {status}")));
        }
    }
    Ok(times)
}

/// Claims that name no source, one process each, against one `factcheck check` of the same claims.
fn trials(options: &Options, data: &Dataset, report: &mut String) -> io::Result<()> {
    let claims = load_claims(&data.assertions)?;
    let unscoped: Vec<&Claim> = claims
        .iter()
        .filter(|claim| claim.evidence.iter().any(|item| item.scope == factcheck::assertion::Scope::All))
        .collect();
    // Spread over the suite, the same ones every run.
    let count = options.trials.min(unscoped.len());
    let names: Vec<String> = (0..count).map(|i| unscoped[i * unscoped.len() / count.max(1)].name.clone()).collect();
    let harness = harness_binary(options)?;
    let binary = factcheck_binary()?;
    let (corpus, assertions) = (data.corpus.display().to_string(), data.assertions.display().to_string());
    let mut command = vec![binary.display().to_string(), "check".into(), "--corpus".into(), corpus];
    command.extend(["--assertions".into(), assertions, "--format".into(), "json".into(), "--exact".into()]);
    command.extend(names.iter().cloned());
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let single = time_runs(&command, options.runs)?;

    let index_dir = tempfile::tempdir()?;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..options.runs {
        let _ = fs::remove_dir_all(index_dir.path().join("index"));
        let dir = index_dir.path().join("index");
        cold.push(run_trials(&harness, data, &names, Some(&dir))?.iter().sum::<f64>());
        warm.push(run_trials(&harness, data, &names, Some(&dir))?);
    }
    let mut warm_totals: Vec<f64> = warm.iter().map(|run| run.iter().sum()).collect();
    let mut per_trial: Vec<f64> = warm.concat();
    let without_count = options.trials_without_index.min(names.len());
    let mut without = run_trials(&harness, data, &names[..without_count], None)?;
    let (cold, warm_total) = (median(&mut cold), median(&mut warm_totals));
    let _ = writeln!(report, "\n## One process per claim ({count} claims that name no source)\n");
    let _ = writeln!(report, "| how | wall | x one check |\n|---|---|---|");
    let _ = writeln!(report, "| one `factcheck check --exact` of the {count} claims | {:.2} s | 1.0 |", single.wall);
    let _ = writeln!(
        report,
        "| {count} processes, stored index cold (the first builds it) | {cold:.2} s | **{:.2}x** |",
        cold / single.wall
    );
    let _ = writeln!(
        report,
        "| {count} processes, stored index warm | {warm_total:.2} s | **{:.2}x** |",
        warm_total / single.wall
    );
    let _ = writeln!(
        report,
        "| the same, per process, warm | median {:.0} ms, p90 {:.0} ms, max {:.0} ms | |",
        median(&mut per_trial.clone()) * 1e3,
        percentile(&mut per_trial.clone(), 0.9) * 1e3,
        percentile(&mut per_trial, 1.0) * 1e3
    );
    let estimate = median(&mut without) * count as f64;
    let _ = writeln!(
        report,
        "| without a stored index (`FACTCHECK_INDEX_DIR=`), {without_count} of them: median {:.2} s each | ~{estimate:.0} s for {count} | ~{:.0}x |",
        estimate / count as f64,
        estimate / single.wall
    );
    Ok(())
}

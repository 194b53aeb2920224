//! The `cargo test` harness: assertion files in, one libtest-mimic trial per claim out.
//!
//! A thin adapter, in the manner of datatest-stable: it resolves the two roots, reads the assertion files
//! (cheap: TOML only), and hands libtest-mimic one trial per claim, so that every libtest flag people know
//! works as usual (`--list`, filters, `--exact`, `--skip`, `--ignored`, `--include-ignored`, `--test-threads`,
//! `--format terse|json`). Pending claims are ignored trials. A malformed claim is a failing trial of its own
//! name, beside the other claims of its file; a file that cannot be read as a whole gives a failing trial for
//! each claim name still recoverable from it (or one named after the file), so that a filter naming one of its
//! claims never selects nothing.
//!
//! The corpus is opened lazily by the first trial that runs and shared by all of them, and each source is read
//! on first use: `--list` reads no source, and a trial run alone (`--exact`, as nextest runs each test in its
//! own process) reads only its own assertion file and the sources its claim cites.
//!
//! When more than one trial may run, the trials also share a [`CorpusIndex`] of the claims loaded, next to the
//! corpus: its parts are built (on all CPUs) by the first trial that needs one, for an item that names no source,
//! and then serve every other trial.
//!
//! A trial run alone (`--exact NAME`, one process per test) uses the word index kept on disk instead
//! ([`CorpusIndex::stored`]), in `factcheck-index/` beside the test binary's build (`target/debug/`), or in
//! `FACTCHECK_INDEX_DIR` (empty: none): the first such trial that needs it builds it, and the others read from
//! it only what their claim needs, so that a claim that names no source does not read the whole corpus in
//! every process.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use libtest_mimic::{Arguments, ColorSetting, FormatSetting, Trial};

use crate::assertion::load::{self, LoadedFile, test_stem};
use crate::assertion::{Claim, FileTest, Status};
use crate::corpus::{Corpus, CorpusError, config};
use crate::evidence::{ClaimReport, CorpusIndex, Outcome, check_claim_with};
use crate::limits::Limits;
use crate::parallel::default_threads;
use crate::report::style::{ColorChoice, Style, use_color};
use crate::report::{NextSteps, Paths, Runner, human};

/// The environment variable that overrides the corpus root.
pub const CORPUS_VAR: &str = "FACTCHECK_CORPUS";
/// The environment variable that overrides the assertions root.
pub const ASSERTIONS_VAR: &str = "FACTCHECK_ASSERTIONS";
/// The environment variable that sets where a trial run alone keeps the corpus's word index (relative to the
/// crate root), or, set empty, that it keeps none.
pub const INDEX_DIR_VAR: &str = "FACTCHECK_INDEX_DIR";

/// Writes the `main` of a claims test target: one test per claim in `assertions/`, checked against `seeds/`.
///
/// The whole of a suite's wiring, in the manner of `datatest_stable::harness!`. Declare the target in
/// `Cargo.toml` with libtest's harness off, and put the macro in its file:
///
/// ```toml
/// [dev-dependencies]
/// factcheck = "0.1"
///
/// [[test]]
/// name = "factcheck"
/// harness = false
/// ```
///
/// ```no_run
/// // tests/factcheck.rs
/// factcheck::harness!();
/// ```
///
/// `cargo test` then runs every claim, with libtest's flags (`--list`, filters, `--exact`, `--ignored`, ...).
/// The roots are `assertions/` and `seeds/` in the crate root, or `FACTCHECK_ASSERTIONS` and
/// `FACTCHECK_CORPUS` (relative to it). The macro expands to a `main` calling [`harness::main`](crate::harness::main)
/// with the crate root the test is compiled in: write that `main` by hand to do something before or after.
///
/// Stable (semver): the macro's name and what it expands to, `harness::main`'s signature, the two variables
/// and the default roots.
#[macro_export]
macro_rules! harness {
    () => {
        fn main() -> ::std::process::ExitCode {
            $crate::harness::main(::std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
        }
    };
}

/// Runs the harness with the process's arguments and returns libtest's exit code (101 when a claim failed).
///
/// What [`harness!`](crate::harness!) calls; call it yourself to do work around it:
///
/// ```no_run
/// // tests/factcheck.rs, a test target with `harness = false`
/// fn main() -> std::process::ExitCode {
///     factcheck::harness::main(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
/// }
/// ```
///
/// The roots (`assertions/` and `seeds/`, or `FACTCHECK_ASSERTIONS` and `FACTCHECK_CORPUS`) are relative to the
/// crate root: `CARGO_MANIFEST_DIR` as cargo sets it when it runs the test, or else `compiled_root`, the crate
/// root when the test was built (pass `env!("CARGO_MANIFEST_DIR")`). Reading it at run time means a test binary
/// run from a moved or copied checkout checks that checkout's corpus, not the one it was built in.
///
/// [`harness!`](crate::harness!) writes the whole `main` for a test target declared with `harness = false`.
pub fn main(compiled_root: &Path) -> ExitCode {
    end_quietly_when_the_reader_goes();
    let args = Arguments::from_args();
    let crate_root = crate_root(std::env::var_os("CARGO_MANIFEST_DIR"), compiled_root);
    let trials = trials(&crate_root, &args);
    libtest_mimic::run(&args, trials).exit_code()
}

/// What the run exits with when its report cannot be written: libtest's status for an error of its own.
const CANNOT_REPORT: i32 = 101;

/// Ends the run, without a panic's message and backtrace, when standard output cannot be written: libtest-mimic
/// unwraps its writes to it (and `println!` panics too). A reader that went away (`cargo test | head`, a closed
/// pipe) ends it silently, as it ends other command-line tools; any other failure to write says so in one line.
/// The exit status is libtest's for a run that could not report, so that a pipeline under `pipefail` fails.
fn end_quietly_when_the_reader_goes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message =
            payload.downcast_ref::<String>().map(String::as_str).or_else(|| payload.downcast_ref::<&str>().copied());
        let in_the_printer =
            info.location().is_some_and(|at| at.file().contains("libtest-mimic") && at.file().ends_with("printer.rs"));
        match message {
            Some(message) if in_the_printer || message.starts_with("failed printing to stdout") => {
                if !message.contains("BrokenPipe") && !message.contains("os error 32") {
                    eprintln!("error: the test report could not be written: {message}");
                }
                std::process::exit(CANNOT_REPORT);
            }
            _ => default(info),
        }
    }));
}

/// The crate root: cargo's `CARGO_MANIFEST_DIR` at run time when set, else the root the test was compiled in.
fn crate_root(at_run_time: Option<std::ffi::OsString>, compiled_root: &Path) -> PathBuf {
    at_run_time.filter(|root| !root.is_empty()).map_or_else(|| compiled_root.to_path_buf(), PathBuf::from)
}

/// A root from its environment variable (relative to `crate_root`) or the default directory under it.
fn root(crate_root: &Path, var: &str, default: &str) -> PathBuf {
    match std::env::var_os(var).filter(|value| !value.is_empty()) {
        Some(value) => crate_root.join(value),
        None => crate_root.join(default),
    }
}

/// `path` relative to the current directory when it is below it, for locations people can click.
fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// What every trial shares: the corpus, opened once, by whichever trial comes first, and the index.
struct Shared {
    corpus_root: PathBuf,
    corpus: OnceLock<Result<Corpus, CorpusError>>,
    /// The claims to index, when more than one trial may run.
    indexed_claims: OnceLock<Vec<Claim>>,
    /// Where a trial run alone keeps the word index, if anywhere.
    index_dir: Option<PathBuf>,
    index: OnceLock<CorpusIndex>,
    paths: Paths,
    style: Style,
}

impl Shared {
    fn corpus(&self) -> Result<&Corpus, &CorpusError> {
        self.corpus.get_or_init(|| Corpus::open(&self.corpus_root, &Limits::default())).as_ref()
    }

    /// The index of the claims loaded, or, for a trial run alone, the stored word index (made on first use;
    /// its parts are built or read when an item needs them).
    fn index(&self, corpus: &Corpus) -> Option<&CorpusIndex> {
        let index = match (self.indexed_claims.get(), &self.index_dir) {
            (Some(claims), _) => self.index.get_or_init(|| CorpusIndex::new(claims.iter(), corpus, default_threads())),
            (None, Some(dir)) => self.index.get_or_init(|| CorpusIndex::stored(corpus, dir, default_threads())),
            (None, None) => return None,
        };
        Some(index)
    }

    fn run(&self, claim: &Claim) -> Result<(), libtest_mimic::Failed> {
        let corpus = self.corpus().map_err(|error| error.to_string())?;
        let index = self.index(corpus);
        let report = check_claim_with(claim, corpus, index);
        // Nothing a warning says changes the result, only what the next trial costs: stderr, beside the test.
        for warning in index.map(CorpusIndex::warnings).unwrap_or_default() {
            eprintln!("warning: {warning}");
        }
        match report.outcome {
            Outcome::Failed => {
                let steps = NextSteps::new(&report.name, &self.paths, Runner::Harness);
                let failure = human::claim_failure(&report, &self.paths, self.style);
                Err(format!("{failure}\n{}", human::next_steps(&steps, self.style)).trim_end().into())
            }
            Outcome::Passed | Outcome::Ignored => Ok(()),
        }
    }
}

/// The trials for the given arguments.
pub fn trials(crate_root: &Path, args: &Arguments) -> Vec<Trial> {
    let assertions_root = root(crate_root, ASSERTIONS_VAR, "assertions");
    let corpus_root = root(crate_root, CORPUS_VAR, "seeds");
    let choice = match args.color {
        Some(ColorSetting::Always) => ColorChoice::Always,
        Some(ColorSetting::Never) => ColorChoice::Never,
        _ => ColorChoice::Auto,
    };
    // libtest escapes failure messages into JSON: colour codes there would only be noise.
    let json = matches!(args.format, Some(FormatSetting::Json));
    let style = Style { color: !json && use_color(choice, std::io::stdout().is_terminal()) };
    let paths = Paths::new(&display_path(&assertions_root), &display_path(&corpus_root));
    let shared = Arc::new(Shared {
        corpus_root,
        corpus: OnceLock::new(),
        indexed_claims: OnceLock::new(),
        index_dir: index_dir(crate_root, std::env::var_os(INDEX_DIR_VAR), std::env::current_exe().ok()),
        index: OnceLock::new(),
        paths,
        style,
    });

    // `corpus.toml`'s `[limits]` bound the assertion files too, as in `factcheck check`. Reading it reads no
    // source; when it has errors, its defaults apply here and the first trial to open the corpus reports them.
    let limits = config::load(&shared.corpus_root, &Limits::default()).map_or_else(|_| Limits::default(), |c| c.limits);
    let files = match single_file(&assertions_root, args, &limits) {
        Some(file) => vec![file],
        None => match load::load_root(&assertions_root, &limits, default_threads()) {
            Ok(files) => files,
            Err(error) => {
                let message = format!(
                    "cannot read the assertions root {}: {error}; set {ASSERTIONS_VAR} or create the directory",
                    assertions_root.display()
                );
                return vec![Trial::test("assertions", move || Err(message.into()))];
            }
        },
    };
    // `--exact NAME` runs one trial (as nextest does): it searches what it needs, and builds no index.
    let alone = args.exact && args.filter.is_some();
    let mut indexed_claims = Vec::new();
    let mut trials = Vec::new();
    // A test that fails without running: its claim could not be read.
    let unreadable = |report: ClaimReport| {
        let message = human::claim_failure(&report, &shared.paths, style).trim_end().to_owned();
        Trial::test(report.name, move || Err(message.into()))
    };
    for file in files {
        match file {
            Ok(file) => {
                if !alone {
                    indexed_claims.extend(file.claims.iter().cloned());
                }
                for test in file.tests() {
                    match test {
                        FileTest::Claim(claim) => {
                            let (shared, claim) = (Arc::clone(&shared), claim.clone());
                            let pending = claim.status == Status::Pending;
                            trials.push(
                                Trial::test(claim.name.clone(), move || shared.run(&claim)).with_ignored_flag(pending),
                            );
                        }
                        FileTest::Malformed(bad) => trials.push(unreadable(ClaimReport::malformed(bad))),
                    }
                }
            }
            Err(error) => trials.extend(
                error.test_names().into_iter().map(|name| unreadable(ClaimReport::file_not_loaded(name, &error))),
            ),
        }
    }
    if !alone {
        // Set once, here, before any trial runs.
        let _ = shared.indexed_claims.set(indexed_claims);
    }
    trials
}

/// Where a trial run alone keeps the word index: `FACTCHECK_INDEX_DIR` (relative to the crate root; empty for
/// nowhere), else `factcheck-index/` in the directory of the build the test binary belongs to (`target/debug/`
/// for `target/debug/deps/factcheck-…`), which `cargo clean` removes with the rest. Nowhere when the binary
/// is not in a cargo build directory (a nextest archive unpacked elsewhere, say).
fn index_dir(crate_root: &Path, var: Option<std::ffi::OsString>, exe: Option<PathBuf>) -> Option<PathBuf> {
    match var {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(crate_root.join(dir)),
        None => {
            let deps = exe?.parent()?.to_path_buf();
            (deps.file_name()? == "deps").then(|| deps.parent().map(|build| build.join("factcheck-index")))?
        }
    }
}

/// With `--exact NAME` (how nextest runs one test), only the file that can hold NAME is read: the part of the
/// name before the last `::` is the file's path without `.toml`. `None` when that does not apply.
fn single_file(assertions_root: &Path, args: &Arguments, limits: &Limits) -> Option<LoadedFile> {
    if !args.exact || args.list {
        return None;
    }
    let filter = args.filter.as_deref()?;
    let (stem, _) = filter.rsplit_once("::")?;
    crate::files::check_relative_name(stem).ok()?;
    let name = format!("{stem}.toml");
    let path = assertions_root.join(&name);
    if !path.is_file() {
        return None;
    }
    let file = load::load_file(&name, &path, limits);
    // A file that fails to load may stand as one trial named after it, which `--exact stem::id` would not
    // select: list everything so the failure is not hidden.
    match &file {
        Ok(loaded) if test_stem(&loaded.file) == stem => Some(file),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_root_is_cargos_at_run_time_else_the_compiled_one() {
        let compiled = Path::new("/built/here");
        assert_eq!(crate_root(Some("/moved/there".into()), compiled), PathBuf::from("/moved/there"));
        assert_eq!(crate_root(None, compiled), PathBuf::from("/built/here"));
        assert_eq!(crate_root(Some("".into()), compiled), PathBuf::from("/built/here"));
    }

    #[test]
    fn the_index_lives_beside_the_build_unless_the_variable_says() {
        let root = Path::new("/crate");
        let exe = Some(PathBuf::from("/crate/target/debug/deps/factcheck-0123abcd"));
        assert_eq!(index_dir(root, None, exe.clone()), Some(PathBuf::from("/crate/target/debug/factcheck-index")));
        assert_eq!(index_dir(root, Some("idx".into()), exe.clone()), Some(PathBuf::from("/crate/idx")));
        assert_eq!(index_dir(root, Some("/abs".into()), exe.clone()), Some(PathBuf::from("/abs")));
        assert_eq!(index_dir(root, Some("".into()), exe), None);
        assert_eq!(index_dir(root, None, Some(PathBuf::from("/unpacked/factcheck-0123abcd"))), None);
    }
}

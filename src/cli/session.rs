//! What every command starts from: the roots loaded, and the claims a command's filters select.

use std::fmt;
use std::io;
use std::path::PathBuf;

use clap::Args;

use super::Roots;
use crate::assertion::load::{self, LoadedFile};
use crate::assertion::{Claim, FileTest, Status};
use crate::corpus::{Corpus, CorpusError, config};
use crate::evidence::{ClaimReport, check_all_observed, index_for};
use crate::limits::Limits;
use crate::parallel::default_threads;

/// Which claims to work on, with the filters `cargo test` knows.
#[derive(Debug, Clone, Default, Args)]
pub struct Selection {
    /// Only claims whose name contains one of these (as `cargo test FILTER` does).
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
    /// Match FILTERs against whole names instead of substrings.
    #[arg(long)]
    pub exact: bool,
    /// Skip claims whose name contains this (repeatable).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// Only pending claims.
    #[arg(long, conflicts_with = "include_ignored")]
    pub ignored: bool,
    /// Pending claims as well.
    #[arg(long)]
    pub include_ignored: bool,
    /// Only one share of the selected tests, for one of N CI runners: `count:K/N` (every N-th test in name
    /// order, starting with the K-th, as nextest's `--partition count:K/N` splits this harness) or `hash:K/N`
    /// (by a hash of the name, so that adding a claim moves no other).
    #[arg(long, value_name = "count:K/N|hash:K/N")]
    pub partition: Option<Partition>,
}

/// One share of the tests, for running a suite on N machines: the shares of `1/N` … `N/N` are disjoint and
/// together hold every test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub by: PartitionBy,
    /// 1-based, at most `total`.
    pub shard: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionBy {
    /// Round-robin over the test names, sorted.
    Count,
    /// FNV-1a of the test name, modulo the number of shares: stable as tests come and go.
    Hash,
}

impl std::str::FromStr for Partition {
    type Err = String;

    fn from_str(text: &str) -> Result<Partition, String> {
        const SHAPE: &str = "write count:K/N or hash:K/N, with 1 <= K <= N (such as count:1/4)";
        let (by, share) = text.split_once(':').ok_or_else(|| format!("`{text}` is not a partition; {SHAPE}"))?;
        let by = match by {
            "count" => PartitionBy::Count,
            "hash" => PartitionBy::Hash,
            other => return Err(format!("`{other}` is not a kind of partition; {SHAPE}")),
        };
        let numbers =
            share.split_once('/').and_then(|(k, n)| Some((k.parse::<usize>().ok()?, n.parse::<usize>().ok()?)));
        match numbers {
            Some((shard, total)) if 1 <= shard && shard <= total => Ok(Partition { by, shard, total }),
            _ => Err(format!("`{share}` is not a share K/N; {SHAPE}")),
        }
    }
}

impl Partition {
    /// The names of `names` (test names, each once) that belong to this share.
    fn keeps<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> std::collections::HashSet<&'a str> {
        let mut names: Vec<&str> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        let share = self.shard - 1;
        match self.by {
            PartitionBy::Count => names.into_iter().skip(share).step_by(self.total).collect(),
            PartitionBy::Hash => {
                names.into_iter().filter(|name| name_hash(name) % self.total as u64 == share as u64).collect()
            }
        }
    }
}

/// FNV-1a of a test name: fixed forever, so that a claim stays in its share from one release to the next.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

impl Selection {
    /// Whether a test name is selected by the filters and not skipped.
    pub fn selects_name(&self, name: &str) -> bool {
        let matches = |filter: &String| if self.exact { name == filter } else { name.contains(filter.as_str()) };
        (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skip.iter().any(|s| name.contains(s.as_str()))
    }

    /// Whether a claim is selected: by name, and by status under `--ignored`.
    pub fn selects(&self, claim: &Claim) -> bool {
        !(self.ignored && claim.status == Status::Active) && self.selects_name(&claim.name)
    }

    /// Whether pending claims run rather than being reported as ignored.
    pub fn runs_pending(&self) -> bool {
        self.ignored || self.include_ignored
    }

    /// Whether a test whose claim could not be read (a malformed claim, or a claim of a file that could not be
    /// loaded) is selected: by name, as any test, and never under `--ignored`, which runs pending claims only
    /// (as libtest runs only the ignored trials).
    pub fn selects_unreadable(&self, name: &str) -> bool {
        !self.ignored && self.selects_name(name)
    }
}

/// The corpus and the assertion files, loaded.
#[derive(Debug)]
pub struct Session {
    pub corpus: Corpus,
    pub files: Vec<LoadedFile>,
}

/// What [`Session::check`] gives: a report for every selected test, in file order, and the selected claims that
/// were checked, each with the position of its report.
#[derive(Debug)]
pub struct Checked<'a> {
    /// The reports of the claims checked and of the claims that could not be read, in file order.
    pub tests: Vec<ClaimReport>,
    /// The selected well-formed claims, each with the index of its report in `tests`.
    pub claims: Vec<(&'a Claim, usize)>,
}

impl Checked<'_> {
    /// The claims checked, each with its report.
    pub fn checked(&self) -> impl Iterator<Item = (&Claim, &ClaimReport)> {
        self.claims.iter().map(|&(claim, at)| (claim, &self.tests[at]))
    }
}

/// What a check tells as it goes: for a progress bar. `()` tells no one.
pub trait Progress: Sync {
    /// The check of `claims` claims starts.
    fn start(&self, _claims: usize) {}
    /// One more claim is checked (called from the checking threads).
    fn claim_done(&self) {}
}

impl Progress for () {}

/// Why a command cannot start (exit status 2).
#[derive(Debug)]
pub enum SessionError {
    Corpus(CorpusError),
    AssertionsRoot { root: PathBuf, error: io::Error },
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Corpus(error) => error.fmt(f),
            SessionError::AssertionsRoot { root, error } => write!(
                f,
                "cannot read the assertions root {}: {error}; pass --assertions DIR or create the directory",
                root.display()
            ),
        }
    }
}

impl Session {
    /// Reads `corpus.toml`, every assertion file (on `threads` threads; default: every CPU), and the list of
    /// sources (not the sources themselves).
    pub fn load(roots: &Roots, threads: Option<usize>) -> Result<Session, SessionError> {
        let config = config::load(&roots.corpus, &Limits::default())
            .map_err(|diagnostics| SessionError::Corpus(CorpusError::Config { diagnostics }))?;
        let threads = threads.unwrap_or_else(default_threads);
        let files = load::load_root(&roots.assertions, &config.limits, threads)
            .map_err(|error| SessionError::AssertionsRoot { root: roots.assertions.clone(), error })?;
        let corpus = Corpus::with_config(&roots.corpus, config).map_err(SessionError::Corpus)?;
        Ok(Session { corpus, files })
    }

    /// [`Session::load`] for a command: why it cannot start is printed to standard error, and `None` means the
    /// command exits with status 2.
    pub fn open(roots: &Roots, threads: Option<usize>) -> Option<Session> {
        Session::load(roots, threads).map_err(|error| eprintln!("error: {error}")).ok()
    }

    /// Checks the claims `selection` selects on `jobs` threads (default: every CPU), through the corpus index
    /// unless `indexed` is false (the same reports, slower on a large corpus).
    pub fn check(&self, selection: &Selection, jobs: Option<usize>, indexed: bool) -> Checked<'_> {
        self.check_observed(selection, jobs, indexed, &())
    }

    /// [`Session::check`], telling `progress` how many claims are checked, and when each is done.
    pub fn check_observed(
        &self,
        selection: &Selection,
        jobs: Option<usize>,
        indexed: bool,
        progress: &dyn Progress,
    ) -> Checked<'_> {
        let (claims, unreadable) = self.select(selection);
        let jobs = jobs.unwrap_or_else(default_threads);
        let pending = selection.runs_pending();
        progress.start(claims.len());
        let index = indexed.then(|| index_for(&claims, &self.corpus, pending, jobs));
        let reports =
            check_all_observed(&claims, &self.corpus, pending, jobs, index.as_ref(), &|| progress.claim_done());
        let mut tests = Vec::with_capacity(reports.len() + unreadable.len());
        let mut positions = Vec::with_capacity(claims.len());
        let mut unreadable = unreadable.into_iter().peekable();
        for (index, report) in reports.into_iter().enumerate() {
            while let Some((_, report)) = unreadable.next_if(|(before, _)| *before <= index) {
                tests.push(report);
            }
            positions.push(tests.len());
            tests.push(report);
        }
        tests.extend(unreadable.map(|(_, report)| report));
        Checked { tests, claims: claims.into_iter().zip(positions).collect() }
    }

    /// The selected claims, in file order, and the failed reports of the selected tests whose claims could not
    /// be read (malformed claims, and the claims of files that could not be loaded), each with the number of
    /// selected claims that come before it (to keep file order when printing both).
    pub fn select(&self, selection: &Selection) -> (Vec<&Claim>, Vec<(usize, ClaimReport)>) {
        let mut claims: Vec<&Claim> = Vec::new();
        let mut unreadable = Vec::new();
        for file in &self.files {
            match file {
                Ok(file) => {
                    for test in file.tests() {
                        match test {
                            FileTest::Claim(claim) if selection.selects(claim) => claims.push(claim),
                            FileTest::Malformed(bad) if selection.selects_unreadable(&bad.name) => {
                                unreadable.push((claims.len(), ClaimReport::malformed(bad)));
                            }
                            _ => {}
                        }
                    }
                }
                Err(error) => {
                    for name in error.test_names() {
                        if selection.selects_unreadable(&name) {
                            unreadable.push((claims.len(), ClaimReport::file_not_loaded(name, error)));
                        }
                    }
                }
            }
        }
        let Some(partition) = selection.partition else { return (claims, unreadable) };
        let kept: std::collections::HashSet<String> = partition
            .keeps(
                claims.iter().map(|claim| claim.name.as_str()).chain(unreadable.iter().map(|(_, r)| r.name.as_str())),
            )
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut kept_claims = Vec::new();
        let mut kept_unreadable = Vec::new();
        let mut next_claim = 0;
        for (before, report) in unreadable {
            kept_claims.extend(claims[next_claim..before].iter().copied().filter(|claim| kept.contains(&claim.name)));
            next_claim = before;
            if kept.contains(&report.name) {
                kept_unreadable.push((kept_claims.len(), report));
            }
        }
        kept_claims.extend(claims[next_claim..].iter().copied().filter(|claim| kept.contains(&claim.name)));
        (kept_claims, kept_unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(text: &str) -> Partition {
        text.parse().unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn partitions_parse_as_nextest_writes_them() {
        assert_eq!(partition("count:1/4"), Partition { by: PartitionBy::Count, shard: 1, total: 4 });
        assert_eq!(partition("hash:3/3"), Partition { by: PartitionBy::Hash, shard: 3, total: 3 });
        for bad in ["count:0/4", "count:5/4", "count:1/0", "count:1", "1/4", "slice:1/4", "count:a/b", "count:-1/4"] {
            let error = bad.parse::<Partition>().unwrap_err();
            assert!(error.contains("write count:K/N or hash:K/N"), "{bad}: {error}");
        }
    }

    #[test]
    fn the_shares_are_disjoint_and_cover_every_name() {
        let names: Vec<String> = (0..103).map(|i| format!("file::claim-{i}")).collect();
        for by in ["count", "hash"] {
            for total in [1, 2, 3, 7] {
                let mut seen: Vec<&str> = Vec::new();
                for shard in 1..=total {
                    let kept = partition(&format!("{by}:{shard}/{total}")).keeps(names.iter().map(String::as_str));
                    if by == "count" {
                        // Round-robin in name order: the shares differ in size by one at most.
                        assert!(kept.len().abs_diff(names.len() / total) <= 1, "{by}:{shard}/{total}");
                    }
                    seen.extend(kept);
                }
                seen.sort_unstable();
                let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
                all.sort_unstable();
                assert_eq!(seen, all, "{by}:K/{total}");
            }
        }
        // count: the K-th of every N names, sorted.
        let kept = partition("count:2/3").keeps(["c", "a", "e", "b", "d"]);
        assert_eq!(kept, ["b", "e"].into_iter().collect());
    }

    #[test]
    fn a_hash_share_does_not_move_when_names_are_added() {
        let hash = partition("hash:2/5");
        let before = hash.keeps(["a::x", "a::y", "b::z"]);
        let after = hash.keeps(["a::x", "a::y", "b::z", "a::new", "c::other"]);
        assert!(before.iter().all(|name| after.contains(name)));
        // The hash is FNV-1a, pinned: a release that changed it would move claims between CI runners.
        assert_eq!(name_hash("a::x"), 0x1905_a582_dcfb_06b0);
    }
}

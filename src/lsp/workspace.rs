//! What the language server keeps loaded between keystrokes: the corpus, the assertion files on disk, a warm
//! corpus index, and the reports of claims already checked.
//!
//! A [`Workspace`] is loaded whole from the roots and replaced whole when a source, an assertion file or
//! `corpus.toml` changes on disk; it never fails to load. What cannot be read is kept as the reason, for the
//! analysis to report: `corpus.toml`'s errors at their lines, an unreadable corpus root at the top of each
//! assertion file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::assertion::load::{self, LoadedFile};
use crate::assertion::{AssertionFile, Claim, Status};
use crate::cli::Roots;
use crate::corpus::{Corpus, CorpusError, config};
use crate::diagnostic::Diagnostic;
use crate::evidence::{ClaimReport, CorpusIndex, check_all_with};
use crate::limits::Limits;
use crate::lint;
use crate::location::LineColumn;
use crate::parallel::default_threads;
use crate::report::Paths;

/// How many claim reports are kept before the cache is emptied (a bound on memory, not a tuning knob).
const MAX_CACHED_REPORTS: usize = 100_000;

/// The corpus and assertions, as loaded from disk.
#[derive(Debug)]
pub struct Workspace {
    pub roots: Roots,
    /// How messages show the paths of sources and assertion files: relative to the workspace folder when the
    /// roots are in it (`seeds/a.txt:7:90`), absolute otherwise.
    pub paths: Paths,
    /// The assertion files on disk (an editor's open documents replace theirs); empty when the root cannot be
    /// read, with the reason in `assertions_error`.
    pub files: Vec<LoadedFile>,
    pub assertions_error: Option<String>,
    /// For each claim text and each set of evidence of the files on disk (the lint's keys), the first claim
    /// that has it, as (file, claim) indexes: the only claim of the suite a claim being written can duplicate.
    duplicates: HashMap<String, (usize, usize)>,
    /// The corpus side, shared with the thread that warms the index, and kept when only assertion files change.
    loaded: Arc<LoadedCorpus>,
}

/// The corpus, its index, and the reports of the claims checked against it.
#[derive(Debug)]
struct LoadedCorpus {
    /// The corpus, or why it cannot be opened.
    corpus: Result<Corpus, CorpusError>,
    /// The limits in force: `corpus.toml`'s, or the defaults when it cannot be read.
    limits: Limits,
    /// An index for the claims on disk when the corpus was loaded; it narrows the search for any claim (keys
    /// it lacks narrow nothing, which costs time, not correctness), and its word index (for the closest
    /// passage) serves every quote.
    index: Option<CorpusIndex>,
    /// Reports of claims checked, by what the claim says ([`claim_key`]).
    reports: Mutex<HashMap<String, ClaimReport>>,
}

impl Workspace {
    /// Loads `corpus.toml`, the list of sources and every assertion file (the roots of the workspace folder
    /// `folder`); reads no source.
    pub fn load(roots: Roots, folder: &Path) -> Workspace {
        let corpus = Corpus::open(&roots.corpus, &Limits::default());
        let limits = corpus.as_ref().map_or_else(|_| Limits::default(), |corpus| *corpus.limits());
        let (files, assertions_error) = load_assertions(&roots, &limits);
        let index = corpus.as_ref().ok().map(|corpus| {
            let claims = files.iter().flatten().flat_map(|file| &file.claims);
            CorpusIndex::new(claims.filter(|claim| claim.status == Status::Active), corpus, default_threads())
        });
        let loaded = LoadedCorpus { corpus, limits, index, reports: Mutex::new(HashMap::new()) };
        let duplicates = duplicate_keys(&files);
        let shown = |root: &Path| root.strip_prefix(folder).unwrap_or(root).to_path_buf();
        let paths = Paths::new(&shown(&roots.assertions), &shown(&roots.corpus));
        Workspace { roots, paths, duplicates, files, assertions_error, loaded: Arc::new(loaded) }
    }

    /// The assertion files read again, with the same corpus, index and reports: what a change to an assertion
    /// file on disk needs, without rebuilding the index of a large corpus.
    pub fn with_assertions_reloaded(&self) -> Workspace {
        let (files, assertions_error) = load_assertions(&self.roots, &self.loaded.limits);
        Workspace {
            roots: self.roots.clone(),
            paths: self.paths.clone(),
            duplicates: duplicate_keys(&files),
            files,
            assertions_error,
            loaded: Arc::clone(&self.loaded),
        }
    }

    /// The corpus, or why it cannot be opened.
    pub fn corpus(&self) -> Result<&Corpus, &CorpusError> {
        self.loaded.corpus.as_ref()
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.loaded.limits
    }

    /// Why the corpus cannot be opened, if it cannot.
    pub fn corpus_error(&self) -> Option<&CorpusError> {
        self.loaded.corpus.as_ref().err()
    }

    /// `corpus.toml`'s errors, when that is why the corpus cannot be opened.
    pub fn config_errors(&self) -> &[Diagnostic] {
        match &self.loaded.corpus {
            Err(CorpusError::Config { diagnostics }) => diagnostics,
            _ => &[],
        }
    }

    /// Reads every source and builds both parts of the index on a thread of its own, so that the first
    /// keystroke does not wait for them (a check that needs a part still being built waits for it); then calls
    /// `done` with how long it took, or with why the corpus could not be read.
    pub fn warm_in_background(&self, done: impl FnOnce(Result<Duration, String>) + Send + 'static) {
        let loaded = Arc::clone(&self.loaded);
        let _ = std::thread::Builder::new().name("factcheck-index".to_owned()).spawn(move || {
            let started = Instant::now();
            done(loaded.warm().map(|()| started.elapsed()));
        });
    }

    /// [`Workspace::warm_in_background`], on this thread: returns once the index is built.
    pub fn warm(&self) -> Result<(), String> {
        self.loaded.warm()
    }

    /// For the claims of a document, the first claim of the suite with the text or the evidence of each, as
    /// assertion files of just those claims, in path order: what the lint needs, besides the document, to say
    /// which of its claims duplicate one written before (a duplicate is the later of two, in path order).
    pub fn first_holders_of<'a>(&self, claims: impl IntoIterator<Item = &'a Claim>) -> Vec<LoadedFile> {
        let mut found: Vec<(usize, usize)> = claims
            .into_iter()
            .flat_map(|claim| [text_key(claim), evidence_key(claim)])
            .filter_map(|key| self.duplicates.get(&key).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        let mut files: Vec<LoadedFile> = Vec::new();
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            let Some(Ok(file)) = self.files.get(run[0].0) else { continue };
            let claims = run.iter().filter_map(|(_, at)| file.claims.get(*at).cloned()).collect();
            files.push(Ok(AssertionFile { file: file.file.clone(), claims, malformed: Vec::new(), schema: None }));
        }
        files
    }

    /// The report of each claim, in order, checked through the index; pending claims are reported as ignored,
    /// as `factcheck check` reports them. A claim checked before, with the same text, is not checked again.
    pub fn check(&self, claims: &[&Claim]) -> Vec<ClaimReport> {
        let loaded = &*self.loaded;
        let Ok(corpus) = &loaded.corpus else { return Vec::new() };
        let keys: Vec<String> = claims.iter().map(|claim| claim_key(claim)).collect();
        let mut cached: Vec<Option<ClaimReport>> = {
            let reports = loaded.reports.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            keys.iter().map(|key| reports.get(key).cloned()).collect()
        };
        let missing: Vec<&Claim> =
            claims.iter().zip(&cached).filter(|(_, report)| report.is_none()).map(|(claim, _)| *claim).collect();
        let fresh = check_all_with(&missing, corpus, false, default_threads(), loaded.index.as_ref());
        {
            let mut reports = loaded.reports.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if reports.len() + fresh.len() > MAX_CACHED_REPORTS {
                reports.clear();
            }
            let missing_keys = keys.iter().zip(&cached).filter(|(_, report)| report.is_none()).map(|(key, _)| key);
            for (key, report) in missing_keys.zip(&fresh) {
                reports.insert(key.clone(), report.clone());
            }
        }
        let mut fresh = fresh.into_iter();
        claims
            .iter()
            .zip(cached.iter_mut())
            .map(|(claim, cached)| match cached.take() {
                Some(report) => relocated(report, claim),
                None => fresh.next().unwrap_or_else(|| ClaimReport::ignored(claim)),
            })
            .collect()
    }
}

impl LoadedCorpus {
    fn warm(&self) -> Result<(), String> {
        let (Ok(corpus), Some(index)) = (&self.corpus, &self.index) else {
            return Err("the corpus cannot be opened".to_owned());
        };
        if let Some(error) = index.all_sources_error(corpus) {
            return Err(error.to_string());
        }
        index.build_literal_index(corpus);
        index.build_word_index(corpus);
        Ok(())
    }
}

/// The lint's duplicate keys of every claim that loaded, each with the first claim that has it.
fn duplicate_keys(files: &[LoadedFile]) -> HashMap<String, (usize, usize)> {
    let mut keys: HashMap<String, (usize, usize)> = HashMap::new();
    for (at, file) in files.iter().enumerate() {
        for (index, claim) in file.iter().flat_map(|file| file.claims.iter().enumerate()) {
            for key in [text_key(claim), evidence_key(claim)] {
                keys.entry(key).or_insert((at, index));
            }
        }
    }
    keys
}

/// A claim's text as the lint compares it, apart from its evidence key.
fn text_key(claim: &Claim) -> String {
    format!("text {}", lint::claim_key(&claim.text))
}

fn evidence_key(claim: &Claim) -> String {
    format!("evidence {}", lint::evidence_key(claim))
}

/// Every assertion file below the root, or why the root cannot be read.
fn load_assertions(roots: &Roots, limits: &Limits) -> (Vec<LoadedFile>, Option<String>) {
    match load::load_root(&roots.assertions, limits, default_threads()) {
        Ok(files) => (files, None),
        Err(error) => {
            (Vec::new(), Some(format!("cannot read the assertions root {}: {error}", roots.assertions.display())))
        }
    }
}

/// The location a key is made with: none at all.
const NOWHERE: LineColumn = LineColumn { line: 0, column: 0 };

/// What a claim says, without where it is written: two claims with the same key get the same report but for
/// their names and locations.
fn claim_key(claim: &Claim) -> String {
    let mut unplaced = claim.clone();
    unplaced.name.clear();
    unplaced.file.clear();
    unplaced.location = NOWHERE;
    for item in &mut unplaced.evidence {
        item.location = NOWHERE;
        item.keys = Box::default();
    }
    format!("{unplaced:?}")
}

/// A cached report, with the names and locations of `claim` (which says the same, perhaps elsewhere).
fn relocated(mut report: ClaimReport, claim: &Claim) -> ClaimReport {
    report.name = claim.name.clone();
    report.file = claim.file.clone();
    report.location = claim.location;
    for failure in &mut report.failures {
        failure.location = match failure.evidence {
            Some(index) => claim.evidence.get(index.wrapping_sub(1)).map_or(claim.location, |item| item.location),
            None => claim.location,
        };
    }
    report
}

/// The defaults' `corpus.toml` name, for the server to recognize the file.
pub const CONFIG_FILE: &str = config::FILE_NAME;

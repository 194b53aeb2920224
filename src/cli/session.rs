//! What every command starts from: the roots loaded, and the claims a command's filters select.

use std::fmt;
use std::io;
use std::path::PathBuf;

use clap::Args;

use super::Roots;
use crate::assertion::load::{self, FileError, LoadedFile, test_stem};
use crate::assertion::{Claim, Status};
use crate::corpus::{Corpus, CorpusError, config};
use crate::limits::Limits;

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

    /// Whether a file that could not be loaded is selected: when a filter names the file (its path without
    /// `.toml`, as its test is named) or one of the claims it was meant to hold.
    pub fn selects_file(&self, error: &FileError) -> bool {
        let stem = test_stem(&error.file);
        let names_file = |filter: &String| if self.exact { filter == stem } else { stem.contains(filter.as_str()) };
        let skipped = self.skip.iter().any(|s| stem.contains(s.as_str()));
        !skipped
            && (self.filters.is_empty()
                || self.filters.iter().any(names_file)
                || error.claim_names.iter().any(|name| self.selects_name(name)))
    }
}

/// The corpus and the assertion files, loaded.
#[derive(Debug)]
pub struct Session {
    pub corpus: Corpus,
    pub files: Vec<LoadedFile>,
}

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
    /// Reads `corpus.toml`, every assertion file, and the list of sources (not the sources themselves).
    pub fn load(roots: &Roots) -> Result<Session, SessionError> {
        let config = config::load(&roots.corpus, &Limits::default())
            .map_err(|diagnostics| SessionError::Corpus(CorpusError::Config { diagnostics }))?;
        let files = load::load_root(&roots.assertions, &config.limits)
            .map_err(|error| SessionError::AssertionsRoot { root: roots.assertions.clone(), error })?;
        let corpus = Corpus::with_config(&roots.corpus, config).map_err(SessionError::Corpus)?;
        Ok(Session { corpus, files })
    }

    /// The selected claims, in file order, and the selected files that could not be loaded, each with the
    /// number of selected claims that come before it (to keep file order when printing both).
    pub fn select(&self, selection: &Selection) -> (Vec<&Claim>, Vec<(usize, &FileError)>) {
        let mut claims = Vec::new();
        let mut broken = Vec::new();
        for file in &self.files {
            match file {
                Ok(file) => claims.extend(file.claims.iter().filter(|claim| selection.selects(claim))),
                Err(error) if selection.selects_file(error) => broken.push((claims.len(), error)),
                Err(_) => {}
            }
        }
        (claims, broken)
    }
}

//! The corpus: the sources claims are checked against, loaded on demand.
//!
//! [`Corpus::open`] lists the sources and reads `corpus.toml`, nothing more; each source is read and
//! normalized the first time a claim needs it, once, and shared read-only between threads. That keeps
//! `cargo test -- --list` and a single nextest trial cheap however large the corpus grows.

pub mod config;
pub mod normalize;
pub mod sentences;
pub mod source;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use config::{Alias, CorpusConfig, SourceMetadata};
pub use source::{ExcludedRegion, Sentences, SentencesIter, Source};

use crate::diagnostic::{Diagnostic, ProblemKind};
use crate::files::{self, FoundFile};
use crate::limits::Limits;

/// The extensions of source files.
pub const SOURCE_EXTENSIONS: &[&str] = &["txt", "md"];

/// A corpus root, its configuration and its sources.
#[derive(Debug)]
pub struct Corpus {
    root: PathBuf,
    files: Vec<FoundFile>,
    config: CorpusConfig,
    loaded: Vec<OnceLock<Result<Source, Diagnostic>>>,
}

/// Why a corpus cannot be opened.
#[derive(Debug)]
pub enum CorpusError {
    /// The root cannot be read.
    Root { root: PathBuf, error: io::Error },
    /// `corpus.toml` is malformed.
    Config { diagnostics: Vec<Diagnostic> },
    /// Sources whose names could not be printed safely (shown escaped): renamed, they are sources again.
    UnsafeNames { diagnostics: Vec<Diagnostic> },
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Root { root, error } => {
                write!(
                    f,
                    "cannot read the corpus root {}: {error}; pass --corpus DIR (or set FACTCHECK_CORPUS)",
                    root.display()
                )
            }
            CorpusError::Config { diagnostics } => {
                write!(f, "{} has errors:", config::FILE_NAME)?;
                for diagnostic in diagnostics {
                    write!(f, "\n  {diagnostic}")?;
                }
                Ok(())
            }
            CorpusError::UnsafeNames { diagnostics } => {
                write!(f, "the corpus has sources whose names cannot be used:")?;
                for diagnostic in diagnostics {
                    write!(f, "\n  {diagnostic}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for CorpusError {}

impl Corpus {
    /// Lists the sources below `root` and reads its `corpus.toml`, if any.
    pub fn open(root: &Path, defaults: &Limits) -> Result<Corpus, CorpusError> {
        let config = config::load(root, defaults).map_err(|diagnostics| CorpusError::Config { diagnostics })?;
        Corpus::with_config(root, config)
    }

    /// Lists the sources below `root`, with a `corpus.toml` already read by [`config::load`].
    pub fn with_config(root: &Path, config: CorpusConfig) -> Result<Corpus, CorpusError> {
        let files = files::walk(root, SOURCE_EXTENSIONS)
            .map_err(|error| CorpusError::Root { root: root.to_path_buf(), error })?;
        // A source's name is printed in reports and CI logs: one that could act there is refused, loudly.
        let unsafe_names: Vec<Diagnostic> = files
            .iter()
            .filter_map(|file| {
                let reason = files::check_relative_name(&file.name).err()?;
                Some(Diagnostic::unsafe_name(&file.name, reason))
            })
            .collect();
        if !unsafe_names.is_empty() {
            return Err(CorpusError::UnsafeNames { diagnostics: unsafe_names });
        }
        let unknown: Vec<Diagnostic> = config
            .mentioned_sources
            .iter()
            .filter(|(name, _)| position(&files, name).is_none())
            .map(|(name, location)| Diagnostic {
                file: config::FILE_NAME.to_owned(),
                location: *location,
                kind: ProblemKind::CorpusConfig(crate::diagnostic::ConfigRule::UnknownSource { name: name.clone() }),
            })
            .collect();
        if !unknown.is_empty() {
            return Err(CorpusError::Config { diagnostics: unknown });
        }
        let loaded = files.iter().map(|_| OnceLock::new()).collect();
        Ok(Corpus { root: root.to_path_buf(), files, config, loaded })
    }

    /// The corpus root as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `corpus.toml`, or its defaults.
    pub fn config(&self) -> &CorpusConfig {
        &self.config
    }

    /// The bounds in force.
    pub fn limits(&self) -> &Limits {
        &self.config.limits
    }

    /// The names of all sources, sorted.
    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.files.iter().map(|file| file.name.as_str())
    }

    /// The paths of all sources, in the order of [`Corpus::names`].
    pub fn paths(&self) -> impl ExactSizeIterator<Item = &Path> {
        self.files.iter().map(|file| file.path.as_path())
    }

    /// How many sources have been read so far (sources are read on first use): what a check costs in reading.
    pub fn sources_read(&self) -> usize {
        self.loaded.iter().filter(|source| source.get().is_some()).count()
    }

    /// Whether a source of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        position(&self.files, name).is_some()
    }

    /// The source named `name`, read and normalized on first use; `None` when there is no such source.
    pub fn source(&self, name: &str) -> Option<Result<&Source, &Diagnostic>> {
        let index = position(&self.files, name)?;
        Some(self.source_at(index))
    }

    /// The source at position `id` of [`Corpus::names`] (its id in a corpus index), read and normalized on first
    /// use; `None` past the last.
    pub fn source_by_id(&self, id: usize) -> Option<Result<&Source, &Diagnostic>> {
        (id < self.files.len()).then(|| self.source_at(id))
    }

    /// The name at position `id` of [`Corpus::names`].
    pub fn name_by_id(&self, id: usize) -> Option<&str> {
        self.files.get(id).map(|file| file.name.as_str())
    }

    fn source_at(&self, index: usize) -> Result<&Source, &Diagnostic> {
        self.loaded[index]
            .get_or_init(|| {
                let file = &self.files[index];
                let text = files::read_text(&file.path, self.config.limits.max_source_bytes)
                    .map_err(|error| Diagnostic::unreadable(&file.name, error))?;
                Ok(Source::new(file.name.clone(), text, &self.config))
            })
            .as_ref()
    }

    /// Metadata from `corpus.toml` for a source.
    pub fn metadata(&self, name: &str) -> Option<&SourceMetadata> {
        self.config.sources.get(name)
    }

    /// The alias group a (normalized) name belongs to, compared case-insensitively.
    pub fn aliases_of(&self, name: &str) -> Option<&[String]> {
        let lower = name.to_lowercase();
        self.config
            .aliases
            .iter()
            .find(|alias| alias.names.iter().any(|name| name.to_lowercase() == lower))
            .map(|alias| alias.names.as_slice())
    }
}

/// The position of the source named `name` in `files`, which [`files::walk`] sorted by name. (A binary search
/// rather than a map from names: the map held a third copy of every name, and the hot paths go by position.)
fn position(files: &[FoundFile], name: &str) -> Option<usize> {
    files.binary_search_by(|file| file.name.as_str().cmp(name)).ok()
}

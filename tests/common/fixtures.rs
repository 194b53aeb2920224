//! The fixtures the integration tests run on. They are the tests' own: nothing here reads the repository's
//! `seeds/` or `assertions/`, which belong to the people who write the suite (an edit there fails only their
//! claims, never a test of factcheck).
//!
//! - [`news`]: `tests/fixtures/news/`, a frozen copy of the five articles and the claims about them, laid out
//!   as a repository is (`seeds/`, `assertions/`). Tests read it in place, or copy it ([`repo_copy`]) to edit.
//! - [`roots`], [`dir_with`], [`write_files`]: purpose-written text in temporary directories.

use std::fs;
use std::path::{Path, PathBuf};

/// Every claim of the assertion files below `root`, each of which must load.
pub fn claims(root: &Path) -> Vec<factcheck::assertion::Claim> {
    let limits = factcheck::limits::Limits::default();
    factcheck::assertion::load_root(root, &limits, factcheck::parallel::default_threads())
        .unwrap_or_else(|error| panic!("{}: {error}", root.display()))
        .into_iter()
        .map(|file| file.unwrap_or_else(|error| panic!("{error:?}")))
        .flat_map(|file| file.claims)
        .collect()
}

/// The corpus at `root`, with the default limits.
pub fn corpus(root: &Path) -> factcheck::corpus::Corpus {
    factcheck::corpus::Corpus::open(root, &factcheck::limits::Limits::default())
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The seed the acceptance tests edit.
pub const SEED: &str = "000_fbb003d94346f9a6.txt";

/// The news fixture: a repository's layout, with `seeds/` and `assertions/`.
pub fn news() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news")
}

/// The corpus root of a directory laid out as a repository is (a copy of the news fixture).
pub fn corpus_in(dir: &Path) -> PathBuf {
    dir.join("seeds")
}

/// The assertions root of a directory laid out as a repository is (a copy of the news fixture).
pub fn assertions_in(dir: &Path) -> PathBuf {
    dir.join("assertions")
}

/// The news fixture's corpus.
pub fn seeds() -> PathBuf {
    corpus_in(&news())
}

/// The news fixture's claims.
pub fn assertions() -> PathBuf {
    assertions_in(&news())
}

/// Copies a directory tree. Copies are writable whatever the originals' mode (the seeds may be read-only, and
/// tests edit their copies).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
            let mut permissions = fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions).unwrap();
        }
    }
}

/// A copy of the news fixture's corpus in a temporary directory.
pub fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), dir.path());
    dir
}

/// A copy of the news fixture (`seeds/` and `assertions/`) in a temporary directory.
pub fn repo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), &corpus_in(dir.path()));
    copy_dir(&assertions(), &assertions_in(dir.path()));
    dir
}

/// A copy of the seeds where article 000 says "about three hours" instead of "nearly three hours", as in
/// issue 2's acceptance test.
pub fn edited_corpus() -> tempfile::TempDir {
    let corpus = corpus_copy();
    let path = corpus.path().join(SEED);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("nearly three hours in Anchorage"));
    fs::write(&path, text.replace("nearly three hours in Anchorage", "about three hours in Anchorage")).unwrap();
    corpus
}

/// Writes `files` (paths relative to `root`, and their contents) below `root`, making the folders they need.
pub fn write_files<T: AsRef<[u8]>>(root: &Path, files: &[(&str, T)]) {
    fs::create_dir_all(root).unwrap();
    for (name, contents) in files {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

/// A temporary directory holding `files` (relative paths and their text).
pub fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    dir
}

/// A temporary directory with a corpus root named `corpus_dir` (`seeds` or `corpus`) holding `sources`, and
/// `assertions/` holding `assertions`. Both roots exist even when they hold nothing.
pub fn roots<T: AsRef<[u8]>>(
    corpus_dir: &str,
    sources: &[(&str, T)],
    assertions: &[(&str, &str)],
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(&dir.path().join(corpus_dir), sources);
    write_files(&dir.path().join("assertions"), assertions);
    dir
}

/// Every file below `roots`, with its bytes, sorted: to prove that nothing was written.
pub fn snapshot(roots: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for root in roots {
        let mut pending = vec![root.clone()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.push((path.clone(), fs::read(&path).unwrap()));
                }
            }
        }
    }
    files.sort();
    files
}

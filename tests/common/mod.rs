//! What the integration tests share: running the `factcheck` binary and the `cargo test` harness, reading their
//! output, and making copies and fixtures in temporary directories (the repository's own files are only ever
//! read).
//!
//! Each test crate uses part of this, so unused items are expected.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The crate root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The seed the acceptance tests edit.
pub const SEED: &str = "000_fbb003d94346f9a6.txt";

pub fn seeds() -> PathBuf {
    Path::new(ROOT).join("seeds")
}

pub fn assertions() -> PathBuf {
    Path::new(ROOT).join("assertions")
}

/// Takes the colour and GitHub variables out of the environment `command` inherits.
fn without_ambient(command: &mut Command) -> &mut Command {
    for var in
        ["NO_COLOR", "CLICOLOR_FORCE", "GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
    {
        command.env_remove(var);
    }
    command
}

/// Runs `factcheck` with `args` in `dir`, with none of the colour or GitHub variables of the environment: output
/// to the pipe is plain, and a test run inside GitHub Actions never writes to the job's step summary.
pub fn factcheck_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
    without_ambient(command.args(args).current_dir(dir)).output().expect("the binary runs")
}

/// Runs `factcheck` with `args` in the crate root.
pub fn factcheck(args: &[&str]) -> Output {
    factcheck_in(Path::new(ROOT), args)
}

/// Runs the `cargo test` harness (`cargo test --quiet --test factcheck -- <args>`) in the crate root, on `corpus`
/// and `assertions` when given (`FACTCHECK_CORPUS`, `FACTCHECK_ASSERTIONS`) and the repository's otherwise, with
/// `NO_COLOR=1` and none of the other colour or GitHub variables of the environment.
pub fn harness(corpus: Option<&Path>, assertions: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command.args(["test", "--quiet", "--test", "factcheck", "--"]).args(args).current_dir(ROOT);
    if let Some(corpus) = corpus {
        command.env("FACTCHECK_CORPUS", corpus);
    }
    if let Some(assertions) = assertions {
        command.env("FACTCHECK_ASSERTIONS", assertions);
    }
    without_ambient(&mut command).env("NO_COLOR", "1").output().expect("cargo runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output as JSON Lines.
pub fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
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

/// A copy of the seeds in a temporary directory.
pub fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), dir.path());
    dir
}

/// Copies of the repository's `seeds/` and `assertions/` in a temporary directory, under those names.
pub fn repo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&seeds(), &dir.path().join("seeds"));
    copy_dir(&assertions(), &dir.path().join("assertions"));
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

//! What the integration tests share: running the `factcheck` binary, reading its output, and making copies and
//! fixtures in temporary directories (the repository's own files are only ever read).
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

/// Runs `factcheck` with `args` in `dir`, with none of the colour or GitHub variables of the environment: output
/// to the pipe is plain, and a test run inside GitHub Actions never writes to the job's step summary.
pub fn factcheck_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
    command.args(args).current_dir(dir);
    for var in
        ["NO_COLOR", "CLICOLOR_FORCE", "GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
    {
        command.env_remove(var);
    }
    command.output().expect("the binary runs")
}

/// Runs `factcheck` with `args` in the crate root.
pub fn factcheck(args: &[&str]) -> Output {
    factcheck_in(Path::new(ROOT), args)
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

/// A temporary directory holding `files` (relative paths and their text).
pub fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
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

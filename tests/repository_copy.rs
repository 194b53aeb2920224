//! The suite belongs to its users, proven on a copy of this repository as a newsroom would use it: adding claims
//! with `factcheck new` keeps `cargo test` green, and a corpus edit fails only claims (never one of factcheck's
//! own tests), the first failure printed being the claim's diff.
//!
//! It copies the repository's files (tracked and untracked, not ignored: `git ls-files`) and runs `cargo test`
//! there three times, building into a target directory under this checkout's own `target/`
//! (`CARGO_TARGET_TMPDIR`: the dependencies are built once and kept; the copy, at a new path each run, is always
//! rebuilt). That takes minutes, so plain `cargo test` lists it as ignored and `.ci/run` runs it with
//! `cargo test --test repository_copy -- --ignored`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{ROOT, new_passing_claim};

/// The repository's files, as `git ls-files` lists them (tracked, and untracked but not ignored).
fn repository_files() -> Vec<PathBuf> {
    let output = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(ROOT)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git ls-files failed: {}", String::from_utf8_lossy(&output.stderr));
    output
        .stdout
        .split(|&byte| byte == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8(name.to_vec()).expect("UTF-8 file names")))
        .filter(|name| Path::new(ROOT).join(name).is_file())
        .collect()
}

/// A copy of the repository in a temporary directory.
fn copy_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in repository_files() {
        let target = dir.path().join(&name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(Path::new(ROOT).join(&name), &target).unwrap();
    }
    dir
}

/// `cargo test ARGS` in `dir`, into this checkout's own target directory for copies, with none of the variables
/// that would point the run elsewhere.
fn cargo_test(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("test")
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("repository-copy-target"))
        .env("CARGO_TERM_COLOR", "never")
        .env("NO_COLOR", "1");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("NEXTEST") || name.starts_with("FACTCHECK_") || name == "CLICOLOR_FORCE" {
            command.env_remove(name.as_ref());
        }
    }
    command.output().expect("cargo runs")
}

/// The test targets cargo names as failed: `--lib`, `--test factcheck`, ...
fn failed_targets(output: &Output) -> BTreeSet<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|line| line.split_once("to rerun pass `")?.1.strip_suffix('`').map(str::to_owned))
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
#[ignore = "builds and tests a copy of the repository (minutes); .ci/run runs it with --ignored"]
fn a_newsroom_edits_its_suite_and_only_its_claims_fail() {
    let copy = copy_repository();
    let dir = copy.path();

    // Adding claims with `new`, into an existing file and into a new nested one, keeps everything green.
    for (file, id) in [("alaska-summit.toml", "met-in-anchorage-again"), ("regions/europe/summit.toml", "met")] {
        let output = new_passing_claim(dir, file, id);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let green = cargo_test(dir, &["--no-fail-fast"]);
    assert!(
        green.status.success(),
        "adding claims failed a test:\n{}\n{}",
        String::from_utf8_lossy(&green.stdout),
        String::from_utf8_lossy(&green.stderr)
    );

    // One quoted sentence edited: plain `cargo test` fails, and the first failure it prints is a claim's diff.
    edit(
        &dir.join("seeds/000_fbb003d94346f9a6.txt"),
        "nearly three hours in Anchorage",
        "about three hours in Anchorage",
    );
    let edited = cargo_test(dir, &[]);
    assert!(!edited.status.success());
    assert_eq!(failed_targets(&edited), BTreeSet::from(["--test factcheck".to_owned()]));
    let stdout = String::from_utf8_lossy(&edited.stdout);
    let first = stdout.split("\n---- ").nth(1).expect("a failure is printed");
    let (name, report) = first.split_once(" ----\n").expect("a libtest failure block");
    let name = name.trim_end_matches(" stdout");
    assert!(name.starts_with("alaska-summit::") || name.starts_with("regions/"), "the first failure is {name}");
    assert!(report.contains("[-nearly-]{+about+}"), "the first failure shows the diff:\n{first}");

    // Every source rewritten and a claim broken: with --no-fail-fast, still only the claims' target fails.
    for entry in fs::read_dir(dir.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "txt") {
            let text = fs::read_to_string(&path).unwrap();
            let reversed: Vec<String> =
                text.lines().map(|line| line.split(' ').rev().collect::<Vec<_>>().join(" ")).collect();
            fs::write(&path, reversed.join("\n")).unwrap();
        }
    }
    let claims = dir.join("assertions/europe-and-nato.toml");
    let text = fs::read_to_string(&claims).unwrap();
    fs::write(&claims, format!("{text}\n[[claim]]\nid = \"typo\"\nclaim = \"x\"\n[[claim.evidence]]\nqoute = \"y\"\n"))
        .unwrap();
    let rewritten = cargo_test(dir, &["--no-fail-fast"]);
    assert!(!rewritten.status.success());
    assert_eq!(
        failed_targets(&rewritten),
        BTreeSet::from(["--test factcheck".to_owned()]),
        "only the claims fail:\n{}",
        String::from_utf8_lossy(&rewritten.stderr)
    );
}

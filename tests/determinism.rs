//! Output does not depend on how many threads check the claims: the `cargo test` harness reports the same
//! failures, each with the same message, with `--test-threads=1` and `--test-threads=8`, and `factcheck check`
//! prints byte-identical JSON with `-j1` and `-j8`, on a corpus edit that fails several claims.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{corpus_copy, factcheck, harness, path_str};

/// A copy of the seeds with edits that fail claims in several assertion files.
fn widely_edited_corpus() -> tempfile::TempDir {
    let corpus = corpus_copy();
    for entry in fs::read_dir(corpus.path()).unwrap() {
        let path = entry.unwrap().path();
        let edited = fs::read_to_string(&path)
            .unwrap()
            .replace("nearly three hours", "about three hours")
            .replace("Anchorage", "Juneau")
            .replace("Zelensky", "Zelinsky");
        fs::write(&path, edited).unwrap();
    }
    corpus
}

/// The failure sections libtest prints (`---- name ----` and the message under it), by test name.
fn failure_sections(stdout: &str) -> BTreeMap<String, String> {
    let mut sections = BTreeMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("---- ").and_then(|rest| rest.strip_suffix(" ----")) {
            if let Some((name, lines)) = current.take() {
                sections.insert(name, lines.join("\n").trim().to_owned());
            }
            current = Some((name.to_owned(), Vec::new()));
        } else if line == "failures:" {
            if let Some((name, lines)) = current.take() {
                sections.insert(name, lines.join("\n").trim().to_owned());
            }
        } else if let Some((_, lines)) = &mut current {
            lines.push(line);
        }
    }
    sections
}

/// The harness's failures on `corpus` with `--test-threads threads`.
fn harness_failures(corpus: &Path, threads: &str) -> BTreeMap<String, String> {
    let output = harness(Some(corpus), None, &["--test-threads", threads]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(101), "{stdout}");
    failure_sections(&stdout)
}

#[test]
fn the_harness_reports_the_same_failures_whatever_the_number_of_threads() {
    let corpus = widely_edited_corpus();
    let one = harness_failures(corpus.path(), "1");
    let eight = harness_failures(corpus.path(), "8");
    assert!(one.len() >= 3, "the edit should fail several claims: {:#?}", one.keys());
    let files: std::collections::BTreeSet<&str> = one.keys().filter_map(|name| name.split("::").next()).collect();
    assert!(files.len() >= 2, "failures in several files: {files:?}");
    assert!(one.values().all(|message| message.starts_with("claim: ")), "{one:#?}");
    assert_eq!(one, eight);
}

#[test]
fn check_prints_the_same_json_bytes_whatever_the_number_of_jobs() {
    let corpus = widely_edited_corpus();
    let root = path_str(corpus.path());
    let run = |jobs: &str| {
        let output = factcheck(&["check", "--format", "json", "--include-ignored", "--jobs", jobs, "--corpus", root]);
        assert_eq!(output.status.code(), Some(1));
        output.stdout
    };
    let one = run("1");
    let failed = String::from_utf8_lossy(&one).matches("\"outcome\":\"failed\"").count();
    assert!(failed >= 3, "the edit should fail several claims, failed {failed}");
    assert!(one == run("8"), "-j1 and -j8 print different JSON");
    assert!(one == run("3"), "-j1 and -j3 print different JSON");
}

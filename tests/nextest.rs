//! cargo-nextest runs the claims as `cargo test` does: the same tests listed, the same ignored, and
//! `--partition count:1/2` plus `count:2/2` together run exactly the claims `cargo test` runs, each once, with
//! the `ci` profile of `.config/nextest.toml` writing JUnit XML; `factcheck check --partition count:K/N` picks
//! the same share as nextest.
//!
//! It runs on the news fixture (tests/fixtures/news), never on the repository's own suite.
//!
//! It needs cargo-nextest and a nested build of minutes, so plain `cargo test` lists it as ignored; `.ci/run`
//! installs cargo-nextest when missing and runs it with `cargo test --test nextest -- --ignored`. The nested
//! cargo commands build into a target directory of their own under this checkout's `target/`
//! (`CARGO_TARGET_TMPDIR`, kept between runs, so only the first is slow): the outer `cargo test` holds the lock
//! of its own target directory while tests run, and a directory shared between checkouts could hold another
//! checkout's binaries.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The news fixture's roots, which the nested harness runs check.
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news/seeds");
const CLAIMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news/assertions");

/// Where the nested builds go: this checkout's own, under its target directory.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("nextest-target")
}

/// `cargo ARGS` in the crate root, built into [`target_dir`], on the news fixture, with none of the environment
/// that would point the nested run elsewhere (the outer nextest's variables).
fn cargo(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command.args(args).current_dir(ROOT).env("CARGO_TARGET_DIR", target_dir()).env("CARGO_TERM_COLOR", "never");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("NEXTEST") || name.starts_with("__NEXTEST") || name.starts_with("FACTCHECK_") {
            command.env_remove(name.as_ref());
        }
    }
    command.env("FACTCHECK_CORPUS", CORPUS).env("FACTCHECK_ASSERTIONS", CLAIMS);
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The names `cargo test --test factcheck -- --list [--ignored]` lists.
fn libtest_list(ignored: bool) -> BTreeSet<String> {
    let mut args = vec!["test", "--quiet", "--test", "factcheck", "--", "--list", "--format", "terse"];
    if ignored {
        args.push("--ignored");
    }
    let output = cargo(&args);
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect()
}

/// The XML attribute value `text` unescaped.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The `name` of every `<testcase>` of a JUnit XML document.
fn junit_cases(xml: &str) -> Vec<String> {
    xml.split("<testcase ")
        .skip(1)
        .filter_map(|case| {
            let start = case.find("name=\"")? + 6;
            let end = start + case[start..].find('"')?;
            Some(unescape(&case[start..end]))
        })
        .collect()
}

#[test]
#[ignore = "needs cargo-nextest and a nested build of minutes; .ci/run runs it with --ignored"]
fn nextest_lists_partitions_and_runs_the_claims_cargo_test_runs() {
    let version = Command::new(env!("CARGO")).args(["nextest", "--version"]).output();
    assert!(
        version.as_ref().is_ok_and(|output| output.status.success()),
        "cargo-nextest is not installed (`cargo nextest --version` failed); install it with \
         `cargo install cargo-nextest --locked`: CI runs the claims with it"
    );

    // What `cargo test` knows: every claim, the pending ones ignored; and what it runs, by running it.
    let listed = libtest_list(false);
    let ignored = libtest_list(true);
    assert!(listed.len() >= 30, "{listed:?}");
    let test_output = cargo(&["test", "--test", "factcheck"]);
    let ran_by_cargo_test: BTreeSet<String> = String::from_utf8_lossy(&test_output.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... ok"))
        .map(|name| name.trim_end().to_owned())
        .collect();
    assert_eq!(
        ran_by_cargo_test,
        listed.difference(&ignored).cloned().collect(),
        "cargo test runs all but the ignored"
    );

    // `cargo nextest list` sees the same tests, ignored the same way.
    let list = cargo(&["nextest", "list", "--test", "factcheck", "--message-format", "json", "--run-ignored", "all"]);
    let list: Value = serde_json::from_slice(&list.stdout).expect("nextest's JSON list");
    let cases = list["rust-suites"]["factcheck::factcheck"]["testcases"].as_object().expect("the factcheck binary");
    let nextest_listed: BTreeSet<String> = cases.keys().cloned().collect();
    let nextest_ignored: BTreeSet<String> =
        cases.iter().filter(|(_, case)| case["ignored"] == true).map(|(name, _)| name.clone()).collect();
    assert_eq!(nextest_listed, listed);
    assert_eq!(nextest_ignored, ignored);

    // Two partitions, with the repository's `ci` profile, each writing JUnit XML to a store of its own.
    let store = tempfile::tempdir().unwrap();
    let repository_config = std::fs::read_to_string(Path::new(ROOT).join(".config/nextest.toml")).unwrap();
    let mut partitions = Vec::new();
    for partition in ["1/2", "2/2"] {
        let dir = store.path().join(partition.replace('/', "-of-"));
        let config = store.path().join(format!("nextest-{}.toml", partition.replace('/', "-of-")));
        let store_dir = dir.to_str().expect("a UTF-8 temporary directory").replace('\\', "/");
        std::fs::write(&config, format!("{repository_config}\n[store]\ndir = \"{store_dir}\"\n")).unwrap();
        cargo(&[
            "nextest",
            "run",
            "--config-file",
            config.to_str().expect("a UTF-8 temporary directory"),
            "--profile",
            "ci",
            "--test",
            "factcheck",
            "--partition",
            &format!("count:{partition}"),
            "--no-tests",
            "fail",
        ]);
        let junit = std::fs::read_to_string(dir.join("ci").join("junit.xml")).expect("the ci profile writes JUnit XML");
        let cases = junit_cases(&junit);
        // `factcheck check --partition` gives a runner without nextest the same share.
        let check = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(["check", "--format", "json", "--partition", &format!("count:{partition}")])
            .args(["--corpus", CORPUS, "--assertions", CLAIMS])
            .output()
            .expect("factcheck runs");
        let checked: BTreeSet<String> = String::from_utf8_lossy(&check.stdout)
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).expect("a JSON line"))
            .filter(|record| record["type"] == "claim" && record["outcome"] != "ignored")
            .map(|record| record["name"].as_str().expect("a claim's name").to_owned())
            .collect();
        assert_eq!(checked, cases.iter().cloned().collect(), "check --partition count:{partition} and nextest's");
        partitions.push(cases);
    }
    for (index, cases) in partitions.iter().enumerate() {
        assert!(!cases.is_empty(), "partition {} of 2 ran nothing", index + 1);
    }
    let all: Vec<&String> = partitions.iter().flatten().collect();
    let union: BTreeSet<String> = all.iter().map(|name| (*name).clone()).collect();
    assert_eq!(all.len(), union.len(), "a claim ran in both partitions");
    assert_eq!(union, ran_by_cargo_test, "the partitions together run what cargo test runs");
}

//! A broken claim fails alone, by name, under `factcheck check` and `cargo test` alike: a malformed claim is one
//! failed test beside its file's good claims, a file that is not TOML fails by the names still legible in it,
//! the counts agree, and no filter naming a broken claim ever reports "0 tests, ok".
//!
//! All on copies of the news fixture (tests/fixtures/news), never on the repository's own suite.

mod common;

use std::fs;

use common::{
    assertions, assertions_in, corpus_in, factcheck_in, harness, json_lines, new_passing_claim, repo_copy, seeds,
    stdout,
};

/// A claim with an unknown key (`qoute`), as a contributor's typo leaves it.
const MALFORMED: &str = "\n[[claim]]\nid = \"typo-in-the-quote-key\"\nclaim = \"Trump and Putin met in Anchorage.\"\n\n\
                         [[claim.evidence]]\nsource = \"000_fbb003d94346f9a6.txt\"\nqoute = \"The two leaders met\"\n";

/// The number of claims of an assertion file of the news fixture.
fn claims_in(file: &str) -> usize {
    let text = fs::read_to_string(assertions().join(file)).unwrap();
    text.lines().filter(|line| *line == "[[claim]]").count()
}

/// A copy of the news fixture with `text` appended to `alaska-summit.toml` (all its claims good).
fn with_appended(text: &str) -> tempfile::TempDir {
    let dir = repo_copy();
    let path = assertions_in(dir.path()).join("alaska-summit.toml");
    let mut file = fs::read_to_string(&path).unwrap();
    file.push_str(text);
    fs::write(&path, file).unwrap();
    dir
}

/// The `test NAME ... RESULT` lines of a libtest-style run, as (name, result).
fn test_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.strip_prefix("test ")?.split_once(" ... "))
        .map(|(name, result)| (name.trim_end().to_owned(), result.trim().to_owned()))
        .collect()
}

fn count(lines: &[(String, String)], result: &str) -> usize {
    lines.iter().filter(|(_, r)| r == result).count()
}

#[test]
fn a_malformed_claim_fails_alone_under_check_and_cargo_test() {
    let dir = with_appended(MALFORMED);
    let good = claims_in("alaska-summit.toml");
    assert!(good >= 27, "a file of many good claims: {good}");

    // factcheck check: every good claim passed, 1 failed, by its name, with check `schema` at the unknown key.
    let check = factcheck_in(dir.path(), &["check", "alaska-summit::", "--color", "never"]);
    assert_eq!(check.status.code(), Some(1));
    let text = stdout(&check);
    let lines = test_lines(&text);
    assert_eq!((count(&lines, "ok"), count(&lines, "FAILED")), (good, 1), "{text}");
    assert!(lines.contains(&("alaska-summit::typo-in-the-quote-key".into(), "FAILED".into())), "{text}");
    assert!(text.contains(&format!("test result: FAILED. {good} passed; 1 failed; 0 ignored; 0 errors;")), "{text}");
    assert!(text.contains("unknown key `qoute` in evidence item, did you mean `quote`?"), "{text}");

    // The JSON contract: a failed claim record, check `schema`, no error record; the summary agrees.
    let records = json_lines(&factcheck_in(dir.path(), &["check", "alaska-summit::", "--format", "json"]));
    let failed: Vec<_> = records.iter().filter(|r| r["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["name"], "alaska-summit::typo-in-the-quote-key");
    assert!(failed[0]["failures"].as_array().unwrap().iter().all(|f| f["check"] == "schema"));
    assert!(records.iter().all(|r| r["type"] != "error"));
    let summary = records.last().unwrap();
    assert_eq!((summary["passed"].as_u64(), summary["failed"].as_u64()), (Some(good as u64), Some(1)), "{summary}");

    // cargo test: the same counts, the FAILED lines and the summary agreeing.
    let run = harness(Some(&corpus_in(dir.path())), Some(&assertions_in(dir.path())), &["alaska-summit::"]);
    assert!(!run.status.success());
    let text = stdout(&run);
    let lines = test_lines(&text);
    assert_eq!((count(&lines, "ok"), count(&lines, "FAILED")), (good, 1), "{text}");
    assert!(text.contains(&format!("test result: FAILED. {good} passed; 1 failed;")), "{text}");
    let file = fs::read_to_string(assertions_in(dir.path()).join("alaska-summit.toml")).unwrap();
    let line = file.lines().position(|line| line.starts_with("qoute")).unwrap() + 1;
    assert!(
        text.contains(&format!(
            "alaska-summit.toml:{line}:1\n  unknown key `qoute` in evidence item, did you mean `quote`?"
        )),
        "the failure is located at the key: {text}"
    );
}

#[test]
fn a_filter_naming_a_broken_claim_never_passes() {
    // A malformed claim, named exactly, as CONTRIBUTING's step 4 runs it.
    let dir = with_appended(MALFORMED);
    let (corpus, claims) = (corpus_in(dir.path()), assertions_in(dir.path()));
    let exact = harness(Some(&corpus), Some(&claims), &["--exact", "alaska-summit::typo-in-the-quote-key"]);
    assert!(!exact.status.success(), "{}", stdout(&exact));
    assert!(stdout(&exact).contains("running 1 test"), "{}", stdout(&exact));
    let by_id = harness(Some(&corpus), Some(&claims), &["typo-in-the-quote-key"]);
    assert!(!by_id.status.success(), "{}", stdout(&by_id));

    // A file that is no longer TOML: each claim still legible in it fails by its name, under both.
    let path = claims.join("white-house-meeting.toml");
    let text = fs::read_to_string(&path).unwrap();
    let first_id = text.lines().find_map(|line| line.strip_prefix("id = \"")?.strip_suffix('"')).unwrap().to_owned();
    fs::write(&path, format!("{text}\n[[claim]]\nid = \"unterminated\nclaim = \"x\"\n")).unwrap();
    let name = format!("white-house-meeting::{first_id}");
    let run = harness(Some(&corpus), Some(&claims), &["--exact", &name]);
    assert!(!run.status.success(), "{}", stdout(&run));
    assert!(stdout(&run).contains("invalid TOML"), "{}", stdout(&run));
    let check = factcheck_in(dir.path(), &["check", "--exact", &name, "--color", "never"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    let lines = test_lines(&stdout(&check));
    assert_eq!(lines, [(name.clone(), "FAILED".to_owned())]);
    // Each of its claims fails, by name; the JSON gives the file's problem once, as error records.
    let claims = claims_in("white-house-meeting.toml");
    let records = json_lines(&factcheck_in(dir.path(), &["check", "white-house-meeting::", "--format", "json"]));
    let failed = records.iter().filter(|r| r["type"] == "claim" && r["outcome"] == "failed").count();
    assert_eq!(failed, claims);
    assert_eq!(records.iter().filter(|r| r["type"] == "error").count(), 1);
    let summary = records.last().unwrap();
    assert_eq!((summary["failed"].as_u64(), summary["errors"].as_u64()), (Some(claims as u64), Some(1)), "{summary}");
    // list selects it too.
    let list = factcheck_in(dir.path(), &["list", "--exact", &name]);
    assert_eq!(list.status.code(), Some(1));
    assert!(stdout(&list).contains(&name), "{}", stdout(&list));
}

#[test]
fn claims_added_with_new_pass_and_carry_their_schema_line() {
    let dir = repo_copy();
    let added = |file: &str, id: &str| {
        let output = new_passing_claim(dir.path(), file, id);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        stdout(&output)
    };
    added("alaska-summit.toml", "met-in-anchorage-again");
    let said = added("regions/europe/summit.toml", "met-in-anchorage");
    // The next step works from a clone with only Rust.
    assert!(
        said.contains("check it with: cargo test --test factcheck -- --exact regions/europe/summit::met-in-anchorage"),
        "{said}"
    );
    let nested = fs::read_to_string(assertions_in(dir.path()).join("regions/europe/summit.toml")).unwrap();
    assert!(nested.starts_with("#:schema ../../../schema/assertions.schema.json\n"), "{nested}");
    let run = harness(Some(&corpus_in(dir.path())), Some(&assertions_in(dir.path())), &[]);
    assert!(run.status.success(), "{}", stdout(&run));
    let lint = factcheck_in(dir.path(), &["lint"]);
    assert!(!stdout(&lint).contains("missing-schema"), "new files name their schema: {}", stdout(&lint));
}

#[test]
fn the_fixture_is_what_the_tests_read() {
    // The fixture stands on its own: a corpus and claims that pass.
    assert!(seeds().join("corpus.toml").is_file());
    let records = json_lines(&factcheck_in(&common::news(), &["check", "--format", "json"]));
    let summary = records.last().unwrap();
    assert_eq!(summary["failed"], 0, "{summary}");
    assert!(summary["passed"].as_u64().unwrap() >= 100);
    assert!(assertions().join("alaska-summit.toml").is_file());
}

#[test]
fn the_harness_reads_the_checkout_it_runs_in() {
    // A moved or copied checkout: cargo sets CARGO_MANIFEST_DIR to it when it runs the test binary, and the
    // harness reads that checkout's seeds/ and assertions/, not those of the checkout it was built in.
    let moved = repo_copy();
    let seed = corpus_in(moved.path()).join(common::SEED);
    let text = fs::read_to_string(&seed).unwrap();
    fs::write(&seed, text.replace("nearly three hours in Anchorage", "about three hours in Anchorage")).unwrap();
    let run = std::process::Command::new(common::harness_binary())
        .args(["--exact", "alaska-summit::leaders-met-nearly-three-hours"])
        .current_dir(moved.path())
        .env("CARGO_MANIFEST_DIR", moved.path())
        .env("NO_COLOR", "1")
        .env_remove("FACTCHECK_CORPUS")
        .env_remove("FACTCHECK_ASSERTIONS")
        .output()
        .unwrap();
    let text = stdout(&run);
    assert!(!run.status.success(), "{text}");
    assert!(text.contains("[-nearly-]{+about+}"), "{text}");
    assert!(text.contains("--> assertions/alaska-summit.toml:"), "paths are the moved checkout's: {text}");
}

#[test]
fn a_reader_that_goes_away_ends_the_harness_quietly() {
    // `cargo test | head -1`: the reader closes the pipe before the harness has written its report. libtest-mimic
    // prints with `println!`, which panics on a closed pipe; the harness ends instead, with libtest's status for
    // a run that could not report, and nothing on stderr.
    let mut child = std::process::Command::new(common::harness_binary())
        .env("FACTCHECK_CORPUS", seeds())
        .env("FACTCHECK_ASSERTIONS", assertions())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(101), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

//! The contributor commands end to end: `find`, `new`, `list` and `lint`, run as the binary on copies in temporary
//! directories (the repository's files are only read).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{
    SEED, assertions, factcheck, factcheck_in, json_lines, repo_copy, roots, seeds, snapshot, stderr, stdout,
};
use factcheck::assertion::load::parse_file;
use factcheck::limits::Limits;
use serde_json::Value;

/// A temporary directory with `seeds/` and `assertions/` holding the given files.
fn fixture(sources: &[(&str, &str)], assertions: &[(&str, &str)]) -> tempfile::TempDir {
    roots("seeds", sources, assertions)
}

fn assertion_path(dir: &Path, name: &str) -> PathBuf {
    dir.join("assertions").join(name)
}

// ---- find ----

#[test]
fn find_lists_every_occurrence_with_its_location_and_sentence() {
    let output = factcheck(&["find", "nearly", "three", "hours"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("\"nearly three hours\": 2 occurrences in 2 sources\n"), "{text}");
    assert!(
        text.contains(&format!(
            "seeds/{SEED}:7:151\n    The two leaders met for nearly three hours in Anchorage, but the meeting \
             produced no agreement on a ceasefire or a pathway to ending the war in Ukraine.\n"
        )),
        "{text}"
    );
    assert!(text.contains("seeds/002_dbdf83ece837fbd8.txt:3:78\n"), "{text}");

    let only = factcheck(&["find", "nearly three hours", "--source", "002_dbdf83ece837fbd8.txt"]);
    assert!(stdout(&only).starts_with("\"nearly three hours\": 1 occurrence in 1 source\n"));
    let case = factcheck(&["find", "NEARLY THREE HOURS"]);
    assert_eq!(case.status.code(), Some(1), "case matters without --ignore-case");
    assert_eq!(factcheck(&["find", "-i", "NEARLY THREE HOURS"]).status.code(), Some(0));
    assert_eq!(factcheck(&["find", "nearly three hour"]).status.code(), Some(1), "whole words, as quotes");
    let quoted = stdout(&factcheck(&["find", "\"productive\""]));
    assert!(quoted.starts_with("'\"productive\"': 1 occurrence in 1 source\n"), "{quoted}");
}

#[test]
fn find_json_has_one_record_per_occurrence_then_a_summary() {
    let output = factcheck(&["find", "\"productive\"", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let records = json_lines(&output);
    assert_eq!(records[0]["type"], "occurrence");
    assert_eq!(records[0]["source"], SEED);
    assert_eq!(records[0]["line"], 7);
    assert_eq!(records[0]["text"], "\u{201C}productive\u{201D}", "the source's own characters");
    assert!(records[0]["sentence"].as_str().unwrap().starts_with("Both described the discussions as \"productive\""));
    assert_eq!(records[0]["excluded"], Value::Null);
    let summary = records.last().unwrap();
    assert_eq!((summary["type"].as_str(), summary["found"].as_u64()), (Some("summary"), Some(1)));
}

#[test]
fn find_offers_the_closest_passages_with_a_diff_when_nothing_matches() {
    let output = factcheck(&["find", "The two leaders met for nearly four hours in Anchorage"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with("\"The two leaders met for nearly four hours in Anchorage\" does not occur in the corpus")
    );
    assert!(text.contains("closest passages:"), "{text}");
    assert!(text.contains(&format!("seeds/{SEED}:7:127 (similarity 0.")), "{text}");
    assert!(text.contains("diff: The two leaders met for nearly [-four-]{+three+} hours in Anchorage"), "{text}");
    let passages = text.matches("(similarity ").count();
    assert!((1..=3).contains(&passages), "{text}");

    let json = json_lines(&factcheck(&["find", "nearly four hours", "--format", "json"]));
    let closest: Vec<&Value> = json.iter().filter(|r| r["type"] == "closest").collect();
    assert!(!closest.is_empty() && closest.len() <= 3);
    assert!(closest[0]["similarity"].as_f64().unwrap() > 0.5);
    assert!(closest[0]["diff"].as_str().unwrap().contains("[-four-]{+three+}"));
}

#[test]
fn find_marks_occurrences_in_excluded_regions() {
    let output = factcheck(&["find", "has to be 100% unity"]);
    assert_eq!(output.status.code(), Some(1), "found only where it is not evidence");
    let text = stdout(&output);
    assert!(text.contains("occurs only in regions corpus.toml excludes"), "{text}");
    assert!(text.contains("seeds/001_8078960195baae82.txt:11:18 (excluded: reader comments; not evidence)"), "{text}");
    assert!(text.contains("closest passages:"), "{text}");
    let toml = factcheck(&["find", "--toml", "has to be 100% unity"]);
    assert_eq!(toml.status.code(), Some(1));
    assert_eq!(stdout(&toml), "", "nothing to paste");
}

#[test]
fn find_usage_errors_exit_2() {
    assert_eq!(factcheck(&["find"]).status.code(), Some(2));
    assert_eq!(factcheck(&["find", "   "]).status.code(), Some(2));
    let unknown = factcheck(&["find", "Putin", "--source", "000_fbb003d94346f9a6.tx"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `000_fbb003d94346f9a6.txt`?"), "{}", stderr(&unknown));
    assert_eq!(factcheck(&["find", "x", "--toml", "--format", "json"]).status.code(), Some(2));
    assert_eq!(factcheck(&["find", "x", "--corpus", "/nonexistent/corpus"]).status.code(), Some(2));
}

/// Pastes what `find --toml TEXT` prints under a new claim and checks the claim: it must pass.
fn paste_and_check(dir: &Path, text: &str) -> String {
    let output = factcheck_in(dir, &["find", "--toml", text]);
    assert_eq!(output.status.code(), Some(0), "{text}: {}", stderr(&output));
    let blocks = stdout(&output);
    let first = blocks.split("\n\n").next().unwrap().trim_end();
    let file = format!(
        "# pasted from find --toml\n[[claim]]\nid = \"pasted\"\nclaim = \"A claim.\"\ncheck_numbers = false\n\n{first}\n"
    );
    fs::write(assertion_path(dir, "pasted.toml"), &file).unwrap();
    parse_file("pasted.toml", &file, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}\n{file}"));
    let check = factcheck_in(dir, &["check", "--exact", "pasted::pasted", "--format", "json"]);
    let records = json_lines(&check);
    assert_eq!(records[0]["outcome"], "passed", "{file}\n{records:#?}");
    assert_eq!(check.status.code(), Some(0));
    first.to_owned()
}

#[test]
fn find_toml_blocks_paste_and_pass_check() {
    let dir = fixture(
        &[
            ("plain.txt", "Intro.\n\nHe said \"it is done\" on Friday. She said 'maybe' on Monday.\n"),
            ("both.txt", "Title\n\nThe aide's note read \"ready\" and C:\\path stayed.\nA line that\nwraps here.\n"),
        ],
        &[],
    );
    // Only `"`: a literal string.
    let block = paste_and_check(dir.path(), "He said \"it is done\"");
    assert!(block.ends_with("quote = 'He said \"it is done\"'"), "{block}");
    // Only `'`: a basic string.
    let block = paste_and_check(dir.path(), "She said 'maybe'");
    assert!(block.ends_with("quote = \"She said 'maybe'\""), "{block}");
    // Both, and a backslash: a basic string with escapes.
    let block = paste_and_check(dir.path(), "The aide's note read \"ready\" and C:\\path");
    assert!(block.ends_with(r#"quote = "The aide's note read \"ready\" and C:\\path""#), "{block}");
    // Across a line break: the source's exact text, with its line break escaped.
    let block = paste_and_check(dir.path(), "A line that wraps here");
    assert!(block.ends_with("quote = \"A line that\\nwraps here\""), "{block}");
    assert!(block.starts_with("# seeds/both.txt:4:1\n[[claim.evidence]]\nsource = \"both.txt\"\n"), "{block}");

    // On the seeds: typographic quotes stay as the source writes them.
    let seeds = repo_copy();
    let block = paste_and_check(seeds.path(), "described the discussions as \"productive\"");
    assert!(block.ends_with("quote = \"described the discussions as \u{201C}productive\u{201D}\""), "{block}");
    let block = paste_and_check(seeds.path(), "Moscow's objections");
    assert!(block.contains("Moscow\u{2019}s"), "{block}");
}

// ---- new ----

const NEW_CLAIM: &[&str] = &[
    "--id",
    "met-in-anchorage",
    "--claim",
    "Trump and Putin met in Anchorage.",
    "--tag",
    "alaska-summit",
    "--tag",
    "venue",
    "--note",
    "000's second paragraph.",
    "--quote",
    "The two leaders met for nearly three hours in Anchorage",
    "--source",
    SEED,
];

fn new(dir: &Path, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["new", file];
    args.extend_from_slice(NEW_CLAIM);
    args.extend_from_slice(extra);
    factcheck_in(dir, &args)
}

#[test]
fn new_appends_a_passing_claim_and_keeps_every_byte_of_the_file() {
    let dir = repo_copy();
    let path = assertion_path(dir.path(), "alaska-summit.toml");
    let before = fs::read_to_string(&path).unwrap();
    assert!(before.starts_with('#'), "the file starts with a comment to keep");
    let output = new(dir.path(), "alaska-summit.toml", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("added alaska-summit::met-in-anchorage at assertions/alaska-summit.toml:"));
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.starts_with(&before), "the old bytes, comments and layout are kept");
    assert_eq!(
        &after[before.len()..],
        format!(
            "\n[[claim]]\nid = \"met-in-anchorage\"\nclaim = \"Trump and Putin met in Anchorage.\"\n\
             tags = [\"alaska-summit\", \"venue\"]\nnote = \"000's second paragraph.\"\n\n[[claim.evidence]]\n\
             source = \"{SEED}\"\nquote = \"The two leaders met for nearly three hours in Anchorage\"\n"
        )
    );
    let file = parse_file("alaska-summit.toml", &after, &Limits::default()).unwrap();
    assert_eq!(file.claims.last().unwrap().name, "alaska-summit::met-in-anchorage");
    let check = factcheck_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "the whole suite still passes");
    let records = json_lines(&check);
    let added = records.iter().find(|r| r["name"] == "alaska-summit::met-in-anchorage").unwrap();
    assert_eq!(added["outcome"], "passed");

    // The path from the repository root works too.
    let again = factcheck_in(
        dir.path(),
        &[
            "new",
            "assertions/alaska-summit.toml",
            "--id",
            "met-again",
            "--claim",
            "They met.",
            "--quote",
            "The two leaders met",
            "--source",
            SEED,
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn new_creates_the_file_and_its_folders_under_the_root() {
    let dir = repo_copy();
    let output = new(dir.path(), "europe/summit.toml", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = fs::read_to_string(assertion_path(dir.path(), "europe/summit.toml")).unwrap();
    // A new file starts with the line that points editors at the schema, climbing out of its folder.
    assert!(
        text.starts_with("#:schema ../../schema/assertions.schema.json\n\n[[claim]]\nid = \"met-in-anchorage\"\n"),
        "{text}"
    );
    let check = factcheck_in(dir.path(), &["check", "--exact", "europe/summit::met-in-anchorage"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn new_refuses_duplicates_bad_paths_and_failing_claims_and_writes_nothing() {
    let dir = repo_copy();
    let before = fs::read_to_string(assertion_path(dir.path(), "alaska-summit.toml")).unwrap();
    let unchanged = || {
        assert_eq!(fs::read_to_string(assertion_path(dir.path(), "alaska-summit.toml")).unwrap(), before);
    };

    let duplicate = factcheck_in(
        dir.path(),
        &[
            "new",
            "alaska-summit.toml",
            "--id",
            "leaders-met-nearly-three-hours",
            "--claim",
            "x",
            "--quote",
            "The two leaders met",
        ],
    );
    assert_eq!(duplicate.status.code(), Some(2));
    let message = stderr(&duplicate);
    assert!(
        message.contains(
            "the id `leaders-met-nearly-three-hours` is already used by the claim at assertions/alaska-summit.toml:"
        ) && message.trim_end().ends_with("; choose another id; nothing was written"),
        "{message}"
    );
    unchanged();

    for outside in ["../outside.toml", "/tmp/outside.toml", "a/../../outside.toml"] {
        let output = new(dir.path(), outside, &[]);
        assert_eq!(output.status.code(), Some(2), "{outside}");
        assert!(stderr(&output).contains("is not a file inside the assertions root"), "{}", stderr(&output));
    }
    assert!(!dir.path().join("outside.toml").exists());
    assert_eq!(new(dir.path(), "notes.txt", &[]).status.code(), Some(2));

    let failing = factcheck_in(
        dir.path(),
        &[
            "new",
            "alaska-summit.toml",
            "--id",
            "four-hours",
            "--claim",
            "They met for four hours.",
            "--quote",
            "The two leaders met for nearly four hours",
            "--source",
            SEED,
        ],
    );
    assert_eq!(failing.status.code(), Some(1));
    let report = stderr(&failing);
    assert!(report.contains("does not pass against the corpus; nothing was written"), "{report}");
    assert!(report.contains("[-four-]{+three+}"), "the failure report, with its diff: {report}");
    // Nothing was written, so no location points into the file: they are lines of the claim shown below.
    assert!(report.contains("  --> new claim:1:1\n"), "{report}");
    assert!(report.contains("  --> new claim:5:1\n"), "the evidence item, at line 5 of the claim: {report}");
    assert!(!report.contains("alaska-summit.toml:3"), "no line of the file: {report}");
    assert_eq!(report.matches("alaska-summit.toml:").count(), 1, "only in the listing's title: {report}");
    assert!(
        report
            .contains("new claim, as it would have been appended to assertions/alaska-summit.toml:\n  1 | [[claim]]\n"),
        "{report}"
    );
    assert!(report.contains("  5 | [[claim.evidence]]\n"), "{report}");
    unchanged();

    let malformed = factcheck_in(
        dir.path(),
        &["new", "alaska-summit.toml", "--id", "Not An Id", "--claim", "x", "--quote", "The two leaders met"],
    );
    assert_eq!(malformed.status.code(), Some(2));
    assert!(stderr(&malformed).contains("invalid id `Not An Id`"), "{}", stderr(&malformed));
    unchanged();

    fs::write(assertion_path(dir.path(), "broken.toml"), "[[claim]]\nid = \"x\"\n").unwrap();
    let broken = new(dir.path(), "broken.toml", &[]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stderr(&broken).contains("fix the file first"), "{}", stderr(&broken));
    assert_eq!(fs::read_to_string(assertion_path(dir.path(), "broken.toml")).unwrap(), "[[claim]]\nid = \"x\"\n");

    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), assertion_path(dir.path(), "link")).unwrap();
        let through = new(dir.path(), "link/escape.toml", &[]);
        assert_eq!(through.status.code(), Some(2));
        assert!(stderr(&through).contains("leads out of the assertions root"), "{}", stderr(&through));
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}

#[test]
fn new_writes_a_failing_claim_as_pending_or_forced_when_asked() {
    let dir = repo_copy();
    let claim = [
        "--claim",
        "They met for four hours.",
        "--quote",
        "The two leaders met for nearly four hours",
        "--source",
        SEED,
    ];
    let mut pending = vec!["new", "later.toml", "--id", "four-hours", "--pending"];
    pending.extend_from_slice(&claim);
    let output = factcheck_in(dir.path(), &pending);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("(pending)"));
    let text = fs::read_to_string(assertion_path(dir.path(), "later.toml")).unwrap();
    assert!(text.contains("status = \"pending\"\n"), "{text}");
    assert_eq!(factcheck_in(dir.path(), &["check", "later::"]).status.code(), Some(0), "pending claims are ignored");

    let mut forced = vec!["new", "later.toml", "--id", "four-hours-now", "--force"];
    forced.extend_from_slice(&claim);
    assert_eq!(factcheck_in(dir.path(), &forced).status.code(), Some(0));
    let text = fs::read_to_string(assertion_path(dir.path(), "later.toml")).unwrap();
    assert_eq!(text.matches("status = \"pending\"").count(), 1, "--force keeps the claim active: {text}");
    assert_eq!(factcheck_in(dir.path(), &["check", "later::"]).status.code(), Some(1));
}

// ---- list ----

#[test]
fn list_shows_name_verdict_status_tags_and_sources_with_check_filters() {
    let sources = [("a.txt", "The leaders met for three hours.\n"), ("b.txt", "They met in Alaska.\n")];
    let summit = r#"
[[claim]]
id = "met-for-hours"
claim = "The leaders met for three hours."
tags = ["summit", "duration"]

[[claim.evidence]]
sources = ["b.txt", "a.txt"]
terms = ["leaders", "met"]

[[claim.evidence]]
source = "a.txt"
quote = "met for three hours"

[[claim]]
id = "met-for-days"
claim = "The leaders met for days."
verdict = "refuted"

[[claim.evidence]]
source = "a.txt"
quote = "The leaders met for three hours"

[[claim]]
id = "no-date"
claim = "No article gives a date."
verdict = "unverifiable"

[[claim.evidence]]
pattern = "August"
absent = true
"#;
    let dir = fixture(&sources, &[("summit.toml", summit), ("other/notes.toml", &summit.replace("summit", "other"))]);
    let output = factcheck_in(dir.path(), &["list", "summit::"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "summit::met-for-hours  supported     active   summit, duration  b.txt, a.txt\n\
         summit::met-for-days   refuted       active   -                 a.txt\n\
         summit::no-date        unverifiable  active   -                 (every source)\n\
         \n3 claims (0 pending) in 1 file\n"
    );

    let json = json_lines(&factcheck_in(dir.path(), &["list", "--format", "json", "--exact", "summit::met-for-hours"]));
    assert_eq!(json.len(), 2);
    assert_eq!(
        json[0],
        serde_json::json!({"type": "claim", "name": "summit::met-for-hours", "file": "summit.toml", "line": 2,
            "column": 1, "id": "met-for-hours", "claim": "The leaders met for three hours.", "verdict": "supported",
            "status": "active", "tags": ["summit", "duration"], "sources": ["b.txt", "a.txt"], "every_source": false,
            "evidence": 2})
    );
    assert_eq!(json[1], serde_json::json!({"type": "summary", "claims": 1, "pending": 0, "broken": 0}));
    let skipped = json_lines(&factcheck_in(dir.path(), &["list", "--format", "json", "--skip", "days"]));
    assert_eq!(skipped.len() - 1, 4, "six claims, two skipped");

    let all = json_lines(&factcheck(&["list", "--format", "json"]));
    let checked = json_lines(&factcheck(&["check", "--format", "json"]));
    assert_eq!(all.len(), checked.len(), "list names the claims check runs");
}

#[test]
fn list_shows_pending_claims_and_broken_files() {
    let dir = fixture(
        &[("a.txt", "The leaders met.")],
        &[
            (
                "good.toml",
                "[[claim]]\nid = \"later\"\nclaim = \"Later.\"\nstatus = \"pending\"\ntags = [\"t\"]\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"The leaders met\"\n",
            ),
            ("bad.toml", "[[claim]]\nid = \"x\"\n"),
        ],
    );
    let output = factcheck_in(dir.path(), &["list"]);
    assert_eq!(output.status.code(), Some(1), "a broken file is an error");
    let text = stdout(&output);
    let broken = text.lines().find(|l| l.starts_with("bad::x ")).expect("the malformed claim has a line");
    assert!(broken.contains("broken: malformed at assertions/bad.toml:1:1 (2 problems;"), "{text}");
    assert!(text.contains("good::later  supported     pending  t     a.txt"), "{text}");
    assert!(text.ends_with("1 claim (1 pending) in 1 file; 1 could not be read\n"), "{text}");
    let ignored = stdout(&factcheck_in(dir.path(), &["list", "--ignored", "good"]));
    assert!(ignored.contains("good::later"), "{ignored}");
}

// ---- lint ----

#[test]
fn the_news_fixture_has_no_lint_errors() {
    let output = factcheck(&["lint", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let summary = json_lines(&output).pop().unwrap();
    assert_eq!(summary["errors"], 0);
}

/// Sources and claims that trigger every warning once, each next to a twin that does not.
const LINT_SOURCE: &str = "The two leaders met for nearly three hours in Anchorage.\nPutin arrived on Friday.\n";
const LINT_CLAIMS: &str = r#"# Claims that lint warns about, each beside one it does not.
[[claim]]
id = "short-quote"
claim = "They met."
[[claim.evidence]]
source = "a.txt"
quote = "leaders met"

[[claim]]
id = "long-quote"
claim = "The two leaders met in Anchorage."
check_numbers = false
[[claim.evidence]]
source = "a.txt"
quote = "The two leaders met for nearly three hours"

[[claim]]
id = "everywhere"
claim = "Putin arrived on a Friday."
[[claim.evidence]]
quote = "Putin arrived on Friday"

[[claim]]
id = "never"
claim = "Nobody mentions August."
verdict = "unverifiable"
[[claim.evidence]]
quote = "August"
absent = true

[[claim]]
id = "empty-pattern"
claim = "Putin came."
[[claim.evidence]]
source = "a.txt"
pattern = "(Putin)?"

[[claim]]
id = "needless-min"
claim = "Putin arrived there on Friday."
[[claim.evidence]]
source = "a.txt"
terms = ["Putin", "arrived", "Friday"]
min_sources = 1

[[claim]]
id = "same-text"
claim = "they met"
[[claim.evidence]]
source = "a.txt"
quote = "met for nearly three hours in Anchorage"
"#;

#[test]
fn lint_warns_at_each_place_and_says_what_to_do() {
    let dir = fixture(
        &[("a.txt", LINT_SOURCE), ("b.txt", "Nobody cites this source.\n")],
        &[
            ("claims.toml", LINT_CLAIMS),
            (
                "more.toml",
                "[[claim]]\nid = \"again\"\nclaim = \"Putin came back.\"\n[[claim.evidence]]\nsource = \"a.txt\"\npattern = \"(Putin)?\"\n",
            ),
        ],
    );
    fs::write(
        dir.path().join("seeds/corpus.toml"),
        "[[alias]]\nnames = [\"Putin\", \"Vladimir Putin\"]\n\n[[alias]]\nnames = [\"Zelensky\", \"Zelenskiy\"]\n",
    )
    .unwrap();
    let output = factcheck_in(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(0), "warnings alone pass: {}", stdout(&output));
    let text = stdout(&output);
    let expected = [
        "warning[missing-schema]: assertions/claims.toml:1:1: the file does not point editors at its schema; make \
         `#:schema ../schema/assertions.schema.json` its first line",
        "warning[short-evidence]: assertions/claims.toml:7:1: the quote \"leaders met\" is 2 words",
        "warning[no-source-scope]: assertions/claims.toml:20:1: this quote item searches every source",
        "warning[empty-match-pattern]: assertions/claims.toml:36:1: the pattern /(Putin)?/ matches the empty string",
        "warning[min-sources-one-source]: assertions/claims.toml:44:1: `min_sources` counts sources",
        "warning[duplicate-claim]: assertions/claims.toml:46:1: the same claim as `claims::short-quote`",
        "warning[missing-schema]: assertions/more.toml:1:1",
        "warning[duplicate-evidence]: assertions/more.toml:1:1: the same verdict and evidence as `claims::empty-pattern`",
        "warning[empty-match-pattern]: assertions/more.toml:6:1",
        "warning[uncited-source]: seeds/b.txt:1:1: no claim cites b.txt by name",
        "warning[unused-alias]: seeds/corpus.toml:4:1: no term uses the alias \"Zelensky\" = \"Zelenskiy\"",
    ];
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, expected) in lines.iter().zip(expected) {
        assert!(line.starts_with(expected), "{line:?} should start with {expected:?}");
        assert!(line.contains("; "), "says what to do: {line}");
    }
    assert!(text.ends_with("lint: 0 errors, 11 warnings in 2 assertion files\n"), "{text}");

    let denied = factcheck_in(dir.path(), &["lint", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));

    let json = json_lines(&factcheck_in(dir.path(), &["lint", "--format", "json"]));
    let codes: Vec<&str> = json.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(codes.len(), 11);
    let first = &json[1];
    assert_eq!((first["type"].as_str(), first["file"].as_str()), (Some("warning"), Some("claims.toml")));
    assert_eq!((first["path"].as_str(), first["line"].as_u64()), (Some("assertions/claims.toml"), Some(7)));
    assert_eq!(json.last().unwrap(), &serde_json::json!({"type": "summary", "errors": 0, "warnings": 11}));

    let github = stdout(&factcheck_in(dir.path(), &["lint", "--format", "github"]));
    assert!(
        github.lines().any(|l| l.starts_with(
            "::warning file=assertions/claims.toml,line=7,col=1,title=factcheck lint%3A short-evidence::"
        )),
        "{github}"
    );
}

#[test]
fn lint_is_quiet_on_a_well_made_suite() {
    let dir = fixture(
        &[("a.txt", LINT_SOURCE)],
        &[(
            "claims.toml",
            "#:schema ../schema/assertions.schema.json\n\
             [[claim]]\nid = \"met\"\nclaim = \"The leaders met in Anchorage.\"\ncheck_numbers = false\n\
             [[claim.evidence]]\nsource = \"a.txt\"\nquote = \"The two leaders met for nearly three hours\"\n\n\
             [[claim]]\nid = \"friday\"\nclaim = \"Putin arrived on a Friday.\"\n[[claim.evidence]]\n\
             source = \"a.txt\"\nterms = [\"Vladimir Putin\", \"Friday\"]\n\n\
             [[claim]]\nid = \"no-august\"\nclaim = \"Nobody mentions August.\"\nverdict = \"unverifiable\"\n\
             [[claim.evidence]]\nquote = \"August\"\nabsent = true\n",
        )],
    );
    fs::write(dir.path().join("seeds/corpus.toml"), "[[alias]]\nnames = [\"Putin\", \"Vladimir Putin\"]\n").unwrap();
    let output = factcheck_in(dir.path(), &["lint", "--deny-warnings"]);
    assert_eq!(stdout(&output), "lint: 0 errors, 0 warnings in 1 assertion file\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn lint_reports_every_error_of_every_file_at_once() {
    let dir = fixture(
        &[("a.txt", LINT_SOURCE)],
        &[
            ("one.toml", "[[claim]]\nid = \"Bad Id\"\nclaim = \"\"\n[[claim.evidence]]\nqoute = \"x\"\n"),
            (
                "two/three.toml",
                "[[claim]]\nid = \"x\"\nclaim = \"y\"\nverdict = \"suported\"\n[[claim.evidence]]\nquote = \"The two leaders met\"\n",
            ),
            ("fine.toml", "[[claim]]\nid = \"x\"\nclaim = \"They met\"\n[[claim.evidence]]\nquote = \"met\"\n"),
        ],
    );
    fs::write(dir.path().join("seeds/corpus.toml"), "[[alias]]\nnames = [\"one\"]\n").unwrap();
    let output = factcheck_in(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error: ")).collect();
    let expected = [
        "error: assertions/one.toml:2:6: invalid id `Bad Id`",
        "error: assertions/one.toml:3:9: `claim` is empty",
        "error: assertions/one.toml:4:1: the evidence item has no matcher",
        "error: assertions/one.toml:5:1: unknown key `qoute` in evidence item, did you mean `quote`?",
        "error: assertions/two/three.toml:4:11: unknown verdict `suported`, did you mean `supported`?",
        "error: seeds/corpus.toml:1:1: an alias needs two names",
    ];
    assert_eq!(errors.len(), expected.len(), "{text}");
    for (line, expected) in errors.iter().zip(expected) {
        assert!(line.starts_with(expected), "{line:?} should start with {expected:?}");
    }
    assert!(
        text.contains("warning[short-evidence]: assertions/fine.toml:5:1"),
        "the files that load are linted: {text}"
    );
    assert!(text.contains("note: unused aliases and uncited sources are looked for once"), "{text}");
    let github = stdout(&factcheck_in(dir.path(), &["lint", "--format", "github"]));
    assert!(github.contains("::error file=assertions/one.toml,line=5,col=1,"), "{github}");
    assert!(github.contains("::error file=seeds/corpus.toml,line=1,col=1,"), "{github}");

    assert_eq!(factcheck_in(dir.path(), &["lint", "--assertions", "/nonexistent/claims"]).status.code(), Some(2));
    assert_eq!(factcheck_in(dir.path(), &["lint", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn the_repository_is_left_untouched_by_the_commands() {
    let before = snapshot(&[seeds(), assertions()]);
    let _ = factcheck(&["find", "--toml", "nearly three hours"]);
    let _ = factcheck(&["list"]);
    let _ = factcheck(&["lint"]);
    assert_eq!(before, snapshot(&[seeds(), assertions()]));
}

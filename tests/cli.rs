//! The `factcheck` binary end to end: the JSON contract, exit codes, filters, colour, and the failure report a
//! corpus edit produces. Each test works on its own copies in a temporary directory; the repository's files are
//! only read.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

/// An assertions root holding one file, `name`, with `text`.
fn assertions_with(name: &str, text: &str) -> tempfile::TempDir {
    dir_with(&[(name, text)])
}

#[test]
fn the_suite_passes_on_the_seeds() {
    let output = factcheck(&["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let records = json_lines(&output);
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert!(summary["passed"].as_u64().unwrap() >= 30);
    assert_eq!(summary["failed"], 0);
    assert_eq!(summary["errors"], 0);
}

#[test]
fn json_records_follow_the_spec() {
    let corpus = edited_corpus();
    let output = factcheck(&["check", "--format", "json", "--corpus", path_str(corpus.path())]);
    assert_eq!(output.status.code(), Some(1));
    let records = json_lines(&output);
    let (summary, claims) = records.split_last().unwrap();
    assert_eq!(summary["type"], "summary");
    for key in ["passed", "failed", "ignored", "errors"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    for claim in claims {
        assert_eq!(claim["type"], "claim");
        assert!(claim["name"].as_str().unwrap().contains("::"));
        assert!(claim["file"].as_str().unwrap().ends_with(".toml"));
        assert!(claim["line"].as_u64().unwrap() >= 1);
        assert!(["supported", "refuted", "disputed", "unverifiable"].contains(&claim["verdict"].as_str().unwrap()));
        assert!(["passed", "failed", "ignored"].contains(&claim["outcome"].as_str().unwrap()));
        assert!(claim["failures"].is_array());
    }
    let failed: Vec<&Value> = claims.iter().filter(|c| c["outcome"] == "failed").collect();
    assert_eq!(summary["failed"].as_u64().unwrap(), failed.len() as u64);
    let quote_failure = failed
        .iter()
        .flat_map(|c| c["failures"].as_array().unwrap())
        .find(|f| f["check"] == "quote" && f["closest"]["source"] == SEED)
        .expect("a quote failure with its closest passage");
    assert!(quote_failure["evidence"].as_u64().unwrap() >= 1);
    assert!(quote_failure["message"].as_str().unwrap().contains("not found"));
    let closest = &quote_failure["closest"];
    assert_eq!(closest["line"], 7);
    assert!(closest["column"].as_u64().unwrap() > 1);
    assert_eq!(closest["text"], "The two leaders met for about three hours in Anchorage");
    let similarity = closest["similarity"].as_f64().unwrap();
    assert!(similarity > 0.8 && similarity < 1.0);
}

#[test]
fn a_corpus_edit_fails_with_the_diff_and_the_location() {
    let corpus = edited_corpus();
    let output = factcheck(&["check", "--corpus", path_str(corpus.path()), "--color", "never"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("[-nearly-]{+about+}"), "{text}");
    assert!(text.contains(&format!("{SEED}:7:")), "{text}");
    assert!(text.contains("assertions/alaska-summit.toml:"), "{text}");
    assert!(text.contains("test result: FAILED."), "{text}");
}

#[test]
fn cargo_test_fails_on_the_edited_corpus_with_the_diff() {
    let corpus = edited_corpus();
    let output = harness(Some(corpus.path()), None, &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(101), "{text}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains("[-nearly-]{+about+}"), "{text}");
    assert!(text.contains(&format!("{SEED}:7:")), "{text}");
}

#[test]
fn typographic_sources_match_keyboard_quotes() {
    let corpus = tempfile::tempdir().unwrap();
    let source = "Title line\r\n\r\nBoth described the talks as \u{201C}productive\u{201D} \u{2014} Moscow\u{2019}s \
                  win\u{00A0}\u{00A0}and the\r\nZelensky\u{2013}Putin meeting.\r\n";
    fs::write(corpus.path().join("typeset.txt"), source).unwrap();
    let claims = assertions_with(
        "typography.toml",
        r#"
[[claim]]
id = "typography"
claim = "The talks were called productive."

[[claim.evidence]]
source = "typeset.txt"
quote = "described the talks as \"productive\" - Moscow's win and the Zelensky-Putin meeting."
"#,
    );
    let output = factcheck(&[
        "check",
        "--format",
        "json",
        "--corpus",
        path_str(corpus.path()),
        "--assertions",
        path_str(claims.path()),
    ]);
    let records = json_lines(&output);
    assert_eq!(records[0]["outcome"], "passed", "{records:#?}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_malformed_claim_fails_alone_with_location_and_suggestion() {
    let claims = assertions_with(
        "bad.toml",
        "[[claim]]\nid = \"x\"\nclaim = \"y\"\n\n[[claim.evidence]]\nqoute = \"The two leaders met\"\n",
    );
    fs::write(
        claims.path().join("good.toml"),
        "[[claim]]\nid = \"met\"\nclaim = \"They met.\"\n[[claim.evidence]]\nquote = \"The two leaders met\"\n",
    )
    .unwrap();
    let output = factcheck(&["check", "--format", "json", "--assertions", path_str(claims.path())]);
    assert_eq!(output.status.code(), Some(1));
    let records = json_lines(&output);
    // The malformed claim is a failed claim record of its own name, check `schema`, at the unknown key.
    let bad = records.iter().find(|r| r["type"] == "claim" && r["name"] == "bad::x").expect("a record for bad::x");
    assert_eq!(bad["outcome"], "failed");
    let typo = bad["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("qoute"))
        .expect("a failure for the unknown key");
    assert_eq!(
        (typo["check"].as_str(), typo["line"].as_u64(), typo["column"].as_u64()),
        (Some("schema"), Some(6), Some(1))
    );
    assert!(typo["message"].as_str().unwrap().contains("did you mean `quote`?"), "{typo}");
    assert!(records.iter().all(|r| r["type"] != "error"), "claim-level problems are not error records");
    let good = records.iter().find(|r| r["name"] == "good::met").expect("the good file still runs");
    assert_eq!(good["outcome"], "passed");
    let summary = records.last().unwrap();
    assert_eq!(
        (summary["passed"].as_u64(), summary["failed"].as_u64(), summary["errors"].as_u64()),
        (Some(1), Some(1), Some(0))
    );

    let human = factcheck(&["check", "--color", "never", "--assertions", path_str(claims.path())]);
    let text = stdout(&human);
    assert!(text.contains("test bad::x    ... FAILED"), "{text}");
    assert!(text.contains("  --> "), "{text}");
    assert!(text.contains("bad.toml:6:1\n  unknown key `qoute` in evidence item, did you mean `quote`?"), "{text}");
    assert!(text.contains("test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 errors;"), "{text}");
}

#[test]
fn exit_codes() {
    assert_eq!(factcheck(&["check", "--assertions", "/nonexistent/claims"]).status.code(), Some(2));
    assert_eq!(factcheck(&["check", "--corpus", "/nonexistent/corpus"]).status.code(), Some(2));
    assert_eq!(factcheck(&["check", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(factcheck(&["check", "--format", "xml"]).status.code(), Some(2));
    let corpus = corpus_copy();
    fs::write(corpus.path().join("corpus.toml"), "[[alias]]\nnames = [\"one\"]\n").unwrap();
    let output = factcheck(&["check", "--corpus", path_str(corpus.path())]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("corpus.toml:1:1: an alias needs two names"));
}

#[test]
fn filters_select_like_cargo_test() {
    let names = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["check", "--format", "json"];
        full.extend_from_slice(args);
        json_lines(&factcheck(&full))
            .iter()
            .filter(|r| r["type"] == "claim")
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = names(&[]);
    let alaska = names(&["alaska-summit::"]);
    assert!(!alaska.is_empty() && alaska.len() < all.len());
    assert!(alaska.iter().all(|n| n.starts_with("alaska-summit::")));
    let one = alaska[0].clone();
    assert_eq!(names(&["--exact", &one]), std::slice::from_ref(&one));
    let skipped = names(&["alaska-summit::", "--skip", &one]);
    assert_eq!(skipped.len(), alaska.len() - 1);
    assert!(!skipped.contains(&one));
}

#[test]
fn pending_claims_are_ignored_unless_asked_for() {
    let claims = assertions_with(
        "p.toml",
        "[[claim]]\nid = \"later\"\nclaim = \"Not yet checked.\"\nstatus = \"pending\"\n\
         [[claim.evidence]]\nquote = \"words nobody wrote anywhere\"\n",
    );
    let root = path_str(claims.path());
    let default = factcheck(&["check", "--format", "json", "--assertions", root]);
    assert_eq!(default.status.code(), Some(0));
    assert_eq!(json_lines(&default)[0]["outcome"], "ignored");
    for flag in ["--include-ignored", "--ignored"] {
        let run = factcheck(&["check", "--format", "json", "--assertions", root, flag]);
        assert_eq!(run.status.code(), Some(1), "{flag}");
        assert_eq!(json_lines(&run)[0]["outcome"], "failed", "{flag}");
    }
}

#[test]
fn colour_follows_no_color_and_clicolor_force() {
    let corpus = edited_corpus();
    let run = |vars: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
        command.args(["check", "--corpus", path_str(corpus.path())]).current_dir(ROOT);
        command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (key, value) in vars {
            command.env(key, value);
        }
        stdout(&command.output().unwrap())
    };
    let piped = run(&[]);
    assert!(!piped.contains('\x1b') && piped.contains("[-nearly-]"), "not a terminal: plain markers");
    let forced = run(&[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\x1b[1;31mnearly\x1b[0m"), "{forced}");
    let both = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!both.contains('\x1b'), "NO_COLOR wins");
}

#[test]
fn github_format_annotates_the_assertion_and_the_source() {
    let corpus = edited_corpus();
    let output = factcheck(&["check", "--format", "github", "--corpus", path_str(corpus.path())]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let error = text.lines().find(|l| l.starts_with("::error file=assertions/alaska-summit.toml,line=")).unwrap();
    assert!(error.contains("title=factcheck%3A alaska-summit%3A%3A"), "{error}");
    let notice = text.lines().find(|l| l.starts_with("::notice file=")).unwrap();
    assert!(notice.contains(&format!("{SEED},line=7,")), "{notice}");
}

#[test]
fn a_quote_from_reader_comments_is_not_evidence() {
    let claims = assertions_with(
        "comments.toml",
        "[[claim]]\nid = \"unity\"\nclaim = \"There must be full unity on Russia.\"\ncheck_numbers = false\n\
         [[claim.evidence]]\nsource = \"001_8078960195baae82.txt\"\nquote = \"has to be 100% unity on all decisions\"\n",
    );
    let output = factcheck(&["check", "--format", "json", "--assertions", path_str(claims.path())]);
    let record = &json_lines(&output)[0];
    assert_eq!(record["outcome"], "failed");
    let message = record["failures"][0]["message"].as_str().unwrap();
    assert!(message.contains("found only in a region corpus.toml excludes") && message.contains("reader comments"));
}

#[test]
fn a_quote_in_another_source_is_named() {
    let claims = assertions_with(
        "elsewhere.toml",
        "[[claim]]\nid = \"ten\"\nclaim = \"Trump rated the summit 10 out of 10.\"\n\
         [[claim.evidence]]\nsource = \"000_fbb003d94346f9a6.txt\"\nquote = \"Trump rated the summit 10 out of 10\"\n",
    );
    let output = factcheck(&["check", "--format", "json", "--assertions", path_str(claims.path())]);
    let message = json_lines(&output)[0]["failures"][0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("occurs verbatim in 002_dbdf83ece837fbd8.txt"), "{message}");
}

#[test]
fn the_harness_lists_without_reading_the_corpus() {
    let output = harness(Some(Path::new("/nonexistent/corpus")), None, &["--list"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let listed = text.lines().filter(|l| l.ends_with(": test")).count();
    let checked = json_lines(&factcheck(&["check", "--format", "json"])).len() - 1;
    assert_eq!(listed, checked, "every claim is one test");
}

#[test]
fn the_repository_is_left_untouched() {
    let before = snapshot(&[seeds(), assertions()]);
    let corpus = edited_corpus();
    let _ = factcheck(&["check", "--corpus", path_str(corpus.path())]);
    let _ = factcheck(&["check", "--format", "github"]);
    assert_eq!(before, snapshot(&[seeds(), assertions()]));
}

/// A check's progress bar: on a terminal a person watches, after the delay; never in a pipe or a CI log.
#[cfg(unix)]
#[test]
fn progress_shows_on_a_terminal_only() {
    use rexpect::session::spawn_command;
    let on_terminal = |ci: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
        // The delay is cut to nothing: the news fixture checks in well under the second a person waits.
        command.args(["check", "--color", "never"]).current_dir(common::news());
        command.env("FACTCHECK_PROGRESS_DELAY_MS", "0").env("NO_COLOR", "1").env("TERM", "xterm");
        if ci {
            command.env("CI", "true")
        } else {
            command.env_remove("CI")
        };
        let mut session = spawn_command(command, Some(30_000)).expect("the binary starts on a pseudo-terminal");
        session.exp_eof().expect("the check ends")
    };
    let shown = on_terminal(false);
    assert!(shown.contains("checking ") && shown.contains(" claims"), "{shown}");
    assert!(shown.contains("test result: ok."), "{shown}");
    let in_ci = on_terminal(true);
    assert!(!in_ci.contains("checking "), "{in_ci}");

    // In a pipe, standard error stays empty, whatever the delay.
    let piped = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["check"])
        .current_dir(common::news())
        .env("FACTCHECK_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
}

//! The commands for reviewers and CI, end to end: `coverage`, `impact` (on a temporary git repository),
//! `schema`, `completions`, `check --format junit|markdown` and the GitHub step summary. Each test works on a
//! small corpus of its own in a temporary directory, so that its golden output is short enough to read; the
//! repository's files are only read.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{ROOT, factcheck_in, news, stderr, stdout};
use serde_json::Value;

const SOURCE_A: &str = "Leaders Meet in Alaska\n\n\
    The two leaders met for nearly three hours in Anchorage. They shook hands on the tarmac.\n\n\
    No ceasefire was agreed.\n\n2 Comments\nGreat article.\n";
const SOURCE_B: &str = "An unrelated story about the weather.\n";
const CORPUS_TOML: &str = "[[exclude]]\nreason = \"reader comments\"\nsource = \"a.txt\"\nfrom = \"2 Comments\"\n";
const CLAIMS: &str = r#"[[claim]]
id = "met-three-hours"
claim = "The leaders met for nearly three hours."

[[claim.evidence]]
source = "a.txt"
quote = "met for nearly three hours in Anchorage"

[[claim]]
id = "no-ceasefire"
claim = "No ceasefire was agreed."

[[claim.evidence]]
terms = ["ceasefire", "agreed"]

[[claim]]
id = "handshake"
claim = "They shook hands."
status = "pending"

[[claim.evidence]]
source = "a.txt"
quote = "shook hands on the tarmac"
"#;

/// A project in a temporary directory: `seeds/` (two sources and a `corpus.toml` that excludes reader
/// comments) and `assertions/summit.toml` (three claims: one naming its source, one unscoped, one pending).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seeds/a.txt", SOURCE_A);
    write(dir.path(), "seeds/b.txt", SOURCE_B);
    write(dir.path(), "seeds/corpus.toml", CORPUS_TOML);
    write(dir.path(), "assertions/summit.toml", CLAIMS);
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Edits a file of the project: `from` must occur in it.
fn edit(dir: &Path, name: &str, from: &str, to: &str) {
    let path = dir.join(name);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{name} has no {from:?}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|error| panic!("{error}: {}", stdout(output)))
}

/// Runs git in `dir`, which must succeed; with identity and signing settled here, whatever the machine's.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=factcheck", "-c", "user.email=factcheck@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

/// The project as a git repository with everything committed.
fn repository() -> tempfile::TempDir {
    let dir = project();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "corpus and claims"]);
    dir
}

// ---- coverage ----

#[test]
fn coverage_table_and_uncited_sentences() {
    let dir = project();
    let output = factcheck_in(dir.path(), &["coverage", "--uncited"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "2 sources, 3 claims; 1 evidence item has no `source`/`sources` and searches every source\n\
         \n\
         source  claims  unscoped  sentences  cited  uncited  excluded  cited %\n\
         a.txt        2         1          6      3        1         2      75%\n\
         b.txt        0         0          1      0        1         0       0%\n\
         total                             7      3        2         2      60%\n\
         \n\
         Not cited by any claim: seeds/b.txt\n\
         \n\
         Uncited in seeds/a.txt:\n  \
           seeds/a.txt:1:1  Leaders Meet in Alaska\n\
         \n\
         Uncited in seeds/b.txt:\n  \
           seeds/b.txt:1:1  An unrelated story about the weather.\n"
    );
}

#[test]
fn coverage_json() {
    let dir = project();
    let output = factcheck_in(dir.path(), &["coverage", "--format", "json", "--uncited"]);
    assert_eq!(output.status.code(), Some(0));
    let record = json(&output);
    assert_eq!(record["claims"], 3);
    assert_eq!(record["unscoped_items"], 1);
    assert_eq!(record["not_cited"], serde_json::json!(["b.txt"]));
    let a = &record["sources"][0];
    assert_eq!(a["source"], "a.txt");
    assert_eq!(a["claims"], serde_json::json!(["summit::met-three-hours", "summit::handshake"]));
    assert_eq!((a["sentences"].as_u64(), a["cited"].as_u64(), a["excluded"].as_u64()), (Some(6), Some(3), Some(2)));
    assert_eq!(a["uncited_sentences"], serde_json::json!([{"line": 1, "column": 1, "text": "Leaders Meet in Alaska"}]));
    assert_eq!(record["total"], serde_json::json!({"sentences": 7, "cited": 3, "uncited": 2, "excluded": 2}));
    // Without --uncited the sentences are left out.
    let output = factcheck_in(dir.path(), &["coverage", "--format", "json"]);
    assert!(json(&output)["sources"][0].get("uncited_sentences").is_none());
}

#[test]
fn coverage_of_the_news_fixture_counts_every_source() {
    let output = factcheck_in(&news(), &["coverage", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let record = json(&output);
    let sources = record["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 5);
    let total: u64 = sources.iter().map(|source| source["cited"].as_u64().unwrap()).sum();
    assert_eq!(record["total"]["cited"].as_u64(), Some(total));
    assert!(sources.iter().all(|source| source["cited"].as_u64().unwrap() > 0), "{record}");
}

#[test]
fn coverage_reports_claims_that_cannot_be_read() {
    let dir = project();
    write(dir.path(), "assertions/broken.toml", "[[claim]]\nid = 'x'\n");
    let output = factcheck_in(dir.path(), &["coverage"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("2 sources, 3 claims"));
    assert!(
        stderr(&output)
            .contains("warning: broken::x (assertions/broken.toml:1:1) could not be read, so it is not counted"),
        "{}",
        stderr(&output)
    );
}

// ---- impact ----

#[test]
fn impact_of_a_corpus_edit_puts_failing_and_changed_claims_first() {
    let dir = repository();
    edit(dir.path(), "seeds/a.txt", "nearly three hours", "about three hours");
    edit(dir.path(), "seeds/a.txt", "No ceasefire was agreed.", "No ceasefire was agreed in Alaska.");
    write(dir.path(), "README.md", "notes\n");
    git(dir.path(), &["add", "README.md"]);
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "2 changed files since HEAD\n\
         \n\
         seeds/a.txt (modified, lines 3, 5)\n  \
           claims that fail now (1):\n    \
             FAILED  summit::met-three-hours  assertions/summit.toml:1:1\n            \
                     evidence #1 (quote): not found in a.txt\n  \
           claims whose cited sentences changed (1):\n    \
             ok      summit::no-ceasefire  assertions/summit.toml:9:1  (an item without `source` matched here)\n            \
                     seeds/a.txt:5:1  No ceasefire was agreed in Alaska.\n  \
           other claims citing it (1):\n    \
             ignored summit::handshake  assertions/summit.toml:16:1\n\
         \n\
         not in the corpus or the assertions: README.md\n\
         \n\
         1 claim fails; `factcheck check --exact summit::met-three-hours` shows why, and `factcheck review --exact \
         summit::met-three-hours` accepts a passage that changed only in wording, or marks a claim pending\n"
    );
    // For the pull request's job summary: the claims touched, the failing one first, and how to review it.
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(summary.starts_with("## factcheck impact: 3 claims touched since HEAD\n\n"), "{summary}");
    assert!(
        summary.contains(
            "| claim | outcome | where | why |\n| --- | --- | --- | --- |\n\
             | summit::met-three-hours | failed | assertions/summit.toml:1:1 | cites seeds/a.txt (modified) |\n"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("| summit::no-ceasefire | passed | assertions/summit.toml:9:1 | cites seeds/a.txt (modified, a cited sentence changed) |"),
        "{summary}"
    );
    assert!(
        summary.ends_with(
            "```sh\ncargo run -q -- check --exact summit::met-three-hours\n\
             cargo run -q -- review --exact summit::met-three-hours\n```\n"
        ),
        "{summary}"
    );
}

#[test]
fn impact_of_an_edit_to_one_sentence_of_a_line_spares_the_others() {
    let dir = repository();
    // "They shook hands" shares its line with the sentence edited here, and is not flagged.
    edit(dir.path(), "seeds/a.txt", "in Anchorage.", "in Anchorage, Alaska.");
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD", "--format", "json", "--corpus", "seeds"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let record = json(&output);
    let source = &record["sources"][0];
    assert_eq!(source["source"], "a.txt");
    assert_eq!(source["changed_lines"], serde_json::json!([{"start": 3, "count": 1}]));
    let claims = source["claims"].as_array().unwrap();
    let changed: Vec<(&str, &Value)> =
        claims.iter().map(|c| (c["name"].as_str().unwrap(), &c["changed_sentences"])).collect();
    assert_eq!(
        changed,
        [
            (
                "summit::met-three-hours",
                &serde_json::json!([{"line": 3, "column": 1,
                    "text": "The two leaders met for nearly three hours in Anchorage, Alaska."}])
            ),
            ("summit::no-ceasefire", &serde_json::json!([])),
            ("summit::handshake", &serde_json::json!([])),
        ]
    );
    assert_eq!(claims[0]["outcome"], "passed");
    assert_eq!(claims[1]["by_match"], true);
    assert_eq!(claims[2]["outcome"], "ignored");
}

#[test]
fn impact_lists_the_claims_of_changed_assertion_files_and_notes_corpus_toml() {
    let dir = repository();
    edit(dir.path(), "assertions/summit.toml", "claim = \"They shook hands.\"", "claim = \"They shook hands warmly.\"");
    edit(dir.path(), "seeds/corpus.toml", "reader comments", "comments");
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let record = json(&output);
    assert_eq!(record["corpus_config"], "modified");
    let file = &record["assertion_files"][0];
    assert_eq!(file["file"], "summit.toml");
    let names: Vec<&str> = file["claims"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["summit::met-three-hours", "summit::no-ceasefire", "summit::handshake"]);

    // A claim made malformed fails the impact, listed with the file's other claims.
    edit(dir.path(), "assertions/summit.toml", "[[claim]]", "[[claim]]\nqoute = 1");
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let record = json(&output);
    let claims = record["assertion_files"][0]["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3, "{record}");
    assert_eq!(
        (claims[0]["name"].as_str(), claims[0]["outcome"].as_str()),
        (Some("summit::met-three-hours"), Some("failed"))
    );

    // An assertion file that no longer parses makes the impact fail.
    edit(dir.path(), "assertions/summit.toml", "qoute = 1", "qoute = ");
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("assertions/summit.toml (modified)\n  error: it does not load"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn impact_of_named_paths_and_a_deleted_source() {
    let dir = project();
    fs::remove_file(dir.path().join("seeds/a.txt")).unwrap();
    // corpus.toml names a.txt too: a corpus.toml that names a missing source is an error of its own.
    edit(dir.path(), "seeds/corpus.toml", "source = \"a.txt\"\n", "");
    // No git here: named paths need none.
    let output = factcheck_in(dir.path(), &["impact", "seeds/a.txt", "seeds/b.txt"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("2 changed files\n\nseeds/a.txt (deleted)\n  claims that fail now (1):\n"), "{text}");
    assert!(text.contains("there is no source `a.txt` in the corpus"), "{text}");
    assert!(text.contains("seeds/b.txt (named)\n  no claim cites it\n"), "{text}");
}

#[test]
fn impact_without_git_or_with_a_bad_revision_is_a_usage_error() {
    let dir = project();
    let output = factcheck_in(dir.path(), &["impact", "--since", "HEAD"]);
    // The temporary directory may sit inside a repository on some machines; only check when it does not.
    if !stderr(&output).contains("git cannot diff") {
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("not in a git repository"), "{}", stderr(&output));
    }
    let repo = repository();
    let output = factcheck_in(repo.path(), &["impact", "--since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("git cannot diff against `no-such-branch`"), "{}", stderr(&output));
    let output = factcheck_in(repo.path(), &["impact", "--since=--output=/tmp/x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("starts with `-`"), "{}", stderr(&output));
    let output = factcheck_in(repo.path(), &["impact"]);
    assert_eq!(output.status.code(), Some(2));
    let output = factcheck_in(repo.path(), &["impact", "--since", "HEAD", "seeds/a.txt"]);
    assert_eq!(output.status.code(), Some(2));
}

// ---- schema and completions ----

#[test]
fn schema_prints_and_writes_the_shipped_schemas() {
    for (kind, file) in [("assertions", "assertions.schema.json"), ("corpus", "corpus.schema.json")] {
        let output = factcheck_in(Path::new(ROOT), &["schema", kind]);
        assert_eq!(output.status.code(), Some(0));
        let shipped = fs::read_to_string(Path::new(ROOT).join("schema").join(file)).unwrap();
        assert_eq!(stdout(&output), shipped);
        let schema: Value = serde_json::from_str(&shipped).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new/schema");
    let output = factcheck_in(dir.path(), &["schema", "--write", "new/schema"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut written: Vec<String> =
        fs::read_dir(&target).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    written.sort();
    assert_eq!(written, ["assertions.schema.json", "corpus.schema.json"]);
    assert_eq!(
        fs::read(target.join("corpus.schema.json")).unwrap(),
        fs::read(Path::new(ROOT).join("schema/corpus.schema.json")).unwrap()
    );
    let output = factcheck_in(dir.path(), &["schema"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("<KIND|--write <DIR>>"), "{}", stderr(&output));
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = factcheck_in(Path::new(ROOT), &["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for word in ["factcheck", "check", "coverage", "impact", "format", "markdown"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_eq!(factcheck_in(Path::new(ROOT), &["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn every_command_has_examples_in_its_help() {
    let help = stdout(&factcheck_in(Path::new(ROOT), &["--help"]));
    let commands: Vec<&str> = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|line| line.starts_with("  "))
        // A long description wraps onto lines indented further than the command names.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    for expected in ["check", "coverage", "impact", "schema", "completions"] {
        assert!(commands.contains(&expected), "{expected} is not in --help: {help}");
    }
    for command in commands {
        let output = factcheck_in(Path::new(ROOT), &[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{command} --help");
        assert!(stdout(&output).contains("\nExamples:\n  factcheck "), "`factcheck {command} --help` has no examples");
    }
}

// ---- check --format junit | markdown, and the GitHub step summary ----

/// Checks that `xml` is well formed as far as factcheck's JUnit output goes: tags balance, every `&` starts an
/// entity, and no character is one XML 1.0 forbids.
fn assert_well_formed(xml: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    for c in xml.chars() {
        assert!(!c.is_control() || matches!(c, '\n' | '\t'), "{:?} in the XML", c);
    }
    for (at, _) in xml.match_indices('&') {
        let rest = &xml[at..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#13;", "&#9;"].iter().any(|e| rest.starts_with(e)),
            "a bare & at {}",
            &rest[..rest.len().min(20)]
        );
    }
    let mut open: Vec<&str> = Vec::new();
    let mut rest = &xml[xml.find("?>").unwrap() + 2..];
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').expect("a closed tag");
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "unbalanced </{name}>");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap());
        }
        assert!(!tag.contains('<'), "a < inside a tag: {tag}");
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

/// `xml` with the run's duration (the only part that varies) set to zero.
fn without_time(xml: &str) -> String {
    let start = xml.find(" time=\"").unwrap() + 7;
    let end = start + xml[start..].find('"').unwrap();
    format!("{}0{}", &xml[..start], &xml[end..])
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_claim() {
    let dir = project();
    edit(dir.path(), "seeds/a.txt", "nearly three hours", "about three hours");
    write(dir.path(), "assertions/broken.toml", "[[claim]]\nid = \"x\"\nclaim = \"<&>\"\n");
    let output = factcheck_in(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    assert_well_formed(&xml);
    assert_eq!(
        without_time(&xml),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<testsuites name=\"factcheck\" tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\" time=\"0\">
  <testsuite name=\"broken\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">
    <testcase name=\"broken::x\" classname=\"broken\" file=\"assertions/broken.toml\" line=\"1\">
      <failure message=\"schema: the claim has no evidence; add a `[[claim.evidence]]` table with a `quote`\" type=\"schema\">claim: &lt;&amp;&gt;
  --&gt; assertions/broken.toml:1:1

schema failed
  --&gt; assertions/broken.toml:1:1
  the claim has no evidence; add a `[[claim.evidence]]` table with a `quote`</failure>
    </testcase>
  </testsuite>
  <testsuite name=\"summit\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\">
    <testcase name=\"summit::met-three-hours\" classname=\"summit\" file=\"assertions/summit.toml\" line=\"1\">
      <failure message=\"evidence #1 (quote): not found in a.txt\" type=\"quote\">claim: The leaders met for nearly three hours.
  --&gt; assertions/summit.toml:1:1
  verdict: supported

evidence #1 (quote) failed
  --&gt; assertions/summit.toml:5:1
  not found in a.txt
  expected: met for nearly three hours in Anchorage
   closest: met for about three hours in Anchorage
        at: seeds/a.txt:3:17 (similarity 0.92)
      diff: met for [-nearly-]{+about+} three hours in Anchorage</failure>
    </testcase>
    <testcase name=\"summit::no-ceasefire\" classname=\"summit\" file=\"assertions/summit.toml\" line=\"9\"/>
    <testcase name=\"summit::handshake\" classname=\"summit\" file=\"assertions/summit.toml\" line=\"16\">
      <skipped message=\"pending: runs with --include-ignored\"/>
    </testcase>
  </testsuite>
</testsuites>
"
    );
}

#[test]
fn markdown_summary_for_a_pull_request() {
    let dir = project();
    edit(dir.path(), "seeds/a.txt", "nearly three hours", "about three hours");
    let output = factcheck_in(dir.path(), &["check", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "## factcheck: 1 of 2 claims failed\n\
         \n\
         | passed | failed | ignored | files with errors |\n\
         | ---: | ---: | ---: | ---: |\n\
         | 1 | 1 | 1 | 0 |\n\
         \n\
         ### Failed claims\n\
         \n\
         | claim | where | check | message |\n\
         | --- | --- | --- | --- |\n\
         | summit::met-three-hours | assertions/summit.toml:5:1 | evidence \\#1 (quote) | not found in a.txt |\n\
         \n\
         #### summit::met-three-hours: evidence \\#1 (quote)\n\
         \n\
         > The leaders met for nearly three hours.\n\
         \n\
         Passage at seeds/a.txt:3:17 (similarity 0.92):\n\
         \n\
         ```diff\n\
         - met for nearly three hours in Anchorage\n\
         + met for about three hours in Anchorage\n\
         ```\n\
         \n\
         ### Next steps\n\
         \n\
         From a clone of the repository, run each failed claim again, and review it: accept a passage that changed \
         only in wording, or mark the claim pending.\n\
         \n\
         ```sh\n\
         cargo run -q -- check --exact summit::met-three-hours\n\
         cargo run -q -- review --exact summit::met-three-hours\n\
         ```\n"
    );
}

#[test]
fn github_format_appends_a_summary_to_the_step_summary_file() {
    let dir = project();
    edit(dir.path(), "seeds/a.txt", "nearly three hours", "about three hours");
    let summary = dir.path().join("step-summary.md");
    fs::write(&summary, "Earlier step output").unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(["check", "--format", format])
            .current_dir(dir.path())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "owner/repo")
            .env("GITHUB_SHA", "0123abc")
            .output()
            .unwrap()
    };
    let output = run("github");
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("::error file=assertions/summit.toml,line=5"), "{}", stdout(&output));
    let text = fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("Earlier step output\n## factcheck: 1 of 2 claims failed\n"), "{text}");
    assert!(
        text.contains(
            "[assertions/summit.toml:5:1](https://github.com/owner/repo/blob/0123abc/assertions/summit.toml#L5)"
        ),
        "{text}"
    );
    // Other formats leave the file alone.
    run("human");
    assert_eq!(fs::read_to_string(&summary).unwrap(), text);
}

#[test]
fn the_repository_files_the_ci_reads_exist() {
    let root = PathBuf::from(ROOT);
    let nextest = fs::read_to_string(root.join(".config/nextest.toml")).unwrap();
    assert!(nextest.contains("[profile.ci.junit]") && nextest.contains("path = \"junit.xml\""));
    let workflow = fs::read_to_string(root.join(".github/workflows/factcheck.yml")).unwrap();
    for needed in [
        "seeds/**",
        "assertions/**",
        "Swatinem/rust-cache",
        "check --format github",
        "cargo test",
        "--format markdown >> \"$GITHUB_STEP_SUMMARY\"",
    ] {
        assert!(workflow.contains(needed), "the workflow lacks {needed}");
    }
}

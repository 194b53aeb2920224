//! `factcheck init`: what it writes, and the refusals that write nothing. Every repository is written into a
//! temporary directory.
//!
//! The scaffold test at the end builds the new repository as a second crate and runs its `cargo test` three
//! times (minutes), so plain `cargo test` lists it as ignored and `.ci/run` runs it with
//! `cargo test --test init -- --ignored`.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{ROOT, factcheck_in, path_str, snapshot, stderr, write_files};

/// Every file below `dir`, relative to it, and with `folders`, every folder too (ending in `/`).
fn entries_below(dir: &Path, folders: bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                stack.push(path);
                if folders {
                    found.insert(format!("{name}/"));
                }
            } else {
                found.insert(name);
            }
        }
    }
    found
}

fn init(cwd: &Path, args: &[&str]) -> Output {
    factcheck_in(cwd, &[&["init"], args].concat())
}

fn manifest(dir: &Path) -> toml::Table {
    fs::read_to_string(dir.join("Cargo.toml")).unwrap().parse().expect("Cargo.toml is TOML")
}

#[test]
fn init_writes_a_repository_whose_claims_pass_and_lint_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let output = init(tmp.path(), &["news", "--path", ROOT]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("cd news && cargo test"), "{}", stderr(&output));
    let dir = tmp.path().join("news");
    let expected: BTreeSet<String> = [
        ".cargo/config.toml",
        ".github/workflows/factcheck.yml",
        ".gitignore",
        "CONTRIBUTING.md",
        "Cargo.toml",
        "assertions/millbrook-ferry.toml",
        "examples/factcheck.rs",
        "schema/assertions.schema.json",
        "schema/corpus.schema.json",
        "seeds/corpus.toml",
        "seeds/millbrook-ferry.txt",
        "src/lib.rs",
        "tests/factcheck.rs",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(entries_below(&dir, false), expected);
    // Nothing else next to it: the staging directory is gone.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);

    let manifest = manifest(&dir);
    assert_eq!(manifest["package"]["name"].as_str(), Some("news"));
    let checkout = fs::canonicalize(ROOT).unwrap();
    assert_eq!(manifest["dev-dependencies"]["factcheck"]["path"].as_str(), Some(path_str(&checkout)));
    assert_eq!(manifest["test"][0]["name"].as_str(), Some("factcheck"));
    assert_eq!(manifest["test"][0]["harness"].as_bool(), Some(false));
    assert_eq!(manifest["profile"]["dev"]["package"]["*"]["opt-level"].as_integer(), Some(3));
    assert!(fs::read_to_string(dir.join("tests/factcheck.rs")).unwrap().contains("factcheck::harness!();"));
    // The schemas are this version's, so the `#:schema` lines resolve to what `factcheck schema` prints.
    let printed = factcheck_in(&dir, &["schema", "assertions"]);
    assert_eq!(fs::read(dir.join("schema/assertions.schema.json")).unwrap(), printed.stdout);

    // The example claim passes, and the example files have nothing to warn about.
    let check = factcheck_in(&dir, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}{}", common::stdout(&check), stderr(&check));
    assert!(common::stdout(&check).contains("millbrook-ferry::ferry-resumed-after-two-years"));
    let lint = factcheck_in(&dir, &["lint", "--deny-warnings"]);
    assert_eq!(lint.status.code(), Some(0), "{}{}", common::stdout(&lint), stderr(&lint));
    // corpus.toml's exclusions apply: a reader comment is not evidence.
    let comment = factcheck_in(&dir, &["find", "My mother can get to her appointments again"]);
    assert_eq!(comment.status.code(), Some(1), "{}", common::stdout(&comment));
}

#[test]
fn the_dependency_comes_from_git_or_crates_io() {
    let tmp = tempfile::tempdir().unwrap();
    let git = init(tmp.path(), &["a", "--git", "https://example.org/factcheck.git", "--rev", "v0.1.0"]);
    assert_eq!(git.status.code(), Some(0), "{}", stderr(&git));
    let dependency = manifest(&tmp.path().join("a"))["dev-dependencies"]["factcheck"].clone();
    assert_eq!(dependency["git"].as_str(), Some("https://example.org/factcheck.git"));
    assert_eq!(dependency["rev"].as_str(), Some("v0.1.0"));

    let registry = init(tmp.path(), &["b"]);
    assert_eq!(registry.status.code(), Some(0), "{}", stderr(&registry));
    let dependency = manifest(&tmp.path().join("b"))["dev-dependencies"]["factcheck"].clone();
    assert_eq!(dependency.as_str(), Some(env!("CARGO_PKG_VERSION")));

    // An existing empty directory is fine, and missing parents are created.
    fs::create_dir(tmp.path().join("empty")).unwrap();
    for dir in ["empty", "x/y/news"] {
        let output = init(tmp.path(), &[dir]);
        assert_eq!(output.status.code(), Some(0), "{dir}: {}", stderr(&output));
        assert!(tmp.path().join(dir).join("assertions/millbrook-ferry.toml").is_file());
    }
    // `init .` in an empty directory writes into it, and names the package after it.
    let here = tmp.path().join("my-checks");
    fs::create_dir(&here).unwrap();
    let output = factcheck_in(&here, &["init", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(manifest(&here)["package"]["name"].as_str(), Some("my-checks"));
    assert!(!entries_below(&here, true).iter().any(|entry| entry.contains("factcheck-init")));
    // --rev alone, or --path with --git, are usage errors.
    assert_eq!(init(tmp.path(), &["c", "--rev", "v1"]).status.code(), Some(2));
    assert_eq!(init(tmp.path(), &["c", "--path", ROOT, "--git", "https://example.org/f.git"]).status.code(), Some(2));
    assert!(!tmp.path().join("c").exists());
}

/// Runs `init` with `args` in `cwd` and checks that it refuses (exit 2) with a message holding `why`, and that
/// nothing in `cwd` changed.
fn assert_refused(cwd: &Path, args: &[&str], why: &str) {
    let (before, entries) = (snapshot(&[cwd.to_path_buf()]), entries_below(cwd, true));
    let output = init(cwd, args);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(why), "{args:?}: {message}");
    assert!(message.contains("nothing was written"), "{args:?}: {message}");
    assert_eq!(snapshot(&[cwd.to_path_buf()]), before, "{args:?} changed files");
    assert_eq!(entries_below(cwd, true), entries, "{args:?} left files or folders");
}

#[test]
fn init_refuses_a_directory_that_is_not_empty_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("news/notes.txt", "mine")]);
    assert_refused(tmp.path(), &["news"], "is not empty (it holds notes.txt)");
    assert_eq!(fs::read_to_string(tmp.path().join("news/notes.txt")).unwrap(), "mine");
}

#[test]
fn init_refuses_a_directory_it_cannot_create() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &[("file", "a file, not a folder")]);
    assert_refused(tmp.path(), &["file"], "exists and is not a directory");
    assert_refused(tmp.path(), &["file/news"], "cannot write");
}

#[test]
fn init_refuses_a_path_that_is_not_a_factcheck_checkout() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        tmp.path(),
        &[
            ("other/Cargo.toml", "[package]\nname = \"other\"\nversion = \"0.1.0\"\n"),
            ("broken/Cargo.toml", "[package\n"),
            ("empty/.keep", ""),
        ],
    );
    assert_refused(tmp.path(), &["news", "--path", "other"], "is the package `other`");
    assert_refused(tmp.path(), &["news", "--path", "broken"], "not valid TOML");
    assert_refused(tmp.path(), &["news", "--path", "empty"], "it has no Cargo.toml");
    assert_refused(tmp.path(), &["news", "--path", "missing"], "is not a factcheck checkout: cannot open it");
    assert_refused(tmp.path(), &["news", "--git", " "], "--git needs a URL");
}

// The scaffold test: the repository init writes, built and tested as its users would.

/// `cargo ARGS` in `dir`, into a target directory under this checkout's own `target/` (kept between runs, so
/// factcheck's dependencies are built once), with none of the variables that would point the run elsewhere.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("init-scaffold-target"))
        .env("CARGO_TERM_COLOR", "never")
        .env("NO_COLOR", "1");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("NEXTEST")
            || name.starts_with("FACTCHECK_")
            || name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST")
            || name == "CLICOLOR_FORCE"
            || name == "GITHUB_STEP_SUMMARY"
        {
            command.env_remove(name.as_ref());
        }
    }
    command.output().expect("cargo runs")
}

/// The tests libtest reports with `outcome` (`test NAME ... OUTCOME`; libtest-mimic pads the names).
fn tests_with(stdout: &str, outcome: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|line| {
            let (name, result) = line.strip_prefix("test ")?.split_once(" ... ")?;
            (result == outcome).then(|| name.trim_end().to_owned())
        })
        .collect()
}

fn failed_tests(stdout: &str) -> BTreeSet<String> {
    tests_with(stdout, "FAILED")
}

fn passed_tests(stdout: &str) -> BTreeSet<String> {
    tests_with(stdout, "ok")
}

fn both(output: &Output) -> String {
    format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

const SECOND_ARTICLE: &str = "\
Millbrook Council Votes to Extend Library Hours

MILLBROOK — The town council voted 5 to 2 on Tuesday to keep the public library open until 9 p.m. on weekdays, \
two hours later than it closes now.

The longer hours will begin in September and cost about $85,000 a year, mostly for two additional part-time \
staff, the town manager said. Council members who voted against the change said the money should go to road \
repairs instead.

\"Students need somewhere quiet to work in the evening,\" said librarian Tomas Reyes. He said the reading room \
was often full by late afternoon.
";

#[test]
#[ignore = "builds a second crate; .ci/run runs it"]
fn a_new_repository_tests_its_claims_and_a_corpus_edit_fails_only_the_claim_quoting_it() {
    let tmp = tempfile::tempdir().unwrap();
    let created = init(tmp.path(), &["news", "--path", ROOT]);
    assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
    let dir = tmp.path().join("news");

    // `cargo test` passes at once: the example claim, through the harness macro.
    let first = cargo(&dir, &["test"]);
    assert!(first.status.success(), "cargo test failed in the new repository:\n{}", both(&first));
    assert_eq!(
        passed_tests(&String::from_utf8_lossy(&first.stdout)),
        BTreeSet::from([
            "millbrook-ferry::ferry-resumed-after-two-years".to_owned(),
            "millbrook-ferry::islanders-waited-for-the-ferry".to_owned()
        ]),
        "{}",
        both(&first)
    );

    // A second article, and a claim quoting it written with `factcheck new`; then the CI workflow's command
    // line (`cargo factcheck`, the alias in .cargo/config.toml) lints and checks them.
    fs::write(dir.join("seeds/library-hours.txt"), SECOND_ARTICLE).unwrap();
    let new = factcheck_in(
        &dir,
        &[
            "new",
            "library-hours.toml",
            "--id",
            "open-until-nine",
            "--claim",
            "The Millbrook library will stay open until 9 p.m. on weekdays.",
            "--quote",
            "keep the public library open until 9 p.m. on weekdays",
            "--source",
            "library-hours.txt",
        ],
    );
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    let lint = cargo(&dir, &["factcheck", "lint", "--deny-warnings", "--format", "github"]);
    assert!(lint.status.success(), "cargo factcheck lint:\n{}", both(&lint));
    let check = cargo(&dir, &["factcheck", "check"]);
    assert!(check.status.success(), "cargo factcheck check:\n{}", both(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("library-hours::open-until-nine"), "{}", both(&check));
    let green = cargo(&dir, &["test"]);
    assert!(green.status.success(), "the new claim failed:\n{}", both(&green));

    // The quoted sentence edited: that claim, and only it, fails, with the word diff.
    let source = dir.join("seeds/library-hours.txt");
    let text = fs::read_to_string(&source).unwrap();
    fs::write(&source, text.replace("open until 9 p.m. on weekdays", "open until 8 p.m. on weekdays")).unwrap();
    let edited = cargo(&dir, &["test"]);
    assert!(!edited.status.success(), "the edit failed nothing:\n{}", both(&edited));
    let stdout = String::from_utf8_lossy(&edited.stdout);
    assert_eq!(
        failed_tests(&stdout),
        BTreeSet::from(["library-hours::open-until-nine".to_owned()]),
        "{}",
        both(&edited)
    );
    assert!(stdout.contains("[-9-]{+8+}"), "the failure shows the word diff:\n{stdout}");
}

//! factcheck never loses a user's data: no command writes to the corpus; a failing check, as the binary in
//! every format and as the `cargo test` harness, leaves every file of the corpus and the assertions
//! byte-identical; the commands that write touch only the file they were asked to write, atomically.
//!
//! Each test takes full snapshots (every path below the roots, directories and hidden files included, with
//! its bytes) of temporary copies of `seeds/` and `assertions/` and compares them.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{SEED, factcheck_in, harness, repo_copy, seeds};
use factcheck::files::write_atomic;

/// Every path below `root` (relative to it), with the bytes of files and `None` for directories and links.
/// Not `common::snapshot`, which keeps only files (read through links) by absolute path: here a new empty
/// folder or a new link counts too, and one path can be looked up before and after.
type Snapshot = BTreeMap<PathBuf, Option<Vec<u8>>>;

fn snapshot(root: &Path) -> Snapshot {
    let mut found = Snapshot::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_path_buf();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                pending.push(path);
                found.insert(relative, None);
            } else if kind.is_file() {
                found.insert(relative, Some(fs::read(&path).unwrap()));
            } else {
                found.insert(relative, None);
            }
        }
    }
    found
}

/// Copies of the seeds (edited so that several claims fail) and of the assertions, with a broken assertion
/// file and a hidden file in each root.
fn failing_copy() -> tempfile::TempDir {
    let dir = repo_copy();
    let seed = dir.path().join("seeds").join(SEED);
    let text = fs::read_to_string(&seed).unwrap();
    let edited = text.replace("nearly three hours", "about three hours").replace("Alaska", "Alberta");
    assert_ne!(edited, text);
    fs::write(&seed, edited).unwrap();
    fs::write(dir.path().join("assertions/broken.toml"), "[[claim]]\nid = \"x\"\nqoute = \"y\"\n").unwrap();
    fs::write(dir.path().join("seeds/.notes"), "hidden\n").unwrap();
    fs::write(dir.path().join("assertions/.draft.toml.swp"), [0u8, 159, 146, 150]).unwrap();
    dir
}

fn roots_snapshot(dir: &Path) -> (Snapshot, Snapshot) {
    (snapshot(&dir.join("seeds")), snapshot(&dir.join("assertions")))
}

#[test]
fn a_failing_check_in_every_format_and_the_read_only_commands_change_no_byte() {
    let dir = failing_copy();
    let before = roots_snapshot(dir.path());
    for format in ["human", "json", "github", "junit", "markdown"] {
        let output = factcheck_in(dir.path(), &["check", "--format", format]);
        assert_eq!(output.status.code(), Some(1), "check --format {format} fails on the edited corpus");
    }
    for args in [
        &["find", "nearly three hours"][..],
        &["list"],
        &["lint"],
        &["coverage"],
        &["check", "--jobs", "1", "--include-ignored"],
    ] {
        let _ = factcheck_in(dir.path(), args);
    }
    assert!(before == roots_snapshot(dir.path()), "a command changed the corpus or the assertions");
}

#[test]
fn a_failing_cargo_test_run_changes_no_byte() {
    let dir = failing_copy();
    let before = roots_snapshot(dir.path());
    let output = harness(Some(&dir.path().join("seeds")), Some(&dir.path().join("assertions")), &[]);
    assert_eq!(output.status.code(), Some(101), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(before == roots_snapshot(dir.path()), "the harness changed the corpus or the assertions");
}

#[test]
fn the_commands_that_write_touch_only_what_they_were_asked_to_write() {
    let dir = failing_copy();
    fs::remove_file(dir.path().join("assertions/broken.toml")).unwrap();
    let seed = dir.path().join("seeds").join(SEED);
    fs::write(&seed, fs::read_to_string(seeds().join(SEED)).unwrap()).unwrap();
    let (seeds_before, assertions_before) = roots_snapshot(dir.path());

    // The report and the export go where they are told, outside the roots.
    let report = factcheck_in(dir.path(), &["report", "--html", "out/report"]);
    assert_eq!(report.status.code(), Some(0), "{}", String::from_utf8_lossy(&report.stderr));
    let export = factcheck_in(
        dir.path(),
        &["export", "--claimreview", "--author", "Example Checks", "--output", "out/reviews.json"],
    );
    assert_eq!(export.status.code(), Some(0), "{}", String::from_utf8_lossy(&export.stderr));
    assert!(dir.path().join("out/report/index.html").is_file() && dir.path().join("out/reviews.json").is_file());

    // A report is never written over a directory that is not a report, such as the corpus.
    let refused = factcheck_in(dir.path(), &["report", "--html", "seeds"]);
    assert_ne!(refused.status.code(), Some(0));
    assert!(seeds_before == snapshot(&dir.path().join("seeds")), "the corpus changed");
    assert!(assertions_before == snapshot(&dir.path().join("assertions")), "the assertions changed");

    // `new` changes one file, the one it names, by appending.
    let added = factcheck_in(
        dir.path(),
        &["new", "alaska-summit.toml", "--id", "met-again", "--claim", "They met.", "--quote", "The two leaders met"],
    );
    assert_eq!(added.status.code(), Some(0), "{}", String::from_utf8_lossy(&added.stderr));
    let after = snapshot(&dir.path().join("assertions"));
    let paths: std::collections::BTreeSet<&PathBuf> = after.keys().chain(assertions_before.keys()).collect();
    let changed: Vec<&Path> =
        paths.into_iter().filter(|p| after.get(*p) != assertions_before.get(*p)).map(PathBuf::as_path).collect();
    assert_eq!(changed, [Path::new("alaska-summit.toml")]);
    let (old, new) = (&assertions_before[Path::new("alaska-summit.toml")], &after[Path::new("alaska-summit.toml")]);
    assert!(new.as_ref().unwrap().starts_with(old.as_ref().unwrap()), "every old byte is kept");
    assert!(seeds_before == snapshot(&dir.path().join("seeds")), "the corpus changed");
}

#[cfg(unix)]
#[test]
fn an_atomic_write_replaces_a_link_not_its_target_and_never_follows_a_planted_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.toml");
    fs::write(&target, "precious").unwrap();
    let link = dir.path().join("claims.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious", "the link's target is untouched");
    assert_eq!(fs::read_to_string(&link).unwrap(), "new");
    assert!(!fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link itself was replaced");

    // Someone plants a link where the temporary file will be: the write fails and follows nothing.
    let path = dir.path().join("report.json");
    let planted = dir.path().join(format!(".report.json.factcheck-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&target, &planted).unwrap();
    assert!(write_atomic(&path, b"evil").is_err());
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert!(!path.exists(), "nothing half-written");
    assert!(fs::symlink_metadata(&planted).unwrap().file_type().is_symlink(), "the planted link is left alone");
}

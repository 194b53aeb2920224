//! `factcheck review` (issue 14) on purpose-written fixtures in temporary directories: a corpus edit that
//! changes a wording and one that changes a number, reviewed with flags and through a real pseudo-terminal.

mod common;

use std::fs;
use std::path::Path;

use common::{factcheck_in, harness, path_str, roots, snapshot, stderr, stdout};

/// The source after the edit: "nearly three hours" became "about three hours" (wording), and 30 countries
/// became 40 (a fact).
const SOURCE: &str = "Summit in Alaska\n\n\
                      The two leaders met for about three hours in Anchorage, officials said.\n\n\
                      Representatives from 40 countries attended the talks.\n\n\
                      The leaders called the meeting \"productive\".\n";

/// Claims that held before the edit, with comments and a layout that review must keep.
const CLAIMS: &str = r#"# Claims about the summit.

[[claim]]
id = "met"   # the meeting
claim = "The two leaders met for nearly three hours."
tags = ["summit"]

[[claim.evidence]]
source = "a.txt"
quote = "The two leaders met for nearly three hours in Anchorage"   # as printed

[[claim]]
id = "countries"
claim = "Representatives from 30 countries attended."

# The sentence with the count.
[[claim.evidence]]
source = "a.txt"
quote = "Representatives from 30 countries attended the talks."

[[claim]]
id = "productive"
claim = "The leaders called the meeting productive."

[[claim.evidence]]
source = "a.txt"
pattern = "called the meeting \"fruitful\""
"#;

const MET_QUOTE_BEFORE: &str = "quote = \"The two leaders met for nearly three hours in Anchorage\"   # as printed";
const MET_QUOTE_AFTER: &str = "quote = \"The two leaders met for about three hours in Anchorage\"   # as printed";

fn fixture() -> tempfile::TempDir {
    roots("seeds", &[("a.txt", SOURCE)], &[("summit.toml", CLAIMS)])
}

fn claims_file(dir: &Path) -> std::path::PathBuf {
    dir.join("assertions/summit.toml")
}

fn read_claims(dir: &Path) -> String {
    fs::read_to_string(claims_file(dir)).unwrap()
}

fn both_roots(dir: &Path) -> Vec<std::path::PathBuf> {
    vec![dir.join("seeds"), dir.join("assertions")]
}

/// The lines of `after` that differ from those of `before`, which must have as many.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    before.lines().zip(after.lines()).filter(|(a, b)| a != b).map(|(_, b)| b.to_owned()).collect()
}

#[test]
fn a_wording_edit_is_accepted_in_one_line_and_the_claim_passes_afterwards() {
    let dir = fixture();
    let check = factcheck_in(dir.path(), &["check", "--exact", "summit::met"]);
    assert_eq!(check.status.code(), Some(1), "the edit broke the claim first");

    let output = factcheck_in(dir.path(), &["review", "--accept", "summit::met"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "accepted summit::met evidence #1 (assertions/summit.toml:10:1): quote = \"The two leaders met for \
             about three hours in Anchorage\""
        ),
        "{}",
        stdout(&output)
    );
    let after = read_claims(dir.path());
    assert_eq!(changed_lines(CLAIMS, &after), [MET_QUOTE_AFTER]);
    assert_eq!(after, CLAIMS.replace(MET_QUOTE_BEFORE, MET_QUOTE_AFTER));

    let check = factcheck_in(dir.path(), &["check", "--exact", "summit::met"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn a_fact_edit_is_refused_and_the_file_keeps_every_byte() {
    let dir = fixture();
    let before = snapshot(&both_roots(dir.path()));
    let output = factcheck_in(dir.path(), &["review", "--accept", "summit::countries"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let message = stderr(&output);
    for expected in [
        "cannot accept summit::countries; nothing was written",
        "evidence #1: the passage now says \"40\" where the quote said \"30\"",
        "grounding would fail: the claim says \"30\" but no evidence sentence has that number",
        "the claim sentence (assertions/summit.toml:12:1) and the quote, if the source's new numbers are right",
        "or mark the claim pending until it is settled: factcheck review --pending summit::countries --note",
    ] {
        assert!(message.contains(expected), "missing {expected:?} in:\n{message}");
    }
    assert!(before == snapshot(&both_roots(dir.path())), "a refused accept wrote something");
}

#[test]
fn a_changed_number_is_refused_even_where_numbers_are_not_checked() {
    let claims = "[[claim]]\nid = \"brussels\"\nclaim = \"Representatives from 30 countries met in Brussels.\"\n\
                  verdict = \"refuted\"\n\n[[claim.evidence]]\nquote = \"Representatives from 30 countries attended\"\n";
    let dir = roots("seeds", &[("a.txt", SOURCE)], &[("nato.toml", claims)]);
    let output = factcheck_in(dir.path(), &["review", "--accept", "nato::brussels"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("evidence #1: the passage now says \"40\" where the quote said \"30\""), "{message}");
    assert!(
        message.contains(
            "the quote of evidence #1 (assertions/nato.toml:7:1), once the claim and its verdict (refuted) are checked"
        ),
        "{message}"
    );
    assert_eq!(fs::read_to_string(dir.path().join("assertions/nato.toml")).unwrap(), claims);
}

#[test]
fn accepting_is_all_or_nothing() {
    let dir = fixture();
    let output = factcheck_in(dir.path(), &["review", "--accept", "summit::met", "summit::countries"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).ends_with("nothing was written\n"), "{}", stderr(&output));
    assert_eq!(read_claims(dir.path()), CLAIMS, "the accept that could be done was not written either");
}

#[test]
fn pending_writes_the_status_and_a_dated_note_keeping_comments() {
    let dir = fixture();
    let output = factcheck_in(
        dir.path(),
        &["review", "--pending", "summit::countries", "--note", "the count changed; asking the desk"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = read_claims(dir.path());
    let added: Vec<&str> = after.lines().filter(|line| !CLAIMS.lines().any(|old| old == *line)).collect();
    assert_eq!(added.len(), 2, "{after}");
    assert_eq!(added[0], "status = \"pending\"");
    let note = added[1];
    assert!(note.starts_with("note = \"pending since 20") && note.ends_with(": the count changed; asking the desk\""));
    // The date is today's, as YYYY-MM-DD.
    let date = &note["note = \"pending since ".len()..][..10];
    assert!(date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }));
    // Every line that was there still is, in order, comments included.
    let kept: Vec<&str> = after.lines().filter(|line| !added.contains(line)).collect();
    assert_eq!(kept, CLAIMS.lines().collect::<Vec<_>>());

    let list = factcheck_in(dir.path(), &["check", "--exact", "summit::countries"]);
    assert_eq!(list.status.code(), Some(0), "a pending claim is ignored: {}", stdout(&list));
    assert!(stdout(&list).contains("test summit::countries ... ignored"), "{}", stdout(&list));
}

#[test]
fn patterns_are_never_rewritten() {
    let dir = fixture();
    let output = factcheck_in(dir.path(), &["review", "--accept", "summit::productive"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(
            "evidence #1 is a pattern: patterns are never rewritten; edit it by hand at assertions/summit.toml:25:1"
        ),
        "{message}"
    );
    assert_eq!(read_claims(dir.path()), CLAIMS);
}

#[test]
fn bad_input_gets_a_clear_error_and_writes_nothing() {
    let dir = fixture();
    let before = snapshot(&both_roots(dir.path()));

    let unknown = factcheck_in(dir.path(), &["review", "--accept", "summit::mett"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("there is no claim named `summit::mett`, did you mean `summit::met`?"),
        "{}",
        stderr(&unknown)
    );

    // Accepting the wording edit makes the claim pass: a second accept has nothing to do.
    let passing =
        roots("seeds", &[("a.txt", SOURCE)], &[("summit.toml", &CLAIMS.replace(MET_QUOTE_BEFORE, MET_QUOTE_AFTER))]);
    for args in [&["review", "--accept", "summit::met"][..], &["review", "--pending", "summit::met", "--note", "x"]] {
        let output = factcheck_in(passing.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("summit::met passes; there is nothing to"), "{}", stderr(&output));
    }

    let pending_without_note = factcheck_in(dir.path(), &["review", "--pending", "summit::met"]);
    assert_eq!(pending_without_note.status.code(), Some(2));
    assert!(stderr(&pending_without_note).contains("--note <TEXT>"), "{}", stderr(&pending_without_note));

    // Without a terminal and without flags, review cannot ask: it says what to pass.
    let no_terminal = factcheck_in(dir.path(), &["review"]);
    assert_eq!(no_terminal.status.code(), Some(2));
    assert!(stderr(&no_terminal).contains("standard input is not a terminal; pass --accept NAME..."));

    assert!(before == snapshot(&both_roots(dir.path())));
}

#[test]
fn a_read_only_assertion_file_is_not_replaced() {
    let dir = fixture();
    let path = claims_file(dir.path());
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let output = factcheck_in(dir.path(), &["review", "--accept", "summit::met"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("assertions/summit.toml is read-only"), "{}", stderr(&output));
    assert_eq!(read_claims(dir.path()), CLAIMS);
    assert!(fs::metadata(&path).unwrap().permissions().readonly());
}

#[test]
fn every_failure_ends_with_the_commands_that_rerun_and_review_it() {
    let dir = fixture();
    let output = factcheck_in(dir.path(), &["check", "summit::met"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "next steps:\n     rerun: cargo run -q -- check --exact summit::met\n    \
             review: cargo run -q -- review --exact summit::met\n"
        ),
        "{text}"
    );
    let other_roots =
        factcheck_in(dir.path(), &["check", "summit::met", "--corpus", "./seeds", "--assertions", "assertions/"]);
    assert!(stdout(&other_roots).contains("rerun: cargo run -q -- check --exact summit::met\n"));
    let markdown = factcheck_in(dir.path(), &["check", "summit::met", "--format", "markdown"]);
    assert!(stdout(&markdown).contains("```sh\ncargo run -q -- check --exact summit::met\n"), "{}", stdout(&markdown));
    // The JSON records are those of the v1 contract: no key was added.
    let json = factcheck_in(dir.path(), &["check", "summit::met", "--format", "json"]);
    let record: serde_json::Value = serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    let mut keys: Vec<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["column", "failures", "file", "line", "name", "outcome", "type", "verdict"]);
}

#[test]
fn a_failure_under_cargo_test_ends_with_the_harness_command_and_the_roots() {
    let dir = fixture();
    let (corpus, assertions) = (dir.path().join("seeds"), dir.path().join("assertions"));
    let output = harness(Some(&corpus), Some(&assertions), &["--exact", "summit::met"]);
    let text = stdout(&output);
    let roots = format!("FACTCHECK_CORPUS={} FACTCHECK_ASSERTIONS={}", path_str(&corpus), path_str(&assertions));
    assert!(text.contains(&format!("rerun: {roots} cargo test --test factcheck -- --exact summit::met\n")), "{text}");
    assert!(
        text.contains(&format!(
            "review: cargo run -q -- review --exact summit::met --corpus {} --assertions {}\n",
            path_str(&corpus),
            path_str(&assertions)
        )),
        "{text}"
    );
}

/// The interactive review, driven through a real pseudo-terminal as a person would answer it.
#[cfg(unix)]
mod terminal {
    use super::*;
    use rexpect::process::WaitStatus;
    use rexpect::session::{PtySession, spawn_command};

    fn review_on_a_terminal(dir: &Path) -> PtySession {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_factcheck"));
        command.arg("review").current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
        spawn_command(command, Some(30_000)).expect("the binary starts on a pseudo-terminal")
    }

    fn exit_code(session: &PtySession) -> i32 {
        match session.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("review did not exit: {other:?}"),
        }
    }

    #[test]
    fn accept_then_pending_through_the_prompt() {
        let dir = fixture();
        let mut session = review_on_a_terminal(dir.path());
        session.exp_string("[1/3] summit::met").unwrap();
        session.exp_string("diff: The two leaders met for [-nearly-]{+about+} three hours in Anchorage").unwrap();
        session.exp_string("accept writes: evidence #1 quote = \"The two leaders met for about three hours").unwrap();
        session.exp_string("[a]ccept  [p]ending  [s]kip  [q]uit > ").unwrap();
        session.send_line("a").unwrap();
        session.exp_string("accepted summit::met evidence #1").unwrap();

        session.exp_string("[2/3] summit::countries").unwrap();
        session.exp_string("the passage now says \"40\" where the quote said \"30\"").unwrap();
        session.exp_string("[p]ending  [s]kip  [q]uit > ").unwrap();
        session.send_line("a").unwrap();
        session.exp_string("accepting is refused, above; choose another").unwrap();
        session.send_line("p").unwrap();
        session.exp_string("why is it pending? (Enter: evidence #1 (quote) no longer holds").unwrap();
        session.send_line("").unwrap();
        session.exp_string("pending summit::countries").unwrap();

        session.exp_string("[3/3] summit::productive").unwrap();
        session.exp_string("patterns are never rewritten").unwrap();
        session.send_line("s").unwrap();
        session.exp_string("review: 1 accepted, 1 marked pending, 1 skipped, of 3 failing").unwrap();
        session.exp_eof().unwrap();
        assert_eq!(exit_code(&session), 0);

        let after = read_claims(dir.path());
        assert!(after.contains(MET_QUOTE_AFTER), "{after}");
        // The default reason quotes the passage, so the note is a literal string.
        assert!(after.contains("status = \"pending\"\nnote = 'pending since "), "{after}");
        assert!(
            after.contains(
                ": evidence #1 (quote) no longer holds; the source now reads \"Representatives from 40 countries \
                 attended the talks.\" at seeds/a.txt:5:1'\n\n# The sentence with the count.\n"
            ),
            "{after}"
        );
    }

    #[test]
    fn quitting_keeps_every_byte_but_what_was_accepted() {
        let dir = fixture();
        let mut session = review_on_a_terminal(dir.path());
        session.exp_string("[a]ccept  [p]ending  [s]kip  [q]uit > ").unwrap();
        session.send_line("x").unwrap();
        session.exp_string("answer a, p, s or q, then Enter").unwrap();
        session.send_line("a").unwrap();
        session.exp_string("[2/3] summit::countries").unwrap();
        session.exp_string("[p]ending  [s]kip  [q]uit > ").unwrap();
        session.send_line("q").unwrap();
        session.exp_string("review: 1 accepted, 0 marked pending, 0 skipped, of 3 failing").unwrap();
        session.exp_eof().unwrap();
        assert_eq!(exit_code(&session), 0);
        assert_eq!(read_claims(dir.path()), CLAIMS.replace(MET_QUOTE_BEFORE, MET_QUOTE_AFTER));
    }

    #[test]
    fn a_file_changed_on_disk_since_review_read_it_is_not_overwritten() {
        let dir = fixture();
        let mut session = review_on_a_terminal(dir.path());
        session.exp_string("[a]ccept  [p]ending  [s]kip  [q]uit > ").unwrap();
        // Someone edits the file while review waits for an answer.
        let edited = format!("{CLAIMS}\n# An edit made while review was asking.\n");
        fs::write(claims_file(dir.path()), &edited).unwrap();
        session.send_line("a").unwrap();
        session
            .exp_string("assertions/summit.toml changed on disk since review read it; it was not overwritten")
            .unwrap();
        session.send_line("q").unwrap();
        session.exp_eof().unwrap();
        assert_eq!(exit_code(&session), 1);
        assert_eq!(read_claims(dir.path()), edited);
    }
}

//! Every console example of the docs runs as shown: README.md, CONTRIBUTING.md and the book (`book/src/`).
//!
//! A ```` ```console ```` block is a session: each `$ ` line is a command (a line ending in `\` continues it), and
//! the lines up to the next command are what it prints, standard output then standard error. In the expected
//! output, a line `...` stands for any number of lines and `[..]` for any text within a line; `finished in 0.03s`
//! matches any duration, and a run of spaces any run of spaces (column padding depends on what is listed). A block whose info string is `console,ignore` is shown, never run (an install, a command
//! that needs the network); every other block runs.
//!
//! The sessions of one page share one sandbox, as a reader following the page would: a git repository holding a
//! copy of the news fixture (`seeds/`, `assertions/`) and the repository's `schema/`, committed, in a temporary
//! directory. Commands run there through `bash`, with `factcheck` and `cargo run [...] -- ARGS` running the binary
//! under test, and `cargo test [--test factcheck] [-- ARGS]` running the `cargo test` harness on the sandbox's
//! suite (its own output; cargo's status lines are not compared). `NO_COLOR=1` is set.
//!
//! The relative links between these pages resolve too: to a file that exists, and to a heading (or an
//! `<a id>`) of the page they name.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ROOT, copy_dir, harness_binary, news};

/// The pages whose console examples must run.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![Path::new(ROOT).join("README.md"), Path::new(ROOT).join("CONTRIBUTING.md")];
    let book = Path::new(ROOT).join("book/src");
    if book.is_dir() {
        let mut pending = vec![book];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|extension| extension == "md") {
                    pages.push(path);
                }
            }
        }
    }
    pages.sort();
    pages
}

/// One command of a session and what it prints.
#[derive(Debug)]
struct Step {
    /// The line of the page the command is on (1-based).
    line: usize,
    command: String,
    expected: Vec<String>,
    /// The index (0-based) of the page's line where the expected output starts, and the block's indentation:
    /// where [`BLESS_VAR`] writes what the command printed instead.
    output_at: usize,
    indent: usize,
}

/// Set to `1`, the test writes what each differing example printed into its page, in place of what it shows, for
/// a person to read in `git diff` and abridge again (`...`, `[..]`) before committing, as `cargo insta review`
/// turns a failure into a decision.
const BLESS_VAR: &str = "FACTCHECK_BLESS_DOCS";

/// A code fence: the number of backticks that open it (at least three) and its info string.
fn fence(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
    (ticks >= 3).then(|| (ticks, trimmed[ticks..].trim()))
}

/// Where `line` leaves the fenced code block `open` (its fence's backticks, or `None` outside one): a block is
/// closed only by a bare fence at least as long as the one that opened it, as CommonMark has it, so a ```` block
/// may show ``` lines.
fn after_fence(open: Option<usize>, line: &str) -> Option<Option<usize>> {
    let (ticks, info) = fence(line)?;
    match open {
        None => Some(Some(ticks)),
        Some(opened) if ticks >= opened && info.is_empty() => Some(None),
        Some(_) => None,
    }
}

/// The steps of every runnable console block of `text`, in order.
fn steps(text: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut open = None;
    let mut in_block = false;
    let mut continuing = false;
    // Blocks inside list items are indented like their fence; that indentation is not part of the session.
    let mut indent = 0;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(now) = after_fence(open, line) {
            open = now;
            in_block = open.is_some() && fence(line).is_some_and(|(_, info)| info == "console");
            indent = line.len() - trimmed.len();
            continuing = false;
            continue;
        }
        if !in_block {
            continue;
        }
        let line = line.get(indent.min(line.len() - trimmed.len())..).unwrap_or(line);
        if continuing {
            let step = steps.last_mut().expect("a command is being continued");
            step.command.push('\n');
            step.command.push_str(line);
            step.output_at = index + 1;
            continuing = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            let step = Step {
                line: index + 1,
                command: command.to_owned(),
                expected: Vec::new(),
                output_at: index + 1,
                indent,
            };
            steps.push(step);
            continuing = command.ends_with('\\');
        } else if let Some(step) = steps.last_mut() {
            step.expected.push(line.to_owned());
        }
    }
    for step in &mut steps {
        while step.expected.last().is_some_and(|line| line.trim().is_empty()) {
            step.expected.pop();
        }
    }
    steps
}

/// A sandbox for one page: the news fixture and the schemas, committed to a new git repository.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&news(), dir.path());
    copy_dir(&Path::new(ROOT).join("schema"), &dir.path().join("schema"));
    for args in [&["init", "-q"][..], &["add", "-A"], &["commit", "-q", "-m", "the suite"]] {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "docs")
            .env("GIT_AUTHOR_EMAIL", "docs@example.org")
            .env("GIT_COMMITTER_NAME", "docs")
            .env("GIT_COMMITTER_EMAIL", "docs@example.org")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }
    dir
}

/// The shell functions that stand for `factcheck` and `cargo` in a session.
fn prelude() -> String {
    format!(
        r#"set -o pipefail
factcheck() {{ "{bin}" "$@"; }}
cargo() {{
  case "$1" in
    run) while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done; shift; "{bin}" "$@" ;;
    test) shift; local args=()
          while [ $# -gt 0 ]; do
            case "$1" in
              --) shift; args+=("$@"); break ;;
              --test|--package|-p|--features|--manifest-path|--target-dir) shift 2 ;;
              -*) shift ;;
              *) args+=("$1"); shift ;;
            esac
          done
          CARGO_MANIFEST_DIR="$PWD" "{harness}" "${{args[@]}}" ;;
    *) echo "cargo $1 is not run by the doc examples" >&2; return 2 ;;
  esac
}}
"#,
        bin = env!("CARGO_BIN_EXE_factcheck"),
        harness = harness_binary().display()
    )
}

/// Runs `command` in `dir`; standard output then standard error.
fn run(dir: &Path, command: &str) -> String {
    let mut shell = Command::new("bash");
    shell.arg("-c").arg(format!("{}\n{command}", prelude())).current_dir(dir).env("NO_COLOR", "1");
    for var in ["CLICOLOR_FORCE", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "FACTCHECK_CORPUS", "FACTCHECK_ASSERTIONS"] {
        shell.env_remove(var);
    }
    let output = shell.output().expect("bash runs");
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// `finished in 0.03s` with the duration, which varies from run to run, as `finished in [..]s`.
fn without_durations(line: &str) -> String {
    match line.find("finished in ") {
        Some(at) => {
            let rest = &line[at + "finished in ".len()..];
            let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            format!("{}finished in [..]{}", &line[..at], &rest[digits..])
        }
        None => line.to_owned(),
    }
}

/// `line` with each run of spaces as one space: the padding that aligns columns (a test name's, a count's)
/// depends on the longest entry listed, which an abridged example does not show.
fn single_spaced(line: &str) -> String {
    line.split(' ').filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Whether `actual` matches `pattern`, where `[..]` stands for any text and a run of spaces for any run.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let pattern = single_spaced(&without_durations(pattern.trim_end()));
    let actual = single_spaced(&without_durations(actual.trim_end()));
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = actual.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// `lines` with each run of libtest's result lines (`test NAME ... ok`) sorted: tests run in parallel report
/// in the order they finish, which varies from run to run.
fn in_name_order<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let is_result = |line: &str| line.starts_with("test ") && line.contains(" ... ");
    let mut out: Vec<String> = Vec::new();
    let mut run_start = 0;
    for line in lines {
        if !is_result(line) {
            out[run_start..].sort();
            out.push(line.to_owned());
            run_start = out.len();
        } else {
            out.push(line.to_owned());
        }
    }
    out[run_start..].sort();
    out
}

/// Whether the lines of `actual` match the lines of `expected`, where a line `...` stands for any lines.
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual.split_first().is_some_and(|(line, others)| line_matches(first, line) && lines_match(rest, others))
        }
    }
}

/// What [`BLESS_VAR`] writes for an example: its lines as shown where they still match (a `[..]` kept), `...`
/// kept, and each line that no longer matches replaced by the line printed that is most like it (a count that
/// changed, a moved column). A person reads the result in `git diff` before committing it.
fn blessed_output(expected: &[String], actual: &[&str]) -> Vec<String> {
    if !expected.iter().any(|line| line.trim() == "...") {
        // Line for line where the lengths agree, so that a `[..]` that still matches stays.
        if expected.len() == actual.len() {
            let keep = |(shown, printed): (&String, &&str)| {
                if line_matches(shown, printed) { shown.clone() } else { (*printed).to_owned() }
            };
            return expected.iter().zip(actual).map(keep).collect();
        }
        return actual.iter().map(|line| (*line).to_owned()).collect();
    }
    let mut written = Vec::with_capacity(expected.len());
    let mut next = 0;
    for line in expected {
        if line.trim() == "..." {
            written.push(line.clone());
            continue;
        }
        if let Some(at) = (next..actual.len()).find(|&at| line_matches(line, actual[at])) {
            written.push(line.clone());
            next = at + 1;
            continue;
        }
        let closest = (next..actual.len()).max_by(|&a, &b| {
            let ratio = |at: usize| similar::TextDiff::from_chars(line.as_str(), actual[at]).ratio();
            ratio(a).total_cmp(&ratio(b))
        });
        match closest {
            Some(at) => {
                written.push(actual[at].to_owned());
                next = at + 1;
            }
            None => written.push(line.clone()),
        }
    }
    written
}

#[test]
fn every_console_example_runs_as_shown() {
    let mut failures = Vec::new();
    let mut count = 0;
    let bless = std::env::var_os(BLESS_VAR).is_some_and(|value| value == "1");
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let steps = steps(&text);
        if steps.is_empty() {
            continue;
        }
        let dir = sandbox();
        let mut blessed: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for step in steps {
            count += 1;
            let output = run(dir.path(), &step.command);
            // `cargo test` runs the claims in parallel; `factcheck check` reports in a fixed order.
            let parallel = step.command.contains("cargo test");
            let actual =
                if parallel { in_name_order(output.lines()) } else { output.lines().map(str::to_owned).collect() };
            let mut actual: Vec<&str> = actual.iter().map(String::as_str).collect();
            while actual.last().is_some_and(|line| line.trim().is_empty()) {
                actual.pop();
            }
            let expected =
                if parallel { in_name_order(step.expected.iter().map(String::as_str)) } else { step.expected.clone() };
            if !lines_match(&expected, &actual) {
                let name = page.strip_prefix(ROOT).unwrap_or(&page).display().to_string();
                let expected = step.expected.join("\n");
                let diff = similar::TextDiff::from_lines(&expected, actual.join("\n"))
                    .unified_diff()
                    .header("as shown", "as run")
                    .to_string();
                failures.push(format!("{name}:{}: $ {}\n{diff}", step.line, step.command));
                let pad = " ".repeat(step.indent);
                let printed = blessed_output(&step.expected, &actual)
                    .iter()
                    .map(|line| format!("{pad}{line}").trim_end().to_owned())
                    .collect();
                blessed.push((step.output_at, step.expected.len(), printed));
            }
        }
        if bless && !blessed.is_empty() {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (at, len, printed) in blessed.into_iter().rev() {
                lines.splice(at..at + len, printed);
            }
            fs::write(&page, lines.join("\n") + "\n").unwrap();
        }
    }
    assert!(count > 0, "no console example was found");
    assert!(failures.is_empty(), "{} of {count} console examples differ:\n\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_matcher_reads_wildcards_as_documented() {
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    assert!(lines_match(&lines("a\n...\nd"), &["a", "b", "c", "d"]));
    assert!(lines_match(&lines("a\n...\nd"), &["a", "d"]));
    assert!(!lines_match(&lines("a\nd"), &["a", "b", "d"]));
    assert!(lines_match(&lines("test x ... [..]"), &["test x ... ok"]));
    assert_eq!(
        in_name_order(["running 2 tests", "test b ... ok", "test a ... ok", "", "test result: ok."].into_iter()),
        ["running 2 tests", "test a ... ok", "test b ... ok", "", "test result: ok."]
    );
    assert!(lines_match(&lines("at: [..]/000.txt:7:127 [..]"), &["at: /tmp/x/000.txt:7:127 (similarity 0.95)"]));
    assert!(!lines_match(&lines("at: [..]/000.txt:7:127"), &["at: /tmp/x/001.txt:7:127"]));
    assert!(lines_match(&lines("ok; finished in 0.03s"), &["ok; finished in 12.50s"]));
    assert!(lines_match(&lines("test a::b   ... ok"), &["test a::b          ... ok"]));
    assert!(!lines_match(&lines("test a::b ... ok"), &["test a::bc ... ok"]));
    let parsed =
        steps("```console\n$ factcheck check \\\n  --exact x\nrunning 1 test\n\n```\n```console,ignore\n$ no\n```\n");
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].command, "factcheck check \\\n  --exact x");
    assert_eq!(parsed[0].expected, ["running 1 test"]);
    // A console block shown inside a longer fence is text, not a session; the longer fence still closes.
    let shown = steps("````markdown\n```console\n$ no\n```\n````\n```console\n$ yes\n```\n");
    assert_eq!(shown.iter().map(|step| step.command.as_str()).collect::<Vec<_>>(), ["yes"]);
}

/// The anchor a Markdown heading gets, as GitHub and mdBook make it: lowercase, letters, digits, `-` and `_` kept,
/// spaces as `-`, everything else dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The lines of `text` outside fenced code blocks, with their numbers (1-based).
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut open = None;
    text.lines()
        .enumerate()
        .filter(|(_, line)| match after_fence(open, line) {
            Some(now) => {
                open = now;
                false
            }
            None => open.is_none(),
        })
        .map(|(index, line)| (index + 1, line))
        .collect()
}

/// The anchors of a page: its headings', and those of `<a id="...">` elements.
fn anchors(text: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    for (_, line) in prose(text) {
        if let Some(heading) = line.strip_prefix('#') {
            anchors.push(anchor(heading.trim_start_matches('#')));
        }
        let mut rest = line;
        while let Some(at) = rest.find("<a id=\"") {
            rest = &rest[at + "<a id=\"".len()..];
            anchors.push(rest.split('"').next().unwrap_or_default().to_owned());
        }
    }
    anchors
}

/// The targets of the Markdown links `[text](target)` in `line`.
fn link_targets(line: &str) -> Vec<&str> {
    line.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &line[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_relative_link_between_the_pages_resolves() {
    let mut broken = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(ROOT).unwrap_or(&page).display().to_string();
        for (number, line) in prose(&text) {
            for target in link_targets(line) {
                if target.contains(':') || target.contains(' ') {
                    continue; // https:, mailto:, or not a link
                }
                let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
                let path = if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
                if !path.exists() {
                    broken.push(format!("{name}:{number}: {target}: no such file"));
                } else if !fragment.is_empty()
                    && path.extension().is_some_and(|extension| extension == "md")
                    && !anchors(&fs::read_to_string(&path).unwrap()).iter().any(|anchor| anchor == fragment)
                {
                    broken.push(format!("{name}:{number}: {target}: no heading `#{fragment}` there"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{} links do not resolve:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn anchors_are_made_as_github_and_mdbook_make_them() {
    assert_eq!(anchor(" `[[alias]]`"), "alias");
    assert_eq!(anchor(" The docs' examples"), "the-docs-examples");
    assert_eq!(
        anchor(" Adding a claim: find, new, check, lint, pull request"),
        "adding-a-claim-find-new-check-lint-pull-request"
    );
    assert_eq!(link_targets("see [a](b.md#c) and [d](https://e)"), ["b.md#c", "https://e"]);
    assert_eq!(anchors("# One\n```\n# not a heading\n```\n<a id=\"checks\"></a>"), ["one", "checks"]);
}

/// The defaults the book gives for `[limits]` (in the reference of `corpus.toml`, and in the format's summary)
/// are the ones in force. (The book said 4 MiB for assertion files for a week after the default became 1 MiB.)
#[test]
fn the_book_gives_the_limits_in_force() {
    let defaults = factcheck::limits::Limits::default();
    let cell = |row: &str, column: usize| row.split('|').nth(column).unwrap_or_default().trim().to_owned();
    let reference = fs::read_to_string(Path::new(ROOT).join("book/src/corpus-toml.md")).unwrap();
    for (key, value) in [
        ("max_source_bytes", defaults.max_source_bytes),
        ("max_assertion_file_bytes", defaults.max_assertion_file_bytes),
        ("max_quote_chars", defaults.max_quote_chars as u64),
        ("max_terms", defaults.max_terms as u64),
        ("max_evidence_per_claim", defaults.max_evidence_per_claim as u64),
        ("regex_size_limit", defaults.regex_size_limit as u64),
        ("regex_nest_limit", u64::from(defaults.regex_nest_limit)),
    ] {
        let row = reference.lines().find(|line| line.starts_with(&format!("| `{key}` |")));
        let row = row.unwrap_or_else(|| panic!("corpus-toml.md has no row for {key}"));
        let documented = cell(row, 2).split_whitespace().next().and_then(|number| number.parse::<u64>().ok());
        assert_eq!(documented, Some(value), "corpus-toml.md, {key}: {row}");
    }
    let format = fs::read_to_string(Path::new(ROOT).join("book/src/format.md")).unwrap();
    for (what, value) in [
        ("size of an assertion file", defaults.max_assertion_file_bytes),
        ("size of a source", defaults.max_source_bytes),
    ] {
        let row = format.lines().find(|line| line.trim_start().starts_with(&format!("| {what}")));
        let row = row.unwrap_or_else(|| panic!("format.md has no row for the {what}"));
        let mebibytes = cell(row, 2).strip_suffix(" MiB").and_then(|number| number.parse::<u64>().ok());
        assert_eq!(mebibytes.map(|n| n * 1024 * 1024), Some(value), "format.md, the {what}: {row}");
    }
}

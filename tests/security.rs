//! What a hostile pull request can put in an assertion file, a source or a file name, and what stops it: one
//! test per attack of SECURITY.md, run as the binary and as the `cargo test` harness on temporary copies.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{factcheck_in, harness};
use factcheck::assertion::load::parse_file;
use factcheck::assertion::write::toml_string;
use factcheck::limits::Limits;
use factcheck::report::style::printable;
use serde_json::Value;

/// Runs the `cargo test` harness on `dir/corpus` and `dir/assertions` with libtest `args`.
fn harness_in(dir: &Path, args: &[&str]) -> Output {
    harness(Some(&dir.join("corpus")), Some(&dir.join("assertions")), args)
}

/// Everything a run printed, standard output then standard error.
fn printed(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A temporary directory with `corpus/` and `assertions/` holding the given files.
fn roots(sources: &[(&str, &[u8])], assertions: &[(&str, &str)]) -> tempfile::TempDir {
    common::roots("corpus", sources, assertions)
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--corpus", "corpus", "--assertions", "assertions", "--color", "never"];
    args.extend(extra);
    factcheck_in(dir, &args)
}

fn json_records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The `error` records' messages, as `file:line:column: message`.
/// The problems in the assertion files, as `file:line:column: message`: the `error` records of files that could
/// not be loaded, and the `schema` failures of malformed claims.
fn json_errors(output: &Output) -> Vec<String> {
    let records = json_records(output);
    let mut problems = Vec::new();
    for record in &records {
        let file = record["file"].as_str().unwrap_or_default();
        let shown = |r: &Value| format!("{file}:{}:{}: {}", r["line"], r["column"], r["message"].as_str().unwrap());
        match record["type"].as_str() {
            Some("error") => problems.push(shown(record)),
            Some("claim") => problems.extend(
                // A file's own problems are its error records; its claims' failures repeat them.
                record["failures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["check"] == "schema")
                    .filter(|f| !f["message"].as_str().unwrap().starts_with("its file could not be loaded"))
                    .map(shown),
            ),
            _ => {}
        }
    }
    problems
}

/// A claim with one evidence item made of `evidence` (TOML lines).
fn claim(id: &str, text: &str, evidence: &str) -> String {
    let text = toml_string(text);
    format!("[[claim]]\nid = \"{id}\"\nclaim = {text}\ncheck_numbers = false\n\n[[claim.evidence]]\n{evidence}\n")
}

#[test]
fn sources_outside_the_corpus_are_refused_and_never_read() {
    let dir = roots(
        &[("a.txt", b"The two leaders met for nearly three hours in Anchorage.\n")],
        &[
            ("dotdot.toml", &claim("up", "x", "source = \"../secret.txt\"\nquote = \"the password is\"")),
            ("absolute.toml", &claim("abs", "x", "source = \"/etc/passwd\"\nquote = \"root\"")),
            ("drive.toml", &claim("drive", "x", "source = 'C:\\Windows\\win.ini'\nquote = \"x\"")),
            ("drive-slash.toml", &claim("drive", "x", "source = 'C:/Windows/win.ini'\nquote = \"x\"")),
            ("unc.toml", &claim("unc", "x", "source = '\\\\server\\share\\a.txt'\nquote = \"x\"")),
            ("backslash.toml", &claim("bs", "x", "source = 'sub\\..\\..\\secret.txt'\nquote = \"x\"")),
            ("anywhere.toml", &claim("all", "x", "quote = \"the password is\"")),
            ("link.toml", &claim("link", "x", "source = \"leak.txt\"\nquote = \"the password is\"")),
        ],
    );
    fs::write(dir.path().join("secret.txt"), "the password is hunter2\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), dir.path().join("corpus/leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("corpus/up")).unwrap();
    }
    let output = check(dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = printed(&output);
    assert!(!text.contains("hunter2"), "a file outside the corpus was read:\n{text}");
    let errors = json_errors(&output);
    for (file, column, reason) in [
        ("dotdot.toml", 10, "`..` leaves the corpus root"),
        ("absolute.toml", 10, "an absolute path leaves the corpus root"),
        ("drive.toml", 10, "not `\\`"),
        ("drive-slash.toml", 10, "an absolute path leaves the corpus root"),
        ("unc.toml", 10, "not `\\`"),
        ("backslash.toml", 10, "not `\\`"),
    ] {
        let prefix = format!("{file}:7:{column}: ");
        assert!(
            errors.iter().any(|e| e.starts_with(&prefix) && e.contains("cannot name a source") && e.contains(reason)),
            "{prefix}… {reason} in {errors:#?}"
        );
    }
    let records = json_records(&output);
    let failure = |name: &str| {
        let record = records.iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("{name} in {records:?}"));
        record["failures"][0]["message"].as_str().unwrap().to_owned()
    };
    assert!(failure("anywhere::all").starts_with("not found in any source"), "{}", failure("anywhere::all"));
    assert!(failure("link::link").contains("there is no source `leak.txt`"), "{}", failure("link::link"));
}

#[test]
fn regular_expressions_are_bounded_and_run_in_linear_time() {
    let nested = format!("{}a{}", "(".repeat(200), ")".repeat(200));
    let dir = roots(
        &[("a.txt", "a".repeat(200_000).as_bytes())],
        &[
            ("huge.toml", &claim("huge", "x", "pattern = '(a{1000}){1000}'")),
            ("nested.toml", &claim("nested", "x", &format!("pattern = '{nested}'"))),
            ("unicode.toml", &claim("unicode", "x", "pattern = '\\w{100}'")),
            ("backtrack.toml", &claim("backtrack", "x", "pattern = '(a*)*b'")),
            ("backtrack-ok.toml", &claim("ok", "x", "pattern = '(a|aa)*$'")),
        ],
    );
    let output = check(dir.path(), &["--format", "json"]);
    let errors = json_errors(&output);
    assert!(
        errors.iter().any(|e| e.starts_with("huge.toml:7:11: ") && e.contains("exceeds size limit")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("nested.toml:7:11: ") && e.contains("maximum number of nested parentheses")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.starts_with("unicode.toml:7:11: ") && e.contains("size limit")), "{errors:#?}");
    // The regex crate never backtracks: a pattern that is exponential elsewhere is one linear scan here.
    let records = json_records(&output);
    let outcome = |name: &str| records.iter().find(|r| r["name"] == name).map(|r| r["outcome"].clone());
    assert_eq!(outcome("backtrack::backtrack"), Some("failed".into()));
    assert_eq!(outcome("backtrack-ok::ok"), Some("passed".into()));
}

#[test]
fn size_limits_from_corpus_toml_apply_to_the_cli_and_the_harness_with_located_errors() {
    let long_quote = "nearly three hours in Anchorage";
    let huge = format!("# {}\n{}", "padding ".repeat(80), claim("huge", "x", "quote = \"met\""));
    let too_large = format!("huge.toml:1:1: the file is {} bytes, more than the limit of 600 bytes", huge.len());
    let dir = roots(
        &[
            (
                "corpus.toml",
                b"[limits]\nmax_quote_chars = 12\nmax_source_bytes = 2000\nmax_assertion_file_bytes = 600\n",
            ),
            ("a.txt", b"They met for nearly three hours in Anchorage.\n"),
            ("big.txt", "word ".repeat(1000).as_bytes()),
        ],
        &[
            ("long.toml", &claim("long", "x", &format!("quote = \"{long_quote}\""))),
            ("big.toml", &claim("big", "x", "source = \"big.txt\"\nquote = \"word\"")),
            ("huge.toml", &huge),
        ],
    );
    let cli = check(dir.path(), &["--format", "json"]);
    let errors = json_errors(&cli);
    assert!(
        errors.iter().any(|e| e.starts_with("long.toml:7:9: the text is 31 characters, more than the limit of 12")),
        "{errors:#?}"
    );
    assert!(errors.iter().any(|e| e.starts_with(&too_large)), "{too_large} in {errors:#?}");
    let records = json_records(&cli);
    let big = records.iter().find(|r| r["name"] == "big::big").unwrap();
    let message = big["failures"][0]["message"].as_str().unwrap();
    assert!(message.contains("big.txt:1:1: the file is 5000 bytes, more than the limit of 2000 bytes"), "{message}");

    // The harness reads the same `[limits]` (it once loaded assertion files with the defaults).
    let harness = printed(&harness_in(dir.path(), &[]));
    assert!(harness.contains("long.toml:7:9\n  the text is 31 characters, more than the limit of 12"), "{harness}");
    let too_large =
        too_large.replacen(": the file", "\n  its file could not be loaded, so the claim did not run: the file", 1);
    assert!(harness.contains(&too_large), "{harness}");
    assert!(harness.contains("big.txt:1:1: the file is 5000 bytes, more than the limit of 2000 bytes"), "{harness}");
}

#[test]
fn deep_or_enormous_toml_is_a_located_error_not_a_crash() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let error = parse_file("deep.toml", &deep, &Limits::default()).unwrap_err();
    let shown = error.diagnostics[0].to_string();
    assert!(shown.starts_with("deep.toml:1:") && shown.contains("invalid TOML") && shown.contains("recurs"), "{shown}");

    let tables = format!("x = {}{}\n", "{a=".repeat(50_000), "}".repeat(50_000));
    assert!(parse_file("deep.toml", &tables, &Limits::default()).is_err());
    let dotted = format!("{} = 1\n", vec!["a"; 50_000].join("."));
    assert!(parse_file("deep.toml", &dotted, &Limits::default()).is_err());

    // A file of mistakes lists the first hundred, not a line per mistake.
    let error = parse_file("many.toml", &"=\n".repeat(20_000), &Limits::default()).unwrap_err();
    assert_eq!(error.diagnostics.len(), factcheck::limits::MAX_PROBLEMS_PER_FILE);
    let last = error.diagnostics.last().unwrap().to_string();
    assert!(last.contains("more problems not shown; fix the ones above first"), "{last}");
}

#[test]
fn non_utf8_sources_assertion_files_and_file_names_are_handled() {
    let dir = roots(
        &[("latin1.txt", b"Headline\ncaf\xe9 au lait\n"), ("a.txt", b"Plain text here.\n")],
        &[
            ("cites.toml", &claim("latin", "x", "source = \"latin1.txt\"\nquote = \"au lait\"")),
            ("ok.toml", &claim("plain", "x", "source = \"a.txt\"\nquote = \"Plain text\"")),
        ],
    );
    fs::write(dir.path().join("assertions/broken.toml"), b"[[claim]]\nid = \"x\"\nclaim = \"caf\xe9\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.toml");
        fs::write(dir.path().join("assertions").join(name), claim("hidden", "x", "quote = \"x\"")).unwrap();
    }
    let output = check(dir.path(), &["--format", "json"]);
    let errors = json_errors(&output);
    assert_eq!(errors, ["broken.toml:3:13: the file is not valid UTF-8 here; save it as UTF-8"]);
    let records = json_records(&output);
    let latin = records.iter().find(|r| r["name"] == "cites::latin").unwrap();
    let message = latin["failures"][0]["message"].as_str().unwrap();
    assert!(message.contains("latin1.txt:2:4: the file is not valid UTF-8 here"), "{message}");
    // A name that is not UTF-8 cannot be cited or printed: that file is not an assertion file at all.
    assert!(records.iter().filter(|r| r["type"] == "claim").all(|r| r["name"] != "hidden"), "{records:?}");
    assert_eq!(records.iter().find(|r| r["name"] == "ok::plain").unwrap()["outcome"], "passed");
}

/// Claims and sources that try to act on a terminal: escape sequences (colour, clear screen, window title),
/// carriage returns, bells, bidirectional overrides.
fn hostile_text_roots() -> tempfile::TempDir {
    let source =
        "Title \u{1b}]0;pwned\u{7}\n\nThe two leaders \u{1b}[2Jmet for about three hours \u{202E}in Anchorage.\r\n";
    let claim_text = "They met \u{1b}[31mfor\u{1b}[0m three hours\roverwritten \u{202E}reversed";
    roots(
        &[("a.txt", source.as_bytes())],
        &[(
            "escape.toml",
            &claim("esc", claim_text, "source = \"a.txt\"\nquote = \"The two leaders met for nearly three hours\""),
        )],
    )
}

#[test]
fn terminal_escapes_in_claims_and_sources_are_shown_escaped() {
    let dir = hostile_text_roots();
    let plain = printed(&check(dir.path(), &[]));
    assert!(!plain.contains(['\u{1b}', '\r', '\u{7}', '\u{202E}']), "{plain:?}");
    assert!(
        plain.contains("claim: They met \\u{1b}[31mfor\\u{1b}[0m three hours\\u{d}overwritten \\u{202e}reversed"),
        "{plain}"
    );
    assert!(plain.contains("\\u{1b}[2Jmet"), "the closest passage is shown escaped:\n{plain}");

    // With colour, the only escape sequences are factcheck's own SGR codes.
    let coloured = printed(&check(dir.path(), &["--color", "always"]));
    let ours = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    let rest = ours.replace_all(&coloured, "");
    assert!(!rest.contains(['\u{1b}', '\r', '\u{7}', '\u{202E}']), "{rest:?}");

    let harness = printed(&harness_in(dir.path(), &[]));
    assert!(harness.contains("\\u{1b}[31mfor"), "{harness}");
    assert!(!harness.contains(['\u{1b}', '\u{7}', '\u{202E}']), "{harness:?}");
}

/// Whether a line printed to a CI log is safe: it issues no workflow command, except factcheck's own
/// annotations (in `--format github`), whose properties hold no `:` and whose message no line break.
fn assert_no_injected_commands(what: &str, text: &str, annotations_allowed: bool) {
    let ours = regex::Regex::new(r"^::(error|notice) file=[^:\n]*,line=\d+,col=\d+,title=[^:\n]*::").unwrap();
    for line in text.lines() {
        assert!(!line.contains("##["), "{what}: a legacy workflow command in {line:?}");
        if line.trim_start().starts_with("::") {
            assert!(annotations_allowed && ours.is_match(line), "{what}: a workflow command in {line:?}");
        }
    }
}

#[test]
fn workflow_commands_cannot_be_injected_through_claims_sources_or_file_names() {
    let source =
        "::notice::from the source\n\n##[error]legacy in the source and the two leaders met for nearly three hours.\n";
    let hostile_claim = "::error::claim\n##[stop-commands]token\n::warning file=x::y %0A";
    let plain = claim("ok", "A claim.", "quote = \"the two leaders met\"");
    let dir = roots(
        &[("a.txt", source.as_bytes())],
        &[
            ("::error::named.toml", &plain),
            ("##[error]legacy.toml", &plain),
            (" ::warning::spaced.toml", &plain),
            ("line\n::error::pwned.toml", &plain),
            ("sub/::error::deeper.toml", &plain),
            (
                "claims.toml",
                &claim(
                    "hostile",
                    hostile_claim,
                    "quote = \"##[error]legacy in the source and the two leaders met for nearly four hours\"",
                ),
            ),
        ],
    );
    for format in ["human", "github", "json"] {
        let output = check(dir.path(), &["--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert_no_injected_commands(&format!("check --format {format}"), &printed(&output), format == "github");
    }
    // The hostile text is shown, escaped, not dropped.
    let human = printed(&check(dir.path(), &[]));
    assert!(human.contains("claim: \\u{3a}:error::claim\\u{a}##\\u{5b}stop-commands]token\\u{a}::warning"), "{human}");
    assert!(human.contains("##\\u{5b}error]legacy in the source"), "{human}");
    assert!(human.contains("test \\u{3a}:error::named "), "{human}");
    let listed = harness_in(dir.path(), &["--list"]);
    assert_no_injected_commands("cargo test -- --list", &printed(&listed), false);
    let run = harness_in(dir.path(), &[]);
    assert_no_injected_commands("cargo test", &printed(&run), false);

    // Each file whose name could act is reported, under its name made printable, and asked to be renamed.
    let errors = json_errors(&check(dir.path(), &["--format", "json"]));
    for name in ["::error::named.toml", "##[error]legacy.toml", " ::warning::spaced.toml", "line\n::error::pwned.toml"]
    {
        let expected = format!("{}:1:1: the file name cannot be used", printable(name));
        assert!(
            errors.iter().any(|e| e.starts_with(&expected) && e.contains("rename the file")),
            "{expected} in {errors:#?}"
        );
    }
    // A `::` that does not start the name cannot start a line: that file loads.
    let records = json_records(&check(dir.path(), &["--format", "json"]));
    assert!(records.iter().any(|r| r["name"] == "sub/::error::deeper::ok" && r["outcome"] == "passed"), "{records:?}");
    // JSON keeps the text exactly: `[` written as `\u005b` decodes to the same string.
    let hostile = records.iter().find(|r| r["name"] == "claims::hostile").unwrap();
    let expected = hostile["failures"][0]["expected"].as_str().unwrap();
    assert!(expected.contains("##[error]legacy in the source"), "{expected}");
}

#[test]
fn a_source_whose_name_could_act_stops_the_check_loudly() {
    let dir = roots(
        &[("::error::source.txt", b"text\n"), ("fine.txt", b"text\n")],
        &[("a.toml", &claim("a", "x", "quote = \"text\""))],
    );
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let text = printed(&output);
    assert!(text.contains("the corpus has sources whose names cannot be used"), "{text}");
    assert!(text.contains("\\u{3a}:error::source.txt:1:1: the file name cannot be used"), "{text}");
    assert_no_injected_commands("check", &text, false);
    let harness = printed(&harness_in(dir.path(), &[]));
    assert!(harness.contains("\\u{3a}:error::source.txt:1:1: the file name cannot be used"), "{harness}");
    assert_no_injected_commands("cargo test", &harness, false);
}

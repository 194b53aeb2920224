//! What the integration tests share: running the `factcheck` binary and the `cargo test` harness, and reading
//! their output. The fixtures they run on are in [`fixtures`].
//!
//! Each test crate uses part of this, so unused items are expected.
#![allow(dead_code)]

mod fixtures;
pub mod lsp_client;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub use fixtures::*;

/// The crate root: where cargo runs, never a corpus the tests read.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Takes the colour and GitHub variables out of the environment `command` inherits.
fn without_ambient(command: &mut Command) -> &mut Command {
    for var in
        ["NO_COLOR", "CLICOLOR_FORCE", "GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"]
    {
        command.env_remove(var);
    }
    command
}

/// Runs `factcheck` with `args` in `dir`, with none of the colour or GitHub variables of the environment: output
/// to the pipe is plain, and a test run inside GitHub Actions never writes to the job's step summary.
pub fn factcheck_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
    without_ambient(command.args(args).current_dir(dir)).output().expect("the binary runs")
}

/// Adds, with `factcheck new` in `dir` (a copy of the news fixture), a claim that passes: "Trump and Putin met in
/// Anchorage for nearly three hours.", quoting article 000, as `id` in `file`.
pub fn new_passing_claim(dir: &Path, file: &str, id: &str) -> Output {
    let claim = "Trump and Putin met in Anchorage for nearly three hours.";
    let quote = "The two leaders met for nearly three hours in Anchorage";
    factcheck_in(dir, &["new", file, "--id", id, "--claim", claim, "--quote", quote, "--source", SEED])
}

/// Runs `factcheck` with `args` in the news fixture ([`news`]), with its `seeds/` and `assertions/` as the
/// default roots. For commands that only read.
pub fn factcheck(args: &[&str]) -> Output {
    factcheck_in(&news(), args)
}

/// Runs the `cargo test` harness (`cargo test --quiet --test factcheck -- <args>`) in the crate root, on `corpus`
/// and `assertions` when given (`FACTCHECK_CORPUS`, `FACTCHECK_ASSERTIONS`) and the news fixture's otherwise,
/// with `NO_COLOR=1` and none of the other colour or GitHub variables of the environment.
pub fn harness(corpus: Option<&Path>, assertions: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command.args(["test", "--quiet", "--test", "factcheck", "--"]).args(args).current_dir(ROOT);
    command.env("FACTCHECK_CORPUS", corpus.map_or_else(seeds, Path::to_path_buf));
    command.env("FACTCHECK_ASSERTIONS", assertions.map_or_else(fixtures::assertions, Path::to_path_buf));
    without_ambient(&mut command).env("NO_COLOR", "1").output().expect("cargo runs")
}

/// The `cargo test` harness binary (tests/factcheck.rs) as cargo built it for this checkout, to run as a moved
/// checkout or a user's shell would run it.
pub fn harness_binary() -> &'static Path {
    static BINARY: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args(["test", "--test", "factcheck", "--no-run", "--message-format", "json"])
            .current_dir(ROOT)
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|message| message["target"]["name"] == "factcheck" && message["target"]["kind"][0] == "test")
            .find_map(|message| message["executable"].as_str().map(std::path::PathBuf::from))
            .expect("cargo names the harness binary")
    })
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output as JSON Lines.
pub fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

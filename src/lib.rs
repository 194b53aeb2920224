//! factcheck: a text corpus and a folder of claims about it, turned into a test suite.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`corpus`]: the sources, loaded on demand and normalized, with a map back to the original text
//!    ([`corpus::normalize`]), their sentences and the regions `corpus.toml` excludes;
//! 2. [`assertion`]: claims read from TOML and validated, every mistake located in its file;
//! 3. [`evidence`]: each claim's evidence checked against the corpus, giving a [`evidence::ClaimReport`]
//!    (through a [`evidence::CorpusIndex`] when many claims are checked: the same reports, sooner);
//! 4. [`report`]: reports rendered for people (with word-level diffs; a static HTML report with every cited
//!    passage highlighted in its source), for machines (JSON Lines), for CI, and for publishers (ClaimReview).
//!
//! The `cargo test` harness ([`harness`](mod@harness)) and the `factcheck` binary are thin shells over these.
//!
//! # A fact-check suite in another repository
//!
//! `factcheck init DIR` writes a repository whose `cargo test` checks its own claims, with factcheck as a
//! dev-dependency. Its whole wiring is a test target with libtest's harness off:
//!
//! ```toml
//! [dev-dependencies]
//! factcheck = "0.1"
//!
//! [[test]]
//! name = "factcheck"
//! harness = false
//! ```
//!
//! and one line in `tests/factcheck.rs`:
//!
//! ```no_run
//! factcheck::harness!();
//! ```
//!
//! # What is stable
//!
//! Within a major version, these do not break (additions are not breaks):
//!
//! - the harness entry point: [`harness!`], [`harness::main`]'s signature, the variables `FACTCHECK_CORPUS` and
//!   `FACTCHECK_ASSERTIONS`, the default roots `seeds/` and `assertions/`, and the test names (`file::id`);
//! - the files people write: the v1 assertion format and `corpus.toml`, as the JSON Schemas in `schema/`
//!   describe them (a file that loads keeps loading, and means the same);
//! - the JSON contract: the JSON Lines records of `--format json` (every `type` and field documented in
//!   CONTRIBUTING.md, "The JSON Lines contract"), to which fields may be added but from which none is removed
//!   or changed;
//! - the command line: [`cli::main`], its commands, flags and exit codes (0, 1, 2).
//!
//! The library's other modules are public so that the binary, the benchmarks and the fuzz targets can use
//! them; their items may change in any release.
//!
//! Beside the pipeline, for reviewers and editors: [`coverage`] (which sentences the claims cite), [`impact`]
//! (which claims a change to the corpus or the assertions touches), [`rigor`] (claims that say more than their
//! evidence, for `factcheck lint` and opt-in checks) and [`schema`] (the JSON Schemas of the files people write);
//! [`review`] (after a corpus edit, which broken quotes can take the passage as it now reads without changing the
//! facts).

pub mod assertion;
pub mod cli;
pub mod corpus;
pub mod coverage;
pub mod diagnostic;
pub mod evidence;
pub mod files;
pub mod find;
#[doc(hidden)]
pub mod fuzzing;
pub mod harness;
pub mod impact;
pub mod limits;
pub mod lint;
pub mod location;
pub mod lsp;
pub mod offsets;
pub mod parallel;
pub mod report;
pub mod review;
pub mod rigor;
pub mod schema;
pub mod toml_input;

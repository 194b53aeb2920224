//! factcheck: a text corpus and a folder of claims about it, turned into a test suite.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`corpus`]: the sources, loaded on demand and normalized, with a map back to the original text
//!    ([`corpus::normalize`]), their sentences and the regions `corpus.toml` excludes;
//! 2. [`assertion`]: claims read from TOML and validated, every mistake located in its file;
//! 3. [`evidence`]: each claim's evidence checked against the corpus, giving a [`evidence::ClaimReport`];
//! 4. [`report`]: reports rendered for people (with word-level diffs), for machines (JSON Lines) and for CI.
//!
//! The `cargo test` harness ([`harness`]) and the `factcheck` binary are thin shells over these.

pub mod assertion;
pub mod cli;
pub mod corpus;
pub mod diagnostic;
pub mod evidence;
pub mod files;
pub mod find;
pub mod harness;
pub mod limits;
pub mod lint;
pub mod location;
pub mod report;
pub mod toml_input;

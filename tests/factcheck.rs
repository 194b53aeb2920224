//! `cargo test` runs every claim in `assertions/` against `seeds/`, one test per claim.
//!
//! `FACTCHECK_ASSERTIONS` and `FACTCHECK_CORPUS` point it elsewhere (relative to the crate root).

factcheck::harness!();

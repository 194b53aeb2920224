//! `cargo test` runs every claim in `assertions/` against the sources in `seeds/`, one test per claim.
//!
//! `FACTCHECK_ASSERTIONS` and `FACTCHECK_CORPUS` point it elsewhere (relative to this repository's root).

factcheck::harness!();

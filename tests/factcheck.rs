//! `cargo test` runs every claim in `assertions/` against `seeds/`, one test per claim.
//!
//! `FACTCHECK_ASSERTIONS` and `FACTCHECK_CORPUS` point it elsewhere (relative to the crate root).

fn main() -> std::process::ExitCode {
    factcheck::harness::main(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
}

//! The `factcheck` command line, built from the same factcheck as the tests: `cargo factcheck check`,
//! `cargo factcheck new ...` (an alias in `.cargo/config.toml`).

fn main() -> std::process::ExitCode {
    factcheck::cli::main()
}

//! The `factcheck` binary: a thin shell over the library's command line ([`factcheck::cli`]).

fn main() -> std::process::ExitCode {
    factcheck::cli::main()
}

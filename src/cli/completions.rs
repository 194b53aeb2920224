//! `factcheck completions SHELL`: a completion script for a shell, generated from the command line's own
//! definition by `clap_complete`, so it never falls behind a new flag.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, EXIT_FAILED, EXIT_OK, output};

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script; returns the exit status.
pub fn run(args: &CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "factcheck", &mut script);
    match output::print(&String::from_utf8_lossy(&script)) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            eprintln!("error: cannot write the completion script: {error}");
            EXIT_FAILED
        }
    }
}

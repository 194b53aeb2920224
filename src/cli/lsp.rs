//! `factcheck lsp`: the language server, on standard input and output ([`crate::lsp`]).

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only transport, and the default; accepted because editors'
    /// clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Runs the server until the client says `exit`: 0 after `shutdown`, 1 otherwise.
pub fn run(_args: &LspArgs) -> u8 {
    crate::lsp::run_stdio()
}

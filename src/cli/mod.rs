//! The `factcheck` command line: clap definitions and dispatch to one module per command.
//!
//! Exit status, for every command: 0 success, 1 a claim failed or an input file has errors, 2 bad usage or a
//! root that cannot be read (clap's own usage errors exit 2 as well).

mod check;
pub mod session;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Paths;
use crate::report::style::{self, ColorChoice, Style};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: a claim failed, or an input file has errors.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: bad usage, or a root that cannot be read.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "factcheck",
    version,
    about = "Check claims about a text corpus: every assertion in assertions/ against the sources in seeds/.",
    after_help = "Examples:\n  factcheck check\n  factcheck check alaska-summit --format json\n  \
                  factcheck check --corpus my-corpus --assertions my-claims\n\n\
                  Exit status: 0 all selected claims passed; 1 a claim failed or a file could not be loaded; \
                  2 bad usage or an unreadable root."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check claims against the corpus (what `cargo test` runs, as a command).
    #[command(after_help = "Examples:\n  factcheck check\n  factcheck check alaska-summit::\n  \
                            factcheck check leaders-met --exact alaska-summit::leaders-met-nearly-three-hours\n  \
                            factcheck check --format json | jq 'select(.outcome == \"failed\")'\n  \
                            factcheck check --format github   # in a GitHub Actions step")]
    Check(check::CheckArgs),
}

/// Where the corpus and the assertions are.
#[derive(Debug, Clone, Args)]
pub struct Roots {
    /// The corpus root: every *.txt and *.md below it is a source.
    #[arg(long, value_name = "DIR", default_value = "seeds")]
    pub corpus: PathBuf,
    /// The assertions root: every *.toml below it is an assertion file.
    #[arg(long, value_name = "DIR", default_value = "assertions")]
    pub assertions: PathBuf,
}

impl Roots {
    pub fn paths(&self) -> Paths {
        Paths::new(&self.assertions, &self.corpus)
    }
}

/// `--color`, as clap parses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorArg {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// The style for standard output.
    pub fn stdout_style(self) -> Style {
        let choice = match self {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        };
        Style { color: style::use_color(choice, std::io::stdout().is_terminal()) }
    }
}

/// Parses the process's arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(match cli.command {
        Command::Check(args) => check::run(&args),
    })
}

//! The `factcheck` command line: clap definitions and dispatch to one module per command.
//!
//! Exit status, for every command: 0 success, 1 a claim failed or an input file has errors, 2 bad usage or a
//! root that cannot be read (clap's own usage errors exit 2 as well).

mod check;
mod completions;
mod coverage;
mod export;
mod find;
mod impact;
mod init;
mod lint;
mod list;
mod lsp;
mod new;
mod output;
mod progress;
mod report;
mod review;
mod schema;
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
                            factcheck check --exact alaska-summit::leaders-met-nearly-three-hours\n  \
                            factcheck check alaska-summit:: --skip four-hours --include-ignored\n  \
                            factcheck check --format json | jq 'select(.outcome == \"failed\")'\n  \
                            factcheck check --format github   # in a GitHub Actions step")]
    Check(check::CheckArgs),
    /// Find a text in the corpus before quoting it: every occurrence with its sentence, or the closest passages.
    #[command(after_help = "Examples:\n  factcheck find nearly three hours\n  \
                            factcheck find \"productive\" --source 000_fbb003d94346f9a6.txt\n  \
                            factcheck find --toml \"The two leaders met for nearly three hours\"   # a block to paste\n  \
                            factcheck find --ignore-case \"RED CARPET\" --format json\n\n\
                            Exit status: 0 the text occurs (outside excluded regions); 1 it does not; 2 bad usage.")]
    Find(find::FindArgs),
    /// Append a claim to an assertion file, checked against the corpus first; the file keeps its comments.
    #[command(after_help = "Examples:\n  factcheck new alaska-summit.toml --id leaders-met-in-anchorage \\\n      \
                            --claim \"Trump and Putin met in Anchorage.\" --tag alaska-summit \\\n      \
                            --quote \"The two leaders met for nearly three hours in Anchorage\" \\\n      \
                            --source 000_fbb003d94346f9a6.txt\n  \
                            factcheck new europe/nato.toml --id rutte-on-calls --claim \"...\" --terms Rutte,calls --pending\n\n\
                            Exit status: 0 written; 1 the claim does not pass (nothing written) or the file has errors; \
                            2 bad usage (a FILE outside the assertions root, a duplicate id, a malformed claim).")]
    New(new::NewArgs),
    /// List claims: name, verdict, status, tags and the sources they cite; filters as for check.
    #[command(after_help = "Examples:\n  factcheck list\n  factcheck list alaska-summit:: --ignored\n  \
                            factcheck list --format json | jq -r 'select(.type == \"claim\") | .name'\n\n\
                            Exit status: 0 listed; 1 a selected file could not be loaded (listed as broken); 2 bad usage.")]
    List(list::ListArgs),
    /// Every error of every file at once, and warnings a reviewer wants (short quotes, duplicates, unused names).
    #[command(after_help = "Examples:\n  factcheck lint\n  \
                            factcheck lint --deny-warnings --format github   # in CI\n  \
                            factcheck lint --format json | jq 'select(.type == \"warning\") | .code'\n\n\
                            Exit status: 0 no errors (warnings allowed unless --deny-warnings); 1 errors, or warnings \
                            with --deny-warnings; 2 bad usage or an unreadable root.")]
    Lint(lint::LintArgs),
    /// Write an HTML report: claims with badges and filters, sources with every cited passage highlighted.
    #[command(
        after_help = "Examples:\n  factcheck report --html report\n  factcheck report --html report alaska-summit::\n  \
                            factcheck report --html /tmp/edited --corpus edited-seeds\n\n\
                            Exit status: like check (1 if a claim failed, the report written all the same); \
                            2 bad usage, an unreadable root, or a DIR that cannot be written."
    )]
    Report(report::ReportArgs),
    /// After a corpus edit: each failing claim with its passage, to accept (the quote becomes the passage as the
    /// source now reads, if the facts are unchanged), mark pending, or skip.
    #[command(
        after_help = "Examples:\n  factcheck review                      # on a terminal: a/p/s/q for each failing claim\n  \
                            factcheck review alaska-summit::\n  \
                            factcheck review --accept alaska-summit::leaders-met-nearly-three-hours\n  \
                            factcheck review --pending alaska-summit::leaders-met-nearly-three-hours \\\n      \
                            --note \"the article now says about three hours; asking the desk\"\n\n\
                            Accepting is refused, and nothing written, when the claim would still fail with the new \
                            passage (a number of the claim no longer in it, an `absent` item now found, another item); \
                            patterns and terms are never rewritten.\n\
                            Exit status: 0 done; 1 refused (the facts changed, a file changed on disk or is read-only), \
                            nothing written; 2 bad usage (an unknown NAME, a NAME that passes, no terminal and no \
                            --accept/--pending)."
    )]
    Review(review::ReviewArgs),
    /// Export schema.org ClaimReview JSON-LD for the claims that pass, for publishers.
    #[command(after_help = "Examples:\n  factcheck export --claimreview --author \"Example Checks\"\n  \
                            factcheck export --claimreview --output claimreview.json --date 2025-08-20\n\n\
                            The author may be set once in corpus.toml: [claimreview] author = \"...\", author_url, \
                            report_url.\nExit status: 0 every selected claim exported; 1 a claim failed (left out) or \
                            a file could not be loaded; 2 bad usage, no author, or an unwritable output.")]
    Export(export::ExportArgs),
    /// Per source: the claims that cite it and the share of its sentences they cite.
    #[command(after_help = "Examples:\n  factcheck coverage\n  factcheck coverage --uncited\n  \
                            factcheck coverage --format json | jq '.not_cited'")]
    Coverage(coverage::CoverageArgs),
    /// The claims that changed files touch: those citing a changed source, changed cited sentences first.
    #[command(
        after_help = "Examples:\n  factcheck impact --since origin/main\n  factcheck impact --since HEAD~1 --format json\n  \
                            factcheck impact seeds/000_fbb003d94346f9a6.txt assertions/alaska-summit.toml\n\n\
                            Exit status: 0 every claim touched passes; 1 one fails or a changed assertion file does not \
                            load; 2 bad usage, not a git repository, or an unknown revision."
    )]
    Impact(impact::ImpactArgs),
    /// Start a new fact-check repository: an example source and claim, the cargo test harness, a CI workflow.
    #[command(after_help = "Examples:\n  factcheck init news && cd news && cargo test\n  \
                            factcheck init news --git https://github.com/OWNER/factcheck --rev v0.1.0\n  \
                            factcheck init news --path ~/src/factcheck   # a checkout on this machine\n\n\
                            Without --path or --git, factcheck comes from crates.io, at this version.\n\
                            Exit status: 0 written; 2 nothing written: DIR is not empty or cannot be created, or \
                            --path is not a factcheck checkout.")]
    Init(init::InitArgs),
    /// Print the JSON Schema of assertion files or of corpus.toml, for editors (taplo, Even Better TOML).
    #[command(
        after_help = "Examples:\n  factcheck schema assertions\n  factcheck schema corpus > corpus.schema.json\n  \
                            factcheck schema --write schema\n\n\
                            An editor with TOML schema support reads a first line such as\n  \
                            #:schema ../schema/assertions.schema.json"
    )]
    Schema(schema::SchemaArgs),
    /// Run the language server (LSP on stdio) for editors: diagnostics, hover, completion, fixes as you type.
    #[command(
        after_help = "Examples:\n  factcheck lsp           # what an editor runs; it speaks JSON-RPC on stdin/stdout\n  \
                            factcheck lsp --stdio   # the same, for clients that pass --stdio\n\n\
                            Editors start it themselves; see README.md, \"Editor support\", for VS Code, Neovim and \
                            Helix.\nThe roots are seeds/ and assertions/ in the workspace folder unless the client's \
                            settings say otherwise:\n  { \"factcheck\": { \"corpus\": \"seeds\", \"assertions\": \"assertions\" } }\n\n\
                            Exit status: 0 after the client's shutdown and exit; 1 if it exits without shutdown."
    )]
    Lsp(lsp::LspArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  factcheck completions bash > ~/.local/share/bash-completion/completions/factcheck\n  \
                            factcheck completions zsh > ~/.zfunc/_factcheck\n  \
                            factcheck completions fish > ~/.config/fish/completions/factcheck.fish"
    )]
    Completions(completions::CompletionsArgs),
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
        Command::Find(args) => find::run(&args),
        Command::New(args) => new::run(&args),
        Command::List(args) => list::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Impact(args) => impact::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    })
}

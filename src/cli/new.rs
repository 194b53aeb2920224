//! `factcheck new`: a claim from flags, checked against the corpus, appended to an assertion file that keeps
//! every byte it had.
//!
//! Nothing is written unless all of this holds: FILE names a `.toml` file inside the assertions root (never
//! through a symlink that leads out of it), the file loads, the id is new in it, the claim is well formed, and
//! it passes against the corpus (or `--pending` / `--force` says to write it anyway). The file is then replaced
//! atomically ([`files::write_atomic`]).

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::PossibleValuesParser;

use super::session::SessionError;
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::load::{self, parse_file, test_stem};
use crate::assertion::write::{NewClaim, NewEvidence, NewMatcher, append_claim};
use crate::assertion::{FileTest, Status, Verdict};
use crate::corpus::Corpus;
use crate::diagnostic::{AssertionRule, ProblemKind};
use crate::evidence::{ClaimReport, Outcome, check_claim};
use crate::files::{self, UnsafePath};
use crate::limits::Limits;
use crate::location::LineColumn;
use crate::report::style::{Paint, printable};
use crate::report::{Paths, human};
use crate::schema::{self, Schema};

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The assertion file to append to, relative to the assertions root (`alaska-summit.toml`, or
    /// `assertions/alaska-summit.toml` from the repository root); created, with its folders, if missing.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The claim's id, new in its file: lowercase letters, digits and `-`.
    #[arg(long)]
    pub id: String,
    /// The claim: the sentence the evidence backs.
    #[arg(long, value_name = "TEXT")]
    pub claim: String,
    /// What the evidence shows about the claim.
    #[arg(long, value_parser = PossibleValuesParser::new(Verdict::NAMES), default_value = "supported")]
    pub verdict: String,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A note for reviewers: where the evidence is, what is inferred.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    #[command(flatten)]
    pub matcher: MatcherArgs,
    /// A source the evidence is in, by its path in the corpus root (repeatable; none means every source).
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
    /// The number of the sources that must hold the evidence (corroboration).
    #[arg(long, value_name = "N")]
    pub min_sources: Option<usize>,
    /// The evidence must be found in no source of its scope (for `unverifiable` claims).
    #[arg(long)]
    pub absent: bool,
    /// Compare a quote or pattern without regard to case.
    #[arg(long)]
    pub ignore_case: bool,
    /// Do not require the claim's numbers to appear in its evidence (`check_numbers = false`).
    #[arg(long)]
    pub no_check_numbers: bool,
    /// Write the claim as `status = "pending"`, whether or not it passes yet.
    #[arg(long)]
    pub pending: bool,
    /// Write the claim even though it does not pass (the suite fails until it does).
    #[arg(long)]
    pub force: bool,
    /// Colour: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

/// The one matcher of the claim's evidence.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct MatcherArgs {
    /// Words the source has (`factcheck find --toml` gives them exactly).
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,
    /// A regular expression over the normalized source.
    #[arg(long, value_name = "REGEX")]
    pub pattern: Option<String>,
    /// Words that must all be in one sentence, separated by commas; a term of several words is quoted whole
    /// (`--terms 'Rutte,NATO chief'`). Repeatable.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub terms: Vec<String>,
}

/// Why a claim was not written, and the exit status that says so.
struct Refusal {
    status: u8,
    message: String,
}

fn refuse(status: u8, message: impl Into<String>) -> Refusal {
    Refusal { status, message: message.into() }
}

/// Checks the claim and appends it; exit status 0 when written.
pub fn run(args: &NewArgs) -> u8 {
    match write(args) {
        Ok(()) => EXIT_OK,
        Err(refusal) => {
            eprintln!("{}", refusal.message.trim_end());
            refusal.status
        }
    }
}

fn write(args: &NewArgs) -> Result<(), Refusal> {
    let roots = &args.roots;
    let corpus = Corpus::open(&roots.corpus, &Limits::default())
        .map_err(|error| refuse(EXIT_USAGE, format!("error: {error}")))?;
    let limits = *corpus.limits();
    let name = file_name(&args.file, &roots.assertions)?;
    let path = inside_root(&roots.assertions, &name)?;
    let paths = roots.paths();
    let shown = printable(&paths.assertion(&name)).into_owned();

    let existing = if path.exists() {
        files::read_text(&path, limits.max_assertion_file_bytes).map_err(|error| {
            let diagnostic = crate::diagnostic::Diagnostic::unreadable(&name, error);
            refuse(EXIT_FAILED, format!("error: {shown}: {}", diagnostic.kind))
        })?
    } else {
        // A new file starts with the line that points editors at the schema (`factcheck lint` asks for it).
        format!("{}\n", schema::directive(Schema::Assertions, name.matches('/').count()))
    };
    let loaded = parse_file(&name, &existing, &limits);
    let stem = test_stem(&name);
    let taken = match &loaded {
        Ok(file) => file.tests().into_iter().find_map(|test| match test {
            FileTest::Claim(claim) if claim.id == args.id => Some(claim.location),
            FileTest::Malformed(bad) if bad.name == format!("{stem}::{}", args.id) => Some(bad.location),
            _ => None,
        }),
        Err(_) => None,
    };
    if let Some(location) = taken {
        return Err(refuse(
            EXIT_USAGE,
            format!(
                "error: the id `{}` is already used by the claim at {}; choose another id; nothing was written",
                printable(&args.id),
                printable(&paths.assertion_at(&name, location))
            ),
        ));
    }
    let problems = load::problems(&loaded);
    // A file without claims yet (empty, or comments only) is one to start.
    let starting = problems.iter().all(|d| matches!(d.kind, ProblemKind::Assertion(AssertionRule::NoClaims)));
    if !starting {
        let listed: Vec<String> =
            problems.iter().map(|d| format!("  --> {}: {}", paths.assertion_at(&d.file, d.location), d.kind)).collect();
        return Err(refuse(
            EXIT_FAILED,
            format!(
                "error: {shown} has problems:\n{}\nfix the file first (`factcheck lint` lists every problem); nothing \
                 was written",
                printable(&listed.join("\n"))
            ),
        ));
    }

    let claim = new_claim(args);
    let text =
        append_claim(&existing, &claim).map_err(|error| refuse(EXIT_FAILED, format!("error: {shown}: {error}")))?;
    let file = parse_file(&name, &text, &limits).map_err(|error| {
        refuse(EXIT_USAGE, format!("error: {shown}: {}", printable(&error.diagnostics[0].kind.to_string())))
    })?;
    // The file had no problems before, so the new claim is its last test.
    let Some(added) = file.tests().pop() else {
        return Err(refuse(
            EXIT_USAGE,
            format!("error: {shown}: the claim could not be appended; nothing was written"),
        ));
    };
    let block = NewBlock::of(
        &text,
        &paths,
        &shown,
        match added {
            FileTest::Claim(claim) => claim.location.line,
            FileTest::Malformed(bad) => bad.location.line,
        },
    );
    let added = match added {
        FileTest::Claim(claim) => claim,
        FileTest::Malformed(bad) => {
            let problems: Vec<String> = bad
                .diagnostics
                .iter()
                .map(|d| format!("  --> {}: {}", block.at(d.location), printable(&d.kind.to_string())))
                .collect();
            return Err(refuse(
                EXIT_USAGE,
                format!(
                    "error: the claim is not well formed; nothing was written:\n{}\n\n{}",
                    problems.join("\n"),
                    block.listing()
                ),
            ));
        }
    };
    let report = check_claim(added, &corpus);
    let style = args.color.stdout_style();
    if report.outcome == Outcome::Failed {
        if !(args.pending || args.force) {
            let failure = human::claim_failure(&block.report(report), &block.paths, style);
            return Err(refuse(
                EXIT_FAILED,
                format!(
                    "{} the claim does not pass against the corpus; nothing was written. Fix it, or write it with \
                     --pending (or --force).\n\n{}\n\n{}",
                    style.paint(Paint::Error, "error:"),
                    failure.trim_end(),
                    block.listing()
                ),
            ));
        }
        eprintln!(
            "{} the claim does not pass yet; written all the same:\n\n{}\n",
            style.paint(Paint::Bold, "note:"),
            human::claim_failure(&report, &paths, style).trim_end()
        );
    }

    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|error| refuse(EXIT_FAILED, format!("error: cannot create the folder of {shown}: {error}")))?;
    }
    files::write_atomic(&path, text.as_bytes())
        .map_err(|error| refuse(EXIT_FAILED, format!("error: cannot write {shown}: {error}")))?;
    println!(
        "added {} at {}{}",
        style.paint(Paint::Bold, &printable(&added.name)),
        style.paint(Paint::Location, &printable(&paths.assertion_at(&name, added.location))),
        if added.status == Status::Pending { " (pending)" } else { "" }
    );
    // A command that works from a clone with only Rust installed; `factcheck check --exact` does the same where
    // factcheck is installed.
    println!("check it with: cargo test --test factcheck -- --exact {}", printable(&added.name));
    Ok(())
}

/// The claim `new` would append, for a refusal: its lines numbered from 1, and locations in it as `new claim:L:C`,
/// so that no location points at a line of the file that was never written.
struct NewBlock<'a> {
    /// The lines of the claim's table.
    lines: Vec<&'a str>,
    /// The line of the file the block would start on, less one.
    offset: usize,
    /// The file it was for, as shown.
    file: &'a str,
    /// Paths that show a location in the block as `new claim:L:C`.
    paths: Paths,
}

impl<'a> NewBlock<'a> {
    /// The block of `text` from its line `first_line` (the new claim's `[[claim]]`) to the end.
    fn of(text: &'a str, paths: &Paths, file: &'a str, first_line: usize) -> NewBlock<'a> {
        let offset = first_line.saturating_sub(1);
        NewBlock {
            lines: text.lines().skip(offset).collect(),
            offset,
            file,
            paths: Paths { assertions: String::new(), corpus: paths.corpus.clone() },
        }
    }

    fn relative(&self, location: LineColumn) -> LineColumn {
        LineColumn { line: location.line.saturating_sub(self.offset), column: location.column }
    }

    fn at(&self, location: LineColumn) -> String {
        format!("{NEW_CLAIM}:{}", self.relative(location))
    }

    /// The report with its locations in the block.
    fn report(&self, mut report: ClaimReport) -> ClaimReport {
        report.file = NEW_CLAIM.to_owned();
        report.location = self.relative(report.location);
        for failure in &mut report.failures {
            failure.location = self.relative(failure.location);
        }
        report
    }

    /// The block, numbered, as it would have been appended.
    fn listing(&self) -> String {
        let width = self.lines.len().to_string().len();
        let numbered: Vec<String> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| format!("  {:>width$} | {}", i + 1, printable(line)))
            .collect();
        format!("{NEW_CLAIM}, as it would have been appended to {}:\n{}", self.file, numbered.join("\n"))
    }
}

/// How a refusal names the claim `new` did not write.
const NEW_CLAIM: &str = "new claim";

fn new_claim(args: &NewArgs) -> NewClaim {
    let matcher = match (&args.matcher.quote, &args.matcher.pattern) {
        (Some(quote), _) => NewMatcher::Quote(quote.clone()),
        (None, Some(pattern)) => NewMatcher::Pattern(pattern.clone()),
        (None, None) => NewMatcher::Terms(args.matcher.terms.iter().map(|term| term.trim().to_owned()).collect()),
    };
    NewClaim {
        id: args.id.clone(),
        claim: args.claim.clone(),
        // clap accepts only the names of `Verdict::NAMES`.
        verdict: Verdict::parse(&args.verdict).unwrap_or(Verdict::Supported),
        status: if args.pending { Status::Pending } else { Status::Active },
        tags: args.tags.clone(),
        note: args.note.clone(),
        check_numbers: !args.no_check_numbers,
        evidence: vec![NewEvidence {
            sources: args.sources.clone(),
            matcher,
            min_sources: args.min_sources.unwrap_or(1),
            absent: args.absent,
            ignore_case: args.ignore_case,
        }],
    }
}

/// FILE as a name relative to the assertions root: `/`-separated, inside it, ending in `.toml`.
fn file_name(file: &str, root: &Path) -> Result<String, Refusal> {
    let given = Path::new(file);
    let relative = match given.strip_prefix(root) {
        Ok(rest) if root != Path::new("") && root != Path::new(".") => rest,
        _ => given,
    };
    let name = relative.to_str().unwrap_or(file).to_owned();
    let outside = |reason: String| {
        refuse(
            EXIT_USAGE,
            format!(
                "error: FILE `{}` is not a file inside the assertions root ({}): {reason}; name it relative to the \
                 root, such as `alaska-summit.toml` or `europe/leaders.toml`",
                printable(file),
                root.display()
            ),
        )
    };
    files::check_relative_name(&name).map_err(|reason| {
        outside(match reason {
            UnsafePath::Absolute | UnsafePath::ParentDirectory => "it leads out of the root".to_owned(),
            other => other.to_string(),
        })
    })?;
    if !name.ends_with(".toml") || name.ends_with("/.toml") || name == ".toml" {
        return Err(refuse(
            EXIT_USAGE,
            format!("error: FILE `{}` must be a `.toml` file, such as `{}.toml`", printable(file), printable(&name)),
        ));
    }
    Ok(name)
}

/// The path of `name` under `root`, refused when the root cannot be read or when the file, or the deepest of its
/// folders that exists, leads out of the root through a symlink.
fn inside_root(root: &Path, name: &str) -> Result<PathBuf, Refusal> {
    let canonical_root = root.canonicalize().map_err(|error| {
        refuse(EXIT_USAGE, format!("error: {}", SessionError::AssertionsRoot { root: root.to_path_buf(), error }))
    })?;
    let path = root.join(name);
    let mut existing = path.as_path();
    while fs::symlink_metadata(existing).is_err() {
        existing = existing.parent().unwrap_or(root);
    }
    let escapes = existing.canonicalize().map_or(true, |target| !target.starts_with(&canonical_root));
    if escapes {
        return Err(refuse(
            EXIT_USAGE,
            format!(
                "error: {} leads out of the assertions root through a symlink; nothing was written",
                existing.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(refuse(EXIT_USAGE, format!("error: {} is a folder, not an assertion file", path.display())));
    }
    Ok(path)
}

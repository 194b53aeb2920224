//! `factcheck review`: after a corpus edit, walk through the claims it broke, as `cargo insta review` walks
//! through snapshots, and accept a passage that changed only in wording, or mark the claim pending.
//!
//! On a terminal it asks, claim by claim; `--accept NAME...` and `--pending NAME... --note TEXT` do the same
//! for scripts. Whether a passage can be accepted is [`crate::review`]'s to decide; this module asks, prints and
//! writes. Writing keeps three promises:
//!
//! - every other byte of the file stays (the edits of [`crate::assertion::write`]), and the file is replaced
//!   atomically ([`files::write_atomic`]);
//! - a file that changed on disk since review read it is not overwritten: someone else's edit is not lost;
//! - with flags, nothing is written unless every NAME can be done: all or nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, BufRead, IsTerminal, Write as _};
use std::path::PathBuf;

use clap::Args;

use super::session::{Selection, Session};
use super::{ColorArg, EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots};
use crate::assertion::Claim;
use crate::assertion::load::parse_file;
use crate::assertion::write::mark_pending;
use crate::evidence::{Check, ClaimReport, FailureKind, Outcome, check_claim};
use crate::files;
use crate::limits::Limits;
use crate::report::claimreview::Date;
use crate::report::style::{Paint, Style, printable};
use crate::report::{Paths, human, shell_word};
use crate::review::{self, Refusal};

#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Accept the passages as the sources now read them for these claims (test names, as `check` prints them):
    /// rewrite each quote that is not found to its closest passage. Refused, and nothing written, if the claim
    /// would fail anything else then (a number of the claim no longer in its evidence, another item).
    #[arg(long, value_name = "NAME", num_args = 1.., conflicts_with_all = ["pending", "filters"])]
    pub accept: Vec<String>,
    /// Mark these claims (test names) `status = "pending"`, with --note saying why; the note is dated.
    #[arg(long, value_name = "NAME", num_args = 1.., requires = "note", conflicts_with = "filters")]
    pub pending: Vec<String>,
    /// Why the claims are pending (with --pending); written as `note`, after "pending since YYYY-MM-DD: ".
    #[arg(long, value_name = "TEXT", requires = "pending")]
    pub note: Option<String>,
    /// Colour: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(flatten)]
    pub roots: Roots,
}

/// Reviews the claims; returns the exit status.
pub fn run(args: &ReviewArgs) -> u8 {
    let interactive = args.accept.is_empty() && args.pending.is_empty();
    if interactive && !io::stdin().is_terminal() {
        eprintln!(
            "error: review asks what to do with each failing claim, and standard input is not a terminal; pass \
             --accept NAME... to rewrite their quotes to the passages as the sources now read, or --pending NAME... \
             --note TEXT to mark them pending (`factcheck check` names the failing claims)"
        );
        return EXIT_USAGE;
    }
    let Some(session) = Session::open(&args.roots, None) else { return EXIT_USAGE };
    let mut review = Review {
        session: &session,
        files: Files::new(&args.roots, *session.corpus.limits()),
        paths: args.roots.paths(),
        style: args.color.stdout_style(),
    };
    if interactive {
        review.interactive(&args.selection, &mut io::stdin().lock())
    } else if !args.accept.is_empty() {
        review.by_name(&args.accept, Action::Accept)
    } else {
        // clap requires --note with --pending.
        review.by_name(&args.pending, Action::Pending(args.note.clone().unwrap_or_default()))
    }
}

/// What to do with the claims named on the command line.
#[derive(Debug, Clone)]
enum Action {
    Accept,
    /// With the reason the person gave.
    Pending(String),
}

/// The text of each assertion file as review read it, and as it will write it.
struct Files {
    root: PathBuf,
    limits: Limits,
    /// File name → the text read from disk, which must still be there when the new text is written.
    read: BTreeMap<String, String>,
    /// File name → the text with the edits made so far (not yet written, with flags).
    edited: BTreeMap<String, String>,
}

impl Files {
    fn new(roots: &Roots, limits: Limits) -> Files {
        Files { root: roots.assertions.clone(), limits, read: BTreeMap::new(), edited: BTreeMap::new() }
    }

    /// The text of `file` with the edits made so far; read from disk the first time.
    fn text(&mut self, file: &str) -> Result<&str, String> {
        if !self.edited.contains_key(file) {
            let text = files::read_text(&self.root.join(file), self.limits.max_assertion_file_bytes)
                .map_err(|error| crate::diagnostic::Diagnostic::unreadable(file, error).kind.to_string())?;
            self.read.insert(file.to_owned(), text.clone());
            self.edited.insert(file.to_owned(), text);
        }
        Ok(&self.edited[file])
    }

    /// The claim `id` of `file` as its text now stands, and a fresh check of it.
    fn claim(&mut self, file: &str, id: &str, session: &Session) -> Result<(Claim, ClaimReport), String> {
        let limits = self.limits;
        let text = self.text(file)?;
        let loaded = parse_file(file, text, &limits)
            .map_err(|_| "the file no longer loads; `factcheck lint` shows why".to_owned())?;
        let claim = loaded
            .claims
            .into_iter()
            .find(|claim| claim.id == id)
            .ok_or_else(|| format!("the file no longer has the claim `{id}`"))?;
        let report = check_claim(&claim, &session.corpus);
        Ok((claim, report))
    }

    fn edit(&mut self, file: &str, text: String) {
        self.edited.insert(file.to_owned(), text);
    }

    /// Writes the edited text of `file`, unless the file is read-only or changed on disk since it was read.
    fn write(&mut self, file: &str, shown: &str) -> Result<(), String> {
        let (Some(read), Some(edited)) = (self.read.get(file), self.edited.get(file)) else { return Ok(()) };
        if read == edited {
            return Ok(());
        }
        let path = self.root.join(file);
        // A symlink inside the root (the only kind the walk follows) keeps pointing at the file it named.
        let path = path.canonicalize().unwrap_or(path);
        let metadata = std::fs::metadata(&path).map_err(|error| format!("cannot read {shown}: {error}"))?;
        if metadata.permissions().readonly() {
            return Err(format!("{shown} is read-only; make it writable (chmod u+w) and run review again"));
        }
        let now = files::read_text(&path, self.limits.max_assertion_file_bytes)
            .map_err(|error| crate::diagnostic::Diagnostic::unreadable(file, error).kind.to_string())?;
        if &now != read {
            return Err(format!(
                "{shown} changed on disk since review read it; it was not overwritten, so that edit is kept. Run \
                 review again to review the file as it is now"
            ));
        }
        files::write_atomic(&path, edited.as_bytes()).map_err(|error| format!("cannot write {shown}: {error}"))?;
        self.read.insert(file.to_owned(), edited.clone());
        Ok(())
    }
}

struct Review<'s> {
    session: &'s Session,
    files: Files,
    paths: Paths,
    style: Style,
}

impl Review<'_> {
    /// `--accept NAME...` or `--pending NAME... --note TEXT`: every NAME checked and edited in memory first, and
    /// the files written only if all of them can be.
    fn by_name(&mut self, names: &[String], action: Action) -> u8 {
        let style = self.style;
        let error = style.paint(Paint::Error, "error:");
        // Usage first: every NAME must be a claim that fails now.
        let mut targets: Vec<(String, String)> = Vec::new();
        let mut usage = Vec::new();
        let mut broken = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for name in names.iter().filter(|name| seen.insert(name.as_str())) {
            match self.find(name) {
                Found::Claim { file, id } => targets.push((file, id)),
                Found::Unreadable(file) => broken.push(format!(
                    "{error} {} cannot be reviewed: it could not be read from {}; fix it first (`factcheck lint` \
                     lists every problem)",
                    printable(name),
                    printable(&self.paths.assertion(&file))
                )),
                Found::Nothing(suggestion) => usage.push(format!(
                    "{error} there is no claim named `{}`{}; pass test names as `factcheck list` prints them",
                    printable(name),
                    suggestion.map(|s| format!(", did you mean `{}`?", printable(&s))).unwrap_or_default()
                )),
            }
        }
        let mut refused = Vec::new();
        let mut done = Vec::new();
        for (file, id) in &targets {
            let (claim, report) = match self.files.claim(file, id, self.session) {
                Ok(found) => found,
                Err(message) => {
                    refused.push(format!("{error} {}: {message}", printable(&self.paths.assertion(file))));
                    continue;
                }
            };
            if report.outcome != Outcome::Failed {
                usage.push(format!(
                    "{error} {} passes; there is nothing to {}",
                    printable(&claim.name),
                    if matches!(action, Action::Accept) { "accept" } else { "mark pending" }
                ));
                continue;
            }
            match self.decide(file, &claim, &report, &action) {
                Ok(summary) => done.push(summary),
                Err(message) => refused.push(message),
            }
        }
        for message in usage.iter().chain(&broken).chain(&refused) {
            eprintln!("{}", message.trim_end());
        }
        if !usage.is_empty() || !broken.is_empty() || !refused.is_empty() {
            eprintln!("nothing was written");
            return if !usage.is_empty() { EXIT_USAGE } else { EXIT_FAILED };
        }
        let edited: Vec<String> = self.files.edited.keys().cloned().collect();
        let mut written: Vec<String> = Vec::new();
        for file in edited {
            let shown = printable(&self.paths.assertion(&file)).into_owned();
            let unchanged = self.files.read.get(&file) == self.files.edited.get(&file);
            if let Err(message) = self.files.write(&file, &shown) {
                eprintln!("{error} {message}");
                // Files are replaced one by one: say which were, so that nothing is taken as undone.
                match written.as_slice() {
                    [] => eprintln!("nothing was written"),
                    files => eprintln!("already written: {}; nothing else was", files.join(", ")),
                }
                return EXIT_FAILED;
            }
            if !unchanged {
                written.push(shown);
            }
        }
        for summary in done {
            println!("{}", summary.trim_end());
        }
        EXIT_OK
    }

    /// Applies `action` to the claim in memory; what was done, or why it cannot be.
    fn decide(&mut self, file: &str, claim: &Claim, report: &ClaimReport, action: &Action) -> Result<String, String> {
        let text = self.files.text(file)?.to_owned();
        let limits = self.files.limits;
        match action {
            Action::Accept => match review::accept(file, &text, claim, report, &self.session.corpus, &limits) {
                Ok(accepted) => {
                    self.files.edit(file, accepted.text);
                    Ok(self.accepted_summary(claim, &accepted.quotes))
                }
                Err(refusal) => Err(self.refusal(claim, report, &refusal)),
            },
            Action::Pending(why) => {
                let note = pending_note(why);
                let edited = mark_pending(&text, &claim.id, &note).map_err(|error| {
                    format!("{} {}: {error}", self.style.paint(Paint::Error, "error:"), printable(&claim.name))
                })?;
                self.files.edit(file, edited);
                Ok(format!(
                    "{} {} ({}): status = \"pending\", note \"{}\"",
                    self.style.paint(Paint::Bold, "pending"),
                    printable(&claim.name),
                    printable(&self.paths.assertion_at(file, claim.location)),
                    printable(&note)
                ))
            }
        }
    }

    fn accepted_summary(&self, claim: &Claim, quotes: &[(usize, String)]) -> String {
        let mut out = String::new();
        for (evidence, quote) in quotes {
            let location = claim
                .evidence
                .iter()
                .find(|item| item.index == *evidence)
                .map(|item| item.key_location("quote").unwrap_or(item.location))
                .unwrap_or(claim.location);
            let _ = writeln!(
                out,
                "{} {} evidence #{evidence} ({}): quote = \"{}\"",
                self.style.paint(Paint::Ok, "accepted"),
                printable(&claim.name),
                printable(&self.paths.assertion_at(&claim.file, location)),
                printable(quote)
            );
        }
        out
    }

    /// Why the passages of `claim` cannot be accepted, and what to edit by hand instead.
    fn refusal(&self, claim: &Claim, report: &ClaimReport, refusal: &Refusal) -> String {
        let style = self.style;
        let name = printable(&claim.name);
        let claim_at = printable(&self.paths.assertion_at(&claim.file, claim.location)).into_owned();
        let pending = format!("factcheck review --pending {} --note \"...\"", shell_word(&claim.name));
        let mut out = format!("{} cannot accept {name}; nothing was written.\n", style.paint(Paint::Error, "error:"));
        match refusal {
            Refusal::NothingToRewrite => {
                let _ = writeln!(out, "  no quote of it failed with a passage to take instead.");
                for failure in review::by_hand(report) {
                    let at = self.paths.assertion_at(&claim.file, failure.location);
                    let _ = writeln!(
                        out,
                        "  evidence #{} is a {}: {}s are never rewritten; edit it by hand at {}",
                        failure.evidence.unwrap_or(0),
                        failure.check.as_str(),
                        if failure.check == Check::Terms { "term" } else { "pattern" },
                        printable(&at)
                    );
                    if let Some(passage) = &failure.closest {
                        let _ = writeln!(
                            out,
                            "    the closest passage, at {}, reads: {}",
                            printable(&self.paths.source_at(&passage.source, passage.location)),
                            printable(&passage.normalized)
                        );
                    }
                }
                let _ = writeln!(out, "  edit the claim by hand, or mark it pending: {pending}");
            }
            Refusal::Edit(error) => {
                let _ = writeln!(out, "  {}; run review again", printable(&error.to_string()));
            }
            Refusal::WouldNotLoad { problems } => {
                let _ = writeln!(out, "  with the passage as its quote, the file would not load:");
                for problem in problems {
                    let _ = writeln!(out, "    {}", printable(&problem.kind.to_string()));
                }
                let _ =
                    writeln!(out, "  edit the item by hand (quote less of the passage), or mark it pending: {pending}");
            }
            Refusal::FactsChanged { numbers, after } => {
                let _ = writeln!(out, "  the edit changed facts, not only words:");
                for change in numbers {
                    let said = |numbers: &[String]| {
                        if numbers.is_empty() {
                            "no such number".to_owned()
                        } else {
                            numbers.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
                        }
                    };
                    let _ = writeln!(
                        out,
                        "    evidence #{}: the passage now says {} where the quote said {}",
                        change.evidence,
                        printable(&said(&change.after)),
                        printable(&said(&change.before))
                    );
                }
                for failure in &after.failures {
                    let what = match failure.evidence {
                        Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
                        None => failure.check.as_str().to_owned(),
                    };
                    let _ =
                        writeln!(out, "    with the new passage, {what} would fail: {}", printable(&failure.message()));
                }
                let _ = writeln!(out, "  what to edit by hand instead:");
                for failure in &after.failures {
                    let at = printable(&self.paths.assertion_at(&claim.file, failure.location)).into_owned();
                    let advice = match (&failure.kind, failure.check) {
                        (FailureKind::Ungrounded { .. }, _) => format!(
                            "the claim sentence ({claim_at}) and the quote, if the source's new numbers are right"
                        ),
                        (FailureKind::Present, _) => format!(
                            "the verdict ({claim_at}, now {}): the corpus now says what evidence #{} says it must not",
                            claim.verdict,
                            failure.evidence.unwrap_or(0)
                        ),
                        _ => format!("evidence #{} ({at})", failure.evidence.unwrap_or(0)),
                    };
                    let _ = writeln!(out, "    - {advice}");
                }
                if after.failures.is_empty() {
                    // Only the numbers changed, in a claim the check does not ground (refuted, or numbers off).
                    for change in numbers {
                        let at = claim
                            .evidence
                            .iter()
                            .find(|item| item.index == change.evidence)
                            .map_or(claim.location, |item| item.key_location("quote").unwrap_or(item.location));
                        let _ = writeln!(
                            out,
                            "    - the quote of evidence #{} ({}), once the claim and its verdict ({}) are checked \
                             against the new numbers",
                            change.evidence,
                            printable(&self.paths.assertion_at(&claim.file, at)),
                            claim.verdict
                        );
                    }
                }
                let _ = writeln!(out, "    - or mark the claim pending until it is settled: {pending}");
            }
        }
        out
    }

    /// The claim named `name` (a test name), or why there is none.
    fn find(&self, name: &str) -> Found {
        let mut names = Vec::new();
        for file in &self.session.files {
            match file {
                Ok(file) => {
                    if let Some(claim) = file.claims.iter().find(|claim| claim.name == name) {
                        return Found::Claim { file: claim.file.clone(), id: claim.id.clone() };
                    }
                    if file.malformed.iter().any(|claim| claim.name == name) {
                        return Found::Unreadable(file.file.clone());
                    }
                    names.extend(file.claims.iter().map(|claim| claim.name.as_str()));
                }
                Err(error) if error.claim_names.iter().any(|candidate| candidate == name) => {
                    return Found::Unreadable(error.file.clone());
                }
                Err(_) => {}
            }
        }
        let suggestion = names
            .into_iter()
            .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
            .filter(|(distance, candidate)| *distance <= 3.max(candidate.len() / 4))
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, candidate)| candidate.to_owned());
        Found::Nothing(suggestion)
    }

    /// On a terminal: each failing claim selected, its failure, and a question.
    fn interactive(&mut self, selection: &Selection, input: &mut dyn BufRead) -> u8 {
        let style = self.style;
        let checked = self.session.check(selection, None, true);
        let unreadable: Vec<&ClaimReport> = checked.tests.iter().filter(|report| report.could_not_be_read()).collect();
        for report in &unreadable {
            println!(
                "{} {} ({}) could not be read, so it cannot be reviewed; `factcheck lint` shows why",
                style.paint(Paint::Error, "error:"),
                report.name,
                printable(&self.paths.assertion_at(&report.file, report.location))
            );
        }
        let failing: Vec<(String, String)> = checked
            .checked()
            .filter(|(_, report)| report.outcome == Outcome::Failed)
            .map(|(claim, _)| (claim.file.clone(), claim.id.clone()))
            .collect();
        if failing.is_empty() {
            println!("nothing to review: no selected claim fails");
            return if unreadable.is_empty() { EXIT_OK } else { EXIT_FAILED };
        }
        let (mut accepted, mut pending, mut skipped, mut failed) = (0, 0, 0, false);
        let total = failing.len();
        'claims: for (position, (file, id)) in failing.iter().enumerate() {
            let (claim, report) = match self.files.claim(file, id, self.session) {
                Ok(found) => found,
                Err(message) => {
                    println!("{} {}: {message}", style.paint(Paint::Error, "error:"), printable(file));
                    failed = true;
                    continue;
                }
            };
            println!(
                "\n{} {}",
                style.paint(Paint::Bold, &format!("[{}/{total}]", position + 1)),
                style.paint(Paint::Bold, &printable(&claim.name))
            );
            if report.outcome != Outcome::Failed {
                println!("passes now; nothing to review");
                continue;
            }
            println!("{}", human::claim_failure(&report, &self.paths, style).trim_end());
            let text = match self.files.text(file) {
                Ok(text) => text.to_owned(),
                Err(message) => {
                    println!("{} {message}", style.paint(Paint::Error, "error:"));
                    failed = true;
                    continue;
                }
            };
            let limits = self.files.limits;
            let acceptable = review::accept(file, &text, &claim, &report, &self.session.corpus, &limits);
            match &acceptable {
                Ok(accept) => {
                    println!();
                    for (evidence, quote) in &accept.quotes {
                        println!(
                            "accept writes: evidence #{evidence} quote = \"{}\" (the claim passes with it)",
                            printable(quote)
                        );
                    }
                }
                Err(refusal) => println!("\n{}", self.refusal(&claim, &report, refusal).trim_end()),
            }
            let choices =
                if acceptable.is_ok() { "[a]ccept  [p]ending  [s]kip  [q]uit" } else { "[p]ending  [s]kip  [q]uit" };
            loop {
                let Some(answer) = ask(&format!("{choices} > "), input) else { break 'claims };
                match (answer.as_str(), &acceptable) {
                    ("a", Ok(accept)) => {
                        self.files.edit(file, accept.text.clone());
                        match self.write(file) {
                            Ok(()) => {
                                accepted += 1;
                                println!("{}", self.accepted_summary(&claim, &accept.quotes).trim_end());
                            }
                            Err(()) => failed = true,
                        }
                        break;
                    }
                    ("a", Err(_)) => println!("accepting is refused, above; choose another"),
                    ("p", _) => {
                        let why = default_reason(&report, &self.paths);
                        let Some(given) = ask(&format!("why is it pending? (Enter: {}) > ", printable(&why)), input)
                        else {
                            break 'claims;
                        };
                        let why = if given.is_empty() { why } else { given };
                        match self.decide(file, &claim, &report, &Action::Pending(why)) {
                            Ok(summary) => match self.write(file) {
                                Ok(()) => {
                                    pending += 1;
                                    println!("{summary}");
                                }
                                Err(()) => failed = true,
                            },
                            Err(message) => {
                                println!("{message}");
                                failed = true;
                            }
                        }
                        break;
                    }
                    ("s", _) => {
                        skipped += 1;
                        break;
                    }
                    ("q", _) => break 'claims,
                    _ => println!("answer a, p, s or q, then Enter"),
                }
            }
        }
        println!("\nreview: {accepted} accepted, {pending} marked pending, {skipped} skipped, of {total} failing");
        if failed { EXIT_FAILED } else { EXIT_OK }
    }

    /// Writes `file`; on failure, puts the text back as read and says why.
    fn write(&mut self, file: &str) -> Result<(), ()> {
        let shown = printable(&self.paths.assertion(file)).into_owned();
        self.files.write(file, &shown).map_err(|message| {
            println!("{} {message}", self.style.paint(Paint::Error, "error:"));
            // Forget the text as read: the next claim of this file reads it again.
            self.files.read.remove(file);
            self.files.edited.remove(file);
        })
    }
}

/// The claim a NAME names, or why there is none.
enum Found {
    Claim {
        file: String,
        id: String,
    },
    /// The claim could not be read (malformed, or its file not loaded): there is nothing to review.
    Unreadable(String),
    Nothing(Option<String>),
}

/// Prints `prompt` and reads one answer (trimmed, lowercase); `None` at the end of the input.
fn ask(prompt: &str, input: &mut dyn BufRead) -> Option<String> {
    print!("{prompt}");
    let _ = io::stdout().flush();
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => {
            println!();
            None
        }
        Ok(_) => {
            let answer = line.trim();
            // One letter answers a question; a longer answer is a note, kept as typed.
            Some(if answer.chars().count() == 1 { answer.to_lowercase() } else { answer.to_owned() })
        }
    }
}

/// The note written with `status = "pending"`: since when, and why.
fn pending_note(why: &str) -> String {
    let since = Date::today().map_or_else(|| "an unknown date".to_owned(), |date| date.to_string());
    format!("pending since {since}: {}", why.trim())
}

/// Why a claim is pending, when the person gives no reason: the first failure, and where its passage is.
fn default_reason(report: &ClaimReport, paths: &Paths) -> String {
    let Some(failure) = report.failures.first() else { return "under review".to_owned() };
    let what = match failure.evidence {
        Some(index) => format!("evidence #{index} ({})", failure.check.as_str()),
        None => failure.check.as_str().to_owned(),
    };
    match &failure.closest {
        Some(passage) => format!(
            "{what} no longer holds; the source now reads \"{}\" at {}",
            passage.normalized,
            paths.source_at(&passage.source, passage.location)
        ),
        None => format!("{what} no longer holds: {}", failure.message()),
    }
}

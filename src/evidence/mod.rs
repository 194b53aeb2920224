//! Checking claims against the corpus: the verdict of each evidence item, corroboration, grounding.
//!
//! [`check_claim`] is the one entry point. It takes a validated [`Claim`] and the [`Corpus`] and returns a
//! [`ClaimReport`]: plain data (what failed, why, and the passage to show) that the renderers in
//! [`crate::report`] turn into text, JSON or annotations. Nothing here formats for a terminal.
//! [`evidence_matches`] answers the other question, with the same matching: which passages each item cites
//! (for `factcheck coverage` and `factcheck impact`).

pub mod closest;
pub mod grounding;
pub mod index;
pub mod matching;
pub mod numbers;

use std::fmt;
use std::ops::Range;

use crate::assertion::load::FileError;
use crate::assertion::{Claim, Evidence, MalformedClaim, Matcher, Scope, Status, Verdict};
use crate::corpus::{Corpus, Source};
use crate::diagnostic::Diagnostic;
use crate::location::LineColumn;

pub use closest::Passage;
pub use index::CorpusIndex;
use index::Requirement;
use matching::{CaselessText, Finder, SourceMatch};

/// What happened to one claim.
#[derive(Debug, Clone)]
pub struct ClaimReport {
    /// The test name, `file-stem::id`.
    pub name: String,
    /// The assertion file, relative to the assertions root.
    pub file: String,
    pub location: LineColumn,
    pub verdict: Verdict,
    /// The claim's sentence.
    pub text: String,
    pub outcome: Outcome,
    /// Empty unless the outcome is `Failed`.
    pub failures: Vec<Failure>,
}

/// The result of a claim's test, as libtest names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    /// A `pending` claim that was not run.
    Ignored,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Ignored => "ignored",
        }
    }
}

/// The check that failed, as the JSON contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Quote,
    Pattern,
    Terms,
    Absent,
    MinSources,
    Grounding,
    Source,
    Schema,
    /// A rigor check the claim or the corpus opted into ([`crate::rigor`]).
    Rigor,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Quote => "quote",
            Check::Pattern => "pattern",
            Check::Terms => "terms",
            Check::Absent => "absent",
            Check::MinSources => "min_sources",
            Check::Grounding => "grounding",
            Check::Source => "source",
            Check::Schema => "schema",
            Check::Rigor => "rigor",
        }
    }

    fn of(matcher: &Matcher) -> Check {
        match matcher {
            Matcher::Quote { .. } => Check::Quote,
            Matcher::Pattern { .. } => Check::Pattern,
            Matcher::Terms { .. } => Check::Terms,
        }
    }
}

/// One reason a claim failed.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The 1-based index of the evidence item, or `None` for a claim-level check (grounding).
    pub evidence: Option<usize>,
    /// Where the item (or, for claim-level checks, the claim) is written.
    pub location: LineColumn,
    pub check: Check,
    /// What the item looks for, as written back for people (`quote "..."`); `None` for claim-level checks.
    pub expected: Option<String>,
    /// The normalized quote, for diffing against `closest`.
    pub quote: Option<String>,
    pub kind: FailureKind,
    /// The nearest passage for a quote not found, the offending passage for an `absent` item found, the
    /// excluded passage for a quote found only there.
    pub closest: Option<Passage>,
}

impl Failure {
    /// A `schema` failure at `location`, where its problem is.
    fn schema(location: LineColumn, kind: FailureKind) -> Failure {
        Failure { evidence: None, location, check: Check::Schema, expected: None, quote: None, kind, closest: None }
    }

    /// The problem in the assertion file, for a `schema` failure.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match &self.kind {
            FailureKind::Malformed { diagnostic } | FailureKind::FileNotLoaded { diagnostic } => Some(diagnostic),
            _ => None,
        }
    }

    /// The one-paragraph explanation of the failure, without colour or diff.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// Why an item or a claim failed, with the facts a fact-checker needs to fix it.
#[derive(Debug, Clone)]
pub enum FailureKind {
    /// The matcher holds in no source of the scope.
    NotFound {
        /// The sources searched, or `None` for the whole corpus.
        scope: Option<Vec<String>>,
        /// Other sources where a quote occurs verbatim.
        elsewhere: Vec<String>,
        /// For `terms`: the terms missing from the sentence that has the most of them.
        missing_terms: Vec<String>,
    },
    /// Found, but only inside regions `corpus.toml` excludes.
    OnlyExcluded { reason: String },
    /// An `absent` item was found.
    Present,
    /// Found in fewer sources than `min_sources`.
    TooFewSources { required: usize, found_in: Vec<String>, missing_in: Vec<String> },
    /// Numbers of the claim that no evidence sentence holds.
    Ungrounded { numbers: Vec<String>, sentences: Vec<Passage> },
    /// A named source does not exist.
    UnknownSource { name: String, suggestion: Option<String> },
    /// A source in scope could not be read.
    UnreadableSource { diagnostic: Diagnostic },
    /// The claim breaks a rule of the assertion format (check `schema`); the claim was not run.
    Malformed { diagnostic: Diagnostic },
    /// The claim's whole file could not be loaded (check `schema`): the file's problem, which its `error` records
    /// give as well.
    FileNotLoaded { diagnostic: Diagnostic },
    /// A rigor check the claim fails on found the claim saying more than its evidence.
    Rigor { code: crate::rigor::Code, message: String },
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureKind::NotFound { scope, elsewhere, missing_terms } => {
                match scope {
                    Some(names) => write!(f, "not found in {}", names.join(", "))?,
                    None => write!(f, "not found in any source")?,
                }
                if !missing_terms.is_empty() {
                    write!(f, "; the closest sentence lacks {}", quoted(missing_terms))?;
                }
                if !elsewhere.is_empty() {
                    write!(f, "; it occurs verbatim in {}: cite that source instead", elsewhere.join(", "))?;
                }
                Ok(())
            }
            FailureKind::OnlyExcluded { reason } => write!(
                f,
                "found only in a region corpus.toml excludes from evidence ({reason}); quote the article itself"
            ),
            FailureKind::Present => write!(f, "found, but the item is `absent = true`: the corpus must not say this"),
            FailureKind::TooFewSources { required, found_in, missing_in } => write!(
                f,
                "found in {} source(s), fewer than min_sources = {required}; found in: {}; not found in: {}",
                found_in.len(),
                list_or_none(found_in),
                list_or_none(missing_in)
            ),
            FailureKind::Ungrounded { numbers, sentences } => {
                write!(f, "the claim says {} but no evidence sentence has that number", quoted(numbers))?;
                if sentences.is_empty() {
                    write!(f, "; no evidence sentence was found")
                } else {
                    write!(f, "; fix the claim, cite the sentence that has it, or set `check_numbers = false`")
                }
            }
            FailureKind::UnknownSource { name, suggestion: Some(suggestion) } => {
                write!(f, "there is no source `{name}` in the corpus, did you mean `{suggestion}`?")
            }
            FailureKind::UnknownSource { name, suggestion: None } => {
                write!(f, "there is no source `{}` in the corpus; `factcheck find` lists where a text occurs", name)
            }
            FailureKind::UnreadableSource { diagnostic } => write!(f, "a source in scope cannot be read: {diagnostic}"),
            FailureKind::Malformed { diagnostic } => diagnostic.kind.fmt(f),
            FailureKind::FileNotLoaded { diagnostic } => {
                write!(f, "its file could not be loaded, so the claim did not run: {}", diagnostic.kind)
            }
            FailureKind::Rigor { code, message } => write!(f, "[{code}] {message}"),
        }
    }
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|item| format!("\"{item}\"")).collect::<Vec<_>>().join(", ")
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}

impl ClaimReport {
    /// A report for a claim that was not run (pending).
    pub fn ignored(claim: &Claim) -> ClaimReport {
        ClaimReport::new(claim, Outcome::Ignored, Vec::new())
    }

    /// The report of a malformed claim: failed, with one `schema` failure at each of its problems.
    pub fn malformed(claim: &MalformedClaim) -> ClaimReport {
        let failures = schema_failures(&claim.diagnostics, |diagnostic| FailureKind::Malformed { diagnostic });
        ClaimReport {
            name: claim.name.clone(),
            file: claim.file.clone(),
            location: claim.location,
            verdict: claim.verdict,
            text: claim.text.clone(),
            outcome: Outcome::Failed,
            failures,
        }
    }

    /// The report of the test `name`, which stands for (a claim of) an assertion file that could not be loaded:
    /// failed, with one `schema` failure for each of the file's problems.
    pub fn file_not_loaded(name: String, error: &FileError) -> ClaimReport {
        let failures = schema_failures(&error.diagnostics, |diagnostic| FailureKind::FileNotLoaded { diagnostic });
        ClaimReport {
            name,
            file: error.file.clone(),
            location: failures.first().map_or(LineColumn { line: 1, column: 1 }, |failure| failure.location),
            verdict: Verdict::Supported,
            text: String::new(),
            outcome: Outcome::Failed,
            failures,
        }
    }

    /// Whether the test failed because its claim could not be read (a malformed claim, or its file not loaded):
    /// the claim did not run.
    pub fn could_not_be_read(&self) -> bool {
        self.failures.iter().any(|failure| failure.diagnostic().is_some())
    }

    /// The problems of the assertion files that could not be loaded among `reports`, each file's once, in order.
    pub fn file_errors<'a>(reports: impl IntoIterator<Item = &'a ClaimReport>) -> Vec<&'a Diagnostic> {
        let mut seen: Vec<&str> = Vec::new();
        let mut diagnostics = Vec::new();
        for report in reports {
            let mut of_file = report.failures.iter().filter_map(|failure| match &failure.kind {
                FailureKind::FileNotLoaded { diagnostic } => Some(diagnostic),
                _ => None,
            });
            if let Some(first) = of_file.next()
                && !seen.contains(&report.file.as_str())
            {
                seen.push(&report.file);
                diagnostics.push(first);
                diagnostics.extend(of_file);
            }
        }
        diagnostics
    }

    fn new(claim: &Claim, outcome: Outcome, failures: Vec<Failure>) -> ClaimReport {
        ClaimReport {
            name: claim.name.clone(),
            file: claim.file.clone(),
            location: claim.location,
            verdict: claim.verdict,
            text: claim.text.clone(),
            outcome,
            failures,
        }
    }
}

/// A `schema` failure for each problem, at its location.
fn schema_failures(diagnostics: &[Diagnostic], kind: fn(Diagnostic) -> FailureKind) -> Vec<Failure> {
    diagnostics.iter().map(|diagnostic| Failure::schema(diagnostic.location, kind(diagnostic.clone()))).collect()
}

/// Checks a claim against the corpus. Pending claims are checked too: skipping them is the caller's choice.
pub fn check_claim(claim: &Claim, corpus: &Corpus) -> ClaimReport {
    check_claim_with(claim, corpus, None)
}

/// [`check_claim`], searching through `index` where it can (an index made for a set of claims that holds this
/// one, to narrow what it searches): the same report, sooner, for an item that names no source.
pub fn check_claim_with(claim: &Claim, corpus: &Corpus, index: Option<&CorpusIndex>) -> ClaimReport {
    let mut failures = Vec::new();
    let mut evidence_sentences: Vec<Passage> = Vec::new();
    // Grounding needs every sentence that holds the evidence, but only when the claim states a number: with
    // none, it cannot fail, and an item holds once found in `min_sources` sources (the rest are not read).
    let want_sentences = claim.needs_grounding() && grounding::states_numbers(&claim.text);
    for item in &claim.evidence {
        match check_item(item, corpus, index, want_sentences) {
            Ok(found) => {
                if !item.absent {
                    evidence_sentences.extend(found);
                }
            }
            Err(failure) => failures.push(*failure),
        }
    }
    // Grounding is judged only on evidence that holds: with an item failing, the numbers would be noise.
    if failures.is_empty() && claim.needs_grounding() {
        let sentence_texts: Vec<&str> = evidence_sentences.iter().map(|s| s.normalized.as_str()).collect();
        let numbers = grounding::ungrounded(&claim.text, &sentence_texts);
        if !numbers.is_empty() {
            failures.push(Failure {
                evidence: None,
                location: claim.location,
                check: Check::Grounding,
                expected: None,
                quote: None,
                kind: FailureKind::Ungrounded { numbers, sentences: evidence_sentences },
                closest: None,
            });
        }
    }
    // Rigor checks fail a claim only when it, or the corpus, opts in (a v1 file's outcomes never change), and
    // only on evidence that holds.
    if failures.is_empty() && (!claim.rigor.is_empty() || !corpus.config().rigor.fail.is_empty()) {
        failures.extend(crate::rigor::Rigor::new(corpus).failures(claim).into_iter().map(|finding| Failure {
            evidence: finding.evidence,
            location: finding.location,
            check: Check::Rigor,
            expected: None,
            quote: None,
            kind: FailureKind::Rigor { code: finding.code, message: finding.message },
            closest: None,
        }));
    }
    let outcome = if failures.is_empty() { Outcome::Passed } else { Outcome::Failed };
    ClaimReport::new(claim, outcome, failures)
}

/// Checks `claims` on up to `jobs` threads and returns their reports in the order of `claims`, whatever the
/// number of threads. Pending claims are reported as ignored unless `include_pending`.
///
/// The claims share a [`CorpusIndex`], whose parts are built (on the same threads) only if an item needs them.
pub fn check_all(claims: &[&Claim], corpus: &Corpus, include_pending: bool, jobs: usize) -> Vec<ClaimReport> {
    let index = index_for(claims, corpus, include_pending, jobs);
    check_all_with(claims, corpus, include_pending, jobs, Some(&index))
}

/// The [`CorpusIndex`] of the claims of `claims` that will run (pending ones only if `include_pending`).
pub fn index_for(claims: &[&Claim], corpus: &Corpus, include_pending: bool, jobs: usize) -> CorpusIndex {
    let running = claims.iter().copied().filter(|claim| claim.status != Status::Pending || include_pending);
    CorpusIndex::new(running, corpus, jobs.max(1))
}

/// [`check_all`] with the index given, or none (every item searches its whole scope).
pub fn check_all_with(
    claims: &[&Claim],
    corpus: &Corpus,
    include_pending: bool,
    jobs: usize,
    index: Option<&CorpusIndex>,
) -> Vec<ClaimReport> {
    check_all_observed(claims, corpus, include_pending, jobs, index, &|| {})
}

/// [`check_all_with`], calling `done` (from the checking threads) as each claim's report is ready: for a progress
/// display, which must not slow the check (`done` is called once per claim, and should be cheap).
pub fn check_all_observed(
    claims: &[&Claim],
    corpus: &Corpus,
    include_pending: bool,
    jobs: usize,
    index: Option<&CorpusIndex>,
    done: &(dyn Fn() + Sync),
) -> Vec<ClaimReport> {
    if let Some(index) = index {
        index.prepare(corpus);
    }
    crate::parallel::map(claims, jobs, |claim| {
        let report = if claim.status == Status::Pending && !include_pending {
            ClaimReport::ignored(claim)
        } else {
            check_claim_with(claim, corpus, index)
        };
        done();
        report
    })
}

/// Where one evidence item holds: the passages a claim cites, for coverage and impact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemMatches {
    /// The 1-based index of the item in its claim.
    pub evidence: usize,
    /// Each source of the item's scope that holds a match, with its first match outside excluded regions (a
    /// range of the source's normalized text): the passage the check relies on. In the order of the scope.
    pub found: Vec<(String, Range<usize>)>,
}

/// Where each evidence item of `claim` holds, in item order, by the same matching as [`check_claim`] (whose
/// verdict this does not change or repeat).
///
/// An item that does not hold has no matches: one found in fewer than `min_sources` sources, one whose scope
/// names a source that does not exist or cannot be read, and every `absent` item (it holds by being found
/// nowhere, so it cites nothing).
pub fn evidence_matches(claim: &Claim, corpus: &Corpus) -> Vec<ItemMatches> {
    claim.evidence.iter().map(|item| ItemMatches { evidence: item.index, found: item_found(item, corpus) }).collect()
}

fn item_found(item: &Evidence, corpus: &Corpus) -> Vec<(String, Range<usize>)> {
    if item.absent {
        return Vec::new();
    }
    let Ok(sources) = scope_sources(&item.scope, corpus) else { return Vec::new() };
    let finder = Finder::new(&item.matcher, item.ignore_case, corpus);
    let found: Vec<(String, Range<usize>)> = sources
        .iter()
        .filter_map(|source| finder.find(source).found.map(|range| (source.name.clone(), range)))
        .collect();
    if found.len() >= item.min_sources { found } else { Vec::new() }
}

/// Checks one item; on success returns the sentences that hold its matches (for grounding), only when
/// `want_sentences`: otherwise none, and the search stops as soon as the item holds.
///
/// With an index, an item that names no source is searched only in the sources the index cannot rule out,
/// and its closest passage through the word index: every source left out is one where the matcher cannot
/// hold, so the report is the one the search of every source gives.
fn check_item(
    item: &Evidence,
    corpus: &Corpus,
    index: Option<&CorpusIndex>,
    want_sentences: bool,
) -> Result<Vec<Passage>, Box<Failure>> {
    let fail = |check: Check, kind: FailureKind, closest: Option<Passage>| {
        Box::new(Failure {
            evidence: Some(item.index),
            location: item.location,
            check,
            expected: Some(item.matcher.describe()),
            quote: match &item.matcher {
                Matcher::Quote { normalized, .. } => Some(normalized.clone()),
                _ => None,
            },
            kind,
            closest,
        })
    };
    let indexed = match (index, &item.scope) {
        (Some(index), Scope::All) => {
            if let Some(kind) = index.all_sources_error(corpus) {
                return Err(fail(Check::Source, kind.clone(), None));
            }
            let requirement = Requirement::of(&item.matcher, item.ignore_case, corpus);
            index
                .candidates_for(corpus, &item.matcher, item.ignore_case, &requirement)
                .map(|ids| (index, requirement, ids))
        }
        _ => None,
    };
    // The sources searched: the scope, or (through the index) the candidates among every source, each read
    // when its turn comes (a claim checked alone reads only the candidates it searches).
    let sources = match &indexed {
        Some(_) => Vec::new(),
        None => scope_sources(&item.scope, corpus).map_err(|kind| fail(Check::Source, kind, None))?,
    };
    let searched: Box<dyn Iterator<Item = &Source>> = match &indexed {
        Some((index, _, ids)) => Box::new(index.sources(corpus, ids)),
        None => Box::new(sources.iter().copied()),
    };
    let all_sources = || scope_sources(&item.scope, corpus).unwrap_or_default();
    let finder = Finder::new(&item.matcher, item.ignore_case, corpus);
    // Sources after the one that decides the item are not searched: an absent item fails at its first match,
    // and one whose sentences are not wanted holds once it is found in `min_sources`.
    let mut matches: Vec<(&Source, SourceMatch)> = Vec::new();
    let mut found_count = 0;
    for source in searched {
        let found = finder.find(source);
        found_count += usize::from(found.found.is_some());
        matches.push((source, found));
        let decided = if item.absent { found_count > 0 } else { !want_sentences && found_count >= item.min_sources };
        if decided {
            break;
        }
    }
    let found: Vec<(&Source, std::ops::Range<usize>)> =
        matches.iter().filter_map(|(source, m)| m.found.clone().map(|range| (*source, range))).collect();

    if item.absent {
        return match found.first() {
            Some((source, range)) => {
                Err(fail(Check::Absent, FailureKind::Present, Some(Passage::at(source, range.clone(), 1.0))))
            }
            None => Ok(Vec::new()),
        };
    }
    // Only grounding reads the sentences, and only when the claim states a number: otherwise the sources the
    // item holds in are not split into sentences for it.
    if found.len() >= item.min_sources && !want_sentences {
        return Ok(Vec::new());
    }
    if found.len() >= item.min_sources {
        let sentences = found
            .iter()
            .flat_map(|(source, range)| {
                let sentences = source.sentences();
                source.sentences_overlapping(range.clone()).map(move |i| Passage::at(source, sentences.at(i), 1.0))
            })
            .collect();
        return Ok(sentences);
    }
    if !found.is_empty() {
        let found_in: Vec<String> = found.iter().map(|(source, _)| source.name.clone()).collect();
        // Through the index, every source was in scope (and could be read): their names are the corpus's.
        let scope: Vec<&str> = match &indexed {
            Some(_) => corpus.names().collect(),
            None => sources.iter().map(|source| source.name.as_str()).collect(),
        };
        let missing_in =
            scope.into_iter().filter(|name| !found_in.iter().any(|found| found == name)).map(str::to_owned).collect();
        return Err(fail(
            Check::MinSources,
            FailureKind::TooFewSources { required: item.min_sources, found_in, missing_in },
            None,
        ));
    }
    let check = Check::of(&item.matcher);
    if let Some((source, range)) =
        matches.iter().find_map(|(source, m)| m.excluded.clone().map(|range| (*source, range)))
    {
        let reason = source.excluded_overlapping(&range).map_or_else(String::new, |region| region.reason.clone());
        return Err(fail(check, FailureKind::OnlyExcluded { reason }, Some(Passage::at(source, range, 1.0))));
    }
    let scope = match &item.scope {
        Scope::All => None,
        Scope::Sources(names) => Some(names.clone()),
    };
    // Through the index, the sources a scan of every source finds nothing in are left out: the passage or
    // sentence found is the same. (The index made sure every source loads, so `all_sources` is every source.)
    let (closest, missing_terms) = match (&item.matcher, &indexed) {
        // Every source was scanned because the literal index has no key for this quote (an index made for other
        // claims: the language server checks claims as they are typed); the word index does not depend on the
        // claims, and gives the passage the scan of every source gives.
        (Matcher::Quote { normalized, .. }, None) if item.scope == Scope::All && index.is_some() => {
            (index.and_then(|index| index.closest_passage(corpus, normalized)), Vec::new())
        }
        (Matcher::Quote { normalized, .. }, None) => (closest::closest_passage(normalized, &sources), Vec::new()),
        (Matcher::Quote { normalized, .. }, Some((index, ..))) => {
            (index.closest_passage(corpus, normalized), Vec::new())
        }
        (Matcher::Terms { terms }, None) => closest_sentence_for_terms(terms, &finder, sources.iter().copied(), None),
        (Matcher::Terms { terms }, Some((index, requirement, _))) => {
            // The sentence with the most terms is among the sources holding at least that many of them. No
            // sentence holds them all (the item was not found), so try the sources with all but one first, and
            // so on down, until a sentence holding as many is found. Each level searched in vain proves that no
            // sentence holds more than the next level's count, so a level stops at its first sentence holding
            // that many: the one a search of every source keeps.
            let mut closest = None;
            for at_least in (1..terms.len().max(2)).rev().filter(|_| requirement.covers_every_term(terms)) {
                let Some(ids) = index.candidates_for_some(corpus, requirement, at_least) else { break };
                let (passage, missing) =
                    closest_sentence_for_terms(terms, &finder, index.sources(corpus, &ids), Some(at_least));
                if at_least == 1 || (passage.is_some() && terms.len() - missing.len() >= at_least) {
                    closest = Some((passage, missing));
                    break;
                }
            }
            closest.unwrap_or_else(|| closest_sentence_for_terms(terms, &finder, all_sources(), None))
        }
        (Matcher::Pattern { .. }, _) => (None, Vec::new()),
    };
    let elsewhere = match (&item.scope, &item.matcher) {
        (Scope::Sources(named), Matcher::Quote { normalized, .. }) => {
            // The other sources a search of every source would find the quote in, among its candidates.
            let requirement = Requirement::of(&item.matcher, item.ignore_case, corpus);
            let narrowed =
                |index: &CorpusIndex| index.quote_candidates(corpus, normalized, item.ignore_case, &requirement);
            // (By position in the corpus, the index's ids: no lookup by name for each candidate.)
            let candidates: Vec<usize> = match index.and_then(narrowed) {
                Some(ids) => ids.iter().map(|id| *id as usize).collect(),
                None => (0..corpus.names().len()).collect(),
            };
            candidates
                .into_iter()
                .filter_map(|id| Some((corpus.name_by_id(id)?, id)))
                .filter(|(name, _)| !named.iter().any(|n| n == name))
                .filter(|(_, id)| {
                    matches!(corpus.source_by_id(*id), Some(Ok(source)) if finder.find(source).found.is_some())
                })
                .map(|(name, _)| name.to_owned())
                .collect()
        }
        _ => Vec::new(),
    };
    Err(fail(check, FailureKind::NotFound { scope, elsewhere, missing_terms }, closest))
}

/// The sources a scope names (or every source), loaded; a failure names the source that does not exist (with
/// the nearest name) or cannot be read.
pub fn scope_sources<'c>(scope: &Scope, corpus: &'c Corpus) -> Result<Vec<&'c Source>, FailureKind> {
    let loaded = |name: &str, found: Option<Result<&'c Source, &'c Diagnostic>>| match found {
        Some(Ok(source)) => Ok(source),
        Some(Err(diagnostic)) => Err(FailureKind::UnreadableSource { diagnostic: diagnostic.clone() }),
        None => Err(FailureKind::UnknownSource { name: name.to_owned(), suggestion: source_suggestion(name, corpus) }),
    };
    match scope {
        // Every source, by position: no lookup by name.
        Scope::All => corpus.names().enumerate().map(|(id, name)| loaded(name, corpus.source_by_id(id))).collect(),
        Scope::Sources(names) => names.iter().map(|name| loaded(name, corpus.source(name))).collect(),
    }
}

/// The source a mistyped name most likely means: the one it names without its extension
/// (`002_dbdf83ece837fbd8` for `002_dbdf83ece837fbd8.txt`), or else one within three edits.
fn source_suggestion(name: &str, corpus: &Corpus) -> Option<String> {
    let without_extension = |candidate: &str| candidate.rsplit_once('.').map_or(candidate, |(stem, _)| stem).to_owned();
    corpus
        .names()
        .find(|candidate| without_extension(candidate) == name)
        .or_else(|| {
            corpus
                .names()
                .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
                .filter(|(distance, _)| *distance <= 3)
                .min_by_key(|(distance, _)| *distance)
                .map(|(_, candidate)| candidate)
        })
        .map(str::to_owned)
}

/// For `terms` that no sentence holds together: the sentence holding the most of them (the first, in the order
/// of `sources`, of those holding as many), and those it lacks. When no sentence can hold more than `most`
/// terms, the search stops at the first that holds that many.
fn closest_sentence_for_terms<'c>(
    terms: &[String],
    finder: &Finder<'_>,
    sources: impl IntoIterator<Item = &'c Source>,
    most: Option<usize>,
) -> (Option<Passage>, Vec<String>) {
    let Finder::Terms { terms: matchers } = finder else { return (None, Vec::new()) };
    let mut best: Option<(usize, &Source, std::ops::Range<usize>, Vec<String>)> = None;
    'sources: for source in sources {
        // For each term, which sentences hold it.
        let text = CaselessText::new(source.text());
        let holding: Vec<Vec<bool>> = matchers.iter().map(|matcher| matcher.sentences_holding(source, &text)).collect();
        for (at, sentence) in source.sentences().iter().enumerate() {
            if source.excluded_overlapping(&sentence).is_some() {
                continue;
            }
            let present = holding.iter().filter(|holds| holds[at]).count();
            if present > 0 && best.as_ref().is_none_or(|(count, ..)| present > *count) {
                let missing =
                    terms.iter().zip(&holding).filter(|(_, holds)| !holds[at]).map(|(term, _)| term.clone()).collect();
                best = Some((present, source, sentence.clone(), missing));
                if Some(present) == most {
                    break 'sources;
                }
            }
        }
    }
    match best {
        Some((present, source, range, missing)) => {
            let similarity = present as f64 / terms.len() as f64;
            (Some(Passage::at(source, range, similarity)), missing)
        }
        None => (None, terms.to_vec()),
    }
}

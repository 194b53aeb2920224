//! Reading assertion files: TOML in, validated [`AssertionFile`]s or every [`Diagnostic`] out.
//!
//! A malformed claim is a [`MalformedClaim`]: it keeps its test name and fails as its own test, with every one of
//! its problems located, while the other claims of its file run. Only what makes a file unreadable as a whole
//! (not TOML, not UTF-8, too large, a problem outside any claim) is a [`FileError`]; then every claim name that can
//! still be recovered from the text fails by that name, so that no filter naming one passes silently. Other files
//! are never affected.
//!
//! Everything the format's rules can decide without the corpus is checked here, so that a claim that reaches
//! [`crate::evidence`] is well formed: keys, types, ids, one matcher per item, regexes that compile within the
//! limits, the verdict's rules, source names that cannot escape the corpus root.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use toml::de::DeTable;

use super::{
    AssertionFile, Claim, Evidence, KeyLocation, MalformedClaim, Matcher, PatternRegex, Role, Scope, Status, Verdict,
};
use crate::corpus::normalize::normalize_fragment;
use crate::diagnostic::{AssertionRule, Diagnostic, Problem, ProblemKind};
use crate::files::{self, UnsafePath};
use crate::limits::Limits;
use crate::location::{LineColumn, LineIndex};
use crate::toml_input::{Spanned, TableReader, parse_document, suggest};

/// The result of loading one assertion file.
pub type LoadedFile = Result<AssertionFile, FileError>;

/// An assertion file that could not be loaded, with every problem found in it.
#[derive(Debug, Clone)]
pub struct FileError {
    /// The path relative to the assertions root.
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The test names its claims would have, as far as the file could be read: each fails with the file's
    /// problems, so that a filter naming one selects that failure instead of silently running nothing.
    pub claim_names: Vec<String>,
}

impl FileError {
    /// The names of the failing tests that stand for the file: its claims' names as far as they could be
    /// recovered, or else one test named after the file (its path without `.toml`).
    pub fn test_names(&self) -> Vec<String> {
        if self.claim_names.is_empty() { vec![test_stem(&self.file).to_owned()] } else { self.claim_names.clone() }
    }

    /// The error for a file whose name cannot be used ([`files::check_relative_name`]): named by its name made
    /// printable ([`Diagnostic::unsafe_name`]), which is never the name of a file that loads, and not read.
    pub fn unsafe_name(name: &str, reason: UnsafePath) -> FileError {
        let diagnostic = Diagnostic::unsafe_name(name, reason);
        FileError { file: diagnostic.file.clone(), diagnostics: vec![diagnostic], claim_names: Vec::new() }
    }
}

/// Every problem found in a file: the file's own when it could not be loaded, else its malformed claims'.
pub fn problems(file: &LoadedFile) -> Vec<&Diagnostic> {
    match file {
        Ok(file) => file.malformed.iter().flat_map(|claim| &claim.diagnostics).collect(),
        Err(error) => error.diagnostics.iter().collect(),
    }
}

/// The file's path without the `.toml` extension: the first half of its claims' test names.
pub fn test_stem(file: &str) -> &str {
    file.strip_suffix(".toml").unwrap_or(file)
}

pub(crate) const TOP_KEYS: &[&str] = &["claim"];
pub(crate) const CLAIM_KEYS: &[&str] =
    &["id", "claim", "verdict", "status", "tags", "note", "check_numbers", "rigor", "evidence"];
pub(crate) const EVIDENCE_KEYS: &[&str] =
    &["quote", "pattern", "terms", "source", "sources", "min_sources", "absent", "ignore_case", "role"];
pub(crate) const MATCHER_KEYS: &[&str] = &["quote", "pattern", "terms"];

/// Finds and loads every `*.toml` file below `root`, in path order.
///
/// Fails only when the root itself cannot be read; a file that cannot be read or parsed is an `Err` in the
/// list, next to the files that loaded. So is a file whose name could not be printed safely (a line break, a
/// terminal escape, a leading `::`): its name would become the start of test names in CI logs.
/// Files are parsed on up to `threads` threads: a suite of thousands of claims takes a noticeable time to read
/// on one.
pub fn load_root(root: &Path, limits: &Limits, threads: usize) -> io::Result<Vec<LoadedFile>> {
    let found = files::walk(root, &["toml"])?;
    Ok(crate::parallel::map(&found, threads, |file| match files::check_relative_name(&file.name) {
        Ok(()) => load_file(&file.name, &file.path, limits),
        Err(reason) => Err(FileError::unsafe_name(&file.name, reason)),
    }))
}

/// Loads the assertion file at `path`, named `name` (its path relative to the assertions root).
pub fn load_file(name: &str, path: &Path, limits: &Limits) -> LoadedFile {
    let text = files::read_text(path, limits.max_assertion_file_bytes).map_err(|error| FileError {
        file: name.to_owned(),
        diagnostics: vec![Diagnostic::unreadable(name, error)],
        claim_names: Vec::new(),
    })?;
    parse_file(name, &text, limits)
}

/// Parses the text of an assertion file named `name`.
pub fn parse_file(name: &str, text: &str, limits: &Limits) -> LoadedFile {
    let fail = |problems: Vec<Problem>, claim_names: Vec<String>| FileError {
        file: name.to_owned(),
        diagnostics: Diagnostic::locate(name, text, problems),
        claim_names,
    };
    let (table, span) =
        parse_document(text).map_err(|problems| fail(problems, recover_claim_names(test_stem(name), text)))?;
    let index = LineIndex::new(text);
    let mut problems = Vec::new();
    let mut top = TableReader::new(&table, span.clone(), "the assertion file", TOP_KEYS, &mut problems);
    let claim_tables = top.tables("claim");
    top.finish();
    if claim_tables.is_empty() && problems.is_empty() {
        problems.push(Problem { span: 0..0, kind: ProblemKind::Assertion(AssertionRule::NoClaims) });
    }
    let mut reader = ClaimReader { file: name, text, index: &index, limits, problems: Vec::new() };
    let mut read: Vec<ReadClaim> =
        claim_tables.into_iter().map(|(claim_table, claim_span)| reader.claim(claim_table, claim_span)).collect();
    let names = claim_names(test_stem(name), &mut read);
    // A problem outside every claim (an unknown top-level key) belongs to no claim: the file fails, by the
    // names of the claims it holds.
    if !problems.is_empty() {
        let mut names = names;
        names.dedup();
        return Err(fail(problems, names));
    }
    let mut claims = Vec::with_capacity(read.len());
    let mut malformed = Vec::new();
    for (read, test_name) in read.into_iter().zip(names) {
        match read.claim {
            Some(claim) if read.problems.is_empty() => claims.push(claim),
            _ => malformed.push(MalformedClaim {
                name: test_name,
                file: name.to_owned(),
                location: read.location,
                text: read.text.unwrap_or_default(),
                verdict: read.verdict,
                diagnostics: Diagnostic::locate(name, text, read.problems),
            }),
        }
    }
    let schema = text.lines().next().and_then(|line| line.strip_prefix("#:schema ")).map(|path| path.trim().to_owned());
    Ok(AssertionFile { file: name.to_owned(), claims, malformed, schema })
}

/// One `[[claim]]` table as read: the claim when it is well formed, and what names and reports it when not.
struct ReadClaim {
    /// Where its `[[claim]]` header is, as a byte offset and as a location.
    start: usize,
    location: LineColumn,
    /// Its id as written, when it is a string (valid or not).
    id: Option<String>,
    /// Its sentence, when it is a string.
    text: Option<String>,
    verdict: Verdict,
    problems: Vec<Problem>,
    /// `None` when a problem kept it from being built.
    claim: Option<Claim>,
}

/// The test name of each claim read, in order, and a problem for every claim whose id another claim of the
/// file uses too (each such claim fails, naming the other's line).
///
/// A claim with a valid id is `stem::id`; a later claim with the same id is `stem::id (line N)`, so that every
/// test has a name of its own; a claim without a valid id is `stem::(line N)`, which no valid id can be.
fn claim_names(stem: &str, read: &mut [ReadClaim]) -> Vec<String> {
    let mut lines_by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for claim in read.iter() {
        if let Some(id) = claim.id.as_deref().filter(|id| is_valid_id(id)) {
            lines_by_id.entry(id).or_default().push(claim.location.line);
        }
    }
    let mut duplicates: Vec<(usize, Problem)> = Vec::new();
    let names = read
        .iter()
        .enumerate()
        .map(|(at, claim)| {
            let line = claim.location.line;
            match claim.id.as_deref().and_then(|id| lines_by_id.get(id).map(|lines| (id, lines))) {
                Some((id, lines)) if lines.len() > 1 => {
                    let other_line = lines.iter().copied().find(|&other| other != line).unwrap_or(line);
                    let problem = AssertionRule::DuplicateId { id: id.to_owned(), other_line };
                    duplicates.push((at, rule(claim.start..claim.start, problem)));
                    if lines[0] == line { format!("{stem}::{id}") } else { format!("{stem}::{id} (line {line})") }
                }
                Some((id, _)) => format!("{stem}::{id}"),
                None => format!("{stem}::(line {line})"),
            }
        })
        .collect();
    for (at, problem) in duplicates {
        read[at].problems.push(problem);
    }
    names
}

/// The test names of the claims in a text that is not valid TOML, as far as they can be seen line by line: the
/// valid `id = "..."` of each `[[claim]]` table. So that a filter naming one of them selects the file's failure.
fn recover_claim_names(stem: &str, text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut in_claim = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_claim = line.strip_prefix("[[").and_then(|rest| rest.strip_suffix("]]")).map(str::trim) == Some("claim");
            continue;
        }
        let Some(value) = line.strip_prefix("id").map(str::trim_start).and_then(|rest| rest.strip_prefix('=')) else {
            continue;
        };
        let value = value.trim();
        let id = value.strip_prefix('"').and_then(|rest| rest.split_once('"')).map(|(id, _)| id);
        if let Some(id) = id.filter(|id| in_claim && is_valid_id(id)) {
            let name = format!("{stem}::{id}");
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The regex crate's error on one line: its parse errors span several (the pattern, a caret, the reason), which
/// reads badly in a one-line diagnostic. `regex parse error: ... error: unclosed group` becomes
/// `unclosed group (at character 1)`.
pub(crate) fn one_line_regex_error(error: &regex::Error) -> String {
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let reason = lines.iter().rev().find_map(|line| line.trim().strip_prefix("error: "));
    let caret = lines.iter().find(|line| line.trim_start().starts_with('^')).map(|line| {
        // The caret line is indented like the pattern line above it (4 spaces).
        line.find('^').map_or(0, |at| at.saturating_sub(4))
    });
    match (reason, caret) {
        (Some(reason), Some(at)) => format!("{reason} (at character {})", at + 1),
        (Some(reason), None) => reason.to_owned(),
        _ => lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join(" "),
    }
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

struct ClaimReader<'a> {
    file: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    limits: &'a Limits,
    /// The problems of the claim being read.
    problems: Vec<Problem>,
}

fn rule(span: std::ops::Range<usize>, rule: AssertionRule) -> Problem {
    Problem { span, kind: ProblemKind::Assertion(rule) }
}

impl ClaimReader<'_> {
    fn claim(&mut self, table: &DeTable<'_>, span: std::ops::Range<usize>) -> ReadClaim {
        let location = self.index.locate(self.text, span.start);
        let mut reader = TableReader::new(table, span.clone(), "claim", CLAIM_KEYS, &mut self.problems);
        let id = reader.required_string("id", "id = \"leaders-met-nearly-three-hours\"");
        let text = reader.required_string("claim", "claim = \"Trump and Putin met for nearly three hours.\"");
        let verdict = reader.string("verdict");
        let status = reader.string("status");
        let tags = reader.strings("tags");
        let note = reader.string("note");
        let check_numbers = reader.bool("check_numbers");
        let rigor = reader.strings("rigor");
        let evidence_tables = reader.tables("evidence");
        let evidence_span = reader.span_of("evidence");
        reader.finish();

        if let Some(id) = &id
            && !is_valid_id(&id.value)
        {
            self.problems.push(rule(id.span.clone(), AssertionRule::InvalidId { id: id.value.clone() }));
        }
        if let Some(text) = &text
            && text.value.trim().is_empty()
        {
            self.problems.push(rule(text.span.clone(), AssertionRule::EmptyClaim));
        }
        let verdict = self.name(verdict, "verdict", Verdict::NAMES, Verdict::parse).unwrap_or(Verdict::Supported);
        let status = self
            .name(status, "status", Status::NAMES, |name| match name {
                "active" => Some(Status::Active),
                "pending" => Some(Status::Pending),
                _ => None,
            })
            .unwrap_or(Status::Active);

        let rigor: Vec<String> = rigor
            .map(|names| names.value)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|name| {
                self.name(Some(name), "rigor check", crate::rigor::Code::NAMES, crate::rigor::Code::parse)
            })
            .map(|code| code.as_str().to_owned())
            .collect();
        if evidence_tables.is_empty() {
            self.problems.push(rule(evidence_span.clone(), AssertionRule::NoEvidence));
        } else if evidence_tables.len() > self.limits.max_evidence_per_claim {
            let count = evidence_tables.len();
            let limit = self.limits.max_evidence_per_claim;
            self.problems.push(rule(evidence_span.clone(), AssertionRule::TooManyEvidence { count, limit }));
        }
        let mut evidence: Vec<Evidence> = Vec::with_capacity(evidence_tables.len());
        let mut roles: Vec<Option<Role>> = Vec::with_capacity(evidence_tables.len());
        for (i, (table, span)) in evidence_tables.into_iter().take(self.limits.max_evidence_per_claim).enumerate() {
            let (item, role) = self.evidence(i + 1, table, span, verdict);
            evidence.extend(item);
            roles.push(role);
        }
        // Judged on the roles as written, whatever else is wrong with the items; an item without a role is
        // reported on its own, and could be the missing side.
        if verdict == Verdict::Disputed && !roles.is_empty() && roles.iter().all(Option::is_some) {
            for missing in [Role::Supports, Role::Refutes] {
                if !roles.contains(&Some(missing)) {
                    self.problems.push(rule(span.start..span.start, AssertionRule::DisputedNeedsBothRoles { missing }));
                }
            }
        }

        let problems = std::mem::take(&mut self.problems);
        let claim = match (&id, &text) {
            (Some(id), Some(text)) if problems.is_empty() => Some(Claim {
                name: format!("{}::{}", test_stem(self.file), id.value),
                id: id.value.clone(),
                file: self.file.to_owned(),
                location,
                text: text.value.trim().to_owned(),
                verdict,
                status,
                tags: tags.map(|tags| tags.value.into_iter().map(|tag| tag.value).collect()).unwrap_or_default(),
                note: note.map(|note| note.value),
                check_numbers: check_numbers.is_none_or(|flag| flag.value),
                rigor,
                evidence,
            }),
            _ => None,
        };
        ReadClaim {
            start: span.start,
            location,
            id: id.map(|id| id.value),
            text: text.map(|text| text.value.trim().to_owned()),
            verdict,
            problems,
            claim,
        }
    }

    /// Parses one of a fixed set of names (`verdict`, `status`, `role`), reporting an unknown one.
    fn name<T>(
        &mut self,
        value: Option<Spanned<String>>,
        key: &'static str,
        names: &'static [&'static str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let value = value?;
        let parsed = parse(&value.value);
        if parsed.is_none() {
            let suggestion = suggest(&value.value.to_lowercase(), names);
            let problem = AssertionRule::UnknownName { key, value: value.value.clone(), suggestion, names };
            self.problems.push(rule(value.span.clone(), problem));
        }
        parsed
    }

    fn evidence(
        &mut self,
        index: usize,
        table: &DeTable<'_>,
        span: std::ops::Range<usize>,
        verdict: Verdict,
    ) -> (Option<Evidence>, Option<Role>) {
        let problems_before = self.problems.len();
        let mut reader = TableReader::new(table, span.clone(), "evidence item", EVIDENCE_KEYS, &mut self.problems);
        let quote = reader.string("quote");
        let pattern = reader.string("pattern");
        let terms = reader.strings("terms");
        let source = reader.string("source");
        let sources = reader.strings("sources");
        let min_sources = reader.count("min_sources");
        let absent = reader.bool("absent").is_some_and(|flag| flag.value);
        let ignore_case = reader.bool("ignore_case");
        let role = reader.string("role");
        let matcher_keys: Vec<&'static str> = MATCHER_KEYS.iter().copied().filter(|key| reader.has(key)).collect();
        let sources_span = reader.span_of("sources");
        let ignore_case_span = reader.span_of("ignore_case");
        reader.finish();

        let matcher = match matcher_keys.len() {
            0 => {
                self.problems.push(rule(span.start..span.start, AssertionRule::NoMatcher));
                None
            }
            1 => self.matcher(quote, pattern, terms, ignore_case.as_ref().is_some_and(|flag| flag.value)),
            _ => {
                self.problems.push(rule(span.start..span.start, AssertionRule::SeveralMatchers { keys: matcher_keys }));
                None
            }
        };
        if let (Some(Matcher::Terms { .. }), Some(_)) = (&matcher, &ignore_case) {
            self.problems.push(rule(ignore_case_span, AssertionRule::TermsIgnoreCase));
        }

        let scope = match (source, sources) {
            (Some(source), Some(_)) => {
                self.problems.push(rule(source.span, AssertionRule::SourceAndSources));
                Scope::All
            }
            (Some(source), None) => {
                self.check_source_name(&source);
                Scope::Sources(vec![source.value])
            }
            (None, Some(sources)) => {
                if sources.value.is_empty() {
                    self.problems.push(rule(sources_span, AssertionRule::EmptySources));
                }
                let mut names: Vec<String> = Vec::with_capacity(sources.value.len());
                for source in sources.value {
                    self.check_source_name(&source);
                    if names.contains(&source.value) {
                        self.problems.push(rule(source.span, AssertionRule::DuplicateSource { name: source.value }));
                    } else {
                        names.push(source.value);
                    }
                }
                Scope::Sources(names)
            }
            (None, None) => Scope::All,
        };

        let min = match min_sources {
            Some(min) if min.value == 0 => {
                self.problems.push(rule(min.span, AssertionRule::MinSourcesZero));
                1
            }
            Some(min) if absent => {
                self.problems.push(rule(min.span, AssertionRule::MinSourcesWithAbsent));
                1
            }
            Some(min) => {
                if let Scope::Sources(names) = &scope
                    && min.value > names.len() as u64
                {
                    let problem = AssertionRule::MinSourcesAboveScope { min: min.value, scope: names.len() };
                    self.problems.push(rule(min.span.clone(), problem));
                }
                usize::try_from(min.value).unwrap_or(usize::MAX)
            }
            None => 1,
        };

        let role_span = role.as_ref().map(|role| role.span.clone());
        let role = self.name(role, "role", Role::NAMES, |name| match name {
            "supports" => Some(Role::Supports),
            "refutes" => Some(Role::Refutes),
            _ => None,
        });
        let written_role = role;
        let role = match (verdict, role) {
            (Verdict::Disputed, None) if role_span.is_none() => {
                self.problems.push(rule(span.start..span.start, AssertionRule::DisputedNeedsRole));
                None
            }
            (Verdict::Disputed, role) => role,
            (verdict, Some(role)) if Some(role) != verdict.default_role() => {
                let at = role_span.unwrap_or(span.clone());
                self.problems.push(rule(at, AssertionRule::RoleAgainstVerdict { role, verdict }));
                None
            }
            (verdict, role) => role.or(verdict.default_role()),
        };
        if verdict == Verdict::Unverifiable && !absent {
            self.problems.push(rule(span.start..span.start, AssertionRule::UnverifiableNeedsAbsent));
        }

        if self.problems.len() > problems_before {
            return (None, written_role);
        }
        let keys = table
            .iter()
            .filter_map(|(key, _)| KeyLocation::new(key.get_ref(), self.index.locate(self.text, key.span().start)))
            .collect();
        let item = matcher.zip(role).map(|(matcher, role)| Evidence {
            index,
            location: self.index.locate(self.text, span.start),
            keys,
            matcher,
            scope,
            min_sources: min,
            absent,
            ignore_case: ignore_case.is_some_and(|flag| flag.value),
            role,
        });
        (item, written_role)
    }

    fn matcher(
        &mut self,
        quote: Option<Spanned<String>>,
        pattern: Option<Spanned<String>>,
        terms: Option<Spanned<Vec<Spanned<String>>>>,
        ignore_case: bool,
    ) -> Option<Matcher> {
        let limit = self.limits.max_quote_chars;
        if let Some(quote) = quote {
            let normalized = normalize_fragment(&quote.value);
            let chars = normalized.chars().count();
            if normalized.is_empty() {
                self.problems.push(rule(quote.span, AssertionRule::EmptyQuote));
                return None;
            }
            if chars > limit {
                self.problems.push(rule(quote.span, AssertionRule::QuoteTooLong { chars, limit }));
                return None;
            }
            return Some(Matcher::Quote { text: quote.value, normalized });
        }
        if let Some(pattern) = pattern {
            let chars = pattern.value.chars().count();
            if chars > limit {
                self.problems.push(rule(pattern.span, AssertionRule::QuoteTooLong { chars, limit }));
                return None;
            }
            return match PatternRegex::new(&pattern.value, ignore_case, self.limits) {
                Ok(regex) => Some(Matcher::Pattern { text: pattern.value, regex }),
                Err(error) => {
                    let error = one_line_regex_error(&error);
                    self.problems.push(rule(pattern.span, AssertionRule::BadPattern { error }));
                    None
                }
            };
        }
        let terms = terms?;
        let count = terms.value.len();
        if count > self.limits.max_terms {
            self.problems.push(rule(terms.span, AssertionRule::TooManyTerms { count, limit: self.limits.max_terms }));
            return None;
        }
        let mut normalized = Vec::with_capacity(count);
        for term in &terms.value {
            let text = normalize_fragment(&term.value);
            let chars = text.chars().count();
            if chars > limit {
                self.problems.push(rule(term.span.clone(), AssertionRule::QuoteTooLong { chars, limit }));
                return None;
            }
            if text.is_empty() {
                self.problems.push(rule(term.span.clone(), AssertionRule::EmptyTerms));
                return None;
            }
            normalized.push(text);
        }
        if normalized.is_empty() {
            self.problems.push(rule(terms.span, AssertionRule::EmptyTerms));
            return None;
        }
        Some(Matcher::Terms { terms: normalized })
    }

    fn check_source_name(&mut self, source: &Spanned<String>) {
        if let Err(reason) = files::check_relative_name(&source.value) {
            let problem = AssertionRule::UnsafeSource { name: source.value.clone(), reason };
            self.problems.push(rule(source.span.clone(), problem));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> LoadedFile {
        parse_file("topic/test.toml", text, &Limits::default())
    }

    /// The problems of a file that must have some, as `line:column: message`: the file's, or else those of its
    /// malformed claims, in order.
    fn errors(text: &str) -> Vec<String> {
        let diagnostics = match load(text) {
            Ok(file) if file.malformed.is_empty() => panic!("expected errors, loaded {} claims", file.claims.len()),
            Ok(file) => file.malformed.into_iter().flat_map(|claim| claim.diagnostics).collect(),
            Err(error) => error.diagnostics,
        };
        diagnostics.iter().map(|d| format!("{}: {}", d.location, d.kind)).collect()
    }

    const GOOD: &str = r#"
[[claim]]
id = "leaders-met"
claim = "Trump and Putin met for nearly three hours."
tags = ["alaska"]

[[claim.evidence]]
source = "000_fbb003d94346f9a6.txt"
quote = "The two leaders met for “nearly three hours”"

[[claim]]
id = "disputed-call"
claim = "Trump called Putin during the talks."
verdict = "disputed"
status = "pending"

[[claim.evidence]]
pattern = "stepped away to call"
ignore_case = true
role = "supports"

[[claim.evidence]]
sources = ["a.txt", "b/c.md"]
terms = ["conclusion", "called"]
min_sources = 2
role = "refutes"
"#;

    #[test]
    fn a_valid_file_loads_with_names_locations_and_defaults() {
        let file = load(GOOD).unwrap();
        assert_eq!(file.claims.len(), 2);
        let first = &file.claims[0];
        assert_eq!(first.name, "topic/test::leaders-met");
        assert_eq!((first.location.line, first.location.column), (2, 1));
        assert_eq!(first.verdict, Verdict::Supported);
        assert_eq!(first.status, Status::Active);
        assert!(first.needs_grounding());
        assert_eq!(first.evidence[0].location.line, 7);
        assert_eq!(first.evidence[0].key_location("quote").map(|l| (l.line, l.column)), Some((9, 1)));
        assert_eq!(first.evidence[0].key_location("pattern"), None);
        assert_eq!(first.evidence[0].role, Role::Supports);
        match &first.evidence[0].matcher {
            Matcher::Quote { normalized, .. } => {
                assert_eq!(normalized, "The two leaders met for \"nearly three hours\"")
            }
            other => panic!("{other:?}"),
        }
        let second = &file.claims[1];
        assert_eq!(second.status, Status::Pending);
        assert_eq!(second.evidence[1].scope, Scope::Sources(vec!["a.txt".into(), "b/c.md".into()]));
        assert_eq!(second.evidence[1].min_sources, 2);
        assert_eq!(second.evidence[1].role, Role::Refutes);
        assert!(second.evidence[0].ignore_case);
    }

    #[test]
    fn unknown_keys_get_a_suggestion_at_their_position() {
        let text = "[[claim]]\nid = \"x\"\nclaim = \"y\"\n\n[[claim.evidence]]\nqoute = \"z\"\n";
        assert_eq!(
            errors(text),
            [
                "6:1: unknown key `qoute` in evidence item, did you mean `quote`?",
                "5:1: the evidence item has no matcher; add one of `quote = \"...\"`, `pattern = \"...\"` or `terms = [...]`"
            ]
            .map(String::from)
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let text = r#"
[[claim]]
id = "Bad Id"
claim = ""
verdict = "suported"
colour = "red"

[[claim.evidence]]
quote = "a"
pattern = "b"

[[claim]]
id = "two"
claim = "x"
check_numbers = "no"

[[claim.evidence]]
source = "../outside.txt"
pattern = "(unclosed"
min_sources = 0
"#;
        let errors = errors(text);
        let expected = [
            "3:6: invalid id `Bad Id`: an id is lowercase letters, digits and `-`, starting with a letter or digit, such as `bad-id`",
            "4:9: `claim` is empty",
            "5:11: unknown verdict `suported`, did you mean `supported`?",
            "6:1: unknown key `colour` in claim; the keys are",
            "8:1: the evidence item has `quote` and `pattern`",
            "15:17: `check_numbers` must be true or false, found a string",
            "18:10: `../outside.txt` cannot name a source: `..` leaves the corpus root",
            "19:11: the pattern is not a valid regular expression",
            "20:15: `min_sources` must be at least 1",
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for (error, expected) in errors.iter().zip(expected) {
            assert!(error.starts_with(expected), "{error:?} should start with {expected:?}");
        }
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let errors = errors("[[claim]]\nid = \"x\"\nclaim = \"unterminated\n");
        assert!(errors[0].starts_with("3:"), "{errors:?}");
        assert!(errors[0].contains("invalid TOML"), "{errors:?}");
    }

    #[test]
    fn verdict_rules_are_enforced() {
        let claim = |verdict: &str, items: &str| {
            format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\nverdict = \"{verdict}\"\n{items}")
        };
        let quote = |extra: &str| format!("[[claim.evidence]]\nquote = \"q\"\n{extra}\n");
        let disputed_one_side = claim("disputed", &quote("role = \"supports\""));
        assert!(errors(&disputed_one_side)[0].contains("none has `role = \"refutes\"`"));
        let disputed_no_role = claim("disputed", &(quote("role = \"supports\"") + &quote("")));
        assert!(errors(&disputed_no_role)[0].contains("needs `role = \"supports\"` or `role = \"refutes\"`"));
        let refuted_supports = claim("refuted", &quote("role = \"supports\""));
        assert!(errors(&refuted_supports)[0].contains("contradicts the claim's verdict `refuted`"));
        let unverifiable_present = claim("unverifiable", &quote(""));
        assert!(errors(&unverifiable_present)[0].contains("may only have `absent = true` items"));
        let unverifiable = claim("unverifiable", &quote("absent = true"));
        assert!(load(&unverifiable).is_ok());
        let disputed = claim("disputed", &(quote("role = \"supports\"") + &quote("role = \"refutes\"")));
        assert!(load(&disputed).is_ok());
    }

    #[test]
    fn duplicate_ids_fail_both_claims_each_naming_the_other() {
        let text = "[[claim]]\nid = \"x\"\nclaim = \"a\"\n[[claim.evidence]]\nquote = \"q\"\n\
                    [[claim]]\nid = \"x\"\nclaim = \"b\"\n[[claim.evidence]]\nquote = \"q\"\n";
        assert_eq!(
            errors(text),
            [
                "1:1: the id `x` is also used by the claim on line 6; give each claim of a file its own id",
                "6:1: the id `x` is also used by the claim on line 1; give each claim of a file its own id"
            ]
        );
        // Each is a test of its own name.
        let names: Vec<String> = load(text).unwrap().malformed.into_iter().map(|claim| claim.name).collect();
        assert_eq!(names, ["topic/test::x", "topic/test::x (line 6)"]);
    }

    #[test]
    fn a_malformed_claim_fails_alone_and_keeps_its_name() {
        let text = "[[claim]]\nid = \"good\"\nclaim = \"a\"\n[[claim.evidence]]\nquote = \"q\"\n\
                    [[claim]]\nid = \"typo\"\nclaim = \"b\"\nverdict = \"refuted\"\n[[claim.evidence]]\nqoute = \"q\"\n\
                    [[claim]]\nclaim = \"no id\"\n[[claim.evidence]]\nquote = \"q\"\n";
        let file = load(text).unwrap();
        assert_eq!(file.claims.iter().map(|claim| claim.name.as_str()).collect::<Vec<_>>(), ["topic/test::good"]);
        let bad: Vec<(&str, usize, &str, Verdict)> = file
            .malformed
            .iter()
            .map(|claim| (claim.name.as_str(), claim.location.line, claim.text.as_str(), claim.verdict))
            .collect();
        assert_eq!(
            bad,
            [
                ("topic/test::typo", 6, "b", Verdict::Refuted),
                ("topic/test::(line 12)", 12, "no id", Verdict::Supported)
            ]
        );
        let typo = file.malformed[0].diagnostics.iter().find(|d| d.to_string().contains("did you mean `quote`?"));
        assert_eq!(typo.map(|d| d.location.line), Some(11), "{:?}", file.malformed[0].diagnostics);
    }

    #[test]
    fn a_file_that_is_not_toml_fails_by_the_names_still_legible() {
        let text = "[[claim]]\nid = \"first\"\nclaim = \"a\"\n[[claim.evidence]]\nquote = \"q\"\n\
                    [[claim]]\nid = \"second\"\nclaim = \"unterminated\n\
                    [[claim]]\nid = 'Not Valid'\n[[claim.evidence]]\nid = \"evidence-has-no-id\"\n";
        let error = load(text).unwrap_err();
        assert_eq!(error.test_names(), ["topic/test::first", "topic/test::second"]);
        let unreadable = parse_file("other.toml", "not toml at all", &Limits::default()).unwrap_err();
        assert_eq!(unreadable.test_names(), ["other"]);
    }

    #[test]
    fn a_problem_outside_every_claim_fails_the_file_by_its_claims_names() {
        let text = "titel = \"x\"\n[[claim]]\nid = \"a\"\nclaim = \"a\"\n[[claim.evidence]]\nquote = \"q\"\n";
        let error = load(text).unwrap_err();
        assert_eq!(error.test_names(), ["topic/test::a"]);
        assert!(error.diagnostics[0].to_string().contains("unknown key `titel`"), "{:?}", error.diagnostics);
    }

    #[test]
    fn scope_and_corroboration_rules() {
        let item =
            |body: &str| format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\nquote = \"q\"\n{body}\n");
        assert!(errors(&item("source = \"a.txt\"\nsources = [\"b.txt\"]"))[0].contains("both `source` and `sources`"));
        assert!(errors(&item("sources = []"))[0].contains("`sources` is empty"));
        assert!(errors(&item("sources = [\"a.txt\", \"a.txt\"]"))[0].contains("listed twice"));
        assert!(errors(&item("sources = [\"a.txt\"]\nmin_sources = 2"))[0].contains("can never hold"));
        assert!(errors(&item("absent = true\nmin_sources = 2"))[0].contains("does not apply to an `absent` item"));
        assert!(errors(&item("source = \"/etc/passwd\""))[0].contains("absolute path"));
        assert!(errors(&item("source = 'a\\b.txt'"))[0].contains("not `\\`"));
    }

    #[test]
    fn limits_apply() {
        let long = "word ".repeat(1000);
        let text = format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\nquote = \"{long}\"\n");
        assert!(errors(&text)[0].contains("more than the limit of 2000"));
        let nested = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        let text = format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\npattern = \"{nested}\"\n");
        assert!(errors(&text)[0].contains("not a valid regular expression"));
        let huge = "(a{1000}){1000}";
        let text = format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n[[claim.evidence]]\npattern = \"{huge}\"\n");
        assert!(errors(&text)[0].contains("not a valid regular expression"));
    }

    #[test]
    fn a_file_without_claims_says_how_to_start() {
        assert!(errors("# nothing yet\n")[0].contains("start one with `[[claim]]`"));
        assert!(errors("claim = 3\n")[0].contains("`claim` must be an array of tables"));
    }
}

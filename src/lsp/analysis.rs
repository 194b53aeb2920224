//! What the language server says about an assertion file: its problems, what a quote matches, what can be
//! typed at the cursor, and the fixes it offers. Computed from the library's own types, at byte offsets of
//! the document; [`super::server`] turns them into LSP messages (lines and UTF-16 columns).
//!
//! Every judgement is the library's: the loader's errors ([`crate::assertion::load`]), the check's failures
//! with their closest passage ([`crate::evidence`], rendered by [`crate::report::human::failure_details`]),
//! the lint's warnings ([`crate::lint`]), `find`'s occurrences ([`crate::find`]), `review`'s verdict on replacing
//! a misquote ([`crate::review::accept`]). This module only places them in the document and words them for an
//! editor.

use std::ops::Range;
use std::path::PathBuf;

use crate::assertion::load::{self, CLAIM_KEYS, EVIDENCE_KEYS, FileError, LoadedFile};
use crate::assertion::write::toml_string;
use crate::assertion::{Claim, Evidence, Role, Scope, Status, Verdict};
use crate::corpus::{Corpus, config};
use crate::diagnostic::{Diagnostic, ProblemKind};
use crate::evidence::matching::Finder;
use crate::evidence::{Check, Failure, FailureKind, scope_sources};
use crate::find::{self, Occurrence};
use crate::limits::Limits;
use crate::lint::{Root, lint};
use crate::location::{LineColumn, LineIndex};
use crate::report::Paths;
use crate::report::diff::WordDiff;
use crate::report::human::failure_details;
use crate::report::style::Style;
use crate::review;
use crate::schema::{Schema, directive};

use super::document::{ClaimOutline, CursorContext, ItemOutline, Outline, Table, Value, contains, cursor_context};
use super::workspace::Workspace;

/// How many occurrences a hover lists before it only counts the rest.
const SHOWN_OCCURRENCES: usize = 5;
/// How many source names a completion offers at most (a corpus may have tens of thousands).
const MAX_NAME_COMPLETIONS: usize = 500;

/// How serious a note is, as `check` and `lint` rank it: a load error or a failing claim is an error, a lint
/// finding a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem at a range of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub range: Range<usize>,
    pub severity: Severity,
    /// The failed check (`quote`, `grounding`) or the lint code (`short-evidence`); none for load errors.
    pub code: Option<String>,
    pub message: String,
}

/// A replacement of a range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A fix offered at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether it is the fix for a problem (a quick fix), rather than a change of another kind.
    pub quick_fix: bool,
}

/// What a completion is, for the editor's icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Header,
    Value,
    Source,
    Tag,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub edit: Edit,
}

/// Every occurrence of a matcher, and when none is evidence, the failure the check reports for it.
type Matches = (Vec<Occurrence>, Option<Failure>);

/// One assertion file being edited, read once for every question asked of it.
pub struct Analysis<'w> {
    workspace: &'w Workspace,
    /// Its path relative to the assertions root.
    name: &'w str,
    text: &'w str,
    lines: LineIndex,
    outline: Outline,
    loaded: LoadedFile,
}

impl<'w> Analysis<'w> {
    /// Reads `text`, the document `name` (relative to the assertions root), with the workspace's limits.
    pub fn new(workspace: &'w Workspace, name: &'w str, text: &'w str) -> Analysis<'w> {
        // Untrusted input: a document larger than an assertion file may be is not parsed at all.
        let limit = workspace.limits().max_assertion_file_bytes;
        if text.len() as u64 > limit {
            let kind = ProblemKind::TooLarge { bytes: text.len() as u64, limit };
            let diagnostic = Diagnostic { file: name.to_owned(), location: LineColumn { line: 1, column: 1 }, kind };
            let error = FileError { file: name.to_owned(), diagnostics: vec![diagnostic], claim_names: Vec::new() };
            return Analysis {
                workspace,
                name,
                text,
                lines: LineIndex::new(text),
                outline: Outline::default(),
                loaded: Err(error),
            };
        }
        Analysis {
            workspace,
            name,
            text,
            lines: LineIndex::new(text),
            outline: Outline::new(text),
            loaded: load::parse_file(name, text, workspace.limits()),
        }
    }

    /// Every problem of the document: load errors, failing claims, lint warnings, and why the evidence cannot
    /// be checked when the corpus cannot be opened.
    pub fn notes(&self) -> Vec<Note> {
        let mut notes = Vec::new();
        // The file's problems when it cannot be read, else those of its malformed claims; its other claims run.
        notes.extend(located_notes(self.text, load::problems(&self.loaded)));
        if let Ok(file) = &self.loaded {
            let claims: Vec<&Claim> = file.claims.iter().collect();
            for (claim, report) in claims.iter().zip(self.workspace.check(&claims)) {
                notes.extend(report.failures.iter().map(|failure| self.failure_note(claim, failure)));
            }
        }
        if let Some(error) = self.workspace.corpus_error() {
            notes.push(Note {
                range: 0..0,
                severity: Severity::Warning,
                code: Some("corpus".to_owned()),
                message: format!("the evidence is not checked: {error}"),
            });
        }
        notes.extend(self.lint_notes());
        notes
    }

    /// A failure, under the item that failed (or the claim's sentence, for grounding): its message, then the
    /// closest passage and the diff, as `factcheck check` prints them.
    fn failure_note(&self, claim: &Claim, failure: &Failure) -> Note {
        let claim_outline = self.claim_outline(claim);
        let range = match (failure.evidence, claim_outline) {
            (Some(_), Some(outline)) => {
                outline.items.iter().find(|item| item.location == failure.location).map(|item| item.span.clone())
            }
            (None, Some(outline)) => {
                outline.keys.iter().find(|entry| entry.key == "claim").map(|entry| entry.value_span.clone())
            }
            (_, None) => None,
        }
        .unwrap_or_else(|| token_at(self.text, &self.lines, failure.location));
        let details = failure_details(failure, self.paths(), Style::PLAIN);
        let title = match failure.evidence {
            Some(index) => format!("claim `{}`, evidence #{index} ({}) failed", claim.id, failure.check.as_str()),
            None => format!("claim `{}`: {} failed", claim.id, failure.check.as_str()),
        };
        let body: Vec<&str> = details.lines().map(str::trim_start).collect();
        Note {
            range,
            severity: Severity::Error,
            code: Some(failure.check.as_str().to_owned()),
            message: format!("{title}: {}", body.join("\n")),
        }
    }

    /// The lint's warnings about this document, judged with the other assertion files of the suite (for
    /// claims written twice).
    fn lint_notes(&self) -> Vec<Note> {
        let Ok(this) = &self.loaded else { return Vec::new() };
        // Linted with only the claims of the suite that these can duplicate (the first with each text or
        // evidence), in path order as `factcheck lint` reads them: the same findings for this file as a lint of
        // the whole suite, in the time of a few claims.
        let mut files: Vec<LoadedFile> = self
            .workspace
            .first_holders_of(&this.claims)
            .into_iter()
            .filter(|file| file_name(file) != self.name)
            .collect();
        let at = files.partition_point(|file| file_name(file) < self.name);
        files.insert(at, Ok(this.clone()));
        // Without the corpus: the rigor checks ([`crate::rigor`]) are left to `factcheck lint`, since deciding
        // whether a word is common scans the whole corpus once per word, minutes a keystroke at 100 MB.
        let findings = lint(&files, None).findings;
        findings
            .into_iter()
            .filter(|finding| finding.root == Root::Assertions && finding.file == self.name)
            .map(|finding| Note {
                range: token_at(self.text, &self.lines, finding.location),
                severity: Severity::Warning,
                code: Some(finding.warning.code().to_owned()),
                message: finding.warning.to_string(),
            })
            .collect()
    }

    fn paths(&self) -> &Paths {
        &self.workspace.paths
    }

    fn claim_outline(&self, claim: &Claim) -> Option<&ClaimOutline> {
        self.outline.claims.iter().find(|outline| outline.location == claim.location)
    }

    /// The loaded claim and evidence item written in `item` of `claim` (when the file loads).
    fn loaded_item(&self, claim: &ClaimOutline, item: &ItemOutline) -> Option<(&Claim, &Evidence)> {
        let file = self.loaded.as_ref().ok()?;
        let loaded = file.claims.iter().find(|loaded| loaded.location == claim.location)?;
        Some((loaded, loaded.evidence.iter().find(|evidence| evidence.location == item.location)?))
    }

    /// The matcher value (`quote`, `pattern`, `terms`) under the cursor, with its claim and item.
    fn matcher_at(&self, offset: usize) -> Option<(&ClaimOutline, &ItemOutline, &'static str)> {
        let (claim, item) = self.outline.at(offset)?;
        let item = item?;
        let key = ["quote", "pattern", "terms"]
            .into_iter()
            .find(|key| item.get(key).is_some_and(|entry| contains(&entry.value_span, offset)))?;
        Some((claim, item, key))
    }

    /// Where the matcher under the cursor holds: every occurrence, or why it cannot be searched.
    fn occurrences_at(&self, offset: usize) -> Option<Result<Matches, String>> {
        let (claim, item, key) = self.matcher_at(offset)?;
        let corpus = match self.workspace.corpus() {
            Ok(corpus) => corpus,
            Err(error) => return Some(Err(format!("the corpus cannot be opened: {error}"))),
        };
        Some(match self.loaded_item(claim, item) {
            Some((loaded, evidence)) => {
                let sources = match scope_sources(&evidence.scope, corpus) {
                    Ok(sources) => sources,
                    Err(kind) => return Some(Err(kind.to_string())),
                };
                let finder = Finder::new(&evidence.matcher, evidence.ignore_case, corpus);
                let found = find::occurrences(&finder, &sources);
                let failure = if found.iter().any(|occurrence| occurrence.excluded.is_none()) {
                    None
                } else {
                    // Not found: the check's own report says why, with its closest passage.
                    let report = self.workspace.check(&[loaded]).pop();
                    report.and_then(|report| {
                        report.failures.into_iter().find(|failure| failure.evidence == Some(evidence.index))
                    })
                };
                Ok((found, failure))
            }
            // The file does not load: a quote can still be looked for as written; other matchers need the file
            // to be valid (a pattern's flags, a term's aliases).
            None if key == "quote" => self.find_written_quote(corpus, item),
            None => Err("fix the errors of this claim to see where this matches".to_owned()),
        })
    }

    /// `factcheck find` for the quote of an item of a file that does not load.
    fn find_written_quote(&self, corpus: &Corpus, item: &ItemOutline) -> Result<Matches, String> {
        let quote = item.string("quote").ok_or("the quote is not a string")?;
        let scope = match (item.string("source"), item.get("sources").map(|entry| &entry.value)) {
            (Some(source), _) => Scope::Sources(vec![source.to_owned()]),
            (None, Some(Value::Strings(names))) => Scope::Sources(names.iter().map(|(name, _)| name.clone()).collect()),
            _ => Scope::All,
        };
        let ignore_case = matches!(item.get("ignore_case").map(|entry| &entry.value), Some(Value::Bool(true)));
        let found = find::find(corpus, quote, &scope, ignore_case).map_err(|error| error.to_string())?;
        let failure = (!found.is_found()).then(|| Failure {
            evidence: None,
            location: item.location,
            check: Check::Quote,
            expected: None,
            quote: Some(found.query.clone()),
            kind: FailureKind::NotFound {
                scope: match &scope {
                    Scope::All => None,
                    Scope::Sources(names) => Some(names.clone()),
                },
                elsewhere: Vec::new(),
                missing_terms: Vec::new(),
            },
            closest: found.closest.first().cloned(),
        });
        Ok((found.occurrences, failure))
    }

    /// Markdown for the matcher value under the cursor: the sentences it matches, each with `source:line`, or
    /// why it matches none and the closest passage.
    pub fn hover(&self, offset: usize) -> Option<String> {
        let (occurrences, failure) = match self.occurrences_at(offset)? {
            Ok(found) => found,
            Err(reason) => return Some(reason),
        };
        let evidence: Vec<&Occurrence> = occurrences.iter().filter(|found| found.excluded.is_none()).collect();
        let mut out = String::new();
        if evidence.is_empty() {
            out.push_str("**Not found**");
            if let Some(failure) = &failure {
                let details = failure_details(failure, self.paths(), Style::PLAIN);
                out.push_str("\n\n```text\n");
                out.push_str(details.trim_end());
                out.push_str("\n```\n");
            }
        } else {
            let count = evidence.len();
            out.push_str(&format!("**Found** {count} time{}:\n", if count == 1 { "" } else { "s" }));
            for found in evidence.iter().take(SHOWN_OCCURRENCES) {
                out.push_str(&format!("\n- `{}:{}`: {}\n", found.source, found.location.line, found.sentence));
            }
            if count > SHOWN_OCCURRENCES {
                out.push_str(&format!("\n…and {} more\n", count - SHOWN_OCCURRENCES));
            }
        }
        let excluded = occurrences.iter().filter(|found| found.excluded.is_some()).count();
        if excluded > 0 {
            out.push_str(&format!("\n({excluded} more in regions corpus.toml excludes from evidence)\n"));
        }
        Some(out)
    }

    /// The source file and the 1-based line of the first match of the matcher under the cursor.
    pub fn definition(&self, offset: usize) -> Option<(PathBuf, LineColumn)> {
        let (occurrences, _) = self.occurrences_at(offset)?.ok()?;
        let first = occurrences.iter().find(|found| found.excluded.is_none()).or(occurrences.first())?;
        Some((self.workspace.roots.corpus.join(&first.source), first.location))
    }

    /// The completions at the cursor: keys valid in its table, headers, verdicts, statuses and roles, source
    /// names and tags used elsewhere in the suite.
    pub fn completions(&self, offset: usize) -> Vec<Completion> {
        let item = |label: &str, kind: CompletionKind, range: &Range<usize>, new_text: String| Completion {
            label: label.to_owned(),
            kind,
            detail: None,
            edit: Edit { range: range.clone(), new_text },
        };
        match cursor_context(self.text, offset) {
            CursorContext::Header { typed } => ["[[claim]]", "[[claim.evidence]]"]
                .iter()
                .map(|header| item(header, CompletionKind::Header, &typed, (*header).to_owned()))
                .collect(),
            CursorContext::Key { table, typed } => {
                let keys: &[&str] = match table {
                    Table::Claim => CLAIM_KEYS,
                    Table::Evidence => EVIDENCE_KEYS,
                    Table::Top | Table::Other => &[],
                };
                let written: Vec<&str> = match self.outline.enclosing(offset) {
                    Some((_, Some(found))) if table == Table::Evidence => {
                        found.keys.iter().map(|e| e.key.as_str()).collect()
                    }
                    Some((claim, _)) if table == Table::Claim => claim.keys.iter().map(|e| e.key.as_str()).collect(),
                    _ => Vec::new(),
                };
                let mut items: Vec<Completion> = keys
                    .iter()
                    .filter(|key| **key != "evidence" && !written.contains(key))
                    .map(|key| item(key, CompletionKind::Key, &typed, format!("{key} = ")))
                    .collect();
                let headers: &[&str] = match table {
                    Table::Top => &["[[claim]]"],
                    _ => &["[[claim]]", "[[claim.evidence]]"],
                };
                items.extend(headers.iter().map(|h| item(h, CompletionKind::Header, &typed, (*h).to_owned())));
                items
            }
            CursorContext::InString { key, typed, .. } => {
                let closing = self.closing_quote(&typed, offset);
                let values: Vec<(String, CompletionKind)> = match key.as_str() {
                    "verdict" => names(Verdict::NAMES, CompletionKind::Value),
                    "status" => names(Status::NAMES, CompletionKind::Value),
                    "role" => names(Role::NAMES, CompletionKind::Value),
                    "source" | "sources" => self.source_names(&self.text[typed.clone()]),
                    "tags" => self.tags(offset).into_iter().map(|tag| (tag, CompletionKind::Tag)).collect(),
                    _ => Vec::new(),
                };
                values
                    .into_iter()
                    .map(|(value, kind)| item(&value, kind, &typed, format!("{value}{closing}")))
                    .collect()
            }
            CursorContext::Other => Vec::new(),
        }
    }

    /// The quote that closes the string being typed, when the editor has not already put one after the cursor.
    fn closing_quote(&self, typed: &Range<usize>, offset: usize) -> &'w str {
        let text = self.text;
        let Some(open) = typed.start.checked_sub(1).and_then(|at| text.get(at..typed.start)) else { return "" };
        if text[offset..].starts_with(open) { "" } else { open }
    }

    fn source_names(&self, typed: &str) -> Vec<(String, CompletionKind)> {
        let Ok(corpus) = self.workspace.corpus() else { return Vec::new() };
        corpus
            .names()
            .filter(|name| name.contains(typed))
            .take(MAX_NAME_COMPLETIONS)
            .map(|name| (name.to_owned(), CompletionKind::Source))
            .collect()
    }

    /// The tags of every claim of the suite: the files on disk, and this document as it is now (but for the tag
    /// being typed at `cursor`).
    fn tags(&self, cursor: usize) -> Vec<String> {
        let mut tags = self.outline.tags(cursor);
        for claim in self.workspace.files.iter().flatten().flat_map(|file| &file.claims) {
            for tag in &claim.tags {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
        }
        tags.sort();
        tags
    }

    /// The fixes for the range the editor asks about: the closest passages for the misquotes of a claim in it,
    /// under `factcheck review`'s rules ([`review::accept`]: only when the claim then passes the whole check and
    /// no number of a quote changes), and the `#:schema` line when the file has none.
    pub fn actions(&self, range: Range<usize>) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(action) = self.schema_action() {
            actions.push(action);
        }
        let Ok(file) = &self.loaded else { return actions };
        let Ok(corpus) = self.workspace.corpus() else { return actions };
        let overlaps = |span: &Range<usize>| span.start <= range.end && range.start <= span.end;
        for claim_outline in self.outline.claims.iter().filter(|claim| overlaps(&claim.span)) {
            let Some(claim) = file.claims.iter().find(|claim| claim.location == claim_outline.location) else {
                continue;
            };
            let Some(report) = self.workspace.check(&[claim]).pop() else { continue };
            let item_of = |index: usize| {
                let location = claim.evidence.get(index.checked_sub(1)?)?.location;
                claim_outline.items.iter().find(|item| item.location == location)
            };
            let rewrites = review::rewrites(&report);
            if !rewrites.iter().any(|rewrite| item_of(rewrite.evidence).is_some_and(|item| overlaps(&item.span))) {
                continue;
            }
            let limits = self.workspace.limits();
            let Ok(accepted) = review::accept(self.name, self.text, claim, &report, corpus, limits) else { continue };
            let edits: Vec<Edit> = accepted
                .quotes
                .iter()
                .filter_map(|(index, quote)| {
                    let value = item_of(*index)?.get("quote")?;
                    Some(Edit { range: value.value_span.clone(), new_text: toml_string(quote) })
                })
                .collect();
            // The outline and the loader disagree on where a quote is: offer nothing rather than half an edit.
            if edits.len() != accepted.quotes.len() {
                continue;
            }
            let title = match rewrites.as_slice() {
                [rewrite] => format!(
                    "Replace with the closest passage ({}:{}): {}",
                    rewrite.passage.source,
                    rewrite.passage.location.line,
                    WordDiff::new(rewrite.old, &rewrite.passage.normalized).render(Style::PLAIN)
                ),
                several => {
                    format!("Replace the {} misquotes of `{}` with the closest passages", several.len(), claim.id)
                }
            };
            actions.push(Action { title, edits, quick_fix: true });
        }
        actions
    }

    fn schema_action(&self) -> Option<Action> {
        if self.text.lines().next().is_some_and(|line| line.trim_start().starts_with("#:schema")) {
            return None;
        }
        let line = directive(Schema::Assertions, self.name.matches('/').count());
        Some(Action {
            title: format!("Add the `{line}` line (key completion and checks in schema-aware editors)"),
            edits: vec![Edit { range: 0..0, new_text: format!("{line}\n") }],
            quick_fix: false,
        })
    }
}

fn names(names: &[&str], kind: CompletionKind) -> Vec<(String, CompletionKind)> {
    names.iter().map(|name| ((*name).to_owned(), kind)).collect()
}

fn file_name(file: &LoadedFile) -> &str {
    match file {
        Ok(file) => &file.file,
        Err(error) => &error.file,
    }
}

/// The errors of a `corpus.toml` being edited, at their places.
pub fn config_notes(text: &str) -> Vec<Note> {
    match config::parse(text, &Limits::default()) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => located_notes(text, &diagnostics),
    }
}

/// Errors a loader found in `text` (the file they are about), as notes at their tokens.
pub fn located_notes<'d>(text: &str, diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> Vec<Note> {
    let lines = LineIndex::new(text);
    diagnostics
        .into_iter()
        .map(|diagnostic| Note {
            range: token_at(text, &lines, diagnostic.location),
            severity: Severity::Error,
            code: None,
            message: diagnostic.kind.to_string(),
        })
        .collect()
}

/// The range a problem located at `location` is shown at: the TOML token that starts there (a string, a key, a
/// header or array to the end of its line, a word), or the rest of the line. The loaders keep a problem's
/// start only; its token is what a person reads as "there".
pub fn token_at(text: &str, lines: &LineIndex, location: LineColumn) -> Range<usize> {
    let start = lines.offset_of(text, location);
    let line_end = text[start..].find(['\n', '\r']).map_or(text.len(), |at| start + at);
    let rest = &text[start..line_end];
    let end = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        let delimiter = &rest[..3];
        let after = start + 3;
        text[after..].find(delimiter).map_or(line_end, |at| after + at + 3)
    } else if let Some(body) = rest.strip_prefix('"') {
        let mut escaped = false;
        body.char_indices()
            .find(|(_, c)| {
                let closes = *c == '"' && !escaped;
                escaped = *c == '\\' && !escaped;
                closes
            })
            .map_or(line_end, |(at, _)| start + 1 + at + 1)
    } else if let Some(body) = rest.strip_prefix('\'') {
        body.find('\'').map_or(line_end, |at| start + 1 + at + 1)
    } else if rest.starts_with('[') {
        start + rest.trim_end().len()
    } else {
        let word = rest.find(|c: char| c.is_whitespace() || matches!(c, '=' | ',' | ']' | '}')).unwrap_or(rest.len());
        if word == 0 { start + rest.trim_end().len() } else { start + word }
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str, line: usize, column: usize) -> &str {
        let lines = LineIndex::new(text);
        &text[token_at(text, &lines, LineColumn { line, column })]
    }

    #[test]
    fn tokens_are_strings_keys_headers_and_words() {
        let text =
            "[[claim]]\nverdict = \"sup\\\"ported\" # x\nqoute = 'a'\nid = \"é b\"\nx = \"\"\"multi\nline\"\"\"\n";
        assert_eq!(token(text, 1, 1), "[[claim]]");
        assert_eq!(token(text, 2, 11), "\"sup\\\"ported\"");
        assert_eq!(token(text, 3, 1), "qoute");
        assert_eq!(token(text, 3, 9), "'a'");
        assert_eq!(token(text, 4, 6), "\"é b\"");
        assert_eq!(token(text, 5, 5), "\"\"\"multi\nline\"\"\"");
        assert_eq!(token("a = \"open", 1, 5), "\"open");
        assert_eq!(token("", 1, 1), "");
        assert_eq!(token("x\n", 9, 9), "");
    }
}

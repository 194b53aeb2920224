//! What a change to the corpus or the assertions touches: the claims that cite each changed source, and
//! among them the claims whose cited sentences changed; the claims of each changed assertion file.
//!
//! The changes come from git ([`changed_since`]: `git diff --name-status REV`, and for each changed source
//! `git diff -U0 REV -- FILE` for the changed lines of the new file) or from a list of paths ([`named_files`],
//! which knows no lines). git runs as a program with arguments (no shell), and a revision that looks like an
//! option is refused, so neither can be made to do anything but diff.
//!
//! A claim *cites* a source when one of its items names it in `source`/`sources`, or when one of its unscoped
//! items holds a match in it. A cited sentence *changed* when an edit overlaps it: within each hunk, the
//! removed and the added lines are compared word by word, so that an edit to one sentence of a long line (a
//! whole paragraph, in many articles) does not flag every other sentence on it; a hunk that only removes lines
//! flags the sentences that span the removal. A sentence that was deleted is not in the new file: the claims
//! that quoted it fail, and are listed with that outcome among the claims that cite the source.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use similar::{Algorithm, ChangeTag, TextDiff};

use crate::assertion::load::{FileError, LoadedFile};
use crate::assertion::{Claim, FileTest, Scope};
use crate::corpus::{Corpus, SOURCE_EXTENSIONS, Source, config};
use crate::evidence::{ClaimReport, Outcome, check_all, evidence_matches};
use crate::location::{LineColumn, LineIndex};

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Modified,
    Deleted,
    /// Named on the command line: changed in a way factcheck was not told.
    Named,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Modified => "modified",
            Change::Deleted => "deleted",
            Change::Named => "named",
        }
    }
}

/// Lines of the new file that a change touched: `count` lines from `start` (1-based), or, when `count` is 0,
/// lines removed between line `start` and the next (`start` is 0 for lines removed at the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineChange {
    pub start: usize,
    pub count: usize,
}

impl LineChange {
    /// Whether a passage on lines `first..=last` of the new file overlaps this change. A removal overlaps the
    /// passages that span it: a sentence whose middle line was deleted.
    pub fn overlaps(&self, first: usize, last: usize) -> bool {
        if self.count == 0 {
            first <= self.start && last > self.start
        } else {
            first < self.start + self.count && last >= self.start
        }
    }
}

impl fmt::Display for LineChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.count {
            0 => write!(f, "lines removed after {}", self.start),
            1 => write!(f, "{}", self.start),
            count => write!(f, "{}-{}", self.start, self.start + count - 1),
        }
    }
}

/// One hunk of a diff, in the new file's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The lines of the new file it covers.
    pub lines: LineChange,
    /// The changed parts of those lines, found by comparing the removed lines with the added ones word by word;
    /// empty when the hunk only removes lines.
    pub edits: Vec<Edit>,
}

/// A changed part of one line of the new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The 1-based line.
    pub line: usize,
    /// Byte columns of the line (0-based); an empty range where text was removed.
    pub columns: Range<usize>,
}

/// A changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// The absolute path, symlinks resolved where the file (or its directory) exists.
    pub path: PathBuf,
    pub change: Change,
    /// The hunks of its diff, when git was asked and the file is a source; `None` otherwise.
    pub hunks: Option<Vec<Hunk>>,
}

/// Why the changes could not be had from git (exit status 2).
#[derive(Debug)]
pub enum GitError {
    /// `git` could not be started.
    NotInstalled(io::Error),
    /// The current directory is not in a git work tree.
    NotARepository { detail: String },
    /// `--since` starts with `-`, so git would read it as an option.
    OptionLikeRevision { rev: String },
    /// git refused the revision (or the diff failed).
    BadRevision { rev: String, detail: String },
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotInstalled(error) => {
                write!(f, "cannot run git: {error}; install git, or name the changed files: factcheck impact PATH...")
            }
            GitError::NotARepository { detail } => write!(
                f,
                "not in a git repository ({detail}); run factcheck impact from the repository, or name the changed \
                 files: factcheck impact PATH..."
            ),
            GitError::OptionLikeRevision { rev } => write!(
                f,
                "`{}` is not a revision: it starts with `-`; write a branch, tag or commit, such as --since origin/main",
                rev.escape_debug()
            ),
            GitError::BadRevision { rev, detail } => write!(
                f,
                "git cannot diff against `{}`: {detail}; write a branch, tag or commit that exists here, such as \
                 --since origin/main or --since HEAD~1",
                rev.escape_debug()
            ),
        }
    }
}

impl std::error::Error for GitError {}

/// Runs git with `args` in `dir`; its standard output, or its standard error's first line on failure.
fn git(dir: &Path, args: &[&str]) -> Result<Result<Vec<u8>, String>, GitError> {
    let output = Command::new("git")
        .arg("--literal-pathspecs")
        .args(args)
        .current_dir(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(GitError::NotInstalled)?;
    if output.status.success() {
        Ok(Ok(output.stdout))
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("git failed");
        Ok(Err(crate::report::style::printable(first.trim()).into_owned()))
    }
}

/// The files that differ between revision `rev` and the work tree of the repository holding `dir`, with the
/// changed lines of those that `wants_lines` selects (by absolute path).
pub fn changed_since(rev: &str, dir: &Path, wants_lines: impl Fn(&Path) -> bool) -> Result<Vec<ChangedFile>, GitError> {
    if rev.starts_with('-') {
        return Err(GitError::OptionLikeRevision { rev: rev.to_owned() });
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"])?.map_err(|detail| GitError::NotARepository { detail })?;
    let top = String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']).to_owned();
    let top = PathBuf::from(&top).canonicalize().unwrap_or_else(|_| PathBuf::from(top));
    let bad_revision = |detail| GitError::BadRevision { rev: rev.to_owned(), detail };
    let names = git(&top, &["diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", rev, "--"])?
        .map_err(bad_revision)?;
    let mut changed = Vec::new();
    for (status, name) in parse_name_status(&names) {
        let change = match status {
            'A' => Change::Added,
            'D' => Change::Deleted,
            _ => Change::Modified,
        };
        let path = absolute(&top.join(&name));
        let hunks = if change != Change::Deleted && wants_lines(&path) {
            let args =
                ["diff", "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", rev, "--", &name];
            let diff = git(&top, &args)?.map_err(bad_revision)?;
            Some(parse_hunks(&String::from_utf8_lossy(&diff)))
        } else {
            None
        };
        changed.push(ChangedFile { path, change, hunks });
    }
    Ok(changed)
}

/// Files named on the command line, relative to `dir`; a missing file counts as deleted.
pub fn named_files(paths: &[PathBuf], dir: &Path) -> Vec<ChangedFile> {
    paths
        .iter()
        .map(|path| {
            let path = absolute(&dir.join(path));
            let change = if path.exists() { Change::Named } else { Change::Deleted };
            ChangedFile { path, change, hunks: None }
        })
        .collect()
}

/// `path` with symlinks resolved as far as it exists: the file itself, or its directory for a deleted file.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(resolved) = path.canonicalize() {
        return resolved;
    }
    match (path.parent().and_then(|parent| parent.canonicalize().ok()), path.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

/// The `(status, path)` pairs of `git diff --name-status -z --no-renames`: `M\0path\0A\0path\0...`.
fn parse_name_status(output: &[u8]) -> Vec<(char, String)> {
    let mut fields = output.split(|&byte| byte == 0).filter(|field| !field.is_empty());
    let mut pairs = Vec::new();
    while let (Some(status), Some(name)) = (fields.next(), fields.next()) {
        let status = status.first().map_or('M', |&byte| char::from(byte));
        pairs.push((status, String::from_utf8_lossy(name).into_owned()));
    }
    pairs
}

/// The hunks of a unified diff made with `-U0`, each with its new-file lines (from its `@@ -a,b +c,d @@`
/// header) and its edits (from its `-` and `+` lines).
pub fn parse_hunks(diff: &str) -> Vec<Hunk> {
    let mut hunks = Vec::new();
    let mut open: Option<(LineChange, Vec<&str>, Vec<&str>)> = None;
    let close = |open: Option<(LineChange, Vec<&str>, Vec<&str>)>, hunks: &mut Vec<Hunk>| {
        if let Some((lines, removed, added)) = open {
            hunks.push(Hunk { lines, edits: edits(lines.start, &removed, &added) });
        }
    };
    for line in diff.lines() {
        if let Some(header) = line.strip_prefix("@@ ") {
            close(open.take(), &mut hunks);
            open = hunk_lines(header).map(|lines| (lines, Vec::new(), Vec::new()));
        } else if line.starts_with("diff ") {
            close(open.take(), &mut hunks);
        } else if let Some((_, removed, added)) = &mut open {
            if let Some(text) = line.strip_prefix('-') {
                removed.push(text);
            } else if let Some(text) = line.strip_prefix('+') {
                added.push(text);
            }
        }
    }
    close(open, &mut hunks);
    hunks
}

/// The new-file lines of a hunk header, after its `@@ `: `-a,b +c,d @@ ...`.
fn hunk_lines(header: &str) -> Option<LineChange> {
    let ranges = header.split(" @@").next()?;
    let new = ranges.split(' ').find_map(|part| part.strip_prefix('+'))?;
    let (start, count) = match new.split_once(',') {
        Some((start, count)) => (start.parse().ok()?, count.parse().ok()?),
        None => (new.parse().ok()?, 1),
    };
    Some(LineChange { start, count })
}

/// The parts of the `added` lines (the new file's, from line `start`) that differ from the `removed` ones,
/// word by word, as byte columns per line.
fn edits(start: usize, removed: &[&str], added: &[&str]) -> Vec<Edit> {
    if added.is_empty() {
        return Vec::new();
    }
    let old = removed.join("\n");
    let new = added.join("\n");
    let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_words(&old, &new);
    let mut changed: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    for change in diff.iter_all_changes() {
        let len = change.value().len();
        let range = match change.tag() {
            ChangeTag::Equal => {
                at += len;
                continue;
            }
            ChangeTag::Insert => at..at + len,
            ChangeTag::Delete => at..at,
        };
        at = range.end;
        match changed.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => changed.push(range),
        }
    }
    // Split the ranges of the joined text at its line breaks. A range that holds only a line break counts as a
    // removal where it starts.
    let mut edits = Vec::new();
    for range in &changed {
        let pieces_before = edits.len();
        let mut line_start = 0;
        for (index, line) in added.iter().enumerate() {
            let line_end = line_start + line.len();
            let (from, to) = (range.start.max(line_start), range.end.min(line_end));
            if from < to {
                edits.push(Edit { line: start + index, columns: from - line_start..to - line_start });
            }
            line_start = line_end + 1;
        }
        if edits.len() == pieces_before {
            let mut line_start = 0;
            for (index, line) in added.iter().enumerate() {
                let line_end = line_start + line.len();
                if range.start <= line_end {
                    let column = range.start.saturating_sub(line_start);
                    edits.push(Edit { line: start + index, columns: column..column });
                    break;
                }
                line_start = line_end + 1;
            }
        }
    }
    edits
}

/// What a set of changes touches.
#[derive(Debug, Clone)]
pub struct Impact {
    /// Changed sources, in the order of the changes.
    pub sources: Vec<SourceImpact>,
    /// Changed assertion files.
    pub assertion_files: Vec<AssertionFileImpact>,
    /// How `corpus.toml` changed, if it did: its exclusions and aliases bear on every claim.
    pub corpus_config: Option<Change>,
    /// Changed files that are neither sources, nor assertion files, nor `corpus.toml`.
    pub other_files: Vec<PathBuf>,
}

/// A changed source and the claims that cite it.
#[derive(Debug, Clone)]
pub struct SourceImpact {
    pub name: String,
    pub change: Change,
    /// The changed lines of the new file, when known.
    pub lines: Option<Vec<LineChange>>,
    /// The claims that fail first, then those whose cited sentences changed, then the others, each in file order.
    pub claims: Vec<CitingClaim>,
}

/// A cited sentence that an edit touched, as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSentence {
    pub location: LineColumn,
    /// The sentence, normalized.
    pub text: String,
}

/// A claim that cites a changed source.
#[derive(Debug, Clone)]
pub struct CitingClaim {
    pub report: ClaimReport,
    /// Whether an item's scope names the source.
    pub by_name: bool,
    /// Whether an unscoped item holds a match in the source.
    pub by_match: bool,
    /// The claim's cited sentences that an edit touched, in order.
    pub changed_sentences: Vec<ChangedSentence>,
}

/// A changed assertion file and its claims.
#[derive(Debug, Clone)]
pub struct AssertionFileImpact {
    pub name: String,
    pub change: Change,
    /// The file's claims, checked (empty when it was deleted or does not load).
    pub claims: Vec<ClaimReport>,
    /// The problems that keep it from loading.
    pub error: Option<FileError>,
}

impl Impact {
    /// Every claim report listed, once per listing.
    pub fn reports(&self) -> impl Iterator<Item = &ClaimReport> {
        self.sources
            .iter()
            .flat_map(|source| source.claims.iter().map(|claim| &claim.report))
            .chain(self.assertion_files.iter().flat_map(|file| &file.claims))
    }
}

/// What `changes` touch, given the corpus and the loaded assertion files under their roots (which must exist).
/// Claims are checked as `factcheck check` would (pending ones reported as ignored), on up to `jobs` threads.
pub fn analyze(
    changes: &[ChangedFile],
    corpus: &Corpus,
    files: &[LoadedFile],
    assertions_root: &Path,
    jobs: usize,
) -> Impact {
    let corpus_root = absolute(corpus.root());
    let assertions_root = absolute(assertions_root);
    let claims: Vec<&Claim> = files.iter().flatten().flat_map(|file| &file.claims).collect();
    let mut impact =
        Impact { sources: Vec::new(), assertion_files: Vec::new(), corpus_config: None, other_files: Vec::new() };
    // Matching every claim is needed only to find what unscoped items cite in a changed source.
    let mut matches = None;
    for changed in changes {
        let in_corpus = relative_name(&changed.path, &corpus_root);
        if in_corpus.as_deref() == Some(config::FILE_NAME) {
            impact.corpus_config = Some(changed.change);
        } else if let Some(name) = in_corpus.filter(|name| has_extension(name, SOURCE_EXTENSIONS)) {
            let matches = matches
                .get_or_insert_with(|| claims.iter().map(|claim| evidence_matches(claim, corpus)).collect::<Vec<_>>());
            impact.sources.push(source_impact(&name, changed, corpus, &claims, matches, jobs));
        } else if let Some(name) =
            relative_name(&changed.path, &assertions_root).filter(|name| has_extension(name, &["toml"]))
        {
            let loaded = files.iter().find(|file| match file {
                Ok(file) => file.file == name,
                Err(error) => error.file == name,
            });
            let (claims, error) = match loaded {
                Some(Ok(file)) => {
                    let claims: Vec<&Claim> = file.claims.iter().collect();
                    let mut checked = check_all(&claims, corpus, false, jobs).into_iter();
                    // In file order, a malformed claim failing where it is written.
                    let reports = file
                        .tests()
                        .into_iter()
                        .filter_map(|test| match test {
                            FileTest::Claim(_) => checked.next(),
                            FileTest::Malformed(bad) => Some(ClaimReport::malformed(bad)),
                        })
                        .collect();
                    (reports, None)
                }
                Some(Err(error)) => (Vec::new(), Some(error.clone())),
                None => (Vec::new(), None),
            };
            impact.assertion_files.push(AssertionFileImpact { name, change: changed.change, claims, error });
        } else {
            impact.other_files.push(changed.path.clone());
        }
    }
    impact
}

fn source_impact(
    name: &str,
    changed: &ChangedFile,
    corpus: &Corpus,
    claims: &[&Claim],
    matches: &[Vec<crate::evidence::ItemMatches>],
    jobs: usize,
) -> SourceImpact {
    let source: Option<&Source> = match corpus.source(name) {
        Some(Ok(source)) => Some(source),
        _ => None,
    };
    let touched = match (source, &changed.hunks) {
        (Some(source), Some(hunks)) => touched_sentences(source, hunks),
        _ => Vec::new(),
    };
    let mut citing: Vec<(&Claim, bool, bool, Vec<ChangedSentence>)> = Vec::new();
    for (claim, items) in claims.iter().zip(matches) {
        let by_name = claim.evidence.iter().any(|item| names(&item.scope, name));
        let by_match = claim
            .evidence
            .iter()
            .zip(items)
            .any(|(item, found)| item.scope == Scope::All && found.found.iter().any(|(source, _)| source == name));
        if !by_name && !by_match {
            continue;
        }
        let mut indices: Vec<usize> = Vec::new();
        if let Some(source) = source.filter(|_| !touched.is_empty()) {
            let ranges = items.iter().flat_map(|item| &item.found).filter(|(s, _)| s == name).map(|(_, r)| r);
            for range in ranges {
                indices.extend(source.sentences_overlapping(range.clone()).filter(|&index| touched[index]));
            }
        }
        indices.sort_unstable();
        indices.dedup();
        let changed_sentences = match source {
            Some(source) => indices
                .into_iter()
                .map(|index| {
                    let sentence = source.sentences().at(index);
                    ChangedSentence {
                        location: source.locate(sentence.start),
                        text: source.text()[sentence.clone()].to_owned(),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        citing.push((claim, by_name, by_match, changed_sentences));
    }
    let to_check: Vec<&Claim> = citing.iter().map(|(claim, ..)| *claim).collect();
    let reports = check_all(&to_check, corpus, false, jobs);
    let mut claims: Vec<CitingClaim> = citing
        .into_iter()
        .zip(reports)
        .map(|((_, by_name, by_match, changed_sentences), report)| CitingClaim {
            report,
            by_name,
            by_match,
            changed_sentences,
        })
        .collect();
    // What the reviewer must read first: the claims that now fail, then those whose cited sentences changed.
    claims.sort_by_key(|claim| (claim.report.outcome != Outcome::Failed, claim.changed_sentences.is_empty()));
    let lines = changed.hunks.as_ref().map(|hunks| hunks.iter().map(|hunk| hunk.lines).collect());
    SourceImpact { name: name.to_owned(), change: changed.change, lines, claims }
}

/// Whether a scope names the source explicitly.
fn names(scope: &Scope, source: &str) -> bool {
    matches!(scope, Scope::Sources(names) if names.iter().any(|name| name == source))
}

/// For each sentence of `source` (the new file), whether a hunk's edit touches it: an edit overlapping it, a
/// removal strictly inside it, or a hunk that only removes lines between two of its lines.
fn touched_sentences(source: &Source, hunks: &[Hunk]) -> Vec<bool> {
    let original = source.original();
    let lines = LineIndex::new(&original);
    let edits: Vec<Range<usize>> = hunks
        .iter()
        .flat_map(|hunk| &hunk.edits)
        .filter_map(|edit| {
            let line = lines.line_range(&original, edit.line)?;
            let at = |column: usize| (line.start + column).min(line.end);
            Some(at(edit.columns.start)..at(edit.columns.end))
        })
        .collect();
    let removals: Vec<LineChange> = hunks.iter().filter(|hunk| hunk.lines.count == 0).map(|hunk| hunk.lines).collect();
    (0..source.sentences().len())
        .map(|index| {
            let span = source.sentence_original(index);
            let edited = edits.iter().any(|edit| {
                if edit.is_empty() {
                    span.start < edit.start && edit.start < span.end
                } else {
                    span.start < edit.end && edit.start < span.end
                }
            });
            edited || {
                let first = lines.locate(&original, span.start).line;
                let last = lines.locate(&original, span.end.saturating_sub(1)).line;
                removals.iter().any(|removal| removal.overlaps(first, last))
            }
        })
        .collect()
}

/// `path` relative to `root`, `/`-separated, when it is below it.
fn relative_name(path: &Path, root: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rest
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let parts = parts?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    name.rsplit_once('.').is_some_and(|(_, extension)| extensions.contains(&extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers_give_new_file_lines() {
        let diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -7 +7 @@ Title\n-old\n+new\n@@ -10,0 +11,3 @@\n+a\n+b\n+c\n\
                    @@ -20,2 +22,0 @@\n-gone\n-gone\n@@ -1,2 +0,0 @@\n";
        let lines: Vec<LineChange> = parse_hunks(diff).into_iter().map(|hunk| hunk.lines).collect();
        assert_eq!(
            lines,
            [
                LineChange { start: 7, count: 1 },
                LineChange { start: 11, count: 3 },
                LineChange { start: 22, count: 0 },
                LineChange { start: 0, count: 0 },
            ]
        );
        // A line of content that looks like a header is not one unless it starts the line.
        assert!(parse_hunks("+ @@ -1 +1 @@\n").is_empty());
    }

    #[test]
    fn edits_are_the_changed_words_of_the_new_lines() {
        let diff = "@@ -7 +7 @@\n-One sentence. The leaders met for nearly three hours. Another.\n\
                    +One sentence. The leaders met for about three hours. Another.\n\
                    @@ -9,2 +9,2 @@\n-Kept line\n-Removed words here\n+Kept line\n+Removed here\n\
                    @@ -20,2 +19,0 @@\n-gone\n-gone\n";
        let hunks = parse_hunks(diff);
        assert_eq!(hunks.len(), 3);
        let line = "One sentence. The leaders met for about three hours. Another.";
        let [edit] = hunks[0].edits.as_slice() else { panic!("{:?}", hunks[0].edits) };
        assert_eq!(edit.line, 7);
        assert_eq!(&line[edit.columns.clone()], "about");
        // Words removed from the second line leave an empty edit where they were.
        let [edit] = hunks[1].edits.as_slice() else { panic!("{:?}", hunks[1].edits) };
        assert_eq!(edit.line, 10);
        assert!(edit.columns.is_empty());
        assert!(&"Removed here"[..edit.columns.start].starts_with("Removed"));
        assert!(hunks[2].edits.is_empty());
    }

    #[test]
    fn changes_overlap_the_sentences_they_touch() {
        let edit = LineChange { start: 7, count: 2 };
        assert!(edit.overlaps(7, 7));
        assert!(edit.overlaps(8, 9));
        assert!(edit.overlaps(3, 12));
        assert!(!edit.overlaps(9, 9));
        assert!(!edit.overlaps(1, 6));
        let removal = LineChange { start: 7, count: 0 };
        assert!(removal.overlaps(7, 8));
        assert!(!removal.overlaps(7, 7));
        assert!(!removal.overlaps(8, 8));
        assert_eq!(removal.to_string(), "lines removed after 7");
        assert_eq!(edit.to_string(), "7-8");
    }

    #[test]
    fn name_status_pairs() {
        let pairs = parse_name_status(b"M\0seeds/a.txt\0D\0assertions/b c.toml\0A\0new.md\0");
        assert_eq!(
            pairs,
            [('M', "seeds/a.txt".to_owned()), ('D', "assertions/b c.toml".to_owned()), ('A', "new.md".to_owned())]
        );
    }

    #[test]
    fn names_are_relative_to_their_root() {
        let root = Path::new("/repo/seeds");
        assert_eq!(relative_name(Path::new("/repo/seeds/europe/a.txt"), root).as_deref(), Some("europe/a.txt"));
        assert_eq!(relative_name(Path::new("/repo/other/a.txt"), root), None);
        assert_eq!(relative_name(root, root), None);
    }

    #[test]
    fn a_revision_like_an_option_is_refused_before_git_runs() {
        let error = changed_since("--output=/tmp/x", Path::new("."), |_| false).unwrap_err();
        assert!(matches!(error, GitError::OptionLikeRevision { .. }), "{error}");
        assert!(error.to_string().contains("--since origin/main"));
    }
}

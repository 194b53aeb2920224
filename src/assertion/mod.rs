//! The assertion model: claims about the corpus and the evidence that must hold for each.
//!
//! This module owns what a claim *is* once it has been read and validated; [`load`] owns how it is read from
//! TOML. Nothing here knows about the corpus: whether a cited source exists, or a quote is in it, is for
//! [`crate::evidence`] to find out.

pub mod load;
pub mod write;

use std::fmt;

use regex::{Regex, RegexBuilder};

use crate::limits::Limits;
use crate::location::LineColumn;

pub use load::{LoadedFile, load_file, load_root};

/// One assertion file and its claims, in the order they are written.
#[derive(Debug, Clone)]
pub struct AssertionFile {
    /// The path relative to the assertions root, with `/` separators and the `.toml` extension.
    pub file: String,
    /// The well-formed claims.
    pub claims: Vec<Claim>,
    /// The claims that break the format's rules: each fails as its own test.
    pub malformed: Vec<MalformedClaim>,
    /// Where the file's first line points editors for its schema (`#:schema PATH`), if it does.
    pub schema: Option<String>,
}

impl AssertionFile {
    /// The file's tests in the order they are written: each claim, well formed or not.
    pub fn tests(&self) -> Vec<FileTest<'_>> {
        let mut tests: Vec<FileTest<'_>> =
            self.claims.iter().map(FileTest::Claim).chain(self.malformed.iter().map(FileTest::Malformed)).collect();
        tests.sort_by_key(|test| match test {
            FileTest::Claim(claim) => claim.location.line,
            FileTest::Malformed(claim) => claim.location.line,
        });
        tests
    }
}

/// One test of an assertion file: a claim, or a claim that could not be read.
#[derive(Debug, Clone, Copy)]
pub enum FileTest<'a> {
    Claim(&'a Claim),
    Malformed(&'a MalformedClaim),
}

/// A claim that breaks the format's rules. It is a test that fails (check `schema`) with each problem located;
/// the other claims of its file run.
#[derive(Debug, Clone)]
pub struct MalformedClaim {
    /// The test name: `stem::id`, or, without a valid id of its own, `stem::(line N)` (see [`load`]).
    pub name: String,
    /// The assertion file, relative to the assertions root.
    pub file: String,
    /// Where the claim's `[[claim]]` header is.
    pub location: LineColumn,
    /// The claim's sentence as far as it could be read (empty when it could not).
    pub text: String,
    /// The verdict as far as it could be read (`supported` when it could not).
    pub verdict: Verdict,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// A claim about the corpus and the evidence that must hold for it to pass.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The test name: the file path without `.toml`, `::`, the id.
    pub name: String,
    pub id: String,
    /// The assertion file, relative to the assertions root.
    pub file: String,
    /// Where the claim's `[[claim]]` header is.
    pub location: LineColumn,
    /// The human sentence.
    pub text: String,
    pub verdict: Verdict,
    pub status: Status,
    pub tags: Vec<String>,
    pub note: Option<String>,
    /// Whether the numbers in `text` must be grounded in the evidence (only for `supported` claims).
    pub check_numbers: bool,
    /// The rigor checks (`details`, `attribution`, ...) whose findings fail this claim; empty unless it opts in.
    pub rigor: Vec<String>,
    pub evidence: Vec<Evidence>,
}

impl Claim {
    /// Whether grounding applies: a supported claim with `check_numbers` left on.
    pub fn needs_grounding(&self) -> bool {
        self.verdict == Verdict::Supported && self.check_numbers
    }
}

/// One evidence item of a claim.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The 1-based position of the item in its claim.
    pub index: usize,
    /// Where the item's `[[claim.evidence]]` header is.
    pub location: LineColumn,
    pub matcher: Matcher,
    pub scope: Scope,
    /// The number of distinct sources of the scope the matcher must hold in.
    pub min_sources: usize,
    /// The matcher must hold in no source of the scope.
    pub absent: bool,
    pub ignore_case: bool,
    pub role: Role,
    /// Where each key of the item is written, in the order written: for tools that point at one key (lint).
    pub keys: Box<[KeyLocation]>,
}

impl Evidence {
    /// Where `key` is written in the item, if it is.
    pub fn key_location(&self, key: &str) -> Option<LineColumn> {
        self.keys.iter().find(|written| written.key() == key).map(KeyLocation::location)
    }
}

/// A key of an evidence item and where it is written. Every item of a run keeps its keys (30,000 items in a
/// large suite), so this takes 12 bytes: the key as its place in the list of evidence keys, and the line and
/// column as `u32`s (an assertion file is at most `max_assertion_file_bytes` long; a position past `u32::MAX`
/// would be kept as `u32::MAX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLocation {
    key: u8,
    line: u32,
    column: u32,
}

impl KeyLocation {
    /// `key`, written at `location`; `None` when `key` is not an evidence item's key.
    pub fn new(key: &str, location: LineColumn) -> Option<KeyLocation> {
        let key = u8::try_from(load::EVIDENCE_KEYS.iter().position(|known| *known == key)?).ok()?;
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Some(KeyLocation { key, line: narrow(location.line), column: narrow(location.column) })
    }

    /// The key.
    pub fn key(&self) -> &'static str {
        // `new` only makes a key location from a place in the list.
        load::EVIDENCE_KEYS[usize::from(self.key)]
    }

    /// Where it is written.
    pub fn location(&self) -> LineColumn {
        LineColumn { line: self.line as usize, column: self.column as usize }
    }
}

/// What an evidence item looks for.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Text that must occur, compared after normalization.
    Quote {
        /// As written in the assertion file.
        text: String,
        /// After normalization (what is searched for).
        normalized: String,
    },
    /// A regular expression over the normalized source.
    Pattern {
        /// As written in the assertion file.
        text: String,
        /// How it compiles, with the item's `ignore_case` and factcheck's size limits.
        regex: PatternRegex,
    },
    /// Words that must all occur within one sentence.
    Terms {
        /// As written, each normalized.
        terms: Vec<String>,
    },
}

/// A `pattern` known to compile, compiled again where it is searched for.
///
/// A compiled regular expression takes several kilobytes (its automata, forward and reverse), and every claim
/// of a suite is held for the whole run: 6,766 patterns held about 50 MB at 100 MB of corpus. So the pattern is
/// compiled when its file is loaded, to report a bad one there, and dropped; each search compiles it again and
/// drops it when done, which costs one more compilation per pattern (well under a millisecond).
#[derive(Debug, Clone)]
pub struct PatternRegex {
    text: String,
    ignore_case: bool,
    size_limit: usize,
    nest_limit: u32,
}

impl PatternRegex {
    /// Checks that `text` compiles with `ignore_case` within `limits`.
    pub fn new(text: &str, ignore_case: bool, limits: &Limits) -> Result<PatternRegex, regex::Error> {
        let pattern = PatternRegex {
            text: text.to_owned(),
            ignore_case,
            size_limit: limits.regex_size_limit,
            nest_limit: limits.regex_nest_limit,
        };
        pattern.build()?;
        Ok(pattern)
    }

    fn build(&self) -> Result<Regex, regex::Error> {
        RegexBuilder::new(&self.text)
            .case_insensitive(self.ignore_case)
            .size_limit(self.size_limit)
            .dfa_size_limit(self.size_limit)
            .nest_limit(self.nest_limit)
            .build()
    }

    /// The pattern as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether it ignores case (`ignore_case = true`; a `(?i)` in it is part of the text).
    pub fn ignore_case(&self) -> bool {
        self.ignore_case
    }

    /// How deeply it may nest (`regex_nest_limit`).
    pub fn nest_limit(&self) -> u32 {
        self.nest_limit
    }

    /// The compiled regular expression.
    pub fn compile(&self) -> Regex {
        // `new` compiled the same text with the same options, and compiling is deterministic: it cannot fail
        // here.
        self.build().expect("a pattern that compiled when it was loaded compiles again")
    }
}

impl Matcher {
    /// The key that chose this matcher, which is also the `check` named in a failure.
    pub fn key(&self) -> &'static str {
        match self {
            Matcher::Quote { .. } => "quote",
            Matcher::Pattern { .. } => "pattern",
            Matcher::Terms { .. } => "terms",
        }
    }

    /// The matcher as a person would read it back.
    pub fn describe(&self) -> String {
        match self {
            Matcher::Quote { normalized, .. } => format!("quote \"{normalized}\""),
            Matcher::Pattern { text, .. } => format!("pattern /{text}/"),
            Matcher::Terms { terms } => {
                let terms: Vec<String> = terms.iter().map(|term| format!("\"{term}\"")).collect();
                format!("terms [{}]", terms.join(", "))
            }
        }
    }
}

/// Which sources an evidence item searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every source of the corpus.
    All,
    /// The named sources (corpus paths), in the order written, without duplicates.
    Sources(Vec<String>),
}

/// The verdict a claim is checked for (FEVER's labels, plus "disputed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Supported,
    Refuted,
    Disputed,
    Unverifiable,
}

impl Verdict {
    pub const NAMES: &'static [&'static str] = &["supported", "refuted", "disputed", "unverifiable"];

    pub fn parse(name: &str) -> Option<Verdict> {
        match name {
            "supported" => Some(Verdict::Supported),
            "refuted" => Some(Verdict::Refuted),
            "disputed" => Some(Verdict::Disputed),
            "unverifiable" => Some(Verdict::Unverifiable),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Refuted => "refuted",
            Verdict::Disputed => "disputed",
            Verdict::Unverifiable => "unverifiable",
        }
    }

    /// The role an evidence item has when it does not say.
    pub fn default_role(self) -> Option<Role> {
        match self {
            Verdict::Supported => Some(Role::Supports),
            Verdict::Refuted => Some(Role::Refutes),
            Verdict::Disputed => None,
            Verdict::Unverifiable => Some(Role::Supports),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a claim runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    /// Reported as an ignored test; runs with `--ignored` / `--include-ignored`.
    Pending,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["active", "pending"];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Pending => "pending",
        }
    }
}

/// What an evidence item does for its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Supports,
    Refutes,
}

impl Role {
    pub const NAMES: &'static [&'static str] = &["supports", "refutes"];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Supports => "supports",
            Role::Refutes => "refutes",
        }
    }
}

//! What a reviewer wants pointed out in a suite that loads: evidence too thin to mean much, claims written
//! twice, names and sources nothing uses, and (through [`crate::rigor`], with the corpus) claims that say more
//! than their evidence. None of these fails a claim; `factcheck lint --deny-warnings` makes
//! them fail CI.
//!
//! Structural errors are not found here: the loaders already collect every one of them, located
//! ([`crate::assertion::load`], [`crate::corpus::config`]). This module looks at claims that loaded and at the
//! corpus, and returns [`Finding`]s: a [`Warning`] at a file, line and column, whose message says what to do.

use std::collections::HashMap;
use std::fmt;

use crate::assertion::load::{self, LoadedFile};
use crate::assertion::{Claim, Evidence, Matcher, Role, Scope};
use crate::corpus::Corpus;
use crate::corpus::config::FILE_NAME;
use crate::corpus::normalize::normalize_fragment;
use crate::location::LineColumn;
use crate::rigor::Rigor;
use crate::schema::{self, Schema};

/// Evidence of this many words or fewer is too short to be meaningful.
pub const SHORT_EVIDENCE_WORDS: usize = 2;

/// Something a reviewer should look at. Each message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A quote (or a single term) of one or two words: it holds almost anywhere and backs almost nothing.
    ShortEvidence { key: &'static str, text: String, words: usize },
    /// The same claim text as an earlier claim.
    DuplicateClaim { first: String },
    /// The same verdict and evidence (matchers and scopes) as an earlier claim, but other words.
    DuplicateEvidence { first: String },
    /// An `[[alias]]` of `corpus.toml` that no term uses by any of its names.
    UnusedAlias { names: Vec<String> },
    /// An evidence item without `source` or `sources`: it searches every source. Not for `absent` items, nor for
    /// corroboration across the corpus (`min_sources` above 1), where every source is the point.
    NoSourceScope { key: &'static str },
    /// A source that no claim names in a `source` or `sources`.
    UncitedSource { name: String },
    /// A pattern that matches the empty string, so that it holds in every source.
    EmptyMatchPattern { pattern: String, absent: bool },
    /// `min_sources` on an item scoped to one source, where it can only be 1.
    MinSourcesOneSource,
    /// An assertion file whose first line does not point editors at the schema.
    MissingSchema { directive: String },
    /// A claim that says more than its evidence ([`crate::rigor`]): its code is the rigor check's.
    Rigor { code: crate::rigor::Code, message: String },
}

impl Warning {
    /// A short name for the kind of warning, stable for scripts (`jq 'select(.code == "short-evidence")'`).
    pub fn code(&self) -> &'static str {
        match self {
            Warning::ShortEvidence { .. } => "short-evidence",
            Warning::DuplicateClaim { .. } => "duplicate-claim",
            Warning::DuplicateEvidence { .. } => "duplicate-evidence",
            Warning::UnusedAlias { .. } => "unused-alias",
            Warning::NoSourceScope { .. } => "no-source-scope",
            Warning::UncitedSource { .. } => "uncited-source",
            Warning::EmptyMatchPattern { .. } => "empty-match-pattern",
            Warning::MinSourcesOneSource => "min-sources-one-source",
            Warning::MissingSchema { .. } => "missing-schema",
            Warning::Rigor { code, .. } => code.as_str(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::ShortEvidence { key, text, words } => write!(
                f,
                "the {key} \"{text}\" is {} word{}, too short to back a claim; quote the words around it that say \
                 what the claim says (`factcheck find` shows the sentence)",
                words,
                if *words == 1 { "" } else { "s" }
            ),
            Warning::DuplicateClaim { first } => {
                write!(f, "the same claim as `{first}`; keep one of them, or reword this one to say what it adds")
            }
            Warning::DuplicateEvidence { first } => write!(
                f,
                "the same verdict and evidence as `{first}`; if the two claims say the same thing, keep one, \
                 otherwise cite the words that back this one in particular"
            ),
            Warning::UnusedAlias { names } => write!(
                f,
                "no term uses the alias {}; remove the `[[alias]]`, or use one of its names in a `terms` item",
                names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(" = ")
            ),
            Warning::NoSourceScope { key } => write!(
                f,
                "this {key} item searches every source; name the source it comes from with `source = \"...\"` \
                 (`factcheck find` tells where the text is), so that it cannot pass on another source's words"
            ),
            Warning::UncitedSource { name } => write!(
                f,
                "no claim cites {name} by name; add claims that cite it (`source = \"{name}\"`), or remove it from \
                 the corpus"
            ),
            Warning::EmptyMatchPattern { pattern, absent } => write!(
                f,
                "the pattern /{pattern}/ matches the empty string, so it {}; make every part of it required (`+` for \
                 `*`, no empty alternative)",
                if *absent { "is found in every source and the item always fails" } else { "holds in every source" }
            ),
            Warning::MinSourcesOneSource => write!(
                f,
                "`min_sources` counts sources, and this item names one; remove `min_sources`, or list the sources \
                 that must agree with `sources = [...]`"
            ),
            Warning::MissingSchema { directive } => write!(
                f,
                "the file does not point editors at its schema; make `{directive}` its first line (and \
                 `factcheck schema --write schema` writes the schema there), so that editors complete and check keys"
            ),
            Warning::Rigor { message, .. } => f.write_str(message),
        }
    }
}

/// Which root a finding's file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Root {
    Assertions,
    Corpus,
}

/// A warning, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub root: Root,
    /// The file, relative to its root.
    pub file: String,
    pub location: LineColumn,
    pub warning: Warning,
}

/// The warnings about a suite.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lint {
    /// Sorted by root, file and location.
    pub findings: Vec<Finding>,
    /// Whether unused aliases and uncited sources were looked for: only when every assertion file loaded and the
    /// corpus was opened, since a claim that could not be read may be the one that uses them.
    pub checked_usage: bool,
}

/// The warnings about the claims of `files` that loaded and, when given, the corpus.
pub fn lint(files: &[LoadedFile], corpus: Option<&Corpus>) -> Lint {
    let claims: Vec<&Claim> = files.iter().flatten().flat_map(|file| &file.claims).collect();
    let mut findings: Vec<Finding> = files
        .iter()
        .flatten()
        .filter(|file| file.schema.is_none())
        .map(|file| Finding {
            root: Root::Assertions,
            file: file.file.clone(),
            location: LineColumn { line: 1, column: 1 },
            warning: Warning::MissingSchema {
                directive: schema::directive(Schema::Assertions, file.file.matches('/').count()),
            },
        })
        .collect();
    let at = |claim: &Claim, location: LineColumn, warning: Warning| Finding {
        root: Root::Assertions,
        file: claim.file.clone(),
        location,
        warning,
    };
    for claim in &claims {
        for item in &claim.evidence {
            findings.extend(item_warnings(item).into_iter().map(|(location, warning)| at(claim, location, warning)));
        }
    }

    let mut texts: HashMap<String, &Claim> = HashMap::new();
    let mut evidence: HashMap<String, &Claim> = HashMap::new();
    // A claim is a duplicate of the first claim with its text, or else of the first with its verdict and evidence.
    for claim in &claims {
        let duplicate = match (texts.get(&claim_key(&claim.text)), evidence.get(&evidence_key(claim))) {
            (Some(first), _) => Some(Warning::DuplicateClaim { first: first.name.clone() }),
            (None, Some(first)) => Some(Warning::DuplicateEvidence { first: first.name.clone() }),
            (None, None) => None,
        };
        texts.entry(claim_key(&claim.text)).or_insert(claim);
        evidence.entry(evidence_key(claim)).or_insert(claim);
        findings.extend(duplicate.map(|warning| at(claim, claim.location, warning)));
    }

    // The rigor checks read the evidence in the corpus.
    if let Some(corpus) = corpus {
        let rigor = Rigor::new(corpus);
        for claim in &claims {
            findings.extend(rigor.analyze(claim).into_iter().map(|finding| {
                at(claim, finding.location, Warning::Rigor { code: finding.code, message: finding.message })
            }));
        }
    }

    let checked_usage = corpus.is_some() && files.iter().all(|file| load::problems(file).is_empty());
    if let (Some(corpus), true) = (corpus, checked_usage) {
        findings.extend(usage_warnings(&claims, corpus));
    }
    findings.sort_by(|a, b| (a.root, &a.file, a.location).cmp(&(b.root, &b.file, b.location)));
    Lint { findings, checked_usage }
}

/// The warnings about one evidence item, each at the key it is about.
fn item_warnings(item: &Evidence) -> Vec<(LineColumn, Warning)> {
    let mut warnings = Vec::new();
    let key = item.matcher.key();
    let at_key = |name: &str| item.key_location(name).unwrap_or(item.location);
    if !item.absent {
        let short = match &item.matcher {
            Matcher::Quote { normalized, .. } => Some(normalized.clone()),
            Matcher::Terms { terms } if terms.len() == 1 => Some(terms[0].clone()),
            _ => None,
        };
        if let Some(text) = short {
            let words = word_count(&text);
            if words <= SHORT_EVIDENCE_WORDS {
                warnings.push((at_key(key), Warning::ShortEvidence { key, text, words }));
            }
        }
        // Corroboration over the whole corpus (`min_sources` of every source) is about every source by design.
        if item.scope == Scope::All && item.min_sources == 1 {
            warnings.push((item.location, Warning::NoSourceScope { key }));
        }
    }
    if let Matcher::Pattern { text, regex } = &item.matcher
        && matches_empty(&regex.compile())
    {
        warnings.push((at_key("pattern"), Warning::EmptyMatchPattern { pattern: text.clone(), absent: item.absent }));
    }
    if let (Scope::Sources(names), Some(location)) = (&item.scope, item.key_location("min_sources"))
        && names.len() == 1
    {
        warnings.push((location, Warning::MinSourcesOneSource));
    }
    warnings
}

/// Unused aliases and uncited sources.
fn usage_warnings(claims: &[&Claim], corpus: &Corpus) -> Vec<Finding> {
    let mut findings = Vec::new();
    let terms: Vec<String> = claims
        .iter()
        .flat_map(|claim| &claim.evidence)
        .filter_map(|item| match &item.matcher {
            Matcher::Terms { terms } => Some(terms.iter().map(|term| term.to_lowercase())),
            _ => None,
        })
        .flatten()
        .collect();
    for alias in &corpus.config().aliases {
        if !alias.names.iter().any(|name| terms.contains(&name.to_lowercase())) {
            findings.push(Finding {
                root: Root::Corpus,
                file: FILE_NAME.to_owned(),
                location: alias.location,
                warning: Warning::UnusedAlias { names: alias.names.clone() },
            });
        }
    }
    let cited: Vec<&str> = claims
        .iter()
        .flat_map(|claim| &claim.evidence)
        .filter_map(|item| match &item.scope {
            Scope::Sources(names) => Some(names.iter().map(String::as_str)),
            Scope::All => None,
        })
        .flatten()
        .collect();
    for name in corpus.names().filter(|name| !cited.contains(name)) {
        findings.push(Finding {
            root: Root::Corpus,
            file: name.to_owned(),
            location: LineColumn { line: 1, column: 1 },
            warning: Warning::UncitedSource { name: name.to_owned() },
        });
    }
    findings
}

/// The words of a normalized text: runs between spaces that hold a letter or digit.
fn word_count(text: &str) -> usize {
    text.split(' ').filter(|word| word.chars().any(char::is_alphanumeric)).count()
}

/// Whether a regex can match the empty string somewhere: tried on texts that give every kind of empty match a
/// place to happen (start and end of text, word boundaries, white space, punctuation).
fn matches_empty(regex: &regex::Regex) -> bool {
    ["", "a", " ", "a b", "a.", ". a", "1"].iter().any(|text| regex.find_iter(text).any(|found| found.is_empty()))
}

/// Claims that say the same thing compare equal here: normalized, without case or final punctuation.
pub(crate) fn claim_key(text: &str) -> String {
    normalize_fragment(text).trim_end_matches(['.', '!', '?']).to_lowercase()
}

/// The verdict and evidence of a claim, in a form where the same evidence gives the same key whatever the
/// order of its items.
pub(crate) fn evidence_key(claim: &Claim) -> String {
    let mut items: Vec<String> = claim
        .evidence
        .iter()
        .map(|item| {
            let matcher = match &item.matcher {
                Matcher::Quote { normalized, .. } if item.ignore_case => {
                    format!("quote-i {}", normalized.to_lowercase())
                }
                Matcher::Quote { normalized, .. } => format!("quote {normalized}"),
                Matcher::Pattern { text, .. } => format!("pattern{} {text}", if item.ignore_case { "-i" } else { "" }),
                Matcher::Terms { terms } => {
                    let mut terms: Vec<String> = terms.iter().map(|term| term.to_lowercase()).collect();
                    terms.sort();
                    format!("terms {}", terms.join("\u{1f}"))
                }
            };
            let scope = match &item.scope {
                Scope::All => String::from("*"),
                Scope::Sources(names) => {
                    let mut names = names.clone();
                    names.sort();
                    names.join("\u{1f}")
                }
            };
            let role = if item.role == Role::Supports { "+" } else { "-" };
            format!("{matcher}\u{1e}{scope}\u{1e}{}\u{1e}{}\u{1e}{role}", item.min_sources, item.absent)
        })
        .collect();
    items.sort();
    format!("{}\u{1d}{}", claim.verdict, items.join("\u{1d}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::load::parse_file;
    use crate::limits::Limits;

    /// The warnings about the claims of `text` (the file's schema line aside: see `a_file_names_its_schema`).
    fn warnings(text: &str) -> Vec<String> {
        let files = vec![parse_file("a.toml", text, &Limits::default())];
        assert!(files[0].is_ok(), "{:?}", files[0]);
        lint(&files, None)
            .findings
            .iter()
            .filter(|f| f.warning.code() != "missing-schema")
            .map(|f| format!("{}: {}", f.location, f.warning.code()))
            .collect()
    }

    #[test]
    fn a_file_names_its_schema() {
        let body = claim("ok", "They met.", "source = \"a.txt\"\nquote = \"the two leaders met for hours\"");
        let found = |name: &str, text: &str| {
            let files = vec![parse_file(name, text, &Limits::default())];
            lint(&files, None).findings.into_iter().map(|f| (f.location.to_string(), f.warning.to_string())).collect()
        };
        let missing: Vec<(String, String)> = found("europe/a.toml", &body);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].0, "1:1");
        assert!(missing[0].1.contains("make `#:schema ../../schema/assertions.schema.json` its first line"));
        let named = format!("#:schema ../../schema/assertions.schema.json\n{body}");
        assert_eq!(found("europe/a.toml", &named), Vec::<(String, String)>::new());
    }

    fn claim(id: &str, claim: &str, item: &str) -> String {
        format!("[[claim]]\nid = \"{id}\"\nclaim = \"{claim}\"\n\n[[claim.evidence]]\n{item}\n\n")
    }

    #[test]
    fn a_well_made_claim_has_no_warnings() {
        let text = claim("ok", "They met.", "source = \"a.txt\"\nquote = \"the two leaders met for hours\"");
        assert_eq!(warnings(&text), Vec::<String>::new());
    }

    #[test]
    fn short_evidence_is_flagged_at_its_key_unless_absent() {
        let text = claim("short", "They met.", "source = \"a.txt\"\nquote = \"leaders met\"")
            + &claim("term", "Putin.", "source = \"a.txt\"\nterms = [\"Putin\"]")
            + &claim("terms", "Putin on Friday.", "source = \"a.txt\"\nterms = [\"Putin\", \"Friday\"]")
            + &claim("gone", "No date.", "source = \"a.txt\"\nquote = \"August\"\nabsent = true");
        assert_eq!(warnings(&text), ["7:1: short-evidence", "15:1: short-evidence"]);
    }

    #[test]
    fn items_without_a_scope_are_flagged_unless_absent() {
        let text = claim("everywhere", "They met.", "quote = \"the two leaders met for hours\"")
            + &claim("never", "No date.", "quote = \"on August 15\"\nabsent = true")
            + &claim("all-agree", "All say so.", "terms = [\"Zelensky\", \"Trump\"]\nmin_sources = 3");
        assert_eq!(warnings(&text), ["5:1: no-source-scope"]);
    }

    #[test]
    fn patterns_matching_nothing_at_all_are_flagged() {
        for (pattern, flagged) in [
            ("a*", true),
            ("(x|)", true),
            (r"\b", true),
            ("^", true),
            (r"nearly (three|3)[- ]hours?", false),
            (r"\b15\b", false),
        ] {
            let text = claim("p", "They met.", &format!("source = \"a.txt\"\npattern = '{pattern}'"));
            assert_eq!(warnings(&text) == ["7:1: empty-match-pattern"], flagged, "{pattern}: {:?}", warnings(&text));
        }
    }

    #[test]
    fn min_sources_on_one_source_is_flagged() {
        let text = claim("one", "They met.", "source = \"a.txt\"\nquote = \"the two leaders met\"\nmin_sources = 1")
            + &claim(
                "two",
                "The leaders met.",
                "sources = [\"a.txt\", \"b.txt\"]\nquote = \"the leaders met\"\nmin_sources = 2",
            );
        assert_eq!(warnings(&text), ["8:1: min-sources-one-source"]);
    }

    #[test]
    fn duplicates_are_flagged_on_the_later_claim_across_files() {
        let first = claim("met", "They met.", "source = \"a.txt\"\nquote = \"the two leaders met\"");
        let same_text = claim("met-again", "they met", "source = \"b.txt\"\nquote = \"the leaders met in Alaska\"");
        let same_evidence =
            claim("met-alaska", "They met in Alaska.", "source = \"a.txt\"\nquote = \"the two leaders met\"");
        let refuted = claim("did-not-meet", "They never met.", "source = \"a.txt\"\nquote = \"the two leaders met\"")
            .replace("claim = \"They never met.\"", "claim = \"They never met.\"\nverdict = \"refuted\"");
        let both = claim("met-twice", "They met!", "source = \"a.txt\"\nquote = \"the two leaders met\"");
        let files = vec![
            parse_file("a.toml", &first, &Limits::default()),
            parse_file("b.toml", &(same_text + &same_evidence + &refuted), &Limits::default()),
            parse_file("c.toml", &both, &Limits::default()),
        ];
        let lint = lint(&files, None);
        let found: Vec<(String, String)> = lint
            .findings
            .iter()
            .filter(|f| f.warning.code() != "missing-schema")
            .map(|f| (format!("{}:{}", f.file, f.location), f.warning.to_string()))
            .collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[2].0, "c.toml:1:1");
        assert!(
            found[2].1.starts_with("the same claim as `a::met`"),
            "one warning for a claim both duplicate: {found:?}"
        );
        assert_eq!(found[0].0, "b.toml:1:1");
        assert!(found[0].1.starts_with("the same claim as `a::met`"), "{found:?}");
        assert_eq!(found[1].0, "b.toml:9:1");
        assert!(found[1].1.starts_with("the same verdict and evidence as `a::met`"), "{found:?}");
        assert!(!lint.checked_usage, "no corpus given");
    }

    #[test]
    fn every_warning_says_what_to_do() {
        let all = [
            Warning::ShortEvidence { key: "quote", text: "met".into(), words: 1 },
            Warning::DuplicateClaim { first: "a::b".into() },
            Warning::DuplicateEvidence { first: "a::b".into() },
            Warning::UnusedAlias { names: vec!["Zelensky".into(), "Zelenskiy".into()] },
            Warning::NoSourceScope { key: "quote" },
            Warning::UncitedSource { name: "a.txt".into() },
            Warning::EmptyMatchPattern { pattern: "a*".into(), absent: false },
            Warning::MinSourcesOneSource,
            Warning::Rigor { code: crate::rigor::Code::Hedge, message: "keep the hedge".into() },
        ];
        for warning in all {
            let message = warning.to_string();
            assert!(
                ["; ", "remove", "add", "keep", "quote", "name", "make"].iter().any(|verb| message.contains(verb)),
                "{message}"
            );
            assert!(!warning.code().is_empty());
        }
    }
}

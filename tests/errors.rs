//! Every way an input file can be wrong is reported as `file:line:column: message`, pointing at the mistake:
//! one case per variant of [`ProblemKind`], [`AssertionRule`] and [`ConfigRule`], and for files that cannot be
//! read, are not UTF-8, are too large or have names that cannot be used.
//!
//! The cases are checked to cover every variant: `variant` below matches without a wildcard, so a new variant
//! does not compile until it is named there, and the test fails until it has a case here.
//!
//! Not located, by nature: a root directory that cannot be read (the message names the directory), usage
//! errors (the command line has no file), and a file a command cannot write (the message names the path).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use factcheck::assertion::load::{self, load_file, load_root, parse_file};
use factcheck::corpus::config;
use factcheck::corpus::{Corpus, CorpusError};
use factcheck::diagnostic::{AssertionRule, ConfigRule, Diagnostic, ProblemKind};
use factcheck::limits::{Limits, MAX_PROBLEMS_PER_FILE};

/// The name of a problem's variant, and of its rule's for rule problems.
fn variant(kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::Syntax { .. } => "Syntax".into(),
        ProblemKind::UnknownKey { .. } => "UnknownKey".into(),
        ProblemKind::WrongType { .. } => "WrongType".into(),
        ProblemKind::MissingKey { .. } => "MissingKey".into(),
        ProblemKind::Assertion(rule) => format!("Assertion::{}", assertion_rule(rule)),
        ProblemKind::CorpusConfig(rule) => format!("CorpusConfig::{}", config_rule(rule)),
        ProblemKind::Unreadable { .. } => "Unreadable".into(),
        ProblemKind::TooLarge { .. } => "TooLarge".into(),
        ProblemKind::NotUtf8 => "NotUtf8".into(),
        ProblemKind::UnsafeName { .. } => "UnsafeName".into(),
        ProblemKind::TooManyProblems { .. } => "TooManyProblems".into(),
    }
}

fn assertion_rule(rule: &AssertionRule) -> &'static str {
    match rule {
        AssertionRule::NoClaims => "NoClaims",
        AssertionRule::InvalidId { .. } => "InvalidId",
        AssertionRule::DuplicateId { .. } => "DuplicateId",
        AssertionRule::EmptyClaim => "EmptyClaim",
        AssertionRule::NoEvidence => "NoEvidence",
        AssertionRule::TooManyEvidence { .. } => "TooManyEvidence",
        AssertionRule::NoMatcher => "NoMatcher",
        AssertionRule::SeveralMatchers { .. } => "SeveralMatchers",
        AssertionRule::EmptyQuote => "EmptyQuote",
        AssertionRule::QuoteTooLong { .. } => "QuoteTooLong",
        AssertionRule::BadPattern { .. } => "BadPattern",
        AssertionRule::EmptyTerms => "EmptyTerms",
        AssertionRule::TooManyTerms { .. } => "TooManyTerms",
        AssertionRule::TermsIgnoreCase => "TermsIgnoreCase",
        AssertionRule::UnknownName { .. } => "UnknownName",
        AssertionRule::SourceAndSources => "SourceAndSources",
        AssertionRule::EmptySources => "EmptySources",
        AssertionRule::DuplicateSource { .. } => "DuplicateSource",
        AssertionRule::UnsafeSource { .. } => "UnsafeSource",
        AssertionRule::MinSourcesZero => "MinSourcesZero",
        AssertionRule::MinSourcesWithAbsent => "MinSourcesWithAbsent",
        AssertionRule::MinSourcesAboveScope { .. } => "MinSourcesAboveScope",
        AssertionRule::RoleAgainstVerdict { .. } => "RoleAgainstVerdict",
        AssertionRule::DisputedNeedsRole => "DisputedNeedsRole",
        AssertionRule::DisputedNeedsBothRoles { .. } => "DisputedNeedsBothRoles",
        AssertionRule::UnverifiableNeedsAbsent => "UnverifiableNeedsAbsent",
    }
}

const ASSERTION_RULES: usize = 26;

fn config_rule(rule: &ConfigRule) -> &'static str {
    match rule {
        ConfigRule::BadDate { .. } => "BadDate",
        ConfigRule::BadRegex { .. } => "BadRegex",
        ConfigRule::ExclusionRule => "ExclusionRule",
        ConfigRule::EmptyFrom => "EmptyFrom",
        ConfigRule::AliasTooSmall => "AliasTooSmall",
        ConfigRule::UnsafeSource { .. } => "UnsafeSource",
        ConfigRule::UnknownSource { .. } => "UnknownSource",
        ConfigRule::LimitZero { .. } => "LimitZero",
        ConfigRule::UnknownRigorCheck { .. } => "UnknownRigorCheck",
    }
}

const CONFIG_RULES: usize = 9;
/// The variants of `ProblemKind` other than the two rule families.
const OTHER_KINDS: usize = 9;

/// The 1-based line and column of the `nth` (0-based) occurrence of `marker` in `text`.
fn position(text: &str, marker: &str, nth: usize) -> (usize, usize) {
    let at = text.match_indices(marker).nth(nth).unwrap_or_else(|| panic!("{marker:?} #{nth} not in {text}")).0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Checks that one of `diagnostics` is `file:line:column: message…` at the `nth` `marker` of `text`, and
/// returns its variant.
fn expect(diagnostics: &[Diagnostic], file: &str, text: &str, (marker, nth): (&str, usize), message: &str) -> String {
    let (line, column) = position(text, marker, nth);
    let prefix = format!("{file}:{line}:{column}: {message}");
    let found = diagnostics.iter().find(|d| d.to_string().starts_with(&prefix));
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    variant(&found.unwrap_or_else(|| panic!("{prefix:?} not in {shown:#?}\nfor:\n{text}")).kind)
}

/// The claim header, an evidence header and `item` (TOML lines), with `extra` lines in the claim.
fn claim(extra: &str, item: &str) -> String {
    format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n{extra}\n[[claim.evidence]]\n{item}\n")
}

/// Every problem of a file that has some: the file's own, or its malformed claims'.
fn assertion_errors(text: &str) -> Vec<Diagnostic> {
    let loaded = parse_file("topic/t.toml", text, &Limits::default());
    let problems: Vec<Diagnostic> = load::problems(&loaded).into_iter().cloned().collect();
    assert!(!problems.is_empty(), "the file must have problems: {loaded:?}");
    problems
}

#[test]
fn every_assertion_file_mistake_is_located() {
    let many_items =
        format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n{}", "[[claim.evidence]]\nquote = \"q\"\n".repeat(65));
    let many_terms = format!("terms = [{}]", vec!["\"a\""; 17].join(", "));
    let long_quote = format!("quote = \"{}\"", "a".repeat(2_001));
    let duplicate = format!("{}{}", claim("", "quote = \"q\""), claim("", "quote = \"q\""));
    let cases: Vec<(String, (&str, usize), &str)> = vec![
        ("[[claim]]\nid = = 1\n".into(), ("= 1", 0), "invalid TOML"),
        (claim("", "qoute = \"q\""), ("qoute", 0), "unknown key `qoute` in evidence item, did you mean `quote`?"),
        (claim("check_numbers = \"no\"", "quote = \"q\""), ("\"no\"", 0), "`check_numbers` must be true or false"),
        (
            "[[claim]]\nclaim = \"y\"\n[[claim.evidence]]\nquote = \"q\"\n".into(),
            ("[[claim]]", 0),
            "claim is missing `id`; add a line such as",
        ),
        ("# nothing yet\n".into(), ("#", 0), "the file has no claims"),
        (claim("", "quote = \"q\"").replace("\"x\"", "\"Bad Id\""), ("\"Bad Id\"", 0), "invalid id `Bad Id`"),
        (duplicate, ("[[claim]]", 1), "the id `x` is also used by the claim on line 1"),
        (claim("", "quote = \"q\"").replace("\"y\"", "\"\""), ("\"\"", 0), "`claim` is empty"),
        ("[[claim]]\nid = \"x\"\nclaim = \"y\"\n".into(), ("[[claim]]", 0), "the claim has no evidence"),
        (many_items, ("[[claim.evidence]]", 0), "the claim has 65 evidence items, more than the limit of 64"),
        (claim("", "source = \"a.txt\""), ("[[claim.evidence]]", 0), "the evidence item has no matcher"),
        (
            claim("", "quote = \"q\"\npattern = \"p\""),
            ("[[claim.evidence]]", 0),
            "the evidence item has `quote` and `pattern`",
        ),
        (claim("", "quote = \"  \""), ("\"  \"", 0), "the quote is empty"),
        (claim("", &long_quote), ("\"aaa", 0), "the text is 2001 characters, more than the limit of 2000"),
        (claim("", "pattern = \"(\""), ("\"(\"", 0), "the pattern is not a valid regular expression"),
        (claim("", "terms = []"), ("[]", 0), "`terms` needs at least one non-empty term"),
        (claim("", &many_terms), ("[\"a\"", 0), "`terms` has 17 terms, more than the limit of 16"),
        (claim("", "terms = [\"a\"]\nignore_case = true"), ("true", 0), "`terms` always ignore case"),
        (
            claim("verdict = \"suported\"", "quote = \"q\""),
            ("\"suported\"", 0),
            "unknown verdict `suported`, did you mean `supported`?",
        ),
        (
            claim("rigor = [\"details\", \"hedges\"]", "quote = \"q\""),
            ("\"hedges\"", 0),
            "unknown rigor check `hedges`, did you mean `hedge`?",
        ),
        (
            claim("", "quote = \"q\"\nsource = \"a.txt\"\nsources = [\"b.txt\"]"),
            ("\"a.txt\"", 0),
            "the item has both `source` and `sources`",
        ),
        (claim("", "quote = \"q\"\nsources = []"), ("[]", 0), "`sources` is empty"),
        (
            claim("", "quote = \"q\"\nsources = [\"a.txt\", \"a.txt\"]"),
            ("\"a.txt\"", 1),
            "`a.txt` is listed twice in `sources`",
        ),
        (
            claim("", "quote = \"q\"\nsource = \"../a.txt\""),
            ("\"../a.txt\"", 0),
            "`../a.txt` cannot name a source: `..` leaves the corpus root",
        ),
        (claim("", "quote = \"q\"\nmin_sources = 0"), ("0", 0), "`min_sources` must be at least 1"),
        (
            claim("", "quote = \"q\"\nabsent = true\nmin_sources = 2"),
            ("2", 0),
            "`min_sources` does not apply to an `absent` item",
        ),
        (
            claim("", "quote = \"q\"\nsources = [\"a.txt\"]\nmin_sources = 2"),
            ("2", 0),
            "`min_sources = 2` can never hold",
        ),
        (
            claim("verdict = \"refuted\"", "quote = \"q\"\nrole = \"supports\""),
            ("\"supports\"", 0),
            "`role = \"supports\"` contradicts the claim's verdict `refuted`",
        ),
        (
            claim("verdict = \"disputed\"", "quote = \"q\""),
            ("[[claim.evidence]]", 0),
            "every evidence item of a disputed claim needs",
        ),
        (
            claim("verdict = \"disputed\"", "quote = \"q\"\nrole = \"supports\""),
            ("[[claim]]", 0),
            "a disputed claim needs evidence on both sides",
        ),
        (
            claim("verdict = \"unverifiable\"", "quote = \"q\""),
            ("[[claim.evidence]]", 0),
            "an unverifiable claim may only have `absent = true` items",
        ),
    ];
    let mut covered = BTreeSet::new();
    for (text, marker, message) in &cases {
        covered.insert(expect(&assertion_errors(text), "topic/t.toml", text, *marker, message));
    }
    let rules = covered.iter().filter(|name| name.starts_with("Assertion::")).count();
    assert_eq!(rules, ASSERTION_RULES, "every AssertionRule has a case: {covered:#?}");
    for kind in ["Syntax", "UnknownKey", "WrongType", "MissingKey"] {
        assert!(covered.contains(kind), "{kind} in {covered:?}");
    }
}

#[test]
fn every_corpus_toml_mistake_is_located() {
    let cases: Vec<(&str, (&str, usize), &str)> = vec![
        ("[sources.\"a.txt\"]\npublished = \"16 August\"\n", ("\"16 August\"", 0), "`16 August` is not a date"),
        ("[[exclude]]\nlines = \"(\"\n", ("\"(\"", 0), "`lines` is not a valid regular expression"),
        ("[[exclude]]\nreason = \"r\"\n", ("[[exclude]]", 0), "an `[[exclude]]` table needs exactly one of"),
        ("[[exclude]]\nfrom = \" \"\n", ("\" \"", 0), "`from` and `to` need the text that starts the line"),
        ("[[alias]]\nnames = [\"one\"]\n", ("[[alias]]", 0), "an alias needs two names or more"),
        ("[sources.\"C:\\\\x.txt\"]\ntitle = \"t\"\n", ("\"C:", 0), "`C:\\x.txt` cannot name a source"),
        ("[limits]\nmax_terms = 0\n", ("0", 0), "`max_terms` must be at least 1"),
        (
            "[rigor]\nfail = [\"detials\"]\n",
            ("\"detials\"", 0),
            "unknown rigor check `detials`, did you mean `details`?",
        ),
    ];
    let mut covered = BTreeSet::new();
    for (text, marker, message) in &cases {
        let diagnostics = config::parse(text, &Limits::default()).expect_err("corpus.toml must not load");
        covered.insert(expect(&diagnostics, "corpus.toml", text, *marker, message));
    }

    // A source named in corpus.toml that does not exist is found when the corpus is opened.
    let dir = tempfile::tempdir().unwrap();
    let text = "[sources.\"a.txt\"]\ntitle = \"A\"\n\n[sources.\"missing.txt\"]\ntitle = \"M\"\n";
    fs::write(dir.path().join("corpus.toml"), text).unwrap();
    fs::write(dir.path().join("a.txt"), "A source.\n").unwrap();
    let Err(CorpusError::Config { diagnostics }) = Corpus::open(dir.path(), &Limits::default()) else {
        panic!("the corpus must not open");
    };
    covered.insert(expect(
        &diagnostics,
        "corpus.toml",
        text,
        ("\"missing.txt\"", 0),
        "there is no source `missing.txt`",
    ));
    assert_eq!(covered.len(), CONFIG_RULES, "every ConfigRule has a case: {covered:#?}");
}

#[test]
fn files_that_cannot_be_read_or_named_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut covered = BTreeSet::new();
    let one = |name: &str, path: &Path, limits: &Limits| {
        let error = load_file(name, path, limits).expect_err("the file must not load");
        assert_eq!(error.diagnostics.len(), 1);
        error.diagnostics[0].clone()
    };

    let missing = one("missing.toml", &root.join("missing.toml"), &Limits::default());
    assert!(missing.to_string().starts_with("missing.toml:1:1: cannot read the file: "), "{missing}");
    covered.insert(variant(&missing.kind));

    fs::write(root.join("big.toml"), "# ".repeat(100)).unwrap();
    let limits = Limits { max_assertion_file_bytes: 50, ..Limits::default() };
    let big = one("big.toml", &root.join("big.toml"), &limits);
    assert_eq!(
        big.to_string(),
        "big.toml:1:1: the file is 200 bytes, more than the limit of 50 bytes; split it into smaller files"
    );
    covered.insert(variant(&big.kind));

    fs::write(root.join("latin1.toml"), b"[[claim]]\nid = \"caf\xe9\"\n").unwrap();
    let latin1 = one("latin1.toml", &root.join("latin1.toml"), &Limits::default());
    assert_eq!(latin1.to_string(), "latin1.toml:2:10: the file is not valid UTF-8 here; save it as UTF-8");
    covered.insert(variant(&latin1.kind));

    let assertions = root.join("assertions");
    fs::create_dir(&assertions).unwrap();
    fs::write(assertions.join("::error::x.toml"), "[[claim]]\n").unwrap();
    let loaded = load_root(&assertions, &Limits::default(), factcheck::parallel::default_threads()).unwrap();
    let error = loaded[0].as_ref().expect_err("an unsafe name does not load");
    let shown = error.diagnostics[0].to_string();
    assert!(shown.starts_with("\\u{3a}:error::x.toml:1:1: the file name cannot be used: "), "{shown}");
    assert!(shown.ends_with("rename the file with letters, digits, `-` and `_`"), "{shown}");
    covered.insert(variant(&error.diagnostics[0].kind));

    let text = "=\n".repeat(MAX_PROBLEMS_PER_FILE * 2);
    let diagnostics = parse_file("many.toml", &text, &Limits::default()).unwrap_err().diagnostics;
    assert_eq!(diagnostics.len(), MAX_PROBLEMS_PER_FILE);
    let last = diagnostics.last().unwrap();
    let shown = last.to_string();
    let located =
        regex::Regex::new(r"^many\.toml:\d+:\d+: \d+ more problems not shown; fix the ones above first$").unwrap();
    assert!(located.is_match(&shown) && last.location.line > 1, "{shown}");
    covered.insert(variant(&last.kind));

    // With the two rule families (the tests above), every kind of problem is covered.
    assert_eq!(covered.len() + 4, OTHER_KINDS, "{covered:#?}");
}

//! `corpus.toml`: what the corpus says about itself.
//!
//! The file is optional and lives in the corpus root. It holds, key by key (documented in book/src/corpus-toml.md):
//!
//! - `[sources."<name>"]`: metadata of a source (`title`, `outlet`, `published`, `url`, `author`, `language`);
//! - `[[exclude]]`: regions that are never evidence (reader comments, "See also" links, boilerplate), chosen by
//!   a `lines` regex (every matching line) or by `from` (the first line starting with that text, up to the end
//!   of the source or of the first later line starting with `to`), in `source`/`sources` or every source;
//! - `[[alias]]`: names of one entity (`names = ["Zelensky", "Zelenskiy", "Zelenskyy"]`), which `terms` treat as
//!   equal;
//! - `[limits]`: the bounds of [`Limits`] for this corpus;
//! - `[claimreview]`: who publishes the ClaimReview records of `factcheck export --claimreview` (`author`,
//!   `author_url`) and where the report is published (`report_url`);
//! - `[rigor]`: the rigor checks ([`crate::rigor`]) that fail every claim (`fail`), and words added to their
//!   lists (`attribution`, `hedges`, `negations`, `sequence`, `dates`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use regex::{Regex, RegexBuilder};
use toml::de::{DeTable, DeValue};

use super::normalize::{normalize_fragment, normalized_fragment};
use crate::diagnostic::{ConfigRule, Diagnostic, Problem, ProblemKind};
use crate::files;
use crate::limits::Limits;
use crate::toml_input::{Spanned, TableReader, parse_document};

/// The name of the file in the corpus root.
pub const FILE_NAME: &str = "corpus.toml";

/// The contents of `corpus.toml`, validated.
#[derive(Debug, Clone, Default)]
pub struct CorpusConfig {
    /// Metadata by source name.
    pub sources: BTreeMap<String, SourceMetadata>,
    pub exclusions: Vec<Exclusion>,
    /// Groups of names for one entity.
    pub aliases: Vec<Alias>,
    pub limits: Limits,
    /// `[claimreview]`, empty when absent.
    pub claimreview: ClaimReviewConfig,
    /// `[rigor]`: the rigor checks that fail every claim, and words added to their lists.
    pub rigor: RigorConfig,
    /// Source names mentioned in the file, with where, so that the corpus can report those that do not exist.
    pub mentioned_sources: Vec<(String, crate::location::LineColumn)>,
}

/// Names of one entity (`[[alias]]`), which `terms` treat as equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The names, normalized, as written.
    pub names: Vec<String>,
    /// Where the `[[alias]]` table is in `corpus.toml`.
    pub location: crate::location::LineColumn,
}

/// What is known about one source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMetadata {
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// `[claimreview]`: the publisher of the ClaimReview records; the command line overrides it (`--author` the
/// author whole, name and URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimReviewConfig {
    /// The fact-checking organization that reviews the claims.
    pub author: Option<String>,
    /// Its home page.
    pub author_url: Option<String>,
    /// Where the HTML report is published; each review's `url` is this with the claim's `#claim-...` anchor.
    pub report_url: Option<String>,
}

/// `[rigor]`: the rigor checks ([`crate::rigor`]) that fail every claim of the corpus, and words a corpus adds to
/// the built-in lists (for another language, or a newsroom's own style).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RigorConfig {
    /// Names of rigor checks (`details`, `attribution`, ...) that fail a claim in `factcheck check`.
    pub fail: Vec<String>,
    /// Verbs and phrases of reported speech.
    pub attribution: Vec<String>,
    /// Hedge groups, each a string of words separated by `|`.
    pub hedges: Vec<String>,
    pub negations: Vec<String>,
    /// Words that say a position changed.
    pub sequence: Vec<String>,
    /// Dates and times (a capitalized entry matches only a capitalized word).
    pub dates: Vec<String>,
}

/// A kind of region that is not evidence.
#[derive(Debug, Clone)]
pub struct Exclusion {
    /// Why (shown when a quote is found only there): "reader comments".
    pub reason: String,
    /// The sources it applies to; empty for every source.
    pub sources: Vec<String>,
    pub rule: ExclusionRule,
}

/// How an excluded region is found in a source.
#[derive(Debug, Clone)]
pub enum ExclusionRule {
    /// Every line whose normalized, trimmed text matches.
    Lines(Regex),
    /// From the first line whose normalized, trimmed text starts with `from`, to the end of the first later line
    /// starting with `to`, or to the end of the source.
    From { from: String, to: Option<String> },
}

impl Exclusion {
    pub fn applies_to(&self, source: &str) -> bool {
        self.sources.is_empty() || self.sources.iter().any(|name| name == source)
    }

    /// The byte ranges of the original text of `lines` this exclusion covers, one per region, in order.
    pub fn regions(&self, lines: &SourceLines<'_>) -> Vec<Range<usize>> {
        let mut regions = Vec::new();
        let mut at = 0..lines.ranges.len();
        match &self.rule {
            ExclusionRule::Lines(regex) => {
                regions.extend(at.filter(|line| regex.is_match(lines.normalized(*line))).map(|line| lines.range(line)));
            }
            ExclusionRule::From { from, to } => {
                let starts_with = |line: &usize, prefix: &str| lines.normalized(*line).starts_with(prefix);
                if let Some(first) = at.find(|line| starts_with(line, from)) {
                    let end = match to {
                        Some(to) => at
                            .find(|line| starts_with(line, to))
                            .map_or(lines.original.len(), |line| lines.range(line).end),
                        None => lines.original.len(),
                    };
                    regions.push(lines.range(first).start..end);
                }
            }
        }
        regions
    }
}

/// The lines of a source's original text, each normalized (and trimmed) when an exclusion first looks at it:
/// every exclusion that applies to a source looks at its lines, which are normalized once for all of them.
pub struct SourceLines<'t> {
    original: &'t str,
    /// The byte ranges of the lines, without line endings.
    ranges: Vec<Range<usize>>,
    normalized: Vec<std::cell::OnceCell<Cow<'t, str>>>,
}

impl<'t> SourceLines<'t> {
    pub fn new(original: &'t str) -> SourceLines<'t> {
        let mut ranges = Vec::new();
        let mut start = 0;
        for line in original.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            ranges.push(start..start + content.len());
            start += line.len();
        }
        let normalized = ranges.iter().map(|_| std::cell::OnceCell::new()).collect();
        SourceLines { original, ranges, normalized }
    }

    fn range(&self, line: usize) -> Range<usize> {
        self.ranges[line].clone()
    }

    /// Line `line`, normalized and trimmed as a fragment a person wrote is.
    fn normalized(&self, line: usize) -> &str {
        self.normalized[line].get_or_init(|| normalized_fragment(&self.original[self.range(line)]))
    }
}

pub(crate) const TOP_KEYS: &[&str] = &["sources", "exclude", "alias", "limits", "claimreview", "rigor"];
pub(crate) const RIGOR_KEYS: &[&str] = &["fail", "attribution", "hedges", "negations", "sequence", "dates"];
pub(crate) const CLAIMREVIEW_KEYS: &[&str] = &["author", "author_url", "report_url"];
pub(crate) const SOURCE_KEYS: &[&str] = &["title", "outlet", "published", "url", "author", "language"];
pub(crate) const EXCLUDE_KEYS: &[&str] = &["reason", "source", "sources", "lines", "from", "to"];
pub(crate) const ALIAS_KEYS: &[&str] = &["names"];
pub(crate) const LIMIT_KEYS: &[&str] = &[
    "max_source_bytes",
    "max_assertion_file_bytes",
    "max_quote_chars",
    "max_terms",
    "max_evidence_per_claim",
    "regex_size_limit",
    "regex_nest_limit",
];

/// Reads `corpus.toml` from the corpus root; its defaults when there is none. Reads no source.
pub fn load(root: &std::path::Path, defaults: &Limits) -> Result<CorpusConfig, Vec<Diagnostic>> {
    let path = root.join(FILE_NAME);
    if !path.is_file() {
        return Ok(CorpusConfig { limits: *defaults, ..CorpusConfig::default() });
    }
    let text = files::read_text(&path, defaults.max_assertion_file_bytes)
        .map_err(|error| vec![Diagnostic::unreadable(FILE_NAME, error)])?;
    parse(&text, defaults)
}

/// Parses the text of `corpus.toml`.
pub fn parse(text: &str, defaults: &Limits) -> Result<CorpusConfig, Vec<Diagnostic>> {
    let locate = |problems| Diagnostic::locate(FILE_NAME, text, problems);
    let (table, span) = parse_document(text).map_err(locate)?;
    let mut problems = Vec::new();
    let mut config = CorpusConfig { limits: *defaults, ..CorpusConfig::default() };
    let mut mentioned = Vec::new();
    let mut top = TableReader::new(&table, span, "corpus.toml", TOP_KEYS, &mut problems);
    let sources = top.table("sources");
    let excludes = top.tables("exclude");
    let aliases = top.tables("alias");
    let limits = top.table("limits");
    let claimreview = top.table("claimreview");
    let rigor = top.table("rigor");
    top.finish();

    if let Some((sources, _)) = sources {
        for (name, value) in sources.iter() {
            let name_span = name.span();
            let name: &str = name.get_ref();
            mentioned.push((name.to_owned(), name_span.clone()));
            if let Err(reason) = files::check_relative_name(name) {
                let kind = ProblemKind::CorpusConfig(ConfigRule::UnsafeSource { name: name.to_owned(), reason });
                problems.push(Problem { span: name_span.clone(), kind });
            }
            let DeValue::Table(source) = value.get_ref() else {
                let kind = ProblemKind::WrongType { key: name.to_owned(), expected: "a table", found: "another value" };
                problems.push(Problem { span: value.span(), kind });
                continue;
            };
            let metadata = read_metadata(source, value.span(), &mut problems);
            config.sources.insert(name.to_owned(), metadata);
        }
    }
    // Limits first: they bound the `lines` regexes below.
    if let Some((table, span)) = limits {
        read_limits(table, span, &mut config.limits, &mut problems);
    }
    for (table, span) in excludes {
        if let Some(exclusion) = read_exclusion(table, span, &config.limits, &mut problems, &mut mentioned) {
            config.exclusions.push(exclusion);
        }
    }
    let mut alias_spans = Vec::new();
    for (table, span) in aliases {
        let mut reader = TableReader::new(table, span.clone(), "alias", ALIAS_KEYS, &mut problems);
        let names = reader.strings("names");
        reader.finish();
        let names: Vec<String> = names
            .map(|names| {
                names.value.iter().map(|name| normalize_fragment(&name.value)).filter(|n| !n.is_empty()).collect()
            })
            .unwrap_or_default();
        if names.len() < 2 {
            problems.push(Problem { span, kind: ProblemKind::CorpusConfig(ConfigRule::AliasTooSmall) });
        } else {
            alias_spans.push((names, span.start));
        }
    }
    if let Some((table, span)) = claimreview {
        let mut reader = TableReader::new(table, span, "claimreview", CLAIMREVIEW_KEYS, &mut problems);
        let mut text = |key| reader.string(key).map(|value| value.value);
        config.claimreview = ClaimReviewConfig {
            author: text("author"),
            author_url: text("author_url"),
            report_url: text("report_url"),
        };
        reader.finish();
    }
    if let Some((table, span)) = rigor {
        config.rigor = read_rigor(table, span, &mut problems);
    }
    if !problems.is_empty() {
        return Err(locate(problems));
    }
    let index = crate::location::LineIndex::new(text);
    config.aliases =
        alias_spans.into_iter().map(|(names, start)| Alias { names, location: index.locate(text, start) }).collect();
    config.mentioned_sources =
        mentioned.into_iter().map(|(name, span)| (name, index.locate(text, span.start))).collect();
    Ok(config)
}

fn read_rigor(table: &DeTable<'_>, span: Range<usize>, problems: &mut Vec<Problem>) -> RigorConfig {
    let mut reader = TableReader::new(table, span, "rigor", RIGOR_KEYS, problems);
    let list = |reader: &mut TableReader<'_, '_, '_>, key| reader.strings(key).map(|list| list.value);
    let fail = list(&mut reader, "fail").unwrap_or_default();
    let words = |list: Option<Vec<Spanned<String>>>| -> Vec<String> {
        list.unwrap_or_default().into_iter().map(|word| word.value).collect()
    };
    let attribution = words(list(&mut reader, "attribution"));
    let hedges = words(list(&mut reader, "hedges"));
    let negations = words(list(&mut reader, "negations"));
    let sequence = words(list(&mut reader, "sequence"));
    let dates = words(list(&mut reader, "dates"));
    reader.finish();
    for name in &fail {
        if crate::rigor::Code::parse(&name.value).is_none() {
            let suggestion = crate::toml_input::suggest(&name.value.to_lowercase(), crate::rigor::Code::NAMES);
            let kind =
                ProblemKind::CorpusConfig(ConfigRule::UnknownRigorCheck { name: name.value.clone(), suggestion });
            problems.push(Problem { span: name.span.clone(), kind });
        }
    }
    RigorConfig { fail: words(Some(fail)), attribution, hedges, negations, sequence, dates }
}

fn read_metadata(table: &DeTable<'_>, span: Range<usize>, problems: &mut Vec<Problem>) -> SourceMetadata {
    let mut reader = TableReader::new(table, span, "source metadata", SOURCE_KEYS, problems);
    let text = |reader: &mut TableReader<'_, '_, '_>, key| reader.string(key).map(|value| value.value);
    let title = text(&mut reader, "title");
    let outlet = text(&mut reader, "outlet");
    let url = text(&mut reader, "url");
    let author = text(&mut reader, "author");
    let language = text(&mut reader, "language");
    let published = reader.date("published");
    reader.finish();
    let published = published.and_then(|date| {
        if is_date(&date.value) {
            Some(date.value)
        } else {
            let kind = ProblemKind::CorpusConfig(ConfigRule::BadDate { value: date.value });
            problems.push(Problem { span: date.span, kind });
            None
        }
    });
    SourceMetadata { title, outlet, published, url, author, language }
}

/// Whether `text` is a calendar date `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year, month, day] if number(year, 4) && number(month, 2) && number(day, 2) => {
            let (month, day): (u32, u32) = (month.parse().unwrap_or(0), day.parse().unwrap_or(0));
            (1..=12).contains(&month) && (1..=31).contains(&day)
        }
        _ => false,
    }
}

fn read_exclusion(
    table: &DeTable<'_>,
    span: Range<usize>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
    mentioned: &mut Vec<(String, Range<usize>)>,
) -> Option<Exclusion> {
    let mut reader = TableReader::new(table, span.clone(), "exclude", EXCLUDE_KEYS, problems);
    let reason = reader.string("reason").map_or_else(|| "excluded by corpus.toml".to_owned(), |r| r.value);
    let source = reader.string("source");
    let sources = reader.strings("sources");
    let lines = reader.string("lines");
    let from = reader.string("from");
    let to = reader.string("to");
    reader.finish();
    let names: Vec<Spanned<String>> = source.into_iter().chain(sources.into_iter().flat_map(|s| s.value)).collect();
    for name in &names {
        mentioned.push((name.value.clone(), name.span.clone()));
        if let Err(reason) = files::check_relative_name(&name.value) {
            let kind = ProblemKind::CorpusConfig(ConfigRule::UnsafeSource { name: name.value.clone(), reason });
            problems.push(Problem { span: name.span.clone(), kind });
        }
    }
    let rule = match (lines, from) {
        (Some(lines), None) if to.is_none() => {
            let regex = RegexBuilder::new(&lines.value)
                .size_limit(limits.regex_size_limit)
                .nest_limit(limits.regex_nest_limit)
                .build();
            match regex {
                Ok(regex) => ExclusionRule::Lines(regex),
                Err(error) => {
                    let error = crate::assertion::load::one_line_regex_error(&error);
                    let kind = ProblemKind::CorpusConfig(ConfigRule::BadRegex { error });
                    problems.push(Problem { span: lines.span, kind });
                    return None;
                }
            }
        }
        (None, Some(from)) => {
            let to = to.map(|to| normalize_fragment(&to.value));
            let from_text = normalize_fragment(&from.value);
            if from_text.is_empty() || to.as_ref().is_some_and(String::is_empty) {
                problems.push(Problem { span: from.span, kind: ProblemKind::CorpusConfig(ConfigRule::EmptyFrom) });
                return None;
            }
            ExclusionRule::From { from: from_text, to }
        }
        _ => {
            problems.push(Problem {
                span: span.start..span.start,
                kind: ProblemKind::CorpusConfig(ConfigRule::ExclusionRule),
            });
            return None;
        }
    };
    Some(Exclusion { reason, sources: names.into_iter().map(|name| name.value).collect(), rule })
}

fn read_limits(table: &DeTable<'_>, span: Range<usize>, limits: &mut Limits, problems: &mut Vec<Problem>) {
    let mut reader = TableReader::new(table, span, "limits", LIMIT_KEYS, problems);
    let mut zero = Vec::new();
    let mut read = |reader: &mut TableReader<'_, '_, '_>, key: &'static str| {
        reader.count(key).and_then(|count| {
            if count.value == 0 {
                zero.push(Problem { span: count.span, kind: ProblemKind::CorpusConfig(ConfigRule::LimitZero { key }) });
                None
            } else {
                Some(count.value)
            }
        })
    };
    let to_usize = |value: u64| usize::try_from(value).unwrap_or(usize::MAX);
    if let Some(value) = read(&mut reader, "max_source_bytes") {
        limits.max_source_bytes = value;
    }
    if let Some(value) = read(&mut reader, "max_assertion_file_bytes") {
        limits.max_assertion_file_bytes = value;
    }
    if let Some(value) = read(&mut reader, "max_quote_chars") {
        limits.max_quote_chars = to_usize(value);
    }
    if let Some(value) = read(&mut reader, "max_terms") {
        limits.max_terms = to_usize(value);
    }
    if let Some(value) = read(&mut reader, "max_evidence_per_claim") {
        limits.max_evidence_per_claim = to_usize(value);
    }
    if let Some(value) = read(&mut reader, "regex_size_limit") {
        limits.regex_size_limit = to_usize(value);
    }
    if let Some(value) = read(&mut reader, "regex_nest_limit") {
        limits.regex_nest_limit = u32::try_from(value).unwrap_or(u32::MAX);
    }
    reader.finish();
    problems.extend(zero);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The news fixture's `corpus.toml`: a real one, frozen for tests.
    const SHIPPED: &str = include_str!("../../tests/fixtures/news/seeds/corpus.toml");

    #[test]
    fn the_fixture_corpus_toml_is_valid() {
        let config = parse(SHIPPED, &Limits::default()).unwrap();
        let zelensky = config.aliases.iter().find(|alias| alias.names.contains(&"Zelenskiy".to_owned())).unwrap();
        assert_eq!(zelensky.location.column, 1);
        assert_eq!(SHIPPED.lines().nth(zelensky.location.line - 1), Some("[[alias]]"));
        assert!(!config.exclusions.is_empty());
        assert_eq!(config.sources.len(), 2);
    }

    #[test]
    fn exclusions_find_their_regions() {
        let text = "Story.\nSee also: Other story\n\n2 Comments\nI agree\nReplyDelete\nComments";
        let config = parse(
            "[[exclude]]\nlines = '^See also:'\n[[exclude]]\nreason = 'comments'\nfrom = '2 Comments'\nto = 'ReplyDelete'\n",
            &Limits::default(),
        )
        .unwrap();
        let see_also = config.exclusions[0].regions(&SourceLines::new(text));
        assert_eq!(see_also.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["See also: Other story"]);
        let comments = config.exclusions[1].regions(&SourceLines::new(text));
        assert_eq!(comments.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["2 Comments\nI agree\nReplyDelete"]);
    }

    #[test]
    fn mistakes_are_located() {
        let text = "[sources.\"a.txt\"]\npublished = \"16 August\"\ntitel = \"x\"\n\n[[exclude]]\nreason = \"r\"\n\n[[alias]]\nnames = [\"one\"]\n";
        let errors: Vec<String> = parse(text, &Limits::default()).unwrap_err().iter().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("corpus.toml:2:13: `16 August` is not a date"));
        assert!(
            errors[1].starts_with("corpus.toml:3:1: unknown key `titel` in source metadata, did you mean `title`?")
        );
        assert!(errors[2].starts_with("corpus.toml:5:1: an `[[exclude]]` table needs exactly one of"));
        assert!(errors[3].starts_with("corpus.toml:8:1: an alias needs two names"));
    }

    #[test]
    fn claimreview_publisher_is_read() {
        let config = parse(
            "[claimreview]\nauthor = \"Example Checks\"\nauthor_url = \"https://example.org/\"\n",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(config.claimreview.author.as_deref(), Some("Example Checks"));
        assert_eq!(config.claimreview.author_url.as_deref(), Some("https://example.org/"));
        assert_eq!(config.claimreview.report_url, None);
        let errors = parse("[claimreview]\nauthr = \"x\"\n", &Limits::default()).unwrap_err();
        assert!(errors[0].to_string().contains("did you mean `author`?"), "{}", errors[0]);
    }

    #[test]
    fn limits_can_be_set() {
        let config = parse("[limits]\nmax_quote_chars = 50\n", &Limits::default()).unwrap();
        assert_eq!(config.limits.max_quote_chars, 50);
        assert!(parse("[limits]\nmax_terms = 0\n", &Limits::default()).is_err());
    }
}

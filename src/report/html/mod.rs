//! The HTML report: a static site for fact-checkers and editors who would rather look than read logs.
//!
//! [`render`] turns checked claims into pages and writes nothing (the `report` command writes them):
//!
//! - `index.html`: every claim with its verdict and outcome, tags and note, the passages its evidence matched
//!   and, for a failure, what failed, the closest passage and a word diff; filters by verdict, outcome, tag,
//!   source and text;
//! - `sources/<slug>.html`, one per source: its metadata from `corpus.toml` and its whole original text, every
//!   cited passage highlighted (`<mark>`, anchored as `#p<start>-<end>` with byte offsets of the original file)
//!   and linked to the claims that cite it, excluded regions greyed with their reason.
//!
//! The pages are self-contained (inline CSS and a little inline JavaScript) and work from `file://`. Each
//! carries a Content Security Policy that allows its own style and script by their SHA-256 hashes and nothing
//! else: no network, and no other script, so that even a claim or source that slipped past [`escape`] could not
//! run code in the reader's browser. The output is a function of the input (no date, no random id): two reports
//! of the same corpus and claims are byte for byte the same.

mod index;
mod source_page;
pub mod text;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use base64::Engine as _;
use sha2::{Digest as _, Sha256};
use similar::ChangeTag;

pub use text::{escape, slug};

use super::diff::WordDiff;
use crate::assertion::{Claim, Role};
use crate::corpus::Corpus;
use crate::evidence::{ClaimReport, FailureKind, Outcome, Passage, evidence_matches};
use crate::location::LineColumn;

/// The file that marks a directory as a factcheck report, listing the files the report wrote.
pub const MARKER: &str = ".factcheck-report";
/// The index page, relative to the report directory.
pub const INDEX: &str = "index.html";
/// The directory of the source pages, relative to the report directory.
pub const SOURCES_DIR: &str = "sources";

const CSS: &str = include_str!("report.css");
const INDEX_JS: &str = include_str!("index.js");
const SOURCE_JS: &str = include_str!("source.js");

/// A claim as the report shows it: what it says, how its check went, and where its evidence matched.
#[derive(Debug, Clone)]
pub struct ClaimEntry<'a> {
    pub claim: &'a Claim,
    pub report: &'a ClaimReport,
    /// The passages each evidence item cites, in item order.
    pub cited: Vec<CitedPassages>,
}

/// The passages one evidence item cites.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedPassages {
    /// The 1-based index of the item in its claim.
    pub evidence: usize,
    pub passages: Vec<Passage>,
}

impl<'a> ClaimEntry<'a> {
    /// The entry of a checked claim, with the passages its evidence cites (by [`evidence_matches`]: none for an
    /// item that does not hold or is `absent`, and none for a claim that was not run, whose passages are not
    /// evidence of anything yet).
    pub fn new(claim: &'a Claim, report: &'a ClaimReport, corpus: &Corpus) -> ClaimEntry<'a> {
        let cited = if report.outcome == Outcome::Ignored {
            Vec::new()
        } else {
            evidence_matches(claim, corpus)
                .into_iter()
                .map(|item| CitedPassages {
                    evidence: item.evidence,
                    passages: item
                        .found
                        .into_iter()
                        .filter_map(|(name, range)| Some(Passage::at(corpus.source(&name)?.ok()?, range, 1.0)))
                        .collect(),
                })
                .collect()
        };
        ClaimEntry { claim, report, cited }
    }
}

/// A page of the report: where it goes, relative to the report directory, and its HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub html: String,
}

/// Renders the report: the index first, then one page per source of the corpus, in corpus order.
pub fn render(
    entries: &[ClaimEntry<'_>],
    unreadable: &[&crate::evidence::ClaimReport],
    corpus: &Corpus,
    paths: &super::Paths,
) -> Vec<Page> {
    let site = Site::new(entries, corpus);
    let mut pages = vec![Page { path: INDEX.to_owned(), html: index::render(&site, entries, unreadable, paths) }];
    for (name, path) in corpus.names().filter_map(|name| Some((name, site.pages.get(name)?))) {
        pages.push(Page { path: path.clone(), html: source_page::render(&site, entries, name, paths) });
    }
    pages
}

/// The paths of the source pages, relative to the report directory, by source name: `sources/`, the name's
/// [`slug`], `.html`. Names that differ only in case (which some file systems do not tell apart) get a `~~N`
/// suffix, which no slug contains.
pub fn source_pages<'n>(names: impl IntoIterator<Item = &'n str>) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let mut taken = HashSet::new();
    for name in names {
        let base = slug(name);
        let mut file = format!("{base}.html");
        let mut n = 2;
        while !taken.insert(file.to_lowercase()) {
            file = format!("{base}~~{n}.html");
            n += 1;
        }
        pages.insert(name.to_owned(), format!("{SOURCES_DIR}/{file}"));
    }
    pages
}

/// The id of a claim's element on the index page.
pub fn claim_id(name: &str) -> String {
    format!("claim-{}", slug(name))
}

/// The id of a marked passage on its source page, from its byte range in the original file.
pub fn passage_id(original: &Range<usize>) -> String {
    format!("p{}-{}", original.start, original.end)
}

/// Why a passage is marked on its source page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CitationKind {
    /// An evidence item matched it.
    Evidence(Role),
    /// The nearest passage to a quote or terms that were not found.
    Closest,
    /// What made an item fail: text an `absent` item found, or a quote found only in an excluded region.
    Found,
    /// A sentence of the evidence that lacks a number of the claim.
    Ungrounded,
}

impl CitationKind {
    fn is_failure(self) -> bool {
        !matches!(self, CitationKind::Evidence(_))
    }

    fn label(self) -> &'static str {
        match self {
            CitationKind::Evidence(Role::Supports) => "supports",
            CitationKind::Evidence(Role::Refutes) => "refutes",
            CitationKind::Closest => "closest passage to what failed",
            CitationKind::Found => "found, which fails the item",
            CitationKind::Ungrounded => "evidence sentence without the claim's number",
        }
    }
}

/// One claim's use of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Citation {
    /// The index of the claim in the entries.
    entry: usize,
    /// The evidence item, `None` for a claim-level check.
    evidence: Option<usize>,
    kind: CitationKind,
}

/// A passage marked on a source page.
#[derive(Debug, Clone)]
struct Marked {
    /// The byte range of the original file.
    original: Range<usize>,
    location: LineColumn,
    /// The passage as written in the original file.
    text: String,
    citations: Vec<Citation>,
}

impl Marked {
    fn is_evidence(&self) -> bool {
        self.citations.iter().any(|c| !c.kind.is_failure())
    }

    fn is_failure(&self) -> bool {
        self.citations.iter().any(|c| c.kind.is_failure())
    }
}

/// What every page needs to know: where each source's page is and what is marked on it.
struct Site<'a> {
    corpus: &'a Corpus,
    /// Source page paths by source name.
    pages: BTreeMap<String, String>,
    /// Marked passages by source name, then by original range.
    marked: BTreeMap<String, BTreeMap<(usize, usize), Marked>>,
}

impl<'a> Site<'a> {
    fn new(entries: &[ClaimEntry<'_>], corpus: &'a Corpus) -> Site<'a> {
        let mut site = Site { corpus, pages: source_pages(corpus.names()), marked: BTreeMap::new() };
        for (index, entry) in entries.iter().enumerate() {
            for item in &entry.cited {
                let Some(evidence) = entry.claim.evidence.iter().find(|e| e.index == item.evidence) else { continue };
                let kind = CitationKind::Evidence(evidence.role);
                for passage in &item.passages {
                    site.mark(passage, Citation { entry: index, evidence: Some(item.evidence), kind });
                }
            }
            for failure in &entry.report.failures {
                if let Some(passage) = &failure.closest {
                    let kind = match failure.kind {
                        FailureKind::NotFound { .. } => CitationKind::Closest,
                        _ => CitationKind::Found,
                    };
                    site.mark(passage, Citation { entry: index, evidence: failure.evidence, kind });
                }
                if let FailureKind::Ungrounded { sentences, .. } = &failure.kind {
                    for sentence in sentences {
                        let citation = Citation { entry: index, evidence: None, kind: CitationKind::Ungrounded };
                        site.mark(sentence, citation);
                    }
                }
            }
        }
        site
    }

    /// The range of the original file a passage was found at, if its source is readable.
    fn original(&self, passage: &Passage) -> Option<Range<usize>> {
        let source = self.corpus.source(&passage.source)?.ok()?;
        let original = source.normalized.original_range(passage.range.clone());
        (source.is_original_char_boundary(original.start) && source.is_original_char_boundary(original.end))
            .then_some(original)
    }

    fn mark(&mut self, passage: &Passage, citation: Citation) {
        let Some(original) = self.original(passage) else { return };
        let marked = self.marked.entry(passage.source.clone()).or_default();
        let entry = marked.entry((original.start, original.end)).or_insert_with(|| Marked {
            original,
            location: passage.location,
            text: passage.text.clone(),
            citations: Vec::new(),
        });
        if !entry.citations.contains(&citation) {
            entry.citations.push(citation);
        }
    }

    /// The link from the index to a passage on its source page.
    fn passage_href(&self, passage: &Passage) -> Option<String> {
        let page = self.pages.get(&passage.source)?;
        let original = self.original(passage)?;
        Some(format!("{page}#{}", passage_id(&original)))
    }
}

/// A whole page: the document around `body`, with the style and `script` allowed by hash.
fn document(title: &str, body: &str, script: &str) -> String {
    let csp = format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        csp_hash(CSS),
        csp_hash(script)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"factcheck {version}\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}<script>{script}</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title),
    )
}

/// The CSP source expression that allows an inline `<style>` or `<script>` with exactly this content.
pub fn csp_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// A word diff as HTML: `side` `None` for the whole diff, `Delete` for the expected text with its changed
/// words in `<del>`, `Insert` for the found text with its changed words in `<ins>`.
fn diff_html(diff: &WordDiff, side: Option<ChangeTag>) -> String {
    let mut out = String::new();
    for (tag, text) in &diff.runs {
        match tag {
            ChangeTag::Equal => out.push_str(&escape(text)),
            ChangeTag::Delete if side != Some(ChangeTag::Insert) => {
                out.push_str(&format!("<del>{}</del>", escape(text)));
            }
            ChangeTag::Insert if side != Some(ChangeTag::Delete) => {
                out.push_str(&format!("<ins>{}</ins>", escape(text)));
            }
            ChangeTag::Delete | ChangeTag::Insert => {}
        }
    }
    out
}

/// The badge of an outcome.
fn outcome_badge(outcome: Outcome) -> String {
    let symbol = match outcome {
        Outcome::Passed => "✓",
        Outcome::Failed => "✗",
        Outcome::Ignored => "–",
    };
    format!(
        "<span class=\"badge outcome outcome-{name}\"><span class=\"vh\">Outcome: </span>\
         <span aria-hidden=\"true\">{symbol} </span>{name}</span>",
        name = outcome.as_str()
    )
}

/// The badge of a verdict.
fn verdict_badge(verdict: crate::assertion::Verdict) -> String {
    format!(
        "<span class=\"badge verdict verdict-{name}\"><span class=\"vh\">Verdict: </span>{name}</span>",
        name = verdict.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_pages_never_collide() {
        let pages = source_pages(["a.txt", "A.txt", "dir/b.md", "a.TXT"]);
        assert_eq!(pages["a.txt"], "sources/a.txt.html");
        assert_eq!(pages["A.txt"], "sources/A.txt~~2.html");
        assert_eq!(pages["a.TXT"], "sources/a.TXT~~3.html");
        assert_eq!(pages["dir/b.md"], "sources/dir~2fb.md.html");
    }

    #[test]
    fn diffs_mark_removed_and_added_words_escaped() {
        let diff = WordDiff::new("met for nearly <three> hours", "met for about <three> hours");
        assert_eq!(diff_html(&diff, None), "met for <del>nearly</del><ins>about</ins> &lt;three&gt; hours");
        assert_eq!(diff_html(&diff, Some(ChangeTag::Delete)), "met for <del>nearly</del> &lt;three&gt; hours");
        assert_eq!(diff_html(&diff, Some(ChangeTag::Insert)), "met for <ins>about</ins> &lt;three&gt; hours");
    }

    #[test]
    fn the_policy_names_the_hash_of_exactly_the_inline_code() {
        // The SHA-256 of the empty string, as browsers compute it for an empty inline script.
        assert_eq!(csp_hash(""), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        let page = document("<t>", "<p>body</p>\n", "let x = 1;");
        assert!(page.contains(&format!("script-src '{}'", csp_hash("let x = 1;"))));
        assert!(page.contains(&format!("style-src '{}'", csp_hash(CSS))));
        assert!(page.contains("<title>&lt;t&gt;</title>"));
        assert!(page.contains(&format!("<style>{CSS}</style>")));
    }
}

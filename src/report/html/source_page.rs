//! A source's page: its metadata, its whole original text with the cited passages marked and the excluded
//! regions greyed, and the list of passages with the claims that cite them.
//!
//! Passages may overlap (two claims quoting parts of one sentence), so the text is cut at every edge of a
//! passage or an excluded region, and each piece is wrapped in the marks of everything that covers it:
//! `<mark data-p="p10-52 p31-60">`. Every passage's pieces together hold exactly its text; its anchor
//! (`<span id="p10-52">`) is where it starts and its reference (`[3]`, linking to the list) where it ends.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::text::{escape, excerpt, web_url};
use super::{ClaimEntry, Marked, SOURCE_JS, Site, claim_id, document, outcome_badge, passage_id};
use crate::corpus::Source;
use crate::report::Paths;

/// How many characters of a passage the list of passages quotes.
const EXCERPT_CHARS: usize = 240;

pub(super) fn render(site: &Site<'_>, entries: &[ClaimEntry<'_>], name: &str, paths: &Paths) -> String {
    let empty = BTreeMap::new();
    let marked = site.marked.get(name).unwrap_or(&empty);
    let metadata = site.corpus.metadata(name);
    let title = metadata.and_then(|m| m.title.as_deref()).unwrap_or(name);
    let mut out = String::new();
    out.push_str("<a class=\"skip\" href=\"#text\">Skip to the text</a>\n");
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"wrap\">\n<nav aria-label=\"Report\"><ul class=\"jump\">\
         <li><a href=\"../index.html\">All claims</a></li><li><a href=\"../index.html#sources\">All sources</a></li>\
         <li><a href=\"#passages\">Cited passages</a></li></ul></nav>\n<h1>{}</h1>\n<dl class=\"meta\">\n",
        escape(title)
    );
    let row = |out: &mut String, term: &str, html: &str| {
        let _ = writeln!(out, "<div><dt>{term}</dt><dd>{html}</dd></div>");
    };
    row(&mut out, "File", &format!("<code>{}</code>", escape(&paths.source(name))));
    if let Some(metadata) = metadata {
        for (term, value) in [
            ("Title", &metadata.title),
            ("Outlet", &metadata.outlet),
            ("Published", &metadata.published),
            ("Author", &metadata.author),
            ("Language", &metadata.language),
        ] {
            if let Some(value) = value {
                row(&mut out, term, &escape(value));
            }
        }
        if let Some(url) = &metadata.url {
            let html = match web_url(url) {
                Some(url) => format!("<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>", escape(url)),
                None => format!("{} <span class=\"muted\">(not a web address, not linked)</span>", escape(url)),
            };
            row(&mut out, "URL", &html);
        }
    }
    let cited = marked.values().filter(|m| m.is_evidence()).count();
    let claims: BTreeSet<usize> = marked.values().flat_map(|m| m.citations.iter().map(|c| c.entry)).collect();
    row(
        &mut out,
        "Cited",
        &format!(
            "{cited} passage{} by {} claim{}",
            if cited == 1 { "" } else { "s" },
            claims.len(),
            if claims.len() == 1 { "" } else { "s" }
        ),
    );
    let source = match site.corpus.source(name) {
        Some(Ok(source)) => Ok(source),
        Some(Err(diagnostic)) => Err(diagnostic.to_string()),
        None => Err("no such source".to_owned()),
    };
    if let Ok(source) = &source {
        let regions = excluded(source);
        if !regions.is_empty() {
            let mut reasons: Vec<&str> = Vec::new();
            for (_, reason) in &regions {
                if !reasons.contains(&reason.as_str()) {
                    reasons.push(reason);
                }
            }
            row(
                &mut out,
                "Excluded",
                &format!(
                    "{} region{} that {} never evidence ({})",
                    regions.len(),
                    if regions.len() == 1 { "" } else { "s" },
                    if regions.len() == 1 { "is" } else { "are" },
                    escape(&reasons.join("; "))
                ),
            );
        }
    }
    out.push_str(
        "</dl>\n<p class=\"legend\"><mark class=\"cite\">Cited as evidence</mark> \
                  <mark class=\"failure\">Shown for a failure</mark> \
                  <span class=\"excluded\">Excluded from evidence</span></p>\n</div></header>\n",
    );
    out.push_str("<main id=\"main\" class=\"wrap\">\n<h2 class=\"vh\">Text</h2>\n");
    match &source {
        Ok(source) => {
            let lang = metadata
                .and_then(|m| m.language.as_deref())
                .filter(|lang| !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .map_or_else(String::new, |lang| format!(" lang=\"{lang}\""));
            let _ = writeln!(
                out,
                "<div class=\"source-text\" id=\"text\" tabindex=\"-1\"{lang}>{}</div>",
                text_html(source, marked)
            );
        }
        Err(message) => {
            let _ = writeln!(
                out,
                "<p class=\"load-errors\" id=\"text\" tabindex=\"-1\">This source cannot be read: {}</p>",
                escape(message)
            );
        }
    }
    passages(&mut out, entries, marked);
    out.push_str("</main>\n");
    document(&format!("{title} · fact-check report"), &out, SOURCE_JS)
}

/// The excluded regions of a source as ranges of the original file, with their reasons, in order.
fn excluded(source: &Source) -> Vec<(Range<usize>, String)> {
    source
        .excluded()
        .iter()
        .map(|region| (source.normalized.original_range(region.normalized.clone()), region.reason.clone()))
        .filter(|(range, _)| {
            range.start < range.end
                && source.is_original_char_boundary(range.start)
                && source.is_original_char_boundary(range.end)
        })
        .collect()
}

/// The original text, cut at every edge of a marked passage or an excluded region, each piece wrapped in
/// what covers it. One sweep over the edges, keeping the passages and regions open at each: linear in the text
/// and the number of edges, whatever the number of passages.
fn text_html(source: &Source, marked: &BTreeMap<(usize, usize), Marked>) -> String {
    let original = source.original();
    let text = original.as_ref();
    let regions = excluded(source);
    let passages: Vec<&Marked> = marked.values().collect();
    // Each edge with what starts and ends there: passages (by index, numbered from 1 in the list) and regions.
    #[derive(Default)]
    struct Edge {
        starts: Vec<usize>,
        ends: Vec<usize>,
        region_starts: Vec<usize>,
        region_ends: Vec<usize>,
    }
    let mut edges: BTreeMap<usize, Edge> = BTreeMap::new();
    edges.entry(0).or_default();
    edges.entry(text.len()).or_default();
    for (index, passage) in passages.iter().enumerate() {
        edges.entry(passage.original.start).or_default().starts.push(index);
        edges.entry(passage.original.end).or_default().ends.push(index);
    }
    for (index, (range, _)) in regions.iter().enumerate() {
        edges.entry(range.start).or_default().region_starts.push(index);
        edges.entry(range.end).or_default().region_ends.push(index);
    }

    let mut open: BTreeSet<usize> = BTreeSet::new();
    let mut open_regions: BTreeSet<usize> = BTreeSet::new();
    let mut out = String::with_capacity(text.len() * 5 / 4);
    let mut edges = edges.into_iter().peekable();
    while let Some((at, edge)) = edges.next() {
        // Where passages end, their references; then what starts here.
        for &index in &edge.ends {
            if open.remove(&index) {
                reference(&mut out, index + 1, passages[index]);
            }
        }
        for index in &edge.region_ends {
            open_regions.remove(index);
        }
        for &index in &edge.region_starts {
            let (range, reason) = &regions[index];
            let _ = write!(
                out,
                "<span class=\"excluded-label\" data-region=\"{}\">Excluded: {}</span>",
                region_id(range),
                escape(reason)
            );
            open_regions.insert(index);
        }
        for &index in &edge.starts {
            let passage = passages[index];
            let _ = write!(out, "<span class=\"anchor\" id=\"{}\"></span>", passage_id(&passage.original));
            if passage.original.is_empty() {
                reference(&mut out, index + 1, passage);
            } else {
                open.insert(index);
            }
        }
        let Some(&(next, _)) = edges.peek() else { break };
        let piece = escape(&text[at..next]);
        if !open_regions.is_empty() {
            let ids: Vec<String> = open_regions.iter().map(|&index| region_id(&regions[index].0)).collect();
            let _ = write!(out, "<span class=\"excluded\" data-regions=\"{}\">", ids.join(" "));
        }
        if open.is_empty() {
            out.push_str(&piece);
        } else {
            let covering: Vec<&Marked> = open.iter().map(|&index| passages[index]).collect();
            let ids: Vec<String> = covering.iter().map(|m| passage_id(&m.original)).collect();
            let mut class = Vec::new();
            if covering.iter().any(|m| m.is_evidence()) {
                class.push("cite");
            }
            if covering.iter().any(|m| m.is_failure()) {
                class.push("failure");
            }
            let _ = write!(out, "<mark class=\"{}\" data-p=\"{}\">{piece}</mark>", class.join(" "), ids.join(" "));
        }
        if !open_regions.is_empty() {
            out.push_str("</span>");
        }
    }
    out
}

/// The id of an excluded region, from its byte range in the original file.
fn region_id(original: &Range<usize>) -> String {
    format!("x{}-{}", original.start, original.end)
}

/// The reference after a passage: its number, linking to its entry in the list of passages.
fn reference(out: &mut String, number: usize, passage: &Marked) {
    let claims = passage.citations.len();
    let _ = write!(
        out,
        "<a class=\"ref\" href=\"#cite-{id}\" aria-label=\"Passage {number}, cited {claims} time{s}\">[{number}]</a>",
        id = passage_id(&passage.original),
        s = if claims == 1 { "" } else { "s" },
    );
}

/// The list of passages: each with its location, its text, and the claims that cite it.
fn passages(out: &mut String, entries: &[ClaimEntry<'_>], marked: &BTreeMap<(usize, usize), Marked>) {
    out.push_str(
        "<section id=\"passages\" aria-labelledby=\"passages-h\">\n<h2 id=\"passages-h\">Cited passages</h2>\n",
    );
    if marked.is_empty() {
        out.push_str("<p>No claim cites this source.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"passages\">\n");
    for passage in marked.values() {
        let id = passage_id(&passage.original);
        let _ = write!(
            out,
            "<li id=\"cite-{id}\" class=\"passage{}\"><p><a href=\"#{id}\">Line {}, column {}</a> \
             <q>{}</q></p>\n<ul class=\"citers\">",
            if passage.is_evidence() { "" } else { " passage-failure" },
            passage.location.line,
            passage.location.column,
            escape(&excerpt(&passage.text, EXCERPT_CHARS)),
        );
        for citation in &passage.citations {
            let Some(entry) = entries.get(citation.entry) else { continue };
            let item = citation.evidence.map_or_else(String::new, |index| format!("evidence #{index}, "));
            let _ = write!(
                out,
                "<li><a class=\"claim-link\" href=\"../index.html#{}\">{}</a> {} <span class=\"muted\">({item}{})</span></li>",
                claim_id(&entry.claim.name),
                escape(&entry.claim.name),
                outcome_badge(entry.report.outcome),
                citation.kind.label(),
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

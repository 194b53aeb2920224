//! The index page: the counts, the filters, and every claim with its badges, evidence and failures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use similar::ChangeTag;

use super::text::{escape, excerpt};
use super::{ClaimEntry, INDEX_JS, Site, claim_id, diff_html, document, outcome_badge, verdict_badge};
use crate::assertion::{Evidence, Scope, Verdict};
use crate::evidence::{Check, ClaimReport, Failure, FailureKind, Outcome, Passage};
use crate::report::Paths;
use crate::report::diff::WordDiff;

/// How many characters of a passage the index quotes.
const EXCERPT_CHARS: usize = 200;

pub(super) fn render(
    site: &Site<'_>,
    entries: &[ClaimEntry<'_>],
    unreadable: &[&ClaimReport],
    paths: &Paths,
) -> String {
    let mut out = String::new();
    out.push_str("<a class=\"skip\" href=\"#main\">Skip to the claims</a>\n");
    header(&mut out, entries, unreadable, paths);
    out.push_str("<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n");
    load_errors(&mut out, unreadable, paths);
    filters(&mut out, site, entries);
    out.push_str("<section id=\"claims\" aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">Claims</h2>\n");
    out.push_str("<p id=\"shown\" class=\"shown\" role=\"status\" aria-live=\"polite\"></p>\n");
    out.push_str("<p id=\"none\" class=\"none\" hidden>No claim matches these filters.</p>\n");
    for entry in entries {
        claim(&mut out, site, entry, paths);
    }
    out.push_str("</section>\n");
    sources(&mut out, site);
    out.push_str("</main>\n");
    document("Fact-check report", &out, INDEX_JS)
}

/// A root as the user gave it, for people.
fn root(prefix: &str) -> String {
    if prefix.is_empty() { "./".to_owned() } else { prefix.to_owned() }
}

fn header(out: &mut String, entries: &[ClaimEntry<'_>], unreadable: &[&ClaimReport], paths: &Paths) {
    let count = |outcome: Outcome| entries.iter().filter(|e| e.report.outcome == outcome).count();
    let (passed, failed, ignored) = (count(Outcome::Passed), count(Outcome::Failed), count(Outcome::Ignored));
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"wrap\">\n<h1>Fact-check report</h1>\n\
         <p class=\"lede\">The claims in <code>{}</code> checked against the sources in <code>{}</code>.</p>\n\
         <ul class=\"counts\">\n<li><strong>{}</strong> claim{}</li>\n\
         <li class=\"count-passed\"><strong>{passed}</strong> passed</li>\n\
         <li class=\"count-failed\"><strong>{failed}</strong> failed</li>\n\
         <li class=\"count-ignored\"><strong>{ignored}</strong> ignored (pending)</li>\n",
        escape(&root(&paths.assertions)),
        escape(&root(&paths.corpus)),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
    );
    if !unreadable.is_empty() {
        let _ = writeln!(
            out,
            "<li class=\"count-failed\"><strong>{}</strong> claim{} could not be read</li>",
            unreadable.len(),
            if unreadable.len() == 1 { "" } else { "s" }
        );
    }
    out.push_str("</ul>\n<nav aria-label=\"Report\"><ul class=\"jump\">");
    if failed > 0 {
        out.push_str("<li><a href=\"index.html?outcome=failed\">Show the failures only</a></li>");
    }
    out.push_str("<li><a href=\"#sources\">Sources</a></li></ul></nav>\n</div></header>\n");
}

fn load_errors(out: &mut String, unreadable: &[&ClaimReport], paths: &Paths) {
    if unreadable.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"load-errors\" aria-labelledby=\"errors-h\">\n\
         <h2 id=\"errors-h\">Claims that could not be read</h2>\n\
         <p>Each fails without running; <code>factcheck check</code> prints the same problems.</p>\n<ul>\n",
    );
    for report in unreadable {
        let _ = write!(
            out,
            "<li><code>{}</code> in <code>{}</code>\n<ul>",
            escape(&report.name),
            escape(&paths.assertion(&report.file))
        );
        for failure in &report.failures {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape(&paths.assertion_at(&report.file, failure.location)),
                escape(&failure.message())
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

/// The filter form, hidden until the script shows it (without a script it could not filter).
fn filters(out: &mut String, site: &Site<'_>, entries: &[ClaimEntry<'_>]) {
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sources: BTreeMap<&str, usize> = site.corpus.names().map(|name| (name, 0)).collect();
    for entry in entries {
        *verdicts.entry(entry.claim.verdict.as_str()).or_default() += 1;
        *outcomes.entry(entry.report.outcome.as_str()).or_default() += 1;
        for tag in entry.claim.tags.iter().collect::<BTreeSet<_>>() {
            *tags.entry(tag).or_default() += 1;
        }
        for source in claim_sources(entry) {
            if let Some(count) = sources.get_mut(source) {
                *count += 1;
            }
        }
    }
    let verdict_names: Vec<(&str, usize)> =
        Verdict::NAMES.iter().map(|name| (*name, verdicts.get(name).copied().unwrap_or(0))).collect();
    let outcome_names: Vec<(&str, usize)> = [Outcome::Passed, Outcome::Failed, Outcome::Ignored]
        .iter()
        .map(|outcome| (outcome.as_str(), outcomes.get(outcome.as_str()).copied().unwrap_or(0)))
        .collect();
    out.push_str("<form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter the claims\" hidden>\n");
    select(out, "verdict", "Verdict", "Any verdict", &verdict_names, |name| name.to_owned());
    select(out, "outcome", "Outcome", "Any outcome", &outcome_names, |name| name.to_owned());
    let tags: Vec<(&str, usize)> = tags.into_iter().collect();
    select(out, "tag", "Tag", "Any tag", &tags, |name| name.to_owned());
    let sources: Vec<(&str, usize)> = sources.into_iter().collect();
    select(out, "source", "Source", "Any source", &sources, |name| match site.corpus.metadata(name) {
        Some(metadata) if metadata.title.is_some() => {
            format!("{name} ({})", excerpt(metadata.title.as_deref().unwrap_or_default(), 48))
        }
        _ => name.to_owned(),
    });
    out.push_str(
        "<div class=\"field field-text\"><label for=\"f-q\">Search</label>\
         <input id=\"f-q\" name=\"q\" type=\"search\" autocomplete=\"off\" \
         placeholder=\"Words of a claim, its name, tags or note\"></div>\n\
         <div class=\"field field-reset\"><button type=\"reset\">Clear filters</button></div>\n</form>\n",
    );
}

fn select(
    out: &mut String,
    name: &str,
    label: &str,
    any: &str,
    options: &[(&str, usize)],
    text: impl Fn(&str) -> String,
) {
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"f-{name}\">{label}</label><select id=\"f-{name}\" name=\"{name}\">\
         <option value=\"\">{any}</option>"
    );
    for (value, count) in options {
        let _ = write!(out, "<option value=\"{}\">{} ({count})</option>", escape(value), escape(&text(value)));
    }
    out.push_str("</select></div>\n");
}

/// The sources a claim is about: those its evidence names, and those where its evidence or failures point.
pub(super) fn claim_sources<'e>(entry: &'e ClaimEntry<'_>) -> BTreeSet<&'e str> {
    let mut sources = BTreeSet::new();
    for item in &entry.claim.evidence {
        if let Scope::Sources(names) = &item.scope {
            sources.extend(names.iter().map(String::as_str));
        }
    }
    for item in &entry.cited {
        sources.extend(item.passages.iter().map(|p| p.source.as_str()));
    }
    for failure in &entry.report.failures {
        sources.extend(failure.closest.iter().map(|p| p.source.as_str()));
        if let FailureKind::Ungrounded { sentences, .. } = &failure.kind {
            sources.extend(sentences.iter().map(|p| p.source.as_str()));
        }
    }
    sources
}

/// A JSON array, escaped for an attribute value.
fn json_attribute<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    // Serializing a list of strings cannot fail.
    escape(&serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_owned()))
}

fn claim(out: &mut String, site: &Site<'_>, entry: &ClaimEntry<'_>, paths: &Paths) {
    let (claim, report) = (entry.claim, entry.report);
    let id = claim_id(&claim.name);
    let outcome = report.outcome.as_str();
    let _ = write!(
        out,
        "<article class=\"claim is-{outcome}\" id=\"{id}\" data-name=\"{}\" \
         data-verdict=\"{}\" data-outcome=\"{outcome}\" data-tags=\"{}\" data-sources=\"{}\" \
         aria-labelledby=\"{id}-h\">\n<header class=\"claim-head\"><h3 class=\"claim-name\" id=\"{id}-h\">\
         <a href=\"#{id}\">{}</a></h3> {} {}</header>\n<p class=\"claim-text\">{}</p>\n",
        escape(&claim.name),
        claim.verdict.as_str(),
        json_attribute(claim.tags.iter().map(String::as_str)),
        json_attribute(claim_sources(entry)),
        escape(&claim.name),
        verdict_badge(claim.verdict),
        outcome_badge(report.outcome),
        escape(&claim.text),
    );
    if !claim.tags.is_empty() {
        out.push_str("<ul class=\"tags\" aria-label=\"Tags\">");
        for tag in &claim.tags {
            let _ = write!(out, "<li>{}</li>", escape(tag));
        }
        out.push_str("</ul>\n");
    }
    if let Some(note) = &claim.note {
        let _ = writeln!(out, "<p class=\"note\"><strong>Note:</strong> {}</p>", escape(note));
    }
    let _ = writeln!(
        out,
        "<p class=\"where\">Written in <code>{}</code></p>",
        escape(&paths.assertion_at(&claim.file, claim.location))
    );
    if !report.failures.is_empty() {
        out.push_str("<div class=\"failures\">\n");
        for failure in &report.failures {
            failure_section(out, site, entry, failure, paths);
        }
        out.push_str("</div>\n");
    }
    let _ = writeln!(out, "<h4 class=\"sub\">Evidence</h4>\n<ol class=\"evidence\">");
    for item in &claim.evidence {
        evidence_item(out, site, entry, item);
    }
    out.push_str("</ol>\n</article>\n");
}

fn evidence_item(out: &mut String, site: &Site<'_>, entry: &ClaimEntry<'_>, item: &Evidence) {
    let failed = entry.report.failures.iter().any(|f| f.evidence == Some(item.index));
    let mut meta = vec![item.role.as_str().to_owned()];
    match &item.scope {
        Scope::All => meta.push("in any source".to_owned()),
        Scope::Sources(names) => meta.push(format!("in {}", names.join(", "))),
    }
    if item.min_sources > 1 {
        meta.push(format!("in at least {} sources", item.min_sources));
    }
    if item.absent {
        meta.push("must not occur".to_owned());
    }
    if item.ignore_case {
        meta.push("any case".to_owned());
    }
    let _ = write!(
        out,
        "<li class=\"item{}\"><p><span class=\"matcher\">{}</span> <span class=\"item-meta\">({})</span>{}</p>",
        if failed { " item-failed" } else { "" },
        escape(&item.matcher.describe()),
        escape(&meta.join("; ")),
        if failed { " <strong class=\"failed-word\">failed</strong>" } else { "" },
    );
    let passages: &[Passage] =
        entry.cited.iter().find(|cited| cited.evidence == item.index).map_or(&[], |cited| cited.passages.as_slice());
    if entry.report.outcome == Outcome::Ignored {
        out.push_str("<p class=\"found-none\">Not checked: the claim is pending.</p>");
    } else if failed {
        out.push_str("<p class=\"found-none\">Cites no passage: the item fails (see above).</p>");
    } else if item.absent {
        out.push_str("<p class=\"found-none\">Found nowhere, as required.</p>");
    } else if passages.is_empty() {
        out.push_str("<p class=\"found-none\">Cites no passage.</p>");
    } else {
        out.push_str("<ul class=\"found\">");
        for passage in passages {
            let _ = write!(
                out,
                "<li>{} <q>{}</q></li>",
                passage_link(site, passage, false),
                escape(&excerpt(&passage.text, EXCERPT_CHARS))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

/// A link to a passage on its source page, named by its source and location.
fn passage_link(site: &Site<'_>, passage: &Passage, with_similarity: bool) -> String {
    let name = escape(&format!("{}:{}", passage.source, passage.location));
    let similarity = if with_similarity { format!(" (similarity {:.2})", passage.similarity) } else { String::new() };
    match site.passage_href(passage) {
        Some(href) => format!("<a class=\"passage-link\" href=\"{}\">{name}</a>{similarity}", escape(&href)),
        None => format!("{name}{similarity}"),
    }
}

fn failure_section(out: &mut String, site: &Site<'_>, entry: &ClaimEntry<'_>, failure: &Failure, paths: &Paths) {
    let title = match failure.evidence {
        Some(index) => format!("Evidence #{index} ({}) failed", failure.check.as_str()),
        None => format!("The {} check failed", failure.check.as_str()),
    };
    let _ = write!(
        out,
        "<div class=\"failure\"><h4>{}</h4>\n<p class=\"message\">{}</p>\n<p class=\"where\">Item written in \
         <code>{}</code></p>\n<dl class=\"detail\">\n",
        escape(&title),
        escape(&failure.message()),
        escape(&paths.assertion_at(&entry.report.file, failure.location)),
    );
    let row = |out: &mut String, term: &str, html: &str| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{html}</dd>");
    };
    if let Some(expected) = &failure.expected
        && failure.quote.is_none()
    {
        row(out, "Expected", &escape(expected));
    }
    match (&failure.quote, &failure.closest, &failure.kind) {
        (Some(quote), Some(passage), FailureKind::NotFound { .. }) => {
            let diff = WordDiff::new(quote, &passage.normalized);
            row(out, "Expected", &diff_html(&diff, Some(ChangeTag::Delete)));
            row(out, "Closest", &diff_html(&diff, Some(ChangeTag::Insert)));
            row(out, "At", &passage_link(site, passage, true));
            row(out, "Diff", &format!("<span class=\"word-diff\">{}</span>", diff_html(&diff, None)));
        }
        (quote, Some(passage), _) => {
            if let Some(quote) = quote {
                row(out, "Expected", &escape(quote));
            }
            let name = if failure.check == Check::Terms { "Closest" } else { "Found" };
            row(out, name, &escape(&passage.normalized));
            row(out, "At", &passage_link(site, passage, failure.check == Check::Terms));
        }
        (Some(quote), None, _) => row(out, "Expected", &escape(quote)),
        (None, None, _) => {}
    }
    if let FailureKind::Ungrounded { sentences, .. } = &failure.kind {
        for sentence in sentences {
            row(
                out,
                "Evidence sentence",
                &format!("{} ({})", escape(&sentence.normalized), passage_link(site, sentence, false)),
            );
        }
    }
    out.push_str("</dl></div>\n");
}

fn sources(out: &mut String, site: &Site<'_>) {
    out.push_str(
        "<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n\
         <ul class=\"source-list\">\n",
    );
    for name in site.corpus.names() {
        let Some(page) = site.pages.get(name) else { continue };
        let passages = site.marked.get(name).map_or(0, |marked| marked.values().filter(|m| m.is_evidence()).count());
        let title = site.corpus.metadata(name).and_then(|metadata| metadata.title.as_deref());
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{}</a> <span class=\"muted\">{}{passages} cited passage{}</span></li>",
            escape(page),
            escape(title.unwrap_or(name)),
            title.map_or_else(String::new, |_| format!("{} · ", escape(name))),
            if passages == 1 { "" } else { "s" },
        );
    }
    out.push_str("</ul>\n</section>\n");
}

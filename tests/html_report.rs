//! The HTML report end to end: written by the `factcheck` binary, opened in headless Chromium, and its DOM
//! (after the page's own script ran, with its styles applied) compared with what the library says the report
//! must show: every claim, every passage its evidence matched highlighted in its source at the right byte
//! offsets, excluded regions, the failures' diffs, filters that work, keyboard use, contrast, a phone's width,
//! no script but the report's own and no request but `file://`. Three reports: the seeds (all pass), the seeds
//! with one edit (a claim fails), and a hostile corpus (markup in every field a stranger writes).
//!
//! The browser test skips, loudly, only when no Chromium is installed (`.ci/run` installs Debian's). It saves
//! a screenshot of the failures view to `$CARGO_TARGET_TMPDIR/html_report/report.png`, and to `docs/report.png`
//! when `FACTCHECK_UPDATE_SCREENSHOT=1` (the picture in book/src/commands/report.md).

mod browser;
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use browser::{Browser, Page};
use common::{SEED, assertions_in, corpus_in, repo_copy};
use factcheck::assertion::Scope;
use factcheck::cli::Roots;
use factcheck::cli::session::{Selection, Session};
use factcheck::evidence::{FailureKind, Outcome, Passage, check_all, evidence_matches};
use factcheck::report::html::{claim_id, passage_id, source_pages};

const CHECK_JS: &str = include_str!("browser/check.js");
const FAILING: &str = "alaska-summit::leaders-met-nearly-three-hours";

/// A corpus and assertions laid out as in the repository (`seeds/`, `assertions/`) in a temporary directory,
/// so that the report names its roots as a user's would, and the repository is only read.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// The news fixture's articles and claims (tests/fixtures/news).
    fn seeds() -> Project {
        Project { dir: repo_copy() }
    }

    /// The seeds with the edit of issue 2's acceptance test: one claim's quote no longer holds.
    fn edited() -> Project {
        let project = Project::seeds();
        let path = project.corpus().join(SEED);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains("nearly three hours in Anchorage"));
        fs::write(&path, text.replace("nearly three hours in Anchorage", "about three hours in Anchorage")).unwrap();
        project
    }

    /// A corpus and claims written by someone hostile: markup and script in every field.
    fn hostile() -> Project {
        let project = Project { dir: tempfile::tempdir().unwrap() };
        fs::create_dir_all(project.corpus()).unwrap();
        fs::create_dir_all(project.assertions()).unwrap();
        fs::write(project.corpus().join(HOSTILE_SOURCE), HOSTILE_TEXT).unwrap();
        fs::write(project.corpus().join("corpus.toml"), HOSTILE_CORPUS_TOML).unwrap();
        fs::write(project.assertions().join("hostile.toml"), HOSTILE_CLAIMS).unwrap();
        project
    }

    fn corpus(&self) -> PathBuf {
        corpus_in(self.dir.path())
    }

    fn assertions(&self) -> PathBuf {
        assertions_in(self.dir.path())
    }

    /// Runs `factcheck` in the project's directory.
    fn factcheck(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_factcheck")).args(args).current_dir(self.dir.path()).output().unwrap()
    }

    /// Writes the report into `report/` of the project; returns the binary's output and the directory.
    fn report(&self) -> (Output, PathBuf) {
        let output = self.factcheck(&["report", "--html", "report"]);
        (output, self.dir.path().join("report"))
    }
}

const HOSTILE_SOURCE: &str = "evil \"<b>\"&.txt";
const HOSTILE_TEXT: &str = "Headline <script>window.__pwned = 1</script>\n\nOfficials quoted \
    <img src=x onerror=\"window.__pwned = 2\"> in a caption & more.\r\nSecond line.\n\nReader comments\n\
    <svg onload=\"window.__pwned = 3\"></svg>\n";
const HOSTILE_CORPUS_TOML: &str = r#"
[sources."evil \"<b>\"&.txt"]
title = "<script>window.__pwned = 4</script>Title"
url = "javascript:window.__pwned = 5"
outlet = "\"><img src=x onerror=\"window.__pwned = 6\">"

[[exclude]]
reason = "<i>reader</i> comments & \"more\""
source = "evil \"<b>\"&.txt"
from = "Reader comments"
"#;
const HOSTILE_CLAIMS: &str = r#"
[[claim]]
id = "markup-quoted"
claim = "<img src=x onerror=\"window.__pwned = 7\"> the caption said </script> & more"
tags = ["\"><script>window.__pwned = 8</script>", "plain"]
note = "a & b < c </p><p onclick=\"window.__pwned = 9\">"
check_numbers = false

[[claim.evidence]]
source = "evil \"<b>\"&.txt"
quote = "<img src=x onerror=\"window.__pwned = 2\"> in a caption"

[[claim]]
id = "markup-misquoted"
claim = "The headline runs a script."
check_numbers = false

[[claim.evidence]]
source = "evil \"<b>\"&.txt"
quote = "Headline <script>window.__pwned = 10</script>"
"#;

/// What the report must show, from the library: the claims, where each one's evidence points, what each
/// source page marks.
struct Expected {
    /// In file order.
    claims: Vec<ExpectedClaim>,
    /// Source page paths by source name.
    pages: BTreeMap<String, String>,
    /// The original text of each source.
    originals: BTreeMap<String, String>,
    /// By source: the marked passages by id.
    marked: BTreeMap<String, BTreeMap<String, ExpectedPassage>>,
    /// By source: the excluded regions by id (`x<start>-<end>`), with their reasons.
    excluded: BTreeMap<String, BTreeMap<String, (Range<usize>, String)>>,
}

struct ExpectedClaim {
    name: String,
    text: String,
    verdict: String,
    outcome: Outcome,
    tags: Vec<String>,
    note: Option<String>,
    /// The links of its evidence to the passages they matched.
    links: BTreeSet<String>,
    /// The sources the source filter finds it by.
    sources: BTreeSet<String>,
}

#[derive(Default)]
struct ExpectedPassage {
    original: Range<usize>,
    evidence: bool,
    failure: bool,
    /// The links back to the claims that cite it.
    claims: BTreeSet<String>,
}

impl Expected {
    fn of(project: &Project) -> Expected {
        let roots = Roots { corpus: project.corpus(), assertions: project.assertions() };
        let session = Session::load(&roots, None).unwrap();
        let corpus = &session.corpus;
        let (claims, broken) = session.select(&Selection::default());
        assert!(broken.is_empty());
        let reports = check_all(&claims, corpus, false, 1);
        let pages = source_pages(corpus.names());
        let originals = corpus.names().map(|name| (name.to_owned(), original(&session, name))).collect();
        let mut expected =
            Expected { claims: Vec::new(), pages, originals, marked: BTreeMap::new(), excluded: BTreeMap::new() };
        for name in corpus.names() {
            let source = corpus.source(name).unwrap().unwrap();
            let regions = source
                .excluded()
                .iter()
                .map(|region| {
                    let range = source.normalized.original_range(region.normalized.clone());
                    (format!("x{}-{}", range.start, range.end), (range, region.reason.clone()))
                })
                .collect();
            expected.excluded.insert(name.to_owned(), regions);
        }
        for (claim, report) in claims.iter().zip(&reports) {
            let back = format!("../index.html#{}", claim_id(&claim.name));
            let mut links = BTreeSet::new();
            let mut sources: BTreeSet<String> = BTreeSet::new();
            for item in &claim.evidence {
                if let Scope::Sources(names) = &item.scope {
                    sources.extend(names.iter().cloned());
                }
            }
            if report.outcome != Outcome::Ignored {
                for item in evidence_matches(claim, corpus) {
                    for (name, range) in item.found {
                        let passage = Passage::at(corpus.source(&name).unwrap().unwrap(), range, 1.0);
                        sources.insert(name.clone());
                        let id = expected.mark(&session, &passage, &back, false);
                        links.insert(format!("{}#{id}", expected.pages[&name]));
                    }
                }
            }
            for failure in &report.failures {
                let mut passages: Vec<&Passage> = failure.closest.iter().collect();
                if let FailureKind::Ungrounded { sentences, .. } = &failure.kind {
                    passages.extend(sentences);
                }
                for passage in passages {
                    sources.insert(passage.source.clone());
                    expected.mark(&session, passage, &back, true);
                }
            }
            expected.claims.push(ExpectedClaim {
                name: claim.name.clone(),
                text: claim.text.clone(),
                verdict: claim.verdict.as_str().to_owned(),
                outcome: report.outcome,
                tags: claim.tags.clone(),
                note: claim.note.clone(),
                links,
                sources,
            });
        }
        expected
    }

    fn mark(&mut self, session: &Session, passage: &Passage, back: &str, failure: bool) -> String {
        let source = session.corpus.source(&passage.source).unwrap().unwrap();
        let original = source.normalized.original_range(passage.range.clone());
        let id = passage_id(&original);
        let marked = self.marked.entry(passage.source.clone()).or_default().entry(id.clone()).or_default();
        marked.original = original;
        marked.claims.insert(back.to_owned());
        if failure {
            marked.failure = true;
        } else {
            marked.evidence = true;
        }
        id
    }

    fn names(&self, keep: impl Fn(&ExpectedClaim) -> bool) -> Vec<String> {
        self.claims.iter().filter(|claim| keep(claim)).map(|claim| claim.name.clone()).collect()
    }

    fn all_names(&self) -> Vec<String> {
        self.names(|_| true)
    }

    /// The claims the search box finds for `words`: each word in the claim's name, sentence, tags or note.
    fn searched(&self, words: &str) -> Vec<String> {
        self.names(|claim| {
            let mut parts = vec![claim.name.clone(), claim.text.clone()];
            parts.extend(claim.tags.iter().cloned());
            parts.extend(claim.note.iter().map(|note| format!("Note: {note}")));
            let haystack = parts.join(" ").to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
            words.split_whitespace().all(|word| haystack.contains(&word.to_lowercase()))
        })
    }
}

fn original(session: &Session, name: &str) -> String {
    session.corpus.source(name).unwrap().unwrap().original().into_owned()
}

/// What a browser shows of a text: the HTML parser turns CR LF and lone CR into LF.
fn as_parsed(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    let mut url = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// A report opened in a page of the browser.
struct Tab<'b> {
    browser: &'b mut Browser,
    page: Page,
    dir: PathBuf,
}

impl Tab<'_> {
    fn open(&mut self, relative: &str, suffix: &str) -> Result<(), String> {
        let url = format!("{}{suffix}", file_url(&self.dir.join(relative)));
        self.browser.navigate(&self.page, &url)?;
        let defined = self.browser.evaluate(&self.page, CHECK_JS)?;
        assert!(defined.is_null(), "the check script returns nothing: {defined}");
        Ok(())
    }

    fn run(&mut self, call: &str) -> Value {
        self.browser.evaluate(&self.page, &format!("window.factcheckCheck.{call}")).unwrap()
    }

    /// Nothing went wrong on the page: no error, no blocked content, no request that is not a local file.
    fn assert_clean(&mut self, what: &str) {
        let problems = self.browser.problems(&self.page).unwrap();
        assert!(problems.is_empty(), "{what}: {problems:#?}");
        let requests = self.browser.requests(&self.page);
        let remote: Vec<&String> = requests.iter().filter(|url| !url.starts_with("file://")).collect();
        assert!(remote.is_empty(), "{what} requested more than its own files: {remote:#?}");
    }
}

fn assert_layout(layout: &Value, what: &str) {
    assert_eq!(layout["overflow"], false, "{what} scrolls sideways: {layout}");
    let contrast = strings(&layout["contrast"]);
    assert!(contrast.is_empty(), "{what}: text below WCAG AA contrast (4.5:1): {contrast:#?}");
}

/// Checks the index against the library's claims.
fn check_index(index: &Value, expected: &Expected) {
    let claims = index["claims"].as_array().unwrap();
    let names: Vec<&str> = claims.iter().map(|claim| claim["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected.all_names(), "the index lists every claim, in file order");
    assert_eq!(strings(&index["shown"]), expected.all_names(), "every claim is shown before filtering");
    assert_eq!(index["filtersVisible"], true, "the script shows the filters");
    for (shown, claim) in claims.iter().zip(&expected.claims) {
        let name = &claim.name;
        assert_eq!(shown["id"], claim_id(name), "{name}");
        assert_eq!(shown["text"], claim.text.as_str(), "{name}");
        assert_eq!(shown["verdict"], claim.verdict.as_str(), "{name}");
        assert!(shown["verdictBadge"].as_str().unwrap().ends_with(&claim.verdict), "{name}: {}", shown["verdictBadge"]);
        assert_eq!(shown["outcome"], claim.outcome.as_str(), "{name}");
        assert!(shown["outcomeBadge"].as_str().unwrap().ends_with(claim.outcome.as_str()), "{name}");
        assert_eq!(strings(&shown["tags"]), claim.tags, "{name}");
        let links: BTreeSet<String> = strings(&shown["links"]).into_iter().collect();
        assert_eq!(links, claim.links, "{name}: the evidence links to every passage it matched");
        let failures = shown["failures"].as_array().unwrap();
        assert_eq!(failures.is_empty(), claim.outcome != Outcome::Failed, "{name}: {failures:#?}");
    }
    let pages: Vec<String> = expected.pages.values().cloned().collect();
    assert_eq!(strings(&index["sources"]), pages, "the index links to every source page");
}

/// Checks every source page against the library: the text whole, each passage's highlight equal to the
/// original text at its byte range, the links both ways, the excluded regions.
fn check_sources(session: &mut Tab<'_>, expected: &Expected) {
    for (name, page) in &expected.pages {
        session.open(page, "").unwrap();
        let shown = session.run("source()");
        let original = &expected.originals[name];
        assert_eq!(shown["fullText"].as_str().unwrap(), as_parsed(original), "{name}: the whole text, unchanged");
        assert!(shown["meta"]["File"].as_str().unwrap().ends_with(name.as_str()), "{name}: {}", shown["meta"]);
        let empty = BTreeMap::new();
        let marked = expected.marked.get(name).unwrap_or(&empty);
        let passages = shown["passages"].as_object().unwrap();
        let shown_ids: BTreeSet<&String> = passages.keys().collect();
        let expected_ids: BTreeSet<&String> = marked.keys().collect();
        assert_eq!(shown_ids, expected_ids, "{name}: exactly the cited passages are highlighted");
        let anchors: BTreeSet<String> = strings(&shown["anchors"]).into_iter().collect();
        let refs: BTreeSet<String> = strings(&shown["refs"]).into_iter().collect();
        let citations: BTreeMap<String, &Value> =
            shown["citations"].as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap().to_owned(), c)).collect();
        for (id, passage) in marked {
            let highlighted = passages[id.as_str()]["text"].as_str().unwrap();
            assert_eq!(
                highlighted,
                as_parsed(&original[passage.original.clone()]),
                "{name}: passage {id} is highlighted at its byte range"
            );
            assert_eq!(*id, passage_id(&passage.original));
            let classes = strings(&passages[id.as_str()]["classes"]);
            assert!(!passage.evidence || classes.contains(&"cite".to_owned()), "{name} {id}: {classes:?}");
            assert!(!passage.failure || classes.contains(&"failure".to_owned()), "{name} {id}: {classes:?}");
            assert!(anchors.contains(id), "{name}: passage {id} has its anchor");
            assert!(refs.contains(&format!("#cite-{id}")), "{name}: passage {id} has its reference");
            let citation = citations.get(&format!("cite-{id}")).unwrap_or_else(|| panic!("{name}: {id} not listed"));
            assert_eq!(citation["back"], format!("#{id}"));
            let claims: BTreeSet<String> = strings(&citation["claims"]).into_iter().collect();
            assert_eq!(claims, passage.claims, "{name}: passage {id} links back to the claims that cite it");
        }
        assert_eq!(citations.len(), marked.len(), "{name}: one list entry per passage");
        let excluded = shown["excluded"].as_object().unwrap();
        let regions = &expected.excluded[name];
        assert_eq!(excluded.len(), regions.len(), "{name}: excluded regions {excluded:#?}");
        for (id, (range, reason)) in regions {
            let region = &excluded[id.as_str()];
            assert_eq!(region["text"].as_str().unwrap(), as_parsed(&original[range.clone()]), "{name}: {id}");
            assert_eq!(shown["labels"][id.as_str()], format!("Excluded: {reason}"), "{name}: {id}");
        }
        assert_layout(&shown["layout"], name);
        session.assert_clean(name);
    }
}

#[test]
fn the_report_in_chromium() {
    let Some(chromium) = browser::find_chromium() else {
        browser::skip_loudly("the_report_in_chromium", "no Chromium is installed");
        return;
    };
    // The three reports are written, and what they must show worked out, while Chromium starts.
    let (seeds, edited, hostile) = (Project::seeds(), Project::edited(), Project::hostile());
    let (written, browser) = std::thread::scope(|scope| {
        let work: Vec<_> = [&seeds, &edited, &hostile]
            .into_iter()
            .map(|project| scope.spawn(move || (project.report(), Expected::of(project))))
            .collect();
        let browser = Browser::launch(&chromium);
        (work.into_iter().map(|work| work.join().unwrap()).collect::<Vec<_>>(), browser)
    });
    let mut browser = browser.unwrap_or_else(|error| panic!("{error}"));
    let mut written = written.into_iter();
    let mut next = || written.next().unwrap();

    // The seeds: every claim passes.
    let ((output, dir), expected) = next();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(expected.claims.len() >= 100 && expected.marked.len() == 5);
    let page = browser.new_page(1280, 900, false).unwrap();
    let mut session = Tab { browser: &mut browser, page, dir };
    session.open("index.html", "").unwrap();
    let index = session.run("index()");
    check_index(&index, &expected);
    assert_eq!(index["status"], format!("{} claims", expected.claims.len()));
    assert_layout(&index["layout"], "index");
    session.assert_clean("index");
    check_filters(&mut session, &expected);
    check_keyboard(&mut session, &expected);
    check_sources(&mut session, &expected);
    // A link to a passage emphasizes every piece of it.
    let (name, marked) = expected.marked.iter().next().unwrap();
    let id = marked.keys().next().unwrap();
    session.open(&expected.pages[name], &format!("#{id}")).unwrap();
    let current = strings(&session.run("source()")["current"]);
    assert!(!current.is_empty() && current.iter().all(|p| p.split(' ').any(|p| p == id)), "{id}: {current:?}");

    // A phone's width: nothing scrolls sideways, contrast holds.
    let phone = session.browser.new_page(390, 844, true).unwrap();
    let mut on_phone = Tab { browser: session.browser, page: phone, dir: session.dir.clone() };
    on_phone.open("index.html", "").unwrap();
    assert_layout(&on_phone.run("layout()"), "index on a phone");
    on_phone.open(&expected.pages[SEED], "").unwrap();
    assert_layout(&on_phone.run("layout()"), "source page on a phone");
    on_phone.assert_clean("phone");

    // The edited seeds: one claim fails, with its diff; the failures view is the report page's screenshot.
    let ((output, dir), expected) = next();
    assert_eq!(output.status.code(), Some(1), "a failing claim exits 1, the report written all the same");
    assert_eq!(expected.names(|claim| claim.outcome == Outcome::Failed), [FAILING]);
    let page = on_phone.browser.new_page(1280, 1000, false).unwrap();
    let mut session = Tab { browser: on_phone.browser, page, dir };
    session.open("index.html", "?outcome=failed").unwrap();
    let index = session.run("index()");
    assert_eq!(strings(&index["shown"]), [FAILING], "the address's query filters on load");
    assert_eq!(index["status"], format!("1 of {} claims shown", expected.claims.len()));
    let failing = index["claims"].as_array().unwrap().iter().find(|claim| claim["name"] == FAILING).unwrap();
    let quote = failing["failures"].as_array().unwrap().iter().find(|f| !f["removed"].as_array().unwrap().is_empty());
    let quote = quote.unwrap_or_else(|| panic!("no diff shown: {failing:#}"));
    assert_eq!(quote["title"], "Evidence #2 (quote) failed");
    assert!(strings(&quote["removed"]).iter().all(|word| word == "nearly"), "{quote}");
    assert!(strings(&quote["added"]).iter().all(|word| word == "about"), "{quote}");
    let closest = strings(&quote["links"]);
    assert_eq!(closest.len(), 1);
    let (page, id) = closest[0].split_once('#').unwrap();
    assert_eq!(page, expected.pages[SEED]);
    let marked = &expected.marked[SEED][id];
    assert!(marked.failure && marked.claims.contains(&format!("../index.html#{}", claim_id(FAILING))));
    assert!(expected.originals[SEED][marked.original.clone()].contains("about three hours in Anchorage"));
    assert_layout(&index["layout"], "failures view");
    let png = session.browser.screenshot(&session.page).unwrap();
    save_screenshot(&png);
    session.run("reset()");
    check_index(&session.run("index()"), &expected);
    check_sources(&mut session, &expected);

    // A hostile corpus: markup everywhere, shown as text, and no script of its own runs.
    let ((output, dir), expected) = next();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    session.dir = dir;
    session.open("index.html", "").unwrap();
    let index = session.run("index()");
    check_index(&index, &expected);
    let pwned = session.browser.evaluate(&session.page, "String(window.__pwned)").unwrap();
    assert_eq!(pwned, "undefined", "a claim ran a script");
    let note = index["claims"][0]["note"].as_str().unwrap();
    assert_eq!(note, format!("Note: {}", expected.claims[0].note.as_deref().unwrap()));
    session.assert_clean("hostile index");
    check_sources(&mut session, &expected);
    let source = session.run("source()");
    assert_eq!(session.browser.evaluate(&session.page, "String(window.__pwned)").unwrap(), "undefined");
    assert_eq!(source["heading"], "<script>window.__pwned = 4</script>Title");
    assert!(strings(&source["metaLinks"]).is_empty(), "a javascript: URL became a link");
}

/// The filters, driven as a person would, against the library's answers.
fn check_filters(session: &mut Tab<'_>, expected: &Expected) {
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for claim in &expected.claims {
        for tag in &claim.tags {
            *tags.entry(tag).or_default() += 1;
        }
    }
    let common = tags.iter().max_by_key(|(_, count)| **count).map(|(tag, _)| tag.to_string()).unwrap();
    let rare = tags.iter().min_by_key(|(_, count)| **count).map(|(tag, _)| tag.to_string()).unwrap();
    let mut scenarios: Vec<(Value, Vec<String>)> = Vec::new();
    for verdict in ["supported", "refuted", "disputed", "unverifiable"] {
        scenarios.push((json!({ "verdict": verdict }), expected.names(|c| c.verdict == verdict)));
    }
    scenarios.push((json!({ "outcome": "passed" }), expected.all_names()));
    scenarios.push((json!({ "outcome": "failed" }), Vec::new()));
    scenarios.push((json!({ "tag": common }), expected.names(|c| c.tags.contains(&common))));
    scenarios.push((json!({ "tag": rare }), expected.names(|c| c.tags.contains(&rare))));
    for source in expected.pages.keys() {
        scenarios.push((json!({ "source": source }), expected.names(|c| c.sources.contains(source))));
    }
    scenarios.push((json!({ "q": "Anchorage" }), expected.searched("anchorage")));
    scenarios.push((json!({ "q": "  zelensky   WASHINGTON " }), expected.searched("zelensky washington")));
    scenarios.push((
        json!({ "verdict": "refuted", "tag": common, "q": "putin" }),
        expected.names(|c| {
            c.verdict == "refuted" && c.tags.contains(&common) && expected.searched("putin").contains(&c.name)
        }),
    ));
    let mut distinct = BTreeSet::new();
    for (filters, names) in &scenarios {
        let shown = session.run(&format!("filter({filters})"));
        assert_eq!(strings(&shown["shown"]), *names, "filters {filters}");
        let status = shown["status"].as_str().unwrap();
        assert!(status.starts_with(&names.len().to_string()), "{filters}: {status}");
        let search = shown["search"].as_str().unwrap();
        assert!(search.starts_with('?'), "the filters are kept in the address: {filters} {search}");
        distinct.insert(names.len());
    }
    assert!(distinct.len() > 5, "the scenarios tell filters apart: {distinct:?}");
    let reset = session.run("reset()");
    assert_eq!(strings(&reset["shown"]), expected.all_names());
    assert_eq!(reset["search"], "", "clearing the filters clears the address");
    session.assert_clean("filters");
}

/// The keyboard alone: a skip link first, visible focus, every filter reachable, typing searches.
fn check_keyboard(session: &mut Tab<'_>, expected: &Expected) {
    session.open("index.html", "").unwrap();
    let tab = |session: &mut Tab<'_>| {
        session.browser.press(&session.page, "Tab").unwrap();
        let focused = session.run("focused()");
        let outline = focused["outline"].as_str().unwrap().to_owned();
        assert!(!outline.starts_with("none") && !outline.ends_with(" 0px"), "focus is not visible: {focused}");
        assert_eq!(focused["onScreen"], true, "the focused element is off screen: {focused}");
        focused
    };
    let first = tab(session);
    assert_eq!(first["className"], "skip", "the skip link comes first: {first}");
    session.browser.press(&session.page, "Enter").unwrap();
    assert_eq!(session.run("focused()")["hash"], "#main");
    for id in ["f-verdict", "f-outcome", "f-tag", "f-source", "f-q"] {
        let focused = tab(session);
        assert_eq!(focused["id"], id, "{focused}");
    }
    session.browser.type_text(&session.page, "anchorage").unwrap();
    let index = session.run("index()");
    assert_eq!(strings(&index["shown"]), expected.searched("anchorage"), "typing in the search box filters");
    let button = tab(session);
    assert_eq!(button["tag"], "button", "{button}");
    session.browser.press(&session.page, "Enter").unwrap();
    assert_eq!(strings(&session.run("index()")["shown"]), expected.all_names(), "Enter on Clear filters clears them");
    session.assert_clean("keyboard");
}

fn save_screenshot(png: &[u8]) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000, "not a screenshot: {} bytes", png.len());
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert_eq!(width, 1280);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_report");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("report.png"), png).unwrap();
    if std::env::var_os("FACTCHECK_UPDATE_SCREENSHOT").is_some_and(|v| v == "1") {
        fs::write(Path::new(common::ROOT).join("docs/report.png"), png).unwrap();
    }
}

#[test]
fn the_report_refuses_a_directory_of_other_files_unless_forced() {
    let project = Project::seeds();
    let dir = project.dir.path().join("report");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let refused = project.factcheck(&["report", "--html", "report"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("no earlier factcheck report") && message.contains("--force"), "{message}");
    assert!(!dir.join("index.html").exists());
    let forced = project.factcheck(&["report", "--html", "report", "--force", "alaska-summit::"]);
    assert_eq!(forced.status.code(), Some(0), "{}", String::from_utf8_lossy(&forced.stderr));
    assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("alaska-summit::leaders-met-nearly-three-hours") && !index.contains("ukraine-war::"));
    // Now it is a report: written again without --force.
    let again = project.factcheck(&["report", "--html", "report"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(fs::read_to_string(dir.join("index.html")).unwrap().contains("ukraine-war::"));
    let file = project.factcheck(&["report", "--html", "report/notes.txt"]);
    assert_eq!(file.status.code(), Some(2));
}

#[test]
fn the_html_is_deterministic_and_escapes_what_strangers_write() {
    let hostile = Project::hostile();
    let (output, dir) = hostile.report();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("2 claims: 1 passed; 1 failed"), "{stdout}");
    let pages = source_pages([HOSTILE_SOURCE]);
    assert_eq!(pages[HOSTILE_SOURCE], "sources/evil~20~22~3cb~3e~22~26.txt.html");
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    let source = fs::read_to_string(dir.join(&pages[HOSTILE_SOURCE])).unwrap();
    for (name, html) in [("index", &index), ("source", &source)] {
        assert_eq!(html.matches("<script>").count(), 1, "{name}: only the report's own script");
        for raw in ["<img", "<svg", "<i>", "<b>", "href=\"javascript:", "onerror=\"", "<p onclick"] {
            assert!(!html.contains(raw), "{name} holds {raw} unescaped");
        }
    }
    assert!(index.contains(
        "&lt;img src=x onerror=&quot;window.__pwned = 7&quot;&gt; the caption said &lt;/script&gt; &amp; more"
    ));
    assert!(source.contains("&lt;script&gt;window.__pwned = 4&lt;/script&gt;Title"));
    // The same input, the same bytes.
    let again = hostile.factcheck(&["report", "--html", "again"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(fs::read_to_string(hostile.dir.path().join("again/index.html")).unwrap(), index);
}

#[test]
fn claims_that_cannot_be_read_are_listed_and_fail_the_run() {
    let project = Project::seeds();
    let broken = "[[claim]]\nid = \"x\"\nclaim = \"<b>bold</b>\"\nverdcit = \"supported\"\n";
    fs::write(project.assertions().join("broken.toml"), broken).unwrap();
    fs::write(project.assertions().join("not-toml.toml"), "[[claim]]\nid = \"y\"\nclaim = \"unterminated\n").unwrap();
    let (output, dir) = project.report();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("2 failed (2 could not be read)"), "{said}");
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("<strong>2</strong> claims could not be read"), "the header counts them");
    let section = index.split("Claims that could not be read").nth(1).expect("the problems are listed");
    assert!(section.contains("<code>broken::x</code> in <code>assertions/broken.toml</code>"), "{section}");
    assert!(section.contains("<code>assertions/broken.toml:4:1</code>: unknown key `verdcit`"), "{section}");
    // A file that is not TOML: its claim, by the name still legible in it, with the file's problem.
    assert!(section.contains("<code>not-toml::y</code> in <code>assertions/not-toml.toml</code>"), "{section}");
    assert!(section.contains("its file could not be loaded, so the claim did not run: invalid TOML"), "{section}");
    assert!(!index.contains("<b>bold"));
}

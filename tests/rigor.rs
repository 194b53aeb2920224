//! The rigor checks (`src/rigor/`) through the binary, on a purpose-written corpus: each warning fires on a claim
//! that says more than its evidence, and stays quiet on the correct form of the same claim. Then the opt-in
//! failing checks of `factcheck check`, and the word lists a corpus extends.

mod common;

use common::{factcheck_in, json_lines, roots};
use serde_json::Value;

/// Two short articles and a third that reports a later meeting.
const A: &str = "Leaders Meet in Geneva

The two presidents met in Geneva on Tuesday for four hours. Both described the talks as \"useful\", but neither offered details.

According to the mayor, the city spent heavily on security. Officials said the leaders would meet again in Oslo.

Marta Kowalski, an analyst, said that the summit produced nothing. The minister initially said he was open to talks, but officials softened that statement.

The envoy said: \"No truce or ceasefire has been agreed.\" Observers hope that a deal could follow.
";

const B: &str = "President Jonas Støre welcomed the deal. Talks in Geneva ended without a deal on Tuesday. The leaders met for four hours in Geneva, and both called the talks useful. A deal was reached in principle, officials in Geneva said. The minister rejected talks.
";

const C: &str =
    "The leaders met again in Oslo, a week after Geneva. On Wednesday the minister called the talks useless. \
President Jonas Stoere welcomed the deal.
";

/// A claim as TOML, with its evidence items (TOML lines each).
fn claim(id: &str, text: &str, extra: &str, items: &[&str]) -> String {
    let mut out = format!("[[claim]]\nid = \"{id}\"\nclaim = '{text}'\n{extra}\n");
    for item in items {
        out.push_str(&format!("[[claim.evidence]]\n{item}\n\n"));
    }
    out
}

/// The lint warnings of each assertion file, as (file, code) pairs, for a suite of `files` on the corpus above
/// (with `corpus_toml` as its corpus.toml).
fn warnings_with(corpus_toml: &str, files: &[(&str, String)]) -> Vec<(String, String)> {
    let sources = [("a.txt", A), ("b.txt", B), ("c.txt", C), ("corpus.toml", corpus_toml)];
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
    let dir = roots("seeds", &sources, &files);
    let output = factcheck_in(dir.path(), &["lint", "--format", "json"]);
    let records = json_lines(&output);
    assert!(records.iter().all(|r| r["type"] != "error"), "{records:#?}");
    records
        .iter()
        .filter(|record| record["type"] == "warning")
        .map(|record| (record["file"].as_str().unwrap().to_owned(), record["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn warnings(files: &[(&str, String)]) -> Vec<(String, String)> {
    warnings_with("", files)
}

/// The codes of `code`'s family raised on `file`.
fn codes_on(found: &[(String, String)], file: &str) -> Vec<String> {
    found.iter().filter(|(f, _)| f == file).map(|(_, code)| code.clone()).collect()
}

/// The rigor codes raised on `file`.
fn rigor_on(found: &[(String, String)], file: &str) -> Vec<String> {
    codes_on(found, file).into_iter().filter(|code| factcheck::rigor::Code::NAMES.contains(&code.as_str())).collect()
}

#[test]
fn details_names_a_weekday_the_evidence_lacks() {
    let quote = "source = \"a.txt\"\nquote = \"The two presidents met in Geneva on Tuesday\"";
    let found = warnings(&[
        ("bad.toml", claim("x", "The presidents met in Geneva on Wednesday.", "", &[quote])),
        ("good.toml", claim("x", "The presidents met in Geneva on Tuesday.", "", &[quote])),
        // The headline holds "Leaders".
        ("headline.toml", claim("x", "The leaders met in Geneva on Tuesday.", "", &[quote])),
    ]);
    assert_eq!(rigor_on(&found, "bad.toml"), ["details"]);
    assert_eq!(rigor_on(&found, "good.toml"), Vec::<String>::new());
    assert_eq!(rigor_on(&found, "headline.toml"), Vec::<String>::new());
}

#[test]
fn attribution_asks_for_the_speaker() {
    let analyst = "source = \"a.txt\"\nquote = \"the summit produced nothing\"";
    let mayor = "source = \"a.txt\"\nquote = \"the city spent heavily on security\"";
    let envoy = "source = \"a.txt\"\nquote = \"No truce or ceasefire has been agreed\"";
    let reported = "source = \"b.txt\"\nquote = \"Talks in Geneva ended without a deal\"";
    let refuted = "verdict = \"refuted\"";
    let found = warnings(&[
        ("analyst-bad.toml", claim("x", "The summit produced nothing.", "", &[analyst])),
        ("analyst-good.toml", claim("x", "Marta Kowalski said the summit produced nothing.", "", &[analyst])),
        ("analyst-wrong-speaker.toml", claim("x", "The mayor said the summit produced nothing.", "", &[analyst])),
        ("mayor-bad.toml", claim("x", "The city spent heavily on security.", "", &[mayor])),
        ("mayor-other-words.toml", claim("x", "The mayor said the city spent heavily on security.", "", &[mayor])),
        ("mayor-good.toml", claim("x", "According to the mayor, the city spent heavily on security.", "", &[mayor])),
        ("refuted-bad.toml", claim("x", "A truce was agreed in Geneva.", refuted, &[envoy])),
        ("refuted-good.toml", claim("x", "The Geneva talks ended with a deal.", refuted, &[reported])),
    ]);
    for bad in ["analyst-bad.toml", "mayor-bad.toml", "refuted-bad.toml"] {
        assert_eq!(rigor_on(&found, bad), ["attribution"], "{bad}: {found:?}");
    }
    assert_eq!(rigor_on(&found, "analyst-wrong-speaker.toml"), ["attribution"], "a named speaker must be named");
    // A speaker the source describes ("the mayor") is attributed by any attribution.
    for good in ["analyst-good.toml", "mayor-good.toml", "mayor-other-words.toml", "refuted-good.toml"] {
        assert_eq!(rigor_on(&found, good), Vec::<String>::new(), "{good}: {found:?}");
    }
}

#[test]
fn hedge_names_the_dropped_word() {
    let hope = "source = \"a.txt\"\nquote = \"Observers hope that a deal could follow\"";
    let sources = [("a.txt", A), ("b.txt", B), ("c.txt", C)];
    let files = [
        ("bad.toml", claim("x", "A deal followed the talks.", "", &[hope])),
        ("good.toml", claim("x", "Observers hope that a deal could follow.", "", &[hope])),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
    let dir = roots("seeds", &sources, &files);
    let records = json_lines(&factcheck_in(dir.path(), &["lint", "--format", "json"]));
    let hedges: Vec<&Value> = records.iter().filter(|r| r["code"] == "hedge").collect();
    assert_eq!(hedges.len(), 1, "{records:#?}");
    assert_eq!(hedges[0]["file"], "bad.toml");
    let message = hedges[0]["message"].as_str().unwrap();
    assert!(message.contains("\"hope\", \"could\"") && message.contains("a.txt, line 9"), "{message}");
}

#[test]
fn disputed_warns_on_one_article_and_on_a_change_of_position() {
    let disputed = "verdict = \"disputed\"";
    let one_source = [
        "source = \"a.txt\"\nquote = 'Both described the talks as \"useful\"'\nrole = \"supports\"",
        "source = \"a.txt\"\nquote = \"neither offered details\"\nrole = \"refutes\"",
    ];
    let sequence = [
        "source = \"a.txt\"\nquote = \"The minister initially said he was open to talks\"\nrole = \"supports\"",
        "source = \"b.txt\"\nquote = \"The minister rejected talks\"\nrole = \"refutes\"",
    ];
    let real = [
        "source = \"b.txt\"\nquote = \"A deal was reached in principle\"\nrole = \"supports\"",
        "source = \"a.txt\"\nquote = \"the summit produced nothing\"\nrole = \"refutes\"",
    ];
    let found = warnings(&[
        ("one-source.toml", claim("x", "The leaders gave details of the talks.", disputed, &one_source)),
        ("sequence.toml", claim("x", "The minister is open to talks.", disputed, &sequence)),
        ("real.toml", claim("x", "The talks produced a deal.", disputed, &real)),
    ]);
    assert_eq!(rigor_on(&found, "one-source.toml"), ["disputed-one-source"], "{found:?}");
    assert_eq!(rigor_on(&found, "sequence.toml"), ["disputed-sequence"], "{found:?}");
    assert_eq!(rigor_on(&found, "real.toml"), Vec::<String>::new(), "{found:?}");
}

#[test]
fn disputed_warns_on_two_dates_and_two_spellings() {
    let disputed = "verdict = \"disputed\"";
    let dated = [
        "source = \"b.txt\"\nquote = \"Talks in Geneva ended without a deal on Tuesday\"\nrole = \"supports\"",
        "source = \"c.txt\"\nquote = \"On Wednesday the minister called the talks useless\"\nrole = \"refutes\"",
    ];
    let spelled = [
        "source = \"b.txt\"\nquote = \"President Jonas Støre welcomed the deal\"\nrole = \"supports\"",
        "source = \"c.txt\"\nquote = \"President Jonas Stoere welcomed the deal\"\nrole = \"refutes\"",
    ];
    let files = [
        ("dated.toml", claim("x", "The talks were a failure.", disputed, &dated)),
        ("spelled.toml", claim("x", "The president is named Støre.", disputed, &spelled)),
    ];
    let found = warnings_with("[[alias]]\nnames = [\"Støre\", \"Stoere\"]\n", &files);
    assert_eq!(rigor_on(&found, "dated.toml"), ["disputed-sequence"], "{found:?}");
    assert_eq!(rigor_on(&found, "spelled.toml"), ["disputed-spelling"], "{found:?}");
    // Without the alias, the two names are not known to be one.
    let found = warnings(&files);
    assert_eq!(rigor_on(&found, "spelled.toml"), Vec::<String>::new(), "{found:?}");
}

#[test]
fn corroboration_counts_reports_only() {
    let both = "sources = [\"a.txt\", \"b.txt\"]\nmin_sources = 2";
    let stops_short = format!("{both}\npattern = '(described|called) the talks( as)?'");
    let whole = format!("{both}\npattern = '(described|called) the talks( as)? \"?useful'");
    let headline = format!("{both}\nterms = [\"leaders\", \"Geneva\"]");
    let intention = "sources = [\"a.txt\", \"c.txt\"]\nmin_sources = 2\npattern = '(meet|met) again in Oslo'";
    let found = warnings(&[
        ("stops-short.toml", claim("x", "Both leaders called the talks useful.", "", &[&stops_short])),
        ("whole.toml", claim("x", "Both leaders called the talks useful.", "", &[&whole])),
        ("headline.toml", claim("x", "The leaders met in Geneva.", "", &[&headline])),
        ("intention.toml", claim("x", "The leaders met again in Oslo.", "", &[intention])),
        ("intention-kept.toml", claim("x", "Officials said the leaders would meet again in Oslo.", "", &[intention])),
    ]);
    for bad in ["stops-short.toml", "headline.toml"] {
        assert_eq!(rigor_on(&found, bad), ["corroboration"], "{bad}: {found:?}");
    }
    // The intention is also unattributed and unhedged.
    assert_eq!(rigor_on(&found, "intention.toml"), ["attribution", "hedge", "corroboration"], "{found:?}");
    for good in ["whole.toml", "intention-kept.toml"] {
        assert_eq!(rigor_on(&found, good), Vec::<String>::new(), "{good}: {found:?}");
    }
}

#[test]
fn absent_items_show_the_denial_next_to_them() {
    let unverifiable = "verdict = \"unverifiable\"";
    let near = "pattern = '(?i)\\btruce (was|has been) (agreed|reached)'\nabsent = true";
    let far = "pattern = '(?i)\\bsanctions?\\b'\nabsent = true";
    let found = warnings(&[
        ("near.toml", claim("x", "A truce was agreed in Geneva.", unverifiable, &[near])),
        ("far.toml", claim("x", "Sanctions were agreed in Geneva.", unverifiable, &[far])),
    ]);
    assert_eq!(rigor_on(&found, "near.toml"), ["absent-near-miss"], "{found:?}");
    assert_eq!(rigor_on(&found, "far.toml"), Vec::<String>::new(), "{found:?}");
}

#[test]
fn a_corpus_extends_the_word_lists() {
    let german = "Kein Waffenstillstand ist jemals vereinbart worden.\n";
    let absent = "pattern = '(?i)Waffenstillstand (wurde|ist) vereinbart'\nabsent = true";
    let files =
        [("near.toml", claim("x", "Ein Waffenstillstand wurde vereinbart.", "verdict = \"unverifiable\"", &[absent]))];
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
    for (corpus_toml, expected) in [("", 0), ("[rigor]\nnegations = [\"kein\"]\n", 1)] {
        let dir = roots("seeds", &[("de.txt", german), ("corpus.toml", corpus_toml)], &files);
        let records = json_lines(&factcheck_in(dir.path(), &["lint", "--format", "json"]));
        let near = records.iter().filter(|r| r["code"] == "absent-near-miss").count();
        assert_eq!(near, expected, "{corpus_toml}: {records:#?}");
    }
}

/// `factcheck check`'s record of each claim, by name.
fn check(corpus_toml: &str, files: &[(&str, String)]) -> Vec<Value> {
    let sources = [("a.txt", A), ("b.txt", B), ("c.txt", C), ("corpus.toml", corpus_toml)];
    let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
    let dir = roots("seeds", &sources, &files);
    json_lines(&factcheck_in(dir.path(), &["check", "--format", "json"]))
        .into_iter()
        .filter(|record| record["type"] == "claim")
        .collect()
}

#[test]
fn rigor_checks_fail_a_claim_only_when_it_or_the_corpus_opts_in() {
    let quote = "source = \"a.txt\"\nquote = \"The two presidents met in Geneva on Tuesday\"";
    let hope = "source = \"a.txt\"\nquote = \"Observers hope that a deal could follow\"";
    let files = [
        ("plain.toml", claim("x", "The presidents met in Geneva on Wednesday.", "", &[quote])),
        ("opted.toml", claim("x", "The presidents met in Geneva on Wednesday.", "rigor = [\"details\"]", &[quote])),
        ("other.toml", claim("x", "The presidents met in Geneva on Wednesday.", "rigor = [\"hedge\"]", &[quote])),
        ("hedge.toml", claim("x", "A deal followed the talks.", "", &[hope])),
    ];
    let outcomes = |records: &[Value]| -> Vec<(String, String)> {
        records
            .iter()
            .map(|r| (r["name"].as_str().unwrap().to_owned(), r["outcome"].as_str().unwrap().to_owned()))
            .collect()
    };

    // Without opting in, a v1 file's outcomes do not change.
    let records = check("", &files);
    assert_eq!(
        outcomes(&records),
        [("hedge::x", "passed"), ("opted::x", "failed"), ("other::x", "passed"), ("plain::x", "passed")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let opted = records.iter().find(|r| r["name"] == "opted::x").unwrap();
    let failure = &opted["failures"][0];
    assert_eq!(failure["check"], "rigor");
    assert!(failure.get("evidence").is_none(), "details is about the claim: {failure}");
    assert!(failure["message"].as_str().unwrap().starts_with("[details] the claim says \"Wednesday\""), "{failure}");

    // The corpus opts every claim in.
    let records = check("[rigor]\nfail = [\"hedge\"]\n", &files);
    let hedge = records.iter().find(|r| r["name"] == "hedge::x").unwrap();
    assert_eq!(hedge["outcome"], "failed");
    assert_eq!(hedge["failures"][0]["check"], "rigor");
    assert_eq!(hedge["failures"][0]["evidence"], 1);
    assert_eq!(records.iter().find(|r| r["name"] == "plain::x").unwrap()["outcome"], "passed");
}

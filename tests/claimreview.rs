//! `factcheck export --claimreview` end to end: the JSON-LD parsed back and compared, claim by claim, with the
//! library (the claim's sentence, the rating its verdict gives, the cited sources' metadata from
//! `corpus.toml`), the publisher from flags or `[claimreview]`, failed claims left out, and the exit codes.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

mod common;

use common::{SEED, assertions_in, corpus_in, repo_copy};

use factcheck::cli::Roots;
use factcheck::cli::session::{Selection, Session};
use factcheck::evidence::{Outcome, check_all, evidence_matches};

/// A copy of the news fixture (tests/fixtures/news: the articles and the claims) in a temporary directory.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// The copy, without the fixture's `[claimreview]` table: each test says who publishes, if anyone.
    fn new() -> Project {
        let project = Project { dir: repo_copy() };
        let config = project.corpus().join("corpus.toml");
        let text = fs::read_to_string(&config).unwrap();
        let without = text.split_once("\n[claimreview]").map_or(text.as_str(), |(before, _)| before).to_owned();
        assert!(!without.contains("[claimreview]"), "the table is the file's last");
        fs::write(&config, without).unwrap();
        project
    }

    fn corpus(&self) -> PathBuf {
        corpus_in(self.dir.path())
    }

    fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.corpus().join(name);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} lacks {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn export(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(["export", "--claimreview"])
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Each passing claim: its name, sentence, verdict, and the sources its evidence cites.
    fn passing_claims(&self) -> Vec<(String, String, String, BTreeSet<String>)> {
        let roots = Roots { corpus: self.corpus(), assertions: assertions_in(self.dir.path()) };
        let session = Session::load(&roots, None).unwrap();
        let (claims, _) = session.select(&Selection::default());
        let reports = check_all(&claims, &session.corpus, false, 2);
        claims
            .iter()
            .zip(&reports)
            .filter(|(_, report)| report.outcome == Outcome::Passed)
            .map(|(claim, _)| {
                let cited = evidence_matches(claim, &session.corpus)
                    .into_iter()
                    .flat_map(|item| item.found.into_iter().map(|(source, _)| source))
                    .collect();
                (claim.name.clone(), claim.text.clone(), claim.verdict.as_str().to_owned(), cited)
            })
            .collect()
    }
}

fn json(output: &Output) -> Vec<Value> {
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{e}: {text}")).as_array().unwrap().clone()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_passing_claim_is_reviewed_with_the_rating_of_its_verdict() {
    let project = Project::new();
    let output =
        project.export(&["--author", "Example Checks", "--author-url", "https://example.org/", "--date", "2025-08-20"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let reviews = json(&output);
    let claims = project.passing_claims();
    assert_eq!(reviews.len(), claims.len());
    let mut verdicts = BTreeSet::new();
    for (review, (name, text, verdict, cited)) in reviews.iter().zip(&claims) {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["identifier"], name.as_str());
        assert_eq!(review["claimReviewed"], text.as_str());
        assert_eq!(review["datePublished"], "2025-08-20");
        assert_eq!(review["author"]["@type"], "Organization");
        assert_eq!(review["author"]["name"], "Example Checks");
        assert_eq!(review["author"]["url"], "https://example.org/");
        assert!(review.get("url").is_none(), "no report URL was given");
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let expected = match verdict.as_str() {
            "supported" => ("True", Some(5)),
            "refuted" => ("False", Some(1)),
            "disputed" => ("Mixed", Some(3)),
            "unverifiable" => ("Unverifiable", None),
            other => panic!("verdict {other}"),
        };
        assert_eq!(rating["alternateName"], expected.0, "{name}");
        match expected.1 {
            Some(value) => {
                assert_eq!(rating["ratingValue"], value, "{name}");
                assert_eq!((rating["worstRating"].as_u64(), rating["bestRating"].as_u64()), (Some(1), Some(5)));
            }
            None => {
                for key in ["ratingValue", "bestRating", "worstRating"] {
                    assert!(rating.get(key).is_none(), "{name}: an unverifiable claim has no {key}");
                }
            }
        }
        verdicts.insert(verdict.clone());
        // Only 000 and 004 have metadata in the shipped corpus.toml (their headlines).
        let item = &review["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        let headlines: BTreeSet<&str> = item["appearance"]
            .as_array()
            .map(|works| works.iter().map(|work| work["headline"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let with_metadata: BTreeSet<&str> = cited
            .iter()
            .filter_map(|source| match source.as_str() {
                SEED => Some("Trump Calls Zelenskiy and NATO Leaders After Alaska Summit with Putin"),
                "004_dfe902351cf3eb5b.txt" => {
                    Some("Trump Moves to Arrange Zelensky–Putin Peace Summit After White House Talks")
                }
                _ => None,
            })
            .collect();
        assert_eq!(headlines, with_metadata, "{name}: the cited sources that corpus.toml describes");
    }
    assert_eq!(verdicts.len(), 4, "the seeds have claims of every verdict: {verdicts:?}");
}

#[test]
fn the_publisher_and_the_sources_come_from_corpus_toml() {
    let project = Project::new();
    let config = project.corpus().join("corpus.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text = text.replace(
        "[sources.\"000_fbb003d94346f9a6.txt\"]\n",
        "[sources.\"000_fbb003d94346f9a6.txt\"]\nurl = \"https://news.example/alaska\"\npublished = 2025-08-16\n\
         outlet = \"Example News\"\n",
    );
    text.push_str(
        "\n[claimreview]\nauthor = \"Corpus Checks\"\nauthor_url = \"https://checks.example/\"\n\
         report_url = \"https://checks.example/report/index.html\"\n",
    );
    fs::write(&config, text).unwrap();
    let output = project.export(&["alaska-summit::leaders-met-nearly-three-hours", "--exact", "--date", "2025-08-21"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let reviews = json(&output);
    assert_eq!(reviews.len(), 1);
    let review = &reviews[0];
    assert_eq!(review["author"]["name"], "Corpus Checks");
    assert_eq!(review["author"]["url"], "https://checks.example/");
    assert_eq!(
        review["url"],
        "https://checks.example/report/index.html#claim-alaska-summit~3a~3aleaders-met-nearly-three-hours"
    );
    let appearance = &review["itemReviewed"]["appearance"][0];
    assert_eq!(appearance["@type"], "CreativeWork");
    assert_eq!(appearance["url"], "https://news.example/alaska");
    assert_eq!(appearance["datePublished"], "2025-08-16");
    assert_eq!(appearance["publisher"]["name"], "Example News");
    assert_eq!(review["itemReviewed"]["appearance"].as_array().unwrap().len(), 1, "002 and 003 have no metadata");

    // --author replaces the table's author whole: its URL does not follow.
    let flagged = project.export(&["leaders-met-nearly", "--author", "Other Desk", "--date", "2025-08-21"]);
    let reviews = json(&flagged);
    assert_eq!(reviews[0]["author"]["name"], "Other Desk");
    assert!(reviews[0]["author"].get("url").is_none(), "{}", reviews[0]["author"]);
}

#[test]
fn failed_claims_are_left_out_and_the_output_can_go_to_a_file() {
    let project = Project::new();
    project.edit(SEED, "nearly three hours in Anchorage", "about three hours in Anchorage");
    fs::create_dir(project.dir.path().join("out")).unwrap();
    let output = project.export(&["--author", "Example Checks", "--output", "out/claimreview.json"]);
    assert_eq!(output.status.code(), Some(1), "a failed claim makes the export fail: {}", stderr(&output));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.contains("alaska-summit::leaders-met-nearly-three-hours is left out"), "{message}");
    assert!(message.contains("left out 1 failed"), "{message}");
    let written = fs::read_to_string(project.dir.path().join("out/claimreview.json")).unwrap();
    let written: Value = serde_json::from_str(&written).unwrap();
    let names: Vec<&str> = written.as_array().unwrap().iter().map(|r| r["identifier"].as_str().unwrap()).collect();
    assert_eq!(names.len(), project.passing_claims().len());
    assert!(!names.contains(&"alaska-summit::leaders-met-nearly-three-hours"));
    let today = written[0]["datePublished"].as_str().unwrap();
    assert!(today.len() == 10 && today.starts_with("20"), "today, by default: {today}");
    let nowhere = project.export(&["--author", "X", "--output", "missing/claimreview.json"]);
    assert_eq!(nowhere.status.code(), Some(2), "an output that cannot be written");
    assert!(stderr(&nowhere).contains("cannot write missing/claimreview.json"), "{}", stderr(&nowhere));
}

#[test]
fn bad_configuration_is_refused_with_what_to_write() {
    let project = Project::new();
    let no_author = project.export(&[]);
    assert_eq!(no_author.status.code(), Some(2));
    assert!(stderr(&no_author).contains("--author NAME") && stderr(&no_author).contains("[claimreview]"));
    let script = project.export(&["--author", "X", "--author-url", "javascript:alert(1)"]);
    assert_eq!(script.status.code(), Some(2));
    assert!(stderr(&script).contains("not an http(s) URL"), "{}", stderr(&script));
    let date = project.export(&["--author", "X", "--date", "2025-02-30"]);
    assert_eq!(date.status.code(), Some(2));
    assert!(stderr(&date).contains("is not a date"), "{}", stderr(&date));
    let no_format = Command::new(env!("CARGO_BIN_EXE_factcheck")).args(["export"]).output().unwrap();
    assert_eq!(no_format.status.code(), Some(2), "the format is required");
}

#[test]
fn the_json_ld_can_be_pasted_into_a_script_element() {
    let project = Project::new();
    let claims = assertions_in(project.dir.path()).join("zz-markup.toml");
    fs::write(
        &claims,
        "[[claim]]\nid = \"markup\"\nclaim = \"Trump met Putin </script><script>alert('x')</script> & more\"\n\
         check_numbers = false\n\n[[claim.evidence]]\nsource = \"000_fbb003d94346f9a6.txt\"\n\
         quote = \"The two leaders met for nearly three hours in Anchorage\"\n",
    )
    .unwrap();
    let output = project.export(&["zz-markup::", "--author", "A & B <Checks>", "--date", "2025-08-20"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
    let reviews = json(&output);
    assert_eq!(reviews[0]["claimReviewed"], "Trump met Putin </script><script>alert('x')</script> & more");
    assert_eq!(reviews[0]["author"]["name"], "A & B <Checks>");
}

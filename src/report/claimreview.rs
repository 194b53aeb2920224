//! schema.org ClaimReview records: the standard way publishers mark up a fact check for search engines and
//! fact-check aggregators.
//!
//! One record per claim whose check passed: the claim's sentence (`claimReviewed`), the verdict as a rating
//! (`reviewRating`, see [`rating`]), the sources its evidence cites as the claim's appearances (`itemReviewed`,
//! with the headline, URL and date `corpus.toml` gives), the publisher (`author`, from `[claimreview]` in
//! `corpus.toml` or the command line) and the date of the review. Unknown metadata is left out, never
//! guessed. The output is a JSON-LD array, safe to paste into a `<script type="application/ld+json">`: `<`,
//! `>` and `&` are written as `\u` escapes, so that no claim can close the script element.

use std::fmt;

use serde_json::{Map, Value, json};

use super::html::{claim_id, text::web_url};
use crate::assertion::{Claim, Verdict};
use crate::corpus::Corpus;
use crate::evidence::ItemMatches;

/// The best rating: the claim is true.
pub const BEST_RATING: u8 = 5;
/// The worst rating: the claim is false.
pub const WORST_RATING: u8 = 1;

/// A verdict as ClaimReview readers know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    /// The rating's name, which search engines show (`reviewRating.alternateName`).
    pub name: &'static str,
    /// Its place on the scale from [`WORST_RATING`] to [`BEST_RATING`]; `None` when the claim cannot be rated
    /// on a scale of truth (an unverifiable claim is neither true nor false).
    pub value: Option<u8>,
}

/// The rating of a verdict: supported is "True" (5 of 5), refuted "False" (1), disputed "Mixed" (3, the
/// sources disagree) and unverifiable "Unverifiable", with no value.
pub fn rating(verdict: Verdict) -> Rating {
    match verdict {
        Verdict::Supported => Rating { name: "True", value: Some(BEST_RATING) },
        Verdict::Refuted => Rating { name: "False", value: Some(WORST_RATING) },
        Verdict::Disputed => Rating { name: "Mixed", value: Some(3) },
        Verdict::Unverifiable => Rating { name: "Unverifiable", value: None },
    }
}

/// The fact-checker that publishes the reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    pub name: String,
    /// Its home page, an `http(s)` URL.
    pub url: Option<String>,
}

/// What every review of one export shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewContext {
    pub author: Publisher,
    /// The date of the reviews.
    pub date: Date,
    /// Where the HTML report is published (an `http(s)` URL); each review's `url` is its claim's anchor there.
    pub report_url: Option<String>,
}

/// Why an export cannot be configured as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No author from the command line or `corpus.toml`.
    NoAuthor,
    /// A URL that is not an absolute `http(s)` URL.
    NotAWebUrl { what: &'static str, url: String },
    /// A date that is not `YYYY-MM-DD`.
    BadDate { value: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoAuthor => write!(
                f,
                "a ClaimReview needs its author, the fact-checker: pass --author NAME, or set `author` under \
                 `[claimreview]` in corpus.toml"
            ),
            ConfigError::NotAWebUrl { what, url } => {
                write!(f, "{what} `{}` is not an http(s) URL such as https://example.org/", url.escape_debug())
            }
            ConfigError::BadDate { value } => {
                write!(f, "`{}` is not a date; write it as 2025-08-18 (year-month-day)", value.escape_debug())
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl Publisher {
    /// A publisher, its URL checked.
    pub fn new(name: &str, url: Option<&str>) -> Result<Publisher, ConfigError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ConfigError::NoAuthor);
        }
        let url = url
            .map(|url| {
                web_url(url)
                    .map(str::to_owned)
                    .ok_or_else(|| ConfigError::NotAWebUrl { what: "the author's URL", url: url.to_owned() })
            })
            .transpose()?;
        Ok(Publisher { name: name.to_owned(), url })
    }
}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Date, ConfigError> {
        let bad = || ConfigError::BadDate { value: text.to_owned() };
        let digits = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        let mut parts = text.split('-');
        let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
            return Err(bad());
        }
        // Four and two ASCII digits always parse.
        let (year, month, day): (i32, u8, u8) =
            (year.parse().map_err(|_| bad())?, month.parse().map_err(|_| bad())?, day.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// The date (UTC) `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        // Day is 1..=31 and month 1..=12 by construction; years beyond i32 are clamped.
        Date {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Today, in UTC; `None` when the system clock is before 1970.
    pub fn today() -> Option<Date> {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Date::from_unix_days(i64::try_from(since.as_secs() / 86_400).ok()?))
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The ClaimReview of a claim, given where its evidence holds (from [`crate::evidence::evidence_matches`]).
pub fn review(claim: &Claim, matches: &[ItemMatches], corpus: &Corpus, context: &ReviewContext) -> Value {
    let rating = rating(claim.verdict);
    let mut review_rating = Map::new();
    review_rating.insert("@type".into(), json!("Rating"));
    if let Some(value) = rating.value {
        review_rating.insert("ratingValue".into(), json!(value));
        review_rating.insert("bestRating".into(), json!(BEST_RATING));
        review_rating.insert("worstRating".into(), json!(WORST_RATING));
    }
    review_rating.insert("alternateName".into(), json!(rating.name));

    let mut item = Map::new();
    item.insert("@type".into(), json!("Claim"));
    let appearances: Vec<Value> = cited_sources(matches).into_iter().filter_map(|s| appearance(corpus, s)).collect();
    if !appearances.is_empty() {
        item.insert("appearance".into(), Value::Array(appearances));
    }

    let mut author = Map::new();
    author.insert("@type".into(), json!("Organization"));
    author.insert("name".into(), json!(context.author.name));
    if let Some(url) = &context.author.url {
        author.insert("url".into(), json!(url));
    }

    let mut record = Map::new();
    record.insert("@context".into(), json!("https://schema.org"));
    record.insert("@type".into(), json!("ClaimReview"));
    record.insert("identifier".into(), json!(claim.name));
    if let Some(url) = &context.report_url {
        let page = url.split_once('#').map_or(url.as_str(), |(page, _)| page);
        record.insert("url".into(), json!(format!("{page}#{}", claim_id(&claim.name))));
    }
    record.insert("claimReviewed".into(), json!(claim.text));
    record.insert("datePublished".into(), json!(context.date.to_string()));
    record.insert("author".into(), Value::Object(author));
    record.insert("reviewRating".into(), Value::Object(review_rating));
    record.insert("itemReviewed".into(), Value::Object(item));
    if let Some(note) = &claim.note {
        record.insert("reviewBody".into(), json!(note));
    }
    Value::Object(record)
}

/// The sources the claim's evidence cites, in order of citation, each once.
fn cited_sources(matches: &[ItemMatches]) -> Vec<&str> {
    let mut sources: Vec<&str> = Vec::new();
    for (source, _) in matches.iter().flat_map(|item| &item.found) {
        if !sources.contains(&source.as_str()) {
            sources.push(source);
        }
    }
    sources
}

/// A source as a CreativeWork, from what `corpus.toml` says of it; `None` when it says nothing usable.
fn appearance(corpus: &Corpus, source: &str) -> Option<Value> {
    let metadata = corpus.metadata(source)?;
    let mut work = Map::new();
    if let Some(url) = metadata.url.as_deref().and_then(web_url) {
        work.insert("url".into(), json!(url));
    }
    if let Some(title) = &metadata.title {
        work.insert("headline".into(), json!(title));
    }
    if let Some(published) = &metadata.published {
        work.insert("datePublished".into(), json!(published));
    }
    if let Some(author) = &metadata.author {
        work.insert("author".into(), json!({ "@type": "Person", "name": author }));
    }
    if let Some(outlet) = &metadata.outlet {
        work.insert("publisher".into(), json!({ "@type": "Organization", "name": outlet }));
    }
    if let Some(language) = &metadata.language {
        work.insert("inLanguage".into(), json!(language));
    }
    if work.is_empty() {
        return None;
    }
    work.insert("@type".into(), json!("CreativeWork"));
    work.sort_keys();
    Some(Value::Object(work))
}

/// The reviews as one JSON-LD document (an array), pretty-printed, safe inside an HTML `<script>` element.
pub fn document(reviews: &[Value]) -> String {
    // Serializing a `Value` cannot fail: its keys are strings.
    let text = serde_json::to_string_pretty(reviews).unwrap_or_else(|_| "[]".to_owned());
    // These characters occur only inside JSON strings, where the escapes mean the same.
    let mut safe = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe.push('\n');
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_follow_the_verdict_on_one_scale() {
        assert_eq!(rating(Verdict::Supported), Rating { name: "True", value: Some(5) });
        assert_eq!(rating(Verdict::Refuted), Rating { name: "False", value: Some(1) });
        assert_eq!(rating(Verdict::Disputed).name, "Mixed");
        assert_eq!(rating(Verdict::Unverifiable), Rating { name: "Unverifiable", value: None });
        for verdict in Verdict::NAMES.iter().filter_map(|name| Verdict::parse(name)) {
            if let Some(value) = rating(verdict).value {
                assert!((WORST_RATING..=BEST_RATING).contains(&value));
            }
        }
    }

    #[test]
    fn dates_parse_and_count_from_1970() {
        assert_eq!(Date::parse("2025-08-18").unwrap(), Date { year: 2025, month: 8, day: 18 });
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in ["2025-02-29", "2025-13-01", "2025-8-18", "18-08-2025", "2025-08-18T00", "", "２０２５-08-18"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_318).to_string(), "2025-08-18");
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
        assert!(Date::today().is_some_and(|today| today.year >= 2025));
    }

    #[test]
    fn publishers_need_a_name_and_a_web_url() {
        assert_eq!(Publisher::new("  ", None), Err(ConfigError::NoAuthor));
        assert!(matches!(Publisher::new("X", Some("javascript:alert(1)")), Err(ConfigError::NotAWebUrl { .. })));
        let publisher = Publisher::new(" Example Checks ", Some("https://example.org/")).unwrap();
        assert_eq!(publisher.name, "Example Checks");
    }

    #[test]
    fn the_document_cannot_close_a_script_element() {
        let text = document(&[json!({ "claimReviewed": "</script><script>alert('x & y')</script>\u{2028}" })]);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0]["claimReviewed"], "</script><script>alert('x & y')</script>\u{2028}");
    }
}

//! Writing claims as TOML: what `factcheck find --toml` prints and what `factcheck new` appends.
//!
//! Two promises hold here. Text goes into TOML exactly, so that what was copied from a source is what the
//! file holds ([`toml_string`] chooses a literal string where the text has `"`, and escapes otherwise, showing
//! invisible characters as `\uXXXX` so a reviewer sees them). And a file that is appended to keeps every byte
//! it had, comments and layout included ([`append_claim`], with `toml_edit`): the new claim goes after them.
//! Edits of one claim keep every byte around the value they change ([`rewrite_quote`] for `factcheck review`'s
//! accept, [`mark_pending`] for its pending): the comment after a value, the key order, the layout.

use std::fmt;
use std::fmt::Write as _;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::{Status, Verdict};

/// A claim to write, from the values a person gave (`factcheck new`'s flags).
#[derive(Debug, Clone)]
pub struct NewClaim {
    pub id: String,
    pub claim: String,
    pub verdict: Verdict,
    pub status: Status,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub check_numbers: bool,
    pub evidence: Vec<NewEvidence>,
}

/// An evidence item to write.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    /// The sources of its scope; empty for every source.
    pub sources: Vec<String>,
    pub matcher: NewMatcher,
    /// Written only when not 1.
    pub min_sources: usize,
    pub absent: bool,
    pub ignore_case: bool,
}

/// The matcher of an evidence item to write, as given.
#[derive(Debug, Clone)]
pub enum NewMatcher {
    Quote(String),
    Pattern(String),
    Terms(Vec<String>),
}

/// Why a claim cannot be appended to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendError {
    /// The file is not TOML; the parser's message.
    Syntax(String),
    /// The file has a `claim` key that is not an array of `[[claim]]` tables.
    ClaimNotTables,
}

impl fmt::Display for AppendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppendError::Syntax(message) => write!(f, "the file is not valid TOML: {}", message.trim_end()),
            AppendError::ClaimNotTables => write!(
                f,
                "the file writes `claim` as something other than `[[claim]]` tables; `new` appends `[[claim]]` \
                 tables only"
            ),
        }
    }
}

/// `text` as a TOML string that holds it exactly: a basic string (`"..."`) unless the text has a `"` and can
/// be a literal string (`'...'`: no `'` and nothing that needs an escape). In basic strings, control
/// characters, white space other than the plain space, and invisible characters (zero-width, bidirectional
/// controls, soft hyphens, byte order marks) are escaped, so that nothing in the file is hidden from its reader.
pub fn toml_string(text: &str) -> String {
    if text.contains('"') && !text.contains('\'') && !text.chars().any(needs_escape) {
        return format!("'{text}'");
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters a TOML string shows as escapes.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A TOML array of strings, on one line.
fn toml_array(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| toml_string(item)).collect();
    format!("[{}]", items.join(", "))
}

/// The `[[claim.evidence]]` block citing `quote` in `source`, ready to paste under a `[[claim]]`.
pub fn evidence_block(source: &str, quote: &str) -> String {
    format!("[[claim.evidence]]\nsource = {}\nquote = {}\n", toml_string(source), toml_string(quote))
}

/// `existing` (the text of an assertion file, possibly empty) with `claim` appended after everything it holds.
/// Every byte of `existing` is kept, comments and layout included; the result ends with the new claim.
pub fn append_claim(existing: &str, claim: &NewClaim) -> Result<String, AppendError> {
    let mut document: DocumentMut =
        existing.parse().map_err(|error: toml_edit::TomlError| AppendError::Syntax(error.message().to_owned()))?;
    // Comments after the last table belong to the document, and `toml_edit` prints them after every table; moved
    // in front of the new claim, they stay where they were.
    let trailing = document.trailing().as_str().unwrap_or_default().to_owned();
    document.set_trailing("");
    let mut table = claim_table(claim);
    let separator = if existing.trim().is_empty() { "" } else { "\n" };
    table.decor_mut().set_prefix(format!("{trailing}{separator}"));
    let claims = document.entry("claim").or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(claims) = claims.as_array_of_tables_mut() else { return Err(AppendError::ClaimNotTables) };
    claims.push(table);
    Ok(document.to_string())
}

/// Why a claim of a file cannot be edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The file is not TOML; the parser's message.
    Syntax(String),
    /// No claim of the file has this id.
    NoClaim { id: String },
    /// The claim has no evidence item with this 1-based index, or the item has no `quote`.
    NoQuote { id: String, evidence: usize },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Syntax(message) => write!(f, "the file is not valid TOML: {}", message.trim_end()),
            EditError::NoClaim { id } => write!(f, "the file has no claim with id `{id}` any more"),
            EditError::NoQuote { id, evidence } => {
                write!(f, "evidence #{evidence} of the claim `{id}` has no `quote` any more")
            }
        }
    }
}

/// `existing` with the `quote` of evidence item `evidence` (1-based) of claim `id` set to `quote`. Only that
/// value changes: its key, the comment after it and every other byte of the file stay as they were.
pub fn rewrite_quote(existing: &str, id: &str, evidence: usize, quote: &str) -> Result<String, EditError> {
    let mut document = parse_document(existing)?;
    let claim = claim_mut(&mut document, id)?;
    let no_quote = || EditError::NoQuote { id: id.to_owned(), evidence };
    let item = claim.get_mut("evidence").and_then(|items| nth_table_mut(items, evidence.wrapping_sub(1)));
    let value = item.and_then(|item| item.get_mut("quote")).and_then(Item::as_value_mut).ok_or_else(no_quote)?;
    replace_value(value, &toml_string(quote));
    Ok(document.to_string())
}

/// `existing` with claim `id` set to `status = "pending"` and `note` written: appended, on a line of its own
/// inside the string, to the note the claim has, or as a new `note`. Every other byte stays as it was.
pub fn mark_pending(existing: &str, id: &str, note: &str) -> Result<String, EditError> {
    let mut document = parse_document(existing)?;
    let claim = claim_mut(&mut document, id)?;
    let status = toml_string(Status::Pending.as_str());
    match claim.get_mut("status").and_then(Item::as_value_mut) {
        Some(value) => replace_value(value, &status),
        None => {
            claim.insert("status", raw(&status));
        }
    }
    match claim.get_mut("note").and_then(Item::as_value_mut) {
        Some(value) => {
            let combined = match value.as_str() {
                Some(old) if !old.trim().is_empty() => format!("{}\n{note}", old.trim_end()),
                _ => note.to_owned(),
            };
            replace_value(value, &toml_string(&combined));
        }
        None => {
            claim.insert("note", raw(&toml_string(note)));
        }
    }
    Ok(document.to_string())
}

fn parse_document(existing: &str) -> Result<DocumentMut, EditError> {
    existing.parse().map_err(|error: toml_edit::TomlError| EditError::Syntax(error.message().to_owned()))
}

/// The claim table (`[[claim]]`, or an inline table of `claim = [...]`) whose `id` is `id`.
fn claim_mut<'d>(document: &'d mut DocumentMut, id: &str) -> Result<&'d mut dyn TableLike, EditError> {
    let no_claim = || EditError::NoClaim { id: id.to_owned() };
    let claims = document.get_mut("claim").ok_or_else(no_claim)?;
    let count = match &*claims {
        Item::ArrayOfTables(tables) => tables.len(),
        Item::Value(Value::Array(array)) => array.len(),
        _ => 0,
    };
    let position = (0..count)
        .find(|&n| nth_table_mut(claims, n).and_then(|claim| claim.get("id")).and_then(Item::as_str) == Some(id))
        .ok_or_else(no_claim)?;
    nth_table_mut(claims, position).ok_or_else(no_claim)
}

/// The `n`-th (0-based) table of an array of tables or of an array of inline tables.
fn nth_table_mut(item: &mut Item, n: usize) -> Option<&mut dyn TableLike> {
    match item {
        Item::ArrayOfTables(tables) => tables.get_mut(n).map(|table| table as &mut dyn TableLike),
        Item::Value(Value::Array(array)) => match array.get_mut(n)? {
            Value::InlineTable(table) => Some(table as &mut dyn TableLike),
            _ => None,
        },
        _ => None,
    }
}

/// Sets `value` to the value written `repr`, keeping the white space and comment around it.
fn replace_value(value: &mut Value, repr: &str) {
    let decor = value.decor().clone();
    // Every representation comes from `toml_string`, a valid TOML value.
    *value = repr.parse::<Value>().expect("factcheck writes valid TOML values");
    *value.decor_mut() = decor;
}

/// A value written in the representation `repr` (a TOML value as text, made here).
fn raw(repr: &str) -> Item {
    // Every representation comes from `toml_string`, `toml_array` or a number or boolean, all valid TOML values.
    Item::Value(repr.parse::<Value>().expect("factcheck writes valid TOML values"))
}

fn claim_table(claim: &NewClaim) -> Table {
    let mut table = Table::new();
    table.insert("id", raw(&toml_string(&claim.id)));
    table.insert("claim", raw(&toml_string(&claim.claim)));
    if claim.verdict != Verdict::Supported {
        table.insert("verdict", raw(&toml_string(claim.verdict.as_str())));
    }
    if claim.status != Status::Active {
        table.insert("status", raw(&toml_string(claim.status.as_str())));
    }
    if !claim.tags.is_empty() {
        table.insert("tags", raw(&toml_array(&claim.tags)));
    }
    if let Some(note) = &claim.note {
        table.insert("note", raw(&toml_string(note)));
    }
    if !claim.check_numbers {
        table.insert("check_numbers", raw("false"));
    }
    let mut items = ArrayOfTables::new();
    for item in &claim.evidence {
        let mut evidence = Table::new();
        evidence.decor_mut().set_prefix("\n");
        match item.sources.as_slice() {
            [] => {}
            [source] => {
                evidence.insert("source", raw(&toml_string(source)));
            }
            sources => {
                evidence.insert("sources", raw(&toml_array(sources)));
            }
        }
        let (key, repr) = match &item.matcher {
            NewMatcher::Quote(quote) => ("quote", toml_string(quote)),
            NewMatcher::Pattern(pattern) => ("pattern", toml_string(pattern)),
            NewMatcher::Terms(terms) => ("terms", toml_array(terms)),
        };
        evidence.insert(key, raw(&repr));
        if item.min_sources != 1 {
            evidence.insert("min_sources", raw(&item.min_sources.to_string()));
        }
        if item.absent {
            evidence.insert("absent", raw("true"));
        }
        if item.ignore_case {
            evidence.insert("ignore_case", raw("true"));
        }
        items.push(evidence);
    }
    table.insert("evidence", Item::ArrayOfTables(items));
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assertion::load::parse_file;
    use crate::assertion::{Matcher, Scope};
    use crate::limits::Limits;

    /// The value TOML reads back from a string written by `toml_string`.
    fn read_back(text: &str) -> String {
        let document: toml::Table = toml::from_str(&format!("value = {}", toml_string(text))).unwrap();
        document["value"].as_str().unwrap().to_owned()
    }

    #[test]
    fn strings_choose_their_quotes_and_round_trip() {
        assert_eq!(toml_string("plain text"), "\"plain text\"");
        assert_eq!(toml_string("it's"), "\"it's\"");
        assert_eq!(toml_string("described as \"productive\""), "'described as \"productive\"'");
        assert_eq!(toml_string("Moscow's \"win\""), "\"Moscow's \\\"win\\\"\"");
        assert_eq!(toml_string("a\\b"), "\"a\\\\b\"");
        assert_eq!(toml_string("line\nbreak \"x\""), "\"line\\nbreak \\\"x\\\"\"");
        assert_eq!(toml_string("no\u{A0}break"), "\"no\\u00A0break\"");
        assert_eq!(toml_string("zero\u{200B}width"), "\"zero\\u200Bwidth\"");
        for text in [
            "plain",
            "it's",
            "\"quoted\"",
            "it's \"both\"",
            "back\\slash 'and' \"quotes\"",
            "tab\there",
            "crlf\r\nline",
            "“curly” ‘quotes’ — dash",
            "bidi \u{202E}override",
            "bell \u{7}",
            "",
        ] {
            assert_eq!(read_back(text), text, "{text:?} as {}", toml_string(text));
        }
    }

    fn claim(id: &str) -> NewClaim {
        NewClaim {
            id: id.to_owned(),
            claim: "Trump and Putin met for \"nearly three hours\".".to_owned(),
            verdict: Verdict::Supported,
            status: Status::Active,
            tags: vec!["alaska".to_owned(), "duration".to_owned()],
            note: Some("From 000's second paragraph.".to_owned()),
            check_numbers: true,
            evidence: vec![NewEvidence {
                sources: vec!["000.txt".to_owned()],
                matcher: NewMatcher::Quote("met for nearly three hours".to_owned()),
                min_sources: 1,
                absent: false,
                ignore_case: false,
            }],
        }
    }

    #[test]
    fn appending_keeps_every_byte_and_comment() {
        let existing = "# Claims about the summit.\n\n[[claim]]\nid = \"first\"   # aligned comment\nclaim = 'x'\n\n\
                        [[claim.evidence]]\nquote    =    \"q\"\n\n# A closing note.\n";
        let text = append_claim(existing, &claim("second")).unwrap();
        assert!(text.starts_with(existing), "{text}");
        assert_eq!(
            &text[existing.len()..],
            "\n[[claim]]\nid = \"second\"\nclaim = 'Trump and Putin met for \"nearly three hours\".'\n\
             tags = [\"alaska\", \"duration\"]\nnote = \"From 000's second paragraph.\"\n\n\
             [[claim.evidence]]\nsource = \"000.txt\"\nquote = \"met for nearly three hours\"\n"
        );
        let file = parse_file("summit.toml", &text, &Limits::default()).unwrap();
        assert_eq!(file.claims.len(), 2);
        let added = &file.claims[1];
        assert_eq!(added.name, "summit::second");
        assert_eq!(added.tags, ["alaska", "duration"]);
        assert!(
            matches!(&added.evidence[0].matcher, Matcher::Quote { text, .. } if text == "met for nearly three hours")
        );
    }

    #[test]
    fn a_new_file_starts_with_the_claim_and_a_file_without_final_newline_gets_one() {
        let text = append_claim("", &claim("only")).unwrap();
        assert!(text.starts_with("[[claim]]\nid = \"only\"\n"), "{text}");
        let unterminated = "[[claim]]\nid = \"a\"\nclaim = \"b\"\n[[claim.evidence]]\nquote = \"q\"";
        let text = append_claim(unterminated, &claim("next")).unwrap();
        assert!(text.starts_with(unterminated), "{text}");
        assert_eq!(parse_file("f.toml", &text, &Limits::default()).unwrap().claims.len(), 2);
    }

    #[test]
    fn every_option_is_written_and_read_back() {
        let mut full = claim("full");
        full.verdict = Verdict::Unverifiable;
        full.status = Status::Pending;
        full.check_numbers = false;
        full.evidence = vec![
            NewEvidence {
                sources: vec!["a.txt".to_owned(), "b/c.md".to_owned()],
                matcher: NewMatcher::Pattern(r"\bAug(ust)?\b".to_owned()),
                min_sources: 1,
                absent: true,
                ignore_case: true,
            },
            NewEvidence {
                sources: vec![],
                matcher: NewMatcher::Terms(vec!["Putin".to_owned(), "Friday".to_owned()]),
                min_sources: 1,
                absent: true,
                ignore_case: false,
            },
        ];
        let text = append_claim("", &full).unwrap();
        let file = parse_file("f.toml", &text, &Limits::default()).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        let read = &file.claims[0];
        assert_eq!((read.verdict, read.status, read.check_numbers), (Verdict::Unverifiable, Status::Pending, false));
        assert_eq!(read.evidence[0].scope, Scope::Sources(vec!["a.txt".into(), "b/c.md".into()]));
        assert!(read.evidence[0].absent && read.evidence[0].ignore_case);
        assert!(matches!(&read.evidence[0].matcher, Matcher::Pattern { text, .. } if text == r"\bAug(ust)?\b"));
        assert_eq!(read.evidence[1].scope, Scope::All);
        let mut corroborated = claim("corroborated");
        corroborated.evidence[0].sources.push("002.txt".to_owned());
        corroborated.evidence[0].min_sources = 2;
        let text = append_claim("", &corroborated).unwrap();
        assert!(text.contains(
            "sources = [\"000.txt\", \"002.txt\"]\nquote = \"met for nearly three hours\"\nmin_sources = 2\n"
        ));
    }

    #[test]
    fn files_that_cannot_take_a_claim_are_refused() {
        assert!(matches!(append_claim("[[claim]\n", &claim("x")), Err(AppendError::Syntax(_))));
        assert_eq!(append_claim("claim = 3\n", &claim("x")), Err(AppendError::ClaimNotTables));
    }

    #[test]
    fn an_evidence_block_parses_under_a_claim() {
        let block = evidence_block("000.txt", "described as “productive” and \"vague\"");
        let text = format!("[[claim]]\nid = \"x\"\nclaim = \"y\"\n\n{block}");
        let file = parse_file("f.toml", &text, &Limits::default()).unwrap();
        match &file.claims[0].evidence[0].matcher {
            Matcher::Quote { text, .. } => assert_eq!(text, "described as “productive” and \"vague\""),
            other => panic!("{other:?}"),
        }
    }

    const TWO_CLAIMS: &str = "# Summit claims.\n\n[[claim]]\nid = \"met\"  # the meeting\nclaim = \"They met.\"\n\n\
                              [[claim.evidence]]\nsource = \"000.txt\"\nquote   =   \"met for nearly three hours\"  # as printed\n\n\
                              [[claim]]\nid = \"other\"\nclaim = \"x\"\nnote = \"From the lede.\"\n\n\
                              [[claim.evidence]]\nquote = \"q\"\n";

    /// The lines of `after` that differ from those of `before` (which must have as many).
    fn changed_lines<'a>(before: &str, after: &'a str) -> Vec<&'a str> {
        assert_eq!(before.lines().count(), after.lines().count(), "{after}");
        before.lines().zip(after.lines()).filter(|(a, b)| a != b).map(|(_, b)| b).collect()
    }

    #[test]
    fn rewriting_a_quote_changes_its_value_only() {
        let text = rewrite_quote(TWO_CLAIMS, "met", 1, "met for about “three” hours").unwrap();
        assert_eq!(changed_lines(TWO_CLAIMS, &text), ["quote   =   \"met for about “three” hours\"  # as printed"]);
        let text = rewrite_quote(TWO_CLAIMS, "other", 1, "say \"q\"").unwrap();
        assert_eq!(changed_lines(TWO_CLAIMS, &text), ["quote = 'say \"q\"'"]);
        let inline = "claim = [{ id = \"a\", claim = \"b\", evidence = [{ quote = \"old\" }] }]\n";
        assert_eq!(
            rewrite_quote(inline, "a", 1, "new").unwrap(),
            "claim = [{ id = \"a\", claim = \"b\", evidence = [{ quote = \"new\" }] }]\n"
        );
    }

    #[test]
    fn edits_of_what_is_not_there_are_refused() {
        assert_eq!(rewrite_quote(TWO_CLAIMS, "gone", 1, "x"), Err(EditError::NoClaim { id: "gone".into() }));
        assert_eq!(rewrite_quote(TWO_CLAIMS, "met", 2, "x"), Err(EditError::NoQuote { id: "met".into(), evidence: 2 }));
        assert_eq!(rewrite_quote(TWO_CLAIMS, "met", 0, "x"), Err(EditError::NoQuote { id: "met".into(), evidence: 0 }));
        assert!(matches!(mark_pending("[[claim]\n", "met", "n"), Err(EditError::Syntax(_))));
    }

    #[test]
    fn pending_sets_the_status_and_adds_the_note_keeping_comments() {
        let text = mark_pending(TWO_CLAIMS, "met", "pending since 2026-11-30: the source changed").unwrap();
        assert!(
            text.starts_with("# Summit claims.\n\n[[claim]]\nid = \"met\"  # the meeting\nclaim = \"They met.\"\n")
        );
        assert!(
            text.contains("status = \"pending\"\nnote = \"pending since 2026-11-30: the source changed\"\n"),
            "{text}"
        );
        assert!(text.contains("quote   =   \"met for nearly three hours\"  # as printed"), "{text}");
        let text = mark_pending(TWO_CLAIMS, "other", "pending since 2026-11-30: why").unwrap();
        assert!(text.contains("note = \"From the lede.\\npending since 2026-11-30: why\"\n"), "{text}");
        let file = parse_file("f.toml", &text, &Limits::default()).unwrap();
        assert_eq!(file.claims[1].status, Status::Pending);
        assert_eq!(file.claims[1].note.as_deref(), Some("From the lede.\npending since 2026-11-30: why"));
        assert_eq!(file.claims[0].status, Status::Active);
    }
}

//! Where things are in the text of an assertion file being edited: the claims, their evidence items and the
//! spans of their keys and values ([`Outline`]), and what the cursor is in the middle of typing
//! ([`CursorContext`]).
//!
//! The loader ([`crate::assertion::load`]) says whether a file is valid and what its claims mean; it keeps
//! only the line and column of each table. An editor needs more: the byte span of a `quote` value to hover
//! over or replace, and something to go on in a file that is half typed. So the outline is read from `toml`'s
//! spanned tree as the parser recovers it from errors, and the cursor context from the line being typed.
//! Nothing here decides whether a claim is valid.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::location::{LineColumn, LineIndex};

/// The claims of a document, as far as the parser could read them.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub claims: Vec<ClaimOutline>,
}

/// One `[[claim]]` table.
#[derive(Debug, Clone)]
pub struct ClaimOutline {
    /// From the header to the end of its last value.
    pub span: Range<usize>,
    /// Where the table starts, as the loader locates a claim.
    pub location: LineColumn,
    pub keys: Vec<KeyValue>,
    pub items: Vec<ItemOutline>,
}

/// One `[[claim.evidence]]` table.
#[derive(Debug, Clone)]
pub struct ItemOutline {
    /// From the header to the end of its last value.
    pub span: Range<usize>,
    /// Where the table starts, as the loader locates an evidence item.
    pub location: LineColumn,
    pub keys: Vec<KeyValue>,
}

/// A key of a table, its value and their spans.
#[derive(Debug, Clone)]
pub struct KeyValue {
    pub key: String,
    pub key_span: Range<usize>,
    pub value_span: Range<usize>,
    pub value: Value,
}

/// What an editor needs of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    /// An array's strings, each with its span (other elements are left out).
    Strings(Vec<(String, Range<usize>)>),
    Bool(bool),
    Other,
}

impl Value {
    fn of(value: &DeValue<'_>) -> Value {
        match value {
            DeValue::String(text) => Value::String(text.to_string()),
            DeValue::Boolean(flag) => Value::Bool(*flag),
            DeValue::Array(items) => Value::Strings(
                items
                    .iter()
                    .filter_map(|item| match item.get_ref() {
                        DeValue::String(text) => Some((text.to_string(), item.span())),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => Value::Other,
        }
    }
}

impl ItemOutline {
    /// The value of `key`, if the item has it.
    pub fn get(&self, key: &str) -> Option<&KeyValue> {
        self.keys.iter().find(|entry| entry.key == key)
    }

    /// A string value.
    pub fn string(&self, key: &str) -> Option<&str> {
        match &self.get(key)?.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
}

impl ClaimOutline {
    /// A string value of the claim table.
    pub fn string(&self, key: &str) -> Option<&str> {
        match &self.keys.iter().find(|entry| entry.key == key)?.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
}

impl Outline {
    /// Reads what it can of `text`, whatever its errors.
    pub fn new(text: &str) -> Outline {
        let (table, _errors) = DeTable::parse_recoverable(text);
        let index = LineIndex::new(text);
        let claims = match table.get_ref().get("claim").map(|value| value.get_ref()) {
            Some(DeValue::Array(claims)) => claims
                .iter()
                .filter_map(|claim| match claim.get_ref() {
                    DeValue::Table(table) => Some(claim_outline(table, claim.span(), text, &index)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Outline { claims }
    }

    /// The claim that holds the byte `offset`, and the item of it that does, if any.
    pub fn at(&self, offset: usize) -> Option<(&ClaimOutline, Option<&ItemOutline>)> {
        let claim = self.claims.iter().find(|claim| contains(&claim.span, offset))?;
        Some((claim, claim.items.iter().find(|item| contains(&item.span, offset))))
    }

    /// The claim whose table the byte `offset` is in, and its item, if any: the last header at or before the
    /// offset, as TOML reads a table (to the next header), so that a line being typed after a table's last
    /// value still belongs to it.
    pub fn enclosing(&self, offset: usize) -> Option<(&ClaimOutline, Option<&ItemOutline>)> {
        let claim = self.claims.iter().rev().find(|claim| claim.span.start <= offset)?;
        Some((claim, claim.items.iter().rev().find(|item| item.span.start <= offset)))
    }

    /// Every string of every `tags` array, in order, each once, but for the one being typed at `cursor`.
    pub fn tags(&self, cursor: usize) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for claim in &self.claims {
            for entry in claim.keys.iter().filter(|entry| entry.key == "tags") {
                if let Value::Strings(items) = &entry.value {
                    for (tag, span) in items {
                        if !tag.is_empty() && !contains(span, cursor) && !tags.contains(tag) {
                            tags.push(tag.clone());
                        }
                    }
                }
            }
        }
        tags
    }
}

/// Whether `offset` is in `span`, its end included (the cursor just after a value is on it).
pub fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

fn key_values(table: &DeTable<'_>) -> Vec<KeyValue> {
    table
        .iter()
        .map(|(key, value)| KeyValue {
            key: key.get_ref().to_string(),
            key_span: key.span(),
            value_span: value.span(),
            value: Value::of(value.get_ref()),
        })
        .collect()
}

/// The end of a table: the end of its last value (the span `toml` gives an array-of-tables element may stop at
/// its header).
fn end_of(span: &Range<usize>, keys: &[KeyValue]) -> usize {
    keys.iter().map(|entry| entry.value_span.end).fold(span.end, usize::max)
}

fn claim_outline(table: &DeTable<'_>, span: Range<usize>, text: &str, index: &LineIndex) -> ClaimOutline {
    let keys = key_values(table);
    let items: Vec<ItemOutline> = match table.get("evidence").map(|value| value.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(item_table) => {
                    let keys = key_values(item_table);
                    let item_span = item.span();
                    Some(ItemOutline {
                        span: item_span.start..end_of(&item_span, &keys),
                        location: index.locate(text, item_span.start),
                        keys,
                    })
                }
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let end = items.iter().map(|item| item.span.end).fold(end_of(&span, &keys), usize::max);
    let keys = keys.into_iter().filter(|entry| entry.key != "evidence").collect();
    ClaimOutline { location: index.locate(text, span.start), span: span.start..end, keys, items }
}

/// Which table the cursor is in, by the nearest header above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Before any header.
    Top,
    Claim,
    Evidence,
    /// A header factcheck does not know.
    Other,
}

/// What is being typed at the cursor: enough to choose completions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CursorContext {
    /// At the start of a line, or in a key being typed: `typed` is the part before the cursor.
    Key { table: Table, typed: Range<usize> },
    /// A table header being typed (the line starts with `[`).
    Header { typed: Range<usize> },
    /// Inside a string that is the value of `key` (or an element of its array); `typed` is the part of the
    /// string before the cursor.
    InString { key: String, table: Table, typed: Range<usize> },
    /// Anywhere else.
    Other,
}

/// What the cursor at byte `offset` of `text` is in the middle of typing.
pub fn cursor_context(text: &str, offset: usize) -> CursorContext {
    let offset = crate::location::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..offset];
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();
    if trimmed.starts_with('[') {
        return CursorContext::Header { typed: line_start + indent..offset };
    }
    if trimmed.starts_with('#') {
        return CursorContext::Other;
    }
    let table = table_at(&text[..line_start]);
    if trimmed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return CursorContext::Key { table, typed: line_start + indent..offset };
    }
    let Some((key, value)) = trimmed.split_once('=') else { return CursorContext::Other };
    let key = key.trim();
    // An open string: an odd number of quotes of the kind that opened the last one. Escaped quotes are rare in
    // what people type at this point; a wrong guess only offers completions that do not apply.
    let mut open: Option<(char, usize)> = None;
    for (at, c) in value.char_indices() {
        match (open, c) {
            (None, '"' | '\'') => open = Some((c, at + 1)),
            (Some((quote, _)), c) if c == quote => open = None,
            _ => {}
        }
    }
    match open {
        Some((_, start)) => {
            let value_start = offset - value.len();
            CursorContext::InString { key: key.to_owned(), table, typed: value_start + start..offset }
        }
        None => CursorContext::Other,
    }
}

/// The table the last header of `text` opens.
fn table_at(text: &str) -> Table {
    let header = text.lines().rev().map(str::trim).find(|line| line.starts_with('['));
    match header.map(|line| line.split('#').next().unwrap_or(line).replace(' ', "")) {
        None => Table::Top,
        Some(header) if header == "[[claim]]" => Table::Claim,
        Some(header) if header == "[[claim.evidence]]" => Table::Evidence,
        Some(_) => Table::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "#:schema ../schema/assertions.schema.json\n\n[[claim]]\nid = \"met\"\nclaim = \"Trump met Putin.\"\n\
                        tags = [\"alaska\", \"summit\"]\n\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"the two “leaders” met\"\n\n\
                        [[claim.evidence]]\nterms = [\"Putin\", \"Trump\"]\n";

    #[test]
    fn the_outline_has_every_claim_item_and_value_span() {
        let outline = Outline::new(TEXT);
        assert_eq!(outline.claims.len(), 1);
        let claim = &outline.claims[0];
        assert_eq!(claim.location, LineColumn { line: 3, column: 1 });
        assert_eq!(claim.string("id"), Some("met"));
        assert_eq!(claim.items.len(), 2);
        let quote = claim.items[0].get("quote").unwrap();
        assert_eq!(&TEXT[quote.value_span.clone()], "\"the two “leaders” met\"");
        assert_eq!(claim.items[0].location, LineColumn { line: 8, column: 1 });
        assert!(TEXT[claim.items[0].span.clone()].ends_with("met\""), "{:?}", &TEXT[claim.items[0].span.clone()]);
        let inside = TEXT.find("leaders").unwrap();
        let (found, item) = outline.at(inside).unwrap();
        assert_eq!(found.string("id"), Some("met"));
        assert_eq!(item.unwrap().string("source"), Some("a.txt"));
        assert_eq!(outline.tags(0), ["alaska", "summit"]);
        assert_eq!(outline.tags(TEXT.find("summit").unwrap()), ["alaska"]);
        assert!(claim.span.end >= TEXT.find("Trump\"]").unwrap());
    }

    #[test]
    fn a_half_typed_file_still_has_an_outline() {
        let text = "[[claim]]\nid = \"a\"\n[[claim.evidence]]\nquote = \"kept\"\n[[claim]]\nid = \"b\nclaim = ";
        let outline = Outline::new(text);
        assert!(!outline.claims.is_empty());
        assert_eq!(outline.claims[0].items[0].string("quote"), Some("kept"));
    }

    #[test]
    fn cursor_contexts() {
        let at_end = |text: &str| cursor_context(text, text.len());
        let text = "[[claim]]\nid = \"a\"\n[[claim.evidence]]\nsource = \"00";
        match at_end(text) {
            CursorContext::InString { key, table, typed } => {
                assert_eq!((key.as_str(), table, &text[typed]), ("source", Table::Evidence, "00"));
            }
            other => panic!("{other:?}"),
        }
        let text = "[[claim]]\nverdict = \"sup";
        assert!(
            matches!(at_end(text), CursorContext::InString { ref key, table: Table::Claim, .. } if key == "verdict")
        );
        let text = "[[claim]]\n[[claim.evidence]]\nsources = [\"a.txt\", \"b";
        match at_end(text) {
            CursorContext::InString { key, typed, .. } => assert_eq!((key.as_str(), &text[typed]), ("sources", "b")),
            other => panic!("{other:?}"),
        }
        let text = "[[claim]]\nver";
        match at_end(text) {
            CursorContext::Key { table, typed } => assert_eq!((table, &text[typed]), (Table::Claim, "ver")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(at_end("[[cl"), CursorContext::Header { .. }));
        assert!(matches!(at_end("[[claim]]\nid = \"a\" "), CursorContext::Other));
        assert_eq!(at_end(""), CursorContext::Key { table: Table::Top, typed: 0..0 });
    }
}

//! Reading TOML written by people: typed values with their spans, and every mistake at once.
//!
//! Assertion files and `corpus.toml` arrive in pull requests from strangers, so a mistake must be reported
//! with its file, line and column and with what to write instead, and one mistake must not hide the next.
//! serde's derive stops at the first error and cannot suggest a key, so the documents are parsed into
//! `toml`'s spanned tree ([`toml::de::DeTable`]) and read field by field through a [`TableReader`], which
//! records a [`Problem`] for each wrong type, missing key and unknown key (with a "did you mean").

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Problem, ProblemKind};

/// A value read from a TOML document, with the byte range it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// `a`, `b` and `c`
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The known word closest to `word`, if it is close enough to be what was meant.
pub fn suggest(word: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3) && *distance < candidate.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Parses a document; on a syntax error, returns every error the parser could recover from.
pub fn parse_document(text: &str) -> Result<(DeTable<'_>, Range<usize>), Vec<Problem>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let span = table.span();
        Ok((table.into_inner(), span))
    } else {
        Err(errors
            .into_iter()
            .map(|error| Problem {
                span: error.span().unwrap_or(0..0),
                kind: ProblemKind::Syntax { message: error.message().to_owned() },
            })
            .collect())
    }
}

/// The name of a TOML value's type, as the TOML spec calls it.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reads the keys of one table, recording problems; [`TableReader::finish`] reports the keys never asked for.
pub struct TableReader<'t, 'p, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    name: &'static str,
    known: &'static [&'static str],
    problems: &'p mut Vec<Problem>,
}

impl<'t, 'p, 'i> TableReader<'t, 'p, 'i> {
    /// A reader for `table` (written at `span`), called `name` in messages ("claim", "evidence item"), whose
    /// keys are `known`.
    pub fn new(
        table: &'t DeTable<'i>,
        span: Range<usize>,
        name: &'static str,
        known: &'static [&'static str],
        problems: &'p mut Vec<Problem>,
    ) -> Self {
        TableReader { table, span, name, known, problems }
    }

    /// Where the table was written.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Records a problem found by the caller.
    pub fn problem(&mut self, span: Range<usize>, kind: ProblemKind) {
        self.problems.push(Problem { span, kind });
    }

    fn value(&self, key: &str) -> Option<&'t toml::Spanned<DeValue<'i>>> {
        debug_assert!(self.known.contains(&key), "`{key}` is read but not listed as known");
        self.table.get(key)
    }

    fn wrong_type(&mut self, key: &str, expected: &'static str, value: &toml::Spanned<DeValue<'_>>) {
        let found = type_name(value.get_ref());
        self.problem(value.span(), ProblemKind::WrongType { key: key.to_owned(), expected, found });
    }

    /// Whether the table has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.value(key).is_some()
    }

    /// The span of `key`'s value, or of the table when the key is missing.
    pub fn span_of(&self, key: &str) -> Range<usize> {
        self.value(key).map_or(self.span.clone(), |value| value.span())
    }

    pub fn string(&mut self, key: &str) -> Option<Spanned<String>> {
        let value = self.value(key)?;
        match value.get_ref() {
            DeValue::String(text) => Some(Spanned { value: text.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    /// A string that must be present; `example` shows a line that would do.
    pub fn required_string(&mut self, key: &'static str, example: &'static str) -> Option<Spanned<String>> {
        if !self.has(key) {
            let kind = ProblemKind::MissingKey { key, table: self.name, example };
            self.problem(self.span.start..self.span.start, kind);
            return None;
        }
        self.string(key)
    }

    /// A date, written as a TOML date (`2025-08-16`) or a string; returned as written, for the caller to check.
    pub fn date(&mut self, key: &str) -> Option<Spanned<String>> {
        let value = self.value(key)?;
        match value.get_ref() {
            DeValue::Datetime(date) => Some(Spanned { value: date.to_string(), span: value.span() }),
            DeValue::String(text) => Some(Spanned { value: text.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(key, "a date such as 2025-08-16", value);
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<Spanned<bool>> {
        let value = self.value(key)?;
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(Spanned { value: *flag, span: value.span() }),
            _ => {
                self.wrong_type(key, "true or false", value);
                None
            }
        }
    }

    /// A non-negative integer.
    pub fn count(&mut self, key: &str) -> Option<Spanned<u64>> {
        let value = self.value(key)?;
        let parsed = value
            .get_ref()
            .as_integer()
            .and_then(|integer| u64::from_str_radix(integer.as_str(), integer.radix()).ok());
        match parsed {
            Some(count) => Some(Spanned { value: count, span: value.span() }),
            None => {
                self.wrong_type(key, "a whole number of at least 0", value);
                None
            }
        }
    }

    /// An array of strings.
    pub fn strings(&mut self, key: &str) -> Option<Spanned<Vec<Spanned<String>>>> {
        let value = self.value(key)?;
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(key, "an array of strings", value);
            return None;
        };
        let mut strings = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) => strings.push(Spanned { value: text.to_string(), span: item.span() }),
                _ => self.wrong_type(key, "an array of strings", item),
            }
        }
        Some(Spanned { value: strings, span: value.span() })
    }

    /// A sub-table (`[table]` or an inline table).
    pub fn table(&mut self, key: &str) -> Option<(&'t DeTable<'i>, Range<usize>)> {
        let value = self.value(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            _ => {
                self.wrong_type(key, "a table", value);
                None
            }
        }
    }

    /// An array of tables (`[[key]]`); tables of the wrong type are reported and skipped.
    pub fn tables(&mut self, key: &str) -> Vec<(&'t DeTable<'i>, Range<usize>)> {
        let Some(value) = self.value(key) else { return Vec::new() };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(key, "an array of tables (write `[[...]]`)", value);
            return Vec::new();
        };
        let mut tables = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((table, item.span())),
                _ => self.wrong_type(key, "an array of tables (write `[[...]]`)", item),
            }
        }
        tables
    }

    /// Reports every key of the table that is not known.
    pub fn finish(self) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !self.known.contains(&name) {
                let kind = ProblemKind::UnknownKey {
                    key: name.to_owned(),
                    table: self.name,
                    suggestion: suggest(name, self.known),
                    known: self.known,
                };
                self.problems.push(Problem { span: key.span(), kind });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_but_not_strangers() {
        let known = &["quote", "pattern", "terms", "source", "sources", "absent"];
        assert_eq!(suggest("qoute", known), Some("quote"));
        assert_eq!(suggest("sourc", known), Some("source"));
        assert_eq!(suggest("Quote", known), Some("quote"));
        assert_eq!(suggest("colour", known), None);
        assert_eq!(suggest("x", known), None);
    }

    #[test]
    fn reader_reports_every_problem() {
        let text = "a = 1\nb = \"x\"\nqoute = 2\n";
        let (table, span) = parse_document(text).unwrap();
        let mut problems = Vec::new();
        let mut reader = TableReader::new(&table, span, "claim", &["a", "b", "quote", "c"], &mut problems);
        assert_eq!(reader.string("a"), None);
        assert_eq!(reader.string("b").map(|s| s.value), Some("x".to_owned()));
        assert_eq!(reader.required_string("c", "c = \"...\""), None);
        reader.finish();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].kind.to_string().contains("`a` must be a string, found an integer"));
        assert!(problems[1].kind.to_string().contains("missing `c`"));
        assert_eq!(problems[2].kind.to_string(), "unknown key `qoute` in claim, did you mean `quote`?");
        assert_eq!(&text[problems[2].span.clone()], "qoute");
    }

    #[test]
    fn syntax_errors_have_spans() {
        let problems = parse_document("x = \n[[claim]\n").unwrap_err();
        assert!(!problems.is_empty());
        assert!(problems.iter().all(|p| matches!(p.kind, ProblemKind::Syntax { .. })));
    }

    #[test]
    fn counts_accept_whole_numbers_only() {
        let text = "a = 3\nb = -1\nc = 1.5\nd = 0\ne = 1_000\n";
        let (table, span) = parse_document(text).unwrap();
        let mut problems = Vec::new();
        let mut reader = TableReader::new(&table, span, "t", &["a", "b", "c", "d", "e"], &mut problems);
        assert_eq!(reader.count("a").map(|c| c.value), Some(3));
        assert_eq!(reader.count("b"), None);
        assert_eq!(reader.count("c"), None);
        assert_eq!(reader.count("d").map(|c| c.value), Some(0));
        assert_eq!(reader.count("e").map(|c| c.value), Some(1000));
        assert_eq!(problems.len(), 2);
    }
}

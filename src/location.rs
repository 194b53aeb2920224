//! Line and column numbers for byte offsets.
//!
//! Everything factcheck reports to a person points into a file they can open: a source in the corpus or an
//! assertion file. Both are located the same way, by a [`LineIndex`] built once per file: 1-based lines, and
//! 1-based columns counted in characters (not bytes), so that an editor's "go to line:column" lands on the spot
//! even when multi-byte characters come first on the line.

use std::fmt;

/// A 1-based line and a 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The byte offsets at which the lines of one text start.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. A line ends at `\n`; a `\r` before it belongs to the line it ends, so CRLF files count
    /// lines the way editors do.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The line and column of the byte `offset` in `text` (the text this index was built from). An offset
    /// past the end, or inside a multi-byte character, is clamped to the character that holds it.
    pub fn locate(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // `starts[0] == 0 <= offset`, so the partition point is at least 1.
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = text[start..offset].chars().count() + 1;
        LineColumn { line, column }
    }

    /// The byte range of the 1-based `line`, without its line ending, or `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
        Some(start..end)
    }

    /// How many lines the text has (a final line ending does not start a new, empty line).
    pub fn line_count(&self, text: &str) -> usize {
        if text.ends_with('\n') { self.starts.len() - 1 } else { self.starts.len() }
    }
}

/// The largest character boundary at or before `offset` (`str::floor_char_boundary` is not stable yet).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "first\n“Très” bien\n";
        let index = LineIndex::new(text);
        let bien = text.find("bien").unwrap();
        assert_eq!(index.locate(text, bien), LineColumn { line: 2, column: 8 });
        assert_eq!(index.locate(text, 0), LineColumn { line: 1, column: 1 });
    }

    #[test]
    fn crlf_lines_and_ranges() {
        let text = "one\r\ntwo\r\nthree";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, text.find("two").unwrap()), LineColumn { line: 2, column: 1 });
        assert_eq!(&text[index.line_range(text, 2).unwrap()], "two");
        assert_eq!(&text[index.line_range(text, 3).unwrap()], "three");
        assert_eq!(index.line_range(text, 4), None);
        assert_eq!(index.line_count(text), 3);
    }

    #[test]
    fn offsets_inside_characters_and_past_the_end_are_clamped() {
        let text = "a—b";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, 2), LineColumn { line: 1, column: 2 });
        assert_eq!(index.locate(text, 99), LineColumn { line: 1, column: 4 });
    }
}

//! Line and column numbers for byte offsets.
//!
//! Everything factcheck reports to a person points into a file they can open: a source in the corpus or an
//! assertion file. Both are located the same way, by a [`LineIndex`] built once per file: 1-based lines, and
//! 1-based columns counted in characters (not bytes), so that an editor's "go to line:column" lands on the spot
//! even when multi-byte characters come first on the line. An editor speaking the Language Server Protocol counts
//! columns in UTF-16 code units instead ([`Utf16Position`]); the same index converts both ways.

use std::fmt;

use crate::offsets::Offsets;

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
    /// (As `u32`s for any text below 4 GiB: a source's index is kept for the whole check.)
    starts: Offsets,
}

impl LineIndex {
    /// Indexes `text`. A line ends at `\n`; a `\r` before it belongs to the line it ends, so CRLF files count
    /// lines the way editors do.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts: starts.collect() }
    }

    /// The line and column of the byte `offset` in `text` (the text this index was built from). An offset
    /// past the end, or inside a multi-byte character, is clamped to the character that holds it.
    pub fn locate(&self, text: &str, offset: usize) -> LineColumn {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, start) = self.line_and_start(offset);
        let column = text[start..offset].chars().count() + 1;
        LineColumn { line, column }
    }

    /// The 1-based line holding the byte `offset`, and the offset where that line starts.
    pub fn line_and_start(&self, offset: usize) -> (usize, usize) {
        // `starts[0] == 0 <= offset`, so the partition point is at least 1.
        let line = self.starts.partition_point(|start| start <= offset);
        (line, self.starts.at(line - 1))
    }

    /// The byte range of the 1-based `line`, without its line ending, or `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
        Some(start..end)
    }

    /// How many lines the text has (a final line ending does not start a new, empty line).
    pub fn line_count(&self, text: &str) -> usize {
        if text.ends_with('\n') { self.starts.len() - 1 } else { self.starts.len() }
    }
}

/// A position as the Language Server Protocol counts it: a 0-based line and a 0-based column in UTF-16 code
/// units (what VS Code and most LSP clients count; "é" is one unit, "😀" two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utf16Position {
    pub line: u32,
    pub character: u32,
}

impl LineIndex {
    /// The byte offset of a 1-based line and character column (a [`LineColumn`] this module gave), clamped to
    /// the end of its line, or of the text.
    pub fn offset_of(&self, text: &str, location: LineColumn) -> usize {
        let Some(range) = self.line_range(text, location.line.max(1)) else { return text.len() };
        let line = &text[range.clone()];
        let within = line.char_indices().nth(location.column.saturating_sub(1)).map_or(line.len(), |(at, _)| at);
        range.start + within
    }

    /// The UTF-16 position of the byte `offset` (clamped as [`LineIndex::locate`] clamps it).
    pub fn utf16_position(&self, text: &str, offset: usize) -> Utf16Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|start| start <= offset);
        let start = self.starts.at(line - 1);
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Utf16Position { line: (line - 1) as u32, character: character as u32 }
    }

    /// The byte offset of a UTF-16 position: a column past the end of its line is the line's end (before its
    /// line ending), a line past the last is the end of the text, and a column inside a surrogate pair is the
    /// start of its character. Clients send positions of a text that may have changed since: never a panic.
    pub fn offset_of_utf16(&self, text: &str, position: Utf16Position) -> usize {
        let Some(range) = self.line_range(text, position.line as usize + 1) else { return text.len() };
        let mut units = 0;
        for (at, c) in text[range.clone()].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return range.start + at;
            }
        }
        range.end
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
    fn utf16_positions_count_surrogate_pairs_twice() {
        let text = "a = \"😀 é\"\r\nquote = \"x\"\n";
        let index = LineIndex::new(text);
        let e = text.find('é').unwrap();
        // `a = "` is 5 units, the emoji 2, the space 1.
        assert_eq!(index.utf16_position(text, e), Utf16Position { line: 0, character: 8 });
        assert_eq!(index.offset_of_utf16(text, Utf16Position { line: 0, character: 8 }), e);
        // Inside the surrogate pair: the emoji's start; past the line: its end, before the CR.
        let emoji = text.find('😀').unwrap();
        assert_eq!(index.offset_of_utf16(text, Utf16Position { line: 0, character: 6 }), emoji);
        assert_eq!(index.offset_of_utf16(text, Utf16Position { line: 0, character: 99 }), text.find('\r').unwrap());
        assert_eq!(index.offset_of_utf16(text, Utf16Position { line: 9, character: 0 }), text.len());
        let x = text.find('x').unwrap();
        assert_eq!(index.utf16_position(text, x), Utf16Position { line: 1, character: 9 });
        assert_eq!(index.offset_of(text, index.locate(text, e)), e);
        assert_eq!(index.offset_of(text, LineColumn { line: 1, column: 99 }), text.find('\r').unwrap());
    }

    #[test]
    fn offsets_inside_characters_and_past_the_end_are_clamped() {
        let text = "a—b";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, 2), LineColumn { line: 1, column: 2 });
        assert_eq!(index.locate(text, 99), LineColumn { line: 1, column: 4 });
    }
}

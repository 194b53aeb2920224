//! Writing a command's whole output to standard output without panicking when the reader goes away.
//!
//! `println!` panics when standard output is a closed pipe (`factcheck coverage --uncited | head`); a command
//! that renders its output first and hands it to [`print`] ends quietly instead, as Unix tools do.

use std::io::{self, Write};

use crate::report::style::printable;

/// Writes `text` to standard output and flushes it. A reader that has gone away (a broken pipe) is not an
/// error; any other failure is returned, for the command to report.
pub fn print(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// `text` made printable ([`printable`]) and cut to `max_chars` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let safe = printable(text);
    match safe.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &safe[..cut]),
        None => safe.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters_and_neutralizes_controls() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("Zelenskiy’s visit", 10), "Zelenskiy’…");
        assert_eq!(shorten("a\x1b[31mb", 20), "a\\u{1b}[31mb");
    }
}

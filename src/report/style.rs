//! Colour, and making untrusted text safe to print.
//!
//! Whether to colour follows the ecosystem's conventions, in this order: an explicit `--color always|never`;
//! `NO_COLOR` (set and not empty: never); `CLICOLOR_FORCE` (set and not `0`: always); `TERM=dumb` (never);
//! otherwise colour only on a terminal.
//!
//! Claims, quotes and sources come from strangers and end up on terminals and in public CI logs, so every piece
//! of such text goes through [`printable`] before it is printed: control characters (terminal escape
//! sequences, carriage returns that overwrite a line, newlines that could start a GitHub workflow command) and
//! bidirectional overrides are shown as `\u{..}` escapes instead of acting, and so are the two spellings of a
//! GitHub Actions workflow command: `::` at the start of the text (the runner reads a line as a command when it
//! starts with `::` after white space) and `##[` anywhere (the legacy spelling, which the runner reads anywhere
//! in a line).

use std::borrow::Cow;
use std::fmt::Write as _;

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour output going to a stream that is (or is not) a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    let var = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if var("NO_COLOR").is_some() {
                false
            } else if var("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
                true
            } else if var("TERM").is_some_and(|term| term == "dumb") {
                false
            } else {
                is_terminal
            }
        }
    }
}

/// Paints text, or leaves it plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

/// The kinds of emphasis the reports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    /// Headers and names.
    Bold,
    /// Text that is expected but missing: red.
    Removed,
    /// Text that is found instead: green.
    Added,
    /// Failure words.
    Error,
    /// Success words.
    Ok,
    /// Ignored tests, secondary details.
    Dim,
    /// Locations.
    Location,
}

impl Style {
    pub const PLAIN: Style = Style { color: false };

    /// `text` in `paint`, when colouring.
    pub fn paint(&self, paint: Paint, text: &str) -> String {
        if !self.color || text.is_empty() {
            return text.to_owned();
        }
        let code = match paint {
            Paint::Bold => "1",
            Paint::Removed => "1;31",
            Paint::Added => "1;32",
            Paint::Error => "1;31",
            Paint::Ok => "32",
            Paint::Dim => "2",
            Paint::Location => "36",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// `text` with every character that could act on a terminal or a CI log written as an escape: safe to print
/// anywhere in a line, even at its start. Idempotent: the escapes it writes are themselves printable.
pub fn printable(text: &str) -> Cow<'_, str> {
    let command_at_start = text.trim_start().starts_with("::");
    if !command_at_start && !text.contains("##[") && !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let escape = |safe: &mut String, c: char| {
        // Writing to a String cannot fail.
        let _ = write!(safe, "\\u{{{:x}}}", c as u32);
    };
    let mut safe = String::with_capacity(text.len() + 16);
    let mut at_start = true;
    for c in text.chars() {
        if is_unsafe(c) {
            escape(&mut safe, c);
        } else if (at_start && c == ':' && command_at_start) || (c == '[' && safe.ends_with("##")) {
            // `::x` becomes `\u{3a}:x` and `##[` becomes `##\u{5b}`: shown as written, read as nothing.
            escape(&mut safe, c);
        } else {
            safe.push(c);
        }
        at_start &= c.is_whitespace();
    }
    Cow::Owned(safe)
}

/// Control characters (C0, DEL, C1) and the bidirectional controls of "Trojan Source" (CVE-2021-42574): the
/// characters that must never reach a terminal or a CI log as they are, in text or in a file name.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_newlines_are_neutralized() {
        assert_eq!(printable("plain “text” — fine"), "plain “text” — fine");
        assert_eq!(printable("red \x1b[31m alert"), "red \\u{1b}[31m alert");
        assert_eq!(printable("line\n::error::x"), "line\\u{a}::error::x");
        assert_eq!(printable("over\rwrite"), "over\\u{d}write");
        assert_eq!(printable("abc\u{202E}cba"), "abc\\u{202e}cba");
    }

    #[test]
    fn workflow_commands_are_neutralized_where_the_runner_reads_them() {
        assert_eq!(printable("::error::pwned"), "\\u{3a}:error::pwned");
        assert_eq!(printable("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(printable("said ::error::x"), "said ::error::x", "mid-line `::` is plain text to the runner");
        assert_eq!(printable("note ##[error]x ##[stop-commands]t"), "note ##\\u{5b}error]x ##\\u{5b}stop-commands]t");
        assert_eq!(printable("a:b # [c]"), "a:b # [c]");
        for text in ["::x", " ##[a", "\n::x", "\u{85}::e", "x\u{1b}[0m##[e]"] {
            let once = printable(text).into_owned();
            assert_eq!(printable(&once), once, "idempotent for {text:?}");
            assert!(!once.trim_start().starts_with("::") && !once.contains("##[") && !once.chars().any(is_unsafe));
        }
    }

    #[test]
    fn explicit_choices_win() {
        assert!(use_color(ColorChoice::Always, false));
        assert!(!use_color(ColorChoice::Never, true));
    }

    #[test]
    fn plain_style_adds_nothing() {
        assert_eq!(Style::PLAIN.paint(Paint::Removed, "x"), "x");
        assert_eq!(Style { color: true }.paint(Paint::Removed, "x"), "\x1b[1;31mx\x1b[0m");
    }
}

//! Word-level differences between what a claim expects and what the source says.
//!
//! Made with `similar` over words, so that one changed word shows as one changed word. With colour, removed
//! words are red and added words green; without colour (`NO_COLOR`, pipes, CI logs) they are marked the way
//! `git diff --word-diff=plain` marks them: `[-nearly-]{+about+}`.

use similar::{Algorithm, ChangeTag, TextDiff};

use super::style::{Paint, Style, printable};

/// A diff of two normalized texts, as runs of equal, removed and added text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDiff {
    pub runs: Vec<(ChangeTag, String)>,
}

impl WordDiff {
    /// Compares `expected` with `found`, word by word.
    pub fn new(expected: &str, found: &str) -> WordDiff {
        let diff = TextDiff::configure().algorithm(Algorithm::Patience).diff_words(expected, found);
        let mut grouper = Grouper::default();
        for change in diff.iter_all_changes() {
            grouper.push(change.tag(), change.value());
        }
        grouper.flush();
        WordDiff { runs: grouper.runs }
    }

    /// Whether the texts differ.
    pub fn has_changes(&self) -> bool {
        self.runs.iter().any(|(tag, _)| *tag != ChangeTag::Equal)
    }

    /// The whole diff on one line: markers without colour, colours with it.
    pub fn render(&self, style: Style) -> String {
        let mut out = String::new();
        for (tag, text) in &self.runs {
            let text = printable(text);
            match (tag, style.color) {
                (ChangeTag::Equal, _) => out.push_str(&text),
                (ChangeTag::Delete, true) => out.push_str(&style.paint(Paint::Removed, &text)),
                (ChangeTag::Insert, true) => out.push_str(&style.paint(Paint::Added, &text)),
                (ChangeTag::Delete, false) => out.push_str(&format!("[-{text}-]")),
                (ChangeTag::Insert, false) => out.push_str(&format!("{{+{text}+}}")),
            }
        }
        out
    }

    /// One side of the diff (`Delete` for the expected text, `Insert` for the found text), its changed words
    /// emphasized when colouring.
    pub fn render_side(&self, side: ChangeTag, style: Style) -> String {
        let paint = if side == ChangeTag::Delete { Paint::Removed } else { Paint::Added };
        self.runs
            .iter()
            .filter(|(tag, _)| *tag == ChangeTag::Equal || *tag == side)
            .map(|(tag, text)| {
                let text = printable(text);
                if *tag == ChangeTag::Equal { text.into_owned() } else { style.paint(paint, &text) }
            })
            .collect()
    }
}

/// Groups changes into runs. A space between two changes belongs to the changed runs around it, so that
/// `nearly three` -> `about four` shows as `[-nearly three-]{+about four+}`, not as two changes.
#[derive(Default)]
struct Grouper {
    runs: Vec<(ChangeTag, String)>,
    removed: String,
    added: String,
    /// White space seen after a change, not yet known to be inside or after the changed run.
    space: String,
}

impl Grouper {
    fn push(&mut self, tag: ChangeTag, text: &str) {
        let changing = !self.removed.is_empty() || !self.added.is_empty();
        match tag {
            ChangeTag::Equal if changing && text.trim().is_empty() => self.space.push_str(text),
            ChangeTag::Equal => {
                self.flush();
                match self.runs.last_mut() {
                    Some((ChangeTag::Equal, run)) => run.push_str(text),
                    _ => self.runs.push((ChangeTag::Equal, text.to_owned())),
                }
            }
            ChangeTag::Delete | ChangeTag::Insert => {
                if !self.space.is_empty() {
                    for side in [&mut self.removed, &mut self.added] {
                        if !side.is_empty() {
                            side.push_str(&self.space);
                        }
                    }
                    self.space.clear();
                }
                let side = if tag == ChangeTag::Delete { &mut self.removed } else { &mut self.added };
                side.push_str(text);
            }
        }
    }

    fn flush(&mut self) {
        for (tag, text) in [(ChangeTag::Delete, &mut self.removed), (ChangeTag::Insert, &mut self.added)] {
            if !text.is_empty() {
                self.runs.push((tag, std::mem::take(text)));
            }
        }
        if !self.space.is_empty() {
            self.runs.push((ChangeTag::Equal, std::mem::take(&mut self.space)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_word_shows_both_words() {
        let diff =
            WordDiff::new("The two leaders met for nearly three hours", "The two leaders met for about three hours");
        assert_eq!(diff.render(Style::PLAIN), "The two leaders met for [-nearly-]{+about+} three hours");
        assert!(diff.has_changes());
    }

    #[test]
    fn neighbouring_changes_merge() {
        let diff = WordDiff::new("met for nearly three hours", "met for about four hours");
        assert_eq!(diff.render(Style::PLAIN), "met for [-nearly three-]{+about four+} hours");
    }

    #[test]
    fn additions_and_removals_alone() {
        assert_eq!(WordDiff::new("a b c", "a c").render(Style::PLAIN), "a [-b -]c");
        assert_eq!(WordDiff::new("a c", "a b c").render(Style::PLAIN), "a {+b +}c");
        assert!(!WordDiff::new("same", "same").has_changes());
    }

    #[test]
    fn colour_replaces_markers_and_sides_emphasize_their_words() {
        let diff = WordDiff::new("met for nearly three hours", "met for about three hours");
        let coloured = diff.render(Style { color: true });
        assert!(coloured.contains("\x1b[1;31mnearly\x1b[0m") && coloured.contains("\x1b[1;32mabout\x1b[0m"));
        assert!(!coloured.contains("[-"));
        assert_eq!(diff.render_side(ChangeTag::Delete, Style::PLAIN), "met for nearly three hours");
        assert_eq!(diff.render_side(ChangeTag::Insert, Style::PLAIN), "met for about three hours");
    }

    #[test]
    fn control_characters_in_sources_are_escaped() {
        let diff = WordDiff::new("a b", "a \x1b[2Jb");
        assert!(!diff.render(Style::PLAIN).contains('\x1b'));
    }
}

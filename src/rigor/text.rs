//! Words of a normalized text, with their offsets, and the phrase lookups the rigor checks share.

use std::ops::Range;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// As written, without a possessive `'s` (`Russia's` is `Russia`).
    pub text: String,
    /// `text` in lower case, without dots (`U.S.` is `us`): the form words are compared in.
    pub key: String,
    /// A byte range of the text.
    pub span: Range<usize>,
}

impl Token {
    /// Whether the word starts with a capital letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether every letter of the word is a capital (`NATO`, `US`, `U.S`).
    pub fn is_all_caps(&self) -> bool {
        self.text.chars().any(char::is_alphabetic)
            && self.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
    }
}

/// The words of `text`: runs of letters and digits, with apostrophes inside a word (`didn't`) and dots between
/// letters (`U.S`) kept. Hyphens and every other character separate words.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let joins = (c == '\'' || c == '.') && chars.get(j + 1).is_some_and(|(_, next)| next.is_alphabetic());
            let joins = joins && (c == '\'' || chars[j - 1].1.is_alphabetic());
            if c.is_alphanumeric() || joins {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |(offset, _)| *offset);
        let word = &text[start..end];
        let word = word.strip_suffix("'s").unwrap_or(word);
        let key: String = word.chars().filter(|c| *c != '.').flat_map(char::to_lowercase).collect();
        tokens.push(Token { text: word.to_owned(), key, span: start..end });
        i = j;
    }
    tokens
}

/// A phrase as the keys of its words (`according to` is `["according", "to"]`).
pub type Phrase = Vec<String>;

/// The phrase of a line of a word list.
pub fn phrase(text: &str) -> Phrase {
    tokens(text).into_iter().map(|token| token.key).collect()
}

/// Whether `phrase` occurs at word `at` of `tokens`.
pub fn phrase_at(tokens: &[Token], at: usize, phrase: &[String]) -> bool {
    !phrase.is_empty()
        && tokens.len() >= at + phrase.len()
        && tokens[at..at + phrase.len()].iter().zip(phrase).all(|(token, word)| &token.key == word)
}

/// The first phrase of `phrases` occurring in `tokens`, as (word index, phrase index).
pub fn find_any(tokens: &[Token], phrases: &[Phrase]) -> Option<(usize, usize)> {
    (0..tokens.len()).find_map(|at| phrases.iter().position(|phrase| phrase_at(tokens, at, phrase)).map(|p| (at, p)))
}

/// Every occurrence of the phrases in `tokens`, as (word index, phrase index), in text order.
pub fn find_all(tokens: &[Token], phrases: &[Phrase]) -> Vec<(usize, usize)> {
    (0..tokens.len())
        .filter_map(|at| phrases.iter().position(|phrase| phrase_at(tokens, at, phrase)).map(|p| (at, p)))
        .collect()
}

/// Whether any phrase of `phrases` occurs in `tokens`.
pub fn has_any(tokens: &[Token], phrases: &[Phrase]) -> bool {
    find_any(tokens, phrases).is_some()
}

/// The words of `tokens` whose span lies within `range`.
pub fn within(tokens: &[Token], range: Range<usize>) -> &[Token] {
    let first = tokens.partition_point(|token| token.span.start < range.start);
    let end = tokens.partition_point(|token| token.span.end <= range.end);
    &tokens[first..end.max(first)]
}

/// A text shortened for a message: at most `max` characters, cut at a word, with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} ...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_initialisms() {
        let words: Vec<String> =
            tokens("Russia's U.S. leader didn't go - cease-fire.").into_iter().map(|t| t.key).collect();
        assert_eq!(words, ["russia", "us", "leader", "didn't", "go", "cease", "fire"]);
    }

    #[test]
    fn phrases_are_found_by_word() {
        let text = tokens("According to her, it was said.");
        assert_eq!(find_any(&text, &[phrase("said"), phrase("according to")]), Some((0, 1)));
        assert!(!has_any(&text, &[phrase("accord")]));
    }
}

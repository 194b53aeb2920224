//! Proper names and dates in a claim, and whether a text holds them: for the details and attribution checks.
//!
//! A name is a capitalized word of the claim (or a run of them that a word list knows, such as "United States").
//! A capitalized word that starts a sentence is a name only when the corpus writes it capitalized inside a sentence
//! and never in lower case, so that "The", "After" or "Every" are not names but "Trump" is. Weekdays and months are capitalized, so dates are
//! names here too; numbers are the grounding check's.

use super::text::{Phrase, Token, phrase_at, tokens};
use super::words::Words;
use crate::corpus::Corpus;

/// A name of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// As written in the claim.
    pub text: String,
    /// Its words' keys.
    pub keys: Phrase,
}

/// Whether a capitalized word (as written) that starts a sentence is a common word rather than a name: the corpus
/// writes it in lower case somewhere, or never writes it capitalized inside a sentence ("Every", "Besides").
pub fn common_word(corpus: &Corpus, written: &str) -> bool {
    let lower = written.to_lowercase();
    let sources: Vec<&crate::corpus::Source> = corpus.names().filter_map(|name| corpus.source(name)?.ok()).collect();
    let occurs = |word: &str, inside_sentence: bool| {
        sources.iter().any(|source| {
            let text = source.text();
            text.match_indices(word).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + word.len()..].chars().next();
                let whole = before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric());
                let mid = text[..at]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| !matches!(c, '.' | '!' | '?' | ':' | '"'));
                whole && (!inside_sentence || mid)
            })
        })
    };
    !written.is_empty() && (occurs(&lower, false) || !occurs(written, true))
}

/// Whether the word at `at` starts a sentence of `text`: nothing but an opening quote or bracket before it since
/// the start or since closing punctuation.
fn starts_sentence(text: &str, tokens: &[Token], at: usize) -> bool {
    let before = match at {
        0 => &text[..tokens[0].span.start],
        _ => &text[tokens[at - 1].span.end..tokens[at].span.start],
    };
    let before = before.trim();
    (at == 0 && before.chars().all(|c| matches!(c, '"' | '\'' | '(')))
        || before.trim_end_matches(['"', '\'', '(']).trim_end().ends_with(['.', '!', '?', ':'])
}

/// The names of `text`, in order, each once.
pub fn names(text: &str, words: &Words, common: &dyn Fn(&str) -> bool) -> Vec<Name> {
    let tokens = tokens(text);
    let mut found: Vec<Name> = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let token = &tokens[at];
        let known = words
            .names
            .iter()
            .flatten()
            .filter(|form| form.len() > 1 && phrase_at(&tokens, at, form))
            .max_by_key(|form| form.len());
        let (name, width) = match known {
            Some(form) if token.is_capitalized() => {
                let end = tokens[at + form.len() - 1].span.end;
                (Some(Name { text: text[token.span.start..end].to_owned(), keys: form.clone() }), form.len())
            }
            _ => {
                let is_name = token.is_capitalized()
                    && token.text.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !(starts_sentence(text, &tokens, at) && common(&token.text));
                (is_name.then(|| Name { text: token.text.clone(), keys: vec![token.key.clone()] }), 1)
            }
        };
        if let Some(name) = name
            && !found.iter().any(|seen| seen.keys == name.keys)
        {
            found.push(name);
        }
        at += width;
    }
    found
}

/// Whether `context` (the words of a text) holds `name`: the same words, capitalized there, or another name of
/// its group in the word lists (aliases, demonyms), or a word of the same stem (`Russia`, `Russian`). A corpus
/// alias is the corpus's own word that two names are one, so it holds however it is written (`"Gull Island"` =
/// `"the island"`); the others must be capitalized, to be names and not common words ("us", "turkey").
pub fn holds(context: &[Token], name: &Name, words: &Words) -> bool {
    let mut forms: Vec<&Phrase> = vec![&name.keys];
    forms.extend(words.names.iter().filter(|group| group.contains(&name.keys)).flatten());
    let capitalized = |at: usize| context[at].is_capitalized();
    let exact = (0..context.len()).any(|at| capitalized(at) && forms.iter().any(|form| phrase_at(context, at, form)));
    let spelled = || {
        let spellings: Vec<&Phrase> =
            words.spellings.iter().filter(|group| group.contains(&name.keys)).flatten().collect();
        (0..context.len()).any(|at| spellings.iter().any(|form| phrase_at(context, at, form)))
    };
    exact
        || spelled()
        || (name.keys.len() == 1
            && context.iter().any(|token| token.is_capitalized() && same_stem(&token.key, &name.keys[0])))
}

/// Two words of one stem: one a prefix of the other but for its last letter, sharing at least four letters.
pub fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && common + 1 >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(word: &str) -> bool {
        ["The", "After", "Every"].contains(&word)
    }

    fn none(_: &str) -> bool {
        false
    }

    fn name_texts(text: &str) -> Vec<String> {
        names(text, &Words::builtin(), &common).into_iter().map(|name| name.text).collect()
    }

    #[test]
    fn names_are_capitalized_words_but_not_common_sentence_starts() {
        assert_eq!(
            name_texts("The summit of Ukraine, the United States and Russia."),
            ["Ukraine", "United States", "Russia"]
        );
        assert_eq!(
            name_texts("Trump met Putin on Friday. After that, Trump's NATO call."),
            ["Trump", "Putin", "Friday", "NATO"]
        );
    }

    #[test]
    fn a_name_is_held_by_its_aliases_demonyms_and_stem() {
        let words = Words::builtin();
        let context = tokens("The French president spoke to Russian officials in the U.S. about Ukrainian land.");
        for name in ["France", "Russia", "United States", "Ukraine", "US"] {
            let name = &names(name, &words, &none)[0];
            assert!(holds(&context, name, &words), "{name:?}");
        }
        for name in ["Poland", "Austria", "Kyiv"] {
            let name = &names(name, &words, &none)[0];
            assert!(!holds(&context, name, &words), "{name:?}");
        }
        assert!(!holds(&tokens("tell us more"), &names("US", &words, &none)[0], &words));
    }

    #[test]
    fn a_corpus_alias_holds_however_it_is_written() {
        let config = crate::corpus::config::RigorConfig::default();
        let words = Words::new(&config, &[vec!["Gull Island".to_owned(), "the island".to_owned()]]);
        let name = &names("Gull Island", &words, &none)[0];
        assert!(holds(&tokens("People on the island have waited a long time."), name, &words));
        assert!(!holds(&tokens("People on the mainland have waited a long time."), name, &words));
    }
}

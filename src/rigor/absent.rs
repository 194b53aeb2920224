//! Near misses of `absent` items: sentences that hold an absent matcher's content words under a negation.
//!
//! An absent pattern `ceasefire (was|has been) (agreed|reached)` guards against a report that a ceasefire was
//! agreed; the sentence "No ceasefire or de-escalation has been agreed upon" holds its words, denied. Shown to the
//! reviewer, it tells what the item guards against and how it could break: a denial worded a little differently
//! ("No ceasefire has been agreed") would match the pattern and fail the claim.
//!
//! The content words of a matcher are its words of three letters or more that are not function words: every word
//! of a quote or of the terms; for a pattern, the words of its literal text, where an alternation (`agreed|reached`)
//! is one word to find, any of its alternatives, and an optional part is not required.

use regex_syntax::ast::{self, Ast};

use super::text::{Token, excerpt, phrase_at, tokens};
use super::words::Words;
use super::{Code, Finding};
use crate::assertion::{Claim, Evidence, Matcher};
use crate::corpus::Corpus;
use crate::evidence::scope_sources;

/// Words too common to say what an item is about.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "was", "were", "has", "have", "had", "been", "being", "are", "for", "with", "that", "this", "from",
    "its", "his", "her", "their", "our", "into", "onto", "but", "not", "any", "all", "who", "which", "will", "would",
];

/// A word the item needs: any of its alternatives (lower case), each matched as the start of a word.
type Required = Vec<String>;

pub fn near_misses(corpus: &Corpus, words: &Words, claim: &Claim) -> Vec<Finding> {
    claim.evidence.iter().filter(|item| item.absent).filter_map(|item| near_miss(corpus, words, item)).collect()
}

fn near_miss(corpus: &Corpus, words: &Words, item: &Evidence) -> Option<Finding> {
    let required = required_words(&item.matcher);
    if required.is_empty() {
        return None;
    }
    let sources = scope_sources(&item.scope, corpus).ok()?;
    for source in sources {
        for sentence in source.sentences() {
            if source.excluded_overlapping(&sentence).is_some() {
                continue;
            }
            let text = &source.text()[sentence.clone()];
            let sentence_words = tokens(text);
            let Some(negation) = negation(&sentence_words, words) else { continue };
            let holds = |word: &Required| {
                sentence_words
                    .iter()
                    .any(|token| word.iter().any(|alternative| token.key.starts_with(alternative.as_str())))
            };
            if required.iter().all(holds) {
                let line = source.locate(sentence.start).line;
                return Some(Finding {
                    code: Code::AbsentNearMiss,
                    evidence: Some(item.index),
                    location: item.location,
                    message: format!(
                        "{}, line {} holds this item's words under a negation (\"{negation}\"): \"{}\"; the item \
                         guards against the opposite, and a denial worded a little differently would match it and \
                         fail the claim: match the wording of a report only (e.g. a quote of it), or cite the \
                         denial as the claim's evidence instead",
                        source.name,
                        line,
                        excerpt(without_closing_quote(text), 140)
                    ),
                });
            }
        }
    }
    None
}

/// A sentence without the closing quotation mark of a quotation it ends (`...agreed upon."`), so that it can be
/// shown in quotes.
fn without_closing_quote(sentence: &str) -> &str {
    if sentence.matches('"').count() % 2 == 1 { sentence.trim_end_matches('"') } else { sentence }
}

/// The negation of a sentence, as written: a phrase of the list, or a word ending in "n't".
fn negation(sentence: &[Token], words: &Words) -> Option<String> {
    (0..sentence.len()).find_map(|at| {
        if sentence[at].key.ends_with("n't") {
            return Some(sentence[at].text.clone());
        }
        let phrase = words.negations.iter().find(|phrase| phrase_at(sentence, at, phrase))?;
        Some(sentence[at..at + phrase.len()].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "))
    })
}

/// Whether a word says what an item is about.
fn is_content(word: &str) -> bool {
    word.chars().count() >= 3 && !FUNCTION_WORDS.contains(&word)
}

fn content_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|token| token.key).filter(|key| is_content(key)).collect()
}

/// The words an item's matcher needs, each with its alternatives.
fn required_words(matcher: &Matcher) -> Vec<Required> {
    match matcher {
        Matcher::Quote { normalized, .. } => content_words(normalized).into_iter().map(|word| vec![word]).collect(),
        Matcher::Terms { terms } => terms.iter().flat_map(|term| content_words(term)).map(|word| vec![word]).collect(),
        Matcher::Pattern { text, .. } => match ast::parse::Parser::new().parse(text) {
            Ok(ast) => {
                let mut required = Vec::new();
                pattern_words(&ast, &mut required);
                required
            }
            Err(_) => Vec::new(),
        },
    }
}

/// The literal text of a pattern fragment, with anything that is not a literal as a space.
fn literal_text(ast: &Ast, out: &mut String) {
    match ast {
        Ast::Literal(literal) => out.push(literal.c),
        Ast::Concat(concat) => concat.asts.iter().for_each(|ast| literal_text(ast, out)),
        Ast::Group(group) => literal_text(&group.ast, out),
        _ => out.push(' '),
    }
}

/// The required words of a pattern: the words of its literal runs, and one choice for each alternation whose
/// alternatives all have a content word.
fn pattern_words(ast: &Ast, required: &mut Vec<Required>) {
    match ast {
        Ast::Concat(concat) => {
            let mut run = String::new();
            for part in &concat.asts {
                match part {
                    Ast::Literal(literal) => run.push(literal.c),
                    other => {
                        required.extend(content_words(&run).into_iter().map(|word| vec![word]));
                        run.clear();
                        pattern_words(other, required);
                    }
                }
            }
            required.extend(content_words(&run).into_iter().map(|word| vec![word]));
        }
        Ast::Literal(literal) => required.extend(content_words(&literal.c.to_string()).into_iter().map(|w| vec![w])),
        Ast::Group(group) => pattern_words(&group.ast, required),
        Ast::Repetition(repetition) if repetition_is_required(&repetition.op.kind) => {
            pattern_words(&repetition.ast, required)
        }
        Ast::Alternation(alternation) => {
            let choices: Vec<Option<String>> = alternation
                .asts
                .iter()
                .map(|alternative| {
                    let mut text = String::new();
                    literal_text(alternative, &mut text);
                    content_words(&text).into_iter().next()
                })
                .collect();
            if choices.iter().all(Option::is_some) {
                required.push(choices.into_iter().flatten().collect());
            }
        }
        _ => {}
    }
}

fn repetition_is_required(kind: &ast::RepetitionKind) -> bool {
    match kind {
        ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => false,
        ast::RepetitionKind::OneOrMore => true,
        ast::RepetitionKind::Range(range) => match range {
            ast::RepetitionRange::Exactly(n) | ast::RepetitionRange::AtLeast(n) => *n > 0,
            ast::RepetitionRange::Bounded(min, _) => *min > 0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Vec<Required> {
        let regex = crate::assertion::PatternRegex::new(text, false, &crate::limits::Limits::default()).unwrap();
        required_words(&Matcher::Pattern { text: text.into(), regex })
    }

    #[test]
    fn a_pattern_needs_its_literal_words_and_one_of_each_alternation() {
        assert_eq!(
            pattern("(?i)ceasefire (was|has been) (agreed|reached)"),
            [vec!["ceasefire"], vec!["agreed", "reached"]]
        );
        assert_eq!(pattern(r"(?i)\bsanction"), [vec!["sanction"]]);
        assert_eq!(pattern(r"(?i)\bAug(ust|\.)"), [vec!["aug"]]);
        assert_eq!(pattern(r"\b15(th)?\b"), Vec::<Required>::new());
    }
}

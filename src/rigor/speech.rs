//! Reported speech and hedges around an evidence match: who is speaking, and which hedges govern the words.
//!
//! The speaker of a match is the attribution that governs it: inside a quotation, the last attribution before the
//! quotation opens; otherwise the last one in its sentence that starts at or before the match, or else the first
//! inside it. An attribution is a phrase of the attribution list; its speaker is the words before a verb back to
//! the clause's start ("Oleksiy Honcharenko said"), or after "according to" up to the next comma. A pronoun
//! speaker ("According to her") is the previous speaker of the paragraph; when there is none it is unknown, and
//! nothing is said about it.

use super::context::Hit;
use super::names::{Name, holds, names, same_stem};
use super::text::{Token, find_all, has_any, phrase_at, tokens, within};
use super::words::Words;

const PRONOUNS: &[&str] = &["he", "she", "they", "her", "him", "his", "it", "we", "i", "them", "their"];
const PREPOSITIONS: &[&str] = &["with", "in", "for", "by", "from", "of", "to", "on", "at"];
/// Words that, after a comma, start a clause of the writer's own: an attribution before them does not govern
/// what follows ("He claimed X, even as Russia continues to oppose Y").
const OWN_CLAUSES: &[&str] =
    &[", even as", ", while", ", though", ", although", ", but", ", despite", ", as ", ", with "];
const CLAUSE_WORDS: &[&str] = &["that", "and", "but", "while", "as", "which", "who", "whom", "though", "although"];

/// Who says the words of a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The attribution as written in the source ("According to her", "said").
    pub marker: String,
    /// The speaker as written ("CNN's Kimberly Dozier"), resolved through a pronoun.
    pub who: String,
    /// The speaker's names; none for a speaker without one ("analysts", "both leaders").
    pub names: Vec<Name>,
}

/// The words of the paragraph of a hit, at their offsets in the source's normalized text.
fn paragraph_tokens(hit: &Hit<'_>) -> Vec<Token> {
    let offset = hit.paragraph.start;
    tokens(hit.paragraph_text())
        .into_iter()
        .map(|mut token| {
            token.span = token.span.start + offset..token.span.end + offset;
            token
        })
        .collect()
}

/// Whether the text between two words breaks a clause.
fn breaks_clause(text: &str, tokens: &[Token], before: usize) -> bool {
    let gap = &text[tokens[before].span.end..tokens[before + 1].span.start];
    gap.contains([',', ';', ':', '.', '(', ')']) || gap.contains(" - ")
}

/// The speaker of the attribution at word `at` (a phrase `width` words long), before pronouns are resolved: the
/// words (first and last index) it names.
fn subject(text: &str, tokens: &[Token], at: usize, width: usize) -> Option<(usize, usize)> {
    if tokens[at].key == "according" {
        let first = at + width;
        let mut last = first;
        if first >= tokens.len() || breaks_clause(text, tokens, at + width - 1) {
            return None;
        }
        while last + 1 < tokens.len() && last - first < 8 && !breaks_clause(text, tokens, last) {
            last += 1;
        }
        return Some((first, last));
    }
    let mut first = at;
    while first > 0
        && at - first < 6
        && !breaks_clause(text, tokens, first - 1)
        && !CLAUSE_WORDS.contains(&tokens[first - 1].key.as_str())
    {
        first -= 1;
    }
    if first < at {
        return Some((first, at - 1));
    }
    // A participle after a comma ("..., insisting that") or a verb after an apposition ("Marta Kowalski, an
    // analyst, said"; "Wolfgang Ischinger, a former German ambassador, declared"): the first name of the clause
    // before, or of the one before that when the clause before is an apposition (it starts with an article).
    let clause = |end: usize| {
        let mut start = end;
        while start > 0
            && !breaks_clause(text, tokens, start - 1)
            && !CLAUSE_WORDS.contains(&tokens[start - 1].key.as_str())
        {
            start -= 1;
        }
        // The run of capitalized words ("German Chancellor Friedrich Merz"), or one with the word after it
        // ("Russian officials", "the Ukrainian president"): a description, which any attribution attributes.
        let named = (start..=end)
            .find(|&i| tokens[i].is_capitalized() && !matches!(tokens[i].key.as_str(), "a" | "an" | "the"))
            .map(|named| {
                let mut last = named;
                while last < end && tokens[last + 1].is_capitalized() {
                    last += 1;
                }
                (named, if last == named { (last + 1).min(end) } else { last })
            });
        (start, named)
    };
    let (start, named) = clause(at.checked_sub(1)?);
    let apposition = matches!(tokens[start].key.as_str(), "a" | "an" | "the");
    if let (false, Some(named)) = (apposition, named) {
        return Some(named);
    }
    let earlier = start.checked_sub(1).and_then(|end| clause(end).1);
    earlier.or(named)
}

/// The speaker of a hit's match, if the match is reported speech.
pub fn speaker(hit: &Hit<'_>, words: &Words, common: &dyn Fn(&str) -> bool) -> Option<Speaker> {
    let text = hit.source.text();
    let tokens = paragraph_tokens(hit);
    let markers = find_all(&tokens, &words.attribution);
    // Each attribution's speaker, in order, pronouns resolved to the previous named one.
    let mut speakers: Vec<(usize, Option<Speaker>)> = Vec::new();
    let mut previous: Option<Speaker> = None;
    for &(at, phrase) in &markers {
        let width = words.attribution[phrase].len();
        let marker_end = tokens[at + width - 1].span.end;
        let found = subject(text, &tokens, at, width).and_then(|(mut first, last)| {
            // "with CNN's Kimberly Dozier noting": the speaker is after the preposition.
            while first < last && PREPOSITIONS.contains(&tokens[first].key.as_str()) {
                first += 1;
            }
            if PREPOSITIONS.contains(&tokens[first].key.as_str()) {
                return None;
            }
            let subject = &tokens[first..=last];
            // The words as written: the subject with its verb when they are side by side ("Trump said", "According
            // to her"), else the verb alone ("warning", whose subject is a clause before).
            let adjacent = last + 1 == at || first == at + width;
            let marker_start =
                if adjacent { tokens[at].span.start.min(tokens[first].span.start) } else { tokens[at].span.start };
            let marker_stop = if adjacent { marker_end.max(tokens[last].span.end) } else { marker_end };
            let marker = text[marker_start..marker_stop].to_owned();
            let is_pronoun = |t: &Token| PRONOUNS.contains(&t.key.as_str());
            if subject.iter().any(is_pronoun) && !subject.iter().any(|t| t.is_capitalized() && !is_pronoun(t)) {
                return previous.clone().map(|earlier| Speaker { marker, ..earlier });
            }
            let who = text[tokens[first].span.start..tokens[last].span.end].to_owned();
            // A speaker named by a description ("the Ukrainian president", "Russian officials") is attributed by
            // any attribution; one named by name must be named.
            let names = if tokens[last].is_capitalized() { names(&who, words, common) } else { Vec::new() };
            Some(Speaker { marker, who, names })
        });
        if let Some(found) = &found
            && !found.names.is_empty()
        {
            previous = Some(found.clone());
        }
        speakers.push((tokens[at].span.start, found));
    }
    // Inside a quotation: the attribution before it opens.
    let paragraph = &text[hit.paragraph.clone()];
    let before = &paragraph[..hit.found.start.saturating_sub(hit.paragraph.start).min(paragraph.len())];
    if before.matches('"').count() % 2 == 1 {
        let opens = hit.paragraph.start + before.rfind('"').unwrap_or(0);
        return speakers.iter().rev().find(|(start, _)| *start < opens).and_then(|(_, speaker)| speaker.clone());
    }
    let in_sentence = |start: &usize| hit.sentence.contains(start);
    let governs = |start: &usize| {
        // Up to the end of the match's first word, which may be the clause's ("..., with Trump ..."); a quotation
        // may close between the comma and the clause (`"best yet," with Trump ...`).
        let first_word_end = text[hit.found.clone()].find(' ').map_or(hit.found.end, |at| hit.found.start + at + 1);
        let between = text[*start..first_word_end].replace(",\"", ",");
        !OWN_CLAUSES.iter().any(|clause| between.contains(clause)) && !between.contains(" - ")
    };
    speakers
        .iter()
        .rev()
        .find(|(start, _)| in_sentence(start) && *start <= hit.found.start)
        .filter(|(start, _)| governs(start))
        .or_else(|| speakers.iter().find(|(start, _)| in_sentence(start) && hit.found.contains(start)))
        .and_then(|(_, speaker)| speaker.clone())
}

/// Words too common to say what a hedge is about.
const FUNCTION_WORDS: &[&str] = &[
    "that", "they", "them", "their", "this", "these", "those", "with", "have", "been", "were", "from", "about", "into",
    "there", "then", "than", "would", "could", "will", "should", "what", "which", "while", "also",
];

/// Whether the claim restates the words a hedge governs: a lower-case content word of the five after it shares a
/// stem with a word of the claim.
fn restates(after: &[Token], claim: &[Token]) -> bool {
    shares_content(&after[..after.len().min(5)], claim)
}

/// Whether a lower-case content word of `words` shares a stem with a word of the claim: whether the claim says
/// something of what `words` say, rather than about them ("the outlets spell his name three ways").
pub fn shares_content(words: &[Token], claim: &[Token]) -> bool {
    words
        .iter()
        .filter(|word| !word.is_capitalized() && word.key.chars().count() >= 4)
        .filter(|word| !FUNCTION_WORDS.contains(&word.key.as_str()))
        .any(|word| claim.iter().any(|c| c.key == word.key || same_stem(&c.key, &word.key)))
}

/// Whether a claim attributes its words to `speaker`: it has an attribution (an attribution verb, a verb of a
/// speech act, or "reportedly"), and names the speaker when the speaker has a name; or it names the speaker and
/// keeps a modal word (a plan restated as a plan).
pub fn attributes(claim: &[Token], speaker: &Speaker, words: &Words) -> bool {
    let reported = |token: &Token| matches!(token.key.as_str(), "reportedly" | "reported" | "reports");
    let has_marker =
        has_any(claim, &words.attribution) || has_any(claim, &words.speech_acts) || claim.iter().any(reported);
    let names_speaker = speaker.names.iter().any(|name| holds(claim, name, words));
    // A plan stated as a plan by the one who made it ("Trump was to meet ...") keeps what the speaker said.
    let keeps_modality = words.hedges.iter().flatten().any(|phrase| has_any(claim, std::slice::from_ref(phrase)));
    (has_marker && (speaker.names.is_empty() || names_speaker)) || (names_speaker && keeps_modality)
}

/// The hedges governing a hit's match that the claim drops: each as written in the source. The words that govern
/// the match are its own and those of its clause before it. A hedge counts only when the claim restates what it
/// hedges (a word of the few after it): "possibly in Moscow" hedges nothing a claim leaves Moscow out of.
pub fn dropped_hedges(hit: &Hit<'_>, claim: &[Token], words: &Words) -> Vec<String> {
    let text = hit.source.text();
    let sentence = tokens(hit.sentence_text());
    let offset = hit.sentence.start;
    let sentence: Vec<Token> = sentence
        .into_iter()
        .map(|mut token| {
            token.span = token.span.start + offset..token.span.end + offset;
            token
        })
        .collect();
    let before = &text[hit.sentence.start..hit.found.start.max(hit.sentence.start)];
    let clause_start = [before.rfind([',', ';', ':', '(']), before.rfind(" - ")]
        .into_iter()
        .flatten()
        .max()
        .map_or(hit.sentence.start, |at| hit.sentence.start + at + 1);
    let window = within(&sentence, clause_start..hit.found.end);
    let mut dropped = Vec::new();
    for at in 0..window.len() {
        for group in &words.hedges {
            let Some(phrase) = group.iter().find(|phrase| phrase_at(window, at, phrase)) else { continue };
            // Attribution verbs are the attribution check's; "reportedly" stays a hedge.
            if words.attribution.contains(phrase) {
                continue;
            }
            let kept = group.iter().any(|form| (0..claim.len()).any(|i| phrase_at(claim, i, form)));
            if !kept && restates(&window[at + phrase.len()..], claim) {
                let written = text[window[at].span.start..window[at + phrase.len() - 1].span.end].to_owned();
                if !dropped.contains(&written) {
                    dropped.push(written);
                }
            }
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Source;
    use crate::corpus::config::CorpusConfig;
    use crate::rigor::context::{hit_at, paragraph};

    fn source(text: &str) -> Source {
        Source::new("s.txt".into(), text.into(), &CorpusConfig::default())
    }

    /// The speaker of the first occurrence of `quote` in `text`, as (who, marker).
    fn who(text: &str, quote: &str) -> Option<(String, String)> {
        let source = source(text);
        let at = source.text().find(quote).expect("quote in text");
        let hit = hit_at(&source, at..at + quote.len());
        assert_eq!(hit.paragraph, paragraph(&source, at));
        let common = |word: &str| ["the", "a", "while"].contains(&word.to_lowercase().as_str());
        speaker(&hit, &Words::builtin(), &common).map(|speaker| (speaker.who, speaker.marker))
    }

    #[test]
    fn the_speaker_is_the_attribution_before_the_match() {
        let text = "Trump said on Friday that he would call the leaders.";
        assert_eq!(who(text, "he would call the leaders").unwrap().0, "Trump");
        let text = "According to the White House, the president spoke at length.";
        assert_eq!(who(text, "the president spoke at length").unwrap().0, "the White House");
        assert_eq!(who("The president spoke at length.", "spoke at length"), None);
    }

    #[test]
    fn a_pronoun_is_the_previous_named_speaker() {
        let text = "Critics were loud, with CNN's Kimberly Dozier noting that he seemed keen. According to her, the \
                    leader warned that troops would be unacceptable.";
        let (who, marker) = self::who(text, "the leader warned that troops").unwrap();
        assert_eq!((who.as_str(), marker.as_str()), ("CNN's Kimberly Dozier", "According to her"));
        // With no named speaker before, a pronoun says nothing about who speaks.
        assert_eq!(self::who("According to her, the leader warned.", "the leader warned"), None);
    }

    #[test]
    fn inside_a_quotation_the_speaker_is_who_opened_it() {
        let text = "A lawmaker, Oleksiy Honcharenko, said that \"it seems he bought time. No truce has been agreed.\"";
        assert_eq!(who(text, "No truce has been agreed").unwrap().0, "Oleksiy Honcharenko");
    }

    #[test]
    fn the_writers_own_clause_is_not_the_speakers() {
        let text = "He claimed Putin had signaled acceptance, even as Russia continues to oppose NATO membership.";
        assert_eq!(who(text, "Russia continues to oppose"), None);
        let text = "Both leaders described the talks as their \"best yet,\" with Trump even praising his jacket.";
        assert_eq!(who(text, "Trump even praising his jacket"), None);
        assert_eq!(who(text, "with Trump even praising his jacket"), None);
    }

    #[test]
    fn a_participle_speaks_for_the_subject_of_its_clause() {
        let text = "German Chancellor Friedrich Merz urged a ceasefire, warning against forcing Ukraine to cede land.";
        assert_eq!(who(text, "against forcing Ukraine").unwrap().0, "German Chancellor Friedrich Merz");
        let text = "Russian officials softened that statement, insisting that talks would be gradual.";
        assert_eq!(who(text, "talks would be gradual").unwrap().0, "Russian officials");
    }

    #[test]
    fn the_speaker_of_an_apposition_is_the_name() {
        let text = "Wolfgang Ischinger, a former German ambassador, declared that Putin got his red carpet.";
        assert_eq!(who(text, "Putin got his red carpet").unwrap().0, "Wolfgang Ischinger");
        let text = "Marta Kowalski, an analyst, said that the summit produced nothing.";
        assert_eq!(who(text, "the summit produced nothing").unwrap().0, "Marta Kowalski");
    }

    #[test]
    fn dropped_hedges_are_those_governing_words_the_claim_restates() {
        let source = source("Earlier, Putin expressed hope that the agreements reached could serve as a launchpad.");
        let at = source.text().find("Putin").unwrap();
        let hit = hit_at(&source, at..source.text().len() - 1);
        let words = Words::builtin();
        let claim = |text: &str| tokens(text);
        assert_eq!(dropped_hedges(&hit, &claim("The summit produced agreements."), &words), ["hope"]);
        assert_eq!(
            dropped_hedges(&hit, &claim("Putin expressed hope that the agreements could serve."), &words),
            Vec::<String>::new()
        );
        // A claim that says nothing of what is hedged drops nothing.
        assert_eq!(dropped_hedges(&hit, &claim("Putin spoke."), &words), Vec::<String>::new());
    }
}

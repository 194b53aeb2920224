//! The rigor checks that read a claim's evidence matches: details, attribution, hedges, disputed verdicts and
//! corroboration. Each returns findings whose message says what the evidence says and what to write instead.
//!
//! Which items each reads: details and hedges judge what a claim states, so they read the items that support a
//! `supported` or `disputed` claim (details: of both sides of a disputed one); attribution reads the items that back a `supported` claim and those that
//! refute a `refuted` one (a refutation should be the article's reporting, not a quote).

use super::context::{Hit, headline, hits};
use super::names::{Name, holds, names};
use super::speech::{attributes, dropped_hedges, shares_content, speaker};
use super::text::{Token, excerpt, find_any, has_any, phrase_at, tokens};
use super::words::Words;
use super::{Code, Finding};
use crate::assertion::{Claim, Evidence, Matcher, Role, Verdict};
use crate::corpus::Corpus;

/// The dates and times of a sentence, as (key, as written): the words of the dates list, and years.
fn dates(sentence: &str, words: &Words) -> Vec<(String, String)> {
    let found = tokens(sentence);
    let mut dates = Vec::new();
    for at in 0..found.len() {
        let year =
            found[at].key.len() == 4 && found[at].key.parse::<u32>().is_ok_and(|year| (1900..=2100).contains(&year));
        let listed = words
            .dates
            .iter()
            .find(|(phrase, capital)| phrase_at(&found, at, phrase) && (!capital || found[at].is_capitalized()));
        let width = match (listed, year) {
            (Some((phrase, _)), _) => phrase.len(),
            (None, true) => 1,
            (None, false) => continue,
        };
        let written = &sentence[found[at].span.start..found[at + width - 1].span.end];
        let key = found[at..at + width].iter().map(|token| token.key.as_str()).collect::<Vec<_>>().join(" ");
        dates.push((key, written.to_owned()));
    }
    dates
}

/// Items of a claim, each with its matches.
type ItemHits<'a, 'c> = Vec<(&'a Evidence, Vec<Hit<'c>>)>;

pub struct Checks<'a, 'c> {
    pub corpus: &'c Corpus,
    pub words: &'a Words,
    pub claim: &'a Claim,
    /// Whether a capitalized word that starts a sentence is a common word ([`super::names::common_word`]).
    pub common: &'a dyn Fn(&str) -> bool,
}

impl<'c> Checks<'_, 'c> {
    fn claim_tokens(&self) -> Vec<Token> {
        tokens(&crate::corpus::normalize::normalize_fragment(&self.claim.text))
    }

    /// The items of a role that the claim's verdict makes it state, with their matches.
    fn items(&self, role: Role) -> ItemHits<'_, 'c> {
        self.claim
            .evidence
            .iter()
            .filter(|item| item.role == role && !item.absent)
            .map(|item| (item, hits(item, self.corpus)))
            .collect()
    }

    fn finding(&self, code: Code, item: Option<&Evidence>, message: String) -> Finding {
        Finding {
            code,
            evidence: item.map(|item| item.index),
            location: item.map_or(self.claim.location, |item| item.location),
            message,
        }
    }

    /// Every name and date of a supported or disputed claim must be in a sentence, paragraph or headline of its
    /// evidence (of either side, for a disputed claim: both describe the event the claim names).
    pub fn details(&self) -> Vec<Finding> {
        let items = match self.claim.verdict {
            Verdict::Supported => self.items(Role::Supports),
            Verdict::Disputed => [self.items(Role::Supports), self.items(Role::Refutes)].concat(),
            _ => return Vec::new(),
        };
        let found: Vec<&Hit<'_>> = items.iter().flat_map(|(_, hits)| hits).collect();
        if found.is_empty() {
            return Vec::new();
        }
        let mut context: Vec<Token> = Vec::new();
        for hit in &found {
            context.extend(tokens(hit.sentence_text()));
            context.extend(tokens(hit.paragraph_text()));
            context.extend(headline(self.corpus, hit.source).iter().flat_map(|headline| tokens(headline)));
        }
        let common = self.common;
        let missing: Vec<Name> = names(&self.claim.text, self.words, common)
            .into_iter()
            .filter(|name| !holds(&context, name, self.words))
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        let first = found[0];
        let list = missing.iter().map(|name| format!("\"{}\"", name.text)).collect::<Vec<_>>().join(", ");
        vec![self.finding(
            Code::Details,
            None,
            format!(
                "the claim says {list}, but no evidence sentence, paragraph or headline does (the evidence is in {}, \
                 line {}: \"{}\"); remove the detail, or cite the sentence that states it",
                first.source.name,
                first.line(),
                excerpt(first.sentence_text(), 120)
            ),
        )]
    }

    /// A claim must attribute what its evidence reports someone as saying.
    pub fn attribution(&self) -> Vec<Finding> {
        let role = match self.claim.verdict {
            Verdict::Supported => Role::Supports,
            Verdict::Refuted => Role::Refutes,
            _ => return Vec::new(),
        };
        let claim = self.claim_tokens();
        let common = self.common;
        let mut findings = Vec::new();
        for (item, hits) in self.items(role) {
            let Some((hit, speaker)) = hits.iter().find_map(|hit| Some((hit, speaker(hit, self.words, common)?)))
            else {
                continue;
            };
            // A claim about the words (how a name is spelled) does not state them.
            let matched = tokens(&hit.source.text()[hit.found.clone()]);
            if attributes(&claim, &speaker, self.words) || !shares_content(&matched, &claim) {
                continue;
            }

            let at = format!("{}, line {}", hit.source.name, hit.line());
            let message = if role == Role::Supports {
                format!(
                    "the evidence ({at}) is what {} says (\"{}\"), but the claim states it as fact; attribute it, \
                     e.g. \"{} said ...\"",
                    speaker.who,
                    speaker.marker,
                    speaker.who.trim_start_matches("the ")
                )
            } else {
                format!(
                    "this item refutes the claim with what {} says (\"{}\", {at}), not with the article's own \
                     reporting; cite a sentence that reports it, or make the claim about what {} said",
                    speaker.who, speaker.marker, speaker.who
                )
            };
            findings.push(self.finding(Code::Attribution, Some(item), message));
        }
        findings
    }

    /// A claim must keep the hedges and modal words of the evidence that backs it.
    pub fn hedge(&self) -> Vec<Finding> {
        if !matches!(self.claim.verdict, Verdict::Supported | Verdict::Disputed) {
            return Vec::new();
        }
        let claim = self.claim_tokens();
        let mut findings = Vec::new();
        for (item, hits) in self.items(Role::Supports) {
            let Some((hit, dropped)) = hits.iter().find_map(|hit| {
                let dropped = dropped_hedges(hit, &claim, self.words);
                (!dropped.is_empty()).then_some((hit, dropped))
            }) else {
                continue;
            };
            let words = dropped.iter().map(|word| format!("\"{word}\"")).collect::<Vec<_>>().join(", ");
            findings.push(self.finding(
                Code::Hedge,
                Some(item),
                format!(
                    "the evidence ({}, line {}: \"{}\") is hedged with {words}, and the claim drops it; keep the \
                     hedge in the claim (\"{}\" ...), or cite evidence that states it outright",
                    hit.source.name,
                    hit.line(),
                    excerpt(hit.sentence_text(), 120),
                    dropped[0]
                ),
            ));
        }
        findings
    }

    /// The sources each side of a disputed claim is found in.
    fn sides(&self) -> Option<[ItemHits<'_, 'c>; 2]> {
        (self.claim.verdict == Verdict::Disputed).then(|| [self.items(Role::Supports), self.items(Role::Refutes)])
    }

    /// A dispute is between sources: both sides from one source is not one.
    pub fn disputed_one_source(&self) -> Vec<Finding> {
        let Some(sides) = self.sides() else { return Vec::new() };
        let mut sources: Vec<&str> =
            sides.iter().flatten().flat_map(|(_, hits)| hits).map(|hit| hit.source.name.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        if sources.len() != 1 || sides.iter().any(|side| side.iter().all(|(_, hits)| hits.is_empty())) {
            return Vec::new();
        }
        vec![self.finding(
            Code::DisputedOneSource,
            None,
            format!(
                "every supports and refutes item is found in {} alone: one article is not a dispute between sources, \
                 which is what `disputed` is for; if the article reports both, make the claim what it says \
                 (e.g. `supported`, naming who says which), or cite the source that disagrees",
                sources[0]
            ),
        )]
    }

    /// A dispute is between sources at one time: two moments of a sequence ("open", then "softened"), or two
    /// sides whose sentences carry different dates, are not one.
    pub fn disputed_sequence(&self) -> Vec<Finding> {
        let Some(sides) = self.sides() else { return Vec::new() };
        for (item, hits) in sides.iter().flatten() {
            for hit in hits {
                let sentence = tokens(hit.sentence_text());
                if let Some((at, phrase)) = find_any(&sentence, &self.words.sequence) {
                    let word = &sentence[at..at + self.words.sequence[phrase].len()];
                    let written = &hit.sentence_text()[word[0].span.start..word[word.len() - 1].span.end];
                    return vec![self.finding(
                        Code::DisputedSequence,
                        Some(item),
                        format!(
                            "the evidence ({}, line {}: \"{}\") places its statement in a sequence (\"{written}\"): \
                             the two sides may be one position and then another, not sources that disagree, which \
                             is what `disputed` is for; state the sequence as a `supported` claim, or cite sources \
                             that disagree about the same moment",
                            hit.source.name,
                            hit.line(),
                            excerpt(hit.sentence_text(), 120)
                        ),
                    )];
                }
            }
        }
        // Dates: only when both sides carry some and none in common.
        let dates = |side: &ItemHits<'_, 'c>| -> Vec<(String, String)> {
            let mut found: Vec<(String, String)> =
                side.iter().flat_map(|(_, hits)| hits).flat_map(|hit| dates(hit.sentence_text(), self.words)).collect();
            found.sort();
            found.dedup();
            found
        };
        let [supports, refutes] = [dates(&sides[0]), dates(&sides[1])];
        let shared = supports.iter().any(|(key, _)| refutes.iter().any(|(other, _)| other == key));
        if supports.is_empty() || refutes.is_empty() || shared {
            return Vec::new();
        }
        let list = |dates: &[(String, String)]| {
            dates.iter().map(|(_, written)| format!("\"{written}\"")).collect::<Vec<_>>().join(", ")
        };
        vec![self.finding(
            Code::DisputedSequence,
            None,
            format!(
                "the supporting evidence is dated {} and the refuting evidence {}: the two sides may be two moments, \
                 not sources that disagree, which is what `disputed` is for; state what was said when as a \
                 `supported` claim, or cite sources that disagree about the same moment",
                list(&supports),
                list(&refutes)
            ),
        )]
    }

    /// A dispute is about what happened: two spellings of a name (the corpus's aliases) are not one.
    pub fn disputed_spelling(&self) -> Vec<Finding> {
        let Some(sides) = self.sides() else { return Vec::new() };
        let spelled = |hit: &Hit<'_>| -> (String, Vec<String>) {
            let text = &hit.source.text()[hit.found.clone()];
            let keys = tokens(text)
                .into_iter()
                .map(|token| {
                    let group = self
                        .words
                        .spellings
                        .iter()
                        .find(|group| group.iter().any(|name| name.as_slice() == std::slice::from_ref(&token.key)));
                    group.and_then(|group| group.first()).map_or(token.key.clone(), |first| first.join(" "))
                })
                .collect();
            (text.to_owned(), keys)
        };
        let supports: Vec<(String, Vec<String>)> = sides[0].iter().flat_map(|(_, hits)| hits).map(spelled).collect();
        for (item, hits) in &sides[1] {
            for hit in hits {
                let (text, keys) = spelled(hit);
                if let Some((other, _)) =
                    supports.iter().find(|(other, other_keys)| *other_keys == keys && *other != text)
                {
                    return vec![self.finding(
                        Code::DisputedSpelling,
                        Some(item),
                        format!(
                            "this item (\"{text}\", {}) differs from a supporting one (\"{other}\") only in how a \
                             name is spelled: spellings are not sources that disagree, which is what `disputed` is \
                             for; state what each source writes as a `supported` claim",
                            hit.source.name
                        ),
                    )];
                }
            }
        }
        Vec::new()
    }

    /// Corroboration (`min_sources` above 1) must count reports: not a headline, an intention, or a quote that
    /// stops before the word the claim turns on.
    pub fn corroboration(&self) -> Vec<Finding> {
        let claim = self.claim_tokens();
        let claim_hedged =
            self.words.hedges.iter().flatten().any(|phrase| has_any(&claim, std::slice::from_ref(phrase)));
        let mut findings = Vec::new();
        for item in self.claim.evidence.iter().filter(|item| item.min_sources > 1 && !item.absent) {
            let mut problems = Vec::new();
            for hit in hits(item, self.corpus) {
                let at = format!("{} (line {})", hit.source.name, hit.line());
                if hit.on_heading(self.corpus) {
                    problems.push(format!("in {at} it matches a headline, not a report"));
                    continue;
                }
                let clause = &hit.source.text()[hit.sentence.start..hit.found.end];
                let modal = self.words.hedges.iter().flatten().find(|phrase| {
                    let window = tokens(clause.rsplit([',', ';', ':']).next().unwrap_or(clause));
                    has_any(&window, std::slice::from_ref(*phrase))
                });
                if let (Some(modal), false) = (modal, claim_hedged) {
                    problems.push(format!(
                        "in {at} it matches an intention or a possibility (\"{}\"), not a report that it happened",
                        modal.join(" ")
                    ));
                    continue;
                }
                if matches!(item.matcher, Matcher::Quote { .. } | Matcher::Pattern { .. }) {
                    let after = tokens(&hit.source.text()[hit.found.end..hit.sentence.end]);
                    let matched = tokens(&hit.source.text()[hit.found.clone()]);
                    // A name after the match is a detail (the details check's); the claim turns on its predicate.
                    let next = after.iter().take(2).find(|word| {
                        !word.is_capitalized()
                            && word.key.chars().count() > 3
                            && claim.iter().any(|c| c.key == word.key)
                            && !matched.iter().any(|m| m.key == word.key)
                    });
                    if let Some(next) = next {
                        problems.push(format!(
                            "in {at} it stops just before \"{}\", the word the claim turns on",
                            next.text
                        ));
                    }
                }
            }
            if !problems.is_empty() {
                findings.push(self.finding(
                    Code::Corroboration,
                    Some(item),
                    format!(
                        "this item counts as corroboration what is not a second report: {}; match the sentences that \
                         report it, including the word that carries the claim, or lower `min_sources`",
                        problems.join("; ")
                    ),
                ));
            }
        }
        findings
    }
}

//! The word lists the rigor checks read: built in (the `words/*.txt` data files) and extended per corpus
//! (`[rigor]` in `corpus.toml`).

use super::text::{Phrase, phrase};
use crate::corpus::config::RigorConfig;

const ATTRIBUTION: &str = include_str!("words/attribution.txt");
const HEDGES: &str = include_str!("words/hedges.txt");
const NEGATIONS: &str = include_str!("words/negations.txt");
const SPEECH_ACTS: &str = include_str!("words/speech-acts.txt");
const SEQUENCE: &str = include_str!("words/sequence.txt");
const DATES: &str = include_str!("words/dates.txt");
const DEMONYMS: &str = include_str!("words/demonyms.txt");

/// The word lists in force for a corpus.
#[derive(Debug, Clone)]
pub struct Words {
    /// Verbs and phrases of reported speech.
    pub attribution: Vec<Phrase>,
    /// Verbs that attribute in a claim, beside `attribution`.
    pub speech_acts: Vec<Phrase>,
    /// Groups of hedges; a claim keeps a hedge when it has a phrase of its group.
    pub hedges: Vec<Vec<Phrase>>,
    pub negations: Vec<Phrase>,
    /// Words that place a statement in a sequence of events.
    pub sequence: Vec<Phrase>,
    /// Dates and times, each with whether it must be capitalized (a weekday, a month).
    pub dates: Vec<(Phrase, bool)>,
    /// Groups of names of one place, people or person (demonyms and the corpus aliases).
    pub names: Vec<Vec<Phrase>>,
    /// The corpus aliases alone: spellings of one name.
    pub spellings: Vec<Vec<Phrase>>,
}

/// The non-empty lines of a word list, without `#` comments.
fn lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(|line| line.split('#').next().unwrap_or("").trim()).filter(|line| !line.is_empty())
}

fn group(line: &str) -> Vec<Phrase> {
    line.split('|').map(phrase).filter(|phrase| !phrase.is_empty()).collect()
}

impl Words {
    /// The built-in lists, extended by a corpus's `[rigor]` table and its aliases.
    pub fn new(config: &RigorConfig, aliases: &[Vec<String>]) -> Words {
        let list = |builtin: &str, extra: &[String]| -> Vec<Phrase> {
            lines(builtin).chain(extra.iter().map(String::as_str)).map(phrase).filter(|p| !p.is_empty()).collect()
        };
        let groups = |builtin: &str, extra: &[String]| -> Vec<Vec<Phrase>> {
            lines(builtin).chain(extra.iter().map(String::as_str)).map(group).filter(|g| !g.is_empty()).collect()
        };
        let spellings: Vec<Vec<Phrase>> =
            aliases.iter().map(|names| names.iter().map(|name| phrase(name)).collect()).collect();
        let mut names = groups(DEMONYMS, &[]);
        names.extend(spellings.iter().cloned());
        let dates = lines(DATES)
            .chain(config.dates.iter().map(String::as_str))
            .map(|line| (phrase(line), line.starts_with(char::is_uppercase)))
            .filter(|(phrase, _)| !phrase.is_empty())
            .collect();
        Words {
            attribution: list(ATTRIBUTION, &config.attribution),
            speech_acts: list(SPEECH_ACTS, &[]),
            hedges: groups(HEDGES, &config.hedges),
            negations: list(NEGATIONS, &config.negations),
            sequence: list(SEQUENCE, &config.sequence),
            dates,
            names,
            spellings,
        }
    }

    /// The built-in lists alone.
    pub fn builtin() -> Words {
        Words::new(&RigorConfig::default(), &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lists_load_and_corpora_extend_them() {
        let words = Words::builtin();
        assert!(words.attribution.contains(&phrase("according to")));
        assert!(words.hedges.iter().any(|group| group.contains(&phrase("would")) && group.contains(&phrase("was to"))));
        assert!(words.negations.contains(&phrase("failed to")));
        assert!(words.names.iter().any(|group| group.contains(&phrase("French"))));
        let config =
            RigorConfig { negations: vec!["kein".into()], hedges: vec!["könnte|würde".into()], ..Default::default() };
        let words = Words::new(&config, &[vec!["Zelensky".into(), "Zelenskyy".into()]]);
        assert!(words.negations.contains(&phrase("kein")));
        assert!(words.hedges.last().is_some_and(|group| group.len() == 2));
        assert!(words.names.iter().any(|group| group.contains(&phrase("Zelenskyy"))));
    }
}

//! Rigor: claims that say more than their evidence.
//!
//! The evidence checks prove that the quoted words are in the source; these checks read the words around them and
//! ask whether the claim says more: a name or date the evidence lacks ([`Code::Details`]), someone's words stated
//! as fact ([`Code::Attribution`]), a hedge dropped ([`Code::Hedge`]), a `disputed` verdict where the sources do
//! not disagree (one source, [`Code::DisputedOneSource`]; two moments, [`Code::DisputedSequence`]; two spellings,
//! [`Code::DisputedSpelling`]), corroboration by a headline or an intention ([`Code::Corroboration`]), and an
//! `absent` item next to a denial of its own words ([`Code::AbsentNearMiss`]).
//!
//! [`Rigor::analyze`] returns [`Finding`]s: plain data with a location and a message that says what the evidence
//! says and what to write instead. `factcheck lint` shows them as warnings; a claim (`rigor = [...]`) or a corpus
//! (`[rigor] fail = [...]`) can make them failures of `factcheck check`, as the check `rigor`.

mod absent;
mod checks;
mod context;
mod names;
mod speech;
pub mod text;
pub mod words;

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use crate::assertion::Claim;
use crate::corpus::Corpus;
use crate::location::LineColumn;

pub use words::Words;

/// A kind of finding, by its stable name (the lint code, and the name a claim or corpus opts into).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Details,
    Attribution,
    Hedge,
    DisputedOneSource,
    DisputedSequence,
    DisputedSpelling,
    Corroboration,
    AbsentNearMiss,
}

impl Code {
    pub const ALL: [Code; 8] = [
        Code::Details,
        Code::Attribution,
        Code::Hedge,
        Code::DisputedOneSource,
        Code::DisputedSequence,
        Code::DisputedSpelling,
        Code::Corroboration,
        Code::AbsentNearMiss,
    ];

    /// Every name, for errors and did-you-mean.
    pub const NAMES: &'static [&'static str] = &[
        "details",
        "attribution",
        "hedge",
        "disputed-one-source",
        "disputed-sequence",
        "disputed-spelling",
        "corroboration",
        "absent-near-miss",
    ];

    pub fn as_str(self) -> &'static str {
        Code::NAMES[Code::ALL.iter().position(|code| *code == self).unwrap_or_default()]
    }

    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a claim says beyond its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    /// The 1-based index of the evidence item it is about, or `None` for the claim.
    pub evidence: Option<usize>,
    /// The item's header, or the claim's.
    pub location: LineColumn,
    /// What the evidence says and what to write instead.
    pub message: String,
}

/// The rigor checks of one corpus, with its word lists.
pub struct Rigor<'c> {
    corpus: &'c Corpus,
    words: Words,
    /// The corpus's `[rigor] fail`: codes that fail every claim.
    fail: Vec<Code>,
    /// Whether a sentence-initial word is a common word, by word: each answer reads the whole corpus.
    common_words: Mutex<HashMap<String, bool>>,
}

impl<'c> Rigor<'c> {
    pub fn new(corpus: &'c Corpus) -> Rigor<'c> {
        let config = corpus.config();
        let aliases: Vec<Vec<String>> = config.aliases.iter().map(|alias| alias.names.clone()).collect();
        let fail = config.rigor.fail.iter().filter_map(|name| Code::parse(name)).collect();
        Rigor { corpus, words: Words::new(&config.rigor, &aliases), fail, common_words: Mutex::default() }
    }

    /// Every finding about `claim`, in the order of the codes, then of the items.
    pub fn analyze(&self, claim: &Claim) -> Vec<Finding> {
        self.findings(claim, &Code::ALL)
    }

    /// The findings of the codes `claim` fails on: those it opts into, and the corpus's.
    pub fn failures(&self, claim: &Claim) -> Vec<Finding> {
        let codes: Vec<Code> = Code::ALL
            .into_iter()
            .filter(|code| self.fail.contains(code) || claim.rigor.iter().any(|name| name == code.as_str()))
            .collect();
        if codes.is_empty() { Vec::new() } else { self.findings(claim, &codes) }
    }

    /// [`names::common_word`], remembered.
    fn is_common(&self, word: &str) -> bool {
        // A poisoned lock only means another thread panicked mid-insert; the map is still a valid cache.
        let mut known = self.common_words.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *known.entry(word.to_owned()).or_insert_with(|| names::common_word(self.corpus, word))
    }

    fn findings(&self, claim: &Claim, codes: &[Code]) -> Vec<Finding> {
        let common = |word: &str| self.is_common(word);
        let checks = checks::Checks { corpus: self.corpus, words: &self.words, claim, common: &common };
        let mut findings = Vec::new();
        for code in codes {
            match code {
                Code::Details => findings.extend(checks.details()),
                Code::Attribution => findings.extend(checks.attribution()),
                Code::Hedge => findings.extend(checks.hedge()),
                Code::DisputedOneSource => findings.extend(checks.disputed_one_source()),
                Code::DisputedSequence => findings.extend(checks.disputed_sequence()),
                Code::DisputedSpelling => findings.extend(checks.disputed_spelling()),
                Code::Corroboration => findings.extend(checks.corroboration()),
                Code::AbsentNearMiss => findings.extend(absent::near_misses(self.corpus, &self.words, claim)),
            }
        }
        findings
    }
}

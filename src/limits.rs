//! Bounds on what untrusted input may ask of factcheck.
//!
//! Assertion files and corpus edits come from pull requests by strangers. Every size they control is bounded
//! here, so that a hostile or careless file gets a clear error instead of exhausting memory or time. The
//! defaults are far above anything a real suite needs; `corpus.toml`'s `[limits]` table may raise or lower them
//! for a corpus (see `corpus::config`).

/// The most problems listed for one file (the last of them says how many more there are). Not configurable:
/// past a hundred, the first mistakes are the ones to fix.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The bounds in force for one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest source file read, in bytes.
    pub max_source_bytes: u64,
    /// Largest assertion file (or `corpus.toml`) read, in bytes.
    pub max_assertion_file_bytes: u64,
    /// Longest `quote` or term, in characters.
    pub max_quote_chars: usize,
    /// Most `terms` in one evidence item.
    pub max_terms: usize,
    /// Most evidence items in one claim.
    pub max_evidence_per_claim: usize,
    /// The compiled size limit of one `pattern` (the regex crate's `size_limit`), in bytes.
    pub regex_size_limit: usize,
    /// The nesting limit of one `pattern` (the regex crate's `nest_limit`).
    pub regex_nest_limit: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_source_bytes: 64 * 1024 * 1024,
            max_assertion_file_bytes: 1024 * 1024,
            max_quote_chars: 2_000,
            max_terms: 16,
            max_evidence_per_claim: 64,
            regex_size_limit: 1024 * 1024,
            regex_nest_limit: 64,
        }
    }
}

//! Numbers mentioned in a text, for grounding.
//!
//! Grounding asks that every number in a claim also appears in its evidence
//! sentence. This module owns the one question both sides need answered the
//! same way: *which numbers does this text mention, and what are their
//! values?* It also owns what "the same number" means ([`same_value`]).
//!
//! The input is expected to be normalized already (NFKC, straight quotes,
//! every dash turned into `-`, white space collapsed); case may vary.
//! The scan is a single pass of a hand-written tokenizer followed by a
//! single pass of a small grammar over the tokens, so it is linear in the
//! length of the text and allocates only the token and result vectors.
//!
//! # What counts as a number
//!
//! * **Digits**: `2022`, `1,000` (grouping commas only between groups of
//!   three digits), `2.5`, `.5` (a leading point after a space or the start
//!   of the text), `$5` (the currency sign is not part of the span).
//!   A point that is not followed by a digit ends the sentence, so `2022.`
//!   is 2022. A dash is never a minus sign: `2021-2022` is 2021 and 2022,
//!   and negative numbers are not recognised. A slash separates numbers:
//!   `24/7` is 24 and 7, `2/3` is 2 and 3 (not two thirds).
//!   Digits glued to letters still count (`G7` is 7, `1990s` is 1990),
//!   except ordinal suffixes: `1st`, `2nd`, `3rd`, `21st`, `4th` are not
//!   numbers. `5bn` is 5 000 000 000; `5m` and `5k` are just 5, because `m`
//!   and `k` are as often metres or kilometres as millions or thousands.
//! * **Percentages**: `25%`, `25 %`, `25 percent` and `25 per cent` all have
//!   the value 25; the percent sign or words are included in the span.
//! * **Number words**, case-insensitive and whole words only (`often`,
//!   `someone`, `network` mention nothing): `zero` to `nineteen`, `twenty`
//!   to `ninety`, compounds joined by a hyphen or a space (`twenty-five`,
//!   `twenty five`), `hundred` after a numeral or `a` (`a hundred`,
//!   `three hundred and twelve`, `twenty-five hundred`), and the scales
//!   `thousand`, `million`, `billion` (also `bn`), `trillion` after a numeral
//!   or `a` (`two million`, `1.5 million`, `$2 billion`, `a thousand`).
//!   `hundred`, `thousand`, … with no numeral before them are not numbers;
//!   neither are plurals such as `hundreds` or `dozens`. `dozen` is 12 on
//!   its own or after `a`, and multiplies a numeral (`two dozen` is 24).
//!   `couple`, `pair`, `both`, `once`, `twice` are not numbers.
//!   A run of compatible words is one mention, so `twenty two-hour talks`
//!   reads as 22: without parsing the sentence there is no telling that
//!   the writer meant 20 talks of two hours.
//! * **`one`** is a number (`one of the most anticipated`), except in
//!   `no one` / `no-one` and `one another`. Each `one` word is its own
//!   mention, so `one-on-one` mentions 1 twice.
//! * **Hyphenated modifiers** mention their numeral: `three-hour` is 3,
//!   `10-point` is 10, `three-way` is 3. The span covers only the numeral
//!   (`three`), not the word it modifies.
//! * **Fractions**: `half` is 0.5 on its own (`half of Ukraine`); `a half`,
//!   `one half`, `one-half` are 0.5 too; `half a million` and
//!   `a half million` are 500 000 and `half a dozen` is 6. A cardinal
//!   followed by `and a half` absorbs it (`two and a half` and
//!   `two-and-a-half` are 2.5, `two and a half million` is 2 500 000,
//!   `a million and a half` is 1 500 000); after anything else `a half`
//!   stands alone (`an hour and a half` mentions only 0.5, since `a`/`an`
//!   alone is never a number).
//!   Other fractions need a numerator: a plural denominator after a numeral
//!   of at least two (`two-thirds`, `two thirds`, `three-quarters`), or a
//!   singular one after `one`, `a` or `an` (`one-fifth`, `a third`,
//!   `an eighth`). Denominators are `third` … `ninetieth`, `hundredth`,
//!   `thousandth`, `millionth`, `billionth` and `quarter`; `second` is never
//!   a denominator (`two seconds` is time). Without a numerator these words
//!   are ordinals and mention nothing (`the third meeting`).
//!   Because `a third term` and `a quarter-final` are ordinals or nouns, a
//!   singular denominator joined to its numerator by a *space* counts only
//!   when it ends the phrase: it must be followed by punctuation, a digit,
//!   the end of the text, or one of a few function words (`of`, `in`, `by`,
//!   `than`, `more`, …; see `FRACTION_FOLLOWERS`), and not by a hyphen
//!   (`a third-party`). A hyphenated numerator (`one-third`) needs no such
//!   check. Plural denominators are always fractions, so `two quarters of
//!   growth` reads as 0.5; both sides of a comparison read it the same way.
//!   The span covers numerator and denominator (`one-fifth`, `a third`).
//! * **Ordinals are not numbers**: `first`, `second`, `third`, `twentieth`,
//!   `hundredth`, `1st`, `21st`, and compound ordinals such as
//!   `twenty-first`, `one hundred and first` or `two hundredth`, which are
//!   skipped whole (so `twenty-first century` does not mention 20).
//!
//! Spans are byte ranges into the text searched; a multi-word mention
//! spans from its first word to its last (`a hundred`, `twenty-five`,
//! `1.5 million`, `25 per cent`).

use std::ops::Range;

/// One number mentioned in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// The value, e.g. 3.0 for "three", 0.2 for "one-fifth", 25.0 for "25%"
    /// and "25 percent" (percent forms keep the value written).
    pub value: f64,
    /// Byte range of the mention in the text searched. For a numeral that
    /// modifies a word with a hyphen ("three-hour") this is the numeral only
    /// ("three"); a number made of several words covers all of them
    /// ("twenty-five", "a third", "2 billion", "25%").
    pub span: Range<usize>,
}

/// Every number mentioned in `text`, in order of appearance.
///
/// See the module documentation for what counts as a number.
#[must_use]
pub fn find_numbers(text: &str) -> Vec<NumberMention> {
    Parser { text, tokens: tokenize(text) }.run()
}

/// Relative tolerance of [`same_value`]: loose enough for a fraction
/// written out in decimals (`0.3333333` for "a third"), tight enough that
/// large neighbouring integers (`2022` and `2023`, or `1,000,000` and
/// `1,000,010`) stay distinct.
const RELATIVE_TOLERANCE: f64 = 1e-6;

/// Whether two values are the same number.
///
/// Word fractions become binary floats ("a third" is 0.333…), and
/// `1.5 million` is computed as a product, so exact equality would be too
/// strict. The tolerance is relative (one part in a million), so it does
/// not make rounded decimals equal to fractions: `0.33` is not "a third".
/// NaN equals nothing.
#[must_use]
pub fn same_value(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= RELATIVE_TOLERANCE * a.abs().max(b.abs())
}

// ---------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------

/// What a word can contribute to a number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lex {
    /// `zero` … `nineteen`, `twenty` … `ninety`.
    Card(u32),
    Hundred,
    /// `thousand`, `million`, `billion`/`bn`, `trillion`.
    Scale(f64),
    Dozen,
    Half,
    /// `first` … `ninetieth`, `hundredth` …: an ordinal, or the denominator
    /// of a fraction when it has a numerator (`thirds` is plural).
    Ordinal {
        value: u32,
        plural: bool,
    },
    /// `quarter(s)`: a denominator of 4 that is not an ordinal.
    Quarter {
        plural: bool,
    },
    /// `a` / `an`: a numerator of one before `hundred`, `dozen`, `third` …
    Article,
    And,
    Percent,
    Per,
    Cent,
    No,
    Another,
    Other,
}

/// Classifies a word, ignoring ASCII case, without allocating.
fn classify(word: &str) -> Lex {
    // Longer than any entry ("seventeenths" is 12 bytes), so nothing longer
    // needs looking at.
    const LONGEST: usize = 16;
    let mut buf = [0u8; LONGEST];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return Lex::Other;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // ASCII lowercasing keeps UTF-8 valid, so this never takes the `else`.
    let Ok(lower) = std::str::from_utf8(lower) else {
        return Lex::Other;
    };
    if let Some(lex) = base_word(lower) {
        return lex;
    }
    if let Some(stem) = lower.strip_suffix('s') {
        if let Some(value) = ordinal_value(stem) {
            return Lex::Ordinal { value, plural: true };
        }
        if stem == "quarter" {
            return Lex::Quarter { plural: true };
        }
    }
    Lex::Other
}

/// Words in their base (singular, lowercase) form.
fn base_word(lower: &str) -> Option<Lex> {
    let card = match lower {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => {
            let lex = match lower {
                "hundred" => Lex::Hundred,
                "thousand" => Lex::Scale(1e3),
                "million" => Lex::Scale(1e6),
                "billion" | "bn" => Lex::Scale(1e9),
                "trillion" => Lex::Scale(1e12),
                "dozen" => Lex::Dozen,
                "half" => Lex::Half,
                "quarter" => Lex::Quarter { plural: false },
                "a" | "an" => Lex::Article,
                "and" => Lex::And,
                "percent" => Lex::Percent,
                "per" => Lex::Per,
                "cent" => Lex::Cent,
                "no" => Lex::No,
                "another" => Lex::Another,
                _ => Lex::Ordinal { value: ordinal_value(lower)?, plural: false },
            };
            return Some(lex);
        }
    };
    Some(Lex::Card(card))
}

/// The value of a singular ordinal word.
fn ordinal_value(lower: &str) -> Option<u32> {
    Some(match lower {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        "thousandth" => 1_000,
        "millionth" => 1_000_000,
        "billionth" => 1_000_000_000,
        _ => return None,
    })
}

/// Words that may follow a fraction such as "a third" without turning it
/// into an ordinal ("a third of", "cut by a third in 2022", "a third more").
/// Any other word ("a third term", "a fifth consecutive year") means the
/// denominator word was an ordinal.
const FRACTION_FOLLOWERS: &[&str] = &[
    "of", "in", "on", "at", "by", "for", "from", "to", "into", "and", "or", "but", "than", "since", "over", "under",
    "as", "with", "while", "more", "less", "last", "this", "that", "per", "each",
];

/// Letters that make a run of digits an ordinal (`1st`, `22nd`, `3rd`, `4th`).
const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A maximal run of alphabetic characters.
    Word(Lex),
    /// Digits with optional grouping commas and decimal part, and the value.
    Digits(f64),
    /// A run of white space.
    Space,
    Hyphen,
    Percent,
    /// Any other single character (punctuation, symbols, apostrophes).
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Splits `text` into tokens that cover it without gaps, so two tokens are
/// adjacent in the text exactly when they are adjacent in the vector.
fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let (kind, end) = if c.is_ascii_digit() || (c == '.' && starts_bare_decimal(text, pos)) {
            scan_number(bytes, pos)
        } else if c.is_alphabetic() {
            let end = scan_while(text, pos, char::is_alphabetic);
            (Kind::Word(classify(&text[pos..end])), end)
        } else if c.is_whitespace() {
            (Kind::Space, scan_while(text, pos, char::is_whitespace))
        } else {
            let kind = match c {
                '-' => Kind::Hyphen,
                '%' => Kind::Percent,
                _ => Kind::Other,
            };
            (kind, pos + c.len_utf8())
        };
        tokens.push(Token { kind, start: pos, end });
        pos = end;
    }
    tokens
}

/// End of the run of characters from `start` that satisfy `pred`.
fn scan_while(text: &str, start: usize, pred: fn(char) -> bool) -> usize {
    text[start..].char_indices().find(|&(_, c)| !pred(c)).map_or(text.len(), |(i, _)| start + i)
}

/// Whether the `.` at `pos` begins a number such as `.5`: it must be
/// followed by a digit and stand at the start of the text or after a space,
/// `$` or `(`, so that `v1.2.3` and `U.S.5` do not produce fractions.
fn starts_bare_decimal(text: &str, pos: usize) -> bool {
    let bytes = text.as_bytes();
    bytes.get(pos + 1).is_some_and(u8::is_ascii_digit)
        && text[..pos].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '$' || c == '(')
}

/// Number of ASCII digits at `bytes[i..]`.
fn digits_at(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// Adds the digits `bytes[from..to]` to `acc`, most significant first.
fn accumulate(acc: f64, bytes: &[u8], from: usize, to: usize) -> f64 {
    bytes[from..to].iter().fold(acc, |acc, &b| acc * 10.0 + f64::from(b - b'0'))
}

/// Fractional digits that still change an `f64` (it holds about 17
/// significant decimal digits).
const MAX_FRACTION_DIGITS: usize = 17;

/// Scans a numeral starting at `start` (a digit, or a point that
/// [`starts_bare_decimal`] accepted) and returns its token kind and end.
///
/// Grouping commas are accepted only when the leading group has one to
/// three digits and every later group exactly three, so the list `10,20`
/// stays two numbers. The value is computed from the digits directly, which
/// is exact for the integers that matter and within [`same_value`]'s
/// tolerance for long decimals.
fn scan_number(bytes: &[u8], start: usize) -> (Kind, usize) {
    let lead = digits_at(bytes, start);
    let mut end = start + lead;
    let mut value = accumulate(0.0, bytes, start, end);
    if (1..=3).contains(&lead) {
        while bytes.get(end) == Some(&b',') && digits_at(bytes, end + 1) == 3 {
            value = accumulate(value, bytes, end + 1, end + 4);
            end += 4;
        }
    }
    if bytes.get(end) == Some(&b'.') {
        let places = digits_at(bytes, end + 1);
        if places > 0 {
            // Digits beyond what an f64 can hold are scanned but not used,
            // so that neither the numerator nor 10^places overflows.
            let used = places.min(MAX_FRACTION_DIGITS);
            let fraction = accumulate(0.0, bytes, end + 1, end + 1 + used);
            // `used` is at most MAX_FRACTION_DIGITS, so the cast is exact.
            value += fraction / 10f64.powi(used as i32);
            end += 1 + places;
        }
    }
    (Kind::Digits(value), end)
}

// ---------------------------------------------------------------------------
// Grammar
// ---------------------------------------------------------------------------

/// How a word is joined to the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Space,
    Hyphen,
}

/// Where a cardinal started, which limits what it may absorb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A number word such as "two".
    Word,
    /// `a`/`an`, which is a number only before `hundred`, a scale, `dozen`
    /// or a fraction.
    Article,
    /// A digit numeral, which takes at most one scale word ("1.5 million").
    Digits,
}

/// The last thing a cardinal absorbed, which decides what may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// A numeral below twenty, a completed "twenty-five", or digits.
    Units,
    /// "twenty" … "ninety", which may still take a unit.
    Tens,
    Hundred,
    Scale,
    /// "and a half", after which only a scale may follow.
    Half,
}

/// A cardinal being read, as in the usual words-to-number algorithm: the
/// groups already multiplied by a scale are in `total`, the part below the
/// current scale is in `group`.
struct Cardinal {
    origin: Origin,
    start: usize,
    end: usize,
    total: f64,
    group: f64,
    last: Last,
    hundred_in_group: bool,
    last_scale: f64,
}

impl Cardinal {
    /// Whether what was read so far can be the numerator of a fraction:
    /// a small word numeral (or an article) and nothing else.
    fn is_numerator(&self) -> bool {
        self.origin != Origin::Digits
            && self.total == 0.0
            && !self.hundred_in_group
            && matches!(self.last, Last::Units | Last::Tens)
    }
}

/// The outcome of reading at one token.
enum Step {
    /// A number, and the index of the first token after it.
    Mention(NumberMention, usize),
    /// Tokens that are not a number but must not be re-read as one
    /// (an ordinal such as "twenty-first"); the index after them.
    Skip(usize),
    /// No number starts here.
    Nothing,
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
}

impl Parser<'_> {
    fn run(&self) -> Vec<NumberMention> {
        let mut mentions = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            i = match self.read_at(i) {
                Step::Mention(mention, next) => {
                    mentions.push(mention);
                    next
                }
                Step::Skip(next) => next,
                Step::Nothing => i + 1,
            };
        }
        mentions
    }

    /// The lexical class of token `i` if it is a whole word. A word glued to
    /// digits ("10am", "COVID19") is part of an identifier, never a number word.
    fn lex(&self, i: usize) -> Option<Lex> {
        let Kind::Word(lex) = self.tokens.get(i)?.kind else {
            return None;
        };
        let glued =
            |j: Option<usize>| j.and_then(|j| self.tokens.get(j)).is_some_and(|t| matches!(t.kind, Kind::Digits(_)));
        (!glued(i.checked_sub(1)) && !glued(Some(i + 1))).then_some(lex)
    }

    /// The word after token `i`, if a single space or hyphen separates them.
    fn word_after(&self, i: usize) -> Option<(usize, Lex, Sep)> {
        let sep = match self.tokens.get(i + 1)?.kind {
            Kind::Space => Sep::Space,
            Kind::Hyphen => Sep::Hyphen,
            _ => return None,
        };
        Some((i + 2, self.lex(i + 2)?, sep))
    }

    /// The word after token `i` if a space separates them.
    fn word_after_space(&self, i: usize) -> Option<(usize, Lex)> {
        match self.word_after(i)? {
            (j, lex, Sep::Space) => Some((j, lex)),
            _ => None,
        }
    }

    /// The word before token `i`, if a single space or hyphen separates them.
    fn word_before(&self, i: usize) -> Option<Lex> {
        let sep = self.tokens.get(i.checked_sub(1)?)?;
        if !matches!(sep.kind, Kind::Space | Kind::Hyphen) {
            return None;
        }
        self.lex(i.checked_sub(2)?)
    }

    fn text_of(&self, token: &Token) -> &str {
        &self.text[token.start..token.end]
    }

    fn read_at(&self, i: usize) -> Step {
        if let Kind::Digits(value) = self.tokens[i].kind {
            return self.read_digits(i, value);
        }
        match self.lex(i) {
            Some(Lex::Card(1))
                if self.word_before(i) == Some(Lex::No)
                    || self.word_after(i).is_some_and(|(_, lex, _)| lex == Lex::Another) =>
            {
                Step::Nothing
            }
            Some(Lex::Card(value)) => self.read_cardinal(i, Origin::Word, f64::from(value)),
            Some(Lex::Article) => self.read_cardinal(i, Origin::Article, 1.0),
            Some(Lex::Half) => self.read_half(i),
            Some(Lex::Dozen) => self.mention(i, i, 12.0),
            _ => Step::Nothing,
        }
    }

    /// A digit numeral, unless an ordinal suffix is glued to it.
    fn read_digits(&self, i: usize, value: f64) -> Step {
        if let Some(next) = self.tokens.get(i + 1)
            && matches!(next.kind, Kind::Word(_))
        {
            let suffix = self.text_of(next);
            if ORDINAL_SUFFIXES.iter().any(|s| suffix.eq_ignore_ascii_case(s)) {
                return Step::Skip(i + 2);
            }
            if suffix.eq_ignore_ascii_case("bn") {
                return self.mention(i, i + 1, value * 1e9);
            }
        }
        self.read_cardinal(i, Origin::Digits, value)
    }

    /// "half" on its own (0.5), or "half a million" / "half a dozen".
    /// A "half" with a numerator ("one-half", "a half") is read from the
    /// numerator instead.
    fn read_half(&self, i: usize) -> Step {
        if let Some((a, Lex::Article)) = self.word_after_space(i)
            && let Some((j, lex)) = self.word_after_space(a)
        {
            match lex {
                Lex::Scale(scale) => return self.mention(i, j, 0.5 * scale),
                Lex::Dozen => return self.mention(i, j, 6.0),
                _ => {}
            }
        }
        self.mention(i, i, 0.5)
    }

    /// The token index of the "half" in " and a half" (or "-and-a-half",
    /// as in "two-and-a-half-hour") after token `end`.
    fn and_a_half(&self, end: usize) -> Option<usize> {
        let (and, Lex::And, _) = self.word_after(end)? else {
            return None;
        };
        let (article, Lex::Article, _) = self.word_after(and)? else {
            return None;
        };
        let (half, Lex::Half, _) = self.word_after(article)? else {
            return None;
        };
        Some(half)
    }

    /// Whether the singular denominator at token `j`, joined to its
    /// numerator by a space, ends the phrase and so is a fraction
    /// ("a third of", "by a third.") rather than an ordinal ("a third term",
    /// "a third-party").
    fn ends_fraction(&self, j: usize) -> bool {
        let Some(next) = self.tokens.get(j + 1) else {
            return true;
        };
        match next.kind {
            Kind::Hyphen => false,
            Kind::Space => self.tokens.get(j + 2).is_none_or(|word| {
                !matches!(word.kind, Kind::Word(_))
                    || FRACTION_FOLLOWERS.iter().any(|f| self.text_of(word).eq_ignore_ascii_case(f))
            }),
            _ => true,
        }
    }

    /// Reads a cardinal (and any fraction or percent attached to it) whose
    /// first token is `start` with value `first`.
    fn read_cardinal(&self, start: usize, origin: Origin, first: f64) -> Step {
        let mut c = Cardinal {
            origin,
            start,
            end: start,
            total: 0.0,
            group: first,
            last: if origin == Origin::Word && first >= 20.0 { Last::Tens } else { Last::Units },
            hundred_in_group: false,
            last_scale: f64::INFINITY,
        };
        loop {
            if let Some(half) = self.and_a_half(c.end) {
                match c.last {
                    // "two and a half", but not the "a" of "a and a half".
                    Last::Units | Last::Tens if c.end != start || origin != Origin::Article => {
                        c.group += 0.5;
                        c.end = half;
                        c.last = Last::Half;
                        continue;
                    }
                    // "a million and a half" is half of the scale more.
                    Last::Scale if c.group == 0.0 => {
                        c.total += 0.5 * c.last_scale;
                        c.end = half;
                        break;
                    }
                    _ => {}
                }
            }
            let Some((j, lex, sep)) = self.word_after(c.end) else {
                break;
            };
            // "a" counts only when a space joins it to its word
            // ("a hundred"); "Plan A-hundred" is a label, not a number.
            if origin == Origin::Article && c.end == start && sep != Sep::Space {
                break;
            }
            match self.extend(&mut c, j, lex, sep) {
                Extend::Continue => {}
                Extend::Stop => break,
                Extend::Done(step) => return step,
            }
        }
        if origin == Origin::Article && c.end == start {
            return Step::Nothing;
        }
        self.mention(c.start, c.end, c.total + c.group)
    }

    /// Tries to absorb the word `lex` at token `j` into the cardinal `c`.
    fn extend(&self, c: &mut Cardinal, j: usize, lex: Lex, sep: Sep) -> Extend {
        let words = c.origin != Origin::Digits;
        match lex {
            // "twenty-five", "three hundred twelve", "two thousand five".
            Lex::Card(v) if words && v >= 1 => {
                let fits = match c.last {
                    Last::Tens => v <= 9,
                    Last::Hundred | Last::Scale => true,
                    Last::Units | Last::Half => false,
                };
                if !fits {
                    return Extend::Stop;
                }
                c.group += f64::from(v);
                c.last = if v >= 20 { Last::Tens } else { Last::Units };
                c.end = j;
                Extend::Continue
            }
            // "three hundred and twelve", "a thousand and one"; but
            // "one hundred and first" is an ordinal.
            Lex::And if words && matches!(c.last, Last::Hundred | Last::Scale) => match self.word_after_space(j) {
                Some((k, Lex::Card(v))) if v >= 1 => {
                    c.group += f64::from(v);
                    c.last = if v >= 20 { Last::Tens } else { Last::Units };
                    c.end = k;
                    Extend::Continue
                }
                Some((k, Lex::Ordinal { value, plural: false })) if value < 100 => Extend::Done(Step::Skip(k + 1)),
                _ => Extend::Stop,
            },
            Lex::Hundred if matches!(c.last, Last::Units | Last::Tens) && !c.hundred_in_group && c.group >= 1.0 => {
                c.group *= 100.0;
                c.hundred_in_group = true;
                c.last = Last::Hundred;
                c.end = j;
                Extend::Continue
            }
            Lex::Scale(scale) if c.group > 0.0 && scale < c.last_scale && c.last != Last::Scale => {
                let after_half = c.last == Last::Half;
                c.total += c.group * scale;
                c.group = 0.0;
                c.last_scale = scale;
                c.hundred_in_group = false;
                c.last = Last::Scale;
                c.end = j;
                if after_half || c.origin == Origin::Digits { Extend::Stop } else { Extend::Continue }
            }
            Lex::Dozen if matches!(c.last, Last::Units | Last::Tens) && c.total == 0.0 && !c.hundred_in_group => {
                c.group *= 12.0;
                c.end = j;
                Extend::Stop
            }
            // "a half", "one-half", and "a half million".
            Lex::Half if c.is_numerator() && c.group == 1.0 => Extend::Done(match self.word_after_space(j) {
                Some((k, Lex::Scale(scale))) => self.mention(c.start, k, 0.5 * scale),
                _ => self.mention(c.start, j, 0.5),
            }),
            Lex::Ordinal { value, plural } => self.ordinal_or_fraction(c, j, value, plural, sep),
            Lex::Quarter { plural } => match self.fraction(c, j, 4, plural, sep) {
                Some(step) => Extend::Done(step),
                None => Extend::Stop,
            },
            _ => Extend::Stop,
        }
    }

    /// An ordinal word after a cardinal: the denominator of a fraction
    /// ("two-thirds"), the end of a compound ordinal ("twenty-first",
    /// "two hundredth"), or an unrelated word ("one second", "three fifth-graders").
    fn ordinal_or_fraction(&self, c: &Cardinal, j: usize, value: u32, plural: bool, sep: Sep) -> Extend {
        if let Some(step) = self.fraction(c, j, value, plural, sep) {
            return Extend::Done(step);
        }
        let compound_ordinal = !plural
            && c.origin != Origin::Digits
            && match c.last {
                Last::Tens => (1..=9).contains(&value),
                // "one hundred first", "three hundred thousandth".
                Last::Hundred => true,
                // "two thousand and first".
                Last::Scale => value < 100,
                // "two hundredth", "a thousandth".
                Last::Units => value >= 100,
                Last::Half => false,
            };
        if compound_ordinal { Extend::Done(Step::Skip(j + 1)) } else { Extend::Stop }
    }

    /// The fraction `c / denominator` if the denominator word at `j`
    /// completes one (see the module documentation for the rules).
    fn fraction(&self, c: &Cardinal, j: usize, denominator: u32, plural: bool, sep: Sep) -> Option<Step> {
        if !c.is_numerator() || denominator < 3 {
            return None;
        }
        let is_fraction =
            if plural { c.group >= 2.0 } else { c.group == 1.0 && (sep == Sep::Hyphen || self.ends_fraction(j)) };
        is_fraction.then(|| self.mention(c.start, j, c.group / f64::from(denominator)))
    }

    /// A mention from token `first` to token `last`, extended over a
    /// following percent sign or word, which does not change its value.
    fn mention(&self, first: usize, last: usize, value: f64) -> Step {
        let last = self.percent_after(last).unwrap_or(last);
        Step::Mention(NumberMention { value, span: self.tokens[first].start..self.tokens[last].end }, last + 1)
    }

    /// The last token of "%", " %", " percent" or " per cent" after `i`.
    fn percent_after(&self, i: usize) -> Option<usize> {
        let next = self.tokens.get(i + 1)?;
        match next.kind {
            Kind::Percent => Some(i + 1),
            Kind::Space => match self.tokens.get(i + 2)?.kind {
                Kind::Percent | Kind::Word(Lex::Percent) => Some(i + 2),
                Kind::Word(Lex::Per) => match self.word_after_space(i + 2)? {
                    (k, Lex::Cent) => Some(k),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }
}

/// What [`Parser::extend`] did with a word.
enum Extend {
    /// The word was absorbed; try the next one.
    Continue,
    /// The word is not part of the number; the number ends before it.
    Stop,
    /// The word completed the reading (a fraction, or an ordinal to skip).
    Done(Step),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values found in `text`.
    fn values(text: &str) -> Vec<f64> {
        find_numbers(text).into_iter().map(|m| m.value).collect()
    }

    /// The text of each mention found in `text`.
    fn spans(text: &str) -> Vec<&str> {
        find_numbers(text).into_iter().map(|m| &text[m.span]).collect()
    }

    #[track_caller]
    fn assert_values(text: &str, expected: &[f64]) {
        let found = values(text);
        assert!(
            found.len() == expected.len() && found.iter().zip(expected).all(|(&a, &b)| same_value(a, b)),
            "{text:?}: found {found:?}, expected {expected:?} (spans {:?})",
            spans(text)
        );
    }

    #[track_caller]
    fn assert_none(text: &str) {
        assert_values(text, &[]);
    }

    // --- seed corpus sentences ---

    #[test]
    fn corpus_two_leaders_three_hours() {
        assert_values(
            "The two leaders met for nearly three hours in Anchorage, but the meeting produced no agreement on a ceasefire or a pathway to ending the war in Ukraine.",
            &[2.0, 3.0],
        );
    }

    #[test]
    fn corpus_three_hour_summit() {
        let text = "Following the nearly three-hour summit, both leaders described the meeting as \"very productive\" but admitted they had failed to reach an agreement to end the war in Ukraine.";
        assert_values(text, &[3.0]);
        assert_eq!(spans(text), ["three"]);
    }

    #[test]
    fn corpus_one_fifth_and_percent() {
        let text = "While his forces control nearly one-fifth of Ukraine, roughly 25% of the Donetsk region remains under Ukrainian control.";
        assert_values(text, &[0.2, 25.0]);
        assert_eq!(spans(text), ["one-fifth", "25%"]);
    }

    #[test]
    fn corpus_thirty_countries() {
        assert_values(
            "Later this week, representatives from 30 countries will gather at the Pentagon to finalize military and security commitments for Ukraine.",
            &[30.0],
        );
    }

    #[test]
    fn corpus_ten_out_of_ten() {
        assert_values(
            "Despite criticism, Trump rated the summit 10 out of 10 and expressed optimism about meeting Putin again, possibly in Moscow.",
            &[10.0, 10.0],
        );
    }

    #[test]
    fn corpus_an_hour_and_a_half() {
        let text = "The conversations reportedly lasted more than an hour and a half, during which Trump briefed his counterparts on the content and tone of his discussions with Putin.";
        assert_values(text, &[0.5]);
        assert_eq!(spans(text), ["a half"]);
    }

    #[test]
    fn corpus_seven_civilians_two_children() {
        assert_values(
            "Despite the diplomacy, Russia launched fresh strikes overnight that killed at least seven civilians, including two children, underscoring the ongoing toll of the war.",
            &[7.0, 2.0],
        );
    }

    #[test]
    fn corpus_first_is_not_a_number() {
        assert_values(
            "The summit marked the first US-Russia talks since Moscow launched its full-scale invasion of Ukraine in February 2022.",
            &[2022.0],
        );
    }

    #[test]
    fn corpus_one_on_one() {
        let text = "Zelensky also held his first one-on-one Oval Office meeting with Trump since their heated exchange in February.";
        assert_values(text, &[1.0, 1.0]);
        assert_eq!(spans(text), ["one", "one"]);
    }

    #[test]
    fn corpus_hundred_percent_unity() {
        let text = "There has to be 100% unity on all decisions, re:- Russia.";
        assert_values(text, &[100.0]);
        assert_eq!(spans(text), ["100%"]);
    }

    // --- digits ---

    #[test]
    fn digits_plain_grouped_decimal_currency() {
        assert_values("in 2022", &[2022.0]);
        assert_values("1,000 people", &[1000.0]);
        assert_values("1,234,567.5 units", &[1_234_567.5]);
        assert_values("2.5 times", &[2.5]);
        assert_values("costs $5 each", &[5.0]);
        assert_eq!(spans("costs $5 each"), ["5"]);
        assert_values("a .5 rise", &[0.5]);
    }

    #[test]
    fn digits_sentence_end_is_not_a_decimal_point() {
        assert_values("It happened in 2022.", &[2022.0]);
        assert_values("In 2022. Then 2023.", &[2022.0, 2023.0]);
        assert_values("version v1.2.3", &[1.2, 3.0]);
    }

    #[test]
    fn digits_commas_that_do_not_group() {
        assert_values("scores 10,20 and 30", &[10.0, 20.0, 30.0]);
        assert_values("In 2021, 300 died", &[2021.0, 300.0]);
        assert_values("year 2022,123", &[2022.0, 123.0]);
        assert_values("1,00 or 1,0000", &[1.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn digits_dash_is_a_range_not_a_sign() {
        assert_values("the 2021-2022 season", &[2021.0, 2022.0]);
        assert_values("down -5 points", &[5.0]);
        assert_values("10-point plan", &[10.0]);
        assert_eq!(spans("10-point plan"), ["10"]);
    }

    #[test]
    fn digits_times_dates_slashes() {
        assert_values("Aug. 15", &[15.0]);
        assert_values("February 2022", &[2022.0]);
        assert_values("at 10:30 on 8/15/2022", &[10.0, 30.0, 8.0, 15.0, 2022.0]);
        assert_values("open 24/7", &[24.0, 7.0]);
    }

    #[test]
    fn digits_with_ordinal_suffix_are_not_numbers() {
        assert_none("the 1st, 2nd, 3rd, 4th and 21st");
        assert_none("the 21st-century war");
        assert_none("the 22ND");
    }

    #[test]
    fn digits_glued_to_letters() {
        assert_values("the G7 summit", &[7.0]);
        assert_values("the 1990s", &[1990.0]);
        assert_values("$5bn deal", &[5e9]);
        assert_eq!(spans("$5bn deal"), ["5bn"]);
        assert_values("at 10am", &[10.0]);
        assert_values("COVID-19", &[19.0]);
    }

    #[test]
    fn digits_with_scale_words() {
        assert_values("1.5 million people", &[1_500_000.0]);
        assert_values("$2 billion", &[2e9]);
        assert_eq!(spans("$2 billion"), ["2 billion"]);
        assert_values("$5 bn", &[5e9]);
        assert_values("10 thousand", &[10_000.0]);
        assert_values("3 dozen", &[36.0]);
        assert_values("a 10-million-dollar fund", &[1e7]);
        // A digit numeral takes one scale; what follows is separate.
        assert_values("2 million 300 thousand", &[2e6, 300_000.0]);
        assert_values("2 million two", &[2e6, 2.0]);
        // Number words do not attach to digits.
        assert_values("2 one-hour talks", &[2.0, 1.0]);
    }

    // --- percentages ---

    #[test]
    fn percent_forms_keep_the_value() {
        for text in ["25%", "25 %", "25 percent", "25 per cent", "twenty-five percent"] {
            assert_values(text, &[25.0]);
            assert_eq!(spans(text), [text]);
        }
        assert_values("25 per capita", &[25.0]);
        assert_eq!(spans("25 per capita"), ["25"]);
        assert_values("2.5% of GDP", &[2.5]);
    }

    // --- number words ---

    #[test]
    fn words_units_and_tens() {
        assert_values(
            "zero one two three four five six seven eight nine ten",
            &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
        );
        assert_values(
            "eleven, twelve, thirteen, fourteen, fifteen, sixteen, seventeen, eighteen, nineteen",
            &[11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0],
        );
        assert_values(
            "twenty, thirty, forty, fifty, sixty, seventy, eighty, ninety",
            &[20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0],
        );
    }

    #[test]
    fn words_ignore_case() {
        assert_values("Three died. THREE died. tHrEe died.", &[3.0, 3.0, 3.0]);
        assert_values("Twenty-Five", &[25.0]);
    }

    #[test]
    fn words_compounds() {
        assert_values("twenty-five", &[25.0]);
        assert_eq!(spans("twenty-five"), ["twenty-five"]);
        assert_values("twenty five", &[25.0]);
        assert_values("ninety-nine", &[99.0]);
        assert_values("one two three", &[1.0, 2.0, 3.0]);
        assert_values("ten twenty", &[10.0, 20.0]);
        assert_values("nineteen ninety-five", &[19.0, 95.0]);
        assert_values("twenty-five-year-old", &[25.0]);
    }

    #[test]
    fn words_hundreds() {
        assert_values("one hundred", &[100.0]);
        assert_values("a hundred", &[100.0]);
        assert_eq!(spans("about a hundred people"), ["a hundred"]);
        assert_values("three hundred and twelve", &[312.0]);
        assert_values("three hundred twelve", &[312.0]);
        assert_values("a hundred and twenty-five", &[125.0]);
        assert_values("twenty-five hundred", &[2500.0]);
        assert_values("two-hundred", &[200.0]);
        assert_none("the hundred days");
        assert_none("hundreds of people");
        assert_values("a hundred and wounded two", &[100.0, 2.0]);
    }

    #[test]
    fn words_scales() {
        assert_values("two million", &[2e6]);
        assert_values("a thousand", &[1000.0]);
        assert_values("a million people", &[1e6]);
        assert_values("three billion", &[3e9]);
        assert_values("one trillion", &[1e12]);
        assert_values("ten thousand", &[10_000.0]);
        assert_values("twenty-five thousand", &[25_000.0]);
        assert_values("two thousand five hundred", &[2500.0]);
        assert_values("a thousand and one", &[1001.0]);
        assert_values("two million three hundred thousand", &[2_300_000.0]);
        assert_values("three hundred thousand", &[300_000.0]);
        assert_none("thousands of people, millions of dollars");
        assert_none("the million-dollar question");
    }

    #[test]
    fn words_dozen() {
        assert_values("a dozen", &[12.0]);
        assert_eq!(spans("a dozen eggs"), ["a dozen"]);
        assert_values("two dozen", &[24.0]);
        assert_values("dozen", &[12.0]);
        assert_none("dozens of people");
    }

    #[test]
    fn words_that_are_not_numbers() {
        assert_none("a couple of days");
        assert_none("a pair, both, once, twice, several, none");
        assert_none("an hour, a day");
    }

    #[test]
    fn words_must_be_whole() {
        assert_none("He often tends the network.");
        assert_none("someone, anyone, everyone, tone, bone, attend, eighteenths-century");
        assert_none("Eightfold, tenfold, fiftyish");
    }

    #[test]
    fn words_glued_to_digits_are_not_number_words() {
        assert_values("3one", &[3.0]);
    }

    #[test]
    fn one_as_a_number() {
        assert_values("one of the most anticipated meetings", &[1.0]);
        assert_values("one's own", &[1.0]);
        assert_eq!(spans("one's own"), ["one"]);
    }

    #[test]
    fn one_as_a_pronoun() {
        assert_none("No one came.");
        assert_none("no one came, and no-one left");
        assert_none("They blamed one another.");
        assert_none("someone, anyone, everyone");
    }

    #[test]
    fn hyphenated_modifiers() {
        assert_values("three-hour", &[3.0]);
        assert_values("three-way", &[3.0]);
        assert_values("a two-hour meeting", &[2.0]);
        assert_eq!(spans("the three-way talks"), ["three"]);
    }

    // --- fractions ---

    #[test]
    fn fractions_half() {
        assert_values("half of Ukraine", &[0.5]);
        assert_values("a half", &[0.5]);
        assert_values("one-half", &[0.5]);
        assert_values("one half", &[0.5]);
        assert_values("a half-hour", &[0.5]);
        assert_values("half an hour", &[0.5]);
        assert_eq!(spans("half an hour"), ["half"]);
        assert_values("half a million", &[500_000.0]);
        assert_eq!(spans("half a million"), ["half a million"]);
        assert_values("half a dozen", &[6.0]);
        assert_values("a half million", &[500_000.0]);
        assert_none("halfway, behalf, halves");
    }

    #[test]
    fn fractions_and_a_half() {
        assert_values("two and a half years", &[2.5]);
        assert_eq!(spans("two and a half years"), ["two and a half"]);
        assert_values("2 and a half", &[2.5]);
        assert_values("one and a half million", &[1_500_000.0]);
        assert_values("a two-and-a-half-hour meeting", &[2.5]);
        assert_values("a million and a half", &[1_500_000.0]);
        assert_values("an hour and a half", &[0.5]);
        assert_values("a and a half", &[0.5]);
        assert_values("between one and two", &[1.0, 2.0]);
    }

    #[test]
    fn fractions_with_numerators() {
        let third = 1.0 / 3.0;
        assert_values("a third of voters", &[third]);
        assert_values("one third of voters", &[third]);
        assert_values("one-third", &[third]);
        assert_values("two-thirds", &[2.0 / 3.0]);
        assert_values("two thirds of the vote", &[2.0 / 3.0]);
        assert_values("a quarter of the budget", &[0.25]);
        assert_values("one-quarter", &[0.25]);
        assert_values("three-quarters", &[0.75]);
        assert_values("one-fifth", &[0.2]);
        assert_values("a fifth of them", &[0.2]);
        assert_values("one-tenth", &[0.1]);
        assert_values("an eighth", &[0.125]);
        assert_values("nine-tenths", &[0.9]);
        assert_values("one-hundredth", &[0.01]);
        assert_values("cut by a third.", &[third]);
        assert_values("cut by a third in 2022", &[third, 2022.0]);
        assert_eq!(spans("about a third of them"), ["a third"]);
        assert_values("two-thirds percent", &[2.0 / 3.0]);
    }

    #[test]
    fn fractions_need_a_numerator() {
        assert_none("the third meeting");
        assert_none("a fifth consecutive year");
        assert_none("a third term");
        assert_none("a third-party candidate");
        assert_none("the first quarter");
        assert_none("third, fifth, tenth");
        assert_none("a quarter-final");
    }

    #[test]
    fn second_is_never_a_fraction() {
        assert_none("a second time");
        assert_values("one second", &[1.0]);
        assert_values("two seconds", &[2.0]);
        assert_values("one-second", &[1.0]);
    }

    #[test]
    fn fraction_mismatches_fall_back_to_the_cardinal() {
        // Singular denominator after a numeral above one: an ordinal.
        assert_values("three fifth-graders", &[3.0]);
        // "one third" followed by a noun: one of something third.
        assert_values("one third world country", &[1.0]);
    }

    // --- ordinals ---

    #[test]
    fn ordinal_words_are_not_numbers() {
        assert_none("first, second, third, fourth, twentieth, hundredth, thousandth");
        assert_none("the twenty-first century");
        assert_none("the twenty first century");
        assert_none("the one hundred and first day");
        assert_none("the one hundred twenty-first day");
        assert_none("the two hundredth anniversary");
        assert_none("a thousandth anniversary");
        assert_none("the Hundredth time");
    }

    // --- spans and misc ---

    #[test]
    fn spans_slice_back_to_the_mention() {
        let text = "In February 2022, roughly 25 per cent of two-thirds of a hundred and twelve - no, 1,000 people.";
        let found = find_numbers(text);
        let texts: Vec<&str> = found.iter().map(|m| &text[m.span.clone()]).collect();
        assert_eq!(texts, ["2022", "25 per cent", "two-thirds", "a hundred and twelve", "1,000"]);
        for window in found.windows(2) {
            assert!(window[0].span.end <= window[1].span.start, "in order");
        }
    }

    #[test]
    fn spans_are_byte_ranges_in_non_ascii_text() {
        let text = "Zelenskyy’s café served «three» meals to 25 naïve guests";
        assert_eq!(spans(text), ["three", "25"]);
        assert_none("Ünïcödé wörds ünd ümlauts");
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert_none("");
        assert_none(" ");
        assert_none(".,;:-%$");
        assert_none("a");
        assert_none("and a");
    }

    #[test]
    fn non_normalized_white_space_is_tolerated() {
        assert_values("twenty  \t five", &[25.0]);
    }

    #[test]
    fn same_value_tolerance() {
        assert!(same_value(1.0 / 3.0, 0.3333333));
        assert!(same_value(2.0 / 3.0, 0.6666667));
        assert!(same_value(0.1 + 0.2, 0.3));
        assert!(same_value(1.5 * 1e6, 1_500_000.0));
        assert!(same_value(0.0, 0.0));
        assert!(same_value(25.0, 25.0));
        assert!(!same_value(2022.0, 2023.0));
        assert!(!same_value(1_000_000.0, 1_000_010.0));
        assert!(!same_value(1.0 / 3.0, 0.33));
        assert!(!same_value(0.0, 1e-12));
        assert!(!same_value(f64::NAN, f64::NAN));
    }

    #[test]
    fn found_values_compare_across_phrasings() {
        let pairs = [
            ("two-thirds", "0.6666667"),
            ("1.5 million", "one and a half million"),
            ("1,500,000", "1.5 million"),
            ("$2 billion", "two billion"),
            ("$5bn", "5 billion"),
            ("25%", "twenty-five per cent"),
            ("a dozen", "12"),
            ("half a million", "500,000"),
            ("three hundred and twelve", "312"),
        ];
        for (a, b) in pairs {
            let (va, vb) = (values(a), values(b));
            assert!(va.len() == 1 && vb.len() == 1 && same_value(va[0], vb[0]), "{a:?} = {va:?} vs {b:?} = {vb:?}");
        }
    }

    #[test]
    fn long_input_is_handled() {
        let text = "twenty-five of 1,000 went; ".repeat(10_000);
        assert_eq!(find_numbers(&text).len(), 20_000);
        let digits = "9".repeat(400);
        assert_eq!(find_numbers(&digits).len(), 1);
        let decimals = format!("0.{}", "3".repeat(400));
        assert_values(&decimals, &[1.0 / 3.0]);
    }
}

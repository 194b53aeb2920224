//! A scaled corpus and an assertion set drawn from it, for benchmarks and for the index's equivalence test.
//!
//! The text comes from the five seed articles and, when it is present, the 233 State of the Union speeches in
//! `/work/shared/corpora/sotu/` (read in place, never copied into the repository). Their sentences are split
//! with factcheck's own splitter, then dealt out at random into thousands of articles of a few kilobytes, in
//! folders of a few hundred, each sentence varied on the way (numbers re-drawn, names swapped, a word replaced
//! by another of the pool's words) so that the corpus is not one text repeated. Some articles are typeset
//! (curly quotes, em dashes) so normalization has work to do, and some end in a reader-comment section that the
//! generated `corpus.toml` excludes from evidence.
//!
//! Claims are drawn from the articles as they are written, in the proportions of a real suite: quotes
//! (some `ignore_case`), patterns, terms and `absent` items, about 10% of items with no scope (searched across
//! the whole corpus) and about 10% deliberately broken (a word of a quote changed, a term or a pattern that
//! does not hold), so that the closest-passage search runs. Everything is a function of the seed: the same
//! [`Spec`] writes the same bytes.
//!
//! [`generate_from`] is the other entry point: real text nobody generated. It takes the `.txt` files of a
//! directory (the speeches, say) as they are for the corpus, and draws the claims from them in the same way.
//!
//! Shared, by `#[path]`, between `examples/bench_report.rs`, `benches/check.rs` and `tests/index.rs`.

#![allow(dead_code)] // Each user takes the parts it needs.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use factcheck::corpus::normalize::normalize_fragment;
use factcheck::corpus::sentences;

/// Where the State of the Union speeches are, when the machine has them.
pub const SOTU_DIR: &str = "/work/shared/corpora/sotu";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Bytes of corpus to write (approximately: whole articles are written).
    pub bytes: u64,
    /// Claims to write.
    pub claims: usize,
    /// The seed of every random choice.
    pub seed: u64,
    /// Directories of extra `.txt` text to draw sentences from (the speeches); skipped when absent.
    pub extra_text: Vec<PathBuf>,
}

impl Spec {
    /// A spec drawing on the seeds and, if present, the speeches.
    pub fn new(bytes: u64, claims: usize, seed: u64) -> Spec {
        Spec { bytes, claims, seed, extra_text: vec![PathBuf::from(SOTU_DIR)] }
    }
}

/// What was written, and what the benchmarks need to know about it.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub corpus: PathBuf,
    pub assertions: PathBuf,
    pub files: usize,
    pub bytes: u64,
    pub claims: usize,
    pub items: usize,
    /// Items written to fail (the corpus does not hold them).
    pub broken_items: usize,
    /// The ids of the claims with a broken item, in order: they fail, and every other claim passes.
    pub broken_claims: Vec<String>,
    pub unscoped_items: usize,
    /// Every quote of every item, normalized, as searched for: the input of `rg -F -f`.
    pub quotes: Vec<String>,
    /// Broken quotes with no scope: each one's closest passage is searched over the whole corpus.
    pub broken_unscoped_quotes: Vec<String>,
    /// Text sources that were asked for but not found (reported, then skipped).
    pub missing_text: Vec<PathBuf>,
}

/// xorshift64*: small, fast and good enough to deal sentences out; no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names swapped into sentences, so that the same sentence names different people in different articles.
const NAMES: &[&str] = &[
    "Adams",
    "Baker",
    "Carter",
    "Dalton",
    "Ellison",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Vargas",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Zelenko",
    "Abernathy",
    "Brennan",
    "Castellanos",
    "Duarte",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Halvorsen",
    "Iglesias",
    "Jablonski",
    "Kaminski",
    "Larsen",
    "Mbeki",
    "Novak",
    "Ortega",
    "Pereira",
    "Rahman",
    "Sato",
    "Toivonen",
    "Ulrich",
    "Valdez",
    "Wojcik",
    "Yamamoto",
    "Zimmermann",
    "Anchorage",
    "Brussels",
    "Kyiv",
    "Geneva",
    "Helsinki",
    "Ottawa",
    "Nairobi",
    "Lima",
    "Oslo",
    "Tallinn",
    "Warsaw",
    "Vilnius",
    "Riga",
];

/// Words that occur nowhere in the pool: `absent` items are made of them.
const NONSENSE: &[&str] =
    &["zorblat", "quixel", "fandrop", "mervix", "plonquet", "sturvane", "klavorn", "druspel", "wexmire", "yomblet"];

/// The sentences everything is made from.
struct Pool {
    sentences: Vec<String>,
    /// Lowercase words of four letters or more, to swap into sentences.
    words: Vec<String>,
    /// Whether claims are drawn so that the bookkeeping is exact: a misquote never drops its first or last word
    /// (what is left would still be a quote of the source) nor leaves the quote as it was, a pattern keeps what
    /// surrounds a number (`25%`, `(3)`), a claim's text is cut between words, and a claim checks its numbers
    /// only when its first item is a quote. [`generate_from`] draws so; [`generate`] keeps drawing as it always
    /// has, so that the same [`Spec`] writes the same bytes (a few of its broken items hold, and a few of its
    /// other claims fail).
    strict: bool,
}

/// The `.txt` files directly in `dir`, sorted by name.
fn text_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<Vec<PathBuf>>>()?
        .into_iter()
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// A text file as a string; an error names the file.
fn read_text(path: &Path) -> io::Result<String> {
    fs::read_to_string(path).map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", path.display())))
}

/// The sentences of `text` worth drawing from (five to sixty words), split with factcheck's own splitter, their
/// white space made single spaces.
fn sentences_of(text: &str) -> Vec<String> {
    sentences::split(text)
        .into_iter()
        .map(|range| text[range].split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|sentence| (5..=60).contains(&sentence.split(' ').count()))
        .collect()
}

fn read_pool(seeds: &Path, extra: &[PathBuf], missing: &mut Vec<PathBuf>) -> io::Result<Pool> {
    let mut texts = Vec::new();
    for dir in std::iter::once(seeds).chain(extra.iter().map(PathBuf::as_path)) {
        if !dir.is_dir() {
            missing.push(dir.to_path_buf());
            continue;
        }
        for path in text_files(dir)? {
            texts.push(read_text(&path)?);
        }
    }
    pool_of(&texts, false)
}

/// The pool of `texts`: their sentences, and the words to swap into them.
fn pool_of(texts: &[String], strict: bool) -> io::Result<Pool> {
    let mut sentences = Vec::new();
    let mut words = Vec::new();
    for text in texts {
        for sentence in sentences_of(text) {
            for word in sentence.split(' ') {
                if word.len() >= 4 && word.chars().all(|c| c.is_ascii_lowercase()) && words.len() < 200_000 {
                    words.push(word.to_owned());
                }
            }
            sentences.push(sentence);
        }
    }
    if sentences.is_empty() || words.is_empty() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no sentences to generate a corpus from"));
    }
    Ok(Pool { sentences, words, strict })
}

/// A sentence of the pool, varied: numbers re-drawn, a name swapped, a word replaced.
fn vary(sentence: &str, pool: &Pool, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(sentence.len() + 8);
    let words: Vec<&str> = sentence.split(' ').collect();
    let swap_word = if rng.chance(60) { Some(rng.below(words.len())) } else { None };
    let swap_name = rng.chance(50);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            for c in word.chars() {
                out.push(if c.is_ascii_digit() { char::from(b'0' + rng.below(10) as u8) } else { c });
            }
        } else if i > 0 && swap_name && word.len() > 3 && word.chars().all(|c| c.is_ascii_alphabetic()) && {
            word.starts_with(|c: char| c.is_ascii_uppercase())
        } {
            out.push_str(rng.pick::<&str>(NAMES));
        } else if Some(i) == swap_word && word.len() >= 4 && word.chars().all(|c| c.is_ascii_lowercase()) {
            out.push_str(rng.pick::<String>(&pool.words));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Curly quotes, apostrophes and em dashes, as a newspaper's CMS writes them (one sentence at a time).
fn typeset(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut open = true;
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            '"' => {
                out.push(if open { '\u{201C}' } else { '\u{201D}' });
                open = !open;
            }
            '\'' if previous.is_alphanumeric() => out.push('\u{2019}'),
            '-' if previous == '-' => {
                out.pop();
                out.push('\u{2014}');
            }
            _ => out.push(c),
        }
        previous = c;
    }
    out
}

/// A TOML string literal.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// One evidence item as TOML, whether it was written to fail, and whether it is a quote (the sentence holding
/// its match is the one it was drawn from, so that the numbers of that sentence are grounded).
struct Item {
    toml: String,
    broken: bool,
    quote: bool,
}

/// An article as written, with its normalized sentences (to draw claims from).
struct Article {
    name: String,
    text: String,
    sentences: Vec<String>,
}

fn write_article(pool: &Pool, rng: &mut Rng, name: String) -> Article {
    let target = 1_500 + rng.below(9_000);
    let typeset_it = rng.chance(40);
    let next = |rng: &mut Rng| {
        let sentence = vary(rng.pick::<String>(&pool.sentences), pool, rng);
        if typeset_it { typeset(&sentence) } else { sentence }
    };
    let mut text = String::with_capacity(target + 1_000);
    let mut sentences = Vec::new();
    let title = next(rng);
    let title: String = title.split(' ').take(10).collect::<Vec<_>>().join(" ");
    text.push_str(title.trim_end_matches(['.', ',', ';', ':']));
    text.push_str("\n\n");
    while text.len() < target {
        let paragraph_len = 2 + rng.below(4);
        for i in 0..paragraph_len {
            let sentence = next(rng);
            if i > 0 {
                text.push(' ');
            }
            text.push_str(&sentence);
            sentences.push(sentence);
        }
        text.push_str("\n\n");
        if rng.chance(3) {
            let other = next(rng);
            let other: String = other.split(' ').take(8).collect::<Vec<_>>().join(" ");
            let _ = write!(text, "See also: {other}\n\n");
        }
    }
    if rng.chance(8) {
        let count = 1 + rng.below(5);
        let _ = write!(text, "{count} Comments\n\n");
        for _ in 0..count {
            let _ = write!(text, "{}\n\n", next(rng));
        }
    }
    let sentences = sentences.iter().map(|s| normalize_fragment(s)).collect();
    Article { name, text, sentences }
}

/// `count` consecutive words of `sentence`, from its start or from after a comma, as people quote.
fn phrase(sentence: &str, count: usize, rng: &mut Rng) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let count = count.min(words.len());
    let clauses: Vec<usize> =
        (1..words.len()).filter(|i| words[i - 1].ends_with(',') && i + count <= words.len()).collect();
    let start = if clauses.is_empty() || rng.chance(50) { 0 } else { *rng.pick::<usize>(&clauses) };
    words[start..start + count].join(" ")
}

/// A phrase of `count` words from anywhere in the sentence (for patterns).
fn any_phrase(sentence: &str, count: usize, rng: &mut Rng) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let count = count.min(words.len());
    let start = rng.below(words.len() - count + 1);
    words[start..start + count].join(" ")
}

/// A quote changed the way people misquote: a word replaced, dropped, or two words swapped.
fn misquote(quote: &str, pool: &Pool, rng: &mut Rng) -> String {
    let mut words: Vec<String> = quote.split(' ').map(str::to_owned).collect();
    let at = rng.below(words.len());
    match rng.below(3) {
        0 => words[at] = pool.words[rng.below(pool.words.len())].clone(),
        // Without its first or last word, a quote is still a quote: a strict misquote drops one inside.
        1 if words.len() > 4 => {
            words.remove(if pool.strict { at.clamp(1, words.len() - 2) } else { at });
        }
        _ if at + 1 < words.len() => words.swap(at, at + 1),
        _ => words[at] = "notably".to_owned(),
    }
    let misquoted = words.join(" ");
    // A word replaced by itself, two equal words swapped: nothing changed (in any case, for `ignore_case`).
    // (A dropped word always changes the quote, so `at` is still a word of it here.)
    if pool.strict && misquoted.to_lowercase() == quote.to_lowercase() {
        words[at] = rng.pick::<&str>(NONSENSE).to_string();
        return words.join(" ");
    }
    misquoted
}

/// A word of a pattern: its numbers generalized to `[\d,.]+`. A strict pattern escapes the rest of the word
/// (`25%` is `[\d,.]+%`); otherwise a word with a digit is all number.
fn pattern_word(word: &str, strict: bool) -> String {
    if !word.bytes().any(|b| b.is_ascii_digit()) {
        return regex::escape(word);
    }
    if !strict {
        return r"[\d,.]+".to_owned();
    }
    let number_char = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
    let mut pattern = String::new();
    let mut rest = word;
    while let Some(start) = rest.find(number_char) {
        let end = rest[start..].find(|c: char| !number_char(c)).map_or(rest.len(), |len| start + len);
        pattern.push_str(&regex::escape(&rest[..start]));
        let run = &rest[start..end];
        pattern.push_str(&if run.bytes().any(|b| b.is_ascii_digit()) {
            r"[\d,.]+".to_owned()
        } else {
            regex::escape(run)
        });
        rest = &rest[end..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern
}

/// The words of a sentence that make good `terms`: names and long words, without punctuation; for a search
/// of the whole corpus, only the distinctive ones (names, and words of nine letters or more).
fn term_candidates(sentence: &str, distinctive: bool) -> Vec<String> {
    sentence
        .split(' ')
        .skip(usize::from(distinctive))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.len() >= 5 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !distinctive || w.starts_with(|c: char| c.is_ascii_uppercase()) || w.len() >= 9)
        .map(str::to_owned)
        .collect()
}

/// An item drawn from a sentence of `article`: its kind, scope and whether it is broken are dealt by `rng`.
fn make_item(article: &Article, sentence: &str, pool: &Pool, rng: &mut Rng, out: &mut Generated) -> Item {
    let unscoped = rng.chance(10);
    let broken = rng.chance(10);
    let mut toml = String::from("[[claim.evidence]]\n");
    if !unscoped {
        let _ = writeln!(toml, "source = {}", toml_str(&article.name));
    }
    let kind = rng.below(100);
    let terms = term_candidates(sentence, unscoped);
    let quote = kind < 55 || (kind < 80 && terms.len() < 2);
    if quote {
        let mut quote = phrase(sentence, 8 + rng.below(12), rng);
        if broken {
            quote = misquote(&quote, pool, rng);
            if unscoped {
                out.broken_unscoped_quotes.push(quote.clone());
            }
        }
        let _ = writeln!(toml, "quote = {}", toml_str(&quote));
        if rng.chance(15) {
            toml.push_str("ignore_case = true\n");
        }
        out.quotes.push(quote);
    } else if kind < 80 {
        let mut chosen: Vec<String> = Vec::new();
        for _ in 0..(2 + rng.below(2)).min(terms.len()) {
            let term = rng.pick::<String>(&terms).clone();
            if !chosen.contains(&term) {
                chosen.push(term);
            }
        }
        if broken {
            chosen.push(rng.pick::<&str>(NAMES).to_string() + "ville");
        }
        let list: Vec<String> = chosen.iter().map(|t| toml_str(t)).collect();
        let _ = writeln!(toml, "terms = [{}]", list.join(", "));
    } else {
        // A phrase of three words with its numbers generalized and its last word optionally plural.
        let words = any_phrase(sentence, 3, rng);
        let mut pattern = String::new();
        for (i, word) in words.split(' ').enumerate() {
            if i > 0 {
                pattern.push_str(r"\s+");
            }
            pattern.push_str(&pattern_word(word, pool.strict));
        }
        if broken {
            // A typo in the pattern's longest word.
            pattern = match words
                .split(' ')
                .filter(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
                .max_by_key(|w| w.len())
            {
                Some(word) => pattern.replacen(word, &format!("{}q{}", &word[..2], &word[2..]), 1),
                None => pattern + r"\s+zzq",
            };
        }
        let _ = writeln!(toml, "pattern = {}", toml_str(&pattern));
    }
    out.items += 1;
    out.broken_items += usize::from(broken);
    out.unscoped_items += usize::from(unscoped);
    Item { toml, broken, quote }
}

/// An `absent` item: nonsense that no source holds.
fn absent_item(article: &Article, rng: &mut Rng, out: &mut Generated) -> Item {
    let unscoped = rng.chance(30);
    let mut toml = String::from("[[claim.evidence]]\n");
    if !unscoped {
        let _ = writeln!(toml, "source = {}", toml_str(&article.name));
    }
    if rng.chance(50) {
        let quote =
            format!("{} {} {}", rng.pick::<&str>(NONSENSE), rng.pick::<&str>(NAMES), rng.pick::<&str>(NONSENSE));
        let _ = writeln!(toml, "quote = {}", toml_str(&quote));
        out.quotes.push(quote);
    } else {
        let _ = writeln!(toml, "pattern = {}", toml_str(&format!(r"(?i)\b{}(s|ed)?\b", rng.pick::<&str>(NONSENSE))));
    }
    toml.push_str("absent = true\n");
    out.items += 1;
    out.unscoped_items += usize::from(unscoped);
    Item { toml, broken: false, quote: false }
}

fn write_claim(article: &Article, pool: &Pool, rng: &mut Rng, id: usize, out: &mut Generated) -> String {
    let mut toml = String::new();
    if rng.chance(6) {
        // Unverifiable: only absent items.
        let _ = write!(
            toml,
            "[[claim]]\nid = \"claim-{id}\"\nclaim = {}\nverdict = \"unverifiable\"\n\n",
            toml_str(&format!("The corpus never mentions {}.", rng.pick::<&str>(NONSENSE)))
        );
        for _ in 0..1 + rng.below(2) {
            toml.push_str(&absent_item(article, rng, out).toml);
            toml.push('\n');
        }
        return toml;
    }
    // The claim is the sentence its first item comes from, so that its numbers are grounded when that holds.
    let text = rng.pick::<String>(&article.sentences).clone();
    let mut items = Vec::new();
    for i in 0..1 + rng.below(5) {
        let sentence = if i == 0 { text.clone() } else { rng.pick::<String>(&article.sentences).clone() };
        items.push(make_item(article, &sentence, pool, rng, out));
    }
    if rng.chance(15) {
        items.push(absent_item(article, rng, out));
    }
    if items.iter().any(|item| item.broken) {
        out.broken_claims.push(format!("claim-{id}"));
    }
    let text = claim_text(&text, pool.strict);
    let _ = write!(toml, "[[claim]]\nid = \"claim-{id}\"\nclaim = {}\n", toml_str(&text));
    // A pattern or terms hold at their first match in the source, which may be another sentence than the claim's,
    // with other numbers: a strict claim checks its numbers only when a quote of its sentence comes first.
    if rng.chance(50) || (pool.strict && !items[0].quote) {
        toml.push_str("check_numbers = false\n");
    }
    toml.push('\n');
    for item in items {
        toml.push_str(&item.toml);
        toml.push('\n');
    }
    toml
}

/// A claim's text: its sentence, cut to 300 characters. A strict cut falls between words, so that no number is
/// cut short (`June 30` is not `June 3`).
fn claim_text(sentence: &str, strict: bool) -> String {
    let cut: String = sentence.chars().take(300).collect();
    if !strict || cut.len() == sentence.len() {
        return cut;
    }
    match cut.rfind(' ') {
        Some(at) => cut[..at].to_owned(),
        None => cut,
    }
}

/// The `corpus.toml` of a generated corpus: reader comments and links are not evidence.
const CORPUS_TOML: &str = r#"# Generated by benches/support/generate.rs.
[[exclude]]
reason = "reader comments"
lines = '^\d+ Comments?$'

[[exclude]]
reason = "link to another article"
lines = '^See also:'

[[alias]]
names = ["Zelensky", "Zelenskiy", "Zelenskyy"]
"#;

/// Empties (or makes) `out/corpus` and `out/assertions`: the bookkeeping of what will be written there.
fn start(out: &Path) -> io::Result<Generated> {
    let result = Generated { corpus: out.join("corpus"), assertions: out.join("assertions"), ..Generated::default() };
    for dir in [&result.corpus, &result.assertions] {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
        fs::create_dir_all(dir)?;
    }
    Ok(result)
}

/// Writes claims into assertion files of 25 claims each, in folders of 100 files.
struct ClaimFiles {
    assertions: PathBuf,
    text: String,
    claims_in_file: usize,
    files: usize,
}

impl ClaimFiles {
    fn new(assertions: &Path) -> ClaimFiles {
        ClaimFiles { assertions: assertions.to_path_buf(), text: String::new(), claims_in_file: 0, files: 0 }
    }

    /// Draws the next claim from `article` and writes it.
    fn add(&mut self, article: &Article, pool: &Pool, rng: &mut Rng, out: &mut Generated) -> io::Result<()> {
        let claim = write_claim(article, pool, rng, out.claims, out);
        self.text.push_str(&claim);
        self.claims_in_file += 1;
        out.claims += 1;
        if self.claims_in_file == 25 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.claims_in_file == 0 {
            return Ok(());
        }
        let dir = self.assertions.join(format!("part-{:03}", self.files / 100));
        fs::create_dir_all(&dir)?;
        fs::write(dir.join(format!("claims-{:05}.toml", self.files)), self.text.as_bytes())?;
        self.text.clear();
        self.claims_in_file = 0;
        self.files += 1;
        Ok(())
    }

    /// Writes the last file, then `out/quotes.txt` (the input of `rg -F -f`) and `out/broken-unscoped-quotes.txt`.
    fn finish(mut self, out: &Path, result: &Generated) -> io::Result<()> {
        self.flush()?;
        fs::write(out.join("quotes.txt"), result.quotes.join("\n") + "\n")?;
        fs::write(out.join("broken-unscoped-quotes.txt"), result.broken_unscoped_quotes.join("\n") + "\n")
    }
}

/// Writes a corpus and an assertion set into `out` (`out/corpus`, `out/assertions`), replacing what was there.
pub fn generate(spec: &Spec, seeds: &Path, out: &Path) -> io::Result<Generated> {
    let mut missing = Vec::new();
    let pool = read_pool(seeds, &spec.extra_text, &mut missing)?;
    let mut result = start(out)?;
    result.missing_text = missing;
    fs::write(result.corpus.join("corpus.toml"), CORPUS_TOML)?;

    let mut rng = Rng::new(spec.seed);
    let mut claim_files = ClaimFiles::new(&result.assertions);
    while result.bytes < spec.bytes || (result.claims < spec.claims && result.files > 0 && spec.bytes == 0) {
        let folder = format!("{:04}", result.files / 400);
        let name = format!("{folder}/article-{:06}.txt", result.files);
        let article = write_article(&pool, &mut rng, name);
        let dir = result.corpus.join(&folder);
        if result.files.is_multiple_of(400) {
            fs::create_dir_all(&dir)?;
        }
        fs::write(result.corpus.join(&article.name), article.text.as_bytes())?;
        result.files += 1;
        result.bytes += article.text.len() as u64;
        // Claims are spread over the corpus in proportion to the bytes written.
        let due =
            (spec.claims as u128 * u128::from(result.bytes.min(spec.bytes)) / u128::from(spec.bytes.max(1))) as usize;
        while result.claims < due && !article.sentences.is_empty() {
            claim_files.add(&article, &pool, &mut rng, &mut result)?;
        }
    }
    claim_files.finish(out, &result)?;
    Ok(result)
}

/// Takes every `.txt` file directly in `dir` as it is, as the corpus (copied, byte for byte, into `out/corpus`,
/// under its own name), and draws `claims` claims from those files into `out/assertions`, as [`generate`] does
/// from the articles it writes: the same mix of items, the same bookkeeping, the same `quotes.txt` and
/// `broken-unscoped-quotes.txt`. Claims are spread over the files in proportion to their size (files with no
/// sentence of five to sixty words get none); words swapped into misquotes come from the files themselves.
/// No `corpus.toml` is written: nothing in real text is excluded from evidence.
///
/// The files are copied rather than hard-linked: a link would share the original's contents, so anything that
/// wrote into the benchmark's copy would change the original; the copy of a few megabytes costs milliseconds.
pub fn generate_from(dir: &Path, claims: usize, seed: u64, out: &Path) -> io::Result<Generated> {
    let paths = text_files(dir).map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", dir.display())))?;
    let texts = paths.iter().map(|path| read_text(path)).collect::<io::Result<Vec<String>>>()?;
    let pool =
        pool_of(&texts, true).map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", dir.display())))?;
    let corpus = out.join("corpus");
    if dir.canonicalize()?.starts_with(corpus.canonicalize().unwrap_or(corpus)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is inside {}, which is emptied first: write elsewhere", dir.display(), out.display()),
        ));
    }
    let mut result = start(out)?;
    let articles: Vec<Article> = paths
        .iter()
        .zip(texts)
        .map(|(path, text)| {
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let sentences = sentences_of(&text).iter().map(|s| normalize_fragment(s)).collect();
            Article { name, text, sentences }
        })
        .collect();
    let drawn_from: u64 =
        articles.iter().filter(|article| !article.sentences.is_empty()).map(|a| a.text.len() as u64).sum();

    let mut rng = Rng::new(seed);
    let mut claim_files = ClaimFiles::new(&result.assertions);
    let mut drawn_bytes = 0u64;
    for (path, article) in paths.iter().zip(&articles) {
        fs::copy(path, result.corpus.join(&article.name))?;
        result.files += 1;
        result.bytes += article.text.len() as u64;
        if article.sentences.is_empty() {
            continue;
        }
        // Claims are spread over the files in proportion to their bytes: the last file brings them to `claims`.
        drawn_bytes += article.text.len() as u64;
        let due = (claims as u128 * u128::from(drawn_bytes) / u128::from(drawn_from.max(1))) as usize;
        while result.claims < due {
            claim_files.add(article, &pool, &mut rng, &mut result)?;
        }
    }
    claim_files.finish(out, &result)?;
    Ok(result)
}

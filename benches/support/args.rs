//! A few `--flag value` options for the bench examples, without a dependency.

#![allow(dead_code)] // Each user takes the parts it needs.

use std::fmt;
use std::path::PathBuf;

/// The command line, consumed flag by flag.
pub struct Args {
    rest: Vec<String>,
    errors: Vec<String>,
}

/// What was wrong with the command line.
#[derive(Debug)]
pub struct ArgsError(Vec<String>);

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("; "))
    }
}

impl Args {
    pub fn from_env() -> Args {
        Args { rest: std::env::args().skip(1).collect(), errors: Vec::new() }
    }

    /// The value after `flag`, removed from the command line.
    fn value(&mut self, flag: &str) -> Option<String> {
        let at = self.rest.iter().position(|arg| arg == flag)?;
        if at + 1 >= self.rest.len() {
            self.errors.push(format!("{flag} needs a value"));
            self.rest.remove(at);
            return None;
        }
        self.rest.remove(at);
        Some(self.rest.remove(at))
    }

    /// Whether `flag` is given (a switch without a value).
    pub fn switch(&mut self, flag: &str) -> bool {
        match self.rest.iter().position(|arg| arg == flag) {
            Some(at) => {
                self.rest.remove(at);
                true
            }
            None => false,
        }
    }

    pub fn number(&mut self, flag: &str, default: usize) -> usize {
        match self.value(flag).map(|value| parse_number(&value)) {
            Some(Some(n)) => n,
            Some(None) => {
                self.errors.push(format!("{flag} takes a number such as 10000 or 10k"));
                default
            }
            None => default,
        }
    }

    /// A list of numbers or sizes, comma-separated.
    pub fn list(&mut self, flag: &str, default: &[u64], parse: fn(&str) -> Option<u64>) -> Vec<u64> {
        match self.value(flag) {
            Some(value) => {
                let parsed: Option<Vec<u64>> = value.split(',').map(parse).collect();
                parsed.unwrap_or_else(|| {
                    self.errors.push(format!("{flag} takes a comma-separated list, such as 10MB,30MB"));
                    default.to_vec()
                })
            }
            None => default.to_vec(),
        }
    }

    pub fn size(&mut self, flag: &str, default: u64) -> u64 {
        match self.value(flag).map(|value| parse_size(&value)) {
            Some(Some(n)) => n,
            Some(None) => {
                self.errors.push(format!("{flag} takes a size such as 100MB or 1GB"));
                default
            }
            None => default,
        }
    }

    pub fn value_path(&mut self, flag: &str) -> Option<PathBuf> {
        self.value(flag).map(PathBuf::from)
    }

    pub fn path(&mut self, flag: &str, default: PathBuf) -> PathBuf {
        self.value(flag).map_or(default, PathBuf::from)
    }

    /// Fails on anything left over or malformed.
    pub fn finish(mut self) -> Result<(), ArgsError> {
        self.errors.extend(self.rest.iter().map(|arg| format!("unexpected argument `{arg}`")));
        if self.errors.is_empty() { Ok(()) } else { Err(ArgsError(self.errors)) }
    }
}

/// `10000`, `10k`.
pub fn parse_number(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    match lower.strip_suffix('k') {
        Some(n) => n.parse::<usize>().ok().map(|n| n * 1_000),
        None => lower.parse().ok(),
    }
}

/// `100MB` (2^20 bytes), `1GB`, `512KB`, or plain bytes.
pub fn parse_size(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let (digits, unit) = match lower.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => lower.split_at(at),
        None => (lower.as_str(), ""),
    };
    let n: u64 = digits.parse().ok()?;
    let unit = match unit {
        "" | "b" => 1,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        _ => return None,
    };
    Some(n * unit)
}

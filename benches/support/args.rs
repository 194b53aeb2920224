//! Value parsers for the bench examples' command lines (clap): sizes such as `100MB` and counts such as `10k`.

#![allow(dead_code)] // Each user takes the parts it needs.

/// `10000`, `10k`.
pub fn number(text: &str) -> Result<usize, String> {
    let lower = text.to_ascii_lowercase();
    let parsed = match lower.strip_suffix('k') {
        Some(n) => n.parse::<usize>().ok().and_then(|n| n.checked_mul(1_000)),
        None => lower.parse().ok(),
    };
    parsed.ok_or_else(|| format!("`{text}` is not a number; write one such as 10000 or 10k"))
}

/// `100MB` (2^20 bytes), `1GB`, `512KB`, or plain bytes.
pub fn size(text: &str) -> Result<u64, String> {
    let lower = text.to_ascii_lowercase();
    let (digits, unit) = match lower.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => lower.split_at(at),
        None => (lower.as_str(), ""),
    };
    let unit: u64 = match unit {
        "" | "b" => 1,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        _ => 0,
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|_| unit > 0)
        .ok_or_else(|| format!("`{text}` is not a size; write one such as 100MB or 1GB"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_and_numbers() {
        assert_eq!(super::size("100MB"), Ok(100 << 20));
        assert_eq!(super::size("2g"), Ok(2 << 30));
        assert_eq!(super::size("512"), Ok(512));
        assert!(super::size("10 MB").is_err() && super::size("MB").is_err() && super::size("9TB").is_err());
        assert_eq!(super::number("10k"), Ok(10_000));
        assert!(super::number("ten").is_err());
    }
}

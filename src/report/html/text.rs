//! Making untrusted text safe in HTML: the one escaper, names for files and ids, links and excerpts.
//!
//! Claims, notes, tags, file names and the sources themselves come from strangers (a pull request, a scraped
//! article). Every such piece of text reaches a page through [`escape`], which is safe both as element content
//! and as a quoted attribute value. Characters that would act rather than show (controls, bidirectional
//! overrides) are written as visible `\u{..}` escapes, as the terminal reports write them.

use std::fmt::Write as _;

/// `text` escaped for HTML element content and for attribute values in double or single quotes.
///
/// `&`, `<`, `>`, `"` and `'` become character references; control characters (other than tab, line feed and
/// carriage return) and the bidirectional controls of "Trojan Source" become visible `\u{..}` escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if acts(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a character acts on the text around it instead of showing: C0, DEL, C1, and the bidirectional
/// controls that can make text read differently from what it is (CVE-2021-42574).
fn acts(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// A name as a file name or an element id: ASCII letters, digits, `-`, `_` and `.` are kept, every other byte
/// (and a leading `.`) is written `~` and two hex digits. Injective, so two names never share a slug; never
/// empty for a non-empty name, never `.` or `..`, never holding `/`, so it stays in the directory it is
/// written to; safe in a URL fragment and a path segment without further escaping.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, byte) in name.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' || (byte == b'.' && i > 0);
        if keep {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "~{byte:02x}");
        }
    }
    out
}

/// `url` when it is an absolute `http` or `https` URL, the only kinds a report links to: a `javascript:` or
/// `data:` URL in `corpus.toml` must not become a link that runs code.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let host_ok = url.split_once("//").is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    (scheme_ok && host_ok && !url.chars().any(|c| c.is_whitespace() || c.is_control())).then_some(url)
}

/// At most `max` characters of `text`, cut at a word when possible, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_ampersands_are_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("“Moscow’s” win — 3 < 4"), "“Moscow’s” win — 3 &lt; 4");
        let attribute = format!("<a title=\"{}\">", escape("\" onmouseover=\"alert(1)"));
        assert_eq!(attribute, "<a title=\"&quot; onmouseover=&quot;alert(1)\">");
    }

    #[test]
    fn controls_and_bidi_overrides_show_instead_of_acting() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("abc\u{202E}cba"), "abc\\u{202e}cba");
        assert_eq!(escape("\0"), "\\u{0}");
        assert_eq!(escape("line\r\nnext\ttab"), "line\r\nnext\ttab");
        assert_eq!(escape("C1 \u{85} and LRM \u{200E}"), "C1 \\u{85} and LRM \\u{200e}");
    }

    #[test]
    fn slugs_are_safe_and_never_collide() {
        assert_eq!(slug("000_fbb003d94346f9a6.txt"), "000_fbb003d94346f9a6.txt");
        assert_eq!(slug("alaska-summit::met"), "alaska-summit~3a~3amet");
        assert_eq!(slug("../etc/passwd"), "~2e.~2fetc~2fpasswd");
        assert_eq!(slug(".hidden"), "~2ehidden");
        assert_eq!(slug("é <x>"), "~c3~a9~20~3cx~3e");
        let names = ["a/b", "a~2fb", "a_2fb", "a.b", "a~b", "A/b"];
        let slugs: std::collections::HashSet<String> = names.iter().map(|name| slug(name)).collect();
        assert_eq!(slugs.len(), names.len());
        assert!(slugs.iter().all(|slug| !slug.contains('/') && !slug.starts_with('.')));
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(web_url("https://example.org/a?b=1"), Some("https://example.org/a?b=1"));
        assert_eq!(web_url(" HTTP://example.org "), Some("HTTP://example.org"));
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("data:text/html,<script>"), None);
        assert_eq!(web_url("https:///path"), None);
        assert_eq!(web_url("https://exa mple.org"), None);
        assert_eq!(web_url("//example.org"), None);
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short  text\n", 20), "short text");
        assert_eq!(excerpt("one two three four five", 12), "one two…");
        assert_eq!(excerpt("ééééé", 3), "ééé…");
    }
}

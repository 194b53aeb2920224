//! Where the language server finds the corpus and the assertions: the settings object, and file URIs.
//!
//! A client names the roots in its initialization options or in `workspace/didChangeConfiguration` settings,
//! either as `{ "factcheck": { "corpus": "...", "assertions": "..." } }` or, in initialization options, as
//! the inner object alone. A relative path is taken from the workspace folder; a root not given is `seeds` or
//! `assertions` there, as for the command line. Anything else in the object is ignored, and a value of the
//! wrong type is reported (in a log message) and ignored too: a typo in an editor's settings must not stop
//! the server.

use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use serde_json::Value;

use crate::cli::Roots;

/// The roots a client asked for; `None` for the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub corpus: Option<String>,
    pub assertions: Option<String>,
}

impl Settings {
    /// Reads the settings from a client's JSON: `{ "factcheck": {...} }` or the inner object. Returns the
    /// settings and a message for each value that was ignored.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let object = value.get("factcheck").unwrap_or(value);
        let mut settings = Settings::default();
        let mut ignored = Vec::new();
        for (key, slot) in [("corpus", &mut settings.corpus), ("assertions", &mut settings.assertions)] {
            match object.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::String(path)) if !path.trim().is_empty() => *slot = Some(path.clone()),
                Some(other) => ignored.push(format!(
                    "the setting factcheck.{key} must be a path (a string), found {other}; using the default"
                )),
            }
        }
        (settings, ignored)
    }

    /// The roots, relative paths taken from `folder`.
    pub fn roots(&self, folder: &Path) -> Roots {
        let resolve = |given: &Option<String>, default: &str| {
            let path = PathBuf::from(given.as_deref().unwrap_or(default));
            if path.is_absolute() { path } else { folder.join(path) }
        };
        Roots { corpus: resolve(&self.corpus, "seeds"), assertions: resolve(&self.assertions, "assertions") }
    }
}

/// The path of a `file:` URI; `None` for any other scheme.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///path` (empty host) or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    // `/C:/dir` on Windows is `C:/dir`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded.as_ref()))
}

/// What a path keeps percent-encoded in a URI: controls, space and the characters URIs reserve.
const PATH_ESCAPES: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    format!("file://{}", utf8_percent_encode(&text, PATH_ESCAPES))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn settings_nested_or_flat_relative_or_absolute() {
        let (nested, ignored) =
            Settings::from_json(&json!({"factcheck": {"corpus": "texts", "assertions": "/abs/claims"}}));
        assert!(ignored.is_empty());
        let roots = nested.roots(Path::new("/work/project"));
        assert_eq!(roots.corpus, Path::new("/work/project/texts"));
        assert_eq!(roots.assertions, Path::new("/abs/claims"));
        let (flat, _) = Settings::from_json(&json!({"corpus": "texts"}));
        assert_eq!(flat.corpus.as_deref(), Some("texts"));
        let defaults = Settings::default().roots(Path::new("/p"));
        assert_eq!((defaults.corpus, defaults.assertions), (PathBuf::from("/p/seeds"), PathBuf::from("/p/assertions")));
        let (wrong, ignored) = Settings::from_json(&json!({"factcheck": {"corpus": 3}}));
        assert_eq!(wrong, Settings::default());
        assert!(ignored[0].contains("factcheck.corpus must be a path"), "{ignored:?}");
        assert_eq!(Settings::from_json(&Value::Null).0, Settings::default());
    }

    #[test]
    fn uris_and_paths_round_trip_with_spaces_and_non_ascii() {
        let path = Path::new("/tmp/my claims/été #1.toml");
        let uri = path_to_uri(path);
        assert_eq!(uri, "file:///tmp/my%20claims/%C3%A9t%C3%A9%20%231.toml");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        assert_eq!(uri_to_path("file://localhost/a/b.toml").as_deref(), Some(Path::new("/a/b.toml")));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }
}

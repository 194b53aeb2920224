//! Finding and reading the files factcheck is pointed at, without ever leaving their root.
//!
//! Both roots (the corpus and the assertions) are walked the same way: recursively, in a stable order, by
//! extension, naming each file by its path relative to the root with `/` separators. A symlink is followed
//! only when its target stays inside the root: a pull request can add a symlink, and factcheck must never read
//! (and then print in a public CI log) a file outside the directories it was given.

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// A file found under a root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// The path relative to the root, `/`-separated: the file's name everywhere in factcheck.
    pub name: String,
    /// The path to open.
    pub path: PathBuf,
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Larger than the configured limit.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// Not UTF-8; `valid_up_to` is the byte offset of the first invalid byte.
    NotUtf8 {
        valid_up_to: usize,
        text_before: String,
    },
}

/// Every file below `root` whose name ends with one of `extensions` (without the dot), sorted by name.
///
/// Symlinks (to files or directories) are followed only when their canonical target is inside the canonical
/// root; others are skipped silently, as if absent. Directories and files whose names are not UTF-8 are skipped
/// too: they could not be named in an assertion.
pub fn walk(root: &Path, extensions: &[&str]) -> io::Result<Vec<FoundFile>> {
    let canonical_root = root.canonicalize()?;
    if !canonical_root.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotADirectory, format!("{} is not a directory", root.display())));
    }
    let mut found = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    let mut visited = vec![canonical_root.clone()];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let Ok(file_name) = entry.file_name().into_string() else { continue };
            let path = entry.path();
            let file_type = entry.file_type()?;
            let (is_dir, is_file) = if file_type.is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&canonical_root) => {
                        if target.is_dir() && visited.contains(&target) {
                            continue; // a symlink loop
                        }
                        if target.is_dir() {
                            visited.push(target.clone());
                        }
                        (target.is_dir(), target.is_file())
                    }
                    _ => continue,
                }
            } else {
                (file_type.is_dir(), file_type.is_file())
            };
            let name = format!("{prefix}{file_name}");
            if is_dir {
                pending.push((path, format!("{name}/")));
            } else if is_file
                && let Some((_, extension)) = file_name.rsplit_once('.')
                && extensions.contains(&extension)
            {
                found.push(FoundFile { name, path });
            }
        }
    }
    // Names are unique (one per path below the root): an unstable sort gives the one order, without a buffer.
    found.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Reads a file as UTF-8 text, refusing files larger than `limit` bytes before reading them whole.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    let bytes_on_disk = file.metadata().map_err(ReadError::Io)?.len();
    if bytes_on_disk > limit {
        return Err(ReadError::TooLarge { bytes: bytes_on_disk, limit });
    }
    let mut bytes = Vec::with_capacity(bytes_on_disk as usize);
    // `take` guards against a file that grows while it is read.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { bytes: bytes.len() as u64, limit });
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let text_before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
        ReadError::NotUtf8 { valid_up_to, text_before }
    })
}

/// Writes `contents` to `path` atomically: to a temporary file in the same directory, flushed to disk, then
/// renamed over `path`. A reader (or a crash) sees the old file or the new one, never half of one; on error the
/// old file is untouched and the temporary file is removed. The only way factcheck writes a user's file.
///
/// The temporary file is created new (`O_EXCL`): if something already has its name (a planted symlink), the
/// write fails and that file is neither followed nor removed. Renaming over a symlink replaces the link, not
/// its target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let temp = dir.join(format!(".{}.factcheck-{}.tmp", file_name.to_string_lossy(), std::process::id()));
    let mut created = false;
    let result = (|| {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        created = true;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() && created {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Why a source name written in an assertion can never name a file of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafePath {
    Empty,
    Absolute,
    ParentDirectory,
    Backslash,
    /// A control character (a line break, a terminal escape) or a bidirectional override.
    ControlCharacter,
    /// `./x`, `x//y` or a trailing `/`: not the canonical name of a source.
    NotCanonical,
    /// Starts with `::` or holds `##[`: printed in a CI log, the name would read as a GitHub Actions command.
    WorkflowCommand,
}

impl std::fmt::Display for UnsafePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UnsafePath::Empty => "the source name is empty",
            UnsafePath::Absolute => "an absolute path leaves the corpus root",
            UnsafePath::ParentDirectory => "`..` leaves the corpus root",
            UnsafePath::Backslash => "source names use `/` as the separator, not `\\`",
            UnsafePath::ControlCharacter => {
                "the source name holds a control character or a bidirectional override, which could act on a \
                 terminal or a CI log"
            }
            UnsafePath::NotCanonical => "`.`, empty segments and a trailing `/` are not part of a source name",
            UnsafePath::WorkflowCommand => {
                "a name that starts with `::` or holds `##[` would read as a GitHub Actions command in CI logs"
            }
        })
    }
}

/// Checks that `name` has the shape of a source name: relative, `/`-separated, inside the root. Whether the
/// file exists is the corpus's question; this rules out names that could escape the root on any platform, and
/// names that could not be printed safely: file names become test names, which start lines of `cargo test`'s
/// output in public CI logs. The walkers of both roots refuse files whose names fail this check.
pub fn check_relative_name(name: &str) -> Result<(), UnsafePath> {
    if name.is_empty() {
        return Err(UnsafePath::Empty);
    }
    if name.chars().any(crate::report::style::is_unsafe) {
        return Err(UnsafePath::ControlCharacter);
    }
    if name.trim_start().starts_with("::") || name.contains("##[") {
        return Err(UnsafePath::WorkflowCommand);
    }
    if name.contains('\\') {
        return Err(UnsafePath::Backslash);
    }
    let bytes = name.as_bytes();
    let drive_letter = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if name.starts_with('/') || drive_letter || Path::new(name).has_root() {
        return Err(UnsafePath::Absolute);
    }
    for segment in name.split('/') {
        match segment {
            ".." => return Err(UnsafePath::ParentDirectory),
            "" | "." => return Err(UnsafePath::NotCanonical),
            _ => {}
        }
    }
    debug_assert!(Path::new(name).components().all(|c| matches!(c, Component::Normal(_))));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_escape_are_refused() {
        assert_eq!(check_relative_name("000.txt"), Ok(()));
        assert_eq!(check_relative_name("europe/leaders.txt"), Ok(()));
        assert_eq!(check_relative_name("../secret.txt"), Err(UnsafePath::ParentDirectory));
        assert_eq!(check_relative_name("a/../../b.txt"), Err(UnsafePath::ParentDirectory));
        assert_eq!(check_relative_name("/etc/passwd"), Err(UnsafePath::Absolute));
        assert_eq!(check_relative_name("C:/Windows/win.ini"), Err(UnsafePath::Absolute));
        assert_eq!(check_relative_name("..\\secret.txt"), Err(UnsafePath::Backslash));
        assert_eq!(check_relative_name("./a.txt"), Err(UnsafePath::NotCanonical));
        assert_eq!(check_relative_name("a//b.txt"), Err(UnsafePath::NotCanonical));
        assert_eq!(check_relative_name(""), Err(UnsafePath::Empty));
        assert_eq!(check_relative_name("a\u{1b}[31m.txt"), Err(UnsafePath::ControlCharacter));
        assert_eq!(check_relative_name("a\n::error::x.txt"), Err(UnsafePath::ControlCharacter));
        assert_eq!(check_relative_name("txt.\u{202E}exe"), Err(UnsafePath::ControlCharacter));
        assert_eq!(check_relative_name("::error::x.toml"), Err(UnsafePath::WorkflowCommand));
        assert_eq!(check_relative_name(" ::warning::x.toml"), Err(UnsafePath::WorkflowCommand));
        assert_eq!(check_relative_name("a/##[error]x.toml"), Err(UnsafePath::WorkflowCommand));
        assert_eq!(check_relative_name("\\\\server\\share\\a.txt"), Err(UnsafePath::Backslash));
        assert_eq!(check_relative_name("C:\\Windows\\win.ini"), Err(UnsafePath::Backslash));
        assert_eq!(check_relative_name("c:win.ini"), Err(UnsafePath::Absolute));
        assert_eq!(check_relative_name("a/::b.txt"), Ok(()));
        assert_eq!(check_relative_name("“Très” bien #1 [draft].md"), Ok(()));
    }

    #[test]
    fn walk_names_files_relative_to_the_root_and_skips_escaping_symlinks() {
        let dir = std::env::temp_dir().join(format!("factcheck-walk-{}", std::process::id()));
        let root = dir.join("root");
        fs::create_dir_all(root.join("europe")).unwrap();
        fs::write(root.join("b.txt"), "b").unwrap();
        fs::write(root.join("europe/a.md"), "a").unwrap();
        fs::write(root.join("notes.json"), "{}").unwrap();
        fs::write(dir.join("outside.txt"), "secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("outside.txt"), root.join("leak.txt")).unwrap();
            std::os::unix::fs::symlink(root.join("b.txt"), root.join("alias.txt")).unwrap();
            std::os::unix::fs::symlink(&dir, root.join("up")).unwrap();
        }
        let names: Vec<String> = walk(&root, &["txt", "md"]).unwrap().into_iter().map(|f| f.name).collect();
        fs::remove_dir_all(&dir).unwrap();
        #[cfg(unix)]
        assert_eq!(names, ["alias.txt", "b.txt", "europe/a.md"]);
        #[cfg(not(unix))]
        assert_eq!(names, ["b.txt", "europe/a.md"]);
    }

    #[test]
    fn write_atomic_replaces_whole_files_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("factcheck-write-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("claims.toml");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new contents").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new contents");
        let missing_dir = dir.join("missing").join("x.toml");
        assert!(write_atomic(&missing_dir, b"x").is_err());
        let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(leftovers, ["claims.toml"]);
    }

    #[test]
    fn read_text_refuses_large_and_non_utf8_files() {
        let dir = std::env::temp_dir().join(format!("factcheck-read-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("big.txt"), "x".repeat(100)).unwrap();
        fs::write(dir.join("latin1.txt"), b"ok\ncaf\xe9").unwrap();
        let big = read_text(&dir.join("big.txt"), 10);
        let latin1 = read_text(&dir.join("latin1.txt"), 100);
        fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(big, Err(ReadError::TooLarge { bytes: 100, limit: 10 })));
        match latin1 {
            Err(ReadError::NotUtf8 { valid_up_to: 6, text_before }) => assert_eq!(text_before, "ok\ncaf"),
            other => panic!("{other:?}"),
        }
    }
}

//! `factcheck init`: a new, standalone fact-check repository in which `cargo test` passes at once.
//!
//! The repository's files are templates under `src/cli/init/`, built in with `include_str!`; only `Cargo.toml`
//! is filled in (the package name, and where factcheck comes from). Nothing is written unless all of it is:
//! the repository is built in a new directory next to DIR and renamed to DIR at the end, and removed on any
//! failure, so DIR is left as it was (absent, or empty).

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{EXIT_OK, EXIT_USAGE};
use crate::files::{self, ReadError};
use crate::report::style::printable;
use crate::schema::Schema;

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The directory of the new repository: created, or an existing empty directory.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Depend on the factcheck checkout at CHECKOUT (a path dependency, written as an absolute path).
    #[arg(long, value_name = "CHECKOUT", conflicts_with = "git")]
    pub path: Option<PathBuf>,
    /// Depend on factcheck from a git repository.
    #[arg(long, value_name = "URL")]
    pub git: Option<String>,
    /// The commit, tag or branch of `--git` to use.
    #[arg(long, value_name = "REV", requires = "git")]
    pub rev: Option<String>,
}

/// Where the new repository's factcheck comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// crates.io, at this version's requirement.
    Registry { version: String },
    /// A checkout on this machine, by its absolute path: the new repository is a repository of its own, which is
    /// moved or cloned apart from the checkout, so a path relative to it would break where an absolute one holds.
    Path(PathBuf),
    /// A git repository, optionally at a revision.
    Git { url: String, rev: Option<String> },
}

impl Source {
    /// The `[dev-dependencies]` line for factcheck.
    fn dependency(&self) -> String {
        let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
        match self {
            Source::Registry { version } => format!("factcheck = {}", quoted(version)),
            // `Source::Path` holds UTF-8 paths only (see `checkout`).
            Source::Path(path) => format!("factcheck = {{ path = {} }}", quoted(&path.to_string_lossy())),
            Source::Git { url, rev: None } => format!("factcheck = {{ git = {} }}", quoted(url)),
            Source::Git { url, rev: Some(rev) } => {
                format!("factcheck = {{ git = {}, rev = {} }}", quoted(url), quoted(rev))
            }
        }
    }
}

/// Why nothing was written.
#[derive(Debug)]
pub enum InitError {
    /// DIR exists and holds files.
    NotEmpty { dir: PathBuf, entry: String },
    /// DIR exists and is not a directory (or is a symbolic link).
    NotADirectory(PathBuf),
    /// `--path` names no factcheck checkout.
    NotACheckout { path: PathBuf, why: String },
    /// `--git ""`.
    EmptyUrl,
    /// A path that TOML cannot hold.
    NotUtf8(PathBuf),
    /// DIR, or a file in it, could not be written.
    Write { path: PathBuf, error: io::Error },
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |path: &Path| printable(&path.display().to_string()).into_owned();
        match self {
            InitError::NotEmpty { dir, entry } => write!(
                f,
                "{} is not empty (it holds {}); init writes a new repository: name a new or empty directory",
                shown(dir),
                printable(entry)
            ),
            InitError::NotADirectory(dir) => write!(
                f,
                "{} exists and is not a directory; name a new or empty directory for the repository",
                shown(dir)
            ),
            InitError::NotACheckout { path, why } => write!(
                f,
                "--path {} is not a factcheck checkout: {why}; give the directory holding factcheck's Cargo.toml \
                 (`git clone` it first), or use --git URL",
                shown(path)
            ),
            InitError::EmptyUrl => write!(f, "--git needs a URL, such as https://github.com/OWNER/factcheck"),
            InitError::NotUtf8(path) => {
                write!(f, "{} is not valid UTF-8, which Cargo.toml cannot hold; use another path", shown(path))
            }
            InitError::Write { path, error } => {
                write!(f, "cannot write {}: {error}; choose a directory you can write to", shown(path))
            }
        }
    }
}

impl std::error::Error for InitError {}

/// The new repository's files: path, contents. `Cargo.toml` is filled in by [`manifest`].
const FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("init/gitignore")),
    ("CONTRIBUTING.md", include_str!("init/CONTRIBUTING.md")),
    (".cargo/config.toml", include_str!("init/cargo-config.toml")),
    (".github/workflows/factcheck.yml", include_str!("init/factcheck.yml")),
    ("src/lib.rs", include_str!("init/lib.rs")),
    ("tests/factcheck.rs", include_str!("init/factcheck.rs")),
    ("examples/factcheck.rs", include_str!("init/cli.rs")),
    ("seeds/millbrook-ferry.txt", include_str!("init/article.txt")),
    ("seeds/corpus.toml", include_str!("init/corpus.toml")),
    ("assertions/millbrook-ferry.toml", include_str!("init/claims.toml")),
];

const MANIFEST: &str = include_str!("init/Cargo.toml");

/// Writes the repository; returns the exit status.
pub fn run(args: &InitArgs) -> u8 {
    let result = source(args).and_then(|source| init(&args.dir, &source));
    match result {
        Ok(()) => {
            let dir = printable(&args.dir.display().to_string()).into_owned();
            eprintln!("created a fact-check repository in {dir}");
            eprintln!("next: cd {dir} && cargo test    (`git init` it, and commit Cargo.lock after the first run)");
            if args.path.is_some() {
                eprintln!(
                    "note: Cargo.toml depends on a path on this machine; CI needs factcheck from git or crates.io \
                     (`factcheck init --git URL`)"
                );
            }
            EXIT_OK
        }
        Err(error) => {
            eprintln!("error: {error}; nothing was written");
            EXIT_USAGE
        }
    }
}

/// Where factcheck comes from, from the flags.
fn source(args: &InitArgs) -> Result<Source, InitError> {
    if let Some(path) = &args.path {
        return checkout(path).map(Source::Path);
    }
    if let Some(url) = &args.git {
        if url.trim().is_empty() {
            return Err(InitError::EmptyUrl);
        }
        return Ok(Source::Git { url: url.clone(), rev: args.rev.clone() });
    }
    Ok(Source::Registry { version: env!("CARGO_PKG_VERSION").to_owned() })
}

/// The absolute path of a factcheck checkout: a directory whose Cargo.toml names the package `factcheck`.
fn checkout(path: &Path) -> Result<PathBuf, InitError> {
    let not = |why: String| InitError::NotACheckout { path: path.to_path_buf(), why };
    let absolute = fs::canonicalize(path).map_err(|error| not(format!("cannot open it ({error})")))?;
    let manifest = absolute.join("Cargo.toml");
    let text = files::read_text(&manifest, 1 << 20).map_err(|error| {
        not(match error {
            ReadError::Io(error) if error.kind() == io::ErrorKind::NotFound => "it has no Cargo.toml".to_owned(),
            ReadError::Io(error) => format!("cannot read its Cargo.toml ({error})"),
            ReadError::TooLarge { .. } => "its Cargo.toml is larger than 1 MiB".to_owned(),
            ReadError::NotUtf8 { .. } => "its Cargo.toml is not UTF-8".to_owned(),
        })
    })?;
    let table: toml::Table = text.parse().map_err(|_| not("its Cargo.toml is not valid TOML".to_owned()))?;
    let name = table.get("package").and_then(|package| package.get("name")).and_then(toml::Value::as_str);
    match name {
        Some("factcheck") => {}
        Some(other) => return Err(not(format!("its Cargo.toml is the package `{}`", printable(other)))),
        None => return Err(not("its Cargo.toml has no [package] name".to_owned())),
    }
    if absolute.to_str().is_none() {
        return Err(InitError::NotUtf8(absolute));
    }
    Ok(absolute)
}

/// The package name for a repository in `dir`: its file name, as cargo accepts it.
pub fn package_name(dir: &Path) -> String {
    let raw = dir.file_name().map(|name| name.to_string_lossy().to_lowercase()).unwrap_or_default();
    let mut name = String::new();
    for c in raw.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' };
        if !(c == '-' && (name.is_empty() || name.ends_with('-'))) {
            name.push(c);
        }
    }
    let name = name.trim_end_matches('-');
    // A package cannot depend on one of its own name; the others are names cargo refuses.
    let reserved = ["factcheck", "test", "std", "core", "alloc", "proc_macro", "self", "crate", "super"];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        "factcheck-suite".to_owned()
    } else if reserved.contains(&name) {
        format!("{name}-suite")
    } else {
        name.to_owned()
    }
}

/// The new repository's `Cargo.toml`.
pub fn manifest(name: &str, source: &Source) -> String {
    MANIFEST.replace("{{name}}", name).replace("{{dependency}}", &source.dependency())
}

/// Every file of the new repository, by its path in it.
pub fn scaffold(name: &str, source: &Source) -> Vec<(String, String)> {
    let mut all = vec![("Cargo.toml".to_owned(), manifest(name, source))];
    all.extend(FILES.iter().map(|(path, text)| ((*path).to_owned(), (*text).to_owned())));
    all.extend(Schema::ALL.iter().map(|schema| (format!("schema/{}", schema.file_name()), schema.text().to_owned())));
    all
}

/// Writes the repository into `dir`, whole or not at all.
pub fn init(dir: &Path, source: &Source) -> Result<(), InitError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error| InitError::Write { path, error }
    };
    let existing = match fs::symlink_metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {
            let mut entries = fs::read_dir(dir).map_err(write_error(dir))?;
            if let Some(entry) = entries.next() {
                let entry = entry.map_err(write_error(dir))?;
                return Err(InitError::NotEmpty {
                    dir: dir.to_path_buf(),
                    entry: entry.file_name().to_string_lossy().into_owned(),
                });
            }
            true
        }
        Ok(_) => return Err(InitError::NotADirectory(dir.to_path_buf())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => false,
        Err(error) => return Err(write_error(dir)(error)),
    };
    // An absolute path, so that `init .` has a name and a parent.
    let dir = &if existing { fs::canonicalize(dir) } else { std::path::absolute(dir) }.map_err(write_error(dir))?;
    let name = package_name(dir);

    // An existing (empty) directory is kept, so that a shell in it stays there: the repository is built in a
    // hidden folder inside it and its entries moved up. A new one is built next to it and renamed into place;
    // its missing parents are created, and removed again on failure.
    let (staging, created_parents) = if existing {
        (dir.join(format!(".factcheck-init-{}.tmp", std::process::id())), Vec::new())
    } else {
        let parent = dir.parent().unwrap_or(dir);
        let created = create_parents(parent).map_err(write_error(parent))?;
        let file_name = dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        (parent.join(format!(".{file_name}.factcheck-init-{}.tmp", std::process::id())), created)
    };
    let mut moved = Vec::new();
    let result = fs::create_dir(&staging)
        .map_err(write_error(dir))
        .and_then(|()| write_all(&staging, &name, source))
        .and_then(|()| publish(&staging, dir, existing, &mut moved).map_err(write_error(dir)));
    if result.is_err() {
        // `staging` was created new by this process (create_dir fails on an existing path), and so were the
        // entries moved out of it, so all of it is ours; remove_dir_all does not follow symbolic links.
        let _ = fs::remove_dir_all(&staging);
        for entry in &moved {
            let _ = fs::remove_dir_all(entry).or_else(|_| fs::remove_file(entry));
        }
        remove_created(&created_parents);
    }
    result
}

/// Creates `dir` and its missing ancestors; returns those it created, outermost first. On failure, it removes
/// those it created.
fn create_parents(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && fs::symlink_metadata(ancestor).is_err())
        .map(Path::to_path_buf)
        .collect();
    let missing: Vec<PathBuf> = missing.into_iter().rev().collect();
    match fs::create_dir_all(dir) {
        Ok(()) => Ok(missing),
        Err(error) => {
            remove_created(&missing);
            Err(error)
        }
    }
}

/// Removes the (empty) folders `create_parents` made, innermost first.
fn remove_created(folders: &[PathBuf]) {
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(folder);
    }
}

fn write_all(staging: &Path, name: &str, source: &Source) -> Result<(), InitError> {
    for (path, text) in scaffold(name, source) {
        let target = staging.join(&path);
        if let Some(folder) = target.parent() {
            fs::create_dir_all(folder).map_err(|error| InitError::Write { path: folder.to_path_buf(), error })?;
        }
        files::write_atomic(&target, text.as_bytes()).map_err(|error| InitError::Write { path: target, error })?;
    }
    Ok(())
}

/// Puts the finished repository at `dir`: renames it there, or, into an `existing` empty directory, moves its
/// entries up one by one (recording each in `moved`) and removes the staging folder.
fn publish(staging: &Path, dir: &Path, existing: bool, moved: &mut Vec<PathBuf>) -> io::Result<()> {
    if !existing {
        return fs::rename(staging, dir);
    }
    for entry in fs::read_dir(staging)? {
        let entry = entry?;
        let target = dir.join(entry.file_name());
        // The directory was empty, and nothing but this process writes these names: refuse to replace anything
        // that appeared meanwhile.
        if fs::symlink_metadata(&target).is_ok() {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} appeared", target.display())));
        }
        fs::rename(entry.path(), &target)?;
        moved.push(target);
    }
    fs::remove_dir(staging)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, Schema};

    #[test]
    fn package_names_are_what_cargo_accepts() {
        assert_eq!(package_name(Path::new("/tmp/news")), "news");
        assert_eq!(package_name(Path::new("My Newsroom's Checks")), "my-newsroom-s-checks");
        assert_eq!(package_name(Path::new("factcheck")), "factcheck-suite");
        assert_eq!(package_name(Path::new("2025")), "factcheck-suite");
        assert_eq!(package_name(Path::new("--")), "factcheck-suite");
        assert_eq!(package_name(Path::new("test")), "test-suite");
    }

    #[test]
    fn the_dependency_line_is_toml_for_each_source() {
        let parse = |source: &Source| {
            let table: toml::Table = manifest("news", source).parse().expect("the manifest is TOML");
            table["dev-dependencies"]["factcheck"].clone()
        };
        let registry = parse(&Source::Registry { version: "0.1.0".into() });
        assert_eq!(registry.as_str(), Some("0.1.0"));
        let path = parse(&Source::Path(PathBuf::from("/src/fact \"check\"")));
        assert_eq!(path["path"].as_str(), Some("/src/fact \"check\""));
        let git = parse(&Source::Git { url: "https://example.org/f.git".into(), rev: Some("v1".into()) });
        assert_eq!((git["git"].as_str(), git["rev"].as_str()), (Some("https://example.org/f.git"), Some("v1")));
        let table: toml::Table = manifest("news", &Source::Registry { version: "1".into() }).parse().unwrap();
        assert_eq!(table["package"]["name"].as_str(), Some("news"));
        assert_eq!(table["test"][0]["harness"].as_bool(), Some(false));
        assert_eq!(table["profile"]["dev"]["package"]["*"]["opt-level"].as_integer(), Some(3));
    }

    /// The scaffold's CI gate runs every factcheck command this repository's gate runs, through `cargo
    /// factcheck` (its alias for the command line) instead of `cargo run --release --`.
    #[test]
    fn the_scaffold_workflow_runs_this_repositorys_gate() {
        let ours = include_str!("../../.github/workflows/factcheck.yml");
        let scaffold = include_str!("init/factcheck.yml");
        let prefix = "cargo run --locked --release -- ";
        let commands: Vec<&str> = ours
            .lines()
            .filter_map(|line| Some(line.split_once(prefix)?.1.split(" >>").next()?.split(" ||").next()?.trim()))
            .collect();
        assert!(commands.len() >= 3, "{commands:?}");
        for command in commands {
            assert!(
                scaffold.contains(&format!("cargo factcheck {command}")),
                "the scaffold's workflow lacks {command}"
            );
        }
        let alias = include_str!("init/cargo-config.toml");
        assert!(alias.contains(r#"factcheck = ["run", "--quiet", "--example", "factcheck", "--"]"#));
        assert!(scaffold.contains("cargo factcheck lint --deny-warnings --format github"));
        assert!(scaffold.contains("run: cargo test"));
    }

    #[test]
    fn the_example_files_point_at_their_schemas() {
        let files = scaffold("news", &Source::Registry { version: "0.1.0".into() });
        let first_line = |path: &str| {
            let (_, text) = files.iter().find(|(name, _)| name == path).expect("written");
            text.lines().next().unwrap_or_default().to_owned()
        };
        assert_eq!(first_line("assertions/millbrook-ferry.toml"), schema::directive(Schema::Assertions, 0));
        assert_eq!(first_line("seeds/corpus.toml"), schema::directive(Schema::Corpus, 0));
        for schema in Schema::ALL {
            assert!(files.iter().any(|(name, _)| *name == format!("schema/{}", schema.file_name())));
        }
    }
}

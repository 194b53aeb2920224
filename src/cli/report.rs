//! `factcheck report --html DIR`: the HTML report of a check, written into a directory of its own.
//!
//! The directory is created when it does not exist. One that exists is written into only when it is empty,
//! holds an earlier report (its [`MARKER`] file lists the files that report wrote), or `--force` is given:
//! a typo in DIR must not scatter pages over a source tree. Every file is written atomically, only below DIR;
//! files an earlier report wrote and this one does not (a source since removed) are deleted, and no others.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Args;

use super::session::{Selection, Session};
use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Roots, output};
use crate::evidence::ClaimReport;
use crate::files;
use crate::report::Summary;
use crate::report::html::{self, ClaimEntry, INDEX, MARKER, Page, SOURCES_DIR};

/// The first line of the marker file.
const MARKER_HEADER: &str = "factcheck HTML report";
/// The largest marker file read (a report of a very large corpus lists a few thousand pages).
const MARKER_MAX_BYTES: u64 = 4 << 20;

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Write the HTML report into DIR (created if needed): index.html and a page per source in sources/.
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// Write into DIR even when it holds other files and no earlier report (those files are left alone).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub selection: Selection,
    /// Threads to read the assertion files and check claims on (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub roots: Roots,
}

/// Why the report cannot be written where asked.
#[derive(Debug)]
pub enum OutputError {
    /// DIR exists and is not a directory.
    NotADirectory {
        dir: PathBuf,
    },
    /// DIR holds files and no earlier report.
    NotAReport {
        dir: PathBuf,
    },
    /// A path the report writes into is a symlink or a file where a directory belongs.
    NotARealDirectory {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::NotADirectory { dir } => write!(f, "{} exists and is not a directory", dir.display()),
            OutputError::NotAReport { dir } => write!(
                f,
                "{} holds files and no earlier factcheck report (no {MARKER} file); choose a new or empty \
                 directory, or pass --force to write into it anyway",
                dir.display()
            ),
            OutputError::NotARealDirectory { path } => write!(
                f,
                "{} is not a plain directory (a symlink or a file); the report writes only inside its directory",
                path.display()
            ),
            OutputError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |error| OutputError::Io { path: path.to_path_buf(), error }
}

/// Runs the check and writes the report; returns the exit status (that of `check`; 2 when DIR cannot be
/// written).
pub fn run(args: &ReportArgs) -> u8 {
    let Some(session) = Session::open(&args.roots, args.jobs) else { return EXIT_USAGE };
    let previous = match prepare(&args.html, args.force) {
        Ok(previous) => previous,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let checked = session.check(&args.selection, args.jobs, true);
    let entries: Vec<ClaimEntry<'_>> =
        checked.checked().map(|(claim, report)| ClaimEntry::new(claim, report, &session.corpus)).collect();
    // The tests of claims that could not be read: they have no claim to show beside its sources.
    let unreadable: Vec<&ClaimReport> = checked.tests.iter().filter(|report| report.could_not_be_read()).collect();
    let pages = html::render(&entries, &unreadable, &session.corpus, &args.roots.paths());
    if let Err(error) = write(&args.html, &pages, &previous) {
        eprintln!("error: {error}");
        return EXIT_USAGE;
    }

    let mut summary = Summary::default();
    checked.tests.iter().for_each(|report| summary.add(report));
    let said = output::print(&format!(
        "wrote the report ({} pages) to {}; open {}\n{} claims: {} passed; {} failed ({} could not be read); {} ignored\n",
        pages.len(),
        args.html.display(),
        args.html.join(INDEX).display(),
        checked.tests.len(),
        summary.passed,
        summary.failed,
        unreadable.len(),
        summary.ignored,
    ));
    if let Err(error) = said {
        eprintln!("error: cannot write to standard output: {error}");
    }
    if summary.success() { EXIT_OK } else { EXIT_FAILED }
}

/// Checks that the report may be written into `dir`, creating it if needed; returns the files an earlier
/// report there wrote.
pub fn prepare(dir: &Path, force: bool) -> Result<Vec<String>, OutputError> {
    match fs::metadata(dir) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
            return Ok(Vec::new());
        }
        Err(error) => return Err(OutputError::Io { path: dir.to_path_buf(), error }),
        Ok(metadata) if !metadata.is_dir() => return Err(OutputError::NotADirectory { dir: dir.to_path_buf() }),
        Ok(_) => {}
    }
    let marker = dir.join(MARKER);
    match files::read_text(&marker, MARKER_MAX_BYTES) {
        Ok(text) if text.lines().next() == Some(MARKER_HEADER) => {
            return Ok(text.lines().skip(1).filter(|line| is_report_file(line)).map(str::to_owned).collect());
        }
        Err(files::ReadError::Io(error)) if error.kind() != io::ErrorKind::NotFound => {
            return Err(OutputError::Io { path: marker, error });
        }
        _ => {}
    }
    let empty = fs::read_dir(dir).map_err(io_error(dir))?.next().is_none();
    if empty || force { Ok(Vec::new()) } else { Err(OutputError::NotAReport { dir: dir.to_path_buf() }) }
}

/// Whether a path listed in a marker file is one a report writes (`index.html`, `sources/<slug>.html`), so
/// that a marker file, whoever wrote it, can never make the report delete anything else.
fn is_report_file(path: &str) -> bool {
    if path == INDEX {
        return true;
    }
    path.strip_prefix(SOURCES_DIR).and_then(|rest| rest.strip_prefix('/')).is_some_and(|file| {
        file.len() > ".html".len()
            && file.ends_with(".html")
            && !file.starts_with('.')
            && file.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    })
}

fn marker_text<'p>(files: impl IntoIterator<Item = &'p str>) -> String {
    let mut text = format!(
        "{MARKER_HEADER}\n# Written by `factcheck report --html`, which overwrites the files listed below and \
         deletes those it no longer writes.\n"
    );
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// Writes the pages into `dir` (prepared by [`prepare`]), then deletes the files of `previous` it did not
/// write again.
pub fn write(dir: &Path, pages: &[Page], previous: &[String]) -> Result<(), OutputError> {
    let marker = dir.join(MARKER);
    let new: Vec<&str> = pages.iter().map(|page| page.path.as_str()).collect();
    let stale: Vec<&str> = previous.iter().map(String::as_str).filter(|file| !new.contains(file)).collect();
    // The marker first, listing old and new: an interrupted run leaves a directory the next run recognizes.
    let both = marker_text(new.iter().chain(&stale).copied());
    files::write_atomic(&marker, both.as_bytes()).map_err(io_error(&marker))?;
    let sources = dir.join(SOURCES_DIR);
    match fs::symlink_metadata(&sources) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            fs::create_dir(&sources).map_err(io_error(&sources))?
        }
        Err(error) => return Err(OutputError::Io { path: sources, error }),
        Ok(metadata) if !metadata.is_dir() => return Err(OutputError::NotARealDirectory { path: sources }),
        Ok(_) => {}
    }
    for page in pages {
        let path = dir.join(&page.path);
        files::write_atomic(&path, page.html.as_bytes()).map_err(io_error(&path))?;
    }
    for file in stale {
        let path = dir.join(file);
        match fs::remove_file(&path) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(OutputError::Io { path, error }),
            _ => {}
        }
    }
    files::write_atomic(&marker, marker_text(new).as_bytes()).map_err(io_error(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Page {
        Page { path: path.to_owned(), html: format!("<p>{path}</p>") }
    }

    #[test]
    fn a_new_directory_is_created_and_marked() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("out/report");
        let previous = prepare(&dir, false).unwrap();
        assert!(previous.is_empty());
        write(&dir, &[page("index.html"), page("sources/a.txt.html")], &previous).unwrap();
        assert_eq!(fs::read_to_string(dir.join("sources/a.txt.html")).unwrap(), "<p>sources/a.txt.html</p>");
        let listed = prepare(&dir, false).unwrap();
        assert_eq!(listed, ["index.html", "sources/a.txt.html"]);
    }

    #[test]
    fn a_directory_of_other_files_is_refused_unless_forced() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("notes.txt"), "mine").unwrap();
        let error = prepare(temp.path(), false).unwrap_err();
        assert!(matches!(error, OutputError::NotAReport { .. }), "{error}");
        assert!(error.to_string().contains("--force"), "{error}");
        assert!(prepare(temp.path(), true).unwrap().is_empty());
        let file = temp.path().join("notes.txt");
        assert!(matches!(prepare(&file, true), Err(OutputError::NotADirectory { .. })));
        // An empty directory is fine.
        let empty = tempfile::tempdir().unwrap();
        assert!(prepare(empty.path(), false).is_ok());
    }

    #[test]
    fn stale_pages_are_deleted_and_nothing_else() {
        let temp = tempfile::tempdir().unwrap();
        let dir = &temp.path().join("report");
        assert!(prepare(dir, false).unwrap().is_empty());
        write(dir, &[page("index.html"), page("sources/old.txt.html"), page("sources/kept.txt.html")], &[]).unwrap();
        fs::write(dir.join("sources/mine.html"), "not the report's").unwrap();
        fs::write(dir.join("README"), "mine").unwrap();
        // A marker that names files outside the report's own: they must survive.
        let forged = "factcheck HTML report\nindex.html\nsources/old.txt.html\nsources/kept.txt.html\n\
                      ../outside.html\nREADME\nsources/../README\nsources/.hidden.html\n/etc/passwd\n";
        fs::write(dir.join(MARKER), forged).unwrap();
        fs::write(temp.path().join("outside.html"), "x").unwrap();
        let previous = prepare(dir, false).unwrap();
        assert_eq!(previous, ["index.html", "sources/old.txt.html", "sources/kept.txt.html"]);
        write(dir, &[page("index.html"), page("sources/kept.txt.html")], &previous).unwrap();
        assert!(!dir.join("sources/old.txt.html").exists());
        assert!(dir.join("sources/kept.txt.html").exists());
        assert!(dir.join("sources/mine.html").exists() && dir.join("README").exists());
        assert!(temp.path().join("outside.html").exists());
        assert_eq!(prepare(dir, false).unwrap(), ["index.html", "sources/kept.txt.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_sources_directory_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), temp.path().join("sources")).unwrap();
        let error = write(temp.path(), &[page("index.html"), page("sources/a.txt.html")], &[]).unwrap_err();
        assert!(matches!(error, OutputError::NotARealDirectory { .. }), "{error}");
        assert!(fs::read_dir(elsewhere.path()).unwrap().next().is_none());
    }
}

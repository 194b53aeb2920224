//! The word index on disk: built once per state of the corpus, and read by every process that checks claims
//! one at a time.
//!
//! nextest runs each test in its own process, and so does `cargo test -- --exact NAME`. A claim that names no
//! source would make each such process read and normalize the whole corpus, to search it or to find the
//! closest passage: 100 trials, 100 readings of the corpus. Instead, the first process to need the word index
//! builds it (reading every source once), writes it to a file, and every later process reads from that file
//! only the counts and the positions of the words it looks up, then reads only the sources those positions
//! fall in. Beside the word index, the file keeps a filter per source ([`super::filters`]) that narrows terms,
//! patterns and quotes of common words, which the word index cannot; stored transposed, so that a key reads
//! a row of sources per probe rather than every filter.
//!
//! The file is trusted only for the corpus it was made from:
//!
//! - **Every source, by name, size, times and inode.** Each process lists the corpus (as it does anyway) and
//!   compares every source's metadata with what the file recorded when the source was read (as git's index
//!   does): any edit, addition, removal or rename makes the file stale, and it is rebuilt. A source modified
//!   within [`RACY`] of the build could have changed without its times moving (file times are coarse), so its
//!   content is hashed again and compared with the recorded hash.
//! - **The version and the limits.** A file written by another version of factcheck, or under another
//!   `max_source_bytes`, is rebuilt.
//! - **Its own bytes.** The header carries a checksum, and each word's positions their own, checked when they
//!   are read: a corrupt or truncated file is ignored, with a warning, and the search goes on without it.
//!
//! It is written atomically ([`files::write_atomic`]: a reader sees the old file or the new one), and built
//! under an exclusive lock on a file beside it, so that processes started together build it once: the others
//! wait, then read what the first wrote. Nothing here decides a result: a file that cannot be used only costs
//! the time of reading the corpus.

use std::collections::HashMap;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

use super::{BUCKET_BITS, Key, Positions, WordIndex, filters};
use crate::corpus::Corpus;
use crate::files;
use crate::parallel::for_each_index;

/// The first bytes of the file.
const MAGIC: &[u8; 16] = b"factcheck words\0";
/// The layout below; a file of another layout, or written by another version of factcheck, is rebuilt.
const FORMAT: u32 = 4;
/// How long after a source was last modified a build may have read it while it could still change without
/// its modification time moving (see the module documentation).
const RACY: Duration = Duration::from_secs(2);
/// The number of buckets of the word index.
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Why a file of the word index was not used (shown as a warning; a stale file is rebuilt silently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreWarning {
    /// The file is damaged: truncated, or its bytes do not match their checksum.
    Corrupt { path: PathBuf, what: String },
    /// Written by another version of factcheck.
    OtherVersion { path: PathBuf, version: String },
    /// The file or its lock could not be written or read.
    Io { path: PathBuf, error: String },
}

impl fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreWarning::Corrupt { path, what } => {
                write!(f, "ignoring the corpus index {}: it is corrupt ({what}); rebuilding it", path.display())
            }
            StoreWarning::OtherVersion { path, version } => write!(
                f,
                "ignoring the corpus index {}: it was written by factcheck {version}, this is {}; rebuilding it",
                path.display(),
                env!("CARGO_PKG_VERSION")
            ),
            StoreWarning::Io { path, error } => {
                write!(f, "the corpus index {} cannot be used: {error}; reading the corpus instead", path.display())
            }
        }
    }
}

/// A source's metadata, as compared to decide whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stamp {
    len: u64,
    /// Nanoseconds since the epoch (negative before it).
    modified: i64,
    /// The inode change time in nanoseconds, and the inode (0 where the platform has none).
    changed: i64,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (through a symlink, to its target, as the corpus reads it).
    fn of(path: &Path) -> io::Result<Stamp> {
        Stamp::from_metadata(&fs::metadata(path)?)
    }

    fn from_metadata(metadata: &fs::Metadata) -> io::Result<Stamp> {
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (metadata.ctime().saturating_mul(1_000_000_000).saturating_add(metadata.ctime_nsec()), metadata.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        Ok(Stamp { len: metadata.len(), modified: nanos(metadata.modified()?), changed, inode })
    }
}

fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |n| -n),
    }
}

/// Every source's stamp, in corpus order.
///
/// Each directory holding sources is opened once, and its sources are statted relative to it (one name to look
/// up rather than a whole path, which was most of a trial's system time at 16,000 sources), through a
/// symlink to its target, as the corpus reads it. A source that cannot be statted so is statted by its path.
fn stamps(corpus: &Corpus, threads: usize) -> Vec<io::Result<Stamp>> {
    let paths: Vec<&Path> = corpus.paths().collect();
    // Sources are grouped by the directory part of their names (`/`-separated, canonical: the path is the root
    // joined with the name), which is cheaper to hash than a `Path`'s components; each directory's path is
    // taken once, from its first source.
    let mut dirs: Vec<(&Path, Vec<(usize, &str)>)> = Vec::new();
    let mut slots: HashMap<&str, usize> = HashMap::new();
    for (id, (name, path)) in corpus.names().zip(&paths).enumerate() {
        let (dir_name, file_name) = name.rsplit_once('/').unwrap_or(("", name));
        let slot = *slots.entry(dir_name).or_insert_with(|| {
            dirs.push((path.parent().unwrap_or(Path::new(".")), Vec::new()));
            dirs.len() - 1
        });
        dirs[slot].1.push((id, file_name));
    }
    let stamped: Vec<OnceLock<io::Result<Stamp>>> = paths.iter().map(|_| OnceLock::new()).collect();
    for_each_index(dirs.len(), threads, |slot| {
        let (dir, files) = &dirs[slot];
        for ((id, _), stamp) in files.iter().zip(stamps_in(dir, files, &paths)) {
            let _ = stamped[*id].set(stamp.or_else(|_| Stamp::of(paths[*id])));
        }
    });
    stamped
        .into_iter()
        .map(|stamp| stamp.into_inner().unwrap_or_else(|| Err(io::Error::other("not statted"))))
        .collect()
}

/// The stamps of `files` (source id, file name), all in directory `dir`, statted by name relative to it.
#[cfg(unix)]
fn stamps_in(dir: &Path, files: &[(usize, &str)], _paths: &[&Path]) -> Vec<io::Result<Stamp>> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let opened = rustix::fs::open(dir, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty());
    files
        .iter()
        .map(|(_, name)| {
            let dir = opened.as_ref().map_err(|error| io::Error::from(*error))?;
            let stat = rustix::fs::statat(dir, *name, AtFlags::empty()).map_err(io::Error::from)?;
            // As std's `Metadata` gives them: seconds and nanoseconds since the epoch, as nanoseconds.
            // (Nanoseconds are below 10^9: they fit any integer type.)
            let nanos = |seconds: i64, nanos: i64| seconds.saturating_mul(1_000_000_000).saturating_add(nanos);
            Ok(Stamp {
                len: u64::try_from(stat.st_size).unwrap_or(0),
                modified: nanos(stat.st_mtime, i64::try_from(stat.st_mtime_nsec).unwrap_or(0)),
                changed: nanos(stat.st_ctime, i64::try_from(stat.st_ctime_nsec).unwrap_or(0)),
                inode: stat.st_ino,
            })
        })
        .collect()
}

/// The stamps of `files` (source id, file name), by their paths (`paths`, by source id).
#[cfg(not(unix))]
fn stamps_in(_dir: &Path, files: &[(usize, &str)], paths: &[&Path]) -> Vec<io::Result<Stamp>> {
    files.iter().map(|(id, _)| Stamp::of(paths[*id])).collect()
}

/// What the file records of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recorded {
    name: String,
    stamp: Stamp,
    /// [`content_hash`] of the file.
    hash: u64,
    readable: bool,
}

/// The positions of the word index, in the file: read bucket by bucket.
#[derive(Debug)]
pub(super) struct StoredPositions {
    path: PathBuf,
    file: Mutex<File>,
    counts: Vec<u32>,
    /// For bucket `b`, positions `offsets[b]..offsets[b + 1]` of the positions section.
    offsets: Vec<u32>,
    checksums: Vec<u64>,
    /// Where the positions section starts.
    start: u64,
    /// The first failure to read positions, if any: the search then goes on without the index.
    failed: Mutex<Option<StoreWarning>>,
}

impl StoredPositions {
    pub(super) fn count(&self, bucket: usize) -> u64 {
        u64::from(self.counts[bucket])
    }

    pub(super) fn stored(&self, bucket: usize) -> bool {
        self.offsets[bucket + 1] - self.offsets[bucket] == self.counts[bucket]
    }

    /// Appends the positions of `bucket`; `false` (and a warning kept) when they cannot be read intact.
    pub(super) fn extend(&self, bucket: usize, out: &mut Vec<u32>) -> bool {
        let (from, to) = (self.offsets[bucket] as u64, self.offsets[bucket + 1] as u64);
        let bytes = read_checked(&self.file, &self.path, self.start + from * 4, ((to - from) * 4) as usize, |bytes| {
            (xxh3_64(bytes) != self.checksums[bucket])
                .then(|| format!("the positions of bucket {bucket} do not match their checksum"))
        });
        match bytes {
            Ok(bytes) => {
                out.extend(bytes.chunks_exact(4).map(le_u32));
                true
            }
            Err(problem) => {
                keep_first(&self.failed, problem);
                false
            }
        }
    }

    pub(super) fn warning(&self) -> Option<StoreWarning> {
        self.failed.lock().ok().and_then(|failed| failed.clone())
    }
}

/// `len` bytes of `file` (at `path`) from `at`, unless they cannot be read or `damage` says what is wrong
/// with them.
fn read_checked(
    file: &Mutex<File>,
    path: &Path,
    at: u64,
    len: usize,
    damage: impl FnOnce(&[u8]) -> Option<String>,
) -> Result<Vec<u8>, StoreWarning> {
    let mut bytes = vec![0u8; len];
    let read = file.lock().map_err(|_| io::Error::other("a reader panicked")).and_then(|mut file| {
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(&mut bytes)
    });
    match read {
        Err(error) => Err(StoreWarning::Io { path: path.to_path_buf(), error: error.to_string() }),
        Ok(()) => match damage(&bytes) {
            Some(what) => Err(StoreWarning::Corrupt { path: path.to_path_buf(), what }),
            None => Ok(bytes),
        },
    }
}

/// Keeps the first failure to read the file (the one a warning names).
fn keep_first(failed: &Mutex<Option<StoreWarning>>, problem: StoreWarning) {
    if let Ok(mut failed) = failed.lock() {
        failed.get_or_insert(problem);
    }
}

/// The filters of the sources ([`filters`]), transposed: built in this process, or read from the file row by
/// row as keys need them.
#[derive(Debug)]
pub(crate) struct SourceFilters {
    layout: filters::Layout,
    rows: Rows,
    /// The rows read from the file so far, by class and bit (the keys of one claim share many).
    read: Mutex<HashMap<(usize, usize), Vec<u8>>>,
    failed: Mutex<Option<StoreWarning>>,
}

/// Where the transposed filters are.
#[derive(Debug)]
enum Rows {
    Memory(Vec<u8>),
    /// The file, and where the filters start in it.
    File {
        path: PathBuf,
        file: Mutex<File>,
        start: u64,
    },
}

impl SourceFilters {
    /// The filters of `sources`, built on `threads` threads.
    fn build(sources: &[Option<&crate::corpus::Source>], threads: usize) -> Option<SourceFilters> {
        let built: Vec<OnceLock<Vec<u8>>> = sources.iter().map(|_| OnceLock::new()).collect();
        for_each_index(sources.len(), threads, |id| {
            let _ = built[id].set(sources[id].map_or_else(Vec::new, |source| filters::build(source.text())));
        });
        let built: Vec<Vec<u8>> = built.into_iter().map(|filter| filter.into_inner().unwrap_or_default()).collect();
        let layout = filters::Layout::new(&built.iter().map(Vec::len).collect::<Vec<_>>())?;
        let rows = Rows::Memory(layout.transpose(&built, threads));
        Some(SourceFilters { layout, rows, read: Mutex::new(HashMap::new()), failed: Mutex::new(None) })
    }

    /// The ids of the sources, ascending, among `among` (or every source), that may hold one of `keys`;
    /// `None` when the filters cannot be read.
    pub(crate) fn any_of(&self, keys: &[Key], among: Option<&[u32]>) -> Option<Vec<u32>> {
        let alternatives: Vec<Vec<u64>> = keys.iter().map(|key| filters::probes(&key.literal, &key.words)).collect();
        let kept = filters::any_of(&self.layout, &alternatives, |class, bit| self.row(class, bit))?;
        Some(match among {
            Some(among) => super::intersect(&kept, among),
            None => kept,
        })
    }

    /// Row `bit` of class `class`, checksum first; `None` (and a warning kept) when it cannot be read intact.
    fn row(&self, class: usize, bit: usize) -> Option<Vec<u8>> {
        let range = self.layout.row(class, bit);
        let (path, file, start) = match &self.rows {
            Rows::Memory(bytes) => return bytes.get(range).map(<[u8]>::to_vec),
            Rows::File { path, file, start } => (path, file, start),
        };
        if let Some(row) = self.read.lock().ok()?.get(&(class, bit)) {
            return Some(row.clone());
        }
        let read = read_checked(file, path, start + range.start as u64, range.len(), |row| {
            (!filters::row_is_intact(row)).then(|| "the source filters do not match their checksums".to_owned())
        });
        let row = read.map_err(|problem| keep_first(&self.failed, problem)).ok()?;
        self.read.lock().ok()?.insert((class, bit), row.clone());
        Some(row)
    }

    pub(crate) fn warning(&self) -> Option<StoreWarning> {
        self.failed.lock().ok().and_then(|failed| failed.clone())
    }
}

/// Where the word index of the corpus at `root` is kept in `dir`: one file per corpus root.
pub(super) fn path_for(dir: &Path, root: &Path) -> PathBuf {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    dir.join(format!("{:016x}.words", xxh3_64(root.as_os_str().as_encoded_bytes())))
}

/// The word index of `corpus` from `path` when the file is fresh; otherwise `build` makes it (reading the
/// corpus), and it is written to `path` for the next process. Warnings say why a file was not used, or could
/// not be written.
pub(super) fn open_or_build(
    path: &Path,
    corpus: &Corpus,
    threads: usize,
    build: impl FnOnce() -> Option<WordIndex>,
) -> (Option<(WordIndex, SourceFilters)>, Vec<StoreWarning>) {
    let mut warnings = Vec::new();
    let io = |error: io::Error| StoreWarning::Io { path: path.to_path_buf(), error: error.to_string() };
    match open(path, corpus, threads) {
        Ok(Some(index)) => return (Some(index), warnings),
        Ok(None) => {}
        Err(warning) => warnings.push(warning),
    }
    // Build under the lock, so that processes started together build once; whoever waited reads the result.
    let lock = path.with_extension("lock");
    let locked = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock))
        .and_then(|file| file.lock().map(|()| file));
    let locked = match locked {
        Ok(file) => Some(file),
        Err(error) => {
            warnings.push(io(error));
            None
        }
    };
    if locked.is_some()
        && let Ok(Some(index)) = open(path, corpus, threads)
    {
        return (Some(index), warnings);
    }
    let started = SystemTime::now();
    // Stamps are taken before the sources are read: a source that changes during the build looks changed.
    let stamps = stamps(corpus, threads);
    let Some(index) = build() else { return (None, warnings) };
    let sources: Vec<Option<&crate::corpus::Source>> =
        corpus.names().map(|name| corpus.source(name).and_then(Result::ok)).collect();
    // Every filter `filters::build` makes has a layout: `None` is not expected, and costs only the index.
    let Some(filters) = SourceFilters::build(&sources, threads) else { return (None, warnings) };
    if let Some(bytes) = encode(&index, &filters, corpus, &stamps, started)
        && let Err(error) = files::write_atomic(path, &bytes)
    {
        warnings.push(io(error));
    }
    drop(locked);
    (Some((index, filters)), warnings)
}

/// The word index in `path`, if the file is there and fresh; `Ok(None)` when it is missing or stale (the
/// corpus changed), `Err` when it is unusable for another reason worth a warning.
fn open(path: &Path, corpus: &Corpus, threads: usize) -> Result<Option<(WordIndex, SourceFilters)>, StoreWarning> {
    let corrupt = |what: &str| StoreWarning::Corrupt { path: path.to_path_buf(), what: what.to_owned() };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(StoreWarning::Io { path: path.to_path_buf(), error: error.to_string() }),
    };
    let io = |error: io::Error| StoreWarning::Io { path: path.to_path_buf(), error: error.to_string() };
    let file_len = file.metadata().map_err(io)?.len();
    let mut header = Header { reader: io::BufReader::new(&file), bytes: Vec::new() };
    let eof = |_: io::Error| corrupt("it ends too early");
    if header.take(MAGIC.len()).map_err(eof)? != MAGIC {
        return Err(corrupt("it is not a factcheck corpus index"));
    }
    let format = le_u32(header.take(4).map_err(eof)?);
    let version_len = le_u32(header.take(4).map_err(eof)?) as usize;
    if version_len > 256 {
        return Err(corrupt("its version is too long"));
    }
    let version = String::from_utf8_lossy(header.take(version_len).map_err(eof)?).into_owned();
    if format != FORMAT || version != env!("CARGO_PKG_VERSION") {
        return Err(StoreWarning::OtherVersion { path: path.to_path_buf(), version });
    }
    let limit = le_u64(header.take(8).map_err(eof)?);
    let built = le_u64(header.take(8).map_err(eof)?) as i64;
    let count = le_u32(header.take(4).map_err(eof)?) as usize;
    // Each source takes at least 53 bytes: a count larger than the file allows is damage, not an allocation.
    if count as u64 > file_len / 53 {
        return Err(corrupt("it counts more sources than it holds"));
    }
    // The header holds about 80 bytes a source (name, stamp, hash, base, filter size) and 16 a bucket, read in
    // small pieces: room for them at once spares copying it as it grows. `count` is bounded by the file's size.
    header.bytes.reserve(count * 80 + BUCKETS * 16);
    let mut recorded = Vec::with_capacity(count);
    let mut bases = Vec::with_capacity(count);
    let mut filter_lengths = Vec::with_capacity(count);
    for _ in 0..count {
        let name_len = le_u32(header.take(4).map_err(eof)?) as usize;
        if name_len as u64 > file_len {
            return Err(corrupt("a source name is longer than the file"));
        }
        let name = String::from_utf8(header.take(name_len).map_err(eof)?.to_vec())
            .map_err(|_| corrupt("a source name is not UTF-8"))?;
        let fields = header.take(8 * 5 + 1 + 4 + 4).map_err(eof)?;
        let stamp = Stamp {
            len: le_u64(&fields[0..]),
            modified: le_u64(&fields[8..]) as i64,
            changed: le_u64(&fields[16..]) as i64,
            inode: le_u64(&fields[24..]),
        };
        let hash = le_u64(&fields[32..]);
        let readable = fields[40] & 1 != 0;
        let folding = fields[40] & 2 != 0;
        bases.push(le_u32(&fields[41..]));
        filter_lengths.push(le_u32(&fields[45..]) as usize);
        recorded.push((Recorded { name, stamp, hash, readable }, folding));
    }
    let counts = header.take(BUCKETS * 4).map_err(eof)?.chunks_exact(4).map(le_u32).collect::<Vec<u32>>();
    let offsets = header.take((BUCKETS + 1) * 4).map_err(eof)?.chunks_exact(4).map(le_u32).collect::<Vec<u32>>();
    let checksums = header.take(BUCKETS * 8).map_err(eof)?.chunks_exact(8).map(le_u64).collect::<Vec<u64>>();
    let expected = xxh3_64(&header.bytes);
    let header_len = header.bytes.len() as u64;
    let mut check = [0u8; 8];
    header.reader.read_exact(&mut check).map_err(|_| corrupt("it ends too early"))?;
    if u64::from_le_bytes(check) != expected {
        return Err(corrupt("its header does not match its checksum"));
    }
    let start = header_len + 8;
    let total = u64::from(offsets[BUCKETS]);
    let filters_start = start + total * 4;
    let layout =
        filters::Layout::new(&filter_lengths).ok_or_else(|| corrupt("its source filters have sizes no build makes"))?;
    if file_len != filters_start + layout.len() as u64
        || offsets.windows(2).any(|pair| pair[0] > pair[1])
        || bases.windows(2).any(|pair| pair[0] > pair[1])
    {
        return Err(corrupt("its sections do not add up"));
    }

    // Fresh only for the corpus it was made from.
    if limit != corpus.limits().max_source_bytes
        || count != corpus.names().len()
        || !recorded.iter().zip(corpus.names()).all(|((recorded, _), name)| recorded.name == name)
    {
        return Ok(None);
    }
    let racy_since = built.saturating_sub(i64::try_from(RACY.as_nanos()).unwrap_or(i64::MAX));
    let fresh =
        recorded.iter().zip(stamps(corpus, threads)).zip(corpus.paths()).all(|(((recorded, _), stamp), path)| {
            stamp.is_ok_and(|stamp| {
                stamp == recorded.stamp
                    && (stamp.modified < racy_since
                        || content_hash(path, limit).is_ok_and(|hash| hash == recorded.hash))
            })
        });
    if !fresh {
        return Ok(None);
    }
    drop(header);
    let ids = |want: fn(&(Recorded, bool)) -> bool| {
        recorded.iter().enumerate().filter(|(_, entry)| want(entry)).map(|(id, _)| id as u32).collect::<Vec<u32>>()
    };
    let filters = SourceFilters {
        layout,
        rows: Rows::File {
            path: path.to_path_buf(),
            file: Mutex::new(file.try_clone().map_err(io)?),
            start: filters_start,
        },
        read: Mutex::new(HashMap::new()),
        failed: Mutex::new(None),
    };
    let words = WordIndex {
        bases,
        case_folding: ids(|(_, folding)| *folding),
        unreadable: Some(ids(|(recorded, _)| !recorded.readable)),
        positions: Positions::Stored(StoredPositions {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            counts,
            offsets,
            checksums,
            start,
            failed: Mutex::new(None),
        }),
    };
    Ok(Some((words, filters)))
}

/// The header, read in order; the bytes read so far are what its checksum covers.
struct Header<R> {
    reader: R,
    bytes: Vec<u8>,
}

impl<R: Read> Header<R> {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        let at = self.bytes.len();
        self.bytes.resize(at + n, 0);
        self.reader.read_exact(&mut self.bytes[at..])?;
        Ok(&self.bytes[at..])
    }
}

/// The file for `index`, built from `corpus` with the sources' `stamps` taken before they were read; `None`
/// when a source's metadata could not be read (then nothing is written: the next process builds again).
fn encode(
    index: &WordIndex,
    filters: &SourceFilters,
    corpus: &Corpus,
    stamps: &[io::Result<Stamp>],
    started: SystemTime,
) -> Option<Vec<u8>> {
    let Positions::Memory(segments) = &index.positions else { return None };
    let Rows::Memory(filter_bytes) = &filters.rows else { return None };
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version);
    out.extend_from_slice(&corpus.limits().max_source_bytes.to_le_bytes());
    out.extend_from_slice(&nanos(started).to_le_bytes());
    out.extend_from_slice(&(stamps.len() as u32).to_le_bytes());
    for (id, ((name, path), stamp)) in corpus.names().zip(corpus.paths()).zip(stamps).enumerate() {
        let stamp = stamp.as_ref().ok()?;
        let source = corpus.source(name).and_then(Result::ok);
        let folding = index.case_folding.binary_search(&(id as u32)).is_ok();
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        for field in [stamp.len, stamp.modified as u64, stamp.changed as u64, stamp.inode] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        // A source that was read is its bytes; one that could not be is read again (as far as the limit).
        let hash = match source {
            Some(source) => xxh3_64(source.original().as_bytes()),
            None => content_hash(path, corpus.limits().max_source_bytes).unwrap_or(0),
        };
        out.extend_from_slice(&hash.to_le_bytes());
        out.push(u8::from(source.is_some()) | (u8::from(folding) << 1));
        out.extend_from_slice(&index.bases.get(id).copied().unwrap_or(0).to_le_bytes());
        let filter_len = *filters.layout.lengths().get(id)?;
        out.extend_from_slice(&u32::try_from(filter_len).ok()?.to_le_bytes());
    }
    // The segments merged: a bucket is stored when every segment stored it, its positions in segment order
    // (segments are runs of sources in corpus order, so they stay ascending).
    let mut offsets = vec![0u32; BUCKETS + 1];
    let mut checksums = vec![0u64; BUCKETS];
    let mut positions: Vec<u8> = Vec::new();
    let mut bucket_positions: Vec<u32> = Vec::new();
    for bucket in 0..BUCKETS {
        let count: u64 = segments.iter().map(|segment| u64::from(segment.counts[bucket])).sum();
        out.extend_from_slice(&u32::try_from(count).ok()?.to_le_bytes());
        let from = positions.len();
        if segments.iter().all(|segment| segment.stored(bucket)) {
            bucket_positions.clear();
            for segment in segments {
                segment.extend_positions(bucket, &mut bucket_positions);
            }
            for position in &bucket_positions {
                positions.extend_from_slice(&position.to_le_bytes());
            }
        }
        checksums[bucket] = xxh3_64(&positions[from..]);
        offsets[bucket + 1] = u32::try_from(positions.len() / 4).ok()?;
    }
    for offset in offsets {
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for checksum in checksums {
        out.extend_from_slice(&checksum.to_le_bytes());
    }
    let check = xxh3_64(&out);
    out.extend_from_slice(&check.to_le_bytes());
    out.extend_from_slice(&positions);
    out.extend_from_slice(filter_bytes);
    Some(out)
}

/// The xxh3 of a file's first `limit + 1` bytes: all of a source that can be read (a larger one cannot), and
/// enough of one that cannot to tell whether it changed.
fn content_hash(path: &Path, limit: u64) -> io::Result<u64> {
    let mut bytes = Vec::new();
    File::open(path)?.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(xxh3_64(&bytes))
}

// The two readers below take slices of at least 4 (8) bytes: every caller passes what `Header::take` read for
// the field, or a `chunks_exact` chunk.
fn le_u32(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

fn le_u64(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(eight)
}

//! The language server's latency, as an editor sees it: the time from a `didChange` to the `publishDiagnostics`
//! of that version, for an assertion file of 100 claims, on a large generated corpus with the index warm.
//!
//! ```text
//! cargo bench --bench lsp                                   # 100 MB, 10,000 claims on disk
//! cargo bench --bench lsp -- --size 10MB --claims 1000 --keystrokes 10
//! ```
//!
//! It drives the real binary (`factcheck lsp`, built by `cargo bench` with the release profile) over stdio, as
//! `tests/lsp.rs` does: the corpus is generated (`benches/support/generate.rs`, cached under
//! `$TMPDIR/factcheck-bench-lsp`), a file of 100 of its claims is written next to the others, and the server is
//! started on it. Then, after waiting until the index is warm:
//!
//! - **keystroke**: one claim's quote is changed (a word added, so that it fails and its closest passage is
//!   searched: the costly case), round-robin over the claims that have a quote; timed from writing the
//!   `didChange` to reading the diagnostics of that version, so the figure includes the 150 ms debounce;
//! - **open**: a second file of 100 claims never checked before is opened (no debounce on open): every one of
//!   its claims is checked.

#[path = "support/args.rs"]
mod args;
#[path = "support/generate.rs"]
mod generate;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::path::Path;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;

use lsp_client::{Client, uri};

/// The language server's latency from a keystroke to its diagnostics.
#[derive(Debug, Parser)]
#[command(name = "lsp", about)]
struct Options {
    /// Corpus size.
    #[arg(long, default_value = "100MB", value_parser = args::size)]
    size: u64,
    /// Claims generated on disk (the file being edited holds 100 of them).
    #[arg(long, default_value = "10000", value_parser = args::number)]
    claims: usize,
    /// Keystrokes timed.
    #[arg(long, default_value_t = 30)]
    keystrokes: usize,
    /// The seed of the generated corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// Claims per edited file.
const CLAIMS_PER_FILE: usize = 100;
/// How long any one answer may take: the first builds the index of a large corpus.
const TIMEOUT: Duration = Duration::from_secs(600);

fn main() {
    let options = Options::parse();
    let dir = std::env::temp_dir()
        .join("factcheck-bench-lsp")
        .join(format!("{}-{}-{}", options.size, options.claims, options.seed));
    let generated = if dir.join("assertions").is_dir() {
        eprintln!("using the corpus cached in {}", dir.display());
        generate::Generated { corpus: dir.join("corpus"), assertions: dir.join("assertions"), ..Default::default() }
    } else {
        eprintln!("generating {} bytes and {} claims in {} ...", options.size, options.claims, dir.display());
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        generate::generate(&generate::Spec::new(options.size, options.claims, options.seed), &seeds, &dir)
            .unwrap_or_else(|error| panic!("cannot generate the corpus: {error}"))
    };
    let claims = claim_blocks(&generated.assertions);
    assert!(claims.len() >= 2 * CLAIMS_PER_FILE, "need {} claims, found {}", 2 * CLAIMS_PER_FILE, claims.len());
    // The edited file is on disk (the index has its keys, as it has a suite's); the second is only opened.
    let edited: Vec<String> = claims[..CLAIMS_PER_FILE].to_vec();
    let fresh: Vec<String> =
        claims[claims.len() - CLAIMS_PER_FILE..].iter().map(|c| c.replace("id = \"claim-", "id = \"fresh-")).collect();
    let edited_path = generated.assertions.join("lsp-bench-edited.toml");
    std::fs::write(&edited_path, edited.concat()).unwrap();
    let bytes: u64 = walk_bytes(&generated.corpus);

    let started = Instant::now();
    let roots = json!({ "factcheck": { "corpus": generated.corpus, "assertions": generated.assertions } });
    let (mut server, _) = Client::start_with(
        json!({ "processId": null, "rootUri": uri(&dir), "capabilities": {}, "initializationOptions": roots }),
        TIMEOUT,
    );
    server.wait_for(|message| {
        message["method"] == "window/logMessage"
            && message["params"]["message"].as_str().is_some_and(|text| text.contains("corpus index ready"))
    });
    let index_ready = started.elapsed();
    let edited_uri = uri(&edited_path);
    let mut text = edited.concat();
    let open_started = Instant::now();
    server.open(&edited_uri, 1, &text);
    server.diagnostics(&edited_uri, Some(1));
    let first = open_started.elapsed();
    // A second pass, with every claim changed (new ids: the cache keys on what a claim says).
    let warm_started = Instant::now();
    let renamed = text.replace("id = \"claim-", "id = \"warm-");
    server.change(&edited_uri, 2, &renamed);
    server.diagnostics(&edited_uri, Some(2));
    let warm_pass = warm_started.elapsed();

    // Keystrokes: a word added to one quote at a time, and taken out again before the next, so that every
    // keystroke changes one claim of the file as the cache last saw it.
    let quotes: Vec<usize> = text.match_indices("\nquote = \"").map(|(at, found)| at + found.len()).collect();
    let mut version = 2;
    let mut keystrokes = Vec::new();
    for i in 0..options.keystrokes {
        let at = quotes[(i * 7) % quotes.len()];
        let word = format!("zq{i} ");
        text.insert_str(at, &word);
        version += 1;
        let sent = Instant::now();
        server.change(&edited_uri, version, &text);
        let diagnostics = server.diagnostics(&edited_uri, Some(version));
        keystrokes.push(sent.elapsed());
        if std::env::var_os("LSP_BENCH_SHOW_SLOW").is_some() && sent.elapsed() > Duration::from_millis(1000) {
            let line_end = text[at..].find('\n').map_or(text.len(), |end| at + end);
            let block_start = text[..at].rfind("[[claim]]").unwrap_or(0);
            eprintln!("slow keystroke {i}: {}", &text[block_start..line_end]);
        }
        assert!(!diagnostics.is_empty(), "a broken quote is reported");
        text.replace_range(at..at + word.len(), "");
    }

    let fresh_uri = uri(&generated.assertions.join("lsp-bench-fresh.toml"));
    let open_started = Instant::now();
    server.open(&fresh_uri, 1, &fresh.concat());
    server.diagnostics(&fresh_uri, Some(1));
    let open = open_started.elapsed();
    server.shutdown();

    let in_order: Vec<String> = keystrokes.iter().map(|d| format!("{:.0}", d.as_secs_f64() * 1000.0)).collect();
    keystrokes.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| keystrokes[((keystrokes.len() - 1) as f64 * q).round() as usize];
    println!(
        "corpus: {:.0} MB in {}, {} claims on disk",
        bytes as f64 / (1024.0 * 1024.0),
        generated.corpus.display(),
        claims.len()
    );
    println!(
        "index ready after start (list the corpus, read the assertions, read every source, build the index): {:.0} ms",
        ms(index_ready)
    );
    println!("first diagnostics of the file of 100 claims, after that: {:.0} ms", ms(first));
    println!(
        "100 changed claims, index warm (didChange to publishDiagnostics, debounce included): {:.0} ms",
        ms(warm_pass)
    );
    println!(
        "keystroke, one quote changed (didChange to publishDiagnostics, 150 ms debounce included), {} runs: median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        keystrokes.len(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(*keystrokes.last().unwrap())
    );
    println!("each keystroke, in order (ms): {}", in_order.join(" "));
    println!("open a file of 100 claims never checked (no debounce): {:.0} ms", ms(open));
}

/// The `[[claim]]` blocks of the generated assertion files, in path order.
fn claim_blocks(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml")
                && !path.file_name().unwrap().to_string_lossy().starts_with("lsp-bench")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut blocks = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for block in text.split("[[claim]]\n").skip(1) {
            blocks.push(format!("[[claim]]\n{block}"));
        }
    }
    blocks
}

fn walk_bytes(root: &Path) -> u64 {
    let mut total = 0;
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                total += entry.metadata().unwrap().len();
            }
        }
    }
    total
}

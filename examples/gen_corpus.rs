//! Writes a generated corpus and assertion set (see `benches/support/generate.rs`) for trying factcheck at scale:
//!
//! ```text
//! cargo run --release --example gen_corpus -- --size 100MB --claims 10000 --seed 1 --out /tmp/factcheck-100mb
//! factcheck check --corpus /tmp/factcheck-100mb/corpus --assertions /tmp/factcheck-100mb/assertions
//! ```
//!
//! or, with `--from DIR`, takes the `.txt` files of `DIR` as they are for the corpus and draws the claims from
//! them (real text, not generated):
//!
//! ```text
//! cargo run --release --example gen_corpus -- --from /work/shared/corpora/sotu --claims 2000 --out /tmp/sotu
//! ```

#[path = "../benches/support/generate.rs"]
mod generate;

#[path = "../benches/support/args.rs"]
mod args;

use std::path::{Path, PathBuf};

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;

/// Writes a generated corpus and assertion set, for trying factcheck at scale.
#[derive(Debug, Parser)]
#[command(name = "gen_corpus", about)]
struct Options {
    /// Corpus size, such as 10MB or 1GB.
    #[arg(long, default_value = "10MB", value_parser = args::size, conflicts_with = "from")]
    size: u64,
    /// Take the `.txt` files of this directory, unchanged, as the corpus (copied into OUT/corpus) and draw the
    /// claims from them, instead of generating articles.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Claims to write, such as 1000 or 10k.
    #[arg(long, default_value = "1000", value_parser = args::number)]
    claims: usize,
    /// The seed of every random choice: the same options write the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The directory to write `corpus/` and `assertions/` into.
    #[arg(long, default_value = "/tmp/factcheck-generated")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let Options { size, from, claims, seed, out } = Options::parse();
    let started = Instant::now();
    let written = match &from {
        Some(dir) => generate::generate_from(dir, claims, seed, &out),
        None => {
            let spec = generate::Spec::new(size, claims, seed);
            let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news/seeds");
            generate::generate(&spec, &seeds, &out)
        }
    };
    match written {
        Ok(generated) => {
            for missing in &generated.missing_text {
                eprintln!("note: {} is absent; generating from the seeds alone", missing.display());
            }
            println!(
                "wrote {} bytes in {} files and {} claims ({} items, {} broken, {} unscoped) to {} in {:.1}s",
                generated.bytes,
                generated.files,
                generated.claims,
                generated.items,
                generated.broken_items,
                generated.unscoped_items,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot generate into {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

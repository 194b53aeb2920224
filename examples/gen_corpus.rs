//! Writes a generated corpus and assertion set (see `benches/support/generate.rs`) for trying factcheck at scale:
//!
//! ```text
//! cargo run --release --example gen_corpus -- --size 100MB --claims 10000 --seed 1 --out /tmp/factcheck-100mb
//! factcheck check --corpus /tmp/factcheck-100mb/corpus --assertions /tmp/factcheck-100mb/assertions
//! ```

#[path = "../benches/support/generate.rs"]
mod generate;

#[path = "../benches/support/args.rs"]
mod args;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = args::Args::from_env();
    let size = args.size("--size", 10 << 20);
    let claims = args.number("--claims", 1_000);
    let seed = args.number("--seed", 1) as u64;
    let out = args.path("--out", PathBuf::from("/tmp/factcheck-generated"));
    if let Err(error) = args.finish() {
        eprintln!("error: {error}\nusage: gen_corpus [--size 100MB] [--claims 10000] [--seed 1] [--out DIR]");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let spec = generate::Spec::new(size, claims, seed);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    match generate::generate(&spec, &seeds, &out) {
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

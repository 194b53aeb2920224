//! `factcheck schema`: the JSON Schemas of assertion files and `corpus.toml`, printed or written to a directory.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

use super::{EXIT_FAILED, EXIT_OK, output};
use crate::files;
use crate::schema::Schema;

#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["kind", "write"])))]
pub struct SchemaArgs {
    /// The schema to print: assertions (assertion files) or corpus (corpus.toml).
    #[arg(value_enum)]
    pub kind: Option<Kind>,
    /// Write the schema (both, when none is named) into DIR as assertions.schema.json and corpus.schema.json,
    /// creating DIR if needed.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Assertion files (assertions/*.toml).
    Assertions,
    /// corpus.toml, in the corpus root.
    Corpus,
}

impl From<Kind> for Schema {
    fn from(kind: Kind) -> Schema {
        match kind {
            Kind::Assertions => Schema::Assertions,
            Kind::Corpus => Schema::Corpus,
        }
    }
}

/// Prints or writes the schemas; returns the exit status.
pub fn run(args: &SchemaArgs) -> u8 {
    let schemas: Vec<Schema> = match args.kind {
        Some(kind) => vec![kind.into()],
        None => Schema::ALL.to_vec(),
    };
    let Some(dir) = &args.write else {
        // `kind` is required without `--write`, so there is exactly one schema here.
        return match output::print(schemas[0].text()) {
            Ok(()) => EXIT_OK,
            Err(error) => {
                eprintln!("error: cannot write the schema: {error}");
                EXIT_FAILED
            }
        };
    };
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {error}", dir.display());
        return EXIT_FAILED;
    }
    for schema in schemas {
        let path = dir.join(schema.file_name());
        match files::write_atomic(&path, schema.text().as_bytes()) {
            Ok(()) => eprintln!("wrote {}", path.display()),
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", path.display());
                return EXIT_FAILED;
            }
        }
    }
    EXIT_OK
}

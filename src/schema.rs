//! JSON Schemas of the files people write by hand: assertion files and `corpus.toml`.
//!
//! The schemas are written by hand in the repository's `schema/` directory (draft-07, which taplo and Even
//! Better TOML read) and built into the binary, so that `factcheck schema` prints the ones that match it. An
//! editor finds a file's schema from a `#:schema` directive on its first line ([`directive`]) and then
//! completes keys, shows their descriptions and flags unknown keys as they are typed.
//!
//! A schema cannot say everything the loader checks (that a source exists, that a regex compiles, limits from
//! `corpus.toml`); `factcheck check` stays the judge. The tests below keep the two from drifting apart: the
//! schemas' keys and enums are the loader's, and the loader and the schema agree on a table of documents.

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Assertion files (`assertions/*.toml`).
    Assertions,
    /// `corpus.toml`, in the corpus root.
    Corpus,
}

impl Schema {
    pub const ALL: [Schema; 2] = [Schema::Assertions, Schema::Corpus];

    /// The file name, in `schema/` and as `--write` writes it.
    pub fn file_name(self) -> &'static str {
        match self {
            Schema::Assertions => "assertions.schema.json",
            Schema::Corpus => "corpus.schema.json",
        }
    }

    /// The schema, as JSON text.
    pub fn text(self) -> &'static str {
        match self {
            Schema::Assertions => include_str!("../schema/assertions.schema.json"),
            Schema::Corpus => include_str!("../schema/corpus.schema.json"),
        }
    }
}

/// The first line that points an editor at `schema` from a file `depth` directories below a root that sits
/// next to `schema/` (as `assertions/` and `seeds/` do in this repository): `#:schema ../schema/...` for a
/// file directly in the root.
pub fn directive(schema: Schema, depth: usize) -> String {
    format!("#:schema {}schema/{}", "../".repeat(depth + 1), schema.file_name())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::assertion::load::{self, CLAIM_KEYS, EVIDENCE_KEYS, MATCHER_KEYS};
    use crate::assertion::{Role, Status, Verdict};
    use crate::corpus::config::{
        self, ALIAS_KEYS, CLAIMREVIEW_KEYS, EXCLUDE_KEYS, LIMIT_KEYS, RIGOR_KEYS, SOURCE_KEYS,
        TOP_KEYS as CORPUS_TOP_KEYS,
    };
    use crate::files;
    use crate::limits::Limits;

    fn json(schema: Schema) -> Value {
        serde_json::from_str(schema.text()).unwrap_or_else(|error| panic!("{}: {error}", schema.file_name()))
    }

    fn validator(schema: Schema) -> jsonschema::Validator {
        jsonschema::draft7::new(&json(schema)).unwrap_or_else(|error| panic!("{}: {error}", schema.file_name()))
    }

    /// A TOML document as the JSON an editor validates: dates and times become strings, as taplo makes them.
    fn toml_to_json(value: toml::Value) -> Value {
        match value {
            toml::Value::String(text) => Value::String(text),
            toml::Value::Integer(number) => Value::from(number),
            toml::Value::Float(number) => Value::from(number),
            toml::Value::Boolean(flag) => Value::Bool(flag),
            toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
            toml::Value::Table(table) => {
                Value::Object(table.into_iter().map(|(key, value)| (key, toml_to_json(value))).collect())
            }
        }
    }

    fn document(text: &str) -> Value {
        toml_to_json(toml::Value::Table(toml::from_str(text).unwrap_or_else(|error| panic!("{error}\n{text}"))))
    }

    /// The schema's errors for a document, one line each.
    fn errors(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
        validator.iter_errors(document).map(|error| format!("{}: {error}", error.instance_path())).collect()
    }

    /// The keys a schema object declares under `properties`.
    fn keys(object: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> =
            object["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    fn sorted<'a>(list: &[&'a str]) -> Vec<&'a str> {
        let mut list = list.to_vec();
        list.sort_unstable();
        list
    }

    fn enum_of<'a>(object: &'a Value, key: &str) -> Vec<&'a str> {
        object["properties"][key]["enum"].as_array().expect("enum").iter().filter_map(Value::as_str).collect()
    }

    #[test]
    fn both_schemas_are_valid_draft_07() {
        for schema in Schema::ALL {
            let value = json(schema);
            assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
            assert!(jsonschema::meta::is_valid(&value), "{} is not a valid schema", schema.file_name());
            validator(schema);
        }
    }

    #[test]
    fn the_schemas_keys_and_names_are_the_loaders() {
        let assertions = json(Schema::Assertions);
        assert_eq!(keys(&assertions), sorted(load::TOP_KEYS));
        let claim = &assertions["definitions"]["claim"];
        let evidence = &assertions["definitions"]["evidence"];
        assert_eq!(keys(claim), sorted(CLAIM_KEYS));
        assert_eq!(keys(evidence), sorted(EVIDENCE_KEYS));
        assert_eq!(enum_of(claim, "verdict"), Verdict::NAMES);
        assert_eq!(enum_of(claim, "status"), Status::NAMES);
        assert_eq!(enum_of(evidence, "role"), Role::NAMES);
        let matchers: Vec<&str> = evidence["oneOf"]
            .as_array()
            .expect("oneOf")
            .iter()
            .filter_map(|branch| branch["required"][0].as_str())
            .collect();
        assert_eq!(matchers, MATCHER_KEYS);

        let corpus = json(Schema::Corpus);
        let definitions = &corpus["definitions"];
        assert_eq!(keys(&corpus), sorted(CORPUS_TOP_KEYS));
        assert_eq!(keys(&definitions["source"]), sorted(SOURCE_KEYS));
        assert_eq!(keys(&definitions["exclude"]), sorted(EXCLUDE_KEYS));
        assert_eq!(keys(&definitions["alias"]), sorted(ALIAS_KEYS));
        assert_eq!(keys(&definitions["limits"]), sorted(LIMIT_KEYS));
        assert_eq!(keys(&definitions["claimreview"]), sorted(CLAIMREVIEW_KEYS));
        assert_eq!(keys(&definitions["rigor"]), sorted(RIGOR_KEYS));
        let rigor_names = |items: &Value| -> Vec<String> {
            items["items"]["enum"]
                .as_array()
                .expect("enum")
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        };
        assert_eq!(rigor_names(&claim["properties"]["rigor"]), crate::rigor::Code::NAMES);
        assert_eq!(rigor_names(&definitions["rigor"]["properties"]["fail"]), crate::rigor::Code::NAMES);
    }

    /// The news fixture (tests/fixtures/news): real assertion files and a real `corpus.toml`, frozen for tests.
    const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/news");

    #[test]
    fn the_fixture_files_match_their_schemas() {
        let assertions = validator(Schema::Assertions);
        let root = Path::new(FIXTURE).join("assertions");
        let found = files::walk(&root, &["toml"]).expect("the fixture is readable");
        assert!(found.len() >= 5);
        for file in found {
            let text = std::fs::read_to_string(&file.path).expect("readable");
            let problems = errors(&assertions, &document(&text));
            assert!(problems.is_empty(), "{} does not match its schema:\n{}", file.name, problems.join("\n"));
        }
        let corpus_toml = Path::new(FIXTURE).join("seeds").join(config::FILE_NAME);
        let corpus = std::fs::read_to_string(corpus_toml).expect("readable");
        let problems = errors(&validator(Schema::Corpus), &document(&corpus));
        assert!(problems.is_empty(), "corpus.toml does not match its schema:\n{}", problems.join("\n"));
    }

    /// Documents on which the loader and the schema must agree: `(accepted, document)`.
    const ASSERTION_CASES: &[(bool, &str)] = &[
        (true, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\n"),
        (
            true,
            "[[claim]]\nid = 'a-1'\nclaim = 'A.'\nverdict = 'disputed'\nstatus = 'pending'\ntags = ['t']\nnote = 'n'\n\
             check_numbers = false\n[[claim.evidence]]\nsources = ['a.txt', 'b.txt']\npattern = 'x+'\nmin_sources = 2\n\
             role = 'supports'\nignore_case = true\n[[claim.evidence]]\nterms = ['x', 'y']\nrole = 'refutes'\n",
        ),
        (
            true,
            "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'unverifiable'\n[[claim.evidence]]\nquote = 'x'\nabsent = true\n",
        ),
        (
            true,
            "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'refuted'\n[[claim.evidence]]\nquote = 'x'\nrole = 'refutes'\n",
        ),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nqoute = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\npattern = 'y'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nsource = 'a.txt'\n"),
        (false, "[[claim]]\nid = 'Bad Id'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n"),
        (false, "[[claim]]\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'true'\n[[claim.evidence]]\nquote = 'x'\n"),
        (
            false,
            "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\nsource = 'a.txt'\nsources = ['b.txt']\n",
        ),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\nmin_sources = 0\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nterms = ['x']\nignore_case = true\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\nabsent = true\nmin_sources = 2\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'disputed'\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'unverifiable'\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\nrole = 'refutes'\n"),
        (
            false,
            "[[claim]]\nid = 'a'\nclaim = 'A.'\nverdict = 'refuted'\n[[claim.evidence]]\nquote = 'x'\nrole = 'supports'\n",
        ),
        (false, "[[claim]]\nid = 'a'\nclaim = '  '\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\ntags = 'x'\n[[claim.evidence]]\nquote = 'x'\n"),
        (false, "[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\nsources = []\n"),
        (false, "title = 'x'\n[[claim]]\nid = 'a'\nclaim = 'A.'\n[[claim.evidence]]\nquote = 'x'\n"),
    ];

    const CORPUS_CASES: &[(bool, &str)] = &[
        (true, ""),
        (
            true,
            "[sources.'a.txt']\ntitle = 't'\noutlet = 'o'\npublished = 2025-08-16\nurl = 'u'\nauthor = 'a'\nlanguage = 'en'\n\
             [[exclude]]\nreason = 'r'\nlines = '^See'\n[[exclude]]\nsources = ['a.txt']\nfrom = 'x'\nto = 'y'\n\
             [[alias]]\nnames = ['A', 'B']\n[limits]\nmax_terms = 3\n[claimreview]\nauthor = 'Desk'\n",
        ),
        (true, "[sources.'a.txt']\npublished = '2025-08-16'\n"),
        (false, "[sources.'a.txt']\ntitel = 't'\n"),
        (false, "[sources.'a.txt']\npublished = 'August 16'\n"),
        (false, "[[exclude]]\nreason = 'r'\n"),
        (false, "[[exclude]]\nlines = 'x'\nfrom = 'y'\n"),
        (false, "[[exclude]]\nlines = 'x'\nto = 'y'\n"),
        (false, "[[alias]]\nnames = ['one']\n"),
        (false, "[limits]\nmax_terms = 0\n"),
        (false, "[limits]\nmax_words = 3\n"),
        (false, "[source.'a.txt']\ntitle = 't'\n"),
    ];

    #[test]
    fn the_loader_and_the_schema_agree() {
        let assertions = validator(Schema::Assertions);
        for (accepted, text) in ASSERTION_CASES {
            let loaded = load::parse_file("t.toml", text, &Limits::default());
            let well_formed = loaded.as_ref().is_ok_and(|file| file.malformed.is_empty());
            assert_eq!(well_formed, *accepted, "the loader on:\n{text}\n{loaded:?}");
            let problems = errors(&assertions, &document(text));
            assert_eq!(problems.is_empty(), *accepted, "the schema on:\n{text}\n{problems:#?}");
        }
        let corpus = validator(Schema::Corpus);
        for (accepted, text) in CORPUS_CASES {
            let loaded = config::parse(text, &Limits::default());
            assert_eq!(loaded.is_ok(), *accepted, "the loader on:\n{text}\n{loaded:?}");
            let problems = errors(&corpus, &document(text));
            assert_eq!(problems.is_empty(), *accepted, "the schema on:\n{text}\n{problems:#?}");
        }
    }

    #[test]
    fn directives_climb_to_the_schema_directory() {
        assert_eq!(directive(Schema::Assertions, 0), "#:schema ../schema/assertions.schema.json");
        assert_eq!(directive(Schema::Corpus, 1), "#:schema ../../schema/corpus.schema.json");
    }
}

//! Any text as a source: its sentences are ordered, disjoint, trimmed and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = factcheck::fuzzing::check_sentences(&String::from_utf8_lossy(data)) {
        panic!("{violation}");
    }
});

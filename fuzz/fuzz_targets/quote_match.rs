//! A quote and a source (split at the first 0xFF byte): the finder agrees with a naive whole-word search.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (quote, source) = factcheck::fuzzing::split_quote_input(data);
    if let Err(violation) = factcheck::fuzzing::check_quote_match(&source, &quote) {
        panic!("{violation}");
    }
});

//! Any text as a source: the offset map leads back into the original, and normalization is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = factcheck::fuzzing::check_normalize(&String::from_utf8_lossy(data)) {
        panic!("{violation}");
    }
});

//! Any text as an assertion file: loading never panics, and every diagnostic is located inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = factcheck::fuzzing::check_assertion_load(&String::from_utf8_lossy(data)) {
        panic!("{violation}");
    }
});

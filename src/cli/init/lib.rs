//! This crate has no code: its tests are the claims in `assertions/` (see `tests/factcheck.rs`).

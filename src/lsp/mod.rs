//! `factcheck lsp`: a language server for assertion files, so that a contributor sees a misquote, and the
//! passage the corpus has instead, under the line as they type.
//!
//! - [`server`]: the protocol (JSON-RPC on stdio through `lsp-server`, `lsp-types`), documents, debouncing,
//!   positions in UTF-16;
//! - [`analysis`]: what is said about a document (diagnostics, hover, completion, code actions, definition),
//!   from the library's own loader, check, lint and find;
//! - [`document`]: where claims, items, keys and values are in a document's text, and what the cursor is in;
//! - [`workspace`]: the corpus, the assertion files and the index, kept loaded and warm between keystrokes;
//! - [`settings`]: the roots a client asks for, and file URIs.

pub mod analysis;
pub mod document;
pub mod server;
pub mod settings;
pub mod workspace;

pub use server::run_stdio;

//! The protocol side of `factcheck lsp`: JSON-RPC over stdio (through `lsp-server`), the open documents and
//! their versions, debouncing, and the conversion of [`super::analysis`]'s byte ranges into LSP positions
//! (UTF-16 code units).
//!
//! One thread runs the loop: a message is handled as it arrives; a document that changed is analysed once no
//! change to it has come for [`DEBOUNCE`], so that only its latest version is ever checked. Documents are
//! synchronized whole (`TextDocumentSyncKind::FULL`); a client that sends ranged changes anyway has them
//! applied. A change older than the version the server has is ignored, and said so in the log.
//!
//! Nothing a client sends stops the server: malformed parameters get an error response (or a log message, for
//! a notification), an unknown request `MethodNotFound`, and a handler that panics (a bug) an `InternalError`
//! while the loop goes on.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionParams, CompletionResponse, CompletionTextEdit,
    DiagnosticSeverity, DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverContents, HoverParams, HoverProviderCapability, Location, LogMessageParams, MarkupContent, MarkupKind,
    MessageType, NumberOrString, OneOf, Position, PublishDiagnosticsParams, Range, Registration, RegistrationParams,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri,
    WorkspaceEdit, notification, request,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::analysis::{self, Action, Analysis, CompletionKind, Note, Severity};
use super::settings::{Settings, path_to_uri, uri_to_path};
use super::workspace::{CONFIG_FILE, Workspace};
use crate::files;
use crate::location::{LineIndex, Utf16Position};

/// How long a document must go unchanged before it is analysed.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on standard input and output until the client says `exit`; the process's exit status
/// (0 after `shutdown` then `exit`, 1 otherwise, as the protocol asks).
pub fn run_stdio() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let status = match Server::initialize(&connection) {
        Ok(mut server) => server.run(),
        Err(error) => {
            eprintln!("factcheck lsp: {error}");
            1
        }
    };
    // The writer thread ends when the last sender is dropped.
    drop(connection);
    if let Err(error) = io_threads.join() {
        eprintln!("factcheck lsp: {error}");
    }
    status
}

/// An open document.
struct Document {
    uri: Uri,
    version: i32,
    text: String,
    /// When to analyse it; `None` when its diagnostics are up to date.
    due: Option<Instant>,
}

/// What a document is to factcheck.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// An assertion file, by its path relative to the assertions root.
    Assertions(String),
    /// The corpus's `corpus.toml`.
    Config,
    /// Anything else: left alone.
    Other,
}

struct Server<'c> {
    connection: &'c Connection,
    folder: PathBuf,
    settings: Settings,
    workspace: Workspace,
    /// The canonical roots, to recognize documents opened through another path to the same directory.
    canonical_roots: (Option<PathBuf>, Option<PathBuf>),
    documents: HashMap<String, Document>,
    /// Whether diagnostics were published for `corpus.toml` from disk (to clear them once it is fixed).
    config_published: bool,
    shutdown: bool,
    next_request: i32,
}

impl<'c> Server<'c> {
    /// Answers `initialize` with the server's capabilities, waits for `initialized`, and loads the workspace.
    fn initialize(connection: &'c Connection) -> Result<Server<'c>, String> {
        let (id, params) = connection.initialize_start().map_err(|error| error.to_string())?;
        // Read field by field rather than as a whole `InitializeParams`: one field a client writes in a way this
        // version of lsp-types does not expect must not cost the workspace folder or the settings.
        let folder = workspace_folder(&params).unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let (settings, ignored) = params.get("initializationOptions").map(Settings::from_json).unwrap_or_default();
        let capabilities = ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                ..TextDocumentSyncOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["\"".to_owned(), "[".to_owned(), ",".to_owned()]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        };
        let result = serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "factcheck", "version": env!("CARGO_PKG_VERSION") },
        });
        connection.initialize_finish(id, result).map_err(|error| error.to_string())?;
        let watch = params.pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
            == Some(&Value::Bool(true));
        let roots = settings.roots(&folder);
        let mut server = Server {
            connection,
            settings,
            workspace: Workspace::load(roots, &folder),
            folder,
            canonical_roots: (None, None),
            documents: HashMap::new(),
            config_published: false,
            shutdown: false,
            next_request: 0,
        };
        for message in ignored {
            server.log(MessageType::WARNING, message);
        }
        if watch {
            server.watch_files();
        }
        server.loaded();
        Ok(server)
    }

    /// The loop: until `exit`, or until the client goes away.
    fn run(&mut self) -> u8 {
        loop {
            let wait =
                self.next_due().map_or(Duration::from_secs(3600), |due| due.saturating_duration_since(Instant::now()));
            match self.connection.receiver.recv_timeout(wait) {
                Ok(Message::Request(request)) => self.on_request(request),
                Ok(Message::Notification(note)) if note.method == notification::Exit::METHOD => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Ok(Message::Notification(note)) => self.on_notification(note),
                Ok(Message::Response(_)) => {}
                Err(error) if error.is_timeout() => {}
                Err(_) => return 1,
            }
            self.analyse_due();
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.documents.values().filter_map(|document| document.due).min()
    }

    /// Sends a message; a client that has gone away ends the loop at the next receive.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl Serialize) {
        self.send(Notification::new(method.to_owned(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify(notification::LogMessage::METHOD, LogMessageParams { typ, message });
    }

    /// Asks the client to send `workspace/didChangeWatchedFiles` for sources, assertion files and corpus.toml.
    fn watch_files(&mut self) {
        self.next_request += 1;
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "factcheck-watched-files".to_owned(),
                method: notification::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: Some(serde_json::json!({
                    "watchers": [{ "globPattern": "**/*.{txt,md,toml}" }]
                })),
            }],
        };
        let id = RequestId::from(format!("factcheck-{}", self.next_request));
        self.send(Request::new(id, request::RegisterCapability::METHOD.to_owned(), params).into());
    }

    /// After the workspace is (re)loaded: warms its index on a thread of its own, reports what cannot be read,
    /// and analyses every open document again.
    fn loaded(&mut self) {
        // The index thread says when it is done, in the client's log (the sender is a channel: any thread).
        let sender = self.connection.sender.clone();
        self.workspace.warm_in_background(move |outcome| {
            let (typ, message) = match outcome {
                Ok(took) => {
                    (MessageType::INFO, format!("factcheck: corpus index ready in {:.1} s", took.as_secs_f64()))
                }
                Err(error) => (MessageType::WARNING, format!("factcheck: no corpus index: {error}")),
            };
            let params = LogMessageParams { typ, message };
            let _ = sender.send(Notification::new(notification::LogMessage::METHOD.to_owned(), params).into());
        });
        let roots = &self.workspace.roots;
        self.canonical_roots = (roots.corpus.canonicalize().ok(), roots.assertions.canonicalize().ok());
        if let Some(error) = self.workspace.corpus_error() {
            self.log(MessageType::ERROR, format!("factcheck: {error}"));
        }
        if let Some(error) = &self.workspace.assertions_error {
            self.log(MessageType::WARNING, format!("factcheck: {error}"));
        }
        self.log(
            MessageType::INFO,
            format!(
                "factcheck: corpus {}, assertions {}",
                self.workspace.roots.corpus.display(),
                self.workspace.roots.assertions.display()
            ),
        );
        self.publish_config_from_disk();
        let now = Instant::now();
        for document in self.documents.values_mut() {
            document.due = Some(now);
        }
    }

    /// `corpus.toml`'s errors as read from disk, unless the file is open (then its text is analysed).
    fn publish_config_from_disk(&mut self) {
        let path = self.workspace.roots.corpus.join(CONFIG_FILE);
        let uri_text = path_to_uri(&path);
        if self.documents.contains_key(&uri_text) {
            return;
        }
        let Ok(uri) = uri_text.parse::<Uri>() else { return };
        let errors = self.workspace.config_errors();
        if errors.is_empty() {
            if self.config_published {
                self.publish(&uri, "", Vec::new(), None);
                self.config_published = false;
            }
            return;
        }
        let limit = self.workspace.limits().max_assertion_file_bytes;
        let text = files::read_text(&path, limit).unwrap_or_default();
        let notes = analysis::located_notes(&text, errors);
        self.publish(&uri, &text, notes, None);
        self.config_published = true;
    }

    fn reload(&mut self) {
        self.workspace = Workspace::load(self.settings.roots(&self.folder), &self.folder);
        self.loaded();
    }

    /// Files changed on disk: when they are all assertion files, only those are read again (the corpus, its
    /// warm index and the reports of claims already checked are kept); otherwise everything is.
    fn files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let only_assertions = !params.changes.is_empty()
            && params.changes.iter().all(|change| matches!(self.kind(&change.uri), Kind::Assertions(_)));
        if !only_assertions {
            return self.reload();
        }
        self.workspace = self.workspace.with_assertions_reloaded();
        let now = Instant::now();
        for document in self.documents.values_mut() {
            document.due = Some(now);
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutdown {
            let response =
                Response::new_err(id, ErrorCode::InvalidRequest as i32, "the server is shutting down".into());
            return self.send(response.into());
        }
        let method = request.method.clone();
        let result = catch_unwind(AssertUnwindSafe(|| self.dispatch(request)));
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                self.log(MessageType::ERROR, format!("factcheck: internal error answering {method}; please report it"));
                Response::new_err(id, ErrorCode::InternalError as i32, format!("internal error answering {method}"))
            }
        };
        self.send(response.into());
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, (ErrorCode, String)> {
        match request.method.as_str() {
            request::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            request::HoverRequest::METHOD => {
                let params: HoverParams = params(request.params)?;
                let at = &params.text_document_position_params;
                let hover = self.with_assertions(&at.text_document.uri, |analysis, lines, text| {
                    analysis.hover(lines.offset_of_utf16(text, position(at.position)))
                });
                Ok(json(hover.flatten().map(|markdown| Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
                    range: None,
                })))
            }
            request::Completion::METHOD => {
                let params: CompletionParams = params(request.params)?;
                let at = &params.text_document_position;
                let items = self.with_assertions(&at.text_document.uri, |analysis, lines, text| {
                    let offset = lines.offset_of_utf16(text, position(at.position));
                    analysis
                        .completions(offset)
                        .into_iter()
                        .map(|completion| CompletionItem {
                            label: completion.label,
                            kind: Some(completion_kind(completion.kind)),
                            detail: completion.detail,
                            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                                range: range(lines, text, &completion.edit.range),
                                new_text: completion.edit.new_text,
                            })),
                            ..CompletionItem::default()
                        })
                        .collect::<Vec<_>>()
                });
                Ok(json(CompletionResponse::Array(items.unwrap_or_default())))
            }
            request::CodeActionRequest::METHOD => {
                let params: CodeActionParams = params(request.params)?;
                let uri = params.text_document.uri.clone();
                let actions = self.with_assertions(&uri, |analysis, lines, text| {
                    let start = lines.offset_of_utf16(text, position(params.range.start));
                    let end = lines.offset_of_utf16(text, position(params.range.end));
                    let actions = analysis.actions(start.min(end)..end.max(start));
                    actions.into_iter().map(|action| code_action(&uri, lines, text, action)).collect::<Vec<_>>()
                });
                Ok(json(actions.unwrap_or_default()))
            }
            request::GotoDefinition::METHOD => {
                let params: GotoDefinitionParams = params(request.params)?;
                let at = &params.text_document_position_params;
                let target = self.with_assertions(&at.text_document.uri, |analysis, lines, text| {
                    analysis.definition(lines.offset_of_utf16(text, position(at.position)))
                });
                let limit = self.workspace.limits().max_source_bytes;
                Ok(json(target.flatten().and_then(|(path, location)| {
                    // The match's column counts characters; the client wants UTF-16 units of that line.
                    let text = files::read_text(&path, limit).ok()?;
                    let lines = LineIndex::new(&text);
                    let start = lines.utf16_position(&text, lines.offset_of(&text, location));
                    let uri = path_to_uri(&path).parse::<Uri>().ok()?;
                    let at = Position { line: start.line, character: start.character };
                    Some(GotoDefinitionResponse::Scalar(Location { uri, range: Range { start: at, end: at } }))
                })))
            }
            method => Err((ErrorCode::MethodNotFound, format!("factcheck lsp does not handle {method}"))),
        }
    }

    /// Runs `work` on the analysis of an open assertion file; `None` for any other document.
    fn with_assertions<T>(&self, uri: &Uri, work: impl FnOnce(&Analysis<'_>, &LineIndex, &str) -> T) -> Option<T> {
        let document = self.documents.get(uri.as_str())?;
        let Kind::Assertions(name) = self.kind(uri) else { return None };
        let analysis = Analysis::new(&self.workspace, &name, &document.text);
        let lines = LineIndex::new(&document.text);
        Some(work(&analysis, &lines, &document.text))
    }

    fn on_notification(&mut self, note: Notification) {
        let method = note.method.clone();
        if catch_unwind(AssertUnwindSafe(|| self.handle_notification(note))).is_err() {
            self.log(MessageType::ERROR, format!("factcheck: internal error handling {method}; please report it"));
        }
    }

    fn handle_notification(&mut self, note: Notification) {
        let method = note.method.as_str();
        let result = match method {
            notification::DidOpenTextDocument::METHOD => {
                params(note.params).map(|params: DidOpenTextDocumentParams| {
                    let document = params.text_document;
                    self.documents.insert(
                        document.uri.as_str().to_owned(),
                        Document {
                            uri: document.uri,
                            version: document.version,
                            text: document.text,
                            due: Some(Instant::now()),
                        },
                    );
                })
            }
            notification::DidChangeTextDocument::METHOD => {
                params(note.params).map(|params: DidChangeTextDocumentParams| self.changed(params))
            }
            notification::DidCloseTextDocument::METHOD => {
                params(note.params).map(|params: DidCloseTextDocumentParams| {
                    if let Some(document) = self.documents.remove(params.text_document.uri.as_str()) {
                        self.publish(&document.uri, "", Vec::new(), None);
                    }
                    self.publish_config_from_disk();
                })
            }
            notification::DidChangeWatchedFiles::METHOD => {
                params(note.params).map(|params: DidChangeWatchedFilesParams| self.files_changed(params))
            }
            notification::DidChangeConfiguration::METHOD => {
                params(note.params).map(|params: DidChangeConfigurationParams| {
                    let (settings, ignored) = Settings::from_json(&params.settings);
                    for message in ignored {
                        self.log(MessageType::WARNING, message);
                    }
                    if settings != self.settings {
                        self.settings = settings;
                        self.reload();
                    }
                })
            }
            _ => Ok(()),
        };
        if let Err((_, message)) = result {
            self.log(MessageType::WARNING, format!("factcheck: ignored {method}: {message}"));
        }
    }

    /// Applies a change, unless it is older than the text the server has.
    fn changed(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.as_str().to_owned();
        let version = params.text_document.version;
        let Some(document) = self.documents.get_mut(&uri) else {
            return self.log(MessageType::WARNING, format!("factcheck: ignored a change to {uri}, which is not open"));
        };
        if version <= document.version {
            let message = format!(
                "factcheck: ignored version {version} of {uri}, which is not newer than version {}",
                document.version
            );
            return self.log(MessageType::WARNING, message);
        }
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let lines = LineIndex::new(&document.text);
                    let start = lines.offset_of_utf16(&document.text, position(range.start));
                    let end = lines.offset_of_utf16(&document.text, position(range.end)).max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
        }
        document.version = version;
        document.due = Some(Instant::now() + DEBOUNCE);
    }

    /// Analyses every document whose time has come, and publishes its diagnostics.
    fn analyse_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, document)| document.due.is_some_and(|due| due <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            let Some(document) = self.documents.get_mut(&uri) else { continue };
            document.due = None;
            let document = &self.documents[&uri];
            let kind = self.kind(&document.uri);
            let analysed = catch_unwind(AssertUnwindSafe(|| match &kind {
                Kind::Assertions(name) => Some(Analysis::new(&self.workspace, name, &document.text).notes()),
                Kind::Config => Some(analysis::config_notes(&document.text)),
                Kind::Other => None,
            }));
            match analysed {
                Ok(Some(notes)) => self.publish(&document.uri, &document.text, notes, Some(document.version)),
                Ok(None) => {}
                Err(_) => {
                    self.log(MessageType::ERROR, format!("factcheck: internal error analysing {uri}; please report it"))
                }
            }
        }
    }

    fn publish(&self, uri: &Uri, text: &str, notes: Vec<Note>, version: Option<i32>) {
        let lines = LineIndex::new(text);
        let diagnostics = notes
            .into_iter()
            .map(|note| lsp_types::Diagnostic {
                range: range(&lines, text, &note.range),
                severity: Some(match note.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: note.code.map(NumberOrString::String),
                source: Some("factcheck".to_owned()),
                message: note.message,
                ..lsp_types::Diagnostic::default()
            })
            .collect();
        let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version };
        self.notify(notification::PublishDiagnostics::METHOD, params);
    }

    /// Whether a document is an assertion file, `corpus.toml`, or neither.
    fn kind(&self, uri: &Uri) -> Kind {
        let Some(path) = uri_to_path(uri.as_str()) else { return Kind::Other };
        let roots = &self.workspace.roots;
        let canonical = path.canonicalize().ok();
        let within = |root: &Path, canonical_root: &Option<PathBuf>| {
            path.strip_prefix(root).ok().map(Path::to_path_buf).or_else(|| {
                let (Some(canonical), Some(root)) = (&canonical, canonical_root) else { return None };
                canonical.strip_prefix(root).ok().map(Path::to_path_buf)
            })
        };
        if let Some(relative) = within(&roots.corpus, &self.canonical_roots.0)
            && relative == Path::new(CONFIG_FILE)
        {
            return Kind::Config;
        }
        match within(&roots.assertions, &self.canonical_roots.1) {
            Some(relative) if relative.extension().is_some_and(|extension| extension == "toml") => {
                let parts: Vec<String> =
                    relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
                Kind::Assertions(parts.join("/"))
            }
            _ => Kind::Other,
        }
    }
}

/// The workspace folder: the first of `workspaceFolders`, or the deprecated `rootUri`.
fn workspace_folder(params: &Value) -> Option<PathBuf> {
    let uri = params.pointer("/workspaceFolders/0/uri").or_else(|| params.get("rootUri"))?;
    uri_to_path(uri.as_str()?)
}

fn params<P: DeserializeOwned>(value: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|error| (ErrorCode::InvalidParams, format!("invalid parameters: {error}")))
}

fn json(value: impl Serialize) -> Value {
    // The lsp-types values serialize without fail (no maps with non-string keys, no non-finite floats).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn position(position: Position) -> Utf16Position {
    Utf16Position { line: position.line, character: position.character }
}

fn range(lines: &LineIndex, text: &str, bytes: &std::ops::Range<usize>) -> Range {
    let point = |offset| {
        let at = lines.utf16_position(text, offset);
        Position { line: at.line, character: at.character }
    };
    Range { start: point(bytes.start), end: point(bytes.end) }
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Key => CompletionItemKind::PROPERTY,
        CompletionKind::Header => CompletionItemKind::MODULE,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Source => CompletionItemKind::FILE,
        CompletionKind::Tag => CompletionItemKind::VALUE,
    }
}

fn code_action(uri: &Uri, lines: &LineIndex, text: &str, action: Action) -> CodeActionOrCommand {
    let edits = action
        .edits
        .into_iter()
        .map(|edit| TextEdit { range: range(lines, text, &edit.range), new_text: edit.new_text })
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title: action.title,
        kind: Some(if action.quick_fix { CodeActionKind::QUICKFIX } else { CodeActionKind::REFACTOR }),
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }),
        is_preferred: Some(action.quick_fix),
        ..CodeAction::default()
    })
}

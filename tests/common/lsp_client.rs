//! A language client for `factcheck lsp`, as an editor is one: the real binary over stdio, JSON-RPC messages
//! framed with `Content-Length` headers. Every read has a timeout, so that a server that stops answering fails
//! the test (or the benchmark) instead of hanging it. Used by `tests/lsp.rs` and `benches/lsp.rs`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer may take (a debug build, on a loaded machine).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client: the server's process, and the messages it has sent that no one has read yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
    /// How long any one answer may take.
    timeout: Duration,
}

impl Client {
    /// Starts `factcheck lsp` (in another directory than the workspace, so that the roots must come from the
    /// workspace folder) and completes the handshake; returns the client and the `initialize` result.
    pub fn start(folder: &Path, options: Value) -> (Client, Value) {
        let params = json!({
            "processId": null,
            "rootUri": uri(folder),
            "workspaceFolders": [{ "uri": uri(folder), "name": "fixture" }],
            "capabilities": {},
            "initializationOptions": options,
        });
        Client::start_with(params, TIMEOUT)
    }

    /// [`Client::start`] with the `initialize` parameters given, and how long any one answer may take.
    pub fn start_with(params: Value, timeout: Duration) -> (Client, Value) {
        let elsewhere = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .arg("lsp")
            .current_dir(elsewhere.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client { child, stdin, incoming, unread: Vec::new(), next_id: 0, timeout };
        let result = client.request("initialize", params);
        client.notify("initialized", json!({}));
        (client, result)
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response: the `result`, or the `error` object.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response = self.wait_for(|message| message["id"] == id && message.get("method").is_none());
        match response.get("error") {
            Some(error) => json!({ "error": error }),
            None => response["result"].clone(),
        }
    }

    /// The first message, read or unread, that `wanted` accepts; it is taken out of the unread ones.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.unread.iter().position(&wanted) {
            return self.unread.remove(at);
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no such message within {:?}; unread: {:#?}", self.timeout, self.unread));
            if wanted(&message) {
                return message;
            }
            self.unread.push(message);
        }
    }

    /// The messages the server sent that no wait has taken yet.
    pub fn unread(&self) -> &[Value] {
        &self.unread
    }

    /// The next diagnostics published for `uri` (for `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && version.is_none_or(|version| message["params"]["version"] == version)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The next log message that contains `text`.
    pub fn log_containing(&mut self, text: &str) -> String {
        let message = self.wait_for(|message| {
            message["method"] == "window/logMessage" && message["params"]["message"].as_str().unwrap().contains(text)
        });
        message["params"]["message"].as_str().unwrap().to_owned()
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        let document = json!({ "uri": uri, "languageId": "toml", "version": version, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// `textDocument/<method>` at a position.
    pub fn at(&mut self, method: &str, uri: &str, (line, character): (usize, usize)) -> Value {
        let params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        self.request(&format!("textDocument/{method}"), params)
    }

    /// `shutdown` then `exit`; the server's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait()
    }

    pub fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A test that failed leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

pub fn uri(path: &Path) -> String {
    let text = path.to_str().unwrap();
    format!("file://{}", text.replace(' ', "%20"))
}

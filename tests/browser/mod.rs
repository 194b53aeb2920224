//! A small Chrome DevTools Protocol client for the browser tests: launches headless Chromium, opens pages,
//! evaluates scripts in them, presses keys and takes screenshots, and records what went wrong on each page
//! (uncaught errors, console errors, Content Security Policy violations, requests that are not `file://`).
//!
//! Chromium is Debian's (`/usr/bin/chromium`, which `.ci/run` installs), or the one `FACTCHECK_CHROMIUM`
//! names. It listens on a port it chooses (`--remote-debugging-port=0`) and writes it to its profile; the
//! client speaks the protocol over a WebSocket, one command at a time.

use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long Chromium may take to start, and to answer one command.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Installed before any script of every page: records what the page itself cannot report.
const PAGE_PROBE: &str = r#"
window.__factcheckProblems = [];
window.addEventListener("error", (event) => window.__factcheckProblems.push(`error: ${event.message}`));
document.addEventListener("securitypolicyviolation", (event) =>
  window.__factcheckProblems.push(`CSP blocked ${event.blockedURI || "inline code"} (${event.violatedDirective})`));
"#;

/// The Chromium to test with, if one is installed.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FACTCHECK_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]).collect();
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Says, past libtest's output capture and impossible to miss, that a test did not run.
pub fn skip_loudly(test: &str, why: &str) {
    let line = "!".repeat(100);
    let _ = writeln!(
        std::io::stderr(),
        "\n{line}\nSKIPPED {test}: {why}.\nInstall Chromium (`apt-get install -y chromium`, as .ci/run does) or set \
         FACTCHECK_CHROMIUM to a Chromium binary; the HTML report is NOT tested in a browser.\n{line}\n"
    );
}

/// A running headless Chromium and the pages opened in it.
pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events not yet looked at, for [`Browser::wait_for`].
    events: VecDeque<Value>,
    /// By page session: problems reported through the protocol, and every URL requested.
    problems: HashMap<String, Vec<String>>,
    requests: HashMap<String, Vec<String>>,
    _profile: tempfile::TempDir,
}

/// A page (a tab) of the browser, by its protocol session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    session: String,
}

impl Browser {
    /// Starts `chromium` headless with a new, empty profile and connects to it.
    pub fn launch(chromium: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let log = std::fs::File::create(profile.path().join("chromium.log")).map_err(|e| e.to_string())?;
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && let Some((port, path)) = text.split_once('\n')
                && !path.trim().is_empty()
            {
                break (port.trim().to_owned(), path.trim().to_owned());
            }
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(profile.path().join("chromium.log")).unwrap_or_default();
                return Err(format!("Chromium exited at start ({status}):\n{log}"));
            }
            if started.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("Chromium did not open its DevTools port within {TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(25));
        };
        let connect = || -> Result<WebSocket<TcpStream>, String> {
            let stream = TcpStream::connect(format!("127.0.0.1:{port}")).map_err(|e| e.to_string())?;
            stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let (socket, _) =
                tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream).map_err(|e| e.to_string())?;
            Ok(socket)
        };
        let socket = match connect() {
            Ok(socket) => socket,
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot connect to Chromium's DevTools: {error}"));
            }
        };
        Ok(Browser {
            child,
            socket,
            next_id: 0,
            events: VecDeque::new(),
            problems: HashMap::new(),
            requests: HashMap::new(),
            _profile: profile,
        })
    }

    /// Sends a command (to a page's session, or to the browser) and returns its result.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket.send(Message::text(message.to_string())).map_err(|e| format!("{method}: {e}"))?;
        loop {
            let message = self.receive().map_err(|e| format!("{method}: {e}"))?;
            if message.get("id").and_then(Value::as_u64) == Some(id) {
                return match message.get("error") {
                    Some(error) => Err(format!("{method}: {error}")),
                    None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
                };
            }
        }
    }

    /// The next message; events are recorded on the way.
    fn receive(&mut self) -> Result<Value, String> {
        loop {
            let message = self.socket.read().map_err(|e| e.to_string())?;
            let text = match message {
                Message::Text(text) => text.as_str().to_owned(),
                Message::Close(_) => return Err("Chromium closed the connection".to_owned()),
                _ => continue,
            };
            let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            if let Some(method) = value.get("method").and_then(Value::as_str) {
                self.record(&value);
                if method.starts_with("Page.") {
                    self.events.push_back(value.clone());
                }
            }
            return Ok(value);
        }
    }

    fn record(&mut self, event: &Value) {
        let Some(session) = event.get("sessionId").and_then(Value::as_str) else { return };
        let params = &event["params"];
        let problem = match event["method"].as_str() {
            Some("Runtime.exceptionThrown") => Some(format!(
                "uncaught: {}",
                params["exceptionDetails"]["exception"]["description"]
                    .as_str()
                    .or(params["exceptionDetails"]["text"].as_str())
                    .unwrap_or("?")
            )),
            Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                Some(format!("console.error: {}", params["args"]))
            }
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                Some(format!("log: {}", params["entry"]["text"].as_str().unwrap_or("?")))
            }
            Some("Network.requestWillBeSent") => {
                let url = params["request"]["url"].as_str().unwrap_or("?").to_owned();
                self.requests.entry(session.to_owned()).or_default().push(url);
                None
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.problems.entry(session.to_owned()).or_default().push(problem);
        }
    }

    /// Waits for an event of `method` on a page.
    fn wait_for(&mut self, page: &Page, method: &str) -> Result<Value, String> {
        let started = Instant::now();
        loop {
            let found = self.events.iter().position(|event| {
                event["method"] == method && event.get("sessionId").and_then(Value::as_str) == Some(&page.session)
            });
            if let Some(position) = found {
                return Ok(self.events.remove(position).unwrap_or(Value::Null));
            }
            if started.elapsed() > TIMEOUT {
                return Err(format!("no {method} within {TIMEOUT:?}"));
            }
            self.receive()?;
        }
    }

    /// Opens a new page of `width` by `height` CSS pixels (`mobile` for a phone's viewport and touch).
    pub fn new_page(&mut self, width: u32, height: u32, mobile: bool) -> Result<Page, String> {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].as_str().ok_or("no targetId")?.to_owned();
        let attached = self.call(None, "Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }))?;
        let page = Page { session: attached["sessionId"].as_str().ok_or("no sessionId")?.to_owned() };
        let session = Some(page.session.as_str());
        for domain in ["Page.enable", "Runtime.enable", "Log.enable", "Network.enable"] {
            self.call(session, domain, json!({}))?;
        }
        self.call(session, "Page.addScriptToEvaluateOnNewDocument", json!({ "source": PAGE_PROBE }))?;
        self.call(session, "Emulation.setFocusEmulationEnabled", json!({ "enabled": true }))?;
        self.call(
            session,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )?;
        Ok(page)
    }

    /// Loads `url` in the page and waits for its `load` event (so: not a change of fragment alone).
    pub fn navigate(&mut self, page: &Page, url: &str) -> Result<(), String> {
        self.events.retain(|event| event["method"] != "Page.loadEventFired");
        let result = self.call(Some(&page.session), "Page.navigate", json!({ "url": url }))?;
        if let Some(error) = result.get("errorText").and_then(Value::as_str) {
            return Err(format!("cannot load {url}: {error}"));
        }
        self.wait_for(page, "Page.loadEventFired").map(drop)
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value as JSON.
    pub fn evaluate(&mut self, page: &Page, expression: &str) -> Result<Value, String> {
        let result = self.call(
            Some(&page.session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            let description = details["exception"]["description"].as_str().or(details["text"].as_str());
            return Err(format!("the script threw: {}", description.unwrap_or("?")));
        }
        Ok(result["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Presses a key as a keyboard would (`Tab`, `Enter`).
    pub fn press(&mut self, page: &Page, key: &str) -> Result<(), String> {
        let (code, text) = match key {
            "Tab" => (9, ""),
            "Enter" => (13, "\r"),
            other => return Err(format!("no key code for {other}")),
        };
        let session = Some(page.session.as_str());
        let mut down = json!({ "type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": code });
        if !text.is_empty() {
            down["text"] = json!(text);
        }
        self.call(session, "Input.dispatchKeyEvent", down)?;
        let up = json!({ "type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code });
        self.call(session, "Input.dispatchKeyEvent", up).map(drop)
    }

    /// Types `text` into the focused element, as a keyboard's input would.
    pub fn type_text(&mut self, page: &Page, text: &str) -> Result<(), String> {
        self.call(Some(&page.session), "Input.insertText", json!({ "text": text })).map(drop)
    }

    /// A PNG of the page's viewport.
    pub fn screenshot(&mut self, page: &Page) -> Result<Vec<u8>, String> {
        let result = self.call(Some(&page.session), "Page.captureScreenshot", json!({ "format": "png" }))?;
        let data = result["data"].as_str().ok_or("no screenshot data")?;
        base64::engine::general_purpose::STANDARD.decode(data).map_err(|e| e.to_string())
    }

    /// What went wrong on the page so far: uncaught errors, console errors, blocked content.
    pub fn problems(&mut self, page: &Page) -> Result<Vec<String>, String> {
        let mut problems = self.problems.get(&page.session).cloned().unwrap_or_default();
        let in_page = self.evaluate(page, "window.__factcheckProblems || ['the page probe did not run']")?;
        problems.extend(in_page.as_array().into_iter().flatten().map(|p| p.as_str().unwrap_or("?").to_owned()));
        Ok(problems)
    }

    /// Every URL the page requested.
    pub fn requests(&self, page: &Page) -> Vec<String> {
        self.requests.get(&page.session).cloned().unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! `cargo xtask browser`: the built book, opened in a real browser.
//!
//! Serves `book/book` on 127.0.0.1 and drives Debian's headless Chromium through the
//! Chrome DevTools Protocol. For every page of the summary (and the print page) it
//! checks that the page loads without a console error, an uncaught exception or a failed
//! request, and that every image (the timelines and diagrams are SVGs) has loaded. Then
//! it types a term into mdBook's search box and waits for a result that points at the
//! chapter teaching it, and saves a screenshot of lesson 05's chapter to
//! `target/browser/`.
//!
//! The protocol travels over a pipe, not a socket: with `--remote-debugging-pipe`
//! Chromium reads commands from its file descriptor 3 and writes replies and events to
//! 4, each message a JSON text ended by a NUL byte. A shell sets those two descriptors
//! up from the pipes we give it as stdin and stdout, so no WebSocket client (and no
//! `unsafe` to move descriptors) is needed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use serde_json::{Value, json};

use crate::book_check;

/// The term typed into the search box, and the page a result must point at.
const SEARCH_TERM: &str = "waker";
const SEARCH_PAGE: &str = "05-event-loop.html";
/// The chapter photographed.
const SCREENSHOT_PAGE: &str = "05-event-loop.html";
/// How long one step (a page load, a reply, the search) may take before the test fails
/// instead of hanging.
const STEP_LIMIT: Duration = Duration::from_secs(30);

/// Where Debian's package puts the browser; `CHROMIUM` overrides it.
fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Runs the browser test on the book built in `root/book/book`. True when all is well.
pub fn run(root: &Path) -> anyhow::Result<bool> {
    let book = root.join("book").join("book");
    if !book.join("index.html").is_file() {
        bail!(
            "no built book in {}: run `cargo xtask book` first",
            book.display()
        );
    }
    let browser = chromium();
    if !browser.is_file() {
        bail!(
            "no browser at {}: install Debian's Chromium (`sudo apt-get install chromium`) \
             or set CHROMIUM to its path",
            browser.display()
        );
    }
    let report = book_check::check(root)?;
    let mut pages: Vec<String> = report
        .ids
        .keys()
        .filter(|page| page.as_os_str() != "SUMMARY.md")
        .map(|page| page.with_extension("html").display().to_string())
        .collect();
    pages.push("print.html".to_string());

    let server = Server::start(&book)?;
    println!(
        "==> serving {} on http://{}/ ; opening {} pages in {}",
        book.display(),
        server.address,
        pages.len(),
        browser.display()
    );
    let profile = tempfile::tempdir()?;
    let mut cdp = Browser::launch(&browser, profile.path())?;
    let session = cdp.open_tab()?;

    let mut problems = Vec::new();
    for page in &pages {
        let url = format!("http://{}/{page}", server.address);
        match check_page(&mut cdp, &session, &url) {
            Ok(PageReport { images, events }) => {
                let mark = if events.is_empty() { "ok   " } else { "FAIL " };
                println!("    {mark} {page}: {images} picture(s), every image loaded");
                for event in events {
                    println!("          {event}");
                    problems.push(format!("{page}: {event}"));
                }
            }
            Err(err) => {
                println!("    FAIL  {page}: {err:#}");
                problems.push(format!("{page}: {err:#}"));
            }
        }
    }
    for missing in server.not_found() {
        problems.push(format!("the server had no {missing}"));
        println!("    FAIL  requested but missing: {missing}");
    }

    let search_url = format!("http://{}/introduction.html", server.address);
    match search(&mut cdp, &session, &search_url) {
        Ok(first) => println!("    ok    search for `{SEARCH_TERM}`: first results {first:?}"),
        Err(err) => {
            println!("    FAIL  search for `{SEARCH_TERM}`: {err:#}");
            problems.push(format!("search: {err:#}"));
        }
    }

    let shot = root.join("target").join("browser");
    fs::create_dir_all(&shot)?;
    let shot = shot.join(Path::new(SCREENSHOT_PAGE).with_extension("png"));
    let url = format!("http://{}/{SCREENSHOT_PAGE}", server.address);
    match screenshot(&mut cdp, &session, &url, &shot) {
        Ok(bytes) => println!("    ok    screenshot: {} ({bytes} bytes)", shot.display()),
        Err(err) => {
            println!("    FAIL  screenshot: {err:#}");
            problems.push(format!("screenshot: {err:#}"));
        }
    }
    cdp.close();
    println!(
        "==> browser: {} pages, {} problem(s)",
        pages.len(),
        problems.len()
    );
    Ok(problems.is_empty())
}

struct PageReport {
    images: usize,
    /// Console errors, exceptions and failed requests, one line each.
    events: Vec<String>,
}

/// Loads `url`, collects what went wrong on the way, and checks every image.
fn check_page(cdp: &mut Browser, session: &str, url: &str) -> anyhow::Result<PageReport> {
    cdp.drain();
    cdp.call(Some(session), "Page.navigate", json!({ "url": url }))?;
    let events = cdp.wait_for_load(session)?;
    let images = cdp.evaluate(
        session,
        r#"(async () => {
            const images = [...document.images];
            await Promise.all(images.map(i => i.complete ? null :
                new Promise(done => { i.onload = done; i.onerror = done; })));
            return {
                // Distinct pictures: mdBook's scripts may show one image in two places.
                total: new Set(images.map(i => i.getAttribute('src'))).size,
                broken: images.filter(i => !(i.naturalWidth > 0))
                    .map(i => i.getAttribute('src')),
            };
        })()"#,
    )?;
    let mut problems: Vec<String> = events;
    for src in images["broken"].as_array().into_iter().flatten() {
        problems.push(format!(
            "image did not load: {}",
            src.as_str().unwrap_or("?")
        ));
    }
    Ok(PageReport {
        images: images["total"].as_u64().unwrap_or(0) as usize,
        events: problems,
    })
}

/// Opens the search box as a reader would (the search button), types the term, and
/// waits for results; returns the first results' links.
fn search(cdp: &mut Browser, session: &str, url: &str) -> anyhow::Result<Vec<String>> {
    cdp.drain();
    cdp.call(Some(session), "Page.navigate", json!({ "url": url }))?;
    let events = cdp.wait_for_load(session)?;
    if let Some(event) = events.first() {
        bail!("{event}");
    }
    cdp.evaluate(
        session,
        "document.getElementById('mdbook-search-toggle').click(); \
         document.getElementById('mdbook-searchbar').focus(); true",
    )?;
    cdp.call(
        Some(session),
        "Input.insertText",
        json!({ "text": SEARCH_TERM }),
    )?;
    // mdBook searches on key-up.
    cdp.call(
        Some(session),
        "Input.dispatchKeyEvent",
        json!({ "type": "keyUp", "key": "r", "code": "KeyR" }),
    )?;
    let until = Instant::now() + STEP_LIMIT;
    loop {
        let links = cdp.evaluate(
            session,
            "[...document.querySelectorAll('#mdbook-searchresults li a')] \
             .map(a => a.getAttribute('href'))",
        )?;
        let links: Vec<String> = links
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_string))
            .collect();
        if !links.is_empty() {
            if !links.iter().any(|l| l.starts_with(SEARCH_PAGE)) {
                bail!("no result points at {SEARCH_PAGE}: {links:?}");
            }
            return Ok(links.into_iter().take(3).collect());
        }
        if Instant::now() > until {
            bail!("no results after {STEP_LIMIT:?}");
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Saves a PNG of the top of `url` at a laptop's width; returns its size in bytes.
fn screenshot(cdp: &mut Browser, session: &str, url: &str, to: &Path) -> anyhow::Result<usize> {
    cdp.call(
        Some(session),
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
    )?;
    cdp.drain();
    cdp.call(Some(session), "Page.navigate", json!({ "url": url }))?;
    cdp.wait_for_load(session)?;
    let shot = cdp.call(
        Some(session),
        "Page.captureScreenshot",
        json!({ "format": "png" }),
    )?;
    let data = shot["data"]
        .as_str()
        .ok_or_else(|| anyhow!("the screenshot reply has no data"))?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .context("the screenshot is not base64")?;
    fs::write(to, &png).with_context(|| format!("cannot write {}", to.display()))?;
    Ok(png.len())
}

/// Chromium, and the two ends of its protocol pipe.
struct Browser {
    child: Child,
    commands: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
    /// Events that arrived while waiting for a reply, kept for `wait_for_load`.
    pending: Vec<Value>,
}

impl Browser {
    fn launch(browser: &Path, profile: &Path) -> anyhow::Result<Self> {
        let mut args = vec![
            "--headless".to_string(),
            "--disable-gpu".to_string(),
            // Nothing but our own server: no background traffic to hosts this machine
            // cannot reach, no updates, no sync.
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--remote-debugging-pipe".to_string(),
            format!("--user-data-dir={}", profile.display()),
        ];
        // Chromium refuses to run as root with its sandbox (CI containers run as root).
        if running_as_root() {
            args.push("--no-sandbox".to_string());
        }
        // fd 3 ← our stdin pipe, fd 4 → our stdout pipe; then the browser's own stdin
        // is /dev/null and its stdout joins its stderr (which we drop).
        let script = r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2"#;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(browser)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", browser.display()))?;
        let commands = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(0, &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        buf.pop();
                        if let Ok(message) = serde_json::from_slice::<Value>(&buf)
                            && tx.send(message).is_err()
                        {
                            break;
                        }
                    }
                }
            }
        });
        Ok(Self {
            child,
            commands,
            messages,
            next_id: 0,
            pending: Vec::new(),
        })
    }

    /// A new tab, attached in "flatten" mode: its commands carry its session id.
    fn open_tab(&mut self) -> anyhow::Result<String> {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("no session id in {attached}"))?
            .to_string();
        for domain in ["Page", "Runtime", "Log", "Network"] {
            self.call(Some(&session), &format!("{domain}.enable"), json!({}))?;
        }
        Ok(session)
    }

    /// Sends a command and waits for its reply; events met meanwhile are kept.
    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> anyhow::Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message)?;
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .and_then(|()| self.commands.flush())
            .with_context(|| format!("the browser stopped reading ({method})"))?;
        let until = Instant::now() + STEP_LIMIT;
        loop {
            let message = self.next_message(until, method)?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    bail!("{method}: {error}");
                }
                return Ok(message["result"].clone());
            }
            self.pending.push(message);
        }
    }

    fn next_message(&mut self, until: Instant, waiting_for: &str) -> anyhow::Result<Value> {
        let left = until.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => Ok(message),
            Err(RecvTimeoutError::Timeout) => {
                bail!("no answer from the browser in {STEP_LIMIT:?} ({waiting_for})")
            }
            Err(RecvTimeoutError::Disconnected) => {
                bail!("the browser exited ({waiting_for})")
            }
        }
    }

    /// Forgets the events of the previous page.
    fn drain(&mut self) {
        self.pending.clear();
        while self.messages.try_recv().is_ok() {}
    }

    /// Waits for the page's load event, then a short quiet spell for late scripts;
    /// returns the problems reported on the way.
    fn wait_for_load(&mut self, session: &str) -> anyhow::Result<Vec<String>> {
        let until = Instant::now() + STEP_LIMIT;
        let mut seen: Vec<Value> = std::mem::take(&mut self.pending);
        let mut loaded = false;
        let mut quiet_until = None;
        loop {
            while let Some(event) = seen.pop() {
                if event["method"] == "Page.loadEventFired" && event["sessionId"] == session {
                    loaded = true;
                    quiet_until = Some(Instant::now() + Duration::from_millis(300));
                }
                self.pending.push(event);
            }
            if let Some(quiet) = quiet_until
                && Instant::now() >= quiet
            {
                break;
            }
            let wait_until = quiet_until.unwrap_or(until).min(until);
            match self
                .messages
                .recv_timeout(wait_until.saturating_duration_since(Instant::now()))
            {
                Ok(event) => seen.push(event),
                Err(RecvTimeoutError::Timeout) if loaded => break,
                Err(RecvTimeoutError::Timeout) => bail!("the page did not load in {STEP_LIMIT:?}"),
                Err(RecvTimeoutError::Disconnected) => bail!("the browser exited"),
            }
        }
        // The same failure can arrive twice (a request retried, a log line for it).
        let mut problems: Vec<String> = Vec::new();
        for line in self
            .pending
            .iter()
            .filter_map(|event| problem(event, session))
        {
            if !problems.contains(&line) {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// Evaluates a JavaScript expression (awaiting a promise) and returns its value.
    fn evaluate(&mut self, session: &str, expression: &str) -> anyhow::Result<Value> {
        let reply = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(exception) = reply.get("exceptionDetails") {
            bail!("script failed: {exception}");
        }
        Ok(reply["result"]["value"].clone())
    }

    fn close(mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One line for an event that means the page is broken: a console error, an uncaught
/// exception, a failed request or an error status.
fn problem(event: &Value, session: &str) -> Option<String> {
    if event["sessionId"] != session {
        return None;
    }
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.exceptionThrown" => Some(format!(
            "uncaught exception: {}",
            params["exceptionDetails"]["exception"]["description"]
                .as_str()
                .or(params["exceptionDetails"]["text"].as_str())
                .unwrap_or("?")
        )),
        "Runtime.consoleAPICalled"
            if matches!(params["type"].as_str(), Some("error" | "assert")) =>
        {
            let text: Vec<String> = params["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|arg| {
                    arg["value"]
                        .as_str()
                        .map(str::to_string)
                        .or_else(|| arg["description"].as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .collect();
            Some(format!("console error: {}", text.join(" ")))
        }
        "Log.entryAdded" if params["entry"]["level"] == "error" => Some(format!(
            "browser log error: {} {}",
            params["entry"]["text"].as_str().unwrap_or("?"),
            params["entry"]["url"].as_str().unwrap_or("")
        )),
        "Network.loadingFailed" if params["canceled"] != true => Some(format!(
            "request failed: {} ({})",
            params["requestId"].as_str().unwrap_or("?"),
            params["errorText"].as_str().unwrap_or("?")
        )),
        "Network.responseReceived" if params["response"]["status"].as_u64()? >= 400 => {
            Some(format!(
                "HTTP {} for {}",
                params["response"]["status"],
                params["response"]["url"].as_str().unwrap_or("?")
            ))
        }
        _ => None,
    }
}

fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find(|line| line.starts_with("Uid:"))
            .and_then(|line| line.split_whitespace().nth(1))
            == Some("0")
    })
}

/// A static file server for the built book, on 127.0.0.1 only; remembers the paths it
/// could not serve.
struct Server {
    address: String,
    missing: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Server {
    fn start(dir: &Path) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?.to_string();
        let missing = Arc::new(Mutex::new(BTreeMap::new()));
        let (dir, seen) = (dir.to_path_buf(), Arc::clone(&missing));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, seen) = (dir.clone(), Arc::clone(&seen));
                thread::spawn(move || serve(stream, &dir, &seen));
            }
        });
        Ok(Self { address, missing })
    }

    fn not_found(&self) -> Vec<String> {
        let missing = self.missing.lock().unwrap_or_else(|p| p.into_inner());
        missing
            .keys()
            // Browsers ask for a favicon at the root on their own; mdBook links its own.
            .filter(|path| path.as_str() != "/favicon.ico")
            .cloned()
            .collect()
    }
}

fn serve(mut stream: TcpStream, dir: &Path, missing: &Mutex<BTreeMap<String, usize>>) {
    let _ = stream.set_read_timeout(Some(STEP_LIMIT));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    // One request per connection (we answer `Connection: close`).
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = path.replace("%20", " ");
    let file = if path.ends_with('/') {
        dir.join(path.trim_start_matches('/')).join("index.html")
    } else {
        dir.join(path.trim_start_matches('/'))
    };
    let inside = !path.split('/').any(|part| part == "..");
    let body = if method == "GET" && inside {
        fs::read(&file).ok()
    } else {
        None
    };
    let response = match body {
        Some(body) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            let mut bytes = std::mem::take(&mut head).into_bytes();
            bytes.extend(body);
            bytes
        }
        None => {
            *missing
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(path.clone())
                .or_insert(0) += 1;
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
        }
    };
    let _ = stream.write_all(&response);
    // Let the browser read everything before the socket closes.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut rest = [0u8; 256];
    let _ = stream.read(&mut rest);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(address: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    #[test]
    fn the_server_serves_files_and_remembers_what_it_lacked() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "<p>hi</p>").unwrap();
        fs::create_dir(dir.path().join("img")).unwrap();
        fs::write(dir.path().join("img/a b.svg"), "<svg/>").unwrap();
        let server = Server::start(dir.path()).unwrap();
        assert!(server.address.starts_with("127.0.0.1:"));

        let page = get(&server.address, "/");
        assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
        assert!(
            page.contains("text/html") && page.ends_with("<p>hi</p>"),
            "{page}"
        );
        let svg = get(&server.address, "/img/a%20b.svg?x=1");
        assert!(
            svg.contains("image/svg+xml") && svg.ends_with("<svg/>"),
            "{svg}"
        );
        assert!(get(&server.address, "/nope.js").starts_with("HTTP/1.1 404"));
        assert!(get(&server.address, "/../secret").starts_with("HTTP/1.1 404"));
        assert_eq!(server.not_found(), ["/../secret", "/nope.js"]);
    }

    #[test]
    fn events_that_break_a_page_are_reported_and_others_are_not() {
        let s = "S1";
        let event = |method: &str, params: Value| json!({ "method": method, "params": params, "sessionId": s });
        let console = event(
            "Runtime.consoleAPICalled",
            json!({ "type": "error", "args": [{ "type": "string", "value": "boom" }] }),
        );
        assert_eq!(problem(&console, s).unwrap(), "console error: boom");
        let log = event(
            "Runtime.consoleAPICalled",
            json!({ "type": "log", "args": [{ "value": "fine" }] }),
        );
        assert_eq!(problem(&log, s), None);
        let missing = event(
            "Network.responseReceived",
            json!({ "response": { "status": 404, "url": "http://x/a.svg" } }),
        );
        assert_eq!(problem(&missing, s).unwrap(), "HTTP 404 for http://x/a.svg");
        let ok = event(
            "Network.responseReceived",
            json!({ "response": { "status": 200, "url": "http://x/" } }),
        );
        assert_eq!(problem(&ok, s), None);
        let thrown = event(
            "Runtime.exceptionThrown",
            json!({ "exceptionDetails": { "text": "Uncaught", "exception": { "description": "TypeError: x" } } }),
        );
        assert_eq!(
            problem(&thrown, s).unwrap(),
            "uncaught exception: TypeError: x"
        );
        let other_tab =
            json!({ "method": "Runtime.exceptionThrown", "params": {}, "sessionId": "S2" });
        assert_eq!(problem(&other_tab, s), None);
    }
}

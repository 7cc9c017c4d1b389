//! `jmap lsp` as an editor runs it: a child process spoken to in JSON-RPC over stdio.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code may fail loudly

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const FIXTURE: &str = "tests/fixtures/lsp/café.journey.yaml";
/// Only a guard against a hung server; no test depends on how fast it answers.
const HANG: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications that arrived while waiting for a response.
    pending: Vec<Value>,
}

impl Client {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jmap"))
            .arg("lsp")
            .current_dir(dir)
            .env("JMAP_TODAY", "2026-12-01")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap()];
                reader.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self
                .messages
                .recv_timeout(HANG)
                .expect("the server answers");
            if message["id"] == json!(id) {
                return message;
            }
            self.pending.push(message);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next `publishDiagnostics` notification.
    fn diagnostics(&mut self) -> Value {
        if let Some(index) = self
            .pending
            .iter()
            .position(|message| message["method"] == "textDocument/publishDiagnostics")
        {
            return self.pending.remove(index)["params"].clone();
        }
        loop {
            let message = self
                .messages
                .recv_timeout(HANG)
                .expect("diagnostics arrive");
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        let response = self.request(
            "initialize",
            json!({"capabilities": {"general": {"positionEncodings": encodings}}}),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        assert!(response.get("error").is_none());
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

/// A finding as `(rule, severity, start, end)`, positions as `(line, character)`.
type Found = (String, u64, (u64, u64), (u64, u64));

/// A project folder: the fixture, a `.jmap.yaml` that changes levels, and a `.git`.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join(".jmap.yaml"),
        "rules:\n  metric-without-target: off\n  unmeasured-stage: warn\n",
    )
    .unwrap();
    let path = dir.path().join("café.journey.yaml");
    std::fs::copy(FIXTURE, &path).unwrap();
    (dir, path)
}

fn uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn open(client: &mut Client, uri: &str, text: &str) -> Value {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    client.diagnostics()
}

/// `jmap lint --format json` findings as `(rule, severity, start, end)` in LSP positions of
/// the given encoding.
fn lint_findings(dir: &Path, path: &Path, utf16: bool) -> Vec<Found> {
    let output = Command::new(env!("CARGO_BIN_EXE_jmap"))
        .args(["lint", "--format", "json"])
        .arg(path.file_name().unwrap())
        .current_dir(dir)
        .env("JMAP_TODAY", "2026-12-01")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // JSON columns count characters from 1; LSP counts UTF-16 units or bytes from 0.
    let convert = |line: u64, column: u64| {
        let chars = lines[line as usize - 1].chars().take(column as usize - 1);
        let units: usize = if utf16 {
            chars.map(char::len_utf16).sum()
        } else {
            chars.map(char::len_utf8).sum()
        };
        (line - 1, units as u64)
    };
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let severity = if finding["level"] == "error" { 1 } else { 2 };
            (
                finding["rule"].as_str().unwrap().to_string(),
                severity,
                convert(
                    finding["line"].as_u64().unwrap(),
                    finding["column"].as_u64().unwrap(),
                ),
                convert(
                    finding["end_line"].as_u64().unwrap(),
                    finding["end_column"].as_u64().unwrap(),
                ),
            )
        })
        .collect()
}

fn lsp_findings(params: &Value) -> Vec<Found> {
    let position = |value: &Value| {
        (
            value["line"].as_u64().unwrap(),
            value["character"].as_u64().unwrap(),
        )
    };
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap().to_string(),
                diagnostic["severity"].as_u64().unwrap(),
                position(&diagnostic["range"]["start"]),
                position(&diagnostic["range"]["end"]),
            )
        })
        .collect()
}

/// The position of the `nth` occurrence of `needle`, plus `extra` characters, in UTF-16.
fn position_of(text: &str, needle: &str, extra: usize) -> Value {
    let offset = text.find(needle).unwrap() + extra;
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    let character: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, c) in text[line_start..].char_indices() {
            if units >= character {
                return line_start + index;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = text.to_string();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, &new_text);
    }
    out
}

#[test]
fn diagnostics_are_the_lint_findings_in_either_encoding() {
    for (offered, expected, utf16) in [
        (vec!["utf-16"], "utf-16", true),
        (vec!["utf-8", "utf-16"], "utf-8", false),
        (vec![], "utf-16", true),
    ] {
        let (dir, path) = project();
        let mut client = Client::start(dir.path());
        let response = client.initialize(&offered);
        assert_eq!(
            response["result"]["capabilities"]["positionEncoding"],
            expected
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let params = open(&mut client, &uri(&path), &text);
        let got = lsp_findings(&params);
        let want = lint_findings(dir.path(), &path, utf16);
        assert_eq!(got, want, "offered {offered:?}");
        // The .jmap.yaml applies: one rule off, one downgraded.
        assert!(
            got.iter()
                .all(|finding| finding.0 != "metric-without-target")
        );
        assert!(
            got.iter()
                .any(|finding| finding.0 == "unmeasured-stage" && finding.1 == 2)
        );
        // A finding after "Bär 😀 ☕" sits at a column that differs per encoding.
        let bar = got
            .iter()
            .find(|finding| finding.0 == "unused-lane")
            .unwrap();
        assert_eq!(bar.2, (15, if utf16 { 27 } else { 32 }));
        assert_eq!(params["diagnostics"][0]["source"], "jmap");
        client.shutdown();
    }
}

#[test]
fn completion_definition_rename_code_action_and_changes() {
    let (dir, path) = project();
    let mut client = Client::start(dir.path());
    client.initialize(&["utf-16"]);
    let uri = uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    open(&mut client, &uri, &text);

    // A lane id at `lane: ` gets the lanes, with their names as detail.
    let at = position_of(&text, "lane: kitchen", "lane: ".len());
    let response = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let items = response["result"].as_array().unwrap();
    let labels: Vec<&str> = items
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["guest", "kitchen", "bar"]);
    assert!(items[1]["detail"].as_str().unwrap().starts_with("Küche"));

    // A field name in a touchpoint.
    let at = position_of(&text, "        lane: kitchen", "        la".len());
    let response = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let labels: Vec<&str> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    for field in [
        "lane",
        "channel",
        "emotion",
        "milestone",
        "handoffs",
        "allow",
    ] {
        assert!(labels.contains(&field), "{field} in {labels:?}");
    }

    // From a handoff's `to:` to the touchpoint's definition.
    let at = position_of(&text, "to: cook", "to: co".len());
    let response = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let location = &response["result"][0];
    assert_eq!(location["uri"], uri.as_str());
    assert_eq!(
        location["range"]["start"],
        position_of(&text, "id: cook", 4)
    );

    // References of `greet`: its definition and the handoff that names it.
    let at = position_of(&text, "id: greet", 5);
    let response = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(response["result"].as_array().unwrap().len(), 2);

    // Rename `cook` everywhere; a taken or invalid id is refused.
    let at = position_of(&text, "id: cook", 5);
    for (new_name, problem) in [("greet", "already exists"), ("Not An Id", "not a valid id")] {
        let response = client.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": at, "newName": new_name}),
        );
        assert!(
            response["error"]["message"]
                .as_str()
                .unwrap()
                .contains(problem)
        );
    }
    let response = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at, "newName": "prepare-food"}),
    );
    let edits = response["result"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 2);
    let renamed = apply(&text, &edits);
    assert_eq!(renamed, text.replace("cook", "prepare-food"));

    // Misspell a reference: the change brings new diagnostics...
    let broken = renamed.replace("{to: greet,", "{to: greeet,");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let params = client.diagnostics();
    assert_eq!(params["version"], 2);
    let rules: Vec<String> = lsp_findings(&params)
        .into_iter()
        .map(|finding| finding.0)
        .collect();
    assert_eq!(rules, ["unknown-reference"]);

    // ...and a "did you mean" code action that repairs it.
    let range = &params["diagnostics"][0]["range"];
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let action = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["title"] == "Replace `greeet` with `greet`")
        .expect("a did-you-mean action")
        .clone();
    let edits = action["edit"]["changes"][&uri].as_array().unwrap().clone();
    let repaired = apply(&broken, &edits);
    assert_eq!(repaired, renamed);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": repaired}]}),
    );
    let params = client.diagnostics();
    assert!(
        lsp_findings(&params)
            .iter()
            .any(|finding| finding.0 == "unused-lane")
    );

    // "Allow this rule here" on the unused lane adds it to the lane's `allow`.
    let unused = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["code"] == "unused-lane")
        .unwrap()
        .clone();
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": unused["range"], "context": {"diagnostics": [unused]}}),
    );
    let allow = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["title"] == "Allow `unused-lane` on lane `bar`")
        .expect("an allow action")
        .clone();
    let allowed = apply(
        &repaired,
        allow["edit"]["changes"][&uri].as_array().unwrap(),
    );
    assert!(
        allowed.contains("kind: frontstage, allow: [unused-lane]}"),
        "{allowed}"
    );

    client.shutdown();
}

#[test]
fn hover_symbols_and_bad_requests() {
    let (dir, path) = project();
    let mut client = Client::start(dir.path());
    client.initialize(&["utf-8"]);
    let uri = uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    open(&mut client, &uri, &text);

    // On an id reference: the element.
    let at = |needle: &str, extra: usize| {
        let offset = text.find(needle).unwrap() + extra;
        let line = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
        json!({"line": line, "character": offset - line_start})
    };
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at("lane: guest", 7)}),
    );
    let value = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("lane `guest`"), "{value}");
    assert!(value.contains("kind: customer"), "{value}");
    // On a field name: what it means.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at("  reviewed:", 3)}),
    );
    assert!(
        response["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("ISO date")
    );
    // On a finding: the rule's explanation.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at("id: eat", 5)}),
    );
    assert!(
        response["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("unmeasured-stage")
    );

    let response = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = response["result"].as_array().unwrap();
    let names: Vec<&str> = symbols
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Ankunft", "Essen", "Gäste 😀", "Küche", "Bär 😀 ☕", "NPS"]
    );
    assert_eq!(symbols[0]["children"][0]["name"], "Begrüßung 😀");

    // Malformed requests get errors; the server lives on.
    let response = client.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(response["error"]["code"], -32602);
    let response = client.request("textDocument/definition", json!({"textDocument": {"uri": "file:///not/open.journey.yaml"}, "position": {"line": 0, "character": 0}}));
    assert!(response["error"].is_object());
    let response = client.request("workspace/nonsense", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 9999, "character": 9999}}),
    );
    assert!(response.get("error").is_none());
    // A hostile edit is diagnostics, not a crash.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "a: &a [*a, *a\n\u{0}\t- ]: {"}]}),
    );
    let params = client.diagnostics();
    assert!(!params["diagnostics"].as_array().unwrap().is_empty());
    client.shutdown();
}

/// A copy of `tests/fixtures/lsp/workspace`: a library and two journeys that use it.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    for folder in ["shared", "journeys"] {
        std::fs::create_dir(root.join(folder)).unwrap();
        let from = Path::new("tests/fixtures/lsp/workspace").join(folder);
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), root.join(folder).join(entry.file_name())).unwrap();
        }
    }
    (dir, root)
}

/// The next `publishDiagnostics` for `uri`.
fn diagnostics_for(client: &mut Client, uri: &str) -> Value {
    loop {
        let params = client.diagnostics();
        if params["uri"] == uri {
            return params;
        }
    }
}

fn locations(response: &Value) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            (
                location["uri"].as_str().unwrap().to_string(),
                location["range"]["start"].clone(),
            )
        })
        .collect();
    found.sort_by_key(|(uri, start)| (uri.clone(), start.to_string()));
    found
}

#[test]
fn library_lanes_across_files() {
    let (_dir, root) = workspace();
    let mut client = Client::start(&root);
    let response = client.request(
        "initialize",
        json!({"rootUri": uri(&root), "capabilities": {}}),
    );
    assert!(response.get("error").is_none(), "{response}");
    client.notify("initialized", json!({}));
    let library_path = root.join("shared/teams.jmap-lib.yaml");
    let order_path = root.join("journeys/order.journey.yaml");
    let return_path = root.join("journeys/return.journey.yaml");
    let (library_uri, order_uri, return_uri) =
        (uri(&library_path), uri(&order_path), uri(&return_path));
    let library = std::fs::read_to_string(&library_path).unwrap();
    let order = std::fs::read_to_string(&order_path).unwrap();
    let returns = std::fs::read_to_string(&return_path).unwrap();

    // The journey loads with its library: no load error, only what lint says.
    let params = open(&mut client, &order_uri, &order);
    assert_eq!(lsp_findings(&params), []);

    // `lane:` offers the lanes the journey brings in, with name and library as detail.
    let at = position_of(&order, "lane: client", "lane: ".len());
    let response = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": order_uri}, "position": at}),
    );
    let items = response["result"].as_array().unwrap();
    let labels: Vec<&str> = items
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["client", "sales"]);
    let detail = items[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("Kundschaft 😀"), "{detail}");
    assert!(
        detail.contains("from ../shared/teams.jmap-lib.yaml"),
        "{detail}"
    );

    // Hover on the reference: the element and where it is defined.
    let response = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": order_uri}, "position": at}),
    );
    let hover = response["result"]["contents"]["value"].as_str().unwrap();
    assert!(hover.contains("Account manager"), "{hover}");
    assert!(
        hover.contains("defined in ../shared/teams.jmap-lib.yaml, line 5"),
        "{hover}"
    );

    // Go to definition: into the library, at the lane's id.
    let response = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": order_uri}, "position": at}),
    );
    assert_eq!(
        locations(&response),
        [(library_uri.clone(), position_of(&library, "id: client", 4))]
    );

    // References from the library's definition: both journeys, the open one and the one
    // only on disk (its string entry and its `lane:`).
    let params = open(&mut client, &library_uri, &library);
    assert_eq!(params["uri"], library_uri.as_str());
    // Opening a library analyses the open journeys that use it again.
    assert_eq!(lsp_findings(&diagnostics_for(&mut client, &order_uri)), []);
    let on_client = position_of(&library, "id: client", 5);
    let response = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": library_uri}, "position": on_client,
               "context": {"includeDeclaration": true}}),
    );
    let mut expected = vec![
        (library_uri.clone(), position_of(&library, "id: client", 4)),
        (order_uri.clone(), position_of(&order, "[client", 1)),
        (order_uri.clone(), position_of(&order, "lane: client", 6)),
        (return_uri.clone(), position_of(&returns, "- client", 2)),
        (return_uri.clone(), position_of(&returns, "lane: client", 6)),
    ];
    expected.sort_by_key(|(uri, start)| (uri.clone(), start.to_string()));
    assert_eq!(locations(&response), expected);

    // Rename across the library and both journeys; taken names are refused.
    for (new_name, problem) in [
        ("sales", "already exists in"),
        ("partner", "return.journey.yaml"),
        ("Client", "not a valid id"),
    ] {
        let response = client.request(
            "textDocument/rename",
            json!({"textDocument": {"uri": library_uri}, "position": on_client, "newName": new_name}),
        );
        let message = response["error"]["message"].as_str().unwrap();
        assert!(message.contains(problem), "{new_name}: {message}");
    }
    let response = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": order_uri}, "position": at, "newName": "customer"}),
    );
    let changes = &response["result"]["changes"];
    assert_eq!(changes.as_object().unwrap().len(), 3, "{changes}");
    let renamed = |uri: &str, text: &str| apply(text, changes[uri].as_array().unwrap());
    assert_eq!(
        renamed(&library_uri, &library),
        library.replace("id: client", "id: customer")
    );
    assert_eq!(
        renamed(&order_uri, &order),
        order.replace("client", "customer")
    );
    assert_eq!(
        renamed(&return_uri, &returns),
        returns.replace("client", "customer")
    );

    // An unsaved edit of the library changes the open journey's diagnostics.
    let without_sales = library.replace(
        "    - {id: sales, name: Sales, kind: frontstage, owner: Sales lead}\n",
        "",
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": library_uri, "version": 2},
               "contentChanges": [{"text": without_sales}]}),
    );
    let params = diagnostics_for(&mut client, &order_uri);
    let rules: Vec<String> = lsp_findings(&params)
        .into_iter()
        .map(|finding| finding.0)
        .collect();
    assert!(rules.contains(&"unknown-reference".to_string()), "{params}");

    // A library that does not load: its own errors, and one at the journey's `uses:`.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": library_uri, "version": 3},
               "contentChanges": [{"text": "jmap: 1\nlibrary:\n  lanes:\n    - client\n"}]}),
    );
    let params = diagnostics_for(&mut client, &library_uri);
    assert_eq!(lsp_findings(&params)[0].0, "schema");
    let params = diagnostics_for(&mut client, &order_uri);
    let uses_line = position_of(&order, "../shared", 0)["line"]
        .as_u64()
        .unwrap();
    assert!(
        lsp_findings(&params)
            .iter()
            .any(|finding| finding.2.0 == uses_line),
        "{params}"
    );

    // Back to the text on disk when the library is closed.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": library_uri}}),
    );
    let params = diagnostics_for(&mut client, &order_uri);
    assert_eq!(lsp_findings(&params), []);

    // A change on disk the client reports is seen too.
    std::fs::write(&library_path, &without_sales).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": library_uri, "type": 2}]}),
    );
    let params = diagnostics_for(&mut client, &order_uri);
    assert_eq!(lsp_findings(&params)[0].0, "unknown-reference", "{params}");

    // A library's outline; a missing library is a diagnostic at its `uses:` entry.
    open(&mut client, &library_uri, &library);
    diagnostics_for(&mut client, &order_uri);
    let response = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": library_uri}}),
    );
    let names: Vec<&str> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Kundschaft 😀",
            "Sales",
            "Support desk",
            "CSAT after delivery"
        ]
    );
    // A new string entry of `lanes:` offers the library's lanes not listed yet.
    let more = order.replace("lanes: [client, sales]", "lanes: [client, sales, ]");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": order_uri, "version": 2},
               "contentChanges": [{"text": more}]}),
    );
    diagnostics_for(&mut client, &order_uri);
    let response = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": order_uri},
               "position": position_of(&more, "sales, ]", "sales, ".len())}),
    );
    let items = response["result"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{response}");
    assert_eq!(items[0]["label"], "support");
    assert_eq!(
        items[0]["detail"],
        "Support desk · from ../shared/teams.jmap-lib.yaml"
    );
    let missing = order.replace("../shared/teams", "../shared/nowhere");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": order_uri, "version": 3},
               "contentChanges": [{"text": missing}]}),
    );
    let params = diagnostics_for(&mut client, &order_uri);
    let message = params["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("cannot read the library"), "{message}");

    client.shutdown();
}

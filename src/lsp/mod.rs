//! `jmap lsp`: a language server over stdio (`lsp-server` + `lsp-types`).
//!
//! Diagnostics are exactly `jmap lint`'s findings for the file, with the `.jmap.yaml` found
//! from the file's folder; the features in [`features`] work on byte offsets and this module
//! converts positions in the negotiated encoding ([`position`]). Every request is answered:
//! bad parameters get an error response, never a dead server.

mod context;
mod features;
mod index;
mod position;
mod schema;

use crate::config::Config;
use crate::diagnostic::{Finding, Level};
use crate::source::{SourceFile, Span};
use features::{Analysis, ItemKind};
use index::Index;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use position::Encoding;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use features::is_valid_id;

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|error| error.to_string())
}

/// The server loop on a connection (stdio, or in memory for tests).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| error.to_string())?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "jmap", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|error| error.to_string())?;
    let mut server = Server {
        encoding,
        documents: HashMap::new(),
        schema: schema::Schema::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|error| error.to_string())?
                {
                    return Ok(());
                }
                let response = server.request(request);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(notification) => {
                // A notification has no response to carry an error: a failure drops it.
                let outs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    server.notification(notification)
                }))
                .unwrap_or_default();
                for out in outs {
                    send(connection, Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<(), String> {
    connection
        .sender
        .send(message)
        .map_err(|error| error.to_string())
}

fn capabilities(encoding: Encoding) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![
                ":".into(),
                " ".into(),
                "[".into(),
                ",".into(),
                "-".into(),
            ]),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        ..Default::default()
    }
}

struct Document {
    version: i32,
    analysis: Analysis,
}

struct Server {
    encoding: Encoding,
    documents: HashMap<lsp::Uri, Document>,
    schema: schema::Schema,
}

/// An error response's code and message.
type Failure = (ErrorCode, String);

fn bad_params(error: impl std::fmt::Display) -> Failure {
    (ErrorCode::InvalidParams, error.to_string())
}

impl Server {
    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.dispatch(request)));
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                Response::new_err(id, ErrorCode::InternalError as i32, "internal error".into())
            }
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Value, Failure> {
        let params = request.params;
        let json = |value: Result<Value, serde_json::Error>| {
            value.map_err(|error| (ErrorCode::InternalError, error.to_string()))
        };
        match request.method.as_str() {
            lsp::request::Completion::METHOD => {
                let params: lsp::CompletionParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                json(serde_json::to_value(
                    self.completion(&params.text_document_position)?,
                ))
            }
            lsp::request::HoverRequest::METHOD => {
                let params: lsp::HoverParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                json(serde_json::to_value(
                    self.hover(&params.text_document_position_params)?,
                ))
            }
            lsp::request::GotoDefinition::METHOD => {
                let params: lsp::GotoDefinitionParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                let at = &params.text_document_position_params;
                let (document, offset) = self.at(at)?;
                let locations = self.locations(
                    &at.text_document.uri,
                    &features::definition(&document.analysis, offset),
                );
                json(serde_json::to_value(lsp::GotoDefinitionResponse::Array(
                    locations,
                )))
            }
            lsp::request::References::METHOD => {
                let params: lsp::ReferenceParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                let at = &params.text_document_position;
                let (document, offset) = self.at(at)?;
                let spans = features::references(
                    &document.analysis,
                    offset,
                    params.context.include_declaration,
                );
                json(serde_json::to_value(
                    self.locations(&at.text_document.uri, &spans),
                ))
            }
            lsp::request::PrepareRenameRequest::METHOD => {
                let params: lsp::TextDocumentPositionParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                let (document, offset) = self.at(&params)?;
                let response = features::prepare_rename(&document.analysis, offset).map(|span| {
                    lsp::PrepareRenameResponse::Range(self.range(&document.analysis.source, span))
                });
                json(serde_json::to_value(response))
            }
            lsp::request::Rename::METHOD => {
                let params: lsp::RenameParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                let at = &params.text_document_position;
                let (document, offset) = self.at(at)?;
                let edits = features::rename(&document.analysis, offset, &params.new_name)
                    .map_err(|message| (ErrorCode::RequestFailed, message))?;
                let edit =
                    self.workspace_edit(&at.text_document.uri, &document.analysis.source, &edits);
                json(serde_json::to_value(edit))
            }
            lsp::request::CodeActionRequest::METHOD => {
                let params: lsp::CodeActionParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                json(serde_json::to_value(self.code_actions(&params)?))
            }
            lsp::request::DocumentSymbolRequest::METHOD => {
                let params: lsp::DocumentSymbolParams =
                    serde_json::from_value(params).map_err(bad_params)?;
                let document = self.document(&params.text_document.uri)?;
                let symbols: Vec<lsp::DocumentSymbol> = features::symbols(&document.analysis)
                    .iter()
                    .map(|symbol| self.symbol(&document.analysis.source, symbol))
                    .collect();
                json(serde_json::to_value(lsp::DocumentSymbolResponse::Nested(
                    symbols,
                )))
            }
            method => Err((
                ErrorCode::MethodNotFound,
                format!("jmap lsp does not handle `{method}`"),
            )),
        }
    }

    fn notification(&mut self, notification: Notification) -> Vec<Notification> {
        let params = notification.params;
        match notification.method.as_str() {
            lsp::notification::DidOpenTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(params)
                else {
                    return Vec::new();
                };
                let document = params.text_document;
                self.update(document.uri, document.version, document.text)
            }
            lsp::notification::DidChangeTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(params)
                else {
                    return Vec::new();
                };
                // Full sync: the last change holds the whole text.
                let Some(change) = params.content_changes.into_iter().last() else {
                    return Vec::new();
                };
                self.update(
                    params.text_document.uri,
                    params.text_document.version,
                    change.text,
                )
            }
            lsp::notification::DidSaveTextDocument::METHOD => {
                // `.jmap.yaml` may have changed: lint every open file again.
                let open: Vec<(lsp::Uri, i32, String)> = self
                    .documents
                    .iter()
                    .map(|(uri, document)| {
                        (
                            uri.clone(),
                            document.version,
                            document.analysis.source.text.to_string(),
                        )
                    })
                    .collect();
                open.into_iter()
                    .flat_map(|(uri, version, text)| self.update(uri, version, text))
                    .collect()
            }
            lsp::notification::DidCloseTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(params)
                else {
                    return Vec::new();
                };
                self.documents.remove(&params.text_document.uri);
                vec![publish(params.text_document.uri, Vec::new(), None)]
            }
            _ => Vec::new(),
        }
    }

    /// Re-analyses a document and returns its diagnostics notification.
    fn update(&mut self, uri: lsp::Uri, version: i32, text: String) -> Vec<Notification> {
        let path = file_path(&uri);
        let analysis = analyze(path.as_deref(), &display_name(&uri, path.as_deref()), text);
        let diagnostics = diagnostics(&analysis, self.encoding, &uri);
        self.documents
            .insert(uri.clone(), Document { version, analysis });
        vec![publish(uri, diagnostics, Some(version))]
    }

    fn document(&self, uri: &lsp::Uri) -> Result<&Document, Failure> {
        self.documents.get(uri).ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("{} is not open", uri.as_str()),
            )
        })
    }

    fn at(&self, at: &lsp::TextDocumentPositionParams) -> Result<(&Document, usize), Failure> {
        let document = self.document(&at.text_document.uri)?;
        let offset = position::offset(&document.analysis.source, self.encoding, at.position);
        Ok((document, offset))
    }

    fn range(&self, source: &SourceFile, span: Span) -> lsp::Range {
        position::range(source, self.encoding, span)
    }

    fn locations(&self, uri: &lsp::Uri, spans: &[Span]) -> Vec<lsp::Location> {
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        spans
            .iter()
            .map(|span| {
                lsp::Location::new(uri.clone(), self.range(&document.analysis.source, *span))
            })
            .collect()
    }

    fn text_edits(
        &self,
        source: &SourceFile,
        edits: &[crate::edit::TextEdit],
    ) -> Vec<lsp::TextEdit> {
        edits
            .iter()
            .map(|edit| {
                lsp::TextEdit::new(
                    self.range(source, Span::new(edit.range.start, edit.range.end)),
                    edit.new_text.clone(),
                )
            })
            .collect()
    }

    fn workspace_edit(
        &self,
        uri: &lsp::Uri,
        source: &SourceFile,
        edits: &[crate::edit::TextEdit],
    ) -> lsp::WorkspaceEdit {
        // `lsp_types` keys the edit map by `Uri`; its hash is that of its text, never mutated.
        #[allow(clippy::mutable_key_type)]
        let mut changes = HashMap::new();
        changes.insert(uri.clone(), self.text_edits(source, edits));
        lsp::WorkspaceEdit::new(changes)
    }

    fn completion(
        &self,
        at: &lsp::TextDocumentPositionParams,
    ) -> Result<lsp::CompletionResponse, Failure> {
        let (document, offset) = self.at(at)?;
        let source = &document.analysis.source;
        let items = features::completion(&document.analysis, &self.schema, offset)
            .into_iter()
            .enumerate()
            .map(|(order, item)| {
                let snippet = item.kind == ItemKind::Snippet;
                lsp::CompletionItem {
                    label: item.label,
                    kind: Some(match item.kind {
                        ItemKind::Field => lsp::CompletionItemKind::FIELD,
                        ItemKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
                        ItemKind::Id => lsp::CompletionItemKind::REFERENCE,
                        ItemKind::Rule => lsp::CompletionItemKind::KEYWORD,
                        ItemKind::Snippet => lsp::CompletionItemKind::SNIPPET,
                    }),
                    detail: item.detail,
                    documentation: item.documentation.map(|text| {
                        lsp::Documentation::MarkupContent(lsp::MarkupContent {
                            kind: lsp::MarkupKind::Markdown,
                            value: text,
                        })
                    }),
                    sort_text: Some(format!("{order:04}")),
                    insert_text_format: Some(if snippet {
                        lsp::InsertTextFormat::SNIPPET
                    } else {
                        lsp::InsertTextFormat::PLAIN_TEXT
                    }),
                    insert_text_mode: snippet.then_some(lsp::InsertTextMode::ADJUST_INDENTATION),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                        self.range(source, item.replace),
                        item.insert,
                    ))),
                    ..Default::default()
                }
            })
            .collect();
        Ok(lsp::CompletionResponse::Array(items))
    }

    fn hover(&self, at: &lsp::TextDocumentPositionParams) -> Result<Option<lsp::Hover>, Failure> {
        let (document, offset) = self.at(at)?;
        Ok(
            features::hover(&document.analysis, &self.schema, offset).map(|(markdown, span)| {
                lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(self.range(&document.analysis.source, span)),
                }
            }),
        )
    }

    fn code_actions(
        &self,
        params: &lsp::CodeActionParams,
    ) -> Result<Vec<lsp::CodeActionOrCommand>, Failure> {
        let uri = &params.text_document.uri;
        let document = self.document(uri)?;
        let source = &document.analysis.source;
        let start = position::offset(source, self.encoding, params.range.start);
        let end = position::offset(source, self.encoding, params.range.end);
        let actions = features::code_actions(&document.analysis, Span::new(start, end));
        Ok(actions
            .into_iter()
            .map(|action| {
                let finding = document.analysis.findings.get(action.finding);
                lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: action.title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: finding
                        .map(|finding| vec![diagnostic(finding, source, self.encoding, uri)]),
                    edit: Some(self.workspace_edit(uri, source, &action.edits)),
                    is_preferred: Some(action.preferred),
                    ..Default::default()
                })
            })
            .collect())
    }

    fn symbol(&self, source: &SourceFile, symbol: &features::Symbol) -> lsp::DocumentSymbol {
        #[allow(deprecated)]
        lsp::DocumentSymbol {
            name: symbol.name.clone(),
            detail: Some(symbol.detail.clone()),
            kind: match symbol.kind {
                index::Kind::Stage => lsp::SymbolKind::NAMESPACE,
                index::Kind::Touchpoint => lsp::SymbolKind::EVENT,
                index::Kind::Lane => lsp::SymbolKind::CLASS,
                index::Kind::Metric => lsp::SymbolKind::NUMBER,
            },
            tags: None,
            deprecated: None,
            range: self.range(source, symbol.range),
            selection_range: self.range(source, symbol.selection),
            children: (!symbol.children.is_empty()).then(|| {
                symbol
                    .children
                    .iter()
                    .map(|child| self.symbol(source, child))
                    .collect()
            }),
        }
    }
}

fn publish(uri: lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) -> Notification {
    Notification::new(
        lsp::notification::PublishDiagnostics::METHOD.to_string(),
        lsp::PublishDiagnosticsParams::new(uri, diagnostics, version),
    )
}

/// Loads, indexes and lints a text the way `jmap lint` would lint the file at `path`.
pub fn analyze(path: Option<&Path>, display: &str, text: String) -> Analysis {
    let text: Arc<str> = Arc::from(text);
    let mut index = Index::default();
    let (config, config_error) = config_for(path);
    let today = today();
    // One parse: the index is built from the raw document the loader reads anyway.
    let loaded = crate::load::load_inspecting(display, Arc::clone(&text), |document| {
        index = Index::build(&text, document);
    });
    let (source, mut findings) = match loaded {
        Ok(journey) => {
            let findings = crate::lint::lint(&journey, &config, today);
            (Arc::clone(&journey.source), findings)
        }
        Err(errors) => (errors.source, errors.findings),
    };
    if let Some(error) = config_error {
        findings.insert(0, error);
    }
    Analysis {
        source,
        findings,
        index,
    }
}

/// The configuration that applies to a file: `.jmap.yaml` found from its folder up to the
/// git root, as `jmap lint` run there would find it. A broken configuration is reported
/// at the top of the file, and the defaults apply.
fn config_for(path: Option<&Path>) -> (Config, Option<Finding>) {
    let Some(folder) = path.and_then(Path::parent) else {
        return (Config::default(), None);
    };
    match crate::config::load(None, folder) {
        Ok(config) => (config, None),
        Err(error) => {
            let message = match error {
                crate::config::ConfigError::Io(path, error) => {
                    format!("cannot read {}: {error}", path.display())
                }
                crate::config::ConfigError::Invalid(errors) => {
                    let first = errors.findings.first().map(|finding| {
                        let at = errors.source.line_col(finding.span.start);
                        format!(
                            "{}:{}:{}: {}",
                            errors.source.path, at.line, at.column, finding.message
                        )
                    });
                    first.unwrap_or_else(|| format!("{} is not valid", errors.source.path))
                }
            };
            let finding = Finding::error(
                "config",
                Span::new(0, 0),
                format!("the project configuration is broken, defaults apply here: {message}"),
            )
            .with_help("fix `.jmap.yaml`; `jmap lint` stops with exit 2 until then");
            (Config::default(), Some(finding))
        }
    }
}

fn today() -> jiff::civil::Date {
    std::env::var("JMAP_TODAY")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| {
            jiff::Timestamp::now()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
        })
}

/// The local path of a `file:` URI.
fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

fn display_name(uri: &lsp::Uri, path: Option<&Path>) -> String {
    path.map_or_else(
        || uri.as_str().to_string(),
        |path| path.display().to_string(),
    )
}

fn diagnostics(analysis: &Analysis, encoding: Encoding, uri: &lsp::Uri) -> Vec<lsp::Diagnostic> {
    analysis
        .findings
        .iter()
        .map(|finding| diagnostic(finding, &analysis.source, encoding, uri))
        .collect()
}

/// A finding as a diagnostic: its rule as the code, its help after the message.
fn diagnostic(
    finding: &Finding,
    source: &SourceFile,
    encoding: Encoding,
    uri: &lsp::Uri,
) -> lsp::Diagnostic {
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    let related: Vec<lsp::DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|(span, label)| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), position::range(source, encoding, *span)),
            message: label.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: position::range(source, encoding, finding.span),
        severity: Some(match finding.level {
            Level::Error => lsp::DiagnosticSeverity::ERROR,
            Level::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(finding.rule.to_string())),
        code_description: None,
        source: Some("jmap".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

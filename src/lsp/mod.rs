//! `jmap lsp`: a language server over stdio (`lsp-server` + `lsp-types`).
//!
//! Diagnostics are exactly `jmap lint`'s findings for the file, with the `.jmap.yaml` found
//! from the file's folder; the features in [`features`] work on byte offsets and this module
//! converts positions in the negotiated encoding ([`position`]). Every request is answered:
//! bad parameters get an error response, never a dead server.

mod analysis;
mod context;
mod cross;
mod features;
mod files;
mod index;
mod position;
mod schema;

use crate::diagnostic::{Finding, Level};
use crate::source::{SourceFile, Span};
use features::{Analysis, FileKind, FileRef, ItemKind, Place};
use files::Files;
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
    let roots = workspace_roots(&params);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "jmap", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|error| error.to_string())?;
    if watch {
        send(connection, Message::Request(watch_request()))?;
    }
    let mut server = Server {
        encoding,
        documents: HashMap::new(),
        schema: schema::Schema::new(),
        library_schema: schema::Schema::library(),
        roots,
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

/// The workspace folders, else the root URI, as local paths.
fn workspace_roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| file_path(&folder.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty()
        && let Some(path) = params.root_uri.as_ref().and_then(file_path)
    {
        roots.push(path);
    }
    roots
}

/// Asks the client to report changes of libraries and `.jmap.yaml` files on disk.
fn watch_request() -> Request {
    let watchers: Vec<lsp::FileSystemWatcher> = ["**/*.jmap-lib.yaml", "**/.jmap.yaml"]
        .iter()
        .map(|glob| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect();
    let registration = lsp::Registration {
        id: "jmap-watch".to_string(),
        method: lsp::notification::DidChangeWatchedFiles::METHOD.to_string(),
        register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers,
        })
        .ok(),
    };
    Request::new(
        lsp_server::RequestId::from("jmap-watch".to_string()),
        lsp::request::RegisterCapability::METHOD.to_string(),
        lsp::RegistrationParams {
            registrations: vec![registration],
        },
    )
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
    /// Its local path (normalized), for a `file:` URI.
    path: Option<PathBuf>,
    /// The editor's text.
    text: Arc<str>,
    analysis: Arc<Analysis>,
}

struct Server {
    encoding: Encoding,
    documents: HashMap<lsp::Uri, Document>,
    schema: schema::Schema,
    library_schema: schema::Schema,
    /// Workspace folders: where the journeys that use a library are looked for.
    roots: Vec<PathBuf>,
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
                let declaration = params.context.include_declaration;
                if let Some((target, library)) = self.target(document, offset) {
                    let journeys = self.journeys_using(&target.library);
                    let found = cross::references(&target, &library, &journeys, declaration);
                    let places: Vec<Place> = found
                        .into_iter()
                        .flat_map(|(file, spans)| {
                            spans.into_iter().map(move |span| Place {
                                file: Some(file.clone()),
                                span,
                            })
                        })
                        .collect();
                    return json(serde_json::to_value(
                        self.locations(&at.text_document.uri, &places),
                    ));
                }
                let places: Vec<Place> =
                    features::references(&document.analysis, offset, declaration)
                        .into_iter()
                        .map(Place::here)
                        .collect();
                json(serde_json::to_value(
                    self.locations(&at.text_document.uri, &places),
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
                if let Some((target, library)) = self.target(document, offset) {
                    let journeys = self.journeys_using(&target.library);
                    let edits = cross::rename(&target, &library, &journeys, &params.new_name)
                        .map_err(|message| (ErrorCode::RequestFailed, message))?;
                    return json(serde_json::to_value(self.workspace_edits(&edits)));
                }
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
            lsp::notification::DidSaveTextDocument::METHOD
            | lsp::notification::DidChangeWatchedFiles::METHOD => {
                // `.jmap.yaml` or a library on disk may have changed: analyse every open
                // file again, libraries first.
                self.refresh(|_| true)
            }
            lsp::notification::DidCloseTextDocument::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(params)
                else {
                    return Vec::new();
                };
                let uri = params.text_document.uri;
                let closed = self.documents.remove(&uri);
                let mut out = vec![publish(uri, Vec::new(), None)];
                // A closed library is read from disk again by the journeys that use it.
                if let Some(path) = closed
                    .filter(|document| document.analysis.kind == FileKind::Library)
                    .and_then(|document| document.path)
                {
                    out.extend(self.refresh(|document| uses(document, &path)));
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// Re-analyses a document and returns its diagnostics notification; for a library, the
    /// open journeys that use it are analysed again too.
    fn update(&mut self, uri: lsp::Uri, version: i32, text: String) -> Vec<Notification> {
        let mut out = self.reanalyse(uri.clone(), version, Arc::from(text));
        let library = self
            .documents
            .get(&uri)
            .filter(|document| document.analysis.kind == FileKind::Library)
            .and_then(|document| document.path.clone());
        if let Some(path) = library {
            out.extend(self.refresh(|document| uses(document, &path)));
        }
        out
    }

    /// Analyses a document's text, keeps it and returns its diagnostics notification.
    fn reanalyse(&mut self, uri: lsp::Uri, version: i32, text: Arc<str>) -> Vec<Notification> {
        let path = file_path(&uri).map(|path| crate::load::library::normalize(&path));
        let display = display_name(&uri, path.as_deref());
        let analysis = if analysis::is_library(&display) {
            analysis::library(&display, text.as_bytes().to_vec())
        } else {
            analysis::journey(
                path.as_deref(),
                &display,
                Arc::clone(&text),
                &self.files(),
                true,
            )
        };
        let diagnostics = diagnostics(&analysis, self.encoding, &uri);
        self.documents.insert(
            uri.clone(),
            Document {
                version,
                path,
                text,
                analysis: Arc::new(analysis),
            },
        );
        vec![publish(uri, diagnostics, Some(version))]
    }

    /// Analyses again the open documents `which` selects (libraries first, so journeys see
    /// their new state) and returns their diagnostics notifications.
    fn refresh(&mut self, which: impl Fn(&Document) -> bool) -> Vec<Notification> {
        let mut selected: Vec<(bool, lsp::Uri, i32, Arc<str>)> = self
            .documents
            .iter()
            .filter(|(_, document)| which(document))
            .map(|(uri, document)| {
                (
                    document.analysis.kind == FileKind::Journey,
                    uri.clone(),
                    document.version,
                    Arc::clone(&document.text),
                )
            })
            .collect();
        selected.sort_by(|a, b| (a.0, a.1.as_str()).cmp(&(b.0, b.1.as_str())));
        selected
            .into_iter()
            .flat_map(|(_, uri, version, text)| self.reanalyse(uri, version, text))
            .collect()
    }

    /// The open documents' texts, over the disk.
    fn files(&self) -> Files {
        let mut files = Files::default();
        for document in self.documents.values() {
            let Some(path) = &document.path else { continue };
            let library = (document.analysis.kind == FileKind::Library)
                .then(|| Arc::clone(&document.analysis));
            files.insert(path, Arc::clone(&document.text), library);
        }
        files
    }

    /// The library definition the id at `offset` stands for, with the library analysed.
    fn target(&self, document: &Document, offset: usize) -> Option<(cross::Target, Arc<Analysis>)> {
        let target = cross::target(&document.analysis, document.path.as_deref(), offset)?;
        let library = self.files().library(&target.library)?;
        Some((target, library))
    }

    /// The journeys that use a library: the open ones, then those in the workspace folders
    /// (read from disk, indexed without linting).
    fn journeys_using(&self, library: &Path) -> Vec<cross::Journey> {
        let mut journeys: Vec<cross::Journey> = Vec::new();
        for document in self.documents.values() {
            let Some(path) = &document.path else { continue };
            if document.analysis.kind == FileKind::Journey && uses(document, library) {
                journeys.push(cross::Journey {
                    path: crate::load::library::normalize(path),
                    analysis: Arc::clone(&document.analysis),
                });
            }
        }
        let files = self.files();
        let name = library
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        for path in self
            .roots
            .iter()
            .flat_map(|root| files::journeys_under(root))
        {
            if files.is_open(&path) || journeys.iter().any(|journey| journey.path == path) {
                continue;
            }
            let Ok(text) = files.text(&path) else {
                continue;
            };
            let display = files::display(&path);
            // Cheap first: a journey that uses the library names its file.
            if !text.contains(name.as_str())
                || !crate::load::library::uses_of(&display, &text)
                    .iter()
                    .any(|used| used.as_path() == library)
            {
                continue;
            }
            let analysis = analysis::journey(Some(&path), &display, text, &files, false);
            journeys.push(cross::Journey {
                path,
                analysis: Arc::new(analysis),
            });
        }
        journeys.sort_by(|a, b| a.path.cmp(&b.path));
        journeys
    }

    /// The URI of a file: the open document's, else a `file:` URI of its path.
    fn uri_for(&self, path: &Path) -> Option<lsp::Uri> {
        let path = crate::load::library::normalize(path);
        self.documents
            .iter()
            .find(|(_, document)| {
                document
                    .path
                    .as_deref()
                    .is_some_and(|open| crate::load::library::normalize(open) == path)
            })
            .map(|(uri, _)| uri.clone())
            .or_else(|| file_uri(&path))
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

    fn locations(&self, uri: &lsp::Uri, places: &[Place]) -> Vec<lsp::Location> {
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        places
            .iter()
            .filter_map(|place| match &place.file {
                None => Some(lsp::Location::new(
                    uri.clone(),
                    self.range(&document.analysis.source, place.span),
                )),
                Some(file) => Some(lsp::Location::new(
                    self.uri_for(&file.path)?,
                    self.range(&file.source, place.span),
                )),
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

    /// One edit over several files (a rename across a library and its journeys).
    fn workspace_edits(
        &self,
        files: &[(FileRef, Vec<crate::edit::TextEdit>)],
    ) -> lsp::WorkspaceEdit {
        // `lsp_types` keys the edit map by `Uri`; its hash is that of its text, never mutated.
        #[allow(clippy::mutable_key_type)]
        let mut changes = HashMap::new();
        for (file, edits) in files {
            if let Some(uri) = self.uri_for(&file.path) {
                changes.insert(uri, self.text_edits(&file.source, edits));
            }
        }
        lsp::WorkspaceEdit::new(changes)
    }

    fn completion(
        &self,
        at: &lsp::TextDocumentPositionParams,
    ) -> Result<lsp::CompletionResponse, Failure> {
        let (document, offset) = self.at(at)?;
        let source = &document.analysis.source;
        let schema = self.schema_of(document);
        let items = features::completion(&document.analysis, schema, offset)
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

    fn schema_of(&self, document: &Document) -> &schema::Schema {
        match document.analysis.kind {
            FileKind::Journey => &self.schema,
            FileKind::Library => &self.library_schema,
        }
    }

    fn hover(&self, at: &lsp::TextDocumentPositionParams) -> Result<Option<lsp::Hover>, Failure> {
        let (document, offset) = self.at(at)?;
        Ok(
            features::hover(&document.analysis, self.schema_of(document), offset).map(
                |(markdown, span)| lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(self.range(&document.analysis.source, span)),
                },
            ),
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

/// Loads, indexes and lints a text the way `jmap lint` would lint the file at `path`
/// (a journey, or a library when the name says so), libraries read from disk.
pub fn analyze(path: Option<&Path>, display: &str, text: String) -> Analysis {
    if analysis::is_library(display) {
        return analysis::library(display, text.into_bytes());
    }
    analysis::journey(path, display, Arc::from(text), &Files::default(), true)
}

/// Whether an open journey uses the library at `path`.
fn uses(document: &Document, path: &Path) -> bool {
    let path = crate::load::library::normalize(path);
    document.analysis.uses.iter().any(|used| used.path == path)
}

/// The local path of a `file:` URI.
fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// A `file:` URI for a local path.
fn file_uri(path: &Path) -> Option<lsp::Uri> {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let text = path.to_str()?;
    let encoded = percent_encoding::utf8_percent_encode(text, KEEP);
    format!("file://{encoded}").parse().ok()
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

//! The last line of defence: if the app panics, the page is replaced by a plain error view
//! (built with DOM calls, no markup strings) that offers the learner's data as a download.
//!
//! A panic in wasm stops the app for good, so the download is prepared inside the hook from
//! text that is already at hand: the last envelope of each document the app read or wrote
//! (kept by [`remember_body`]).

use std::cell::RefCell;
use std::collections::BTreeMap;

use lakelab_core::export::export_stored_bodies;
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::segments::{self, join};
use lakelab_core::persist::Write;
use lakelab_core::Workspace;
use wasm_bindgen::{JsCast, JsValue};

use super::clock::now_ms;

thread_local! {
    static BODIES: RefCell<BTreeMap<&'static str, String>> = const { RefCell::new(BTreeMap::new()) };
    /// Segment record texts by key (the workspace's runs), kept in step with the store.
    static SEGMENTS: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
    /// Artifact file bytes by blob id (`<run_id>/<path>`).
    static FILES: RefCell<BTreeMap<String, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Keeps the segment texts and artifact files read at start-up.
pub fn remember_segments(
    segments: &[(String, String)],
    files: impl Iterator<Item = (String, Vec<u8>)>,
) {
    SEGMENTS.with(|cell| {
        if let Ok(mut map) = cell.try_borrow_mut() {
            map.extend(segments.iter().cloned());
        }
    });
    FILES.with(|cell| {
        if let Ok(mut map) = cell.try_borrow_mut() {
            map.extend(files);
        }
    });
}

/// Applies a save's segment writes to the kept texts (before the save is committed: the
/// download then has the newest data, saved or not).
pub fn remember_writes(writes: &[Write]) {
    let blob_prefix = segments::blob_prefix("workspace");
    SEGMENTS.with(|segments| {
        FILES.with(|files| {
            let (Ok(mut segments), Ok(mut files)) =
                (segments.try_borrow_mut(), files.try_borrow_mut())
            else {
                return;
            };
            for write in writes {
                match write {
                    Write::Put { key, record } => {
                        segments.insert(key.clone(), record.body.clone());
                    }
                    Write::PutBytes { key, bytes } => {
                        let id = key.strip_prefix(&blob_prefix).unwrap_or(key);
                        files.insert(id.to_string(), bytes.clone());
                    }
                    Write::Delete { key } => {
                        segments.remove(key);
                        if let Some(id) = key.strip_prefix(&blob_prefix) {
                            files.remove(id);
                        }
                    }
                    Write::DeletePrefix { prefix } => {
                        segments.retain(|k, _| !k.starts_with(prefix));
                        if prefix.starts_with(&blob_prefix) || blob_prefix.starts_with(prefix) {
                            files.clear();
                        }
                    }
                }
            }
        })
    });
}

/// Keeps the latest envelope text of a document (by store key) for the panic download.
pub fn remember_body(key: &'static str, body: &str) {
    BODIES.with(|cell| {
        if let Ok(mut map) = cell.try_borrow_mut() {
            map.insert(key, body.to_string());
        }
    });
}

fn remembered(key: &str) -> Option<String> {
    BODIES.with(|cell| cell.try_borrow().ok().and_then(|m| m.get(key).cloned()))
}

/// Installs the hook: console message first (for developers), then the error view.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn export_text() -> String {
    let meta = SaveMeta {
        app_version: env!("CARGO_PKG_VERSION"),
        saved_at_ms: now_ms(),
    };
    let segments: Vec<(String, String)> = SEGMENTS.with(|cell| {
        cell.try_borrow()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    });
    let workspace =
        remembered("workspace").map(|body| join::<Workspace>("workspace", &body, &segments));
    let files = FILES.with(|cell| cell.try_borrow().map(|m| m.clone()).unwrap_or_default());
    export_stored_bodies(
        workspace.as_deref(),
        remembered("progress").as_deref(),
        remembered("settings").as_deref(),
        &files,
        meta,
    )
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let el = |tag: &str, text: &str| {
        document
            .create_element(tag)
            .inspect(|e| e.set_text_content(Some(text)))
    };
    let Ok(main) = document.create_element("main") else {
        return;
    };
    main.set_class_name("panic-view");
    main.set_attribute("role", "alert").ok();
    let parts = [
        el("h1", "Lakelab stopped because of an internal error"),
        el(
            "p",
            "Your saved work is still in this browser. Download a copy now, then reload the \
             page. If it happens again, import the copy on the Settings page after a reset.",
        ),
        el("pre", message),
    ];
    for part in parts.into_iter().flatten() {
        let _ = main.append_child(&part);
    }
    if let Some(link) = download_link(&document, &export_text()) {
        let _ = main.append_child(&link);
    }
    // A plain link: after a panic the wasm module cannot run event handlers any more.
    if let Ok(reload) = el("a", "Reload Lakelab") {
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "./".into());
        reload.set_attribute("href", &path).ok();
        let _ = main.append_child(&reload);
    }
    body.set_text_content(None);
    let _ = body.append_child(&main);
}

fn download_link(document: &web_sys::Document, text: &str) -> Option<web_sys::Element> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.unchecked_into();
    link.set_href(&url);
    link.set_download("lakelab-rescue.json");
    link.set_text_content(Some("Download my data"));
    link.set_class_name("button");
    Some(link.into())
}

//! The page's side of the AutoML Web Worker: spawns `automl_worker.js` as a module worker,
//! has it load this same wasm build (the URLs come from the page's own preload links, so no
//! second download), sends the job once the worker is ready, and hands every event to the
//! page. Dropping the handle terminates the worker.

use js_sys::{Object, Reflect, Uint8Array};
use lakelab_core::automl::WorkerEvent;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Url, Worker, WorkerOptions, WorkerType};

/// A running AutoML worker.
pub struct AutomlWorker {
    worker: Worker,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

fn absolute(document: &web_sys::Document, href: &str) -> Result<String, String> {
    let base = document
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_else(|| "/".into());
    Url::new_with_base(href, &base)
        .map(|u| u.href())
        .map_err(|_| format!("cannot resolve {href}"))
}

/// The URLs of the app's wasm-bindgen module and wasm file, from Trunk's preload links.
fn module_urls(document: &web_sys::Document) -> Result<(String, String), String> {
    let href = |selector: &str| {
        document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("href"))
            .ok_or_else(|| format!("the page has no {selector} to give the worker"))
    };
    let js = href("link[rel=modulepreload]")?;
    let wasm = href("link[rel=preload][as=fetch]")?;
    Ok((absolute(document, &js)?, absolute(document, &wasm)?))
}

fn message(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

impl AutomlWorker {
    /// Starts a worker that runs the job `spec_json` on `table_bytes`, calling `on_event` for
    /// each event (including `Ready`, after which the job is sent).
    pub fn spawn(
        spec_json: String,
        table_bytes: Vec<u8>,
        mut on_event: impl FnMut(WorkerEvent) + 'static,
    ) -> Result<AutomlWorker, String> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let (js, wasm) = module_urls(&document)?;
        let script = absolute(&document, "automl_worker.js")?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&script, &options)
            .map_err(|e| format!("the browser refused to start a worker: {e:?}"))?;
        let sender = worker.clone();
        let mut pending = Some((spec_json, table_bytes));
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let text = ev.data().as_string().unwrap_or_default();
            let event = WorkerEvent::from_json(&text)
                .unwrap_or_else(|message| WorkerEvent::Failed { message });
            if event == WorkerEvent::Ready {
                if let Some((spec, bytes)) = pending.take() {
                    let table = Uint8Array::from(bytes.as_slice());
                    let msg = message(&[
                        ("kind", &JsValue::from_str("start")),
                        ("spec", &JsValue::from_str(&spec)),
                        ("table", &table.into()),
                    ]);
                    if sender.post_message(&msg).is_err() {
                        on_event(WorkerEvent::Failed {
                            message: "the job could not be sent to the worker".into(),
                        });
                        return;
                    }
                }
            }
            on_event(event);
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker
            .post_message(&message(&[
                ("kind", &JsValue::from_str("init")),
                ("js", &JsValue::from_str(&js)),
                ("wasm", &JsValue::from_str(&wasm)),
            ]))
            .map_err(|e| format!("the worker could not be initialised: {e:?}"))?;
        Ok(AutomlWorker {
            worker,
            _onmessage: onmessage,
        })
    }

    /// Asks the worker to stop after the trial in progress.
    pub fn cancel(&self) {
        let _ = self
            .worker
            .post_message(&message(&[("kind", &JsValue::from_str("cancel"))]));
    }
}

impl Drop for AutomlWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

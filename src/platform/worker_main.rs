//! Inside the AutoML Web Worker: the app's own wasm module, started without a window, serves
//! AutoML jobs. A `start` message carries the job (JSON) and the table (bytes); the worker
//! answers with one JSON [`WorkerEvent`] per step and yields to its event loop between
//! trials, so a `cancel` message is seen before the next trial starts.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use lakelab_core::automl::{WorkerEvent, WorkerJob};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::clock::now_ms;
use super::yield_now::yield_now;

fn post(scope: &DedicatedWorkerGlobalScope, event: &WorkerEvent) {
    let _ = scope.post_message(&JsValue::from_str(&event.to_json()));
}

fn field(data: &JsValue, name: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let cancelled = Rc::new(Cell::new(false));
    let busy = Rc::new(RefCell::new(false));
    let handler_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        match field(&data, "kind").as_string().as_deref() {
            Some("cancel") => cancelled.set(true),
            Some("start") if !*busy.borrow() => {
                let spec = field(&data, "spec").as_string().unwrap_or_default();
                let table = field(&data, "table");
                let bytes = if table.is_instance_of::<Uint8Array>() {
                    Uint8Array::new(&table).to_vec()
                } else {
                    Vec::new()
                };
                let (job, event) = WorkerJob::start(&spec, &bytes, now_ms());
                post(&handler_scope, &event);
                if let Some(job) = job {
                    *busy.borrow_mut() = true;
                    cancelled.set(false);
                    let scope = handler_scope.clone();
                    let cancelled = cancelled.clone();
                    let busy = busy.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        drive(job, &scope, &cancelled).await;
                        *busy.borrow_mut() = false;
                    });
                }
            }
            Some("start") => post(
                &handler_scope,
                &WorkerEvent::Failed {
                    message: "an AutoML run is already in progress in this worker".into(),
                },
            ),
            _ => {}
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &WorkerEvent::Ready);
}

async fn drive(mut job: WorkerJob, scope: &DedicatedWorkerGlobalScope, cancelled: &Cell<bool>) {
    let mut now = now_ms;
    loop {
        yield_now().await;
        if cancelled.get() {
            job.cancel();
        }
        let event = job.step(&mut now);
        let done = matches!(event, WorkerEvent::Done { .. } | WorkerEvent::Failed { .. });
        post(scope, &event);
        if done {
            return;
        }
    }
}

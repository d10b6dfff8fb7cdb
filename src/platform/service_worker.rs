//! Registering the service worker (`sw.js`, which precaches the build for offline use) and
//! noticing when a newer build is waiting, so the app can offer "Update available".

use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Missing on plain-HTTP origins other than localhost: the app then simply works online-only.
    Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers `sw.js` (resolved against `<base href>`, so a sub-path build registers its own)
/// and calls `on_waiting` whenever a new build has installed while an older one controls the
/// page. Failures are logged, never fatal: the app works without offline support.
pub async fn register(on_waiting: impl Fn(ServiceWorker) + Clone + 'static) {
    let Some(container) = container() else {
        return;
    };
    let registration: ServiceWorkerRegistration =
        match JsFuture::from(container.register("sw.js")).await {
            Ok(reg) => reg.unchecked_into(),
            Err(err) => {
                web_sys::console::warn_2(&"Lakelab: offline support unavailable:".into(), &err);
                return;
            }
        };
    let has_controller = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    if let (Some(waiting), true) = (registration.waiting(), has_controller()) {
        on_waiting(waiting);
    }
    let reg = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = reg.installing() else {
            return;
        };
        let worker = installing.clone();
        let on_waiting = on_waiting.clone();
        let has_controller = has_controller.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && has_controller() {
                on_waiting(worker.clone());
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// Activates the waiting build and reloads once it controls the page.
pub fn activate(waiting: &ServiceWorker) {
    if let Some(container) = container() {
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
    }
    let message = js_sys::Object::new();
    let _ = Reflect::set(&message, &"type".into(), &JsValue::from_str("SKIP_WAITING"));
    let _ = waiting.post_message(&message);
}

//! Asking the browser not to evict Lakelab's storage (`navigator.storage.persist()`).
//! Without it, browsers may clear IndexedDB and localStorage of sites not visited for a while.

use js_sys::{Promise, Reflect};
use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let has = Reflect::has(&navigator, &"storage".into()).unwrap_or(false);
    has.then(|| navigator.storage())
}

async fn ask(
    call: impl FnOnce(&web_sys::StorageManager) -> Result<Promise, wasm_bindgen::JsValue>,
) -> Option<bool> {
    let promise = call(&manager()?).ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Whether the browser already keeps the storage persistently; `None` if it cannot tell.
pub async fn persisted() -> Option<bool> {
    ask(|m| m.persisted()).await
}

/// Asks for persistent storage; the answer says whether it was granted.
pub async fn request() -> Option<bool> {
    ask(|m| m.persist()).await
}

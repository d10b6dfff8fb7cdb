//! Fetches the bundled datasets (`datasets/...`, served with the app and cached by the service
//! worker for offline use) so notebook cells can read them under `/databricks-datasets/lakelab/`
//! (see `lakelab_core::datasets`).

use lakelab_core::datasets::{mount, Mounted, DATASETS};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn text(e: wasm_bindgen::JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Every bundled file, or why one could not be fetched. URLs are relative to the document's
/// base, so the app works under a sub-path.
pub async fn load() -> Result<Mounted, String> {
    let window = web_sys::window().ok_or("no window")?;
    let mut files = Vec::with_capacity(DATASETS.len());
    for d in DATASETS {
        let url = format!("datasets/{}", d.file);
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
            .await
            .map_err(text)?
            .dyn_into()
            .map_err(text)?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(text)?)
            .await
            .map_err(text)?;
        files.push((
            d.file.to_string(),
            js_sys::Uint8Array::new(&buffer).to_vec(),
        ));
    }
    Ok(mount(files))
}

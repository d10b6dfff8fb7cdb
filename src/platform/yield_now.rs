//! Giving the browser a turn: a future that resolves on a zero-delay timer, so input (an
//! Interrupt click) and painting happen between long steps such as the cells of Run all.

use wasm_bindgen_futures::JsFuture;

/// Resolves after the browser has had a chance to handle queued events.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| match web_sys::window() {
        Some(w) => {
            if w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_err()
            {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
        None => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

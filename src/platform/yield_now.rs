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
        // In a worker: its own timer, so queued messages (a Cancel) are handled first.
        None => {
            use wasm_bindgen::JsCast;
            let scheduled = js_sys::global()
                .dyn_into::<web_sys::WorkerGlobalScope>()
                .ok()
                .and_then(|g| {
                    g.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                        .ok()
                });
            if scheduled.is_none() {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    });
    let _ = JsFuture::from(promise).await;
}

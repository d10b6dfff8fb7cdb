//! `?bench=tracking`: runs the engine benchmark workload in this tab (the release wasm, in a
//! real browser) and shows the figures as JSON in `<pre data-testid="bench-result">`, for
//! `scripts/bench.sh`. The learner's stored data is not opened or touched in this mode.

/// Runs the workload named in the address, if any; returns whether it did (then the app does
/// not start).
pub fn run_if_asked() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let search = window.location().search().unwrap_or_default();
    if !search.split(['?', '&']).any(|p| p == "bench=tracking") {
        return false;
    }
    let performance = window.performance();
    let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
    let text = match lakelab_core::bench::tracking(&mut clock) {
        Ok(figures) => figures.to_string(),
        Err(e) => format!("{{\"error\": {}}}", serde_json::Value::String(e)),
    };
    if let Some(document) = window.document() {
        if let (Some(body), Ok(pre)) = (document.body(), document.create_element("pre")) {
            pre.set_text_content(Some(&text));
            let _ = pre.set_attribute("data-testid", "bench-result");
            body.set_text_content(None);
            let _ = body.append_child(&pre);
        }
    }
    true
}

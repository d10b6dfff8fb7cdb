//! Wall-clock time for the core, which never reads the clock itself.
//! (`std::time::SystemTime::now` panics on wasm32-unknown-unknown.)

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A monotonic, sub-millisecond clock (`performance.now()`) for timing work on the page;
/// 0 where the browser has none.
pub fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

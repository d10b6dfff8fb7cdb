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

/// The browser's time-zone offset, in minutes east of UTC (the learner's "today" for reviews).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

//! Wall-clock time for the core, which never reads the clock itself.
//! (`std::time::SystemTime::now` panics on wasm32-unknown-unknown.)

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

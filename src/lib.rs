//! Lakelab's browser UI: a thin leptos layer over `lakelab-core`.
//!
//! `start` installs the crash view, reads stored state, then mounts the app. Pages live in
//! `routes/`, one file per page; reusable pieces in `components/`, one per file; everything
//! that touches a browser API in `platform/`.
//!
//! The crate is empty when built natively: the UI only exists in the browser.
#![cfg(target_arch = "wasm32")]

pub mod app;
// The benchmark workloads (`?bench=…`) ship only in bench builds (`--features bench`, built by
// the bench scripts and the test build stage), not in the app learners download.
#[cfg(feature = "bench")]
pub mod bench_automl_mode;
#[cfg(feature = "bench")]
pub mod bench_mode;
pub mod chart;
pub mod components;
pub mod platform;
pub mod routes;
pub mod run_columns;
pub mod state;

use leptos::prelude::*;

/// Entry point of the wasm binary.
pub fn start() {
    // The same module runs the AutoML Web Worker, where there is no window.
    if web_sys::window().is_none() {
        platform::worker_main::run();
        return;
    }
    platform::panic_view::install();
    #[cfg(feature = "bench")]
    if bench_mode::run_if_asked() {
        return;
    }
    // leptos' own executor starts in `mount_to_body`; reading storage comes before that.
    wasm_bindgen_futures::spawn_local(async {
        let stored = state::boot().await;
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        mount_to_body(move || view! { <app::App stored=stored /> });
    });
}

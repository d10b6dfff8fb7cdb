//! `?bench=tracking` (and `?bench=serving`, `?bench=serving&quick`): runs the engine
//! benchmark workload in this tab (the release wasm, in a
//! real browser) and shows the figures as JSON in `<pre data-testid="bench-result">`, for
//! `scripts/bench.sh`. The learner's stored data is not opened or touched in this mode: the save
//! workload uses a database of its own (`lakelab-bench`), deleted before and after.

use lakelab_core::bench;
use serde_json::Value;

use crate::platform::idb_store::IdbStore;

const BENCH_DB: &str = "lakelab-bench";

/// Runs the workload named in the address (`?bench=tracking`, or `?bench=automl`: see
/// `bench_automl_mode`), if any; returns whether it did (then the app does
/// not start).
pub fn run_if_asked() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let search = window.location().search().unwrap_or_default();
    let asked = |mode: &str| search.split(['?', '&']).any(|p| p == mode);
    let automl = asked("bench=automl");
    let serving = asked("bench=serving");
    if !automl && !serving && !asked("bench=tracking") {
        return false;
    }
    let quick = asked("quick");
    wasm_bindgen_futures::spawn_local(async move {
        let result = if automl {
            crate::bench_automl_mode::run().await
        } else if serving {
            run_serving(quick)
        } else {
            run().await
        };
        let text = match result {
            Ok(figures) => figures.to_string(),
            Err(e) => format!("{{\"error\": {}}}", Value::String(e)),
        };
        show(&text);
    });
    true
}

async fn run() -> Result<Value, String> {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
    let mut figures = bench::tracking(&mut clock)?;
    delete_db().await?;
    let store = IdbStore::open(BENCH_DB).await.map_err(|e| e.to_string())?;
    let saving = bench::persistence(&store, &mut clock).await;
    store.close();
    delete_db().await?;
    let saving = saving?;
    let tables = lakelab_core::bench_tables::tables_and_cells(&mut clock)?;
    let features = lakelab_core::bench_features::feature_store(&mut clock)?;
    if let Some(all) = figures.as_object_mut() {
        for more in [saving, tables, features] {
            if let Some(more) = more.as_object() {
                all.extend(more.clone());
            }
        }
    }
    Ok(figures)
}

/// The serving workloads (`lakelab_core::bench_serving`); `quick` is the tests' smoke size.
fn run_serving(quick: bool) -> Result<Value, String> {
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
    let size = if quick {
        lakelab_core::bench_serving::Size::quick()
    } else {
        lakelab_core::bench_serving::Size::FULL
    };
    lakelab_core::bench_serving::serving(&mut clock, size)
}

async fn delete_db() -> Result<(), String> {
    let factory = idb::Factory::new().map_err(|e| e.to_string())?;
    factory
        .delete(BENCH_DB)
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())
}

fn show(text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let (Some(body), Ok(pre)) = (document.body(), document.create_element("pre")) {
        pre.set_text_content(Some(text));
        let _ = pre.set_attribute("data-testid", "bench-result");
        body.set_text_content(None);
        let _ = body.append_child(&pre);
    }
}

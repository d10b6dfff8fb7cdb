//! `?bench=automl`: the AutoML benchmark of `lakelab_core::bench_automl` in this tab (the
//! release wasm, on the page's thread, as `?bench=tracking` runs its workloads), for
//! `scripts/bench_automl.sh`. The real datasets are not in the app: the driver
//! (`tests/e2e/bench_automl.mjs`) puts their CSV text in `window.__lakelabBenchAutoml`
//! (`{datasets: {iris: "...", ...}, budgets: [5, 15], synthetic: true}`) before the page loads;
//! the synthetic set is generated here from its seed. Between runs the page yields to the event
//! loop, and each run's figures go to the console, so a long benchmark shows its progress.

use js_sys::{Array, Reflect};
use lakelab_core::bench_automl::{self, Workload};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Where the driver leaves the datasets and budgets.
const SPEC: &str = "__lakelabBenchAutoml";

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The datasets and budgets the driver asked for.
fn spec() -> Result<(Vec<Workload>, Vec<f64>), String> {
    let window = web_sys::window().ok_or("no window")?;
    let spec = get(&window, SPEC).ok_or(format!("window.{SPEC} is not set by the driver"))?;
    let mut workloads = Vec::new();
    if let Some(datasets) = get(&spec, "datasets") {
        for (name, task) in bench_automl::REAL {
            if let Some(text) = get(&datasets, name).and_then(|t| t.as_string()) {
                workloads.push(bench_automl::real(name, task, &text)?);
            }
        }
    }
    if get(&spec, "synthetic").and_then(|v| v.as_bool()) == Some(true) {
        workloads.push(bench_automl::synthetic_workload()?);
    }
    let budgets: Vec<f64> = match get(&spec, "budgets") {
        Some(b) => Array::from(&b).iter().filter_map(|v| v.as_f64()).collect(),
        None => bench_automl::BUDGETS.to_vec(),
    };
    if workloads.is_empty() || budgets.is_empty() {
        return Err("no datasets or no budgets to run".into());
    }
    Ok((workloads, budgets))
}

/// Lets the page breathe (paint, answer the driver) between runs.
async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs the AutoML workload run by run; the same figures as `bench_automl::run`.
pub async fn run() -> Result<Value, String> {
    let (workloads, budgets) = spec()?;
    let performance = web_sys::window().and_then(|w| w.performance());
    let mut clock = || performance.as_ref().map_or(0.0, |p| p.now());
    let mut runs = Vec::new();
    let mut logistic = Value::Null;
    for w in &workloads {
        for &b in &budgets {
            yield_now().await;
            let mut log = |v: &Value| {
                web_sys::console::log_1(&JsValue::from_str(&format!("bench_automl: {v}")))
            };
            let figures = bench_automl::run(std::slice::from_ref(w), &[b], &mut clock, &mut log)?;
            if let Some(r) = figures.get("automl").and_then(Value::as_array) {
                runs.extend(r.iter().cloned());
            }
        }
        if w.name == bench_automl::SYNTHETIC_NAME {
            yield_now().await;
            logistic = bench_automl::logistic_fit(w, &mut clock)?;
        }
    }
    yield_now().await;
    let forecast = bench_automl::forecast_run(&mut clock)?;
    Ok(serde_json::json!({
        "seed": bench_automl::SEED,
        "split": format!("60/20/20 from column {} (stratified for classes)", bench_automl::SPLIT_COL),
        "automl": runs,
        "logistic_fit_100k_x_20": logistic,
        "forecast_3_series_x_365_days": forecast,
    }))
}

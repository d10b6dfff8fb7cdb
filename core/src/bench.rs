//! Benchmark workloads, shared by the native runner (`examples/bench_tracking.rs`) and the
//! browser (`?bench=tracking`), so both measure exactly the same work. The clock is passed in
//! (milliseconds from any origin): the core never reads time itself.

use serde_json::{json, Value};

use crate::persist::envelope::SaveMeta;
use crate::persist::session::{Loaded, Saver};
use crate::persist::{Store, Write};
use crate::rng::SeededRng;
use crate::tracking::{NewRun, RunQuery, Tracking};
use crate::Workspace;

const RUNS: u64 = 10_000;
const SEARCH_REPEATS: usize = 15;
const SAVE_REPEATS: usize = 15;

/// Logs one run (5 params, 5 metrics, 2 tags) at time `now`.
fn log_one_run(t: &mut Tracking, rng: &mut SeededRng, now: i64) -> Result<(), String> {
    let new = NewRun {
        user_id: "bench@lakelab".into(),
        tags: vec![
            ("team".into(), "ml".into()),
            ("source".into(), "bench".into()),
        ],
        ..Default::default()
    };
    let id = t.create_run("0", new, now).map_err(|e| e.message)?;
    for p in 0..5 {
        let value = if rng.unit() < 0.5 { "a" } else { "b" };
        t.log_param(&id, &format!("p{p}"), value)
            .map_err(|e| e.message)?;
    }
    for m in 0..5 {
        t.log_metric(&id, &format!("m{m}"), rng.unit(), now, 0)
            .map_err(|e| e.message)?;
    }
    Ok(())
}

/// Logs 10,000 runs into a store.
fn log_runs(t: &mut Tracking) -> Result<(), String> {
    let mut rng = SeededRng::new(7);
    for i in 0..RUNS {
        log_one_run(t, &mut rng, 1_764_000_000_000 + i as i64)?;
    }
    Ok(())
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

fn median_search_ms(
    t: &Tracking,
    max_results: usize,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Value, String> {
    let query = RunQuery {
        experiment_ids: vec!["0".into()],
        filter_string: "metrics.m1 > 0.5 and params.p1 = 'a'".into(),
        order_by: vec!["metrics.m2 DESC".into()],
        max_results,
        ..Default::default()
    };
    let mut times = Vec::with_capacity(SEARCH_REPEATS);
    let mut returned = 0;
    for _ in 0..SEARCH_REPEATS {
        let start = clock();
        let page = t.search_runs(&query).map_err(|e| e.message)?;
        times.push(clock() - start);
        returned = page.runs.len();
    }
    Ok(json!({"median_ms": round3(median(times)), "returned": returned}))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The tracking workloads: logging rate and search latency at 10,000 runs.
pub fn tracking(clock: &mut dyn FnMut() -> f64) -> Result<Value, String> {
    let mut t = Tracking::new(1, 0);
    let start = clock();
    log_runs(&mut t)?;
    let secs = (clock() - start) / 1000.0;
    Ok(json!({
        "tracking_log_runs": {
            "runs": RUNS,
            "seconds": round3(secs),
            "runs_per_second": (RUNS as f64 / secs).round(),
        },
        "tracking_search_ms": {
            "runs_in_store": RUNS,
            "repeats": SEARCH_REPEATS,
            "max_results_100": median_search_ms(&t, 100, clock)?,
            "max_results_1000": median_search_ms(&t, 1000, clock)?,
        },
    }))
}

/// The save workload on `store` (IndexedDB in the browser, memory natively): a workspace with
/// 10,000 runs is saved in full once, then one run is logged and its change set saved,
/// `SAVE_REPEATS` times. The change-set figure covers everything a save does after a change:
/// encoding (`Saver::prepare`) and the atomic write (`Saver::commit`).
pub async fn persistence<S: Store>(
    store: &S,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Value, String> {
    let mut ws = Workspace::default();
    log_runs(&mut ws.tracking)?;
    let meta = SaveMeta {
        app_version: "bench",
        saved_at_ms: 0,
    };
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    let start = clock();
    let prepared = saver.prepare(&mut ws, meta).map_err(|e| e.to_string())?;
    let full_bytes: usize =
        prepared.body.len() + prepared.writes.iter().map(write_bytes).sum::<usize>();
    saver
        .commit(store, prepared)
        .await
        .map_err(|e| e.to_string())?;
    let full_ms = clock() - start;

    let mut rng = SeededRng::new(11);
    let mut times = Vec::with_capacity(SAVE_REPEATS);
    let mut change_bytes = 0;
    for i in 0..SAVE_REPEATS {
        log_one_run(&mut ws.tracking, &mut rng, 1_765_000_000_000 + i as i64)?;
        let start = clock();
        let prepared = saver.prepare(&mut ws, meta).map_err(|e| e.to_string())?;
        change_bytes = prepared.body.len() + prepared.writes.iter().map(write_bytes).sum::<usize>();
        saver
            .commit(store, prepared)
            .await
            .map_err(|e| e.to_string())?;
        times.push(clock() - start);
    }
    Ok(json!({
        "workspace_full_save": {
            "runs_in_store": RUNS,
            "bytes": full_bytes,
            "ms": round3(full_ms),
        },
        "workspace_change_set_save": {
            "runs_in_store": RUNS,
            "change": "one run logged (5 params, 5 metrics, 2 tags)",
            "bytes": change_bytes,
            "repeats": SAVE_REPEATS,
            "median_ms": round3(median(times)),
        },
    }))
}

fn write_bytes(write: &Write) -> usize {
    match write {
        Write::Put { record, .. } => record.body.len(),
        _ => 0,
    }
}

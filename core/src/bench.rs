//! Benchmark workloads, shared by the native runner (`examples/bench_tracking.rs`) and the
//! browser (`?bench=tracking`), so both measure exactly the same work. The clock is passed in
//! (milliseconds from any origin): the core never reads time itself.

use serde_json::{json, Value};

use crate::persist::envelope::{encode, SaveMeta};
use crate::rng::SeededRng;
use crate::tracking::{NewRun, RunQuery, Tracking};
use crate::Workspace;

const RUNS: u64 = 10_000;
const SEARCH_REPEATS: usize = 15;

/// Logs 10,000 runs (5 params, 5 metrics, 2 tags each) into a new store.
fn log_runs(t: &mut Tracking) -> Result<(), String> {
    let mut rng = SeededRng::new(7);
    for i in 0..RUNS {
        let now = 1_764_000_000_000 + i as i64;
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
    }
    Ok(())
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
    times.sort_by(f64::total_cmp);
    Ok(json!({"median_ms": round3(times[times.len() / 2]), "returned": returned}))
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
    // What one save costs today: the whole workspace is encoded into one envelope (no change
    // sets yet), so this grows with the number of runs.
    let workspace = Workspace {
        tracking: t.clone(),
        ..Workspace::default()
    };
    let meta = SaveMeta {
        app_version: "bench",
        saved_at_ms: 0,
    };
    let start = clock();
    let body = encode(&workspace, meta)?;
    let encode_ms = clock() - start;
    Ok(json!({
        "workspace_save_encode": {
            "runs_in_store": RUNS,
            "envelope_bytes": body.len(),
            "ms": round3(encode_ms),
        },
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

//! Tracking workloads for `scripts/bench.sh` (native, release build). Prints one JSON object.
//!
//! - log: 10,000 runs with 5 params, 5 metrics and 2 tags each, in memory (runs per second);
//! - search: `metrics.m1 > 0.5 and params.p1 = 'a'` ordered by `metrics.m2 DESC`, for
//!   max_results 100 and 1000, median of repeated calls (milliseconds).

use std::time::Instant;

use lakelab_core::tracking::{NewRun, RunQuery, Tracking};

const RUNS: u64 = 10_000;
const SEARCH_REPEATS: usize = 15;

/// A small deterministic generator for the workload's values.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn log_runs(t: &mut Tracking) -> f64 {
    let mut rng = Lcg(7);
    let started = Instant::now();
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
        let id = t.create_run("0", new, now).expect("create_run");
        for p in 0..5 {
            let value = if rng.next() < 0.5 { "a" } else { "b" };
            t.log_param(&id, &format!("p{p}"), value)
                .expect("log_param");
        }
        for m in 0..5 {
            t.log_metric(&id, &format!("m{m}"), rng.next(), now, 0)
                .expect("log_metric");
        }
    }
    started.elapsed().as_secs_f64()
}

fn median_ms(t: &Tracking, max_results: usize) -> (f64, usize) {
    let query = RunQuery {
        experiment_ids: vec!["0".into()],
        filter_string: "metrics.m1 > 0.5 and params.p1 = 'a'".into(),
        order_by: vec!["metrics.m2 DESC".into()],
        max_results,
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..SEARCH_REPEATS {
        let started = Instant::now();
        let page = t.search_runs(&query).expect("search_runs");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        found = page.runs.len();
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], found)
}

fn main() {
    let mut t = Tracking::new(1, 0);
    let secs = log_runs(&mut t);
    let (ms100, n100) = median_ms(&t, 100);
    let (ms1000, n1000) = median_ms(&t, 1000);
    println!(
        "{{\"tracking_log_runs\": {{\"runs\": {RUNS}, \"seconds\": {secs:.4}, \"runs_per_second\": {:.0}}}, \
         \"tracking_search_ms\": {{\"runs_in_store\": {RUNS}, \"repeats\": {SEARCH_REPEATS}, \
         \"max_results_100\": {{\"median_ms\": {ms100:.3}, \"returned\": {n100}}}, \
         \"max_results_1000\": {{\"median_ms\": {ms1000:.3}, \"returned\": {n1000}}}}}}}",
        RUNS as f64 / secs
    );
}

//! The serving benchmark runs end to end at its smoke size: models trained and registered
//! from cells, both endpoints answer every request (the workload fails on any non-200), and
//! the figures are ordered as percentiles must be.

use lakelab_core::bench_serving::{serving, Size};

#[test]
fn the_serving_workload_answers_every_request_and_reports_percentiles() {
    let mut t = 0.0;
    let mut clock = || {
        t += 0.01;
        t
    };
    let size = Size::quick();
    let figures = serving(&mut clock, size).unwrap();
    for key in ["serving_realtime", "serving_realtime_online_lookup"] {
        let f = &figures[key];
        assert_eq!(f["requests"], size.requests, "{figures}");
        let (p50, p99, max) = (
            f["p50_ms"].as_f64().unwrap(),
            f["p99_ms"].as_f64().unwrap(),
            f["max_ms"].as_f64().unwrap(),
        );
        assert!(p50 > 0.0 && p50 <= p99 && p99 <= max, "{figures}");
    }
    assert_eq!(figures["serving_batch"]["rows"], size.batch_rows);
    assert!(
        figures["serving_batch"]["pyfunc_predict_ms"]
            .as_f64()
            .unwrap()
            > 0.0
    );
}

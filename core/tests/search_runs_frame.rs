//! `mlflow.search_runs` returns a table: MLflow's columns, one row per run, nulls for
//! missing keys, pandas-style UTC timestamps.

use lakelab_core::tracking::{NewRun, RunQuery, RunStatus, Tracking};
use serde_json::{json, Value};

#[test]
fn runs_become_rows_with_mlflows_columns() {
    let mut t = Tracking::new(3, 0);
    let a = t
        .create_run("0", NewRun::default(), 1_764_160_245_123)
        .unwrap();
    t.log_metric(&a, "rmse", 0.5, 0, 0).unwrap();
    t.log_param(&a, "alpha", "0.1").unwrap();
    t.set_terminated(&a, RunStatus::Finished, Some(1_764_160_246_000), 0)
        .unwrap();
    let b = t
        .create_run("0", NewRun::default(), 1_764_160_300_000)
        .unwrap();
    t.log_metric(&b, "r2", 0.9, 0, 0).unwrap();
    t.log_metric(&b, "rmse", 0.25, 0, 0).unwrap();

    let frame = t
        .search_runs_frame(&RunQuery {
            experiment_ids: vec!["0".into()],
            order_by: vec!["metrics.rmse ASC".into()],
            max_results: 100_000,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        &frame.columns[..6],
        [
            "run_id",
            "experiment_id",
            "status",
            "artifact_uri",
            "start_time",
            "end_time"
        ]
    );
    let col = |name: &str| {
        frame
            .column(name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    for name in [
        "metrics.r2",
        "metrics.rmse",
        "params.alpha",
        "tags.mlflow.runName",
        "tags.mlflow.user",
    ] {
        col(name);
    }
    assert!(
        col("metrics.r2") < col("params.alpha") && col("params.alpha") < col("tags.mlflow.runName")
    );
    // Ordered by rmse: b (0.25) first.
    assert_eq!(frame.data[0][col("run_id")], json!(b));
    assert_eq!(frame.data[1][col("run_id")], json!(a));
    assert_eq!(
        frame.data[0][col("params.alpha")],
        Value::Null,
        "b logged no alpha"
    );
    assert_eq!(frame.data[1][col("metrics.r2")], Value::Null);
    assert_eq!(frame.data[1][col("status")], json!("FINISHED"));
    assert_eq!(
        frame.data[1][col("start_time")],
        json!("2025-11-26 12:30:45.123000+00:00")
    );
    assert_eq!(
        frame.data[1][col("end_time")],
        json!("2025-11-26 12:30:46.000000+00:00")
    );
    assert_eq!(frame.data[0][col("end_time")], Value::Null, "still running");
    assert!(frame.validate().is_ok());

    // max_results cuts the table; a bad filter is MLflow's error.
    let two = t
        .search_runs_frame(&RunQuery {
            experiment_ids: vec!["0".into()],
            max_results: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(two.data.len(), 1);
    assert!(t
        .search_runs_frame(&RunQuery {
            experiment_ids: vec!["0".into()],
            filter_string: "metrics.rmse > 'a'".into(),
            ..Default::default()
        })
        .is_err());
}

//! `automl.forecast`: the forecasters, the expanding-window cross-validation and its metrics,
//! the frequency grid, argument checks, multi-series runs, the output table, and a notebook
//! cell calling `automl.forecast` end to end.

mod notebook_support;
use notebook_support::Lab;

use lakelab_core::automl::forecast::cv::{self, cross_validate, cutoffs, mdape, smape};
use lakelab_core::automl::forecast::models::{least_squares, ModelKind};
use lakelab_core::automl::forecast::series::prepare;
use lakelab_core::automl::forecast::Frequency;
use lakelab_core::table::{Cell, Column, Table};
use lakelab_core::time::{civil_from_days, days_from_civil};

const WEEK: [f64; 7] = [10.0, 12.0, 15.0, 11.0, 9.0, 20.0, 25.0];

fn periodic(n: usize) -> Vec<f64> {
    (0..n).map(|k| WEEK[k % 7]).collect()
}

/// `YYYY-MM-DD`, `k` days after 2024-01-01.
fn day(k: i64) -> String {
    let (y, m, d) = civil_from_days(days_from_civil(2024, 1, 1) + k);
    format!("{y:04}-{m:02}-{d:02}")
}

fn py_list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

#[test]
fn seasonal_naive_reproduces_a_purely_periodic_series_exactly() {
    let values = periodic(35);
    let fitted = ModelKind::SeasonalNaive.fit(&values, 7).unwrap();
    assert_eq!(fitted.m, 7);
    assert_eq!(fitted.forecast(14), periodic(49)[35..].to_vec());
    // In-sample: the value a season earlier; nothing before the first season.
    assert_eq!(fitted.predict_at(3), None);
    assert_eq!(fitted.predict_at(10), Some(WEEK[3]));
    assert_eq!(fitted.sigma, 0.0);
    let folds = cross_validate(ModelKind::SeasonalNaive, &values, 7, 7).unwrap();
    assert_eq!(folds.actual, folds.predicted);
    let m: std::collections::BTreeMap<_, _> = cv::metrics(&folds).into_iter().collect();
    assert_eq!(m["smape"], 0.0);
    assert_eq!(m["mse"], 0.0);
    assert_eq!(m["coverage"], 1.0);
    // Without two full seasons of history the model falls back to m = 1 (naive).
    let short = ModelKind::SeasonalNaive.fit(&values[..10], 7).unwrap();
    assert_eq!(short.m, 1);
    assert_eq!(short.forecast(2), vec![values[9], values[9]]);
}

#[test]
fn linear_trend_recovers_slope_and_intercept() {
    let values: Vec<f64> = (0..20).map(|k| 3.0 + 0.5 * k as f64).collect();
    let (a, b) = least_squares(&values);
    assert!(
        (a - 3.0).abs() < 1e-12 && (b - 0.5).abs() < 1e-12,
        "{a} {b}"
    );
    let fitted = ModelKind::LinearTrend.fit(&values, 7).unwrap();
    assert!((fitted.intercept - 3.0).abs() < 1e-12);
    assert!((fitted.slope - 0.5).abs() < 1e-12);
    let f = fitted.forecast(3);
    for (h, v) in f.iter().enumerate() {
        assert!((v - (3.0 + 0.5 * (20 + h) as f64)).abs() < 1e-9, "{f:?}");
    }
    // A noisy line: the least-squares fit of (0,1), (1,2), (2,2), (3,4) is 0.9 + 0.9 t.
    let (a, b) = least_squares(&[1.0, 2.0, 2.0, 4.0]);
    assert!(
        (a - 0.9).abs() < 1e-12 && (b - 0.9).abs() < 1e-12,
        "{a} {b}"
    );
    // Drift continues the average step; trend + seasonality is exact on trend + season.
    let drift = ModelKind::Drift.fit(&values, 7).unwrap();
    assert!((drift.forecast(2)[1] - (values[19] + 1.0)).abs() < 1e-12);
    let seasonal: Vec<f64> = (0..28).map(|k| 2.0 * k as f64 + WEEK[k % 7]).collect();
    let st = ModelKind::SeasonalTrend.fit(&seasonal, 7).unwrap();
    for (h, v) in st.forecast(7).iter().enumerate() {
        let k = 28 + h;
        assert!((v - (2.0 * k as f64 + WEEK[k % 7])).abs() < 1e-9);
    }
}

#[test]
fn smape_and_mdape_match_hand_computed_values() {
    let actual = [100.0, 200.0, 0.0, 50.0];
    let predicted = [110.0, 150.0, 0.0, 100.0];
    // |y-ŷ| / ((|y|+|ŷ|)/2): 10/105, 50/175, 0 (both zero), 50/75.
    let expected = (10.0 / 105.0 + 50.0 / 175.0 + 0.0 + 50.0 / 75.0) / 4.0;
    assert!((smape(&actual, &predicted) - expected).abs() < 1e-12);
    // |y-ŷ|/|y| over y != 0: 0.1, 0.25, 1.0 -> median 0.25.
    assert_eq!(mdape(&actual, &predicted), 0.25);
    assert_eq!(mdape(&[1.0, 2.0], &[2.0, 3.0]), 0.75);
    assert!(mdape(&[0.0], &[1.0]).is_nan());
}

#[test]
fn expanding_window_fold_boundaries() {
    // 30 points, horizon 3, weekly season: validation horizon 3, steps of 1, initial window
    // max(3 * 3, 2 * 7) = 14: cutoffs 14..=26.
    assert_eq!(
        cutoffs(30, 3, 7, 20).unwrap(),
        (14..=26).collect::<Vec<_>>()
    );
    // Capped at 20 folds, the latest ones.
    assert_eq!(
        cutoffs(100, 1, 7, 20).unwrap(),
        (79..=98).collect::<Vec<_>>()
    );
    // Horizon 8 over 60 points: steps of 4 from 51 back to the initial window of 24.
    assert_eq!(
        cutoffs(60, 8, 7, 20).unwrap(),
        vec![27, 31, 35, 39, 43, 47, 51]
    );
    // A horizon longer than a quarter of the span shrinks to it (9 / 4 = 2).
    assert_eq!(cv::validation_horizon(10, 5), 2);
    assert_eq!(cutoffs(10, 5, 1, 20).unwrap(), vec![6, 7]);
    // A season of 4 makes the initial window 8 steps: cutoff 7 is too early, no fold is left.
    assert!(cutoffs(10, 5, 4, 20).is_err());
    assert!(cutoffs(4, 1, 7, 20).unwrap_err().contains("too short"));
    assert!(cutoffs(12, 1, 12, 20)
        .unwrap_err()
        .contains("Make horizon shorter"));
    // Each fold trains on the points up to its cutoff and forecasts the next horizon: with
    // drift on 0, 1, 4, 9, ... the forecast of a fold is visible in the predictions.
    let squares: Vec<f64> = (0..30).map(|k| (k * k) as f64).collect();
    let folds = cross_validate(ModelKind::Drift, &squares, 3, 7).unwrap();
    assert_eq!(folds.folds, 13);
    assert_eq!(folds.actual.len(), 13 * 3);
    // First fold: cutoff 14, train 0..=14 (slope 196 / 14 = 14), forecasts of steps 15-17.
    assert_eq!(&folds.actual[..3], &[225.0, 256.0, 289.0]);
    assert_eq!(&folds.predicted[..3], &[210.0, 224.0, 238.0]);
    // Last fold: cutoff 26 (train 0..=26, slope 676 / 26 = 26), steps 27-29.
    assert_eq!(&folds.predicted[36..], &[702.0, 728.0, 754.0]);
}

#[test]
fn frequencies_move_along_a_calendar_grid() {
    let ms = |y, m, d| days_from_civil(y, m, d) * 86_400_000;
    let f = Frequency::parse("M").unwrap();
    assert_eq!(f, Frequency::Month);
    assert_eq!(f.add(ms(2024, 1, 31), 1), ms(2024, 2, 29));
    assert_eq!(f.steps_between(ms(2024, 1, 1), ms(2025, 3, 1)), Some(14));
    assert_eq!(f.steps_between(ms(2024, 1, 1), ms(2024, 3, 2)), None);
    assert_eq!(Frequency::parse("m").unwrap(), Frequency::Minute);
    assert_eq!(
        Frequency::parse("QS").unwrap().add(ms(2024, 1, 1), 2),
        ms(2024, 7, 1)
    );
    assert_eq!(
        Frequency::parse("W")
            .unwrap()
            .steps_between(ms(2024, 1, 1), ms(2024, 1, 22)),
        Some(3)
    );
    assert_eq!(Frequency::parse("H").unwrap().seasonal_period(), 24);
    assert!(Frequency::parse("fortnight")
        .unwrap_err()
        .contains("use one of: W, d, D"));
}

#[test]
fn preparation_averages_duplicates_fills_gaps_and_splits_series() {
    let rows = vec![
        vec![
            Cell::Str("2024-01-01".into()),
            Cell::Str("a".into()),
            Cell::Float(1.0),
        ],
        vec![
            Cell::Str("2024-01-01".into()),
            Cell::Str("a".into()),
            Cell::Float(3.0),
        ],
        vec![
            Cell::Str("2024-01-03".into()),
            Cell::Str("a".into()),
            Cell::Float(5.0),
        ],
        vec![
            Cell::Str("2024-01-02".into()),
            Cell::Str("b".into()),
            Cell::Int(7),
        ],
        vec![Cell::Null, Cell::Str("b".into()), Cell::Int(8)],
    ];
    let t = Table::from_rows(vec!["ds".into(), "store".into(), "y".into()], &rows).unwrap();
    let p = prepare(&t, "y", "ds", &["store".to_string()], Frequency::Day).unwrap();
    assert_eq!(p.series.len(), 2);
    assert_eq!(p.series[0].key, vec![Cell::Str("a".into())]);
    assert_eq!(p.series[0].values, vec![2.0, 2.0, 5.0]);
    assert_eq!(p.series[1].values, vec![7.0]);
    assert_eq!((p.averaged_rows, p.filled_steps, p.dropped_rows), (1, 1, 1));
    // A time off the grid is named.
    let t = Table::new(
        vec!["ds".into(), "y".into()],
        vec![
            Column::timestamps(vec![0, 86_400_000, 90_000_000]),
            Column::floats(vec![1.0, 2.0, 3.0]),
        ],
    )
    .unwrap();
    let e = prepare(&t, "y", "ds", &[], Frequency::Day).unwrap_err();
    assert!(
        e.contains("different frequency than the specified frequency D"),
        "{e}"
    );
    assert!(e.contains("1970-01-02 01:00:00"), "{e}");
}

/// A pandas frame of two stores over `days` days: store a repeats WEEK, store b is WEEK + 100.
fn two_stores(days: i64) -> String {
    let mut ds = Vec::new();
    let mut store = Vec::new();
    let mut y = Vec::new();
    for (name, level) in [("a", 0.0), ("b", 100.0)] {
        for k in 0..days {
            ds.push(format!("\"{}\"", day(k)));
            store.push(format!("\"{name}\""));
            y.push(format!("{}", WEEK[k as usize % 7] + level));
        }
    }
    format!(
        "import pandas as pd\npdf = pd.DataFrame({{\"ds\": {}, \"store\": {}, \"y\": {}}})\ndf = spark.createDataFrame(pdf)\n",
        py_list(ds),
        py_list(store),
        py_list(y)
    )
}

fn one_series(days: i64) -> String {
    format!(
        "import pandas as pd\npdf = pd.DataFrame({{\"ds\": {}, \"y\": {}}})\n",
        py_list((0..days).map(|k| format!("\"{}\"", day(k)))),
        py_list((0..days).map(|k| format!("{}", WEEK[k as usize % 7])))
    )
}

#[test]
fn a_notebook_cell_runs_forecast_end_to_end() {
    let mut lab = Lab::new();
    lab.ok(&one_series(35));
    let printed = lab.ok(r#"from databricks import automl
summary = automl.forecast(pdf, target_col="y", time_col="ds", horizon=7, frequency="d")
"#);
    assert!(
        printed.contains("AutoML forecast ran 4 trials"),
        "{printed}"
    );
    let out = lab.ok(
        r#"import mlflow
best = summary.best_trial
print(best.model_description.split("(")[0], best.params["stand_in_for"], best.params["m"])
print(best.metrics["val_smape"], best.evaluation_metric_score, best.metrics["val_coverage"])
print(sorted(best.metrics))
print([t.params["model"] for t in summary.trials][0], len(summary.trials))
print(summary.metric_distribution.startswith("min: 0.000"), summary.output_table_name)
model = best.load_model()
print(type(model).__name__)
print(model.predict(pd.DataFrame({"ds": ["2024-02-05", "2024-02-06", "2024-01-10"]})))
ts = model.predict_timeseries(include_history=False)
print(list(ts.columns), len(ts))
run = mlflow.get_run(best.mlflow_run_id)
print(run.info.run_name, run.data.params["frequency"], run.data.params["horizon"], run.data.params["cv_folds"])
print(len(mlflow.search_runs(experiment_ids=[summary.experiment.experiment_id])))
print(best.notebook_path)
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "SeasonalNaiveForecaster arima 7",
            "0.0 0.0 1.0",
            "['val_coverage', 'val_mae', 'val_mape', 'val_mdape', 'val_mse', 'val_rmse', 'val_smape']",
            "seasonal_naive 4",
            "True None",
            "SeasonalNaiveForecaster",
            // 2024-02-05 is step 35 (WEEK[0]), 02-06 step 36, 01-10 in-sample step 9 = y(2).
            "[10.0, 12.0, 15.0]",
            "['ds', 'yhat', 'yhat_lower', 'yhat_upper'] 7",
            "seasonal_naive D 7 3",
            "4",
            "AutoML best trial: y forecast (seasonal_naive)",
        ],
        "{out}"
    );
    // The best trial's generated notebook was imported, and it runs.
    let nb = lab
        .ws
        .notebooks
        .iter()
        .find(|n| n.name == "AutoML best trial: y forecast (seasonal_naive)")
        .expect("the imported notebook")
        .clone();
    let mut outputs = String::new();
    for cell in nb.cells.iter().filter(|c| !c.source.starts_with("%md")) {
        outputs.push_str(&lab.ok(&cell.source));
    }
    assert!(outputs.contains("35\n"), "{outputs}");
    assert!(
        outputs.contains("[10.0, 12.0, 15.0, 11.0, 9.0, 20.0, 25.0]"),
        "{outputs}"
    );
    assert!(outputs.trim_end().ends_with("0.0"), "{outputs}");
}

#[test]
fn forecast_is_deterministic() {
    let run = || {
        let mut lab = Lab::new();
        lab.ok(&two_stores(30));
        lab.ok(r#"from databricks import automl
s = automl.forecast(df, target_col="y", time_col="ds", identity_col="store", horizon=3)
print([(t.params["model"], round(t.evaluation_metric_score, 9)) for t in s.trials])
"#)
    };
    let a = run();
    assert_eq!(a, run());
    assert!(a.contains("[('seasonal_naive', 0.0), "), "{a}");
}

#[test]
fn identity_col_fits_one_model_per_series_and_writes_the_output_table() {
    let mut lab = Lab::new();
    lab.ok(&two_stores(28));
    lab.ok(
        r#"from databricks import automl
summary = automl.forecast(df, target_col="y", time_col="ds", identity_col=["store"], horizon=7, frequency="D", output_database="main.default", exclude_frameworks=["prophet"])
"#,
    );
    let out = lab.ok(
        r#"print([t.params["model"] for t in summary.trials])
print(summary.output_table_name.startswith("main.default.forecast_prediction_"))
model = summary.best_trial.load_model()
print(model.predict(pd.DataFrame({"ds": ["2024-01-29", "2024-01-29", "2024-01-30"], "store": ["a", "b", "b"]})))
out = spark.table(summary.output_table_name)
print(out.columns, out.count())
rows = out.orderBy("store", "ds").collect()
print(rows[0]["store"], str(rows[0]["ds"]), rows[0]["y"], rows[0]["y_lower"] <= rows[0]["y"] <= rows[0]["y_upper"])
print(rows[7]["store"], str(rows[13]["ds"]), rows[13]["y"])
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "['seasonal_naive', 'drift']",
            "True",
            "[10.0, 110.0, 112.0]",
            "['ds', 'store', 'y', 'y_lower', 'y_upper'] 14",
            "a 2024-01-29 10.0 True",
            "b 2024-02-04 125.0",
        ],
        "{out}"
    );
    // An unknown series or a time off the grid is refused.
    let e = lab.err(r#"model.predict(pd.DataFrame({"ds": ["2024-01-29"], "store": ["c"]}))"#);
    assert!(e.contains("unseen values in id columns"), "{e}");
    let e = lab.err(r#"model.predict(pd.DataFrame({"ds": ["2023-12-01"], "store": ["a"]}))"#);
    assert!(e.contains("earlier than the history"), "{e}");
}

#[test]
fn arguments_are_checked_with_actionable_messages() {
    let mut lab = Lab::new();
    lab.ok(&one_series(35));
    lab.ok("from databricks import automl\npdf['name'] = 'x'");
    let cases: [(&str, &str); 12] = [
        (r#"time_col="when""#, "time_col 'when' is not a column of the dataset"),
        (r#"time_col="ds", frequency="fortnight""#, "frequency 'fortnight' is not a supported frequency"),
        (r#"time_col="ds", primary_metric="r2""#, "primary_metric 'r2' is not supported for forecasting; use one of: smape, mse, rmse, mae, mdape"),
        (r#"time_col="ds", exclude_frameworks=["prophet", "arima"]"#, "exclude_frameworks leaves no framework to train"),
        (r#"time_col="ds", exclude_frameworks=["xgboost"]"#, "exclude_frameworks: 'xgboost' is not a framework AutoML forecasting uses; use any of: prophet, arima"),
        (r#"time_col="ds", horizon=0"#, "horizon must be a positive number of time steps, got 0"),
        (r#"time_col="ds", identity_col="shop""#, "identity_col 'shop' is not a column of the dataset"),
        (r#"time_col="ds", country_code="USA""#, "country_code 'USA' is not a two-letter ISO 3166 country code"),
        (r#"time_col="y""#, "time_col 'y' cannot be the target column"),
        (r#"time_col="ds", frequency="W""#, "Input time column includes different frequency than the specified frequency W"),
        (r#"time_col="ds", output_database="nowhere.at.all""#, "output_database 'nowhere.at.all' must be a schema"),
        (r#"time_col="ds", timeout_minutes=0"#, "timeout_minutes must be a positive number of minutes"),
    ];
    for (args, message) in cases {
        let e = lab.err(&format!("automl.forecast(pdf, target_col=\"y\", {args})"));
        assert!(e.starts_with("ValueError: "), "{args}: {e}");
        assert!(e.contains(message), "{args}: {e}");
    }
    let e = lab.err(r#"automl.forecast(pdf, target_col="name", time_col="ds")"#);
    assert!(e.contains("target_col 'name' must be numeric"), "{e}");
    let e = lab.err(r#"automl.forecast(pdf, target_col="y", time_col="name")"#);
    assert!(
        e.contains("time_col 'name' row 0: 'x' is not a date or timestamp"),
        "{e}"
    );
    let e = lab.err(r#"automl.forecast(pdf, target_col="y", time_col="ds", horizon="7")"#);
    assert!(e.starts_with("TypeError: horizon must be an int"), "{e}");
    let e = lab.err(r#"automl.forecast(pdf, target_col="y")"#);
    assert!(e.starts_with("TypeError"), "{e}");
    // Too little history for one fold after the initial window (two weeks).
    let e = lab.err(r#"automl.forecast(pdf.head(12), target_col="y", time_col="ds")"#);
    assert!(
        e.contains("Make horizon shorter, or pass more history"),
        "{e}"
    );
    // A long horizon shrinks the validation horizon to a quarter of the history instead.
    lab.ok(r#"s = automl.forecast(pdf, target_col="y", time_col="ds", horizon=30)"#);
    // Both frameworks' models, ranked.
    let out = lab.ok(r#"print(sorted(t.params["stand_in_for"] for t in s.trials))"#);
    assert_eq!(out.trim(), "['arima', 'arima', 'prophet', 'prophet']");
}

/// The AutoML page's path: the bundled store sales come with a forecast hint, and the run it
/// fills in ranks a weekly-seasonal model first (the data has a weekly pattern).
#[test]
fn the_bundled_sales_series_is_offered_for_forecasting_and_a_seasonal_model_wins() {
    use lakelab_core::automl::forecast::{run, ForecastParams};
    use lakelab_core::automl::sources::{load, sources};
    use lakelab_core::datasets::{mount, DATASETS};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/datasets");
    let mounted = mount(DATASETS.iter().map(|d| {
        (
            d.file.to_string(),
            std::fs::read(root.join(d.file)).unwrap(),
        )
    }));
    let mut ws = lakelab_core::Workspace::default();
    let source = sources(&ws.unity)
        .into_iter()
        .find(|s| s.id == "bundled:sales")
        .expect("the sales series is offered");
    let hint = source.time_series.expect("with a forecast hint");
    let (_, target_col) = source.suggested.unwrap();
    let (table, name) = load(&source.id, &mounted, &ws.unity).unwrap();
    assert_eq!((table.num_rows(), name.as_str()), (1095, "daily_sales"));
    let mut p = ForecastParams::new(&target_col, &hint.time_col);
    p.identity_cols = hint.identity_col.into_iter().collect();
    p.frequency = Some(hint.frequency);
    p.horizon = Some(hint.horizon);
    p.timeout_minutes = Some(1.0);
    let mut t = 0;
    let summary = run(&mut ws.tracking, &table, &name, p, "learner", &mut || {
        t += 1;
        t
    })
    .unwrap();
    assert_eq!(summary.trials.len(), 4);
    assert!(summary.trials.iter().all(|t| t.error.is_none()));
    let best = summary.best_trial().unwrap();
    assert!(
        ["seasonal_naive", "seasonal_trend"].contains(&best.run_name.as_str()),
        "best {} of {:?}",
        best.run_name,
        summary
            .trials
            .iter()
            .map(|t| (&t.run_name, t.evaluation_metric_score))
            .collect::<Vec<_>>()
    );
    assert!(best.metrics["val_smape"] < 0.1, "{:?}", best.metrics);
    let f = summary.forecast.unwrap();
    assert_eq!((f.horizon, f.identity_cols), (7, vec!["store".to_string()]));
}

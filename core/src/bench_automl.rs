//! The AutoML benchmark workload, shared by the native runner (`examples/bench_automl.rs`) and
//! the browser (`?bench=automl`), so both measure the same work; `scripts/bench_automl.py` runs
//! FLAML on the same rows. The clock is passed in (milliseconds from any origin).
//!
//! Each dataset carries its own split column ([`SPLIT_COL`]: `train` / `validate` / `test`,
//! 60 / 20 / 20, stratified for classes, from [`SEED`]) and AutoML is given it as `split_col`,
//! so the FLAML side can train, validate and test on exactly the same rows. The real datasets
//! are CSV text (`core/data/bench/`, passed in so the app's wasm does not carry them); the
//! 100,000 × 20 classification set is generated here from a seed.

use serde_json::{json, Map, Value};

use crate::automl::{AutoMLParams, AutoMLRun, Metric};
use crate::ml::estimator::{Estimator, Target, Task};
use crate::ml::split;
use crate::rng::SeededRng;
use crate::table::csv::{self, CsvOptions};
use crate::table::{Column, Table};
use crate::tracking::Tracking;

/// The split column the benchmark adds to every dataset.
pub const SPLIT_COL: &str = "_bench_split";
/// The label column of every benchmark dataset.
pub const TARGET: &str = "target";
/// Seeds the splits, the synthetic data and AutoML's search.
pub const SEED: u64 = 20_261_127;
pub const SYNTHETIC_NAME: &str = "synthetic_100k_x_20";
pub const SYNTHETIC_ROWS: usize = 100_000;
pub const SYNTHETIC_FEATURES: usize = 20;
/// The budgets the issue asks for, in seconds.
pub const BUDGETS: [f64; 3] = [5.0, 15.0, 60.0];
/// The real datasets (file stem in `core/data/bench/`) and their task.
pub const REAL: [(&str, Task); 4] = [
    ("iris", Task::Classification),
    ("wine", Task::Classification),
    ("breast_cancer", Task::Classification),
    ("diabetes", Task::Regression),
];
/// Logistic regression fits timed on the synthetic set (the median is reported).
const LOGISTIC_REPEATS: usize = 3;

/// One benchmark dataset: its rows, label in [`TARGET`] and split in [`SPLIT_COL`].
#[derive(Debug, Clone)]
pub struct Workload {
    pub name: String,
    pub task: Task,
    pub table: Table,
}

impl Workload {
    /// The dataset with its split column, as CSV for the FLAML side.
    pub fn to_csv(&self) -> String {
        csv::write(&self.table, ',', true)
    }

    /// Feature columns (everything but the label and the split).
    pub fn features(&self) -> usize {
        self.table.num_columns().saturating_sub(2)
    }
}

/// Adds the seeded 60 / 20 / 20 split column (stratified by class for classification).
fn with_split(name: &str, task: Task, table: Table) -> Result<Workload, String> {
    let target = table.column(TARGET, true).map_err(|e| e.to_string())?;
    let mut rng = SeededRng::new(SEED);
    let s = match task {
        Task::Classification => {
            let labels: Vec<String> = (0..table.num_rows())
                .map(|r| target.get(r).text())
                .collect();
            split::stratified(&labels, &mut rng)
        }
        Task::Regression => split::random(table.num_rows(), &mut rng),
    };
    let mut names = vec![String::new(); table.num_rows()];
    for (rows, label) in [
        (&s.train, "train"),
        (&s.validate, "validate"),
        (&s.test, "test"),
    ] {
        for &r in rows {
            names[r] = label.to_string();
        }
    }
    let table = table
        .with_column(SPLIT_COL, Column::strings(names), true)
        .map_err(|e| e.to_string())?;
    Ok(Workload {
        name: name.to_string(),
        task,
        table,
    })
}

/// A real dataset from its CSV text (header; label in `target`).
pub fn real(name: &str, task: Task, csv_text: &str) -> Result<Workload, String> {
    let table = csv::parse(csv_text, &CsvOptions::default()).map_err(|e| format!("{name}: {e}"))?;
    with_split(name, task, table)
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut SeededRng) -> f64 {
    let u = rng.unit().max(f64::MIN_POSITIVE);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// Rounds to 6 decimals, so the CSV text the FLAML side reads is exactly these values.
fn six(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A binary classification set of `rows` × `features` (at least 10), the same for a seed on
/// every platform: the first half of the features are informative (standard normal), a quarter
/// are noisy linear mixes of them, the rest noise. The label is the sign of a linear score plus
/// an interaction and a non-linear term and Gaussian noise, so neither linear models nor trees
/// are exact.
pub fn synthetic(rows: usize, features: usize, seed: u64) -> Result<Table, String> {
    let features = features.max(10);
    let informative = features / 2;
    let mixed = features / 4;
    let mut rng = SeededRng::new(seed);
    let weights: Vec<f64> = (0..informative).map(|_| normal(&mut rng)).collect();
    let mixes: Vec<Vec<f64>> = (0..mixed)
        .map(|_| (0..informative).map(|_| normal(&mut rng) * 0.5).collect())
        .collect();
    let mut columns = vec![Vec::with_capacity(rows); features];
    let mut labels = Vec::with_capacity(rows);
    for _ in 0..rows {
        let z: Vec<f64> = (0..informative).map(|_| six(normal(&mut rng))).collect();
        let score: f64 = weights.iter().zip(&z).map(|(w, v)| w * v).sum::<f64>()
            + 1.5 * z[0] * z[1]
            - 1.2 * (z[2].abs() - 0.8)
            + normal(&mut rng);
        labels.push(i64::from(score > 0.0));
        for (j, v) in z.iter().enumerate() {
            columns[j].push(*v);
        }
        for (k, mix) in mixes.iter().enumerate() {
            let v = mix.iter().zip(&z).map(|(m, x)| m * x).sum::<f64>() + 0.3 * normal(&mut rng);
            columns[informative + k].push(six(v));
        }
        for column in columns.iter_mut().skip(informative + mixed) {
            column.push(six(normal(&mut rng)));
        }
    }
    let mut names: Vec<String> = (0..features).map(|j| format!("f{j:02}")).collect();
    names.push(TARGET.to_string());
    let mut cols: Vec<Column> = columns.into_iter().map(Column::floats).collect();
    cols.push(Column::ints(labels));
    Table::new(names, cols).map_err(|e| e.to_string())
}

/// The 100,000 × 20 classification workload.
pub fn synthetic_workload() -> Result<Workload, String> {
    let table = synthetic(SYNTHETIC_ROWS, SYNTHETIC_FEATURES, SEED)?;
    with_split(SYNTHETIC_NAME, Task::Classification, table)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One AutoML run of `budget_s` seconds on `w` (trials logged to MLflow as in a notebook cell)
/// and its figures: best validation score, that trial's test score, trials and their rate.
pub fn automl(
    w: &Workload,
    budget_s: f64,
    clock: &mut dyn FnMut() -> f64,
) -> Result<Value, String> {
    let mut params = AutoMLParams::new(w.task, TARGET);
    params.split_col = Some(SPLIT_COL.to_string());
    params.timeout_minutes = Some(budget_s / 60.0);
    params.seed = SEED;
    let metric = Metric::default_for(w.task);
    let mut tracking = Tracking::new(SEED, 0);
    let mut now = || clock().round() as i64;
    let start = now();
    let mut run = AutoMLRun::start(
        &mut tracking,
        &w.table,
        &w.name,
        params,
        "bench@lakelab",
        start,
    )?;
    let setup_ms = now() - start;
    while !run.step(&mut tracking, &mut now) {}
    let elapsed_s = (now() - start) as f64 / 1000.0;
    let summary = run.finish();
    // `BENCH_TRIALS=1`: every trial on stderr (family, seconds, validation score, model).
    if std::env::var("BENCH_TRIALS").is_ok_and(|v| v == "1") {
        let key = metric.val_key();
        for t in &summary.trials {
            eprintln!(
                "trial {:>20} {:>7.3}s {:>8} {}",
                t.run_name,
                t.duration_minutes * 60.0,
                t.metrics
                    .get(&key)
                    .map_or("-".into(), |v| format!("{v:.4}")),
                t.model_description
            );
        }
    }
    let finished = summary.trials.iter().filter(|t| t.error.is_none()).count();
    let failed = summary.trials.len() - finished;
    let best = summary.trials.first().filter(|t| t.error.is_none());
    let get = |key: &str| best.and_then(|t| t.metrics.get(key).copied()).map(round4);
    let mut out = Map::new();
    out.insert("dataset".into(), json!(w.name));
    out.insert("rows".into(), json!(w.table.num_rows()));
    out.insert("features".into(), json!(w.features()));
    out.insert("budget_s".into(), json!(budget_s));
    out.insert("metric".into(), json!(metric.name()));
    match w.task {
        Task::Classification => {
            let binary = distinct_labels(&w.table) == 2;
            out.insert(
                "f1_average".into(),
                json!(if binary { "binary" } else { "weighted" }),
            );
            out.insert("val_score".into(), json!(get("val_f1_score")));
            out.insert("test_score".into(), json!(get("test_f1_score")));
            out.insert("test_accuracy".into(), json!(get("test_accuracy_score")));
        }
        Task::Regression => {
            out.insert("val_score".into(), json!(get("val_r2_score")));
            out.insert("test_score".into(), json!(get("test_r2_score")));
            out.insert(
                "test_rmse".into(),
                json!(get("test_root_mean_squared_error")),
            );
        }
    }
    out.insert(
        "best_model".into(),
        json!(best.map(|t| t.model_description.clone())),
    );
    out.insert("trials".into(), json!(finished));
    out.insert("failed_trials".into(), json!(failed));
    out.insert("setup_s".into(), json!(round3(setup_ms as f64 / 1000.0)));
    out.insert("elapsed_s".into(), json!(round3(elapsed_s)));
    out.insert(
        "trials_per_second".into(),
        json!(if elapsed_s > 0.0 {
            round3(finished as f64 / elapsed_s)
        } else {
            0.0
        }),
    );
    out.insert("stop".into(), json!(format!("{:?}", summary.stop)));
    Ok(Value::Object(out))
}

fn distinct_labels(table: &Table) -> usize {
    let Ok(target) = table.column(TARGET, true) else {
        return 0;
    };
    let mut seen: Vec<String> = (0..table.num_rows())
        .map(|r| target.get(r).text())
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

/// Fits the engine's logistic regression as AutoML builds it (`C = 1`, 200 iterations) on all
/// rows of the synthetic set (its features are already on a standard scale), `LOGISTIC_REPEATS`
/// times; reports the median time and the training accuracy (to compare convergence).
pub fn logistic_fit(w: &Workload, clock: &mut dyn FnMut() -> f64) -> Result<Value, String> {
    let n = w.table.num_rows();
    let names: Vec<&String> = w
        .table
        .names()
        .iter()
        .filter(|c| *c != TARGET && *c != SPLIT_COL)
        .collect();
    let mut x = ndarray::Array2::<f64>::zeros((n, names.len()));
    for (j, name) in names.iter().enumerate() {
        let c = w.table.column(name, true).map_err(|e| e.to_string())?;
        for r in 0..n {
            x[[r, j]] = c.f64_at(r).unwrap_or(0.0);
        }
    }
    let target = w.table.column(TARGET, true).map_err(|e| e.to_string())?;
    let codes: Vec<usize> = (0..n)
        .map(|r| usize::from(target.f64_at(r).unwrap_or(0.0) > 0.5))
        .collect();
    let est = Estimator::LogisticRegression {
        c: 1.0,
        max_iter: 200,
    };
    let mut times = Vec::with_capacity(LOGISTIC_REPEATS);
    let mut accuracy = f64::NAN;
    for _ in 0..LOGISTIC_REPEATS {
        let start = clock();
        let fitted = est.fit(
            &x,
            Target::Classes {
                codes: &codes,
                n_classes: 2,
            },
            None,
        )?;
        times.push(clock() - start);
        let proba = fitted.proba(&x, 2);
        let right = proba
            .iter()
            .zip(&codes)
            .filter(|(p, &y)| usize::from(p.get(1).copied().unwrap_or(0.0) > 0.5) == y)
            .count();
        accuracy = right as f64 / n as f64;
    }
    times.sort_by(f64::total_cmp);
    Ok(json!({
        "rows": n,
        "features": names.len(),
        "estimator": "LogisticRegression(C=1.0, max_iter=200) (Newton, L2)",
        "repeats": LOGISTIC_REPEATS,
        "median_ms": round3(times.get(times.len() / 2).copied().unwrap_or(f64::NAN)),
        "train_accuracy": round4(accuracy),
    }))
}

/// Forecast runs timed on [`forecast_series`] (the median is reported).
const FORECAST_REPEATS: usize = 5;

/// Three daily series of a year (a level and trend per series, a weekly pattern, noise from
/// [`SEED`]): the shape of the bundled store sales the AutoML page forecasts.
pub fn forecast_series() -> Result<Table, String> {
    const WEEK: [f64; 7] = [0.92, 0.88, 0.90, 0.95, 1.05, 1.22, 1.08];
    let mut rng = SeededRng::new(SEED);
    let (mut dates, mut keys, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for (s, (level, trend)) in [(420.0, 0.2), (650.0, 0.35), (300.0, 0.05)]
        .iter()
        .enumerate()
    {
        for day in 0..365_i64 {
            let (y, m, d) =
                crate::time::civil_from_days(crate::time::days_from_civil(2025, 1, 1) + day);
            let noise = 1.0 + 0.1 * (rng.unit() - 0.5);
            dates.push(format!("{y:04}-{m:02}-{d:02}"));
            keys.push(format!("s{s}"));
            values.push((level + trend * day as f64) * WEEK[day as usize % 7] * noise);
        }
    }
    Table::new(
        vec!["date".into(), "store".into(), "sales".into()],
        vec![
            Column::strings(dates),
            Column::strings(keys),
            Column::floats(values),
        ],
    )
    .map_err(|e| e.to_string())
}

/// `automl.forecast` (horizon 7, daily, one series per store) on [`forecast_series`],
/// `FORECAST_REPEATS` times: the median time of a whole run (four trials, cross-validation,
/// logging) and the best trial.
pub fn forecast_run(clock: &mut dyn FnMut() -> f64) -> Result<Value, String> {
    let table = forecast_series()?;
    let mut times = Vec::with_capacity(FORECAST_REPEATS);
    let mut best = Value::Null;
    for _ in 0..FORECAST_REPEATS {
        let mut p = crate::automl::forecast::ForecastParams::new("sales", "date");
        p.identity_cols = vec!["store".into()];
        p.horizon = Some(7);
        p.frequency = Some("D".into());
        let mut tracking = Tracking::new(SEED, 0);
        let start = clock();
        let summary = crate::automl::forecast::run(
            &mut tracking,
            &table,
            "daily_sales",
            p,
            "bench",
            &mut || 0,
        )?;
        times.push(clock() - start);
        if let Some(t) = summary.best_trial() {
            best = json!({"run_name": t.run_name, "val_smape": round4(t.evaluation_metric_score)});
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(json!({
        "rows": table.num_rows(),
        "series": 3,
        "horizon": 7,
        "repeats": FORECAST_REPEATS,
        "median_ms": round3(times.get(times.len() / 2).copied().unwrap_or(f64::NAN)),
        "best": best,
    }))
}

/// The whole workload: AutoML on each dataset at each budget, then the logistic fit on the
/// synthetic set when it is among `workloads`. `progress` sees each run's figures as they come
/// (a full run takes minutes).
pub fn run(
    workloads: &[Workload],
    budgets: &[f64],
    clock: &mut dyn FnMut() -> f64,
    progress: &mut dyn FnMut(&Value),
) -> Result<Value, String> {
    let mut runs = Vec::new();
    for w in workloads {
        for &b in budgets {
            let figures = automl(w, b, clock)?;
            progress(&figures);
            runs.push(figures);
        }
    }
    let logistic = match workloads.iter().find(|w| w.name == SYNTHETIC_NAME) {
        Some(w) => logistic_fit(w, clock)?,
        None => Value::Null,
    };
    Ok(json!({
        "seed": SEED,
        "split": format!("60/20/20 from column {SPLIT_COL} (stratified for classes)"),
        "automl": runs,
        "logistic_fit_100k_x_20": logistic,
        "forecast_3_series_x_365_days": forecast_run(clock)?,
    }))
}

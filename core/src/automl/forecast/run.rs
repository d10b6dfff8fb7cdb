//! Running `automl.forecast`: check the arguments, prepare the series, then one trial per
//! forecaster (`models`), each cross-validated (`cv`), refitted on the whole history and
//! logged as an MLflow run like a classify / regress trial: params, `val_` metrics, the model
//! as `model` (with an input example and an inferred signature) and a generated notebook.
//!
//! The forecasters have no hyperparameters to search, so a run has at most four trials and
//! ends when they are done (or at `timeout_minutes`, checked before each trial).

use std::collections::BTreeMap;

use super::cv::{self, NUM_FOLDS};
use super::frequency::Frequency;
use super::model::{grid_time_text, ForecastModel, SeriesModel};
use super::models::ModelKind;
use super::notebook;
use super::params::{check, Checked, ForecastParams};
use super::series::{prepare, Prepared};
use crate::automl::notebook::{data_csv, NOTEBOOK_ARTIFACT};
use crate::automl::params::Metric;
use crate::automl::run::{experiment_name, log_run, open_named_experiment, sort_trials, TrialRun};
use crate::automl::summary::{AutoMLSummary, ForecastInfo, Stop, TrialInfo};
use crate::frame::{cell_json, SplitFrame};
use crate::ml::estimator::Task;
use crate::models::SavedModel;
use crate::table::{Cell, Table};
use crate::tracking::Tracking;

/// One trained (or failed) forecast trial, before it is logged.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOutcome {
    pub kind: ModelKind,
    pub model_description: String,
    pub params: BTreeMap<String, String>,
    pub metrics: Vec<(String, f64)>,
    pub model: Option<ForecastModel>,
    pub error: Option<String>,
    pub preprocessors: Vec<String>,
    pub started_ms: i64,
    pub ended_ms: i64,
}

/// Everything a trial needs from the preparation.
struct Setup<'a> {
    params: &'a ForecastParams,
    checked: &'a Checked,
    prepared: &'a Prepared,
}

/// The cross-validation metrics of `kind`, averaged over the series (keys with `val_`).
fn validate(kind: ModelKind, s: &Setup) -> Result<(Vec<(String, f64)>, usize), String> {
    let period = s.checked.frequency.seasonal_period();
    let mut sums: BTreeMap<&'static str, (f64, usize)> = BTreeMap::new();
    let mut folds = 0;
    for series in &s.prepared.series {
        let f = cv::cross_validate(kind, &series.values, s.checked.horizon, period)?;
        folds = folds.max(f.folds);
        for (k, v) in cv::metrics(&f) {
            let e = sums.entry(k).or_insert((0.0, 0));
            e.0 += v;
            e.1 += 1;
        }
    }
    let n = s.prepared.series.len();
    // A metric some series cannot have (mape with a zero actual) is left out, as Prophet does.
    let metrics = ["mse", "rmse", "mae", "mape", "mdape", "smape", "coverage"]
        .iter()
        .filter_map(|k| {
            let (sum, count) = sums.get(k)?;
            (*count == n).then(|| (format!("val_{k}"), sum / n as f64))
        })
        .collect();
    Ok((metrics, folds))
}

/// A trial's `val_` metrics, its fold count and the model refitted on the whole history.
type Trained = (Vec<(String, f64)>, usize, ForecastModel);

fn train(kind: ModelKind, s: &Setup, t0: i64, now: &mut dyn FnMut() -> i64) -> ForecastOutcome {
    let c = s.checked;
    let period = c.frequency.seasonal_period();
    let result = (|| -> Result<Trained, String> {
        let (metrics, folds) = validate(kind, s)?;
        let series = s
            .prepared
            .series
            .iter()
            .map(|x| {
                Ok(SeriesModel {
                    key: x.key_text(),
                    key_values: x.key.iter().cloned().map(cell_json).collect(),
                    start_ms: x.start_ms,
                    fitted: kind.fit(&x.values, period)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let model = ForecastModel {
            kind,
            time_col: s.params.time_col.clone(),
            identity_cols: s.params.identity_cols.clone(),
            frequency: c.frequency,
            horizon: c.horizon,
            time_is_date: s.prepared.time_is_date,
            series,
        };
        Ok((metrics, folds, model))
    })();
    let used_m = match &result {
        Ok((_, _, m)) => m.series.iter().map(|x| x.fitted.m).max().unwrap_or(1),
        Err(_) => 1,
    };
    let mut params = BTreeMap::from([
        ("model".to_string(), kind.run_name().to_string()),
        ("stand_in_for".to_string(), kind.framework().to_string()),
        ("horizon".to_string(), c.horizon.to_string()),
        ("frequency".to_string(), c.frequency.alias().to_string()),
        ("m".to_string(), used_m.to_string()),
        (
            "interval_width".to_string(),
            kind.interval_width().to_string(),
        ),
        ("country_code".to_string(), c.country_code.clone()),
        ("time_col".to_string(), s.params.time_col.clone()),
        ("target_col".to_string(), s.params.target_col.clone()),
    ]);
    if !s.params.identity_cols.is_empty() {
        params.insert("identity_col".into(), s.params.identity_cols.join(","));
    }
    let p = s.prepared;
    let mut preprocessors = vec![format!(
        "{} series on a regular {} grid",
        p.series.len(),
        c.frequency.alias()
    )];
    if p.averaged_rows > 0 {
        preprocessors.push(format!(
            "{} rows at an already-seen time of their series averaged in",
            p.averaged_rows
        ));
    }
    if p.filled_steps > 0 {
        preprocessors.push(format!(
            "{} missing time steps filled with the previous value",
            p.filled_steps
        ));
    }
    if p.dropped_rows > 0 {
        preprocessors.push(format!(
            "{} rows without a time or target dropped",
            p.dropped_rows
        ));
    }
    let description = format!("{}(m={used_m}): {}", kind.class_name(), kind.describe());
    let (metrics, model, error) = match result {
        Ok((metrics, folds, model)) => {
            params.insert("cv_folds".into(), folds.to_string());
            (metrics, Some(model), None)
        }
        Err(e) => (Vec::new(), None, Some(e)),
    };
    ForecastOutcome {
        kind,
        model_description: description,
        params,
        metrics,
        model,
        error,
        preprocessors,
        started_ms: t0,
        ended_ms: now(),
    }
}

fn outcome_score(o: &ForecastOutcome, metric: Metric) -> f64 {
    let key = metric.val_key();
    o.metrics
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(
            f64::INFINITY,
            |(_, v)| if v.is_nan() { f64::INFINITY } else { *v },
        )
}

/// A few rows of the first series' times (and identity values): each trial's input example.
fn input_example(model: &ForecastModel) -> SplitFrame {
    let mut columns = vec![model.time_col.clone()];
    columns.extend(model.identity_cols.iter().cloned());
    let data = model
        .series
        .first()
        .map(|s| {
            (0..s.fitted.history.len().min(5))
                .map(|k| {
                    let t = model.frequency.add(s.start_ms, k as i64);
                    let mut row = vec![serde_json::Value::String(time_text(model, t))];
                    row.extend(s.key_values.iter().cloned());
                    row
                })
                .collect()
        })
        .unwrap_or_default();
    SplitFrame { columns, data }
}

/// A grid time as the data file and the notebooks write it.
pub fn time_text(model: &ForecastModel, ms: i64) -> String {
    grid_time_text(model.time_is_date, model.frequency, ms)
}

fn log(
    tracking: &mut Tracking,
    experiment_id: &str,
    user: &str,
    o: &ForecastOutcome,
    metric: Metric,
    data_path: &str,
) -> TrialInfo {
    let example = o.model.as_ref().map(input_example);
    let run = TrialRun {
        run_name: o.kind.run_name(),
        started_ms: o.started_ms,
        ended_ms: o.ended_ms,
        params: &o.params,
        metrics: &o.metrics,
        model: o
            .model
            .as_ref()
            .zip(example.as_ref())
            .map(|(m, e)| (SavedModel::Forecast(Box::new(m.clone())), e)),
    };
    let texts = |run_id: &str| match &o.model {
        Some(m) => vec![(
            NOTEBOOK_ARTIFACT.to_string(),
            crate::notebook_files::to_databricks_source(&notebook::cells(
                o,
                m,
                experiment_id,
                run_id,
                metric,
                data_path,
            )),
        )],
        None => Vec::new(),
    };
    let (run_id, artifact_uri, log_error) =
        match log_run(tracking, experiment_id, user, run, &texts) {
            Ok((id, uri)) => (id, uri, None),
            Err(e) => (String::new(), String::new(), Some(e)),
        };
    TrialInfo {
        mlflow_run_id: run_id,
        run_name: o.kind.run_name().to_string(),
        estimator: o.kind.class_name().to_string(),
        model_path: format!("{artifact_uri}/model"),
        model_description: o.model_description.clone(),
        duration_minutes: (o.ended_ms - o.started_ms) as f64 / 60_000.0,
        metrics: crate::sorting::map_of(o.metrics.iter().cloned()),
        params: o.params.clone(),
        evaluation_metric_score: outcome_score(o, metric),
        preprocessors: o.preprocessors.clone(),
        error: o.error.clone().or(log_error),
    }
}

/// The prepared series as CSV (time, identity columns, target): the generated notebooks'
/// data file.
fn series_csv(params: &ForecastParams, prepared: &Prepared, frequency: Frequency) -> String {
    let mut header = vec![params.time_col.clone()];
    header.extend(params.identity_cols.iter().cloned());
    header.push(params.target_col.clone());
    let mut rows = Vec::new();
    for s in &prepared.series {
        for (k, v) in s.values.iter().enumerate() {
            let t = frequency.add(s.start_ms, k as i64);
            let mut row = vec![grid_time_text(prepared.time_is_date, frequency, t)];
            row.extend(s.key.iter().map(Cell::text));
            row.push(Cell::Float(*v).text());
            rows.push(row);
        }
    }
    data_csv(&header, &rows)
}

/// Runs `automl.forecast` to the end, logging into `tracking`.
pub fn run(
    tracking: &mut Tracking,
    table: &Table,
    dataset_name: &str,
    params: ForecastParams,
    user: &str,
    now: &mut dyn FnMut() -> i64,
) -> Result<AutoMLSummary, String> {
    let started = now();
    let checked = check(&params, table.names())?;
    let prepared = prepare(
        table,
        &params.target_col,
        &params.time_col,
        &params.identity_cols,
        checked.frequency,
    )?;
    let period = checked.frequency.seasonal_period();
    for s in &prepared.series {
        cv::cutoffs(s.values.len(), checked.horizon, period, NUM_FOLDS).map_err(|e| {
            if s.key.is_empty() {
                e
            } else {
                format!("series {}: {e}", s.key_text().join(", "))
            }
        })?;
    }
    let name = experiment_name(
        params.experiment_name.as_deref(),
        params.experiment_dir.as_deref(),
        &params.target_col,
        dataset_name,
        user,
        started,
    );
    let note = format!(
        "AutoML forecast of '{}' on {dataset_name}: {} step(s) ahead at frequency {}; trials ranked by {} ({}). Lakelab's seasonal-naive / drift models stand in for Auto-ARIMA and its linear-trend models for Prophet.",
        params.target_col,
        checked.horizon,
        checked.frequency.alias(),
        checked.metric.name(),
        checked.metric.val_key(),
    );
    let experiment_id = open_named_experiment(tracking, &name, note, started)?;
    let data_path = crate::automl::notebook::data_path(&experiment_id);
    let setup = Setup {
        params: &params,
        checked: &checked,
        prepared: &prepared,
    };
    let mut trials = Vec::new();
    let mut stop = Stop::Budget;
    for &kind in &checked.models {
        let t0 = now();
        if t0 - started >= checked.timeout_ms {
            stop = Stop::Timeout;
            break;
        }
        let outcome = train(kind, &setup, t0, now);
        trials.push(log(
            tracking,
            &experiment_id,
            user,
            &outcome,
            checked.metric,
            &data_path,
        ));
    }
    sort_trials(checked.metric, &mut trials);
    let summary = AutoMLSummary {
        experiment_id,
        experiment_name: name,
        task: Task::Regression,
        target_col: params.target_col.clone(),
        metric: checked.metric,
        trials,
        stop,
        semantic_type_conversions: BTreeMap::new(),
        alerts: Vec::new(),
        plans: Vec::new(),
        rebalance: None,
        split_sizes: (0, 0, 0),
        training_data: series_csv(&params, &prepared, checked.frequency),
        forecast: Some(ForecastInfo {
            time_col: params.time_col.clone(),
            identity_cols: params.identity_cols.clone(),
            horizon: checked.horizon,
            frequency: checked.frequency.alias().to_string(),
            output_table_name: None,
        }),
    };
    Ok(summary)
}

//! `automl.classify(...)` / `automl.regress(...)` arguments and their checks (reference §1.1).
//!
//! Deliberate difference: Databricks requires `timeout_minutes >= 5`; browser-sized data
//! trains in seconds, so Lakelab accepts any positive value (e.g. `0.25`). The default stays
//! 120 minutes, and early stopping (§6) ends a run long before on small data.

use std::collections::HashMap;

use crate::ml::estimator::Task;
use crate::ml::impute::Strategy;
use crate::table::Cell;

/// The metric that ranks trials (`primary_metric=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    F1,
    LogLoss,
    Precision,
    Accuracy,
    RocAuc,
    R2,
    Mse,
    Rmse,
    Mae,
    /// Forecasting (`automl.forecast`): logged as `val_smape`, `val_mse`, ... (Prophet's
    /// `performance_metrics` names), so they are variants of their own rather than the
    /// regression metrics, which `mlflow.evaluate` names `mean_squared_error` and so on.
    Smape,
    ForecastMse,
    ForecastRmse,
    ForecastMae,
    Mdape,
}

impl Metric {
    pub const CLASSIFICATION: [&'static str; 5] =
        ["f1", "log_loss", "precision", "accuracy", "roc_auc"];
    pub const REGRESSION: [&'static str; 4] = ["r2", "mse", "rmse", "mae"];
    pub const FORECAST: [&'static str; 5] = ["smape", "mse", "rmse", "mae", "mdape"];

    /// `forecast`'s `primary_metric=` (default `smape`).
    pub fn parse_forecast(name: &str) -> Result<Metric, String> {
        Ok(match name {
            "smape" => Metric::Smape,
            "mse" => Metric::ForecastMse,
            "rmse" => Metric::ForecastRmse,
            "mae" => Metric::ForecastMae,
            "mdape" => Metric::Mdape,
            _ => {
                return Err(format!(
                    "primary_metric '{name}' is not supported for forecasting; use one of: {}",
                    Metric::FORECAST.join(", ")
                ))
            }
        })
    }

    pub fn default_for(task: Task) -> Metric {
        match task {
            Task::Classification => Metric::F1,
            Task::Regression => Metric::R2,
        }
    }

    pub fn parse(task: Task, name: &str) -> Result<Metric, String> {
        let m = match (task, name) {
            (Task::Classification, "f1") => Metric::F1,
            (Task::Classification, "log_loss") => Metric::LogLoss,
            (Task::Classification, "precision") => Metric::Precision,
            (Task::Classification, "accuracy") => Metric::Accuracy,
            (Task::Classification, "roc_auc") => Metric::RocAuc,
            (Task::Regression, "r2") => Metric::R2,
            (Task::Regression, "mse") => Metric::Mse,
            (Task::Regression, "rmse") => Metric::Rmse,
            (Task::Regression, "mae") => Metric::Mae,
            _ => {
                let (kind, names) = match task {
                    Task::Classification => ("classification", &Metric::CLASSIFICATION[..]),
                    Task::Regression => ("regression", &Metric::REGRESSION[..]),
                };
                return Err(format!(
                    "primary_metric '{name}' is not supported for {kind}; use one of: {}",
                    names.join(", ")
                ));
            }
        };
        Ok(m)
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::F1 => "f1",
            Metric::LogLoss => "log_loss",
            Metric::Precision => "precision",
            Metric::Accuracy => "accuracy",
            Metric::RocAuc => "roc_auc",
            Metric::R2 => "r2",
            Metric::Mse => "mse",
            Metric::Rmse => "rmse",
            Metric::Mae => "mae",
            Metric::Smape => "smape",
            Metric::ForecastMse => "mse",
            Metric::ForecastRmse => "rmse",
            Metric::ForecastMae => "mae",
            Metric::Mdape => "mdape",
        }
    }

    /// The metric's key as `mlflow.evaluate` logs it, without the split prefix.
    pub fn key(self) -> &'static str {
        match self {
            Metric::F1 => "f1_score",
            Metric::LogLoss => "log_loss",
            Metric::Precision => "precision_score",
            Metric::Accuracy => "accuracy_score",
            Metric::RocAuc => "roc_auc",
            Metric::R2 => "r2_score",
            Metric::Mse => "mean_squared_error",
            Metric::Rmse => "root_mean_squared_error",
            Metric::Mae => "mean_absolute_error",
            Metric::Smape => "smape",
            Metric::ForecastMse => "mse",
            Metric::ForecastRmse => "rmse",
            Metric::ForecastMae => "mae",
            Metric::Mdape => "mdape",
        }
    }

    /// The validation metric that ranks trials (`val_f1_score`, ...).
    pub fn val_key(self) -> String {
        format!("val_{}", self.key())
    }

    pub fn maximize(self) -> bool {
        matches!(
            self,
            Metric::F1 | Metric::Precision | Metric::Accuracy | Metric::RocAuc | Metric::R2
        )
    }

    /// The loss the search minimises.
    pub fn loss(self, value: f64) -> f64 {
        if value.is_nan() {
            f64::INFINITY
        } else if self.maximize() {
            -value
        } else {
            value
        }
    }
}

/// The frameworks `exclude_frameworks=` may name.
pub const FRAMEWORKS: [&str; 3] = ["sklearn", "lightgbm", "xgboost"];

/// An AutoML run's arguments, as the Python API takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoMLParams {
    pub task: Task,
    pub target_col: String,
    pub primary_metric: Option<String>,
    pub timeout_minutes: Option<f64>,
    pub exclude_cols: Vec<String>,
    pub exclude_frameworks: Vec<String>,
    pub pos_label: Option<Cell>,
    pub imputers: Vec<(String, Strategy)>,
    pub time_col: Option<String>,
    pub split_col: Option<String>,
    pub sample_weight_col: Option<String>,
    pub experiment_name: Option<String>,
    pub experiment_dir: Option<String>,
    /// Seeds the split, the sampling and the search: the same seed gives the same trials.
    pub seed: u64,
    /// Lakelab's own cap on trials (the UI and tests use it); not Databricks' removed
    /// `max_trials`, which the notebook binding refuses.
    pub max_trials: Option<usize>,
}

impl AutoMLParams {
    pub fn new(task: Task, target_col: &str) -> AutoMLParams {
        AutoMLParams {
            task,
            target_col: target_col.to_string(),
            primary_metric: None,
            timeout_minutes: None,
            exclude_cols: Vec::new(),
            exclude_frameworks: Vec::new(),
            pos_label: None,
            imputers: Vec::new(),
            time_col: None,
            split_col: None,
            sample_weight_col: None,
            experiment_name: None,
            experiment_dir: None,
            seed: 0,
            max_trials: None,
        }
    }
}

/// Databricks' default budget.
pub const DEFAULT_TIMEOUT_MINUTES: f64 = 120.0;

/// Checked arguments.
#[derive(Debug, Clone)]
pub struct Checked {
    pub metric: Metric,
    pub timeout_ms: i64,
    pub imputers: HashMap<String, Strategy>,
    /// The frameworks left after `exclude_frameworks` (of [`FRAMEWORKS`]).
    pub frameworks: Vec<&'static str>,
}

/// Checks the arguments against the dataset's columns.
pub fn check(p: &AutoMLParams, columns: &[String]) -> Result<Checked, String> {
    let has = |c: &str| columns.iter().any(|n| n == c);
    let listing = || columns.join(", ");
    if !has(&p.target_col) {
        return Err(format!(
            "target_col '{}' is not a column of the dataset (columns: {})",
            p.target_col,
            listing()
        ));
    }
    let metric = match &p.primary_metric {
        Some(m) => Metric::parse(p.task, m)?,
        None => Metric::default_for(p.task),
    };
    let timeout = p.timeout_minutes.unwrap_or(DEFAULT_TIMEOUT_MINUTES);
    if !(timeout > 0.0 && timeout.is_finite()) {
        return Err(format!(
            "timeout_minutes must be a positive number of minutes, got {timeout}"
        ));
    }
    for (name, what) in [
        (&p.time_col, "time_col"),
        (&p.split_col, "split_col"),
        (&p.sample_weight_col, "sample_weight_col"),
    ] {
        if let Some(c) = name {
            if !has(c) {
                return Err(format!("{what} '{c}' is not a column of the dataset"));
            }
            if c == &p.target_col {
                return Err(format!("{what} '{c}' cannot be the target column"));
            }
        }
    }
    if p.time_col.is_some() && p.split_col.is_some() {
        return Err("time_col and split_col cannot both be set: each defines the split".into());
    }
    for c in &p.exclude_cols {
        if c == &p.target_col {
            return Err(format!(
                "exclude_cols cannot contain the target column '{c}'"
            ));
        }
        if Some(c) == p.time_col.as_ref() {
            return Err(format!(
                "exclude_cols cannot contain the time column '{c}' used to split the data"
            ));
        }
        if !has(c) {
            return Err(format!(
                "exclude_cols: '{c}' is not a column of the dataset"
            ));
        }
    }
    for f in &p.exclude_frameworks {
        if !FRAMEWORKS.contains(&f.as_str()) {
            return Err(format!(
                "exclude_frameworks: '{f}' is not a framework AutoML uses; use any of: {}",
                FRAMEWORKS.join(", ")
            ));
        }
    }
    let frameworks: Vec<&'static str> = FRAMEWORKS
        .iter()
        .copied()
        .filter(|f| !p.exclude_frameworks.iter().any(|e| e == f))
        .collect();
    if !frameworks
        .iter()
        .any(|f| *f == "sklearn" || *f == "lightgbm")
    {
        return Err("exclude_frameworks leaves no framework Lakelab can train: its AutoML trains scikit-learn and LightGBM models (XGBoost has no Lakelab counterpart; scikit-learn's gradient boosting, counted as 'sklearn', stands in for it), so keep 'sklearn' or 'lightgbm'".into());
    }
    let mut imputers = HashMap::new();
    for (c, s) in &p.imputers {
        if !has(c) {
            return Err(format!("imputers: '{c}' is not a column of the dataset"));
        }
        if c == &p.target_col {
            return Err(format!(
                "imputers: the target column '{c}' cannot be imputed (rows with a missing target are dropped)"
            ));
        }
        imputers.insert(c.clone(), s.clone());
    }
    if p.pos_label.is_some() && p.task == Task::Regression {
        return Err("pos_label applies to classification only".into());
    }
    Ok(Checked {
        metric,
        timeout_ms: (timeout * 60_000.0) as i64,
        imputers,
        frameworks,
    })
}

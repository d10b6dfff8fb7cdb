//! What an AutoML run returns (reference §2): `AutoMLSummary` with its trials best first and
//! `TrialInfo` per trial.

use std::collections::BTreeMap;

use super::params::Metric;
use super::prepare::{Alert, Rebalance};
use crate::ml::estimator::Task;
use crate::ml::prep::ColumnPlan;

/// One trial (`TrialInfo`).
#[derive(Debug, Clone, PartialEq)]
pub struct TrialInfo {
    pub mlflow_run_id: String,
    /// The run's name: the algorithm family (`random_forest`, ...).
    pub run_name: String,
    /// The estimator's class (`RandomForestClassifier`).
    pub estimator: String,
    /// `<artifact_uri>/model` (what `mlflow.sklearn.load_model` takes).
    pub model_path: String,
    /// The algorithm and hyperparameters in words.
    pub model_description: String,
    pub duration_minutes: f64,
    pub metrics: BTreeMap<String, f64>,
    pub params: BTreeMap<String, String>,
    /// The primary metric on the validation split; the metric's worst value when missing.
    pub evaluation_metric_score: f64,
    pub preprocessors: Vec<String>,
    /// Why the trial failed, when it did (its run is marked FAILED).
    pub error: Option<String>,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every trial the budget allowed ran (`max_trials` cap).
    Budget,
    /// `timeout_minutes` was reached.
    Timeout,
    /// No trial improved for a while (§6).
    EarlyStopped,
    /// The learner cancelled; finished trials are kept.
    Cancelled,
}

/// `AutoMLSummary`.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoMLSummary {
    pub experiment_id: String,
    pub experiment_name: String,
    pub task: Task,
    pub target_col: String,
    pub metric: Metric,
    /// Best first by the primary metric (failed trials last).
    pub trials: Vec<TrialInfo>,
    pub stop: Stop,
    pub semantic_type_conversions: BTreeMap<String, Vec<String>>,
    pub alerts: Vec<Alert>,
    pub plans: Vec<ColumnPlan>,
    pub rebalance: Option<Rebalance>,
    /// Rows in train (after downsampling), validate and test.
    pub split_sizes: (usize, usize, usize),
    /// The data file the generated notebooks read (see `automl::notebook`).
    pub training_data: String,
    /// Set for `automl.forecast` runs (whose `task` is `Regression`: a numeric target).
    pub forecast: Option<ForecastInfo>,
}

/// What a forecast run adds to its summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInfo {
    pub time_col: String,
    pub identity_cols: Vec<String>,
    pub horizon: usize,
    /// The pandas offset alias of the grid (`D`, `MS`, ...).
    pub frequency: String,
    /// `output_table_name`: the best model's forecast, when `output_database` was given.
    pub output_table_name: Option<String>,
}

impl AutoMLSummary {
    /// `best_trial` (`trials[0]`); `None` when no trial ran.
    pub fn best_trial(&self) -> Option<&TrialInfo> {
        self.trials.first().filter(|t| t.error.is_none())
    }

    pub fn is_early_stopped(&self) -> bool {
        self.stop == Stop::EarlyStopped
    }

    /// `metric_distribution`: `"min: x, median: y, max: z"` over the successful trials'
    /// validation scores (rounded to 3 decimals, our formatting).
    pub fn metric_distribution(&self) -> String {
        let mut v: Vec<f64> = self
            .trials
            .iter()
            .filter(|t| t.error.is_none())
            .map(|t| t.evaluation_metric_score)
            .filter(|x| x.is_finite())
            .collect();
        if v.is_empty() {
            return "min: nan, median: nan, max: nan".into();
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        format!(
            "min: {:.3}, median: {:.3}, max: {:.3}",
            v[0],
            median,
            v[n - 1]
        )
    }
}

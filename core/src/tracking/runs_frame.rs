//! `mlflow.search_runs(...)`: the runs as a table (pandas in MLflow), one row per run.
//!
//! Columns, as MLflow builds them: `run_id`, `experiment_id`, `status`, `artifact_uri`,
//! `start_time`, `end_time`, then `metrics.<key>`, `params.<key>` and `tags.<key>`, each group in
//! the order its keys first appear in the results. A run without a key has null there (NaN /
//! None in pandas). Times are UTC timestamps written as pandas prints them
//! (`2025-11-26 12:30:45.123000+00:00`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::entities::Run;
use super::error::MlflowError;
use super::store::{RunQuery, Tracking, SEARCH_MAX_RESULTS_THRESHOLD};
use crate::frame::SplitFrame;
use crate::time::utc_text;

/// `mlflow.search_runs`' default `max_results` (SEARCH_MAX_RESULTS_PANDAS).
pub const SEARCH_MAX_RESULTS_PANDAS: usize = 100_000;

fn timestamp(ms: i64) -> Value {
    Value::String(format!("{}+00:00", utc_text(ms)))
}

/// Keys in first-seen order.
struct Columns {
    order: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Columns {
    fn new() -> Self {
        Self {
            order: Vec::new(),
            index: BTreeMap::new(),
        }
    }
    fn see(&mut self, key: &str) {
        if !self.index.contains_key(key) {
            self.index.insert(key.to_string(), self.order.len());
            self.order.push(key.to_string());
        }
    }
}

impl Tracking {
    /// `mlflow.search_runs(experiment_ids, filter_string, run_view_type, max_results, order_by)`:
    /// every page of [`Tracking::search_runs`] up to `max_results`, as one table.
    pub fn search_runs_frame(&self, query: &RunQuery) -> Result<SplitFrame, MlflowError> {
        let mut runs: Vec<Run> = Vec::new();
        let mut page = RunQuery {
            max_results: query.max_results.min(SEARCH_MAX_RESULTS_THRESHOLD),
            page_token: None,
            ..query.clone()
        };
        loop {
            let found = self.search_runs(&page)?;
            runs.extend(found.runs);
            match found.token {
                Some(token) if runs.len() < query.max_results => {
                    page.max_results =
                        (query.max_results - runs.len()).min(SEARCH_MAX_RESULTS_THRESHOLD);
                    page.page_token = Some(token);
                }
                _ => break,
            }
        }
        runs.truncate(query.max_results);
        let (mut metrics, mut params, mut tags) = (Columns::new(), Columns::new(), Columns::new());
        for run in &runs {
            run.data.metrics.keys().for_each(|k| metrics.see(k));
            run.data.params.keys().for_each(|k| params.see(k));
            run.data.tags.keys().for_each(|k| tags.see(k));
        }
        let mut columns: Vec<String> = [
            "run_id",
            "experiment_id",
            "status",
            "artifact_uri",
            "start_time",
            "end_time",
        ]
        .map(String::from)
        .to_vec();
        columns.extend(metrics.order.iter().map(|k| format!("metrics.{k}")));
        columns.extend(params.order.iter().map(|k| format!("params.{k}")));
        columns.extend(tags.order.iter().map(|k| format!("tags.{k}")));
        let data = runs
            .iter()
            .map(|run| {
                let info = &run.info;
                let mut row = vec![
                    json!(info.run_id),
                    json!(info.experiment_id),
                    json!(info.status.as_str()),
                    json!(info.artifact_uri),
                    timestamp(info.start_time),
                    info.end_time.map_or(Value::Null, timestamp),
                ];
                row.extend(
                    metrics
                        .order
                        .iter()
                        .map(|k| run.data.metrics.get(k).map_or(Value::Null, |v| json!(v))),
                );
                row.extend(
                    params
                        .order
                        .iter()
                        .map(|k| run.data.params.get(k).map_or(Value::Null, |v| json!(v))),
                );
                row.extend(
                    tags.order
                        .iter()
                        .map(|k| run.data.tags.get(k).map_or(Value::Null, |v| json!(v))),
                );
                row
            })
            .collect();
        Ok(SplitFrame { columns, data })
    }
}

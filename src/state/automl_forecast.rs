//! `automl.forecast` from the AutoML page. It runs on the page, not in the worker: its
//! four forecasters are closed-form fits (no hyperparameter search), so a run on the bundled
//! daily sales (3 series × 365 days, 20 folds) is a few milliseconds of work, less than a
//! worker round trip; the runs, models and notebooks land in the workspace exactly as the
//! notebook binding logs them.

use lakelab_core::automl::forecast::{self, ForecastParams};
use lakelab_core::automl::notebook::data_path;
use lakelab_core::automl::{JobSpec, Progress};
use lakelab_core::ml::estimator::Task;
use lakelab_core::table::Table;
use leptos::prelude::*;

use super::automl_job::{user, JobView};
use super::AppState;
use crate::platform::clock::now_ms;

/// Runs the forecast to the end and shows its trials as a finished job.
pub fn run_forecast(
    state: AppState,
    job: RwSignal<Option<JobView>, LocalStorage>,
    table: &Table,
    dataset: String,
    params: ForecastParams,
) {
    let spec = JobSpec {
        task: Task::Regression,
        target_col: params.target_col.clone(),
        primary_metric: params.primary_metric.clone(),
        timeout_minutes: params.timeout_minutes,
        exclude_cols: Vec::new(),
        seed: 0,
        max_trials: None,
    };
    let mut view = JobView::new(spec, dataset.clone());
    let timeout_ms = (params.timeout_minutes.unwrap_or(1.0) * 60_000.0) as i64;
    let user = user(state);
    let started = now_ms();
    let result = state.workspace.apply(|w| {
        let summary = forecast::run(&mut w.tracking, table, &dataset, params, &user, &mut now_ms)?;
        // The data the generated trial notebooks read.
        w.files
            .write(
                &data_path(&summary.experiment_id),
                summary.training_data.clone().into_bytes(),
            )
            .map_err(|e| e.message())?;
        Ok::<_, String>(summary)
    });
    match result {
        Some(Ok(summary)) => {
            view.progress = Some(Progress {
                trials_done: summary.trials.len(),
                best_score: summary.best_trial().map(|t| t.evaluation_metric_score),
                elapsed_ms: now_ms() - started,
                timeout_ms,
            });
            view.stop = Some(summary.stop);
            view.forecast = Some(summary);
        }
        Some(Err(e)) => view.error = Some(e),
        None => view.error = Some("The workspace is not available.".into()),
    }
    job.set(Some(view));
}

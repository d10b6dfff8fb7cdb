//! The AutoML page: configure a run, watch its trials arrive from the Web Worker, register the
//! best model. Every trial is an MLflow run in the workspace, as `automl.classify` in a
//! notebook makes them.

use leptos::prelude::*;

use crate::components::automl_leaderboard::AutomlLeaderboard;
use crate::components::automl_prep::AutomlPrep;
use crate::components::automl_progress::AutomlProgress;
use crate::components::automl_setup::AutomlSetup;
use crate::platform::automl_worker::AutomlWorker;
use crate::state::automl_job::JobView;

#[component]
pub fn AutomlPage() -> impl IntoView {
    let job = RwSignal::new_local(None::<JobView>);
    let worker = StoredValue::new_local(None::<AutomlWorker>);
    view! {
        <h1>"AutoML"</h1>
        <p class="lead">
            "AutoML trains real models in your browser (classification and regression in a background worker, forecasts on the page) and reports its trials as Databricks AutoML does: one MLflow experiment, one run per trial, best first."
        </p>
        <AutomlSetup job=job worker=worker />
        <AutomlProgress job=job worker=worker />
        <AutomlLeaderboard job=job />
        <AutomlPrep job=job />
        <p class="muted">"Exam objectives: S1.03, S1.04, S3.02, S3.11, S3.12."</p>
    }
}

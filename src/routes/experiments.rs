//! The Experiments page: the experiment list and the runs of the selected experiment
//! (`?experiment=<id>` in the address, so a view can be shared or reloaded).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::experiment_list::ExperimentList;
use crate::components::runs_table::RunsTable;

#[component]
pub fn ExperimentsPage() -> impl IntoView {
    let query = use_query_map();
    let selected = Signal::derive(move || {
        query
            .with(|q| q.get("experiment"))
            .unwrap_or_else(|| lakelab_core::tracking::DEFAULT_EXPERIMENT_ID.to_string())
    });
    view! {
        <h1>"Experiments"</h1>
        <p class="lead">
            "MLflow tracking: experiments and their runs, searched with MLflow's filter syntax. \
             Runs come from notebook cells (mlflow.start_run(), mlflow.log_metric(), …) or, for \
             practice, from the sample experiment in Settings."
        </p>
        <div class="experiments">
            <ExperimentList selected=selected />
            <RunsTable experiment_id=selected />
        </div>
        <p class="muted">
            "Exam objectives: S1.11 best run with the client API, S1.12 manual logging, S1.13 what the MLflow UI shows."
        </p>
    }
}

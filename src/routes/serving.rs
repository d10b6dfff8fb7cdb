//! The Serving page: serving endpoints for registered model versions, as the Databricks
//! Serving UI shows them. List and create / edit endpoints (with a champion / challenger
//! traffic split), query the selected one in MLflow's request formats, and read its
//! inference table and A/B statistics; below, streaming-inference pipelines
//! ([`StreamingPanel`]). Everything goes through the core's engines, so the page and
//! notebook calls see the same endpoints and tables.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::serving_ab_view::ServingAbView;
use crate::components::serving_endpoint_form::ServingEndpointForm;
use crate::components::serving_endpoint_list::ServingEndpointList;
use crate::components::serving_inference_table::ServingInferenceTable;
use crate::components::serving_query::ServingQuery;
use crate::components::streaming_panel::StreamingPanel;
use crate::platform::clock::now_ms;
use crate::state::{use_app, AppState};

/// How often a pending deployment is checked (the simulated deploy takes seconds).
const SETTLE_EVERY: Duration = Duration::from_millis(250);

/// Deployments finish by time, not by an event: while any endpoint is pending, a timer
/// settles the ones whose deploy time has passed, which re-renders the page (and saves).
fn settle_while_pending(state: AppState) {
    let pending = Memo::new(move |_| {
        state
            .workspace
            .value
            .with(|w| w.serving.endpoints.values().any(|e| e.pending.is_some()))
    });
    let timer = StoredValue::new(None::<IntervalHandle>);
    let tick = move || {
        let now = now_ms();
        state.workspace.update_if(|w| {
            let due = w
                .serving
                .endpoints
                .values()
                .any(|e| e.pending.as_ref().is_some_and(|p| now >= p.ready_ms));
            if due {
                w.serving.settle(now);
            }
            due
        });
    };
    Effect::new(move |_| match (pending.get(), timer.get_value()) {
        (true, None) => timer.set_value(set_interval_with_handle(tick, SETTLE_EVERY).ok()),
        (false, Some(handle)) => {
            handle.clear();
            timer.set_value(None);
        }
        _ => {}
    });
    on_cleanup(move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
    });
}

#[component]
pub fn ServingPage() -> impl IntoView {
    let state = use_app();
    settle_while_pending(state);
    let selected = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<String>);
    // A selected endpoint that was deleted (here or in a notebook) is no longer shown.
    let shown = Memo::new(move |_| {
        selected.get().filter(|name| {
            state
                .workspace
                .value
                .with(|w| w.serving.endpoints.contains_key(name))
        })
    });
    view! {
        <h1>"Serving"</h1>
        <p class="lead">
            "Real-time Model Serving answers each REST request in milliseconds from an endpoint that serves registered model versions. Batch inference scores a whole table on a schedule, and streaming inference scores new rows continuously within seconds to minutes; both write predictions to Delta tables instead of answering a caller."
        </p>
        <ServingEndpointList selected=selected editing=editing />
        <ServingEndpointForm selected=selected editing=editing />
        {move || {
            shown
                .get()
                .map(|name| {
                    let title = format!("Endpoint {name}");
                    let label = title.clone();
                    view! {
                        <section class="serving-endpoint" aria-label=label>
                            <h2>{title}</h2>
                            <ServingQuery name=name.clone() />
                            <ServingAbView name=name.clone() />
                            <ServingInferenceTable name=name />
                        </section>
                    }
                })
        }}
        <StreamingPanel />
        <p class="muted">"Exam objectives: S4.01 to S4.06."</p>
    }
}

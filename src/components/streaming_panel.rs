//! Streaming inference on the Serving page: simulated Delta Live Tables pipelines that score
//! a Unity Catalog table's rows in micro-batches into a streaming table. Lists the
//! pipelines, creates them, and shows the selected one's graph, controls and latency figures,
//! to make the batch / streaming / real-time trade-off concrete (serving.md §8–§9).

use leptos::prelude::*;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::streaming_batches::StreamingBatches;
use crate::components::streaming_controls::StreamingControls;
use crate::components::streaming_form::StreamingForm;
use crate::components::streaming_graph::StreamingGraph;
use crate::state::use_app;

#[component]
pub fn StreamingPanel() -> impl IntoView {
    let state = use_app();
    let selected = RwSignal::new(None::<String>);
    let names = Memo::new(move |_| {
        state
            .workspace
            .value
            .with(|w| w.streaming.pipelines.keys().cloned().collect::<Vec<_>>())
    });
    // The chosen pipeline if it still exists, else the first one.
    let shown = Memo::new(move |_| {
        let all = names.get();
        selected
            .get()
            .filter(|n| all.contains(n))
            .or_else(|| all.first().cloned())
    });
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let delete = Callback::new(move |()| {
        let Some(name) = shown.get_untracked() else {
            return;
        };
        match state.workspace.apply(|w| w.delete_pipeline(&name)) {
            Some(Err(e)) => error.set(Some(e.to_string())),
            _ => {
                error.set(None);
                selected.set(None);
            }
        }
    });
    view! {
        <section aria-labelledby="streaming-title" data-testid="streaming">
            <h2 id="streaming-title">"Streaming inference (Delta Live Tables)"</h2>
            <p>
                "A streaming table applies a model to new rows as they arrive, in micro-batches, and appends the predictions to a Delta table; in a real pipeline that is "
                <code>"@dlt.table"</code> " reading " <code>"spark.readStream.table(...)"</code>
                " with " <code>"mlflow.pyfunc.spark_udf"</code>
                ". The batch size is the trade-off: a bigger batch spreads each batch's fixed cost over more rows, so throughput rises, but its rows wait longer for the batch to fill, so latency rises too. Batch inference is the far end (one big batch on a schedule: cheapest per row, minutes to hours late); real-time Model Serving is the other (a batch of one request, answered in milliseconds, at the highest cost per prediction); streaming sits between, with latencies of seconds to minutes. Try the same pipeline with 1, 10 and 100 rows per batch and compare."
            </p>
            <StreamingForm selected=selected />
            <Show when=move || !names.with(Vec::is_empty)>
                <h3 id="pipelines-title">"Pipelines"</h3>
                <p class="actions">
                    <label for="pipeline-select">"Pipeline "</label>
                    <select
                        id="pipeline-select"
                        on:change=move |ev| selected.set(Some(event_target_value(&ev)))
                    >
                        {move || {
                            let current = shown.get();
                            names
                                .get()
                                .into_iter()
                                .map(|n| {
                                    let is = current.as_deref() == Some(n.as_str());
                                    view! {
                                        <option value=n.clone() selected=is>
                                            {n.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    <button type="button" class="small" on:click=move |_| confirm_open.set(true)>
                        "Delete pipeline"
                    </button>
                </p>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p role="alert" class="error">
                    {move || error.get()}
                </p>
            </Show>
            {move || {
                shown
                    .get()
                    .map(|name| {
                        let failed = {
                            let name = name.clone();
                            move || {
                                state
                                    .workspace
                                    .value
                                    .with(|w| {
                                        w.streaming
                                            .pipelines
                                            .get(&name)
                                            .and_then(|p| p.last_error.clone())
                                    })
                            }
                        };
                        view! {
                            <section
                                class="pipeline"
                                aria-label=format!("Pipeline {name}")
                                data-testid="pipeline"
                                data-pipeline=name.clone()
                            >
                                <StreamingGraph name=name.clone() />
                                {move || {
                                    failed()
                                        .map(|e| {
                                            view! {
                                                <p class="error" data-testid="pipeline-failure">
                                                    {format!("The last update failed: {e}")}
                                                </p>
                                            }
                                        })
                                }}
                                <StreamingControls name=name.clone() />
                                <StreamingBatches name=name.clone() />
                            </section>
                        }
                    })
            }}
            <ConfirmDialog
                open=confirm_open
                title="Delete this pipeline?"
                message="The pipeline and its output streaming table are deleted; the source table stays. This cannot be undone."
                confirm_label="Delete pipeline"
                on_confirm=delete
            />
        </section>
    }
}

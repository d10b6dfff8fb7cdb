//! "Create pipeline": the fields a DLT streaming-inference pipeline needs (serving.md §8):
//! a source table in Unity Catalog, a registered model by alias or version, the output
//! streaming table, the feature columns (empty: the model signature's), the pipeline mode,
//! the micro-batch size and the simulated arrival rate. Or, as source code, a notebook whose
//! `@dlt.table` function reads the stream and a target `catalog.schema` (DLT's Destination).
//! The engine checks it all and creates the output table; its refusals show as they are.

use lakelab_core::streaming::spec::{MAX_BATCH_ROWS, MAX_RATE, MIN_RATE};
use lakelab_core::streaming::{Mode, NotebookCode, PipelineSpec};
use lakelab_core::Workspace;
use leptos::prelude::*;

use crate::components::outcome_message::OutcomeMessage;
use crate::platform::clock::now_ms;
use crate::state::use_app;

/// A Unity Catalog model's choices: aliases first, then versions, newest first.
fn references(w: &Workspace, model: &str) -> Vec<(String, String)> {
    let Some(m) = w.unity.models.get(model) else {
        return Vec::new();
    };
    let aliases = m
        .aliases
        .iter()
        .map(|(a, v)| (format!("@{a}"), format!("@{a} (now version {v})")));
    let versions = m
        .versions
        .iter()
        .rev()
        .map(|v| (format!("/{}", v.version), format!("Version {}", v.version)));
    aliases.chain(versions).collect()
}

/// `value` if it is among `options`, else the first option.
fn or_first(value: String, options: &[String]) -> String {
    if options.contains(&value) {
        value
    } else {
        options.first().cloned().unwrap_or_default()
    }
}

/// A `<select>` over `options` (value, text) bound to `value`.
fn select_view(
    id: &'static str,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    current: impl Fn() -> String + Send + Sync + 'static,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            {move || {
                let now = current();
                options()
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == now;
                        view! {
                            <option value=v selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}

#[component]
pub fn StreamingForm(selected: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let name = RwSignal::new("churn_stream".to_string());
    let source = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let output = RwSignal::new(String::new());
    let features = RwSignal::new(String::new());
    let mode = RwSignal::new(Mode::Triggered.as_str().to_string());
    let batch_size = RwSignal::new(10usize);
    let rate = RwSignal::new(100.0f64);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    // "form": the fields below; "notebook": a notebook's @dlt.table.
    let code = RwSignal::new("form".to_string());
    let notebook = RwSignal::new(String::new());
    let target = RwSignal::new("main.default".to_string());
    let from_notebook = move || code.with(|c| c == "notebook");
    let notebooks = move || {
        state.workspace.value.with(|w| {
            w.notebooks
                .iter()
                .map(|n| (n.id.clone(), n.name.clone()))
                .collect::<Vec<(String, String)>>()
        })
    };
    let notebook_of = move || {
        let ids: Vec<String> = notebooks().into_iter().map(|(id, _)| id).collect();
        or_first(notebook.get(), &ids)
    };

    let tables = move || {
        state
            .workspace
            .value
            .with(|w| w.unity.tables.keys().cloned().collect::<Vec<String>>())
    };
    let models = move || {
        state.workspace.value.with(|w| {
            w.unity
                .models
                .keys()
                .filter(|m| m.split('.').count() == 3)
                .cloned()
                .collect::<Vec<String>>()
        })
    };
    let source_of = move || or_first(source.get(), &tables());
    let model_of = move || or_first(model.get(), &models());
    let reference_options = move || {
        let m = model_of();
        state.workspace.value.with(|w| references(w, &m))
    };
    let reference_of = move || {
        let options: Vec<String> = reference_options().into_iter().map(|(v, _)| v).collect();
        or_first(reference.get(), &options)
    };
    // The output name defaults to `<source>_predictions` in the source's schema.
    let output_of = move || {
        let typed = output.get();
        if typed.trim().is_empty() {
            let s = source_of();
            if s.is_empty() {
                String::new()
            } else {
                format!("{s}_predictions")
            }
        } else {
            typed
        }
    };
    let ready = move || !tables().is_empty() && (from_notebook() || !models().is_empty());

    let submit = move |_| {
        let spec = PipelineSpec {
            name: name.get_untracked(),
            source: source_of(),
            model_uri: format!("models:/{}{}", model_of(), reference_of()),
            output: output_of(),
            features: features
                .get_untracked()
                .split(',')
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect(),
            mode: Mode::parse(&mode.get_untracked()).unwrap_or_default(),
            batch_size: batch_size.get_untracked(),
            arrival_rows_per_s: rate.get_untracked(),
            notebook: from_notebook().then(|| NotebookCode {
                notebook_id: notebook_of(),
                target: target.get_untracked(),
            }),
        };
        let result = state.workspace.apply(|w| {
            w.create_pipeline(spec, now_ms()).map(|p| {
                let text = if p.spec.notebook.is_some() {
                    format!(
                        "Created pipeline {}: {} → the notebook's @dlt.table → {}. Step it or run it below.",
                        p.spec.name, p.spec.source, p.spec.output
                    )
                } else {
                    format!(
                        "Created pipeline {}: {} → {} (features {}) → {}. Step it or run it below.",
                        p.spec.name,
                        p.spec.source,
                        p.spec.model_uri,
                        p.spec.features.join(", "),
                        p.spec.output
                    )
                };
                (p.spec.name.clone(), text)
            })
        });
        match result {
            Some(Ok((created, text))) => {
                selected.set(Some(created));
                outcome.set(Some(Ok(text)));
            }
            Some(Err(e)) => outcome.set(Some(Err(e.to_string()))),
            None => {}
        }
    };

    view! {
        <section aria-labelledby="pipeline-form-title">
            <h3 id="pipeline-form-title">"Create pipeline"</h3>
            <label for="pipeline-code">"Source code"</label>
            <select id="pipeline-code" on:change=move |ev| code.set(event_target_value(&ev))>
                <option value="form" selected=move || !from_notebook()>
                    "These fields: a source table scored by a registered model"
                </option>
                <option value="notebook" selected=from_notebook>
                    "A notebook's @dlt.table function"
                </option>
            </select>
            <Show
                when=ready
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="pipeline-needs">
                            "A pipeline reads a Unity Catalog table and scores it with a Unity Catalog model. Create a table (the Feature Store page, or fe.create_table in a notebook) and register a model first."
                        </p>
                    }
                }
            >
                <form
                    class="serving-form"
                    data-testid="pipeline-form"
                    on:submit=|ev| ev.prevent_default()
                >
                    <label for="pipeline-name">"Pipeline name"</label>
                    <input
                        id="pipeline-name"
                        type="text"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <Show when=from_notebook>
                        <label for="pipeline-notebook">"Notebook"</label>
                        {select_view("pipeline-notebook", notebooks, notebook_of, notebook)}
                        <label for="pipeline-target">
                            "Target (catalog.schema: the table is published there, and unqualified names resolve there)"
                        </label>
                        <input
                            id="pipeline-target"
                            type="text"
                            prop:value=move || target.get()
                            on:input=move |ev| target.set(event_target_value(&ev))
                        />
                        <p class="muted">
                            "The notebook's @dlt.table function reads its source with dlt.read_stream(name) or spark.readStream.table(name) and returns a DataFrame, e.g. with a spark_udf prediction column. Each update takes a copy of the notebook."
                        </p>
                    </Show>
                    <Show when=move || !from_notebook()>
                        <label for="pipeline-source">"Source table (read as a stream)"</label>
                        {select_view(
                            "pipeline-source",
                            move || tables().into_iter().map(|t| (t.clone(), t)).collect(),
                            source_of,
                            source,
                        )}
                        <label for="pipeline-model">"Model (catalog.schema.model)"</label>
                        {select_view(
                            "pipeline-model",
                            move || models().into_iter().map(|m| (m.clone(), m)).collect(),
                            model_of,
                            model,
                        )}
                        <label for="pipeline-version">"Alias or version"</label>
                        {select_view(
                            "pipeline-version",
                            reference_options,
                            reference_of,
                            reference,
                        )}
                        <label for="pipeline-output">"Output streaming table"</label>
                        <input
                            id="pipeline-output"
                            type="text"
                            prop:value=output_of
                            on:input=move |ev| output.set(event_target_value(&ev))
                        />
                        <label for="pipeline-features">
                            "Feature columns (comma-separated; empty: the model signature's inputs)"
                        </label>
                        <input
                            id="pipeline-features"
                            type="text"
                            prop:value=move || features.get()
                            on:input=move |ev| features.set(event_target_value(&ev))
                        />
                    </Show>
                    <label for="pipeline-mode">"Pipeline mode"</label>
                    <select
                        id="pipeline-mode"
                        on:change=move |ev| mode.set(event_target_value(&ev))
                    >
                        <option value="TRIGGERED" selected=move || mode.with(|m| m == "TRIGGERED")>
                            "Triggered: an update processes the rows present, then stops"
                        </option>
                        <option
                            value="CONTINUOUS"
                            selected=move || mode.with(|m| m == "CONTINUOUS")
                        >
                            "Continuous: runs until stopped, waiting for new rows"
                        </option>
                    </select>
                    <label for="pipeline-batch-size">"Rows per micro-batch"</label>
                    <input
                        id="pipeline-batch-size"
                        type="number"
                        min="1"
                        max=MAX_BATCH_ROWS.to_string()
                        prop:value=move || batch_size.get().to_string()
                        on:input=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                batch_size.set(n);
                            }
                        }
                    />
                    <label for="pipeline-rate">"Simulated arrival rate (rows per second)"</label>
                    <input
                        id="pipeline-rate"
                        type="number"
                        min=MIN_RATE.to_string()
                        max=MAX_RATE.to_string()
                        prop:value=move || rate.get().to_string()
                        on:input=move |ev| {
                            if let Ok(r) = event_target_value(&ev).parse::<f64>() {
                                rate.set(r);
                            }
                        }
                    />
                    <div class="actions">
                        <button type="submit" on:click=submit>
                            "Create pipeline"
                        </button>
                    </div>
                </form>
            </Show>
            <OutcomeMessage message=outcome test_id="pipeline-form" />
        </section>
    }
}

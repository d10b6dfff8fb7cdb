//! The pipeline graph: source table → streaming table (the model) → output table, as three
//! boxes with their counters, the way the DLT pipeline UI shows a graph with row counts.

use leptos::prelude::*;

use crate::state::use_app;

#[derive(Clone, PartialEq, Default)]
struct Figures {
    source: String,
    source_rows: u64,
    rows_read: u64,
    model: String,
    version: String,
    state: &'static str,
    mode: &'static str,
    rows_processed: u64,
    batches: u64,
    output: String,
    rows_written: u64,
    output_rows: u64,
}

#[component]
pub fn StreamingGraph(name: String) -> impl IntoView {
    let state = use_app();
    let figures = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            let Some(p) = w.streaming.pipelines.get(&name) else {
                return Figures::default();
            };
            let output_rows = w
                .unity
                .table_name(&p.spec.output)
                .ok()
                .and_then(|n| {
                    w.unity
                        .table(&n)
                        .ok()
                        .map(|t| t.current().num_rows() as u64)
                })
                .unwrap_or(0);
            let notebook = p.spec.notebook.as_ref().map(|n| {
                w.notebooks
                    .iter()
                    .find(|nb| nb.id == n.notebook_id)
                    .map_or(format!("notebook {} (deleted)", n.notebook_id), |nb| {
                        format!("notebook {}: @dlt.table", nb.name)
                    })
            });
            let version = p
                .update
                .as_ref()
                .filter(|_| notebook.is_none())
                .map(|u| format!("scoring with version {}", u.model_version))
                .or_else(|| {
                    p.batches
                        .back()
                        .filter(|_| notebook.is_none())
                        .map(|b| format!("last batch: version {}", b.model_version))
                })
                .unwrap_or_default();
            Figures {
                source: p.spec.source.clone(),
                source_rows: w.pipeline_source_rows(&name),
                rows_read: p.counters.rows_read,
                model: notebook.unwrap_or_else(|| p.spec.model_uri.clone()),
                version,
                state: p.state(),
                mode: p.spec.mode.as_str(),
                rows_processed: p.counters.rows_processed,
                batches: p.counters.batches,
                output: p.spec.output.clone(),
                rows_written: p.counters.rows_written,
                output_rows,
            }
        })
    });
    let f = move || figures.get();
    view! {
        <ol class="pipeline-graph" aria-label="Pipeline graph" data-testid="pipeline-graph">
            <li class="pipeline-node">
                <strong>"Source table"</strong>
                <code>{move || f().source}</code>
                <span>
                    "Rows in table: "
                    <b data-testid="graph-source-rows">{move || f().source_rows}</b>
                </span>
                <span>
                    "Rows read by the stream: "
                    <b data-testid="graph-rows-read">{move || f().rows_read}</b>
                </span>
            </li>
            <li class="pipeline-node">
                <strong>"Streaming table (model)"</strong>
                <code>{move || f().model}</code>
                <span class="muted">{move || f().version}</span>
                <span>
                    "State: " <b data-testid="pipeline-state">{move || f().state}</b> " ("
                    {move || f().mode} ")"
                </span>
                <span>
                    "Rows scored: "
                    <b data-testid="graph-rows-processed">{move || f().rows_processed}</b>
                </span>
                <span>
                    "Micro-batches: " <b data-testid="graph-batches">{move || f().batches}</b>
                </span>
            </li>
            <li class="pipeline-node">
                <strong>"Output table"</strong>
                <code>{move || f().output}</code>
                <span>
                    "Rows written: "
                    <b data-testid="graph-rows-written">{move || f().rows_written}</b>
                </span>
                <span>
                    "Rows in table: "
                    <b data-testid="graph-output-rows">{move || f().output_rows}</b>
                </span>
            </li>
        </ol>
    }
}

//! The selected endpoint's inference table: per served entity, requests, errors and
//! latency percentiles (what a learner would `GROUP BY` in the payload table), then the
//! newest rows with the legacy payload table's columns.

use lakelab_core::serving::summary::{summarize, EntityStats};
use leptos::prelude::*;

use crate::state::use_app;

/// Rows shown (the table itself keeps up to 10,000 per endpoint).
const LAST_ROWS: usize = 20;
/// Characters of a request or response shown in a row.
const CLIP: usize = 80;

pub fn ms(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2}"))
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(CLIP) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    String::from(d.to_iso_string())
}

#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    timestamp_ms: i64,
    status_code: u16,
    execution_time_ms: f64,
    served_entity: String,
    request: String,
    response: String,
}

#[component]
pub fn ServingInferenceTable(name: String) -> impl IntoView {
    let state = use_app();
    let key = name.clone();
    let data = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            let Some(log) = w.serving.records.get(&key) else {
                return (Vec::<EntityStats>::new(), 0u64, Vec::<Row>::new());
            };
            let summary = summarize(&log.records);
            let rows = log
                .records
                .iter()
                .rev()
                .take(LAST_ROWS)
                .map(|r| Row {
                    id: r.databricks_request_id.clone(),
                    timestamp_ms: r.timestamp_ms,
                    status_code: r.status_code,
                    execution_time_ms: r.execution_time_ms,
                    served_entity: r.served_entity.clone().unwrap_or_default(),
                    request: clip(&r.request),
                    response: clip(&r.response),
                })
                .collect();
            (summary.entities, summary.requests, rows)
        })
    });
    view! {
        <section aria-labelledby="inference-title">
            <h3 id="inference-title">"Inference table"</h3>
            <Show
                when=move || data.with(|d| d.1 > 0)
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-inference-rows">
                            "No requests logged yet: send one above."
                        </p>
                    }
                }
            >
                <table class="kv" data-testid="inference-stats">
                    <caption>
                        {move || format!("By served entity, {} requests", data.with(|d| d.1))}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Served entity"</th>
                            <th scope="col">"Requests"</th>
                            <th scope="col">"Errors"</th>
                            <th scope="col">"p50 ms"</th>
                            <th scope="col">"p99 ms"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            data.with(|d| d.0.clone())
                                .into_iter()
                                .map(|e| {
                                    let label = e
                                        .served_entity
                                        .clone()
                                        .unwrap_or_else(|| "(not routed)".into());
                                    let key = label.clone();
                                    view! {
                                        <tr data-testid="inference-entity" data-entity=key>
                                            <th scope="row">{label}</th>
                                            <td data-testid="entity-requests">{e.requests}</td>
                                            <td data-testid="entity-errors">{e.errors}</td>
                                            <td>{ms(e.p50_ms)}</td>
                                            <td>{ms(e.p99_ms)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <div class="table-scroll">
                    <table class="runs-table" data-testid="inference-rows">
                        <caption>
                            {move || {
                                format!(
                                    "Newest {} of {} rows",
                                    data.with(|d| d.2.len()),
                                    data.with(|d| d.1),
                                )
                            }}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"databricks_request_id"</th>
                                <th scope="col">"timestamp_ms"</th>
                                <th scope="col">"status_code"</th>
                                <th scope="col">"execution_time_ms"</th>
                                <th scope="col">"served entity"</th>
                                <th scope="col">"request"</th>
                                <th scope="col">"response"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                data.with(|d| d.2.clone())
                                    .into_iter()
                                    .map(|r| {
                                        view! {
                                            <tr data-testid="inference-row">
                                                <th scope="row">{r.id}</th>
                                                <td title=when(r.timestamp_ms)>{r.timestamp_ms}</td>
                                                <td>{r.status_code}</td>
                                                <td>{format!("{:.2}", r.execution_time_ms)}</td>
                                                <td>{r.served_entity}</td>
                                                <td>
                                                    <code>{r.request}</code>
                                                </td>
                                                <td>
                                                    <code>{r.response}</code>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

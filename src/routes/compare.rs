//! Comparing runs, as MLflow's compare view: parameters and metrics side by side (with "show
//! differences only"), parallel coordinates, a scatter plot of any two metrics or params, a
//! contour plot of a metric over two axes, a line chart of a metric's history per run, CSV and
//! SVG / PNG downloads.
//! Address: `/experiments/<experiment id>/compare?runs=<id>,<id>,…`.

use std::collections::BTreeSet;

use lakelab_core::frame::csv_field;
use lakelab_core::tracking::Run;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::app_link::AppLink;
use crate::components::contour_chart::ContourChart;
use crate::components::line_chart::LineChart;
use crate::components::parallel_chart::ParallelChart;
use crate::components::scatter_chart::ScatterChart;
use crate::platform::download::download_text;
use crate::state::use_app;

/// One comparison row: a label and each run's value (empty when the run lacks the key).
#[derive(Clone, PartialEq)]
struct Row {
    group: &'static str,
    key: String,
    values: Vec<String>,
}

impl Row {
    fn differs(&self) -> bool {
        self.values.iter().collect::<BTreeSet<_>>().len() > 1
    }
}

fn rows(runs: &[Run]) -> Vec<Row> {
    let params: BTreeSet<&String> = runs.iter().flat_map(|r| r.data.params.keys()).collect();
    let metrics: BTreeSet<&String> = runs.iter().flat_map(|r| r.data.metrics.keys()).collect();
    let param_rows = params.into_iter().map(|k| Row {
        group: "Parameter",
        key: k.clone(),
        values: runs
            .iter()
            .map(|r| r.data.params.get(k).cloned().unwrap_or_default())
            .collect(),
    });
    let metric_rows = metrics.into_iter().map(|k| Row {
        group: "Metric",
        key: k.clone(),
        values: runs
            .iter()
            .map(|r| {
                r.data
                    .metrics
                    .get(k)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect(),
    });
    param_rows.chain(metric_rows).collect()
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let query = use_query_map();
    let experiment_id = move || params.with(|p| p.get("experiment_id").unwrap_or_default());
    let runs = Memo::new(move |_| {
        let ids = query.with(|q| q.get("runs").unwrap_or_default());
        state.workspace.value.with(|w| {
            ids.split(',')
                .filter(|id| !id.is_empty())
                .filter_map(|id| w.tracking.get_run(id).ok())
                .collect::<Vec<Run>>()
        })
    });
    let diff_only = RwSignal::new(false);
    let table_rows = move || {
        let all = rows(&runs.get());
        if diff_only.get() {
            all.into_iter().filter(Row::differs).collect()
        } else {
            all
        }
    };
    let download_csv = move |_| {
        let runs = runs.get_untracked();
        let mut text = String::from("kind,key");
        for r in &runs {
            text.push(',');
            text.push_str(&csv_field(&r.info.run_name));
        }
        text.push('\n');
        for row in table_rows() {
            text.push_str(&format!("{},{}", row.group, csv_field(&row.key)));
            for v in &row.values {
                text.push(',');
                text.push_str(&csv_field(v));
            }
            text.push('\n');
        }
        let _ = download_text("runs-comparison.csv", "text/csv", &text);
    };
    view! {
        <h1>"Compare runs"</h1>
        <p>
            <AppLink to=format!(
                "/experiments?experiment={}",
                experiment_id(),
            )>"← Back to the experiment"</AppLink>
        </p>
        <Show
            when=move || runs.with(|r| r.len() >= 2)
            fallback=|| view! { <p role="alert">"Select at least two runs to compare."</p> }
        >
            <div class="actions">
                <label class="inline">
                    <input type="checkbox" bind:checked=diff_only />
                    " Show differences only"
                </label>
                <button type="button" on:click=download_csv>
                    "Download table (CSV)"
                </button>
            </div>
            <div class="table-scroll">
                <table class="runs-table compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Key"</th>
                            {move || {
                                runs.get()
                                    .into_iter()
                                    .map(|r| view! { <th scope="col">{r.info.run_name}</th> })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            table_rows()
                                .into_iter()
                                .map(|row| {
                                    let differs = row.differs();
                                    view! {
                                        <tr class:differs=differs>
                                            <td>{row.group}</td>
                                            <th scope="row">{row.key}</th>
                                            {row
                                                .values
                                                .into_iter()
                                                .map(|v| view! { <td>{v}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <ParallelChart runs=runs />
            <ScatterChart runs=runs />
            <ContourChart runs=runs />
            <LineChart runs=runs />
        </Show>
    }
}

//! Parallel coordinates over the compared runs, as in MLflow's compare view: one vertical
//! axis per numeric param and metric (each scaled on its own), one line per run.

use lakelab_core::tracking::Run;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{label, run_value, Scale};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;

const W: f64 = 640.0;
const H: f64 = 300.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 24.0;
const SIDE: f64 = 40.0;
/// Most axes drawn (params first, then metrics), to stay readable.
const MAX_AXES: usize = 8;

fn axes(runs: &[Run]) -> Vec<String> {
    let mut params: Vec<String> = runs
        .iter()
        .flat_map(|r| r.data.params.iter())
        .filter(|(_, v)| v.parse::<f64>().is_ok())
        .map(|(k, _)| format!("param:{k}"))
        .collect();
    params.sort();
    params.dedup();
    let mut metrics: Vec<String> = runs
        .iter()
        .flat_map(|r| r.data.metrics.keys())
        .map(|k| format!("metric:{k}"))
        .collect();
    metrics.sort();
    metrics.dedup();
    params.into_iter().chain(metrics).take(MAX_AXES).collect()
}

#[component]
pub fn ParallelChart(runs: Memo<Vec<Run>>) -> impl IntoView {
    let holder = NodeRef::<Div>::new();
    let svg = move || {
        let runs = runs.get();
        let axes = axes(&runs);
        let n = axes.len().max(2) as f64;
        let x = |i: usize| SIDE + i as f64 * (W - 2.0 * SIDE) / (n - 1.0);
        let scales: Vec<Scale> = axes
            .iter()
            .map(|a| Scale::fit(runs.iter().filter_map(|r| run_value(r, a)), H - BOTTOM, TOP))
            .collect();
        let summary = format!(
            "Parallel coordinates of {} runs over {}",
            runs.len(),
            axes.join(", ")
        );
        let axis_views = axes
            .iter()
            .zip(&scales)
            .enumerate()
            .map(|(i, (a, s))| {
                let name = a.split_once(':').map_or(a.as_str(), |(_, k)| k).to_string();
                view! {
                    <line x1=x(i) y1=TOP x2=x(i) y2=H - BOTTOM class="axis" />
                    <text x=x(i) y=TOP - 20.0 text-anchor="middle">
                        {name}
                    </text>
                    <text x=x(i) y=TOP - 6.0 text-anchor="middle">
                        {label(s.max)}
                    </text>
                    <text x=x(i) y=H - 6.0 text-anchor="middle">
                        {label(s.min)}
                    </text>
                }
            })
            .collect_view();
        let lines = runs
            .iter()
            .map(|r| {
                let pts: String = axes
                    .iter()
                    .zip(&scales)
                    .enumerate()
                    .filter_map(|(i, (a, s))| {
                        run_value(r, a).map(|v| format!("{:.1},{:.1} ", x(i), s.px(v)))
                    })
                    .collect();
                view! {
                    <polyline points=pts class="series" fill="none">
                        <title>{r.info.run_name.clone()}</title>
                    </polyline>
                }
            })
            .collect_view();
        view! {
            <ChartFrame width=W height=H summary=summary>
                {axis_views}
                {lines}
            </ChartFrame>
        }
    };
    view! {
        <figure class="metric wide">
            <figcaption>
                <strong>"Parallel coordinates"</strong>
                <ChartDownloads
                    holder=holder
                    file="runs-parallel".to_string()
                    label="parallel coordinates".to_string()
                />
            </figcaption>
            <div node_ref=holder>{svg}</div>
        </figure>
    }
}

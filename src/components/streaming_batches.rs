//! Latency versus batch size: the pipeline's recent micro-batches grouped by batch size
//! (mean latency per row, worst latency, throughput) as a table and a chart, then the last
//! batches one by one. The figures come from the engine's latency model, a simulation
//! (see `lakelab_core::streaming::latency`); only the scoring time is measured.

use std::collections::BTreeMap;

use lakelab_core::streaming::latency::BATCH_OVERHEAD_MS;
use lakelab_core::streaming::BatchStat;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::Scale;
use crate::components::chart_axes::{ChartAxes, PlotArea};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;
use crate::state::use_app;

const W: f64 = 520.0;
const H: f64 = 300.0;
const PAD: f64 = 56.0;
/// Batches listed one by one (newest first).
const SHOWN: usize = 10;

/// Figures of the batches run at one batch size.
#[derive(Clone, PartialEq)]
struct BySize {
    size: u64,
    batches: usize,
    mean_ms: f64,
    max_ms: f64,
    throughput: f64,
}

fn by_size(batches: &[BatchStat]) -> Vec<BySize> {
    let mut groups: BTreeMap<u64, Vec<&BatchStat>> = BTreeMap::new();
    for b in batches {
        groups.entry(b.batch_size).or_default().push(b);
    }
    groups
        .into_iter()
        .map(|(size, bs)| {
            let n = bs.len() as f64;
            BySize {
                size,
                batches: bs.len(),
                mean_ms: bs.iter().map(|b| b.latency.mean_ms).sum::<f64>() / n,
                max_ms: bs.iter().map(|b| b.latency.max_ms).fold(0.0, f64::max),
                throughput: bs
                    .iter()
                    .map(|b| b.latency.throughput_rows_per_s)
                    .sum::<f64>()
                    / n,
            }
        })
        .collect()
}

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else {
        format!("{v:.0} ms")
    }
}

#[component]
pub fn StreamingBatches(name: String) -> impl IntoView {
    let state = use_app();
    let batches = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            w.streaming
                .pipelines
                .get(&name)
                .map(|p| p.batches.iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let groups = Memo::new(move |_| batches.with(|b| by_size(b)));
    let holder = NodeRef::<Div>::new();
    let chart = move || {
        let g = groups.get();
        let xs = Scale::fit(
            g.iter().map(|s| s.size as f64).chain([0.0]),
            PAD,
            W - PAD / 2.0,
        );
        let ys = Scale::fit(g.iter().map(|s| s.mean_ms).chain([0.0]), H - PAD, PAD / 2.0);
        let summary = format!(
            "Mean latency per row against rows per batch, {} batch sizes",
            g.len()
        );
        let dots = g
            .iter()
            .map(|s| {
                view! {
                    <circle
                        cx=format!("{:.1}", xs.px(s.size as f64))
                        cy=format!("{:.1}", ys.px(s.mean_ms))
                        r="5"
                    ></circle>
                }
            })
            .collect_view();
        let line: Vec<String> = g
            .iter()
            .map(|s| format!("{:.1},{:.1}", xs.px(s.size as f64), ys.px(s.mean_ms)))
            .collect();
        view! {
            <ChartFrame width=W height=H summary=summary>
                <ChartAxes
                    area=PlotArea {
                        left: PAD,
                        right: W - PAD / 2.0,
                        top: PAD / 2.0,
                        bottom: H - PAD,
                    }
                    x=xs
                    y=ys
                    x_title="rows per batch".to_string()
                    y_title="mean latency (ms)".to_string()
                />
                <polyline points=line.join(" ") fill="none" class="series"></polyline>
                {dots}
            </ChartFrame>
        }
    };
    view! {
        <Show
            when=move || batches.with(|b| !b.is_empty())
            fallback=|| {
                view! {
                    <p class="muted" data-testid="no-batches">
                        "No micro-batch yet: Step runs one."
                    </p>
                }
            }
        >
            <div class="table-scroll">
                <table class="runs-table" data-testid="latency-by-size">
                    <caption>"Latency versus batch size (simulated, see below)"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Rows per batch"</th>
                            <th scope="col">"Batches"</th>
                            <th scope="col">"Mean latency per row"</th>
                            <th scope="col">"Worst latency"</th>
                            <th scope="col">"Throughput (rows/s)"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            groups
                                .get()
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <tr data-testid="size-row" data-size=s.size.to_string()>
                                            <th scope="row">{s.size}</th>
                                            <td data-testid="size-batches">{s.batches}</td>
                                            <td data-testid="size-mean">{ms(s.mean_ms)}</td>
                                            <td>{ms(s.max_ms)}</td>
                                            <td data-testid="size-throughput">
                                                {format!("{:.0}", s.throughput)}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <figure class="metric">
                <figcaption>
                    <strong>"Mean latency per row against batch size"</strong>
                    <ChartDownloads
                        holder=holder
                        file="streaming-latency".to_string()
                        label="latency chart".to_string()
                    />
                </figcaption>
                <div node_ref=holder>{chart}</div>
            </figure>
            <div class="table-scroll">
                <table class="runs-table" data-testid="batches">
                    <caption>
                        {format!("Latest micro-batches (newest first, up to {SHOWN})")}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Batch"</th>
                            <th scope="col">"Rows"</th>
                            <th scope="col">"Model version"</th>
                            <th scope="col">"Fill wait"</th>
                            <th scope="col">"Per-batch cost"</th>
                            <th scope="col">"Scoring + write (measured)"</th>
                            <th scope="col">"Mean latency"</th>
                            <th scope="col">"Throughput (rows/s)"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            batches
                                .get()
                                .into_iter()
                                .rev()
                                .take(SHOWN)
                                .map(|b| {
                                    view! {
                                        <tr data-testid="batch-row">
                                            <th scope="row">{b.batch_id}</th>
                                            <td data-testid="batch-rows">{b.rows}</td>
                                            <td>
                                                {if b.model_version.is_empty() {
                                                    "notebook".to_string()
                                                } else {
                                                    b.model_version
                                                }}
                                            </td>
                                            <td>{ms(b.latency.fill_ms)}</td>
                                            <td>{ms(b.latency.overhead_ms)}</td>
                                            <td>{format!("{:.2} ms", b.latency.processing_ms)}</td>
                                            <td>{ms(b.latency.mean_ms)}</td>
                                            <td>{format!("{:.0}", b.latency.throughput_rows_per_s)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
        <p class="muted note">
            {format!(
                "How the figures are made (a simulation): rows arrive one after another at the pipeline's arrival rate; a batch is scored when its last row has arrived, so its rows wait for it to fill (the first row longest). Each batch then pays a fixed {BATCH_OVERHEAD_MS:.0} ms (planning, reading offsets, committing to Delta; Lakelab's figure, not a measurement) plus the scoring and write time measured in this tab. Throughput is rows per batch divided by that per-batch time.",
            )}
        </p>
    }
}

//! The compare view's line chart: one metric's history for every compared run (x: step or
//! relative time), one coloured line per run with a legend.

use lakelab_core::plot::palette::series;
use lakelab_core::tracking::Run;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{history_points, label, Scale, XAxis};
use crate::components::chart_axes::{ChartAxes, PlotArea};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;
use crate::components::choice_select::ChoiceSelect;
use crate::state::use_app;

const W: f64 = 560.0;
const H: f64 = 300.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 150.0;
const PAD_T: f64 = 12.0;
const PAD_B: f64 = 34.0;

#[component]
pub fn LineChart(runs: Memo<Vec<Run>>) -> impl IntoView {
    let state = use_app();
    let keys = Signal::derive(move || {
        runs.with(|runs| {
            let mut k: Vec<String> = runs
                .iter()
                .flat_map(|r| r.data.metrics.keys().cloned())
                .collect();
            k.sort();
            k.dedup();
            k
        })
    });
    let metric = RwSignal::new(String::new());
    let relative = RwSignal::new(false);
    Effect::new(move |_| {
        if metric.get_untracked().is_empty() {
            // Start on a metric with a history, if any run has one.
            let histories = keys.get().into_iter().find(|k| {
                state.workspace.value.with_untracked(|w| {
                    runs.get_untracked().iter().any(|r| {
                        w.tracking
                            .get_metric_history(&r.info.run_id, k)
                            .is_ok_and(|h| h.len() > 1)
                    })
                })
            });
            metric.set(
                histories
                    .or_else(|| keys.get().first().cloned())
                    .unwrap_or_default(),
            );
        }
    });
    let holder = NodeRef::<Div>::new();
    let svg = move || {
        let key = metric.get();
        let rel = relative.get();
        let lines: Vec<(String, Vec<(f64, f64)>)> = runs.with(|runs| {
            state.workspace.value.with(|w| {
                runs.iter()
                    .map(|r| {
                        let h = w
                            .tracking
                            .get_metric_history(&r.info.run_id, &key)
                            .unwrap_or_default();
                        (
                            r.info.run_name.clone(),
                            history_points(
                                &h,
                                if rel {
                                    XAxis::RelativeTime
                                } else {
                                    XAxis::Step
                                },
                            ),
                        )
                    })
                    .collect()
            })
        });
        let all = || lines.iter().flat_map(|(_, p)| p.iter());
        let xs = Scale::fit(all().map(|p| p.0), PAD_L, W - PAD_R);
        let ys = Scale::fit(all().map(|p| p.1), H - PAD_B, PAD_T);
        let drawn = lines.iter().filter(|(_, p)| !p.is_empty()).count();
        let summary = format!(
            "{key} by {} for {drawn} of {} runs; from {} to {}",
            if rel { "relative time" } else { "step" },
            lines.len(),
            label(ys.min),
            label(ys.max)
        );
        let series_view = lines
            .iter()
            .enumerate()
            .map(|(i, (name, pts))| {
                let color = series(i);
                let points: String = pts
                    .iter()
                    .map(|(x, y)| format!("{:.1},{:.1} ", xs.px(*x), ys.px(*y)))
                    .collect();
                let single = (pts.len() == 1).then(|| {
                    view! {
                        <circle
                            cx=format!("{:.1}", xs.px(pts[0].0))
                            cy=format!("{:.1}", ys.px(pts[0].1))
                            r="3"
                            fill=color
                        />
                    }
                });
                let ly = PAD_T + 14.0 + i as f64 * 16.0;
                view! {
                    <polyline points=points fill="none" stroke=color stroke-width="2" />
                    {single}
                    <rect x=W - PAD_R + 10.0 y=ly - 9.0 width="10" height="10" fill=color />
                    <text x=W - PAD_R + 24.0 y=ly>
                        {name.clone()}
                    </text>
                }
            })
            .collect_view();
        view! {
            <ChartFrame width=W height=H summary=summary>
                <ChartAxes
                    area=PlotArea {
                        left: PAD_L,
                        right: W - PAD_R,
                        top: PAD_T,
                        bottom: H - PAD_B,
                    }
                    x=xs
                    y=ys
                    x_title=if rel { XAxis::RelativeTime } else { XAxis::Step }.label().to_string()
                />
                {series_view}
            </ChartFrame>
        }
    };
    view! {
        <figure class="metric">
            <figcaption>
                <strong>"Line chart"</strong>
                <ChoiceSelect id="line-metric" label="Metric" choices=keys value=metric />
                <label for="line-x">"X axis"</label>
                <select
                    id="line-x"
                    on:change=move |ev| relative.set(event_target_value(&ev) == "relative")
                >
                    <option value="step">"Step"</option>
                    <option value="relative">"Time (relative)"</option>
                </select>
                <ChartDownloads
                    holder=holder
                    file="runs-line".to_string()
                    label="line chart".to_string()
                />
            </figcaption>
            <div node_ref=holder>{svg}</div>
        </figure>
    }
}

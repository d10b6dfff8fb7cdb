//! A metric's history as an SVG line chart (x: step, wall time or relative time), accessible
//! (`role="img"` with a title and a text summary) and downloadable as an SVG file.

use lakelab_core::tracking::Metric;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{history_points as points, label as fmt, Scale, XAxis};
use crate::components::chart_axes::{ChartAxes, PlotArea};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;

const W: f64 = 560.0;
const H: f64 = 220.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 12.0;
const PAD_T: f64 = 12.0;
const PAD_B: f64 = 34.0;

#[component]
pub fn MetricChart(key: String, history: Vec<Metric>) -> impl IntoView {
    let axis = RwSignal::new(XAxis::Step);
    let holder = NodeRef::<Div>::new();
    let chart_key = key.clone();
    let svg = move || {
        let pts = points(&history, axis.get());
        let xs = Scale::fit(pts.iter().map(|p| p.0), PAD_L, W - PAD_R);
        let ys = Scale::fit(pts.iter().map(|p| p.1), H - PAD_B, PAD_T);
        let (ymin, ymax) = (ys.min, ys.max);
        let sx = move |x: f64| xs.px(x);
        let sy = move |y: f64| ys.px(y);
        let line: String = pts
            .iter()
            .map(|(x, y)| format!("{:.1},{:.1} ", sx(*x), sy(*y)))
            .collect();
        let summary = match (pts.first(), pts.last()) {
            (Some(f), Some(l)) => format!(
                "{chart_key}: {} points from {} to {}; min {}, max {}",
                pts.len(),
                fmt(f.1),
                fmt(l.1),
                fmt(ymin),
                fmt(ymax)
            ),
            _ => format!("{chart_key}: no values to draw"),
        };
        let dots = pts
            .iter()
            .map(|(x, y)| view! { <circle cx=format!("{:.1}", sx(*x)) cy=format!("{:.1}", sy(*y)) r="2.5" /> })
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
                    x_title=axis.get().label().to_string()
                />
                <polyline points=line class="series" fill="none" />
                {dots}
            </ChartFrame>
        }
    };
    let select_id = format!("x-axis-{key}");
    view! {
        <figure class="metric">
            <figcaption>
                <strong>{key.clone()}</strong>
                <label for=select_id.clone()>"X axis"</label>
                <select
                    id=select_id
                    on:change=move |ev| {
                        axis.set(
                            match event_target_value(&ev).as_str() {
                                "wall" => XAxis::WallTime,
                                "relative" => XAxis::RelativeTime,
                                _ => XAxis::Step,
                            },
                        )
                    }
                >
                    <option value="step">"Step"</option>
                    <option value="wall">"Time (wall)"</option>
                    <option value="relative">"Time (relative)"</option>
                </select>
                <ChartDownloads holder=holder file=key.clone() label=format!("{key} chart") />
            </figcaption>
            <div node_ref=holder>{svg}</div>
        </figure>
    }
}

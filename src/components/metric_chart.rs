//! A metric's history as an SVG line chart (x: step, wall time or relative time), accessible
//! (`role="img"` with a title and a text summary) and downloadable as an SVG file.

use lakelab_core::tracking::Metric;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{label as fmt, Scale};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;

const W: f64 = 560.0;
const H: f64 = 220.0;
const PAD_L: f64 = 56.0;
const PAD_R: f64 = 12.0;
const PAD_T: f64 = 12.0;
const PAD_B: f64 = 34.0;

/// What the x axis shows, as in the MLflow UI.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum XAxis {
    Step,
    WallTime,
    RelativeTime,
}

impl XAxis {
    fn label(self) -> &'static str {
        match self {
            XAxis::Step => "Step",
            XAxis::WallTime => "Time (wall)",
            XAxis::RelativeTime => "Time (relative, s)",
        }
    }
}

/// Points in plotting order (by x), skipping values that cannot be drawn (NaN, ±inf).
fn points(history: &[Metric], axis: XAxis) -> Vec<(f64, f64)> {
    let first = history.iter().map(|m| m.timestamp).min().unwrap_or(0);
    let mut pts: Vec<(f64, f64)> = history
        .iter()
        .filter(|m| m.value.is_finite())
        .map(|m| {
            let x = match axis {
                XAxis::Step => m.step as f64,
                XAxis::WallTime => m.timestamp as f64,
                XAxis::RelativeTime => (m.timestamp - first) as f64 / 1000.0,
            };
            (x, m.value)
        })
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    pts
}

#[component]
pub fn MetricChart(key: String, history: Vec<Metric>) -> impl IntoView {
    let axis = RwSignal::new(XAxis::Step);
    let holder = NodeRef::<Div>::new();
    let chart_key = key.clone();
    let svg = move || {
        let pts = points(&history, axis.get());
        let xs = Scale::fit(pts.iter().map(|p| p.0), PAD_L, W - PAD_R);
        let ys = Scale::fit(pts.iter().map(|p| p.1), H - PAD_B, PAD_T);
        let (xmin, xmax, ymin, ymax) = (xs.min, xs.max, ys.min, ys.max);
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
                <line x1=PAD_L y1=H - PAD_B x2=W - PAD_R y2=H - PAD_B class="axis" />
                <line x1=PAD_L y1=PAD_T x2=PAD_L y2=H - PAD_B class="axis" />
                <text x=PAD_L - 6.0 y=PAD_T + 4.0 text-anchor="end">
                    {fmt(ymax)}
                </text>
                <text x=PAD_L - 6.0 y=H - PAD_B text-anchor="end">
                    {fmt(ymin)}
                </text>
                <text x=PAD_L y=H - 10.0>
                    {fmt(xmin)}
                </text>
                <text x=W - PAD_R y=H - 10.0 text-anchor="end">
                    {fmt(xmax)}
                </text>
                <text x=(W + PAD_L) / 2.0 y=H - 10.0 text-anchor="middle">
                    {axis.get().label()}
                </text>
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

//! A scatter plot of the compared runs: any metric or numeric param on each axis, one point
//! per run (named in its tooltip), downloadable as SVG.

use lakelab_core::tracking::Run;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{axis_choices, label, run_value, Scale};
use crate::components::axis_select::AxisSelect;
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;

const W: f64 = 520.0;
const H: f64 = 320.0;
const PAD: f64 = 48.0;

#[component]
pub fn ScatterChart(runs: Memo<Vec<Run>>) -> impl IntoView {
    let choices = Signal::derive(move || runs.with(|runs| axis_choices(runs)));
    let x = RwSignal::new(String::new());
    let y = RwSignal::new(String::new());
    Effect::new(move |_| {
        let c = choices.get();
        if x.get_untracked().is_empty() {
            x.set(c.first().cloned().unwrap_or_default());
        }
        if y.get_untracked().is_empty() {
            y.set(c.get(1).or(c.first()).cloned().unwrap_or_default());
        }
    });
    let holder = NodeRef::<Div>::new();
    let svg = move || {
        let (xc, yc) = (x.get(), y.get());
        let pts: Vec<(f64, f64, String)> = runs.with(|runs| {
            runs.iter()
                .filter_map(|r| {
                    Some((
                        run_value(r, &xc)?,
                        run_value(r, &yc)?,
                        r.info.run_name.clone(),
                    ))
                })
                .collect()
        });
        let xs = Scale::fit(pts.iter().map(|p| p.0), PAD, W - PAD / 2.0);
        let ys = Scale::fit(pts.iter().map(|p| p.1), H - PAD, PAD / 2.0);
        let summary = format!("Scatter of {yc} against {xc}: {} runs", pts.len());
        let dots = pts
            .into_iter()
            .map(|(px, py, name)| {
                view! {
                    <circle cx=format!("{:.1}", xs.px(px)) cy=format!("{:.1}", ys.px(py)) r="5">
                        <title>{format!("{name}: {xc}={px}, {yc}={py}")}</title>
                    </circle>
                }
            })
            .collect_view();
        view! {
            <ChartFrame width=W height=H summary=summary>
                <line x1=PAD y1=H - PAD x2=W - PAD / 2.0 y2=H - PAD class="axis" />
                <line x1=PAD y1=PAD / 2.0 x2=PAD y2=H - PAD class="axis" />
                <text x=PAD - 6.0 y=PAD / 2.0 + 4.0 text-anchor="end">
                    {label(ys.max)}
                </text>
                <text x=PAD - 6.0 y=H - PAD text-anchor="end">
                    {label(ys.min)}
                </text>
                <text x=PAD y=H - PAD + 16.0>
                    {label(xs.min)}
                </text>
                <text x=W - PAD / 2.0 y=H - PAD + 16.0 text-anchor="end">
                    {label(xs.max)}
                </text>
                <text x=W / 2.0 y=H - 8.0 text-anchor="middle">
                    {xc.clone()}
                </text>
                <text
                    x=12.0
                    y=H / 2.0
                    text-anchor="middle"
                    transform=format!("rotate(-90 12 {})", H / 2.0)
                >
                    {yc.clone()}
                </text>
                {dots}
            </ChartFrame>
        }
    };
    view! {
        <figure class="metric">
            <figcaption>
                <strong>"Scatter plot"</strong>
                <AxisSelect id="scatter-x" label="X axis" choices=choices value=x />
                <AxisSelect id="scatter-y" label="Y axis" choices=choices value=y />
                <ChartDownloads
                    holder=holder
                    file="runs-scatter".to_string()
                    label="scatter plot".to_string()
                />
            </figcaption>
            <div node_ref=holder>{svg}</div>
        </figure>
    }
}

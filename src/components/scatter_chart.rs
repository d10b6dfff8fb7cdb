//! A scatter plot of the compared runs: any metric or numeric param on each axis, one point
//! per run (named in its tooltip), downloadable as SVG.

use lakelab_core::tracking::Run;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{axis_choices, run_value, Scale};
use crate::components::chart_axes::{ChartAxes, PlotArea};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;
use crate::components::choice_select::ChoiceSelect;

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
                <ChartAxes
                    area=PlotArea {
                        left: PAD,
                        right: W - PAD / 2.0,
                        top: PAD / 2.0,
                        bottom: H - PAD,
                    }
                    x=xs
                    y=ys
                    x_title=xc.clone()
                    y_title=yc.clone()
                />
                {dots}
            </ChartFrame>
        }
    };
    view! {
        <figure class="metric">
            <figcaption>
                <strong>"Scatter plot"</strong>
                <ChoiceSelect id="scatter-x" label="X axis" choices=choices value=x />
                <ChoiceSelect id="scatter-y" label="Y axis" choices=choices value=y />
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

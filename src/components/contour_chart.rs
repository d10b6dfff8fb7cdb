//! The compare view's contour plot: a metric (z, colour) over two axes, interpolated between
//! the runs (see `lakelab_core::plot::contour` for how), with the runs drawn on top and a
//! colour scale.

use lakelab_core::plot::contour::idw_grid;
use lakelab_core::plot::palette::ramp;
use lakelab_core::tracking::Run;
use leptos::html::Div;
use leptos::prelude::*;

use crate::chart::{axis_choices, label, run_value, Scale};
use crate::components::chart_axes::{ChartAxes, PlotArea};
use crate::components::chart_downloads::ChartDownloads;
use crate::components::chart_frame::ChartFrame;
use crate::components::choice_select::ChoiceSelect;

const W: f64 = 560.0;
const H: f64 = 340.0;
const PAD: f64 = 48.0;
const LEGEND: f64 = 84.0;
const NX: usize = 28;
const NY: usize = 18;

#[component]
pub fn ContourChart(runs: Memo<Vec<Run>>) -> impl IntoView {
    let choices = Signal::derive(move || runs.with(|r| axis_choices(r)));
    let metrics = Signal::derive(move || {
        choices
            .get()
            .into_iter()
            .filter(|c| c.starts_with("metric:"))
            .collect::<Vec<_>>()
    });
    let (x, y, z) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    Effect::new(move |_| {
        let c = choices.get();
        let m = metrics.get();
        let params: Vec<&String> = c.iter().filter(|a| a.starts_with("param:")).collect();
        if x.get_untracked().is_empty() {
            x.set(
                params
                    .first()
                    .copied()
                    .or(c.first())
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        if y.get_untracked().is_empty() {
            y.set(
                params
                    .get(1)
                    .copied()
                    .or(c.get(1))
                    .cloned()
                    .unwrap_or_default(),
            );
        }
        if z.get_untracked().is_empty() {
            z.set(m.first().cloned().unwrap_or_default());
        }
    });
    let holder = NodeRef::<Div>::new();
    let svg = move || {
        let (xc, yc, zc) = (x.get(), y.get(), z.get());
        let pts: Vec<(f64, f64, f64, String)> = runs.with(|runs| {
            runs.iter()
                .filter_map(|r| {
                    Some((
                        run_value(r, &xc)?,
                        run_value(r, &yc)?,
                        run_value(r, &zc)?,
                        r.info.run_name.clone(),
                    ))
                })
                .collect()
        });
        let triples: Vec<(f64, f64, f64)> = pts.iter().map(|p| (p.0, p.1, p.2)).collect();
        let grid = match idw_grid(&triples, NX, NY) {
            Ok(g) => g,
            Err(why) => {
                return view! {
                    <p class="note" data-testid="contour-note">
                        {format!("No contour: {why}.")}
                    </p>
                }
                .into_any()
            }
        };
        let right = W - LEGEND;
        let xs = Scale::fit([grid.x_range.0, grid.x_range.1].into_iter(), PAD, right);
        let ys = Scale::fit(
            [grid.y_range.0, grid.y_range.1].into_iter(),
            H - PAD,
            PAD / 2.0,
        );
        let (zlo, zhi) = grid.z_range;
        let t = move |v: f64| {
            if zhi > zlo {
                (v - zlo) / (zhi - zlo)
            } else {
                0.5
            }
        };
        let (cw, ch) = ((right - PAD) / NX as f64, (H - PAD - PAD / 2.0) / NY as f64);
        let cells = (0..NY)
            .flat_map(|j| (0..NX).map(move |i| (i, j)))
            .map(|(i, j)| {
                let fill = ramp(t(grid.at(i, j)));
                view! {
                    <rect
                        x=format!("{:.1}", PAD + i as f64 * cw)
                        y=format!("{:.1}", H - PAD - (j + 1) as f64 * ch)
                        width=format!("{:.2}", cw + 0.3)
                        height=format!("{:.2}", ch + 0.3)
                        fill=fill
                    />
                }
            })
            .collect_view();
        let summary = format!(
            "Contour of {zc} over {xc} and {yc}: {} runs, {zc} from {} to {}",
            pts.len(),
            label(zlo),
            label(zhi)
        );
        let dots = pts
            .into_iter()
            .map(|(px, py, pz, name)| {
                view! {
                    <circle
                        cx=format!("{:.1}", xs.px(px))
                        cy=format!("{:.1}", ys.px(py))
                        r="4"
                        fill="#fff"
                        stroke="#000"
                    >
                        <title>{format!("{name}: {xc}={px}, {yc}={py}, {zc}={pz}")}</title>
                    </circle>
                }
            })
            .collect_view();
        let legend = (0..10)
            .map(|k| {
                let f = k as f64 / 9.0;
                view! {
                    <rect
                        x=right + 16.0
                        y=format!("{:.1}", H - PAD - (k + 1) as f64 * (H - 1.5 * PAD) / 10.0)
                        width="14"
                        height=format!("{:.1}", (H - 1.5 * PAD) / 10.0 + 0.3)
                        fill=ramp(f)
                    />
                }
            })
            .collect_view();
        view! {
            <ChartFrame width=W height=H summary=summary>
                {cells}
                <ChartAxes
                    area=PlotArea {
                        left: PAD,
                        right,
                        top: PAD / 2.0,
                        bottom: H - PAD,
                    }
                    x=xs
                    y=ys
                    x_title=xc.clone()
                    y_title=yc.clone()
                />
                {dots}
                {legend}
                <text x=right + 34.0 y=PAD / 2.0 + 10.0>
                    {label(zhi)}
                </text>
                <text x=right + 34.0 y=H - PAD>
                    {label(zlo)}
                </text>
            </ChartFrame>
        }
        .into_any()
    };
    view! {
        <figure class="metric">
            <figcaption>
                <strong>"Contour plot"</strong>
                <ChoiceSelect id="contour-x" label="X axis" choices=choices value=x />
                <ChoiceSelect id="contour-y" label="Y axis" choices=choices value=y />
                <ChoiceSelect id="contour-z" label="Z axis (colour)" choices=metrics value=z />
                <ChartDownloads
                    holder=holder
                    file="runs-contour".to_string()
                    label="contour plot".to_string()
                />
            </figcaption>
            <div node_ref=holder>{svg}</div>
        </figure>
    }
}

//! The axes every x/y chart draws: two lines, the range ends as labels, and the axis titles
//! (the y title turned sideways when there is one).

use leptos::prelude::*;

use crate::chart::{label, Scale};

/// Where the plot area is, in SVG units.
#[derive(Clone, Copy, Debug)]
pub struct PlotArea {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

#[component]
pub fn ChartAxes(
    area: PlotArea,
    x: Scale,
    y: Scale,
    x_title: String,
    #[prop(optional)] y_title: Option<String>,
) -> impl IntoView {
    let PlotArea {
        left,
        right,
        top,
        bottom,
    } = area;
    let mid = (top + bottom) / 2.0;
    view! {
        <line x1=left y1=bottom x2=right y2=bottom class="axis" />
        <line x1=left y1=top x2=left y2=bottom class="axis" />
        <text x=left - 6.0 y=top + 4.0 text-anchor="end">
            {label(y.max)}
        </text>
        <text x=left - 6.0 y=bottom text-anchor="end">
            {label(y.min)}
        </text>
        <text x=left y=bottom + 16.0>
            {label(x.min)}
        </text>
        <text x=right y=bottom + 16.0 text-anchor="end">
            {label(x.max)}
        </text>
        <text x=(left + right) / 2.0 y=bottom + 30.0 text-anchor="middle">
            {x_title}
        </text>
        {y_title
            .map(|t| {
                view! {
                    <text
                        x=12.0
                        y=mid
                        text-anchor="middle"
                        transform=format!("rotate(-90 12 {mid})")
                    >
                        {t}
                    </text>
                }
            })}
    }
}

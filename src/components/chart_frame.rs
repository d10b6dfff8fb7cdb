//! The frame every chart shares: an accessible SVG (`role="img"` with a label that summarises
//! it) of a given size, styled by the stylesheet and exported by `ChartDownloads`.
//!
//! No `<title>` child: leptos 0.8 creates `title` outside an `svg` literal as an HTML element,
//! which would end up in exported files as an XHTML element; the label carries the summary.

use leptos::prelude::*;

#[component]
pub fn ChartFrame(width: f64, height: f64, summary: String, children: Children) -> impl IntoView {
    view! {
        <svg
            xmlns="http://www.w3.org/2000/svg"
            viewBox=format!("0 0 {width} {height}")
            role="img"
            aria-label=summary
            class="metric-chart"
        >
            {children()}
        </svg>
    }
}

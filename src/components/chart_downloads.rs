//! "Download … (SVG)" and "(PNG)" for the chart inside `holder`: the SVG made standalone
//! (styles inlined) and the same rendered to PNG at twice the chart's size.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::download::{download_text, download_url};
use crate::platform::svg_export::{png_data_url, standalone_svg};

#[component]
pub fn ChartDownloads(
    holder: NodeRef<Div>,
    /// File name without extension.
    file: String,
    /// What the buttons name, e.g. "train_loss chart".
    label: String,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let svg = move || -> Result<(String, u32, u32), String> {
        let el = holder.get().ok_or("the chart is not on the page")?;
        let svg = el
            .query_selector("svg")
            .ok()
            .flatten()
            .ok_or("the chart is not on the page")?;
        let (w, h) = (
            svg.client_width().max(1) as u32,
            svg.client_height().max(1) as u32,
        );
        Ok((standalone_svg(&svg)?, w, h))
    };
    let svg_file = format!("{file}.svg");
    let png_file = format!("{file}.png");
    let download_svg = move |_| {
        let result =
            svg().and_then(|(text, _, _)| download_text(&svg_file, "image/svg+xml", &text));
        error.set(result.err());
    };
    let download_png = move |_| {
        let png_file = png_file.clone();
        match svg() {
            Err(e) => error.set(Some(e)),
            Ok((text, w, h)) => spawn_local(async move {
                let result = png_data_url(&text, w * 2, h * 2)
                    .await
                    .and_then(|url| download_url(&png_file, &url));
                error.set(result.err());
            }),
        }
    };
    view! {
        <button type="button" class="small" on:click=download_svg>
            {format!("Download {label} (SVG)")}
        </button>
        <button type="button" class="small" on:click=download_png>
            {format!("Download {label} (PNG)")}
        </button>
        <Show when=move || error.with(Option::is_some)>
            <span role="alert" class="error">
                {move || error.get()}
            </span>
        </Show>
    }
}

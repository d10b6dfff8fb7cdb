//! A figure a cell drew, shown as an image from an object URL (an SVG in an `<img>` cannot
//! run scripts), with its download.

use leptos::prelude::*;

use crate::platform::download::{download_text, object_url};

#[component]
pub fn FigureImage(svg: String) -> impl IntoView {
    let url = object_url(svg.as_bytes(), "image/svg+xml");
    let error = RwSignal::new(None::<String>);
    let image = match url {
        Ok(url) => {
            let src = url.clone();
            on_cleanup(move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            });
            view! { <img class="figure" src=src alt="Figure drawn by the cell" /> }.into_any()
        }
        Err(e) => view! { <p class="error">{e}</p> }.into_any(),
    };
    let download = move |_| {
        error.set(download_text("figure.svg", "image/svg+xml", &svg).err());
    };
    view! {
        <figure class="cell-figure">
            {image} <figcaption>
                <button type="button" class="small" on:click=download>
                    "Download figure (SVG)"
                </button>
                {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
            </figcaption>
        </figure>
    }
}

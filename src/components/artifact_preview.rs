//! The preview of one artifact file: text (JSON pretty-printed), CSV as a table, PNG and SVG
//! as images (through object URLs, so SVG scripts never run), anything else as a download.

use lakelab_core::tracking::preview::{csv_rows, media_type, preview_kind, PreviewKind};
use leptos::prelude::*;

use crate::components::artifact_tree::human_size;
use crate::platform::download::{download_bytes, object_url};
use crate::state::use_app;

/// Larger text is cut in the preview (the download has all of it).
const MAX_PREVIEW_CHARS: usize = 200_000;
const MAX_CSV_ROWS: usize = 100;

#[component]
pub fn ArtifactPreview(run_id: String, path: String) -> impl IntoView {
    let state = use_app();
    let bytes = state.workspace.value.with_untracked(|w| {
        w.tracking
            .artifact_bytes(&run_id, &path)
            .map(<[u8]>::to_vec)
            .map_err(|e| e.message)
    });
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return view! { <p class="error">{e}</p> }.into_any(),
    };
    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
    let mime = media_type(&path);
    let error = RwSignal::new(None::<String>);
    let download = {
        let bytes = bytes.clone();
        let name = name.clone();
        move |_| error.set(download_bytes(&name, mime, &bytes).err())
    };
    let body = match preview_kind(&path) {
        PreviewKind::Png | PreviewKind::Svg => match object_url(&bytes, mime) {
            Ok(url) => {
                let src = url.clone();
                on_cleanup(move || {
                    let _ = web_sys::Url::revoke_object_url(&url);
                });
                view! { <img class="artifact-image" src=src alt=format!("Preview of {path}") /> }
                    .into_any()
            }
            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        },
        PreviewKind::Csv => {
            let text = String::from_utf8_lossy(&bytes);
            let delimiter = if path.ends_with(".tsv") { '\t' } else { ',' };
            let (rows, more) = csv_rows(&text, delimiter, MAX_CSV_ROWS + 1);
            let mut rows = rows.into_iter();
            let header = rows.next().unwrap_or_default();
            view! {
                <div class="table-scroll">
                    <table class="csv-preview">
                        <thead>
                            <tr>
                                {header
                                    .into_iter()
                                    .map(|h| view! { <th scope="col">{h}</th> })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .map(|r| {
                                    view! {
                                        <tr>
                                            {r
                                                .into_iter()
                                                .map(|c| view! { <td>{c}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                {more
                    .then(|| {
                        view! { <p class="note">"First 100 rows shown; download for all."</p> }
                    })}
            }
            .into_any()
        }
        PreviewKind::Json | PreviewKind::Text => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let text = match preview_kind(&path) {
                PreviewKind::Json => serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .unwrap_or(text),
                _ => text,
            };
            let cut = text.chars().count() > MAX_PREVIEW_CHARS;
            let shown: String = text.chars().take(MAX_PREVIEW_CHARS).collect();
            view! {
                <pre class="artifact-text" tabindex="0">
                    {shown}
                </pre>
                {cut.then(|| view! { <p class="note">"The preview is cut; download for all."</p> })}
            }
            .into_any()
        }
        PreviewKind::None => {
            view! { <p>"No preview for this file type; download it to open it."</p> }.into_any()
        }
    };
    view! {
        <div class="artifact-preview" data-testid="artifact-preview">
            <header>
                <h3>{path.clone()}</h3>
                <span class="size">{human_size(bytes.len() as u64)}</span>
                <button type="button" class="small" on:click=download>
                    {format!("Download {name}")}
                </button>
            </header>
            {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
            {body}
        </div>
    }
    .into_any()
}

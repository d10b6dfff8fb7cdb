//! One directory level of a run's artifacts: folders fold open, files are buttons that
//! choose the file to preview.

use leptos::prelude::*;

use crate::state::use_app;

/// A size as people read it.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[component]
pub fn ArtifactTree(
    run_id: String,
    dir: String,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let entries = state.workspace.value.with_untracked(|w| {
        w.tracking
            .list_artifacts(&run_id, Some(&dir))
            .unwrap_or_default()
    });
    let items = entries
        .into_iter()
        .map(|entry| {
            let name = entry
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&entry.path)
                .to_string();
            if entry.is_dir {
                let run_id = run_id.clone();
                view! {
                    <li>
                        <details open>
                            <summary>{name}</summary>
                            <ArtifactTree run_id=run_id dir=entry.path selected=selected />
                        </details>
                    </li>
                }
                .into_any()
            } else {
                let path = entry.path.clone();
                let is_selected = {
                    let path = path.clone();
                    move || selected.with(|s| s.as_deref() == Some(path.as_str()))
                };
                let size = human_size(entry.file_size.unwrap_or(0));
                view! {
                    <li>
                        <button
                            type="button"
                            class="artifact-file"
                            aria-pressed=move || is_selected().to_string()
                            on:click=move |_| selected.set(Some(path.clone()))
                        >
                            {name}
                            <span class="size">{size}</span>
                        </button>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! { <ul class="tree">{items}</ul> }
}

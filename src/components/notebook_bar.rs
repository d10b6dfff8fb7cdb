//! Which notebook is open, and what can be done with notebooks: new, rename, duplicate,
//! delete (confirmed), export as Databricks source (`.py`) or Jupyter (`.ipynb`), import.

use lakelab_core::notebook_files::{import, to_databricks_source, to_ipynb};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::platform::download::download_text;
use crate::state::use_app;

/// Largest notebook file imported (a notebook holds at most 500 cells of 200,000 characters;
/// real ones are far smaller).
const MAX_NOTEBOOK_FILE: f64 = 8.0 * 1024.0 * 1024.0;

fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "notebook".into()
    } else {
        s
    }
}

#[component]
pub fn NotebookBar(
    current: RwSignal<Option<String>>,
    notebook_id: Signal<String>,
) -> impl IntoView {
    let state = use_app();
    let message = RwSignal::new(None::<String>);
    let renaming = RwSignal::new(None::<String>);
    let confirm_delete = RwSignal::new(false);
    let notebooks = move || {
        state.workspace.value.with(|w| {
            w.notebooks
                .iter()
                .map(|n| (n.id.clone(), n.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let current_name = move || {
        let id = notebook_id.get();
        notebooks()
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n)
            .unwrap_or_default()
    };
    let report = move |r: Option<Result<String, lakelab_core::workspace::WorkspaceError>>| match r {
        Some(Ok(id)) => {
            current.set(Some(id));
            message.set(None);
        }
        Some(Err(e)) => message.set(Some(e.to_string())),
        None => {}
    };
    let new_notebook = move |_| {
        let n = notebooks().len() + 1;
        report(
            state
                .workspace
                .apply(|w| w.add_notebook(&format!("Notebook {n}"), &[])),
        );
    };
    let duplicate = move |_| {
        let id = notebook_id.get_untracked();
        report(state.workspace.apply(|w| w.duplicate_notebook(&id)));
    };
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(name) = renaming.get_untracked() else {
            return;
        };
        let id = notebook_id.get_untracked();
        match state.workspace.apply(|w| w.rename_notebook(&id, &name)) {
            Some(Err(e)) => message.set(Some(e.to_string())),
            _ => {
                renaming.set(None);
                message.set(None);
            }
        }
    };
    let delete = Callback::new(move |()| {
        let id = notebook_id.get_untracked();
        if let Some(Err(e)) = state.workspace.apply(|w| w.delete_notebook(&id)) {
            message.set(Some(e.to_string()));
        }
        current.set(None);
    });
    let sources = move || {
        let id = notebook_id.get_untracked();
        state.workspace.value.with_untracked(|w| {
            w.notebook(&id)
                .map(|n| n.cells.iter().map(|c| c.source.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let export_py = move |_| {
        let text = to_databricks_source(&sources());
        let name = format!("{}.py", file_stem(&current_name()));
        message.set(download_text(&name, "text/x-python", &text).err());
    };
    let export_ipynb = move |_| {
        let text = to_ipynb(&current_name(), &sources());
        let name = format!("{}.ipynb", file_stem(&current_name()));
        message.set(download_text(&name, "application/x-ipynb+json", &text).err());
    };
    let import_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let name = file.name();
            if file.size() > MAX_NOTEBOOK_FILE {
                message.set(Some(format!("{name} is too large to be a notebook")));
                return;
            }
            let text = match JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => {
                    message.set(Some(format!("{name} could not be read")));
                    return;
                }
            };
            match import(&text) {
                Ok(cells) => {
                    let stem = name
                        .rsplit_once('.')
                        .map_or(name.as_str(), |(s, _)| s)
                        .to_string();
                    report(state.workspace.apply(|w| w.add_notebook(&stem, &cells)));
                }
                Err(e) => message.set(Some(format!(
                    "{name} is not a notebook Lakelab can read: {e}"
                ))),
            }
        });
    };
    view! {
        <div class="notebook-bar">
            <label for="notebook-pick">"Notebook"</label>
            <select
                id="notebook-pick"
                on:change=move |ev| current.set(Some(event_target_value(&ev)))
            >
                {move || {
                    notebooks()
                        .into_iter()
                        .map(|(id, name)| {
                            let selected = id == notebook_id.get();
                            view! {
                                <option value=id selected=selected>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <button type="button" on:click=new_notebook>
                "New"
            </button>
            <button type="button" on:click=move |_| renaming.set(Some(current_name()))>
                "Rename"
            </button>
            <button type="button" on:click=duplicate>
                "Duplicate"
            </button>
            <button type="button" on:click=move |_| confirm_delete.set(true)>
                "Delete"
            </button>
            <button type="button" on:click=export_py>
                "Export .py"
            </button>
            <button type="button" on:click=export_ipynb>
                "Export .ipynb"
            </button>
            <label class="file-button" for="notebook-import">
                "Import .py / .ipynb"
            </label>
            <input
                id="notebook-import"
                class="visually-hidden"
                type="file"
                accept=".py,.ipynb"
                on:change=import_file
            />
        </div>
        <Show when=move || renaming.with(Option::is_some)>
            <form class="rename" on:submit=save_name>
                <label for="notebook-name">"New name"</label>
                <input
                    id="notebook-name"
                    prop:value=move || renaming.get().unwrap_or_default()
                    on:input=move |ev| renaming.set(Some(event_target_value(&ev)))
                />
                <button type="submit">"Save name"</button>
                <button type="button" on:click=move |_| renaming.set(None)>
                    "Cancel"
                </button>
            </form>
        </Show>
        <ConfirmDialog
            open=confirm_delete
            title="Delete this notebook?"
            message="Its cells are removed from the workspace. Runs it logged stay in Experiments."
            confirm_label="Delete notebook"
            on_confirm=delete
        />
        {move || {
            message
                .get()
                .map(|m| {
                    view! {
                        <p role="alert" class="error">
                            {m}
                        </p>
                    }
                })
        }}
    }
}

//! The Notebook page: Python cells run against the sandbox (MLflow, pandas and PySpark
//! DataFrames now; the other engines as they land). Names persist from cell to cell; Run all,
//! Clear outputs and Restart act on the whole notebook.
//!
//! Cells run on the page's thread, beside the workspace the other pages show, so one cell
//! runs to its end or to the interpreter's step limit (then `KeyboardInterrupt`). Run all
//! gives the browser a turn between cells, so Interrupt stops it before the next cell.

use lakelab_core::workspace::Cell;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::notebook_bar::NotebookBar;
use crate::components::notebook_cell::NotebookCell;
use crate::platform::yield_now::yield_now;
use crate::state::{run_cell, use_app};

#[component]
pub fn NotebookPage() -> impl IntoView {
    let state = use_app();
    let error = RwSignal::new(None::<String>);
    // The chosen notebook; the first one when none is chosen or the chosen one was deleted.
    // `?id=<notebook id>` opens that notebook (the AutoML page links to its trial notebook).
    let requested = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("id"));
    let current = RwSignal::new(requested);
    let notebook_id = Signal::derive(move || {
        let chosen = current.get();
        state.workspace.value.with(|w| {
            chosen
                .filter(|id| w.notebook(id).is_some())
                .or_else(|| w.notebooks.first().map(|n| n.id.clone()))
                .unwrap_or_default()
        })
    });
    let name = move || {
        let id = notebook_id.get();
        state
            .workspace
            .value
            .with(|w| w.notebook(&id).map(|n| n.name.clone()).unwrap_or_default())
    };
    let cells = move || {
        let id = notebook_id.get();
        state
            .workspace
            .value
            .with(|w| w.notebook(&id).map(|n| n.cells.clone()).unwrap_or_default())
    };
    let add_cell = move || -> Option<String> {
        let nb = notebook_id.get_untracked();
        let result = state.workspace.apply(|w| w.add_cell(&nb));
        match result {
            Some(Ok(id)) => Some(id),
            Some(Err(e)) => {
                error.set(Some(e.to_string()));
                None
            }
            None => None,
        }
    };
    let focus = |cell_id: &str| {
        let id = format!("cell-{cell_id}");
        // After the new cell renders.
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    };
    let advance = Callback::new(move |index: usize| {
        let next = cells().get(index + 1).map(|c| c.id.clone());
        match next {
            Some(id) => focus(&id),
            None => {
                if let Some(id) = add_cell() {
                    focus(&id);
                }
            }
        }
    });
    // Run all in progress, an Interrupt asked for, and what the last Run all did.
    let running = RwSignal::new(false);
    let stop = StoredValue::new(false);
    let status = RwSignal::new(None::<String>);
    let run_all = move |_| {
        if running.get_untracked() {
            return;
        }
        let nb = notebook_id.get_untracked();
        let list = cells();
        running.set(true);
        stop.set_value(false);
        status.set(None);
        leptos::task::spawn_local(async move {
            let total = list.len();
            for (i, cell) in list.into_iter().enumerate() {
                yield_now().await;
                // The page may have gone while waiting: stop quietly.
                let Some(stopped) = stop.try_get_value() else {
                    return;
                };
                if stopped {
                    status.try_set(Some(format!(
                        "Interrupted: Run all stopped before cell {} of {total}.",
                        i + 1
                    )));
                    break;
                }
                status.try_set(Some(format!("Running cell {} of {total}…", i + 1)));
                run_cell::run(state, &nb, &cell.id, &cell.source);
                let failed = state
                    .outputs
                    .try_with_untracked(|o| o.get(&cell.id).is_some_and(|r| r.error.is_some()))
                    .unwrap_or(true);
                if failed {
                    status.try_set(Some(format!(
                        "Run all stopped at cell {} of {total}: it raised an error.",
                        i + 1
                    )));
                    break;
                }
                if i + 1 == total {
                    status.try_set(Some(format!("Ran {total} cells.")));
                }
            }
            running.try_set(false);
        });
    };
    let interrupt = move |_| stop.set_value(true);
    let clear = move |_| {
        let ids: Vec<String> = cells().into_iter().map(|c| c.id).collect();
        state.outputs.update(|o| {
            for id in &ids {
                o.remove(id);
            }
        });
    };
    let restart = move |_| {
        let ids: Vec<String> = cells().into_iter().map(|c| c.id).collect();
        run_cell::restart(state, &notebook_id.get_untracked(), &ids);
    };
    view! {
        <h1>"Notebook"</h1>
        <p class="lead">
            "Write Python as in a Databricks notebook and run it against the sandbox: "
            <code>"import mlflow"</code>
            ", pandas and PySpark DataFrames (the spark session is there) work now. Shift+Enter runs a cell and moves on; Ctrl+Enter runs it in place. Names you define stay until you restart. A cell starting with %md is Markdown. Export a notebook as .py to run it on Databricks."
        </p>
        <NotebookBar current=current notebook_id=notebook_id />
        {move || {
            state
                .workspace
                .value
                .with(|w| w.unity.acting_as.clone())
                .map(|who| {
                    view! {
                        <p class="notice warning" data-testid="acting-as-notice">
                            {format!(
                                "Cells act as {who} in Unity Catalog (switch back with Act as on the Catalog page).",
                            )}
                        </p>
                    }
                })
        }}
        <h2 data-testid="notebook-name">{name}</h2>
        <Show when=move || notebook_id.with(String::is_empty)>
            <p>"There is no notebook. Press New to start one."</p>
        </Show>
        <div class="actions">
            <button type="button" on:click=run_all disabled=move || running.get()>
                "Run all"
            </button>
            <button type="button" on:click=interrupt disabled=move || !running.get()>
                "Interrupt"
            </button>
            <button type="button" on:click=clear>
                "Clear outputs"
            </button>
            <button type="button" on:click=restart>
                "Restart"
            </button>
        </div>
        <p role="status" class="run-status" data-testid="run-status">
            {move || status.get()}
        </p>
        <ol class="cells">
            <For
                each=move || cells().into_iter().enumerate()
                key=|(_, cell)| cell.id.clone()
                children=move |(index, cell): (usize, Cell)| {
                    view! {
                        <NotebookCell
                            notebook_id=notebook_id
                            cell_id=cell.id
                            index=index
                            source=cell.source
                            on_advance=advance
                        />
                    }
                }
            />
        </ol>
        <button
            type="button"
            on:click=move |_| {
                add_cell();
            }
        >
            "Add cell"
        </button>
        <Show when=move || error.with(Option::is_some)>
            <p role="alert" class="error">
                {move || error.get()}
            </p>
        </Show>
    }
}

//! The Notebook page: the learner's cells, saved as they type. Running cells arrives with the
//! notebook runtime; until then the page says so.

use lakelab_core::workspace::Cell;
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn NotebookPage() -> impl IntoView {
    let state = use_app();
    let error = RwSignal::new(None::<String>);
    let notebook_id = move || {
        state
            .workspace
            .value
            .with(|w| w.notebooks.first().map(|n| n.id.clone()))
    };
    let name = move || {
        state.workspace.value.with(|w| {
            w.notebooks
                .first()
                .map(|n| n.name.clone())
                .unwrap_or_default()
        })
    };
    let cells = move || {
        state.workspace.value.with(|w| {
            w.notebooks
                .first()
                .map(|n| n.cells.clone())
                .unwrap_or_default()
        })
    };
    let add_cell = move |_| {
        let Some(nb) = notebook_id() else { return };
        let result = state.workspace.apply(|w| w.add_cell(&nb));
        error.set(result.and_then(Result::err).map(|e| e.to_string()));
    };
    view! {
        <h1>"Notebook"</h1>
        <p class="lead">
            "Write Python cells as you would in a Databricks notebook. They are saved as you type. \
             Running them against the sandbox (MLflow, Feature Engineering, AutoML, Unity Catalog) \
             arrives with the notebook runtime; nothing is executed yet."
        </p>
        <h2>{name}</h2>
        <ol class="cells">
            <For
                each=move || cells().into_iter().enumerate()
                key=|(_, cell)| cell.id.clone()
                children=move |(index, cell): (usize, Cell)| {
                    let label = format!("Cell {}", index + 1);
                    let id = format!("cell-{}", cell.id);
                    let cell_id = cell.id.clone();
                    let on_input = move |ev| {
                        let Some(nb) = notebook_id() else { return };
                        let text = event_target_value(&ev);
                        let result = state
                            .workspace
                            .apply(|w| w.set_cell_source(&nb, &cell_id, &text));
                        error.set(result.and_then(Result::err).map(|e| e.to_string()));
                    };
                    view! {
                        <li class="cell">
                            <label for=id.clone()>{label}</label>
                            <textarea
                                id=id
                                spellcheck="false"
                                autocomplete="off"
                                rows="4"
                                prop:value=cell.source
                                on:input=on_input
                            ></textarea>
                        </li>
                    }
                }
            />
        </ol>
        <button type="button" on:click=add_cell>
            "Add cell"
        </button>
        <Show when=move || error.with(Option::is_some)>
            <p role="alert" class="error">
                {move || error.get()}
            </p>
        </Show>
    }
}

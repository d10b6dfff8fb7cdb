//! The workspace's serving endpoints, as the Serving UI lists them: state, what each serves
//! with its share of traffic, and the config being deployed. Open selects an endpoint for
//! the panels below; Edit loads its config into the form; Delete asks first.

use lakelab_core::serving::{Endpoint, EndpointConfig};
use leptos::prelude::*;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::state::use_app;

/// The Serving UI's state label (D-MANAGE's labels; "Ready (Updating)", for a live config
/// with an update deploying, is Lakelab's wording).
pub fn state_label(e: &Endpoint) -> &'static str {
    match (e.config.is_some(), e.pending.is_some()) {
        (true, true) => "Ready (Updating)",
        (true, false) => "Ready",
        (false, true) => "Not ready (Updating)",
        (false, false) => "Not ready",
    }
}

/// `churn_model-1 (main.default.churn_model v1) 90%, …`.
fn entities_text(c: &EndpointConfig) -> String {
    c.served_entities
        .iter()
        .map(|s| {
            format!(
                "{} ({} v{}) {}%",
                s.name,
                s.entity_name,
                s.entity_version,
                c.share_of(&s.name)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone, PartialEq)]
struct Row {
    name: String,
    label: &'static str,
    api_state: String,
    serving: String,
    deploying: Option<String>,
    version: u64,
}

#[component]
pub fn ServingEndpointList(
    selected: RwSignal<Option<String>>,
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let to_delete = RwSignal::new(None::<String>);
    let confirm_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let rows = move || {
        state.workspace.value.with(|w| {
            w.serving
                .endpoints
                .values()
                .map(|e| Row {
                    name: e.name.clone(),
                    label: state_label(e),
                    api_state: format!("{} / {}", e.ready(), e.config_update()),
                    serving: e.config.as_ref().map(entities_text).unwrap_or_default(),
                    deploying: e.pending.as_ref().map(|p| entities_text(&p.config)),
                    version: e
                        .config
                        .as_ref()
                        .or(e.pending.as_ref().map(|p| &p.config))
                        .map_or(0, |c| c.config_version),
                })
                .collect::<Vec<_>>()
        })
    };
    let delete = Callback::new(move |()| {
        let Some(name) = to_delete.get_untracked() else {
            return;
        };
        match state.workspace.apply(|w| w.serving.delete(&name)) {
            Some(Err(e)) => error.set(Some(e.client_message())),
            _ => {
                error.set(None);
                if editing.get_untracked().as_deref() == Some(name.as_str()) {
                    editing.set(None);
                }
            }
        }
    });
    view! {
        <section aria-labelledby="endpoints-title">
            <h2 id="endpoints-title">"Serving endpoints"</h2>
            <Show
                when=move || !rows().is_empty()
                fallback=|| {
                    view! {
                        <p class="muted" data-testid="no-endpoints">
                            "No serving endpoints yet. Register a model version in Unity Catalog (a notebook's mlflow.register_model, or Register model on a run's page), then create an endpoint below."
                        </p>
                    }
                }
            >
                <div class="table-scroll">
                    <table class="runs-table" data-testid="endpoints">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Served entities (traffic)"</th>
                                <th scope="col">"Config version"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                rows()
                                    .into_iter()
                                    .map(|r| {
                                        let (open, edit, del) = (
                                            r.name.clone(),
                                            r.name.clone(),
                                            r.name.clone(),
                                        );
                                        view! {
                                            <tr data-testid="endpoint-row" data-endpoint=r.name.clone()>
                                                <th scope="row">{r.name.clone()}</th>
                                                <td data-testid="endpoint-state">
                                                    {r.label}
                                                    <span class="muted note">
                                                        {format!(" {}", r.api_state)}
                                                    </span>
                                                </td>
                                                <td class="wrap" data-testid="endpoint-entities">
                                                    {r.serving}
                                                    {r
                                                        .deploying
                                                        .map(|d| {
                                                            view! {
                                                                <span class="muted">{format!(" Deploying: {d}")}</span>
                                                            }
                                                        })}
                                                </td>
                                                <td>{r.version}</td>
                                                <td>
                                                    <button
                                                        type="button"
                                                        class="small"
                                                        aria-label=format!("Open {}", r.name)
                                                        on:click=move |_| selected.set(Some(open.clone()))
                                                    >
                                                        "Open"
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="small"
                                                        aria-label=format!("Edit {}", r.name)
                                                        on:click=move |_| {
                                                            selected.set(Some(edit.clone()));
                                                            editing.set(Some(edit.clone()));
                                                        }
                                                    >
                                                        "Edit"
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="small"
                                                        aria-label=format!("Delete {}", r.name)
                                                        on:click=move |_| {
                                                            to_delete.set(Some(del.clone()));
                                                            confirm_open.set(true);
                                                        }
                                                    >
                                                        "Delete"
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p role="alert" class="error" data-testid="endpoint-list-error">
                    {move || error.get()}
                </p>
            </Show>
            <ConfirmDialog
                open=confirm_open
                title="Delete this serving endpoint?"
                message="The endpoint stops serving and its inference records are deleted. This cannot be undone."
                confirm_label="Delete endpoint"
                on_confirm=delete
            />
        </section>
    }
}

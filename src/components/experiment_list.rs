//! The experiment list of the Experiments page: pick one, create, rename, delete or restore.
//! Deleted experiments are hidden unless asked for (their names stay taken, as in MLflow).

use lakelab_core::tracking::{LifecycleStage, DEFAULT_EXPERIMENT_ID};
use leptos::prelude::*;

use crate::components::outcome_message::OutcomeMessage;
use crate::platform::base_path::app_href;
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn ExperimentList(selected: Signal<String>) -> impl IntoView {
    let state = use_app();
    let show_deleted = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let experiments = move || {
        state.workspace.value.with(|w| {
            w.tracking
                .experiments()
                .iter()
                .filter(|e| show_deleted.get() || e.lifecycle_stage == LifecycleStage::Active)
                .map(|e| (e.experiment_id.clone(), e.name.clone(), e.lifecycle_stage))
                .collect::<Vec<_>>()
        })
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_string();
        let result = state
            .workspace
            .apply(|w| w.tracking.create_experiment(&name, None, &[], now_ms()));
        message.set(result.map(|result| match result {
            Ok(id) => {
                new_name.set(String::new());
                Ok(format!("Created experiment {name} (id {id})."))
            }
            Err(e) => Err(e.message),
        }));
    };
    let rename_to = RwSignal::new(String::new());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = rename_to.get_untracked().trim().to_string();
        let id = selected.get_untracked();
        let result = state
            .workspace
            .apply(|w| w.tracking.rename_experiment(&id, &new, now_ms()));
        message.set(result.map(|r| match r {
            Ok(()) => {
                rename_to.set(String::new());
                Ok(format!("Renamed the experiment to {new}."))
            }
            Err(e) => Err(e.message),
        }));
    };
    let set_stage = move |id: String, delete: bool| {
        let result = state.workspace.apply(|w| {
            if delete {
                w.tracking.delete_experiment(&id, now_ms())
            } else {
                w.tracking.restore_experiment(&id, now_ms())
            }
        });
        if let Some(Err(e)) = result {
            message.set(Some(Err(e.message)));
        }
    };
    view! {
        <section class="experiment-list" aria-labelledby="experiment-list-title">
            <h2 id="experiment-list-title">"Experiments"</h2>
            <ul>
                <For
                    each=experiments
                    key=|(id, name, stage)| (id.clone(), name.clone(), *stage)
                    children=move |(id, name, stage)| {
                        let href = app_href(&format!("/experiments?experiment={id}"));
                        let is_selected = {
                            let id = id.clone();
                            move || selected.get() == id
                        };
                        let deleted = stage == LifecycleStage::Deleted;
                        let action_id = id.clone();
                        view! {
                            <li class:deleted=deleted>
                                <a href=href aria-current=move || is_selected().then_some("true")>
                                    {name.clone()}
                                </a>
                                {deleted
                                    .then_some(view! { <span class="muted">" (deleted)"</span> })}
                                <Show when=move || {
                                    action_id != DEFAULT_EXPERIMENT_ID
                                }>
                                    {
                                        let id = id.clone();
                                        let name = name.clone();
                                        view! {
                                            <button
                                                type="button"
                                                class="small"
                                                aria-label=format!(
                                                    "{} experiment {name}",
                                                    if deleted { "Restore" } else { "Delete" },
                                                )
                                                on:click=move |_| set_stage(id.clone(), !deleted)
                                            >
                                                {if deleted { "Restore" } else { "Delete" }}
                                            </button>
                                        }
                                    }
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
            <label class="inline">
                <input type="checkbox" bind:checked=show_deleted />
                " Show deleted experiments"
            </label>
            <form class="create-experiment" on:submit=create>
                <label for="new-experiment">"New experiment name"</label>
                <input
                    id="new-experiment"
                    type="text"
                    placeholder="/Users/you@example.com/churn"
                    bind:value=new_name
                />
                <button type="submit">"Create experiment"</button>
            </form>
            <form class="create-experiment" on:submit=rename>
                <label for="rename-experiment">"Rename the selected experiment to"</label>
                <input id="rename-experiment" type="text" bind:value=rename_to />
                <button type="submit">"Rename"</button>
            </form>
            <OutcomeMessage message=message />
        </section>
    }
}

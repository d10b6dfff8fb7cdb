//! Create an endpoint, or edit the selected one's config (`PUT …/config`): one or two
//! served entities picked from Unity Catalog models by version or alias, a traffic split
//! for two, workload size and scale to zero. Aliases resolve to their version on submit
//! (the endpoint keeps that version until its next config update); the engine's refusals
//! show as the deploy client would raise them.

use lakelab_core::registry::RegistryKind;
use lakelab_core::serving::draft::{Draft, DraftEntity, Resolved};
use lakelab_core::serving::entities::WORKLOAD_SIZES;
use lakelab_core::serving::ServingError;
use leptos::prelude::*;

use crate::components::outcome_message::OutcomeMessage;
use crate::components::serving_entity_picker::{EntityPicker, Pick};
use crate::platform::clock::now_ms;
use crate::state::use_app;

/// What a submit said.
fn resolved_text(name: &str, resolved: &[Resolved], created: bool) -> String {
    let mut text = if created {
        format!(
            "Endpoint {name} is deploying (NOT_READY / IN_PROGRESS); it is ready in a few seconds."
        )
    } else {
        format!("The new config of {name} is deploying; the current one serves until it is ready.")
    };
    for r in resolved {
        text.push_str(&format!(
            " @{} of {} resolved to version {}: the endpoint keeps serving version {} until its next config update, even if the alias moves.",
            r.alias, r.entity_name, r.version, r.version
        ));
    }
    text
}

#[component]
pub fn ServingEndpointForm(
    selected: RwSignal<Option<String>>,
    editing: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let name = RwSignal::new(String::new());
    let first = Pick::default();
    let second = Pick::default();
    let ab = RwSignal::new(false);
    let split = RwSignal::new(90u32);
    let size = RwSignal::new("Small".to_string());
    let scale_to_zero = RwSignal::new(true);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let has_models = move || state.workspace.value.with(|w| !w.unity.models.is_empty());

    // Editing loads the endpoint's newest config (the one deploying, else the live one).
    Effect::new(move |_| {
        let Some(target) = editing.get() else {
            return;
        };
        let config = state.workspace.value.with_untracked(|w| {
            let e = w.serving.endpoints.get(&target)?;
            e.pending
                .as_ref()
                .map(|p| p.config.clone())
                .or_else(|| e.config.clone())
        });
        let Some(config) = config else {
            return;
        };
        name.set(target);
        for (pick, entity) in [first, second].iter().zip(&config.served_entities) {
            pick.model.set(entity.entity_name.clone());
            pick.version.set(entity.entity_version.clone());
        }
        ab.set(config.served_entities.len() > 1);
        if let Some(e) = config.served_entities.first() {
            split.set(config.share_of(&e.name));
            size.set(e.workload_size.clone());
            scale_to_zero.set(e.scale_to_zero_enabled);
        }
        outcome.set(None);
    });

    let submit = move |_| {
        let mut entities = vec![DraftEntity {
            entity_name: first.model_of(state),
            version: first.version_of(state, false),
        }];
        if ab.get_untracked() {
            entities.push(DraftEntity {
                entity_name: second.model_of(state),
                version: second.version_of(state, true),
            });
        }
        let draft = Draft {
            entities,
            first_percentage: split.get_untracked(),
            workload_size: size.get_untracked(),
            scale_to_zero_enabled: scale_to_zero.get_untracked(),
        };
        let endpoint = name.get_untracked().trim().to_string();
        let edit = editing.get_untracked();
        let result = state.workspace.apply(|w| {
            let (config, resolved) = draft.to_config(&|model, alias| {
                w.unity
                    .version_by_alias(RegistryKind::Uc, model, alias)
                    .map(|v| v.version.to_string())
                    .map_err(|e| ServingError {
                        status: 404,
                        error_code: e.code.as_str(),
                        message: e.message,
                    })
            })?;
            let creator = w.unity.principal();
            match &edit {
                Some(target) => w.update_endpoint_config(target, &config, now_ms())?,
                None => w.create_endpoint(&endpoint, &config, &[], &creator, now_ms())?,
            };
            Ok::<_, ServingError>(resolved)
        });
        match result {
            Some(Ok(resolved)) => {
                let created = edit.is_none();
                let target = edit.unwrap_or(endpoint);
                outcome.set(Some(Ok(resolved_text(&target, &resolved, created))));
                selected.set(Some(target));
                editing.set(None);
            }
            Some(Err(e)) => outcome.set(Some(Err(e.client_message()))),
            None => {}
        }
    };

    view! {
        <section aria-labelledby="endpoint-form-title">
            <h2 id="endpoint-form-title">
                {move || match editing.get() {
                    Some(n) => format!("Edit endpoint {n}"),
                    None => "Create serving endpoint".to_string(),
                }}
            </h2>
            <Show
                when=has_models
                fallback=|| {
                    view! {
                        <p class="muted">
                            "Endpoints serve registered model versions; no model is registered in Unity Catalog yet."
                        </p>
                    }
                }
            >
                <form
                    class="serving-form"
                    data-testid="endpoint-form"
                    on:submit=|ev| ev.prevent_default()
                >
                    <label for="endpoint-name">"Endpoint name"</label>
                    <input
                        id="endpoint-name"
                        type="text"
                        placeholder="churn-endpoint"
                        prop:value=move || name.get()
                        prop:disabled=move || editing.with(Option::is_some)
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <EntityPicker pick=first index=1 label="Served entity A" second=false />
                    <label class="check">
                        <input
                            id="ab-enabled"
                            type="checkbox"
                            prop:checked=move || ab.get()
                            on:change=move |ev| ab.set(event_target_checked(&ev))
                        />
                        "Serve a second entity and split traffic (A/B test)"
                    </label>
                    <Show when=move || ab.get()>
                        <EntityPicker pick=second index=2 label="Served entity B" second=true />
                        <label for="traffic-split">"Traffic to A"</label>
                        <input
                            id="traffic-split"
                            type="range"
                            min="0"
                            max="100"
                            step="1"
                            prop:value=move || split.get().to_string()
                            on:input=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                    split.set(v.min(100));
                                }
                            }
                        />
                        <output for="traffic-split" data-testid="traffic-split-label">
                            {move || format!("A {}% / B {}%", split.get(), 100 - split.get())}
                        </output>
                    </Show>
                    <p>
                        <label for="workload-size">"Compute scale-out "</label>
                        <select
                            id="workload-size"
                            on:change=move |ev| size.set(event_target_value(&ev))
                        >
                            {WORKLOAD_SIZES
                                .iter()
                                .map(|s| {
                                    let value = s.to_string();
                                    view! {
                                        <option
                                            value=value.clone()
                                            selected=move || size.with(|c| *c == value)
                                        >
                                            {*s}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <label class="check">
                            <input
                                type="checkbox"
                                prop:checked=move || scale_to_zero.get()
                                on:change=move |ev| scale_to_zero.set(event_target_checked(&ev))
                            />
                            "Scale to zero (cheaper when idle; the first request after idling waits for a cold start)"
                        </label>
                    </p>
                    <p class="muted note">
                        "An alias is resolved to its version when you submit: the endpoint keeps serving that version until its next config update, even if the alias moves."
                    </p>
                    <div class="actions">
                        <button type="submit" on:click=submit>
                            {move || {
                                if editing.with(Option::is_some) {
                                    "Update endpoint"
                                } else {
                                    "Create endpoint"
                                }
                            }}
                        </button>
                        <Show when=move || editing.with(Option::is_some)>
                            <button
                                type="button"
                                on:click=move |_| {
                                    editing.set(None);
                                    name.set(String::new());
                                }
                            >
                                "Cancel edit"
                            </button>
                        </Show>
                    </div>
                </form>
            </Show>
            <OutcomeMessage message=outcome test_id="endpoint-form" />
        </section>
    }
}

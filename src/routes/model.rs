//! A registered model in Unity Catalog, as Catalog Explorer shows it: facts, description,
//! tags, versions with alias chips, the alias editor, permissions and lineage. Address:
//! `/catalog/models/<catalog.schema.model>`. Acting as someone without access shows the
//! registry's permission error instead.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::acting_as::ActingAs;
use crate::components::alias_editor::AliasEditor;
use crate::components::app_link::AppLink;
use crate::components::model_lineage::ModelLineage;
use crate::components::model_permissions::ModelPermissions;
use crate::components::model_tags::ModelTags;
use crate::components::model_versions::ModelVersions;
use crate::components::version_tag_form::VersionTagForm;
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn ModelPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let name = move || params.with(|p| p.get("name").unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let description = RwSignal::new(String::new());
    // A memo, so the parts below (which follow the workspace themselves) are not rebuilt,
    // and keep their inputs, on every change.
    let lookup = Memo::new(move |_| {
        let n = name();
        state.workspace.value.with(|w| {
            w.unity
                .get_registered_model(RegistryKind::Uc, &n)
                .map(|m| (m.name.clone(), m.description.clone(), m.versions.len()))
                .map_err(|e| e.message)
        })
    });
    view! {
        <p>
            <AppLink to="/catalog">"Catalog"</AppLink>
        </p>
        <ActingAs />
        {move || match lookup.get() {
            Err(message) => {
                view! {
                    <h1>{name()}</h1>
                    <p role="alert" class="error" data-testid="model-denied">
                        {message}
                    </p>
                }
                    .into_any()
            }
            Ok((key, desc, count)) => {
                description.set(desc.clone());
                let save_key = key.clone();
                let save = move |_| {
                    let text = description.get_untracked();
                    let result = state
                        .workspace
                        .apply(|w| {
                            w.unity
                                .update_registered_model(
                                    RegistryKind::Uc,
                                    &save_key,
                                    &text,
                                    now_ms(),
                                )
                                .map(|_| ())
                        });
                    match result {
                        Some(Err(e)) => error.set(Some(e.message)),
                        _ => error.set(None),
                    }
                };
                view! {
                    <h1 data-testid="model-name">{key.clone()}</h1>
                    <p class="lead">
                        {format!(
                            "Registered model in Unity Catalog, {count} version{}.",
                            if count == 1 { "" } else { "s" },
                        )}
                    </p>
                    <label for="model-description">"Description"</label>
                    <textarea
                        id="model-description"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    ></textarea>
                    <button type="button" on:click=save>
                        "Save description"
                    </button>
                    <ModelVersions name=key.clone() error=error />
                    <AliasEditor name=key.clone() error=error />
                    <VersionTagForm name=key.clone() error=error />
                    <ModelTags name=key.clone() error=error />
                    <ModelPermissions name=key.clone() error=error />
                    <ModelLineage name=key />
                }
                    .into_any()
            }
        }}
        <Show when=move || error.with(Option::is_some)>
            <p role="alert" class="error" data-testid="catalog-error">
                {move || error.get()}
            </p>
        </Show>
    }
}

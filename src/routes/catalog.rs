//! Catalog Explorer: the catalog → schema → model tree with search, whom the pages act as,
//! and how Unity Catalog's registry differs from the legacy workspace registry.

use leptos::prelude::*;

use crate::components::acting_as::ActingAs;
use crate::components::catalog_tree::CatalogTree;
use crate::state::use_app;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let state = use_app();
    let filter = RwSignal::new(String::new());
    let workspace_models = move || {
        state.workspace.value.with(|w| {
            w.unity
                .workspace_models
                .values()
                .map(|m| {
                    let stages = m
                        .versions
                        .iter()
                        .map(|v| {
                            format!(
                                "v{} {}",
                                v.version,
                                v.current_stage.clone().unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    (m.name.clone(), stages)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h1>"Catalog"</h1>
        <p class="lead">
            "Unity Catalog as Catalog Explorer shows it: catalogs, schemas and registered models, with versions, aliases, tags and who may use them. Register models from a run's page or with mlflow.register_model; grant with spark.sql(\"GRANT ...\")."
        </p>
        <ActingAs />
        <label for="catalog-search">"Search"</label>
        <input
            id="catalog-search"
            type="search"
            placeholder="catalog, schema or model name"
            prop:value=move || filter.get()
            on:input=move |ev| filter.set(event_target_value(&ev))
        />
        <CatalogTree filter=filter />
        <section class="legacy-registry">
            <h2>"Workspace registry (legacy)"</h2>
            <p class="note">
                "Models registered after mlflow.set_registry_uri(\"databricks\"): flat names and stages (None, Staging, Production, Archived), no Unity Catalog privileges or lineage. Unity Catalog replaces stages with aliases."
            </p>
            <ul data-testid="workspace-models">
                {move || {
                    workspace_models()
                        .into_iter()
                        .map(|(n, stages)| {
                            view! {
                                <li>
                                    <code>{n}</code>
                                    " — "
                                    {stages}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

//! The Feature Store page: feature tables (and online tables) with search by name, key or tag,
//! and creating a feature table from a bundled dataset or an uploaded CSV. Each table opens at
//! `/feature-store/tables/<catalog.schema.table>`.

use leptos::prelude::*;

use crate::components::acting_as::ActingAs;
use crate::components::feature_table_create::FeatureTableCreate;
use crate::components::feature_table_list::FeatureTableList;

#[component]
pub fn FeatureStorePage() -> impl IntoView {
    let filter = RwSignal::new(String::new());
    view! {
        <h1>"Feature Store"</h1>
        <p class="lead">
            "Feature Engineering in Unity Catalog: a feature table is a Delta table with a primary key. Create them here or in a notebook with FeatureEngineeringClient().create_table(...); build training sets with FeatureLookup; publish to an online store for serving."
        </p>
        <ActingAs />
        <label for="feature-search">"Search"</label>
        <input
            id="feature-search"
            type="search"
            placeholder="table name, key or tag"
            prop:value=move || filter.get()
            on:input=move |ev| filter.set(event_target_value(&ev))
        />
        <FeatureTableList filter=filter />
        <FeatureTableCreate />
    }
}

//! The Catalog page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "The catalog → schema → object tree, starting from main.default",
    "Registered models with versions, aliases such as @Champion, tags and lineage to their runs",
    "Privileges for simulated users and groups",
    "The legacy workspace registry with stages, for comparison",
];

#[component]
pub fn CatalogPage() -> impl IntoView {
    view! {
        <h1>"Catalog"</h1>
        <p class="lead">
            "Unity Catalog: catalogs, schemas, tables, registered models and who may use them, as Catalog Explorer shows them."
        </p>
        <Upcoming
            holds=HOLDS
            objectives="Exam objectives: S1.05, S1.14 to S1.18 (registry, tags, aliases, UC versus the workspace registry)."
        />
    }
}

//! The Feature Store page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "Feature tables with primary and timestamp keys, their history and tags",
    "Training sets built with FeatureLookup, including point-in-time lookups",
    "Online tables and what publishing to them changes",
    "Bundled datasets and your own CSV uploads",
];

#[component]
pub fn FeatureStorePage() -> impl IntoView {
    view! {
        <h1>"Feature Store"</h1>
        <p class="lead">
            "Feature Engineering in Unity Catalog: feature tables, training sets and online tables."
        </p>
        <Upcoming holds=HOLDS objectives="Exam objectives: S1.05 to S1.10." />
    }
}

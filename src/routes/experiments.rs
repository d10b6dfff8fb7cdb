//! The Experiments page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "Experiments you create from notebook cells or here, with their runs",
    "A runs table you can filter with MLflow's search syntax and sort by any metric",
    "Run pages with parameters, metric charts by step, tags, artifacts and logged models",
    "Side-by-side run comparison",
];

#[component]
pub fn ExperimentsPage() -> impl IntoView {
    view! {
        <h1>"Experiments"</h1>
        <p class="lead">
            "MLflow tracking: experiments, runs, parameters, metrics, artifacts and models, as the MLflow UI shows them."
        </p>
        <Upcoming
            holds=HOLDS
            objectives="Exam objectives: S1.11 best run with the client API, S1.12 manual logging, S1.13 what the MLflow UI shows."
        />
    }
}

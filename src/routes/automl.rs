//! The AutoML page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "automl.classify and automl.regress runs with their trials, best first",
    "Data preparation steps: detected column types, imputers, encoding, split",
    "Each trial as an MLflow run with its metrics and model",
    "Progress while training, in a background worker so the page stays responsive",
];

#[component]
pub fn AutomlPage() -> impl IntoView {
    view! {
        <h1>"AutoML"</h1>
        <p class="lead">
            "AutoML that trains real models in your browser and reports trials like Databricks AutoML."
        </p>
        <Upcoming holds=HOLDS objectives="Exam objectives: S1.03, S1.04, S3.02, S3.11, S3.12." />
    }
}

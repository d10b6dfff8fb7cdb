//! The Serving page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "Serving endpoints for registered model versions and aliases",
    "Queries in the real request formats, with responses and errors",
    "Traffic splits between a champion and a challenger, and inference tables",
    "Batch scoring and a simulated streaming pipeline",
];

#[component]
pub fn ServingPage() -> impl IntoView {
    view! {
        <h1>"Serving"</h1>
        <p class="lead">
            "Model Serving: endpoints, traffic splits, batch and streaming inference."
        </p>
        <Upcoming holds=HOLDS objectives="Exam objectives: S4.01 to S4.06." />
    }
}

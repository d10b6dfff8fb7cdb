//! The Learn page: what Lakelab is, where to continue, and the areas of the lab.

use crate::components::app_link::AppLink;
use leptos::prelude::*;

use crate::components::main_nav::AREAS;
use crate::state::use_app;

#[component]
pub fn LearnPage() -> impl IntoView {
    let state = use_app();
    // The page the learner was on before this one (this visit is recorded as it renders).
    let resume = state
        .progress
        .value
        .with_untracked(|p| p.last_route.clone())
        .filter(|r| r != "/" && r != "/learn")
        .and_then(|r| AREAS.iter().find(|(path, _)| *path == r).copied());
    view! {
        <h1>"Learn"</h1>
        <p class="lead">
            "A hands-on lab for the Databricks Certified Machine Learning Associate exam. \
             Everything runs in this browser tab: no account, no cluster, and it keeps working offline."
        </p>
        {resume
            .map(|(path, label)| {
                view! {
                    <p class="resume">
                        "Continue where you left off: " <AppLink to=path>{label}</AppLink>
                    </p>
                }
            })}
        <section aria-labelledby="exercises-title">
            <h2 id="exercises-title">"Exercises"</h2>
            <p>
                "Exercises for each of the exam's 48 objectives will be listed here, each with a \
                 short lesson, a starter notebook and a checklist that is checked against your \
                 sandbox. They are not written yet; the Notebook already runs MLflow code against your sandbox."
            </p>
        </section>
        <section aria-labelledby="areas-title">
            <h2 id="areas-title">"Areas of the lab"</h2>
            <ul class="area-list">
                {AREAS
                    .iter()
                    .filter(|(path, _)| *path != "/learn")
                    .map(|(path, label)| {
                        view! {
                            <li>
                                <AppLink to=*path>{*label}</AppLink>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <p class="muted">
            "Your work is stored only in this browser. Export it from Settings to keep a copy or \
             move to another machine."
        </p>
    }
}

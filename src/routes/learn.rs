//! The Learn page: what Lakelab is, where to continue, and the areas of the lab.

use crate::components::app_link::AppLink;
use leptos::prelude::*;

use crate::components::main_nav::AREAS;
use crate::state::content::bank;
use crate::state::use_app;
use lakelab_core::curriculum::{objective, Section};

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
                "Every exam objective has a hands-on exercise: a short lesson, a starter notebook and \
                 a task list checked against your sandbox as you work."
            </p>
            {Section::ALL
                .iter()
                .map(|s| {
                    let list = bank()
                        .exercises
                        .iter()
                        .filter(|e| {
                            e.objectives.first().and_then(|o| objective(o)).map(|o| o.section)
                                == Some(*s)
                        })
                        .map(|e| {
                            let id = e.id.clone();
                            let status = move || {
                                state
                                    .progress
                                    .value
                                    .with(|p| match p.exercises.get(&id) {
                                        Some(r) if r.completed_ms.is_some() => "done",
                                        Some(r) if r.started_ms.is_some() => "started",
                                        _ => "",
                                    })
                            };
                            view! {
                                <li data-testid="exercise-link" data-exercise=e.id.clone()>
                                    <AppLink to=format!(
                                        "/learn/{}",
                                        e.id,
                                    )>{e.title.clone()}</AppLink>
                                    " "
                                    <span class="muted">
                                        {format!(
                                            "{} · {} min",
                                            e.objectives.join(", "),
                                            e.minutes,
                                        )}
                                    </span>
                                    " "
                                    <span class="badge" data-testid="exercise-status">
                                        {status}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <h3>{format!("Section {}: {}", s.number(), s.name())}</h3>
                        <ul class="exercise-list">{list}</ul>
                    }
                })
                .collect_view()}
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

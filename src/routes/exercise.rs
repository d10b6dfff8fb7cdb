//! One exercise: its lesson, a Start button (runs the hidden set-up cells, then opens the
//! starter as a new notebook), the task checklist checked live against the workspace, the hint
//! ladder, the solution once the hints are spent, and further reading once every task passes.

use lakelab_core::curriculum::content::Exercise;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::app_link::AppLink;
use crate::components::exercise_tasks::ExerciseTasks;
use crate::components::markdown_view::MarkdownView;
use crate::platform::base_path::app_href;
use crate::platform::clock::now_ms;
use crate::state::content::bank;
use crate::state::{run_cell, use_app};

/// Fenced Python for a list of cells, to show the solution.
fn as_code(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| format!("```python\n{c}\n```"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[component]
pub fn ExercisePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    move || match bank().exercise(&id()) {
        Some(e) => view! { <ExerciseView exercise=e /> }.into_any(),
        None => view! {
            <h1>"Exercise not found"</h1>
            <p>
                "There is no exercise with this name. "
                <AppLink to="/learn">"See all exercises"</AppLink>
            </p>
        }
        .into_any(),
    }
}

#[component]
fn ExerciseView(exercise: &'static Exercise) -> impl IntoView {
    let state = use_app();
    let progress = state.progress;
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let record = move || {
        progress
            .value
            .with(|p| p.exercises.get(&exercise.id).cloned().unwrap_or_default())
    };
    let notebook = move || {
        let nb = record().notebook_id?;
        state
            .workspace
            .value
            .with(|w| w.notebook(&nb).is_some())
            .then_some(nb)
    };
    let start = move |_| {
        let made = state
            .workspace
            .apply(|w| w.add_notebook(&exercise.title, &exercise.starter));
        let nb = match made {
            Some(Ok(nb)) => nb,
            Some(Err(e)) => {
                error.set(Some(format!("The starter notebook could not be made: {e}")));
                return;
            }
            None => return,
        };
        // The hidden set-up runs in the notebook's session, as the validator runs it. If it
        // fails, the learner stays here to read why (the notebook is still recorded).
        let mut failed_setup = false;
        for (i, cell) in exercise.setup.iter().enumerate() {
            run_cell::run(state, &nb, &format!("setup-{}-{i}", exercise.id), cell);
            let failed = state.outputs.with_untracked(|o| {
                o.get(&format!("setup-{}-{i}", exercise.id))
                    .and_then(|r| r.error.as_ref().map(|e| e.traceback.clone()))
            });
            if let Some(tb) = failed {
                error.set(Some(format!("The exercise's set-up failed:\n{tb}")));
                failed_setup = true;
                break;
            }
        }
        let now = now_ms();
        progress.update(|p| {
            let r = p.exercises.entry(exercise.id.clone()).or_default();
            r.started_ms.get_or_insert(now);
            r.notebook_id = Some(nb.clone());
            r.last_ms = now;
        });
        if !failed_setup {
            navigate(&app_href(&format!("/notebook?id={nb}")), Default::default());
        }
    };
    let hints_shown = move || record().hints_shown as usize;
    let show_hint = move |_| {
        let now = now_ms();
        progress.update(|p| {
            let r = p.exercises.entry(exercise.id.clone()).or_default();
            r.hints_shown = (r.hints_shown + 1).min(exercise.hints.len() as u32);
            r.last_ms = now;
        });
    };
    let show_solution = move |_| {
        let now = now_ms();
        progress.update(|p| {
            let r = p.exercises.entry(exercise.id.clone()).or_default();
            r.solution_shown = true;
            r.last_ms = now;
        });
    };
    let all_pass = Signal::derive(move || {
        state
            .workspace
            .value
            .with(|w| exercise.tasks.iter().all(|t| t.check.evaluate(w).is_ok()))
    });
    // Completion is recorded once, the first time every task passes.
    Effect::new(move |_| {
        if all_pass.get() && record().completed_ms.is_none() && record().started_ms.is_some() {
            let now = now_ms();
            progress.update(|p| {
                let r = p.exercises.entry(exercise.id.clone()).or_default();
                r.completed_ms = Some(now);
                r.last_ms = now;
            });
        }
    });
    view! {
        <h1>{exercise.title.clone()}</h1>
        <p class="muted">
            {format!(
                "{} · {} · about {} minutes",
                exercise.objectives.join(", "),
                match exercise.kind {
                    lakelab_core::curriculum::content::ExerciseKind::Lab => "Lab",
                    lakelab_core::curriculum::content::ExerciseKind::Scenario => "Scenario",
                    lakelab_core::curriculum::content::ExerciseKind::Capstone => "Capstone",
                },
                exercise.minutes,
            )}
        </p>
        <section class="lesson" aria-label="Lesson">
            <MarkdownView text=exercise.lesson.clone() />
            <p>
                <a href=exercise.doc.clone() target="_blank" rel="noopener">
                    "Documentation"
                </a>
            </p>
        </section>
        <p>
            {move || match notebook() {
                Some(nb) => {
                    // A fresh copy per render: the button's handler owns it.
                    view! {
                        <AppLink to=format!("/notebook?id={nb}")>"Open your notebook"</AppLink>
                    }
                        .into_any()
                }
                None => {
                    let start = start.clone();
                    view! {
                        <button type="button" class="primary" on:click=start>
                            "Start the exercise"
                        </button>
                    }
                        .into_any()
                }
            }}
        </p>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <pre class="error" role="alert">
                            {e}
                        </pre>
                    }
                })
        }}
        <h2>"Tasks"</h2>
        <ExerciseTasks exercise=exercise />
        {move || {
            (all_pass.get() && record().started_ms.is_some())
                .then(|| {
                    view! {
                        <section class="done" data-testid="exercise-done">
                            <p class="verdict right">"Exercise complete"</p>
                            <h2>"Further reading"</h2>
                            <MarkdownView text=exercise.further_reading.clone() />
                        </section>
                    }
                })
        }}
        <h2>"Hints"</h2>
        <ol class="hints" data-testid="hints">
            {move || {
                exercise
                    .hints
                    .iter()
                    .take(hints_shown())
                    .map(|h| {
                        view! {
                            <li>
                                <MarkdownView text=h.clone() />
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
        {move || {
            (hints_shown() < exercise.hints.len())
                .then(|| {
                    view! {
                        <button type="button" on:click=show_hint>
                            "Show a hint"
                        </button>
                    }
                })
        }}
        {move || {
            let spent = hints_shown() >= exercise.hints.len() && record().started_ms.is_some();
            if record().solution_shown {
                view! {
                    <section aria-label="Solution" data-testid="solution">
                        <h2>"Solution"</h2>
                        <MarkdownView text=as_code(&exercise.solution) />
                    </section>
                }
                    .into_any()
            } else if spent {
                view! {
                    <button type="button" on:click=show_solution>
                        "Show the solution"
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <p class="muted">
                        "The solution is offered after you start the exercise and see every hint."
                    </p>
                }
                    .into_any()
            }
        }}
    }
}

//! An exercise's task checklist, evaluated against the workspace on every change, so tasks
//! tick as the learner's cells (or pages) change the sandbox; an open task says what is
//! missing.

use lakelab_core::curriculum::content::Exercise;
use leptos::prelude::*;

use crate::components::markdown_view::MarkdownView;
use crate::state::use_app;

#[component]
pub fn ExerciseTasks(exercise: &'static Exercise) -> impl IntoView {
    let state = use_app();
    view! {
        <ul class="tasks" data-testid="tasks">
            {move || {
                state
                    .workspace
                    .value
                    .with(|w| {
                        exercise
                            .tasks
                            .iter()
                            .map(|t| {
                                let result = t.check.evaluate(w);
                                let done = result.is_ok();
                                view! {
                                    <li
                                        class=if done { "task done" } else { "task" }
                                        data-testid="task"
                                        data-done=done.to_string()
                                    >
                                        <span aria-hidden="true">
                                            {if done { "✓" } else { "○" }}
                                        </span>
                                        <MarkdownView text=t.label.clone() />
                                        {result
                                            .err()
                                            .map(|why| view! { <p class="muted">{why}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
            }}
        </ul>
    }
}

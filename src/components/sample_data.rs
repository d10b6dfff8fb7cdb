//! "Practice data": adds the labelled sample experiment to the workspace, so the Experiments
//! pages can be explored before notebook cells log real runs.

use lakelab_core::tracking::demo::{add_demo, DEMO_EXPERIMENT};
use leptos::prelude::*;

use crate::components::outcome_message::OutcomeMessage;
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn SampleData() -> impl IntoView {
    let state = use_app();
    let message = RwSignal::new(None::<Result<String, String>>);
    let present = move || {
        state
            .workspace
            .value
            .with(|w| w.tracking.get_experiment_by_name(DEMO_EXPERIMENT).is_some())
    };
    let add = move |_| {
        let user = state
            .settings
            .value
            .with_untracked(|s| s.display_name.clone());
        let user = if user.is_empty() {
            "learner".to_string()
        } else {
            user
        };
        let result = state
            .workspace
            .apply(|w| add_demo(&mut w.tracking, 7, now_ms(), &user));
        message.set(result.map(|r| {
            r.map_err(|e| e.to_string()).map(|_| {
                format!(
                "Added the sample experiment {DEMO_EXPERIMENT}. Open Experiments to explore it."
            )
            })
        }));
    };
    view! {
        <section aria-labelledby="sample-title">
            <h2 id="sample-title">"Practice data"</h2>
            <p>
                "Add a sample experiment with made-up runs (marked as sample data) to explore the \
                 Experiments pages: search, sorting, nested runs. It is added next to your own work \
                 and can be deleted like any experiment."
            </p>
            <button type="button" on:click=add disabled=present>
                {move || {
                    if present() { "Sample experiment added" } else { "Add sample experiment" }
                }}
            </button>
            <OutcomeMessage message=message />
        </section>
    }
}

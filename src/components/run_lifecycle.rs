//! Delete or restore a run (MLflow's soft delete: the run keeps its data, leaves the active
//! view, and rejects logging until restored).

use lakelab_core::tracking::LifecycleStage;
use leptos::prelude::*;

use crate::components::outcome_message::OutcomeMessage;
use crate::state::use_app;

#[component]
pub fn RunLifecycle(run_id: String, stage: LifecycleStage) -> impl IntoView {
    let state = use_app();
    let message = RwSignal::new(None::<Result<String, String>>);
    let deleted = stage == LifecycleStage::Deleted;
    let act = move |_| {
        let result = state.workspace.apply(|w| {
            if deleted {
                w.tracking.restore_run(&run_id)
            } else {
                w.tracking.delete_run(&run_id)
            }
        });
        if let Some(Err(e)) = result {
            message.set(Some(Err(e.message)));
        }
    };
    view! {
        <div class="actions">
            <button type="button" class:danger=!deleted on:click=act>
                {if deleted { "Restore run" } else { "Delete run" }}
            </button>
            <OutcomeMessage message=message />
        </div>
    }
}

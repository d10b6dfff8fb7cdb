//! One line telling the learner whether their work is saved, across all documents: the most
//! urgent state wins (a failure over pending over saved).

use leptos::prelude::*;

use crate::state::{use_app, SaveStatus};

/// Urgency rank (higher wins) and text of one status.
fn describe(status: &SaveStatus) -> (u8, String) {
    match status {
        SaveStatus::Saved => (0, "Saved".into()),
        SaveStatus::Pending => (1, "Unsaved changes".into()),
        SaveStatus::Saving => (2, "Saving…".into()),
        SaveStatus::Held => (
            3,
            "Not saved: stored data could not be loaded (see above)".into(),
        ),
        SaveStatus::Conflict => (4, "Not saved: changed in another tab".into()),
        SaveStatus::Failed(reason) => (5, format!("Not saved: {reason}")),
    }
}

#[component]
pub fn SaveStatusText() -> impl IntoView {
    let state = use_app();
    let text = move || {
        [
            state.workspace.status.get(),
            state.progress.status.get(),
            state.settings.status.get(),
        ]
        .iter()
        .map(describe)
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, text)| text)
        .unwrap_or_default()
    };
    let failing = move || text().starts_with("Not saved");
    view! {
        <span class="save-status" class:failing=failing role="status" data-testid="save-status">
            {text}
        </span>
    }
}

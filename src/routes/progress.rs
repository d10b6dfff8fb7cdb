//! The Progress page: what Lakelab knows about the learner's progress, and where it is kept.

use leptos::prelude::*;

use crate::components::section_progress::SectionProgress;
use crate::state::use_app;

#[component]
pub fn ProgressPage() -> impl IntoView {
    let state = use_app();
    let started = move || {
        state.progress.value.with(|p| {
            p.started_at_ms
                .map(|ms| {
                    let d = js_sys::Date::new(&(ms as f64).into());
                    String::from(d.to_locale_date_string("default", &Default::default()))
                })
                .unwrap_or_else(|| "today".into())
        })
    };
    let notebook_cells = move || {
        state
            .workspace
            .value
            .with(|w| w.notebooks.iter().map(|n| n.cells.len()).sum::<usize>())
    };
    view! {
        <h1>"Progress"</h1>
        <dl class="facts">
            <dt>"Studying since"</dt>
            <dd>{started}</dd>
            <dt>"Notebook cells"</dt>
            <dd>{notebook_cells}</dd>
        </dl>
        <SectionProgress />
        <p class="muted">
            "Progress is kept in this browser's local storage and included when you export from Settings."
        </p>
    }
}

//! A run's artifacts as MLflow's run page shows them: the file tree on the left, a preview of
//! the chosen file on the right, and the run's logged models above.

use leptos::prelude::*;

use crate::components::artifact_preview::ArtifactPreview;
use crate::components::artifact_tree::ArtifactTree;
use crate::components::logged_models::LoggedModels;
use crate::state::use_app;

#[component]
pub fn ArtifactBrowser(run_id: String) -> impl IntoView {
    let state = use_app();
    let id = StoredValue::new(run_id);
    let has_files = move || {
        state.workspace.value.with(|w| {
            w.tracking
                .list_artifacts(&id.get_value(), None)
                .is_ok_and(|files| !files.is_empty())
        })
    };
    // Start on the first model's MLmodel, else on the first file at the top level.
    let first = state.workspace.value.with_untracked(|w| {
        let models = w.tracking.logged_models(&id.get_value()).ok()?;
        match models.first() {
            Some(m) => Some(format!("{}/MLmodel", m.artifact_path)),
            None => w
                .tracking
                .list_artifacts(&id.get_value(), None)
                .ok()?
                .into_iter()
                .find(|f| !f.is_dir)
                .map(|f| f.path),
        }
    });
    let selected = RwSignal::new(first);
    view! {
        <section class="artifacts" aria-labelledby="artifacts-title">
            <h2 id="artifacts-title">"Artifacts"</h2>
            <LoggedModels run_id=id.get_value() selected=selected />
            <Show
                when=has_files
                fallback=|| view! { <p class="empty">"No artifacts recorded for this run."</p> }
            >
                <div class="artifact-browser">
                    <nav class="artifact-tree" aria-label="Artifact files">
                        <ArtifactTree run_id=id.get_value() dir=String::new() selected=selected />
                    </nav>
                    <div class="artifact-pane">
                        {move || match selected.get() {
                            Some(path) => {
                                view! { <ArtifactPreview run_id=id.get_value() path=path /> }
                                    .into_any()
                            }
                            None => view! { <p>"Choose a file to preview it."</p> }.into_any(),
                        }}
                    </div>
                </div>
            </Show>
        </section>
    }
}

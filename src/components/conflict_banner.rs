//! Shown when another tab saved a newer version of a document: this tab stopped saving so that
//! change is not lost. The learner reloads (taking the other tab's version) or keeps this one.

use lakelab_core::persist::{Document, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::state::{Persisted, SaveStatus};

#[component]
pub fn ConflictBanner<D, S>(
    doc: Persisted<D, S>,
    /// Sentence start, e.g. "Your workspace was".
    what: &'static str,
) -> impl IntoView
where
    D: Document + Clone + Send + Sync + 'static,
    S: Store + Clone + 'static,
{
    let error = RwSignal::new(None::<String>);
    let reload = move |_| {
        let _ = window().location().reload();
    };
    let keep_mine = move |_| {
        spawn_local(async move {
            let current = doc.value.get_untracked();
            if let Err(e) = doc.replace_with(current).await {
                error.set(Some(e));
            }
        })
    };
    view! {
        <Show when=move || doc.status.get() == SaveStatus::Conflict>
            <div class="notice warning" role="alert">
                <p>
                    {what}
                    " changed in another tab. This tab has stopped saving so that change is not \
                     lost. Reload to see it, or keep this tab's version (it replaces the other)."
                </p>
                <div class="actions">
                    <button type="button" on:click=reload>
                        "Reload"
                    </button>
                    <button type="button" on:click=keep_mine>
                        "Keep this tab's version"
                    </button>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p>{move || error.get()}</p>
                </Show>
            </div>
        </Show>
    }
}

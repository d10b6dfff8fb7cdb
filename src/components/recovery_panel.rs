//! Shown when stored data could not be read. Nothing has been changed: the learner downloads
//! the data as it is stored, then chooses to start fresh (only then is it replaced).

use lakelab_core::persist::{Document, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::download::download_text;
use crate::state::Persisted;

#[component]
pub fn RecoveryPanel<D, S>(
    doc: Persisted<D, S>,
    /// "workspace", "progress" or "settings".
    what: &'static str,
    /// The label of the button that replaces the damaged data.
    fresh: &'static str,
) -> impl IntoView
where
    D: Document + Clone + Send + Sync + 'static,
    S: Store + Clone + 'static,
{
    let error = RwSignal::new(None::<String>);
    let heading_id = format!("recovery-{what}");
    let download = move |_| {
        if let Some(u) = doc.unreadable.get_untracked() {
            let name = format!("lakelab-damaged-{what}.json");
            if let Err(e) = download_text(&name, "application/json", &u.raw) {
                error.set(Some(e));
            }
        }
    };
    let start_fresh = move |_| {
        spawn_local(async move {
            if let Err(e) = doc.replace_with(D::default()).await {
                error.set(Some(format!("Could not start fresh: {e}")));
            }
        })
    };
    view! {
        <Show when=move || doc.unreadable.with(Option::is_some)>
            <section class="notice danger" aria-labelledby=heading_id.clone()>
                <h2 id=heading_id.clone()>{format!("Your saved {what} could not be loaded")}</h2>
                <p>{move || doc.unreadable.with(|u| u.as_ref().map(|u| u.reason.clone()))}</p>
                <p>
                    {format!(
                        "Lakelab has not changed it and will not save your {what} until you decide. \
                         Download it to keep a copy, then start fresh. You are working on a \
                         temporary, empty {what} until then.",
                    )}
                </p>
                <div class="actions">
                    <button type="button" on:click=download>
                        "Download the saved data"
                    </button>
                    <button type="button" class="danger" on:click=start_fresh>
                        {fresh}
                    </button>
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p role="alert">{move || error.get()}</p>
                </Show>
            </section>
        </Show>
    }
}

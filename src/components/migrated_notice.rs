//! Says that stored data came from an older version of Lakelab and was upgraded on load.

use lakelab_core::persist::{Document, Store};
use leptos::prelude::*;

use crate::state::Persisted;

#[component]
pub fn MigratedNotice<D, S>(doc: Persisted<D, S>, what: &'static str) -> impl IntoView
where
    D: Document + Clone + Send + Sync + 'static,
    S: Store + Clone + 'static,
{
    view! {
        <Show when=move || doc.migrated_from.with(Option::is_some)>
            <div class="notice info" role="status">
                <p>
                    {move || {
                        format!(
                            "Your saved {what} was written by an older version of Lakelab (format {}) \
                             and has been upgraded. It is stored in the new format with your next change.",
                            doc.migrated_from.get().unwrap_or_default(),
                        )
                    }}
                </p>
                <button type="button" on:click=move |_| doc.migrated_from.set(None)>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}

//! "Update available": a newer build has been downloaded by the service worker and waits.
//! Reloading activates it (the learner's work is already saved).

use leptos::prelude::*;

use crate::platform::service_worker;
use crate::state::use_app;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = use_app();
    let update = move |_| {
        if let Some(worker) = state.update_waiting.get_untracked() {
            service_worker::activate(&worker);
        }
    };
    view! {
        <Show when=move || state.update_waiting.with(Option::is_some)>
            <div class="notice info" role="status">
                <p>"Update available: a new version of Lakelab is ready."</p>
                <button type="button" on:click=update>
                    "Reload to update"
                </button>
            </div>
        </Show>
    }
}

//! The top bar: name, the learner's display name, save status, and the menu button that shows
//! the navigation on narrow screens.

use leptos::prelude::*;

use super::save_status::SaveStatusText;
use crate::state::use_app;

#[component]
pub fn AppHeader(menu_open: RwSignal<bool>) -> impl IntoView {
    let state = use_app();
    let name = move || state.settings.value.with(|s| s.display_name.clone());
    view! {
        <header class="app-header">
            <button
                type="button"
                class="menu-button"
                aria-controls="main-nav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)
            >
                "Menu"
            </button>
            <span class="brand">"Lakelab"</span>
            <span class="tagline">"Databricks ML Associate lab"</span>
            <span class="spacer"></span>
            <Show when=move || !name().is_empty()>
                <span class="display-name" data-testid="display-name">
                    {name}
                </span>
            </Show>
            <SaveStatusText />
        </header>
    }
}

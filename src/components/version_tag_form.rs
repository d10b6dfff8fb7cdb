//! Sets a tag on one model version (`validation_status = approved`); the versions table lists
//! each version's tags with a remove button.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::components::version_select::{chosen_version, VersionSelect};
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn VersionTagForm(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let key_text = RwSignal::new(String::new());
    let value_text = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<String>);
    let select_name = name.clone();
    let set = move |_| {
        let version = chosen_version(state, &name, chosen);
        let (k, v) = (key_text.get_untracked(), value_text.get_untracked());
        let result = state.workspace.apply(|w| {
            w.unity.set_version_tag(
                RegistryKind::Uc,
                &name,
                &version,
                k.trim(),
                Some(Some(&v)),
                now_ms(),
            )
        });
        match result {
            Some(Err(e)) => error.set(Some(e.message)),
            _ => {
                error.set(None);
                key_text.set(String::new());
                value_text.set(String::new());
            }
        }
    };
    view! {
        <form class="version-tag" on:submit=|ev| ev.prevent_default()>
            <VersionSelect
                name=select_name
                id="version-tag-version"
                label="Tag version"
                chosen=chosen
            />
            <label for="version-tag-key">"Key"</label>
            <input
                id="version-tag-key"
                type="text"
                prop:value=move || key_text.get()
                on:input=move |ev| key_text.set(event_target_value(&ev))
            />
            <label for="version-tag-value">"Value"</label>
            <input
                id="version-tag-value"
                type="text"
                prop:value=move || value_text.get()
                on:input=move |ev| value_text.set(event_target_value(&ev))
            />
            <button type="submit" on:click=set>
                "Set version tag"
            </button>
        </form>
    }
}

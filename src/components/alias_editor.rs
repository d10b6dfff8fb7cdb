//! Sets an alias on a version, with the registry's rules: choose the version, type the alias
//! (Champion by default), press Set. Setting an alias another version carries moves it.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::components::version_select::{chosen_version, VersionSelect};
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn AliasEditor(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let alias = RwSignal::new("Champion".to_string());
    let chosen = RwSignal::new(None::<String>);
    let select_name = name.clone();
    let set = move |_| {
        let version = chosen_version(state, &name, chosen);
        let a = alias.get_untracked();
        let result = state.workspace.apply(|w| {
            w.unity
                .set_alias(RegistryKind::Uc, &name, a.trim(), &version, now_ms())
        });
        match result {
            Some(Err(e)) => error.set(Some(e.message)),
            _ => error.set(None),
        }
    };
    view! {
        <form class="alias-editor" on:submit=|ev| ev.prevent_default()>
            <label for="alias-name">"Alias"</label>
            <input
                id="alias-name"
                type="text"
                prop:value=move || alias.get()
                on:input=move |ev| alias.set(event_target_value(&ev))
            />
            <VersionSelect name=select_name id="alias-version" label="on version" chosen=chosen />
            <button type="submit" on:click=set>
                "Set alias"
            </button>
        </form>
    }
}

//! Sets an alias on a version, with the registry's rules: choose the version, type the alias
//! (Champion by default), press Set. Setting an alias another version carries moves it.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn AliasEditor(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let alias = RwSignal::new("Champion".to_string());
    let key = name.clone();
    let versions = Signal::derive(move || {
        state.workspace.value.with(|w| {
            w.unity
                .models
                .get(&key)
                .map(|m| {
                    m.versions
                        .iter()
                        .rev()
                        .map(|v| v.version.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(None::<String>);
    let set = move |_| {
        let version = chosen
            .get_untracked()
            .or_else(|| versions.get_untracked().into_iter().next())
            .unwrap_or_default();
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
            <label for="alias-version">"on version"</label>
            <select
                id="alias-version"
                on:change=move |ev| chosen.set(Some(event_target_value(&ev)))
            >
                {move || {
                    versions
                        .get()
                        .into_iter()
                        .map(|v| {
                            let value = v.clone();
                            view! {
                                <option
                                    value=value.clone()
                                    selected=move || chosen.get().as_deref() == Some(value.as_str())
                                >
                                    {v}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <button type="submit" on:click=set>
                "Set alias"
            </button>
        </form>
    }
}

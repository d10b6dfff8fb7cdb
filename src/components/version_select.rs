//! A `<select>` of a registered model's versions, newest first, bound to `chosen`; shared by
//! the alias editor and the version tag form. [`chosen_version`] reads the choice, the
//! newest version when none was made.

use leptos::prelude::*;

use crate::state::{use_app, AppState};

fn versions(state: AppState, name: &str) -> Vec<String> {
    state.workspace.value.with(|w| {
        w.unity
            .models
            .get(name)
            .map(|m| {
                m.versions
                    .iter()
                    .rev()
                    .map(|v| v.version.to_string())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The version picked, or the newest one.
pub fn chosen_version(state: AppState, name: &str, chosen: RwSignal<Option<String>>) -> String {
    chosen.get_untracked().unwrap_or_else(|| {
        state.workspace.value.with_untracked(|w| {
            w.unity
                .models
                .get(name)
                .and_then(|m| m.versions.iter().map(|v| v.version).max())
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    })
}

#[component]
pub fn VersionSelect(
    name: String,
    id: &'static str,
    label: &'static str,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    view! {
        <label for=id>{label}</label>
        <select id=id on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
            {move || {
                versions(state, &name)
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
    }
}

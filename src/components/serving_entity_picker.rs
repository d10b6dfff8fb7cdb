//! One served entity's pickers for the endpoint form: a Unity Catalog model and a version
//! or alias of it. [`Pick`] holds the choice; an empty or stale choice reads as the default
//! (`@Champion` / `@Challenger` when set, else recent versions), so the form is usable as
//! soon as a model exists.

use lakelab_core::Workspace;
use leptos::prelude::*;

use crate::state::{use_app, AppState};

/// A model's choices: aliases first (`@Champion`, with the version they name now), then its
/// versions, newest first.
fn version_options(w: &Workspace, model: &str) -> Vec<(String, String)> {
    let Some(m) = w.unity.models.get(model) else {
        return Vec::new();
    };
    let aliases = m
        .aliases
        .iter()
        .map(|(a, v)| (format!("@{a}"), format!("@{a} (now version {v})")));
    let versions = m
        .versions
        .iter()
        .rev()
        .map(|v| (v.version.to_string(), format!("Version {}", v.version)));
    aliases.chain(versions).collect()
}

/// The choice shown when none was made: `@Champion` (first entity) or `@Challenger`
/// (second) when set, else the newest version (the first entity) or the one before it.
fn default_version(w: &Workspace, model: &str, second: bool) -> String {
    let Some(m) = w.unity.models.get(model) else {
        return String::new();
    };
    let alias = if second { "Challenger" } else { "Champion" };
    if m.aliases.contains_key(alias) {
        return format!("@{alias}");
    }
    let mut newest = m.versions.iter().rev().map(|v| v.version.to_string());
    let first = newest.next().unwrap_or_default();
    if second {
        first
    } else {
        newest.next().unwrap_or(first)
    }
}

/// One served entity's pickers; empty signals mean "the default".
#[derive(Clone, Copy)]
pub struct Pick {
    pub model: RwSignal<String>,
    pub version: RwSignal<String>,
}

impl Default for Pick {
    fn default() -> Self {
        Pick {
            model: RwSignal::new(String::new()),
            version: RwSignal::new(String::new()),
        }
    }
}

impl Pick {
    pub fn model_of(self, state: AppState) -> String {
        let chosen = self.model.get();
        state.workspace.value.with(|w| {
            if w.unity.models.contains_key(&chosen) {
                chosen
            } else {
                w.unity.models.keys().next().cloned().unwrap_or_default()
            }
        })
    }

    pub fn version_of(self, state: AppState, second: bool) -> String {
        let model = self.model_of(state);
        let chosen = self.version.get();
        state.workspace.value.with(|w| {
            if version_options(w, &model).iter().any(|(v, _)| *v == chosen) {
                chosen
            } else {
                default_version(w, &model, second)
            }
        })
    }
}

#[component]
pub fn EntityPicker(pick: Pick, index: usize, label: &'static str, second: bool) -> impl IntoView {
    let state = use_app();
    let model_id = format!("served-model-{index}");
    let version_id = format!("served-version-{index}");
    let models = move || {
        state
            .workspace
            .value
            .with(|w| w.unity.models.keys().cloned().collect::<Vec<_>>())
    };
    let options = move || {
        let model = pick.model_of(state);
        state.workspace.value.with(|w| version_options(w, &model))
    };
    view! {
        <fieldset>
            <legend>{label}</legend>
            <label for=model_id.clone()>"Model (catalog.schema.model)"</label>
            <select
                id=model_id
                on:change=move |ev| {
                    pick.model.set(event_target_value(&ev));
                    pick.version.set(String::new());
                }
            >
                {move || {
                    let current = pick.model_of(state);
                    models()
                        .into_iter()
                        .map(|m| {
                            let selected = m == current;
                            let value = m.clone();
                            view! {
                                <option value=value selected=selected>
                                    {m}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <label for=version_id.clone()>"Version or alias"</label>
            <select id=version_id on:change=move |ev| pick.version.set(event_target_value(&ev))>
                {move || {
                    let current = pick.version_of(state, second);
                    options()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </fieldset>
    }
}

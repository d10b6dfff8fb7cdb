//! "Register model" on a run's logged model: registers `runs:/<run_id>/<path>` in Unity
//! Catalog under the name typed (versions 1, 2, … as `mlflow.register_model` does) and links
//! to the model's page. The registry's checks run first, so a refusal changes nothing.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn RegisterModelForm(model_uri: String, field_id: String) -> impl IntoView {
    let state = use_app();
    let name = RwSignal::new("main.default.model".to_string());
    let outcome = RwSignal::new(None::<Result<(String, u32), String>>);
    let user = move || {
        state.settings.value.with_untracked(|s| {
            if s.display_name.trim().is_empty() {
                "learner".to_string()
            } else {
                s.display_name.clone()
            }
        })
    };
    let register = move |_| {
        let target = name.get_untracked();
        let who = user();
        let uri = model_uri.clone();
        let result = state.workspace.apply(|w| {
            let (unity, tracking) = (&mut w.unity, &w.tracking);
            lakelab_core::catalog::Unity::check_source(RegistryKind::Uc, tracking, &uri)?;
            let done = unity.register_model(
                RegistryKind::Uc,
                tracking,
                &uri,
                target.trim(),
                &who,
                now_ms(),
            )?;
            Ok::<_, lakelab_core::tracking::MlflowError>((done.name, done.version.version))
        });
        outcome.set(result.map(|r| r.map_err(|e| e.message)));
    };
    let input_id = field_id.clone();
    view! {
        <form class="register-model" on:submit=|ev| ev.prevent_default()>
            <label for=input_id.clone()>"Register as (catalog.schema.model)"</label>
            <input
                id=input_id
                type="text"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <button type="submit" on:click=register>
                "Register model"
            </button>
        </form>
        {move || match outcome.get() {
            None => ().into_any(),
            Some(Ok((model, version))) => {
                let to = format!("/catalog/models/{model}");
                view! {
                    <p role="status" class="success" data-testid="register-outcome">
                        {format!("Registered version {version} of {model}. ")}
                        <AppLink to=to>"Open in Catalog"</AppLink>
                    </p>
                }
                    .into_any()
            }
            Some(Err(message)) => {
                view! {
                    <p role="alert" class="error" data-testid="register-outcome">
                        {message}
                    </p>
                }
                    .into_any()
            }
        }}
    }
}

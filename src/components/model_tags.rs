//! A registered model's tags: each with a remove button, and a form to set one (setting an
//! existing key overwrites it). The registry checks the key, the value and who may tag.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::platform::clock::now_ms;
use crate::state::use_app;

#[component]
pub fn ModelTags(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let key_text = RwSignal::new(String::new());
    let value_text = RwSignal::new(String::new());
    let model = name.clone();
    let tags = move || {
        state.workspace.value.with(|w| {
            w.unity
                .models
                .get(&model)
                .map(|m| m.tags.clone().into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let set_name = name.clone();
    let add = move |_| {
        let (k, v) = (key_text.get_untracked(), value_text.get_untracked());
        let result = state.workspace.apply(|w| {
            w.unity
                .set_model_tag(RegistryKind::Uc, &set_name, k.trim(), Some(&v), now_ms())
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
        <section class="model-tags">
            <h2>"Tags"</h2>
            <ul data-testid="model-tags">
                {move || {
                    tags()
                        .into_iter()
                        .map(|(k, v)| {
                            let model = name.clone();
                            let tag = k.clone();
                            let remove = move |_| {
                                let result = state
                                    .workspace
                                    .apply(|w| {
                                        w.unity
                                            .set_model_tag(
                                                RegistryKind::Uc,
                                                &model,
                                                &tag,
                                                None,
                                                now_ms(),
                                            )
                                    });
                                if let Some(Err(e)) = result {
                                    error.set(Some(e.message));
                                }
                            };
                            view! {
                                <li>
                                    <code>{format!("{k} = {v}")}</code>
                                    " "
                                    <button
                                        type="button"
                                        class="small"
                                        aria-label=format!("Remove tag {k}")
                                        on:click=remove
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <form on:submit=|ev| ev.prevent_default()>
                <label for="tag-key">"Key"</label>
                <input
                    id="tag-key"
                    type="text"
                    prop:value=move || key_text.get()
                    on:input=move |ev| key_text.set(event_target_value(&ev))
                />
                <label for="tag-value">"Value"</label>
                <input
                    id="tag-value"
                    type="text"
                    prop:value=move || value_text.get()
                    on:input=move |ev| value_text.set(event_target_value(&ev))
                />
                <button type="submit" on:click=add>
                    "Set tag"
                </button>
            </form>
        </section>
    }
}

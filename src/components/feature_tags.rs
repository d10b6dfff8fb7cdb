//! A feature table's tags: remove one, or set one (an existing key is overwritten), as
//! `fe.set_feature_table_tag` / `fe.delete_feature_table_tag` do (APPLY TAG is needed).

use lakelab_core::features::{delete_tag, set_tag, Flavor};
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn FeatureTags(name: String) -> impl IntoView {
    let state = use_app();
    let key_text = RwSignal::new(String::new());
    let value_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let lower = name.to_lowercase();
    let tags = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            w.unity
                .tables
                .get(&lower)
                .map(|t| t.tags.clone().into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let table = StoredValue::new(name);
    let add = move |_| {
        let (k, v) = (key_text.get_untracked(), value_text.get_untracked());
        let n = table.get_value();
        let result = state
            .workspace
            .apply(|w| set_tag(Flavor::Uc, &mut w.unity, &n, k.trim(), &v));
        match result {
            Some(Err(e)) => error.set(Some(e.message())),
            _ => {
                error.set(None);
                key_text.set(String::new());
                value_text.set(String::new());
            }
        }
    };
    view! {
        <section>
            <h2>"Tags"</h2>
            <ul data-testid="feature-tags">
                {move || {
                    tags.get()
                        .into_iter()
                        .map(|(k, v)| {
                            let tag = k.clone();
                            let remove = move |_| {
                                let n = table.get_value();
                                let result = state
                                    .workspace
                                    .apply(|w| delete_tag(Flavor::Uc, &mut w.unity, &n, &tag));
                                if let Some(Err(e)) = result {
                                    error.set(Some(e.message()));
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
            <div class="inline-form">
                <label for="feature-tag-key">"Key"</label>
                <input
                    id="feature-tag-key"
                    type="text"
                    prop:value=move || key_text.get()
                    on:input=move |ev| key_text.set(event_target_value(&ev))
                />
                <label for="feature-tag-value">"Value"</label>
                <input
                    id="feature-tag-value"
                    type="text"
                    prop:value=move || value_text.get()
                    on:input=move |ev| value_text.set(event_target_value(&ev))
                />
                <button type="button" on:click=add>
                    "Set tag"
                </button>
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p role="alert" class="error">
                                {e}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

//! A run's tags, editable: set a tag (new or changed), delete one. System tags (`mlflow.*`)
//! are shown but not deletable here, as in the MLflow UI.

use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn RunTags(run_id: String) -> impl IntoView {
    let state = use_app();
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let id = StoredValue::new(run_id);
    let tags = move || {
        state.workspace.value.with(|w| {
            w.tracking
                .get_run(&id.get_value())
                .map(|r| r.data.tags.into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (k, v) = (key.get_untracked(), value.get_untracked());
        let result = state
            .workspace
            .apply(|w| w.tracking.set_tag(&id.get_value(), &k, &v));
        match result.unwrap_or(Ok(())) {
            Ok(()) => {
                key.set(String::new());
                value.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.message)),
        }
    };
    let delete = move |k: String| {
        let result = state
            .workspace
            .apply(|w| w.tracking.delete_tag(&id.get_value(), &k));
        error.set(result.and_then(Result::err).map(|e| e.message));
    };
    view! {
        <section aria-labelledby="tags-title">
            <h2 id="tags-title">"Tags"</h2>
            <table class="kv">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        tags()
                            .into_iter()
                            .map(|(k, v)| {
                                let system = k.starts_with("mlflow.");
                                let label = format!("Delete tag {k}");
                                let key_for_delete = k.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{k}</th>
                                        <td>{v}</td>
                                        <td>
                                            {(!system)
                                                .then(|| {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            class="small"
                                                            aria-label=label
                                                            on:click=move |_| delete(key_for_delete.clone())
                                                        >
                                                            "Delete"
                                                        </button>
                                                    }
                                                })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <form class="set-tag" on:submit=set>
                <label for="tag-key">"Tag name"</label>
                <input id="tag-key" type="text" bind:value=key />
                <label for="tag-value">"Tag value"</label>
                <input id="tag-value" type="text" bind:value=value />
                <button type="submit">"Set tag"</button>
            </form>
            <Show when=move || error.with(Option::is_some)>
                <p role="alert" class="error">
                    {move || error.get()}
                </p>
            </Show>
        </section>
    }
}

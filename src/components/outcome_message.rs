//! The result of an action under its button: a status line on success, an alert on failure.

use leptos::prelude::*;

#[component]
pub fn OutcomeMessage(message: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    move || {
        message.get().map(|m| match m {
            Ok(text) => view! {
                <p role="status" class="ok">
                    {text}
                </p>
            }
            .into_any(),
            Err(text) => view! {
                <p role="alert" class="error">
                    {text}
                </p>
            }
            .into_any(),
        })
    }
}

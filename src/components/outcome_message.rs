//! The result of an action under its button: a status line on success, an alert on failure.

use leptos::prelude::*;

/// `test_id`, when given, names the lines `<test_id>-outcome` and `<test_id>-error` for
/// end-to-end tests.
#[component]
pub fn OutcomeMessage(
    message: RwSignal<Option<Result<String, String>>>,
    #[prop(optional)] test_id: Option<&'static str>,
) -> impl IntoView {
    let ok_id = test_id.map(|t| format!("{t}-outcome"));
    let err_id = test_id.map(|t| format!("{t}-error"));
    move || {
        message.get().map(|m| match m {
            Ok(text) => view! {
                <p role="status" class="ok" data-testid=ok_id.clone()>
                    {text}
                </p>
            }
            .into_any(),
            Err(text) => view! {
                <p role="alert" class="error" data-testid=err_id.clone()>
                    {text}
                </p>
            }
            .into_any(),
        })
    }
}

//! Any path that is not a page.

use crate::components::app_link::AppLink;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address. " <AppLink to="/learn">"Go to Learn"</AppLink></p>
    }
}

//! A link to a page of the app that stays under the hosting sub-path (see
//! [`crate::platform::base_path::app_href`]); `aria-current="page"` marks the current page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::platform::base_path::app_href;

#[component]
pub fn AppLink(
    /// The app path, e.g. `/learn`.
    #[prop(into)]
    to: String,
    children: Children,
) -> impl IntoView {
    view! { <A href=app_href(&to)>{children()}</A> }
}

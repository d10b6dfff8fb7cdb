//! The main navigation: one link per area. On narrow screens it is hidden until the header's
//! Menu button opens it; following a link closes it again.

use super::app_link::AppLink;
use leptos::prelude::*;

/// The areas of the lab, in menu order: (path, label).
pub const AREAS: [(&str, &str); 10] = [
    ("/learn", "Learn"),
    ("/notebook", "Notebook"),
    ("/experiments", "Experiments"),
    ("/catalog", "Catalog"),
    ("/feature-store", "Feature Store"),
    ("/automl", "AutoML"),
    ("/serving", "Serving"),
    ("/quiz", "Quiz"),
    ("/progress", "Progress"),
    ("/settings", "Settings"),
];

#[component]
pub fn MainNav(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <nav id="main-nav" aria-label="Main" class="main-nav" class:open=move || open.get()>
            <ul>
                {AREAS
                    .into_iter()
                    .map(|(path, label)| {
                        view! {
                            <li on:click=move |_| open.set(false)>
                                <AppLink to=path>{label}</AppLink>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

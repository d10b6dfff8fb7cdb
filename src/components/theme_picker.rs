//! System / Light / Dark, as a labelled radio group.

use lakelab_core::Theme;
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn ThemePicker() -> impl IntoView {
    let state = use_app();
    view! {
        <fieldset class="theme-picker" role="radiogroup" aria-label="Theme">
            <legend>"Theme"</legend>
            {Theme::ALL
                .into_iter()
                .map(|theme| {
                    let id = format!("theme-{}", theme.attr());
                    view! {
                        <label for=id.clone()>
                            <input
                                type="radio"
                                id=id.clone()
                                name="theme"
                                value=theme.attr()
                                prop:checked=move || state.settings.value.with(|s| s.theme == theme)
                                on:change=move |_| state.settings.update(|s| s.theme = theme)
                            />
                            {theme.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
